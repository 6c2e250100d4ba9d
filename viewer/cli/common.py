"""Opening what a command points at, and choosing its page."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from viewer.cli.imports import (
    screenshot_spec,
)
from viewer.cli.messages import fail
from viewer.textformat import printable


def demo_path() -> Path:
    from viewer.demo import bundled_recordings

    return bundled_recordings()


def open_library(args: argparse.Namespace, progress: bool = True):
    from viewer.library import open_path
    from viewer.recording import RecordingError

    path = args.path or demo_path()
    show = progress and sys.stderr.isatty()
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if show and (now - last[0] > 0.2 or done == total) and total > 50:
            last[0] = now
            print(f"\rreading {done:,}/{total:,} files", end="", file=sys.stderr, flush=True)
            if done == total:
                print(file=sys.stderr)

    try:
        spec = screenshot_spec(args)
        # Without a screenshot, rrweb visits get their page rebuilt from the recording.
        return open_path(path, progress=report, screenshot=spec, rebuild=spec is None)
    except RecordingError as e:
        fail(str(e))
        return None


def segment_of_page(args: argparse.Namespace, segment):
    """Open ``args.path``, choose the page (``--page``) and keep its sessions in ``segment``:
    ``(page, sessions, library)``, or the exit status once the reason was printed."""
    library = open_library(args)
    if library is None:
        return 2
    page, error = choose_page(library, args.page)
    if page is None:
        return fail(f"{args.path}: {error}")
    sessions = segment.apply(library.sessions_of(page.id))
    if not sessions:
        return fail(f"no session of page {page.id!r} matches {', '.join(segment.describe())}")
    return page, sessions, library


def choose_page(library, wanted: str | None):
    """The page to work on: ``--page``, the only one, or (in a terminal) the one asked for
    (``library``: a :class:`~viewer.library.Library` or an archive)."""
    pages = library.pages
    if not pages and library.needs_screenshot:
        urls = ", ".join(printable(u or "(no URL)") for u in library.needs_screenshot[:3])
        why = f" ({library.not_rebuilt[0]})" if library.not_rebuilt else ""
        return None, (
            f"these recordings visited {urls}, and no screenshot of that page was given and "
            f"none could be rebuilt{why}: add --screenshot PAGE.png (a full-page screenshot of "
            "the page, e.g. from your browser's developer tools)"
        )
    if not pages:
        return None, "no page with sessions was found there"
    if wanted is not None:
        for p in pages:
            if p.id == wanted:
                return p, None
        return None, f"no page {wanted!r}; the pages are: {', '.join(p.id for p in pages)}"
    if len(pages) == 1:
        return pages[0], None
    listing = "\n".join(
        f"  {i + 1}. {printable(p.id)}  ({library.session_count(p.id):,} sessions)"
        for i, p in enumerate(pages)
    )
    if sys.stdin.isatty() and sys.stderr.isatty():
        print(f"This folder has {len(pages)} pages:\n{listing}", file=sys.stderr)
        answer = input("Which one? (number or id) ").strip()
        for i, p in enumerate(pages):
            if answer in (p.id, str(i + 1)):
                return p, None
        return None, f"no page {answer!r}"
    return None, (f"this folder has {len(pages)} pages; choose one with --page:\n{listing}")
