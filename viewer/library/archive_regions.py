"""Region numbers kept in an archive, so that ``stats`` on a page's own regions reads no event.

A region's per-session numbers (clicks, impression, hover and view times) need every event of
every session, hover time the moves above all: on a million sessions that is most of the
archive read for nine rectangles. They never change once a session is written, so a write
computes them for the page's regions (the ``regions.json`` kept with the page) and keeps them
beside the sessions, one row per session and region:
``regions/page=<id>/<uuid>.parquet``. Each row names its region by :func:`region_key`: the
region's rectangles and the rules, so a region edited, or counted with other rules, is a new
key and is computed again; numbers of an unchanged region are found whatever file it came from.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from viewer.analysis.regions import Region, RegionRules, RegionSessions
from viewer.library.archive_fs import parquet_file
from viewer.library.archive_scan import Where, partition_of

#: The numbers kept per session and region (the fields of RegionSessions), with their types;
#: a file has a ``sid`` column and, for each region it keeps, ``<key>:<field>`` columns
#: (``key``: :func:`region_key`). One row per session: the files read column by column.
FIELDS = {
    "clicks": pa.int64(),
    "seen": pa.bool_(),
    "clicked": pa.bool_(),
    "hover_ms": pa.float64(),
    "view_ms": pa.float64(),
    "first_view": pa.float64(),  # inf: never in view
    "first_click": pa.float64(),  # inf: never clicked
}


#: The columns every region numbers file has.
REGION_FILE = pa.schema([("sid", pa.int64())])


def column_name(key: str, field: str) -> str:
    return f"{key}:{field}"


def file_keys(schema: pa.Schema) -> set[str]:
    """The region keys whose numbers a file of this ``schema`` keeps."""
    return {n.split(":", 1)[0] for n in schema.names if ":" in n}


def schema_problem(schema: pa.Schema) -> str | None:
    """What is wrong with a region numbers file's columns (beyond :data:`REGION_FILE`'s),
    or None."""
    for key in sorted(file_keys(schema)):
        for name, type_ in FIELDS.items():
            col = column_name(key, name)
            if col not in schema.names:
                return f"column {col!r} is missing"
            if not schema.field(col).type.equals(type_):
                return f"column {col!r} is {schema.field(col).type}, not {type_}"
    return None


def region_key(region: Region, rules: RegionRules) -> str:
    """What a region's numbers depend on (its rectangles, per variant too, and the rules),
    hashed: equal keys, equal numbers. The name is not part of it (a renamed region counts
    the same)."""
    doc = region.to_dict()
    doc.pop("name", None)
    doc["rules"] = {k: getattr(rules, k) for k in sorted(vars(rules))}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:24]


def numbers_table(sids: np.ndarray, found: list[RegionSessions], rules: RegionRules) -> pa.Table:
    """The rows of ``found`` (regions' numbers for sessions ``sids``, in that order)."""
    cols = {"sid": pa.array(np.asarray(sids, np.int64))}
    for rs in found:
        key = region_key(rs.region, rules)
        for name, type_ in FIELDS.items():
            cols[column_name(key, name)] = pa.array(getattr(rs, name), type=type_)
    return pa.table(cols)


def write_region_numbers(root: Path, page_id: str, table: pa.Table) -> str | None:
    """Write ``table`` (:func:`numbers_table`) as a new file of ``page_id``'s region
    numbers; its path inside ``root`` (None: no rows)."""
    if table.num_rows == 0:
        return None
    folder = root / "regions" / f"page={page_id}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.parquet"
    pq.write_table(table, path, row_group_size=1 << 20, compression="zstd")
    return path.relative_to(root).as_posix()


def stored_region_numbers(
    root: Path,
    files: list[str],
    page_id: str,
    sessions: pa.Table,
    regions: list[Region],
    rules: RegionRules,
) -> list[RegionSessions | None]:
    """Each region's numbers for ``sessions`` (rows of the sessions table: ``sid`` and
    ``viewport_known``) from the archive's region files, in their order; None for a region
    whose numbers are not kept for every one of these sessions (it is computed instead).

    Raises
    ------
    OSError, pyarrow.ArrowException
        A region file cannot be read.
    """
    keys = [region_key(r, rules) for r in regions]
    out: list[RegionSessions | None] = [None] * len(regions)
    mine = [f for f in files if partition_of(f).get("page") == page_id]
    if not mine or not regions or sessions.num_rows == 0:
        return out
    sids = sessions["sid"].to_numpy()
    lo, hi = int(sids.min()), int(sids.max())
    lookup = _Lookup(sids)
    values: dict[str, dict[str, np.ndarray]] = {}
    covered: dict[str, np.ndarray] = {}
    for rel in mine:
        file = parquet_file(root, rel)
        present = file_keys(file.schema_arrow) & set(keys)
        groups = Where(sids=(lo, hi)).row_groups(file)
        if not present or not groups:
            continue
        names = [column_name(k, f) for k in sorted(present) for f in FIELDS]
        table = file.read_row_groups(groups, columns=["sid", *names])
        at = lookup.positions(table["sid"].to_numpy())
        hit = at >= 0
        for key in present:
            got = values.setdefault(key, {})
            covered.setdefault(key, np.zeros(len(sids), bool))[at[hit]] = True
            for name in FIELDS:
                column = table[column_name(key, name)].to_numpy(zero_copy_only=False)[hit]
                got.setdefault(name, np.empty(len(sids), column.dtype))[at[hit]] = column
    known = sessions["viewport_known"].to_numpy(zero_copy_only=False)
    for i, (region, key) in enumerate(zip(regions, keys, strict=True)):
        if key in covered and covered[key].all():
            out[i] = RegionSessions(region=region, known=known, **values[key])
    return out


class _Lookup:
    """Positions of session numbers in a set of them (sorted once)."""

    def __init__(self, sids: np.ndarray):
        self._order = np.argsort(sids, kind="stable")
        self._sorted = sids[self._order]

    def positions(self, wanted: np.ndarray) -> np.ndarray:
        """Each of ``wanted``'s place in the set, -1 when not in it."""
        if len(self._sorted) == 0:
            return np.full(len(wanted), -1, np.int64)
        k = np.clip(np.searchsorted(self._sorted, wanted), 0, len(self._sorted) - 1)
        return np.where(self._sorted[k] == wanted, self._order[k], -1)
