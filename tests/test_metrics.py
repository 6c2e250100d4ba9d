"""Metrics, regions, segments, comparisons and trends on crafted sessions with known answers."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from helpers import DEMO, make_session

from viewer.analysis.compare import compare
from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import HeatmapSettings
from viewer.analysis.metrics import MetricRules, aggregate, session_metrics
from viewer.analysis.rage import RageRule
from viewer.analysis.regions import (
    Region,
    RegionRules,
    load_regions,
    region_sessions,
    region_stats,
    save_regions,
)
from viewer.analysis.report import RATES, build_report, trend_measure
from viewer.analysis.segment_numbers import rate_rows, segment_numbers
from viewer.analysis.segments import FilterError, Segment, SegmentColumns, suggested_pair
from viewer.analysis.stats import Rate, difference, two_proportion_p, wilson
from viewer.analysis.table import EventTable
from viewer.analysis.trends import months_before, period_start, trend
from viewer.library import open_path
from viewer.recording import EventKind as K
from viewer.recording import Page, RecordingError

PAGE = Page("p1", 1000, 4000, None, (1000, 4000))  # type: ignore[arg-type]


def table(*sessions):
    return EventTable.from_sessions(sessions)


# ------------------------------------------------------------------------------------ metrics


def test_per_session_metrics_by_hand():
    s = make_session(
        [
            (0, K.MOVE, 0, 0),
            (1000, K.MOVE, 30, 40),  # 50 px
            (1500, K.CLICK, 30, 40, 0),
            (2000, K.DWELL, 30, 40, 800),
            (2000, K.SCROLL, 0, 1000),  # bottom 1000 + 900 = 1900
            (9000, K.MOVE, 30, 100),  # 60 px; 7 s without events before it: idle
            (9100, K.TAP, 5, 5),
        ],
        viewport=(1000, 900),
        duration_ms=12_000,
    )
    m = session_metrics(table(s), page_height=4000)
    row = m.row(0)
    assert row["duration_s"] == 12.0
    # Idle: 2000 -> 9000 (7 s) and 9100 -> 12000 (2.9 s): active 12 - 9.9 = 2.1 s.
    assert row["active_s"] == pytest.approx(2.1)
    assert (row["moves"], row["clicks"], row["taps"], row["interactions"]) == (3, 1, 1, 2)
    assert row["first_interaction_s"] == 1.5
    assert row["deepest_px"] == 1900 and row["deepest_share"] == pytest.approx(1900 / 4000)
    assert row["dwell_s"] == 0.8
    assert row["path_px"] == pytest.approx(110.0)
    assert row["rage_bursts"] == 0 and row["bounce"] is False


def test_bounce_and_rage_at_their_thresholds():
    quick = make_session([(0, K.MOVE, 1, 1)], id="quick", duration_ms=9_999)
    slow = make_session([(0, K.MOVE, 1, 1)], id="slow", duration_ms=10_000)
    rage = make_session(
        [(0, K.CLICK, 10, 10), (500, K.CLICK, 12, 10), (1000, K.CLICK, 10, 12)],
        id="rage",
        duration_ms=2000,
    )
    m = session_metrics(table(quick, slow, rage), 4000)
    assert m.bounce.tolist() == [True, False, False]
    assert m.rage_bursts.tolist() == [0, 0, 1]
    strict = session_metrics(
        table(quick, slow, rage), 4000, MetricRules(bounce_ms=20_000, rage=RageRule(min_clicks=4))
    )
    assert strict.bounce.tolist() == [True, True, False]
    assert strict.rage_bursts.tolist() == [0, 0, 0]


def test_aggregate_rates_with_wilson_intervals():
    sessions = [
        make_session([(0, K.CLICK, 1, 1)], id=f"c{i}", duration_ms=20_000) for i in range(3)
    ]
    sessions += [
        make_session([(0, K.MOVE, 1, 1)], id=f"m{i}", duration_ms=20_000) for i in range(7)
    ]
    agg = aggregate(session_metrics(table(*sessions), 4000))
    assert agg.sessions == 10
    assert (agg.interaction_rate.k, agg.interaction_rate.n) == (3, 10)
    lo, hi = wilson(3, 10)
    assert (agg.interaction_rate.low, agg.interaction_rate.high) == (lo, hi)
    assert agg.duration.median == 20.0 and agg.clicks_per_session.value == pytest.approx(0.3)
    assert agg.reach[0.25].value == 0.0  # a 900 px first screen is 22.5 % of 4000 px


@pytest.mark.parametrize(
    "k,n,low,high",
    [
        (5, 10, 0.2366, 0.7634),  # published values for the Wilson interval
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_interval_known_values(k, n, low, high):
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(low, abs=1e-4) and hi == pytest.approx(high, abs=1e-4)
    assert all(math.isnan(v) for v in wilson(0, 0))


def test_difference_and_two_proportion_test():
    a, b = Rate.of(56, 70), Rate.of(48, 80)
    d = difference(a, b)
    assert d.value == pytest.approx(0.2)
    # Newcombe's hybrid score interval for this example: 0.0524 to 0.3339.
    assert d.low == pytest.approx(0.0524, abs=1e-3) and d.high == pytest.approx(0.3339, abs=1e-3)
    assert d.p_value == pytest.approx(two_proportion_p(56, 70, 48, 80))
    assert 0.005 < d.p_value < 0.02
    assert two_proportion_p(5, 10, 5, 10) == 1.0


# ------------------------------------------------------------------------------------ regions


def viewer_at(top: float, seconds: float, sid: str, clicks=(), viewport=(1000, 500)):
    rows = [(0, K.SCROLL, 0, top)] + [
        (100 + 10 * i, K.CLICK, x, y, 0) for i, (x, y) in enumerate(clicks)
    ]
    return make_session(rows, id=sid, viewport=viewport, duration_ms=int(seconds * 1000))


def test_region_seen_by_three_of_four_and_clicked_by_one_has_ctr_one_third():
    region = Region("Button", (100, 1000, 200, 100))
    sessions = [
        viewer_at(800, 5, "a", clicks=[(150, 1050)]),  # sees it (800..1300), clicks
        viewer_at(900, 5, "b"),  # sees it
        viewer_at(600, 5, "c"),  # 600..1100: all of it
        viewer_at(0, 5, "d"),  # 0..500: never
    ]
    (stats,) = region_stats(table(*sessions), [region])
    assert (stats.impressions, stats.clickers, stats.clicks) == (3, 1, 1)
    assert stats.ctr.value == pytest.approx(1 / 3)
    assert (stats.ctr.low, stats.ctr.high) == wilson(1, 3)
    assert stats.first_click_s == pytest.approx(0.1)


def test_impressions_need_half_the_region_for_the_minimum_time():
    region = Region("Tall", (0, 1000, 500, 400))
    half = viewer_at(700, 5, "half")  # view 700..1200 shows 200 of 400 px: exactly half
    less = viewer_at(699, 5, "less")  # 199 px
    brief = viewer_at(1000, 0.5, "brief")  # all of it, for half a second
    stats = {s.id: region_stats(table(s), [region])[0].impressions for s in (half, less, brief)}
    assert stats == {"half": 1, "less": 0, "brief": 0}
    (lenient,) = region_stats(table(brief), [region], RegionRules(min_view_ms=400))
    assert lenient.impressions == 1


def test_variant_rectangles_and_hover():
    region = Region("CTA", (0, 0, 100, 100), {"B": (500, 500, 100, 100)})
    a = make_session(
        [(0, K.MOVE, 50, 50), (1000, K.MOVE, 550, 550), (1500, K.CLICK, 550, 550)],
        id="a",
        tags={"variant": "A"},
        duration_ms=3000,
    )
    b = make_session(
        [(0, K.MOVE, 50, 50), (1000, K.MOVE, 550, 550), (1500, K.CLICK, 550, 550)],
        id="b",
        tags={"variant": "B"},
        duration_ms=3000,
    )
    sa = region_stats(table(a), [region])[0]
    sb = region_stats(table(b), [region])[0]
    assert (sa.clickers, sb.clickers) == (0, 1)
    assert sa.hover_s == pytest.approx(1.0)  # 0 -> 1 s inside A's rectangle
    # Inside B's rectangle from the move at 1 s to the click (0.5 s), then from the click to
    # the end of the session (1.5 s, under the 2 s cap).
    assert sb.hover_s == pytest.approx(2.0)


def test_regions_sidecar_round_trip_and_errors(tmp_path):
    regions = [Region("A", (1, 2, 3, 4)), Region("B", (5, 6, 7, 8), {"B": (9, 10, 11, 12)})]
    path = save_regions(tmp_path / "regions.json", regions, "p1")
    assert load_regions(path, "p1") == regions
    with pytest.raises(RecordingError, match="belong to page 'p1'"):
        load_regions(path, "other")
    (tmp_path / "bad.json").write_text(
        '{"type": "regions", "regions": [{"name": "x", "rect": [0, 0, -1, 5]}]}'
    )
    with pytest.raises(RecordingError, match="positive width and height"):
        load_regions(tmp_path / "bad.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "regions.json"]


def test_regions_sidecar_survives_a_crash_mid_write(tmp_path, monkeypatch):
    path = save_regions(tmp_path / "regions.json", [Region("A", (1, 2, 3, 4))], "p1")
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("viewer.fileio.os.fsync", crash)
    with pytest.raises(OSError):
        save_regions(path, [Region("B", (5, 6, 7, 8))], "p1")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["regions.json"]


def test_the_loader_skips_the_regions_sidecar():
    lib = open_path(DEMO)
    assert lib.problems == []


# ----------------------------------------------------------------------------------- segments


def test_segment_filters():
    def s(i, **kw):
        return make_session([(0, K.MOVE, 1, 1)], id=str(i), **kw)

    sessions = [
        s(
            0,
            device="mobile",
            viewport=(390, 800),
            tags={"variant": "A"},
            duration_ms=5000,
            start=dt.datetime(2026, 8, 1, 12, tzinfo=dt.UTC),
        ),
        s(
            1,
            device="desktop",
            viewport=(1440, 900),
            tags={"variant": "B"},
            duration_ms=60_000,
            start=dt.datetime(2026, 8, 15, tzinfo=dt.UTC),
        ),
        make_session(
            [(0, K.CLICK, 5, 5), (100, K.CLICK, 6, 5), (200, K.CLICK, 5, 6)],
            id="2",
            viewport=(1280, 800),
            duration_ms=20_000,
            start=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
        ),
    ]

    def ids(*filters):
        return [x.id for x in Segment.parse(filters).apply(sessions)]

    assert ids() == ["0", "1", "2"]
    assert ids("device=mobile") == ["0"]
    assert ids("variant=A", "variant=B") == ["0", "1"]
    assert ids("width=1000..") == ["1", "2"]
    assert ids("width=..400") == ["0"]
    assert ids("duration=10..30") == ["2"]
    assert ids("rage=yes") == ["2"] and ids("rage=no") == ["0", "1"]
    assert ids("date=2026-08-01..2026-08-15") == ["0", "1"]
    assert ids("date=2026-08-15") == ["1"]
    assert ids("device=desktop", "variant=A") == []
    assert ids("nope=1") == []
    for bad in ("device", "width=a..b", "date=yesterday..", "rage=maybe", "duration=9..1"):
        with pytest.raises(FilterError):
            Segment.parse([bad])


# --------------------------------------------------------------------------------- comparison


def demo_tables(page_id="brightside-desktop"):
    lib = open_path(DEMO / page_id)
    page = lib.page(page_id)
    sessions = lib.sessions_of(page_id)
    a = [s for s in sessions if s.variant == "A"]
    b = [s for s in sessions if s.variant == "B"]
    return page, table(*a), table(*b), sessions


def test_a_segment_compared_with_itself_is_all_masked():
    page, ta, _, _ = demo_tables()
    grid = GridSpec.for_page(page.width, page.height, 10)
    c = compare(ta, ta, page, HeatmapSettings(kind="click"), grid, permutations=50)
    assert not c.significant.any()
    assert np.abs(c.difference).max() == 0
    assert np.all(c.diverging() == 0.5)


def test_the_compare_view_finds_where_variant_clicks_differ():
    page, ta, tb, _ = demo_tables()
    grid = GridSpec.for_page(page.width, page.height, 10)
    c = compare(ta, tb, page, HeatmapSettings(kind="click", sigma=20), grid, permutations=200)
    assert c.a.vmax == c.b.vmax == c.vmax  # one shared absolute scale
    assert c.significant.any()
    # B's button (under the picture) gets B's clicks: A - B is negative there, and significant.
    region = {r.name: r for r in load_regions(DEMO / "brightside-desktop" / "regions.json")}
    x, y, w, h = region["Hero CTA"].rect_for("B")
    row, col = int((y + h / 2) / 10), int((x + w / 2) / 10)
    assert c.difference[row, col] < 0 and c.significant[row, col]
    # The picture eases between test cells: no square tiles, no blob cut with a hard edge.
    assert ((c.strength > 0.05) & (c.strength < 0.95)).any()
    shown = c.diverging()
    assert np.all(shown[c.strength == 0] == 0.5)  # nothing shown where nothing is significant
    steps = np.abs(np.diff(c.strength, axis=1))
    assert steps.max() < 0.6  # a mask carried cell by cell jumped 0 -> 1
    with pytest.raises(ValueError, match="scroll"):
        compare(ta, tb, page, HeatmapSettings(kind="scroll"), grid)


def test_report_by_variant_shows_the_cta_difference():
    page, _, _, sessions = demo_tables()
    regions = load_regions(DEMO / "brightside-desktop" / "regions.json")
    report = build_report(page, sessions, regions, by="variant")
    names = [g.name for g in report.groups]
    assert names == ["variant=A", "variant=B"]
    cta = {g.name: next(r for r in g.regions if r.region.name == "Hero CTA") for g in report.groups}
    assert cta["variant=B"].ctr.value > cta["variant=A"].ctr.value
    d = report.region_differences["Hero CTA"]
    assert d.low > 0 and d.p_value < 0.05  # B - A: an interval above zero
    assert report.to_dict()["groups"][0]["regions"][0]["region"] == "Hero CTA"


# ------------------------------------------------------------------------------------- trends


def test_periods_and_months():
    moment = dt.datetime(2026, 8, 13, 23, tzinfo=dt.UTC)  # a Thursday
    assert period_start(moment, "day") == dt.date(2026, 8, 13)
    assert period_start(moment, "week") == dt.date(2026, 8, 10)
    assert period_start(moment, "month") == dt.date(2026, 8, 1)
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 1), 6) == dt.date(2025, 9, 1)


def test_trend_against_the_rolling_baseline():
    # Jan-Jun: 20 % interact (20 of 100 each month); July: 60 %; August: 5 %.
    starts, interacted = [], []
    for month, rate in [
        (1, 0.2),
        (2, 0.2),
        (3, 0.2),
        (4, 0.2),
        (5, 0.2),
        (6, 0.2),
        (7, 0.6),
        (8, 0.05),
    ]:
        for i in range(100):
            starts.append(dt.datetime(2026, month, 1 + i % 28, tzinfo=dt.UTC))
            interacted.append(i < rate * 100)
    interacted = np.array(interacted)
    points = trend(starts, lambda m: Rate.of(int(interacted[m].sum()), int(m.sum())), "month")
    by_month = {p.period.month: p for p in points}
    assert by_month[1].verdict == "n/a"  # no history yet
    assert by_month[2].verdict == "within" and by_month[2].baseline_sessions == 100
    july = by_month[7]
    assert july.value == pytest.approx(0.6) and july.verdict == "above"
    assert july.baseline == pytest.approx(0.2) and july.baseline_sessions == 600
    aug = by_month[8]
    # August's baseline (Feb-Jul) includes July's jump: 0.2 * 500 + 60 = 160 of 600.
    assert aug.baseline == pytest.approx(160 / 600) and aug.verdict == "below"
    # A value just outside the baseline's interval but from few sessions is not a change.
    few = [dt.datetime(2026, m, 1, tzinfo=dt.UTC) for m in (1, 1, 1, 1, 2)]
    hits = np.array([True, True, False, False, False])
    points = trend(few, lambda m: Rate.of(int(hits[m].sum()), int(m.sum())), "month")
    assert points[1].value == 0.0 and points[1].verdict == "within"


# ------------------------------------------------------------------ what the window's panels show


def test_segment_numbers_within_a_mask():
    region = Region("Button", (100, 1000, 200, 100))
    sessions = [
        viewer_at(800, 5, "a", clicks=[(150, 1050)]),
        viewer_at(900, 5, "b"),
        viewer_at(600, 5, "c"),
        viewer_at(0, 5, "d"),
    ]
    months = [1, 1, 2, 2]
    starts = [dt.datetime(2026, m, 3, tzinfo=dt.UTC) for m in months]
    t = table(*sessions)
    metrics = session_metrics(t, 4000)
    per_region = region_sessions(t, [region])
    mask = np.array([True, True, False, True])  # leave out c
    numbers = segment_numbers(
        metrics, per_region, starts, mask, selected=2, trend_name="CTR: Button"
    )
    assert numbers.aggregate.sessions == 3
    assert (numbers.aggregate.interaction_rate.k, numbers.aggregate.interaction_rate.n) == (1, 3)
    (stats,) = numbers.regions
    assert (stats.impressions, stats.clickers) == (2, 1)  # a and b saw it; c is not in the mask
    assert numbers.session["session"] == "c"  # any session can be described
    # The trend only counts the segment: January a+b (1 of 2), February d (not seen: 0 of 0).
    jan, feb = numbers.trend
    assert (jan.sessions, jan.value) == (2, 0.5)
    assert feb.sessions == 1 and math.isnan(feb.value)
    assert segment_numbers(metrics, per_region, starts, mask, trend_name="nonsense").trend == []
    with pytest.raises(KeyError):
        trend_measure("CTR: Missing", metrics, per_region)


def test_rate_rows_compare_two_masks():
    region = Region("Button", (100, 1000, 200, 100))
    sessions = [
        viewer_at(800, 5, "a1", clicks=[(150, 1050)]),
        viewer_at(800, 5, "a2", clicks=[(150, 1050)]),
        viewer_at(800, 5, "b1", clicks=[(150, 1050)]),
        viewer_at(800, 5, "b2"),
    ]
    t = table(*sessions)
    a = np.array([True, True, False, False])
    rows = {
        r.name: r for r in rate_rows(session_metrics(t, 4000), region_sessions(t, [region]), a, ~a)
    }
    cta = rows["CTR: Button"]
    assert (cta.a.k, cta.a.n, cta.b.k, cta.b.n) == (2, 2, 1, 2)
    assert cta.difference.value == pytest.approx(0.5)  # A - B
    assert cta.difference.p_value == pytest.approx(two_proportion_p(2, 2, 1, 2))
    assert set(RATES) <= set(rows)


def test_suggested_pair_prefers_the_variant_tag():
    def columns(sessions):
        return SegmentColumns.of(sessions, rage_counts=np.zeros(len(sessions), np.int64))

    tagged = [
        make_session([], id=str(i), tags={"variant": v, "source": "ad"})
        for i, v in enumerate("BAB")
    ]
    assert suggested_pair(columns(tagged)) == ("variant=A", "variant=B")
    by_source = [make_session([], id=str(i), tags={"source": s}) for i, s in enumerate(["x", "y"])]
    assert suggested_pair(columns(by_source)) == ("source=x", "source=y")
    devices = [make_session([], id="1", device="mobile"), make_session([], id="2")]
    assert suggested_pair(columns(devices)) == ("device=desktop", "device=mobile")
    assert suggested_pair(columns([make_session([], id="1")])) == ("", "")


def test_a_window_size_the_recording_does_not_have_is_not_measured(demo_page):
    """Sessions whose viewport an importer assumed are left out of reach, fold, impressions
    and scroll maps, and every one of them says so; the other measures keep them."""
    from viewer.analysis.heatmaps import HeatmapSettings, compute_heatmap, scroll_profile
    from viewer.analysis.metrics import aggregate, session_metrics
    from viewer.analysis.regions import Region, region_stats
    from viewer.analysis.table import EventTable

    rows = [(0, K.SCROLL, 0, 0), (1000, K.SCROLL, 0, 2000), (1500, K.CLICK, 100, 2100)]
    known = make_session(rows, id="known", viewport=(1440, 900))
    guessed = make_session(rows, id="guessed", viewport=(1440, 900), assumed=("viewport",))
    table = EventTable.from_sessions([known, guessed])
    metrics = session_metrics(table, demo_page.height)
    assert metrics.deepest_px[0] == 2900 and np.isnan(metrics.deepest_px[1])
    agg = aggregate(metrics)
    assert agg.sessions == 2 and agg.interaction_rate.k == 2  # still counted where it can be
    assert agg.reach[0.25].n == 1 and agg.window_unknown == 1
    assert agg.average_fold_px == 900
    text = dict(agg.rows())
    assert "without 1 sessions of unknown window size" in text["average fold"]
    (stats,) = region_stats(table, [Region("CTA", (0, 2000, 400, 300))])
    assert (stats.impressions, stats.clickers, stats.window_unknown) == (1, 1, 1)
    assert stats.clicks == 2  # the click itself happened
    only_guessed = EventTable.from_sessions([guessed])
    none = aggregate(session_metrics(only_guessed, demo_page.height))
    assert dict(none.rows())["reached 25% of the page"].startswith("not measurable")
    assert len(scroll_profile(table, demo_page.height).bottoms) == 1
    with pytest.raises(ValueError, match="needs the visitors' window size"):
        scroll_profile(only_guessed, demo_page.height)
    grid = GridSpec.for_page(demo_page.width, demo_page.height, 20)
    h = compute_heatmap([known, guessed], demo_page, HeatmapSettings.for_kind("scroll"), grid)
    assert h.n_sessions == 1 and "1 sessions of unknown window size left out" in h.units
