"""One partition's rows as the analysis's :class:`EventTable`, inside a Dask task.

A task gets plain data (the archive's path, its files, the chosen sessions' columns) so that it
runs on any worker; it reads only its files and the columns asked for, keeps the chosen
sessions' rows and hands the analysis the same table it would build from Session objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from viewer.analysis.table import EventTable
from viewer.library.archive_columns import tag_array
from viewer.library.archive_format import EVENTS
from viewer.library.archive_fs import parquet_file

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
    """The rows of ``files`` (paths relative to the archive ``root``) that can be of
    sessions ``sids``: the row groups whose session range meets theirs, every row of them
    (:func:`partition_table` keeps the chosen sessions' rows; its lookup is cheaper than a
    hash set here). Each file is read on its own, one file's rows after another's."""
    if not files or not len(sids):
        return EVENTS.empty_table()
    lo, hi = (v.as_py() for v in pc.min_max(sids).values())
    parts = []
    for f in files:
        pf = parquet_file(root, f)
        groups = [g for g in range(pf.num_row_groups) if _may_hold(pf, g, lo, hi)]
        if groups:
            parts.append(pf.read_row_groups(groups, columns=EVENTS.names, use_threads=False))
    return pa.concat_tables(parts) if parts else EVENTS.empty_table()


def _may_hold(pf: pq.ParquetFile, group: int, lo: int, hi: int) -> bool:
    """Whether row group ``group`` can hold sessions ``lo..hi`` (by its ``sid`` statistics)."""
    stats = pf.metadata.row_group(group).column(0).statistics
    if stats is None or not stats.has_min_max:
        return True
    return stats.min <= hi and stats.max >= lo


def _positions(sids: np.ndarray, event_sids: np.ndarray) -> np.ndarray:
    """Each event's session's place in ``sids``, -1 for events of other sessions: a lookup
    table over the sessions' range when it is not much wider than their number (a write's
    sessions are numbered together), else a binary search."""
    if len(sids) == 0:
        return np.full(len(event_sids), -1, np.int64)
    lo, hi = int(sids.min()), int(sids.max())
    if hi - lo < 4 * len(sids) + (1 << 20):
        lookup = np.full(hi - lo + 3, -1, np.int64)  # [0] and [-1]: outside the range
        lookup[sids - lo + 1] = np.arange(len(sids))
        return lookup[np.clip(event_sids - lo + 1, 0, hi - lo + 2)]
    rank = np.argsort(sids, kind="stable")
    at = np.clip(np.searchsorted(sids, event_sids, sorter=rank), 0, len(sids) - 1)
    found = rank[at]
    return np.where(sids[found] == event_sids, found, -1)


def partition_table(events: pa.Table, sessions: pa.Table) -> EventTable:
    """The :class:`EventTable` of ``sessions`` (a table of :data:`SESSION_COLUMNS`, in its
    order; sessions without events too) with their rows of ``events`` (any order; rows of
    other sessions are left out).

    Rows stored as written (each file by session number, then as recorded) and sessions in
    session-number order need no real sort: the stable sort below finds the files' sorted
    runs and merges them. The table's ``sessions`` are stand-ins that carry only the
    ``variant`` (what regions ask of a session); everything else is in the columns.
    """
    sids = sessions["sid"].to_numpy()
    position = _positions(sids, events["sid"].to_numpy())
    mine = np.flatnonzero(position >= 0)
    key = (position[mine] << 32) | events["seq"].to_numpy()[mine].astype(np.int64)
    order = mine[np.argsort(key, kind="stable")]  # by session, then as recorded
    cols = {n: events[n].to_numpy()[order] for n in ("t", "kind", "x", "y", "value")}
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
