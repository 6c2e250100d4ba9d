"""Headless Chromium for the tests (Debian's, never a downloaded one), through Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium here (.ci/run installs Debian's chromium package)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path, handler=QuietHandler):
    """Serve ``root`` on 127.0.0.1 (with ``handler``, a SimpleHTTPRequestHandler); returns
    (base URL, server to shut down)."""
    handler = functools.partial(handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@contextlib.contextmanager
def served(root: Path, handler=QuietHandler):
    """``root`` served on 127.0.0.1 while the block runs: yields its base URL."""
    base, server = serve(root, handler)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def recorder_site(root: Path, html: str) -> Path:
    """A folder of one page, ``index.html``, and the bundled recorder it loads."""
    from viewer.recorder import recorder_source

    root.mkdir(parents=True)
    (root / "index.html").write_text(html)
    (root / "session-recorder.js").write_text(recorder_source())
    return root


def phone_page(browser, url: str, width: int = 390):
    """A page in a phone's browser (touch, mobile layout): (context, page), at ``url``."""
    context = browser.new_context(
        viewport={"width": width, "height": 700}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(url)
    return context, page


def npm_install(folder: Path, *packages: str) -> Path:
    """Install npm ``packages`` (``name@version``) into ``folder`` (never the repository) and
    return its ``node_modules``; the test is skipped where npm is missing or cannot."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("no npm here to install rrweb")
    r = subprocess.run(
        [
            npm,
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(folder),
            *packages,
        ],
        capture_output=True,
        timeout=300,
    )
    if r.returncode != 0:
        pytest.skip(f"npm could not install {' '.join(packages)}: {r.stderr.decode()[-300:]}")
    return folder / "node_modules"
