"""Key descriptions in the interface language, and the keys' twins in the Russian layout.

Bindings are declared with an i18n key as their description (`Binding("b", "brief", "key.brief")`)
and translated per instance, so the footer follows a language switch without restarting. Every node
that declares bindings calls `localise_bindings`, so this is also where each letter binding gets its
twin on the same key of the Russian layout (tui.keymap).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from weakref import WeakKeyDictionary

from textual.dom import DOMNode

from tui.i18n import t
from tui.i18n.strings import STRINGS
from tui.keymap import russian_twins


@dataclass
class _Declared:
    """What a node's bindings were declared with: their i18n keys, and the twins added since."""
    keys: dict[tuple[str, str], str]
    twins: set[str] = field(default_factory=set)


# kept beside the nodes rather than written onto them; forgotten with the node
_DECLARED: WeakKeyDictionary[DOMNode, _Declared] = WeakKeyDictionary()


def localise_bindings(node: DOMNode) -> None:
    """Translate (again) the descriptions of `node`'s bindings that are i18n keys, and give each
    letter binding its Russian-layout twin."""
    declared = _DECLARED.get(node)
    if declared is None:
        declared = _DECLARED[node] = _Declared({
            (key, b.action): b.description
            for key, bindings in node._bindings.key_to_bindings.items() for b in bindings
            if b.description in STRINGS})
    keys, twins = declared.keys, declared.twins
    own = [replace(b, description=t(keys[(key, b.action)]), tooltip="") if (key, b.action) in keys else b
           for key, bindings in node._bindings.key_to_bindings.items() if key not in twins
           for b in bindings]
    with_twins = russian_twins(own)
    key_to_bindings: dict[str, list] = {}
    for b in with_twins:
        key_to_bindings.setdefault(b.key, []).append(b)
    node._bindings.key_to_bindings = key_to_bindings
    declared.twins = {b.key for b in with_twins[len(own):]}
