"""Pages for imported recordings: made from a screenshot the user supplies."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from viewer.importers.rrweb import Visit
from viewer.importers.rrweb_sessions import url_key
from viewer.recording.errors import RecordingError
from viewer.recording.model import Page
from viewer.recording.screenshot import screenshot_size


def page_id_for(url: str, fallback: str = "page") -> str:
    """A page id made of the URL's host and path: ``shop.example/en/pricing`` ->
    ``shop-example-en-pricing``."""
    parts = urlsplit(url) if url else None
    text = f"{parts.hostname or ''} {parts.path}" if parts else ""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or fallback


def page_for_screenshot(
    screenshot: Path | str, css_width: int, page_id: str, url: str = "", title: str = ""
) -> Page:
    """A page whose full-page screenshot is ``screenshot``, ``css_width`` CSS px wide.

    The device pixel ratio is the image's width over ``css_width``, and the page's height in CSS
    px follows from it (a 2880 x 12000 px screenshot of a 1440 px wide page is 1440 x 6000).

    Raises
    ------
    RecordingError
        The screenshot is missing, unreadable, too large, or ``css_width`` is not positive.
    """
    screenshot = Path(screenshot).resolve()
    if not screenshot.is_file():
        raise RecordingError(screenshot, "no such screenshot")
    if css_width <= 0:
        raise RecordingError(
            screenshot, "the page's width in CSS px is not known (give it with --width)"
        )
    pw, ph = screenshot_size(screenshot, screenshot, "screenshot")
    ratio = pw / css_width
    return Page(
        id=page_id,
        width=int(css_width),
        height=max(1, round(ph / ratio)),
        screenshot=screenshot,
        pixel_size=(pw, ph),
        url=url,
        title=title,
    )


@dataclass(frozen=True)
class ScreenshotSpec:
    """A screenshot given for recordings that come without a page file (rrweb).

    Attributes
    ----------
    path
        The full-page screenshot.
    url
        The page it shows; default: the first URL the recordings visit.
    width
        The page's width in CSS px; default: the viewport width of the first visit of that URL.
    page_id
        Default: made from the URL.
    """

    path: Path
    url: str = ""
    width: int = 0
    page_id: str = ""


def page_for_visits(spec: ScreenshotSpec, visits: list[Visit], taken: Collection[str] = ()) -> Page:
    """The page a screenshot shows, for rrweb visits: its URL is ``spec.url`` or the first URL
    visited, its width ``spec.width`` or the viewport width of the first visit of that URL, and
    its id (made from the URL unless given) differs from the ``taken`` ones."""
    url = spec.url or next((v.url for v in visits if v.url), "")
    same = [v for v in visits if url_key(v.url) == url_key(url)] or visits
    width = spec.width or next((v.viewport[0] for v in same if v.viewport[0] > 0), 0)
    page_id = spec.page_id or page_id_for(url, Path(spec.path).stem)
    while page_id in taken:
        page_id += "-2"
    return page_for_screenshot(spec.path, width, page_id, url)


def shows(page: Page, visit: Visit) -> bool:
    """Whether ``page`` is the page of ``visit`` (same URL, or the visit's URL is unknown)."""
    key = url_key(visit.url)
    return not key or key == url_key(page.url)


def rebuilt_page_for(
    path: Path, visits: list[Visit], taken: Collection[str] = (), folder: Path | None = None
) -> Page:
    """The page of ``visits`` (of one URL) rebuilt from the first one's full snapshot.

    Raises
    ------
    RecordingError
        No visit has a full snapshot, or the page could not be rendered (the message says
        what to install, or to give ``--screenshot``).
    """
    from dataclasses import replace

    from viewer.importers.page_rebuild import REBUILT, rebuild_page

    source = next((v for v in visits if v.snapshot), None)
    if source is None:
        raise RecordingError(
            path,
            f"the recording of {source_url(visits)} has no full snapshot of the page to rebuild "
            "it from; give --screenshot PAGE.png",
        )
    rebuilt = rebuild_page(path, source.snapshot, source.viewport, folder)
    spec = ScreenshotSpec(rebuilt.screenshot, url=source.url, width=rebuilt.width)
    page = page_for_visits(spec, visits, taken)
    return replace(page, origin=REBUILT, title=snapshot_title(source.snapshot))


def snapshot_title(snapshot: bytes) -> str:
    """The text of the page's ``<title>`` in a full snapshot, or ""."""
    import msgspec

    try:
        node = msgspec.json.decode(snapshot).get("node")
    except (msgspec.DecodeError, AttributeError, RecursionError):
        return ""
    stack = [node]
    while stack:
        n = stack.pop()
        if not isinstance(n, dict):
            continue
        if n.get("type") == 2 and str(n.get("tagName", "")).lower() == "title":
            text = "".join(
                str(c.get("textContent") or "")
                for c in n.get("childNodes") or ()
                if isinstance(c, dict)
            )
            return " ".join(text.split())[:1000]
        stack.extend(reversed(n.get("childNodes") or ()))
    return ""


def source_url(visits: list[Visit]) -> str:
    return next((v.url for v in visits if v.url), "(no URL)")
