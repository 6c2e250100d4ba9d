"""The ``session-viewer`` command line.

``session-viewer [PATH]`` opens recordings in the window (the bundled demo when no path is
given); ``info``, ``validate``, ``heatmap`` and ``demo`` are the scripting commands. They never
create a QApplication, print errors to stderr as one line each, and never show a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from viewer import __version__
from viewer.cli_import import (
    add_import_parser,
    add_recorder_parser,
    add_screenshot_options,
    run_import,
    run_recorder,
    screenshot_spec,
)
from viewer.cli_messages import cannot_write, fail
from viewer.textformat import duration, printable

COMMANDS = ("info", "validate", "heatmap", "stats", "import", "recorder", "demo")


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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="session-viewer",
        description="Replay recorded web sessions and render exact heatmaps over page "
        "screenshots. With no command: open PATH (default: the bundled demo).",
    )
    p.add_argument("--version", action="version", version=f"session-viewer {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    info = sub.add_parser("info", help="pages, sessions, events by kind, durations, problems")
    info.add_argument("path", type=Path, nargs="?", help="recording file or folder (default: demo)")
    info.add_argument("--json", action="store_true", help="machine-readable output")
    add_screenshot_options(info)

    val = sub.add_parser(
        "validate", help="check every file (screenshots decoded in full); exit 1 on any error"
    )
    val.add_argument("path", type=Path, help="recording file or folder")
    val.add_argument("--json", action="store_true", help="machine-readable output")
    val.add_argument("--strict", action="store_true", help="warnings count as errors too")
    add_screenshot_options(val)

    hm = sub.add_parser(
        "heatmap",
        help="render a heatmap over the page screenshot as a PNG",
        description="Render a click, move, dwell or scroll heatmap over the page's screenshot. "
        "Every setting is stored in the PNG's text metadata.",
    )
    hm.add_argument("path", type=Path, help="recording file or folder")
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
    st.add_argument("path", type=Path, help="recording file or folder")
    st.add_argument("--page", help="page id, when the folder holds several pages")
    st.add_argument("--by", metavar="TAG", help="group by a tag (variant, source, ...) or device")
    st.add_argument("--regions", type=Path, metavar="FILE", help="regions file to use")
    st.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="segment filters (repeatable): device=, a tag, width=A..B, "
        "duration=A..B, rage=yes|no, date=D1..D2",
    )
    st.add_argument("--trend", choices=("day", "week", "month"), help="show trends per period")
    st.add_argument("--format", choices=("table", "csv", "json"), default="table")
    st.add_argument(
        "--min-view",
        type=float,
        default=1.0,
        metavar="S",
        help="seconds half a region must be in view to count as seen (1)",
    )
    st.add_argument(
        "--bounce",
        type=float,
        default=10.0,
        metavar="S",
        help="a session without interaction shorter than this bounced (10)",
    )

    add_screenshot_options(hm)
    add_screenshot_options(st)
    add_import_parser(sub)
    add_recorder_parser(sub)

    demo = sub.add_parser("demo", help="generate demo recordings (seeded)")
    demo.add_argument("out", type=Path, help="folder to write into")
    demo.add_argument("--desktop", type=int, default=300, help="desktop sessions (300)")
    demo.add_argument("--mobile", type=int, default=160, help="mobile sessions (160)")
    demo.add_argument("--seed", type=int, default=None, help="random seed")
    demo.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes")
    return p


def add_heatmap_params(parser: argparse.ArgumentParser) -> None:
    """The options of the heatmap's parameters, from their one table (flags, choices, defaults,
    help). ``--opacity`` has no fixed default: it depends on the kind."""
    from viewer.state.heatmap_params import PARAMS

    for p in PARAMS.values():
        if p.flag is None:
            continue
        kw: dict = {"help": p.help}
        if p.choices:
            kw["choices"] = p.values
        elif p.type is float:
            kw["type"] = float
        if p.default is not None and p.name != "opacity":
            kw["default"] = p.default
            kw["help"] += (
                f" (default: {p.default:g})" if p.type is float else f" (default: {p.default})"
            )
        parser.add_argument(p.flag, **kw)


def _run_command(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "info":
        return _info(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "import":
        return run_import(args)
    if args.command == "recorder":
        return run_recorder(args)
    if args.command == "demo":
        return _demo(args)
    if args.command == "heatmap":
        return _heatmap(args)
    if args.command == "stats":
        return _stats(args)
    raise AssertionError(args.command)


def _open(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="session-viewer",
        description="Open recordings in the desktop window (default: the bundled demo). "
        "Scripting commands: " + ", ".join(COMMANDS) + " (session-viewer COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"session-viewer {__version__}")
    parser.add_argument("path", type=Path, nargs="?", help="recording file or folder")
    parser.add_argument(
        "--settings",
        type=Path,
        metavar="FILE.ini",
        help="settings file (default: $SESSION_VIEWER_SETTINGS or the platform's config folder)",
    )
    add_screenshot_options(parser)
    args = parser.parse_args(argv)
    if args.path is not None and not args.path.exists():
        return fail(f"{args.path}: no such file or folder")
    from viewer.gui.app import run  # the only command that starts Qt

    return run(args.path, args.settings, screenshot_spec(args))


def _demo_path() -> Path:
    from viewer.demo import bundled_recordings

    return bundled_recordings()


def _open_library(args: argparse.Namespace, progress: bool = True):
    from viewer.library import open_path
    from viewer.recording import RecordingError

    path = args.path or _demo_path()
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


def _info(args: argparse.Namespace) -> int:
    from viewer.library.summary import library_summary

    library = _open_library(args)
    if library is None:
        return 2
    summary = library_summary(library)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_summary(summary))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from viewer.recording import RecordingError
    from viewer.recording.screenshot import verify_screenshot

    as_json, strict = args.json, args.strict
    library = _open_library(args)
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


def _segment_of_page(args: argparse.Namespace, segment):
    """Open ``args.path``, choose the page (``--page``) and keep its sessions in ``segment``:
    ``(page, sessions, library)``, or the exit status once the reason was printed."""
    library = _open_library(args)
    if library is None:
        return 2
    page, error = _choose_page(library, args.page)
    if page is None:
        return fail(f"{args.path}: {error}")
    sessions = segment.apply(library.sessions_of(page.id))
    if not sessions:
        return fail(f"no session of page {page.id!r} matches {', '.join(segment.describe())}")
    return page, sessions, library


def _choose_page(library, wanted: str | None):
    """The page to work on: ``--page``, the only one, or (in a terminal) the one asked for."""
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
        f"  {i + 1}. {printable(p.id)}  ({len(library.sessions_of(p.id)):,} sessions)"
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


def _parse_region(text: str | None):
    if text is None:
        return None
    try:
        x, y, w, h = (float(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"--region {text!r} must be X,Y,W,H in CSS px") from None
    return x, y, w, h


def _parse_time(text: str | None):
    if text is None:
        return None
    try:
        a, b = text.split(":")
        t0, t1 = float(a or 0) * 1000, (float(b) * 1000 if b else float("inf"))
    except ValueError:
        raise ValueError(f"--time {text!r} must be START:END in seconds, e.g. 0:30") from None
    if not t1 > t0:
        raise ValueError("--time: END must be after START")
    return t0, t1


def _heatmap(args: argparse.Namespace) -> int:
    from viewer.analysis.heatmaps import HeatmapSettings
    from viewer.analysis.segments import FilterError, Segment
    from viewer.render.export import (
        ExportOptions,
        render_heatmap,
        write_density_npy,
        write_heatmap_png,
    )

    try:
        segment = Segment.parse(args.filter)
        extra = {} if args.opacity is None else {"opacity": args.opacity}
        settings = HeatmapSettings.for_kind(
            args.kind,
            **extra,
            sigma=args.sigma,
            colormap=args.colormap,
            scale=args.scale,
            vmax=args.vmax,
            clicks=args.events in ("both", "clicks"),
            taps=args.events in ("both", "taps"),
            scroll_metric=args.scroll_metric,
            t_range=_parse_time(args.time),
        )
        from viewer.render.colormaps import rgb_table

        rgb_table(settings.colormap)
        options = ExportOptions(
            region=_parse_region(args.region),
            zoom=args.zoom,
            legend=args.legend,
            filters=tuple(segment.describe()),
        )
    except (ValueError, FilterError) as e:
        return fail(str(e))
    chosen = _segment_of_page(args, segment)
    if isinstance(chosen, int):
        return chosen
    page, sessions, library = chosen
    # Checked before any work: never over a file of the recordings, never silently over another.
    from viewer.outputs import OutputRefused, check_output, files_of

    protected = files_of(library)
    try:
        for target in (args.output, args.density):
            if target is not None:
                check_output(target, protected, args.force)
        if args.density is not None and args.density.resolve() == args.output.resolve():
            raise OutputRefused("--density and -o name the same file")
    except OutputRefused as e:
        return fail(str(e))
    if args.compare:
        return _compare(args, page, sessions, settings, options)
    started = time.perf_counter()
    if sys.stderr.isatty():
        print(f"computing the {args.kind} map of {len(sessions):,} sessions...", file=sys.stderr)
    from viewer.recording import RecordingError

    try:
        rendered = render_heatmap(page, sessions, settings, options)
    except (ValueError, RecordingError) as e:  # a damaged screenshot is one located error
        return fail(str(e))
    try:
        write_heatmap_png(args.output, rendered)
        if args.density is not None:
            write_density_npy(args.density, rendered)
    except OSError as e:
        return cannot_write(e, args.output)
    w, h = rendered.image.size
    print(
        f"wrote {printable(args.output)} ({w:,} x {h:,} px): {args.kind} map of "
        f"{len(sessions):,} sessions on {printable(page.id)}, {rendered.heatmap.units}, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _compare(args, page, sessions, settings, options) -> int:
    from viewer.analysis.segments import FilterError, Segment
    from viewer.analysis.table import EventTable
    from viewer.recording import RecordingError
    from viewer.render.compare_export import compare_and_render
    from viewer.render.export import write_heatmap_png

    started = time.perf_counter()
    try:
        sides = [Segment.parse(part.split(",")) for part in args.compare]
    except FilterError as e:
        return fail(str(e))
    groups = [side.apply(sessions) for side in sides]
    for text, group in zip(args.compare, groups, strict=True):
        if not group:
            return fail(f"no session of page {page.id!r} matches {text}")
    try:
        comparison, rendered = compare_and_render(
            page,
            (EventTable.from_sessions(groups[0]), EventTable.from_sessions(groups[1])),
            (args.compare[0], args.compare[1]),
            settings,
            options,
            permutations=args.permutations,
            level=args.level,
        )
    except ValueError as e:
        return fail(str(e))
    except RecordingError as e:
        return fail(str(e))
    try:
        write_heatmap_png(args.output, rendered)
    except OSError as e:
        return cannot_write(e, args.output)
    share = comparison.significant.mean()
    print(
        f"wrote {args.output}: {args.kind} maps of {args.compare[0]} ({len(groups[0]):,} "
        f"sessions) and {args.compare[1]} ({len(groups[1]):,}) on one scale, and their "
        f"difference (significant over {share:.1%} of the page at level {args.level:g}), in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


def _stats(args: argparse.Namespace) -> int:
    from viewer.analysis.metrics import MetricRules
    from viewer.analysis.regions import RegionRules, load_regions, sidecar_path
    from viewer.analysis.report import build_report
    from viewer.analysis.segments import FilterError, Segment
    from viewer.recording import RecordingError

    try:
        segment = Segment.parse(args.filter)
    except FilterError as e:
        return fail(str(e))
    chosen = _segment_of_page(args, segment)
    if isinstance(chosen, int):
        return chosen
    page, sessions, _ = chosen
    regions = []
    regions_file = args.regions
    if regions_file is None and page.path is not None and sidecar_path(page.path).exists():
        regions_file = sidecar_path(page.path)
    if regions_file is not None:
        try:
            regions = load_regions(regions_file, page.id)
        except RecordingError as e:
            return fail(str(e))
    report = build_report(
        page,
        sessions,
        regions,
        by=args.by,
        trend_unit=args.trend,
        rules=MetricRules(bounce_ms=args.bounce * 1000),
        region_rules=RegionRules(min_view_ms=args.min_view * 1000),
    )
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2))
    elif args.format == "csv":
        print(format_report_csv(report), end="")
    else:
        print(format_report(report, segment.describe(), regions_file))
    return 0


def _columns(rows: list[list[str]]) -> str:
    rows = [[printable(c) for c in r] for r in rows]  # names from recordings: one line each
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def format_report(report, filters: list[str], regions_file) -> str:
    """The plain-text form of a stats report."""
    groups = report.groups
    two = len(groups) == 2
    # Table cells are escaped by _columns; what else comes from recordings is escaped here.
    head = f"{printable(report.page.id)}: {report.sessions:,} sessions"
    if filters:
        head += f" ({printable(', '.join(filters))})"
    if report.by:
        head += f", by {printable(report.by)}"
    lines = [head, ""]
    header = ["metric", *[g.name for g in groups]]
    if two:
        header.append(f"{groups[1].name} - {groups[0].name}")
    rows = [header]
    for i, (name, _) in enumerate(groups[0].metrics.rows()):
        row = [name, *[g.metrics.rows()[i][1] for g in groups]]
        if two:
            row.append(report.differences[name].text() if name in report.differences else "")
        rows.append(row)
    lines.append(_columns(rows))
    if groups[0].regions:
        lines += [
            "",
            f"Regions ({printable(regions_file)}): CTR = sessions that clicked / sessions that "
            "saw at least half of the region for a while",
        ]
        unknown = max(r.window_unknown for g in groups for r in g.regions)
        if unknown:
            lines.append(
                f"({unknown:,} sessions of unknown window size are not in impressions or CTR)"
            )
        if len(groups) == 1:
            rows = [
                [
                    "region",
                    "impressions",
                    "clicked",
                    "CTR [95 % CI]",
                    "hover s/session",
                    "first view s",
                    "first click s",
                    "in view s",
                ]
            ]
            for r in groups[0].regions:
                rows.append(
                    [
                        r.region.name,
                        f"{r.impressions:,}",
                        f"{r.clickers:,}",
                        r.ctr.text(),
                        _seconds(r.hover_s),
                        _seconds(r.first_view_s),
                        _seconds(r.first_click_s),
                        _seconds(r.time_in_view_s),
                    ]
                )
        else:
            rows = [["region", *[f"{g.name} CTR" for g in groups]]]
            if two:
                rows[0].append(f"{groups[1].name} - {groups[0].name}")
            for j, r in enumerate(groups[0].regions):
                row = [r.region.name, *[g.regions[j].ctr.text() for g in groups]]
                if two:
                    row.append(report.region_differences[r.region.name].text())
                rows.append(row)
        lines.append(_columns(rows))
    for name, points in report.trends.items():
        lines += ["", f"Trend: {printable(name)} (baseline: the previous 6 months)"]
        rows = [["period", "sessions", "value [95 % CI]", "baseline [95 % CI]", ""]]
        for p in points:
            rows.append(
                [
                    p.period.isoformat(),
                    f"{p.sessions:,}",
                    _trend_value(name, p.value, p.low, p.high),
                    _trend_value(name, p.baseline, p.baseline_low, p.baseline_high),
                    {"above": "above", "below": "below", "within": "", "n/a": "(no baseline)"}[
                        p.verdict
                    ],
                ]
            )
        lines.append(_columns(rows))
    return "\n".join(lines)


def _seconds(v: float) -> str:
    return "-" if v != v else f"{v:.1f}"


def _trend_value(name: str, value: float, low: float, high: float) -> str:
    if value != value:
        return "-"
    if name.endswith("(s)"):
        return f"{value:.1f} [{low:.1f}-{high:.1f}]" if low == low else f"{value:.1f}"
    return f"{100 * value:.1f} % [{100 * low:.1f}-{100 * high:.1f}]"


def format_report_csv(report) -> str:
    """The report as CSV rows: section, group, name, value, low, high, k, n."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["section", "group", "name", "value", "low", "high", "k", "n"])
    for g in report.groups:
        d = g.metrics.to_dict()
        for key, v in d.items():
            if isinstance(v, dict) and "k" in v:
                w.writerow(["metric", g.name, key, v["value"], v["low"], v["high"], v["k"], v["n"]])
            elif isinstance(v, dict) and "mean" in v:
                w.writerow(["metric", g.name, key, v["mean"], v["low"], v["high"], "", v["n"]])
            elif isinstance(v, dict):
                for share, r in v.items():
                    w.writerow(
                        [
                            "metric",
                            g.name,
                            f"reach {share} %",
                            r["value"],
                            r["low"],
                            r["high"],
                            r["k"],
                            r["n"],
                        ]
                    )
            else:
                w.writerow(["metric", g.name, key, v, "", "", "", ""])
        for r in g.regions:
            w.writerow(
                [
                    "region",
                    g.name,
                    r.region.name,
                    r.ctr.value,
                    r.ctr.low,
                    r.ctr.high,
                    r.clickers,
                    r.impressions,
                ]
            )
    for name, d in report.differences.items():
        w.writerow(["difference", "", name, d.value, d.low, d.high, "", d.p_value])
    for name, d in report.region_differences.items():
        w.writerow(["region difference", "", name, d.value, d.low, d.high, "", d.p_value])
    for name, points in report.trends.items():
        for p in points:
            w.writerow(
                [
                    f"trend {p.verdict}",
                    p.period.isoformat(),
                    name,
                    p.value,
                    p.low,
                    p.high,
                    "",
                    p.sessions,
                ]
            )
    return buf.getvalue()


def _demo(args: argparse.Namespace) -> int:
    from viewer.demo.generate import DEFAULT_SEED, generate

    started = time.perf_counter()
    total = args.desktop + args.mobile

    def report(done: int, n: int) -> None:
        if sys.stderr.isatty() and (done % 100 == 0 or done == n):
            print(f"\rwriting sessions {done:,}/{n:,}", end="", file=sys.stderr, flush=True)
            if done == n:
                print(file=sys.stderr)

    out = args.out
    if os.path.lexists(out) and (
        not out.is_dir() or any(not n.startswith(".") for n in os.listdir(out))
    ):
        return fail(f"{out} exists and is not an empty folder; demo writes a new folder")
    from viewer.folder_write import building_folder

    try:
        # Built beside the target and renamed into place: a kill or a full disk leaves nothing.
        with building_folder(out) as staging:
            pages = generate(
                staging,
                desktop=args.desktop,
                mobile=args.mobile,
                seed=DEFAULT_SEED if args.seed is None else args.seed,
                workers=max(1, args.workers),
                progress=report,
            )
    except OSError as e:
        return cannot_write(e, out)
    print(
        f"wrote {len(pages)} pages and {total:,} sessions to {printable(out)} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


# ------------------------------------------------------------------------------------ formatting


def format_summary(summary: dict) -> str:
    """The plain-text form of :func:`viewer.library.summary.library_summary`."""
    lines = []
    n_pages = len(summary["pages"])
    lines.append(
        f"{summary['path']}: {n_pages} page{'s' * (n_pages != 1)}, "
        f"{summary['sessions']:,} sessions, {summary['events']:,} events"
        + (f", {summary['errors']} errors" if summary["errors"] else "")
        + (f", {summary['warnings']} warnings" if summary["warnings"] else "")
    )
    for p in summary["pages"]:
        lines.append("")
        lines.append(f"{p['id']}  {p['title']}")
        w, h = p["size"]
        pw, ph = p["screenshot_pixels"]
        variants = f"; variant screenshots: {', '.join(p['variants'])}" if p["variants"] else ""
        lines.append(f"  {p['url']}")
        lines.append(
            f"  page {w:,} x {h:,} CSS px, screenshot {pw:,} x {ph:,} px "
            f"(x{p['device_pixel_ratio']:g}){variants}"
        )
        if p.get("screenshot_origin"):
            lines.append(f"  screenshot {p['screenshot_origin']} (--screenshot to give your own)")
        devices = ", ".join(f"{k} {v:,}" for k, v in p["devices"].items())
        span = ""
        if p["first_start"]:
            span = f", {p['first_start'][:10]} to {p['last_start'][:10]}"
        lines.append(f"  sessions {p['sessions']:,} ({devices}){span}")
        ev = p["events"]
        by_kind = ", ".join(f"{k} {v:,}" for k, v in ev.items() if k != "total")
        lines.append(f"  events {ev['total']:,}: {by_kind}")
        d = p["duration_ms"]
        lines.append(
            f"  duration {duration(d['total'] / 1000)} in all, "
            f"median session {duration(d['median'] / 1000)}"
        )
        for tag, counts in p["tags"].items():
            shown = ", ".join(f"{k} {v:,}" for k, v in counts.items())
            lines.append(f"  tag {tag}: {shown}")
    if summary["problems"]:
        lines.append("")
        lines.append("problems:")
        for pr in summary["problems"]:
            where = f": {pr['where']}" if pr["where"] else ""
            lines.append(f"  {pr['severity']}: {pr['path']}{where}: {pr['message']}")
    # Every entry is one line; ids, titles, URLs and tags from recordings cannot break it.
    return "\n".join(printable(line) for line in lines)
