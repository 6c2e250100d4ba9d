"""A screenshot for recordings that have none: the page rebuilt from rrweb's full snapshot.

rrweb, PostHog, Highlight and Sentry record the page's DOM, never an image of it. The first full
snapshot of a visit is written back as static HTML (:mod:`viewer.importers.snapshot_html`),
rendered in headless Chromium at the visitor's viewport width with scripts off and every
request refused, and its full-page screenshot becomes the page's screenshot. Images the
recorder did not inline appear as empty boxes of their size. The browser is Debian's
``chromium`` (or any Chromium or Chrome on PATH, or ``$SESSION_VIEWER_CHROMIUM``), driven by
Playwright; a browser is never downloaded.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import msgspec

from viewer.fileio import atomic_write
from viewer.importers.snapshot_html import snapshot_html
from viewer.recording.errors import RecordingError
from viewer.recording.limits import MAX_SCREENSHOT_PIXELS

#: What a rebuilt page is called on the canvas, in exports and in page files.
REBUILT = "rebuilt from the recording's DOM snapshot"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "no Chromium was found to rebuild the page from the recording: install one (Debian and "
    "Ubuntu: apt install chromium; or set SESSION_VIEWER_CHROMIUM to its path) and "
    "pip install playwright, or give --screenshot PAGE.png"
)


@dataclass(frozen=True)
class Rebuilt:
    """A rebuilt page: its screenshot file, and its size in CSS px (1 image px each)."""

    screenshot: Path
    width: int
    height: int


def find_browser() -> str | None:
    """The Chromium to use, or None."""
    given = os.environ.get("SESSION_VIEWER_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def cache_folder() -> Path:
    """Where rebuilt screenshots are kept: the user's cache folder, never beside recordings."""
    if os.environ.get("SESSION_VIEWER_CACHE"):
        return Path(os.environ["SESSION_VIEWER_CACHE"]) / "rebuilt-pages"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "session-viewer" / "rebuilt-pages"


def rebuild_page(
    path: Path, snapshot: bytes, viewport: tuple[int, int], folder: Path | None = None
) -> Rebuilt:
    """Render a visit's full snapshot (the raw JSON of its ``data``) to a screenshot.

    Parameters
    ----------
    path
        The recording (for errors).
    snapshot
        The full snapshot event's ``data``.
    viewport
        The visitor's viewport in CSS px: the page is laid out at this width.
    folder
        Where to write the screenshot (default: :func:`cache_folder`); a page already rebuilt
        from the same snapshot at the same size is taken from there.

    Raises
    ------
    RecordingError
        No browser, no Playwright, or the snapshot cannot be rendered.
    """
    try:
        node = msgspec.json.decode(snapshot).get("node")
    except (msgspec.DecodeError, AttributeError, RecursionError):
        raise RecordingError(path, "its full snapshot is not readable; give --screenshot") from None
    if not isinstance(node, dict):
        raise RecordingError(path, "its full snapshot has no document; give --screenshot")
    page_html = snapshot_html(node)
    width, height = max(200, int(viewport[0] or 1280)), max(200, int(viewport[1] or 800))
    key = hashlib.sha256(f"{width}x{height}\n{page_html}".encode()).hexdigest()[:24]
    folder = folder or cache_folder()
    target = folder / f"{key}.png"
    size_file = folder / f"{key}.size"
    if target.is_file() and size_file.is_file():
        w, h = (int(v) for v in size_file.read_text().split("x"))
        return Rebuilt(target, w, h)
    png, (w, h) = _render(path, page_html, width, height)
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(target, png)
    atomic_write(size_file, f"{w}x{h}".encode())
    return Rebuilt(target, w, h)


def _render(path: Path, page_html: str, width: int, height: int) -> tuple[bytes, tuple[int, int]]:
    # In a thread of its own: Playwright's sync API refuses to run where an asyncio loop runs
    # (a caller that drives a browser already, or an async program).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render_here, path, page_html, width, height).result()


@contextmanager
def offline_page(path: Path, width: int, height: int):
    """A page of the system Chromium with scripts off, offline, every request refused: where a
    recording's DOM is laid out (nothing leaves the machine).

    Raises
    ------
    RecordingError
        No browser, or no Playwright (the message says what to install).
    """
    browser_path = find_browser()
    if browser_path is None:
        raise RecordingError(path, INSTALL_HINT)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise RecordingError(path, INSTALL_HINT.replace("no Chromium", "no Playwright")) from None
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=args)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                java_script_enabled=False,
                offline=True,
            )
            context.route("**/*", lambda route: route.abort())
            yield context.new_page()
        finally:
            browser.close()


def _render_here(
    path: Path, page_html: str, width: int, height: int
) -> tuple[bytes, tuple[int, int]]:
    from playwright.sync_api import Error as PlaywrightError

    try:
        with offline_page(path, width, height) as page:
            page.set_content(page_html, wait_until="load", timeout=30_000)
            size = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            w = max(1, min(int(size[0]), 4 * width))
            h = max(1, min(int(size[1]), MAX_SCREENSHOT_PIXELS // w))
            page.set_viewport_size({"width": width, "height": height})
            png = page.screenshot(
                full_page=True, clip={"x": 0, "y": 0, "width": width, "height": h}
            )
    except PlaywrightError as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise RecordingError(path, f"the page could not be rebuilt in Chromium ({first})") from None
    return png, (width, h)
