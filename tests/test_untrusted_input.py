"""Recordings are a stranger's input: one bad byte is one file's problem, names cannot forge
output, dates stay in range, damaged screenshots are one error everywhere, and the README's
limits are kept before the memory is spent (issue 12, items 5 to 9)."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tracemalloc
import zlib

import pytest
from helpers import REPO, page_doc, session_doc, write_json, write_png
from hostile_corpus import FORGED_NAME

from viewer.cli import main
from viewer.library import open_path
from viewer.recording.limits import MAX_EVENTS, MAX_SCREENSHOT_PIXELS, MAX_TEXT_LENGTH
from viewer.recording.screenshot import decode_screenshot, screenshot_size


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "viewer", *args],
        capture_output=True,
        cwd=REPO,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_a_named_pipe_neither_hangs_validate_nor_info(page_folder):
    os.mkfifo(page_folder / "sessions" / "pipe.session.json")
    for command in ("validate", "info"):
        r = run_cli(command, str(page_folder), timeout=30)  # a blocked read would time out
        assert b"named pipe (FIFO), not a regular file" in r.stdout + r.stderr, command
    r = run_cli("info", str(page_folder / "sessions" / "pipe.session.json"), timeout=30)
    assert r.returncode == 0 and b"named pipe" in r.stdout


def test_a_file_name_cannot_forge_a_line_of_output(page_folder):
    (page_folder / "sessions" / FORGED_NAME).write_bytes(b"{")
    r = run_cli("validate", str(page_folder))
    lines = (r.stdout + r.stderr).decode().splitlines()
    assert not any(line.startswith("OK:") for line in lines)
    assert r.stdout.decode().splitlines() == [lines[0]] and lines[0].startswith("FAILED:")
    assert any("x\\nOK: 1 pages, 20 sessions, 0 errors\\n.session.json" in line for line in lines)
    r = run_cli("info", str(page_folder))
    assert not any(line.startswith("OK:") for line in r.stdout.decode().splitlines())


def test_ids_titles_and_tags_print_on_one_line_with_escapes(tmp_path):
    write_png(tmp_path / "shot.png")
    write_json(tmp_path / "page.json", page_doc(title="Evil\x1b[2J\nOK: title"))
    write_json(tmp_path / "s.session.json", session_doc(tags={"variant": "A\nOK: 0 errors\u202e"}))
    r = run_cli("info", str(tmp_path))
    out = r.stdout.decode()
    assert "\x1b" not in out and "\u202e" not in out
    assert "Evil\\x1b[2J\\nOK: title" in out
    assert "A\\nOK: 0 errors\\u202e" in out
    assert not any(line.startswith("OK:") for line in out.splitlines())


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        ("id", b'"id": "s\xff1"'),
        ("tags", b'"tags": {"variant": "\xc3\x28"}'),
        ("page", b'"page": "p\xfe"'),
    ],
)
def test_one_bad_utf8_byte_is_that_files_problem(page_folder, field, raw):
    good = json.dumps(session_doc(id="s2")).encode()
    key = {"id": b'"id": "s2"', "tags": b'"tags": {"variant": "A"}', "page": b'"page": "p1"'}[field]
    (page_folder / "sessions" / "bad.session.json").write_bytes(good.replace(key, raw))
    library = open_path(page_folder)
    (problem,) = library.errors
    assert problem.path.name == "bad.session.json" and problem.where == f"field '{field}'"
    assert "UTF-8" in problem.message
    assert [s.id for s in library.sessions_of("p1")] == ["s1"]
    for command in ("info", "stats"):
        assert main([command, str(page_folder)]) == 0, command
    assert main(["validate", str(page_folder)]) == 1


def test_a_bad_utf8_page_title_leaves_the_other_pages(tmp_path):
    for name in ("a", "b"):
        write_png(tmp_path / name / "shot.png")
        write_json(tmp_path / name / "page.json", page_doc(id=name))
        write_json(tmp_path / name / "s.session.json", session_doc(page=name))
    bad = tmp_path / "b" / "page.json"
    bad.write_bytes(bad.read_bytes().replace(b'"Example"', b'"Caf\xe9"'))
    library = open_path(tmp_path)
    assert [p.id for p in library.pages] == ["a"]
    assert [str(p.where) for p in library.errors][:1] == ["field 'title'"]


def test_starts_outside_the_years_recordings_can_have_are_refused_and_trends_work(page_folder):
    for year in ("0001", "9999", "1969"):
        write_json(
            page_folder / f"y{year}.session.json",
            session_doc(id=f"y{year}", start=f"{year}-12-31T23:00:00Z"),
        )
    library = open_path(page_folder)
    assert sorted(p.path.name for p in library.errors) == [
        "y0001.session.json",
        "y1969.session.json",
        "y9999.session.json",
    ]
    assert all("1970 to 2199" in p.message for p in library.errors)
    assert main(["validate", str(page_folder)]) == 1
    for unit in ("day", "week", "month"):
        assert main(["stats", str(page_folder), "--trend", unit]) == 0


def test_the_earliest_and_latest_starts_work_in_trends(page_folder):
    write_json(
        page_folder / "early.session.json", session_doc(id="e", start="1970-01-01T00:00:00Z")
    )
    write_json(page_folder / "late.session.json", session_doc(id="l", start="2199-12-31T23:59:59Z"))
    assert open_path(page_folder).errors == []
    for unit in ("day", "week", "month"):
        assert main(["stats", str(page_folder), "--trend", unit, "--format", "json"]) == 0


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_the_screenshot_limit_is_the_decoders(tmp_path):
    # 180 megapixels: under our stated limit, over Pillow's default (it refuses past ~179).
    under = tmp_path / "under.png"
    under.write_bytes(_png_header(18_000, 10_000))
    assert screenshot_size(tmp_path / "page.json", under, "screenshot") == (18_000, 10_000)
    over = tmp_path / "over.png"
    side = int(MAX_SCREENSHOT_PIXELS**0.5) + 1
    over.write_bytes(_png_header(side, side))
    with pytest.raises(Exception, match=r"over the limit|larger than"):
        screenshot_size(tmp_path / "page.json", over, "screenshot")
    # Past the header, the one decoder says the same of both: a limit, or damaged data.
    with pytest.raises(Exception, match="damaged"):
        decode_screenshot(None, under)
    with pytest.raises(Exception, match=r"over the limit|larger than"):
        decode_screenshot(None, over)


def test_a_damaged_screenshot_is_one_located_error_in_every_command(tmp_path):
    write_png(tmp_path / "shot.png")
    good = (tmp_path / "shot.png").read_bytes()
    (tmp_path / "shot.png").write_bytes(good[: len(good) // 2])  # truncated pixel data
    write_json(tmp_path / "page.json", page_doc())
    write_json(tmp_path / "s.session.json", session_doc())
    r = run_cli("validate", str(tmp_path))
    assert r.returncode == 1 and b"damaged" in r.stderr and b"Traceback" not in r.stderr
    r = run_cli("heatmap", str(tmp_path), "-o", str(tmp_path.parent / "out.png"))
    assert r.returncode == 2, r.stderr  # not 3, an internal error
    (line,) = r.stderr.decode().splitlines()
    assert "page.json" in line and "the screenshot 'shot.png' is damaged" in line
    assert run_cli("stats", str(tmp_path)).returncode == 0  # it needs no pixels


def peak_while(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_long_tag_value_is_cut_with_a_warning_in_bounded_memory(page_folder):
    path = page_folder / "long.session.json"
    write_json(path, session_doc(id="long", tags={"variant": "B" * 5_000_000, "x" * 2000: "y"}))
    library, peak = peak_while(lambda: open_path(page_folder))
    s = next(s for s in library.sessions_of("p1") if s.id == "long")
    assert s.tags["variant"] == "B" * MAX_TEXT_LENGTH and "x" * MAX_TEXT_LENGTH in s.tags
    assert sum("cut to the first 1,000" in w.message for w in library.warnings) == 2
    assert peak < 8 * path.stat().st_size + (16 << 20), f"{peak / 2**20:.0f} MiB"


def test_too_many_tags_are_refused(page_folder):
    write_json(
        page_folder / "t.session.json", session_doc(id="t", tags={str(i): "" for i in range(101)})
    )
    (problem,) = open_path(page_folder).errors
    assert "101 tags, over the limit of 100" in problem.message


def test_four_columns_over_the_event_limit_are_refused_before_they_are_decoded(tmp_path):
    doc = session_doc(id="many")
    doc["events"] = {"kinds": ["move"], **{c: "@C@" for c in ("t", "kind", "x", "y")}}
    column = "[" + "0," * (MAX_EVENTS + 1_000_000) + "0]"
    path = tmp_path / "many.session.json"
    path.write_text(json.dumps(doc).replace('"@C@"', column))
    library, peak = peak_while(lambda: open_path(path))
    (problem,) = library.errors
    assert f"{MAX_EVENTS:,}" in problem.message
    # Before: all four columns decoded (about 900 MB); now never more than the file and a column.
    assert peak < 2 * path.stat().st_size + (16 << 20), f"{peak / 2**20:.0f} MiB"


def test_gzip_padding_is_not_read_past_the_limit(tmp_path, monkeypatch):
    import gzip

    import viewer.library.folder as folder

    path = tmp_path / "s.session.json.gz"
    path.write_bytes(gzip.compress(json.dumps(session_doc()).encode()) + bytes(3 << 20))
    monkeypatch.setattr(folder, "MAX_FILE_BYTES", 2 << 20)
    (problem,) = open_path(path).errors
    assert "over the limit of 2,097,152 bytes" in problem.message


def test_a_page_file_over_its_limit_is_refused_on_open(tmp_path):
    write_png(tmp_path / "shot.png")
    write_json(tmp_path / "page.json", page_doc(notes="x" * (1 << 20)))
    write_json(tmp_path / "s.session.json", session_doc())
    library = open_path(tmp_path)
    assert library.pages == []
    assert any("over the limit of 1,048,576 bytes" in p.message for p in library.errors)
