"""The demo page's elements: what each is (from :data:`~viewer.demo.content.CONTENT`) and
where a layout puts it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from viewer.demo.content import CONTENT, INK

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Element:
    """One thing on the page.

    Attributes
    ----------
    name
        Unique, stable name (``"hero.cta"``), also used for regions in tests and docs.
    role
        How it is drawn and how people treat it: ``section``, ``heading``, ``text``, ``button``,
        ``ghost-button``, ``link``, ``image``, ``card``, ``icon``, ``logo``, ``price``, ``quote``,
        ``menu``.
    box
        (left, top, right, bottom) in page CSS px.
    text
        What it says.
    size
        Font size in CSS px.
    action
        What a click does: ``""`` (nothing), ``"convert"`` (sign-up, leaves the page),
        ``"leave"`` (another page), ``"anchor:<section>"`` (scrolls there), ``"toggle"``.
    interest
        How much reading attention it draws (0 = none).
    colour, background
        For drawing.
    """

    name: str
    role: str
    box: Box
    text: str = ""
    size: float = 16
    action: str = ""
    interest: float = 0.0
    colour: tuple[int, int, int] = INK
    background: tuple[int, int, int] | None = None

    @property
    def clickable(self) -> bool:
        return bool(self.action)

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class Layout:
    """A laid-out page: its size, its elements, and its sections top to bottom."""

    name: str
    width: int
    height: int
    elements: list[Element] = field(default_factory=list)
    variant: str = "A"

    def add(self, *elements: Element) -> None:
        self.elements.extend(elements)

    def get(self, name: str) -> Element:
        for e in self.elements:
            if e.name == name:
                return e
        raise KeyError(name)

    @property
    def sections(self) -> list[Element]:
        """The page's sections, top to bottom."""
        return sorted((e for e in self.elements if e.role == "section"), key=lambda e: e.box[1])

    def section_top(self, section: str) -> float:
        return self.get(f"section.{section}").box[1]

    def clickables(self) -> list[Element]:
        return [e for e in self.elements if e.clickable]

    def readables(self) -> list[Element]:
        return [e for e in self.elements if e.interest > 0]


def element(name: str, box: Box, size: float = 16, **changes) -> Element:
    """The element ``name`` of :data:`CONTENT`, placed at ``box`` with text of ``size`` px
    (``changes``: e.g. the text wrapped otherwise for a narrow layout)."""
    c = CONTENT[name]
    e = Element(name, c.role, box, c.text, size, c.action, c.interest, c.colour, c.background)
    return replace(e, **changes) if changes else e


def section(layout: Layout, name: str, top: float, bottom: float) -> Element:
    """Add the section ``name`` across the page from ``top`` to ``bottom``."""
    e = element(f"section.{name}", (0, top, layout.width, bottom))
    layout.add(e)
    return e
