"""Clicks per element and dead clicks, on small cases worked out by hand (issue 17): the
selectors rrweb's DOM gives, when a click counts as dead or as an error, how the facts travel
through the session format, per-element numbers with each visitor's own layout, clicks placed
on their elements, and the ``dead=`` segment."""

from __future__ import annotations

import json

import numpy as np
import pytest
from helpers import make_session, page_doc, session_doc, write_json, write_png
from rrweb_events import T0, click, full_snapshot, interaction, meta, scroll

from viewer.analysis.anchoring import anchor_clicks
from viewer.analysis.element_report import elements_report
from viewer.analysis.elements import ClickRules, click_outcomes
from viewer.analysis.segments import Segment
from viewer.analysis.table import EventTable
from viewer.cli import main
from viewer.importers.rrweb import read_rrweb
from viewer.importers.rrweb_dom import DomTable
from viewer.library import open_path
from viewer.recording import EventKind as K
from viewer.recording import RecordingError, load_session, save_session
from viewer.recording.clicks import ClickFacts, Element
from viewer.recording.parts import join_parts


def el(nid, tag, attrs=None, *children):
    return {
        "type": 2,
        "id": nid,
        "tagName": tag,
        "attributes": attrs or {},
        "childNodes": list(children),
    }


def text(nid, t):
    return {"type": 3, "id": nid, "textContent": t}


def document():
    """<body> with a header link, two cards of a button each (one with a span inside), and a
    div with a generated id."""
    return {
        "type": 0,
        "id": 1,
        "childNodes": [
            el(
                2,
                "html",
                {},
                el(
                    3,
                    "body",
                    {},
                    el(
                        4,
                        "header",
                        {},
                        el(5, "a", {"href": "/", "class": "logo css-1x2y3z"}, text(6, "Brand")),
                    ),
                    el(
                        10,
                        "div",
                        {"class": "card"},
                        el(
                            11,
                            "button",
                            {"class": "cta primary wide"},
                            el(12, "span", {}, text(13, "  Start\n free   trial  ")),
                        ),
                    ),
                    el(
                        20,
                        "div",
                        {"class": "card"},
                        el(21, "button", {"class": "cta"}, text(22, "Learn <b>more</b>")),
                    ),
                    el(30, "div", {"id": "r1234567"}, el(31, "p", {}, text(32, "plain text"))),
                    el(
                        40,
                        "section",
                        {"id": "pricing"},
                        el(41, "div", {}, el(42, "button", {}, text(43, "Buy"))),
                    ),
                ),
            )
        ],
    }


def test_selectors_are_ids_or_the_shortest_unique_path_and_clicks_climb_to_the_control():
    dom = DomTable()
    dom.load_snapshot(document())
    span, first = dom.element(12)
    assert span == Element("button.cta.primary", "button", "Start free trial")
    assert first  # in the first snapshot: the rebuilt page can lay it out
    assert dom.element(22)[0].selector == "div.card:nth-of-type(2) > button.cta"
    assert dom.element(22)[0].text == "Learn <b>more</b>"  # text stays text, markup and all
    assert dom.element(43)[0].selector == "#pricing > div > button"
    assert dom.element(5)[0].selector == "a.logo"  # a generated class is not part of it
    assert dom.element(31)[0].selector == "p"  # the only <p>; a generated id is no anchor
    assert dom.element(999) is None
    # A node a mutation adds is named too, but the first snapshot does not hold it.
    dom.add(20, el(50, "button", {"class": "cta"}, text(51, "Added")), None)
    added, first = dom.element(51)
    assert added.selector == "button.cta:nth-of-type(2)"
    assert not first
    assert dom.element(22)[0].selector == "div.card:nth-of-type(2) > button.cta:nth-of-type(1)"


def recording(tmp_path, *events):
    doc = [
        meta(T0, "https://shop.example/", 1280, 800),
        {
            "type": 2,
            "data": {"node": document(), "initialOffset": {"left": 0, "top": 0}},
            "timestamp": T0 + 10,
        },
        *events,
    ]
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(doc))
    return read_rrweb(path)


def mutation(t):
    return {
        "type": 3,
        "data": {
            "source": 0,
            "texts": [{"id": 13, "value": "x"}],
            "attributes": [],
            "removes": [],
            "adds": [],
        },
        "timestamp": t,
    }


def console(t, level):
    return {
        "type": 6,
        "data": {
            "plugin": "rrweb/console@1",
            "payload": {"level": level, "trace": [], "payload": ["'x'"]},
        },
        "timestamp": t,
    }


def test_reaction_and_error_times_after_each_click(tmp_path):
    rec = recording(
        tmp_path,
        interaction(T0 + 1000, 1, 100, 100, id=12),  # press
        mutation(T0 + 1010),  # the page answers the press
        click(T0 + 1080, 100, 100, id=12),
        click(T0 + 3000, 400, 200, id=22),  # nothing for 1.5 s
        console(T0 + 3200, "warn"),
        console(T0 + 3400, "error"),
        scroll(T0 + 4500, 300),
        click(T0 + 6000, 400, 200, id=22),  # the recording ends 0.4 s later: cannot say
        console(T0 + 6400, "log"),
    )
    (visit,) = rec.visits
    facts = visit.clicks
    assert facts.selectors().tolist() == [
        "button.cta.primary",
        "div.card:nth-of-type(2) > button.cta",
        "div.card:nth-of-type(2) > button.cta",
    ]
    r = facts.reaction_ms
    assert r[0] == 0  # between the press and the click
    assert r[1] == 1500  # the scroll
    assert np.isnan(r[2])
    e = facts.error_ms
    assert e[0] == 3400 - 1080  # the warning before it is not an error
    assert e[1] == 400 and np.isnan(e[2])

    page_events = visit.events
    session = make_session(
        [], events=page_events, clicks=facts, viewport=(1280, 800), duration_ms=visit.duration_ms
    )
    out = click_outcomes(EventTable.from_sessions([session]))
    assert out.dead.tolist() == [False, True, False]
    assert out.dead_known.tolist() == [True, True, False]  # 0.4 s left: not judged
    assert out.error.tolist() == [False, True, False]
    # Two seconds make the scroll 1.5 s later a reaction; the console error 2.3 s after the
    # first click an error click.
    out = click_outcomes(EventTable.from_sessions([session]), ClickRules(2000, 2500))
    assert out.dead.tolist() == [False, False, False]
    assert out.error.tolist() == [True, True, False]


def test_a_recording_without_the_console_plugin_cannot_say_errors(tmp_path):
    (visit,) = recording(tmp_path, click(T0 + 500, 10, 10, id=12), mutation(T0 + 600)).visits
    assert visit.clicks.error_ms is None
    assert visit.clicks.reaction_ms.tolist() == [100]


def test_navigation_is_a_reaction(tmp_path):
    rec = recording(
        tmp_path,
        click(T0 + 500, 10, 10, id=5),
        meta(T0 + 700, "https://shop.example/next", 1280, 800),
        full_snapshot(T0 + 710),
        click(T0 + 900, 10, 10),
    )
    first, second = rec.visits
    assert first.clicks.reaction_ms.tolist() == [200]
    assert first.clicks.selectors().tolist() == ["a.logo"]
    assert second.clicks.element.tolist() == [-1]  # no node id: no element


def session_with_clicks(**kw):
    rows = [
        (0, K.MOVE, 5, 5),
        (100, K.CLICK, 50, 20),
        (300, K.MOVE, 60, 60),
        (2000, K.TAP, 210, 40),
        (2600, K.SCROLL, 0, 100),
    ]
    facts = ClickFacts(
        np.array([0, 1]),
        np.array([np.nan, 120.0]),
        None,
        (
            Element("#buy", "button", "Buy <now>", (40, 10, 100, 40)),
            Element("a.more", "a", "More", None),
        ),
    )
    return make_session(rows, clicks=facts, duration_ms=5000, **kw)


def test_click_facts_round_trip_through_a_session_file(tmp_path):
    s = session_with_clicks()
    path = save_session(s, tmp_path / "s.session.json")
    back = load_session(path)
    assert back == s and back.clicks == s.clicks
    doc = json.loads(path.read_text())
    assert doc["clicks"]["reaction"] == [None, 120]
    assert "error" not in doc["clicks"]
    # Out of time order in the file: the facts follow their clicks.
    order = [3, 0, 1, 2, 4]
    for col in ("t", "kind", "x", "y", "value"):
        doc["events"][col] = [doc["events"][col][i] for i in order]
    doc["clicks"]["element"] = [1, 0]
    doc["clicks"]["reaction"] = [120, None]
    path.write_text(json.dumps(doc))
    back = load_session(path)
    assert back.clicks == s.clicks


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"element": [0]}, "field 'clicks.element'"),
        ({"element": [0, 5]}, "click 1 (clicks.element)"),
        ({"reaction": [1, 2, 3]}, "field 'clicks.reaction'"),
        ({"elements": [{"selector": ""}]}, "field 'clicks'"),
    ],
)
def test_bad_click_facts_are_located(tmp_path, change, where):
    s = session_with_clicks()
    path = save_session(s, tmp_path / "s.session.json")
    doc = json.loads(path.read_text())
    doc["clicks"].update(change)
    path.write_text(json.dumps(doc))
    with pytest.raises(RecordingError) as e:
        load_session(path)
    assert where in str(e.value)


def test_parts_join_their_click_facts():
    whole = session_with_clicks()
    ev = whole.events
    a = make_session(
        [],
        events=ev.select(np.arange(3)),
        part=(0, False),
        clicks=ClickFacts(np.array([0]), np.array([np.nan]), None, whole.clicks.elements[:1]),
    )
    b = make_session(
        [],
        events=ev.select(np.arange(3, 5)),
        part=(1, True),
        clicks=ClickFacts(np.array([0]), np.array([120.0]), None, whole.clicks.elements[1:]),
    )
    (joined,), problems = join_parts([b, a])
    assert not problems
    assert joined.clicks == whole.clicks
    # A part of moves only (no clicks, so no clicks field) leaves the reactions measured.
    moves = make_session([(6000, K.MOVE, 1, 1)], part=(2, True), duration_ms=7000)
    b2 = make_session([], events=b.events, part=(1, False), clicks=b.clicks)
    (joined,), problems = join_parts([a, b2, moves])
    assert not problems
    assert joined.clicks.reaction_ms.tolist()[1] == 120.0


def test_element_numbers_use_each_visitors_layout_and_the_page_for_its_own_width(tmp_path):
    from viewer.recording.model import Page

    page = Page(
        "p1", 1000, 2000, tmp_path / "x.png", (1000, 2000), elements={"#buy": (40, 10, 100, 40)}
    )
    own = session_with_clicks(id="a", viewport=(1000, 800))
    # A phone visitor whose layout puts the button below its fold: it never saw it.
    phone = make_session(
        [(0, K.TAP, 30, 30)],
        id="b",
        viewport=(400, 700),
        duration_ms=4000,
        clicks=ClickFacts(
            np.array([-1]),
            np.array([np.nan]),
            None,
            (Element("#buy", "button", "Buy", (20, 1500, 300, 50)),),
        ),
    )
    same_width = make_session([(0, K.MOVE, 1, 1)], id="c", viewport=(1000, 800), duration_ms=3000)
    other_width = make_session([(0, K.MOVE, 1, 1)], id="d", viewport=(1200, 800), duration_ms=3000)
    report = elements_report(page, [own, phone, same_width, other_width])
    rows = {e.selector: e for e in report.elements}
    buy = rows["#buy"]
    assert (buy.clicks, buy.clickers) == (1, 1)
    # Seen by a (clicked), by c (the page's own layout); not by b (below its fold); d's layout
    # is unknown.
    assert buy.impressions == 2 and buy.ctr.k == 1 and buy.layout_unknown == 1
    assert buy.dead == 1 and buy.dead_known == 1  # nothing followed in 4.9 s
    assert buy.text == "Buy <now>"
    more = rows["a.more"]
    assert more.dead == 0 and more.dead_known == 1
    s = report.summary
    assert s.clicks == 3 and s.with_element == 2
    assert (s.dead.k, s.dead.n) == (2, 3)  # the phone's tap is judged (4 s left) and dead
    assert s.errors is None  # no console records anywhere


def test_clicks_placed_at_the_same_spot_of_their_element(tmp_path):
    from viewer.recording.model import Page

    page = Page(
        "p1", 1000, 2000, tmp_path / "x.png", (1000, 2000), elements={"#buy": (400, 100, 200, 80)}
    )
    s = session_with_clicks()
    a = anchor_clicks(EventTable.from_sessions([s]), page)
    # The click at (50, 20) in its box (40, 10, 100, 40): 10 % across, 25 % down.
    assert a.moved.tolist() == [True, False]
    assert a.x[0] == pytest.approx(400 + 0.1 * 200) and a.y[0] == pytest.approx(100 + 0.25 * 80)
    assert (a.x[1], a.y[1]) == (210, 40)  # a.more has no box: it stays


def test_dead_segment_keeps_sessions_that_can_say(tmp_path):
    dead = session_with_clicks(id="dead")
    live = make_session(
        [(100, K.CLICK, 1, 1)],
        id="live",
        duration_ms=3000,
        clicks=ClickFacts(np.array([-1]), np.array([50.0])),
    )
    unknown = make_session([(100, K.CLICK, 1, 1)], id="csv", duration_ms=3000)
    sessions = [dead, live, unknown]
    assert [s.id for s in Segment.parse(["dead=yes"]).apply(sessions)] == ["dead"]
    assert [s.id for s in Segment.parse(["dead=no"]).apply(sessions)] == ["live"]
    assert Segment.parse(["error=yes"]).apply(sessions) == []
    assert Segment.parse(["dead=yes"]).describe() == ["dead=yes"]


def test_archives_say_they_do_not_count_elements_yet(demo_archive, capsys):
    assert main(["stats", str(demo_archive), "--elements"]) == 2
    assert "not computed on archives yet" in capsys.readouterr().err
    assert main(["heatmap", str(demo_archive), "--clicks-of", "dead", "-o", "x.png"]) == 2
    assert "not computed on archives yet" in capsys.readouterr().err


def test_csv_like_recordings_say_dead_clicks_are_not_measurable(tmp_path, capsys):
    write_png(tmp_path / "shot.png")
    write_json(tmp_path / "page.json", page_doc())
    write_json(tmp_path / "sessions" / "s1.session.json", session_doc())
    assert open_path(tmp_path).all_sessions[0].clicks is None
    assert main(["stats", str(tmp_path), "--elements"]) == 0
    out = capsys.readouterr().out
    assert "dead clicks: not measurable" in out
