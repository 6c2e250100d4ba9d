"""Opening an archive as a library: its pages, and its sessions with their events.

This reads the archive whole into memory (the folder path's shape: pages and sessions), which
is what every command and the window work on today; reading only the partitions and columns a
result needs, and computing on Dask, come on top of the same files.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from viewer.library.archive_format import EVENTS, SESSIONS, read_manifest
from viewer.recording.errors import Problem, RecordingError
from viewer.recording.model import Events, Page, Session
from viewer.recording.native import load_page


def read_archive(root: Path | str) -> tuple[list[Page], dict[str, list[Session]], list[Problem]]:
    """The archive's pages (by id), sessions by page (by start, then id) and problems.

    Raises
    ------
    RecordingError
        The manifest cannot be read (nothing of the archive can be trusted then).
    """
    root = Path(root)
    manifest = read_manifest(root)
    problems: list[Problem] = []
    pages: list[Page] = []
    for rel in manifest.pages:
        try:
            pages.append(load_page(root / rel / "page.json"))
        except RecordingError as e:
            problems.append(e.problem)
    ids = {p.id for p in pages}
    try:
        table = _read(root, manifest.sessions, SESSIONS.names)
        events = _read(root, manifest.events, EVENTS.names)
    except (OSError, ValueError) as e:
        raise RecordingError(
            root / "manifest.json", f"a file it lists cannot be read: {e}"
        ) from None
    cols = {n: events[n].to_numpy() for n in EVENTS.names}
    order = np.lexsort((cols["seq"], cols["sid"]))  # by session, then as recorded
    cols = {n: c[order] for n, c in cols.items()}
    sids = cols["sid"]
    by_page: dict[str, list[Session]] = {p.id: [] for p in pages}
    rows = table.to_pylist()
    for row in rows:
        lo, hi = (
            np.searchsorted(sids, row["sid"], "left"),
            np.searchsorted(sids, row["sid"], "right"),
        )
        ev = Events(*(cols[n][lo:hi] for n in ("t", "kind", "x", "y", "value")))
        if row["page"] not in ids:
            problems.append(
                Problem(
                    root / "manifest.json", f"session {row['id']!r} is of a page the archive lacks"
                )
            )
            continue
        start = row["start"]
        if start.tzinfo is None:
            start = start.replace(tzinfo=_dt.UTC)
        by_page[row["page"]].append(
            Session(
                id=row["id"],
                page_id=row["page"],
                start=start,
                device=row["device"],
                viewport=(int(row["viewport_w"]), int(row["viewport_h"])),
                events=ev,
                tags=json.loads(row["tags"]),
                duration_ms=int(row["duration_ms"]),
                path=root / "manifest.json",
                assumed=tuple(json.loads(row["assumed"])),
            )
        )
    for sessions in by_page.values():
        sessions.sort(key=lambda s: (s.start, s.id))
    return sorted(pages, key=lambda p: p.id), by_page, problems


def _read(root: Path, files: list[str], columns: list[str]):
    import pyarrow as pa

    if not files:
        return pa.table({c: pa.array([], type=_type(c)) for c in columns})
    # partitioning=None: the folder names (page=..., month=...) are for pruning, not columns.
    return pq.read_table([str(root / f) for f in files], columns=columns, partitioning=None)


def _type(column: str):
    for schema in (SESSIONS, EVENTS):
        if column in schema.names:
            return schema.field(column).type
    raise KeyError(column)
