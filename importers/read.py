"""Opening workbooks safely: recognise the format by its bytes, refuse archives that would inflate
beyond reason before any parser sees them, and read sheets with python-calamine."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from importers.errors import ImportFailure

MAX_UNCOMPRESSED = 400 * 1024 * 1024  # what a sheet may inflate to
MAX_RATIO = 200  # real workbooks compress 5-20x; bombs 1000x and more
MAX_PARTS = 10_000
PROLOG_LIMIT = 64 * 1024
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The BOF record that starts a bare BIFF file: Excel 2.x, 3.0, 4.0 (and a 5.0 stream saved alone),
# formats calamine does not read.
_OLD_BIFF = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")
# An encrypted .xlsx is an OLE container holding these streams (names in UTF-16LE).
_ENCRYPTED_MARKS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def check_file(path: Path) -> str:
    """The kind of workbook at `path` ('zip' or 'ole'); ImportFailure with a sentence otherwise."""
    if not path.exists():
        raise ImportFailure("err.file.not_found", path=path)
    if path.is_dir():
        raise ImportFailure("err.file.is_folder", path=path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFailure("err.file.unreadable", path=path, reason=exc.strerror) from None
    if not head:
        raise ImportFailure("err.file.empty", file=path.name)
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(_OLD_BIFF) or head.startswith(b"\x1f\x8b"):
        # Excel 2.x–4.0; a gzipped file is how old KSpread (.ksp) saved its XML
        raise _old_format(path)
    if not head.startswith(b"PK"):
        raise ImportFailure("err.file.not_workbook", file=path.name)
    _check_zip(path)
    return "zip"


# Everything zipfile raises on a damaged archive (mangled names decode with UnicodeDecodeError,
# a ValueError; encrypted members raise RuntimeError).
_ZIP_DAMAGE = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, ValueError,
               RuntimeError)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except _ZIP_DAMAGE:
        raise ImportFailure("err.file.truncated", file=path.name) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 20 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise ImportFailure("err.file.bomb", file=path.name, megabytes=total // (1024 * 1024))
    if any(i.flag_bits & 0x1 for i in infos):
        raise ImportFailure("err.file.password", file=path.name)
    if len(infos) > MAX_PARTS:
        raise ImportFailure("err.file.too_many_parts", file=path.name, parts=len(infos))
    _check_xml_parts(path, infos)


def _check_xml_parts(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse XML parts with a document type declaration before any parser sees them.

    Office files never carry a DOCTYPE; one that does may declare entities that expand
    ("billion laughs") or reach outside the file. Only the prolog of each part is read — at most
    PROLOG_LIMIT bytes — so the check costs the same whatever the part's size.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            for info in infos:
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")) or info.is_dir():
                    continue
                with zf.open(info) as fh:
                    head = fh.read(PROLOG_LIMIT)
                verdict = _prolog(head, complete=len(head) < PROLOG_LIMIT)
                if verdict == "doctype":
                    raise ImportFailure("err.file.doctype", file=path.name, part=info.filename)
                if verdict == "long":
                    raise ImportFailure("err.file.long_prolog", file=path.name, part=info.filename)
    except _ZIP_DAMAGE:
        raise ImportFailure("err.file.truncated", file=path.name) from None


def _prolog(head: bytes, complete: bool) -> str:
    """'ok' when the root element starts after only declarations, comments and whitespace;
    'doctype' when a <!DOCTYPE or <!ENTITY comes first; 'long' when the prolog does not end
    within the bytes read."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("latin-1")
    pos, n = 0, len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n\ufeff\xef\xbb\xbf":
            pos += 1
        if pos >= n:
            return "ok" if complete else "long"
        if text.startswith("<?", pos):
            close = "?>"
        elif text.startswith("<!--", pos):
            close = "-->"
        elif text.startswith("<!", pos):
            return "doctype"
        else:
            return "ok"
        end = text.find(close, pos)
        if end < 0:
            return "ok" if complete else "long"
        pos = end + len(close)


def _old_format(path: Path) -> ImportFailure:
    return ImportFailure("err.file.old_format", file=path.name)


def _zip_mimetype(path: Path) -> str:
    """The "mimetype" member of an OpenDocument or KOffice archive, or ""."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "mimetype" in zf.namelist():
                return zf.read("mimetype")[:200].decode("ascii", errors="replace").strip()
    except _ZIP_DAMAGE:
        pass
    return ""


def _encrypted_ods(path: Path) -> bool:
    """True for an OpenDocument file saved with a password: its manifest describes how each
    part is encrypted (the zip itself is not marked)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return b"encryption-data" in zf.read("META-INF/manifest.xml")[:1 << 20]
    except (KeyError, *_ZIP_DAMAGE):
        return False


def _well_formed(path: Path) -> bool:
    """True when an OpenDocument file's content is whole XML: calamine then failed on a
    variant it does not read (KSpread's), not on damage."""
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            for _ in ElementTree.iterparse(fh):
                pass
        return True
    except Exception:  # any parse error, missing part or damage: not a whole document
        return False


def _encrypted_ole(path: Path) -> bool:
    """True for an OLE container of an encrypted Office document (how a password-protected .xlsx
    is stored): its directory names the EncryptedPackage stream. Read in blocks, any size."""
    overlap = max(len(m) for m in _ENCRYPTED_MARKS)
    tail = b""
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            chunk = tail + block
            if any(m in chunk for m in _ENCRYPTED_MARKS):
                return True
            tail = chunk[-overlap:]
    return False


class Book:
    """A calamine workbook and what reading it left out: `trims`, the cells far from a sheet's
    table that were not read (see `importers.extent`)."""

    def __init__(self, workbook, trims=(), date1904: bool = False) -> None:
        self._workbook = workbook
        self.trims = list(trims)
        self.date1904 = date1904

    def __getattr__(self, name: str):
        return getattr(self._workbook, name)


def open_workbook(path: Path) -> Book:
    """A calamine workbook for `path`, after the safety checks; ImportFailure with a sentence."""
    from python_calamine import CalamineWorkbook, PasswordError

    from importers import extent

    path = Path(path)
    kind = check_file(path)
    protected = ImportFailure("err.file.password", file=path.name)
    if kind == "ole" and (_encrypted_ole(path) or extent.xls_protected(path)):
        raise protected
    zip_kind = _zip_kind(path) if kind == "zip" else None
    if kind == "zip":
        mimetype = _zip_mimetype(path)
        if "kspread" in mimetype or "kde" in mimetype:
            raise _old_format(path)
        if _encrypted_ods(path):
            raise protected
    suffix = path.suffix.lower()
    by_name = (kind == "ole" and suffix == ".xls") or (
        kind == "zip" and suffix in (".xlsx", ".xlsm", ".xlsb", ".ods"))
    # The extent of every sheet, before calamine sizes it: far cells are left out of a copy.
    bounded: io.BytesIO | None = None
    trims: list[extent.Trim] = []
    if kind == "ole":
        bounded, trims = extent.bound_xls(path)
    elif zip_kind == "xlsx":
        bounded, trims = extent.bound_xlsx(path)
    elif zip_kind == "xlsb":
        bounded, trims = extent.bound_xlsb(path)
    elif zip_kind == "ods":
        extent.check_ods(path)
    mac = extent.date1904(path) if kind == "ole" or zip_kind == "xlsx" else False
    try:
        if bounded is not None:
            return Book(CalamineWorkbook.from_filelike(bounded), trims, mac)
        if by_name:
            return Book(CalamineWorkbook.from_path(str(path)), (), mac)
        # A workbook saved under another extension: calamine tells the format by its bytes.
        with path.open("rb") as fh:
            return Book(CalamineWorkbook.from_filelike(fh), (), mac)
    except PasswordError:
        raise protected from None
    except Exception as exc:  # calamine raises its own types for every kind of damage
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise protected from None
        if zip_kind == "ods" and _well_formed(path):
            raise ImportFailure("err.file.ods_variant", file=path.name) from None
        raise ImportFailure("err.file.damaged", file=path.name) from None


def _zip_kind(path: Path) -> str | None:
    """"xlsx" for an Office Open XML workbook (.xlsx, .xlsm), "xlsb" for its binary form, "ods"
    for OpenDocument, or None."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except _ZIP_DAMAGE:
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names:
        return "ods"
    return None


def read_sheet(workbook, name: str):
    """One calamine sheet; ImportFailure with a sentence when it cannot be read."""
    try:
        return workbook.get_sheet_by_name(name)
    except Exception:
        raise ImportFailure("err.sheet.damaged", sheet=name) from None


def sheet_rows(workbook, name: str) -> Iterator[list]:
    """The rows of one sheet as lists of python values ('' for empty cells)."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        yield from sheet.iter_rows()
    except Exception as exc:
        raise ImportFailure("err.sheet.unreadable", sheet=name, detail=str(exc)) from None
