"""The Elements view: clicks per element of the segment, sortable, and the chosen element
outlined on the page."""

from __future__ import annotations

import numpy as np
from helpers import LOAD_TIMEOUT, make_session, page_doc, write_json, write_png
from PySide6.QtCore import Qt

from viewer.recording import EventKind as K
from viewer.recording import save_session
from viewer.recording.clicks import ClickFacts, Element

BUY = Element("#buy", "button", "Buy <b>now</b>", (40, 300, 100, 40))
MORE = Element("a.more", "a", "More", (20, 20, 60, 20))
GONE = Element("div.promo", "div", "Promo", None)  # not on the page's screenshot


def visit(tmp_path, sid, clicks):
    """A session of the 200 x 400 page that clicks ``clicks`` (element, reaction ms)."""
    rows = [(0, K.MOVE, 5, 5), (0, K.SCROLL, 0, 0)]
    rows += [(1000 * (i + 1), K.CLICK, 60, 310) for i in range(len(clicks))]
    elements = (BUY, MORE, GONE)
    facts = ClickFacts(
        np.array([elements.index(e) for e, _ in clicks]),
        np.array([r for _, r in clicks], dtype=np.float64),
        None,
        elements,
    )
    s = make_session(
        rows,
        id=sid,
        viewport=(200, 400),
        clicks=facts,
        duration_ms=1000 * len(clicks) + 5000,
    )
    save_session(s, tmp_path / "rec" / f"{sid}.session.json")


def folder(tmp_path):
    write_png(tmp_path / "rec" / "shot.png")
    write_json(
        tmp_path / "rec" / "p1.page.json",
        page_doc(elements={"#buy": [40, 300, 100, 40], "a.more": [20, 20, 60, 20]}),
    )
    visit(tmp_path, "s1", [(BUY, np.nan), (BUY, np.nan), (MORE, 50.0)])
    visit(tmp_path, "s2", [(BUY, 80.0)])
    visit(tmp_path, "s3", [(MORE, 30.0), (MORE, 40.0), (MORE, 60.0), (GONE, 10.0)])
    return tmp_path / "rec"


def open_elements(window, qtbot, path):
    with qtbot.waitSignals([window.heatmap_shown, window.page_shown], timeout=LOAD_TIMEOUT):
        window.open_path(path)
    with qtbot.waitSignal(window.elements.shown, timeout=LOAD_TIMEOUT):
        window.dock("elements").raise_()
    return window.elements.panel


def column(panel, c):
    if c == 0:  # the element's selector (its text is the line above it)
        return [
            panel.table.item(r, 0).text().split("\n")[-1] for r in range(panel.table.rowCount())
        ]
    return [panel.table.item(r, c).text() for r in range(panel.table.rowCount())]


def test_elements_are_counted_sorted_and_outlined(window, qtbot, tmp_path):
    panel = open_elements(window, qtbot, folder(tmp_path))
    assert panel.table.isVisible()
    # Most clicked first; the counts, sessions and dead clicks are the recordings' own.
    assert column(panel, 0) == ["a.more", "#buy", "div.promo"]
    assert column(panel, 1) == ["4", "3", "1"]
    assert column(panel, 2) == ["2", "2", "1"]
    assert column(panel, 5) == ["0", "2", "0"]  # only the unanswered clicks on #buy are dead
    # Recording text as it is, not markup, above the selector.
    assert panel.table.item(1, 0).text() == "Buy <b>now</b>\n#buy"
    assert "dead clicks" in panel.summary.text()
    # Sorting is by number, not by the text shown.
    panel.table.sortItems(1, Qt.SortOrder.AscendingOrder)
    assert column(panel, 0) == ["div.promo", "#buy", "a.more"]
    panel.table.sortItems(5, Qt.SortOrder.DescendingOrder)
    assert column(panel, 0)[0] == "#buy"

    # Choosing a row outlines its element on the page, where the screenshot has it.
    assert panel.select("#buy")
    outline = window.elements.outline
    assert outline.isVisible()
    assert outline.rect().getRect() == (40.0, 300.0, 100.0, 40.0)
    shown = window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()
    assert shown.contains(outline.rect())  # scrolled into view
    # An element the screenshot does not place: no outline at a wrong place, and words why.
    assert panel.select("div.promo")
    assert not outline.isVisible()
    assert "not known" in window.statusBar().currentMessage()

    # A segment recounts: one session's clicks only.
    with qtbot.waitSignal(window.elements.shown, timeout=LOAD_TIMEOUT):
        window.browser.restrict({"s2"}, "are s2")
    panel.table.sortItems(1, Qt.SortOrder.DescendingOrder)
    assert column(panel, 0)[0] == "#buy" and column(panel, 1) == ["1", "0", "0"]
    # The elements it did not click stay, with their impressions (a CTR of 0 says something).
    assert sorted(column(panel, 3)[1:]) == ["0", "1"]


def test_the_demo_shows_its_broken_button_dead_and_erring(demo_window, qtbot):
    with qtbot.waitSignal(demo_window.elements.shown, timeout=LOAD_TIMEOUT):
        demo_window.dock("elements").raise_()
    panel = demo_window.elements.panel
    rows = {e.selector: e for e in panel.elements}
    cta = rows["button.hero-cta"]
    # The release of 14 September broke the hero button: its clicks since are dead and err.
    assert cta.dead == cta.errors > 0
    assert rows["img.hero-image"].dead == rows["img.hero-image"].clicks  # a picture does nothing
    assert rows["a.nav-pricing"].dead == 0
    # The CTR is the Hero CTA region's (the same sessions, seen and clicked).
    region = demo_window.metrics.numbers
    hero = next(r for r in region.regions if r.region.name == "Hero CTA")
    assert (cta.clickers, cta.impressions) == (hero.clickers, hero.impressions)


def test_recordings_without_elements_say_so(window, qtbot, tmp_path):
    rows = [(0, K.MOVE, 5, 5), (1000, K.CLICK, 60, 310)]
    write_png(tmp_path / "rec" / "shot.png")  # (makes the folder)
    save_session(make_session(rows, duration_ms=3000), tmp_path / "rec" / "s1.session.json")
    write_json(tmp_path / "rec" / "p1.page.json", page_doc())
    panel = open_elements(window, qtbot, tmp_path / "rec")
    assert panel.table.rowCount() == 0 and not panel.table.isVisible()
    assert "do not name the elements" in panel.note.text()
    assert "dead clicks: not measurable" in panel.summary.text()
