"""Recognising what a column holds from its header, finding the header row under title rows and
logos, and choosing the data sheet of a workbook with several.

A header is folded (case, ё, punctuation, spaces) and looked up among synonyms; what is not an
exact synonym is tried against keyword rules ("Полное наименование организации" holds
"полное" and "наименование"). The user's `--map COLUMN=FIELD` wins over both.

The synonyms are data, not interface text: the words people write over columns in their files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from importers.errors import ImportFailure
from importers.extent import col_letters as _letters
from models.textnorm import fold

HEADER_SCAN_ROWS = 30

# Field -> (Russian label, English label): the columns the importer understands.
FIELDS: dict[str, tuple[str, str]] = {
    "short_name": ("Наименование", "Name"),
    "full_name": ("Полное наименование", "Full name"),
    "legal_form": ("ОПФ", "Legal form"),
    "inn": ("ИНН", "INN"),
    "inn_kpp": ("ИНН/КПП", "INN/KPP"),
    "kpp": ("КПП", "KPP"),
    "ogrn": ("ОГРН", "OGRN"),
    "unp": ("УНП", "UNP"),
    "country": ("Страна", "Country"),
    "region": ("Регион", "Region"),
    "city": ("Город", "City"),
    "address": ("Адрес", "Address"),
    "phones": ("Телефон", "Phone"),
    "emails": ("Эл. почта", "E-mail"),
    "website": ("Сайт", "Website"),
    "okved": ("ОКВЭД", "OKVED"),
    "industry": ("Отрасль", "Industry"),
    "member_number": ("Членский билет №", "Membership No."),
    "member_status": ("Статус", "Status"),
    "member_since": ("Дата вступления", "Member since"),
    "dues_paid_until": ("Взносы оплачены до", "Dues paid until"),
    "tags": ("Метки", "Tags"),
    "notes": ("Примечания", "Notes"),
    "contact_name": ("Контактное лицо", "Contact person"),
    "contact_position": ("Должность", "Position"),
    "contact_phones": ("Телефон контактного лица", "Contact phone"),
    "contact_emails": ("Эл. почта контактного лица", "Contact e-mail"),
}
SKIP = "skip"

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "short_name": (
        "наименование", "название", "краткое наименование", "сокращенное наименование",
        "наименование организации", "название организации", "наименование предприятия",
        "название предприятия", "наименование компании", "название компании", "организация",
        "предприятие", "компания", "фирма", "член палаты", "наименование члена палаты",
        "краткое наименование организации", "сокращенное наименование организации",
        "наименование юл", "наименование юр лица", "name", "company", "company name",
        "organization", "organisation", "short name", "member",
    ),
    "full_name": (
        "полное наименование", "полное наименование организации", "полное название",
        "полное наименование предприятия", "полное наименование юл", "full name",
        "full company name", "legal name", "full legal name",
    ),
    "legal_form": ("опф", "организационно правовая форма", "форма собственности", "правовая форма",
                   "legal form"),
    "inn": ("инн", "инн организации", "инн юл", "инн налогоплательщика", "inn", "tin", "tax id",
            "taxpayer id", "идентификационный номер налогоплательщика"),
    "inn_kpp": ("инн кпп", "инн и кпп", "inn kpp"),
    "kpp": ("кпп", "kpp"),
    "ogrn": ("огрн", "огрнип", "огрн огрнип", "огрн ип", "ogrn", "psrn"),
    "unp": ("унп", "unp"),
    "country": ("страна", "country"),
    "region": ("регион", "область", "субъект рф", "субъект", "region"),
    "city": ("город", "населенный пункт", "нас пункт", "город район", "city", "town", "locality"),
    "address": ("адрес", "юридический адрес", "фактический адрес", "почтовый адрес",
                "адрес организации", "местонахождение", "address", "legal address"),
    "phones": ("телефон", "телефоны", "тел", "телефон факс", "тел факс", "контактный телефон",
               "номер телефона", "phone", "phones", "telephone", "tel", "phone number"),
    "emails": ("e mail", "email", "е mail", "эл почта", "электронная почта", "эл адрес",
               "адрес электронной почты", "почта", "e mails", "emails", "mail"),
    "website": ("сайт", "веб сайт", "вебсайт", "интернет сайт", "www", "website", "web site", "web",
                "url", "site"),
    "okved": ("оквэд", "основной оквэд", "код оквэд", "оквэд 2", "оквэд2", "okved", "nace"),
    "industry": ("отрасль", "вид деятельности", "основной вид деятельности", "сфера деятельности",
                 "направление деятельности", "industry", "sector", "activity"),
    "member_number": ("членский билет", "членский билет номер", "членский билет no", "no членского билета",
                      "no билета", "рег no", "номер членского билета",
                      "членский номер", "номер члена", "рег номер", "membership no",
                      "membership number", "member no", "member number"),
    "member_status": ("статус", "статус членства", "членство", "status", "membership status",
                      "membership"),
    "member_since": ("дата вступления", "дата вступления в палату", "дата вступления в тпп",
                     "член палаты с", "член с", "вступил", "дата приема", "member since",
                     "joined", "date joined", "membership date"),
    "dues_paid_until": ("взносы оплачены до", "оплачено до", "взнос оплачен до",
                        "членские взносы оплачены до", "dues paid until", "paid until"),
    "tags": ("метки", "теги", "тэги", "tags"),
    "notes": ("примечание", "примечания", "комментарий", "комментарии", "заметки", "notes",
              "note", "comment", "comments", "remarks"),
    "contact_name": ("контактное лицо", "контакт", "фио", "фио контактного лица", "руководитель",
                     "фио руководителя", "представитель", "contact", "contact person",
                     "contact name", "person"),
    "contact_position": ("должность", "должность контактного лица", "должность руководителя",
                         "position", "job title", "title"),
    "contact_phones": ("телефон контактного лица", "тел контактного лица", "мобильный",
                       "мобильный телефон", "contact phone", "mobile"),
    "contact_emails": ("e mail контактного лица", "эл почта контактного лица", "contact email",
                       "contact e mail"),
    SKIP: ("no", "no п п", "п п", "n", "номер п п", "порядковый номер", "#", "no no"),
}

_WORD = re.compile(r"[\w#]+")


def header_key(text: object) -> str:
    """A header folded for lookup: 'Эл. почта' → 'эл почта', 'E-mail:' → 'e mail', '№ п/п' → 'no п п'."""
    if text is None:
        return ""
    return " ".join(_WORD.findall(fold(str(text)).replace("№", " no ")))


_LOOKUP = {header_key(s): f for f, syns in _SYNONYMS.items() for s in syns}

# Keyword rules for headers that are no exact synonym, most specific first.
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("инн", "кпп"), "inn_kpp"),
    (("полное", "наименование"), "full_name"),
    (("полное", "название"), "full_name"),
    (("контакт", "телефон"), "contact_phones"),
    (("контакт", "почт"), "contact_emails"),
    (("контакт", "mail"), "contact_emails"),
    (("контакт", "должност"), "contact_position"),
    (("должност",), "contact_position"),
    (("контактн",), "contact_name"),
    (("фио",), "contact_name"),
    (("инн",), "inn"),
    (("кпп",), "kpp"),
    (("огрн",), "ogrn"),
    (("оквэд",), "okved"),
    (("взнос",), "dues_paid_until"),
    (("вступ",), "member_since"),
    (("телефон",), "phones"),
    (("mail",), "emails"),
    (("почт",), "emails"),
    (("сайт",), "website"),
    (("наименование",), "short_name"),
    (("название",), "short_name"),
    (("адрес",), "address"),
    (("город",), "city"),
    (("статус",), "member_status"),
    (("примечан",), "notes"),
)


def field_for(header: object) -> str | None:
    """The field a header names, or None when it is not recognised."""
    key = header_key(header)
    if not key:
        return None
    found = _LOOKUP.get(key)
    if found:
        return found
    if len(key) > 80:  # a sentence in an instruction row, not a header
        return None
    for words, name in _RULES:
        if all(w in key for w in words):
            return name
    return None


def titles_of(name: str) -> set[str]:
    """The folded titles that name field `name`: its synonyms and its labels."""
    out = {header_key(s) for s in _SYNONYMS.get(name, ())}
    if name in FIELDS:
        out |= {label.lower() for label in FIELDS[name]}
    return out


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """`--map` arguments ("Орг.=short_name", "C=inn", "Комментарий=skip") as {header key: field}."""
    out: dict[str, str] = {}
    for item in items:
        column, sep, name = item.rpartition("=")
        name = name.strip()
        if not sep or not column.strip():
            raise ImportFailure("err.map.form", item=item)
        if name not in FIELDS and name != SKIP:
            raise ImportFailure("err.map.field", name=name, item=item, fields=f"{', '.join(FIELDS)}, {SKIP}")
        out[header_key(column)] = name
    return out


@dataclass
class Header:
    """Where the header is and which column holds which field."""

    row_index: int  # index among the sheet's rows as read
    columns: dict[int, str]  # column index -> field
    titles: list[str] = field(default_factory=list)  # the header cells as written
    depth: int = 1  # rows the header takes (0: no header row, the data starts at row_index)
    col0: int = 0  # Excel's index of the sheet's first column as read (0 for column A)

    @property
    def score(self) -> int:
        return len(set(self.columns.values()) - {SKIP})

    @property
    def usable(self) -> bool:
        fields = set(self.columns.values())
        return self.score >= 2 and bool(fields & {"short_name", "full_name", "inn", "inn_kpp"})


_CONTACT_GROUP = ("контакт", "руководител", "представител", "contact")
_IN_CONTACT_GROUP = {"phones": "contact_phones", "emails": "contact_emails", "short_name": "contact_name",
                     "contact_name": "contact_name"}


def _two_level(top: Sequence[object], sub: Sequence[object], merged, top_index: int) -> list[tuple[str, str]]:
    """(group, label) per column of a header written on two rows: a group title over several
    columns ("Контактное лицо" over "ФИО", "Должность") and single titles merged down."""
    width = max(len(top), len(sub))
    groups = [str(top[c]) if c < len(top) and top[c] not in (None, "") else "" for c in range(width)]
    spans = [(c1, c2) for (r1, c1), (r2, c2) in merged if r1 == r2 == top_index and c2 > c1]
    for c1, c2 in spans:
        for c in range(c1 + 1, min(c2 + 1, width)):
            groups[c] = groups[c1]
    if not spans and sum(1 for g in groups if g) >= 2:
        # no merge information (.xls, .ods): a blank title continues the one on its left
        for c in range(1, width):
            if not groups[c] and c < len(sub) and sub[c] not in (None, "") and groups[c - 1]:
                groups[c] = groups[c - 1]
    out = []
    for c in range(width):
        label = str(sub[c]) if c < len(sub) and sub[c] not in (None, "") else ""
        out.append((groups[c], label) if label else ("", groups[c]))
    return out


def _field_in_group(group: str, label: str) -> str | None:
    sub = field_for(label)
    if not group:
        return sub
    if any(w in header_key(group) for w in _CONTACT_GROUP):
        return _IN_CONTACT_GROUP.get(sub or "", sub) if sub else field_for(f"{group} {label}")
    return sub or field_for(f"{group} {label}")


def match_cells(cells: Sequence[tuple[str, str]], mapping: Mapping[str, str] | None = None,
                row_index: int = 0, depth: int = 1, col0: int = 0) -> Header:
    """How (group, label) header cells read: the columns they name (mapping first, then synonyms).
    A mapped letter names Excel's column: `col0` is the column of the first cell."""
    mapping = mapping or {}
    columns: dict[int, str] = {}
    taken: set[str] = set()
    # a column the user named by its letter holds its field, whatever the titles say
    by_letter = {i: mapping[k] for i in range(len(cells)) if (k := header_key(_letters(i + col0))) in mapping}
    lettered = set(by_letter.values()) - {SKIP}
    for i, (group, label) in enumerate(cells):
        key = header_key(label)
        name = by_letter.get(i)
        if name is None:
            name = (mapping.get(header_key(f"{group} {label}")) if group else None) or mapping.get(key)
            if name is None and key:
                name = _field_in_group(group, label)
            if name in lettered:
                continue
        if name is None or (name in taken and name != SKIP):
            continue
        columns[i] = name
        taken.add(name)
    titles = [f"{g} / {lab}" if g else lab for g, lab in cells]
    return Header(row_index, columns, titles, depth, col0)


def match_row(row: Sequence[object], mapping: Mapping[str, str] | None = None,
              row_index: int = 0, col0: int = 0) -> Header:
    """How one row reads as a header."""
    return match_cells([("", "" if c is None else str(c)) for c in row], mapping, row_index, col0=col0)


_LETTERS = re.compile(r"[a-z]{1,3}")


def _is_letter(key: str) -> bool:
    return _LETTERS.fullmatch(key) is not None


def find_header(rows: Sequence[Sequence[object]], mapping: Mapping[str, str] | None = None,
                merged=(), col0: int = 0, header_row: int | None = None) -> Header | None:
    """The best header among the first rows (the one naming most fields), or None. A header on
    two rows (group titles above, column titles below) is tried at every row too.

    Columns mapped by letter (`--map C=inn`) say what a column holds, not where the header is:
    the header is the row `header_row` (0-based) when given, else the row whose cells read most
    like column titles; with none, the data starts at the first row filling two mapped columns."""
    mapping = mapping or {}
    scan = rows[:HEADER_SCAN_ROWS]
    if header_row is not None:
        if header_row >= len(rows):
            return None
        return match_row(rows[header_row], mapping, header_row, col0)
    letters = {k: v for k, v in mapping.items() if _is_letter(k)}
    if not letters:
        return _best_header(scan, mapping, merged, col0)
    names = {k: v for k, v in mapping.items() if k not in letters}
    best: tuple[int, int] | None = None  # (titles recognised, row)
    for i, row in enumerate(scan):
        found = len(match_row(row, names, i).columns)
        if found and (best is None or found > best[0]):
            best = (found, i)
    if best is not None:
        return match_row(scan[best[1]], mapping, best[1], col0)
    # no header row at all: the title rows above the data fill one cell at most
    probe = match_row(["x"] * max((len(r) for r in scan), default=0), letters, 0, col0)
    need = min(2, len(probe.columns))
    for i, row in enumerate(scan):
        filled = sum(1 for c in probe.columns if c < len(row) and row[c] not in (None, ""))
        if need and filled >= need:
            return Header(i, probe.columns, [_letters(c + col0) for c in range(len(row))], 0, col0)
    return None


def _best_header(scan: Sequence[Sequence[object]], mapping: Mapping[str, str], merged,
                 col0: int) -> Header | None:
    best: Header | None = None
    for i, row in enumerate(scan):
        candidates = [match_row(row, mapping, i, col0)]
        if i + 1 < len(scan) and any(c not in (None, "") for c in scan[i + 1]):
            candidates.append(match_cells(_two_level(row, scan[i + 1], merged, i), mapping, i, 2, col0))
        for header in candidates:
            if header.usable and (best is None or header.score > best.score
                                  or (header.score == best.score and best.depth > header.depth)):
                best = header  # on a tie the one-row reading wins
    return best


def describe(header: Header, lang: str = "ru") -> list[tuple[str, str]]:
    """(column title, field label) for each recognised column, for previews and reports."""
    pick = 1 if lang == "en" else 0
    return [(header.titles[i] if i < len(header.titles) and header.titles[i] else _letters(i + header.col0),
             FIELDS[f][pick])
            for i, f in sorted(header.columns.items()) if f != SKIP]


@dataclass
class DataSheet:
    """The sheet chosen for import: its header and the rows under it as (row number, cells)."""

    name: str
    header: Header
    rows: Iterator[tuple[int, list]]
    total_rows: int
    date1904: bool = False  # the workbook counts dates from 1904


def _merged(sheet) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges with columns counted from the first column calamine gives (xlsx only)."""
    try:
        ranges = sheet.merged_cell_ranges or []
        col0 = sheet.start[1] if sheet.start else 0
    except Exception:  # not offered for every format
        return []
    return [((r1, c1 - col0), (r2, c2 - col0)) for (r1, c1), (r2, c2) in ranges]


def _open_sheet(workbook, name: str, mapping: Mapping[str, str], header_row: int | None = None):
    from importers.read import read_sheet

    sheet = read_sheet(workbook, name)
    try:
        col0 = sheet.start[1] if sheet.start else 0
    except Exception:  # not offered for every format
        col0 = 0
    rows = iter(sheet.iter_rows())
    head = []
    for row in rows:
        head.append(row)
        if len(head) >= max(HEADER_SCAN_ROWS, (header_row or 0) + 1):
            break
    header = find_header(head, mapping, _merged(sheet), col0, header_row)
    return sheet, head, rows, header


def choose_sheet(workbook, wanted: str | None = None,
                 mapping: Mapping[str, str] | None = None, header_row: int | None = None) -> DataSheet:
    """The sheet to import: `wanted` by name, or the visible sheet whose header names most fields
    (an instruction sheet in front has none). ImportFailure when no header is recognisable.
    `header_row` is the header's row number as Excel shows it (1 for the first row)."""
    mapping = mapping or {}
    metas = workbook.sheets_metadata
    names = [m.name for m in metas]
    if wanted is not None:
        found = next((n for n in names if n == wanted), None) or next(
            (n for n in names if fold(n) == fold(wanted)), None)
        if found is None:
            raise ImportFailure("err.sheet.missing", sheet=wanted, names=", ".join(names))
        candidates = [found]
    else:
        candidates = [m.name for m in metas
                      if str(getattr(m.visible, "name", m.visible)).lower().endswith("visible")
                      and "worksheet" in str(getattr(m.typ, "name", m.typ)).lower()] or names
    best = None
    for name in candidates:
        sheet, head, rows, header = _open_sheet(workbook, name, mapping,
                                                None if header_row is None else header_row - 1)
        if header is not None and not header.usable and header_row is not None:
            raise ImportFailure("err.header.row_unusable", row=header_row, sheet=name)
        if header is not None and header.usable and (best is None or header.score > best[4].score):
            best = (name, sheet, head, rows, header)
    if best is None:
        if len(candidates) == 1:
            raise ImportFailure("err.header.not_found_on", sheet=candidates[0], rows=HEADER_SCAN_ROWS)
        raise ImportFailure("err.header.not_found", rows=HEADER_SCAN_ROWS)
    name, sheet, head, rows, header = best

    def numbered() -> Iterator[tuple[int, list]]:
        first = header.row_index + header.depth
        yield from enumerate(head[first:], start=first + 1)
        yield from enumerate(rows, start=len(head) + 1)

    return DataSheet(name, header, numbered(), max(0, (sheet.height or 0) - header.row_index - header.depth),
                     bool(getattr(workbook, "date1904", False)))
