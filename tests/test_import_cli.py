"""`session-viewer import`, `recorder`, and rrweb files opened directly with --screenshot."""

from __future__ import annotations

import json

from browser_helpers import CHROMIUM
from helpers import write_png
from rrweb_events import desktop_recording, write

from viewer.cli import main
from viewer.library import open_path
from viewer.recording import EventKind as K


def test_import_rrweb_writes_a_native_folder(tmp_path, capsys):
    rec = write(tmp_path / "in" / "visit.json", desktop_recording())
    bad = tmp_path / "in" / "broken.json"
    bad.write_text("[{")
    shot = write_png(tmp_path / "pricing.png", (1280, 3000))
    out = tmp_path / "out"
    code = main(["import", "rrweb", str(rec), str(bad), "--screenshot", str(shot), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 1  # one input could not be read; the other was written
    assert "broken.json" in captured.err and "checkout" in captured.err
    assert "wrote 1 sessions" in captured.out and "'shop-example-pricing'" in captured.out
    lib = open_path(out)
    assert not lib.problems
    (page,) = lib.pages
    assert (page.width, page.height, page.url) == (
        1280,
        3000,
        "https://shop.example/pricing?utm_source=mail",
    )
    (session,) = lib.sessions_of(page.id)
    ev = session.events
    assert ev.y[ev.kind == K.CLICK].tolist() == [800]  # viewport 300 + scroll 500
    assert main(["validate", str(out)]) == 0
    # Importing again does not overwrite, unless asked.
    capsys.readouterr()
    assert main(["import", "rrweb", str(rec), "--screenshot", str(shot), "-o", str(out)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert (
        main(["import", "rrweb", str(rec), "--screenshot", str(shot), "-o", str(out), "--force"])
        == 0
    )


def test_import_csv_in_one_line(tmp_path, capsys):
    log = tmp_path / "lab.csv"
    log.write_text(
        "pid,ms,what,px,py\nA,0,mousemove,100,200\nA,600,mousedown,110,210\nB,0,mousemove,5,6\n"
    )
    shot = write_png(tmp_path / "page.png", (1000, 2000))
    out = tmp_path / "out"
    code = main(
        [
            "import",
            "csv",
            str(log),
            "--screenshot",
            str(shot),
            "--columns",
            "t=ms,x=px,y=py,kind=what,session=pid",
            "--viewport",
            "1000x700",
            "--start",
            "2026-06-01T12:00:00Z",
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    lib = open_path(out)
    (page,) = lib.pages
    assert (page.id, page.width, page.height) == ("page", 1000, 2000)
    a, b = lib.sessions_of("page")
    assert (a.id, b.id) == ("lab-A", "lab-B") and a.viewport == (1000, 700)
    assert a.events.kind.tolist() == [K.MOVE, K.DWELL, K.CLICK]  # a 600 ms rest before it
    bad = main(
        ["import", "csv", str(log), "--screenshot", str(shot), "--columns", "t=ms", "-o", str(out)]
    )
    err = capsys.readouterr().err
    assert bad == 2 and "no column for x, y was given or recognised" in err


def test_import_csv_with_its_options_into_an_archive(tmp_path, capsys):
    log = tmp_path / "lab.csv"
    log.write_text(
        "pid,ms,what,px,py\nA,0,mousemove,100,200\nA,600,mousedown,110,210\nB,0,mousemove,5,6\n"
    )
    shot = write_png(tmp_path / "page.png", (1000, 2000))
    options = ["--columns", "t=ms,x=px,y=py,kind=what,session=pid", "--viewport", "1000x700"]
    options += ["--start", "2026-06-01T12:00:00Z", "--screenshot", str(shot)]
    folder, archive = tmp_path / "folder", tmp_path / "archive"
    assert main(["import", "csv", str(log), *options, "-o", str(folder)]) == 0
    assert main(["import", "csv", str(log), *options, "-o", str(archive), "--archive"]) == 0
    assert "added 2 sessions" in capsys.readouterr().out
    assert main(["import", "csv", str(log), *options, "-o", str(archive), "--archive"]) == 0
    assert "(2 were already there)" in capsys.readouterr().out  # idempotent
    assert open_path(archive).sessions_of("page") == open_path(folder).sessions_of("page")
    docs = []
    for path in (folder, archive):
        assert main(["stats", str(path), "--format", "json"]) == 0
        docs.append(json.loads(capsys.readouterr().out))
    assert docs[0] == docs[1]


def test_info_and_heatmap_open_rrweb_with_a_screenshot(tmp_path, capsys):
    rec = write(tmp_path / "visit.json", desktop_recording())
    shot = write_png(tmp_path / "pricing.png", (1280, 3000))
    assert main(["info", str(rec), "--screenshot", str(shot), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in summary["pages"]] == ["shop-example-pricing"]
    out = tmp_path / "map.png"
    assert main(["heatmap", str(rec), "--screenshot", str(shot), "-o", str(out)]) == 0
    assert out.exists()
    assert main(["info", str(rec)]) == 0  # opens: the page rebuilt, or what is missing said
    out = capsys.readouterr().out
    assert "--screenshot" in out
    if CHROMIUM:
        assert "screenshot rebuilt from the recording's DOM snapshot" in out


def test_recorder_prints_or_writes_the_script(tmp_path, capsys):
    assert main(["recorder"]) == 0
    source = capsys.readouterr().out
    assert "SessionViewerRecorder" in source and "keystrokes" in source
    target = tmp_path / "js" / "rec.js"
    target.parent.mkdir()
    assert main(["recorder", "-o", str(target)]) == 0
    assert target.read_text() == source
