"""The command line: info and validate on the demo and on damaged files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import DEMO, REPO, session_doc, write_json

from viewer.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "viewer", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_info_on_the_demo_lists_both_pages_and_their_sessions():
    r = run("info", "recordings")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "brightside-desktop" in out and "brightside-mobile" in out
    assert "2 pages, 460 sessions" in out
    assert "sessions 300 (desktop 300)" in out
    assert "tag variant: A" in out
    assert r.stderr == ""


def test_info_json(capsys):
    assert main(["info", str(DEMO), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in data["pages"]] == ["brightside-desktop", "brightside-mobile"]
    desk = data["pages"][0]
    assert desk["size"] == [1440, 5620] and desk["device_pixel_ratio"] == 1
    assert data["pages"][1]["device_pixel_ratio"] == 2
    assert desk["events"]["click"] > 100 and desk["events"]["total"] == sum(
        v for k, v in desk["events"].items() if k != "total"
    )
    assert data["errors"] == 0 and data["warnings"] == 0


def test_no_command_opens_the_window_on_the_demo_or_the_path(monkeypatch, tmp_path):
    import viewer.gui.app

    calls = []
    monkeypatch.setattr(
        viewer.gui.app,
        "run",
        lambda path, settings, shot: calls.append((path, settings, shot)) or 0,
    )
    assert main([]) == 0
    assert main([str(DEMO), "--settings", str(tmp_path / "s.ini")]) == 0
    shot = tmp_path / "page.png"
    assert main([str(DEMO), "--screenshot", str(shot), "--width", "1280"]) == 0
    assert calls[:2] == [(None, None, None), (DEMO, tmp_path / "s.ini", None)]
    assert calls[2][2].path == shot and calls[2][2].width == 1280


def test_opening_a_missing_path_is_one_line_on_stderr(capsys):
    assert main(["/no/such/recordings"]) == 2
    assert capsys.readouterr().err.strip() == (
        "session-viewer: /no/such/recordings: no such file or folder"
    )


def test_validate_demo_is_clean(capsys):
    assert main(["validate", str(DEMO)]) == 0
    assert capsys.readouterr().out.startswith("OK: 2 pages, 460 sessions, 0 errors, 0 warnings")


def test_validate_damaged_file_exits_1_naming_the_file_and_the_event(page_folder):
    doc = session_doc()
    doc["events"]["value"][4] = -300
    bad = write_json(page_folder / "sessions" / "bad.session.json", doc)
    r = run("validate", str(page_folder))
    assert r.returncode == 1
    assert f"error: {bad}: event 4 (events.value): negative dwell duration (-300 ms)" in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout.startswith("FAILED: 1 pages, 1 sessions, 1 errors")


def test_validate_json_and_strict(page_folder, capsys):
    doc = session_doc(extra_field=1)
    write_json(page_folder / "sessions" / "s1.session.json", doc)
    assert main(["validate", str(page_folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["problems"][0]["severity"] == "warning"
    assert main(["validate", str(page_folder), "--strict"]) == 1


def test_validate_decodes_screenshots(page_folder, capsys):
    shot = page_folder / "shot.png"
    shot.write_bytes(shot.read_bytes()[:-40])  # header intact, image data cut
    assert main(["validate", str(page_folder)]) == 1
    err = capsys.readouterr().err
    assert "page.json" in err and "is damaged" in err


def test_missing_path_is_one_line_on_stderr():
    r = run("info", "/no/such/place")
    assert r.returncode == 2
    assert r.stderr.strip() == "session-viewer: /no/such/place: no such file or folder"
    assert r.stdout == ""


def test_a_file_that_cannot_be_written_is_one_line_and_nothing_is_left(tmp_path, capsys):
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    missing = tmp_path / "missing"
    try:
        for target, argv in (
            (missing / "r.js", ["recorder"]),
            (missing / "m.png", ["heatmap", str(DEMO), "--page", "brightside-mobile"]),
        ):
            assert main([*argv, "-o", str(target)]) == 2
            err = capsys.readouterr().err
            assert err == (
                f"session-viewer: cannot write {target}: No such file or directory; "
                "nothing was changed there\n"
            )
        if os.geteuid() != 0:  # root writes anywhere
            assert main(["recorder", "-o", str(read_only / "r.js")]) == 2
            assert "Permission denied" in capsys.readouterr().err
        assert list(read_only.iterdir()) == [] and not missing.exists()
    finally:
        read_only.chmod(0o700)


def test_demo_command_writes_a_small_valid_set(tmp_path, capsys):
    assert main(["demo", str(tmp_path), "--desktop", "6", "--mobile", "4", "--workers", "1"]) == 0
    assert main(["validate", str(tmp_path)]) == 0
    assert "2 pages, 10 sessions, 0 errors, 0 warnings" in capsys.readouterr().out
