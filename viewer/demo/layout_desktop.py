"""The demo page laid out for a desktop browser, 1440 CSS px wide."""

from __future__ import annotations

from viewer.demo.content import FAQS, FEATURES, FOOTER, LOGOS, NAV, PLANS, QUOTES, SPLIT_POINTS
from viewer.demo.elements import Layout, element, section


def desktop(variant: str) -> Layout:
    W = 1440
    L = Layout("desktop", W, 0, variant=variant)
    m = 120  # side margin
    # Header.
    section(L, "header", 0, 80)
    L.add(element("header.logo", (m, 24, m + 170, 56), 24))
    x = 480
    for label, _ in NAV:
        w = 14 + len(label) * 9.5
        L.add(element(f"nav.{label.lower()}", (x, 28, x + w, 52), 16))
        x += w + 28
    L.add(element("header.signin", (W - m - 300, 28, W - m - 220, 52), 16))
    L.add(element("header.cta", (W - m - 180, 18, W - m, 62), 16))
    # Hero.
    section(L, "hero", 80, 820)
    L.add(element("hero.eyebrow", (m, 150, m + 520, 176), 14))
    L.add(element("hero.headline", (m, 190, m + 600, 330), 58))
    L.add(element("hero.subhead", (m, 350, m + 560, 450), 20))
    image = (760, 150, W - m, 640)
    if variant == "A":
        L.add(element("hero.cta", (m, 486, m + 230, 546), 19))
        L.add(element("hero.demo", (m + 260, 500, m + 420, 532), 17))
    else:
        L.add(element("hero.demo", (m, 500, m + 160, 532), 17))
        cx = (image[0] + image[2]) / 2
        L.add(element("hero.cta", (cx - 170, 680, cx + 170, 752), 22))
    L.add(element("hero.note", (m, 570, m + 520, 594), 15))
    L.add(element("hero.image", image))
    # Logos.
    section(L, "logos", 820, 980)
    L.add(element("logos.title", (m, 850, W - m, 874), 14))
    step = (W - 2 * m) / len(LOGOS)
    for i, name in enumerate(LOGOS):
        x0 = m + i * step
        L.add(element(f"logos.{name.lower()}", (x0 + 20, 900, x0 + step - 20, 944), 24))
    # Features.
    top = 980
    section(L, "features", top, top + 1060)
    L.add(element("features.title", (m, top + 90, W - m, top + 150), 42))
    L.add(element("features.lead", (m, top + 166, W - m, top + 196), 20))
    cw, ch, gap = (W - 2 * m - 2 * 40) / 3, 330, 40
    for i in range(len(FEATURES)):
        r, c = divmod(i, 3)
        x0 = m + c * (cw + gap)
        y0 = top + 260 + r * (ch + gap)
        L.add(element(f"features.card{i + 1}", (x0, y0, x0 + cw, y0 + ch)))
        L.add(element(f"features.icon{i + 1}", (x0 + 32, y0 + 36, x0 + 88, y0 + 92)))
        L.add(element(f"features.heading{i + 1}", (x0 + 32, y0 + 118, x0 + cw - 32, y0 + 150), 24))
        L.add(element(f"features.text{i + 1}", (x0 + 32, y0 + 166, x0 + cw - 32, y0 + 260), 17))
        L.add(element(f"features.more{i + 1}", (x0 + 32, y0 + 276, x0 + 172, y0 + 302), 16))
    # Split section.
    top = 2040
    section(L, "split", top, top + 700)
    L.add(element("split.image", (m, top + 100, m + 600, top + 600)))
    L.add(element("split.title", (m + 680, top + 170, W - m, top + 280), 40))
    for i in range(len(SPLIT_POINTS)):
        y0 = top + 310 + i * 56
        L.add(element(f"split.point{i + 1}", (m + 680, y0, W - m, y0 + 40), 19))
    L.add(element("split.link", (m + 680, top + 500, m + 900, top + 530), 17))
    # Testimonials.
    top = 2740
    section(L, "stories", top, top + 600)
    L.add(element("stories.title", (m, top + 90, W - m, top + 150), 42))
    qw = (W - 2 * m - 2 * 40) / 3
    for i in range(len(QUOTES)):
        x0 = m + i * (qw + 40)
        L.add(element(f"stories.card{i + 1}", (x0, top + 210, x0 + qw, top + 500)))
        L.add(element(f"stories.quote{i + 1}", (x0 + 32, top + 290, x0 + qw - 32, top + 410), 19))
        L.add(element(f"stories.who{i + 1}", (x0 + 32, top + 420, x0 + qw - 32, top + 470), 16))
    # Pricing.
    top = 3340
    section(L, "pricing", top, top + 920)
    L.add(element("pricing.title", (m, top + 90, W - m, top + 150), 42))
    L.add(element("pricing.lead", (m, top + 166, W - m, top + 196), 20))
    pw = (W - 2 * m - 2 * 40) / 3
    for i, (plan, _, _, points, _) in enumerate(PLANS):
        x0 = m + i * (pw + 40)
        y0 = top + 260 - (20 if i == 1 else 0)
        y1 = top + 820 + (20 if i == 1 else 0)
        key = plan.lower()
        L.add(element(f"pricing.{key}", (x0, y0, x0 + pw, y1)))
        L.add(element(f"pricing.{key}.name", (x0 + 36, y0 + 40, x0 + pw - 36, y0 + 76), 26))
        L.add(element(f"pricing.{key}.price", (x0 + 36, y0 + 96, x0 + pw - 36, y0 + 160), 48))
        for j in range(len(points)):
            yy = y0 + 200 + j * 44
            L.add(element(f"pricing.{key}.point{j + 1}", (x0 + 36, yy, x0 + pw - 36, yy + 32), 17))
        L.add(element(f"pricing.{key}.button", (x0 + 36, y1 - 100, x0 + pw - 36, y1 - 44), 18))
    # FAQ.
    top = 4260
    section(L, "faq", top, top + 640)
    L.add(element("faq.title", (m, top + 90, W - m, top + 150), 42))
    for i in range(len(FAQS)):
        y0 = top + 200 + i * 76
        L.add(element(f"faq.q{i + 1}", (m + 160, y0, W - m - 160, y0 + 60), 20))
    # CTA band.
    top = 4900
    section(L, "cta", top, top + 340)
    L.add(element("cta.title", (m, top + 90, W - m, top + 150), 42))
    L.add(element("cta.button", (m, top + 190, m + 260, top + 250), 19))
    # Footer.
    top = 5240
    section(L, "footer", top, top + 380)
    L.add(element("footer.logo", (m, top + 70, m + 200, top + 100), 22))
    L.add(element("footer.tagline", (m, top + 116, m + 320, top + 170), 16))
    col_w = 200
    for i, (head, links) in enumerate(FOOTER):
        x0 = 600 + i * col_w
        L.add(element(f"footer.{head.lower()}", (x0, top + 70, x0 + col_w, top + 96), 16))
        for j, link in enumerate(links):
            y0 = top + 116 + j * 36
            L.add(
                element(
                    f"footer.{head.lower()}.{link.lower()}",
                    (x0, y0, x0 + 12 + len(link) * 8.5, y0 + 24),
                    15,
                )
            )
    L.add(element("footer.copy", (m, top + 320, W - m, top + 344), 14))
    L.height = top + 380
    return L
