"""Never write where we read: no output replaces a recording, page, screenshot or regions file;
``--force`` replaces only outputs of ours; folders appear whole or not at all, even when the
process is killed or the disk is full (issue 12, items 1 and 2)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import DEMO, REPO, write_png
from rrweb_events import desktop_recording, write

from viewer.cli import main
from viewer.fileio import WriteFailed
from viewer.folder_write import remove_stale
from viewer.library import open_path


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def demo(tmp_path) -> Path:
    folder = Path(shutil.copytree(DEMO / "brightside-mobile", tmp_path / "demo"))
    (folder / "regions.json").write_text(
        json.dumps({"format": "session-viewer", "version": 1, "type": "regions", "regions": []})
    )
    return folder


def their_files(folder: Path) -> list[Path]:
    session = sorted((folder / "sessions").glob("*.session.json*"))[0]
    return [session, folder / "page.json", folder / "screenshot.png", folder / "regions.json"]


def test_heatmap_never_writes_over_the_recordings_it_read(demo, capsys):
    before = digest(demo)
    for target in their_files(demo):
        assert target.exists(), target
        for flag in ("-o", "--density"):
            out = ["-o", str(demo.parent / "ok.png")] if flag == "--density" else []
            for force in ([], ["--force"]):
                code = main(["heatmap", str(demo), *out, flag, str(target), *force])
                assert code == 2, (target, flag, force)
                err = capsys.readouterr().err
                assert str(target) in err and "nothing was written" in err
    # Through a link, too.
    link = demo.parent / "innocent.png"
    link.symlink_to(their_files(demo)[0])
    assert main(["heatmap", str(demo), "-o", str(link), "--force"]) == 2
    assert digest(demo) == before
    assert not (demo.parent / "ok.png").exists()


def test_force_replaces_an_output_of_ours_and_nothing_else(demo, tmp_path, capsys):
    out = tmp_path / "map.png"
    assert main(["heatmap", str(demo), "-o", str(out)]) == 0
    first = out.read_bytes()
    assert main(["heatmap", str(demo), "-o", str(out), "--kind", "scroll"]) == 2
    assert "exists already; use --force" in capsys.readouterr().err
    assert out.read_bytes() == first
    assert main(["heatmap", str(demo), "-o", str(out), "--kind", "scroll", "--force"]) == 0
    assert out.read_bytes() != first
    # Another folder's recordings are theirs too, even with --force, judged by what they hold.
    other = tmp_path / "other"
    other.mkdir()
    theirs = other / "visit.json"
    write(theirs, desktop_recording())
    kept = theirs.read_bytes()
    assert main(["heatmap", str(demo), "-o", str(theirs), "--force"]) == 2
    assert "an rrweb recording" in capsys.readouterr().err and theirs.read_bytes() == kept


def test_recorder_never_writes_over_a_page_its_screenshot_or_a_session(demo, tmp_path, capsys):
    before = digest(demo)
    for target in their_files(demo):
        for force in ([], ["--force"]):
            assert main(["recorder", "-o", str(target), *force]) == 2, target
            assert "nothing was written" in capsys.readouterr().err
    assert digest(demo) == before
    js = tmp_path / "recorder.js"
    assert main(["recorder", "-o", str(js)]) == 0
    assert main(["recorder", "-o", str(js)]) == 2
    assert main(["recorder", "-o", str(js), "--force"]) == 0


def _rrweb_inputs(folder: Path, n: int) -> list[Path]:
    events = desktop_recording()
    return [write(folder / f"visit-{i:04d}.json", events) for i in range(n)]


def _import_argv(inputs, shot: Path, out: Path) -> list[str]:
    return ["import", "rrweb", *map(str, inputs), "--screenshot", str(shot), "-o", str(out)]


def test_import_into_a_folder_with_other_files_writes_nothing(tmp_path, capsys):
    inputs = _rrweb_inputs(tmp_path / "in", 2)
    shot = write_png(tmp_path / "pricing.png", (1280, 3000))
    out = tmp_path / "out"
    out.mkdir()
    (out / "screenshot.png").write_bytes(b"their own picture")
    assert main(_import_argv(inputs, shot, out)) == 2
    assert "has files but no page.json" in capsys.readouterr().err
    assert sorted(os.listdir(out)) == ["screenshot.png"]
    assert (out / "screenshot.png").read_bytes() == b"their own picture"


def fail_on_write(monkeypatch, module, name: str, n: int) -> None:
    """Make the ``n``-th call of ``module.name`` (a writer) fail as on a full disk."""
    calls = {"n": 0}
    real = getattr(module, name)

    def writer(target, data):
        calls["n"] += 1
        if calls["n"] == n:
            raise WriteFailed(errno.ENOSPC, "No space left on device", str(target))
        return real(target, data)

    monkeypatch.setattr(module, name, writer)


def _fail_on_third_write(monkeypatch):
    import viewer.importers.output as output

    fail_on_write(monkeypatch, output, "save_session", 3)


def test_a_full_disk_during_import_leaves_nothing_or_the_folder_as_it_was(
    tmp_path, monkeypatch, capsys
):
    inputs = _rrweb_inputs(tmp_path / "in", 5)
    shot = write_png(tmp_path / "pricing.png", (1280, 3000))
    out = tmp_path / "out"
    _fail_on_third_write(monkeypatch)
    assert main(_import_argv(inputs, shot, out)) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["in", "pricing.png"]  # no folder, no staging left
    monkeypatch.undo()
    assert main(_import_argv(inputs[:2], shot, out)) == 0
    before = digest(out)
    _fail_on_third_write(monkeypatch)
    assert main(_import_argv(inputs[2:], shot, out)) == 2
    assert digest(out) == before
    assert sorted(os.listdir(tmp_path)) == ["in", "out", "pricing.png"]


def test_a_full_disk_during_demo_leaves_nothing(tmp_path, monkeypatch, capsys):
    import viewer.demo.generate as generate

    fail_on_write(monkeypatch, generate, "atomic_write", 5)
    out = tmp_path / "demo"
    assert main(["demo", str(out), "--desktop", "4", "--mobile", "2", "--workers", "1"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(["demo", str(tmp_path / "full"), "--desktop", "1", "--mobile", "1"]) == 2
    assert os.listdir(tmp_path / "full") == ["keep.txt"]


def _kill_imports(tmp_path: Path, runs: int) -> None:
    """Start ``import`` runs and SIGKILL each at a random moment; after every kill the target
    is either absent (a new folder) or exactly as before (adding to one), or complete."""
    rng = random.Random(12)
    inputs = _rrweb_inputs(tmp_path / "in", 300)
    shot = write_png(tmp_path / "pricing.png", (1280, 3000))
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run(argv, kill_after=None):
        p = subprocess.Popen(
            [sys.executable, "-m", "viewer", *argv],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if kill_after is not None:
            try:
                p.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
        return p.wait(timeout=120)

    started = time.perf_counter()
    assert run(_import_argv(inputs[:150], shot, tmp_path / "base")) == 0
    whole = time.perf_counter() - started
    base_digest = digest(tmp_path / "base")
    killed = 0
    outcomes = set()
    for i in range(runs):
        adding = i % 2 == 1  # half the runs add 150 sessions to a folder of 150
        out = tmp_path / f"run-{i}"
        if adding:
            shutil.copytree(tmp_path / "base", out)
        chosen = inputs[150:] if adding else inputs[:150]
        code = run(_import_argv(chosen, shot, out), kill_after=rng.uniform(0.05, 1.2 * whole))
        killed += code == -signal.SIGKILL
        if not out.exists():
            assert not adding and code != 0  # a new folder: nothing at all
        elif not (adding and digest(out) == base_digest):  # else: exactly as it was
            library = open_path(out)  # or whole
            assert library.problems == [], f"run {i}: {library.problems[:3]}"
            assert len(library.all_sessions) == (300 if adding else 150), f"run {i}"
        outcomes.add((adding, out.exists() and len(os.listdir(out / "sessions"))))
        leftovers = [n for n in os.listdir(tmp_path) if n.startswith(".")]
        # A killed run's staging folder is hidden (never opened as recordings), and the next
        # run that writes the same target removes it.
        assert all(n.startswith(f".run-{i}.") for n in leftovers), leftovers
        remove_stale(out)
        assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []
    assert killed >= runs // 3, f"only {killed} of {runs} runs were killed mid-way"
    assert len(outcomes) >= 3, outcomes  # kills landed before and after the swap


def test_fifty_killed_imports_never_leave_a_partial_folder(tmp_path):
    _kill_imports(tmp_path, runs=50)


def test_a_temporary_file_left_by_a_killed_write_is_removed_by_the_next(tmp_path):
    from viewer.fileio import atomic_write

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    pid = int(dead.stdout)  # a process that has ended
    stale = tmp_path / f".map.png.{pid}.x1y2z3w4.part"  # as mkstemp names them
    stale.write_bytes(b"")
    alive = tmp_path / f".map.png.{os.getppid()}.x3y4z5w6.part"  # a write under way elsewhere
    alive.write_bytes(b"")
    atomic_write(tmp_path / "map.png", b"png")
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "map.png"]
