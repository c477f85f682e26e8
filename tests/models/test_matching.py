"""Matching a staffer can trust, on the sample register and on both stores: the December 2025
story's matches stay on top, the issue's noise is gone, members and partners are listed apart."""

from __future__ import annotations

from importers.register import load_register
from models import briefing, matching, search, thesaurus
from models.db import database
from tests.conftest import SAMPLE
from tests.models.sent import statements_sent


def _interest(company: str, subject: str) -> int:
    return database.execute_sql(
        "SELECT i.id FROM interest i JOIN company c ON c.id = i.company_id "
        "WHERE c.short_name = ? AND i.subject = ? ORDER BY i.id LIMIT 1", (company, subject)).fetchone()[0]


def _company(name: str) -> int:
    return database.execute_sql("SELECT id FROM company WHERE short_name = ?", (name,)).fetchone()[0]


def test_the_story_on_top_the_noise_gone_members_apart(both_backends):
    load_register(SAMPLE)
    # Stavrovo's pipes from Belarus: БелСтальТруб (Belarusian, the country the need names) first
    pipes = briefing.matches_for_interest(
        _interest("Ставровский индустриальный парк", "трубы стальные (белорусского производства)"))
    assert pipes[0].company.startswith("БелСтальТруб") and pipes[0].country == "Беларусь"
    assert all("труб" in m.subject for m in pipes)
    tiles = briefing.matches_for_interest(_interest("Ставровский индустриальный парк", "тротуарная плитка"))
    assert tiles[0].company.startswith("Спецжелезобетон")
    assert {m.subject.split(",")[0] for m in tiles} == {"тротуарная плитка"}

    # «производства» alone made ProfMetal's pipes match software; «стальные» made fittings match wire
    pnd = briefing.matches_for_interest(_interest("ProfMetal", "трубы ПНД для собственного производства"))
    assert not [m for m in pnd if "автоматизация" in m.subject]
    for seller in database.execute_sql(
            "SELECT id FROM interest WHERE subject LIKE 'стальные фитинги%' "
            "AND direction = 'sells'").fetchall():
        found = briefing.matches_for_interest(seller[0], limit=None)
        assert not [m for m in found if "проволока" in m.subject]

    # «Кто из наших подходит»: members only; Belarusian partners under their own heading
    b = briefing.briefing(_company("Ставровский индустриальный парк"))
    for interest in b.open_interests:
        assert all(m.member for m in b.ours(interest.id))
        assert all(not m.member for m in b.partners(interest.id))
    assert any(m.company.startswith("БелСтальТруб") for i in b.open_interests for m in b.partners(i.id))

    # and search, on the same register: the name fragment first, the adjective finds the country
    assert search.search_companies("железобет")[0].name == "Спецжелезобетон"
    assert "БелСтальТруб" in [h.name for h in search.search_companies("белорусские трубы")]


def _best_of_each(found: list[briefing.Match], n: int) -> list[briefing.Match]:
    """The best `n` members and the best `n` others of matches ranked, in their order."""
    members = [m for m in found if m.member][:n]
    others = [m for m in found if not m.member][:n]
    keep = {id(m) for m in members + others}
    return [m for m in found if id(m) in keep]


def test_a_briefing_finds_what_each_open_interest_finds_reading_the_weights_once(both_backends):
    load_register(SAMPLE)
    cid = _company("Ставровский индустриальный парк")
    with statements_sent() as sent:
        b = briefing.briefing(cid)
    assert b is not None and len(b.open_interests) >= 2 and any(b.matches.values())
    for interest in b.open_interests:
        alone = briefing.matches_for_interest(interest.id, limit=None)
        assert b.matches[interest.id] == _best_of_each(alone, 5)
    # the interests as the dossier read them; the words' weights checked once, not once an interest
    assert not [s for s in sent if "FROM interest WHERE id" in s]
    assert len([s for s in sent if "count(*)" in s and "FROM interest" in s]) == 1


def test_the_weights_follow_a_subject_edited_in_place(both_backends):
    """The words' weights are kept between briefings; a subject corrected in place (the same
    number of interests, the same newest one) is weighed as it reads now, not as it read."""
    from models import store
    from models.entities import Company, Interest

    cid = store.create(Company, {"short_name": "Ковровский кирпичный завод", "city": "Ковров"})
    iid = store.create(Interest, {"company": cid, "direction": "sells", "subject": "стекло листовое"})
    store.create(Interest, {"company": cid, "direction": "buys", "subject": "трансформаторы"})
    brick = matching.concepts("кирпич").words
    assert not brick & matching.weights().frequency.keys()
    store.update(Interest, iid, 1, {"subject": "кирпич облицовочный"})
    assert brick <= matching.weights().frequency.keys()
    assert not matching.concepts("стекло").words & matching.weights().frequency.keys()


def test_generic_words_never_make_a_match_alone():
    w = matching.Weights(100, {})
    ours = matching.concepts("трубы ПНД для собственного производства")
    assert matching.similarity(ours, matching.concepts("автоматизация производства, опт"), w)[0] == 0
    assert matching.similarity(matching.concepts("стальные фитинги"),
                               matching.concepts("стальная проволока"), w)[0] == 0
    # a synonym is one concept: «ПНД» is «полиэтилен низкого давления»
    assert matching.similarity(matching.concepts("трубы ПНД"),
                               matching.concepts("трубы из полиэтилена низкого давления"), w)[0] == 1


def test_countries_are_preferences_not_products():
    c = matching.concepts("трубы стальные (белорусского производства)", "Китай")
    assert c.countries == {"Беларусь", "Китай"} and c.words == {"труб"}
    assert thesaurus.country_of("узбекские фрукты") == "Узбекистан"
    assert thesaurus.country_of("из РБ") == "Беларусь"


def test_the_thesaurus_file_reads_in_groups():
    th = thesaurus.parse("# comment\n[страны]\nБеларусь | белорусский | РБ\n[синонимы]\n"
                         "ЖБИ | железобетонные изделия\n")
    belarus, rc = th.groups
    assert belarus.kind == "countries" and belarus.label == "Беларусь"
    assert th.group_of(thesaurus.term_of("белорусских")) is belarus
    assert thesaurus.segment(list(thesaurus.term_of("купим железобетонных изделий")), th)[1] == (
        thesaurus.term_of("железобетонные изделия"), rc)
    # every line of the shipped file is a group of at least two terms
    assert all(len(g.terms) >= 2 for g in thesaurus.load().groups)


def test_past_the_cap_both_stores_weigh_the_newest_candidates(both_backends, monkeypatch):
    """More answering interests than the briefing weighs: the newest are taken, the same ones on
    SQLite and PostgreSQL (without an order each store took whichever rows it met first)."""
    from models import store
    from models.entities import Company, Interest

    def company_selling(n: int) -> int:
        cid = store.create(Company, {"short_name": f"Трубный завод {n}", "city": "Ковров"})
        return store.create(Interest, {"company": cid, "direction": "sells", "subject": "трубы стальные"})

    ours = store.create(Company, {"short_name": "Ставровский парк", "city": "Ставрово"})
    need = store.create(Interest, {"company": ours, "direction": "buys", "subject": "трубы стальные"})
    offers = [company_selling(n) for n in range(5)]
    monkeypatch.setattr(briefing, "MAX_CANDIDATES", 2)
    assert {m.interest_id for m in briefing.matches_for_interest(need)} == set(offers[-2:])


def test_candidates_read_any_way_are_the_same(both_backends, monkeypatch):
    """SQLite reads the candidates of words found in few companies through those companies, of
    common words by walking the interests newest first; PostgreSQL matches the body alone on a
    large register, also in any column on a small one (for its planner): the same matches every
    way, capped or not."""
    from models import backend

    load_register(SAMPLE)
    ids = [r[0] for r in database.execute_sql(
        "SELECT id FROM interest WHERE status IN ('open', 'in_work') ORDER BY id")]
    found, usual = {}, briefing.MAX_CANDIDATES
    for cap in (usual, 3):
        monkeypatch.setattr(briefing, "MAX_CANDIDATES", cap)
        for few in (True, False):
            monkeypatch.setattr(briefing, "_few_companies", lambda *args, few=few: few)
            for large in (True, False):
                monkeypatch.setattr(backend, "_COLUMN_ALONE_FROM", 0 if large else 10**12)
                found[cap, few, large] = [briefing.matches_for_interest(i, limit=None) for i in ids]
        assert len({repr(v) for k, v in found.items() if k[0] == cap}) == 1
    assert sum(map(len, found[3, True, True])) < sum(map(len, found[usual, True, True]))


def test_an_archived_company_answers_no_interest_and_takes_no_place_under_the_cap(both_backends, monkeypatch):
    """A company moved to the archive is no match, and the candidates weighed are the newest of
    the companies still there (the archived one does not use up a place of the cap)."""
    from models import store
    from models.entities import Company, Interest

    def company_selling(n: int) -> tuple[int, int]:
        cid = store.create(Company, {"short_name": f"Трубный завод {n}", "city": "Ковров"})
        offer = {"company": cid, "direction": "sells", "subject": "трубы стальные"}
        return cid, store.create(Interest, offer)

    ours = store.create(Company, {"short_name": "Ставровский парк", "city": "Ставрово"})
    need = store.create(Interest, {"company": ours, "direction": "buys", "subject": "трубы стальные"})
    offers = [company_selling(n) for n in range(4)]
    store.archive(Company, offers[-1][0], 1)
    assert {m.interest_id for m in briefing.matches_for_interest(need)} == {i for _, i in offers[:3]}
    monkeypatch.setattr(briefing, "MAX_CANDIDATES", 2)
    assert {m.interest_id for m in briefing.matches_for_interest(need)} == {i for _, i in offers[1:3]}
    store.restore(Company, offers[-1][0], 2)
    assert {m.interest_id for m in briefing.matches_for_interest(need)} == {i for _, i in offers[2:]}
