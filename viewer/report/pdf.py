"""The report printed to PDF by the system's headless Chromium (Debian's, as for the page
rebuild: never a downloaded browser), each section on its own pages."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

PAPERS = ("A4", "Letter")


class PdfUnavailable(RuntimeError):
    """No Chromium (or no Playwright) to print with."""


def chromium() -> str:
    """The system Chromium's path.

    Raises
    ------
    PdfUnavailable
        There is none.
    """
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise PdfUnavailable(
            "printing to PDF needs Chromium (Debian/Ubuntu: apt-get install chromium); "
            "the HTML report was written and prints from any browser"
        )
    return found


def pdf_bytes(html: str, paper: str = "A4") -> bytes:
    """``html`` (a self-contained page) printed on ``paper`` (A4 or Letter)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:  # pragma: no cover - a dependency
        raise PdfUnavailable(f"printing to PDF needs Playwright: {e}") from None
    executable = chromium()
    with tempfile.TemporaryDirectory(prefix="session-viewer-report-") as tmp:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page()
                # Nothing may leave the file: every request but the file itself is refused.
                page.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
                )
                page.goto(page_file.as_uri(), wait_until="load")
                return page.pdf(
                    format=paper,
                    print_background=True,
                    margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
