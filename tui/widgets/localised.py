"""Key descriptions in the interface language.

Bindings are declared with an i18n key as their description (`Binding("b", "brief", "key.brief")`)
and translated per instance, so the footer follows a language switch without restarting.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from tui.i18n import t
from tui.i18n.strings import STRINGS


def localise_bindings(node: DOMNode) -> None:
    """Translate (again) the descriptions of `node`'s bindings that are i18n keys."""
    keys: dict[tuple[str, str], str] | None = getattr(node, "_palata_binding_keys", None)
    if keys is None:
        keys = {}
        for key, bindings in node._bindings.key_to_bindings.items():
            for b in bindings:
                if b.description in STRINGS:
                    keys[(key, b.action)] = b.description
        node._palata_binding_keys = keys  # type: ignore[attr-defined]
    node._bindings.key_to_bindings = {
        key: [replace(b, description=t(keys[(key, b.action)]), tooltip="") if (key, b.action) in keys else b
              for b in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
