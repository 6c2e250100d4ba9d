"""The sessions table's columns as the analysis's arrays: segment columns, per-session
metrics, group values and starts, without reading one event (vectorised over the table)."""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from viewer.analysis.metrics import MetricRules, SessionMetrics
from viewer.analysis.segments import SegmentColumns
from viewer.analysis.session_facts import SessionFacts
from viewer.recording.errors import RecordingError


def tag_keys(table: pa.Table) -> list[str]:
    """Every tag key of the table's sessions."""
    if table.num_rows == 0:
        return []
    keys = pa.chunked_array([chunk.keys for chunk in table["tags"].chunks], pa.string())
    return sorted(k for k in pc.unique(keys).to_pylist() if k is not None)


def tag_array(table: pa.Table, key: str) -> pa.Array:
    """Each session's value of tag ``key`` (null where it has none), as an Arrow array.

    Found in the map's flattened keys with one vectorised comparison (three times
    ``pc.map_lookup``'s speed on a million sessions)."""
    col = table["tags"].combine_chunks() if table.num_rows else None
    if col is None or len(col) == 0:
        return pa.nulls(table.num_rows, pa.string())
    offsets = col.offsets.to_numpy()
    lo, hi = int(offsets[0]), int(offsets[-1])
    hit = pc.equal(col.keys.slice(lo, hi - lo), key).to_numpy(zero_copy_only=False)
    rows = np.repeat(np.arange(len(col)), np.diff(offsets))[hit]
    values = col.items.slice(lo, hi - lo).filter(pa.array(hit))
    at = np.full(len(col), -1)
    at[rows[::-1]] = np.arange(len(rows))[::-1]  # a key given twice: its first value
    return pc.take(values, pa.array(at, mask=at < 0))


def strings(array, few: bool = False) -> np.ndarray:
    """An Arrow string array as a numpy string array; ``few``: of few distinct values (a
    device, a tag), each made once and repeated by index (a fifth of the time for a
    million)."""
    if few and len(array):
        coded = pc.dictionary_encode(array)
        if isinstance(coded, pa.ChunkedArray):
            coded = coded.combine_chunks() if coded.num_chunks != 1 else coded.chunk(0)
        if coded.null_count == 0:
            values = np.asarray(coded.dictionary.to_pylist(), dtype=str)
            return values[coded.indices.to_numpy()]
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=str)


def tag_values(table: pa.Table, key: str, missing: str = "") -> np.ndarray:
    """Each session's value of tag ``key`` (``missing`` where it has none), as strings."""
    if table.num_rows == 0:
        return np.zeros(0, dtype=str)
    return strings(pc.fill_null(tag_array(table, key), missing), few=True)


def group_values(table: pa.Table, by: str) -> np.ndarray:
    """Each session's group for ``--by``: its device, or its value of that tag."""
    if by == "device":
        return np.asarray(table["device"].to_numpy(zero_copy_only=False), dtype=str)
    return tag_values(table, by, "(none)")


def starts_s(table: pa.Table) -> np.ndarray:
    """Each session's start, in POSIX seconds."""
    us = pc.cast(table["start"], pa.timestamp("us", tz="UTC")).cast(pa.int64())
    return us.to_numpy() / 1e6


def month_of(table: pa.Table) -> np.ndarray:
    """Each session's month of start (UTC) as whole months since 1970 (int64; a million in
    milliseconds: comparing and grouping integers, not strings); :func:`month_name` names
    one the way files are partitioned."""
    us = pc.cast(table["start"], pa.timestamp("us", tz="UTC")).cast(pa.int64()).to_numpy()
    return us.astype("datetime64[us]").astype("datetime64[M]").astype(np.int64)


def month_name(month: int) -> str:
    """``YYYY-MM`` of a :func:`month_of` value (the files' ``month=`` partition)."""
    return str(np.datetime64(int(month), "M"))


def starts(table: pa.Table) -> list[_dt.datetime]:
    """Each session's start (timezone-aware)."""
    return [s if s.tzinfo else s.replace(tzinfo=_dt.UTC) for s in table["start"].to_pylist()]


def segment_columns(table: pa.Table) -> SegmentColumns:
    """What the segment filters look at, for every session of the table."""
    return SegmentColumns(
        devices=np.asarray(table["device"].to_numpy(zero_copy_only=False), dtype=str),
        tags={k: tag_values(table, k) for k in tag_keys(table)},
        widths=table["viewport_w"].to_numpy().astype(np.float64),
        durations_s=table["end_ms"].to_numpy() / 1000,
        starts=starts_s(table),
        rage=table["rage_bursts"].to_numpy(),
    )


def kind_counts(table: pa.Table) -> np.ndarray:
    """Each session's events of each kind, shape (sessions, kinds in EventKind's order)."""
    flat = pc.list_flatten(table["kind_counts"]).to_numpy()
    return flat.reshape(table.num_rows, -1) if table.num_rows else flat.reshape(0, 1)


def session_facts(table: pa.Table) -> SessionFacts:
    """The :class:`SessionFacts` of a sessions table's rows (no event read)."""
    return SessionFacts(
        table.num_rows,
        frozenset(pc.unique(tag_array(table, "variant")).to_pylist()),
        int(pc.sum(table["taps"]).as_py() or 0),
        int(pc.sum(table["moves"]).as_py() or 0),
    )


def segment_mask(table: pa.Table, segment) -> np.ndarray:
    """``segment.mask(segment_columns(table))``, computed on the table's columns by Arrow
    (no column is turned into Python strings: a million sessions in milliseconds)."""
    m = np.ones(table.num_rows, dtype=bool)
    for key, values in segment.conditions.items():
        column = table["device"] if key == "device" else pc.map_lookup(table["tags"], key, "first")
        hit = pc.is_in(column, value_set=pa.array(sorted(values), pa.string()))
        m &= pc.fill_null(hit, False).to_numpy(zero_copy_only=False)
    for key, (lo, hi) in segment.ranges.items():
        if key == "width":
            column = table["viewport_w"].to_numpy().astype(np.float64)
        elif key == "duration":
            column = table["end_ms"].to_numpy() / 1000
        else:
            column = starts_s(table)
        m &= (column >= lo) & (column <= hi)
    if segment.rage is not None:
        m &= (table["rage_bursts"].to_numpy() > 0) == segment.rage
    if segment.flags:
        from viewer.analysis.segments import FilterError

        raise FilterError(
            "dead=/error= filters are not computed on archives yet (they keep each click's "
            "element and outcome, but their session columns do not say it): filter the "
            "recordings folder instead"
        )
    return m


def check_rules(archive_rules: dict, rules: MetricRules) -> None:
    """Raise if ``rules`` ask for numbers the archive's sessions table was not computed with
    (only the bounce threshold is free: bounce is computed when read)."""
    wanted = {
        "idle_ms": rules.idle_ms,
        "rage": {
            "min_clicks": rules.rage.min_clicks,
            "window_ms": rules.rage.window_ms,
            "radius_px": rules.rage.radius_px,
        },
    }
    if archive_rules != wanted:
        raise RecordingError(
            "manifest.json",
            f"the archive's numbers were computed with {archive_rules}, not {wanted}",
            "field 'rules'",
        )


def session_metrics_of(
    table: pa.Table,
    page_height: float,
    rules: MetricRules = MetricRules(),  # noqa: B008
) -> SessionMetrics:
    """:func:`~viewer.analysis.metrics.session_metrics` of the table's sessions, read from
    its columns (equal to computing them from the events with the archive's rules)."""

    def col(name: str) -> np.ndarray:
        return table[name].to_numpy()

    clicks, taps = col("clicks"), col("taps")
    interactions = clicks + taps
    end_ms = col("end_ms").astype(np.float64)
    known = col("viewport_known")
    deepest = col("deepest_px").astype(np.float64)
    return SessionMetrics(
        ids=tuple(table["id"].to_pylist()),
        duration_s=end_ms / 1000.0,
        active_s=col("active_s"),
        moves=col("moves"),
        clicks=clicks,
        taps=taps,
        interactions=interactions,
        first_interaction_s=col("first_interaction_s"),
        deepest_px=deepest,
        deepest_share=np.minimum(deepest / max(page_height, 1.0), 1.0),
        dwell_s=col("dwell_s"),
        path_px=col("path_px"),
        rage_bursts=col("rage_bursts"),
        bounce=(interactions == 0) & (end_ms < rules.bounce_ms),
        initial_height=np.where(known, col("viewport_h").astype(np.float64), np.nan),
    )
