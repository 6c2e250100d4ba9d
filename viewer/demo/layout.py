"""The demo product's landing page, laid out for desktop (1440 px) and mobile (390 px).

One description of the page's content is laid out twice. The result is a list of
:class:`Element` s with their boxes in page CSS px; the renderer draws them into the screenshot and
the behaviour model aims cursors and fingers at the very same boxes, so clicks land on buttons.

Variant ``A`` and ``B`` differ only in where the hero's call-to-action button sits: beside the
secondary link under the sub-headline (A), or large and centred under the product picture (B).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[float, float, float, float]

BRAND = "Brightside"
URL = "https://brightside.example/"
TITLE = "Brightside: team scheduling people actually like"

# Colours (RGB).
INK = (17, 24, 39)
MUTED = (75, 85, 99)
SUBTLE = (148, 156, 170)
PRIMARY = (79, 70, 229)
PRIMARY_DARK = (55, 48, 163)
ACCENT = (16, 185, 129)
PAPER = (255, 255, 255)
TINT = (245, 247, 255)
LINE = (226, 230, 238)
DARK = (17, 20, 38)


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


# ----------------------------------------------------------------------------------- the content

NAV = [
    ("Product", "anchor:features"),
    ("Customers", "anchor:stories"),
    ("Pricing", "anchor:pricing"),
    ("Docs", "leave"),
    ("Blog", "leave"),
]
HEADLINE = ["Schedules your team", "actually likes."]
SUBHEAD = (
    "Brightside builds fair rotas in seconds, swaps shifts without group chats, and tells "
    "everyone where to be. Loved by 12,000 teams in retail, care and hospitality."
)
CTA = "Start free trial"
LOGOS = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Woodgrove", "Litware"]
FEATURES = [
    (
        "Fair rotas in one click",
        "Availability, skills and labour rules go in; a balanced week "
        "comes out. Tweak anything by dragging.",
    ),
    (
        "Swaps without the chaos",
        "Staff offer and pick up shifts in the app. You approve with "
        "one tap, and the rota updates itself.",
    ),
    (
        "Time off, handled",
        "Requests, balances and blackout dates in one place, checked against "
        "the rota before anyone says yes.",
    ),
    (
        "Clock in on any phone",
        "Geofenced clock-in with breaks and overtime tracked to the minute, ready for payroll.",
    ),
    (
        "Labour cost at a glance",
        "See wage spend against sales forecast as you build the week, not after the month closes.",
    ),
    (
        "Works with your tools",
        "Payroll, POS and HR integrations that sync every night, plus an open API for the rest.",
    ),
]
SPLIT_TITLE = "See the whole week before it happens"
SPLIT_POINTS = [
    "Spot understaffed hours in red before they hurt service",
    "Forecasts from your own sales history, per site",
    "One view for every location, or drill into one",
]
QUOTES = [
    (
        "We cut rota-building from a day to twenty minutes, and the swaps group chat is finally "
        "quiet.",
        "Priya Natarajan",
        "Ops lead, Tailspin Coffee",
    ),
    (
        "Staff pick their own shifts now. Sick-day cover went from panic to a push notification.",
        "Marco Rossi",
        "Store manager, Woodgrove",
    ),
    (
        "The labour-cost view paid for Brightside in the first month.",
        "Hannah Okafor",
        "Finance director, Litware Care",
    ),
]
PLANS = [
    (
        "Starter",
        "$4",
        "per user / month",
        ["Rotas and swaps", "Mobile app", "Email support"],
        "Choose Starter",
    ),
    (
        "Pro",
        "$8",
        "per user / month",
        [
            "Everything in Starter",
            "Forecasts and labour cost",
            "Payroll export",
            "Priority support",
        ],
        "Start Pro trial",
    ),
    (
        "Enterprise",
        "Let's talk",
        "volume pricing",
        ["Everything in Pro", "SSO and audit log", "Dedicated manager"],
        "Contact sales",
    ),
]
FAQS = [
    "Is there really a free trial?",
    "Can staff use it on their own phones?",
    "How long does it take to set up?",
    "Do you integrate with our payroll?",
    "What happens to our data if we leave?",
]
FOOTER = [
    ("Product", ["Scheduling", "Time off", "Clock-in", "Integrations"]),
    ("Company", ["About", "Careers", "Press", "Contact"]),
    ("Resources", ["Docs", "Blog", "Guides", "Status"]),
    ("Legal", ["Privacy", "Terms", "Security"]),
]


def build(name: str, variant: str = "A") -> Layout:
    """Lay out the demo page: ``name`` is ``"desktop"`` (1440 wide) or ``"mobile"`` (390 wide)."""
    if name == "desktop":
        return _desktop(variant)
    if name == "mobile":
        return _mobile(variant)
    raise ValueError(f"unknown layout {name!r}")


def _section(layout: Layout, name: str, top: float, bottom: float, bg=PAPER) -> Element:
    e = Element(f"section.{name}", "section", (0, top, layout.width, bottom), background=bg)
    layout.add(e)
    return e


def _desktop(variant: str) -> Layout:
    W = 1440
    L = Layout("desktop", W, 0, variant=variant)
    m = 120  # side margin
    # Header.
    _section(L, "header", 0, 80)
    L.add(Element("header.logo", "logo", (m, 24, m + 170, 56), BRAND, 24, "anchor:hero"))
    x = 480
    for label, action in NAV:
        w = 14 + len(label) * 9.5
        L.add(
            Element(
                f"nav.{label.lower()}", "link", (x, 28, x + w, 52), label, 16, action, colour=MUTED
            )
        )
        x += w + 28
    L.add(
        Element(
            "header.signin",
            "link",
            (W - m - 300, 28, W - m - 220, 52),
            "Sign in",
            16,
            "leave",
            colour=MUTED,
        )
    )
    L.add(
        Element(
            "header.cta",
            "ghost-button",
            (W - m - 180, 18, W - m, 62),
            "Get started",
            16,
            "convert",
            colour=PRIMARY,
        )
    )
    # Hero.
    _section(L, "hero", 80, 820, TINT)
    L.add(
        Element(
            "hero.eyebrow",
            "text",
            (m, 150, m + 520, 176),
            "NEW  Forecasts per site",
            14,
            colour=PRIMARY,
        )
    )
    L.add(
        Element(
            "hero.headline",
            "heading",
            (m, 190, m + 600, 330),
            "\n".join(HEADLINE),
            58,
            interest=3.0,
        )
    )
    L.add(
        Element(
            "hero.subhead", "text", (m, 350, m + 560, 450), SUBHEAD, 20, interest=1.5, colour=MUTED
        )
    )
    image = (760, 150, W - m, 640)
    if variant == "A":
        L.add(
            Element(
                "hero.cta",
                "button",
                (m, 486, m + 230, 546),
                CTA,
                19,
                "convert",
                interest=0.3,
                colour=PAPER,
                background=PRIMARY,
            )
        )
        L.add(
            Element(
                "hero.demo",
                "link",
                (m + 260, 500, m + 420, 532),
                "Watch the demo  >",
                17,
                "leave",
                colour=PRIMARY,
            )
        )
    else:
        L.add(
            Element(
                "hero.demo",
                "link",
                (m, 500, m + 160, 532),
                "Watch the demo  >",
                17,
                "leave",
                colour=PRIMARY,
            )
        )
        cx = (image[0] + image[2]) / 2
        L.add(
            Element(
                "hero.cta",
                "button",
                (cx - 170, 680, cx + 170, 752),
                CTA,
                22,
                "convert",
                interest=0.3,
                colour=PAPER,
                background=PRIMARY,
            )
        )
    L.add(
        Element(
            "hero.note",
            "text",
            (m, 570, m + 520, 594),
            "14 days free. No card needed. Cancel any time.",
            15,
            colour=SUBTLE,
        )
    )
    L.add(Element("hero.image", "image", image, "dashboard", interest=2.0))
    # Logos.
    _section(L, "logos", 820, 980)
    L.add(
        Element(
            "logos.title",
            "text",
            (m, 850, W - m, 874),
            "TRUSTED BY 12,000 TEAMS",
            14,
            colour=SUBTLE,
        )
    )
    step = (W - 2 * m) / len(LOGOS)
    for i, name in enumerate(LOGOS):
        x0 = m + i * step
        L.add(
            Element(
                f"logos.{name.lower()}",
                "logo-mark",
                (x0 + 20, 900, x0 + step - 20, 944),
                name,
                24,
                colour=SUBTLE,
            )
        )
    # Features.
    top = 980
    _section(L, "features", top, top + 1060)
    L.add(
        Element(
            "features.title",
            "heading",
            (m, top + 90, W - m, top + 150),
            "Everything a busy manager needs",
            42,
            interest=1.5,
        )
    )
    L.add(
        Element(
            "features.lead",
            "text",
            (m, top + 166, W - m, top + 196),
            "From the first rota to the last payslip, in one calm place.",
            20,
            colour=MUTED,
        )
    )
    cw, ch, gap = (W - 2 * m - 2 * 40) / 3, 330, 40
    for i, (title, body) in enumerate(FEATURES):
        r, c = divmod(i, 3)
        x0 = m + c * (cw + gap)
        y0 = top + 260 + r * (ch + gap)
        L.add(Element(f"features.card{i + 1}", "card", (x0, y0, x0 + cw, y0 + ch)))
        L.add(
            Element(
                f"features.icon{i + 1}",
                "icon",
                (x0 + 32, y0 + 36, x0 + 88, y0 + 92),
                str(i + 1),
                colour=PAPER,
                background=(
                    PRIMARY,
                    ACCENT,
                    (236, 72, 153),
                    (245, 158, 11),
                    (14, 165, 233),
                    (139, 92, 246),
                )[i],
            )
        )
        L.add(
            Element(
                f"features.heading{i + 1}",
                "heading",
                (x0 + 32, y0 + 118, x0 + cw - 32, y0 + 150),
                title,
                24,
                interest=1.0,
            )
        )
        L.add(
            Element(
                f"features.text{i + 1}",
                "text",
                (x0 + 32, y0 + 166, x0 + cw - 32, y0 + 260),
                body,
                17,
                interest=0.8,
                colour=MUTED,
            )
        )
        L.add(
            Element(
                f"features.more{i + 1}",
                "link",
                (x0 + 32, y0 + 276, x0 + 172, y0 + 302),
                "Learn more  >",
                16,
                "leave",
                colour=PRIMARY,
            )
        )
    # Split section.
    top = 2040
    _section(L, "split", top, top + 700, TINT)
    L.add(Element("split.image", "image", (m, top + 100, m + 600, top + 600), "week", interest=1.2))
    L.add(
        Element(
            "split.title",
            "heading",
            (m + 680, top + 170, W - m, top + 280),
            SPLIT_TITLE,
            40,
            interest=1.5,
        )
    )
    for i, point in enumerate(SPLIT_POINTS):
        y0 = top + 310 + i * 56
        L.add(
            Element(
                f"split.point{i + 1}",
                "bullet",
                (m + 680, y0, W - m, y0 + 40),
                point,
                19,
                interest=0.7,
                colour=MUTED,
            )
        )
    L.add(
        Element(
            "split.link",
            "link",
            (m + 680, top + 500, m + 900, top + 530),
            "See forecasting  >",
            17,
            "leave",
            colour=PRIMARY,
        )
    )
    # Testimonials.
    top = 2740
    _section(L, "stories", top, top + 600)
    L.add(
        Element(
            "stories.title",
            "heading",
            (m, top + 90, W - m, top + 150),
            "Teams sleep better on Sunday nights",
            42,
            interest=1.2,
        )
    )
    qw = (W - 2 * m - 2 * 40) / 3
    for i, (quote, who, role) in enumerate(QUOTES):
        x0 = m + i * (qw + 40)
        L.add(Element(f"stories.card{i + 1}", "card", (x0, top + 210, x0 + qw, top + 500)))
        L.add(
            Element(
                f"stories.quote{i + 1}",
                "quote",
                (x0 + 32, top + 290, x0 + qw - 32, top + 410),
                quote,
                19,
                interest=1.0,
            )
        )
        L.add(
            Element(
                f"stories.who{i + 1}",
                "person",
                (x0 + 32, top + 420, x0 + qw - 32, top + 470),
                f"{who}\n{role}",
                16,
            )
        )
    # Pricing.
    top = 3340
    _section(L, "pricing", top, top + 920, TINT)
    L.add(
        Element(
            "pricing.title",
            "heading",
            (m, top + 90, W - m, top + 150),
            "Simple pricing that grows with you",
            42,
            interest=1.5,
        )
    )
    L.add(
        Element(
            "pricing.lead",
            "text",
            (m, top + 166, W - m, top + 196),
            "Every plan starts with a 14-day free trial.",
            20,
            colour=MUTED,
        )
    )
    pw = (W - 2 * m - 2 * 40) / 3
    for i, (plan, price, unit, points, button) in enumerate(PLANS):
        x0 = m + i * (pw + 40)
        y0 = top + 260 - (20 if i == 1 else 0)
        y1 = top + 820 + (20 if i == 1 else 0)
        key = plan.lower()
        L.add(
            Element(
                f"pricing.{key}",
                "card",
                (x0, y0, x0 + pw, y1),
                background=PAPER,
                colour=PRIMARY if i == 1 else LINE,
            )
        )
        L.add(
            Element(
                f"pricing.{key}.name",
                "heading",
                (x0 + 36, y0 + 40, x0 + pw - 36, y0 + 76),
                plan,
                26,
                interest=0.8,
            )
        )
        L.add(
            Element(
                f"pricing.{key}.price",
                "price",
                (x0 + 36, y0 + 96, x0 + pw - 36, y0 + 160),
                f"{price}\n{unit}",
                48,
                interest=2.0,
            )
        )
        for j, point in enumerate(points):
            yy = y0 + 200 + j * 44
            L.add(
                Element(
                    f"pricing.{key}.point{j + 1}",
                    "bullet",
                    (x0 + 36, yy, x0 + pw - 36, yy + 32),
                    point,
                    17,
                    interest=0.4,
                    colour=MUTED,
                )
            )
        L.add(
            Element(
                f"pricing.{key}.button",
                "button" if i == 1 else "ghost-button",
                (x0 + 36, y1 - 100, x0 + pw - 36, y1 - 44),
                button,
                18,
                "convert" if i < 2 else "leave",
                interest=0.3,
                colour=PAPER if i == 1 else PRIMARY,
                background=PRIMARY if i == 1 else None,
            )
        )
    # FAQ.
    top = 4260
    _section(L, "faq", top, top + 640)
    L.add(
        Element(
            "faq.title",
            "heading",
            (m, top + 90, W - m, top + 150),
            "Questions, answered",
            42,
            interest=1.0,
        )
    )
    for i, q in enumerate(FAQS):
        y0 = top + 200 + i * 76
        L.add(
            Element(
                f"faq.q{i + 1}",
                "faq",
                (m + 160, y0, W - m - 160, y0 + 60),
                q,
                20,
                "toggle",
                interest=0.6,
            )
        )
    # CTA band.
    top = 4900
    _section(L, "cta", top, top + 340, PRIMARY_DARK)
    L.add(
        Element(
            "cta.title",
            "heading",
            (m, top + 90, W - m, top + 150),
            "Build next week's rota in five minutes",
            42,
            interest=1.0,
            colour=PAPER,
        )
    )
    L.add(
        Element(
            "cta.button",
            "button",
            (m, top + 190, m + 260, top + 250),
            CTA,
            19,
            "convert",
            interest=0.3,
            colour=PRIMARY_DARK,
            background=PAPER,
        )
    )
    # Footer.
    top = 5240
    _section(L, "footer", top, top + 380, DARK)
    L.add(
        Element("footer.logo", "logo", (m, top + 70, m + 200, top + 100), BRAND, 22, colour=PAPER)
    )
    L.add(
        Element(
            "footer.tagline",
            "text",
            (m, top + 116, m + 320, top + 170),
            "Scheduling people actually like.",
            16,
            colour=SUBTLE,
        )
    )
    col_w = 200
    for i, (head, links) in enumerate(FOOTER):
        x0 = 600 + i * col_w
        L.add(
            Element(
                f"footer.{head.lower()}",
                "footer-head",
                (x0, top + 70, x0 + col_w, top + 96),
                head,
                16,
                colour=PAPER,
            )
        )
        for j, link in enumerate(links):
            y0 = top + 116 + j * 36
            L.add(
                Element(
                    f"footer.{head.lower()}.{link.lower()}",
                    "link",
                    (x0, y0, x0 + 12 + len(link) * 8.5, y0 + 24),
                    link,
                    15,
                    "leave",
                    colour=SUBTLE,
                )
            )
    L.add(
        Element(
            "footer.copy",
            "text",
            (m, top + 320, W - m, top + 344),
            "(c) 2026 Brightside Ltd. Demo page for session-viewer; all names invented.",
            14,
            colour=MUTED,
        )
    )
    L.height = top + 380
    return L


def _mobile(variant: str) -> Layout:
    W = 390
    L = Layout("mobile", W, 0, variant=variant)
    m = 20
    _section(L, "header", 0, 64)
    L.add(Element("header.logo", "logo", (m, 18, m + 150, 46), BRAND, 21, "anchor:hero"))
    L.add(Element("header.menu", "menu", (W - m - 40, 12, W - m, 52), "", 0, "toggle"))
    y = 64
    hero_top = y
    y += 40
    L.add(
        Element(
            "hero.eyebrow",
            "text",
            (m, y, W - m, y + 20),
            "NEW  Forecasts per site",
            13,
            colour=PRIMARY,
        )
    )
    y += 36
    L.add(
        Element(
            "hero.headline",
            "heading",
            (m, y, W - m, y + 120),
            "Schedules\nyour team\nactually likes.",
            38,
            interest=3.0,
        )
    )
    y += 140
    L.add(
        Element(
            "hero.subhead", "text", (m, y, W - m, y + 130), SUBHEAD, 17, interest=1.5, colour=MUTED
        )
    )
    y += 150
    if variant == "A":
        L.add(
            Element(
                "hero.cta",
                "button",
                (m, y, W - m, y + 56),
                CTA,
                18,
                "convert",
                interest=0.3,
                colour=PAPER,
                background=PRIMARY,
            )
        )
        y += 76
        L.add(
            Element(
                "hero.demo",
                "link",
                (m, y, m + 170, y + 28),
                "Watch the demo  >",
                16,
                "leave",
                colour=PRIMARY,
            )
        )
        y += 52
        L.add(Element("hero.image", "image", (m, y, W - m, y + 300), "dashboard", interest=2.0))
        y += 340
    else:
        L.add(
            Element(
                "hero.demo",
                "link",
                (m, y, m + 170, y + 28),
                "Watch the demo  >",
                16,
                "leave",
                colour=PRIMARY,
            )
        )
        y += 52
        L.add(Element("hero.image", "image", (m, y, W - m, y + 300), "dashboard", interest=2.0))
        y += 324
        L.add(
            Element(
                "hero.cta",
                "button",
                (m, y, W - m, y + 64),
                CTA,
                20,
                "convert",
                interest=0.3,
                colour=PAPER,
                background=PRIMARY,
            )
        )
        y += 92  # the hero is as tall as in variant A: variants share the page size
    _section(L, "hero", hero_top, y, TINT)
    # Logos.
    top = y
    L.add(
        Element(
            "logos.title",
            "text",
            (m, top + 30, W - m, top + 50),
            "TRUSTED BY 12,000 TEAMS",
            13,
            colour=SUBTLE,
        )
    )
    for i, name in enumerate(LOGOS):
        r, c = divmod(i, 3)
        x0 = m + c * (W - 2 * m) / 3
        y0 = top + 70 + r * 44
        L.add(
            Element(
                f"logos.{name.lower()}",
                "logo-mark",
                (x0, y0, x0 + (W - 2 * m) / 3 - 8, y0 + 32),
                name,
                17,
                colour=SUBTLE,
            )
        )
    y = top + 180
    _section(L, "logos", top, y)
    # Features.
    top = y
    L.add(
        Element(
            "features.title",
            "heading",
            (m, top + 50, W - m, top + 130),
            "Everything a busy\nmanager needs",
            30,
            interest=1.5,
        )
    )
    y = top + 160
    for i, (title, body) in enumerate(FEATURES):
        L.add(Element(f"features.card{i + 1}", "card", (m, y, W - m, y + 250)))
        L.add(
            Element(
                f"features.icon{i + 1}",
                "icon",
                (m + 24, y + 24, m + 72, y + 72),
                str(i + 1),
                colour=PAPER,
                background=(
                    PRIMARY,
                    ACCENT,
                    (236, 72, 153),
                    (245, 158, 11),
                    (14, 165, 233),
                    (139, 92, 246),
                )[i],
            )
        )
        L.add(
            Element(
                f"features.heading{i + 1}",
                "heading",
                (m + 24, y + 90, W - m - 24, y + 118),
                title,
                21,
                interest=1.0,
            )
        )
        L.add(
            Element(
                f"features.text{i + 1}",
                "text",
                (m + 24, y + 128, W - m - 24, y + 200),
                body,
                16,
                interest=0.8,
                colour=MUTED,
            )
        )
        L.add(
            Element(
                f"features.more{i + 1}",
                "link",
                (m + 24, y + 208, m + 150, y + 232),
                "Learn more  >",
                15,
                "leave",
                colour=PRIMARY,
            )
        )
        y += 270
    y += 30
    _section(L, "features", top, y)
    # Split.
    top = y
    L.add(
        Element(
            "split.title",
            "heading",
            (m, top + 50, W - m, top + 130),
            "See the whole week\nbefore it happens",
            30,
            interest=1.5,
        )
    )
    L.add(Element("split.image", "image", (m, top + 150, W - m, top + 390), "week", interest=1.2))
    for i, point in enumerate(SPLIT_POINTS):
        y0 = top + 420 + i * 64
        L.add(
            Element(
                f"split.point{i + 1}",
                "bullet",
                (m, y0, W - m, y0 + 54),
                point,
                16,
                interest=0.7,
                colour=MUTED,
            )
        )
    L.add(
        Element(
            "split.link",
            "link",
            (m, top + 620, m + 190, top + 646),
            "See forecasting  >",
            16,
            "leave",
            colour=PRIMARY,
        )
    )
    y = top + 700
    _section(L, "split", top, y, TINT)
    # Stories.
    top = y
    L.add(
        Element(
            "stories.title",
            "heading",
            (m, top + 50, W - m, top + 130),
            "Teams sleep better\non Sunday nights",
            30,
            interest=1.2,
        )
    )
    y = top + 160
    for i, (quote, who, role) in enumerate(QUOTES):
        L.add(Element(f"stories.card{i + 1}", "card", (m, y, W - m, y + 240)))
        L.add(
            Element(
                f"stories.quote{i + 1}",
                "quote",
                (m + 24, y + 64, W - m - 24, y + 160),
                quote,
                17,
                interest=1.0,
            )
        )
        L.add(
            Element(
                f"stories.who{i + 1}",
                "person",
                (m + 24, y + 170, W - m - 24, y + 214),
                f"{who}\n{role}",
                15,
            )
        )
        y += 260
    y += 20
    _section(L, "stories", top, y)
    # Pricing.
    top = y
    L.add(
        Element(
            "pricing.title",
            "heading",
            (m, top + 50, W - m, top + 130),
            "Simple pricing that\ngrows with you",
            30,
            interest=1.5,
        )
    )
    y = top + 160
    for i, (plan, price, unit, points, button) in enumerate(PLANS):
        key = plan.lower()
        h = 250 + 40 * len(points)
        L.add(
            Element(
                f"pricing.{key}",
                "card",
                (m, y, W - m, y + h),
                background=PAPER,
                colour=PRIMARY if i == 1 else LINE,
            )
        )
        L.add(
            Element(
                f"pricing.{key}.name",
                "heading",
                (m + 24, y + 28, W - m - 24, y + 58),
                plan,
                23,
                interest=0.8,
            )
        )
        L.add(
            Element(
                f"pricing.{key}.price",
                "price",
                (m + 24, y + 74, W - m - 24, y + 130),
                f"{price}\n{unit}",
                40,
                interest=2.0,
            )
        )
        for j, point in enumerate(points):
            yy = y + 160 + j * 40
            L.add(
                Element(
                    f"pricing.{key}.point{j + 1}",
                    "bullet",
                    (m + 24, yy, W - m - 24, yy + 30),
                    point,
                    16,
                    interest=0.4,
                    colour=MUTED,
                )
            )
        L.add(
            Element(
                f"pricing.{key}.button",
                "button" if i == 1 else "ghost-button",
                (m + 24, y + h - 76, W - m - 24, y + h - 24),
                button,
                17,
                "convert" if i < 2 else "leave",
                interest=0.3,
                colour=PAPER if i == 1 else PRIMARY,
                background=PRIMARY if i == 1 else None,
            )
        )
        y += h + 24
    y += 30
    _section(L, "pricing", top, y, TINT)
    # FAQ.
    top = y
    L.add(
        Element(
            "faq.title",
            "heading",
            (m, top + 50, W - m, top + 90),
            "Questions, answered",
            30,
            interest=1.0,
        )
    )
    y = top + 120
    for i, q in enumerate(FAQS):
        L.add(Element(f"faq.q{i + 1}", "faq", (m, y, W - m, y + 64), q, 17, "toggle", interest=0.6))
        y += 76
    y += 30
    _section(L, "faq", top, y)
    # CTA band.
    top = y
    L.add(
        Element(
            "cta.title",
            "heading",
            (m, top + 50, W - m, top + 170),
            "Build next week's\nrota in five\nminutes",
            30,
            interest=1.0,
            colour=PAPER,
        )
    )
    L.add(
        Element(
            "cta.button",
            "button",
            (m, top + 200, W - m, top + 256),
            CTA,
            18,
            "convert",
            interest=0.3,
            colour=PRIMARY_DARK,
            background=PAPER,
        )
    )
    y = top + 310
    _section(L, "cta", top, y, PRIMARY_DARK)
    # Footer.
    top = y
    L.add(Element("footer.logo", "logo", (m, top + 40, m + 180, top + 68), BRAND, 20, colour=PAPER))
    y = top + 100
    for i, (head, links) in enumerate(FOOTER):
        r, c = divmod(i, 2)
        x0 = m + c * 175
        y0 = y + r * 220
        L.add(
            Element(
                f"footer.{head.lower()}",
                "footer-head",
                (x0, y0, x0 + 160, y0 + 24),
                head,
                15,
                colour=PAPER,
            )
        )
        for j, link in enumerate(links):
            yy = y0 + 40 + j * 40
            L.add(
                Element(
                    f"footer.{head.lower()}.{link.lower()}",
                    "link",
                    (x0, yy, x0 + 12 + len(link) * 8, yy + 24),
                    link,
                    15,
                    "leave",
                    colour=SUBTLE,
                )
            )
    y += 460
    L.add(
        Element(
            "footer.copy",
            "text",
            (m, y, W - m, y + 44),
            "(c) 2026 Brightside Ltd. Demo page for session-viewer; all names invented.",
            13,
            colour=MUTED,
        )
    )
    y += 80
    _section(L, "footer", top, y, DARK)
    L.height = int(y)
    return L
