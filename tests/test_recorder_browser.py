"""The JavaScript recorder, for real, in headless Chromium (Debian's, never a downloaded one).

A local page on 127.0.0.1 loads the recorder; Playwright moves, scrolls, clicks and taps; the
session it hands over is saved with a full-page screenshot of that page and must load back
with every position where it happened on the page.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from helpers import page_doc, write_json, write_png

from viewer.recorder import recorder_source
from viewer.recording import EventKind as K
from viewer.recording import open_path
from viewer.recording.native import SESSION_FIELDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="the test extra installs it")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium here (.ci/run installs Debian's chromium package)"
)

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Recorder test</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  html, body { margin: 0; }
  body { height: 3000px; background: linear-gradient(#eef, #fee); }
  #buy { position: absolute; left: 100px; top: 1200px; width: 200px; height: 50px; }
</style>
<script src="session-recorder.js"></script>
</head><body>
<button id="buy">Buy</button>
<script>
  window.clicked = 0;
  document.getElementById("buy").addEventListener("click", () => window.clicked++);
  window.recorder = SessionViewerRecorder.start({
    pageId: "test-page", tags: {variant: "B"}, autoStop: false,
    onSession: (s) => { window.handedOver = s; },
  });
</script>
</body></html>
"""


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(PAGE)
    (root / "session-recorder.js").write_text(recorder_source())
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


def save_recording(folder: Path, session: dict, page=None) -> Path:
    """A recordings folder: a page file with the browser page's full-page screenshot (or a
    blank one of the same size), and the session."""
    folder.mkdir()
    shot = folder / "shot.png"
    if page is not None:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shot), full_page=True)
    else:
        write_png(shot, (1000, 3000))
    write_json(folder / "page.json", page_doc(id="test-page", size=[1000, 3000]))
    write_json(folder / "s.session.json", session)
    return folder


def test_mouse_session_round_trips_with_page_coordinates(browser, site, tmp_path):
    context = browser.new_context(viewport={"width": 1000, "height": 600})
    page = context.new_page()
    page.goto(site)
    page.mouse.move(50, 60)
    page.mouse.move(80, 90, steps=5)
    page.wait_for_timeout(700)  # the cursor rests: a dwell of at least 500 ms
    page.evaluate("window.scrollTo(0, 1000)")
    page.wait_for_function("window.scrollY === 1000")
    page.mouse.click(150, 220)  # viewport (150, 220) is page (150, 1220): on the button
    assert page.evaluate("window.clicked") == 1
    page.evaluate("window.recorder.stop()")
    session = page.evaluate("window.handedOver")
    folder = save_recording(tmp_path / "rec", session, page)
    context.close()

    lib = open_path(folder)
    assert [str(p) for p in lib.problems] == []
    (s,) = lib.sessions_of("test-page")
    assert s.device == "desktop" and s.viewport == (1000, 600) and s.tags == {"variant": "B"}
    ev = s.events
    clicks = list(
        zip(ev.x[ev.kind == K.CLICK].tolist(), ev.y[ev.kind == K.CLICK].tolist(), strict=True)
    )
    assert clicks == [(150, 1220)]
    moves = list(
        zip(ev.x[ev.kind == K.MOVE].tolist(), ev.y[ev.kind == K.MOVE].tolist(), strict=True)
    )
    assert moves[0] == (50, 60) and (80, 90) in moves
    assert ev.y[ev.kind == K.SCROLL].tolist()[-1] == 1000
    dwell = ev.kind == K.DWELL
    assert (80, 90) in list(zip(ev.x[dwell].tolist(), ev.y[dwell].tolist(), strict=True))
    assert ev.value[dwell].max() >= 500
    assert s.duration_ms >= 700 and all(ev.t[1:] >= ev.t[:-1])
    # No keystrokes, no text, no DOM: only the six kinds of positions and sizes.
    assert set(session) == SESSION_FIELDS


def test_touch_session_records_one_tap_per_tap(browser, site, tmp_path):
    context = browser.new_context(
        viewport={"width": 400, "height": 700}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(site)
    page.evaluate("window.scrollTo(0, 1000)")
    page.wait_for_function("window.scrollY === 1000")
    page.touchscreen.tap(150, 220)  # page (150, 1220): the button
    page.wait_for_function("window.clicked === 1")  # the browser's click for that tap
    page.evaluate("window.recorder.stop()")
    session = page.evaluate("window.handedOver")
    context.close()
    folder = save_recording(tmp_path / "rec", session)
    (s,) = open_path(folder).sessions_of("test-page")
    ev = s.events
    assert s.device == "mobile"
    taps = list(zip(ev.x[ev.kind == K.TAP].tolist(), ev.y[ev.kind == K.TAP].tolist(), strict=True))
    assert taps == [(150, 1220)]
    assert not (ev.kind == K.CLICK).any()  # the made-up click is not a second interaction
