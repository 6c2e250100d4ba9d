"""``info`` and ``validate``."""

from __future__ import annotations

import argparse
import json
import sys

from viewer.cli.common import open_library
from viewer.cli.formatting import format_summary


def run_info(args: argparse.Namespace) -> int:
    from viewer.cli.archive_commands import is_archive_path, run_archive_info
    from viewer.library.summary import library_summary

    if is_archive_path(args):
        return run_archive_info(args)
    library = open_library(args)
    if library is None:
        return 2
    summary = library_summary(library)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary))
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from viewer.cli.archive_commands import is_archive_path
    from viewer.recording import RecordingError
    from viewer.recording.screenshot import verify_screenshot

    if is_archive_path(args):
        return _validate_archive(args)
    library = open_library(args)
    if library is None:
        return 2
    for page in library.pages:
        for shot in {page.screenshot, *page.variants.values()}:
            try:
                verify_screenshot(page.path or shot, shot)
            except RecordingError as e:
                library.problems.append(e.problem)
    return _verdict(
        args, library.root, len(library.pages), len(library.all_sessions), library.problems
    )


def _validate_archive(args: argparse.Namespace) -> int:
    from viewer.cli.archive_commands import open_archive
    from viewer.library.archive_check import check_archive

    archive = open_archive(args, quiet=True)
    if archive is None:
        return 2
    found, sessions = check_archive(archive)
    return _verdict(args, archive.root, len(archive.pages), sessions, [*archive.problems, *found])


def _verdict(args, root, pages: int, sessions: int, problems) -> int:
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    failed = bool(errors) or (args.strict and bool(warnings))
    if args.json:
        print(
            json.dumps(
                {
                    "path": str(root),
                    "ok": not failed,
                    "pages": pages,
                    "sessions": sessions,
                    "problems": [p.to_dict() for p in problems],
                },
                indent=2,
            )
        )
    else:
        for p in problems:
            print(f"{p.severity.value}: {p}", file=sys.stderr)
        verdict = "FAILED" if failed else "OK"
        print(
            f"{verdict}: {pages} pages, {sessions:,} sessions, "
            f"{len(errors)} errors, {len(warnings)} warnings"
        )
    return 1 if failed else 0
