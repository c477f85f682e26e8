"""The upload page's work: a member list from a browser into the login's own uploads folder.

Checked before it is kept, as the import checks a workbook: its name's suffix, its size while it
arrives (never more than the limit is read), and its bytes (`importers.read.check_file`: the kind
of workbook, archive bombs, encryption). Written whole under a fresh name, never over a file.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from aiohttp import BodyPartReader, web

from tui.i18n import t
from tui.sentences import said


class UploadRefused(Exception):
    def __init__(self, sentence: str, status: int = 400):
        self.sentence = sentence
        self.status = status
        super().__init__(sentence)


def safe_name(name: str, suffixes: tuple[str, ...]) -> str:
    """The browser's file name reduced to a plain name in the folder (no path, no control
    characters, no leading dot)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f/]", "", name).strip().lstrip(".")
    stem, dot, suffix = name.rpartition(".")
    if not dot or f".{suffix.lower()}" not in suffixes or not stem.strip():
        raise UploadRefused(t("web.upload.bad_type", suffixes=", ".join(suffixes)), 415)
    return f"{stem[:100]}.{suffix.lower()}"


def _free(folder: Path, name: str) -> Path:
    stem, suffix = name.rsplit(".", 1)
    candidate, n = folder / name, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = folder / f"{stem} ({n}).{suffix}"
    return candidate


async def receive(request: web.Request, settings, login: str, limit: int,
                  suffixes: tuple[str, ...]) -> Path:
    """Take the upload's file part into the login's uploads folder; its path."""
    from importers.errors import ImportFailure
    from importers.read import check_file
    from tui.web.session import NoAccount, folders

    if request.content_length is not None and request.content_length > limit + 64 * 1024:
        raise UploadRefused(t("web.upload.too_big", limit=limit // (1024 * 1024)), 413)
    try:
        reader = await request.multipart()
        part = await reader.next()
        # a nested multipart (a MultipartReader) has no name: skipped like any other part
        while part is not None and not (isinstance(part, BodyPartReader) and part.name == "file"):
            part = await reader.next()
    except ValueError:
        raise UploadRefused(t("web.upload.no_file")) from None
    if not isinstance(part, BodyPartReader) or not part.filename:
        raise UploadRefused(t("web.upload.no_file"))
    name = safe_name(part.filename, suffixes)
    try:
        _, folder = folders(settings.state, login, settings.runs_as)
    except NoAccount:
        raise UploadRefused(t("web.refused.no_account", login=login), 403) from None
    fd, temp = tempfile.mkstemp(prefix=".upload-", dir=folder)
    try:
        size = 0
        with os.fdopen(fd, "wb") as out:
            while chunk := await part.read_chunk(256 * 1024):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(t("web.upload.too_big", limit=limit // (1024 * 1024)), 413)
                out.write(chunk)
        try:
            check_file(Path(temp))
        except ImportFailure as exc:
            raise UploadRefused(t("web.upload.not_workbook", name=name, reason=said(exc)), 415) from None
        # readable by the folder's group (the login's, when sessions run as the login's account)
        os.chmod(temp, 0o640 if folder.stat().st_mode & 0o050 else 0o600)
        target = _free(folder, name)
        os.link(temp, target)  # never replaces a file already there (unlike a rename)
        return target
    finally:
        os.unlink(temp)
