"""The heatmap controller alone: the views are MagicMock(spec=...) of the real widgets, jobs run
at once; no window."""

from __future__ import annotations

import json
from unittest.mock import MagicMock

import numpy as np
import pytest
from fakes import SyncJobs, browser_mock
from helpers import DEMO
from PIL import Image

from viewer.gui.canvas import PageCanvas
from viewer.gui.heatmap_controller import HeatmapController
from viewer.gui.heatmap_panel import HeatmapPanel
from viewer.gui.map_legend import LegendInfo, MapLegend
from viewer.render.export import METADATA_KEY
from viewer.state.heatmap_params import Kind
from viewer.state.view_state import Scope, TimeRange, ViewState
from viewer.workspace.pages import load_recordings


@pytest.fixture(scope="module")
def page():
    return load_recordings(DEMO).pages["brightside-desktop"]


def make(page, qtbot, **browser):
    state = ViewState()
    canvas, panel = MagicMock(spec=PageCanvas), MagicMock(spec=HeatmapPanel)
    canvas.guides = MagicMock()
    canvas.legend = MagicMock(spec=MapLegend)  # kept beside the canvas, for the tests' reading
    b = browser_mock(page.sessions, **browser)
    jobs = SyncJobs()
    c = HeatmapController(state, canvas, canvas.legend, panel, b, jobs)
    return c, state, canvas, panel, b, jobs


def test_a_page_is_mapped_and_shown_with_its_legend_and_summary(page, qtbot):
    c, _state, canvas, panel, _, jobs = make(page, qtbot)
    with qtbot.waitSignal(c.shown), qtbot.waitSignal(c.variant_changed) as variant:
        c.set_page(page)
    assert jobs.submitted == ["heatmap"]
    assert c.heatmap.n_sessions == len(page.sessions) == 300
    assert c.heatmap.settings.kind == Kind.CLICK
    rgba, grid = canvas.set_overlay.call_args.args
    assert rgba.shape[:2] == grid.shape and grid == c.heatmap.grid
    (legend,) = canvas.legend.show_legend.call_args.args
    assert isinstance(legend, LegendInfo) and legend.title == "Click map"
    assert "300 sessions" in legend.detail and "kernel sigma 20 px" in legend.detail
    assert "300 sessions" in panel.show_summary.call_args.args[0]
    assert variant.args == [None]  # A and B mixed: the page's own screenshot


def test_a_segment_of_one_variant_is_shown_over_that_variant(page, qtbot):
    only_b = [s.variant == "B" for s in page.sessions]
    c, *_ = make(page, qtbot, mask=only_b)
    with qtbot.waitSignal(c.variant_changed) as variant:
        c.set_page(page)
    assert variant.args == ["B"] and c.heatmap.n_sessions == sum(only_b)


def test_colours_repaint_the_map_without_a_new_density(page, qtbot):
    c, state, canvas, *_ = make(page, qtbot)
    c.set_page(page)
    before, painted = c.recomputes, canvas.set_overlay.call_count
    state.update(heatmap=state.heatmap.with_(colormap="inferno", opacity=0.5))
    assert c.recomputes == before and not c.pending
    assert canvas.set_overlay.call_count == painted + 1
    rgba = canvas.set_overlay.call_args.args[0]
    assert rgba[..., 3].max() == round(0.5 * 255)  # the top colour at the new opacity
    state.update(legend=False)
    canvas.legend.show_legend.assert_called_with(None)
    assert c.recomputes == before


def test_a_new_kernel_width_waits_for_the_drag_to_settle(page, qtbot):
    c, state, *_ = make(page, qtbot)
    c.set_page(page)
    before = c.recomputes
    for sigma in (21, 25, 30, 40):
        state.update(heatmap=state.heatmap.with_(sigma=float(sigma)))
    assert c.pending and c.recomputes == before
    with qtbot.waitSignal(c.shown, timeout=5000):
        pass  # the debouncer fires once
    assert c.recomputes == before + 1 and c.heatmap.settings.sigma == 40.0


def test_the_scope_decides_which_sessions_are_mapped(page, qtbot):
    mask = np.zeros(len(page.sessions), bool)
    mask[:50] = True
    chosen = page.sessions[7:9]
    c, state, *_ = make(page, qtbot, mask=mask, selected=chosen)
    c.set_page(page)
    assert c.heatmap.n_sessions == 50  # the segment
    state.update(scope=Scope.SELECTED)
    c.request()
    assert c.heatmap.n_sessions == 2 and c.scope_words() == ["2 selected sessions"]
    state.update(scope=Scope.ALL)
    c.request()
    assert c.heatmap.n_sessions == 300 and c.scope_words() == []


def test_the_export_is_the_map_on_screen_time_range_included(page, qtbot, tmp_path):
    c, state, *_ = make(page, qtbot)
    c.set_page(page)
    state.update(time_range=TimeRange(0, 10_000), heatmap=state.heatmap.with_(kind="move"))
    c.request()
    out = tmp_path / "map.png"
    with qtbot.waitSignal(c.exported):
        c.export_to(out)
    meta = json.loads(Image.open(out).text[METADATA_KEY])
    assert meta["settings"]["t_range"] == [0, 10_000] == list(c.heatmap.settings.t_range)
    assert meta["settings"]["kind"] == "move" and meta["sessions"] == c.heatmap.n_sessions


def test_while_paused_the_map_is_computed_but_not_shown(page, qtbot):
    c, _state, canvas, *_ = make(page, qtbot, mask=[s.variant == "B" for s in page.sessions])
    c.pause()
    variants = []
    c.variant_changed.connect(variants.append)
    c.set_page(page)
    canvas.set_overlay.assert_not_called()
    assert c.heatmap is not None and variants == []
    c.resume()
    assert variants == ["B"] and canvas.set_overlay.call_count == 1


def test_the_pointer_reads_the_map_in_its_own_terms(page, qtbot):
    c, state, *_ = make(page, qtbot)
    assert c.pointer_text(10, 20) == "x 10  y 20 px"  # no map yet
    c.set_page(page)
    h = c.heatmap
    row, col = np.unravel_index(np.argmax(h.values), h.values.shape)
    x = h.grid.x0 + (col + 0.5) * h.grid.cell[0]
    y = h.grid.y0 + (row + 0.5) * h.grid.cell[1]
    assert c.pointer_text(x, y).endswith("100% of the peak")
    assert c.pointer_text(-50, -50) == "x -50  y -50 px"
    state.update(heatmap=state.heatmap.with_(kind="scroll", opacity=0.45))
    c.request()
    assert "of sessions reached this row" in c.pointer_text(x, 5)


def test_a_failed_job_is_reported_with_its_exception(page, qtbot, monkeypatch):
    c, *_ = make(page, qtbot)

    def broken(*a, **k):
        raise MemoryError("no room")

    monkeypatch.setattr(page, "map_of", broken)  # the page computes its maps
    with qtbot.waitSignal(c.failed) as failed:
        c.set_page(page)
    title, error = failed.args
    assert title == "Could not compute the heatmap" and isinstance(error.exception, MemoryError)
    assert c.heatmap is None


def test_closing_the_page_drops_its_map(page, qtbot):
    c, state, _canvas, panel, _, jobs = make(page, qtbot)
    c.set_page(page)
    c.set_page(None)
    assert c.heatmap is None and "heatmap" in jobs.dropped
    panel.show_summary.assert_called_with("")
    state.update(heatmap=state.heatmap.with_(sigma=33.0))
    qtbot.waitUntil(lambda: not c.pending)  # the settled change asks for a map...
    assert jobs.submitted == ["heatmap"]  # ...and none is made without a page
