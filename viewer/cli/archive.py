"""``archive``: recordings (native folders, rrweb/PostHog/Sentry files) into a Parquet archive."""

from __future__ import annotations

import argparse
from pathlib import Path

from viewer.cli.messages import fail
from viewer.textformat import printable


def add_archive_parser(sub) -> None:
    a = sub.add_parser(
        "archive",
        help="add recordings to a Parquet archive (made if missing; idempotent by session id)",
        description="Adds the pages and sessions of each SRC (a folder of recordings, or a "
        "recording file) to ARCHIVE. Sessions already in the archive are skipped; a write "
        "killed at any moment leaves the archive as it was. Every command opens an archive "
        "like a folder.",
    )
    a.add_argument("sources", type=Path, nargs="*", metavar="SRC", help="folders or files")
    a.add_argument("-o", "--output", type=Path, required=True, metavar="ARCHIVE")
    a.add_argument(
        "--compact",
        action="store_true",
        help="then rewrite the sessions table as one file per page and month (after many "
        "small writes, or for an archive of an older version: segments by date read less), "
        "and keep the numbers of the pages' regions where they are not kept yet",
    )


def run_archive(args: argparse.Namespace) -> int:
    from viewer.library import open_path
    from viewer.library.archive_write import add_to_archive
    from viewer.recording import RecordingError

    target = args.output.absolute()
    for src in args.sources:
        src_abs = src.absolute()
        if target == src_abs or target.is_relative_to(src_abs) or src_abs.is_relative_to(target):
            return fail(f"the archive {target} must be outside the recordings it reads ({src})")
    total_added = total_skipped = total_pages = 0
    status = 0
    for src in args.sources:
        try:
            library = open_path(src)
        except RecordingError as e:
            fail(str(e))
            status = 2
            continue
        for problem in library.errors:
            print(f"skipped: {problem}")
        try:
            added = add_to_archive(target, library.pages, library.all_sessions)
        except OSError as e:  # FileExistsError too: a folder that is not an archive
            return fail(f"cannot write the archive {target}: {e}")
        total_added += added.sessions
        total_skipped += added.skipped
        total_pages += added.pages
    if args.sources:
        print(
            f"{printable(str(target))}: added {total_added:,} sessions and {total_pages:,} "
            f"pages; {total_skipped:,} sessions were already there"
        )
    elif not args.compact:
        return fail("nothing to do: give recordings to add (SRC), or --compact")
    if args.compact and status == 0:
        return _compact(target)
    return status


def _compact(target: Path) -> int:
    from viewer.library.archive_format import is_archive
    from viewer.library.archive_layout import compact_sessions
    from viewer.recording import RecordingError

    if not is_archive(target):
        return fail(f"{target} is not an archive")
    from viewer.engine.archive_stats import keep_region_numbers
    from viewer.library.archive_open import Archive

    try:
        before, after = compact_sessions(target)
        print(
            f"{printable(str(target))}: sessions table rewritten from {before:,} files into "
            f"{after:,} (one per page and month)"
        )
        computed = keep_region_numbers(Archive(target))
    except (OSError, RecordingError) as e:
        return fail(f"cannot rewrite the archive {target}: {e}")
    if computed:
        print(f"kept the numbers of {computed:,} page regions (stats on them read no event)")
    return 0


def import_into_archive(args: argparse.Namespace, page, sessions, failed: int) -> int:
    """``import ... --archive``: the imported page and sessions added to the archive -o."""
    from viewer.library.archive_write import add_to_archive

    target = args.output.absolute()
    for src in args.inputs:
        if target == src.absolute() or src.absolute().is_relative_to(target):
            return fail(f"the archive {target} must be outside the recordings it reads ({src})")
    try:
        added = add_to_archive(target, [page], sessions)
    except OSError as e:  # FileExistsError too: a folder that is not an archive
        return fail(f"cannot write the archive {target}: {e}")
    print(
        f"added {added.sessions:,} sessions of page {printable(page.id)!r} to the archive "
        f"{printable(str(target))} ({added.skipped:,} were already there)"
        + (f"; {failed} of {len(args.inputs)} inputs could not be read" if failed else "")
    )
    return 1 if failed else 0
