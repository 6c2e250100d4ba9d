"""The window on a laptop screen and as a daily tool: the replay bar fits 1024 px, the docks
keep their widths through a replay, the page re-fits when the window is resized, and nothing is
written inside the installed package."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import DEMO, LOAD_TIMEOUT
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

import viewer
from viewer.demo.workspace import MANIFEST, data_folder, demo_workspace

PACKAGE = Path(viewer.__file__).resolve().parent


def replay_first(w, qtbot):
    with qtbot.waitSignal(w.replay.frame_shown, timeout=LOAD_TIMEOUT):
        w.replays.play(w.pages.current.sessions[0])


def test_replay_fits_a_1024_px_screen_with_nothing_cut_or_overlapping(demo_window, qtbot):
    w = demo_window
    w.resize(1024, 700)
    w.docks.fit()  # as at the start on a 1024 px screen
    QApplication.processEvents()
    replay_first(w, qtbot)
    QApplication.processEvents()
    assert w.minimumSizeHint().width() <= 1024
    assert w.width() <= 1024  # the window did not grow off the screen
    panel = w.replay_panel
    shown = [
        c
        for c in [*panel.findChildren(QAbstractButton), *panel.findChildren(QLabel)]
        if c.isVisibleTo(panel) and c is not panel.title
    ]
    boxes = [(c, QRectF(c.mapTo(panel, c.rect().topLeft()), c.size().toSizeF())) for c in shown]
    for i, (a, ra) in enumerate(boxes):
        name = a.text() or a.toolTip()
        assert a.width() >= a.minimumSizeHint().width(), f"{name!r} is cut"
        for b, rb in boxes[i + 1 :]:
            assert not ra.intersects(rb), f"{name!r} overlaps {b.text() or b.toolTip()!r}"
        assert ra.right() <= panel.width(), f"{name!r} runs off the bar"


def test_shrunk_from_a_large_screen_the_page_gets_its_room_back(demo_window, qtbot):
    w = demo_window
    w.resize(1900, 1000)
    w.docks.fit()
    QApplication.processEvents()
    w.resize(1024, 700)
    QApplication.processEvents()
    assert w.canvas.width() >= 450  # the docks shrank with the window


def test_the_session_list_keeps_its_width_through_a_replay(demo_window, qtbot):
    w = demo_window
    before = w.dock("sessions").width()
    replay_first(w, qtbot)
    QApplication.processEvents()
    w.replays.exit()
    QApplication.processEvents()
    assert abs(w.dock("sessions").width() - before) <= 2


def test_in_fit_width_mode_the_page_follows_the_window(demo_window, qtbot):
    w = demo_window
    c = w.canvas
    page_w = c.page_size[0]
    assert c.fitting
    w.resize(w.width() - 300, w.height())
    QApplication.processEvents()
    assert abs(c.zoom - (c.viewport().width() - 24) / page_w) < 1e-6
    c.zoom_in()  # a zoom picked by the user stays
    zoom = c.zoom
    w.resize(w.width() + 200, w.height())
    QApplication.processEvents()
    assert not c.fitting and c.zoom == zoom


def test_the_demo_opens_in_a_working_copy_and_nothing_is_written_in_the_package(demo_window, qtbot):
    w = demo_window
    copy = data_folder() / "demo"
    assert w.pages.data.path == copy
    assert w.pages.current.regions_path.is_relative_to(copy)
    assert not w.settings.export_folder().resolve().is_relative_to(PACKAGE)
    assert not w.settings.export_folder().resolve().is_relative_to(copy)
    before = {p: p.stat().st_mtime_ns for p in DEMO.rglob("*") if p.is_file()}
    with qtbot.waitSignal(w.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        w.metrics.editor.add("Header", QRectF(0, 0, 1440, 80))
    assert (copy / "brightside-desktop" / "regions.json").is_file()
    after = {p: p.stat().st_mtime_ns for p in DEMO.rglob("*") if p.is_file()}
    assert after == before  # the bundled recordings are as they were


def test_the_working_copy_is_made_whole_and_updated_keeping_the_users_regions(tmp_path):
    source = tmp_path / "bundled"
    (source / "p").mkdir(parents=True)
    (source / "p" / "page.json").write_text("{}")
    (source / "p" / "regions.json").write_text('{"v": 1}')
    copy = demo_workspace(tmp_path / "copy", source)
    assert sorted(p.name for p in (copy / "p").iterdir()) == ["page.json", "regions.json"]
    assert set(json.loads((copy / MANIFEST).read_text())) == {"p/page.json", "p/regions.json"}
    (copy / "p" / "regions.json").write_text('{"mine": true}')  # the user drew a region
    (source / "p" / "page.json").write_text('{"new": 1}')  # a new version of the program
    (source / "p" / "regions.json").write_text('{"v": 2}')
    demo_workspace(copy, source)
    assert (copy / "p" / "page.json").read_text() == '{"new": 1}'
    assert (copy / "p" / "regions.json").read_text() == '{"mine": true}'
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left
