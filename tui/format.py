"""How values read on screen and in the briefing: dates, periods, vocabulary labels."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from models import vocab
from tui.i18n import keys, language

if TYPE_CHECKING:
    from models.browse import CompanyFilter


def day(value: date | str | None) -> str:
    """08.12.2025 — the way dates are read in both languages here."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.strftime("%d.%m.%Y")


def stamp(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:16]
    return value.strftime("%d.%m.%Y %H:%M")


def stamp_short(value: datetime | None) -> str:
    """20.11.26 16:37: a moment in two cells less, for 80 columns."""
    if not isinstance(value, datetime):
        return stamp(value)
    return value.strftime("%d.%m.%y %H:%M")


def period(start: date | None, end: date | None) -> str:
    """08–12.12.2025, 28.11–02.12.2025, or one day."""
    if start is None:
        return day(end)
    if end is None or end == start:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}–{day(end)}"
    if start.year == end.year:
        return f"{start:%d.%m}–{day(end)}"
    return f"{day(start)}–{day(end)}"


def label(vocabulary: vocab.Vocabulary, code: str | None) -> str:
    return vocab.label(vocabulary, code, language())


def status(code: str | None) -> str:
    return label(vocab.MEMBER_STATUS, code)


def direction(code: str | None) -> str:
    return label(vocab.INTEREST_DIRECTION, code)


def interest_status(code: str | None) -> str:
    return label(vocab.INTEREST_STATUS, code)


def mission_kind(code: str | None) -> str:
    return label(vocab.MISSION_KIND, code)


def role(code: str | None) -> str:
    return label(vocab.PARTICIPATION_ROLE, code)


def agreement_kind(code: str | None) -> str:
    return label(vocab.AGREEMENT_KIND, code)


def agreement_status(code: str | None) -> str:
    return label(vocab.AGREEMENT_STATUS, code)


def activity_kind(code: str | None) -> str:
    return label(vocab.ACTIVITY_KIND, code)


def quoted(name: str) -> str:
    """A company's name in quotes as a sentence holds it: «Колос» (a name already in quotes as a
    whole is left as it is), “Kolos” in English."""
    name = name.strip()
    if language() == "en":
        return name if name.startswith("“") and name.endswith("”") else f"“{name}”"
    if name.startswith("«") and name.endswith("»") and name.count("«") == name.count("»") == 1:
        return name
    return f"«{name}»"


def and_list(items: list[str]) -> str:
    """"a, b и c" / "a, b and c"."""
    from tui.i18n import t

    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('list.and')} {items[-1]}"


def with_companies(names: tuple[str, ...] | list[str]) -> str:
    """«с компанией «Колос»», «с компаниями «Колос» и «Интеграл»» — names (without their legal
    form) after a noun that takes the case, so that any name reads right in the sentence."""
    from tui.i18n import t

    names = [n for n in names if n]
    if not names:
        return ""
    key = "brief.with_one" if len(names) == 1 else "brief.with_many"
    return t(key, names=and_list([quoted(n) for n in names]))


def joined(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def day_iso(value: str | None) -> str:
    """An ISO date string (as raw queries return it) read the way `day` reads a date."""
    if not value:
        return ""
    try:
        return day(date.fromisoformat(value[:10]))
    except ValueError:
        return value


def short(value: object, width: int = 60) -> str:
    """A value on one line, cut to `width` with an ellipsis."""
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def field_label(name: str) -> str:
    """A stored field's name as people say it, short (a merge, the change log)."""
    from tui.i18n.labels import short_field_label

    return short_field_label(name)


def change_record(c) -> str:
    """The record a change-log entry is about, in words: the company, and which of its records."""
    from tui.i18n import t

    label = getattr(c, "label", None)
    word = t(keys.CHANGE_RECORD[c.table]) if c.table in keys.CHANGE_RECORD else c.table
    if c.table == "company":
        # the name the company had then; a company deleted since keeps the name it had
        name = label or c.company_name
        return f"{name} (ID {c.row_id})" if name else f"{word} ID {c.row_id}"
    record = f"{word} «{label}»" if label else f"{word} ID {c.row_id}"
    return f"{c.company_name} · {record}" if c.company_name else record


def change_text(c) -> tuple[str, str]:
    """(field, old → new) of a change-log entry, for a table cell."""
    from tui.i18n import t

    if c.action in ("create", "delete"):
        return t(keys.CHANGE_ACTION[c.action]), short(c.summary)
    if c.action in ("archive", "restore") and c.field == "archived_at":
        return t(keys.CHANGE_ACTION[c.action]), ""
    field = field_label(c.field) if c.field else ""
    return field, f"{short(c.old, 40) or '—'} → {short(c.new, 40) or '—'}"


def import_warnings(result) -> list[tuple[int, str]]:
    """(row, sentence) for what an import stored but wants a person to look at: control
    characters removed from cells, values of merged duplicate rows that were dropped, and new
    companies that probably exist already."""
    from tui.i18n import t
    from tui.sentences import merge_warning

    out = [(w.row, t("import.cleaned_warning", sheet=w.sheet, row=w.row, column=w.column,
                     removed=" ".join(w.removed)))
           for w in result.cleaned]
    out += [(w.row, merge_warning(w)) for w in result.warnings]
    for d in result.duplicates:
        reasons = "; ".join(f"{t(keys.DUP_RULE[rule])} {shown}" for rule, shown in d.reasons)
        out.append((d.row, t("import.duplicate_warning", sheet=d.sheet, row=d.row, name=d.name,
                             existing=d.existing_name, id=d.existing_id, reasons=reasons)))
    out.extend((n.row, notice(n)) for n in getattr(result, "notices", ()))
    return out


def notice(n) -> str:
    """The sentence of an import's `Notice`."""
    from importers.headers import FIELDS
    from tui.i18n import t

    values = dict(n.values)
    if "field" in values and values["field"] in FIELDS:
        values["field"] = FIELDS[values["field"]][1 if language() == "en" else 0]
    return t(keys.IMPORT_NOTICE[n.key], sheet=n.sheet, row=n.row, **values)


# the titles of the missions filters name, read by the loaders off the UI thread
_MISSION_TITLES: dict[int, str] = {}


def learn_mission_title(f: CompanyFilter) -> None:
    """On a loader's thread: the title of the mission a filter names, which `filter_summary`
    (on the UI thread) then shows."""
    from models import missions_queries

    if f.mission_id:  # read with every load: a mission renamed since is said by its new title
        title = missions_queries.mission_title(f.mission_id)
        if title:
            _MISSION_TITLES[f.mission_id] = title


def filter_summary(f: CompanyFilter) -> str:
    """The active filters in words, for the companies' count line and the export dialog (the
    mission's title as a loader learnt it: nothing here asks the store)."""
    from tui.i18n import t

    parts = []
    if f.status:
        parts.append(status(f.status))
    if f.place:
        parts.append(f.place)
    if f.industry:
        parts.append(f.industry)
    if f.tag:
        parts.append(f"#{f.tag}")
    if f.open_interests:
        parts.append(t("filter.open_interests_short"))
    if f.mission_id:
        parts.append(t("filter.mission_short", title=_MISSION_TITLES.get(f.mission_id, f.mission_id)))
    return ", ".join(parts)


def matched(where) -> str:
    """Where a search found a company (`models.matched.Where`): «интерес: тротуарная плитка»;
    a match in the name says only that (the name is beside it)."""
    from tui.i18n import t

    if where is None:
        return ""
    kind = t(keys.MATCHED[where.kind])
    return kind if where.kind == "name" else f"{kind}: {' '.join(where.text.split())}"
