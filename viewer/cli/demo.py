"""``demo``: generate the demo recordings into a new folder."""

from __future__ import annotations

import argparse
import os
import sys
import time

from viewer.cli.messages import cannot_write, fail
from viewer.textformat import printable


def run_demo(args: argparse.Namespace) -> int:
    from viewer.demo.generate import generate

    started = time.perf_counter()
    total = args.desktop + args.mobile

    def report(done: int, n: int) -> None:
        if sys.stderr.isatty() and (done % 100 == 0 or done == n):
            print(f"\rwriting sessions {done:,}/{n:,}", end="", file=sys.stderr, flush=True)
            if done == n:
                print(file=sys.stderr)

    out = args.out
    if args.archive:
        return _demo_archive(args, report, started)
    if os.path.lexists(out) and (
        not out.is_dir() or any(not n.startswith(".") for n in os.listdir(out))
    ):
        return fail(f"{out} exists and is not an empty folder; demo writes a new folder")
    from viewer.folder_write import building_folder

    try:
        # Built beside the target and renamed into place: a kill or a full disk leaves nothing.
        with building_folder(out) as staging:
            pages = generate(staging, **_generator_options(args, report))
    except OSError as e:
        return cannot_write(e, out)
    print(
        f"wrote {len(pages)} pages and {total:,} sessions to {printable(out)} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _generator_options(args: argparse.Namespace, report) -> dict:
    """What both generators (a folder, an archive) take from the command line."""
    from viewer.demo.generate import DEFAULT_SEED

    return {
        "desktop": args.desktop,
        "mobile": args.mobile,
        "seed": DEFAULT_SEED if args.seed is None else args.seed,
        "workers": max(1, args.workers),
        "progress": report,
    }


def _demo_archive(args: argparse.Namespace, report, started: float) -> int:
    from viewer.demo.archive_demo import generate_archive
    from viewer.library.archive_format import is_archive

    out = args.out
    if (
        os.path.lexists(out)
        and not is_archive(out)
        and (not out.is_dir() or any(not n.startswith(".") for n in os.listdir(out)))
    ):
        return fail(f"{out} exists and is neither an archive nor an empty folder")
    try:
        added = generate_archive(out, **_generator_options(args, report))
    except OSError as e:
        return cannot_write(e, out)
    print(
        f"added {added.sessions:,} sessions ({added.skipped:,} were already there) to the "
        f"archive {printable(out)} in {time.perf_counter() - started:.1f} s"
    )
    return 0
