"""What goes into each map, and the units it is shown in."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import make_session

from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import (
    HeatmapSettings,
    click_points,
    compute_heatmap,
    dwell_points,
    move_points,
    nice_ceiling,
    scroll_profile,
)
from viewer.analysis.table import EventTable
from viewer.recording import EventKind as K
from viewer.recording import Page

PAGE = Page("p1", 400, 2000, screenshot=None, pixel_size=(400, 2000))  # type: ignore[arg-type]


def table(*sessions):
    return EventTable.from_sessions(sessions)


def test_move_samples_weigh_the_time_the_pointer_stayed():
    """Two samples 1 s apart weigh 10x two samples 100 ms apart."""
    slow = make_session([(0, K.MOVE, 100, 100), (1000, K.MOVE, 300, 100)], duration_ms=1000)
    fast = make_session([(0, K.MOVE, 100, 500), (100, K.MOVE, 300, 500)], id="s2", duration_ms=100)
    x, y, w, _ = move_points(table(slow, fast))
    weights = dict(zip(zip(x.tolist(), y.tolist(), strict=True), w.tolist(), strict=True))
    assert weights[(100.0, 100.0)] == pytest.approx(1.0)
    assert weights[(100.0, 500.0)] == pytest.approx(0.1)
    assert weights[(100.0, 100.0)] == pytest.approx(10 * weights[(100.0, 500.0)])
    # The last sample weighs until the session ends (zero here), so it does not appear.
    assert (300.0, 100.0) not in weights


def test_long_gaps_are_capped_and_sessions_do_not_bleed_into_each_other():
    a = make_session([(0, K.MOVE, 10, 10), (60_000, K.MOVE, 20, 20)], duration_ms=61_000)
    b = make_session([(0, K.MOVE, 30, 30), (500, K.CLICK, 40, 40)], id="s2", duration_ms=800)
    x, _, w, sessions = move_points(table(a, b), cap_ms=2000)
    got = dict(zip(x.tolist(), w.tolist(), strict=True))
    assert got == {10.0: 2.0, 20.0: 1.0, 30.0: 0.5, 40.0: 0.3}
    assert sessions.tolist() == [0, 0, 1, 1]


def test_move_time_range_counts_only_the_part_inside():
    s = make_session([(0, K.MOVE, 10, 10), (4000, K.MOVE, 20, 20)], duration_ms=5000)
    x, _, w, _ = move_points(table(s), cap_ms=10_000, t_range=(1000, 4500))
    assert dict(zip(x.tolist(), w.tolist(), strict=True)) == {10.0: 3.0, 20.0: 0.5}


def test_click_map_counts_clicks_taps_or_both():
    s = make_session([(0, K.CLICK, 1, 1), (1, K.TAP, 2, 2), (2, K.MOVE, 3, 3), (3, K.CLICK, 4, 4)])
    t = table(s)
    assert click_points(t)[0].tolist() == [1, 2, 4]
    assert click_points(t, taps=False)[0].tolist() == [1, 4]
    assert click_points(t, clicks=False)[0].tolist() == [2]
    assert click_points(t, t_range=(1, 3))[0].tolist() == [2]


def test_dwell_weighs_its_duration_capped():
    s = make_session([(0, K.DWELL, 5, 5, 1500), (2000, K.DWELL, 6, 6, 90_000)])
    x, _, w, _ = dwell_points(table(s), cap_ms=30_000)
    assert dict(zip(x.tolist(), w.tolist(), strict=True)) == {5.0: 1.5, 6.0: 30.0}


def crafted_scroll_sessions():
    # Viewport 400 x 500 at the start of each.
    a = make_session([], id="a", viewport=(400, 500), duration_ms=10_000)  # never scrolls
    b = make_session(
        [(1000, K.SCROLL, 0, 700), (3000, K.SCROLL, 0, 200)],
        id="b",
        viewport=(400, 500),
        duration_ms=5000,
    )  # bottom reached 1200
    c = make_session(
        [(1000, K.RESIZE, 400, 800), (2000, K.SCROLL, 0, 1200)],
        id="c",
        viewport=(400, 500),
        duration_ms=2000,
    )  # taller, then to 2000
    return a, b, c


def test_scroll_reach_equals_a_hand_count():
    a, b, c = crafted_scroll_sessions()
    p = scroll_profile(table(a, b, c), page_height=2000, row_px=1)
    assert sorted(p.bottoms.tolist()) == [500, 1200, 2000]
    assert p.reach_at(400) == 1.0
    assert p.reach_at(501) == pytest.approx(2 / 3)
    assert p.reach_at(1200) == pytest.approx(2 / 3)
    assert p.reach_at(1201) == pytest.approx(1 / 3)
    assert p.reach[450] == 1.0 and p.reach[800] == pytest.approx(2 / 3)
    assert p.reach[1500] == pytest.approx(1 / 3)
    assert p.fold == 500
    # Row 100 was in view for a: 10 s; b: 1 s (at 700 and then at 200 it is above the view);
    # c: the whole 2 s (rows 0-500, then 0-800 after the resize, then it jumped past).
    assert p.seconds[100] == pytest.approx((10 + 1 + 2) / 3)
    # Row 1000: only b between 1 s and 3 s (700..1200) and c never (1200..2000 at the end).
    assert p.seconds[1000] == pytest.approx(2 / 3)


def test_scroll_reach_within_a_time_range():
    a, b, c = crafted_scroll_sessions()
    p = scroll_profile(table(a, b, c), page_height=2000, row_px=1, t_range=(0, 1500))
    # By 1.5 s: a at 500, b reached 1200, c resized to 800 rows of view (bottom 800).
    assert sorted(p.bottoms.tolist()) == [500, 800, 1200]


def test_scroll_marks_are_where_reach_falls():
    sessions = [
        make_session(
            [(10, K.SCROLL, 0, bottom - 500)], id=f"s{bottom}", viewport=(400, 500), duration_ms=100
        )
        for bottom in range(600, 2001, 100)
    ]  # 15 sessions, bottoms 600..2000
    p = scroll_profile(table(*sessions), page_height=2000)
    for share, y in p.marks.items():
        assert p.reach_at(y) >= share - 1e-9
        assert p.reach_at(y + 101) < share


def test_absolute_units_do_not_depend_on_the_number_of_sessions():
    one = [make_session([(0, K.CLICK, 202.5, 202.5)], id="a")]  # on a cell centre
    grid = GridSpec.for_page(400, 400, 5)
    s = HeatmapSettings(kind="click", sigma=10, scale="absolute")
    page = Page("p", 400, 400, None, (400, 400))  # type: ignore[arg-type]
    h1 = compute_heatmap(one, page, s, grid)
    doubled = [*one, make_session([(0, K.CLICK, 202.5, 202.5)], id="b")]
    h2 = compute_heatmap(doubled, page, s, grid)
    assert h2.peak == pytest.approx(h1.peak)  # per 1,000 sessions: same behaviour, same value
    # One click per session, 1,000 sessions, 100 x 100 px: peak = 1000 * 1e4 / (2 pi sigma^2).
    assert h1.peak == pytest.approx(1000 * 1e4 / (2 * math.pi * 100), rel=0.002)
    assert h1.units == "clicks per 1,000 sessions per 100 x 100 px"
    assert h1.vmax == nice_ceiling(h1.peak) and h1.vmax >= h1.peak
    fixed = compute_heatmap(one, page, s.with_(vmax=50_000), grid)
    assert fixed.vmax == 50_000 and fixed.normalized().max() == pytest.approx(h1.peak / 50_000)


def test_relative_scale_puts_the_peak_at_the_top():
    sessions = [make_session([(0, K.CLICK, 100, 100), (5, K.CLICK, 300, 300)])]
    grid = GridSpec.for_page(400, 400, 4)
    page = Page("p", 400, 400, None, (400, 400))  # type: ignore[arg-type]
    h = compute_heatmap(sessions, page, HeatmapSettings(kind="click", sigma=10), grid)
    assert h.normalized().max() == 1.0 and h.vmax == 1.0
    assert h.n_points == 2 and h.n_sessions == 1


@pytest.mark.parametrize(
    "value,top",
    [
        (0, 1),
        (0.7, 1),
        (1.0, 1),
        (1.1, 2),
        (2.2, 2.5),
        (3, 5),
        (7, 10),
        (11, 20),
        (0.031, 0.05),
        (42_000, 50_000),
    ],
)
def test_nice_ceiling(value, top):
    assert nice_ceiling(value) == pytest.approx(top)


def test_settings_reject_nonsense():
    with pytest.raises(ValueError, match="kind"):
        HeatmapSettings(kind="hover")
    with pytest.raises(ValueError, match="sigma"):
        HeatmapSettings(sigma=-1)
    with pytest.raises(ValueError, match="opacity"):
        HeatmapSettings(opacity=2)
    assert HeatmapSettings.for_kind("scroll").opacity < HeatmapSettings.for_kind("click").opacity


def test_scroll_map_values_are_reach_per_row(demo_page):
    from helpers import DEMO

    from viewer.library import open_path

    lib = open_path(DEMO / "brightside-desktop")
    sessions = lib.sessions_of("brightside-desktop")
    grid = GridSpec.for_page(demo_page.width, demo_page.height, 10)
    h = compute_heatmap(sessions, demo_page, HeatmapSettings(kind="scroll"), grid)
    assert h.values[0, 0] == 1.0  # everyone sees the top
    column = h.values[:, 0]
    assert np.all(np.diff(column) <= 1e-12)  # reach never grows down the page
    assert (h.values == h.values[:, :1]).all()  # horizontal bands


def test_support_counts_each_session_once_however_many_points_it_has():
    from viewer.analysis.heatmaps import session_support

    grid = GridSpec.for_page(400, 400, 5)
    x = np.array([100, 100, 101, 100, 300.0])
    y = np.array([100, 100, 100, 101, 300.0])
    session = np.array([0, 0, 1, 2, 3])
    support = session_support(x, y, session, grid, sigma=20)
    assert support[20, 20] == 3  # sessions 0, 1 and 2 near (102.5, 102.5); 0 twice, once
    assert support[60, 60] == 1
    assert support[20, 60] == 0  # 200 px away: nobody
    assert support.shape == grid.shape and support.max() == 3


def test_hiding_spots_of_few_sessions_keeps_the_spots_of_many():
    grid = GridSpec.for_page(400, 400, 5)
    page = Page("p", 400, 400, screenshot=None, pixel_size=(400, 400))  # type: ignore[arg-type]
    keen = make_session([(i * 100, K.CLICK, 80, 80) for i in range(20)], id="keen")
    crowd = [make_session([(0, K.CLICK, 300, 300)], id=f"c{i}") for i in range(6)]
    shown = compute_heatmap([keen, *crowd], page, HeatmapSettings(), grid)
    hidden = compute_heatmap([keen, *crowd], page, HeatmapSettings(min_sessions=5), grid)
    assert shown.values[16, 16] == pytest.approx(1.0)  # the keen visitor's 20 clicks: the peak
    assert hidden.values[16, 16] == 0 and hidden.hidden_cells > 0
    assert hidden.values[60, 60] == pytest.approx(1.0)  # six visitors: kept, now the peak
    assert shown.hidden_cells == 0
    with pytest.raises(ValueError, match="min_sessions"):
        HeatmapSettings(min_sessions=-1)


def test_the_notes_say_why_a_touch_move_map_is_empty_and_when_sessions_are_few():
    from viewer.render.map_notes import map_notes

    grid = GridSpec.for_page(400, 2000, 10)
    taps = [make_session([(0, K.TAP, 50, 50)], id=f"t{i}", device="mobile") for i in range(3)]
    empty = compute_heatmap(taps, PAGE, HeatmapSettings(kind="move"), grid)
    (note,) = map_notes(empty, PAGE, taps, None)
    assert note.text.startswith("No pointer moves") and "3 taps" in note.text
    assert dict(note.actions) == {"kind:click": "Click map", "kind:scroll": "Scroll map"}
    clicks = compute_heatmap(taps, PAGE, HeatmapSettings(), grid)
    (few,) = map_notes(clicks, PAGE, taps, None)
    assert few.text.startswith("Only 3 sessions") and few.actions == ()
