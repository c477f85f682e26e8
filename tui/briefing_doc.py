"""The briefing laid out for print (`importers.document`): the same facts and words as the
Markdown briefing (tui.briefing_text), as headings, a contacts table, lists and the open
follow-ups' table, with the chamber's name at the top of every page."""

from __future__ import annotations

from importers.document import Block, Bullets, Grid, Heading, Paragraph
from tui import format as fmt
from tui.i18n import t
from tui.i18n.labels import field_label


def _card(c) -> list[str]:
    lines = [c.full_name] if c.full_name else []
    ids = [f"{field_label(key)} {getattr(c, key)}" for key in ("inn", "kpp", "ogrn", "unp")
           if getattr(c, key)]
    lines += [x for x in (
        " · ".join(ids),
        fmt.joined(c.city, c.region, c.country),
        fmt.joined(c.industry, f"{t('field.okved')} {c.okved}" if c.okved else None, sep=" · ")) if x]
    member = fmt.joined(
        f"№ {c.member_number}" if c.member_number else None,
        fmt.status(c.member_status) if c.member_status else None,
        t("brief.member_since", when=fmt.day(c.member_since)) if c.member_since else None,
        t("brief.dues_until", when=fmt.day(c.dues_paid_until)) if c.dues_paid_until else None)
    lines.append(f"{t('brief.membership')}: {member or t('brief.not_member')}")
    lines += [x for x in (fmt.joined(c.phones, c.emails, c.website, sep=" · "), c.address) if x]
    return lines


def _section(title: str, block: Block | None) -> list[Block]:
    return [Heading(title), block or Paragraph([t("brief.none")], italic=True)]


def _matches(b, pick) -> Bullets | None:
    items = []
    for i in b.open_interests:
        for m in pick(i.id):
            where = fmt.joined(m.city, m.country if m.country and m.country != "Россия" else None)
            items.append(f"{t('brief.for')} «{i.subject}»: {m.company}" + (f" ({where})" if where else "")
                         + f" — {fmt.direction(m.direction)} «{m.subject}»")
    return Bullets(items) if items else None


def briefing_blocks(b) -> list[Block]:
    """The briefing (`models.briefing.Briefing`) as the blocks of a printed page."""
    d = b.dossier
    c = d.company
    out: list[Block] = [Heading(d.name, 0)]
    if c.archived_at:
        out.append(Paragraph([t("brief.archived")]))
    out.append(Paragraph(_card(c)))
    contacts = Grid([t("col.person"), t("col.position"), t("field.phones"), t("field.emails")],
                    [[p.name + (f" ({t('brief.primary')})" if p.is_primary else ""), p.position or "",
                      p.phones or "", p.emails or ""] for p in d.contacts]) if d.contacts else None
    out += _section(t("brief.whom"), contacts)
    wants = [f"{fmt.direction(i.direction)}: {i.subject} (" + fmt.joined(
        fmt.interest_status(i.status),
        t("brief.member_since", when=fmt.day(i.opened_on)) if i.opened_on else None,
        i.partner_geo, t("brief.from_mission", title=i.mission_title) if i.mission_title else None) + ")"
        for i in b.open_interests]
    out += _section(t("brief.wants"), Bullets(wants) if wants else None)
    out += _section(t("brief.matches"), _matches(b, b.ours))
    outside = _matches(b, b.partners)
    if outside:
        out += _section(t("brief.partners"), outside)
    together = [f"{fmt.period(p.starts_on, p.ends_on)} — {fmt.mission_kind(p.kind)} «{p.title}», "
                f"{fmt.role(p.role)}" + (f". {t('col.outcome')}: {p.outcome}" if p.outcome else "")
                for p in d.participations]
    together += [f"{fmt.day(m.held_on)} — {t('changes.record.meeting')}"
                 + (f" {fmt.with_companies(m.others_short or m.others)}" if m.others else "")
                 + f": {m.subject}" + (f". {t('col.outcome')}: {m.outcome}" if m.outcome else "")
                 for m in d.meetings]
    out += _section(t("brief.together"), Bullets(together) if together else None)
    deals = [f"{fmt.day(a.signed_on)} — {fmt.agreement_kind(a.kind)}: {a.subject}"
             + (f" ({fmt.with_companies(a.others_short or a.others)})" if a.others else "")
             + f" — {fmt.agreement_status(a.status)}" for a in d.agreements]
    out += _section(t("brief.agreements"), Bullets(deals) if deals else None)
    todo = Grid([t("col.due"), t("col.text"), t("col.author")],
                [[fmt.day(a.due_on), f"{fmt.activity_kind(a.kind)}: {a.text}", a.author or ""]
                 for a in d.open_followups]) if d.open_followups else None
    out += _section(t("brief.open"), todo)
    if c.notes:
        out += _section(t("field.notes"), Paragraph(c.notes.split("\n")))
    if b.chamber:
        out.append(Paragraph([t("brief.prepared_by", chamber=b.chamber)], italic=True))
    return out


def write_briefing(target, b) -> None:
    """The briefing as an A4 .docx at `target`; OSError when it cannot be written."""
    from importers.document import write_document

    write_document(target, briefing_blocks(b), title=b.dossier.name, header=b.chamber)
