"""The fields of the editing forms: what each holds, how its text is read and checked on the spot,
and the row that shows it (label, input, the problem in words under it).

Reading is pure (`read(spec, text)` → value, problem) so it is tested without a screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from importers import normalise
from models import safetext, vocab
from models.identifiers import clean_digits, identifier_problem
from tui.i18n import language, t
from tui.safe import plain
from tui.sentences import said
from tui.widgets.typed import LineInput, TextBox

# kinds of field
TEXT, LONG, DATE, CHOICE, BOOL, PHONES, EMAILS, INN, KPP, OGRN, UNP, REF = (
    "text", "long", "date", "choice", "bool", "phones", "emails", "inn", "kpp", "ogrn", "unp", "ref")
IDENTIFIERS = (INN, KPP, OGRN, UNP)


@dataclass(frozen=True)
class Spec:
    """One field of a form: the model field `name`, its label key, its kind."""

    name: str
    label: str
    kind: str = TEXT
    required: bool = False
    vocabulary: vocab.Vocabulary | None = None
    placeholder: str = ""
    # REF fields: the choices are loaded when the form opens (id, label)
    choices: Callable[[], list[tuple[str, int]]] | None = field(default=None, compare=False)


# --- reading and showing values --------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$")
_PHONE_CHARS = re.compile(r"^[\d\s()+\-.–]+(?:\s*(?:доб|доп|вн|ext|x|#)\.?\s*\d{1,6})?$", re.IGNORECASE)


def parse_date(text: str) -> tuple[date | None, str | None]:
    """ДД.ММ.ГГГГ (also with / or -, or a two-digit year) → date; a sentence when it is not one."""
    text = text.strip()
    if not text:
        return None, None
    m = _DMY.match(text)
    if not m:
        return None, t("form.err.date_format")
    d, mo, y = (int(x) for x in m.groups())
    if len(m.group(3)) == 2:
        y += 2000 if y < 70 else 1900
    try:
        return date(y, mo, d), None
    except ValueError:
        return None, t("form.err.date_missing", text=text)


def _phones(text: str) -> tuple[str | None, str | None]:
    pieces = [p.strip() for p in re.split(r"[;,\n]", text) if p.strip()]
    for piece in pieces:
        digits = re.sub(r"\D", "", piece)
        if not _PHONE_CHARS.match(piece) or len(digits) < 5 or len(digits) > 15 + 6:
            return None, t("form.err.phone", text=piece)
    return normalise.join(normalise.phones(text)), None


def _emails(text: str) -> tuple[str | None, str | None]:
    addresses, problem = normalise.emails(text)
    if problem:
        for piece in re.split(r"[;,\s]+", text):
            if piece and normalise.emails(piece)[1]:
                return None, t("form.err.email", text=piece)
        return None, t("form.err.email", text=text.strip())
    return normalise.join(addresses), None


def identifier_value(kind: str, text: str) -> str:
    """An identifier the way the store keeps it (separators dropped)."""
    raw = text.strip()
    if kind in (INN, OGRN):
        return clean_digits(raw) or raw
    return "".join(raw.split()).upper()


def read(spec: Spec, raw: Any) -> tuple[Any, str | None]:
    """(value to store, problem sentence or None) from what the widget holds."""
    if spec.kind == BOOL:
        return bool(raw), None
    if spec.kind in (CHOICE, REF):
        value = None if raw is Select.NULL or raw in ("", None) else raw
        if value is None and spec.required:
            return None, t("form.err.required")
        return value, None
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    # what a paste brings along (escape sequences, Word's line breaks) is cleaned as the store
    # would: the value checked is the value saved
    text = safetext.clean(text, multiline=spec.kind == LONG)
    if not text.strip():
        return None, t("form.err.required") if spec.required else None
    if spec.kind == DATE:
        return parse_date(text)
    if spec.kind in IDENTIFIERS:
        problem = identifier_problem(spec.kind, text)
        return (None, said(problem)) if problem else (identifier_value(spec.kind, text), None)
    if spec.kind == PHONES:
        return _phones(text)
    if spec.kind == EMAILS:
        return _emails(text)
    if spec.kind == LONG:
        return text.strip(), None
    return " ".join(text.split()), None


def show(spec: Spec, value: Any) -> Any:
    """What the widget shows for a stored value."""
    if spec.kind == BOOL:
        return bool(value)
    if spec.kind in (CHOICE, REF):
        return Select.NULL if value is None else value
    if value is None:
        return ""
    if spec.kind == DATE:
        return value.strftime("%d.%m.%Y") if isinstance(value, date) else str(value)
    return str(value)


def same(spec: Spec, a: Any, b: Any) -> bool:
    """Whether two stored values are the same for this field (blank text is None)."""
    if spec.kind == BOOL:
        return bool(a) == bool(b)
    a, b = (None if a == "" else a), (None if b == "" else b)
    if isinstance(a, str) and isinstance(b, str) and spec.kind == LONG:
        return a.strip() == b.strip()
    return a == b


def shown_value(spec: Spec, value: Any) -> str:
    """A stored value in words, for the conflict and history screens."""
    if value in (None, ""):
        return "—"
    if spec.kind == BOOL:
        return t("form.yes") if value else t("form.no")
    if spec.vocabulary is not None:
        return vocab.label(spec.vocabulary, value, language())
    if spec.kind == DATE and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


# --- the row on screen ---------------------------------------------------------------------

class FieldCheckbox(Checkbox, inherit_bindings=False):
    """A yes/no field: Space ticks it, Enter goes to the next field as everywhere in a form."""

    BINDINGS = [
        Binding("space", "toggle_button", show=False),
        Binding("enter", "screen.next_field", show=False),
    ]


class FieldRow(Horizontal):
    """Label and input on one line; `widget` is the input part. The row draws its label itself
    (the input sits after it) and the problem and the note are lines of their own under the row,
    mounted beside it when first needed, indented to the input: a form has ~20 rows, and a widget
    for each label, a box around each input or idle lines would cost more to style and lay out
    than the rest of the form."""

    DEFAULT_CLASSES = "field-row"

    def __init__(self, spec: Spec, options: list[tuple[str, Any]] | None = None, value: Any = None) -> None:
        super().__init__(id=f"row-{spec.name}")
        self.spec = spec
        self.options = options or []
        self.value = value  # the stored value the widget is born with (setting it later costs a restyle)
        self.lines: dict[str, Static] = {}  # the problem and the note, once shown
        self.label = t(spec.label) + (" *" if spec.required else "")

    def compose(self) -> ComposeResult:
        yield self._make_widget()

    def render(self) -> Content:
        # the label, in the columns the input leaves free (`.field-row > *` in forms.tcss)
        label = Content(self.label)
        return label.stylize("bold $text-error") if self.problem else label

    def _make_widget(self) -> Widget:
        spec = self.spec
        wid = f"f-{spec.name}"
        shown = show(spec, self.value)
        if spec.kind == BOOL:
            return FieldCheckbox("", shown, id=wid, compact=True)
        if spec.kind in (CHOICE, REF):
            if spec.vocabulary is not None:
                options = [(vocab.label(spec.vocabulary, code, language()), code) for code in spec.vocabulary]
            else:
                options = self.options
            # the labels of REF choices come from the register: never markup
            choices = [(plain(label), value) for label, value in options]
            # the stored choice is given to the list as it is made: set on a list not yet mounted,
            # the value was kept but the list showed «— не выбрано —». A value no longer among
            # the choices (an archived mission) is left out, as set_value leaves it.
            known = shown is not Select.NULL and any(value == shown for _, value in choices)
            return Select(choices, id=wid, compact=True, allow_blank=not spec.required or not choices,
                          prompt=t("form.none"), value=shown if known else Select.NULL)
        if spec.kind == LONG:
            return TextBox(shown, id=wid, compact=True, soft_wrap=True, tab_behavior="focus",
                            show_line_numbers=False, highlight_cursor_line=False)
        placeholder = spec.placeholder or (t("form.date_hint") if spec.kind == DATE else "")
        return LineInput(shown, id=wid, compact=True, placeholder=placeholder)

    @property
    def widget(self) -> Input | Select[Any] | TextArea | Checkbox:
        """The one input of the row (`_make_widget` makes it)."""
        return cast("Input | Select[Any] | TextArea | Checkbox", self.query_one(f"#f-{self.spec.name}"))

    def set_options(self, options: list[tuple[str, Any]]) -> None:
        """The list of a REF field read again (its first read failed): what was chosen stays."""
        w = self.widget
        self.options = options
        if not isinstance(w, Select) or self.spec.vocabulary is not None:
            return
        chosen = w.value
        w.set_options([(plain(label), value) for label, value in options])
        if chosen is not Select.NULL and any(value == chosen for _, value in options):
            w.value = chosen

    def get_raw(self) -> Any:
        w = self.widget
        if isinstance(w, TextArea):
            return w.text
        return w.value

    def set_value(self, value: Any) -> None:
        w = self.widget
        shown = show(self.spec, value)
        if isinstance(w, TextArea):
            w.text = shown
        elif isinstance(w, Select):
            if shown is Select.NULL:
                w.clear() if w._allow_blank else None
            else:
                try:
                    w.value = shown
                except Exception:  # a value no longer among the choices (an archived mission)
                    pass
        else:
            w.value = shown

    def set_problem(self, problem: str | None) -> None:
        self._message("field-problem", f"⚠ {problem}" if problem else None)  # may quote what was typed
        if bool(problem) != self.problem:
            self.set_class(bool(problem), "has-problem")
            self.refresh()  # the label is drawn in the colour of a problem

    def set_note(self, note: str | None) -> None:
        self._message("field-note", note)

    def _message(self, kind: str, text: str | None) -> None:
        """Show `text` on the row's line of this kind (the problem, the note), or hide it."""
        box = self.lines.get(kind)
        if box is not None:
            box.update(plain(text or ""))
            box.display = bool(text)
        elif text and isinstance(self.parent, Widget):
            box = Static(plain(text), id=f"{kind.removeprefix('field-')}-{self.spec.name}",
                         classes=f"field-line {kind}")
            self.lines[kind] = box
            problem = self.lines.get("field-problem")
            # the problem right under the row, the note under the problem
            after = problem if kind == "field-note" and problem is not None else self
            self.parent.mount(box, after=after)

    @property
    def problem(self) -> bool:
        return self.has_class("has-problem")
