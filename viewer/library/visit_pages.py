"""Which page each rrweb visit of an opened folder is on: a page file with its URL, the
screenshot the user gave, or (when asked) the page rebuilt from the recording itself."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from viewer.importers.pages import ScreenshotSpec, page_for_visits, shows
from viewer.importers.rrweb import RrwebRecording, Visit
from viewer.importers.rrweb_sessions import url_key, visit_sessions
from viewer.recording.errors import RecordingError
from viewer.recording.model import Page, Session

if TYPE_CHECKING:
    from viewer.library.folder import Library


def rrweb_sessions(
    library: Library,
    recordings: list[RrwebRecording],
    pages: dict[str, Page],
    screenshot: ScreenshotSpec | None,
    rebuild: bool = False,
) -> list[Session]:
    """Match each rrweb visit to a page by URL (or to the given screenshot); add the pages
    made from that screenshot to ``pages``."""
    by_url = {url_key(p.url): p for p in pages.values() if p.url}
    only = next(iter(pages.values())) if len(pages) == 1 else None
    shot_page: Page | None = None
    if screenshot is not None:
        try:
            visits = [v for rec in recordings for v in rec.visits]
            shot_page = page_for_visits(screenshot, visits, set(pages))
        except RecordingError as e:
            library.problems.append(e.problem)
        else:
            pages[shot_page.id] = shot_page

    def page_for(visit: Visit) -> Page | None:
        key = url_key(visit.url)
        if shot_page is not None and shows(shot_page, visit):
            return shot_page
        if key in by_url:
            return by_url[key]
        if only is not None and (not key or not only.url):
            return only  # one page, and nothing says it is another one
        return None

    if rebuild and screenshot is None:
        _rebuild_pages(library, recordings, pages, by_url, page_for)
    if rebuild or screenshot is not None:  # a browser may be used: measure the elements
        recordings = _with_element_boxes(library, recordings, pages, by_url, page_for)

    out: list[Session] = []
    for rec in recordings:
        found, problems = visit_sessions(rec, page_for)
        out += found
        library.problems.extend(problems)
        for visit in rec.visits:
            if page_for(visit) is None and visit.url not in library.needs_screenshot:
                library.needs_screenshot.append(visit.url)
    return out


def _with_element_boxes(library, recordings, pages, by_url, page_for) -> list[RrwebRecording]:
    """The recordings with their clicked elements' boxes, and each page with those boxes on
    its screenshot (see :mod:`viewer.importers.element_boxes`)."""
    from viewer.importers.element_boxes import boxed_recordings

    for page_id in list(pages):
        page = pages[page_id]

        def on_page(p, visit, page_id=page_id):
            found = page_for(visit)
            return found is not None and found.id == page_id

        boxed, recordings, problems = boxed_recordings(page, recordings, on_page)
        library.problems.extend(problems)
        if boxed is not page:
            pages[page_id] = boxed
            for key, p in list(by_url.items()):
                if p is page:
                    by_url[key] = boxed
    return recordings


def _rebuild_pages(library, recordings, pages, by_url, page_for) -> None:
    """A page rebuilt from the recordings' full snapshot for each URL no page shows."""
    from viewer.importers.pages import rebuilt_page_for

    wanting: dict[str, list] = {}
    first_file: dict[str, Path] = {}
    for rec in recordings:
        for visit in rec.visits:
            if page_for(visit) is None:
                wanting.setdefault(url_key(visit.url), []).append(visit)
                first_file.setdefault(url_key(visit.url), rec.path)
    for key, visits in wanting.items():
        try:
            page = rebuilt_page_for(first_file[key], visits, set(pages))
        except RecordingError as e:
            library.problems.append(e.problem)
            library.not_rebuilt.append(e.message)
            continue
        pages[page.id] = page
        by_url[url_key(page.url)] = page
