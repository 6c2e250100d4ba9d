"""Region numbers kept in an archive: ``stats`` on a page's own regions reads no event and
equals the folder's; an edited region or other rules are computed from the events; an archive
written before they were kept gets them with ``archive --compact``."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest
from helpers import DEMO

from viewer.cli import main as cli_main
from viewer.engine import archive_maps, archive_stats, partition_table
from viewer.library import archive_read
from viewer.library.archive_format import read_manifest, write_manifest
from viewer.library.archive_write import add_to_archive

PAGE = "brightside-desktop"


@pytest.fixture
def archive(tmp_path, demo_archive):
    root = tmp_path / "archive"
    shutil.copytree(demo_archive, root)
    return root


def _stats(path, capsys, *extra) -> dict:
    args = ["stats", str(path), "--page", PAGE, "--format", "json", *extra]
    assert cli_main(args) == 0
    return json.loads(capsys.readouterr().out)


def _no_event_read(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("an event file was read")

    monkeypatch.setattr(archive_read, "read_archive", None)
    monkeypatch.setattr(partition_table, "read_rows", refuse)
    # the engine's modules imported it by name (imported above: before the patch)
    monkeypatch.setattr(archive_maps, "read_rows", refuse)
    monkeypatch.setattr(archive_stats, "read_rows", refuse)


@pytest.mark.parametrize("extra", [["--by", "variant"], ["--filter", "device=desktop"]])
def test_stats_on_the_pages_regions_read_no_event(archive, capsys, monkeypatch, extra):
    want = _stats(DEMO, capsys, *extra)
    _no_event_read(monkeypatch)
    got = _stats(archive, capsys, *extra)
    assert got == want and len(got["groups"][0]["regions"]) == 9


def test_an_edited_region_and_other_rules_are_computed_from_the_events(archive, capsys, tmp_path):
    doc = json.loads((DEMO / PAGE / "regions.json").read_text())
    doc["regions"][0]["rect"][1] += 40  # the hero button's box moved
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc))
    for extra in (["--regions", str(edited)], ["--min-view", "3"]):
        want = _stats(DEMO, capsys, "--by", "variant", *extra)
        assert _stats(archive, capsys, "--by", "variant", *extra) == want


def test_an_older_archive_computes_them_and_compact_keeps_them(archive, capsys, monkeypatch):
    manifest = read_manifest(archive)
    kept = list(manifest.regions)
    assert kept and all(r.startswith("regions/page=") for r in kept)
    manifest.regions = []  # as written before region numbers were kept
    write_manifest(archive, manifest)
    for rel in kept:
        (archive / rel).unlink()
    want = _stats(DEMO, capsys, "--by", "variant")
    assert _stats(archive, capsys, "--by", "variant") == want  # from the events
    assert cli_main(["archive", "--compact", "-o", str(archive)]) == 0
    assert "kept the numbers of 17 page regions" in capsys.readouterr().out  # 9 + 8 mobile
    assert cli_main(["validate", str(archive), "--strict"]) == 0
    capsys.readouterr()
    with monkeypatch.context() as m:
        _no_event_read(m)
        assert _stats(archive, capsys, "--by", "variant") == want
    assert cli_main(["archive", "--compact", "-o", str(archive)]) == 0
    assert "kept the numbers" not in capsys.readouterr().out  # nothing left to keep


def test_sessions_added_later_get_their_numbers_too(archive, capsys, demo_library, monkeypatch):
    extra = [replace(s, id=f"{s.id}-again") for s in demo_library.sessions_of(PAGE)[:40]]
    add_to_archive(archive, demo_library.pages, extra)
    both = archive.parent / "both"
    shutil.copytree(DEMO, both)
    from viewer.recording.native_write import save_session

    for s in extra:
        save_session(s, both / PAGE / "sessions" / f"{s.id}.session.json")
    want = _stats(both, capsys, "--by", "variant")
    _no_event_read(monkeypatch)
    assert _stats(archive, capsys, "--by", "variant") == want


def test_a_damaged_region_numbers_file_is_counted_again_and_named_by_validate(archive, capsys):
    rel = read_manifest(archive).regions[0]
    (archive / rel).write_bytes(b"not parquet")
    want = _stats(DEMO, capsys, "--by", "variant")
    assert _stats(archive, capsys, "--by", "variant") == want  # from the events
    assert cli_main(["validate", str(archive), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert any(p["path"] == str(archive / rel) for p in doc["problems"])


def test_an_unreadable_regions_file_does_not_stop_a_write(tmp_path, demo_library, capsys):
    page = demo_library.page(PAGE)
    folder = tmp_path / "pages"
    shutil.copytree(page.path.parent, folder / PAGE, ignore=shutil.ignore_patterns("sessions"))
    (folder / PAGE / "regions.json").write_text("{broken")
    from viewer.library import open_path

    broken = open_path(folder / PAGE / "page.json").page(PAGE)
    added = add_to_archive(tmp_path / "a", [broken], demo_library.sessions_of(PAGE)[:20])
    assert added.sessions == 20 and read_manifest(tmp_path / "a").regions == []
