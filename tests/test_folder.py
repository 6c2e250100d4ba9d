"""Opening files and folders: grouping by page, and one bad file never stops the others."""

from __future__ import annotations

import pytest
from helpers import page_doc, session_doc, write_json, write_png

from viewer.library import Cancelled, open_path
from viewer.recording import RecordingError


def add_page(folder, page_id, size=(200, 400)):
    write_png(folder / "shot.png", size)
    write_json(folder / "page.json", page_doc(id=page_id, size=list(size)))


def add_session(folder, session_id, page_id, start="2026-05-04T10:00:00Z", **kw):
    return write_json(
        folder / f"{session_id}.session.json",
        session_doc(id=session_id, page=page_id, start=start, **kw),
    )


@pytest.fixture
def two_pages(tmp_path):
    add_page(tmp_path / "desk", "desk")
    add_page(tmp_path / "mob", "mob", (100, 800))
    add_session(tmp_path / "desk" / "sessions", "b", "desk", "2026-05-05T10:00:00Z")
    add_session(tmp_path / "desk" / "sessions", "a", "desk", "2026-05-06T10:00:00Z")
    add_session(tmp_path / "desk" / "sessions" / "deeper", "c", "desk", "2026-05-01T10:00:00Z")
    add_session(tmp_path / "mob", "m1", "mob", device="mobile")
    return tmp_path


def test_folder_groups_sessions_by_page_sorted_by_start(two_pages):
    lib = open_path(two_pages)
    assert [p.id for p in lib.pages] == ["desk", "mob"]
    assert [s.id for s in lib.sessions_of("desk")] == ["c", "b", "a"]
    assert [s.id for s in lib.sessions_of("mob")] == ["m1"]
    assert lib.problems == []
    assert len(lib.all_sessions) == 4


def test_one_bad_file_never_stops_the_others(two_pages):
    (two_pages / "desk" / "sessions" / "broken.session.json").write_text('{"format": ')
    (two_pages / "desk" / "sessions" / "bad.session.json.gz").write_bytes(b"\x1f\x8bnope")
    lib = open_path(two_pages)
    assert len(lib.all_sessions) == 4
    bad = sorted(p.path.name for p in lib.errors)
    assert bad == ["bad.session.json.gz", "broken.session.json"]


def test_a_bad_page_is_a_problem_and_its_sessions_are_orphans(two_pages):
    (two_pages / "mob" / "shot.png").unlink()
    lib = open_path(two_pages)
    assert [p.id for p in lib.pages] == ["desk"]
    messages = [str(p) for p in lib.errors]
    assert any("'shot.png' does not exist" in m for m in messages)
    assert any("m1.session.json: field 'page': its page 'mob' was not found" in m for m in messages)


def test_duplicate_ids_are_reported_and_skipped(two_pages):
    add_session(two_pages / "desk", "a", "desk")  # same id as sessions/a
    write_json(two_pages / "again" / "page.json", page_doc(id="desk"))
    write_png(two_pages / "again" / "shot.png")
    lib = open_path(two_pages)
    assert len(lib.sessions_of("desk")) == 3
    messages = [p.message for p in lib.errors]
    assert sum("a second session with id 'a'" in m for m in messages) == 1
    assert sum("a second page with id 'desk'" in m for m in messages) == 1


def test_hidden_files_other_files_and_sidecars(two_pages):
    (two_pages / ".cache").mkdir()
    add_session(two_pages / ".cache", "hidden", "desk")
    (two_pages / "desk" / ".s.session.json.part").write_text("{")  # our own temporary file
    (two_pages / "notes.txt").write_text("not a recording")
    write_json(
        two_pages / "desk" / "regions.json",
        {"format": "session-viewer", "version": 1, "type": "regions"},
    )
    write_json(
        two_pages / "other.json",
        {"format": "session-viewer", "version": 1, "type": "heatmap-preset"},
    )
    lib = open_path(two_pages)
    assert len(lib.all_sessions) == 4
    (w,) = lib.problems
    assert not w.is_error and "unknown document type 'heatmap-preset'" in w.message


def test_single_session_file_finds_its_page_above(two_pages):
    lib = open_path(two_pages / "desk" / "sessions" / "deeper" / "c.session.json")
    assert [p.id for p in lib.pages] == ["desk"]
    assert [s.id for s in lib.sessions_of("desk")] == ["c"]


def test_single_session_without_page(tmp_path):
    path = add_session(tmp_path, "lonely", "nowhere")
    lib = open_path(path)
    assert lib.pages == []
    (e,) = lib.errors
    assert "its page 'nowhere' was not found" in e.message


def test_page_file_opens_its_own_sessions(two_pages):
    add_session(two_pages / "desk" / "sessions", "stray", "mob")
    lib = open_path(two_pages / "desk" / "page.json")
    assert [p.id for p in lib.pages] == ["desk"]
    assert [s.id for s in lib.sessions_of("desk")] == ["c", "b", "a"]
    assert lib.problems == []


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(RecordingError, match="no such file or folder"):
        open_path(tmp_path / "nope")


@pytest.mark.parametrize("workers", [1, 3])
def test_progress_and_cancel(two_pages, workers):
    for i in range(20):
        add_session(two_pages / "desk" / "more", f"x{i}", "desk")
    seen = []
    lib = open_path(two_pages, progress=lambda d, t: seen.append((d, t)), workers=workers)
    assert len(lib.all_sessions) == 24
    total = seen[-1][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == list(range(total + 1))
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        open_path(two_pages, cancelled=cancel, workers=workers)
