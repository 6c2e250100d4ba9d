"""The window with pytest-qt (offscreen): open, switch maps, debounce, export, problems."""

from __future__ import annotations

import gc
import json
import shutil
import weakref
from pathlib import Path

import numpy as np
from helpers import DEMO, LOAD_TIMEOUT, session_doc, write_json
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from viewer.cli import main as cli_main
from viewer.demo.workspace import data_folder
from viewer.gui.actions import ACTIONS
from viewer.gui.main_window import MainWindow
from viewer.gui.settings import AppSettings
from viewer.render.export import read_metadata


def overlay_pixels(window: MainWindow) -> np.ndarray:
    image = window.canvas.overlay_image().convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).copy()


def test_opens_the_demo_with_its_click_map(demo_window):
    w = demo_window
    assert w.page_combo.count() == 2
    assert w.page_combo.currentData() == "brightside-desktop"
    assert w.browser.model.rowCount() == 300
    assert w.browser.count.text() == "300 sessions"
    assert w.canvas.has_overlay and w.heatmaps.heatmap is not None
    assert w.heatmaps.heatmap.settings.kind == "click" and w.heatmaps.heatmap.n_sessions == 300
    assert "brightside-desktop" in w.windowTitle()
    assert not w.dock("problems").isVisible()
    assert w.errors.messages == []


def test_switching_kinds_changes_the_overlay(demo_window, qtbot):
    w = demo_window
    before = overlay_pixels(w)
    seen = {"click": before}
    for kind, button in (("move", "move"), ("scroll", "scroll"), ("dwell", "dwell")):
        with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
            w.panel.kind_buttons[button].click()
        assert w.heatmaps.heatmap.settings.kind == kind
        pixels = overlay_pixels(w)
        for other, px in seen.items():
            assert px.shape != pixels.shape or not np.array_equal(px, pixels), (kind, other)
        seen[kind] = pixels
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.actions_by_id["kind_click"].trigger()
    assert np.array_equal(overlay_pixels(w), before)  # same settings, same picture


def test_a_sigma_drag_recomputes_exactly_once(demo_window, qtbot):
    w = demo_window
    start = w.heatmaps.recomputes
    for value in range(21, 41):  # a drag: twenty steps in a row
        w.panel.sigma.setValue(value)
    assert w.heatmaps.recomputes == start  # nothing yet: the drag has not settled
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        pass
    assert w.heatmaps.recomputes == start + 1
    assert w.heatmaps.heatmap.settings.sigma == 40.0


def test_colour_changes_recolour_without_recomputing(demo_window, qtbot):
    w = demo_window
    start, updates = w.heatmaps.recomputes, w.canvas.overlay_updates
    w.panel.colormap.setCurrentIndex(w.panel.colormap.findData("inferno"))
    w.panel.opacity.setValue(50)
    assert w.canvas.overlay_updates == updates + 2  # at once, each time
    # Nothing is waiting to recompute either (a recompute would be pending on the debouncer).
    assert not w.heatmaps.pending and w.heatmaps.recomputes == start


def test_export_writes_the_same_file_as_the_command_line(demo_window, qtbot, tmp_path):
    w = demo_window
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.set_kind("move")
    w.panel.sigma.setValue(30)
    w.panel.colormap.setCurrentIndex(w.panel.colormap.findData("inferno"))
    gui_png = tmp_path / "gui.png"
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.export_to(gui_png, legend=True)
    cli_png = tmp_path / "cli.png"
    assert (
        cli_main(
            [
                "heatmap",
                str(DEMO),
                "--page",
                "brightside-desktop",
                "--kind",
                "move",
                "--sigma",
                "30",
                "--colormap",
                "inferno",
                "--legend",
                "-o",
                str(cli_png),
            ]
        )
        == 0
    )
    assert read_metadata(gui_png) == read_metadata(cli_png)
    assert np.array_equal(np.asarray(Image.open(gui_png)), np.asarray(Image.open(cli_png)))
    assert gui_png.read_bytes() == cli_png.read_bytes()


def test_export_of_a_region_at_another_scale(demo_window, qtbot, tmp_path):
    w = demo_window
    w.canvas.select_region(w.canvas.mapToScene(QRect(0, 0, 10, 10)).boundingRect())
    out = tmp_path / "region.png"
    with qtbot.waitSignal(w.exported, timeout=LOAD_TIMEOUT):
        w.export_to(out, region=(100, 200, 300, 150), zoom=0.5, legend=False)
    assert Image.open(out).size == (150, 75)
    assert read_metadata(out)["region"] == [100, 200, 300, 150]


def test_a_damaged_file_shows_in_problems_and_the_rest_loads(window, qtbot, tmp_path):
    folder = tmp_path / "recordings"
    shutil.copytree(DEMO / "brightside-mobile", folder / "brightside-mobile")
    bad = folder / "brightside-mobile" / "sessions" / "broken.session.json"
    doc = session_doc(page="brightside-mobile")
    doc["events"]["value"][4] = -300
    write_json(bad, doc)
    truncated = folder / "brightside-mobile" / "sessions" / "m00002.session.json.gz"
    truncated.write_bytes(truncated.read_bytes()[:100])
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT):
        window.open_path(folder)
    assert window.browser.model.rowCount() == 159  # 160 demo sessions, one truncated
    problems = window.problems.problems
    assert sorted(p.path.name for p in problems) == [
        "broken.session.json",
        "m00002.session.json.gz",
    ]
    assert window.dock("problems").isVisible()
    assert window.problems.topLevelItemCount() == 2
    texts = [window.problems.topLevelItem(i).text(3) for i in range(2)]
    assert "negative dwell duration (-300 ms)" in texts
    assert "2 errors" in window.dock("problems").windowTitle()


def test_closing_empties_the_window_and_lets_go_of_the_recordings(demo_window, qtbot, tmp_path):
    w = demo_window
    page = weakref.ref(w.pages.current)
    session = weakref.ref(w.pages.current.sessions[0])
    with qtbot.waitSignal(w.replay.frame_shown, timeout=LOAD_TIMEOUT):
        w.replays.play(w.pages.current.sessions[0])
    w.open_compare()
    assert w.compare.view.isVisible()
    w.actions_by_id["close"].trigger()
    assert w.browser.model.rowCount() == 0
    assert w.browser.count.text() == "No recordings open"
    assert w.page_combo.count() == 0
    assert not w.replay.active and not w.replay_panel.isVisible()
    assert not w.compare.view.isVisible()
    assert not w.canvas.has_overlay
    assert w.windowTitle() == "session-viewer"
    assert w.metrics.panel.metrics.rowCount() == 0
    assert w.panel.summary.text() == ""  # no map, so no words about one
    assert w.status_line.zoom.text() == "100 %"  # as when the window starts
    # What a person sees: the canvas is empty but for the hint.
    image = w.canvas.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    assert set(np.unique(pixels)) >= {233, 236, 242}  # the canvas background
    assert pixels.min() < 150  # the hint's text
    # Nothing still holds the demo's sessions (once the work already running has ended: the
    # comparison the compare view opened with, the window's jobs).
    w.jobs.wait(30_000)
    w.compare.view.jobs.wait(30_000)
    QApplication.processEvents()
    gc.collect()
    assert page() is None and session() is None
    # And the window works as before.
    with qtbot.waitSignals([w.heatmap_shown, w.page_shown], timeout=LOAD_TIMEOUT):
        w.open_demo()
    assert w.browser.model.rowCount() == 300


def test_an_empty_folder_after_the_demo_shows_nothing_of_the_demo(demo_window, qtbot, tmp_path):
    with qtbot.waitSignal(demo_window.loaded, timeout=LOAD_TIMEOUT):
        demo_window.open_path(tmp_path)
    assert demo_window.browser.model.rowCount() == 0
    assert demo_window.pages.current is None
    assert demo_window.page_combo.count() == 0


def test_settings_go_to_the_injected_path(demo_window, settings_path, tmp_path):
    w = demo_window
    w.panel.sigma.setValue(33)
    w.close()
    text = settings_path.read_text()
    assert "recent" in text and str(data_folder() / "demo") in text  # the demo's working copy
    assert "sigma=33" in text
    assert not (tmp_path / "default.ini").exists()
    again = AppSettings(settings_path)
    assert again.recent()[0] == str(data_folder() / "demo")


def test_settings_restore_the_heatmap_and_only_geometry_that_fits(qtbot, settings_path):
    s = AppSettings(settings_path)
    for key, value in {
        "kind": "dwell",
        "sigma": 44.0,
        "colormap": "viridis",
        "opacity": 0.5,
        "scale": "relative",
    }.items():
        s.set(f"heatmap/{key}", value)
    s.save_geometry(QRect(50000, 50000, 800, 600), False)  # on no screen any more
    s.sync()
    w = MainWindow(AppSettings(settings_path))
    qtbot.addWidget(w)
    assert w.panel.kind == "dwell" and w.panel.sigma.value() == 44
    assert w.panel.colormap.currentData() == "viridis"
    assert w.geometry().x() < 10000
    s.save_geometry(QRect(10, 20, 700, 500), False)
    s.sync()
    rect, _ = AppSettings(settings_path).restored_geometry(
        [QApplication.primaryScreen().availableGeometry()]
    )
    assert rect is not None and rect.width() == 700


def test_a_garbled_settings_file_still_starts_the_window(qtbot, settings_path):
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_bytes(
        b"[General]\nrecent=@Invalid(\x00\xff\n\x00garbage\n[heatmap]\nsigma=@@"
    )
    w = MainWindow(AppSettings(settings_path))
    qtbot.addWidget(w)
    assert all(isinstance(r, str) for r in w.settings.recent())
    assert w.panel.settings().sigma == 20.0  # the unreadable value is not used


def test_exceptions_in_slots_show_a_dialog_and_the_app_keeps_running(demo_window, qtbot):
    w = demo_window

    def broken():
        raise RuntimeError("a slot failed")

    w.panel.opacity.valueChanged.connect(broken)
    with qtbot.waitSignal(w.errors.reported, timeout=5000):
        w.panel.opacity.setValue(40)
    assert "RuntimeError: a slot failed" in w.errors.messages
    assert w.errors.dialog is not None and w.errors.dialog.isVisible()
    w.errors.dialog.close()
    w.panel.opacity.valueChanged.disconnect(broken)
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.set_kind("scroll")  # still working


def test_worker_errors_are_reported(window, qtbot, tmp_path):
    missing = tmp_path / "gone"
    missing.mkdir()
    shutil.rmtree(missing)
    with qtbot.waitSignal(window.errors.reported, timeout=LOAD_TIMEOUT):
        window.open_path(missing)
    assert "no such file or folder" in window.errors.messages[-1]
    window.errors.dialog.close()


def test_drag_and_drop_opens_a_folder(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DEMO / "brightside-mobile"))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.heatmap_shown, timeout=LOAD_TIMEOUT):
        window.dropEvent(event)
    assert window.page_combo.currentData() == "brightside-mobile"


def test_page_switcher_filters_selection_and_pointer(demo_window, qtbot):
    w = demo_window
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.page_combo.setCurrentIndex(1)
    assert w.browser.model.rowCount() == 160
    # Filter by tag, then limit the map to the filtered sessions.
    w.browser.tag.setCurrentIndex(w.browser.tag.findText("variant=B"))
    assert w.browser.model.rowCount() == 88
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.scope.setCurrentIndex(w.panel.scope.findData("filtered"))
    assert w.heatmaps.heatmap.n_sessions == 88
    # Selecting two sessions, with "selected" scope, maps just those two.
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.panel.scope.setCurrentIndex(w.panel.scope.findData("selected"))
    ids = [w.browser.model.session_at(r).id for r in (0, 1)]
    with qtbot.waitSignal(w.heatmap_shown, timeout=LOAD_TIMEOUT):
        w.browser.select_ids(ids)
    assert w.heatmaps.heatmap.n_sessions == 2
    # The status bar reads the page position and the map under the pointer.
    w.canvas.pointer_moved.emit(195.0, 300.0)
    assert w.status_line.pointer.text().startswith("x 195  y 300 px")


def test_sorting_the_session_table(demo_window):
    model = demo_window.browser.model
    model.sort(5, Qt.SortOrder.DescendingOrder)  # clicks, most first
    clicks = [int(model.data(model.index(r, 5))) for r in range(model.rowCount())]
    assert clicks == sorted(clicks, reverse=True)


def test_zoom_actions(demo_window):
    c = demo_window.canvas
    demo_window.actions_by_id["actual_size"].trigger()
    assert c.zoom == 1.0
    demo_window.actions_by_id["zoom_in"].trigger()
    assert c.zoom == 1.25
    demo_window.actions_by_id["zoom_out"].trigger()
    demo_window.actions_by_id["zoom_out"].trigger()
    assert c.zoom == 0.9
    demo_window.actions_by_id["fit_width"].trigger()
    assert 0.1 < c.zoom < 1.0
    assert demo_window.status_line.zoom.text() == f"{c.zoom * 100:.0f} %"


def test_every_action_has_a_handler_and_standard_keys_are_used(window):
    ids = {a.id for a in ACTIONS}
    assert {"open", "export", "quit", "zoom_in", "zoom_out", "full_screen"} <= ids
    assert window.actions_by_id["open"].shortcut().toString() == "Ctrl+O"
    assert window.actions_by_id["export"].shortcut().toString() == "Ctrl+E"
    assert window.actions_by_id["quit"].shortcut().toString() == "Ctrl+Q"


def test_shift_drag_selects_a_region(demo_window, qtbot):
    from PySide6.QtTest import QTest

    c = demo_window.canvas
    with qtbot.waitSignal(c.region_selected, timeout=2000) as blocker:
        QTest.mousePress(
            c.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ShiftModifier,
            QPoint(100, 100),
        )
        QTest.mouseMove(c.viewport(), QPoint(260, 220))
        QTest.mouseRelease(
            c.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ShiftModifier,
            QPoint(260, 220),
        )
    rect = blocker.args[0]
    assert rect.width() > 100 and rect.height() > 80
    assert c.selected_region == rect


def test_the_window_looks_complete(demo_window, tmp_path):
    """A rendered frame shows the page, the overlay and the side panels."""
    image = demo_window.grab().toImage()
    assert image.width() >= 1200 and image.height() >= 800
    path = tmp_path / "window.png"
    image.save(str(path))
    px = np.asarray(Image.open(path).convert("RGB")).astype(int)
    # Not a blank frame: many distinct colours (screenshot, heatmap, widgets).
    assert len(np.unique(px.reshape(-1, 3), axis=0)) > 500
    assert json.dumps(demo_window.heatmaps.heatmap.settings.to_dict())
    assert Path(path).stat().st_size > 50_000


def test_export_and_clip_dialogs_report_the_choices(qtbot, tmp_path):
    from PySide6.QtCore import QRectF

    from viewer.gui.clip_dialog import ClipDialog
    from viewer.gui.export_dialog import ExportDialog

    d = ExportDialog(
        None,
        page_size=(1440, 5620),
        visible=QRectF(0, 100, 800, 600),
        selected=QRectF(10, 20, 300, 200),
        zoom=2.0,
        suggested=tmp_path / "a.png",
    )
    qtbot.addWidget(d)
    assert d.choice() == (tmp_path / "a.png", (10, 20, 300, 200), 2.0, True)
    d.visible.setChecked(True)
    assert d.choice()[1] == (0, 100, 800, 600)
    d.full.setChecked(True)
    assert d.choice()[1] is None
    c = ClipDialog(None, 1000, 9000, tmp_path / "c.gif")
    qtbot.addWidget(c)
    c.width.setValue(480)
    options = c.options()
    assert c.path() == tmp_path / "c.gif"
    assert (options.start_ms, options.end_ms, options.width) == (1000, 9000, 480)


def test_the_heatmap_panel_fills_itself_from_the_parameters_table(window):
    from viewer.state import heatmap_params as params

    panel = window.panel
    assert [b.text() for b in panel.kind_buttons.values()] == [c.label for c in params.KIND.choices]
    for combo, p in ((panel.scale, params.SCALE), (panel.scroll_metric, params.SCROLL_METRIC)):
        items = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        assert items == [(c.label, c.value) for c in p.choices]
    assert (panel.sigma.minimum(), panel.sigma.maximum()) == (params.SIGMA.low, params.SIGMA.high)
    assert panel.settings() == type(panel.settings())()  # a new panel shows the defaults
