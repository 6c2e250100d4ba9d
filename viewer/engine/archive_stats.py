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
from viewer.analysis.regions import (
    Region,
    RegionRules,
    RegionSessions,
    load_regions,
    region_sessions,
    sidecar_path,
)
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
from viewer.library.archive_regions import stored_region_numbers
from viewer.recording.errors import RecordingError

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
    table), in their order: the numbers the archive keeps (for its pages' own regions; no
    event read), the others computed by month on Dask (``threads``: at most that many of
    this machine's; ``cancelled``: asked before each task, see
    :func:`~viewer.engine.scheduler.compute`)."""
    if not regions:
        return []
    try:
        kept = stored_region_numbers(
            archive.source, archive.manifest.regions, page_id, sessions, regions, rules
        )
    except (OSError, pa.ArrowException):  # a damaged file (validate names it): count again
        kept = [None] * len(regions)
    missing = [r for r, k in zip(regions, kept, strict=True) if k is None]
    computed = iter(
        computed_region_sessions(
            archive, page_id, sessions, missing, rules, scheduler, threads, cancelled
        )
        if missing
        else []
    )
    return [k if k is not None else next(computed) for k in kept]


def computed_region_sessions(
    archive: Archive,
    page_id: str,
    sessions: pa.Table,
    regions: list[Region],
    rules: RegionRules,
    scheduler=None,
    threads: int | None = None,
    cancelled=None,
) -> list[RegionSessions]:
    """The region numbers of :func:`archive_region_sessions` computed from the events: a
    task per month and write, every event group read."""
    from dask import delayed

    n = sessions.num_rows
    root = str(archive.source)
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


#: What region numbers read of the sessions table (the map tasks' columns).
REGION_COLUMNS = ["sid", "start", "end_ms", "viewport_w", "viewport_h", "viewport_known", "tags"]


def keep_region_numbers(archive: Archive, scheduler=None) -> int:
    """Compute and keep the numbers of each page's own regions that the archive does not
    keep for all its sessions yet (it was written before it kept them); how many regions
    were computed. The new files come first, the manifest is swapped in last."""
    from viewer.fileio import fsync_dir
    from viewer.library.archive_format import read_manifest, write_manifest
    from viewer.library.archive_regions import numbers_table, write_region_numbers
    from viewer.library.archive_write import REGION_RULES

    manifest = read_manifest(archive.root)
    added, computed = [], 0
    for page in archive.pages:
        if page.path is None or not sidecar_path(page.path).is_file():
            continue
        try:
            regions = load_regions(sidecar_path(page.path), page.id)
        except RecordingError:
            continue  # unreadable regions: nothing to keep (stats says why)
        sessions = archive.sessions(page.id, columns=REGION_COLUMNS, ordered=False)
        kept = stored_region_numbers(
            archive.root, manifest.regions, page.id, sessions, regions, REGION_RULES
        )
        missing = [r for r, k in zip(regions, kept, strict=True) if k is None]
        if not missing or sessions.num_rows == 0:
            continue
        found = computed_region_sessions(
            archive, page.id, sessions, missing, REGION_RULES, scheduler
        )
        table = numbers_table(sessions["sid"].to_numpy(), found, REGION_RULES)
        added.append(write_region_numbers(archive.root, page.id, table))
        computed += len(missing)
    if added:
        fsync_dir(archive.root)
        manifest.regions += added
        write_manifest(archive.root, manifest)
        archive.manifest = manifest
    return computed


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
