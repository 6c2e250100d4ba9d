"""The window's menus, shortcuts and toolbar, built from the action table, and the recent
files menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from viewer.gui.actions import ACTIONS
from viewer.gui.plain import plain_label
from viewer.gui.settings import AppSettings

#: The toolbar's commands, in order (None: a separator; "page": the page chooser).
TOOLBAR = (
    "open_folder",
    None,
    "page",
    None,
    "fit_width",
    "actual_size",
    "zoom_out",
    "zoom_in",
    None,
    "draw_region",
    "compare",
    None,
    "export",
)


class RecentMenu(QMenu):
    """File > Open Recent: the recent files of ``settings``, each opened with ``open_path``."""

    def __init__(self, settings: AppSettings, open_path: Callable[[Path], None], parent=None):
        super().__init__("Open &Recent", parent)
        self.settings, self.open_path = settings, open_path
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        recent = self.settings.recent()
        for path in recent:
            self.addAction(path).triggered.connect(lambda _=False, p=path: self.open_path(Path(p)))
        if recent:
            self.addSeparator()
            self.addAction("Clear List").triggered.connect(
                lambda: (self.settings.clear_recent(), self.refresh())
            )
        self.setEnabled(bool(recent))


def build_menus(window: QMainWindow, replay_area: QWidget, docks) -> dict[str, QAction]:
    """Every command of :data:`ACTIONS` as an action of ``window`` in its menu, with its keys;
    the replay's keys act on ``replay_area`` only. Returns the actions by id."""
    menus: dict[str, QMenu] = {}
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.title, window)
        keys = spec.key_sequences()
        if keys:
            action.setShortcuts(keys)
        if spec.tip:
            action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        action.setChecked(spec.checked)
        if spec.checkable:  # a toggle's handler is told the new state
            action.triggered.connect(lambda on, h=spec.handler: h(window, on))
        else:
            action.triggered.connect(lambda *_, h=spec.handler: h(window))
        if spec.replay:
            # Space and the arrow keys belong to the page area while replaying, so that they
            # still type and move in the search box and the session table.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)
            replay_area.addAction(action)
        else:
            window.addAction(action)
        actions[spec.id] = action
        if spec.menu not in menus:
            menus[spec.menu] = window.menuBar().addMenu(f"&{spec.menu}")
        menus[spec.menu].addAction(action)
        if spec.id == "open_demo":
            window.recent_menu = RecentMenu(window.settings, window.open_path, menus["File"])
            menus["File"].addMenu(window.recent_menu)
            menus["File"].addSeparator()
    menus["View"].addSeparator()
    for dock in docks:
        menus["View"].addAction(dock.toggleViewAction())
    return actions


def build_toolbar(window: QMainWindow, actions: dict[str, QAction], page_chooser) -> QToolBar:
    bar = QToolBar("Main")
    bar.setObjectName("main-toolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(16, 16))
    window.addToolBar(bar)
    for item in TOOLBAR:
        if item is None:
            bar.addSeparator()
        elif item == "page":
            bar.addWidget(plain_label(" Page "))
            bar.addWidget(page_chooser)
        else:
            bar.addAction(actions[item])
    return bar


def follow_undo_stack(actions: dict[str, QAction], undo_stack) -> None:
    """Undo and Redo Region are enabled only when there is something to undo or redo."""
    for aid, signal, can in (
        ("undo_region", undo_stack.canUndoChanged, undo_stack.canUndo),
        ("redo_region", undo_stack.canRedoChanged, undo_stack.canRedo),
    ):
        actions[aid].setEnabled(can())
        signal.connect(actions[aid].setEnabled)
