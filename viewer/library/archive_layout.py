"""Where an archive keeps its sessions table: one file per page and month of a write
(``sessions/page=<id>/month=<YYYY-MM>/<uuid>.parquet``), its rows by start, in row groups of
:data:`ROW_GROUP` sessions. A page's sessions are then in its own files, a month segment opens
that month's files alone, and a date range inside a month reads only the row groups whose
start statistics meet it.

:func:`compact_sessions` rewrites the table of an archive written in many small writes (or
by an older version, with one sessions file per write) into that layout: new files first, the
manifest swapped in, the old files removed last, so a rewrite killed at any point leaves a
whole archive.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from viewer.fileio import fsync_dir
from viewer.library.archive_columns import month_name, month_of
from viewer.library.archive_format import SESSIONS, read_manifest, write_manifest
from viewer.library.archive_scan import scan

#: Sessions per row group: small enough that a day's range inside a month skips most of
#: them, big enough that a million sessions' footers stay a few hundred.
ROW_GROUP = 16_384


def write_sessions_files(root: Path, table: pa.Table) -> list[str]:
    """Write the sessions ``table`` (rows of :data:`SESSIONS`) under ``root`` as one file per
    page and month of start, each by start then id; the new files' paths inside ``root``."""
    if table.num_rows == 0:
        return []
    months = month_of(table)
    pages = np.asarray(table["page"].to_numpy(zero_copy_only=False), dtype=object)
    names = []
    for page in sorted(set(pages.tolist())):
        of_page = pages == page
        for month in np.unique(months[of_page]).tolist():
            rows = np.flatnonzero(of_page & (months == month))
            part = table.take(pa.array(rows))
            part = part.take(pc.sort_indices(part, [("start", "ascending"), ("id", "ascending")]))
            folder = root / "sessions" / f"page={page}" / f"month={month_name(month)}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{uuid.uuid4().hex}.parquet"
            pq.write_table(part, path, row_group_size=ROW_GROUP, compression="zstd")
            names.append(path.relative_to(root).as_posix())
    return names


def compact_sessions(root: Path) -> tuple[int, int]:
    """Rewrite the sessions table of the archive at ``root`` in :func:`write_sessions_files`'
    layout (one file per page and month); how many files it had and has now. Events are
    left as they are (they are already partitioned)."""
    root = Path(root)
    manifest = read_manifest(root)
    old = list(manifest.sessions)
    table, _ = scan(root, old, SESSIONS)
    new = write_sessions_files(root, table)
    fsync_dir(root)
    manifest.sessions = new
    write_manifest(root, manifest)  # from here on the new files are the table
    for rel in old:
        (root / rel).unlink(missing_ok=True)
    _remove_empty_folders(root / "sessions")
    return len(old), len(new)


def _remove_empty_folders(folder: Path) -> None:
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
