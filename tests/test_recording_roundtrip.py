"""Writing and reading the native format gives back exactly what was written."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import numpy as np
import pytest
from helpers import make_session, write_png
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.recording import (
    EventKind,
    Events,
    Page,
    load_page,
    load_session,
    save_page,
    save_session,
)
from viewer.recording.limits import MAX_COORDINATE
from viewer.recording.native_write import shortest_float32_list

K = EventKind

PLUS_2 = dt.timezone(dt.timedelta(hours=2))

ROWS = [
    (0, K.MOVE, 0.1, 1234567.8),
    (16, K.MOVE, -3.25, 1e-7),
    (16, K.CLICK, 640.5, 300.25, 0),  # same time as the move before: order is kept
    (40, K.CLICK, 641, 301, 2),  # right button
    (50, K.TAP, 100.125, 5000.5),
    (60, K.SCROLL, 0, 1234.5),
    (70, K.DWELL, 320.3, 999.9, 1650.5),
    (80, K.RESIZE, 1280, 720),
    (2_592_000_000, K.MOVE, MAX_COORDINATE, -MAX_COORDINATE),
]


def full_session():
    return make_session(
        ROWS,
        id="visit-ü-1",
        page_id="page/ü",
        start=dt.datetime(2026, 5, 4, 10, 22, 31, 123456, tzinfo=PLUS_2),
        device="mobile",
        viewport=(390, 844),
        tags={"variant": "B", "source": "ad", "note": 'quotes " and \\ and ✓'},
        duration_ms=2_592_000_000,
    )


@pytest.mark.parametrize("name", ["s.session.json", "s.session.json.gz"])
def test_every_field_and_kind_round_trips_exactly(tmp_path, name):
    s = full_session()
    path = save_session(s, tmp_path / name)
    back = load_session(path)
    assert back == s
    assert back.warnings == ()
    assert back.events.t.dtype == np.int64 and back.events.kind.dtype == np.uint8
    assert back.events.x.dtype == np.float32 and back.events.value.dtype == np.float32
    # every kind is represented, with its value column intact
    assert set(back.events.kind.tolist()) == {int(k) for k in EventKind}
    assert back.events.value[back.events.kind == K.DWELL].tolist() == [np.float32(1650.5)]
    assert back.start.utcoffset() == dt.timedelta(hours=2)


def test_gzip_is_recognised_by_content_not_name(tmp_path):
    s = full_session()
    plain = save_session(s, tmp_path / "a.session.json")
    disguised = tmp_path / "b.session.json"
    disguised.write_bytes(gzip.compress(plain.read_bytes()))
    assert load_session(disguised) == s


def test_empty_session_round_trips(tmp_path):
    s = make_session([])
    assert load_session(save_session(s, tmp_path / "e.session.json")) == s
    assert len(s.events) == 0 and s.end_ms == 0


def test_page_round_trips_with_variants_and_device_pixel_ratio(tmp_path):
    shot = write_png(tmp_path / "img" / "shot.png", (400, 800))
    shot_b = write_png(tmp_path / "img" / "shot-b.png", (400, 800))
    page = Page(
        id="p1",
        width=200,
        height=400,
        screenshot=shot.resolve(),
        pixel_size=(400, 800),
        url="https://example.test/",
        title="Example",
        variants={"B": shot_b.resolve()},
    )
    path = save_page(page, tmp_path / "page.json")
    back = load_page(path)
    assert back == page
    assert back.device_pixel_ratio == 2.0
    assert back.screenshot_for("B") == shot_b.resolve()
    assert back.screenshot_for("A") == shot.resolve()
    assert json.loads(path.read_text())["screenshot"] == "img/shot.png"


def test_writer_refuses_screenshot_outside_the_page_folder(tmp_path):
    shot = write_png(tmp_path / "shot.png")
    page = Page("p", 200, 400, shot, (200, 400))
    (tmp_path / "sub").mkdir()
    with pytest.raises(ValueError, match="inside the page file's folder"):
        save_page(page, tmp_path / "sub" / "page.json")
    assert not (tmp_path / "sub" / "page.json").exists()


def test_written_files_are_compact(tmp_path):
    """Coordinates go out with the fewest decimals that still read back exactly."""
    s = make_session([(i, K.MOVE, 0.1 * i, 100 + 0.5 * i) for i in range(1000)])
    text = save_session(s, tmp_path / "c.session.json").read_text()
    assert "0.10000000149011612" not in text
    assert '"x":[0.0,0.1,0.2,0.3' in text.replace(" ", "")
    assert load_session(tmp_path / "c.session.json") == s


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path):
    s = full_session()
    target = tmp_path / "s.session.json"
    target.write_text("old content")

    class Boom(Exception):
        pass

    # A failing write (simulated by a session whose document cannot be built) keeps the old file.
    bad = make_session([(0, K.MOVE, 1, 1)])
    object.__setattr__(bad, "tags", {"x": object()})
    with pytest.raises(Exception):  # noqa: B017 - msgspec's encode error type is not public
        save_session(bad, target)
    assert target.read_text() == "old content"
    save_session(s, target)
    assert load_session(target) == s
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.session.json"]


def test_events_are_read_only():
    s = full_session()
    with pytest.raises(ValueError):
        s.events.x[0] = 5


def test_events_select_and_counts():
    ev = full_session().events
    clicks = ev.of_kind(K.CLICK)
    assert clicks.value.tolist() == [0, 2]
    assert ev.counts()[K.MOVE] == 3
    assert isinstance(clicks, Events) and len(clicks) == 2


finite32 = st.floats(min_value=-MAX_COORDINATE, max_value=MAX_COORDINATE, allow_nan=False, width=32)


@settings(max_examples=300, deadline=None)
@given(st.lists(finite32, min_size=1, max_size=50))
def test_shortest_float32_text_reads_back_exactly(values):
    a = np.array(values, dtype=np.float32)
    text = json.dumps(shortest_float32_list(a))
    assert np.array_equal(np.array(json.loads(text), dtype=np.float32), a)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**9),
            st.sampled_from(list(EventKind)),
            finite32,
            finite32,
            st.floats(0, 10**6, width=32),
        ),
        max_size=40,
    )
)
def test_any_valid_session_round_trips(tmp_path_factory, rows):
    rows = sorted(rows, key=lambda r: r[0])
    rows = [
        (t, k, x, y, (v if k == K.DWELL else float(int(v) % 5) if k == K.CLICK else 0))
        for t, k, x, y, v in rows
    ]
    rows = [
        (t, k, min(abs(x) + 1, MAX_COORDINATE), min(abs(y) + 1, MAX_COORDINATE), v)
        if k == K.RESIZE
        else (t, k, x, y, v)
        for t, k, x, y, v in rows
    ]
    s = make_session(rows)
    path = tmp_path_factory.mktemp("rt") / "s.session.json.gz"
    assert load_session(save_session(s, path)) == s
