"""What is in an archive, as :func:`viewer.library.summary.library_summary` says of a folder,
from the sessions table alone (no event is read)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from viewer.library.archive_columns import kind_counts, tag_array, tag_keys
from viewer.library.archive_open import Archive
from viewer.library.summary import page_fields
from viewer.recording.model import EventKind

COLUMNS = ["page", "start", "device", "end_ms", "tags", "kind_counts", "id"]


def _counts(values: np.ndarray) -> dict[str, int]:
    names, counts = np.unique(values, return_counts=True)
    return {str(k): int(c) for k, c in zip(names, counts, strict=True)}


def _tag_counts(table: pa.Table, key: str) -> dict[str, int]:
    counts = pc.value_counts(tag_array(table, key)).to_pylist()
    return dict(sorted((c["values"], c["counts"]) for c in counts if c["values"] is not None))


def archive_page_summary(archive: Archive, page, table: pa.Table) -> dict[str, Any]:
    """:func:`~viewer.library.summary.page_summary` of one page's rows of the sessions table."""
    n = table.num_rows
    kinds = np.zeros(len(EventKind), np.int64)
    if n:
        kinds = kind_counts(table)[:, : len(EventKind)].sum(axis=0)
    durations = table["end_ms"].to_numpy()
    first, last = pc.min_max(table["start"]).values() if n else (None, None)
    return {
        **page_fields(page),
        "sessions": n,
        "devices": _counts(np.asarray(table["device"].to_numpy(zero_copy_only=False), str)),
        "events": {**{k.label: int(kinds[k]) for k in EventKind}, "total": int(kinds.sum())},
        "duration_ms": {
            "total": int(durations.sum()),
            "median": int(np.median(durations)) if n else 0,
        },
        "first_start": first.as_py().isoformat() if n else None,
        "last_start": last.as_py().isoformat() if n else None,
        "tags": {k: _tag_counts(table, k) for k in tag_keys(table)},
    }


def archive_summary(archive: Archive) -> dict[str, Any]:
    """Everything ``session-viewer info --json`` prints of an archive."""
    table = archive.sessions(None, columns=COLUMNS)
    page_of = np.asarray(table["page"].to_numpy(zero_copy_only=False), str)
    pages = [
        archive_page_summary(archive, p, table.filter(pa.array(page_of == p.id)))
        for p in archive.pages
    ]
    errors = [p for p in archive.problems if p.severity.value == "error"]
    return {
        "path": str(archive.root),
        "pages": pages,
        "sessions": sum(p["sessions"] for p in pages),
        "events": sum(p["events"]["total"] for p in pages),
        "errors": len(errors),
        "warnings": len(archive.problems) - len(errors),
        "problems": [p.to_dict() for p in archive.problems],
    }
