"""``heatmap``: one map, or two segments compared."""

from __future__ import annotations

import argparse
import sys
import time

from viewer.cli.common import segment_of_page
from viewer.cli.messages import cannot_write, fail, refused_outputs
from viewer.textformat import printable


def parse_region(text: str | None):
    if text is None:
        return None
    try:
        x, y, w, h = (float(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"--region {text!r} must be X,Y,W,H in CSS px") from None
    return x, y, w, h


def parse_time(text: str | None):
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


def run_heatmap(args: argparse.Namespace) -> int:
    from viewer.analysis.heatmaps import HeatmapSettings
    from viewer.analysis.segments import FilterError, Segment
    from viewer.render.export import ExportOptions

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
            min_sessions=args.min_sessions,
            t_range=parse_time(args.time),
            outcome=args.outcome,
            anchor=args.anchor,
            dead_ms=args.dead_ms,
        )
        from viewer.render.colormaps import rgb_table

        rgb_table(settings.colormap)
        options = ExportOptions(
            region=parse_region(args.region),
            zoom=args.zoom,
            legend=args.legend,
            filters=tuple(segment.describe()),
        )
    except (ValueError, FilterError) as e:
        return fail(str(e))
    from viewer.cli.archive_commands import is_archive_path

    if is_archive_path(args):
        if settings.outcome != "all":
            return fail(
                "dead- and error-click maps are not computed on archives yet (they keep each "
                "click's outcome, but their maps are a map-reduce of events alone): map the "
                "recordings folder instead"
            )
        return _heatmap_of_archive(args, segment, settings, options)
    if args.scheduler is not None:
        return fail("--scheduler computes from an archive (session-viewer archive ... -o ARCHIVE)")
    chosen = segment_of_page(args, segment)
    if isinstance(chosen, int):
        return chosen
    page, sessions, library = chosen
    from viewer.outputs import files_of

    refused = _refused_outputs(args, files_of(library))
    if refused is not None:
        return refused
    if args.compare:
        return run_compare(args, page, sessions, settings, options)
    return _render(args, page, sessions, settings, options)


def _refused_outputs(args, protected):
    return refused_outputs(protected, args.force, args.output, args.density, "--density")


def _heatmap_of_archive(args, segment, settings, options) -> int:
    """The map of an archive: click, move and dwell maps as a Dask map-reduce over its month
    tasks; scroll maps, hidden spots and --compare read the chosen sessions' events alone."""
    from viewer.cli.archive_commands import MAP_COLUMNS, archive_segment, scheduler_of
    from viewer.engine.archive_maps import GROUPS, archive_map
    from viewer.library.archive_columns import session_facts
    from viewer.outputs import files_of_archive

    in_memory = bool(args.compare) or (settings.min_sessions > 1 and settings.kind in GROUPS)
    chosen = archive_segment(args, segment, None if in_memory else MAP_COLUMNS)
    if isinstance(chosen, int):
        return chosen
    archive, page, table = chosen
    refused = _refused_outputs(args, files_of_archive(archive))
    if refused is not None:
        return refused
    if in_memory:  # the sessions' points are needed, not their sums
        sessions = archive.load_sessions(table)
        if args.compare:
            return run_compare(args, page, sessions, settings, options)
        return _render(args, page, sessions, settings, options)
    scheduler = scheduler_of(args)

    def density(grid):
        return archive_map(archive, page, settings, grid, table, scheduler)

    return _render(args, page, session_facts(table), settings, options, density)


def _render(args, page, sessions, settings, options, density=None) -> int:
    from viewer.analysis.session_facts import SessionFacts
    from viewer.recording import RecordingError
    from viewer.render.export import render_heatmap, write_density_npy, write_heatmap_png

    n = sessions.n if isinstance(sessions, SessionFacts) else len(sessions)
    started = time.perf_counter()
    if sys.stderr.isatty():
        print(f"computing the {args.kind} map of {n:,} sessions...", file=sys.stderr)
    try:
        rendered = render_heatmap(page, sessions, settings, options, density)
    except (ValueError, RecordingError, OSError) as e:  # a damaged screenshot: one located error
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
        f"{n:,} sessions on {printable(page.id)}, {rendered.heatmap.units}, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


def run_compare(args, page, sessions, settings, options) -> int:
    from viewer.analysis.segments import FilterError, Segment
    from viewer.analysis.table import EventTable
    from viewer.recording import RecordingError
    from viewer.render.compare_export import compare_and_render
    from viewer.render.export import write_heatmap_png

    started = time.perf_counter()
    try:
        sides = [Segment.parse_text(part) for part in args.compare]
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
