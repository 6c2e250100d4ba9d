"""An rrweb recording and a screenshot open in the window and replay on the right places."""

from __future__ import annotations

import json
import os

import pytest
from browser_helpers import needs_chromium
from helpers import LOAD_TIMEOUT, write_png
from PySide6.QtWidgets import QFileDialog
from rrweb_events import desktop_recording, write
from test_containers import posthog_v2

from viewer.recording import EventKind as K


def without_snapshots():
    """A recording with no full snapshot: nothing to rebuild its page from."""
    return [e for e in desktop_recording() if e["type"] != 2]


def test_an_rrweb_file_asks_for_its_screenshot_and_replays(window, qtbot, tmp_path, monkeypatch):
    rec = write(tmp_path / "visit.json", without_snapshots())
    shot = write_png(tmp_path / "pricing.png", (2560, 6000), (230, 235, 245))  # 2x
    asked = []

    def choose(parent, caption, folder, filters):
        asked.append(caption)
        return str(shot), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    with qtbot.waitSignals([window.page_shown, window.heatmap_shown], timeout=LOAD_TIMEOUT):
        window.open_path(rec)
    assert asked == ["Screenshot of https://shop.example/pricing?utm_source=mail"]
    page = window.pages.current.page
    assert (page.id, page.width, page.height) == ("shop-example-pricing", 1280, 3000)
    (session,) = window.pages.current.sessions
    assert session.id == "visit-1"
    # The checkout visit (no screenshot of it) is listed as a problem, not lost silently.
    assert any("checkout" in p.message for p in window.pages.data.library.problems)

    window.replays.play(session)
    window.replay.pause()
    with qtbot.waitSignal(window.replay.frame_shown, timeout=LOAD_TIMEOUT):
        window.replay.seek(2000)  # the click, after the page scrolled by 500 px
    state = window.replay.state
    assert state.cursor == (200, 800)
    assert state.scroll == (0, 500) and state.viewport == (1280, 720)
    with qtbot.waitSignal(window.replay.frame_shown, timeout=LOAD_TIMEOUT):
        window.replay.seek(700)  # between two buffered moves: halfway from (100,100) to (110,120)
    assert window.replay.state.cursor == (105, 110)
    window.replays.exit()


def test_declining_the_screenshot_keeps_the_window_usable(window, qtbot, tmp_path, monkeypatch):
    rec = write(tmp_path / "visit.json", without_snapshots())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT):
        window.open_path(rec)
    assert window.pages.current is None and window.page_combo.count() == 0
    assert window.dock("problems").isVisible()
    assert any("--screenshot" in p.message for p in window.problems.problems)


@needs_chromium
@pytest.mark.parametrize("shape", ["rrweb", "posthog"])
def test_an_rrweb_file_with_a_snapshot_opens_on_its_rebuilt_page(window, qtbot, tmp_path, shape):
    events = desktop_recording()
    rec = tmp_path / "visit.json"
    rec.write_text(json.dumps(posthog_v2({"w1": events}) if shape == "posthog" else events))
    with qtbot.waitSignals([window.page_shown, window.heatmap_shown], timeout=LOAD_TIMEOUT * 2):
        window.open_path(rec)
    # Both URLs the recording visited get a page, laid out at that visit's viewport width, kept
    # in the cache folder, never beside the recordings.
    pages = {p.url: p for p in window.pages.data.library.pages}
    assert {u: p.width for u, p in pages.items()} == {
        "https://shop.example/pricing?utm_source=mail": 1280,
        "https://shop.example/checkout": 1024,
    }
    for page in pages.values():
        assert page.origin == "rebuilt from the recording's DOM snapshot"
        assert page.screenshot.is_relative_to(os.environ["SESSION_VIEWER_CACHE"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings", "visit.json"]
    assert window.legend.legend.title == "Click map  ·  rebuilt page"
    (session,) = window.pages.current.sessions
    assert window.pages.current.page.url == "https://shop.example/checkout"
    ev = session.events
    assert list(
        zip(ev.x[ev.kind == K.CLICK].tolist(), ev.y[ev.kind == K.CLICK].tolist(), strict=True)
    ) == [(10, 20)]
