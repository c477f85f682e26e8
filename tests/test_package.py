"""Palata as a real package: the wheel built from the sources, installed (not editable) into a
fresh virtual environment, runs `palata demo`, `palata search` and the app from a folder that is
not the repository — the sample register and the styles travel inside the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.tui.test_app_terminal import _run_in_pty

# what a wheel is built from: the three layers and the project's metadata (tests, bench and the
# sample's generator stay in the repository)
SOURCES = ("tui", "models", "importers", "pyproject.toml", "README.md")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `bin` folder of a fresh virtual environment holding Palata from its wheel."""
    root = tmp_path_factory.mktemp("package")
    src = root / "src"
    src.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, src / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "-w", str(root / "dist"), str(src)],
                   check=True, capture_output=True, text=True)
    wheel = next((root / "dist").glob("palata-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([*pip, "--python", str(venv / "bin" / "python"), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, text=True)
    # the dependencies come from this environment (no download): its folder is added after the new
    # environment's own, and its .pth files (this checkout's editable install) are not run
    purelib = Path(subprocess.run([str(venv / "bin" / "python"), "-c",
                                   "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "palata_test_deps.pth").write_text("\n".join(sorted(here)) + "\n")
    (root / "wheel").write_text(wheel.name)
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """A working folder with nothing of the repository in reach."""
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.delenv("PALATA_DB", raising=False)
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _palata(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PALATA_LANG": "en", "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([str(bin_dir / "palata"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=180)


def test_the_wheel_holds_the_three_layers_the_sample_and_the_styles(installed):
    wheel = next(installed.parent.parent.glob("dist/palata-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.startswith("palata-")}
    assert top == {"tui", "models", "importers"}
    for data in ("tui/sample/palata_sample.xlsx", "tui/app.tcss", "tui/forms.tcss",
                 "models/migrations/0001_initial.py"):
        assert data in names


def test_the_installed_copy_is_the_one_that_runs(installed, elsewhere):
    code = "import importers, models, tui; print(tui.__file__, models.__file__, importers.__file__)"
    found = subprocess.run([str(installed / "python"), "-c", code], cwd=elsewhere, capture_output=True,
                           text=True, check=True).stdout.split()
    assert all(Path(f).is_relative_to(installed.parent) for f in found), found


def test_demo_and_search_from_any_folder(installed, elsewhere):
    # what is checked is the package (files found from any folder); the stores are tested elsewhere
    target = "register.db"
    loaded = _palata(installed, elsewhere, "--db", target, "demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "companies: 1389" in loaded.stdout
    assert "contacts: 2493" in loaded.stdout
    found = _palata(installed, elsewhere, "--db", target, "search", "Минское отделение", "--limit", "3")
    assert found.returncode == 0, found.stderr
    assert "Минское отделение" in found.stdout and "Showing" in found.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="a Linux pseudo-terminal")
def test_the_app_opens_from_any_folder_and_ctrl_q_quits(installed, elsewhere):
    assert _palata(installed, elsewhere, "--db", "register.db", "demo").returncode == 0
    # the app draws its styled screen (app.tcss from the package) with the sample's companies,
    # then Ctrl+Q ends it
    _run_in_pty([str(installed / "palata"), "--db", "register.db"], ("Владимир".encode(),), cwd=elsewhere)
