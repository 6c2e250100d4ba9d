"""Every kind of bad recording gives one clear error naming the file, the place, and the reason."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest
from helpers import page_doc, session_doc, write_json, write_png

from viewer.library import open_path
from viewer.recording import RecordingError, limits, load_page, load_session, screenshot


def error_of(loader, path: Path) -> RecordingError:
    with pytest.raises(RecordingError) as info:
        loader(path)
    err = info.value
    assert str(path) in str(err), "the message must name the file"
    return err


def write_session(tmp_path: Path, doc_or_text, name="s.session.json") -> Path:
    path = tmp_path / name
    if isinstance(doc_or_text, (bytes, str)):
        path.write_bytes(doc_or_text.encode() if isinstance(doc_or_text, str) else doc_or_text)
    else:
        write_json(path, doc_or_text)
    return path


# --------------------------------------------------------------------- not JSON, truncated, gzip


def test_not_json_is_located_by_line_and_column(tmp_path):
    path = write_session(tmp_path, '{\n  "format": "session-viewer",\n  oops\n}')
    err = error_of(load_session, path)
    assert err.where == "line 3, column 3"
    assert "not valid JSON" in err.message
    assert "oops" not in str(err)  # located, but the file's own bytes are never echoed


def test_truncated_json(tmp_path):
    text = json.dumps(session_doc())
    err = error_of(load_session, write_session(tmp_path, text[: len(text) // 2]))
    assert "ends early" in err.message and "truncated" in err.message


def test_empty_file(tmp_path):
    assert "empty" in error_of(load_session, write_session(tmp_path, "")).message


def test_binary_file(tmp_path):
    err = error_of(load_session, write_session(tmp_path, bytes(range(256)) * 4))
    assert "not valid UTF-8" in err.message


def test_truncated_gzip(tmp_path):
    data = gzip.compress(json.dumps(session_doc()).encode())
    err = error_of(load_session, write_session(tmp_path, data[:-20], "s.session.json.gz"))
    assert err.message == "the gzip data ends early (the file is truncated)"


def test_corrupt_gzip(tmp_path):
    data = bytearray(gzip.compress(json.dumps(session_doc()).encode() * 3))
    data[30:60] = b"\xff" * 30
    err = error_of(load_session, write_session(tmp_path, bytes(data), "s.session.json.gz"))
    assert "corrupt gzip data" in err.message


def test_gzip_bomb_is_refused_while_inflating(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000_000)
    from viewer.recording import native

    monkeypatch.setattr(native, "MAX_FILE_BYTES", 1_000_000)
    monkeypatch.setattr(native.read_document, "__defaults__", (1_000_000,))
    bomb = gzip.compress(b" " * 50_000_000, 9)  # 50 MB of spaces in ~50 kB
    assert len(bomb) < 100_000
    err = error_of(load_session, write_session(tmp_path, bomb, "bomb.json.gz"))
    assert "inflates to more than the limit of 1,000,000 bytes" in err.message


def test_trailing_garbage_after_gzip(tmp_path):
    data = gzip.compress(json.dumps(session_doc()).encode()) + b"garbage"
    err = error_of(load_session, write_session(tmp_path, data, "s.session.json.gz"))
    assert "after the end of the gzip data" in err.message


def test_concatenated_gzip_members_are_one_file(tmp_path):
    text = json.dumps(session_doc()).encode()
    data = gzip.compress(text[:100]) + gzip.compress(text[100:])
    assert load_session(write_session(tmp_path, data, "s.session.json.gz")).id == "s1"


# ----------------------------------------------------------------------- format and versions


def test_unknown_format(tmp_path):
    err = error_of(load_session, write_session(tmp_path, {"hello": "world"}))
    assert "not a session-viewer recording (no 'format' field" in err.message


def test_json_array_is_not_a_native_recording(tmp_path):
    err = error_of(load_session, write_session(tmp_path, [1, 2, 3]))
    assert "top level is a list, not an object" in err.message


def test_newer_version(tmp_path):
    err = error_of(load_session, write_session(tmp_path, session_doc(version=2)))
    assert err.where == "field 'version'"
    assert "newer than this program reads" in err.message and "version 2" in err.message


def test_page_file_given_to_session_loader(tmp_path):
    err = error_of(load_session, write_session(tmp_path, page_doc()))
    assert "expected a session file, but this is a 'page' file" in err.message


# ----------------------------------------------------------------- missing and mistyped fields


@pytest.mark.parametrize("field", ["id", "page", "start", "device", "viewport", "events"])
def test_missing_required_field(tmp_path, field):
    doc = session_doc()
    del doc[field]
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == f"field '{field}'"
    assert err.message == "this required field is missing"


@pytest.mark.parametrize(
    "field,value,expected",
    [
        ("viewport", [1440], "a list of two positive whole numbers [width, height], got [1440]"),
        ("viewport", [1440, -5], "got [1440,-5]"),
        ("viewport", "1440x900", "got '1440x900'"),
        ("id", 42, "non-empty text, got 42"),
        ("id", "", "non-empty text, got ''"),
        ("tags", {"variant": 2}, 'an object of text values, got {"variant":2}'),
        ("start", "yesterday", "'yesterday' is not an ISO 8601 date and time"),
        ("device", "toaster", "unknown device 'toaster'; expected one of desktop, tablet, mobile"),
        ("duration", -1, "a whole number of ms from 0 to 2,592,000,000, got -1"),
        ("events", [1, 2], "an object of columns, got [1,2]"),
    ],
)
def test_wrongly_typed_field(tmp_path, field, value, expected):
    err = error_of(load_session, write_session(tmp_path, session_doc(**{field: value})))
    assert err.where == f"field '{field}'"
    assert expected in err.message


@pytest.mark.parametrize("column", ["kinds", "t", "kind", "x", "y"])
def test_missing_event_column(tmp_path, column):
    doc = session_doc()
    del doc["events"][column]
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == f"field 'events.{column}'"
    assert "missing" in err.message


def test_column_lengths_must_match(tmp_path):
    doc = session_doc()
    doc["events"]["y"] = doc["events"]["y"][:-1]
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == "field 'events.y'"
    assert "5 entries but events.t has 6" in err.message


def test_kind_index_outside_the_kinds_table(tmp_path):
    doc = session_doc()
    doc["events"]["kind"][3] = 9
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == "event 3 (events.kind)"
    assert "kind 9 has no entry in events.kinds" in err.message


def test_kinds_listed_twice(tmp_path):
    doc = session_doc()
    doc["events"]["kinds"] = ["move", "move"]
    err = error_of(load_session, write_session(tmp_path, doc))
    assert "kind 'move' is listed twice" in err.message


# ------------------------------------------------------------------------- bad numbers, located


@pytest.mark.parametrize(
    "column,index,value,where,message",
    [
        ("t", 2, -5, "event 2 (events.t)", "time is negative (-5 ms)"),
        ("t", 4, 99_999_999_999_999, "event 4 (events.t)", "past the limit of 2,592,000,000 ms"),
        ("t", 1, 100.5, "event 1 (events.t)", "time must be a whole number of ms, got 100.5"),
        ("x", 3, "left", "event 3 (events.x)", "x must be a number of CSS px"),
        ("y", 5, True, "event 5 (events.y)", "got true"),
        ("x", 0, 1e308, "event 0 (events.x)", "x = 1e+308 is out of range"),
        ("y", 2, None, "event 2 (events.y)", "got null"),
    ],
)
def test_bad_number_is_located_to_its_event(tmp_path, column, index, value, where, message):
    doc = session_doc()
    doc["events"][column][index] = value
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == where
    assert message in err.message


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_located_to_their_event(tmp_path, token):
    doc = session_doc()
    doc["events"]["x"][4] = 12345.5
    text = json.dumps(doc).replace("12345.5", token)
    err = error_of(load_session, write_session(tmp_path, text))
    assert err.where.startswith("event 4 (events.x, line 1, column ")
    assert f"{token.lstrip('-')} is not a number JSON allows" in err.message or (
        f"{token} is not a number JSON allows" in err.message
    )


def test_number_too_large_for_a_double(tmp_path):
    doc = session_doc()
    doc["events"]["y"][1] = 12345.5
    text = json.dumps(doc).replace("12345.5", "1e400")
    err = error_of(load_session, write_session(tmp_path, text))
    assert err.where == "event 1 (events.y)"


def test_negative_dwell_duration(tmp_path):
    doc = session_doc()
    doc["events"]["value"][4] = -300
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == "event 4 (events.value)"
    assert err.message == "negative dwell duration (-300 ms)"


def test_bad_click_button(tmp_path):
    doc = session_doc()
    doc["events"]["value"][2] = 1.5
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == "event 2 (events.value)" and "click button" in err.message


def test_resize_to_nothing(tmp_path):
    doc = session_doc()
    doc["events"]["x"][5] = 0
    err = error_of(load_session, write_session(tmp_path, doc))
    assert err.where == "event 5 (events.x, events.y)" and "positive viewport size" in err.message


# ---------------------------------------------------------------- forgiven, with a warning


def test_out_of_order_times_are_sorted_stably_with_a_warning(tmp_path):
    doc = session_doc()
    ev = doc["events"]
    ev["t"] = [0, 300, 100, 100, 50, 500]
    ev["x"] = [1, 2, 3, 4, 5, 6]
    s = load_session(write_session(tmp_path, doc))
    assert s.events.t.tolist() == [0, 50, 100, 100, 300, 500]
    assert s.events.x.tolist() == [1, 5, 3, 4, 2, 6]  # the two at t=100 keep their order
    (w,) = s.warnings
    assert not w.is_error and "out of time order" in w.message and "sorted" in w.message


def test_unknown_fields_and_kinds_are_skipped_with_warnings(tmp_path):
    doc = session_doc(recorder="v9", screen=[1, 2])
    ev = doc["events"]
    ev["kinds"] = [*ev["kinds"], "hover"]
    ev["kind"][1] = 6
    ev["pressure"] = [0] * 6
    s = load_session(write_session(tmp_path, doc))
    assert len(s.events) == 5
    messages = sorted(w.message for w in s.warnings)
    assert "skipped 1 events of unknown kind 'hover' (written by a newer recorder?)" in messages
    assert "unknown field 'recorder' skipped" in messages
    assert "unknown field 'screen' skipped" in messages
    assert "unknown event column 'pressure' skipped" in messages
    assert all(not w.is_error for w in s.warnings)


def test_points_outside_the_page_are_kept_and_counted(page_folder):
    doc = session_doc()
    doc["events"]["x"][0] = -50  # a move left of the page
    doc["events"]["y"][2] = 9000  # a click below it
    write_json(page_folder / "sessions" / "s1.session.json", doc)
    lib = open_path(page_folder)
    (s,) = lib.sessions_of("p1")
    assert len(s.events) == 6
    (w,) = lib.warnings
    assert "2 of 6 event positions lie outside the page (200 x 400 CSS px); kept" in w.message


# --------------------------------------------------------------------------------- screenshots


def page_error(tmp_path, **overrides) -> RecordingError:
    return error_of(load_page, write_json(tmp_path / "page.json", page_doc(**overrides)))


def test_missing_screenshot(tmp_path):
    err = page_error(tmp_path)
    assert err.where == "field 'screenshot'" and "'shot.png' does not exist" in err.message


def test_screenshot_not_an_image(tmp_path):
    (tmp_path / "shot.png").write_text("not a png")
    assert "is not a readable image" in page_error(tmp_path).message


def test_screenshot_over_the_pixel_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(screenshot, "MAX_SCREENSHOT_PIXELS", 50_000)
    write_png(tmp_path / "shot.png", (200, 400))
    err = page_error(tmp_path)
    assert "200 x 400 = 80,000 pixels, over the limit of 50,000" in err.message


def test_png_decompression_bomb_header(tmp_path):
    """A PNG whose header claims 100,000 x 100,000 pixels is refused before any decoding."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )
    (tmp_path / "shot.png").write_bytes(png)
    err = page_error(tmp_path, size=[100_000, 100_000])
    assert "pixels" in err.message and ("over the limit" in err.message or "bomb" in err.message)


@pytest.mark.parametrize(
    "ref,message",
    [
        ("/etc/passwd", "is absolute"),
        ("C:\\Windows\\win.ini", "is absolute"),
        ("../secret.png", "leads out of the page's folder"),
        ("img/../../secret.png", "leads out of the page's folder"),
        ("", "the screenshot path is empty"),
    ],
)
def test_screenshot_path_must_stay_in_the_folder(tmp_path, ref, message):
    folder = tmp_path / "page"
    folder.mkdir()
    write_png(tmp_path / "secret.png")
    err = error_of(load_page, write_json(folder / "page.json", page_doc(screenshot=ref)))
    assert err.where == "field 'screenshot'" and message in err.message


def test_screenshot_symlink_out_of_the_folder(tmp_path):
    folder = tmp_path / "page"
    folder.mkdir()
    write_png(tmp_path / "secret.png")
    os.symlink(tmp_path / "secret.png", folder / "shot.png")
    err = error_of(load_page, write_json(folder / "page.json", page_doc()))
    assert "is a link to a file outside the page's folder" in err.message


def test_screenshot_of_another_aspect(tmp_path):
    write_png(tmp_path / "shot.png", (400, 300))
    err = page_error(tmp_path)
    assert err.where == "field 'size'"
    assert "not the page's size 200 x 400 CSS px at any one device pixel ratio" in err.message


def test_variant_screenshot_must_match_the_page(tmp_path):
    write_png(tmp_path / "shot.png")
    write_png(tmp_path / "b.png", (100, 100))
    err = page_error(tmp_path, variants={"B": {"screenshot": "b.png"}})
    assert err.where == "field 'variants.B.screenshot'"


# ---------------------------------------------------------------------- nothing is ever changed


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        + str(p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_loading_never_modifies_files(page_folder):
    doc = session_doc()
    doc["events"]["t"] = [0, 300, 100, 100, 50, 500]  # would be "fixed" by sorting
    write_json(page_folder / "sessions" / "s1.session.json", doc)
    write_session(page_folder, "{broken", "bad.session.json")
    before = tree_digest(page_folder)
    lib = open_path(page_folder)
    assert lib.sessions_of("p1") and lib.errors
    assert tree_digest(page_folder) == before
