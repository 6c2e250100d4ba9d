"""An archive read by URL (fsspec; here its in-memory filesystem, as object storage would be
with s3fs or gcsfs installed): the same numbers, maps and checks as the local archive, its
Parquet files read where they are (only the manifest and pages are copied)."""

from __future__ import annotations

import json

import fsspec
import numpy as np
import pytest
from PIL import Image

from viewer.analysis.segments import Segment
from viewer.cli import main as cli_main
from viewer.library.archive_open import Archive

PAGE = "brightside-desktop"


@pytest.fixture
def remote(demo_archive, tmp_path, monkeypatch):
    monkeypatch.setenv("SESSION_VIEWER_CACHE", str(tmp_path / "cache"))
    fs = fsspec.filesystem("memory")
    base = f"/archives/{tmp_path.name}"
    fs.put(str(demo_archive), base, recursive=True)
    yield f"memory://{base}"
    fs.rm(base, recursive=True)


def _json(capsys, *args) -> dict:
    assert cli_main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


MAY = "date=2026-05-01..2026-05-31"


@pytest.mark.parametrize("extra", [["--by", "variant"], ["--filter", MAY]])
def test_stats_by_url_are_the_local_archives(remote, demo_archive, capsys, extra):
    args = ["--page", PAGE, "--format", "json", *extra]
    want = _json(capsys, "stats", str(demo_archive), *args)
    assert _json(capsys, "stats", remote, *args) == want


def test_a_map_by_url_is_the_local_archives(remote, demo_archive, tmp_path, capsys):
    for name, path in (("local", str(demo_archive)), ("remote", remote)):
        out = tmp_path / f"{name}.png"
        assert cli_main(["heatmap", path, "--page", PAGE, "--kind", "move", "-o", str(out)]) == 0
    capsys.readouterr()
    a, b = (np.asarray(Image.open(tmp_path / f"{n}.png")) for n in ("local", "remote"))
    assert a.shape == b.shape and np.array_equal(a, b)


def test_only_the_manifest_and_pages_are_copied_and_pruning_holds(remote, demo_archive, tmp_path):
    local, far = Archive(demo_archive), Archive(remote)
    may = Segment.parse(["date=2026-05-01..2026-05-31"])
    a, b = local.sessions(PAGE, may), far.sessions(PAGE, may)
    assert a.equals(b) and local.files_read == far.files_read == 1
    copied = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert copied and not [p for p in copied if p.suffix == ".parquet"]
    assert {p.name for p in copied} >= {"manifest.json", "page.json", "screenshot.png"}
    assert far.load_sessions(b.slice(0, 3)) == local.load_sessions(a.slice(0, 3))


def test_validate_by_url_names_a_missing_file(remote, capsys):
    assert _json(capsys, "validate", remote, "--json")["ok"]
    fs, base = fsspec.core.url_to_fs(remote)
    rel = Archive(remote).manifest.events[0]
    fs.rm(f"{base}/{rel}")
    status = cli_main(["validate", remote, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 1 and any(f"{rel} is missing" in p["message"] for p in doc["problems"])


def test_an_unreadable_url_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SESSION_VIEWER_CACHE", str(tmp_path / "cache"))
    assert cli_main(["info", "memory://nothing/here"]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert cli_main(["stats", "nosuchscheme://x/y"]) == 2
    assert "cannot read this URL" in capsys.readouterr().err


def test_the_window_says_it_opens_local_archives(capsys):
    assert cli_main(["s3://bucket/archive"]) == 2
    assert "the window opens local folders and archives" in capsys.readouterr().err
