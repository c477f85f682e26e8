"""How a session is started: an argument list, a clean environment, the login's own role."""

from __future__ import annotations

import sys

from tui.web.session import LAUNCHER, location_for, plan


def test_a_postgresql_session_connects_as_the_login_without_the_launchers_password():
    url = "postgresql://palata_web:s3cret@db.example:5433/palata?sslmode=require"
    assert location_for(url, "ivanova") == "postgresql://ivanova@db.example:5433/palata?sslmode=require"
    assert location_for("/srv/palata/palata.db", "ivanova") == "/srv/palata/palata.db"


def test_a_session_is_an_argument_list_with_an_environment_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("SSH_AUTH_SOCK", "/tmp/agent")  # what the launcher's own session holds
    monkeypatch.setenv("PALATA_DB", "/elsewhere.db")
    how = plan("/srv/palata.db", "ivanova", state=tmp_path, runs_as=LAUNCHER, lang="en", width=100,
               height=30, fd=7)
    assert how.argv == [sys.executable, "-P", "-m", "tui.cli", "--db", "/srv/palata.db", "--lang", "en",
                        "app", "--web-session", "7"]
    assert "SSH_AUTH_SOCK" not in how.env and "PALATA_DB" not in how.env
    assert how.env["HOME"] == str(tmp_path / "users" / "ivanova")
    assert how.env["XDG_CONFIG_HOME"] == str(tmp_path / "users" / "ivanova" / "config")
    assert (how.env["COLUMNS"], how.env["ROWS"]) == ("100", "30")
    assert how.cwd == how.uploads == tmp_path / "users" / "ivanova" / "uploads"
    assert oct(how.uploads.stat().st_mode & 0o777) == "0o700"
