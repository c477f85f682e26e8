"""The tests mirror the source folders: a test module sits under the folder of the source it chiefly
exercises (tests/models/ for models/, tests/tui/screens/ for tui/screens/, tests/tui/cli/ for
tui/cli.py and its cli_*.py companions), so that whoever changes a source file knows where its
tests are. Only the few modules about the project as a whole sit at the top of tests/.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

TESTS = REPO / "tests"
PROJECT_WIDE = {"test_package.py", "test_layout.py"}  # the wheel; this layout itself


def _mirrors(folder: Path) -> bool:
    """True when tests/<folder> stands for a source package (a folder with Python in it) or a
    source module (<folder>.py), and every folder above it does too."""
    relative = folder.relative_to(TESTS)
    for depth in range(1, len(relative.parts) + 1):
        source = REPO.joinpath(*relative.parts[:depth])
        package = source.is_dir() and any(source.glob("*.py"))
        if not package and not source.with_suffix(".py").is_file():
            return False
    return True


def _test_modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if "__pycache__" not in p.parts)


def test_every_test_module_sits_in_a_folder_that_mirrors_the_source():
    misplaced = [str(p.relative_to(REPO)) for p in _test_modules()
                 if (p.parent == TESTS and p.name not in PROJECT_WIDE)
                 or (p.parent != TESTS and not _mirrors(p.parent))]
    assert not misplaced, ("move these under the tests/ folder that mirrors the source they "
                           f"exercise (tests/models, tests/importers, tests/tui/…): {misplaced}")


def test_every_test_folder_is_a_package():
    # Without __init__.py pytest names a module by its file name alone, and two test_cli.py in
    # two folders would collide; with it they are tests.tui.cli.test_cli and so on.
    folders = {p.parent for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts}
    loose = [str(f.relative_to(REPO)) for f in sorted(folders) if not (f / "__init__.py").is_file()]
    assert not loose, f"add an empty __init__.py to: {loose}"


def test_the_layout_check_can_fail():
    assert _mirrors(TESTS / "tui" / "screens") and _mirrors(TESTS / "tui" / "cli")
    assert not _mirrors(TESTS / "wizard") and not _mirrors(TESTS / "tui" / "keyboard")
