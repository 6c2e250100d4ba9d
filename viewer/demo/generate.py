"""Generate the demo recordings: two pages of one product and their sessions, from a seed.

The bundled ``recordings/`` folder is exactly ``generate(Path("recordings"))`` with the defaults:

* ``brightside-desktop``: the landing page at 1440 CSS px (screenshot at device pixel ratio 1),
* ``brightside-mobile``: the same page at 390 CSS px (screenshot at device pixel ratio 2),

each with its areas of interest in ``regions.json`` (the sign-up buttons, the picture, pricing)
and an A/B test (variant B moves the hero's call-to-action) whose variant screenshots are
stored beside the page. Sessions run from April to October 2026; on 3 August 2026 an ad campaign
starts, bringing more traffic from ads, which bounces more and converts less; on 14 September
2026 a release breaks the hero button (its clicks do nothing), and rage clicks jump: visible
changes for trend charts. Each click names the element it hit and what the page did
(:mod:`~viewer.demo.click_facts`: dead clicks on what does nothing, error clicks on the broken
button). Each session draws from its own seed (the generator's seed and its
index), so one session can be regenerated alone, and a larger set
(``--desktop 8000 --mobile 2000``) is a superset-shaped copy for benchmarks.
"""

from __future__ import annotations

import datetime as _dt
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from viewer.analysis.regions import Region, save_regions, sidecar_path
from viewer.demo import content
from viewer.demo import layout as layouts
from viewer.demo.behaviour import Visitor, simulate
from viewer.demo.click_facts import demo_click_facts, page_elements
from viewer.demo.elements import Layout
from viewer.demo.render import render
from viewer.fileio import atomic_write
from viewer.recording.model import Events, Page, Session
from viewer.recording.native_write import encode_session, save_page

DEFAULT_SEED = 20260401
START = _dt.date(2026, 4, 1)
END = _dt.date(2026, 11, 1)  # exclusive
CAMPAIGN = _dt.date(2026, 8, 3)
BROKEN_CTA = _dt.date(2026, 9, 14)  # a release breaks the hero button (until the data ends)

SOURCES = ("direct", "search", "email", "social", "ad")
SOURCE_MIX_BEFORE = (0.30, 0.36, 0.10, 0.14, 0.10)
SOURCE_MIX_AFTER = (0.18, 0.22, 0.07, 0.08, 0.45)

DESKTOP_HEIGHTS = (700, 760, 789, 820, 860, 900, 940, 1000)
MOBILE_SIZES = (
    (390, 664),
    (390, 750),
    (393, 740),
    (375, 667),
    (390, 780),
    (412, 780),
    (414, 736),
    (390, 700),
)


@dataclass(frozen=True)
class PageSpec:
    """One demo page: its id, layout, and screenshot scale."""

    id: str
    layout: str
    scale: float
    prefix: str


PAGES = (
    PageSpec("brightside-desktop", "desktop", 1.0, "d"),
    PageSpec("brightside-mobile", "mobile", 2.0, "m"),
)


def generate(
    out: Path | str,
    desktop: int = 300,
    mobile: int = 160,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the demo pages and their sessions into ``out`` (created; existing demo pages in it
    are replaced).

    Parameters
    ----------
    out
        The folder to write into.
    desktop, mobile
        How many sessions of each layout.
    seed
        Everything drawn at random follows from it.
    workers
        Processes that simulate sessions (the output does not depend on it).
    progress
        Called with ``(sessions written, total)``.

    Returns
    -------
    list of Path
        The page files written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    counts = {"desktop": desktop, "mobile": mobile}
    total = desktop + mobile
    done = 0
    for spec in PAGES:
        folder = out / spec.id
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "sessions").mkdir(parents=True)
        page = write_page(spec, folder)
        written.append(page.path)
        n = counts[spec.layout]
        jobs = [(spec, seed, i) for i in range(n)]
        if workers > 1 and n > 50:
            with ProcessPoolExecutor(workers) as pool:
                results = pool.map(_session_file, jobs, chunksize=32)
                for name, data in results:
                    atomic_write(folder / "sessions" / name, data)
                    done += 1
                    if progress:
                        progress(done, total)
        else:
            for job in jobs:
                name, data = _session_file(job)
                atomic_write(folder / "sessions" / name, data)
                done += 1
                if progress:
                    progress(done, total)
    return written


#: The demo's areas of interest: region name -> layout element(s) it covers.
REGIONS = (
    ("Hero CTA", ("hero.cta",)),
    ("Watch the demo", ("hero.demo",)),
    ("Hero picture", ("hero.image",)),
    ("Header CTA", ("header.cta",)),
    ("Pricing: Starter", ("pricing.starter.button",)),
    ("Pricing: Pro", ("pricing.pro.button",)),
    ("Pricing: Enterprise", ("pricing.enterprise.button",)),
    ("FAQ", tuple(f"faq.q{i}" for i in range(1, 6))),
    ("Final CTA", ("cta.button",)),
)


def demo_regions(layout_name: str) -> list[Region]:
    """The demo page's regions, with variant B's rectangle where B moved the element."""

    def box(layout: Layout, names: tuple[str, ...]) -> tuple[float, ...] | None:
        present = {e.name for e in layout.elements}
        boxes = [layout.get(n).box for n in names if n in present]
        if not boxes:
            return None
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        return (x0, y0, x1 - x0, y1 - y0)

    a, b = layouts.build(layout_name, "A"), layouts.build(layout_name, "B")
    regions = []
    for name, elements in REGIONS:
        rect_a, rect_b = box(a, elements), box(b, elements)
        if rect_a is None:  # the mobile layout has no header button
            continue
        regions.append(Region(name, rect_a, {"B": rect_b} if rect_b != rect_a else {}))
    return regions


def write_page(spec: PageSpec, folder: Path) -> Page:
    """Write ``spec``'s page (its screenshots A and B, page file, regions) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shots = {}
    size = None
    for variant in ("A", "B"):
        layout = layouts.build(spec.layout, variant)
        size = (layout.width, layout.height)
        image = render(layout, spec.scale)
        name = "screenshot.png" if variant == "A" else f"screenshot-{variant}.png"
        atomic_write(folder / name, lambda f, im=image: im.save(f, "PNG", optimize=True))
        shots[variant] = (folder / name).resolve()
        pixel_size = image.size
    assert size is not None
    page = Page(
        id=spec.id,
        width=size[0],
        height=size[1],
        screenshot=shots["A"],
        pixel_size=pixel_size,
        url=content.URL,
        title=content.TITLE + (" (mobile)" if spec.layout == "mobile" else ""),
        variants={"B": shots["B"]},
        path=folder / "page.json",
        elements=page_elements(layouts.build(spec.layout, "A")),
    )
    save_page(page, folder / "page.json")
    save_regions(sidecar_path(folder / "page.json"), demo_regions(spec.layout), spec.id)
    return page


def make_session(spec: PageSpec, seed: int, index: int) -> Session:
    """Simulate session ``index`` of a demo page (deterministic for a seed and index)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, index, len(spec.id)]))
    start = _start_time(rng)
    mix = SOURCE_MIX_AFTER if start.date() >= CAMPAIGN else SOURCE_MIX_BEFORE
    source = str(rng.choice(SOURCES, p=mix))
    variant = "A" if rng.random() < 0.5 else "B"
    if spec.layout == "desktop":
        device = "desktop"
        viewport = (1440, int(rng.choice(DESKTOP_HEIGHTS)))
    else:
        device = "tablet" if rng.random() < 0.04 else "mobile"
        viewport = tuple(int(v) for v in MOBILE_SIZES[int(rng.integers(len(MOBILE_SIZES)))])
    layout = _layout(spec.layout, variant)
    broken = start.date() >= BROKEN_CTA
    t, kind, x, y, value, duration = simulate(
        rng, layout, Visitor(variant, source, device, viewport, broken_cta=broken)
    )
    return Session(
        id=f"{spec.prefix}{index + 1:05d}",
        page_id=spec.id,
        start=start,
        device=device,
        viewport=viewport,
        events=Events(t, kind, x, y, value),
        tags={"variant": variant, "source": source},
        duration_ms=duration,
        clicks=demo_click_facts(
            layout,
            _layout(spec.layout, "A"),
            Events(t, kind, x, y, value),
            broken,
            everything=spec.layout != "desktop",
        ),
    )


def _session_file(job: tuple[PageSpec, int, int]) -> tuple[str, bytes]:
    spec, seed, index = job
    session = make_session(spec, seed, index)
    return f"{session.id}.session.json.gz", encode_session(session, compress=True)


_LAYOUTS: dict[tuple[str, str], Layout] = {}


def _layout(name: str, variant: str) -> Layout:
    key = (name, variant)
    if key not in _LAYOUTS:
        _LAYOUTS[key] = layouts.build(name, variant)
    return _LAYOUTS[key]


def _start_time(rng: np.random.Generator) -> _dt.datetime:
    """A visit time: more on weekdays and in working hours, and more after the campaign."""
    days = (END - START).days
    day_index = np.arange(days)
    dates = [START + _dt.timedelta(days=int(d)) for d in day_index]
    weight = np.array(
        [(1.0 if d.weekday() < 5 else 0.55) * (1.5 if d >= CAMPAIGN else 1.0) for d in dates]
    )
    day = dates[int(rng.choice(days, p=weight / weight.sum()))]
    hour_weight = np.array(
        [
            0.2,
            0.1,
            0.1,
            0.1,
            0.15,
            0.3,
            0.6,
            1.0,
            1.6,
            2.0,
            2.2,
            2.1,
            1.8,
            2.0,
            2.2,
            2.1,
            1.9,
            1.6,
            1.4,
            1.3,
            1.2,
            1.0,
            0.7,
            0.4,
        ]
    )
    hour = int(rng.choice(24, p=hour_weight / hour_weight.sum()))
    second = int(rng.integers(3600))
    return _dt.datetime(
        day.year, day.month, day.day, hour, second // 60, second % 60, tzinfo=_dt.UTC
    )


def long_session(n_events: int = 1_000_000, seed: int = 5):
    """Simulated desktop visits back to back, as one session of ``n_events`` events (for
    benchmarks and long-run tests of replay)."""
    rng = np.random.default_rng(seed)
    page = layouts.build("desktop", "A")
    parts, offset, total = [], 0, 0
    while total < n_events:
        t, kind, x, y, value, duration = simulate(
            rng, page, Visitor("A", "direct", "desktop", (1440, 900))
        )
        parts.append((t + offset, kind, x, y, value))
        offset += duration + 500
        total += len(t)
    cols = [np.concatenate([p[i] for p in parts])[:n_events] for i in range(5)]
    return Session(
        "long",
        "brightside-desktop",
        _dt.datetime(2026, 5, 1, tzinfo=_dt.UTC),
        "desktop",
        (1440, 900),
        Events(*cols),
    )
