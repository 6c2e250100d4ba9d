"""The JavaScript recorder, for real, in headless Chromium (Debian's, never a downloaded one).

A local page on 127.0.0.1 loads the recorder; Playwright moves, scrolls, clicks and taps; the
session it hands over is saved with a full-page screenshot of that page and must load back
with every position where it happened on the page.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from browser_helpers import QuietHandler, needs_chromium, phone_page, recorder_site, served
from helpers import page_doc, write_json, write_png

from viewer.library import open_path
from viewer.recording import EventKind as K
from viewer.recording.native_fields import SESSION_FIELDS

playwright = pytest.importorskip("playwright.sync_api", reason="the test extra installs it")
pytestmark = needs_chromium

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
    with served(recorder_site(tmp_path / "site", PAGE)) as base:
        yield f"{base}/index.html"


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
    # whole, nothing assumed; each click names its element (selector, tag, box: no text).
    assert set(session) == SESSION_FIELDS - {"part", "assumed"}
    assert [e["selector"] for e in session["clicks"]["elements"]] == ["#buy"]


def test_touch_session_records_one_tap_per_tap(browser, site, tmp_path):
    context, page = phone_page(browser, site, 400)
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


# ------------------------------------------------------------------ uploads through a flaky server

UPLOAD_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Upload test</title>
<style>html, body { margin: 0; } body { height: 4000px; }</style>
<script src="session-recorder.js"></script>
</head><body>
<script>
  window.recorder = SessionViewerRecorder.start({
    pageId: "test-page", onSession: SessionViewerRecorder.post("/sessions"), moveEveryMs: 0,
  });
</script>
</body></html>
"""


class FlakyServer(http.server.ThreadingHTTPServer):
    """Serves the site; POST /sessions fails the first two tries of every part (503), then
    stores the part and answers 204. Counts the bytes of every request it receives."""

    def __init__(self, root: Path):
        self.parts: dict[str, bytes] = {}
        self.tries: dict[str, int] = {}
        self.largest = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), functools.partial(FlakyHandler, directory=str(root)))


class FlakyHandler(QuietHandler):
    def do_POST(self) -> None:
        import json

        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        doc = json.loads(body)
        key = f"{doc['id']}.{doc['part']['index']}"
        with server.lock:
            server.largest = max(server.largest, len(body))
            server.tries[key] = server.tries.get(key, 0) + 1
            failing = server.tries[key] <= 2
            if not failing:
                server.parts[key] = body
        self.send_response(503 if failing else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_a_ten_minute_session_arrives_whole_through_a_flaky_server(browser, tmp_path):
    root = recorder_site(tmp_path / "site", UPLOAD_PAGE)
    server = FlakyServer(root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(viewport={"width": 1000, "height": 700})
        page = context.new_page()
        page.clock.install()  # a simulated clock: ten minutes pass in seconds
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        expected_moves = []
        for second in range(600):
            x, y = 10 + (second * 7) % 900, 10 + (second * 3) % 600
            page.mouse.move(x, y)  # a real mouse move every second
            expected_moves.append((x, y))
            page.clock.run_for(1000)
            if second == 100:  # a burst of 6,000 moves at once: parts are cut by size too
                page.evaluate(
                    "for (let i = 0; i < 6000; i++) document.dispatchEvent(new MouseEvent("
                    "'mousemove', {clientX: i % 997, clientY: i % 599, bubbles: true}))"
                )
                expected_moves += [(i % 997, i % 599) for i in range(6000)]
            if second == 300:  # the tab is hidden for a while: a pause, not the end
                page.evaluate(
                    "Object.defineProperty(document, 'visibilityState', "
                    "{value: 'hidden', configurable: true});"
                    "document.dispatchEvent(new Event('visibilitychange'))"
                )
                page.clock.run_for(20_000)
                page.evaluate(
                    "Object.defineProperty(document, 'visibilityState', "
                    "{value: 'visible', configurable: true});"
                    "document.dispatchEvent(new Event('visibilitychange'))"
                )
        page.evaluate("window.recorder.stop()")
        # Retries wait on the page's (simulated) timers: let them run until all parts arrived.
        for _ in range(200):
            if page.evaluate("window.recorder.unacknowledged()") == 0 and not page.evaluate(
                "Object.keys(localStorage).some(k => k.startsWith('session-viewer-part:'))"
            ):
                break
            page.clock.run_for(5_000)
            page.wait_for_timeout(20)
        failures = page.evaluate("window.recorder.failedTries()")
        context.close()
    finally:
        server.shutdown()
        server.server_close()

    assert failures >= 2 * len(server.parts)  # every part was refused twice, then stored
    assert server.largest < 64 * 1024  # every request fits the keepalive limit
    folder = tmp_path / "rec"
    folder.mkdir()
    write_png(folder / "shot.png", (1000, 4000))
    write_json(folder / "page.json", page_doc(id="test-page", size=[1000, 4000]))
    for key, body in server.parts.items():
        (folder / f"{key}.session.json").write_bytes(body)
    assert len(server.parts) > 10  # a long session: many parts

    lib = open_path(folder)
    assert [str(p) for p in lib.problems] == []
    (s,) = lib.sessions_of("test-page")
    assert s.duration_ms >= 620_000  # ten minutes of moves and the hidden stretch
    ev = s.events
    moves = list(
        zip(ev.x[ev.kind == K.MOVE].tolist(), ev.y[ev.kind == K.MOVE].tolist(), strict=True)
    )
    assert moves == expected_moves  # every move, in order, none twice

    # A part that never arrived is named, and the rest still opens.
    missing = sorted(folder.glob("*.5.session.json"))
    missing[0].unlink()
    lib = open_path(folder)
    (problem,) = lib.problems
    assert "missing (part 5)" in problem.message
    (s,) = lib.sessions_of("test-page")
    assert 0 < (s.events.kind == K.MOVE).sum() < len(expected_moves)
