"""``clip``: a stretch of one session's replay as an MP4 video, an animated WebP or a GIF,
drawn as the window replays it (the window's Replay > Export Replay Clip, same code)."""

from __future__ import annotations

import argparse
from pathlib import Path

from viewer.cli.messages import fail, refused_outputs
from viewer.textformat import printable


def add_clip_parser(sub) -> None:
    from viewer.cli.imports import add_screenshot_options
    from viewer.cli.parser import WHAT, path_or_url

    c = sub.add_parser(
        "clip",
        help="a stretch of one session's replay as MP4 (H.264), animated WebP or GIF",
        description="Renders SESSION's replay from --from to --to (seconds of the visit; the "
        "whole visit by default) as the window draws it: the screen the visitor had (or the "
        "whole page with their viewport outlined), the pointer, its trail, clicks, taps and "
        "dwell. The format follows -o's extension: .mp4 (plays in slides, chat tools and "
        "browsers), .webp or .gif.",
    )
    c.add_argument("path", type=path_or_url, help=WHAT)
    c.add_argument("--session", required=True, metavar="ID", help="the session's id")
    c.add_argument("--page", help="page id, when the folder holds several pages")
    c.add_argument("--from", dest="start", type=float, default=0.0, metavar="S")
    c.add_argument("--to", dest="end", type=float, metavar="S", help="(default: its end)")
    c.add_argument("--speed", type=float, default=1.0, help="session seconds per clip second")
    c.add_argument("--fps", type=float, default=12.0, help="frames per second (default 12)")
    c.add_argument(
        "--size", type=int, default=720, metavar="PX", help="the clip's width (default 720 px)"
    )
    c.add_argument(
        "--whole-page",
        action="store_true",
        help="the whole page with the viewport outlined (default: follow the viewport)",
    )
    c.add_argument("-o", "--output", type=Path, required=True, help=".mp4, .webp or .gif")
    c.add_argument("--force", action="store_true", help="replace an earlier output")
    add_screenshot_options(c)


def run_clip(args: argparse.Namespace) -> int:
    from viewer.replay.clip import ClipOptions, export_clip
    from viewer.replay.playhead import Playhead

    found = _session(args)
    if isinstance(found, int):
        return found
    page, session, protected = found
    refused = refused_outputs(protected, args.force, args.output)
    if refused is not None:
        return refused
    end_ms = session.end_ms if args.end is None else args.end * 1000
    options = ClipOptions(
        args.start * 1000,
        min(end_ms, session.end_ms),
        fps=args.fps,
        speed=args.speed,
        width=args.size,
        whole_page=args.whole_page,
    )
    try:
        frames = export_clip(args.output, page, Playhead(session, page.height), options)
    except (ValueError, OSError) as e:
        return fail(str(e))
    print(
        f"wrote {printable(str(args.output))}: {frames:,} frames, "
        f"{options.start_ms / 1000:.1f}-{options.end_ms / 1000:.1f} s of {session.id} "
        f"at {options.speed:g}x"
    )
    return 0


def _session(args: argparse.Namespace):
    """``(page, session, files not to write over)`` of ``--session``, or an exit status once
    the reason was printed. An archive reads that one session's rows."""
    from viewer.cli.archive_commands import is_archive_path, open_archive
    from viewer.cli.common import choose_page, open_library
    from viewer.outputs import files_of, files_of_archive

    if is_archive_path(args):
        import pyarrow.compute as pc

        archive = open_archive(args)
        if archive is None:
            return 2
        page, error = choose_page(archive, args.page)
        if page is None:
            return fail(f"{args.path}: {error}")
        rows = archive.sessions(page.id)
        rows = rows.filter(pc.equal(rows["id"], args.session))
        if rows.num_rows == 0:
            return fail(f"no session {args.session!r} on page {page.id!r}")
        return page, archive.load_sessions(rows)[0], files_of_archive(archive)
    library = open_library(args)
    if library is None:
        return 2
    page, error = choose_page(library, args.page)
    if page is None:
        return fail(f"{args.path}: {error}")
    for s in library.sessions_of(page.id):
        if s.id == args.session:
            return page, s, files_of(library)
    return fail(f"no session {args.session!r} on page {page.id!r}")
