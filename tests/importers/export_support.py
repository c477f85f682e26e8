"""A small register with every kind of record, and an id-free picture of a whole store to compare
two stores by (the export's round trip gives every record a new id)."""

from __future__ import annotations

from datetime import date

from models import store
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    Company,
    Contact,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
)
from models.identifiers import make_inn, make_ogrn, make_unp

# Bookkeeping that an export does not carry, by design.
_SKIP = {"id", "version", "created_at", "updated_at", "sort_name", "archived_at", "merged_into"}
# Fields the register layout (importers/layout.py) has no column for yet: not compared.
NOT_IN_LAYOUT = {(Interest, "closed_on"), (Interest, "meeting"), (Agreement, "meeting")}


def _fields(model) -> list[str]:
    return [name for name in model._meta.fields
            if name not in _SKIP and (model, name) not in NOT_IN_LAYOUT]


def _values(row, model, skip: tuple[str, ...] = ()) -> tuple:
    return tuple(getattr(row, n) for n in _fields(model) if n not in skip)


def _key(value) -> tuple:
    """Sort key for tuples holding None next to values."""
    return tuple((v is None, repr(v)) for v in value)


def snapshot() -> dict[str, list]:
    """Every live record of the open store, references replaced by what they point to."""
    missions = {m.id: _values(m, Mission) for m in Mission.select().where(Mission.archived_at.is_null())}
    companies = {}
    for c in Company.select().where(Company.archived_at.is_null()):
        companies[c.id] = _values(c, Company)

    def mission(mid):
        return missions.get(mid)

    out: dict[str, list] = {"companies": sorted(companies.values(), key=_key),
                            "missions": sorted(missions.values(), key=_key)}
    out["contacts"] = sorted(
        ((companies[k.company_id],) + _values(k, Contact, ("company",))
         for k in Contact.select().where(Contact.archived_at.is_null()) if k.company_id in companies),
        key=_key)
    out["interests"] = sorted(
        ((companies[i.company_id], mission(i.mission_id)) + _values(i, Interest, ("company", "mission"))
         for i in Interest.select() if i.company_id in companies), key=_key)
    out["participations"] = sorted(
        ((companies[p.company_id], mission(p.mission_id)) + _values(p, Participation, ("company", "mission"))
         for p in Participation.select() if p.company_id in companies and p.mission_id in missions),
        key=_key)
    out["activities"] = sorted(
        ((companies[a.company_id], mission(a.mission_id)) + _values(a, Activity, ("company", "mission"))
         for a in Activity.select() if a.company_id in companies), key=_key)
    linked = (("meetings", Meeting, MeetingParty), ("agreements", Agreement, AgreementParty))
    for name, model, party in linked:
        fk = "meeting_id" if model is Meeting else "agreement_id"
        parties: dict[int, list] = {}
        for link in party.select():
            if link.company_id in companies:
                parties.setdefault(getattr(link, fk), []).append(companies[link.company_id])
        out[name] = sorted(
            ((mission(r.mission_id), tuple(sorted(parties.get(r.id, []), key=_key)))
             + _values(r, model, ("mission",)) for r in model.select()), key=_key)
    return out


def make_register(n: int = 6, *, hostile: list[str] | None = None) -> dict[str, list[int]]:
    """Fill the open (empty) store with `n` companies and every kind of record around them.

    `hostile` strings, when given, are put into every free-text field in turn."""
    texts = list(hostile or [])

    def text(default: str, i: int) -> str:
        return texts[i % len(texts)] if texts else default

    m1 = store.create(Mission, {"kind": "outgoing", "title": "Бизнес-миссия в Минск",
                                "starts_on": date(2025, 3, 11), "ends_on": date(2025, 3, 13),
                                "place": "Минск", "partner_country": "Беларусь",
                                "organisers": "Владимирская ТПП", "partners": "БелТПП; Минское отделение",
                                "description": text("Переговоры B2B\nи посещение заводов", 0)})
    m2 = store.create(Mission, {"kind": "round_table", "title": text("Круглый стол: экспорт", 1),
                                "starts_on": date(2024, 11, 2)})
    companies = []
    for i in range(n):
        values = {
            "short_name": text(f"Компания {i}", i) if i % 2 else f"Компания «Завод-{i}»",
            "full_name": f"Общество с ограниченной ответственностью «Завод-{i}»",
            "legal_form": "ООО", "inn": make_inn(f"0{i:02d}1234{i % 10}5"[:9]),
            "kpp": f"33{i:02d}01001", "ogrn": make_ogrn(f"10233{i:07d}"),
            "country": "Россия" if i % 3 else "Беларусь", "region": "Владимирская область",
            "city": ["Владимир", "Ковров", "Минск"][i % 3], "address": text(f"ул. Мира, д. {i}", i + 2),
            "phones": f"+7 4922 12-34-56; 8 800 000-00-0{i % 10}", "emails": f"info{i}@zavod{i}.ru",
            "website": f"https://zavod{i}.ru", "okved": ["25.11", "23.61", "10.71"][i % 3],
            "industry": "Производство стальных труб", "member_number": f"00{i:03d}",
            "member_status": ["active", "suspended", "left"][i % 3],
            "member_since": date(2001 + i, 1 + i % 12, 1 + i), "dues_paid_until": date(2026, 12, 31),
            "tags": "экспорт; ВЭД" if i % 2 else None, "notes": text(f"Заметка\nвторая строка {i}", i + 3),
        }
        if i % 3 == 0:
            values["unp"] = _unp(i)
        cid = store.create(Company, values)
        companies.append(cid)
        store.create(Contact, {"company": cid, "name": f"Иванов Иван {i}", "position": "директор",
                               "phones": "+7 912 345-67-89", "emails": f"ivanov{i}@zavod{i}.ru",
                               "is_primary": True, "notes": text("звонить после обеда", i)})
        store.create(Contact, {"company": cid, "name": f"Петрова Анна {i}", "is_primary": False})
        store.create(Interest, {"company": cid, "direction": ["buys", "sells", "partner", "invests"][i % 4],
                                "subject": text("стальные трубы", i + 1), "okved": "24.20",
                                "partner_geo": "Беларусь", "status": ["open", "in_work", "done"][i % 3],
                                "mission": m1 if i % 2 else None, "source": "миссия в Минск",
                                "opened_on": date(2025, 3, 12), "notes": text("нужен образец", i + 4)})
        store.create(Participation, {"mission": m1, "company": cid,
                                     "role": ["participant", "host", "visited", "organiser"][i % 4],
                                     "outcome": text("подписано NDA", i + 5)})
        store.create(Activity, {"company": cid, "mission": m2 if i % 2 else None, "kind": "call",
                                "happened_on": date(2025, 4, 1 + i), "text": text("обсудили поставку", i + 6),
                                "author": "ivanova", "due_on": date(2025, 5, 1) if i % 2 else None,
                                "done": bool(i % 2)})
    meeting = store.create(Meeting, {"mission": m1, "held_on": date(2025, 3, 12),
                                     "subject": text("поставка труб", 7), "outcome": "договорились"})
    MeetingParty.insert_many([{"meeting": meeting, "company": c} for c in companies[:3]]).execute()
    lone = store.create(Meeting, {"subject": "встреча без миссии"})
    MeetingParty.insert_many([{"meeting": lone, "company": companies[-1]}]).execute()
    agreement = store.create(Agreement, {"kind": "supply", "subject": text("договор поставки труб", 8),
                                         "signed_on": date(2025, 3, 13), "mission": m1, "status": "signed",
                                         "notes": text("на 3 года", 9)})
    AgreementParty.insert_many([{"agreement": agreement, "company": c} for c in companies[1:3]]).execute()
    return {"companies": companies, "missions": [m1, m2]}


def _unp(i: int) -> str:
    for k in range(20):
        try:
            return make_unp(f"19{i:03d}{k:03d}")
        except ValueError:
            continue
    raise AssertionError("no UNP")
