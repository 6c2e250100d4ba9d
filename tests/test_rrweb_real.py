"""Recordings made by rrweb itself: its ``record()`` (the ``rrweb`` npm package, installed into
this test run's own folder, never committed) runs in Debian's headless Chromium on a local page
that Playwright drives with moves, clicks, a double click, a scroll, a drag and, with touch
emulation, taps and a swipe, at several viewport widths. The recordings are imported with
Playwright's full-page screenshot and with no screenshot at all (the page rebuilt from the
snapshot), and as PostHog and Sentry export them: every click lands within 2 CSS px of where
Playwright clicked, on the element it clicked in the rebuilt page too (issue 13)."""

from __future__ import annotations

import json
import shutil

import pytest
from browser_helpers import needs_chromium, npm_install, phone_page, serve
from test_containers import posthog_v2, sentry_segments

from viewer.cli import main
from viewer.importers.snapshot_html import snapshot_html
from viewer.library import open_path
from viewer.recording import EventKind as K

pytestmark = needs_chromium
RRWEB_VERSION = "2.2.2"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Pricing</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  html, body { margin: 0; font: 16px sans-serif; }
  header { height: 80px; background: #1f2a44; color: white; }
  main { padding: 40px; }
  .card { width: 40%; min-width: 260px; height: 420px; margin: 0 auto 60px; background: #eef; }
  button { display: block; margin: 40px auto; width: 200px; height: 56px; }
  footer { height: 900px; background: #f4f4f4; }
</style>
<script src="rrweb.js"></script>
</head><body>
<header>Brand</header>
<main>
  <div class="card"><button id="buy">Buy</button><button id="trial">Free trial</button></div>
  <div class="card"><button id="contact">Contact sales</button></div>
</main>
<footer>Footer</footer>
<script>
  window.events = [];
  rrweb.record({emit: (e) => window.events.push(e)});
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def rrweb_js(tmp_path_factory):
    """rrweb's browser bundle, installed from the npm registry into this run's folder."""
    modules = npm_install(tmp_path_factory.mktemp("npm"), f"rrweb@{RRWEB_VERSION}")
    bundle = modules / "rrweb" / "dist" / "rrweb.umd.min.cjs"
    if not bundle.is_file():
        pytest.skip("npm installed rrweb without its browser bundle")
    return bundle


@pytest.fixture
def site(rrweb_js, tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(PAGE)
    shutil.copy(rrweb_js, root / "rrweb.js")
    base, server = serve(root)
    yield f"{base}/index.html"
    server.shutdown()
    server.server_close()


def centre(page, element_id: str) -> tuple[float, float]:
    """The element's centre in page coordinates."""
    box = page.evaluate(
        f"(() => {{ const r = document.getElementById('{element_id}').getBoundingClientRect();"
        " return [r.x + r.width / 2 + scrollX, r.y + r.height / 2 + scrollY]; })()"
    )
    return box[0], box[1]


def record_desktop(browser, site, width: int):
    """Returns (events, clicks made [(x, y, id)] in page px, screenshot bytes, page size)."""
    page = browser.new_page(viewport={"width": width, "height": 700})
    page.goto(site)
    page.wait_for_function("window.events.length >= 2")  # Meta and full snapshot
    made = []
    page.mouse.move(10, 10)
    x, y = centre(page, "buy")
    page.mouse.click(x, y)
    made.append((x, y, "buy"))
    x, y = centre(page, "trial")
    page.mouse.dblclick(x, y)  # two clicks, not three or four
    made += [(x, y, "trial"), (x, y, "trial")]
    page.mouse.move(30, 300)  # a drag on the page: not a click
    page.mouse.down()
    page.mouse.move(200, 380, steps=6)
    page.mouse.up()
    page.mouse.wheel(0, 600)
    page.wait_for_function("window.scrollY >= 600")
    page.wait_for_timeout(300)  # rrweb samples scrolls
    x, y = centre(page, "contact")
    page.mouse.click(x, y - page.evaluate("scrollY"))  # viewport coordinates
    made.append((x, y, "contact"))
    page.wait_for_timeout(100)
    size = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    events = page.evaluate("window.events")
    page.evaluate("window.scrollTo(0, 0)")
    shot = page.screenshot(full_page=True)
    page.close()
    return events, made, shot, size


def clicks_of(library):
    (s,) = library.all_sessions
    ev = s.events
    m = ev.kind == K.CLICK
    return sorted(zip(ev.x[m].tolist(), ev.y[m].tolist(), strict=True))


def assert_near(got, made):
    want = sorted((x, y) for x, y, _ in made)
    assert len(got) == len(want), (got, want)
    for (gx, gy), (wx, wy) in zip(got, want, strict=True):
        assert abs(gx - wx) <= 2 and abs(gy - wy) <= 2, (got, want)


@pytest.mark.parametrize("width", [1280, 1024, 800])
def test_rrweb_recordings_import_with_and_without_a_screenshot(browser, site, tmp_path, width):
    events, made, shot_png, (page_w, page_h) = record_desktop(browser, site, width)
    rec = tmp_path / "visit.json"
    rec.write_text(json.dumps(events))
    shot = tmp_path / "page.png"
    shot.write_bytes(shot_png)

    with_shot = tmp_path / "with"
    assert main(["import", "rrweb", str(rec), "--screenshot", str(shot), "-o", str(with_shot)]) == 0
    assert_near(clicks_of(open_path(with_shot)), made)

    rebuilt = tmp_path / "rebuilt"
    assert main(["import", "rrweb", str(rec), "-o", str(rebuilt)]) == 0
    library = open_path(rebuilt)
    (page,) = library.pages
    assert page.origin == "rebuilt from the recording's DOM snapshot"
    assert page.title == "Pricing"  # from the snapshot's <title>
    assert page.width == width == page_w and abs(page.height - page_h) <= 2
    assert page.pixel_size == (page.width, page.height)  # one image px per CSS px
    assert_near(clicks_of(library), made)

    # In the rebuilt page, the element under each click is the one Playwright clicked.
    snapshot = next(e for e in events if e["type"] == 2)["data"]["node"]
    check = browser.new_page(viewport={"width": width, "height": 700})
    check.set_content(snapshot_html(snapshot))
    for x, y, element_id in made:
        check.evaluate(f"window.scrollTo(0, {max(0, y - 300)})")
        hit = check.evaluate(f"document.elementFromPoint({x}, {y} - window.scrollY)?.id || ''")
        assert hit == element_id, (x, y, element_id, hit)
    check.close()

    # The same recording as PostHog and Sentry export it.
    for name, doc in (
        ("posthog.json", posthog_v2({"w1": events})),
        ("sentry.json", sentry_segments(events, len(events) // 2)),
    ):
        wrapped = tmp_path / name
        wrapped.write_text(json.dumps(doc))
        assert_near(clicks_of(open_path(wrapped, rebuild=True)), made)


def test_taps_and_a_swipe_recorded_by_rrweb_on_a_phone(browser, site, tmp_path):
    context, page = phone_page(browser, site, 390)
    page.wait_for_function("window.events.length >= 2")
    x, y = centre(page, "buy")
    page.touchscreen.tap(x, y)
    page.wait_for_timeout(400)
    # A swipe: touchstart, moves, touchend, 120 px apart (not a tap).
    cdp = context.new_cdp_session(page)
    for kind, ty in (
        ("touchStart", 500),
        ("touchMove", 450),
        ("touchMove", 400),
        ("touchEnd", 380),
    ):
        points = [] if kind == "touchEnd" else [{"x": 200, "y": ty}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
        page.wait_for_timeout(60)
    page.wait_for_timeout(300)
    events = page.evaluate("window.events")
    context.close()
    rec = tmp_path / "phone.json"
    rec.write_text(json.dumps(events))
    library = open_path(rec, rebuild=True)
    (s,) = library.all_sessions
    ev = s.events
    taps = list(zip(ev.x[ev.kind == K.TAP].tolist(), ev.y[ev.kind == K.TAP].tolist(), strict=True))
    assert len(taps) == 1 and abs(taps[0][0] - x) <= 2 and abs(taps[0][1] - y) <= 2
    assert not (ev.kind == K.CLICK).any()  # the browser's click for the tap is not another
    assert s.device == "mobile"
