"""The command line's parser: one sub-parser per command; the heatmap's options come from
the table of its parameters."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from viewer import __version__
from viewer.cli.archive import add_archive_parser
from viewer.cli.clip import add_clip_parser
from viewer.cli.imports import (
    add_import_parser,
    add_recorder_parser,
    add_screenshot_options,
)
from viewer.cli.report import add_report_parser

#: What a command's PATH may be.
WHAT = "recording file, folder or archive (an archive also by URL: s3://..., gs://...)"


def path_or_url(text: str):
    """A command's PATH: a local path, or an archive's URL (``s3://...``) kept as text (a
    Path would fold its ``//``)."""
    from viewer.library.archive_fs import is_url

    return text if is_url(text) else Path(text)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="session-viewer",
        description="Replay recorded web sessions and render exact heatmaps over page "
        "screenshots. With no command: open PATH (default: the bundled demo).",
    )
    p.add_argument("--version", action="version", version=f"session-viewer {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    info = sub.add_parser("info", help="pages, sessions, events by kind, durations, problems")
    info.add_argument("path", type=path_or_url, nargs="?", help=f"{WHAT} (default: demo)")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    add_screenshot_options(info)

    val = sub.add_parser(
        "validate", help="check every file (screenshots decoded in full); exit 1 on any error"
    )
    val.add_argument("path", type=path_or_url, help=WHAT)
    val.add_argument("--json", action="store_true", help="machine-readable output")
    val.add_argument("--strict", action="store_true", help="warnings count as errors too")
    add_screenshot_options(val)

    hm = sub.add_parser(
        "heatmap",
        help="render a heatmap over the page screenshot as a PNG",
        description="Render a click, move, dwell or scroll heatmap over the page's screenshot. "
        "Every setting is stored in the PNG's text metadata.",
    )
    hm.add_argument("path", type=path_or_url, help=WHAT)
    hm.add_argument("-o", "--output", type=Path, required=True, help="the PNG to write")
    hm.add_argument(
        "--force",
        action="store_true",
        help="replace an existing output file (never a recording, page, screenshot or regions "
        "file)",
    )
    hm.add_argument("--page", help="page id, when the folder holds several pages")
    add_heatmap_params(hm)
    hm.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="only sessions with device=... or a tag (repeatable)",
    )
    hm.add_argument("--legend", action="store_true", help="add a legend strip below the image")
    hm.add_argument("--region", metavar="X,Y,W,H", help="export only this rectangle (CSS px)")
    hm.add_argument(
        "--zoom", type=float, help="output pixels per CSS px (default: the screenshot's own)"
    )
    hm.add_argument(
        "--events",
        choices=("both", "clicks", "taps"),
        default="both",
        help="what a click map counts (both)",
    )
    hm.add_argument(
        "--time",
        metavar="START:END",
        help="only events this many seconds into each session, e.g. 0:30",
    )
    add_scheduler_option(hm)
    hm.add_argument(
        "--density",
        type=Path,
        metavar="OUT.npy",
        help="also write the raw density (one float64 per pixel)",
    )

    hm.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="compare two segments, e.g. --compare variant=A variant=B (several "
        "filters per side: device=mobile,variant=A); writes A, B and A - B side "
        "by side",
    )
    hm.add_argument(
        "--level",
        type=float,
        default=0.05,
        help="with --compare: significance level of the difference mask (0.05)",
    )
    hm.add_argument(
        "--permutations",
        type=int,
        default=200,
        help="with --compare: shuffles of the permutation test (200)",
    )

    st = sub.add_parser(
        "stats",
        help="metrics, region CTRs, group differences and trends",
        description="Interaction metrics of a page's sessions with 95 %% intervals; the "
        "click-through rate of each region (from --regions or the regions.json beside the "
        "page); with --by, one column per group and (for two groups) their difference; with "
        "--trend, each measure per period against the previous 6 months.",
    )
    add_stats_options(st)
    st.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_screenshot_options(hm)
    add_import_parser(sub)
    add_archive_parser(sub)
    add_clip_parser(sub)
    add_report_parser(sub)
    add_recorder_parser(sub)

    demo = sub.add_parser("demo", help="generate demo recordings (seeded)")
    demo.add_argument("out", type=Path, help="folder to write into")
    demo.add_argument("--desktop", type=int, default=300, help="desktop sessions (300)")
    demo.add_argument("--mobile", type=int, default=160, help="mobile sessions (160)")
    demo.add_argument("--seed", type=int, default=None, help="random seed")
    demo.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes")
    demo.add_argument(
        "--archive",
        action="store_true",
        help="write the sessions straight into a Parquet archive (made, or added to) instead of "
        "a folder of JSON files: for millions of sessions",
    )
    return p


def add_stats_options(parser: argparse.ArgumentParser) -> None:
    """What ``stats`` and ``report`` both take: the sessions, the grouping, the rules."""
    parser.add_argument("path", type=path_or_url, help=WHAT)
    parser.add_argument("--page", help="page id, when the folder holds several pages")
    parser.add_argument(
        "--by", metavar="TAG", help="group by a tag (variant, source, ...) or device"
    )
    parser.add_argument("--regions", type=Path, metavar="FILE", help="regions file to use")
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="segment filters (repeatable): device=, a tag, width=A..B, "
        "duration=A..B, rage=yes|no, dead=yes|no, error=yes|no, date=D1..D2",
    )
    parser.add_argument(
        "--elements",
        action="store_true",
        help="clicks, sessions, impressions and CTR per page element, and dead and error "
        "clicks (recordings that name each click's element: rrweb, PostHog, Sentry, the "
        "bundled recorder)",
    )
    parser.add_argument(
        "--dead-ms",
        type=float,
        default=1000.0,
        metavar="MS",
        help="a click is dead when nothing happened on the page within this many ms, an "
        "error click when the console logged an error within as long (1000)",
    )
    parser.add_argument("--trend", choices=("day", "week", "month"), help="show trends per period")
    parser.add_argument(
        "--min-view",
        type=float,
        default=1.0,
        metavar="S",
        help="seconds half a region must be in view to count as seen (1)",
    )
    parser.add_argument(
        "--bounce",
        type=float,
        default=10.0,
        metavar="S",
        help="a session without interaction shorter than this bounced (10)",
    )

    add_scheduler_option(parser)
    add_screenshot_options(parser)


def add_scheduler_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="where an archive's work runs as a Dask map-reduce: 'threads' (this machine's "
        "cores, the default) or a dask.distributed scheduler, tcp://HOST:8786 (default: "
        "$SESSION_VIEWER_SCHEDULER); the workers must be able to read the archive's path",
    )


def add_heatmap_params(parser: argparse.ArgumentParser) -> None:
    """The options of the heatmap's parameters, from their one table (flags, choices, defaults,
    help). ``--opacity`` has no fixed default: it depends on the kind."""
    from viewer.state.heatmap_params import PARAMS

    for p in PARAMS.values():
        if p.flag is None:
            continue
        kw: dict = {"help": p.help, "dest": p.name}
        if p.choices:
            kw["choices"] = p.values
        elif p.type in (float, int):
            kw["type"] = p.type
        if p.default is not None and p.name != "opacity":
            kw["default"] = p.default
            kw["help"] += (
                f" (default: {p.default:g})"
                if p.type in (float, int)
                else f" (default: {p.default})"
            )
        parser.add_argument(p.flag, **kw)
