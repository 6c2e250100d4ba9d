"""The Parquet archive: what goes in comes out equal, maps and numbers are the folder's, adding
is idempotent, and a write killed at any moment leaves the archive as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np
import pytest
from helpers import DEMO, REPO

from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import HeatmapSettings, compute_heatmap
from viewer.analysis.segments import Segment
from viewer.cli import main as cli_main
from viewer.library import archive_read, archive_write, open_path
from viewer.library.archive_format import FORMAT, MANIFEST, VERSION, read_manifest, write_manifest
from viewer.library.archive_open import Archive
from viewer.library.archive_write import add_to_archive


@pytest.fixture(scope="module")
def demo():
    return open_path(DEMO)


@pytest.fixture
def archive(tmp_path, demo):
    root = tmp_path / "archive"
    add_to_archive(root, demo.pages, demo.all_sessions)
    return root


def test_every_session_comes_back_equal_events_and_all(archive, demo):
    back = open_path(archive)
    assert [p.id for p in back.pages] == [p.id for p in demo.pages]
    assert back.problems == []
    for page in demo.pages:
        a, b = demo.sessions_of(page.id), back.sessions_of(page.id)
        assert len(a) == len(b) > 0
        assert all(x == y for x, y in zip(a, b, strict=True))  # ids, starts, tags, events...
    page = back.page("brightside-desktop")
    assert page.variants.keys() == {"B"} and page.screenshot.is_file()
    assert (archive / "pages" / "brightside-desktop" / "regions.json").is_file()


@pytest.mark.parametrize("kind", ["click", "move", "dwell", "scroll"])
def test_maps_of_the_archive_are_the_folders(archive, demo, kind):
    back = open_path(archive)
    page = demo.page("brightside-desktop")
    grid = GridSpec.for_page(page.width, page.height, 10)
    settings = HeatmapSettings.for_kind(kind)
    a = compute_heatmap(demo.sessions_of(page.id), page, settings, grid)
    b = compute_heatmap(back.sessions_of(page.id), back.page(page.id), settings, grid)
    assert np.array_equal(a.raw, b.raw) and a.n_points == b.n_points


@pytest.mark.parametrize(
    "extra",
    [
        ["--by", "variant"],
        ["--by", "device", "--trend", "month", "--bounce", "20"],
        ["--filter", "variant=B", "--filter", "date=2026-05-01..2026-06-30", "--min-view", "2"],
        ["--page", "brightside-mobile", "--by", "source"],
    ],
)
def test_stats_of_the_archive_are_the_folders(archive, capsys, monkeypatch, extra):
    # The archive's numbers come from its sessions table and its month tasks (regions): make
    # sure it is not read whole (that path would agree trivially).
    monkeypatch.setattr(archive_read, "read_archive", None)
    outputs = []
    for path in (DEMO, archive):
        args = ["stats", str(path), "--page", "brightside-desktop", *extra]
        assert cli_main([*args, "--format", "json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert doc["groups"][0]["regions"]  # the regions beside the page are counted
        outputs.append(doc)
    assert outputs[0] == outputs[1]


def test_info_of_the_archive_is_the_folders_without_reading_events(archive, capsys, monkeypatch):
    monkeypatch.setattr(archive_read, "read_archive", None)
    monkeypatch.setattr(Archive, "events", None)
    docs = []
    for path in (DEMO, archive):
        assert cli_main(["info", str(path), "--json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        doc.pop("path")
        docs.append(doc)
    assert docs[0] == docs[1] and docs[1]["events"] > 60_000


def test_a_segment_of_one_month_opens_that_months_files_alone(archive, demo):
    opened = Archive(archive)
    may = Segment.parse(["date=2026-05-01..2026-05-31"])
    table = opened.sessions("brightside-desktop", may)
    before = opened.files_read
    sessions = opened.load_sessions(table)
    # May's four groups of events, and May's sessions file for its click facts: nothing else.
    assert opened.files_read - before == 5
    want = [s for s in demo.sessions_of("brightside-desktop") if s.start.month == 5]
    assert sessions == want
    one = opened.load_sessions(table.slice(3, 1))
    assert one == [want[3]]


def test_adding_is_idempotent_by_session_id(archive, demo):
    before = read_manifest(archive)
    again = add_to_archive(archive, demo.pages, demo.all_sessions)
    assert (again.sessions, again.skipped, again.pages) == (0, len(demo.all_sessions), 0)
    assert read_manifest(archive).sessions == before.sessions
    extra = [replace(s, id=f"{s.id}-copy") for s in demo.sessions_of("brightside-mobile")[:5]]
    added = add_to_archive(archive, demo.pages, extra)
    assert added.sessions == 5
    assert len(open_path(archive).sessions_of("brightside-mobile")) == 165


def test_a_write_that_fails_before_its_manifest_changes_nothing(archive, demo, monkeypatch):
    before = open_path(archive)
    files = {p for p in archive.rglob("*") if p.is_file()}

    def crash(root, manifest):
        raise OSError("disk full")

    monkeypatch.setattr(archive_write, "write_manifest", crash)
    extra = [replace(s, id=f"{s.id}-new") for s in demo.all_sessions[:20]]
    with pytest.raises(OSError, match="disk full"):
        add_to_archive(archive, demo.pages, extra)
    assert {p for p in archive.rglob("*") if p.is_file()} > files  # its files were written...
    after = open_path(archive)  # ...but no manifest lists them: the archive is as it was
    assert sum(map(len, after.sessions.values())) == sum(map(len, before.sessions.values()))


KILLED = """
import sys
from dataclasses import replace
from viewer.library import open_path
from viewer.library.archive_write import add_to_archive
demo = open_path(sys.argv[1])
for round in range(1000):
    sessions = [replace(s, id=f"{s.id}-{round}") for s in demo.all_sessions]
    add_to_archive(sys.argv[2], demo.pages, sessions)
    print(round, flush=True)
"""


def test_a_write_killed_at_any_moment_leaves_a_whole_archive(archive, demo):
    n = len(demo.all_sessions)
    rng = np.random.default_rng(7)
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED, str(DEMO), str(archive)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        time.sleep(float(rng.uniform(1.0, 3.0)))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        back = open_path(archive)  # reads, whole: every session of every round it finished
        total = sum(map(len, back.sessions.values()))
        assert total % n == 0 and back.problems == []
        ids = [s.id for s in back.all_sessions]
        assert len(ids) == len(set(ids))


def test_an_archive_is_never_written_inside_its_sources(tmp_path, capsys):
    assert cli_main(["archive", str(DEMO), "-o", str(DEMO / "archive")]) == 2
    assert "must be outside" in capsys.readouterr().err
    (tmp_path / "notes.txt").write_text("mine")
    assert cli_main(["archive", str(DEMO), "-o", str(tmp_path)]) == 2
    assert "no archive manifest" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_damaged_manifest_is_a_located_error(archive, capsys):
    (archive / MANIFEST).write_text(json.dumps({"format": FORMAT, "version": VERSION}))
    assert cli_main(["validate", str(archive)]) != 0
    assert "field 'pages'" in capsys.readouterr().err


def test_an_archive_of_the_first_development_format_says_to_archive_again(archive, capsys):
    (archive / MANIFEST).write_text(json.dumps({"format": FORMAT, "version": 1}))
    assert cli_main(["info", str(archive)]) != 0
    assert "archive its recordings again" in capsys.readouterr().err


def _validate(path, capsys, *extra):
    status = cli_main(["validate", str(path), "--json", *extra])
    return status, json.loads(capsys.readouterr().out)


def test_validate_finds_what_is_wrong_in_an_archive_and_names_the_file(archive, capsys):
    status, doc = _validate(archive, capsys)
    assert status == 0 and doc["ok"] and doc["sessions"] == 460 and doc["problems"] == []
    manifest = read_manifest(archive)
    # A leftover of a killed write: a warning (never read), an error only with --strict.
    leftover = archive / "events" / "page=brightside-desktop" / "group=clicks" / "x.parquet"
    leftover.write_bytes((archive / manifest.events[0]).read_bytes())
    status, doc = _validate(archive, capsys)
    assert status == 0 and [p["severity"] for p in doc["problems"]] == ["warning"]
    assert doc["problems"][0]["path"] == str(leftover)
    assert _validate(archive, capsys, "--strict")[0] == 1
    leftover.unlink()
    # A listed file gone, and another whose sessions are not the range the manifest says.
    gone, shifted = manifest.events[0], manifest.events[1]
    (archive / gone).unlink()
    manifest.event_sids[shifted] = (10_000, 10_001)
    write_manifest(archive, manifest)
    status, doc = _validate(archive, capsys)
    messages = {p["message"]: p["path"] for p in doc["problems"]}
    assert status == 1 and not doc["ok"]
    assert any(f"{gone} is missing" in m for m in messages)
    assert any("not (10000, 10001) as listed" in m for m in messages)
    assert str(archive / shifted) in messages.values()


def test_validate_names_a_sessions_file_of_the_wrong_columns(archive, capsys):

    import pyarrow as pa
    import pyarrow.parquet as pq

    rel = read_manifest(archive).sessions[0]
    pq.write_table(pa.table({"sid": pa.array([1], pa.int32())}), archive / rel)
    status, doc = _validate(archive, capsys)
    assert status == 1
    (problem,) = [p for p in doc["problems"] if p["path"] == str(archive / rel)]
    assert "column 'sid' is int32, not int64" in problem["message"]


@pytest.mark.parametrize(
    "filters",
    [
        ["variant=B"],
        ["device=mobile", "device=tablet"],
        ["source=ad", "width=360..400", "duration=10.."],
        ["rage=yes"],
        ["date=2026-05-01..2026-06-30", "variant=A"],
        ["campaign=none"],  # a tag no session has: none kept
    ],
)
def test_the_archives_segment_filter_is_the_segments(archive, filters):
    from viewer.library.archive_columns import segment_columns, segment_mask

    table = Archive(archive).sessions(None)
    segment = Segment.parse(filters)
    want = segment.mask(segment_columns(table))
    np.testing.assert_array_equal(segment_mask(table, segment), want)
    assert want.any() or filters == ["campaign=none"]


def test_an_archive_written_before_click_facts_still_opens(archive, demo, tmp_path):
    import dataclasses
    import shutil
    from pathlib import Path

    import pyarrow.parquet as pq

    old = Path(shutil.copytree(archive, tmp_path / "old"))
    for rel in read_manifest(old).sessions:  # as written before the column existed
        table = pq.read_table(old / rel)
        pq.write_table(table.drop(["click_facts"]), old / rel)
    opened = Archive(old)
    table = opened.sessions("brightside-desktop")
    back = opened.load_sessions(table.slice(0, 20))
    want = demo.sessions_of("brightside-desktop")[:20]
    assert back == [dataclasses.replace(s, clicks=None) for s in want]  # the rest is whole
