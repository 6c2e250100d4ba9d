"""Where clicked elements are: their boxes in each visitor's layout and on the page's
screenshot, from the recording's DOM laid out in headless Chromium.

A visitor's box is the element laid out at that visitor's viewport width (the snapshot
rebuilt as for the page's screenshot, :mod:`viewer.importers.page_rebuild`); the page's box is
the same element laid out at the page's width, from the first visit of the page that has a
snapshot. The boxes of one layout are asked for by selector (``document.querySelector``, the
selectors :mod:`viewer.importers.rrweb_dom` makes) in one page load, one browser for all; each
answer is cached in the user's cache folder beside the rebuilt screenshots.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import msgspec

from viewer.fileio import atomic_write
from viewer.importers.page_rebuild import cache_folder, offline_page
from viewer.importers.rrweb import Visit
from viewer.importers.snapshot_html import snapshot_html
from viewer.recording.clicks import Element, box_of
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.model import Page

Box = tuple[float, float, float, float]
_BOXES_JS = """(selectors) => selectors.map((s) => {
  let el = null;
  try { el = document.querySelector(s); } catch (e) { return null; }
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height];
})"""


@dataclass(frozen=True)
class Layout:
    """One layout to measure: a snapshot's HTML at a viewport size, and the selectors."""

    html: str
    width: int
    height: int
    selectors: tuple[str, ...]

    def key(self) -> str:
        text = f"{self.width}x{self.height}\n{self.html}\n" + "\n".join(self.selectors)
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def measure(path: Path, layouts: list[Layout]) -> list[dict[str, Box]]:
    """The boxes (page CSS px) of each layout's selectors that are laid out with a size.

    Raises
    ------
    RecordingError
        No Chromium or no Playwright (the message says what to install).
    """
    folder = cache_folder()
    out: list[dict[str, Box] | None] = []
    todo: list[int] = []
    for i, layout in enumerate(layouts):
        cached = folder / f"{layout.key()}.boxes.json"
        try:
            out.append(_boxes(json.loads(cached.read_text())))
        except (OSError, ValueError, TypeError):
            out.append(None)
            todo.append(i)
    if todo:
        with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright's sync API, off any loop
            found = pool.submit(_measure_here, path, [layouts[i] for i in todo]).result()
        folder.mkdir(parents=True, exist_ok=True)
        for i, boxes in zip(todo, found, strict=True):
            out[i] = boxes
            doc = {k: list(v) for k, v in boxes.items()}
            atomic_write(folder / f"{layouts[i].key()}.boxes.json", json.dumps(doc).encode())
    return [b or {} for b in out]


def _boxes(doc: dict) -> dict[str, Box]:
    return {k: b for k, v in doc.items() if (b := box_of(v)) is not None}


def _measure_here(path: Path, layouts: list[Layout]) -> list[dict[str, Box]]:
    results = []
    with offline_page(path, layouts[0].width, layouts[0].height) as page:
        for layout in layouts:
            page.set_viewport_size({"width": layout.width, "height": layout.height})
            page.set_content(layout.html, wait_until="load", timeout=30_000)
            found = page.evaluate(_BOXES_JS, list(layout.selectors))
            results.append(
                {
                    s: b
                    for s, v in zip(layout.selectors, found, strict=True)
                    if (b := box_of(v)) is not None
                }
            )
    return results


def _html(snapshot: bytes) -> str | None:
    try:
        node = msgspec.json.decode(snapshot).get("node")
    except (msgspec.DecodeError, AttributeError, RecursionError):
        return None
    return snapshot_html(node) if isinstance(node, dict) else None


def with_element_boxes(
    path: Path, page: Page, visits: list[Visit]
) -> tuple[Page, list[Visit], list[Problem]]:
    """``page`` with the boxes of its visits' clicked elements on its screenshot, and the
    visits with each element's box in their own layout.

    The page keeps the boxes it has (a page file's, or the recorder's); it gets the others
    from the first visit with a snapshot laid out at the page's width. Without Chromium the
    elements keep no box (clicks are still counted per element), and one warning says so.
    """
    wanted = [v for v in visits if v.clicks is not None and v.snapshot and len(v.clicks.elements)]
    if not wanted:
        return page, visits, []
    layouts: list[Layout] = []
    owners: list[Visit | None] = []
    known: dict[str, Element] = {}
    for v in wanted:
        for e in v.clicks.elements:
            known.setdefault(e.selector, e)
    selectors = tuple(known)
    for v in wanted:
        # Every element clicked in any visit, laid out in this visitor's page: whether (and
        # where) it showed to this visitor is its impression, clicked or not.
        layoutable = dict(zip((e.selector for e in v.clicks.elements), v.layoutable, strict=True))
        asked = tuple(s for s in selectors if layoutable.get(s, True))
        html = _html(v.snapshot) if asked else None
        if html is not None:
            w, h = v.viewport if v.viewport[0] > 0 else (page.width, 800)
            layouts.append(Layout(html, max(200, w), max(200, h or 800), asked))
            owners.append(v)
    missing = tuple(s for s in selectors if s not in page.elements)
    source = next((v for v in wanted if v.snapshot), None)
    source_html = _html(source.snapshot) if missing and source is not None else None
    if source_html is not None:
        layouts.append(
            Layout(source_html, page.width, max(200, source.viewport[1] or 800), missing)
        )
        owners.append(None)
    if not layouts:
        return page, visits, []
    try:
        measured = measure(path, layouts)
    except Exception as e:  # no browser, or it failed: count per element all the same
        said = e.message if isinstance(e, RecordingError) else str(e)
        first = said.strip().splitlines()[0] if said.strip() else type(e).__name__
        return (
            page,
            visits,
            [
                warning(
                    path,
                    "clicks are counted per element, but the elements' boxes (to place clicks "
                    f"at the same spot of their element at any width) were not measured: {first}",
                )
            ],
        )
    boxes_of = {id(v): b for v, b in zip(owners, measured, strict=True) if v is not None}
    out = []
    for v in visits:
        boxes = boxes_of.get(id(v))
        if boxes:
            own = {e.selector for e in v.clicks.elements}
            elements = tuple(
                e._replace(box=e.box or boxes.get(e.selector)) for e in v.clicks.elements
            ) + tuple(known[sel]._replace(box=box) for sel, box in boxes.items() if sel not in own)
            v = replace(v, clicks=replace(v.clicks, elements=elements))
        out.append(v)
    problems = []
    if source_html is not None:
        page_boxes = measured[-1]
        page = replace(page, elements={**page_boxes, **page.elements})
        if page.origin == "":
            problems.append(
                warning(
                    path,
                    f"assumed: the elements' places on the screenshot are those of the "
                    f"recording's DOM laid out at {page.width} px in Chromium "
                    f"({len(page_boxes)} of {len(missing)} elements found)",
                )
            )
    return page, out, problems


def boxed_recordings(page: Page, recordings: list, shows) -> tuple[Page, list, list[Problem]]:
    """:func:`with_element_boxes` for the visits of ``recordings`` (RrwebRecording) that
    ``shows(page, visit)``: the page and the recordings with those visits replaced."""
    mine = [v for r in recordings for v in r.visits if shows(page, v)]
    if not mine:
        return page, recordings, []
    page, boxed, problems = with_element_boxes(recordings[0].path, page, mine)
    new = {id(old): v for old, v in zip(mine, boxed, strict=True)}
    recordings = [replace(r, visits=[new.get(id(v), v) for v in r.visits]) for r in recordings]
    return page, recordings, problems
