"""CSV logs as a browser writes them, made for real: a local page in headless Chromium logs every
mousemove, mousedown, mouseup, click, dblclick, contextmenu, wheel and scroll event (times in ms
since 1970, or in seconds since the page loaded) while Playwright clicks, double-clicks,
right-clicks, drags and wheels at known places of a page narrower than 1440 px. Imported with
no options but the screenshot, every click is counted once, within 2 px of where Playwright
clicked, and every assumption is printed (issue 13, "Done when")."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from browser_helpers import needs_chromium, serve

from viewer.cli import main
from viewer.library import open_path
from viewer.recording import EventKind as K

pytestmark = needs_chromium

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Logged page</title>
<style>
  html, body { margin: 0; } body { height: 2600px; width: 1280px; background: #f4f6fb; }
  button { position: absolute; width: 160px; height: 48px; }
</style></head><body>
<button id="a" style="left: 100px; top: 200px">A</button>
<button id="b" style="left: 700px; top: 300px">B</button>
<button id="c" style="left: 400px; top: 1700px">C</button>
<script>
  const t0 = performance.now();
  window.rows = [];
  const log = (type, e) => window.rows.push({
    abs: Date.now(), rel: (performance.now() - t0) / 1000, type,
    x: e.pageX ?? window.scrollX, y: e.pageY ?? window.scrollY,
    button: e.button ?? "",
  });
  for (const type of ["mousemove", "mousedown", "mouseup", "click", "dblclick",
                      "contextmenu", "wheel"]) {
    document.addEventListener(type, (e) => log(type, e), {capture: true, passive: true});
  }
  document.addEventListener("contextmenu", (e) => e.preventDefault());
  window.addEventListener("scroll", () => log("scroll", {}), {passive: true});
  log("load", {});
</script></body></html>
"""


@pytest.fixture
def logged(browser, tmp_path):
    """Drive the page; returns (rows, where each click was made, the screenshot)."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(PAGE)
    base, server = serve(root)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"{base}/index.html")
        made = []  # (x, y, button) in page px
        page.mouse.move(20, 20)
        page.mouse.click(180, 224)  # on A
        made.append((180, 224, 0))
        page.mouse.dblclick(780, 324)  # on B: two clicks
        made += [(780, 324, 0), (780, 324, 0)]
        page.mouse.click(300, 400, button="right")  # a right click: not on the click map
        made.append((300, 400, 2))
        page.mouse.move(200, 500)  # a drag: not a click
        page.mouse.down()
        page.mouse.move(320, 560, steps=8)
        page.mouse.up()
        page.mouse.move(500, 600)
        page.mouse.wheel(0, 1300)  # wheel rows carry the pointer, not the scroll offset
        page.wait_for_function("window.scrollY >= 1300")
        page.wait_for_timeout(150)
        page.mouse.click(480, 424)  # viewport (480, 424) + scroll 1300 = page (480, 1724): C
        made.append((480, 424 + 1300, 0))
        rows = page.evaluate("window.rows")
        page.evaluate("window.scrollTo(0, 0)")
        shot = tmp_path / "page.png"
        page.screenshot(path=str(shot), full_page=True)
        page.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows, made, shot


def write_log(path, rows, time_column):
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["timestamp", "event", "pageX", "pageY", "button"])
        for r in rows:
            t = r[time_column]
            w.writerow(
                [f"{t:.4f}" if time_column == "rel" else t, r["type"], r["x"], r["y"], r["button"]]
            )
    return path


@pytest.mark.parametrize(
    ("time_column", "unit_words"), [("abs", "Unix times in ms"), ("rel", "times in seconds")]
)
def test_a_browser_log_imports_with_no_options(logged, tmp_path, capsys, time_column, unit_words):
    rows, made, shot = logged
    kinds = {r["type"] for r in rows}
    assert {"mousedown", "mouseup", "click", "dblclick", "contextmenu", "wheel"} <= kinds
    log = write_log(tmp_path / "log.csv", rows, time_column)
    out = tmp_path / "out"
    assert main(["import", "csv", str(log), "--screenshot", str(shot), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assumed = [line for line in err.splitlines() if line.startswith("assumed: ")]
    text = "\n".join(assumed)
    assert "columns recognised from the header: t=timestamp, x=pageX, y=pageY" in text
    assert "kind=event" in text and "button=button" in text
    assert unit_words in text or "times in milliseconds (Unix times in ms)" in text
    assert "1 CSS px = 1 screenshot px (page 1280 px wide)" in text
    assert "window size is unknown (the log does not say)" in text

    (session,) = open_path(out).all_sessions
    ev = session.events
    clicks = ev.kind == K.CLICK
    got = sorted(
        zip(ev.x[clicks].tolist(), ev.y[clicks].tolist(), ev.value[clicks].tolist(), strict=True)
    )
    assert len(got) == len(made) == 5  # once each: not the mousedown, mouseup and click rows
    for (gx, gy, gb), (mx, my, mb) in zip(got, sorted(made), strict=True):
        assert abs(gx - mx) <= 2 and abs(gy - my) <= 2 and gb == mb
    # No wheel row became a scroll offset: the page was scrolled to 1300 by the wheel, and the
    # scroll rows say so; the wheel rows' pointer positions (about 600) never appear as one.
    scrolls = ev.y[ev.kind == K.SCROLL]
    assert scrolls.max() == pytest.approx(1300, abs=1) and not np.any(
        (scrolls > 550) & (scrolls < 650)
    )
    # The drag was no click; the visit spans the log from its first row (the load row).
    assert session.duration_ms >= ev.t.max()

    # The click map counts the primary button only: four of the five clicks.
    from viewer.analysis.heatmaps import click_points
    from viewer.analysis.table import EventTable

    points = click_points(EventTable.from_sessions([session]))
    assert len(points.x) == 4
