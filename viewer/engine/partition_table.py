"""One partition's rows as the analysis's :class:`EventTable`, inside a Dask task.

A task gets plain data (the archive's path, its files, the chosen sessions' columns) so that it
runs on any worker; it reads only its files and the columns asked for, keeps the chosen
sessions' rows and hands the analysis the same table it would build from Session objects.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from viewer.analysis.table import EventTable
from viewer.library.archive_format import EVENTS

#: The sessions-table columns a task needs besides ``sid``.
SESSION_COLUMNS = (
    "sid",
    "row",  # the session's place in the table it was chosen from
    "end_ms",
    "viewport_w",
    "viewport_h",
    "viewport_known",
    "variant",
)


def read_rows(root: str, files: list[str], sids: pa.Array) -> pa.Table:
    """The rows of ``files`` (paths relative to the archive ``root``) of sessions ``sids``."""
    if not files or not len(sids):
        return EVENTS.empty_table()
    lo, hi = pc.min_max(sids).values()
    table = pq.read_table(
        [str(Path(root) / f) for f in files],
        filters=[("sid", ">=", lo), ("sid", "<=", hi)],
        partitioning=None,
    )
    return table.filter(pc.is_in(table["sid"], value_set=sids))


def partition_table(events: pa.Table, sessions: pa.Table) -> EventTable:
    """The :class:`EventTable` of ``sessions`` (a table of :data:`SESSION_COLUMNS`, in its
    order; sessions without events too) with their ``events`` (rows of any order).

    The table's ``sessions`` are stand-ins that carry only the ``variant`` (what regions ask
    of a session); everything else is in the columns.
    """
    sids = sessions["sid"].to_numpy()
    rank = np.argsort(sids, kind="stable")
    cols = {n: events[n].to_numpy() for n in ("sid", "seq", "t", "kind", "x", "y", "value")}
    position = rank[np.searchsorted(sids, cols["sid"], sorter=rank)]
    order = np.lexsort((cols["seq"], position))  # by session, then as recorded
    cols = {n: c[order] for n, c in cols.items()}
    position = position[order]
    counts = np.bincount(position, minlength=len(sids))
    return EventTable(
        t=cols["t"],
        kind=cols["kind"],
        x=cols["x"],
        y=cols["y"],
        value=cols["value"],
        session=position.astype(np.int32),
        sessions=tuple(SimpleNamespace(variant=v) for v in sessions["variant"].to_pylist()),
        start=np.concatenate([[0], np.cumsum(counts)]),
        end_ms=sessions["end_ms"].to_numpy(),
        viewport=np.column_stack(
            [sessions["viewport_w"].to_numpy(), sessions["viewport_h"].to_numpy()]
        ).astype(np.float64),
        viewport_known=sessions["viewport_known"].to_numpy(zero_copy_only=False),
    )


def task_sessions(table: pa.Table) -> pa.Table:
    """The columns of the chosen sessions that tasks need (:data:`SESSION_COLUMNS`)."""
    variant = pc.map_lookup(table["tags"], "variant", "first")
    return pa.table(
        {
            "sid": table["sid"],
            "row": pa.array(np.arange(table.num_rows, dtype=np.int64)),
            "end_ms": table["end_ms"],
            "viewport_w": table["viewport_w"],
            "viewport_h": table["viewport_h"],
            "viewport_known": table["viewport_known"],
            "variant": variant,
        }
    )
