"""The briefing and the mission story as Markdown: built once, shown by the app
(tui/widgets/markdown_text.py), printed by `palata brief` with rich, or written to a file. No
database here: it reads plain data."""

from __future__ import annotations

import re

from models.safetext import printable
from tui import format as fmt
from tui.i18n import t

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def esc(text: object) -> str:
    """Text from the register made inert in Markdown (a name with * or _ stays a name, a control
    character shows as a stand-in: the briefing is also read in a terminal, with cat or less)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(printable(str(text)).split()))


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"## {title}", "", *(lines or [f"_{t('brief.none')}_"]), ""]


def _card_lines(c) -> list[str]:
    ids = fmt.joined(
        f"{t('field.inn')} {c.inn}" if c.inn else None,
        f"{t('field.kpp')} {c.kpp}" if c.kpp else None,
        f"{t('field.ogrn')} {c.ogrn}" if c.ogrn else None,
        f"{t('field.unp')} {c.unp}" if c.unp else None,
        sep=" · ")
    place = fmt.joined(c.city, c.region, c.country)
    trade = fmt.joined(c.industry, f"{t('field.okved')} {c.okved}" if c.okved else None, sep=" · ")
    member = fmt.joined(
        f"№ {c.member_number}" if c.member_number else None,
        fmt.status(c.member_status) if c.member_status else None,
        t("brief.member_since", when=fmt.day(c.member_since)) if c.member_since else None,
        t("brief.dues_until", when=fmt.day(c.dues_paid_until)) if c.dues_paid_until else None)
    reach = fmt.joined(c.phones, c.emails, c.website, sep=" · ")
    lines = []
    if c.full_name:
        lines.append(esc(c.full_name))
    for value in (ids, place, trade):
        if value:
            lines.append(esc(value))
    lines.append(f"{t('brief.membership')}: {esc(member) if member else t('brief.not_member')}")
    if reach:
        lines.append(esc(reach))
    if c.address:
        lines.append(esc(c.address))
    # one paragraph, a hard line break ("\\" at the end) between the facts
    return [" \\\n".join(lines), ""]


def _matches(b, pick) -> list[str]:
    """Lines of the matches `pick(interest_id)` gives for each open interest."""
    lines = []
    for i in b.open_interests:
        found = pick(i.id)
        if not found:
            continue
        lines.append(f"- {t('brief.for')} «{esc(i.subject)}» ({fmt.direction(i.direction)}):")
        for m in found:
            where = fmt.joined(m.city, m.country if m.country and m.country != "Россия" else None)
            lines.append(f"    - {esc(m.company)}" + (f" ({esc(where)})" if where else "")
                         + f" — {fmt.direction(m.direction)} «{esc(m.subject)}»")
    return lines


def briefing_markdown(b) -> str:
    """The briefing (`models.briefing.Briefing`) as Markdown."""
    d = b.dossier
    c = d.company
    out = [f"# {esc(d.name)}", ""]
    if c.archived_at:
        out += [f"**{t('brief.archived')}**", ""]
    out += _card_lines(c)

    contacts = []
    for p in d.contacts:
        head = f"**{esc(p.name)}**"
        if p.position:
            head += f" — {esc(p.position)}"
        if p.is_primary:
            head += f" ({t('brief.primary')})"
        reach = fmt.joined(p.phones, p.emails, sep=" · ")
        contacts.append(f"- {head}" + (f"; {esc(reach)}" if reach else ""))
    out += _section(t("brief.whom"), contacts)

    wants = []
    for i in b.open_interests:
        extra = fmt.joined(
            fmt.interest_status(i.status),
            t("brief.member_since", when=fmt.day(i.opened_on)) if i.opened_on else None,
            esc(i.partner_geo) if i.partner_geo else None,
            t("brief.from_mission", title=esc(i.mission_title)) if i.mission_title else None)
        wants.append(f"- **{fmt.direction(i.direction)}:** {esc(i.subject)} ({extra})")
    out += _section(t("brief.wants"), wants)

    out += _section(t("brief.matches"), _matches(b, b.ours))
    outside = _matches(b, b.partners)
    if outside:
        out += _section(t("brief.partners"), outside)

    together = []
    for p in d.participations:
        line = (f"- {fmt.period(p.starts_on, p.ends_on)} — {fmt.mission_kind(p.kind)} "
                f"«{esc(p.title)}», {fmt.role(p.role)}")
        if p.outcome:
            line += f". {t('col.outcome')}: {esc(p.outcome)}"
        together.append(line)
    for m in d.meetings:
        line = f"- {fmt.day(m.held_on)} — {t('changes.record.meeting')}"
        if m.others:
            line += f" {esc(fmt.with_companies(m.others_short or m.others))}"
        line += f": {esc(m.subject)}"
        if m.outcome:
            line += f". {t('col.outcome')}: {esc(m.outcome)}"
        together.append(line)
    out += _section(t("brief.together"), together)

    deals = []
    for a in d.agreements:
        line = f"- {fmt.day(a.signed_on)} — {fmt.agreement_kind(a.kind)}: {esc(a.subject)}"
        if a.others:
            line += f" ({esc(fmt.with_companies(a.others_short or a.others))})"
        line += f" — **{fmt.agreement_status(a.status)}**"
        deals.append(line)
    out += _section(t("brief.agreements"), deals)

    todo = []
    for a in d.open_followups:
        line = f"- {t('brief.due', when=fmt.day(a.due_on))} — {fmt.activity_kind(a.kind)}: {esc(a.text)}"
        if a.author:
            line += f" ({esc(a.author)})"
        todo.append(line)
    out += _section(t("brief.open"), todo)

    if c.notes:
        out += _section(t("field.notes"), [esc(c.notes)])
    if b.chamber:
        out += ["---", "", f"_{t('brief.prepared_by', chamber=esc(b.chamber))}_", ""]
    return "\n".join(out).rstrip() + "\n"


def mission_markdown(s) -> str:
    """One mission (`models.missions_queries.MissionStory`) told in order: what, who, day by day,
    what was signed, what is still to do."""
    m = s.mission
    out = [f"# {esc(m.title)}", ""]
    head = fmt.joined(fmt.period(m.starts_on, m.ends_on), fmt.mission_kind(m.kind), m.place,
                      m.partner_country, sep=" · ")
    out += [esc(head), ""]
    if m.organisers:
        out += [f"{t('field.organisers')}: {esc(m.organisers)}", ""]
    if m.partners:
        out += [f"{t('col.partner_country')}: {esc(m.partners)}", ""]
    if m.description:
        out += [esc(m.description), ""]
    out += [t("mission.summary", participants=len(s.participants), meetings=len(s.meetings),
              agreements=len(s.agreements), open=len(s.open_followups)), ""]

    if len(s.related) > 1:
        chain = []
        for r in s.related:
            line = f"- {fmt.period(r.starts_on, r.ends_on)} — {fmt.mission_kind(r.kind)} «{esc(r.title)}»"
            if r.id == m.id:
                line = f"**{line[2:]}** ({t('mission.this')})"
                line = f"- {line}"
            elif r.id in s.during:
                line += f" ({t('mission.during')})"
            chain.append(line)
        out += _section(t("mission.related"), chain)

    who = []
    for p in s.participants:
        where = fmt.joined(p.city, p.country if p.country and p.country != "Россия" else None)
        line = f"- **{esc(p.name)}**" + (f" ({esc(where)})" if where else "") + f" — {fmt.role(p.role)}"
        if p.outcome:
            line += f": {esc(p.outcome)}"
        who.append(line)
    out += _section(t("mission.who"), who)

    days: list[str] = []
    current = None
    for g in s.meetings:
        if (g.held_on, g.mission) != current:
            current = (g.held_on, g.mission)
            head = f"**{fmt.day(g.held_on) or t('mission.undated')}**"
            if g.mission:
                head += f" · {esc(g.mission)}"
            days += ["", head, ""]
        line = f"- {esc(g.subject)}"
        if g.parties:
            line += f" — {esc('; '.join(g.parties))}"
        if g.outcome:
            line += f". {t('col.outcome')}: {esc(g.outcome)}"
        days.append(line)
    out += _section(t("mission.days"), days[1:] if days else [])

    deals = []
    for a in s.agreements:
        line = f"- {fmt.day(a.signed_on)} — {fmt.agreement_kind(a.kind)}: {esc(a.subject)}"
        if a.parties:
            line += f" ({esc('; '.join(a.parties))})"
        line += f" — **{fmt.agreement_status(a.status)}**"
        deals.append(line)
    out += _section(t("brief.agreements"), deals)

    todo = []
    for f in s.followups:
        state = fmt.joined(fmt.day(f.happened_on),
                           t("followup.done") if f.done and f.due_on else
                           t("brief.due", when=fmt.day(f.due_on)) if f.due_on else None)
        todo.append(f"- {state} — {esc(f.company)}, {fmt.activity_kind(f.kind)}: {esc(f.text)}")
    out += _section(t("mission.followups"), todo)
    return "\n".join(out).rstrip() + "\n"
