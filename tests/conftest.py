"""Shared fixtures. Qt runs offscreen: set before any QApplication can exist."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from helpers import DEMO, page_doc, session_doc, write_json, write_png

from viewer.recording import Page


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Pages rebuilt from recordings go to a folder of the test run, never the user's cache."""
    os.environ["SESSION_VIEWER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    # The demo's working copy (and anything else of the user's data) too.
    os.environ["SESSION_VIEWER_DATA"] = str(tmp_path_factory.mktemp("data"))


@pytest.fixture
def page_folder(tmp_path: Path) -> Path:
    """A folder with a valid 200 x 400 page (`page.json`, `shot.png`) and one session."""
    write_png(tmp_path / "shot.png")
    write_json(tmp_path / "page.json", page_doc())
    write_json(tmp_path / "sessions" / "s1.session.json", session_doc())
    return tmp_path


@pytest.fixture
def demo_page() -> Page:
    from viewer.recording import load_page

    return load_page(DEMO / "brightside-desktop" / "page.json")


@pytest.fixture
def browser():
    """Debian's headless Chromium through Playwright (tests that take it are marked
    ``needs_chromium`` from browser_helpers)."""
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS

    playwright = pytest.importorskip("playwright.sync_api", reason="the test extra installs it")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def demo_library():
    """The bundled demo, opened once (read only: tests must not change it)."""
    from viewer.library import open_path

    return open_path(DEMO)


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory, demo_library):
    """The demo as an archive, made once (read only: a test that damages an archive makes
    its own)."""
    from viewer.library.archive_write import add_to_archive

    root = tmp_path_factory.mktemp("demo-archive") / "archive"
    add_to_archive(root, demo_library.pages, demo_library.all_sessions)
    return root
