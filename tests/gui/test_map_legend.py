"""The map's legend below the page: no trail when the page scrolls, and what it says and offers
(mixed layouts, an empty touch move map, few sessions, hidden spots); the scroll map's lines."""

from __future__ import annotations

import numpy as np
from helpers import LOAD_TIMEOUT
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication


def on_screen(widget) -> np.ndarray:
    """What the screen shows of ``widget`` (the window's backing store, as painted: a fresh
    ``grab()`` would repaint it and hide a trail)."""
    win = widget.window()
    top_left = widget.mapTo(win, widget.rect().topLeft())
    shot = QApplication.primaryScreen().grabWindow(
        win.winId(), top_left.x(), top_left.y(), widget.width(), widget.height()
    )
    image = shot.toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).copy()


def test_scrolling_leaves_no_copies_of_anything_behind(demo_window, qtbot):
    w = demo_window
    canvas = w.canvas
    bar = canvas.verticalScrollBar()
    for _ in range(12):  # scroll in steps, as a wheel does
        bar.setValue(bar.value() + 90)
        QApplication.processEvents()  # paints only what scrolling exposed
    scrolled = on_screen(canvas.viewport())
    canvas.resetCachedContent()
    canvas.viewport().update()
    canvas.viewport().repaint()  # a full redraw of the same view
    QApplication.processEvents()
    assert np.array_equal(scrolled, on_screen(canvas.viewport()))
    assert w.legend.isVisible() and w.legend.geometry().top() >= canvas.geometry().bottom()


def test_a_map_of_two_layouts_says_so_and_offers_one_map_per_variant(demo_window, qtbot):
    w = demo_window
    legend = w.legend.legend
    assert any("Variants A, B are mapped together" in n for n in legend.notes)
    buttons = {b.text(): b for b in w.legend.action_buttons()}
    assert set(buttons) == {"Variant A", "Variant B"}
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        buttons["Variant B"].click()
    assert "variant=B" in w.browser.more.text()
    h = w.heatmaps.heatmap
    assert h.n_sessions == sum(s.variant == "B" for s in w.pages.current.sessions)
    assert w.heatmaps.variant == "B"  # over B's own screenshot
    assert not any("mapped together" in n for n in w.legend.legend.notes)


def test_an_empty_move_map_of_phones_says_why_and_offers_the_taps(demo_window, qtbot):
    w = demo_window
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.pages.show_page("brightside-mobile")
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.state.set_kind("move")
    assert w.heatmaps.heatmap.n_points == 0
    (note,) = [n for n in w.legend.legend.notes if "No pointer moves" in n]
    assert "touch screens" in note
    click_map = next(b for b in w.legend.action_buttons() if b.text() == "Click map")
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        click_map.click()
    assert w.heatmaps.heatmap.settings.kind == "click" and w.heatmaps.heatmap.n_points > 0


def test_a_map_of_few_sessions_warns_and_can_hide_what_a_handful_made(demo_window, qtbot):
    w = demo_window
    five = w.pages.current.sessions[:5]
    w.browser.select_ids([s.id for s in five])
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.scope.setCurrentIndex(w.panel.scope.findData("selected"))
    assert any(n.startswith("Only 5 sessions") for n in w.legend.legend.notes)
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.scope.setCurrentIndex(w.panel.scope.findData("all"))
    shown = w.heatmaps.heatmap.values.copy()
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.min_sessions.setValue(5)
    h = w.heatmaps.heatmap
    assert h.settings.min_sessions == 5 and h.hidden_cells > 0
    assert (h.values == 0).sum() > (shown == 0).sum()  # some spots are gone...
    assert h.values.max() > 0  # ...not all
    assert any("fewer than 5 sessions are hidden" in n for n in w.legend.legend.notes)


def test_the_scroll_map_shows_the_fold_and_the_reach_lines(demo_window, qtbot):
    w = demo_window
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.state.set_kind("scroll")
    guides = w.canvas.guides.shown
    profile = w.heatmaps.heatmap.scroll
    assert guides[0].fold and guides[0].y == profile.fold
    assert [g.label for g in guides[1:]] == [
        "75% of sessions reached here",
        "50% of sessions reached here",
        "25% of sessions reached here",
    ]
    assert all(item.scene() is w.canvas.scene() for item in w.canvas.guides.items)
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.state.set_kind("click")
    assert w.canvas.guides.shown == []
