"""``report``: a page's maps, numbers and A/B result as one self-contained HTML file (and PDF).

Its numbers are those ``stats`` prints for the same options (the same function makes them);
its maps are those ``heatmap --legend`` writes, smaller.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from viewer.cli.messages import fail, refused_outputs
from viewer.textformat import printable


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
    from viewer.outputs import files_of, files_of_archive
    from viewer.report.build import report_document

    made = stats_report(args)
    if isinstance(made, int):
        return made
    protected = files_of_archive(made.chosen[0]) if made.archive else files_of(made.chosen[2])
    refused = refused_outputs(protected, args.force, args.output, args.pdf, "--pdf")
    if refused is not None:
        return refused
    html = report_document(_source(args, made), *_rules(args))
    try:
        atomic_write(args.output, html.encode("utf-8"))
    except OSError as e:
        return fail(f"cannot write {args.output}: {e}")
    print(
        f"wrote {printable(str(args.output))}: {made.report.sessions:,} sessions of "
        f"{printable(made.page.id)}"
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


def _source(args, made):
    """The :class:`ReportSource` of what ``stats`` computed: a folder's sessions, or an
    archive's sessions table (its maps a map-reduce; the difference map reads the two
    groups' events)."""
    from viewer.analysis.table import EventTable
    from viewer.render.export import render_heatmap
    from viewer.report.build import ReportSource, source_words

    page, groups = made.page, made.report.groups
    if made.archive:
        from viewer.cli.archive_commands import scheduler_of
        from viewer.engine.archive_maps import archive_map
        from viewer.library.archive_columns import session_facts

        archive, _, table = made.chosen

        def render(settings, options):
            def density(grid):
                return archive_map(archive, page, settings, grid, table, scheduler_of(args))

            return render_heatmap(page, session_facts(table), settings, options, density)

        def tables():
            return [
                EventTable.from_sessions(archive.load_sessions(table.filter(g.mask)))
                for g in groups
            ]

        starts = table["start"].to_pylist()
    else:
        sessions = made.chosen[1]
        if made.report.elements is None:
            # Recordings that name their clicks' elements: the report counts them, as the
            # window's does (no --elements needed).
            from viewer.analysis.element_report import elements_if_named
            from viewer.analysis.elements import ClickRules

            made.report.elements = elements_if_named(
                page,
                sessions,
                ClickRules(dead_ms=args.dead_ms, error_ms=args.dead_ms),
                _rules(args)[1],
            )

        def render(settings, options):
            return render_heatmap(page, sessions, settings, options)

        def tables():
            return [
                EventTable.from_sessions([s for s, m in zip(sessions, g.mask, strict=True) if m])
                for g in groups
            ]

        starts = [s.start for s in sessions]
    return ReportSource(
        made.report,
        render,
        tables if len(groups) == 2 else None,
        starts,
        source_words(args.path, archive=made.chosen[0])
        if made.archive
        else source_words(args.path, made.chosen[1]),
        list(made.segment.describe()),
        str(made.regions_file) if made.regions_file else None,
    )
