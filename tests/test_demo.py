"""The bundled demo: valid, small, and behaving like people."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import DEMO

from viewer.demo import bundled_recordings
from viewer.demo import layout as layouts
from viewer.demo.behaviour import Visitor, _Session
from viewer.demo.generate import DEFAULT_SEED, PAGES, make_session
from viewer.library import open_path
from viewer.recording import EventKind as K


@pytest.fixture(scope="module")
def demo():
    return open_path(DEMO)


def test_demo_is_where_the_app_looks_and_opens_clean(demo):
    assert bundled_recordings() == DEMO
    assert [p.id for p in demo.pages] == ["brightside-desktop", "brightside-mobile"]
    assert demo.problems == []
    assert len(demo.all_sessions) >= 300


def test_demo_pages_have_the_promised_shapes(demo):
    desk, mob = demo.pages
    assert desk.width == 1440 and 4000 <= desk.height <= 6000
    assert mob.width == 390 and mob.device_pixel_ratio == 2
    for page in demo.pages:
        assert set(page.variants) == {"B"}


def test_committed_demo_is_under_10_mb():
    size = sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file())
    assert size < 10 * 1024 * 1024


def test_generator_is_deterministic():
    spec = PAGES[0]
    assert make_session(spec, 7, 3) == make_session(spec, 7, 3)
    assert make_session(spec, 7, 3) != make_session(spec, 7, 4)


def _clicks(sessions, kind=K.CLICK):
    xs, ys = [], []
    for s in sessions:
        ev = s.events
        m = ev.kind == kind
        xs.append(ev.x[m])
        ys.append(ev.y[m])
    return np.concatenate(xs), np.concatenate(ys)


def _inside(x, y, box):
    return (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])


def test_desktop_clicks_land_on_things_and_mostly_on_links(demo):
    layout = layouts.build("desktop", "A")
    sessions = [s for s in demo.sessions_of("brightside-desktop") if s.variant == "A"]
    x, y = _clicks(sessions)
    assert len(x) > 50
    on_any = np.zeros(len(x), bool)
    on_clickable = np.zeros(len(x), bool)
    for e in layout.elements:
        if e.role == "section":
            continue
        hit = _inside(x, y, e.box)
        on_any |= hit
        if e.clickable:
            on_clickable |= hit
    assert on_any.mean() > 0.95
    assert 0.4 < on_clickable.mean() < 0.95  # dead clicks and rage clicks exist too


def test_scroll_depth_falls_off_down_the_page(demo):
    for page in demo.pages:
        depth = []
        for s in demo.sessions_of(page.id):
            ev = s.events
            scroll = ev.y[ev.kind == K.SCROLL]
            heights = np.append(ev.y[ev.kind == K.RESIZE], s.viewport[1])
            depth.append(((scroll.max() if len(scroll) else 0) + heights.min()) / page.height)
        depth = np.array(depth)
        reach = [(depth >= q).mean() for q in (0.25, 0.5, 0.75, 0.98)]
        assert reach == sorted(reach, reverse=True)
        assert reach[0] > 0.3 and reach[-1] < 0.2


def test_some_visitors_rage_click_the_hero_picture(demo):
    image = layouts.build("desktop", "A").get("hero.image").box
    raging = 0
    for s in demo.sessions_of("brightside-desktop"):
        ev = s.events.of_kind(K.CLICK)
        hit = _inside(ev.x, ev.y, image)
        t, x, y = ev.t[hit], ev.x[hit], ev.y[hit]
        for i in range(len(t) - 2):
            if t[i + 2] - t[i] <= 1000 and np.hypot(x[i + 2] - x[i], y[i + 2] - y[i]) <= 30:
                raging += 1
                break
    assert 3 <= raging <= 40


def test_mobile_taps_and_flings_without_a_cursor(demo):
    sessions = demo.sessions_of("brightside-mobile")
    counts = sum(np.bincount(s.events.kind, minlength=6) for s in sessions)
    assert counts[K.MOVE] == 0 and counts[K.CLICK] == 0 and counts[K.DWELL] == 0
    assert counts[K.TAP] > 50 and counts[K.SCROLL] > 1000
    assert counts[K.RESIZE] > 20  # the address bar collapsing on the first scroll


def test_viewports_vary(demo):
    for page in demo.pages:
        sizes = {s.viewport for s in demo.sessions_of(page.id)}
        assert len(sizes) >= 5


def test_variant_b_call_to_action_gets_more_clicks(demo):
    share = {}
    for variant in "AB":
        cta = layouts.build("desktop", variant).get("hero.cta").box
        sessions = [s for s in demo.sessions_of("brightside-desktop") if s.variant == variant]
        clicked = sum(bool(_inside(*_clicks([s]), cta).any()) for s in sessions)
        share[variant] = clicked / len(sessions)
    assert share["B"] > share["A"] * 1.3


def test_cursor_accelerates_then_slows_into_the_target():
    layout = layouts.build("desktop", "A")
    rng = np.random.default_rng(1)
    s = _Session(rng, layout, Visitor("A", "direct", "desktop", (1440, 900)))
    s.pointer = (100.0, 100.0)
    s.move_to(1100.0, 700.0, target_size=40)
    t, kind, x, y, _ = s.track.arrays()
    assert (kind == K.MOVE).all()
    assert (x[-1], y[-1]) == (np.float32(1100.0), np.float32(700.0))
    speed = np.hypot(np.diff(x), np.diff(y)) / np.diff(t)
    n = len(speed)
    middle = speed[n // 3 : 2 * n // 3].mean()
    assert middle > 2 * speed[: max(1, n // 6)].mean()
    assert middle > 2 * speed[-max(1, n // 6) :].mean()
    gaps = np.diff(t)
    assert gaps.min() >= 20 and gaps.max() <= 80 and len(set(gaps.tolist())) > 3


@pytest.mark.parametrize("index", [0, 1, 137])
def test_committed_demo_is_what_the_generator_makes(demo, index):
    """The bundled files were not left behind by a change to the behaviour model."""
    for spec in PAGES:
        made = make_session(spec, DEFAULT_SEED, index)
        committed = {s.id: s for s in demo.sessions_of(spec.id)}[made.id]
        assert committed == made


def test_demo_regions_cover_the_buttons_in_both_variants():
    from viewer.analysis.regions import load_regions

    regions = {r.name: r for r in load_regions(DEMO / "brightside-desktop" / "regions.json")}
    cta = regions["Hero CTA"]
    a, b = layouts.build("desktop", "A"), layouts.build("desktop", "B")
    x0, y0, x1, y1 = a.get("hero.cta").box
    assert cta.rect == (x0, y0, x1 - x0, y1 - y0)
    x0, y0, x1, y1 = b.get("hero.cta").box
    assert cta.rect_for("B") == (x0, y0, x1 - x0, y1 - y0)
    assert "Header CTA" not in {
        r.name for r in load_regions(DEMO / "brightside-mobile" / "regions.json")
    }
