"""``info``, ``stats`` and ``heatmap`` of an archive: from its sessions table and Dask map
tasks, never reading it whole. Each says what it read and where it computed."""

from __future__ import annotations

import argparse
import os
import sys
import time

from viewer.cli.common import choose_page
from viewer.cli.messages import fail
from viewer.textformat import printable


def is_archive_path(args: argparse.Namespace) -> bool:
    from viewer.library.archive_format import is_archive

    return args.path is not None and is_archive(args.path)


def scheduler_of(args: argparse.Namespace) -> str:
    """Where an archive's work runs: ``--scheduler``, $SESSION_VIEWER_SCHEDULER, or threads."""
    return (
        getattr(args, "scheduler", None)
        or os.environ.get("SESSION_VIEWER_SCHEDULER")
        or ("threads")
    )


def open_archive(args: argparse.Namespace, quiet: bool = False):
    """The archive at ``args.path``, or None once the reason was printed; its problems are
    printed unless ``quiet`` (the caller reports them)."""
    from viewer.library.archive_open import Archive
    from viewer.recording import RecordingError

    try:
        archive = Archive(args.path)
    except RecordingError as e:
        fail(str(e))
        return None
    for problem in [] if quiet else archive.problems:
        print(f"{problem.severity.value}: {problem}", file=sys.stderr)
    return archive


#: What a map of an archive reads of its sessions table (the tasks' columns, the notes' facts).
MAP_COLUMNS = [
    "sid",
    "start",
    "end_ms",
    "viewport_w",
    "viewport_h",
    "viewport_known",
    "tags",
    "taps",
    "moves",
    "kind_counts",
]


def archive_segment(args: argparse.Namespace, segment, columns=None):
    """``(archive, page, sessions table)`` of ``--page`` in ``segment`` (``columns``: only
    those, in no particular order; all, by start, when None), or an exit status."""
    from viewer.recording import RecordingError

    archive = open_archive(args)
    if archive is None:
        return 2
    page, error = choose_page(archive, args.page)
    if page is None:
        return fail(f"{args.path}: {error}")
    try:
        table = archive.sessions(page.id, segment, columns, ordered=columns is None)
    except RecordingError as e:
        return fail(str(e))
    if table.num_rows == 0:
        return fail(f"no session of page {page.id!r} matches {', '.join(segment.describe())}")
    return archive, page, table


def run_archive_info(args: argparse.Namespace) -> int:
    import json

    from viewer.cli.formatting import format_summary
    from viewer.library.archive_summary import archive_summary
    from viewer.recording import RecordingError

    archive = open_archive(args)
    if archive is None:
        return 2
    try:
        summary = archive_summary(archive)
    except RecordingError as e:
        return fail(str(e))
    print(json.dumps(summary, indent=2) if args.json else format_summary(summary))
    return 0


def run_archive_stats(args: argparse.Namespace, segment, chosen, regions, regions_file) -> int:
    """``stats`` of ``chosen`` (what :func:`archive_segment` gave) with ``regions``."""
    import json

    from viewer.analysis.metrics import MetricRules
    from viewer.analysis.regions import RegionRules
    from viewer.cli.formatting import format_report, format_report_csv
    from viewer.engine.archive_stats import archive_report
    from viewer.recording import RecordingError

    archive, page, table = chosen
    try:
        report = archive_report(
            archive,
            page,
            table,
            regions,
            by=args.by,
            trend_unit=args.trend,
            rules=MetricRules(bounce_ms=args.bounce * 1000),
            region_rules=RegionRules(min_view_ms=args.min_view * 1000),
            scheduler=scheduler_of(args),
        )
    except (RecordingError, OSError) as e:
        return fail(str(e))
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2))
    elif args.format == "csv":
        print(format_report_csv(report), end="")
    else:
        print(format_report(report, segment.describe(), regions_file))
    return 0


def archive_density(args, archive, page, table, settings):
    """A callable of the output grid giving the map's density, points and total weight (a
    scroll map: the whole map), as a Dask map-reduce over the archive's month tasks."""
    from viewer.analysis.density import density_of_masses
    from viewer.engine.archive_maps import archive_masses, archive_scroll_map
    from viewer.state.heatmap_params import Kind

    def density(grid):
        if settings.kind == Kind.SCROLL:
            return archive_scroll_map(archive, page, settings, grid, table, scheduler_of(args))
        m = archive_masses(archive, page.id, settings, grid, table, scheduler_of(args))
        return density_of_masses(m.binned, settings.sigma, grid), m.n_points, m.total

    return density


def archive_facts(table):
    """The :class:`SessionFacts` of a sessions table's rows (no event read)."""
    import pyarrow.compute as pc

    from viewer.analysis.session_facts import SessionFacts
    from viewer.library.archive_columns import tag_array

    seen = frozenset(pc.unique(tag_array(table, "variant")).to_pylist())
    return SessionFacts(
        table.num_rows,
        seen,
        int(pc.sum(table["taps"]).as_py() or 0),
        int(pc.sum(table["moves"]).as_py() or 0),
    )


def say_where(args, archive, table, started) -> None:
    if sys.stderr.isatty():
        print(
            f"{printable(str(archive.root))}: {table.num_rows:,} sessions, computed on "
            f"{scheduler_of(args)} in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
