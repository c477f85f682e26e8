"""Only `palata web` hands a session its login: an SSH user who starts `palata app --web-session`
with a socket of their own cannot sign changes as somebody else."""

from __future__ import annotations

import pwd

from tui.web.handover import trusted

FORGE = r"""
import json, os, socket, sys
ours, theirs = socket.socketpair()
ours.sendall(json.dumps({"login": "director"}).encode() + b"\n")
ours.close()
os.set_inheritable(theirs.fileno(), True)
os.execv(sys.executable, [sys.executable, "-m", "tui.cli", "--db", sys.argv[1], "app",
                          "--web-session", str(theirs.fileno())])
"""


def test_an_ssh_user_cannot_hand_themselves_a_colleagues_login(accounts, sample_db):
    done = accounts.run("stranger", "-c", FORGE, str(sample_db))
    assert done.returncode == 2, done.stderr
    assert "не может записывать изменения от имени director" in done.stderr
    assert "Traceback" not in done.stderr


def test_who_may_hand_over_a_login():
    nobody = pwd.getpwnam("nobody")  # a service account: no login shell
    assert trusted("ivanova", peer_uid=0, my_uid=0)  # the launcher started as root
    # a launcher running as a service account, handing over to its own session
    assert trusted("ivanova", peer_uid=nobody.pw_uid, my_uid=nobody.pw_uid)
    assert trusted("root", peer_uid=47_204, my_uid=0)  # one's own login needs nobody's word
    assert not trusted("ivanova", peer_uid=47_204, my_uid=47_204)  # an account without a passwd entry
    assert not trusted("ivanova", peer_uid=47_204, my_uid=nobody.pw_uid)  # somebody else's socket
    assert not trusted("ivanova", peer_uid=0, my_uid=47_204, from_parent=False)  # a root daemon's socket
