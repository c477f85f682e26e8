"""The gate's checks on their own: addresses, logins, origins, limits, the secret file."""

from __future__ import annotations

import os

import pytest

from tui.web import gate


def test_only_loopback_addresses_are_loopback():
    assert all(gate.is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost"))
    assert not any(gate.is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.5", "crm.example", ""))


@pytest.mark.parametrize("login", ["ivanova", "i.petrov", "web_ivanova_1a2b3c", "host$"])
def test_account_names_are_logins(login):
    assert gate.login_of({"X-Remote-User": login}, "X-Remote-User") == login


@pytest.mark.parametrize("login", ["../etc", "a b", "ivanova\r\nX: y", "-rf", "'; DROP", "a" * 70])
def test_anything_else_is_refused(login):
    with pytest.raises(gate.Refused) as refused:
        gate.login_of({"X-Remote-User": login}, "X-Remote-User")
    assert refused.value.reason == "bad_login"


@pytest.mark.parametrize(("origin", "host", "ok"), [
    ("https://crm.example", "crm.example", True),
    ("https://crm.example:8443", "crm.example:8443", True),
    ("https://CRM.example", "crm.example", True),
    ("https://crm.example.evil.test", "crm.example", False),
    ("https://evil.test", "crm.example", False),
    ("null", "crm.example", False),
    ("file://", "crm.example", False),
    ("https://crm.example:8443", "crm.example", False),
])
def test_the_origin_must_name_the_sites_own_host(origin, host, ok):
    headers = {"Origin": origin, "Host": host}
    if ok:
        gate.check_origin(headers)
    else:
        with pytest.raises(gate.Refused):
            gate.check_origin(headers)


def test_limits_count_sessions_per_login_and_in_all():
    limits = gate.Limits(total=3, per_login=2)
    limits.enter("a")
    limits.enter("a")
    with pytest.raises(gate.Refused) as mine:
        limits.enter("a")
    assert mine.value.status == 429
    limits.enter("b")
    with pytest.raises(gate.Refused) as everybody:
        limits.enter("c")
    assert everybody.value.status == 503
    limits.leave("a")
    limits.enter("c")  # a place was freed


def test_the_secret_file_is_made_private_and_refused_when_open(tmp_path):
    path = tmp_path / "secret"
    secret = gate.load_secret(path)
    assert len(secret) >= 32 and oct(path.stat().st_mode & 0o777) == "0o600"
    assert gate.load_secret(path) == secret  # the same on the next start
    os.chmod(path, 0o640)
    with pytest.raises(gate.SecretFileError) as refused:
        gate.load_secret(path)
    assert refused.value.reason == "too_open"
    link = tmp_path / "link"
    link.symlink_to(path)
    os.chmod(path, 0o600)
    with pytest.raises(gate.SecretFileError):
        gate.load_secret(link)  # a link planted at its name is not followed
