"""Tables that read at 80 columns: text wraps between words only, an e-mail or a phone number is
never cut in two, and the width goes to the columns that matter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from tui.widgets.fit import Fit, FitTable, share, wrap

WORDS = st.sampled_from(["сотрудничестве", "о", "соглашение", "ryabtseva.m@spetszhelezobeton.by",
                         "+7 904 663-20-55", "торгово-промышленной", "ООО", "Спецжелезобетон,",
                         "www.sip.ru", "и", "Владимирскую"])


@given(st.lists(WORDS, min_size=1, max_size=12), st.integers(min_value=6, max_value=40))
def test_wrapped_lines_fit_and_keep_every_piece_whole(words, width):
    text = " ".join(words)
    lines = wrap(Text(text), width).plain.split("\n")
    assert all(len(line) <= width for line in lines)
    shown = " ".join(lines)
    for word in words:
        # a piece that fits is on one line whole; one that does not ends in '…' (or, for a
        # hyphenated word, breaks after its hyphen), never in the middle of a line below
        if len(word) <= width:
            assert word in shown
        else:
            assert "…" in shown or "-" in word


def test_an_address_wider_than_the_line_is_cut_with_an_ellipsis_not_folded():
    lines = wrap(Text("эл. почта: ryabtseva.m@spetszhelezobeton.by"), 20).plain.split("\n")
    assert lines == ["эл. почта:", "ryabtseva.m@spetszh…"]


def test_a_phone_number_stays_on_one_line():
    assert wrap(Text("звонить +7 904 663-20-55 утром"), 18).plain.split("\n") == [
        "звонить", "+7 904 663-20-55", "утром"]


def test_a_hyphenated_word_breaks_after_its_hyphen():
    assert wrap(Text("Владимирская торгово-промышленная палата"), 14).plain.split("\n") == [
        "Владимирская", "торгово-", "промышленная", "палата"]


def test_a_cell_kept_to_two_lines_ends_in_an_ellipsis_after_a_whole_word():
    source = "Визит делегации Минского отделения БелТПП во Владимирскую область"
    assert wrap(Text(source), 18, max_lines=2).plain.split("\n") == ["Визит делегации", "Минского…"]


def test_share_gives_fixed_columns_their_width_and_the_rest_by_weight():
    widths = share(60, [Fit(10, 10), Fit(12, 80, 1), Fit(12, 80, 3)])
    assert sum(widths) == 60 and widths[0] == 10 and widths[2] > widths[1] >= 12


def test_short_of_room_an_address_gives_way_last():
    widths = share(30, [Fit(14, 14, 1, (14, 14)), Fit(21, 21, 1, (21,), keep=21)])
    assert widths[1] == 21 and sum(widths) == 30


def test_the_agreements_of_the_december_visit_read_whole_at_80_columns():
    rows = [("10.12.2025", "соглашение о сотрудничестве",
             "Сотрудничество в поставках железобетонных изделий",
             "Компания Интеграл, ООО; Спецжелезобетон, ОАО", "подписано")]
    console = Console(width=78, record=True, color_system=None)
    console.print(FitTable([("Дата", {"no_wrap": True}), ("Вид", {"ratio": 2}),
                            ("Предмет", {"ratio": 4}), ("Стороны", {"ratio": 3}),
                            ("Статус", {"ratio": 2})], rows))
    shown = console.export_text()
    for word in ("сотрудничестве", "Спецжелезобетон,", "железобетонных", "подписано"):
        assert word in shown
    assert "…" not in shown
