"""Elements, dead clicks and maps across widths on recordings rrweb itself made (issue 17).

rrweb's ``record()`` and its console plugin (npm packages installed into this run's folder,
never committed) run in Debian's headless Chromium on a local page with a live button (its
click changes the page), a dead button (nothing happens) and a broken one (it logs a console
error), in a responsive layout: three cards side by side on a desktop, stacked on a phone.
Playwright clicks them at 1600 and 1280 px with a mouse and taps them at 390 px with touch
emulation, at spots it chooses inside each button. The recordings are imported without a
screenshot (the page rebuilt from the first visit's snapshot, 1600 px wide): ``stats
--elements`` counts each button's clicks exactly, only the dead button's clicks are dead and
only the broken button's are error clicks, each element's box in each visitor's layout is the
one Playwright measured, and on the click map every click placed on its element falls inside
that button on the screenshot, where the raw positions do not.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from browser_helpers import needs_chromium, npm_install, serve

from viewer.analysis.click_map import click_map_points
from viewer.analysis.table import EventTable
from viewer.cli import main
from viewer.library import open_path
from viewer.recorder import recorder_source
from viewer.state.heatmap_settings import HeatmapSettings

pytestmark = needs_chromium
RRWEB = "rrweb@2.2.2"
CONSOLE = "@rrweb/rrweb-plugin-console-record@2.1.1"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Plans</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  html, body { margin: 0; font: 16px sans-serif; }
  header { height: 90px; background: #1f2a44; color: white; }
  .row { display: flex; gap: 4%; padding: 40px 5%; }
  .card { flex: 1; height: 300px; background: #eef; padding: 20px; box-sizing: border-box; }
  .card button { width: 70%; height: 60px; }
  @media (max-width: 900px) {
    .row { display: block; } .card { margin-bottom: 30px; height: 200px; }
  }
  footer { height: 900px; background: #f4f4f4; }
</style>
<script src="rrweb.js"></script><script src="console.js"></script>
<script src="session-recorder.js"></script>
</head><body>
<header>Brand</header>
<div class="row">
  <div class="card"><h2>Pro</h2><button class="cta" id="trial"><span>Start free trial</span>
    </button><p id="out"></p></div>
  <div class="card"><h2>Team</h2><button class="cta more">Learn more</button></div>
  <div class="card"><h2>Enterprise</h2><button class="cta sales">Contact sales</button></div>
</div>
<footer>Footer</footer>
<script>
  window.events = [];
  rrweb.record({emit: (e) => window.events.push(e),
                plugins: [rrwebPluginConsoleRecord.getRecordConsolePlugin()]});
  // The bundled recorder on the same visit: its elements must be rrweb's.
  window.recorder = SessionViewerRecorder.start({
    pageId: "plans", autoStop: false, onSession: (s) => { window.native = s; },
  });
  document.getElementById('trial').addEventListener('click', () => {
    document.getElementById('out').textContent = 'Trial started at ' + Date.now();
  });
  document.querySelector('.sales').addEventListener('click', () => {
    document.body.setAttribute('data-asked', String(Date.now()));
    console.error('the contact form failed to load');
  });
</script>
</body></html>
"""
BUTTONS = {"live": "#trial", "dead": ".more", "broken": ".sales"}
SELECTORS = {"live": "#trial", "dead": "button.cta.more", "broken": "button.cta.sales"}
# Where each click lands inside its button (share of its width, height), and how many.
SPOTS = {
    "dead": [(0.8, 0.3), (0.15, 0.7), (0.5, 0.5)],
    "live": [(0.25, 0.4), (0.9, 0.8)],
    "broken": [(0.5, 0.2)],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    modules = npm_install(tmp_path_factory.mktemp("npm"), RRWEB, CONSOLE)
    bundle = modules / "rrweb" / "dist" / "rrweb.umd.min.cjs"
    plugin = modules / "@rrweb" / "rrweb-plugin-console-record" / "dist"
    plugin = plugin / "rrweb-plugin-console-record.umd.min.cjs"
    if not bundle.is_file() or not plugin.is_file():
        pytest.skip("npm installed rrweb without its browser bundles")
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(PAGE)
    shutil.copy(bundle, root / "rrweb.js")
    shutil.copy(plugin, root / "console.js")
    (root / "session-recorder.js").write_text(recorder_source())
    base, server = serve(root)
    yield f"{base}/index.html"
    server.shutdown()
    server.server_close()


def box_of(page, selector: str) -> list[float]:
    return page.evaluate(
        f"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();"
        " return [r.x + scrollX, r.y + scrollY, r.width, r.height]; })()"
    )


def record(browser, site, width: int, touch: bool, which=("dead", "live", "broken")):
    """A visit at ``width``: (rrweb's events, [(button, x, y) in page px], boxes by button,
    the bundled recorder's session of the same visit)."""
    if touch:
        context = browser.new_context(
            viewport={"width": width, "height": 800}, has_touch=True, is_mobile=True
        )
    else:
        context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site)
    page.wait_for_function("window.events.length >= 2")
    boxes = {name: box_of(page, sel) for name, sel in BUTTONS.items()}
    made = []
    for name in which:
        x0, y0, w, h = boxes[name]
        for fx, fy in SPOTS[name]:
            x, y = x0 + fx * w, y0 + fy * h  # the page does not scroll: viewport = page px
            if touch:
                page.touchscreen.tap(x, y)
            else:
                page.mouse.move(x, y, steps=4)
                page.mouse.click(x, y)
            made.append((name, x, y))
            # A click is judged over the next second: no other click's effect may fall in it.
            page.wait_for_timeout(1150)
    page.mouse.move(5, 5) if not touch else page.wait_for_timeout(300)
    events = page.evaluate("window.events")
    native = page.evaluate("window.recorder.stop()")
    context.close()
    return events, made, boxes, native


@pytest.fixture(scope="module")
def recorded(site, tmp_path_factory):
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("recordings")
    visits = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, width, touch, which in (
            ("wide", 1600, False, ("dead", "live", "broken")),
            ("laptop", 1280, False, ("dead", "live", "broken")),
            ("phone", 390, True, ("dead", "live", "broken")),
            ("happy", 1280, False, ("live",)),
        ):
            events, made, boxes, native = record(browser, site, width, touch, which)
            (folder / f"{name}.json").write_text(json.dumps(events))
            (folder / f"{name}.native.json").write_text(json.dumps(native))
            visits[name] = (width, made, boxes)
        browser.close()
    out = tmp_path_factory.mktemp("imported") / "plans"
    files = [str(folder / f"{n}.json") for n in visits]
    assert main(["import", "rrweb", *files, "-o", str(out)]) == 0
    return out, visits, folder


def test_stats_elements_counts_every_button_and_only_the_dead_one_is_dead(recorded, capsys):
    out, visits, _ = recorded
    capsys.readouterr()
    assert main(["stats", str(out), "--elements", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)["elements"]
    rows = {e["selector"]: e for e in doc["elements"]}
    assert set(rows) == set(SELECTORS.values())
    for name, selector in SELECTORS.items():
        made = [m for _, made, _ in visits.values() for m in made if m[0] == name]
        row = rows[selector]
        assert row["clicks"] == len(made), (name, row)
        assert row["sessions_clicked"] == sum(
            any(m[0] == name for m in made) for _, made, _ in visits.values()
        )
        assert row["dead_measurable"] == len(made)
        assert row["dead_clicks"] == (len(made) if name == "dead" else 0), (name, row)
        assert row["error_clicks"] == (len(made) if name == "broken" else 0), (name, row)
        # Every visitor saw every button (the page does not scroll here).
        assert row["impressions"] == len(visits)
    assert rows["#trial"]["text"] == "Start free trial"  # the button, not its <span>
    assert rows["button.cta.more"]["tag"] == "button"
    clicks = doc["clicks"]
    dead = sum(len(SPOTS["dead"]) for v in visits.values() if any(m[0] == "dead" for m in v[1]))
    assert clicks["dead_clicks"]["k"] == dead
    assert clicks["sessions_with_dead_clicks"]["k"] == 3
    assert clicks["sessions_with_dead_clicks"]["n"] == 4

    # The same in words, and the segment of sessions with a dead click.
    assert main(["stats", str(out), "--elements"]) == 0
    text = capsys.readouterr().out
    assert "button.cta.more" in text and "Learn more" in text
    assert main(["stats", str(out), "--filter", "dead=yes", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"] == 3
    assert main(["stats", str(out), "--filter", "dead=no", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"] == 1  # the happy visitor
    # A longer dead-click time makes the next click's change a reaction: fewer dead clicks.
    assert main(["stats", str(out), "--elements", "--dead-ms", "60000", "--format", "json"]) == 0
    longer = json.loads(capsys.readouterr().out)["elements"]["clicks"]["dead_clicks"]["k"]
    assert longer < dead


def test_each_visitors_element_box_is_the_one_playwright_measured(recorded):
    out, visits, _ = recorded
    library = open_path(out)
    (page,) = library.pages
    wide = visits["wide"][2]
    for name, selector in SELECTORS.items():  # the screenshot is the 1600 px layout
        assert np.allclose(page.elements[selector], wide[name], atol=1.5), (name, selector)
    for s in library.all_sessions:
        width, made, boxes = visits[s.id]
        assert s.viewport[0] == width
        by_selector = {e.selector: e.box for e in s.clicks.elements}
        for name, selector in SELECTORS.items():
            assert np.allclose(by_selector[selector], boxes[name], atol=1.5), (s.id, name)
        names = s.clicks.selectors()
        assert [SELECTORS[m[0]] for m in made] == list(names)


def test_clicks_placed_on_their_elements_fall_inside_their_button_at_every_width(recorded):
    out, visits, _ = recorded
    library = open_path(out)
    (page,) = library.pages
    sessions = library.all_sessions
    table = EventTable.from_sessions(sessions)
    made = [m for s in sessions for m in visits[s.id][1]]  # table order: session by session

    def inside(points, names):
        flags = []
        for x, y, name in zip(points.x, points.y, names, strict=True):
            bx, by, bw, bh = page.elements[SELECTORS[name]]
            flags.append(bx <= x <= bx + bw and by <= y <= by + bh)
        return np.array(flags)

    names = [m[0] for m in made]
    placed, how = click_map_points(table, HeatmapSettings(), page)  # auto: several widths
    assert how.anchored and how.placed == len(made) and how.stayed == 0
    assert inside(placed, names).all()
    # Each click keeps its spot inside the button (25 % across stays 25 % across).
    for (name, _, _), x, y, s in zip(made, placed.x, placed.y, placed.session, strict=True):
        bx, by, bw, bh = page.elements[SELECTORS[name]]
        spots = SPOTS[name]
        assert any(
            abs((x - bx) / bw - fx) < 0.02 and abs((y - by) / bh - fy) < 0.04 for fx, fy in spots
        ), (name, s)
    raw, how = click_map_points(table, HeatmapSettings(anchor="off"), page)
    assert not how.anchored
    off = ~inside(raw, names)
    assert off.any()  # the raw positions of the narrower layouts miss the buttons
    assert not off[
        [s == sessions.index(next(x for x in sessions if x.id == "wide")) for s in raw.session]
    ].any()  # the 1600 px visit is the screenshot's

    dead, how = click_map_points(table, HeatmapSettings(outcome="dead"), page)
    assert len(dead.x) == sum(n == "dead" for n in names) and how.unjudged == 0
    assert inside(dead, ["dead"] * len(dead.x)).all()


def test_the_dead_click_map_and_its_legend_from_the_command_line(recorded, tmp_path):
    from PIL import Image

    out, _, _ = recorded
    png = tmp_path / "dead.png"
    assert main(["heatmap", str(out), "--clicks-of", "dead", "--sigma", "6", "-o", str(png)]) == 0
    image = np.asarray(Image.open(png).convert("RGB")).astype(int)
    shot = np.asarray(Image.open(out / "screenshot.png").convert("RGB")).astype(int)
    changed = np.abs(image - shot[: image.shape[0], : image.shape[1]]).sum(axis=2) > 30
    ys, xs = np.nonzero(changed)
    library = open_path(out)
    bx, by, bw, bh = library.pages[0].elements["button.cta.more"]
    # Everything the map paints is around the dead button (within three kernel widths).
    assert xs.min() >= bx - 18 and xs.max() <= bx + bw + 18
    assert ys.min() >= by - 18 and ys.max() <= by + bh + 18


def test_the_bundled_recorder_names_the_elements_rrweb_does(recorded):
    """The same visits recorded by rrweb and by the bundled recorder: every click names the
    same element, at the same box, and the same clicks are dead."""
    out, visits, folder = recorded
    imported = {s.id: s for s in open_path(out).sessions_of(open_path(out).pages[0].id)}
    for name in visits:
        native = json.loads((folder / f"{name}.native.json").read_text())
        facts = native["clicks"]
        mine = [facts["elements"][i]["selector"] for i in facts["element"]]
        theirs = next(s for s in imported.values() if s.id.startswith(name)).clicks
        assert mine == [theirs.elements[i].selector for i in theirs.element], name
        boxes = {e["selector"]: e["box"] for e in facts["elements"]}
        for e in theirs.elements:
            if e.selector in boxes:
                assert boxes[e.selector] == pytest.approx(e.box, abs=1.5), (name, e.selector)
        dead_mine = [r is None or r > 1000 for r in facts["reaction"]]
        dead_theirs = [not r <= 1000 for r in theirs.reaction_ms.tolist()]  # NaN: none
        assert dead_mine == dead_theirs, name
        assert dead_mine == [button == "dead" for button, _, _ in visits[name][1]], name
