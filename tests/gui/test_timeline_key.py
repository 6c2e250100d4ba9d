"""The timeline says what its colours mean, under the times, and marks rage clicks plainly."""

from __future__ import annotations

import numpy as np
from helpers import make_session
from PySide6.QtGui import QImage

from viewer.gui.timeline import KEY, TimelineWidget
from viewer.recording import EventKind as K
from viewer.recording.clicks import ClickFacts, Element
from viewer.render.replay_style import MARKER_COLOURS
from viewer.replay.playhead import Playhead


def rgb(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = image.width(), image.height()
    a = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return a.reshape(h, image.bytesPerLine())[:, : w * 4].reshape(h, w, 4)[..., :3].copy()


def drawn(qtbot, session):
    """A 700 px timeline of ``session`` (on a 3000 px page), and its pixels."""
    t = TimelineWidget()
    qtbot.addWidget(t)
    t.resize(700, t.sizeHint().height())
    t.set_playhead(Playhead(session, 3000))
    return t, rgb(t)


def near(pixels: np.ndarray, colour, tol: int = 40) -> np.ndarray:
    return np.abs(pixels.astype(int) - np.array(colour)).sum(axis=2) < tol


def test_the_key_names_each_colour_and_rage_is_a_marked_burst(qtbot):
    rage = [(1000 + i * 150, K.CLICK, 200, 200) for i in range(4)]
    session = make_session(
        [(0, K.MOVE, 10, 10), (500, K.CLICK, 50, 50), *rage, (20_000, K.MOVE, 20, 20)],
        duration_ms=20_000,
    )
    t, px = drawn(qtbot, session)
    key_row = px[56:74]
    keyed = [kind for kind, _ in t.key_entries()]
    assert "dead" not in keyed and "error" not in keyed  # keyed only where a session has them
    for kind in keyed[:-1]:
        assert near(key_row, MARKER_COLOURS[kind]).any(), kind  # each colour has its swatch
    x = round(t.x_of(1000))
    top = px[0:10, x - 5 : x + 6]
    assert near(top, MARKER_COLOURS["rage"]).sum() >= 12  # a diamond over the burst
    assert "Rage click" in [label for _, label in KEY]


def test_dead_and_error_clicks_are_marked_and_keyed(qtbot):
    rows = [(0, K.MOVE, 5, 5), (2000, K.CLICK, 50, 20), (9000, K.CLICK, 60, 20)]
    facts = ClickFacts(
        np.array([0, 0]),
        np.array([np.nan, np.nan]),
        np.array([np.nan, 200.0]),
        (Element("#buy", "button", "Buy", (40, 10, 100, 40)),),
    )
    session = make_session(rows, clicks=facts, duration_ms=20_000)
    t, px = drawn(qtbot, session)
    key_row = px[56:74]
    assert [k for k, _ in t.key_entries()][:4] == ["click", "tap", "dead", "error"]
    for kind in ("dead", "error"):
        assert near(key_row, MARKER_COLOURS[kind], 20).any(), kind
    dead_x, error_x = round(t.x_of(2000)), round(t.x_of(9000))
    assert near(px[0:10, dead_x - 5 : dead_x + 6], MARKER_COLOURS["dead"]).sum() >= 8  # a cross
    assert near(px[0:10, error_x - 5 : error_x + 6], MARKER_COLOURS["error"]).sum() >= 12
    assert not near(px[0:20, dead_x - 5 : dead_x + 6], MARKER_COLOURS["click"]).any()
    assert "dead click" not in t.tooltip_at(2000)  # the label says what happened, in words
    assert "click at 50, 20 on #buy (dead: nothing happened within 1 s)" in t.tooltip_at(2000)
