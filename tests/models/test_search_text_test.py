"""SQLite lists a broad search by name by testing the first companies' stored index text one by
one (`models.search.text_test`), not through the full-text index. Both must find exactly the same
companies for anything typed: a word's prefix, a word form, a thesaurus group, an identifier,
words joined by `_`, a fragment inside a name, several words at once."""

from __future__ import annotations

from models import search, store
from models.db import database
from models.entities import Company, Contact, Interest
from models.textnorm import index_text


def _register() -> None:
    def add(name: str, **values: object) -> int:
        return store.create(Company, {"short_name": name, "legal_form": "ООО", **values})

    add("Спецжелезобетон", country="Беларусь", city="Микашевичи", inn="7707083893")
    add("Суздаль-Железобетон", city="Суздаль", notes="склад_хранения и цех_2")
    add("Стройснаб", city="Владимир", industry="строительство")
    add("Муромтрубмаш", city="Муром", website="trubmash.example")
    heat = add("Теплосеть", city="Ковров", phones="+7 (49232) 2-11-00")
    add("OOO Cтройтрест", city="Ковров")  # Latin look-alikes in a Cyrillic word
    add("Minsk Trade", country="Беларусь", city="Минск")
    add("Ёлочка", city="Гусь-Хрустальный", notes="\x07звонок\x1b[31m; ёмкости")
    store.create(Interest, {"company": heat, "direction": "buys", "subject": "трубная продукция",
                            "partner_geo": "Китай"})
    store.create(Contact, {"company": heat, "name": "Дубова Татьяна", "position": "главный инженер"})


def _typed() -> list[str]:
    """Every prefix of every word the register's index holds, and some searches of several
    words, as a person types them."""
    texts = [v for row in database.execute_sql("SELECT name, ident, place, body FROM search_index")
             for v in row if v]
    prefixes = {w[:i] for t in texts for w in index_text(t).split() for i in range(1, len(w) + 1)}
    return sorted(prefixes) + [
        "трубы", "Трубами", "железобет", "трубмаш", "minsk trade", "ковров тепло",
        "белорусские", "РБ", "склад_хранения", "цех_2", "ооо стройтрест", "Cтрой", "елочка",
        "ёмкости", "7707", "2-11", "49232", "Дубова главный", "китай трубн", "минск бетон"]


def _found_by_text(text: str) -> set[int]:
    test = search.text_test(text, "s")
    assert test is not None
    return {r[0] for r in database.execute_sql(
        f"SELECT s.id FROM search_index_content s WHERE {test[0]}", test[1])}


def _found_by_index(text: str) -> set[int]:
    ids = search.matching_ids(text)
    assert ids is not None
    return {r[0] for r in database.execute_sql(ids[0], ids[1])}


def test_the_stored_text_finds_what_the_index_finds_for_anything_typed(sqlite_db):
    _register()
    typed = _typed()
    assert len(typed) > 150
    nothing = set()
    for text in typed:
        by_index = _found_by_index(text)
        assert _found_by_text(text) == by_index, text
        if not by_index:
            nothing.add(text)
    # a Latin prefix made only of letters that look Cyrillic is read as Cyrillic («ex» as «ех»);
    # no company is in Minsk and holds «бетон» too
    assert nothing == {"ex", "exa", "exam", "examp", "минск бетон"}


def _tiers(text: str, stored: bool) -> dict[int, int]:
    """Each matching company's tier, by the index's queries or by its stored text."""
    ids = search.matching_ids(text)
    rank = search.tier(text, None, "s" if stored else None)
    assert ids is not None and rank is not None
    return dict(database.execute_sql(
        f"SELECT c.id, {rank[0]} FROM ({ids[0]}) m JOIN company c ON c.id = m.rowid "
        "JOIN search_index_content s ON s.id = m.rowid", [*rank[1], *ids[1]]).fetchall())


def test_the_stored_text_ranks_as_the_index_ranks_for_anything_typed(sqlite_db):
    """A ranked page orders its matches by where they matched (name, identifier, place…): tested
    on the stored text, column by column, every match gets the tier the index's queries give."""
    _register()
    seen: set[int] = set()
    for text in _typed():
        by_index = _tiers(text, stored=False)
        assert _tiers(text, stored=True) == by_index, text
        seen.update(t // 100_000 for t in by_index.values())
    assert seen == {0, 1, 2, 3, 4, 5, 6}  # every tier met at least once


def test_nothing_searchable_has_no_test(sqlite_db):
    assert search.text_test("  ,,; ", "s") is None
