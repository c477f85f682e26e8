"""One sentence, in the interface language, for anything that went wrong (no Textual here: the
command uses it too). Lower layers raise errors and return problems with a code and values
(`models.errors`); this is where they become words, from the one catalogue."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from models.errors import PalataError, Problem, StoreError
from tui.i18n import language, t
from tui.i18n.labels import field_label

if TYPE_CHECKING:
    from importers.plan import MergeWarning

# what the app says when the store fails under it, by the failure's kind (with a retry)
_STORE_KINDS = {
    "busy": "store.busy", "connection_lost": "store.connection_lost", "unreachable": "store.unreachable",
    "auth": "store.auth", "no_database": "store.no_database", "disk_full": "store.disk_full",
    "read_only": "store.read_only", "io": "store.io", "unopenable": "store.unopenable",
    "damaged": "store.damaged", "file_gone": "store.file_gone", "file_replaced": "store.file_replaced",
}


def said(what: BaseException | Problem | str | None) -> str:
    """The sentence for an error or a problem of the lower layers, in the interface language
    (text that is already words — a file's own message, an old stored reason — as it is)."""
    if what is None:
        return ""
    if isinstance(what, str):
        return what
    from models.rights import NotAllowed

    if isinstance(what, NotAllowed):
        from tui.rights_text import explain as refusal

        return refusal(what)
    if isinstance(what, PalataError):
        what = what.problem
    if isinstance(what, Problem):
        return t(what.code, **{name: _value(name, v) for name, v in what.params.items()})
    return str(what)


def _value(name: str, value: Any) -> object:
    """A value for a sentence: causes in words, lists of problems one after another, a field's
    name as its label, paths as they are."""
    if isinstance(value, (Problem, PalataError)):
        return said(value)
    if isinstance(value, list) and value and all(isinstance(v, Problem) for v in value):
        return " ".join(_sentence(said(v)) for v in value)
    if name == "field" and isinstance(value, str):
        return field_label(value)
    if isinstance(value, PurePath):
        return str(value)
    return value


def merge_warning(warning: MergeWarning) -> str:
    """A duplicate row's value that was dropped, in words: its field named as the import's
    columns name it (`MergeWarning.label`: "Position (Ivanov Ivan)"), not as a record's field."""
    problem = warning.problem
    return t(problem.code, **{**problem.params, "field": warning.label(language())})


def report_words():
    """The words of an import's error report (`importers.report`) in the interface language."""
    from importers.report import ReportWords

    return ReportWords(
        say=said, rejected=t("import_report.rejected"),
        rejected_head=(t("import_report.sheet"), t("import_report.row"), t("wizard.col.reason")),
        notes=t("import_report.notes"),
        notes_head=(t("import_report.sheet"), t("import_report.row"), t("import_report.note")),
        warnings=t("imptab.warnings"),
        warnings_head=(t("import_report.sheet"), t("import_report.row"), t("merge.col.field"),
                       t("import_report.kept"), t("import_report.dropped"), t("import_report.kept_from")))


def _sentence(text: str) -> str:
    """A problem said alongside others ends with a full stop."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def store_sentence(exc: BaseException) -> str:
    """What a person reads for `exc` in the app: the store's failure in their language, the
    project's own sentence, or (a bug) one line pointing to the log that holds the traceback."""
    from models.db import BUSY_TIMEOUT_S, explain, is_store_failure
    from models.rights import NotAllowed

    if is_store_failure(exc):
        exc = explain(exc)
    if isinstance(exc, NotAllowed):
        return said(exc)
    if isinstance(exc, StoreError) and exc.kind in _STORE_KINDS:
        return t(_STORE_KINDS[exc.kind], **{"seconds": f"{BUSY_TIMEOUT_S:.0f}", "where": "", **exc.params})
    if isinstance(exc, PalataError):
        return said(exc)
    from tui.crash import log_crash

    return t("store.bug", kind=type(exc).__name__, log=log_crash(exc))
