"""The page's DOM as an rrweb recording builds it up: which element each click hit.

rrweb's clicks name their target by node id. The first full snapshot lists the nodes (tag,
attributes, children); mutations add more. :class:`DomTable` follows both, and
:meth:`DomTable.element` turns a node id into an :class:`~viewer.recording.clicks.Element`:
the nearest interactive element (a button, a link, a form control, an element with a role)
at or above the target, named by a selector that is stable from visit to visit and from one
viewport width to another (it depends on the DOM, never on the layout): ``#id`` when the
element or an ancestor has a usable id, else the shortest path of tags, classes and
``:nth-of-type`` that names only this element in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.recording.clicks import MAX_ELEMENT_TEXT, MAX_SELECTOR, Element

ELEMENT, TEXT = 2, 3
INTERACTIVE = frozenset("a button input select textarea label summary option details area".split())
ROLES = frozenset("button link tab menuitem checkbox radio switch option treeitem combobox".split())
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_GENERATED_RE = re.compile(r"\d{4,}|^(css|sc|jsx|svelte|emotion)-")
_MAX_UP = 6  # how far above the target an interactive element is looked for
_MAX_TEXT_NODES = 200
_MAX_DEPTH = 400


@dataclass
class _Node:
    tag: str  # "" for text nodes
    parent: int
    children: list[int] = field(default_factory=list)
    ident: str = ""  # a usable id (one a selector may name)
    classes: tuple[str, ...] = ()  # the usable classes a selector names (at most two)
    raw_id: str = ""  # what CSS matches against
    all_classes: frozenset[str] = frozenset()
    role: str = ""
    text: str = ""  # of a text node
    generation: int = 0  # which full snapshot it came from (-1: added by a mutation)


def usable(name: str) -> bool:
    """Whether an id or class is a name a person gave (not a generated hash)."""
    return bool(_NAME_RE.match(name)) and not _GENERATED_RE.search(name) and len(name) <= 60


class DomTable:
    """Nodes by rrweb id, as of the last event applied."""

    def __init__(self) -> None:
        self.nodes: dict[int, _Node] = {}
        self.generation = -1
        self._selectors: dict[int, str] = {}

    def load_snapshot(self, node: object) -> None:
        """Start over from a full snapshot's ``node`` (a decoded JSON object)."""
        self.nodes.clear()
        self._selectors.clear()
        self.generation += 1
        self._add(node, -1, self.generation)

    def add(self, parent: int, node: object, next_id: int | None = None) -> None:
        """A node a mutation added under ``parent`` (before ``next_id`` when given)."""
        self._selectors.clear()  # nth-of-type may have changed
        nid = self._add(node, parent, -1)
        p = self.nodes.get(parent)
        if nid is None or p is None:
            return
        if nid in p.children:
            p.children.remove(nid)
        if next_id is not None and next_id in p.children:
            p.children.insert(p.children.index(next_id), nid)
        else:
            p.children.append(nid)

    def _add(self, root: object, parent: int, generation: int) -> int | None:
        if not isinstance(root, dict):
            return None
        stack = [(root, parent, 0)]
        first = None
        while stack:
            n, up, depth = stack.pop()
            nid = n.get("id")
            if not isinstance(nid, int) or depth > _MAX_DEPTH:
                continue
            first = nid if first is None else first
            kind = n.get("type")
            attrs = n.get("attributes") if isinstance(n.get("attributes"), dict) else {}
            node = _Node(
                tag=str(n.get("tagName") or "").lower() if kind == ELEMENT else "",
                parent=up,
                generation=generation,
            )
            if kind == ELEMENT:
                ident = attrs.get("id")
                if isinstance(ident, str):
                    node.raw_id = ident
                    node.ident = ident if usable(ident) else ""
                cls = attrs.get("class")
                if isinstance(cls, str):
                    node.all_classes = frozenset(cls.split())
                    node.classes = tuple(c for c in cls.split() if usable(c))[:2]
                role = attrs.get("role")
                node.role = role.lower() if isinstance(role, str) else ""
            elif kind == TEXT:
                node.text = str(n.get("textContent") or "")
            self.nodes[nid] = node
            if depth > 0 and up in self.nodes:
                self.nodes[up].children.append(nid)
            kids = n.get("childNodes")
            if isinstance(kids, list):
                for child in reversed(kids):
                    stack.append((child, nid, depth + 1))
        return first

    # -------------------------------------------------------------------------- elements

    def element(self, node_id: int) -> tuple[Element, bool] | None:
        """The element a click on ``node_id`` hit, and whether it is in the first full
        snapshot (so the rebuilt page can lay it out); None for an unknown node."""
        node = self.nodes.get(node_id)
        if node is None:
            return None
        chosen, nid = None, node_id
        for _ in range(_MAX_UP):
            n = self.nodes.get(nid)
            if n is None or not n.tag or n.tag in ("body", "html"):
                break
            if n.tag in INTERACTIVE or n.role in ROLES:
                chosen = nid
                break
            nid = n.parent
        if chosen is None:
            chosen = node_id if node.tag else node.parent
        target = self.nodes.get(chosen)
        if target is None or not target.tag:
            return None
        element = Element(self.selector(chosen), target.tag, self.text(chosen))
        return element, target.generation == 0 and self.generation == 0

    def text(self, node_id: int) -> str:
        """The element's text (white space collapsed, cut)."""
        out: list[str] = []
        stack, seen = [node_id], 0
        while stack and seen < _MAX_TEXT_NODES:
            n = self.nodes.get(stack.pop())
            seen += 1
            if n is None or n.tag in ("script", "style"):
                continue
            if not n.tag:
                out.append(n.text)
            stack.extend(reversed(n.children))
        text = " ".join(" ".join(out).split())
        return text[:MAX_ELEMENT_TEXT]

    def selector(self, node_id: int) -> str:
        """``#id``, or the shortest path of steps up to an id or to ``body`` that a browser's
        ``querySelector`` resolves to this element alone (CSS semantics: ``button.cta`` also
        matches a ``button.cta.primary``)."""
        if node_id in self._selectors:
            return self._selectors[node_id]
        steps: list[_Step] = []
        nid = node_id
        while nid in self.nodes:
            n = self.nodes[nid]
            if not n.tag or n.tag in ("html", "body"):
                break
            if n.ident:
                steps.append(_Step("", (), None, n.ident))
                break
            steps.append(self._step(nid))
            nid = n.parent
        steps.reverse()
        chosen = steps
        if steps and steps[0].ident is None:  # shorten from the top while still unique
            for k in range(len(steps) - 1, 0, -1):
                if self._unique(node_id, steps[k:]):
                    chosen = steps[k:]
                    break
        out = " > ".join(str(st) for st in chosen)[:MAX_SELECTOR] or self.nodes[node_id].tag
        self._selectors[node_id] = out
        return out

    def _step(self, nid: int) -> _Step:
        n = self.nodes[nid]
        nth = None
        parent = self.nodes.get(n.parent)
        if parent is not None:
            same = [c for c in parent.children if c in self.nodes and self.nodes[c].tag == n.tag]
            if len(same) > 1:
                nth = same.index(nid) + 1
        return _Step(n.tag, n.classes, nth, None)

    def _unique(self, node_id: int, steps: list[_Step]) -> bool:
        tag = self.nodes[node_id].tag
        return not any(
            other != node_id and n.tag == tag and self._matches(other, steps)
            for other, n in self.nodes.items()
        )

    def _matches(self, nid: int, steps: list[_Step]) -> bool:
        """Whether the node is what ``a > b > c`` (``steps``) selects in CSS."""
        for step in reversed(steps):
            n = self.nodes.get(nid)
            if n is None or not n.tag:
                return False
            if step.ident is not None:
                return n.raw_id == step.ident
            if n.tag != step.tag or not set(step.classes) <= n.all_classes:
                return False
            if step.nth is not None:
                parent = self.nodes.get(n.parent)
                same = [c for c in parent.children if self.nodes[c].tag == n.tag] if parent else []
                if nid not in same or same.index(nid) + 1 != step.nth:
                    return False
            nid = n.parent
        return True


@dataclass(frozen=True)
class _Step:
    """One step of a selector path: ``tag.class1.class2:nth-of-type(k)``, or ``#id``."""

    tag: str
    classes: tuple[str, ...]
    nth: int | None
    ident: str | None

    def __str__(self) -> str:
        if self.ident is not None:
            return f"#{self.ident}"
        text = self.tag + "".join(f".{c}" for c in self.classes)
        return text + (f":nth-of-type({self.nth})" if self.nth is not None else "")
