"""The hostile corpus: every bad file gives one clear error naming it, within bounded time and
memory, and the rest of the folder still opens; files that vanish or change while a folder
loads are reported, not fatal."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc

import pytest
from helpers import REPO, page_doc, session_doc, write_json, write_png
from hostile_corpus import NON_UTF8_NAME, SECRET, build

from viewer.library import open_path
from viewer.recording.limits import MAX_EVENTS, MAX_FILE_BYTES
from viewer.textformat import printable

ONLY_WHEN_VALIDATED = {"corrupt-png/page.json"}  # its header is fine; its pixels are not


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return root, build(root)


def errors_by_file(library, root):
    found: dict[str, list[str]] = {}
    for p in library.errors:
        found.setdefault(str(p.path.relative_to(root)), []).append(str(p))
    return found


def test_every_hostile_file_gets_one_clear_error_and_the_rest_opens(corpus):
    root, expect = corpus
    started = time.perf_counter()
    library = open_path(root)
    seconds = time.perf_counter() - started
    found = errors_by_file(library, root)
    for name, words in expect.items():
        if name in ONLY_WHEN_VALIDATED:
            continue
        assert name in found, f"no error for {name}"
        assert len(found[name]) == 1, found[name]
        for word in words:
            assert word in found[name][0], (name, found[name][0])
    unexpected = set(found) - set(expect)
    assert not unexpected, unexpected
    # The good page and its good session are there, untouched by their neighbours.
    assert {p.id for p in library.pages} == {"p1", "corrupt-png"}
    assert [s.id for s in library.sessions_of("p1")] == ["s1"]
    assert seconds < 60, f"the corpus took {seconds:.1f} s"


def test_validate_names_every_file_in_one_line_each(corpus):
    root, expect = corpus
    r = subprocess.run(
        [sys.executable, "-m", "viewer", "validate", str(root)],
        capture_output=True,
        cwd=REPO,
        timeout=300,
    )
    assert r.returncode == 1
    err = r.stderr.decode("utf-8", "backslashreplace")
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == len(expect)
    for name in expect:
        shown = printable(name)  # as stderr shows it: control characters and bytes escaped
        assert any(shown in line for line in lines), name
    assert SECRET.decode() not in err  # the linked file outside the folder was never read
    assert "corrupt-png/page.json" in err and "damaged" in err
    assert b"FAILED" in r.stdout and b"Traceback" not in r.stderr
    # Text output with a name that is not UTF-8 does not crash either.
    info = subprocess.run(
        [sys.executable, "-m", "viewer", "info", str(root)],
        capture_output=True,
        cwd=REPO,
        timeout=120,  # a named pipe in the folder must not block it
    )
    assert info.returncode == 0 and b"Traceback" not in info.stderr
    assert b"caf" in info.stdout + info.stderr


def opened_with_peak(path):
    """Open ``path``: (the library, the most memory Python and numpy held meanwhile)."""
    tracemalloc.start()
    try:
        library = open_path(path)
        return library, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_gzip_bomb_is_refused_within_its_limit(corpus):
    root, _ = corpus
    bomb = root / "good" / "sessions" / "bomb.session.json.gz"
    assert bomb.stat().st_size < 2 * 1024 * 1024  # a small file...
    library, peak = opened_with_peak(bomb)
    (problem,) = library.errors
    assert "inflates to more than the limit" in problem.message
    # ...that would inflate past the limit: never more than the limit and a chunk is held.
    assert peak < MAX_FILE_BYTES + (64 << 20), f"peak {peak / 2**20:.0f} MiB"


def test_too_many_events_are_refused_in_bounded_memory(corpus):
    root, _ = corpus
    path = root / "good" / "sessions" / "millions-of-events.session.json"
    library, peak = opened_with_peak(path)
    (problem,) = library.errors
    assert f"{MAX_EVENTS:,}" in problem.message
    # The one-pass reader tries first and gives up; the careful one counts before decoding.
    assert peak < 8 * path.stat().st_size + (16 << 20), f"peak {peak / 2**20:.0f} MiB"


def test_files_that_vanish_or_change_while_a_folder_loads(tmp_path):
    folder = tmp_path / "f"
    write_png(folder / "shot.png")
    write_json(folder / "page.json", page_doc())
    names = [f"s{i}.session.json" for i in range(6)]
    for i, name in enumerate(names):
        write_json(folder / name, session_doc(id=f"s{i}"))

    def progress(done: int, total: int) -> None:
        if done == 1:  # the first file is read: now two later ones go wrong
            (folder / names[2]).unlink()
            data = (folder / names[4]).read_bytes()
            (folder / names[4]).write_bytes(data[: len(data) // 2])

    library = open_path(folder, progress=progress, workers=1)
    found = {p.path.name: p.message for p in library.errors}
    assert set(found) == {names[2], names[4]}
    assert "moved or deleted" in found[names[2]]
    assert "ends early" in found[names[4]]
    assert sorted(s.id for s in library.sessions_of("p1")) == ["s0", "s1", "s3", "s5"]


def test_json_output_carries_names_that_are_not_utf8(corpus):
    root, _ = corpus
    r = subprocess.run(
        [sys.executable, "-m", "viewer", "validate", str(root / "good"), "--json"],
        capture_output=True,
        cwd=REPO,
    )
    doc = json.loads(r.stdout)
    paths = [p["path"] for p in doc["problems"]]
    assert any(NON_UTF8_NAME in p for p in paths)
