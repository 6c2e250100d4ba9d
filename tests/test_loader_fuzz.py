"""Property tests: whatever bytes or JSON a file holds, loading raises only RecordingError.

The default run tries a few hundred cases per property; ``-m fuzz`` runs the long version.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from helpers import page_doc, session_doc, write_png
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.importers.csvlog import CsvOptions, read_csv_log
from viewer.importers.rrweb import read_rrweb
from viewer.library import open_path
from viewer.recording import RecordingError, load_page, load_session

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=30,
)

FIELDS = [
    "format",
    "version",
    "type",
    "id",
    "page",
    "start",
    "device",
    "viewport",
    "duration",
    "tags",
    "events",
]
COLUMNS = ["kinds", "t", "kind", "x", "y", "value"]

SHORT = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LONG = settings(
    max_examples=20_000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def only_recording_errors(loader, path: Path) -> None:
    try:
        loader(path)
    except RecordingError as e:
        assert str(path) in str(e)


def _check_bytes(tmp_path: Path, data: bytes, gz: bool) -> None:
    path = tmp_path / "f.session.json"
    path.write_bytes(gzip.compress(data) if gz else data)
    only_recording_errors(load_session, path)
    only_recording_errors(load_page, path)


def _check_mutation(tmp_path: Path, field: str, column: str | None, value) -> None:
    doc = session_doc()
    if column is None:
        doc[field] = value
    else:
        doc["events"][column] = value
    path = tmp_path / "m.session.json"
    path.write_text(json.dumps(doc))
    only_recording_errors(load_session, path)


def _check_page_mutation(folder: Path, field: str, value) -> None:
    path = folder / "page.json"
    path.write_text(json.dumps(page_doc(**{field: value})))
    only_recording_errors(load_page, path)
    lib = open_path(folder)  # never raises for bad content
    assert lib.pages or lib.errors


@SHORT
@given(data=st.binary(max_size=400), gz=st.booleans())
def test_arbitrary_bytes(tmp_path, data, gz):
    _check_bytes(tmp_path, data, gz)


@SHORT
@given(value=json_values)
def test_arbitrary_json_document(tmp_path, value):
    path = tmp_path / "j.session.json"
    path.write_text(json.dumps(value))
    only_recording_errors(load_session, path)


@SHORT
@given(field=st.sampled_from(FIELDS), value=json_values)
def test_valid_session_with_one_field_replaced(tmp_path, field, value):
    _check_mutation(tmp_path, field, None, value)


@SHORT
@given(column=st.sampled_from(COLUMNS), value=json_values)
def test_valid_session_with_one_column_replaced(tmp_path, column, value):
    _check_mutation(tmp_path, "events", column, value)


@SHORT
@given(
    field=st.sampled_from(["id", "screenshot", "size", "variants", "url", "version"]),
    value=json_values,
)
def test_valid_page_with_one_field_replaced(tmp_path, field, value):
    write_png(tmp_path / "shot.png")
    _check_page_mutation(tmp_path, field, value)


@SHORT
@given(cut=st.integers(min_value=0, max_value=2000), flip=st.integers(0, 255))
def test_truncated_or_flipped_valid_files(tmp_path, cut, flip):
    good = json.dumps(session_doc()).encode()
    data = bytearray(good[: cut % (len(good) + 1)])
    if data:
        data[flip % len(data)] ^= 0x5A
    _check_bytes(tmp_path, bytes(data), gz=False)
    _check_bytes(tmp_path, gzip.compress(good)[: cut % 300], gz=False)


# The long run (`pytest -m fuzz tests/test_loader_fuzz.py`): same properties, many more cases.


@pytest.mark.fuzz
@LONG
@given(data=st.binary(max_size=2000), gz=st.booleans())
def test_fuzz_bytes_long(tmp_path, data, gz):
    _check_bytes(tmp_path, data, gz)


@pytest.mark.fuzz
@LONG
@given(field=st.sampled_from(FIELDS), column=st.sampled_from([None, *COLUMNS]), value=json_values)
def test_fuzz_mutations_long(tmp_path, field, column, value):
    _check_mutation(tmp_path, "events" if column else field, column, value)


# rrweb and CSV: whatever the events or rows hold, reading raises only RecordingError.

RRWEB_TYPES = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 99])
rrweb_data = st.fixed_dictionaries(
    {},
    optional={
        "source": st.integers(-2, 15),
        "type": st.integers(-2, 12) | json_values,
        "positions": st.lists(
            st.fixed_dictionaries(
                {"x": json_values | st.floats(), "y": st.floats(allow_nan=False)},
                optional={"timeOffset": st.floats(allow_nan=False) | json_values},
            ),
            max_size=4,
        )
        | json_values,
        "x": st.floats(allow_nan=False) | json_values,
        "y": st.floats(allow_nan=False),
        "id": st.integers(-3, 3) | json_values,
        "href": st.text(max_size=30) | json_values,
        "width": st.integers(-5, 5000) | json_values,
        "height": st.integers(-5, 5000),
        "node": json_values,
        "initialOffset": json_values,
        "pointerType": st.integers(-1, 3),
    },
)
rrweb_events = st.lists(
    st.fixed_dictionaries(
        {"type": RRWEB_TYPES | json_values, "timestamp": st.floats(-1e3, 1e14) | json_values},
        optional={"data": rrweb_data | json_values},
    ),
    max_size=12,
)


def _check_rrweb(tmp_path: Path, events, wrap: bool) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"events": events} if wrap else events))
    only_recording_errors(read_rrweb, path)
    lib = open_path(path)  # never raises for bad content
    assert lib.errors or lib.needs_screenshot


def _check_csv(tmp_path: Path, text: str) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    options = CsvOptions(columns={"t": "t", "x": "x", "y": "y", "kind": "k", "session": "s"})
    try:
        read_csv_log(path, options, "p")
    except RecordingError as e:
        assert str(path) in str(e)


csv_cell = st.one_of(
    st.text(max_size=8),
    st.floats().map(repr),
    st.integers(-(2**64), 2**64).map(str),
    st.sampled_from(["move", "click", "scroll", "tap", "dwell", "resize", "mouseup", ""]),
)
csv_text = st.lists(st.lists(csv_cell, min_size=0, max_size=6), max_size=8).map(
    lambda rows: "t,x,y,k,s\n" + "\n".join(",".join(r) for r in rows)
)


@SHORT
@given(events=rrweb_events, wrap=st.booleans())
def test_arbitrary_rrweb_events(tmp_path, events, wrap):
    _check_rrweb(tmp_path, events, wrap)


@SHORT
@given(text=csv_text | st.text(max_size=300))
def test_arbitrary_csv_logs(tmp_path, text):
    _check_csv(tmp_path, text)


@pytest.mark.fuzz
@LONG
@given(events=rrweb_events, wrap=st.booleans())
def test_fuzz_rrweb_long(tmp_path, events, wrap):
    _check_rrweb(tmp_path, events, wrap)


@pytest.mark.fuzz
@LONG
@given(text=csv_text | st.text(max_size=600))
def test_fuzz_csv_long(tmp_path, text):
    _check_csv(tmp_path, text)
