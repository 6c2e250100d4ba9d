"""The ``session-viewer`` command line.

``session-viewer [PATH]`` opens recordings in the window (the bundled demo when no path is
given); ``info``, ``validate``, ``heatmap`` and ``demo`` are the scripting commands. They never
create a QApplication, print errors to stderr as one line each, and never show a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from viewer import __version__
from viewer.cli.archive import run_archive
from viewer.cli.clip import run_clip
from viewer.cli.demo import run_demo
from viewer.cli.heatmap import run_heatmap
from viewer.cli.imports import add_screenshot_options, run_import, run_recorder, screenshot_spec
from viewer.cli.inspection import run_info, run_validate
from viewer.cli.messages import fail
from viewer.cli.parser import build_parser
from viewer.cli.report import run_report
from viewer.cli.stats import run_stats


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            return _run_command(argv)
        return _open(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: say so in one line, the details only when asked
        if os.environ.get("SESSION_VIEWER_DEBUG"):
            raise
        print(
            f"session-viewer: internal error: {type(e).__name__}: {e} "
            "(set SESSION_VIEWER_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 3


#: Each command's function, by name.
RUNNERS = {
    "info": run_info,
    "validate": run_validate,
    "heatmap": run_heatmap,
    "stats": run_stats,
    "import": run_import,
    "archive": run_archive,
    "recorder": run_recorder,
    "demo": run_demo,
    "clip": run_clip,
    "report": run_report,
}
COMMANDS = tuple(RUNNERS)


def _run_command(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return RUNNERS[args.command](args)


def _open(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="session-viewer",
        description="Open recordings in the desktop window (default: the bundled demo). "
        "Scripting commands: " + ", ".join(COMMANDS) + " (session-viewer COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"session-viewer {__version__}")
    parser.add_argument("path", nargs="?", help="recording file, folder or archive")
    parser.add_argument(
        "--settings",
        type=Path,
        metavar="FILE.ini",
        help="settings file (default: $SESSION_VIEWER_SETTINGS or the platform's config folder)",
    )
    add_screenshot_options(parser)
    args = parser.parse_args(argv)
    if args.path is not None and "://" in args.path:
        return fail(
            f"{args.path}: the window opens local folders and archives; info, stats and "
            "heatmap read an archive by URL"
        )
    args.path = None if args.path is None else Path(args.path)
    if args.path is not None and not args.path.exists():
        return fail(f"{args.path}: no such file or folder")
    from viewer.gui.app import run  # the only command that starts Qt

    return run(args.path, args.settings, screenshot_spec(args))
