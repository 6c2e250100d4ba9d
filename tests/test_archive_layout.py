"""The sessions table's layout: one file per page and month, by start, in row groups that a
date range prunes; an archive in the older layout (one file per write) rewritten into it
with ``archive --compact``, its numbers unchanged; ``validate`` names a misplaced file."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from viewer.analysis.segments import Segment
from viewer.cli import main as cli_main
from viewer.library import archive_layout
from viewer.library.archive_format import SESSIONS, read_manifest, write_manifest
from viewer.library.archive_open import Archive
from viewer.library.archive_scan import Where, partition_of, scan

UTC = dt.UTC


@pytest.fixture
def archive(tmp_path, demo_archive):
    root = tmp_path / "archive"
    shutil.copytree(demo_archive, root)
    return root


def _stats(path, capsys, *extra):
    args = ["stats", str(path), "--page", "brightside-desktop", "--format", "json", *extra]
    assert cli_main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_each_sessions_file_is_one_page_and_month_by_start(demo_archive):
    manifest = read_manifest(demo_archive)
    seen = set()
    for rel in manifest.sessions:
        part = partition_of(rel)
        table = pq.read_table(demo_archive / rel, columns=["page", "start"])
        assert set(table["page"].to_pylist()) == {part["page"]}
        starts = table["start"].to_pylist()
        assert {s.strftime("%Y-%m") for s in starts} == {part["month"]}
        assert starts == sorted(starts)
        seen.add((part["page"], part["month"]))
    assert len(seen) == len(manifest.sessions)  # one write: one file each
    assert {p for p, _ in seen} == {"brightside-desktop", "brightside-mobile"}


def test_a_months_segment_opens_that_months_sessions_file_alone(demo_archive):
    opened = Archive(demo_archive)
    may = Segment.parse(["date=2026-05-01..2026-05-31"])
    table = opened.sessions("brightside-desktop", may)
    assert opened.files_read == 1
    everything = opened.sessions("brightside-desktop")
    start = everything["start"].to_pylist()
    want = [s.month == 5 for s in start]
    assert table["id"].to_pylist() == everything.filter(want)["id"].to_pylist()


def test_a_days_range_reads_only_the_row_groups_that_can_hold_it(
    tmp_path, demo_library, monkeypatch
):
    from viewer.library.archive_write import add_to_archive

    monkeypatch.setattr(archive_layout, "ROW_GROUP", 4)
    add_to_archive(tmp_path / "a", demo_library.pages, demo_library.all_sessions)
    rel = next(r for r in read_manifest(tmp_path / "a").sessions if "month=2026-05" in r)
    file = pq.ParquetFile(tmp_path / "a" / rel)
    day = Where(start=(dt.datetime(2026, 5, 12, tzinfo=UTC), dt.datetime(2026, 5, 13, tzinfo=UTC)))
    groups = day.row_groups(file)
    assert 0 < len(groups) <= 2 and file.num_row_groups > 5
    got, opened = scan(tmp_path / "a", [rel], SESSIONS, ["id", "start"], day)
    everything = file.read(columns=["id", "start"])
    lo, hi = day.start
    inside = [lo <= s <= hi for s in everything["start"].to_pylist()]
    assert got["id"].to_pylist() == everything.filter(inside)["id"].to_pylist() != []
    assert opened == 1


def _old_layout(root) -> None:
    """Rewrite ``root``'s sessions table as an older version wrote it: one file per write,
    in the order the sessions were added."""
    manifest = read_manifest(root)
    table, _ = scan(root, manifest.sessions, SESSIONS)
    table = table.take(pc.sort_indices(table, [("sid", "ascending")]))
    for rel in manifest.sessions:
        (root / rel).unlink()
    shutil.rmtree(root / "sessions")
    (root / "sessions").mkdir()
    half = table.num_rows // 2
    manifest.sessions = ["sessions/first.parquet", "sessions/second.parquet"]
    pq.write_table(table.slice(0, half), root / manifest.sessions[0])
    pq.write_table(table.slice(half), root / manifest.sessions[1])
    write_manifest(root, manifest)


def test_compact_rewrites_an_older_layout_and_changes_no_number(archive, capsys):
    before = _stats(archive, capsys, "--by", "variant")
    _old_layout(archive)
    assert _stats(archive, capsys, "--by", "variant") == before  # still read as it is
    assert cli_main(["archive", "--compact", "-o", str(archive)]) == 0
    assert "rewritten from 2 files into" in capsys.readouterr().out
    manifest = read_manifest(archive)
    assert all("page=" in r and "month=" in r for r in manifest.sessions)
    assert not (archive / "sessions" / "first.parquet").exists()
    assert _stats(archive, capsys, "--by", "variant") == before
    assert cli_main(["validate", str(archive), "--strict"]) == 0
    capsys.readouterr()
    may = Segment.parse(["date=2026-05-01..2026-05-31"])
    opened = Archive(archive)
    assert opened.sessions("brightside-mobile", may).num_rows > 0 and opened.files_read == 1


def test_compact_needs_an_archive(tmp_path, capsys):
    assert cli_main(["archive", "--compact", "-o", str(tmp_path)]) == 2
    assert "is not an archive" in capsys.readouterr().err
    assert cli_main(["archive", "-o", str(tmp_path)]) == 2
    assert "nothing to do" in capsys.readouterr().err


def test_validate_names_a_sessions_file_in_the_wrong_months_folder(archive, capsys):
    manifest = read_manifest(archive)
    rel = next(r for r in manifest.sessions if "month=2026-05" in r)
    wrong = rel.replace("month=2026-05", "month=2026-07")
    (archive / wrong).parent.mkdir(parents=True, exist_ok=True)
    (archive / rel).rename(archive / wrong)
    manifest.sessions[manifest.sessions.index(rel)] = wrong
    write_manifest(archive, manifest)
    assert cli_main(["validate", str(archive), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    (problem,) = [p for p in doc["problems"] if p["path"] == str(archive / wrong)]
    assert "started in 2026-05, not 2026-07" in problem["message"]


def test_the_month_of_a_start_is_its_utc_month():
    import pyarrow as pa

    from viewer.library.archive_columns import month_name, month_of

    starts = [dt.datetime(2026, 5, 31, 23, 59, tzinfo=UTC), dt.datetime(1999, 12, 1, tzinfo=UTC)]
    table = pa.table({"start": pa.array(starts, pa.timestamp("us", tz="UTC"))})
    assert [month_name(m) for m in month_of(table)] == ["2026-05", "1999-12"]
    assert np.issubdtype(month_of(table).dtype, np.integer)
