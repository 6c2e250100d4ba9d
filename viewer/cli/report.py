"""``report``: a page's maps, numbers and A/B result as one self-contained HTML file (and PDF).

Its numbers are those ``stats`` prints for the same options (the same function makes them);
its maps are those ``heatmap --legend`` writes, smaller.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

from viewer.cli.messages import fail
from viewer.textformat import printable

KINDS = ("click", "move", "dwell", "scroll")
#: The maps' size in the report: half the page's CSS px (a 1440 px page, 720 px wide).
ZOOM = 0.5


def add_report_parser(sub) -> None:
    from viewer.cli.parser import add_stats_options

    r = sub.add_parser(
        "report",
        help="a page's maps, numbers and A/B result as one HTML file to share (and PDF)",
        description="Writes one self-contained HTML file (images inside, no network, no script "
        "needed) with the page's click, move, dwell and scroll maps, the segment's numbers "
        "with their 95 %% intervals and definitions, region CTRs, with --by the groups side by "
        "side, their difference map and a plain-language verdict, with --trend the trends, "
        "and how it was made. --pdf prints the same page with the system's Chromium.",
    )
    add_stats_options(r)
    r.add_argument("-o", "--output", type=Path, required=True, metavar="REPORT.html")
    r.add_argument("--pdf", type=Path, metavar="REPORT.pdf", help="also print it to PDF")
    r.add_argument("--paper", choices=("A4", "Letter"), default="A4", help="the PDF's paper")
    r.add_argument("--force", action="store_true", help="replace earlier outputs")


def run_report(args: argparse.Namespace) -> int:
    from viewer.cli.stats import stats_report
    from viewer.fileio import atomic_write
    from viewer.outputs import OutputRefused, check_output, files_of, files_of_archive

    made = stats_report(args)
    if isinstance(made, int):
        return made
    protected = files_of_archive(made.chosen[0]) if made.archive else files_of(made.chosen[2])
    try:
        for target in (args.output, args.pdf):
            if target is not None:
                check_output(target, protected, args.force)
        if args.pdf is not None and args.pdf.resolve() == args.output.resolve():
            raise OutputRefused("--pdf and -o name the same file")
    except OutputRefused as e:
        return fail(str(e))
    from viewer.report.html_report import report_html

    maps, notes = _maps(args, made)
    difference = _difference(made, notes)
    html = report_html(made.report, maps, _provenance(args, made, notes), difference, *_rules(args))
    try:
        atomic_write(args.output, html.encode("utf-8"))
    except OSError as e:
        return fail(f"cannot write {args.output}: {e}")
    print(
        f"wrote {printable(str(args.output))}: {len(maps)} maps, "
        f"{made.report.sessions:,} sessions of {printable(made.page.id)}"
    )
    if args.pdf is not None:
        from viewer.report.pdf import PdfUnavailable, pdf_bytes

        try:
            atomic_write(args.pdf, pdf_bytes(html, args.paper))
        except (PdfUnavailable, OSError) as e:
            return fail(str(e))
        print(f"wrote {printable(str(args.pdf))} ({args.paper})")
    return 0


def _rules(args):
    from viewer.analysis.metrics import MetricRules
    from viewer.analysis.regions import RegionRules

    return MetricRules(bounce_ms=args.bounce * 1000), RegionRules(min_view_ms=args.min_view * 1000)


def _maps(args, made) -> tuple[list, list[str]]:
    """The four maps with their legends (a map that cannot be made is a note instead)."""
    from viewer.analysis.heatmaps import HeatmapSettings
    from viewer.recording import RecordingError
    from viewer.render.export import ExportOptions, png_bytes, render_heatmap
    from viewer.report.html_report import Figure

    options = ExportOptions(zoom=ZOOM, legend=True, filters=tuple(made.segment.describe()))
    figures, notes = [], []
    for kind in KINDS:
        settings = HeatmapSettings.for_kind(kind)
        try:
            sessions, density = _map_source(args, made, settings)
            rendered = render_heatmap(made.page, sessions, settings, options, density)
        except (ValueError, RecordingError, OSError) as e:
            notes.append(f"no {kind} map: {e}")
            continue
        meta = rendered.metadata
        caption = (
            f"{meta['sessions']:,} sessions, {meta['points']:,} points; "
            f"{rendered.heatmap.units}; Gaussian kernel, sigma {settings.sigma:g} px"
            if kind != "scroll"
            else f"{meta['sessions']:,} sessions; {rendered.heatmap.units}"
        )
        figures.append(Figure(f"{kind.capitalize()} map", png_bytes(rendered), caption))
    return figures, notes


def _map_source(args, made, settings):
    """``(sessions, density)`` for :func:`render_heatmap`: a folder's sessions, or an
    archive's facts and its map-reduce."""
    if not made.archive:
        return made.chosen[1], None
    from viewer.cli.archive_commands import scheduler_of
    from viewer.engine.archive_maps import archive_map
    from viewer.library.archive_columns import session_facts

    archive, page, table = made.chosen

    def density(grid):
        return archive_map(archive, page, settings, grid, table, scheduler_of(args))

    return session_facts(table), density


def _difference(made, notes: list[str]):
    """With two groups: where their click maps differ (a permutation test), else None."""
    report = made.report
    if len(report.groups) != 2:
        return None
    from viewer.analysis.heatmaps import HeatmapSettings
    from viewer.analysis.table import EventTable
    from viewer.render.compare_export import compare_and_render
    from viewer.render.export import ExportOptions, png_bytes
    from viewer.report.html_report import Figure

    if made.archive:
        archive, _, table = made.chosen
        sides = [archive.load_sessions(table.filter(g.mask)) for g in report.groups]
    else:
        sessions = made.chosen[1]
        sides = [[s for s, m in zip(sessions, g.mask, strict=True) if m] for g in report.groups]
    names = tuple(g.name for g in report.groups)
    options = ExportOptions(zoom=ZOOM, legend=True, filters=tuple(made.segment.describe()))
    try:
        _, rendered = compare_and_render(
            made.page,
            (EventTable.from_sessions(sides[0]), EventTable.from_sessions(sides[1])),
            names,
            HeatmapSettings.for_kind("click"),
            options,
        )
    except ValueError as e:
        notes.append(f"no difference map: {e}")
        return None
    caption = (
        f"Click maps of {names[0]} and {names[1]} on one scale, and their difference, shown "
        "only where a permutation test (200 shuffles of the sessions, 5 % level) finds one."
    )
    return Figure("Difference of the click maps", png_bytes(rendered), caption)


def _provenance(args, made, notes):
    from viewer import __version__
    from viewer.report.html_report import Provenance

    if made.archive:
        starts = made.chosen[2]["start"].to_pylist()
    else:
        starts = [s.start for s in made.chosen[1]]
    return Provenance(
        source=str(args.path),
        sessions=made.report.sessions,
        first=min(starts) if starts else None,
        last=max(starts) if starts else None,
        filters=list(made.segment.describe()),
        regions_file=str(made.regions_file) if made.regions_file else None,
        kernel="Gaussian kernel density, sigma 20 px (click, move, dwell); scroll: reach",
        version=f"session-viewer {__version__}",
        made=_dt.datetime.now(_dt.UTC),
        notes=notes,
    )
