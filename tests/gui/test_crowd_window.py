"""Many sessions replayed together in the window: a cursor per session in its own colour,
where each recording says, aligned at the start or at the first view of a region."""

from __future__ import annotations

import numpy as np
from helpers import LOAD_TIMEOUT
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from viewer.replay.crowd import MAX_SESSIONS, crowd_colours, first_views


def canvas_pixels(window) -> np.ndarray:
    image = window.canvas.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    a = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return a.reshape(h, image.bytesPerLine())[:, : w * 3].reshape(h, w, 3)


def test_fifty_sessions_replay_together_each_cursor_in_its_colour(demo_window, qtbot):
    w = demo_window
    w.replays.play_together()
    w.replay.pause()
    crowd = w.replay.playhead
    assert w.replay.crowd and len(crowd.sessions) == MAX_SESSIONS
    listed = [w.browser.model.session_at(r).id for r in range(MAX_SESSIONS)]
    assert [s.id for s in crowd.sessions] == listed  # the first fifty, in the list's order
    assert w.replay_panel.align.isVisible() and not w.replay_panel.skip_idle.isVisible()
    assert w.events.crowd.count() == MAX_SESSIONS
    assert "50 sessions together (the first 50 of" in w.replay_panel.title.full_text()

    with qtbot.waitSignal(w.replay.frame_shown, timeout=LOAD_TIMEOUT):
        w.replay.seek(15_000)
    state = w.replay.state
    for i, s in enumerate(crowd.sessions):  # each cursor where its own recording has it
        own = crowd.state_at(15_000).cursors[i]
        assert np.array_equal(state.cursors[i], own, equal_nan=True), s.id
    # On screen: inside each visible cursor's arrow, its session's colour.
    colours = crowd_colours(MAX_SESSIONS)
    px = canvas_pixels(w)
    checked = matched = 0
    k = 1 / w.canvas.zoom
    for i in np.flatnonzero(np.isfinite(state.cursors[:, 0])):
        cx, cy = state.cursors[i]
        inside = w.canvas.mapFromScene(QPointF(cx + 3 * k, cy + 9 * k))
        x, y = inside.x(), inside.y()
        if not (0 <= x < px.shape[1] and 0 <= y < px.shape[0]):
            continue
        near = np.abs(px[y - 1 : y + 2, x - 1 : x + 2].astype(int) - colours[i]).sum(axis=2)
        checked += 1
        matched += bool(near.min() < 40)
    # Cursors can overlap (the one drawn last wins), but most are alone.
    assert matched >= 5 and matched >= 0.7 * checked, (matched, checked)

    # Pick a session in the key: drawn on top, larger.
    w.events.crowd.setCurrentRow(3)
    assert w.replay.crowd_overlay.highlight == 3


def test_aligned_at_the_first_view_of_a_region(demo_window, qtbot):
    w = demo_window
    w.replays.play_together()
    panel = w.replay_panel
    names = [panel.align.itemText(i) for i in range(panel.align.count())]
    assert names[0] == "Align at their starts"
    i = panel.align.findData("Hero CTA")
    assert i > 0
    panel.align.setCurrentIndex(i)  # restarts the crowd
    crowd = w.replay.playhead
    region = next(r for r in w.metrics.editor.regions if r.name == "Hero CTA")
    chosen = [w.browser.model.session_at(r) for r in range(MAX_SESSIONS)]
    seen = first_views(chosen, region.rect)
    assert [s.id for s in crowd.sessions] == [
        s.id for s, t in zip(chosen, seen, strict=True) if np.isfinite(t)
    ]
    assert crowd.offsets.tolist() == seen[np.isfinite(seen)].tolist()
    assert "from their first view of Hero CTA" in panel.title.full_text()
    # Leaving brings the map back, with the tools of a single replay next time.
    w.replays.exit()
    assert not w.replay.active and not panel.isVisible()
    w.replays.play_selected()
    assert not w.replay.crowd and panel.skip_idle.isVisible() and w.events.table.isVisible()
    w.replays.exit()


def test_no_two_commands_share_a_key(qapp):
    """A key bound twice does nothing at all (Qt calls it ambiguous): every one is unique."""
    from viewer.gui.actions import ACTIONS

    seen: dict[str, str] = {}
    for spec in ACTIONS:
        for key in spec.key_sequences():
            text = key.toString()
            assert text not in seen, f"{text}: {seen.get(text)} and {spec.id}"
            seen[text] = spec.id
    assert seen["Ctrl+Shift+T"] == "replay_together"
