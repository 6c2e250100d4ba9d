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
    from viewer.recording import RecordingError
    from viewer.recording.screenshot import verify_screenshot

    as_json, strict = args.json, args.strict
    library = open_library(args)
    if library is None:
        return 2
    for page in library.pages:
        for shot in {page.screenshot, *page.variants.values()}:
            try:
                verify_screenshot(page.path or shot, shot)
            except RecordingError as e:
                library.problems.append(e.problem)
    errors, warnings = library.errors, library.warnings
    failed = bool(errors) or (strict and bool(warnings))
    if as_json:
        print(
            json.dumps(
                {
                    "path": str(library.root),
                    "ok": not failed,
                    "pages": len(library.pages),
                    "sessions": len(library.all_sessions),
                    "problems": [p.to_dict() for p in library.problems],
                },
                indent=2,
            )
        )
    else:
        for p in library.problems:
            print(f"{p.severity.value}: {p}", file=sys.stderr)
        verdict = "FAILED" if failed else "OK"
        print(
            f"{verdict}: {len(library.pages)} pages, {len(library.all_sessions):,} sessions, "
            f"{len(errors)} errors, {len(warnings)} warnings"
        )
    return 1 if failed else 0
