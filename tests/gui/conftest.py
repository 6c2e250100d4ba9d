"""Fixtures for window tests: every test gets its own settings file and a fresh window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import DEMO, LOAD_TIMEOUT
from PySide6.QtWidgets import QApplication

from viewer.gui.app import create_application
from viewer.gui.main_window import MainWindow
from viewer.gui.settings import AppSettings


@pytest.fixture(scope="session")
def qapp():
    """The application, styled as the real one (pytest-qt uses this fixture)."""
    return create_application(["session-viewer-tests"])


@pytest.fixture
def settings_path(tmp_path, monkeypatch):
    path = tmp_path / "settings" / "session-viewer.ini"
    # Anything that would fall back to the default location lands in tmp too.
    monkeypatch.setenv("SESSION_VIEWER_SETTINGS", str(tmp_path / "default.ini"))
    return path


@pytest.fixture
def window(qtbot, settings_path):
    w = MainWindow(AppSettings(settings_path))
    w.errors.install()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.errors.uninstall()
    w.jobs.wait(30_000)


@pytest.fixture
def demo_window(window, qtbot):
    """A window showing the bundled demo's screenshot with its click map."""
    with qtbot.waitSignals([window.heatmap_shown, window.page_shown], timeout=LOAD_TIMEOUT):
        window.open_demo()
    return window


@pytest.fixture
def demo_copy(tmp_path):
    """The demo in a folder of its own (region edits write a sidecar next to the pages)."""
    return Path(shutil.copytree(DEMO, tmp_path / "demo"))


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp):
    """Fail a test that leaves a visible top-level window behind (dialogs included)."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    yield
    leaked = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and id(w) not in before and w.parent() is None
    ]
    for w in leaked:
        w.close()
    assert not leaked, f"test left windows open: {[type(w).__name__ for w in leaked]}"
