"""``info``, ``stats`` and ``heatmap`` of an archive: from its sessions table and Dask map
tasks, never reading it whole. Each says what it read and where it computed."""

from __future__ import annotations

import argparse
import os
import sys

from viewer.cli.common import choose_page
from viewer.cli.messages import fail


def is_archive_path(args: argparse.Namespace) -> bool:
    """Whether the command's PATH is an archive (a URL always names one: only archives are
    read from URLs)."""
    from viewer.library.archive_format import is_archive
    from viewer.library.archive_fs import is_url

    return args.path is not None and (is_url(args.path) or is_archive(args.path))


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


def archive_stats_report(args: argparse.Namespace, chosen, regions, options: dict):
    """The ``stats`` report of ``chosen`` (what :func:`archive_segment` gave) with
    ``regions`` and ``build_report``'s ``options``, or an exit status once the reason was
    printed."""
    from viewer.engine.archive_stats import archive_report
    from viewer.recording import RecordingError

    archive, page, table = chosen
    try:
        return archive_report(
            archive, page, table, regions, scheduler=scheduler_of(args), **options
        )
    except (RecordingError, OSError) as e:
        return fail(str(e))
