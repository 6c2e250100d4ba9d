"""The bundled recorder names each click's element and says whether the page answered it.

A responsive local page in Debian's headless Chromium: two cards with a live button each (a
click writes to the page), a link whose label is a span, and a dead button (its click changes
nothing). Playwright clicks them at 1000 px with a mouse and taps them at 390 px; the
recorder's sessions must name the elements by the selectors session-viewer's rrweb import
gives (the same rules), with their boxes as Playwright measures them, and ``stats --elements``
must find the dead button's clicks dead and only those.
"""

from __future__ import annotations

import http.server
import json
from typing import ClassVar

import pytest
from browser_helpers import needs_chromium, phone_page, recorder_site, served
from helpers import page_doc, write_json, write_png

from viewer.cli import main
from viewer.library import open_path
from viewer.recording import EventKind as K

pytest.importorskip("playwright.sync_api", reason="the test extra installs it")
pytestmark = needs_chromium

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Elements test</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  html, body { margin: 0; font: 16px sans-serif; }
  body { height: 2400px; }
  .cards { display: flex; gap: 20px; padding: 20px; }
  .card { width: 300px; height: 160px; background: #eef; }
  .go { margin: 20px; width: 120px; height: 40px; }
  .more { display: inline-block; margin: 20px; padding: 10px; }
  #dead { position: absolute; left: 40px; top: 900px; width: 160px; height: 48px; }
  @media (max-width: 600px) { .cards { flex-direction: column; } .card { width: 340px; } }
</style>
<script src="session-recorder.js"></script>
</head><body>
<div class="cards">
  <div class="card"><button class="go">Go one</button></div>
  <div class="card"><button class="go">Go two</button></div>
</div>
<a href="#more" class="more"><span class="label">More</span></a>
<button id="dead">Nothing</button>
<p id="log"></p>
<script>
  const log = document.getElementById("log");
  document.querySelectorAll(".go").forEach((b) =>
    b.addEventListener("click", () => { log.textContent += "go "; }));
  document.querySelector("a.more").addEventListener("click", (e) => {
    e.preventDefault();
    log.textContent += "more ";
  });
  window.recorder = SessionViewerRecorder.start({
    pageId: "test-page", autoStop: false, onSession: (s) => { window.handedOver = s; },
  });
</script>
</body></html>
"""

SECOND_GO = "div.card:nth-of-type(2) > button.go"
FIRST_GO = "div.card:nth-of-type(1) > button.go"


@pytest.fixture
def site(tmp_path):
    with served(recorder_site(tmp_path / "site", PAGE)) as base:
        yield f"{base}/index.html"


def box_of(page, selector):
    """Playwright's box of ``selector`` in page px (its viewport box plus the scroll)."""
    b = page.locator(selector).bounding_box()
    sx, sy = page.evaluate("[window.scrollX, window.scrollY]")
    return (b["x"] + sx, b["y"] + sy, b["width"], b["height"])


def centre(page, selector):
    b = page.locator(selector).bounding_box()
    return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2


def test_clicks_name_their_element_box_and_reaction(browser, site, tmp_path, capsys):
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    page.goto(site)
    boxes = {s: box_of(page, s) for s in (FIRST_GO, SECOND_GO, "a.more", "#dead")}
    for selector in (SECOND_GO, FIRST_GO, "a.more span"):
        page.mouse.click(*centre(page, selector))
        page.wait_for_timeout(150)
    page.evaluate("window.scrollTo(0, 500)")  # the dead button comes into view
    page.wait_for_function("window.scrollY === 500")
    page.wait_for_timeout(300)  # the scroll is over before the clicks (it is no reaction)
    page.mouse.click(*centre(page, "#dead"))
    page.wait_for_timeout(150)
    page.mouse.click(*centre(page, "#dead"))  # a second try on the dead button
    page.wait_for_timeout(1300)  # the dead clicks' second passes: they can be judged
    assert page.evaluate("document.getElementById('log').textContent") == "go go more "
    page.evaluate("window.recorder.stop()")
    desktop = page.evaluate("window.handedOver")
    context.close()

    context, phone = phone_page(browser, site, 390)
    phone_boxes = {s: box_of(phone, s) for s in (SECOND_GO, "#dead")}
    assert phone_boxes[SECOND_GO][1] > boxes[SECOND_GO][1] + 100  # the cards stack on a phone
    phone.evaluate("window.scrollTo(0, 200)")
    phone.wait_for_function("window.scrollY === 200")
    phone.touchscreen.tap(*centre(phone, SECOND_GO))
    phone.wait_for_timeout(300)
    phone.evaluate("window.scrollTo(0, 600)")
    phone.wait_for_function("window.scrollY === 600")
    phone.wait_for_timeout(200)
    phone.touchscreen.tap(*centre(phone, "#dead"))
    phone.wait_for_timeout(1300)
    phone.evaluate("window.recorder.stop()")
    mobile = phone.evaluate("window.handedOver")
    context.close()

    # Privacy: an element is its selector, tag and box, never its text.
    for doc in (desktop, mobile):
        assert all(set(e) == {"selector", "tag", "box"} for e in doc["clicks"]["elements"])
        assert "error" not in doc["clicks"]  # no console records: error clicks not measurable

    folder = tmp_path / "rec"
    write_json(folder / "page.json", page_doc(id="test-page", size=[1000, 2400]))
    write_png(folder / "shot.png", (1000, 2400))
    write_json(folder / "desktop.session.json", desktop)
    write_json(folder / "phone.session.json", mobile)
    lib = open_path(folder)
    assert [str(p) for p in lib.problems] == []
    by_device = {s.device: s for s in lib.sessions_of("test-page")}
    d, m = by_device["desktop"], by_device["mobile"]

    facts = d.clicks
    hit = [facts.elements[i].selector for i in facts.element]
    assert hit == [SECOND_GO, FIRST_GO, "a.more", "#dead", "#dead"]  # the span's link, by rule
    assert [facts.elements[i].tag for i in facts.element][2:4] == ["a", "button"]
    for e in facts.elements:  # each box where Playwright measures it, in page px
        assert e.box == pytest.approx(boxes[e.selector], abs=0.6), e.selector
    reaction = facts.reaction_ms.tolist()
    assert all(0 <= r < 500 for r in reaction[:3])  # the page wrote to itself at once
    assert all(r != r for r in reaction[3:])  # NaN: nothing followed the dead clicks

    taps = m.clicks
    assert (m.events.kind == K.TAP).sum() == 2
    assert [taps.elements[i].selector for i in taps.element] == [SECOND_GO, "#dead"]
    for e in taps.elements:  # the phone's own layout
        assert e.box == pytest.approx(phone_boxes[e.selector], abs=0.6), e.selector

    assert main(["stats", str(folder), "--elements", "--format", "json"]) == 0
    rows = {e["selector"]: e for e in json.loads(capsys.readouterr().out)["elements"]["elements"]}
    assert rows[SECOND_GO]["clicks"] == 2 and rows[SECOND_GO]["sessions_clicked"] == 2
    assert rows["#dead"]["clicks"] == 3 and rows["#dead"]["dead_clicks"] == 3
    assert all(rows[s]["dead_clicks"] == 0 for s in (FIRST_GO, SECOND_GO, "a.more"))
    assert rows["#dead"]["error_measurable"] == 0


UPLOAD_PAGE = PAGE.replace(
    "autoStop: false, onSession: (s) => { window.handedOver = s; },",
    'autoStop: false, moveEveryMs: 0, onSession: SessionViewerRecorder.post("/sessions"),',
)


class PartsHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and keeps every part POSTed to /sessions."""

    parts: ClassVar[list[bytes]] = []  # each test makes a subclass with a list of its own

    def do_POST(self) -> None:
        self.parts.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_a_part_holds_back_a_click_still_waiting_for_the_page(browser, tmp_path):
    root = recorder_site(tmp_path / "site", UPLOAD_PAGE)
    handler = type("Handler", (PartsHandler,), {"parts": []})
    with served(root, handler) as base:
        context = browser.new_context(viewport={"width": 1000, "height": 1200})
        page = context.new_page()
        page.goto(f"{base}/index.html")
        page.mouse.click(*centre(page, "#dead"))
        # A burst of moves fills a part (48 KB) while the click waits for the page.
        page.evaluate(
            "for (let i = 0; i < 1250; i++) document.dispatchEvent(new MouseEvent("
            "'mousemove', {clientX: 100 + i % 500, clientY: 300 + i % 200, bubbles: true}))"
        )
        page.wait_for_timeout(1100)
        page.mouse.click(*centre(page, SECOND_GO))  # the page changes, after the dead time
        page.wait_for_timeout(1200)
        page.evaluate("window.recorder.stop()")
        page.wait_for_function("window.recorder.unacknowledged() === 0")
        context.close()
    docs = [json.loads(b) for b in handler.parts]
    assert [d["part"]["index"] for d in docs] == list(range(len(docs))) and len(docs) >= 2
    # The first part filled up while the dead click waited: it waited with it, under 64 KB,
    # and went once the page's change (after the second click) said the first was dead.
    assert len(docs[0]["events"]["t"]) > 1200 and len(handler.parts[0]) < 64 * 1024
    assert docs[0]["clicks"]["reaction"][0] >= 1100
    folder = tmp_path / "rec"
    write_json(folder / "page.json", page_doc(id="test-page", size=[1000, 2400]))
    write_png(folder / "shot.png", (1000, 2400))
    for d in docs:
        write_json(folder / f"{d['id']}.{d['part']['index']}.session.json", d)
    (s,) = open_path(folder).sessions_of("test-page")
    facts = s.clicks
    assert [facts.elements[i].selector for i in facts.element] == ["#dead", SECOND_GO]
    first, second = facts.reaction_ms.tolist()
    assert 1100 <= first <= 10_000 and second < 500  # the change came after the dead time
