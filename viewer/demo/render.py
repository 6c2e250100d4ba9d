"""Draw a demo :class:`~viewer.demo.layout.Layout` into a screenshot with Pillow.

Only Pillow's bundled font is used, so the screenshots come out the same on every machine.
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw, ImageFont

from viewer.demo.content import (
    ACCENT,
    INK,
    LINE,
    MUTED,
    PAPER,
    PRIMARY,
    SUBTLE,
    TINT,
)
from viewer.demo.elements import Element, Layout
from viewer.render.text import font, wrap


def _font(size: float) -> ImageFont.FreeTypeFont:
    return font(round(size))


def render(layout: Layout, scale: float = 1.0) -> Image.Image:
    """Render the page at ``scale`` image pixels per CSS px (the device pixel ratio)."""
    img = Image.new("RGB", (round(layout.width * scale), round(layout.height * scale)), PAPER)
    d = ImageDraw.Draw(img)
    painter = _Painter(d, scale)
    for e in layout.sections:  # backgrounds first
        painter.draw_section(e)
    for e in layout.elements:
        if e.role != "section":
            getattr(painter, "draw_" + e.role.replace("-", "_"))(e)
    return img


class _Painter:
    def __init__(self, draw: ImageDraw.ImageDraw, scale: float) -> None:
        self.d = draw
        self.s = scale

    # Helpers in CSS px -------------------------------------------------------------------
    def box(self, b):
        return [round(v * self.s) for v in b]

    def rrect(self, b, radius, fill=None, outline=None, width=1):
        self.d.rounded_rectangle(
            self.box(b),
            radius=round(radius * self.s),
            fill=fill,
            outline=outline,
            width=max(1, round(width * self.s)),
        )

    def text(self, xy, text, size, fill, bold=False, anchor="la"):
        font = _font(size * self.s)
        self.d.text(
            (round(xy[0] * self.s), round(xy[1] * self.s)),
            text,
            font=font,
            fill=fill,
            anchor=anchor,
            stroke_width=max(1, round(0.6 * self.s)) if bold else 0,
            stroke_fill=fill,
        )

    def wrapped(self, e: Element, size, fill, bold=False, line_height=1.45):
        font = _font(size)
        x0, y0, x1, _ = e.box
        y = y0
        for para in e.text.split("\n"):
            for line in wrap(para, font, x1 - x0):
                self.text((x0, y), line, size, fill, bold)
                y += size * line_height

    # Roles ---------------------------------------------------------------------------------
    def draw_section(self, e: Element):
        self.d.rectangle(self.box(e.box), fill=e.background or PAPER)
        if e.name == "section.header":
            x0, _, x1, y1 = e.box
            self.d.line(self.box((x0, y1 - 1, x1, y1 - 1)), fill=LINE, width=max(1, round(self.s)))

    def draw_logo(self, e: Element):
        x0, y0, _, y1 = e.box
        h = y1 - y0
        self.rrect((x0, y0 + 2, x0 + h - 4, y1 - 2), 8, fill=PRIMARY)
        self.d.ellipse(
            self.box((x0 + h * 0.28, y0 + h * 0.3, x0 + h * 0.62, y0 + h * 0.64)),
            fill=(253, 224, 71),
        )
        colour = e.colour if e.colour != INK else INK
        self.text((x0 + h + 6, (y0 + y1) / 2), e.text, e.size, colour, bold=True, anchor="lm")

    def draw_link(self, e: Element):
        self.text((e.box[0], (e.box[1] + e.box[3]) / 2), e.text, e.size, e.colour, anchor="lm")

    def draw_footer_head(self, e: Element):
        self.text(
            (e.box[0], (e.box[1] + e.box[3]) / 2), e.text, e.size, e.colour, bold=True, anchor="lm"
        )

    def draw_button(self, e: Element):
        self.rrect(e.box, 10, fill=e.background or PRIMARY)
        self.text(e.centre, e.text, e.size, e.colour, bold=True, anchor="mm")

    def draw_ghost_button(self, e: Element):
        self.rrect(e.box, 10, fill=PAPER, outline=e.colour, width=2)
        self.text(e.centre, e.text, e.size, e.colour, bold=True, anchor="mm")

    def draw_heading(self, e: Element):
        self.wrapped(e, e.size, e.colour, bold=True, line_height=1.18)

    def draw_text(self, e: Element):
        self.wrapped(e, e.size, e.colour)

    def draw_quote(self, e: Element):
        self.text(
            (e.box[0] - 2, e.box[1] - 6), "\u201c", e.size * 2.6, PRIMARY, bold=True, anchor="ls"
        )
        self.wrapped(e, e.size, INK, line_height=1.5)

    def draw_person(self, e: Element):
        x0, y0, _, y1 = e.box
        r = (y1 - y0) / 2
        self.d.ellipse(self.box((x0, y0, x0 + 2 * r, y1)), fill=(199, 210, 254))
        name, role = e.text.split("\n")
        self.text((x0 + 2 * r + 12, y0 + r - 10), name, e.size, INK, bold=True, anchor="lm")
        self.text((x0 + 2 * r + 12, y0 + r + 12), role, e.size - 1, MUTED, anchor="lm")

    def draw_card(self, e: Element):
        x0, y0, x1, y1 = e.box
        self.rrect((x0 + 2, y0 + 6, x1 + 2, y1 + 6), 16, fill=(232, 235, 243))
        outline = e.colour if e.colour != INK else LINE
        self.rrect(
            e.box,
            16,
            fill=e.background or PAPER,
            outline=outline,
            width=3 if outline == PRIMARY else 1,
        )
        if outline == PRIMARY:
            self.rrect((x1 - 150, y0 - 14, x1 - 24, y0 + 14), 14, fill=PRIMARY)
            self.text((x1 - 87, y0), "MOST POPULAR", 12, PAPER, bold=True, anchor="mm")

    def draw_icon(self, e: Element):
        self.rrect(e.box, 12, fill=e.background)
        self.text(e.centre, e.text, e.height * 0.45, e.colour, bold=True, anchor="mm")

    def draw_logo_mark(self, e: Element):
        x0, y0, _, y1 = e.box
        h = y1 - y0
        self.d.ellipse(self.box((x0, y0 + h * 0.2, x0 + h * 0.6, y0 + h * 0.8)), fill=SUBTLE)
        self.text((x0 + h * 0.8, (y0 + y1) / 2), e.text, e.size, e.colour, bold=True, anchor="lm")

    def draw_bullet(self, e: Element):
        x0, y0, x1, y1 = e.box
        cy = y0 + e.size * 0.75
        self.d.ellipse(self.box((x0, cy - 9, x0 + 18, cy + 9)), fill=(209, 250, 229))
        self.d.line(
            self.box((x0 + 5, cy, x0 + 8, cy + 4)), fill=ACCENT, width=max(1, round(2 * self.s))
        )
        self.d.line(
            self.box((x0 + 8, cy + 4, x0 + 13, cy - 4)),
            fill=ACCENT,
            width=max(1, round(2 * self.s)),
        )
        self.wrapped(
            Element(e.name, "text", (x0 + 30, y0, x1, y1), e.text, e.size), e.size, e.colour
        )

    def draw_price(self, e: Element):
        amount, unit = e.text.split("\n")
        self.text((e.box[0], e.box[1]), amount, e.size, INK, bold=True)
        self.text((e.box[0], e.box[1] + e.size * 1.15), unit, 15, MUTED)

    def draw_faq(self, e: Element):
        x0, y0, x1, y1 = e.box
        self.rrect(e.box, 12, fill=PAPER, outline=LINE)
        self.text((x0 + 24, (y0 + y1) / 2), e.text, e.size, INK, bold=True, anchor="lm")
        self.text((x1 - 32, (y0 + y1) / 2), "+", e.size * 1.4, PRIMARY, bold=True, anchor="mm")

    def draw_menu(self, e: Element):
        x0, y0, x1, _ = e.box
        for i in range(3):
            y = y0 + 12 + i * 8
            self.rrect((x0 + 8, y, x1 - 8, y + 3), 1.5, fill=INK)

    def draw_image(self, e: Element):
        if e.text == "dashboard":
            _dashboard(self, e.box)
        else:
            _week(self, e.box)


def _dashboard(p: _Painter, b) -> None:
    x0, y0, x1, y1 = b
    w, h = x1 - x0, y1 - y0
    p.rrect((x0 + 6, y0 + 12, x1 + 6, y1 + 12), 18, fill=(224, 228, 240))
    p.rrect(b, 18, fill=PAPER, outline=LINE)
    # Window bar.
    p.rrect((x0, y0, x1, y0 + 36), 18, fill=(238, 241, 248))
    p.d.rectangle(p.box((x0, y0 + 20, x1, y0 + 36)), fill=(238, 241, 248))
    for i, c in enumerate([(248, 113, 113), (251, 191, 36), (52, 211, 153)]):
        p.d.ellipse(p.box((x0 + 16 + i * 18, y0 + 12, x0 + 28 + i * 18, y0 + 24)), fill=c)
    # Sidebar.
    side = x0 + w * 0.2
    p.d.rectangle(p.box((x0 + 1, y0 + 36, side, y1 - 18)), fill=(248, 249, 252))
    for i in range(6):
        yy = y0 + 60 + i * 34
        if yy + 14 > y1 - 20:
            break
        p.rrect((x0 + 14, yy, side - 14, yy + 14), 7, fill=PRIMARY if i == 1 else LINE)
    # KPI tiles.
    cx0 = side + 18
    tile_w = (x1 - 18 - cx0 - 2 * 12) / 3
    for i, (label, val, col) in enumerate(
        [
            ("Coverage", "98%", ACCENT),
            ("Open shifts", "3", (245, 158, 11)),
            ("Labour cost", "-6%", PRIMARY),
        ]
    ):
        tx = cx0 + i * (tile_w + 12)
        p.rrect((tx, y0 + 54, tx + tile_w, y0 + 54 + h * 0.18), 10, fill=TINT)
        if tile_w > 70:
            p.text((tx + 10, y0 + 64), label, max(9, h * 0.026), MUTED)
            p.text((tx + 10, y0 + 64 + h * 0.06), val, max(12, h * 0.055), col, bold=True)
    # Bar chart.
    top, bottom = y0 + 70 + h * 0.2, y1 - 30
    rng = random.Random(7)
    n = 14
    bw = (x1 - 18 - cx0) / n
    for i in range(n):
        v = 0.35 + 0.55 * (0.5 + 0.5 * math.sin(i * 0.7)) * (0.8 + 0.4 * rng.random())
        bx = cx0 + i * bw
        p.rrect(
            (bx + bw * 0.18, bottom - (bottom - top) * v, bx + bw * 0.82, bottom),
            4,
            fill=PRIMARY if i % 4 else ACCENT,
        )
    # Trend line.
    pts = []
    for i in range(n):
        v = 0.75 - 0.35 * (i / n) + 0.08 * math.sin(i * 1.3)
        pts.append((cx0 + (i + 0.5) * bw, top + (bottom - top) * (1 - v)))
    p.d.line(
        [(round(x * p.s), round(y * p.s)) for x, y in pts],
        fill=(236, 72, 153),
        width=max(2, round(3 * p.s)),
        joint="curve",
    )


def _week(p: _Painter, b) -> None:
    x0, y0, x1, y1 = b
    p.rrect((x0 + 6, y0 + 12, x1 + 6, y1 + 12), 18, fill=(224, 228, 240))
    p.rrect(b, 18, fill=PAPER, outline=LINE)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    gx0, gy0 = x0 + 70, y0 + 50
    cw = (x1 - 20 - gx0) / 7
    rows = 6
    rh = (y1 - 20 - gy0) / rows
    for i, d in enumerate(days):
        p.text(
            (gx0 + (i + 0.5) * cw, y0 + 28),
            d,
            max(10, min(15, cw * 0.25)),
            MUTED,
            bold=True,
            anchor="mm",
        )
    rng = random.Random(11)
    palette = [PRIMARY, ACCENT, (14, 165, 233), (245, 158, 11), (139, 92, 246)]
    for r in range(rows):
        p.d.ellipse(
            p.box((x0 + 20, gy0 + r * rh + rh * 0.2, x0 + 20 + rh * 0.6, gy0 + r * rh + rh * 0.8)),
            fill=(199, 210, 254),
        )
        for c in range(7):
            if rng.random() < 0.25:
                continue
            fill = palette[(r + c) % len(palette)]
            if (r, c) in ((2, 5), (4, 6)):
                fill = (239, 68, 68)
            p.rrect(
                (
                    gx0 + c * cw + 4,
                    gy0 + r * rh + rh * 0.18,
                    gx0 + (c + 1) * cw - 4,
                    gy0 + (r + 1) * rh - rh * 0.18,
                ),
                6,
                fill=fill,
            )
    p.d.line(p.box((gx0, y1 - 20, x1 - 20, y1 - 20)), fill=LINE)
