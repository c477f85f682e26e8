"""The one catalogue of the interface's strings (tui/i18n/strings.py): every key can be found in
the code (or a web page's template) as written, none is unused or says the same as another, both
languages take the same values, and every code the lower layers raise or return has its sentence."""

from __future__ import annotations

import ast
import collections
import re
import string
from pathlib import Path

import pytest
from babel import Locale

from tui.i18n import set_language, t
from tui.i18n.strings import STRINGS

REPO = Path(__file__).resolve().parents[3]
CATALOGUE = REPO / "tui" / "i18n" / "strings.py"
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _sources(*folders: str) -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text()) for folder in folders for p in sorted((REPO / folder).rglob("*.py"))
            if p != CATALOGUE}


CODE = _sources("tui", "models", "importers")
TEMPLATES = {p: p.read_text() for p in sorted((REPO / "tui" / "web" / "templates").glob("*.html"))}
TEMPLATE_CALL = re.compile(r"\bt\(\s*(?:'([\w.]+)'|\"([\w.]+)\"|(.))")


def _template_keys() -> list[str]:
    """The keys the web pages' templates pass to `t()`; None for a call that builds its key."""
    return [quoted or doubled or None for text in TEMPLATES.values()
            for quoted, doubled, _ in TEMPLATE_CALL.findall(text)]


def _literals() -> collections.Counter[str]:
    found: collections.Counter[str] = collections.Counter()
    for tree in CODE.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found[node.value] += 1
    found.update(key for key in _template_keys() if key)
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_each_key_is_written_once_with_both_languages():
    tree = ast.parse(CATALOGUE.read_text())
    table = next(n for n in ast.walk(tree) if isinstance(n, ast.Dict))
    keys = [k.value for k in table.keys]
    assert [k for k, n in collections.Counter(keys).items() if n > 1] == []
    for key, pair in STRINGS.items():
        assert isinstance(pair, tuple) and len(pair) == 2 and all(pair), key
        assert _fields(pair[0]) == _fields(pair[1]), key
        assert not CYRILLIC.search(pair[1]), (key, pair[1])


def test_no_unused_keys():
    used = _literals()
    assert sorted(k for k in STRINGS if k not in used) == []


def test_no_two_keys_say_the_same_in_both_languages():
    by_pair = collections.defaultdict(list)
    for key, pair in STRINGS.items():
        by_pair[pair].append(key)
    assert [keys for keys in by_pair.values() if len(keys) > 1] == []


def test_no_key_is_built_from_pieces():
    """`t()` takes a key as written (or a variable holding one from a literal map): never an
    f-string or a concatenation, which no test could enumerate."""
    built = []
    for path, tree in CODE.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" \
                    and node.args and isinstance(node.args[0], (ast.JoinedStr, ast.BinOp)):
                built.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert built == []


def test_the_web_pages_name_their_keys():
    """The templates call `t()` with a key as written, one the catalogue has."""
    found = _template_keys()
    assert len(found) >= 10 and None not in found
    assert sorted({k for k in found if k not in STRINGS}) == []


def test_every_key_in_the_maps_exists():
    from tui.i18n import keys, labels

    for module in (keys, labels):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, dict):
                assert [k for k in value.values() if k not in STRINGS] == [], name


# what the lower layers raise or return with a code: the code is a catalogue key
_CODED = {"Problem", "PalataError", "StoreError", "StoreBusy", "ImportFailure", "ExportFailure",
          "UndoRefused", "MergeRefused", "BadCell"}


def test_every_code_of_the_lower_layers_has_its_sentence_and_values():
    lower = {p: tree for p, tree in CODE.items() if p.relative_to(REPO).parts[0] in ("models", "importers")}
    checked = 0
    for path, tree in lower.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CODED
                    and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            code = node.args[0].value
            where = f"{path.relative_to(REPO)}:{node.lineno}"
            assert code in STRINGS, where
            given = {k.arg for k in node.keywords if k.arg}
            if node.func.id == "Problem" and len(node.args) > 1 and isinstance(node.args[1], ast.Dict):
                given = {k.value for k in node.args[1].keys if isinstance(k, ast.Constant)}
            if not any(k.arg is None for k in node.keywords):  # no **values: every field is given
                assert _fields(STRINGS[code][0]) <= given | {"seconds"}, where
            checked += 1
    assert checked > 150


def test_lower_layers_raise_no_sentences():
    """No Cyrillic text in what models/ and importers/ raise, nor in the errors they build."""
    found = []
    for path, tree in CODE.items():
        if path.relative_to(REPO).parts[0] == "tui":
            continue
        for node in ast.walk(tree):
            made = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CODED
            if isinstance(node, ast.Raise) or made:
                if any(isinstance(c, ast.Constant) and isinstance(c.value, str) and CYRILLIC.search(c.value)
                       for c in ast.walk(node)):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert found == []


@pytest.fixture
def russian():
    set_language("ru")
    yield
    set_language("ru")


@pytest.mark.parametrize(("n", "word"), [(1, "компания"), (2, "компании"), (5, "компаний"), (11, "компаний"),
                                         (21, "компания"), (22, "компании"), (25, "компаний")])
def test_russian_plurals_follow_babel(russian, n, word):
    said = t("doctor.index_rebuilt", count=n)
    assert said.endswith(f"({n} {word})")
    forms = {"one": "компания", "few": "компании", "many": "компаний"}
    assert forms[Locale("ru").plural_form(n)] == word
