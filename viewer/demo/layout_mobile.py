"""The demo page laid out for a phone, 390 CSS px wide."""

from __future__ import annotations

from viewer.demo.content import FAQS, FEATURES, FOOTER, LOGOS, PLANS, QUOTES, SPLIT_POINTS
from viewer.demo.elements import Layout, element, section


def mobile(variant: str) -> Layout:
    W = 390
    L = Layout("mobile", W, 0, variant=variant)
    m = 20
    section(L, "header", 0, 64)
    L.add(element("header.logo", (m, 18, m + 150, 46), 21))
    L.add(element("header.menu", (W - m - 40, 12, W - m, 52), 0))
    y = 64
    hero_top = y
    y += 40
    L.add(element("hero.eyebrow", (m, y, W - m, y + 20), 13))
    y += 36
    L.add(
        element(
            "hero.headline",
            (m, y, W - m, y + 120),
            38,
            text="Schedules\nyour team\nactually likes.",
        )
    )
    y += 140
    L.add(element("hero.subhead", (m, y, W - m, y + 130), 17))
    y += 150
    if variant == "A":
        L.add(element("hero.cta", (m, y, W - m, y + 56), 18))
        y += 76
        L.add(element("hero.demo", (m, y, m + 170, y + 28), 16))
        y += 52
        L.add(element("hero.image", (m, y, W - m, y + 300)))
        y += 340
    else:
        L.add(element("hero.demo", (m, y, m + 170, y + 28), 16))
        y += 52
        L.add(element("hero.image", (m, y, W - m, y + 300)))
        y += 324
        L.add(element("hero.cta", (m, y, W - m, y + 64), 20))
        y += 92  # the hero is as tall as in variant A: variants share the page size
    section(L, "hero", hero_top, y)
    # Logos.
    top = y
    L.add(element("logos.title", (m, top + 30, W - m, top + 50), 13))
    for i, name in enumerate(LOGOS):
        r, c = divmod(i, 3)
        x0 = m + c * (W - 2 * m) / 3
        y0 = top + 70 + r * 44
        L.add(element(f"logos.{name.lower()}", (x0, y0, x0 + (W - 2 * m) / 3 - 8, y0 + 32), 17))
    y = top + 180
    section(L, "logos", top, y)
    # Features.
    top = y
    L.add(
        element(
            "features.title",
            (m, top + 50, W - m, top + 130),
            30,
            text="Everything a busy\nmanager needs",
        )
    )
    y = top + 160
    for i in range(len(FEATURES)):
        L.add(element(f"features.card{i + 1}", (m, y, W - m, y + 250)))
        L.add(element(f"features.icon{i + 1}", (m + 24, y + 24, m + 72, y + 72)))
        L.add(element(f"features.heading{i + 1}", (m + 24, y + 90, W - m - 24, y + 118), 21))
        L.add(element(f"features.text{i + 1}", (m + 24, y + 128, W - m - 24, y + 200), 16))
        L.add(element(f"features.more{i + 1}", (m + 24, y + 208, m + 150, y + 232), 15))
        y += 270
    y += 30
    section(L, "features", top, y)
    # Split.
    top = y
    L.add(
        element(
            "split.title",
            (m, top + 50, W - m, top + 130),
            30,
            text="See the whole week\nbefore it happens",
        )
    )
    L.add(element("split.image", (m, top + 150, W - m, top + 390)))
    for i in range(len(SPLIT_POINTS)):
        y0 = top + 420 + i * 64
        L.add(element(f"split.point{i + 1}", (m, y0, W - m, y0 + 54), 16))
    L.add(element("split.link", (m, top + 620, m + 190, top + 646), 16))
    y = top + 700
    section(L, "split", top, y)
    # Stories.
    top = y
    L.add(
        element(
            "stories.title",
            (m, top + 50, W - m, top + 130),
            30,
            text="Teams sleep better\non Sunday nights",
        )
    )
    y = top + 160
    for i in range(len(QUOTES)):
        L.add(element(f"stories.card{i + 1}", (m, y, W - m, y + 240)))
        L.add(element(f"stories.quote{i + 1}", (m + 24, y + 64, W - m - 24, y + 160), 17))
        L.add(element(f"stories.who{i + 1}", (m + 24, y + 170, W - m - 24, y + 214), 15))
        y += 260
    y += 20
    section(L, "stories", top, y)
    # Pricing.
    top = y
    L.add(
        element(
            "pricing.title",
            (m, top + 50, W - m, top + 130),
            30,
            text="Simple pricing that\ngrows with you",
        )
    )
    y = top + 160
    for plan, _, _, points, _ in PLANS:
        key = plan.lower()
        h = 250 + 40 * len(points)
        L.add(element(f"pricing.{key}", (m, y, W - m, y + h)))
        L.add(element(f"pricing.{key}.name", (m + 24, y + 28, W - m - 24, y + 58), 23))
        L.add(element(f"pricing.{key}.price", (m + 24, y + 74, W - m - 24, y + 130), 40))
        for j in range(len(points)):
            yy = y + 160 + j * 40
            L.add(element(f"pricing.{key}.point{j + 1}", (m + 24, yy, W - m - 24, yy + 30), 16))
        L.add(element(f"pricing.{key}.button", (m + 24, y + h - 76, W - m - 24, y + h - 24), 17))
        y += h + 24
    y += 30
    section(L, "pricing", top, y)
    # FAQ.
    top = y
    L.add(element("faq.title", (m, top + 50, W - m, top + 90), 30))
    y = top + 120
    for i in range(len(FAQS)):
        L.add(element(f"faq.q{i + 1}", (m, y, W - m, y + 64), 17))
        y += 76
    y += 30
    section(L, "faq", top, y)
    # CTA band.
    top = y
    L.add(
        element(
            "cta.title",
            (m, top + 50, W - m, top + 170),
            30,
            text="Build next week's\nrota in five\nminutes",
        )
    )
    L.add(element("cta.button", (m, top + 200, W - m, top + 256), 18))
    y = top + 310
    section(L, "cta", top, y)
    # Footer.
    top = y
    L.add(element("footer.logo", (m, top + 40, m + 180, top + 68), 20))
    y = top + 100
    for i, (head, links) in enumerate(FOOTER):
        r, c = divmod(i, 2)
        x0 = m + c * 175
        y0 = y + r * 220
        L.add(element(f"footer.{head.lower()}", (x0, y0, x0 + 160, y0 + 24), 15))
        for j, link in enumerate(links):
            yy = y0 + 40 + j * 40
            L.add(
                element(
                    f"footer.{head.lower()}.{link.lower()}",
                    (x0, yy, x0 + 12 + len(link) * 8, yy + 24),
                    15,
                )
            )
    y += 460
    L.add(element("footer.copy", (m, y, W - m, y + 44), 13))
    y += 80
    section(L, "footer", top, y)
    L.height = int(y)
    return L
