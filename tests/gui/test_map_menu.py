"""From the map to its sessions: a right-click offers who clicked near there and who clicked or
saw the region there; choosing selects them, and the map and the numbers follow."""

from __future__ import annotations

import numpy as np
from helpers import LOAD_TIMEOUT, open_and_wait
from PySide6.QtCore import QPointF

from viewer.analysis.regions import load_regions
from viewer.recording import EventKind as K


def test_sessions_that_clicked_a_region_become_the_map_in_one_click(window, qtbot, demo_copy):
    w = open_and_wait(window, qtbot, demo_copy)
    data = w.pages.current
    cta = {r.name: r for r in load_regions(data.regions_path)}["Hero CTA"]
    x, y, rw, rh = cta.rect_for(w.heatmaps.variant)
    cx, cy = x + rw / 2, y + rh / 2
    picks = {p.did: p for p in w.map_menu.picks_at(cx, cy)}
    assert set(picks) >= {"clicked Hero CTA", "saw Hero CTA"}
    clicked = picks["clicked Hero CTA"]

    def clicked_it(session) -> bool:  # in the region as laid out in the session's variant
        rx, ry, rw_, rh_ = cta.rect_for(session.variant)
        ev = session.events
        hits = (ev.kind == K.CLICK) | (ev.kind == K.TAP)
        inside = (ev.x >= rx) & (ev.x < rx + rw_) & (ev.y >= ry) & (ev.y < ry + rh_)
        return bool((hits & inside).any())

    assert set(clicked.ids) == {s.id for s in data.sessions if clicked_it(s)}
    assert set(clicked.ids) <= {s.id for s in data.sessions}
    assert len(clicked.ids) > 0 and clicked.label.endswith(f"({len(clicked.ids)} sessions)")
    with qtbot.waitSignals([w.heatmap_shown, w.metrics.numbers_shown], timeout=LOAD_TIMEOUT):
        w.map_menu.choose(clicked)
    # The segment is those sessions: the list, the map and the numbers.
    assert {s.id for s in w.browser.model.visible_sessions()} == set(clicked.ids)
    assert w.heatmaps.heatmap.n_sessions == len(clicked.ids)
    assert w.metrics.numbers.aggregate.sessions == len(clicked.ids)
    assert w.metrics.numbers.aggregate.interaction_rate.value == 1.0  # all of them clicked
    assert "clicked Hero CTA" in w.browser.filter_words()
    assert w.browser.pick_bar.isVisible()
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.browser.pick_clear.click()
    assert w.heatmaps.heatmap.n_sessions == len(data.sessions)


def test_sessions_that_clicked_near_a_point_are_those_with_a_click_there(demo_window, qtbot):
    w = demo_window
    data = w.pages.current
    h = w.heatmaps.heatmap
    row, col = np.unravel_index(np.argmax(h.values), h.values.shape)  # the hottest spot
    px = h.grid.x0 + (col + 0.5) * h.grid.cell[0]
    py = h.grid.y0 + (row + 0.5) * h.grid.cell[1]
    (near, *_) = w.map_menu.picks_at(px, py)
    radius = max(20.0, w.state.heatmap.sigma)
    expected = {
        s.id
        for s in data.sessions
        for ex, ey, k in zip(s.events.x, s.events.y, s.events.kind, strict=True)
        if k in (K.CLICK, K.TAP) and (ex - px) ** 2 + (ey - py) ** 2 <= radius**2
    }
    assert set(near.ids) == expected and len(expected) >= 3
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.map_menu.choose(near)
    assert w.heatmaps.heatmap.n_sessions == len(expected)


def test_a_right_click_on_the_page_opens_the_menu(demo_window, qtbot):
    w = demo_window
    w.canvas.context_requested.emit(
        QPointF(700, 300), w.canvas.mapToGlobal(w.canvas.rect().center())
    )
    menu = w.map_menu.menu
    assert menu is not None and menu.isVisible()
    assert menu.actions()[0].text().startswith("Sessions that clicked within")
    menu.close()
