"""``stats`` of an archive: per-session metrics from the sessions table (no event read), and
region numbers as Dask map tasks (one per month of the page: its sessions' events, both
groups, since hover time needs the moves), gathered into one array per region.

The report is then made by :func:`viewer.analysis.report.report_of`, as for a folder: the
same numbers to float rounding (a test says so).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from viewer.analysis.metrics import MetricRules
from viewer.analysis.regions import Region, RegionRules, RegionSessions, region_sessions
from viewer.analysis.report import Report, report_of
from viewer.engine.archive_maps import month_parts
from viewer.engine.partition_table import partition_table, read_rows
from viewer.engine.scheduler import compute_all
from viewer.library.archive_columns import (
    check_rules,
    group_values,
    session_metrics_of,
    starts,
)
from viewer.library.archive_format import EVENT_GROUPS
from viewer.library.archive_open import Archive

_FIELDS = ("clicks", "seen", "clicked", "hover_ms", "view_ms", "first_view", "first_click")


def month_regions(
    root: str, files: list[str], sessions: pa.Table, regions: list[Region], rules: RegionRules
) -> tuple[np.ndarray, list[dict[str, np.ndarray]]]:
    """The map task: the rows (in the chosen table) of this month's sessions, and each
    region's per-session numbers for them (sessions without events too: their first screen
    was in view)."""
    table = partition_table(read_rows(root, files, sessions["sid"]), sessions)
    found = region_sessions(table, regions, rules)
    return sessions["row"].to_numpy(), [{f: getattr(rs, f) for f in _FIELDS} for rs in found]


def archive_region_sessions(
    archive: Archive,
    page_id: str,
    sessions: pa.Table,
    regions: list[Region],
    rules: RegionRules = RegionRules(),  # noqa: B008 - frozen
    scheduler=None,
    threads: int | None = None,
    cancelled=None,
) -> list[RegionSessions]:
    """:func:`~viewer.analysis.regions.region_sessions` of ``sessions`` (rows of the sessions
    table), in their order, computed by month on Dask (``threads``: at most that many of
    this machine's; ``cancelled``: asked before each task, see
    :func:`~viewer.engine.scheduler.compute`)."""
    if not regions:
        return []
    from dask import delayed

    n = sessions.num_rows
    root = str(archive.root)
    tasks = [
        delayed(month_regions)(root, files, chosen, regions, rules)
        for _, files, chosen in month_parts(archive, page_id, EVENT_GROUPS, sessions)
    ]
    known = sessions["viewport_known"].to_numpy(zero_copy_only=False)
    out: list[dict[str, np.ndarray]] = [{} for _ in regions]
    for rows, per_region in compute_all(
        tasks, scheduler, threads, cancelled
    ):  # every session is in one month
        for arrays, found in zip(out, per_region, strict=True):
            for f, values in found.items():
                arrays.setdefault(f, np.zeros(n, values.dtype))[rows] = values
    return [
        RegionSessions(region=r, known=known, **arrays)
        for r, arrays in zip(regions, out, strict=True)
    ]


def archive_report(
    archive: Archive,
    page,
    sessions: pa.Table,
    regions: list[Region] | None = None,
    by: str | None = None,
    trend_unit: str | None = None,
    rules: MetricRules = MetricRules(),  # noqa: B008 - frozen
    region_rules: RegionRules = RegionRules(),  # noqa: B008 - frozen
    scheduler=None,
) -> Report:
    """:func:`~viewer.analysis.report.build_report` of an archive's ``sessions`` (rows of its
    sessions table, as :meth:`Archive.sessions` gives them)."""
    check_rules(archive.manifest.rules, rules)
    metrics = session_metrics_of(sessions, page.height, rules)
    per_region = archive_region_sessions(
        archive, page.id, sessions, regions or [], region_rules, scheduler
    )
    values = group_values(sessions, by) if by is not None else None
    when = starts(sessions) if trend_unit is not None else []
    return report_of(page, metrics, per_region, when, by, values, trend_unit)
