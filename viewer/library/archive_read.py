"""Opening an archive whole: its pages and every session with its events, in memory.

This is the folder path's shape (pages and sessions), for the window and the commands that
do not yet work from the archive's columns; ``viewer.library.archive_open`` reads only what a
result needs, and ``viewer.engine`` computes on Dask from the same files.
"""

from __future__ import annotations

from pathlib import Path

from viewer.library.archive_open import Archive
from viewer.recording.errors import Problem
from viewer.recording.model import Page, Session


def read_archive(root: Path | str) -> tuple[list[Page], dict[str, list[Session]], list[Problem]]:
    """The archive's pages (by id), sessions by page (by start, then id) and problems.

    Raises
    ------
    RecordingError
        The manifest, or a file it lists, cannot be read.
    """
    archive = Archive(root)
    problems = list(archive.problems)
    by_page: dict[str, list[Session]] = {p.id: [] for p in archive.pages}
    table = archive.sessions(None)
    for page_id in sorted(set(table["page"].to_pylist())):
        if page_id not in by_page:
            problems.append(
                Problem(
                    archive.root / "manifest.json",
                    f"sessions of page {page_id!r}, which the archive lacks, were left out",
                )
            )
            continue
        rows = table.filter(table["page"].to_numpy(zero_copy_only=False) == page_id)
        by_page[page_id] = archive.load_sessions(rows)
    return archive.pages, by_page, problems
