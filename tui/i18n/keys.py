"""Families of catalogue keys chosen by a value (a table, an action, a count's name): each
written out in full, so that every key in use can be found and checked (tests/tui/i18n). A value
missing from its family is a KeyError in the code, never a made-up key."""

from __future__ import annotations

# the sheets and records counted (`importers.layout` sheet keys)
COUNT: dict[str, str] = {
    "companies": "count.companies", "contacts": "count.contacts", "interests": "count.interests",
    "missions": "count.missions", "participations": "count.participations", "meetings": "count.meetings",
    "agreements": "count.agreements", "activities": "count.activities",
}

# an import's counts (`importers.apply` result counts)
IMPORT_COUNT: dict[str, str] = {
    "rows_read": "import.count.rows_read", "created": "import.count.created",
    "updated": "import.count.updated", "merged": "import.count.merged",
    "unchanged": "import.count.unchanged", "rejected": "import.count.rejected",
}

# an import's progress stages (`importers.apply`)
IMPORT_STAGE: dict[str, str] = {
    "read": "import.stage.read", "plan": "import.stage.plan", "write": "import.stage.write",
    "index": "import.stage.index",
}

# what an import decided on its own (`importers.plan.Notice.key`)
IMPORT_NOTICE: dict[str, str] = {
    "far_cells": "import.notice.far_cells", "header_row": "import.notice.header_row",
    "totals_row": "import.notice.totals_row", "place_total": "import.notice.place_total",
    "year_only": "import.notice.year_only", "phone_kept": "import.notice.phone_kept",
}

# the wizard's counts
WIZARD_COUNT: dict[str, str] = {
    "rows_read": "wizard.count.rows_read", "created": "wizard.count.created",
    "updated": "wizard.count.updated", "merged": "wizard.count.merged",
    "unchanged": "wizard.count.unchanged", "rejected": "wizard.count.rejected",
}

# the wizard's counted columns
WIZARD_COUNTED: dict[str, str] = {
    "created": "wizard.counted.created", "updated": "wizard.counted.updated",
    "rejected": "import_report.rejected",
}

# the wizard's result columns
WIZARD_WAS: dict[str, str] = {
    "created": "wizard.was.created", "updated": "wizard.was.updated", "rejected": "wizard.was.rejected",
}

# how sure a duplicate is (`models.duplicates`)
DUP_CONFIDENCE: dict[str, str] = {
    "certain": "dup.confidence.certain", "high": "dup.confidence.high", "medium": "dup.confidence.medium",
}

# what two duplicates share (`models.duplicates` rules)
DUP_RULE: dict[str, str] = {
    "inn": "field.inn", "ogrn": "field.ogrn", "unp": "field.unp", "name": "dup.rule.name",
    "phone": "dup.rule.phone", "email": "dup.rule.email", "domain": "dup.rule.domain",
}

# the records a merge moves, by table
MERGE_TABLE: dict[str, str] = {
    "setting": "merge.table.setting", "contact": "count.contacts", "interest": "count.interests",
    "activity": "count.activities", "participation": "count.participations",
    "meeting_party": "count.meetings", "agreement_party": "count.agreements",
}

# a change-log entry's action
CHANGE_ACTION: dict[str, str] = {
    "create": "changes.action.create", "delete": "changes.action.delete",
    "archive": "changes.action.archive", "restore": "changes.action.restore",
}

# a change-log entry's record, by table
CHANGE_RECORD: dict[str, str] = {
    "company": "changes.record.company", "contact": "changes.record.contact",
    "interest": "changes.record.interest", "activity": "changes.record.activity",
    "participation": "changes.record.participation", "meeting_party": "changes.record.meeting_party",
    "agreement_party": "changes.record.agreement_party", "mission": "changes.record.mission",
    "meeting": "changes.record.meeting", "agreement": "timeline.agreement",
}

# a company history's record, by table
HISTORY_TABLE: dict[str, str] = {
    "contact": "changes.record.contact", "interest": "changes.record.interest",
    "activity": "history.table.activity", "participation": "history.table.participation",
}

# the dossier's tabs (`tui.screens.dossier.TABS`)
TAB: dict[str, str] = {
    "card": "tab.card", "contacts": "list.contacts", "interests": "col.interests",
    "missions": "cmd.missions", "meetings": "tab.meetings", "agreements": "brief.agreements",
    "timeline": "tab.timeline", "history": "tab.history",
}

# a mission's tabs (`tui.screens.mission.TABS`)
MISSION_TAB: dict[str, str] = {
    "story": "mtab.story", "participants": "mtab.participants", "meetings": "tab.meetings",
    "agreements": "brief.agreements", "followups": "mtab.followups", "interests": "col.interests",
}

# the kinds of a timeline's entries
TIMELINE: dict[str, str] = {
    "mission": "changes.record.mission", "meeting": "changes.record.meeting",
    "agreement": "timeline.agreement", "followup": "timeline.followup",
}

# an account's level (`models.rights.LEVELS`)
RIGHTS_LEVEL: dict[str, str] = {
    "reader": "rights.level.reader", "editor": "rights.level.editor", "admin": "rights.level.admin",
}

# the chamber's settings (`models.settings.KEYS`)
SETTING_ABOUT: dict[str, str] = {
    "region": "settings.about.region", "name": "settings.about.name",
}

# a refusal, by the action refused (`models.rights.NEEDS`); others get "rights.denied"
REFUSAL: dict[str, str] = {
    "edit": "rights.edit", "import": "rights.import", "merge": "rights.merge",
    "undo_import": "rights.undo_import", "undo_merge": "rights.undo_merge", "restore": "rights.restore",
    "copy": "rights.copy", "migrate": "rights.migrate", "open": "rights.open",
}

# a company history's archive and restore entries
HISTORY_ACTION: dict[str, str] = {"archive": "history.archive", "restore": "history.restore"}

# a command of the command palette -> its explanation
HELP: dict[str, str] = {
    "cmd.import": "cmd.import.help",
    "cmd.imports": "cmd.imports.help",
    "cmd.export": "cmd.export.help",
    "imptab.companies": "cmd.companies.help",
    "cmd.missions": "cmd.missions.help",
    "col.interests": "cmd.interests.help",
    "cmd.dossier": "cmd.dossier.help",
    "cmd.brief": "cmd.brief.help",
    "cmd.filters": "cmd.filters.help",
    "cmd.clear": "cmd.clear.help",
    "cmd.sort": "cmd.sort.help",
    "cmd.tab": "cmd.tab.help",
    "key.back": "cmd.back.help",
    "cmd.theme": "cmd.theme.help",
    "cmd.language": "cmd.language.help",
    "cmd.keys": "cmd.keys.help",
    "cmd.quit": "cmd.quit.help",
    "cmd.duplicates": "cmd.duplicates.help",
    "cmd.changes": "cmd.changes.help",
    "cmd.new_company": "cmd.new_company.help",
    "cmd.edit_company": "cmd.edit_company.help",
    "cmd.new_mission": "cmd.new_mission.help",
    "cmd.edit_mission": "cmd.edit_mission.help",
    "cmd.archive": "cmd.archive.help",
    "cmd.restore": "cmd.restore.help",
    "cmd.contacts": "cmd.contacts.help",
    "list.interests": "cmd.company_interests.help",
    "cmd.activities": "cmd.activities.help",
    "cmd.new_meeting": "cmd.new_meeting.help",
    "cmd.new_agreement": "cmd.new_agreement.help",
    "cmd.participants": "cmd.participants.help",
    "cmd.history": "cmd.history.help",
    "cmd.followups": "cmd.followups.help",
}

# a list dialog's title -> its hint line (`tui.forms.lists`)
LIST_HINT: dict[str, str] = {
    "list.contacts": "list.contacts.hint",
    "list.interests": "list.interests.hint",
    "list.activities": "list.activities.hint",
}

# an import's history tabs (`tui.screens.import_detail`)
IMPORT_TAB: dict[str, str] = {
    "companies": "imptab.companies",
    "rejected": "imptab.rejected",
    "warnings": "imptab.warnings",
}

# where a search matched a company (`models.matched.Where.kind`); a kind that names a record the
# change log names too takes its key
MATCHED: dict[str, str] = {
    "name": "matched.name", "ident": "matched.ident", "place": "matched.place",
    "interest": "changes.record.interest", "contact": "changes.record.contact",
    "industry": "matched.industry", "note": "matched.note",
}

# the report's sections (`tui.screens.reports.SECTIONS`): its tabs and its workbook's sheets
REPORT_SHEET: dict[str, str] = {
    "members": "report.sheet.members", "places": "report.sheet.places", "dues": "report.sheet.dues",
    "missions": "cmd.missions", "interests": "col.interests",
}

# the columns of the report's tables and of the companies behind a figure (`tui.report_text`,
# `tui.screens.behind`); a column that says what a column elsewhere says takes its key
REPORT_COLUMN: dict[str, str] = {
    "figure": "report.col.figure", "count": "report.col.count", "members": "report.col.members",
    "month": "report.col.month", "place": "report.col.place", "industry": "field.industry",
    "company": "col.name", "paid_until": "report.col.paid_until", "days_overdue": "report.col.days_overdue",
    "contact": "brief.whom", "position": "col.position", "phone": "report.col.phone", "kind": "col.kind",
    "country": "field.country", "date": "col.date", "mission": "field.mission",
    "missions": "report.col.missions", "participants": "report.col.participants",
    "meetings": "report.col.meetings", "agreements": "report.col.agreements",
    "followups_open": "report.col.followups_open", "followups_done": "report.col.followups_done",
    "signed": "report.col.signed", "direction": "col.direction", "opened": "report.col.opened",
    "matched": "report.col.matched", "closed": "report.col.closed", "section_name": "report.col.section_name",
    "inn": "field.inn", "city": "report.col.city", "status": "col.status",
    "member_since": "field.short.member_since", "dues_until": "field.short.dues_paid_until",
}

# how long the dues are overdue (`models.reports` bucket keys)
REPORT_OVERDUE: dict[str, str] = {
    "3m": "report.dues.overdue.3m", "6m": "report.dues.overdue.6m", "12m": "report.dues.overdue.12m",
    "more": "report.dues.overdue.more",
}

# the interests' figures by direction (`models.reports.Interests.by_direction` fields)
REPORT_BY_DIRECTION: dict[str, str] = {
    "opened": "report.interests.opened_by_direction", "matched": "report.interests.matched_by_direction",
    "closed": "report.interests.closed_by_direction",
}

# why the web gate turned a request away (`tui.web.gate.Refused.reason`)
WEB_REFUSED: dict[str, str] = {
    "no_login": "web.refused.no_login", "bad_login": "web.refused.bad_login",
    "not_proxy": "web.refused.not_proxy", "no_origin": "web.refused.no_origin",
    "foreign_origin": "web.refused.foreign_origin", "too_many": "web.refused.too_many",
    "too_many_mine": "web.refused.too_many_mine",
}

# why a browser session got no login (`tui.web.handover.HandoverRefused.reason`): a descriptor
# that is no socket and one that cannot be read say the same
WEB_SESSION_REFUSED: dict[str, str] = {
    "not_socket": "err.web_session.not_socket", "unreadable": "err.web_session.not_socket",
    "forged": "err.web_session.forged",
}

# why the proxy secret cannot be used (`tui.web.gate.SecretFileError.reason`)
WEB_SECRET_REFUSED: dict[str, str] = {
    "too_open": "err.web_secret.too_open", "too_short": "err.web_secret.too_short",
    "unwritable": "err.web_secret.unwritable", "unreadable": "err.web_secret.unreadable",
}
