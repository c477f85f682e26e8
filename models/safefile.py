"""Files Palata writes: private by default, and never through a link somebody planted.

Modes. A file Palata creates gets 0600 and a folder 0700: only the account that made it reads it,
whatever the umask. In a folder with the setgid bit — a team's shared folder, `chmod 2770` with
the `palata` group — the new file also gets the permissions that folder gives its group (read
and write under 2770, read only under 2750), so colleagues in the group work on it; "other"
never gets anything. The mode is set with fchmod after creation, so a umask of 022 cannot take the
group's write bit away (SQLite then gives the database's -wal/-shm the database file's mode).

Writes. A file is written inside a new private folder made beside the target (`mkdtemp`: created
exclusively, 0700, so nobody can plant a link in it, and the SQLite journal of a backup lands
there too), created there with O_EXCL|O_NOFOLLOW, and moved over the target with one
`os.replace`: a reader sees the old file or the new one, never half of it, and a link planted at
the target is itself replaced while the file it points to stays untouched.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _group_bits(folder: Path) -> int:
    """The group permissions a setgid folder hands to what is made in it; none elsewhere."""
    try:
        st = os.stat(folder)
    except OSError:
        return 0
    return st.st_mode & 0o070 if st.st_mode & stat.S_ISGID else 0


def file_mode(folder: Path) -> int:
    """The mode of a new file in `folder`: 0600, plus the group's read/write of a setgid folder."""
    return 0o600 | (_group_bits(folder) & 0o060)


def folder_mode(parent: Path) -> int:
    """The mode of a new folder in `parent`: 0700, plus the group bits of a setgid parent (Linux
    passes the setgid bit itself on to the new folder)."""
    return 0o700 | _group_bits(parent)


def make_folders(folder: Path) -> None:
    """Create `folder` and its missing parents, each private (or the group's, in a setgid parent)."""
    folder = Path(folder)
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        mode = folder_mode(path.parent)
        try:
            path.mkdir(mode)
        except FileExistsError:
            continue  # another process made it meanwhile
        os.chmod(path, mode | (os.stat(path).st_mode & stat.S_ISGID))  # the umask does not decide


def create_new(path: Path, mode: int | None = None) -> None:
    """Create the empty file `path` exclusively (never through a link) with a private mode.
    Raises FileExistsError when anything — a file or a link — is already there."""
    path = Path(path)
    mode = file_mode(path.parent) if mode is None else mode
    fd = os.open(path, _CREATE, mode)
    try:
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def target_mode(target: Path) -> int:
    """The mode a file written to `target` gets: a new file's (see `file_mode`); replacing a
    regular file of this account keeps that file's owner and group permissions, not other's."""
    try:
        st = os.lstat(target)
    except OSError:
        return file_mode(target.parent)
    if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid():
        return st.st_mode & 0o770
    return file_mode(target.parent)


@contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a new empty private file to write in full; when the block ends without an error it
    replaces `target` in one rename, otherwise it is removed and `target` stays as it was."""
    target = Path(target).expanduser().absolute()
    mode = target_mode(target)
    sweep_stale(target.parent)
    # the writer's pid in the name: a folder whose writer was killed outright is known as such
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".part", dir=target.parent))
    try:
        tmp = work / target.name
        create_new(tmp, mode)
        yield tmp
        os.chmod(tmp, mode)  # a writer that recreated the file must not widen it
        os.replace(tmp, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


_PART = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+\.part$")


def sweep_stale(folder: Path) -> list[Path]:
    """Remove from `folder` the work folders of `replacing` that no writer will finish: this
    account's, whose writer (the pid in the name) no longer runs, or runs but started after the
    folder was last touched (its pid went to a newer process). A writer killed outright (SIGKILL,
    a power cut) leaves one, holding part of what it wrote; the next write in the folder removes
    it. Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _PART.match(entry.name)
        if found is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid():
            continue
        started = _started(int(found.group(1)))
        if started is not None and started <= st.st_mtime + 1:
            continue  # its writer may still be at work
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def _started(pid: int) -> float | None:
    """When the process `pid` started (seconds since the epoch), None when none runs. Where the
    system does not tell (no /proc), a running process counts as started long ago."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except OSError:
        pass  # another account's process: it runs
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat", encoding="ascii", errors="replace") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
    except (OSError, ValueError, IndexError, StopIteration):
        return 0.0
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def write_text(target: str | os.PathLike[str], text: str) -> Path:
    """Write `text` (UTF-8) to `target` as `replacing` does."""
    with replacing(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def open_append(path: Path):
    """The file `path` opened for appending text, created private if missing, never through a
    link; its mode is narrowed to the owner's when it is this account's own file."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        if os.fstat(fd).st_uid == os.geteuid():
            os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
    except BaseException:
        os.close(fd)
        raise
