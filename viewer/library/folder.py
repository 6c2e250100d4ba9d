"""Opening a recording file or a whole folder: pages, their sessions, and every problem found.

One bad file never stops the others: whatever loads is returned, and each file that did not (or
loaded with something skipped) is listed as a :class:`Problem`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from viewer.fileio import describe_mode
from viewer.importers.pages import ScreenshotSpec
from viewer.importers.rrweb import (
    DEFAULT_RRWEB,
    RrwebOptions,
    RrwebRecording,
    read_rrweb,
)
from viewer.importers.rrweb_decode import looks_like_rrweb
from viewer.library.archive_format import is_archive
from viewer.library.archive_read import read_archive
from viewer.library.visit_pages import rrweb_sessions
from viewer.memory import collections_paused
from viewer.recording import jsondoc, native
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.limits import MAX_FILE_BYTES, MAX_FOLDER_FILES, MAX_PAGE_FILE_BYTES
from viewer.recording.model import POINT_KINDS, Page, Session
from viewer.recording.native_fields import SIDECAR_TYPES
from viewer.recording.parts import join_parts

#: File names that may hold recordings (gzip is recognised by content, so a ``.json.gz`` is fine).
RECORDING_SUFFIXES = (".json", ".json.gz")

#: Names a page file should have, so that a single session file can find its page.
PAGE_FILE_NAMES = ("page.json",)

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while files are read."""


class Cancelled(Exception):
    """Raised when the ``cancelled`` callback of :func:`open_path` returns True."""


@dataclass
class Library:
    """What opening a path found.

    Attributes
    ----------
    root
        The path that was opened.
    pages
        The pages, in the order of their ids.
    sessions
        The sessions of each page (by page id), ordered by start time and id.
    problems
        Errors (files that did not load) and warnings (files that loaded with something skipped).
    """

    root: Path
    pages: list[Page] = field(default_factory=list)
    sessions: dict[str, list[Session]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    needs_screenshot: list[str] = field(default_factory=list)  # URLs of visits left out
    not_rebuilt: list[str] = field(default_factory=list)  # why pages could not be rebuilt
    """URLs visited in rrweb recordings that no page (screenshot) matched."""

    def page(self, page_id: str) -> Page:
        for p in self.pages:
            if p.id == page_id:
                return p
        raise KeyError(page_id)

    def sessions_of(self, page_id: str) -> list[Session]:
        return self.sessions.get(page_id, [])

    def session_count(self, page_id: str) -> int:
        return len(self.sessions_of(page_id))

    @property
    def all_sessions(self) -> list[Session]:
        return [s for p in self.pages for s in self.sessions_of(p.id)]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def open_path(
    path: Path | str,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    screenshot: ScreenshotSpec | None = None,
    rrweb: RrwebOptions = DEFAULT_RRWEB,
    rebuild: bool = False,
) -> Library:
    """Open a recording file or folder.

    Parameters
    ----------
    path
        A folder (searched recursively), a session file (its page is looked for as ``page.json`` in
        its folder and the folders above), or a page file (with the sessions found below it).
    progress
        Called with ``(files done, files total)`` as files are read.
    cancelled
        Polled between files; when it returns True, :class:`Cancelled` is raised.
    workers
        Threads that read files (inflating and reading release the GIL); default: CPU count.
    screenshot
        The page of rrweb recordings whose URL no page file has.
    rrweb
        How rrweb events become ours (dwell threshold, ...).
    rebuild
        Rebuild the page of rrweb visits that no page file or ``screenshot`` shows from the
        recording's full snapshot, in headless Chromium, into the user's cache folder.

    Returns
    -------
    Library
        Pages, sessions grouped by page, and problems. Never raises for a bad recording.

    Raises
    ------
    RecordingError
        Only when ``path`` itself does not exist.
    """
    path = Path(path)
    if not path.exists():
        raise RecordingError(path, "no such file or folder")
    library = Library(root=path)
    if path.is_dir() and is_archive(path):  # a Parquet archive: its pages and sessions
        library.pages, library.sessions, problems = read_archive(path)
        library.problems.extend(problems)
        return library
    if path.is_dir():
        files, skipped = _find_files(path)
        library.problems.extend(skipped)
        only_page = None
    else:
        files, only_page = _files_for_single(path, library.problems)
    with collections_paused():
        documents = _read_all(files, library.problems, progress, cancelled, workers, rrweb)
    _assemble(library, documents, only_page, screenshot, rebuild)
    return library


def _find_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    found: list[Path] = []
    problems: list[Problem] = []
    root = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        # Hidden folders (.git) and our own temporary files (".name.part") are never recordings.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(RECORDING_SUFFIXES):
                continue
            path = Path(dirpath) / name
            refused = refuse_to_read(path, root)
            if refused is not None:
                problems.append(refused)
                continue
            found.append(path)
            if len(found) > MAX_FOLDER_FILES:
                problems.append(
                    Problem(
                        folder,
                        f"more than {MAX_FOLDER_FILES:,} recording files; the rest were not opened",
                    )
                )
                return found[:MAX_FOLDER_FILES], problems
    return found, problems


def refuse_to_read(path: Path, root: Path) -> Problem | None:
    """Why ``path`` must not be read as part of the folder ``root`` (resolved), or None.

    Only regular files are read: a named pipe would block the reader for ever, a device could
    be read without end. A link is followed only when it stays inside the opened folder; a
    recording must never make us read (and quote) a file of this machine outside it.
    """
    try:
        st = path.lstat()
    except OSError as e:
        return Problem(path, f"cannot be read ({e.strerror or e})")
    if stat.S_ISLNK(st.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return Problem(path, "is a broken link (its target does not exist)")
        if not target.is_relative_to(root):
            return Problem(path, "is a link to a file outside the opened folder; not read")
        try:
            st = target.stat()
        except OSError as e:
            return Problem(path, f"cannot be read ({e.strerror or e})")
    if not stat.S_ISREG(st.st_mode):
        return Problem(path, f"is {describe_mode(st.st_mode)}, not a regular file; not read")
    return None


def _files_for_single(path: Path, problems: list[Problem]) -> tuple[list[Path], str | None]:
    """The files to read when one file is opened, and the page to keep (for a page file)."""
    try:
        data = jsondoc.read_file(path, MAX_FILE_BYTES)
        if looks_like_rrweb(data):
            kind = "rrweb"
        else:
            kind, fields = native.parse_header(path, data)
    except RecordingError as e:
        problems.append(e.problem)
        return [], None
    if kind == "page":
        try:
            page = native.parse_page(path, fields)
        except RecordingError as e:
            problems.append(e.problem)
            return [], None
        files, skipped = _find_files(path.parent)
        problems.extend(skipped)
        return files, page.id
    # A session or an rrweb recording: read it, and the page files in its folder and the
    # folders above.
    files = [path]
    folder = path.parent.resolve()
    for parent in [folder, *list(folder.parents)[:3]]:
        candidates = [parent / name for name in PAGE_FILE_NAMES]
        candidates += sorted(parent.glob("*.page.json"))
        for candidate in candidates:
            if candidate.exists() and refuse_to_read(candidate, parent) is None:
                files.append(candidate)
    return files, None


def _read_one(path: Path, rrweb: RrwebOptions = DEFAULT_RRWEB) -> tuple[Path, object]:
    """Read one file: a Page, a Session, an rrweb recording, None (a sidecar) or a Problem."""
    name = path.name.lower()
    named_page = name in PAGE_FILE_NAMES or name.endswith(".page.json")
    try:
        # A file named as a page is held to the page limit before a byte of it is parsed.
        data = jsondoc.read_file(path, MAX_PAGE_FILE_BYTES if named_page else MAX_FILE_BYTES)
        session = native.decode_session_fast(path, data)
        if session is not None:
            return path, session
        if looks_like_rrweb(data):
            return path, read_rrweb(path, rrweb, data)
        kind, fields = native.parse_header(path, data)
        if kind == "page":
            if len(data) > MAX_PAGE_FILE_BYTES:
                return path, Problem(
                    path,
                    f"a page file of {len(data):,} bytes, over the limit of "
                    f"{MAX_PAGE_FILE_BYTES:,} bytes (a page holds no events)",
                )
            warnings: list[Problem] = []
            page = native.parse_page(path, fields, warnings)
            return path, (page, warnings)
        if kind == "session":
            return path, native.parse_session(path, fields)
        if kind in SIDECAR_TYPES:
            return path, None
        return path, warning(path, f"skipped: unknown document type {kind!r}", "field 'type'")
    except RecordingError as e:
        return path, e.problem
    except MemoryError:
        return path, Problem(path, "not enough memory to read this file")
    except Exception as e:  # a bug of ours on strange input: this file's problem, not the folder's
        return path, Problem(path, f"could not be read (internal error: {type(e).__name__})")


def _read_all(
    files: list[Path],
    problems: list[Problem],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    workers: int | None,
    rrweb: RrwebOptions = DEFAULT_RRWEB,
) -> list[tuple[Path, object]]:
    total = len(files)
    if progress:
        progress(0, total)
    results: list[tuple[Path, object]] = []
    # One reader by default: per-file work is mostly Python, and a second thread only fights
    # the first (and the window) for the GIL: 3.3 s for 10,000 files alone, 5.3 s with two.
    workers = workers or 1
    if total < 8 or workers <= 1:
        for i, f in enumerate(files):
            if cancelled and cancelled():
                raise Cancelled()
            results.append(_read_one(f, rrweb))
            if progress:
                progress(i + 1, total)
        return results
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for i, result in enumerate(pool.map(lambda f: _read_one(f, rrweb), files)):
            if cancelled and cancelled():
                pool.shutdown(wait=False, cancel_futures=True)
                raise Cancelled()
            results.append(result)
            if progress:
                progress(i + 1, total)
    return results


def _assemble(
    library: Library,
    documents: list[tuple[Path, object]],
    only_page: str | None,
    screenshot: ScreenshotSpec | None = None,
    rebuild: bool = False,
) -> None:
    pages: dict[str, Page] = {}
    sessions: list[Session] = []
    recordings: list[RrwebRecording] = []
    for path, doc in documents:
        if isinstance(doc, Problem):
            library.problems.append(doc)
        elif isinstance(doc, Session):
            sessions.append(doc)
        elif isinstance(doc, RrwebRecording):
            recordings.append(doc)
        elif isinstance(doc, tuple):
            page, warnings = doc
            library.problems.extend(warnings)
            if page.id in pages:
                library.problems.append(
                    Problem(
                        path,
                        f"a second page with id {page.id!r} (the first is {pages[page.id].path}); "
                        "skipped",
                        "field 'id'",
                    )
                )
                continue
            if only_page is None or page.id == only_page:
                pages[page.id] = page

    if recordings:
        sessions += rrweb_sessions(library, recordings, pages, screenshot, rebuild)
    sessions, part_problems = join_parts(sessions)
    library.problems.extend(part_problems)
    by_page: dict[str, dict[str, Session]] = {pid: {} for pid in pages}
    for s in sessions:
        if s.page_id not in pages:
            if only_page is None:
                library.problems.append(
                    Problem(
                        s.path or library.root,
                        f"its page {s.page_id!r} was not found (no page file with that id)",
                        "field 'page'",
                    )
                )
            continue
        library.problems.extend(s.warnings)
        seen = by_page[s.page_id]
        if s.id in seen:
            library.problems.append(
                Problem(
                    s.path or library.root,
                    f"a second session with id {s.id!r} on page {s.page_id!r} "
                    f"(the first is {seen[s.id].path}); skipped",
                    "field 'id'",
                )
            )
            continue
        seen[s.id] = s
        outside = points_outside(s, pages[s.page_id])
        if outside:
            library.problems.append(
                warning(
                    s.path or library.root,
                    f"{outside:,} of {len(s.events):,} event positions lie outside the page "
                    f"({pages[s.page_id].width} x {pages[s.page_id].height} CSS px); kept",
                )
            )
    library.pages = sorted(pages.values(), key=lambda p: p.id)
    library.sessions = {
        pid: sorted(by_page[pid].values(), key=lambda s: (s.start, s.id)) for pid in pages
    }


_IS_POINT = np.zeros(256, dtype=bool)
_IS_POINT[list(POINT_KINDS)] = True


def points_outside(session: Session, page: Page) -> int:
    """How many of the session's positioned events (move, click, tap, dwell) are off the page."""
    ev = session.events
    off = (ev.x < 0) | (ev.x > page.width) | (ev.y < 0) | (ev.y > page.height)
    if not off.any():
        return 0
    return int(np.count_nonzero(_IS_POINT[ev.kind] & off))
