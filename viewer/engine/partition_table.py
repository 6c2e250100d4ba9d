"""One partition's rows as the analysis's :class:`EventTable`, inside a Dask task.

A task gets plain data (the archive's path, its files, the chosen sessions' columns) so that it
runs on any worker; it reads only its files and the columns asked for, keeps the chosen
sessions' rows and hands the analysis the same table it would build from Session objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from viewer.analysis.table import EventTable
from viewer.library.archive_columns import tag_array
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
        sessions=_StandIns(sessions["variant"]),
        start=np.concatenate([[0], np.cumsum(counts)]),
        end_ms=sessions["end_ms"].to_numpy(),
        viewport=np.column_stack(
            [sessions["viewport_w"].to_numpy(), sessions["viewport_h"].to_numpy()]
        ).astype(np.float64),
        viewport_known=sessions["viewport_known"].to_numpy(zero_copy_only=False),
    )


class _StandIns(Sequence):
    """The table's sessions as objects carrying only their ``variant`` (what regions ask of
    a session), made when asked for: a map task never makes them."""

    def __init__(self, variants: pa.ChunkedArray):
        self._variants = variants

    def __len__(self) -> int:
        return len(self._variants)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return SimpleNamespace(variant=self._variants[i].as_py())

    def __iter__(self):
        return (SimpleNamespace(variant=v) for v in self._variants.to_pylist())


def month_of(table: pa.Table) -> np.ndarray:
    """Each session's month of start (UTC) as ``YYYY-MM`` strings (how events are
    partitioned), by numpy's calendar arithmetic: a million in milliseconds."""
    us = pc.cast(table["start"], pa.timestamp("us", tz="UTC")).cast(pa.int64()).to_numpy()
    months = us.astype("datetime64[us]").astype("datetime64[M]")
    return np.datetime_as_string(months, unit="M")


def task_sessions(table: pa.Table) -> pa.Table:
    """The columns of the chosen sessions that tasks need (:data:`SESSION_COLUMNS`)."""
    variant = tag_array(table, "variant")
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
