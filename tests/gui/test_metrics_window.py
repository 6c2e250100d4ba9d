"""Metrics panel, region tool, segment filters, trend chart and compare view, with qtbot."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from helpers import (
    LOAD_TIMEOUT,
    make_session,
    open_and_wait,
    page_doc,
    write_json,
    write_png,
)
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from viewer.analysis.metrics import aggregate
from viewer.analysis.regions import load_regions
from viewer.analysis.report import build_report
from viewer.recording import EventKind as K
from viewer.recording.native_write import save_session
from viewer.render.export import read_metadata

REGION = (100, 1000, 200, 100)  # x, y, width, height of the button in the crafted page


def crafted_folder(root: Path) -> Path:
    """A 1000 x 2000 px page and four sessions: three see the button at REGION for 5 s (their
    500 px viewports start at 800, 900 and 600 px), one clicks it, one never scrolls to it."""
    folder = root / "crafted"
    write_png(folder / "shot.png", (1000, 2000), (240, 242, 248))
    write_json(folder / "page.json", page_doc(size=[1000, 2000]))
    for sid, top, clicks in (
        ("a", 800, [(150, 1050)]),
        ("b", 900, []),
        ("c", 600, []),
        ("d", 0, []),
    ):
        rows = [(0, K.SCROLL, 0, top)] + [(100, K.CLICK, x, y, 0) for x, y in clicks]
        session = make_session(rows, id=sid, viewport=(1000, 500), duration_ms=5000)
        save_session(session, folder / f"{sid}.json")
    return folder


def scene_to_view(canvas, x: float, y: float) -> QPoint:
    return canvas.mapFromScene(QPointF(x, y))


def drag(qtbot, canvas, start: tuple[float, float], end: tuple[float, float]) -> None:
    viewport = canvas.viewport()
    a, b = scene_to_view(canvas, *start), scene_to_view(canvas, *end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(viewport, pos=QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    qtbot.mouseMove(viewport, pos=b)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)


def region_row(window, name: str) -> list[str]:
    table = window.metrics.panel.regions
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == name:
            return [table.item(r, c).text() for c in range(table.columnCount())]
    raise AssertionError(f"no row for {name}")


@pytest.fixture
def crafted_window(window, qtbot, tmp_path):
    return open_and_wait(window, qtbot, crafted_folder(tmp_path))


def test_drawing_a_region_shows_its_ctr_and_saves_the_sidecar(crafted_window, qtbot):
    w = crafted_window
    w.canvas.set_zoom(0.5)
    w.canvas.centerOn(QPointF(200, 1050))
    w.actions_by_id["draw_region"].trigger()
    assert w.canvas.draw_mode
    x, y, width, height = REGION
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        drag(qtbot, w.canvas, (x, y), (x + width, y + height))
    # Seen by three of the four sessions and clicked in one: CTR 1/3.
    (stats,) = w.metrics.numbers.regions
    assert stats.region.name == "Region 1"
    assert (stats.impressions, stats.clickers) == (3, 1)
    assert stats.ctr.value == pytest.approx(1 / 3)
    _, seen, clicked, ctr = region_row(w, "Region 1")
    assert (seen, clicked) == ("3", "1") and ctr.startswith("33.3 %")
    item = w.metrics.editor.items["Region 1"]
    assert item.value == "33.3 %" and item.isVisible()
    # The drawn rectangle is where the mouse went (to a screen pixel: 2 CSS px at 50 %).
    assert np.allclose(stats.region.rect, REGION, atol=2.5)
    saved = load_regions(w.pages.current.regions_path, "p1")
    assert [r.name for r in saved] == ["Region 1"]
    assert not any(p.name.startswith(".") for p in w.pages.current.regions_path.parent.iterdir())


def test_region_move_rename_delete_undo_redo(crafted_window, qtbot, monkeypatch):
    w = crafted_window
    editor = w.metrics.editor
    sidecar = w.pages.current.regions_path
    w.canvas.set_zoom(0.5)
    w.canvas.centerOn(QPointF(200, 1050))
    w.actions_by_id["draw_region"].trigger()
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        drag(qtbot, w.canvas, (100, 1000), (300, 1100))
    drawn = editor.regions[0].rect

    # Drag the box 200 px to the right: the click at x=150 is no longer inside it.
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        drag(qtbot, w.canvas, (200, 1050), (400, 1050))
    moved = editor.regions[0].rect
    assert moved[0] == pytest.approx(drawn[0] + 200, abs=2.5) and moved[1:] == pytest.approx(
        drawn[1:], abs=2.5
    )
    assert w.metrics.numbers.regions[0].clickers == 0
    assert load_regions(sidecar)[0].rect == moved

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Sign-up button", True))
    editor.items["Region 1"].setSelected(True)
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.actions_by_id["rename_region"].trigger()
    assert [r.name for r in editor.regions] == ["Sign-up button"]
    assert region_row(w, "Sign-up button")[0] == "Sign-up button"
    assert w.metrics.panel.trend_measure.findData("CTR: Sign-up button") >= 0

    editor.items["Sign-up button"].setSelected(True)
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.actions_by_id["delete_region"].trigger()
    assert editor.regions == [] and load_regions(sidecar) == []

    # Undo walks back through delete, rename and move; redo forward again.
    for expected in (("Sign-up button", moved), ("Region 1", moved), ("Region 1", drawn)):
        w.actions_by_id["undo_region"].trigger()
        assert [(r.name, r.rect) for r in editor.regions] == [expected]
        assert [(r.name, r.rect) for r in load_regions(sidecar)] == [expected]
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.actions_by_id["redo_region"].trigger()
    assert editor.regions[0].rect == moved
    w.actions_by_id["undo_region"].trigger()
    w.actions_by_id["undo_region"].trigger()
    assert editor.regions == [] and not w.actions_by_id["undo_region"].isEnabled()


def test_loading_regions_from_a_file_and_a_bad_file(crafted_window, qtbot, tmp_path):
    w = crafted_window
    good = write_json(
        tmp_path / "mine.json",
        {"type": "regions", "page": "p1", "regions": [{"name": "Button", "rect": list(REGION)}]},
    )
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        assert w.metrics.load_from(good)
    assert w.metrics.numbers.regions[0].ctr.value == pytest.approx(1 / 3)
    bad = write_json(tmp_path / "bad.json", {"type": "regions", "regions": [{"name": "x"}]})
    assert not w.metrics.load_from(bad)
    assert "bad.json" in w.errors.messages[-1] and "region 0" in w.errors.messages[-1]
    w.errors.dialog.close()
    assert [r.name for r in w.metrics.editor.regions] == ["Button"]  # nothing lost


def test_a_broken_sidecar_is_reported_and_the_page_still_opens(window, qtbot, tmp_path):
    folder = crafted_folder(tmp_path)
    (folder / "regions.json").write_text("{ not json")
    open_and_wait(window, qtbot, folder)
    assert any("regions.json" in m for m in window.errors.messages)
    window.errors.dialog.close()
    assert window.browser.model.rowCount() == 4 and window.metrics.editor.regions == []
    assert (folder / "regions.json").read_text() == "{ not json"  # never overwritten unasked


def test_metrics_follow_the_segment_and_the_selection(window, qtbot, demo_copy):
    w = open_and_wait(window, qtbot, demo_copy)
    data = w.pages.current
    panel = w.metrics.panel
    assert panel.metrics.item(0, 1).text() == f"{len(data.sessions):,}"
    expected = aggregate(data.metrics).interaction_rate.text()
    assert panel.metrics.item(1, 1).text() == expected
    assert "Hero CTA" in [panel.regions.item(r, 0).text() for r in range(panel.regions.rowCount())]

    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.browser.tag.setCurrentText("variant=A")
    n_a = int((data.columns.tags["variant"] == "A").sum())
    assert w.metrics.numbers.aggregate.sessions == n_a
    assert panel.metrics.item(0, 1).text() == f"{n_a:,}"
    assert "variant=A" in panel.title.text()

    # Extra filters: rage clicks only, and a filter that cannot be read.
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.browser.more.setText("rage=yes")
    expected_mask = (data.columns.tags["variant"] == "A") & (data.columns.rage > 0)
    assert np.array_equal(w.browser.model.mask, expected_mask)
    assert w.metrics.numbers.aggregate.rage_share.value == 1.0
    w.browser.more.setText("width=abc")
    assert "width" in w.browser.more.toolTip() and "border" in w.browser.more.styleSheet()
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.browser.more.setText("")

    session = w.browser.model.session_at(0)
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.browser.select_ids([session.id])
    assert w.metrics.numbers.session["session"] == session.id
    assert panel.session.item(0, 1).text() == session.id


def test_the_trend_chart_shows_months_against_the_baseline(window, qtbot, demo_copy):
    w = open_and_wait(window, qtbot, demo_copy)
    chart = w.metrics.panel.chart
    months = {s.start.strftime("%Y-%m") for s in w.pages.current.sessions}
    assert len(chart.points) == len(months) >= 6
    assert chart.points[0].verdict == "n/a"  # nothing before the first month
    panel = w.metrics.panel
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        panel.trend_measure.setCurrentIndex(panel.trend_measure.findData("CTR: Hero CTA"))
    assert w.metrics.numbers.trend_name == "CTR: Hero CTA"
    # The same numbers as `session-viewer stats --trend month`.
    report = build_report(
        w.pages.current.page, w.pages.current.sessions, w.pages.current.regions, trend_unit="month"
    )
    assert chart.points == report.trends["CTR: Hero CTA"]
    # The demo's call-to-action broke in mid-September: in October its CTR is under the band.
    october = {p.period.strftime("%Y-%m"): p for p in chart.points}["2026-10"]
    assert october.value < october.baseline_low
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        panel.trend_unit.setCurrentIndex(panel.trend_unit.findData("week"))
    assert len(chart.points) > len(months) * 3
    image = chart.grab().toImage()
    assert image.width() > 200 and image.height() >= 150


def test_the_compare_view_shows_where_variants_differ(window, qtbot, demo_copy, tmp_path):
    w = open_and_wait(window, qtbot, demo_copy)
    w.actions_by_id["compare"].trigger()
    view = w.compare.view
    assert view.isVisible()
    assert (view.side_a.text(), view.side_b.text()) == ("variant=A", "variant=B")
    # It opens with its maps: the comparison runs without Compare being pressed (its result
    # arrives through the event loop, so this wait cannot miss it).
    with qtbot.waitSignal(view.compared, timeout=LOAD_TIMEOUT):
        pass
    rows = {r.name: r for r in view.rows}
    cta = rows["CTR: Hero CTA"]
    assert cta.a.value < cta.b.value and cta.difference.high < 0 and cta.difference.p_value < 0.05
    shown = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert "CTR: Hero CTA" in shown and "interaction rate" in shown
    assert 0 < view.significant_share < 0.5
    assert view.canvas.page_size[0] > 3 * 600  # the three panels side by side

    out = tmp_path / "compare.png"
    with qtbot.waitSignal(view.saved, timeout=LOAD_TIMEOUT):
        view.save_to(out)
    meta = read_metadata(out)
    assert meta["compare"] == ["variant=A", "variant=B"]
    with Image.open(out) as image:
        assert image.width > 3 * w.pages.current.page.width  # full resolution, three panels
    view.close()


def test_the_compare_view_says_when_a_side_matches_nothing(window, qtbot, demo_copy):
    w = open_and_wait(window, qtbot, demo_copy)
    w.open_compare()
    view = w.compare.view
    with qtbot.waitSignal(view.compared, timeout=LOAD_TIMEOUT):
        pass  # the comparison it opens with
    view.side_b.setText("variant=Z")
    view.run()
    assert "variant=Z" in view.status.text() and view.go.isEnabled()
    view.side_b.setText("width=oops")
    view.run()
    assert "width" in view.status.text()
    view.close()


def test_regions_stay_out_of_the_recordings(window, qtbot, demo_copy):
    before = {
        p: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file() and p.name != "regions.json"
    }
    w = open_and_wait(window, qtbot, demo_copy)
    w.canvas.set_zoom(0.5)
    w.canvas.centerOn(QPointF(300, 200))
    w.actions_by_id["draw_region"].trigger()
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        drag(qtbot, w.canvas, (40, 40), (200, 120))
    after = {
        p: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file() and p.name != "regions.json"
    }
    assert after == before
    doc = json.loads((demo_copy / "brightside-desktop" / "regions.json").read_text())
    assert doc["regions"][-1]["name"] == f"Region {len(doc['regions'])}"


def test_metric_names_and_values_are_shown_whole_and_defined(window, qtbot, demo_copy):
    w = open_and_wait(window, qtbot, demo_copy)
    w.resize(1024, 700)
    w.docks.fit()
    QApplication.processEvents()
    table = w.metrics.panel.metrics
    assert table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideNone
    fm = table.fontMetrics()
    for r in range(table.rowCount()):
        for c in range(2):
            rect = table.visualRect(table.model().index(r, c)).adjusted(3, 0, -3, 0)
            needed = fm.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), table.item(r, c).text())
            assert needed.height() <= rect.height() + 1, table.item(r, c).text()  # not cut
        name = table.item(r, 0).text()
        assert name in table.item(r, 0).toolTip()  # each name carries its definition
    bounce = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "bounce rate")
    assert "under 10 s" in table.item(bounce, 0).toolTip()
    assert "Google Analytics" in table.item(bounce, 0).toolTip()
    w.metrics.panel.explain.click()
    assert w.metrics.panel.definitions.isVisibleTo(w.metrics.panel)
    assert "Bounce rate:" in w.metrics.panel.definitions.text()
