"""The ``import`` and ``recorder`` commands, and the ``--screenshot`` options that let ``info``,
``validate``, ``heatmap`` and ``stats`` open rrweb recordings directly."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from viewer.cli.messages import cannot_write, fail
from viewer.importers.csv_actions import ActionRules
from viewer.textformat import printable


def add_screenshot_options(parser: argparse.ArgumentParser) -> None:
    """Options for recordings that come without a page file (rrweb)."""
    group = parser.add_argument_group("rrweb recordings without a page file")
    group.add_argument(
        "--screenshot",
        type=Path,
        metavar="PAGE.png",
        help="full-page screenshot of the page the recording visited",
    )
    group.add_argument("--url", default="", help="the page's URL (default: the first visited)")
    group.add_argument(
        "--width",
        type=int,
        default=0,
        metavar="CSS_PX",
        help="the page's width in CSS px (default: the visitor's viewport width)",
    )
    group.add_argument("--page-id", default="", help="id of the page (default: from the URL)")


def screenshot_spec(args: argparse.Namespace):
    """The ``ScreenshotSpec`` the options ask for, or None."""
    from viewer.importers.pages import ScreenshotSpec

    shot = getattr(args, "screenshot", None)
    if shot is None:
        return None
    return ScreenshotSpec(shot, args.url, args.width, args.page_id)


#: The thresholds of ActionRules that ``import csv`` takes as options, and what each decides.
RULE_OPTIONS = {
    "click_max_px": "a press released further away is a drag, not a click",
    "click_max_ms": "a press held longer is a drag, not a click",
    "tap_max_px": "a touch that moved further is a swipe, not a tap",
    "tap_max_ms": "a touch that lasted longer is a long press, not a tap",
}


def add_import_parser(sub) -> None:
    imp = sub.add_parser(
        "import",
        help="convert rrweb recordings or CSV logs into a recordings folder",
        description="Convert recordings of other tools into session-viewer's own format: a "
        "folder with page.json, the screenshot, and sessions/*.session.json.gz.",
    )
    formats = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    rr = formats.add_parser("rrweb", help="rrweb event streams (JSON array or {events: [...]})")
    rr.add_argument("inputs", type=Path, nargs="+", metavar="INPUT")
    _common(rr)
    rr.add_argument(
        "--dwell-ms",
        type=float,
        default=500.0,
        help="a cursor rest this long makes a dwell event (500)",
    )
    cs = formats.add_parser(
        "csv",
        help="CSV/TSV cursor logs with your column names",
        description="Example: session-viewer import csv log.csv --screenshot page.png "
        "--columns t=timestamp,x=xpos,y=ypos,kind=event,session=participant "
        "--events mousedown=click -o out/",
    )
    cs.add_argument("inputs", type=Path, nargs="+", metavar="INPUT")
    _common(cs)
    cs.add_argument(
        "--columns",
        default="",
        metavar="t=COL,x=COL,y=COL[,kind=,button=,session=,value=]",
        help="which of the log's columns hold the time, position, event name (or state), "
        "button, session id and value (default: recognised from the header, and stated)",
    )
    cs.add_argument(
        "--events",
        default="",
        metavar="NAME=KIND,...",
        help="what the log's event names mean (move, click, tap, scroll, dwell, resize, "
        "ignore, or down, up, drag, dblclick, contextmenu, wheel, touchstart, touchmove, "
        "touchend); common names are known already",
    )
    cs.add_argument(
        "--time-unit",
        choices=("auto", "ms", "s"),
        default="auto",
        help="auto: inferred from the values (and stated)",
    )
    cs.add_argument(
        "--time-origin",
        choices=("auto", "absolute", "relative"),
        default="auto",
        help="absolute: Unix time; relative: time since the session began",
    )
    cs.add_argument(
        "--start",
        metavar="ISO",
        help="when relative sessions began (default: the file's modification time)",
    )
    cs.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply positions by this (a log taken at another zoom)",
    )
    cs.add_argument(
        "--coordinates",
        choices=("auto", "page", "viewport"),
        default="auto",
        help="viewport: positions in the window, made page positions with the scroll rows; "
        "auto: viewport for clientX/screenX columns, else page",
    )
    cs.add_argument(
        "--viewport",
        default="",
        metavar="WxH",
        help="the visitors' window size (default: the page's width x 900, stated)",
    )
    rules = ActionRules()
    for name, what in RULE_OPTIONS.items():
        default = getattr(rules, name)
        cs.add_argument(
            f"--{name.replace('_', '-')}", type=float, default=default, help=f"{what} ({default:g})"
        )
    cs.add_argument("--device", choices=("desktop", "tablet", "mobile"), default="desktop")
    cs.add_argument("--delimiter", help="the field separator (default: guessed)")
    cs.add_argument(
        "--dwell-ms",
        type=float,
        default=500.0,
        help="derive dwell from cursor rests this long when the log has none; 0: never (500)",
    )


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="the folder to write (created; sessions are added to a folder that "
        "holds the same page)",
    )
    p.add_argument(
        "--screenshot",
        type=Path,
        required=p.prog.endswith("csv"),
        metavar="PAGE.png",
        help="full-page screenshot of the page (rrweb: default: the page rebuilt from the "
        "recording's DOM snapshot in headless Chromium)",
    )
    p.add_argument(
        "--url",
        default="",
        help="the page's URL (rrweb: which visits to keep; default: the first URL visited)",
    )
    p.add_argument(
        "--width",
        type=int,
        default=0,
        metavar="CSS_PX",
        help="the page's width in CSS px (default: the visitors' viewport width)",
    )
    p.add_argument(
        "--page-id",
        default="",
        help="id of the page (default: from the URL or the screenshot's name)",
    )
    p.add_argument("--title", default="", help="the page's title")
    p.add_argument("--force", action="store_true", help="replace session files that exist")
    p.add_argument(
        "--archive",
        action="store_true",
        help="add the page and sessions to the Parquet archive -o names (made if missing; "
        "sessions already there are skipped) instead of writing a folder",
    )


def add_recorder_parser(sub) -> None:
    rec = sub.add_parser(
        "recorder",
        help="print (or write) the JavaScript recorder for your own pages",
        description="The recorder records moves, clicks, taps, scrolls, dwell and resizes in "
        "session-viewer's format and hands each session to your callback. It records no "
        "keystrokes, no text and no DOM.",
    )
    rec.add_argument("-o", "--output", type=Path, help="write it here instead of printing it")
    rec.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file (never a recording, page, screenshot or regions file)",
    )


def run_recorder(args: argparse.Namespace) -> int:
    from viewer.fileio import atomic_write
    from viewer.outputs import OutputRefused, check_output
    from viewer.recorder import recorder_source

    source = recorder_source()
    if args.output is None:
        sys.stdout.write(source)
        return 0
    try:
        check_output(args.output, force=args.force)
    except OutputRefused as e:
        return fail(str(e))
    try:
        atomic_write(args.output, source.encode())
    except OSError as e:
        return cannot_write(e, args.output)
    print(f"wrote {args.output} ({len(source):,} bytes); see its header for how to use it")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from viewer.recording import RecordingError

    assumptions: list[str] = []
    try:
        if args.format == "rrweb":
            from viewer.cli.import_rrweb import rrweb_import

            page, sessions, problems, failed = rrweb_import(args)
        else:
            page, sessions, problems, failed = _csv(args, assumptions)
    except (RecordingError, ValueError) as e:
        return fail(str(e))
    for p in problems:
        print(f"{p.severity.value}: {p}", file=sys.stderr)
    for line in dict.fromkeys(assumptions):  # once each, in the order they arose
        print(f"assumed: {printable(line)}", file=sys.stderr)
    if page is None or not sessions:
        return fail("nothing to import")
    if args.archive:
        from viewer.cli.archive import import_into_archive

        return import_into_archive(args, page, sessions, failed)
    from viewer.importers.output import write_import

    try:
        page, files = write_import(args.output, page, sessions, force=args.force)
    except RecordingError as e:
        return fail(str(e))
    except OSError as e:
        return cannot_write(e, args.output)
    events = sum(len(s.events) for s in sessions)
    print(
        f"wrote {len(files):,} sessions ({events:,} events) of page {page.id!r} "
        f"({page.width} x {page.height} CSS px) to {args.output}"
        + (f"; {failed} of {len(args.inputs)} inputs could not be read" if failed else "")
    )
    return 1 if failed else 0


_PLURAL = {"long press": "long presses", "made-up click after a tap": "made-up clicks after taps"}


def _csv(args, assumptions: list[str]):
    from viewer.importers.csv_columns import parse_mapping
    from viewer.importers.csvlog import CsvOptions, read_csv_log
    from viewer.importers.pages import page_for_screenshot, page_id_for
    from viewer.recording import RecordingError
    from viewer.recording.screenshot import screenshot_size

    viewport = None
    if args.viewport:
        try:
            viewport = tuple(int(v) for v in args.viewport.lower().split("x"))
            if len(viewport) != 2 or min(viewport) <= 0:
                raise ValueError
        except ValueError:
            raise ValueError(f"--viewport {args.viewport!r} must be WIDTHxHEIGHT") from None
    start = None
    if args.start:
        try:
            start = _dt.datetime.fromisoformat(args.start.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"--start {args.start!r} is not an ISO date and time") from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=_dt.UTC)
    # The page's width in CSS px: given, else the visitors' window width, else the
    # screenshot's own width (1 CSS px per image px). Each is said.
    shot = Path(args.screenshot)
    pixels = screenshot_size(shot, shot, "screenshot") if shot.is_file() else (0, 0)
    width = args.width or (viewport[0] if viewport else pixels[0])
    if not args.width:
        if viewport:
            assumptions.append(
                f"the page is as wide as the visitors' window, {width} CSS px (the screenshot "
                f"is {pixels[0]} px wide: {pixels[0] / width:g} image px per CSS px); --width "
                "to change"
            )
        else:
            assumptions.append(
                f"1 CSS px = 1 screenshot px (page {width} px wide); --width CSS_PX to change"
            )
    if viewport is None:
        assumptions.append(
            "the visitors' window size is unknown (the log does not say): scroll reach, the "
            "fold and region impressions will say 'not measurable'; give --viewport WxH"
        )
    options = CsvOptions(
        columns=parse_mapping(args.columns, "--columns"),
        time_unit=args.time_unit,
        time_origin=args.time_origin,
        start=start,
        events=parse_mapping(args.events, "--events"),
        scale=args.scale,
        coordinates=args.coordinates,
        viewport=viewport,  # None: unknown, and marked so on every session
        device=args.device,
        dwell_ms=args.dwell_ms,
        delimiter=args.delimiter.replace("\\t", "\t") if args.delimiter else None,
        rules=ActionRules(**{name: getattr(args, name) for name in RULE_OPTIONS}),
    )
    page_id = args.page_id or page_id_for(args.url, Path(args.screenshot).stem)
    page = page_for_screenshot(args.screenshot, width, page_id, args.url, args.title)
    sessions, problems, failed = [], [], 0
    counts: dict[str, int] = {}
    for path in args.inputs:
        try:
            log = read_csv_log(path, options, page.id)
        except RecordingError as e:
            problems.append(e.problem)
            failed += 1
            continue
        sessions += log.sessions
        problems += log.problems
        assumptions += log.assumptions
        for k, v in log.counts.items():
            counts[k] = counts.get(k, 0) + v
    read = ", ".join(
        f"{v:,} {k if v == 1 else _PLURAL.get(k, k + 's')}" for k, v in counts.items() if v
    )
    if read:
        assumptions.append(
            f"rows read as actions: {read} (one click per press; drags, swipes and long "
            "presses are not clicks or taps; --click-max-px, --tap-max-px, --tap-max-ms)"
        )
    return page, sessions, problems, failed
