"""Merging duplicates: everything moves, unique rows are merged, the choice per field, one logged
transaction, search finds the kept company by the old names; undo restores the exact state."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import search, store
from models.db import database
from models.entities import (
    Activity,
    Agreement,
    AgreementParty,
    ChangeLog,
    Company,
    Contact,
    Interest,
    Meeting,
    MeetingParty,
    Mission,
    Participation,
)
from models.merge import Merge, MergeRefused, merge_companies, undo_merge
from tests.conftest import raises_said, recorded_user
from tests.models.duplicates_support import company, dump, inn

CHILD_TABLES = ("contact", "interest", "activity", "participation", "meeting_party", "agreement_party")


def _base() -> tuple[list[int], list[int], list[int]]:
    missions = [store.create(Mission, {"kind": "round_table", "title": f"Миссия {i}"}) for i in range(3)]
    meetings = [store.create(Meeting, {"subject": f"Встреча {i}"}) for i in range(3)]
    agreements = [store.create(Agreement, {"kind": "nda", "subject": f"Соглашение {i}"}) for i in range(2)]
    return missions, meetings, agreements


def _fill(cid: int, n: int, missions, meetings, agreements, parts: dict) -> None:
    for i in range(n):
        store.create(Contact, {"company": cid, "name": f"Контакт {cid}-{i}"})
        store.create(Interest, {"company": cid, "direction": "buys", "subject": f"трубы {cid}-{i}"})
        store.create(Activity, {"company": cid, "text": f"Звонок {cid}-{i}"})
    for m, role in parts.get("missions", []):
        store.create(Participation, {"mission": missions[m], "company": cid, "role": role,
                                     "outcome": f"итог {cid}"})
    for m in parts.get("meetings", []):
        MeetingParty.create(meeting=meetings[m], company=cid)
    for a in parts.get("agreements", []):
        AgreementParty.create(agreement=agreements[a], company=cid)


def _related(cid: int) -> dict[str, int]:
    return {t: database.execute_sql(f'SELECT count(*) FROM "{t}" WHERE company_id = ?', (cid,)).fetchone()[0]
            for t in CHILD_TABLES}


@pytest.fixture
def pair(db):
    missions, meetings, agreements = _base()
    keep = company("ООО «Ромашка»", city="Владимир", phones="+7 4922 12-34-56", emails="a@romashka.ru")
    other = company("Ромашка", city="Владимир", inn=inn(7), phones="8 (4922) 65-43-21",
                    website="romashka.ru", notes="старая запись")
    _fill(keep, 1, missions, meetings, agreements,
          {"missions": [(0, "participant")], "meetings": [0], "agreements": [0]})
    _fill(other, 2, missions, meetings, agreements,
          {"missions": [(0, "participant"), (1, "host")], "meetings": [0, 1], "agreements": [0, 1]})
    # Both last updated at the same moment: the kept company wins the tie, so its values come first
    # (created a second apart, the newer one would lead and the united phones would swap order).
    database.execute_sql("UPDATE company SET updated_at = '2025-01-01 00:00:00' WHERE id IN (?, ?)",
                         (keep, other))
    return keep, other


def test_merge_moves_everything_and_merges_unique_rows(pair):
    keep, other = pair
    result = merge_companies(keep, [other], user="petrov")
    assert _related(other) == dict.fromkeys(CHILD_TABLES, 0)
    assert _related(keep) == {"contact": 3, "interest": 3, "activity": 3, "participation": 2,
                              "meeting_party": 2, "agreement_party": 2}
    assert result.moved == {"contact": 2, "interest": 2, "activity": 2, "participation": 1,
                            "meeting_party": 1, "agreement_party": 1}
    assert result.combined == {"participation": 1, "meeting_party": 1, "agreement_party": 1}
    # the duplicate participation's outcome is kept on the surviving one
    twin = Participation.get((Participation.company == keep) & (Participation.role == "participant"))
    assert twin.outcome == f"итог {keep}; итог {other}"
    kept, gone = Company.get_by_id(keep), Company.get_by_id(other)
    assert gone.archived_at is not None and gone.merged_into_id == keep
    assert gone.inn is None and kept.inn == inn(7)  # the unique INN moved over
    assert kept.phones == "+7 4922 12-34-56; 8 (4922) 65-43-21"
    assert kept.website == "romashka.ru" and kept.notes == "старая запись"
    assert kept.version == 2
    merge = Merge.get_by_id(result.merge_id)
    assert (merge.user, merge.keep_id, merge.other_ids) == (recorded_user("petrov"), keep, [other])
    log = ChangeLog.select().where(ChangeLog.user == recorded_user("petrov"))
    assert {(e.table, e.action) for e in log} >= {("company", "update"), ("company", "archive"),
                                                  ("contact", "update"), ("participation", "delete"),
                                                  ("meeting_party", "delete"), ("agreement_party", "update")}


def test_search_for_the_old_name_or_inn_finds_the_kept_company(db):
    keep = company("Лютик", city="Владимир", inn=inn(1))
    other = company("Василёк-Агро", city="Владимир", inn=inn(2))
    merge_companies(keep, [other])
    assert [h.company_id for h in search.search_companies("василек")] == [keep]
    assert [h.company_id for h in search.search_companies(inn(2))] == [keep]
    assert search.index_matches_tables()


def test_choices_override_the_default_per_field(pair):
    keep, other = pair
    result = merge_companies(keep, [other], {"short_name": other, "inn": keep, "phones": keep}, dry_run=True)
    assert result.fields["short_name"].value == "Ромашка"
    assert result.fields["inn"].value is None
    assert result.fields["phones"].value == "+7 4922 12-34-56"
    merge_companies(keep, [other], {"short_name": other, "inn": keep, "phones": keep})
    kept, gone = Company.get_by_id(keep), Company.get_by_id(other)
    assert (kept.short_name, kept.sort_name, kept.inn, kept.phones) == \
        ("Ромашка", "ромашка", None, "+7 4922 12-34-56")
    assert gone.inn == inn(7)  # not taken over: stays on the archived one


def test_the_most_recently_updated_value_wins(db):
    a = company("Альфа", city="Владимир", address="ул. Старая, 1")
    b = company("Альфа", city="Владимир", address="ул. Новая, 2", region="Владимирская обл.")
    database.execute_sql("UPDATE company SET updated_at = '2020-01-01 00:00:00' WHERE id = ?", (a,))
    fields = merge_companies(a, [b], dry_run=True).fields
    assert fields["address"].value == "ул. Новая, 2" and fields["address"].source == b
    assert fields["region"].value == "Владимирская обл."
    assert fields["short_name"].source == b and fields["short_name"].value == fields["short_name"].old


def test_dry_run_writes_nothing(pair):
    keep, other = pair
    before = dump()
    logged = ChangeLog.select().count()
    result = merge_companies(keep, [other], dry_run=True)
    assert result.dry_run and result.merge_id is None and result.moved["contact"] == 2
    assert dump() == before
    assert ChangeLog.select().count() == logged and Merge.select().count() == 0


def test_undo_restores_the_exact_previous_state(pair):
    keep, other = pair
    before = dump()
    result = merge_companies(keep, [other])
    assert dump() != before
    done = undo_merge(result.merge_id, user="ivanova")
    assert dump() == before
    assert done["companies"] == 2
    assert Merge.get_by_id(result.merge_id).undone_by == recorded_user("ivanova")
    with raises_said(MergeRefused, "уже отменено"):
        undo_merge(result.merge_id)


def test_undo_is_refused_after_a_later_edit_of_the_same_records(pair):
    keep, other = pair
    result = merge_companies(keep, [other])
    contact = Contact.select().where(Contact.company == keep).order_by(Contact.id.desc()).get()
    store.update(Contact, contact.id, contact.version, {"position": "директор"}, user="sidorov")
    who = recorded_user("sidorov")
    with raises_said(MergeRefused, rf"контакт «.*» изменена после объединения \({who}"):
        undo_merge(result.merge_id)
    # putting the value back does not help: the record is not the one the merge left (its version)
    store.update(Contact, contact.id, contact.version + 1, {"position": None}, user="sidorov")
    with pytest.raises(MergeRefused):
        undo_merge(result.merge_id)


def test_undo_is_refused_when_a_removed_row_s_id_was_taken_again(pair):
    keep, other = pair
    result = merge_companies(keep, [other])
    removed = json.loads(Merge.get_by_id(result.merge_id).moved)["deleted"]["meeting_party"]
    # a new party now holds the removed one's id (SQLite hands a freed highest id out again)
    third = company("Посторонняя")
    meeting = Meeting.select().order_by(Meeting.id.desc()).get().id
    MeetingParty.insert(id=removed[0], meeting=meeting, company=third).execute()
    with raises_said(MergeRefused, r"нельзя отменить: запись .* занята новой записью"):
        undo_merge(result.merge_id)


def test_undo_ignores_unrelated_later_edits(pair):
    keep, other = pair
    third = company("Посторонняя")
    result = merge_companies(keep, [other])
    store.update(Company, third, 1, {"city": "Муром"})
    store.create(Contact, {"company": keep, "name": "Новый контакт"})
    undo_merge(result.merge_id)
    assert Company.get_by_id(other).archived_at is None
    assert Contact.select().where(Contact.company == keep).count() == 2  # 1 own + the new one


@pytest.mark.parametrize("keep_offset, others, message", [
    (0, [0], "сама с собой"), (0, [], "хотя бы одну"), (0, [999], "нет в реестре"),
])
def test_merge_refusals(pair, keep_offset, others, message):
    keep, other = pair
    with raises_said(MergeRefused, message):
        merge_companies(keep + keep_offset, [keep + o if o != 999 else 999 for o in others])


def test_merging_an_archived_company_or_a_bad_choice_is_refused(pair):
    keep, other = pair
    with raises_said(MergeRefused, "нельзя выбирать"):
        merge_companies(keep, [other], {"version": other})
    with raises_said(MergeRefused, "не участвует"):
        merge_companies(keep, [other], {"city": 999})
    merge_companies(keep, [other])
    with raises_said(MergeRefused, "уже присоединена"):
        merge_companies(keep, [other])


def test_chains_follow_the_kept_company(db):
    a, b, c = company("А-1"), company("А-2"), company("А-3")
    merge_companies(b, [c])
    merge_companies(a, [b])
    assert Company.get_by_id(c).merged_into_id == a
    assert {h.company_id for h in search.search_companies("А-3")} == {a}


# --- property: any register, any merge -----------------------------------------------------

ROLES = ("participant", "host")
company_spec = st.fixed_dictionaries({
    "contacts": st.integers(0, 2),
    "missions": st.lists(st.tuples(st.integers(0, 2), st.sampled_from(ROLES)), max_size=3, unique=True),
    "meetings": st.lists(st.integers(0, 2), max_size=3, unique=True),
    "agreements": st.lists(st.integers(0, 1), max_size=2, unique=True),
    "inn": st.booleans(),
    "phones": st.sampled_from([None, "+7 4922 12-34-56", "84951234567"]),
    "city": st.sampled_from([None, "Владимир", "Муром"]),
})


class _Rollback(Exception):
    pass


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(company_spec, min_size=2, max_size=4), keep_index=st.integers(0, 3),
       take=st.dictionaries(st.sampled_from(["inn", "phones", "city", "short_name"]), st.integers(0, 3),
                            max_size=3))
def test_property_merge_moves_every_related_row_and_undo_restores_all(db, specs, keep_index, take):
    try:
        with database.atomic():
            missions, meetings, agreements = _base()
            ids = []
            for n, spec in enumerate(specs):
                cid = company(f"Компания {n}", city=spec["city"], phones=spec["phones"],
                              inn=inn(100 + n) if spec["inn"] else None)
                _fill(cid, spec["contacts"], missions, meetings, agreements, spec)
                ids.append(cid)
            keep = ids[keep_index % len(ids)]
            others = [i for i in ids if i != keep]
            choices = {f: ids[i % len(ids)] for f, i in take.items()}
            before = dump()
            counts = {cid: _related(cid) for cid in ids}
            expected_missions = {(p.mission_id, p.role) for p in Participation.select()
                                 .where(Participation.company.in_(ids))}
            expected_meetings = {p.meeting_id for p in MeetingParty.select()
                                 .where(MeetingParty.company.in_(ids))}
            expected_agreements = {p.agreement_id for p in AgreementParty.select()
                                   .where(AgreementParty.company.in_(ids))}

            result = merge_companies(keep, others, choices)

            for cid in others:
                assert _related(cid) == dict.fromkeys(CHILD_TABLES, 0)
                gone = Company.get_by_id(cid)
                assert gone.merged_into_id == keep and gone.archived_at is not None
            after = _related(keep)
            for table in ("contact", "interest", "activity"):
                assert after[table] == sum(c[table] for c in counts.values())
            assert {(p.mission_id, p.role) for p in Participation.select()
                    .where(Participation.company == keep)} == expected_missions
            assert {p.meeting_id for p in MeetingParty.select().where(MeetingParty.company == keep)} \
                == expected_meetings
            assert {p.agreement_id for p in AgreementParty.select().where(AgreementParty.company == keep)} \
                == expected_agreements
            kept = Company.get_by_id(keep)
            for name, source in choices.items():
                assert getattr(kept, name) == result.fields[name].value
                assert json.dumps(result.fields[name].source) == json.dumps(source)
            assert search.index_matches_tables()

            undo_merge(result.merge_id)
            assert dump() == before
            raise _Rollback
    except _Rollback:
        pass
