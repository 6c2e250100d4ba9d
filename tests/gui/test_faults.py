"""Faults in the window: full or read-only disks, broken settings, stale results, and a whole
workflow that must not change a byte of the recordings."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from helpers import DEMO, LOAD_TIMEOUT, open_and_wait
from hostile_corpus import build
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

import viewer.fileio
from viewer.gui.main_window import MainWindow
from viewer.gui.settings import AppSettings
from viewer.replay.clip import ClipOptions


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize(
    "where,code,words",
    [
        ("fsync", errno.ENOSPC, "No space left on device"),
        ("mkstemp", errno.EROFS, "Read-only file system"),
    ],
)
def test_export_to_a_full_or_read_only_disk(
    demo_window, qtbot, tmp_path, monkeypatch, where, code, words
):
    w = demo_window
    target = tmp_path / "map.png"
    target.write_bytes(b"the previous export")

    def fail(*args, **kwargs):
        raise OSError(code, words)

    if where == "fsync":
        monkeypatch.setattr(viewer.fileio.os, "fsync", fail)
    else:
        monkeypatch.setattr(viewer.fileio.tempfile, "mkstemp", fail)
    with qtbot.waitSignal(w.errors.reported, timeout=LOAD_TIMEOUT):
        w.export_to(target)
    message = w.errors.messages[-1]
    assert message == f"cannot write {target}: {words}; nothing was changed there"
    assert w.errors.dialog.windowTitle() == "Could not export"
    w.errors.dialog.close()
    assert target.read_bytes() == b"the previous export"  # untouched
    assert leftovers(tmp_path) == []  # no half-written file
    monkeypatch.undo()
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.export_to(target)  # the window still works once the disk does
    assert target.read_bytes().startswith(b"\x89PNG")


def test_regions_that_cannot_be_saved_stay_in_the_window(window, qtbot, demo_copy, monkeypatch):
    open_and_wait(window, qtbot, demo_copy)
    sidecar = window.pages.current.regions_path
    before = sidecar.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(viewer.fileio.os, "fsync", full)
    editor = window.metrics.editor
    with qtbot.waitSignal(window.errors.reported, timeout=LOAD_TIMEOUT):
        editor.delete(editor.regions[0].name)
    assert "Could not save the regions" in window.errors.messages[-1]
    assert "No space left on device" in window.errors.messages[-1]
    window.errors.dialog.close()
    assert sidecar.read_bytes() == before and leftovers(sidecar.parent) == []
    assert len(editor.regions) == 8  # the edit is kept (and can be undone)
    monkeypatch.undo()
    editor.undo_stack.undo()
    assert len(editor.regions) == 9 and sidecar.read_bytes() == before


def test_hand_edited_or_unreadable_settings_fall_back_to_defaults(qtbot, tmp_path):
    edited = tmp_path / "edited.ini"
    edited.write_text("[heatmap]\nsigma=banana\nkind=laser\nopacity=0.5\n")
    w = MainWindow(AppSettings(edited))
    qtbot.addWidget(w)
    s = w.panel.settings()
    assert (s.kind, s.sigma) == ("click", 20.0)  # what could not be used is ignored
    unreadable = tmp_path / "folder.ini"
    unreadable.mkdir()  # a folder where the file should be
    settings = AppSettings(unreadable)
    assert "could not be read" in settings.notice
    w2 = MainWindow(settings)
    qtbot.addWidget(w2)
    with qtbot.waitSignal(w2.errors.reported, timeout=LOAD_TIMEOUT):
        pass  # the notice is shown once the window runs
    assert "Defaults are used" in w2.errors.messages[-1]
    w2.errors.dialog.close()


def test_rapid_setting_changes_never_show_a_stale_map(demo_window, qtbot):
    w = demo_window
    shown = []
    w.heatmap_shown.connect(
        lambda: shown.append(
            (
                w.heatmaps.heatmap.settings.kind,
                w.heatmaps.heatmap.settings.sigma,
                w.panel.settings().kind,
                w.panel.settings().sigma,
            )
        )
    )
    kinds = ["move", "click", "dwell", "scroll"]
    for i in range(40):
        w.panel.set_kind(kinds[i % 4])
        w.panel.sigma.setValue(10 + i)
        w.heatmaps.request()  # no debounce: every change is a job
        if i % 7 == 0:
            QApplication.processEvents()  # let the results that are done arrive in between
    qtbot.waitUntil(lambda: not w.jobs.busy("heatmap"), timeout=LOAD_TIMEOUT)
    qtbot.waitUntil(lambda: shown and shown[-1][1] == 49, timeout=LOAD_TIMEOUT)
    for map_kind, map_sigma, panel_kind, panel_sigma in shown:
        # What is on screen is what the panel asks for when it arrives, never an older map.
        assert map_kind == panel_kind
        assert map_kind == "scroll" or map_sigma == panel_sigma
    assert w.jobs.dropped > 0  # older results did come back, and were thrown away


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_whole_workflow_changes_no_recording(window, qtbot, demo_copy, tmp_path):
    demo = demo_copy
    before = tree_digest(demo)
    w = open_and_wait(window, qtbot, demo)
    for kind in ("move", "dwell", "scroll", "click"):
        with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
            w.panel.set_kind(kind)
    w.browser.tag.setCurrentText("variant=B")
    # A region drawn, moved and removed again.
    w.canvas.set_zoom(0.5)
    w.canvas.centerOn(QPointF(300, 300))
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.metrics.editor.add("Temporary", w.canvas.sceneRect().adjusted(40, 40, -1200, -5400))
    w.metrics.undo()
    # Replay, a clip and two exports, to a folder of their own.
    out = tmp_path / "out"
    out.mkdir()
    session = w.browser.model.session_at(0)
    w.replays.play(session)
    w.replay.seek(5000)
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.replays.export_clip_to(out / "clip.gif", ClipOptions(0, 2000, fps=5, width=320))
    w.replays.exit()
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.export_to(out / "map.png")
    with qtbot.waitSignal(w.page_shown, timeout=LOAD_TIMEOUT):
        w.page_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: not w.jobs.busy(), timeout=LOAD_TIMEOUT)
    w.pages.close()
    after = tree_digest(demo)
    # The only file the window may write there is the regions sidecar, and it is as it was
    # after the region was undone.
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == ["clip.gif", "map.png"]


def test_the_hostile_corpus_opens_in_the_window(window, qtbot, tmp_path):
    expect = build(tmp_path)
    # The first page (by id) is the one whose screenshot is corrupt: one more problem, said on
    # the canvas where the page would be; no dialog, no traceback (the decoder is validate's).
    with qtbot.waitSignal(window.screenshot_damaged, timeout=LOAD_TIMEOUT * 2) as damaged:
        window.open_path(tmp_path)
    assert window.pages.current.page.id == "corrupt-png"
    assert "the screenshot 'shot.png' is damaged" in damaged.args[0].message
    assert "Cannot show this page" in window.canvas.empty_text
    assert window.errors.messages == []
    panel = window.problems
    assert panel.error_count == len(expect)  # its pixels were found damaged, as validate does
    assert window.dock("problems").isVisible()
    names = [panel.topLevelItem(i).text(1) for i in range(panel.topLevelItemCount())]
    assert any("caf\\xe9-\\xff.session.json" in n for n in names)  # shown, not dropped
    # The good page beside them works as usual.
    with qtbot.waitSignals([window.heatmap_shown, window.page_shown], timeout=LOAD_TIMEOUT):
        window.page_combo.setCurrentIndex(window.page_combo.findData("p1"))
    assert window.browser.model.rowCount() == 1


def test_a_folder_whose_name_is_not_utf8_opens_and_is_named_with_escapes(window, qtbot, tmp_path):
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    shutil.copytree(DEMO / "brightside-mobile", folder / "brightside-mobile")
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    open_and_wait(window, qtbot, folder)  # the screenshot there is found and shown
    assert f"Opening {tmp_path}/caf\\xe9..." in messages
    assert any(m.startswith(f"Opened {tmp_path}/caf\\xe9: 1 page") for m in messages)
    # Settings hold Unicode text only: the folder is not remembered, rather than remembered
    # as another path.
    recent = [a.text() for a in window.recent_menu.actions()]
    assert not any(r.startswith(f"{tmp_path}/caf") for r in recent)
    assert window.settings.recent() == []
