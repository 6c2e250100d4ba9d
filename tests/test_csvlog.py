"""CSV/TSV cursor logs: column mapping, time units and origins, event names, scale, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.importers.csvlog import CsvFormatError, CsvOptions, parse_mapping, read_csv_log
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
    sessions, problems = read_csv_log(write(tmp_path, LOG), options(), "p")
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
    sessions, problems = read_csv_log(write(tmp_path, LOG), opts, "p")
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
    (s,), _ = read_csv_log(write(tmp_path, text, "trial.tsv"), opts, "p")
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
    with pytest.raises(CsvFormatError, match="for y"):
        CsvOptions(columns={"t": "a", "x": "b"})
    with pytest.raises(CsvFormatError, match="unknown field 'z'"):
        CsvOptions(columns={"t": "a", "x": "b", "y": "c", "z": "d"})
    with pytest.raises(CsvFormatError, match="'jump' is not one of"):
        CsvOptions(columns={"t": "a", "x": "b", "y": "c"}, events={"hop": "jump"})
    with pytest.raises(CsvFormatError, match="name=value"):
        parse_mapping("t=ts,x", "--columns")
