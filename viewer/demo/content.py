"""What the demo page says and how each of its elements looks and behaves, once for both
layouts (desktop and mobile place the same elements in other boxes, at other sizes)."""

from __future__ import annotations

from dataclasses import dataclass

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

# ------------------------------------------------------------------------------------- the copy

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
ICON_COLOURS = (PRIMARY, ACCENT, (236, 72, 153), (245, 158, 11), (14, 165, 233), (139, 92, 246))
SECTION_BACKGROUNDS = {
    "header": PAPER,
    "hero": TINT,
    "logos": PAPER,
    "features": PAPER,
    "split": TINT,
    "stories": PAPER,
    "pricing": TINT,
    "faq": PAPER,
    "cta": PRIMARY_DARK,
    "footer": DARK,
}


# ---------------------------------------------------------------------------------- the elements


@dataclass(frozen=True)
class Content:
    """What one element is, says and does (see :class:`~viewer.demo.elements.Element`)."""

    role: str
    text: str = ""
    action: str = ""
    interest: float = 0.0
    colour: tuple[int, int, int] = INK
    background: tuple[int, int, int] | None = None


def _content() -> dict[str, Content]:
    c: dict[str, Content] = {}

    def add(name: str, role: str, text: str = "", action: str = "", **looks) -> None:
        c[name] = Content(role, text, action, **looks)

    for section, background in SECTION_BACKGROUNDS.items():
        add(f"section.{section}", "section", background=background)
    add("header.logo", "logo", BRAND, "anchor:hero")
    add("header.menu", "menu", "", "toggle")
    for label, action in NAV:
        add(f"nav.{label.lower()}", "link", label, action, colour=MUTED)
    add("header.signin", "link", "Sign in", "leave", colour=MUTED)
    add("header.cta", "ghost-button", "Get started", "convert", colour=PRIMARY)
    add("hero.eyebrow", "text", "NEW  Forecasts per site", colour=PRIMARY)
    add("hero.headline", "heading", "\n".join(HEADLINE), interest=3.0)
    add("hero.subhead", "text", SUBHEAD, interest=1.5, colour=MUTED)
    add("hero.cta", "button", CTA, "convert", interest=0.3, colour=PAPER, background=PRIMARY)
    add("hero.demo", "link", "Watch the demo  >", "leave", colour=PRIMARY)
    add("hero.note", "text", "14 days free. No card needed. Cancel any time.", colour=SUBTLE)
    add("hero.image", "image", "dashboard", interest=2.0)
    add("logos.title", "text", "TRUSTED BY 12,000 TEAMS", colour=SUBTLE)
    for name in LOGOS:
        add(f"logos.{name.lower()}", "logo-mark", name, colour=SUBTLE)
    add("features.title", "heading", "Everything a busy manager needs", interest=1.5)
    lead = "From the first rota to the last payslip, in one calm place."
    add("features.lead", "text", lead, colour=MUTED)
    for i, (title, body) in enumerate(FEATURES, start=1):
        add(f"features.card{i}", "card")
        add(f"features.icon{i}", "icon", str(i), colour=PAPER, background=ICON_COLOURS[i - 1])
        add(f"features.heading{i}", "heading", title, interest=1.0)
        add(f"features.text{i}", "text", body, interest=0.8, colour=MUTED)
        add(f"features.more{i}", "link", "Learn more  >", "leave", colour=PRIMARY)
    add("split.image", "image", "week", interest=1.2)
    add("split.title", "heading", SPLIT_TITLE, interest=1.5)
    for i, point in enumerate(SPLIT_POINTS, start=1):
        add(f"split.point{i}", "bullet", point, interest=0.7, colour=MUTED)
    add("split.link", "link", "See forecasting  >", "leave", colour=PRIMARY)
    add("stories.title", "heading", "Teams sleep better on Sunday nights", interest=1.2)
    for i, (quote, who, role) in enumerate(QUOTES, start=1):
        add(f"stories.card{i}", "card")
        add(f"stories.quote{i}", "quote", quote, interest=1.0)
        add(f"stories.who{i}", "person", f"{who}\n{role}")
    add("pricing.title", "heading", "Simple pricing that grows with you", interest=1.5)
    add("pricing.lead", "text", "Every plan starts with a 14-day free trial.", colour=MUTED)
    for name, price, per, points, button in PLANS:
        key = f"pricing.{name.lower()}"
        featured = name == "Pro"
        add(key, "card", colour=PRIMARY if featured else LINE, background=PAPER)
        add(f"{key}.name", "heading", name, interest=0.8)
        add(f"{key}.price", "price", f"{price}\n{per}", interest=2.0)
        for i, point in enumerate(points, start=1):
            add(f"{key}.point{i}", "bullet", point, interest=0.4, colour=MUTED)
        action = "leave" if name == "Enterprise" else "convert"
        if featured:
            add(
                f"{key}.button",
                "button",
                button,
                action,
                interest=0.3,
                colour=PAPER,
                background=PRIMARY,
            )
        else:
            add(f"{key}.button", "ghost-button", button, action, interest=0.3, colour=PRIMARY)
    add("faq.title", "heading", "Questions, answered", interest=1.0)
    for i, question in enumerate(FAQS, start=1):
        add(f"faq.q{i}", "faq", question, "toggle", interest=0.6)
    cta_title = "Build next week's rota in five minutes"
    add("cta.title", "heading", cta_title, interest=1.0, colour=PAPER)
    add("cta.button", "button", CTA, "convert", interest=0.3, colour=PRIMARY_DARK, background=PAPER)
    add("footer.logo", "logo", BRAND, colour=PAPER)
    add("footer.tagline", "text", "Scheduling people actually like.", colour=SUBTLE)
    for head, links in FOOTER:
        add(f"footer.{head.lower()}", "footer-head", head, colour=PAPER)
        for link in links:
            add(f"footer.{head.lower()}.{link.lower()}", "link", link, "leave", colour=SUBTLE)
    copy = "(c) 2026 Brightside Ltd. Demo page for session-viewer; all names invented."
    add("footer.copy", "text", copy, colour=MUTED)
    return c


#: Every element of the page by name: what it is, says and does.
CONTENT: dict[str, Content] = _content()
