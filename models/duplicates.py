"""Probable duplicates in the register: which live companies are most likely the same one.

Every company is reduced to a few normalised keys; companies sharing a key are candidates. No pair
of companies is ever compared directly, so a pass over 100,000 companies is one read and a few
dictionary insertions per company.

Rules, strongest first:

* ``inn`` / ``ogrn`` / ``unp`` — the same state identifier: *certain*;
* ``name`` — the same name once folded (legal form in front or behind, quotes, case, ё/е, Latin
  look-alikes, NBSP, spaces and hyphens) in the same city: *high*;
* ``phone`` — the same number once reduced to its digits (``8 (4922) 12-34-56`` is
  ``+7 4922 12-34-56``; an extension counts): *medium*;
* ``email`` — the same address; ``domain`` — the same domain of an address or of the website,
  except public mail services and shared hosts (mail.ru, gmail.com, vk.com…): *medium*.

Two companies holding different INNs are two legal entities whatever else they share, so a key
other than an identifier never joins them. A key shared by very many companies (a business centre's
switchboard, a holding's domain) says nothing about any pair of them and is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.db import database
from models.textnorm import fold, sort_key

CERTAIN, HIGH, MEDIUM = "certain", "high", "medium"
CONFIDENCE_ORDER = {CERTAIN: 0, HIGH: 1, MEDIUM: 2}
RULE_CONFIDENCE = {"inn": CERTAIN, "ogrn": CERTAIN, "unp": CERTAIN, "name": HIGH,
                   "phone": MEDIUM, "email": MEDIUM, "domain": MEDIUM}
RULES = tuple(RULE_CONFIDENCE)
# A key shared by more companies than this is not a sign that any two of them are one.
MAX_BUCKET = 12

PUBLIC_DOMAINS = frozenset({
    "mail.ru", "yandex.ru", "ya.ru", "yandex.com", "yandex.by", "yandex.kz", "gmail.com",
    "googlemail.com", "list.ru", "bk.ru", "inbox.ru", "internet.ru", "rambler.ru", "ro.ru",
    "lenta.ru", "autorambler.ru", "myrambler.ru", "narod.ru", "hotmail.com", "outlook.com",
    "live.com", "msn.com", "icloud.com", "me.com", "yahoo.com", "aol.com", "mail.com", "gmx.com",
    "gmx.de", "tut.by", "mail.by", "protonmail.com", "proton.me", "qip.ru", "pochta.ru",
    # shared hosts and social networks a website field often holds
    "vk.com", "ok.ru", "t.me", "facebook.com", "instagram.com", "youtube.com", "tilda.ws",
    "ucoz.ru", "wixsite.com", "nethouse.ru", "uds.app", "avito.ru", "ozon.ru", "wildberries.ru",
    "2gis.ru", "zoon.ru", "rusprofile.ru", "list-org.com", "satom.ru", "pulscen.ru", "tiu.ru",
    "blizko.ru", "flagma.ru",
})

_PIECES = re.compile(r"\s*(?:[;,\n]|\s/\s|\sили\s|\sи\s)\s*", re.IGNORECASE)
_EXTENSION = re.compile(r"(?:доб|доп|вн|ext|x|#)\.?\s*(\d{1,6})\s*$", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"\D")
_CITY_PREFIX = re.compile(r"^(?:г\.|г |город |гор\. ?)\s*")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_EMAIL_BREAKS = re.compile(r"[;,\s]+")
_HOST_END = re.compile(r"[/:?#\s]")


# --- keys ----------------------------------------------------------------------------------

def name_key(name: str | None) -> str:
    """The name without legal form, quotes, case, ё, look-alikes and word breaks."""
    return "".join(sort_key(name).split()) if name else ""


def city_key(city: str | None) -> str:
    return _CITY_PREFIX.sub("", fold(city)).strip() if city else ""


def phone_keys(phones: str | Iterable[str] | None) -> list[str]:
    """Each number as its ten national digits (a foreign one: all its digits), with 'x' and the
    extension when there is one. Numbers too short to mean anything are left out."""
    if not phones:
        return []
    text = phones if isinstance(phones, str) else "; ".join(p for p in phones if p)
    out: list[str] = []
    for piece in _PIECES.split(text.replace("\n", ";")):
        piece = piece.strip()
        if not piece:
            continue
        ext = ""
        m = _EXTENSION.search(piece)
        if m:
            ext, piece = "x" + m.group(1), piece[:m.start()]
        digits = _NOT_DIGIT.sub("", piece)
        if len(digits) == 11 and digits[0] in "78":
            digits = digits[1:]
        elif len(digits) == 6:
            digits = "4922" + digits  # a Vladimir number written without its code
        elif len(digits) < 7:
            continue
        key = digits + ext
        if key not in out:
            out.append(key)
    return out


def email_keys(emails: str | Iterable[str] | None) -> list[str]:
    if not emails:
        return []
    text = emails if isinstance(emails, str) else "; ".join(e for e in emails if e)
    out = []
    for raw in _EMAIL_BREAKS.split(text.lower()):
        address = raw.strip().strip("<>()[]\"'«»").removeprefix("mailto:").rstrip(".")
        if "@" in address and address not in out:
            out.append(address)
    return out


def website_domain(website: str | None) -> str:
    if not website:
        return ""
    text = _SCHEME.sub("", website.strip().lower())
    host = _HOST_END.split(text, maxsplit=1)[0].strip(".")
    return host.removeprefix("www.") if "." in host else ""


def domain_keys(emails: list[str], website: str | None) -> list[str]:
    """The private domains of the addresses and the website."""
    out: list[str] = []
    for d in [e.rsplit("@", 1)[1] for e in emails] + [website_domain(website)]:
        d = d.removeprefix("www.")
        if d and "." in d and d not in PUBLIC_DOMAINS and d not in out:
            out.append(d)
    return out


def keys_of(values: Mapping[str, Any], stored_sort_name: str | None = None, *,
            rules: Collection[str] = RULES, cities: Collection[str] | None = None) -> list[tuple[str, str]]:
    """(rule, key) pairs of one company given as field values (as stored or as typed).

    Only the keys of `rules` are made, and name keys only for a city (`city_key`) in `cities`
    (None: any city): for a caller that knows no other key can be found (`KeyIndex.matches`)."""
    out: list[tuple[str, str]] = []
    for rule in ("inn", "ogrn", "unp"):
        if rule in rules:
            value = values.get(rule)
            if value:
                out.append((rule, "".join(str(value).split()).upper()))
    if "name" in rules:
        city = city_key(values.get("city"))
        if cities is None or city in cities:
            names = {stored_sort_name.replace(" ", "") if stored_sort_name is not None
                     else name_key(values.get("short_name"))}
            if values.get("full_name"):
                names.add(name_key(values["full_name"]))
            out.extend(("name", f"{n}|{city}") for n in sorted(names) if n)
    if "phone" in rules:
        out.extend(("phone", k) for k in phone_keys(values.get("phones")))
    if "email" in rules or "domain" in rules:
        emails = email_keys(values.get("emails"))
        if "email" in rules:
            out.extend(("email", e) for e in emails)
        if "domain" in rules:
            out.extend(("domain", d) for d in domain_keys(emails, values.get("website")))
    return out


def describe_key(rule: str, key: str) -> str:
    """A key as a person reads it; for a name, the city (the names are on the companies' lines)."""
    if rule == "name":
        city = key.partition("|")[2]
        return city.title() if city else "—"
    if rule == "phone" and len(key) >= 10 and key[:10].isdigit():
        number, _, ext = key.partition("x")
        if len(number) == 10:
            shown = f"+7 {number[:3]} {number[3:6]}-{number[6:8]}-{number[8:]}"
            return shown + (f" доб. {ext}" if ext else "")
    return key


# --- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    rule: str
    key: str
    company_ids: tuple[int, ...] = ()

    @property
    def confidence(self) -> str:
        return RULE_CONFIDENCE[self.rule]

    @property
    def shown(self) -> str:
        return describe_key(self.rule, self.key)


@dataclass(frozen=True)
class Brief:
    id: int
    short_name: str
    legal_form: str | None
    inn: str | None
    city: str | None
    updated_at: Any = None

    @property
    def display_name(self) -> str:
        return f"{self.short_name}, {self.legal_form}" if self.legal_form else self.short_name


class _ByReasons:
    """Confidence and rules of something found for one or more reasons (a group, a match)."""

    reasons: Sequence[Reason]

    @property
    def confidence(self) -> str:
        return min((r.confidence for r in self.reasons), key=CONFIDENCE_ORDER.__getitem__)

    @property
    def rules(self) -> list[str]:
        return sorted({r.rule for r in self.reasons}, key=RULES.index)


@dataclass
class Group(_ByReasons):
    """Companies that are probably one; `reasons` say which keys they share."""

    companies: list[Brief]
    reasons: list[Reason] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [c.id for c in self.companies]


@dataclass(frozen=True)
class Match(_ByReasons):
    """An existing company that is probably the one being created or imported."""

    company: Brief
    reasons: tuple[Reason, ...]

    @property
    def company_id(self) -> int:
        return self.company.id


# --- the whole register --------------------------------------------------------------------

_LIVE = "archived_at IS NULL AND merged_into_id IS NULL"
_COLUMNS = ("id, short_name, legal_form, inn, city, updated_at, sort_name, full_name, ogrn, unp, "
            "phones, emails, website")


def _read(where: str = "", params: Iterable[Any] = ()) -> Iterable[tuple]:
    sql = f"SELECT {_COLUMNS} FROM company WHERE {_LIVE}" + (f" AND ({where})" if where else "")
    return database.execute_sql(sql, tuple(params))


# Companies read at a time by `_read_pages`: a monkeypatch in tests makes the register span pages.
PAGE = 20_000


def _read_pages() -> Iterator[tuple]:
    """Every live company, as `_read` gives them, a page at a time by id: only one page is ever in
    memory (PostgreSQL's client holds a statement's whole result before the first row)."""
    last = 0
    while True:
        rows = database.execute_sql(f"SELECT {_COLUMNS} FROM company WHERE {_LIVE} AND id > ? "
                                    "ORDER BY id LIMIT ?", (last, PAGE)).fetchall()
        yield from rows
        if len(rows) < PAGE:
            return
        last = rows[-1][0]


def _brief(row: tuple) -> Brief:
    cid, short, form, inn, city, updated = row[:6]
    return Brief(cid, short, form, inn, city, updated)


def _row_keys(row: tuple, rules: Collection[str] = RULES,
              cities: Collection[str] | None = None) -> list[tuple[str, str]]:
    (_, _, _, inn, city, _, sort_name, full, ogrn, unp, phones, emails, website) = row
    values = {"inn": inn, "ogrn": ogrn, "unp": unp, "city": city, "full_name": full if full else None,
              "phones": phones, "emails": emails, "website": website}
    return keys_of(values, stored_sort_name=sort_name or "", rules=rules, cities=cities)


def _row_values(row: tuple) -> tuple[Brief, list[tuple[str, str]]]:
    return _brief(row), _row_keys(row)


class KeyIndex:
    """Every live company's keys, read in one pass: the base of both the list of duplicate groups
    and of many checks in a row; or only some keys (`for_companies`: an import's new companies),
    which serve `matches` for those companies alone."""

    def __init__(self, only: Collection[tuple[str, str]] | None = None) -> None:
        """With `only`, the index holds those keys alone (and the companies that have them): what
        `matches` needs for companies whose keys are all among them, in memory that grows with
        them rather than with the register (an import's new companies, `for_companies`)."""
        self.buckets: dict[tuple[str, str], list[int]] = {}
        self.briefs: dict[int, Brief] = {}
        if only is not None:
            self._read_only(set(only))
        else:
            for row in _read():
                brief, keys = _row_values(row)
                self.briefs[brief.id] = brief
                self._add(brief.id, keys)
        # What `matches` can find at all (the index is read once and never changes), so that it
        # makes no key that cannot be found: the rules of keys that can be shared, the name keys' cities.
        usable = [key for key, ids in self.buckets.items() if len(ids) <= MAX_BUCKET]
        self._rules = frozenset(rule for rule, _ in usable)
        self._name_cities = frozenset(key.partition("|")[2] for rule, key in usable if rule == "name")

    @classmethod
    def for_companies(cls, companies: Iterable[Mapping[str, Any]]) -> KeyIndex:
        """The index of the keys of `companies` alone: `matches` answers for each of them as the
        whole register's index would."""
        wanted: set[tuple[str, str]] = set()
        for values in companies:
            wanted.update(keys_of(values))
        return cls(wanted)

    def _add(self, cid: int, keys: Iterable[tuple[str, str]]) -> None:
        for k in keys:
            bucket = self.buckets.get(k)
            if bucket is None:
                self.buckets[k] = [cid]
            elif bucket[-1] != cid:
                bucket.append(cid)

    def _read_only(self, wanted: set[tuple[str, str]]) -> None:
        """One pass over the register, a page at a time, keeping the keys in `wanted`: only the
        keys of their rules (and name keys of their cities) are made. A bucket stops growing
        past MAX_BUCKET: from there its size is all `matches` needs to know."""
        if not wanted:
            return
        rules = frozenset(rule for rule, _ in wanted)
        cities = frozenset(key.partition("|")[2] for rule, key in wanted if rule == "name")
        for row in _read_pages():
            keys = [k for k in _row_keys(row, rules, cities) if k in wanted]
            if not keys:
                continue
            keys = [k for k in keys if len(self.buckets.get(k, ())) <= MAX_BUCKET]
            if keys:
                self.briefs[row[0]] = _brief(row)
                self._add(row[0], keys)

    def groups(self) -> list[Group]:
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while parent.get(x, x) != root:
                parent[x], x = root, parent[x]
            return root

        reasons: list[Reason] = []
        for (rule, key), ids in self.buckets.items():
            if len(ids) < 2 or len(ids) > MAX_BUCKET:
                continue
            if RULE_CONFIDENCE[rule] != CERTAIN:
                inns = {self.briefs[i].inn for i in ids if self.briefs[i].inn}
                if len(inns) > 1:
                    continue  # different legal entities that share a phone, a name…
            reasons.append(Reason(rule, key, tuple(ids)))
            first = find(ids[0])
            for other in ids[1:]:
                root = find(other)
                if root != first:
                    parent[root] = first
        members: dict[int, set[int]] = {}
        for r in reasons:
            for cid in r.company_ids:
                members.setdefault(find(cid), set()).add(cid)
        by_root: dict[int, Group] = {
            root: Group(sorted((self.briefs[i] for i in ids), key=lambda b: b.id))
            for root, ids in members.items()}
        for r in reasons:
            by_root[find(r.company_ids[0])].reasons.append(r)
        groups = list(by_root.values())
        for g in groups:
            g.reasons.sort(key=lambda r: (RULES.index(r.rule), r.key))
        groups.sort(key=lambda g: (CONFIDENCE_ORDER[g.confidence], sort_key(g.companies[0].short_name),
                                   g.ids))
        return groups

    def matches(self, values: Mapping[str, Any], exclude: Iterable[int] = ()) -> list[Match]:
        """The live companies sharing a key with `values` (a company as typed or imported)."""
        if not self._rules:
            return []  # an empty register (or one of shared keys only): nothing to share a key with
        keys = keys_of(values, rules=self._rules, cities=self._name_cities)
        found: dict[int, list[Reason]] = {}
        skip = set(exclude)
        for k in keys:
            ids = self.buckets.get(k, [])
            if len(ids) > MAX_BUCKET:
                continue
            for cid in ids:
                if cid not in skip:
                    found.setdefault(cid, []).append(Reason(*k, company_ids=(cid,)))
        return _matches(values, {cid: (self.briefs[cid], rs) for cid, rs in found.items()})


def find_duplicates() -> list[Group]:
    """Groups of live (not archived) companies that are probably the same, strongest first."""
    return KeyIndex().groups()


def group_of(company_id: int) -> Group | None:
    """The group a company belongs to, if any (computed over the whole register)."""
    for g in find_duplicates():
        if company_id in g.ids:
            return g
    return None


# --- one company about to be saved ---------------------------------------------------------

_DIGITS_SQL = "replace(replace(replace(replace(replace(replace(phones, ' ', ''), '-', ''), '(', ''), " \
              "')', ''), '.', ''), '\u00a0', '')"


def _matches(values: Mapping[str, Any], found: Mapping[int, tuple[Brief, list[Reason]]]) -> list[Match]:
    inn = "".join(str(values.get("inn") or "").split())
    out = []
    for brief, reasons in found.values():
        certain = any(r.confidence == CERTAIN for r in reasons)
        if not certain and inn and brief.inn and brief.inn != inn:
            continue
        out.append(Match(brief, tuple(sorted(reasons, key=lambda r: RULES.index(r.rule)))))
    out.sort(key=lambda m: (CONFIDENCE_ORDER[m.confidence], sort_key(m.company.short_name), m.company.id))
    return out


def probable_duplicates_of(values: Mapping[str, Any], *, exclude: Iterable[int] = ()) -> list[Match]:
    """Live companies that are probably the company described by `values` (the fields of a company
    about to be created or imported: short_name, full_name, inn, ogrn, unp, city, phones, emails,
    website — as typed or as stored; lists allowed for phones and e-mails). Best match first.

    One query: identifiers by their indexes, the rest narrowed by SQL and checked here by the same
    keys as `find_duplicates`. Pass `exclude` (the company's own id) when checking an edit.
    """
    keys = keys_of(values)
    if not keys:
        return []
    where: list[str] = []
    params: list[Any] = []
    for rule, key in keys:
        if rule in ("inn", "ogrn", "unp"):
            where.append(f"{rule} = ?")
            params.append(key)
        elif rule == "name":
            where.append("replace(sort_name, ' ', '') = ?")
            params.append(key.split("|", 1)[0])
        elif rule == "phone":
            where.append(f"{_DIGITS_SQL} LIKE ?")
            params.append(f"%{key.split('x')[0][-7:]}%")
        elif rule == "email":
            where.append("lower(emails) LIKE ?")
            params.append(f"%{key}%")
        elif rule == "domain":
            where.append("(lower(emails) LIKE ? OR lower(website) LIKE ?)")
            params.extend((f"%@{key}%", f"%{key}%"))
    wanted = set(keys)
    skip = set(exclude)
    found: dict[int, tuple[Brief, list[Reason]]] = {}
    for row in _read(" OR ".join(where), params):
        brief, row_keys = _row_values(row)
        if brief.id in skip:
            continue
        shared = [Reason(rule, key, (brief.id,)) for rule, key in row_keys if (rule, key) in wanted]
        if shared:
            found[brief.id] = (brief, list(dict.fromkeys(shared)))
    return _matches(values, found)


__all__ = ["find_duplicates", "probable_duplicates_of", "KeyIndex", "Group", "Match", "Reason",
           "keys_of", "name_key", "phone_keys", "PUBLIC_DOMAINS", "CERTAIN", "HIGH", "MEDIUM"]
