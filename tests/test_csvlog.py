"""CSV/TSV cursor logs: column mapping, time units and origins, event names, scale, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.importers.csv_columns import CsvFormatError, parse_mapping
from viewer.importers.csvlog import CsvOptions, read_csv_log
from viewer.recording import EventKind as K
from viewer.recording import RecordingError

LOG = """\
participant,ts,event,xpos,ypos,extra
p1,1780000000.000,mousemove,10,20,a
p1,1780000000.250,mousemove,30,40,b
p1,1780000001.000,mousedown,30,40,c
p1,1780000001.100,mouseup,30,40,d
p2,1780000100.000,mousemove,5,5,e
p2,1780000100.500,blink,5,5,f
p2,1780000100.600,scroll,0,400,g
p1,1780000001.500,mousemove,31,41,h
"""


def options(**kw) -> CsvOptions:
    base = {
        "columns": parse_mapping("t=ts,x=xpos,y=ypos,kind=event,session=participant", "c"),
        "time_unit": "s",
        "dwell_ms": 0,
    }
    base.update(kw)
    return CsvOptions(**base)


def write(tmp_path, text, name="log.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_columns_units_sessions_and_event_names(tmp_path):
    log = read_csv_log(write(tmp_path, LOG), options(), "p")
    sessions, problems = log.sessions, log.problems
    p1, p2 = sessions
    assert (p1.id, p2.id) == ("log-p1", "log-p2") and p1.tags == {"participant": "p1"}
    assert p1.start == dt.datetime.fromtimestamp(1_780_000_000, dt.UTC)  # absolute, seconds
    ev = p1.events
    assert ev.t.tolist() == [0, 250, 1000, 1500]  # sorted; mouseup is ignored
    assert ev.kind.tolist() == [K.MOVE, K.MOVE, K.CLICK, K.MOVE]
    assert ev.x.tolist() == [10, 30, 30, 31] and p1.duration_ms == 1500
    assert p2.events.kind.tolist() == [K.MOVE, K.SCROLL]
    (problem,) = problems
    assert "'blink' (1 rows from line 7)" in problem.message and "--events" in problem.message


def test_event_mapping_scale_viewport_coordinates_and_dwell(tmp_path):
    opts = options(events={"blink": "ignore"}, scale=0.5, coordinates="viewport", dwell_ms=400)
    log = read_csv_log(write(tmp_path, LOG), opts, "p")
    sessions, problems = log.sessions, log.problems
    assert problems == []
    p1, p2 = sessions
    # Positions halved; p1 never scrolled. Rests: 250 -> 1000 (750 ms), 1000 -> 1500 (500 ms).
    m = p1.events.kind == K.DWELL
    assert p1.events.t[m].tolist() == [250, 1000] and p1.events.value[m].tolist() == [750, 500]
    assert p1.events.x[p1.events.kind == K.CLICK].tolist() == [15]
    # p2's scroll offset is halved too; its move came before the scroll (unchanged).
    assert p2.events.y[p2.events.kind == K.SCROLL].tolist() == [200]


def test_relative_times_in_ms_with_a_given_start_and_tabs(tmp_path):
    text = "time\tx\ty\n0\t1\t2\n40\t3\t4\n"
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    opts = CsvOptions(columns={"t": "time", "x": "x", "y": "y"}, start=start, dwell_ms=0)
    (s,) = read_csv_log(write(tmp_path, text, "trial.tsv"), opts, "p").sessions
    assert s.id == "trial" and s.start == start and s.events.t.tolist() == [0, 40]
    assert (s.events.kind == K.MOVE).all()


@pytest.mark.parametrize(
    "text,words,where",
    [
        ("ts,x\n1,2\n", "no column 'xpos'", "line 1"),
        (
            "participant,ts,event,xpos,ypos\np1,1,move,ten,3\n",
            "'ten' is not a number",
            "line 2, column 'xpos'",
        ),
        (
            "participant,ts,event,xpos,ypos\np1,1,move,1\n",
            "4 values where the header has 5",
            "line 2",
        ),
        ("", "empty", ""),
        ("participant,ts,event,xpos,ypos\np1,1,mouseup,1,1\n", "no row with a usable event", ""),
    ],
)
def test_bad_logs_give_located_errors(tmp_path, text, words, where):
    with pytest.raises(RecordingError) as err:
        read_csv_log(write(tmp_path, text), options(), "p")
    assert words in str(err.value) and where in str(err.value) and "log.csv" in str(err.value)


def test_bad_options_are_refused():
    with pytest.raises(CsvFormatError, match="unknown field 'z'"):
        CsvOptions(columns={"t": "a", "x": "b", "y": "c", "z": "d"})
    with pytest.raises(CsvFormatError, match="'jump' is not one of"):
        CsvOptions(columns={"t": "a", "x": "b", "y": "c"}, events={"hop": "jump"})
    with pytest.raises(CsvFormatError, match="name=value"):
        parse_mapping("t=ts,x", "--columns")


# ------------------------------------------------ one action, one event; no silent guesses


def read(tmp_path, text, name="log.csv", **kw):
    return read_csv_log(write(tmp_path, text, name), CsvOptions(dwell_ms=0, **kw), "p")


def clicks(session):
    ev = session.events
    m = ev.kind == K.CLICK
    return list(
        zip(ev.t[m].tolist(), ev.x[m].tolist(), ev.y[m].tolist(), ev.value[m].tolist(), strict=True)
    )


BROWSER = """\
timestamp,event,pageX,pageY,button
1780000000000,load,0,0,
1780000000500,mousemove,10,10,0
1780000001000,mousedown,100,200,0
1780000001080,mouseup,100,200,0
1780000001081,click,101,201,0
1780000002000,mousedown,300,300,0
1780000002060,mouseup,300,300,0
1780000002061,click,300,300,0
1780000002200,mousedown,300,300,0
1780000002260,mouseup,300,300,0
1780000002261,click,300,300,0
1780000002262,dblclick,300,300,0
1780000003000,mousedown,50,50,2
1780000003100,mouseup,50,50,2
1780000003101,contextmenu,50,50,2
1780000004000,mousedown,10,400,0
1780000004300,mousemove,200,450,0
1780000004600,mouseup,400,500,0
1780000004601,click,400,500,0
1780000005000,wheel,500,600,0
1780000005100,scroll,0,700,
1780000009000,keydown,0,0,
"""


def test_a_browser_log_counts_each_click_once_and_says_what_it_assumed(tmp_path):
    log = read(tmp_path, BROWSER)
    (s,) = log.sessions
    # One click per press (the click row's place), the double click as two, the right click
    # with its button, the drag (and the click a browser fires after it) not a click.
    assert clicks(s) == [
        (1081, 101, 201, 0),
        (2061, 300, 300, 0),
        (2261, 300, 300, 0),
        (3101, 50, 50, 2),
    ]
    ev = s.events
    assert ev.y[ev.kind == K.SCROLL].tolist() == [700]  # the scroll row; the wheel row is a move
    assert (500, 600) in list(
        zip(ev.x[ev.kind == K.MOVE].tolist(), ev.y[ev.kind == K.MOVE].tolist(), strict=True)
    )
    # The visit spans every row: from the load row to the keydown, 9 s.
    assert s.start.timestamp() == 1_780_000_000 and s.duration_ms == 9000
    assert log.counts["click"] == 4 and log.counts["drag"] == 1
    assert log.counts["double-click row"] == 1 and log.counts["wheel row"] == 1
    said = "\n".join(log.assumptions)
    assert "t=timestamp, x=pageX, y=pageY, kind=event, button=button" in said
    assert "times in milliseconds (Unix times in ms)" in said


def test_lab_logs_with_button_and_state_columns(tmp_path):
    text = """\
record timestamp,client timestamp,button,state,x,y
0.0,0.0,NoButton,Move,1043,410
0.2,0.109,Left,Pressed,979,409
0.3,0.218,Left,Released,980,409
0.4,0.327,Left,Pressed,900,400
0.5,0.436,NoButton,Drag,950,420
0.6,0.545,Left,Released,1000,460
0.7,0.654,Scroll,Down,1000,460
0.8,0.763,Right,Pressed,800,300
0.9,0.872,Right,Released,800,300
"""
    log = read(tmp_path, text, "session_2144641057")
    (s,) = log.sessions
    assert clicks(s) == [(109, 979, 409, 0), (763, 800, 300, 2)]
    assert log.counts["drag"] == 1 and log.counts["wheel row"] == 1
    said = "\n".join(log.assumptions)
    assert "t=client timestamp" in said and "kind=state, button=button" in said
    assert "times in seconds (the median step between rows is 0.109)" in said
    assert "file's modification time" in said


def test_presses_without_releases_or_click_rows_are_clicks(tmp_path):
    (s,) = read(tmp_path, "t,x,y,event\n0,1,2,mousedown\n900,3,4,mousedown\n").sessions
    assert [c[:3] for c in clicks(s)] == [(0, 1, 2), (900, 3, 4)]


def test_press_release_pairs_by_distance_and_time(tmp_path):
    text = (
        "t,x,y,event\n0,10,10,down\n50,14,10,up\n1000,10,10,down\n1100,40,10,up\n"
        "3000,5,5,down\n4500,5,5,up\n"
    )
    log = read(tmp_path, text)
    (s,) = log.sessions
    assert [c[:3] for c in clicks(s)] == [(0, 10, 10)]  # 30 px away and 1.5 s long: drags
    assert log.counts["drag"] == 2
    from viewer.importers.csv_actions import ActionRules

    wide = read(tmp_path, text, rules=ActionRules(click_max_px=40, click_max_ms=2000))
    assert len(clicks(wide.sessions[0])) == 3


def test_touches_become_taps_swipes_and_long_presses(tmp_path):
    text = """\
t,x,y,event
0,100,100,touchstart
80,102,101,touchend
100,101,100,mousedown
110,101,100,mouseup
120,101,100,click
1000,100,300,touchstart
1100,100,250,touchmove
1200,100,200,touchend
2000,50,50,touchstart
2900,51,50,touchend
"""
    log = read(tmp_path, text, device="mobile")
    (s,) = log.sessions
    ev = s.events
    assert list(
        zip(ev.t[ev.kind == K.TAP].tolist(), ev.x[ev.kind == K.TAP].tolist(), strict=True)
    ) == [(0, 100)]
    assert not (ev.kind == K.CLICK).any()  # the browser's made-up click after the tap
    assert log.counts["swipe"] == 1 and log.counts["long press"] == 1
    assert log.counts["made-up click after a tap"] == 1


@pytest.mark.parametrize(
    ("values", "unit", "why"),
    [
        ([1780000000.5, 1780000000.6, 1780000001.2], "s", "Unix times in seconds"),
        ([1780000000500, 1780000000600, 1780000001200], "ms", "Unix times in ms"),
        ([0.0, 0.016, 0.033, 0.05], "s", "median step between rows is 0.017"),
        ([0, 16, 33, 50, 1200], "ms", "median step between rows is 17"),
        ([1523.4, 1540.1, 1556.8], "ms", "median step between rows is 16.7"),
    ],
)
def test_the_time_unit_is_inferred_and_stated(values, unit, why):
    import numpy as np

    from viewer.importers.csv_columns import infer_time_unit

    got, reason = infer_time_unit(np.array(values, dtype=float))
    assert got == unit and why in reason


def test_window_coordinates_are_recognised_by_their_column(tmp_path):
    text = "time,type,clientX,clientY\n0,mousemove,10,20\n100,scroll,0,500\n200,mousemove,10,20\n"
    log = read(tmp_path, text)
    (s,) = log.sessions
    ev = s.events
    moves = ev.kind == K.MOVE
    assert ev.y[moves].tolist() == [20, 520]  # the second move is below the scroll
    assert any("positions are in the window ('clientX')" in a for a in log.assumptions)


def test_buttons_numbered_from_one_are_said(tmp_path):
    text = (
        "t,x,y,event,which\n0,1,1,mousedown,1\n10,1,1,mouseup,1\n"
        "20,5,5,mousedown,3\n30,5,5,mouseup,3\n"
    )
    log = read(tmp_path, text, columns={"button": "which"})
    assert [c[3] for c in clicks(log.sessions[0])] == [0, 2]
    assert any("1 left, 2 middle, 3 right" in a for a in log.assumptions)
