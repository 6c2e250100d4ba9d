"""``stats``: metrics, region CTRs, differences and trends."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from pathlib import Path

from viewer.cli.common import segment_of_page
from viewer.cli.formatting import format_report, format_report_csv
from viewer.cli.messages import fail


def run_stats(args: argparse.Namespace) -> int:
    made = stats_report(args)
    if isinstance(made, int):
        return made
    report, segment, regions_file = made.report, made.segment, made.regions_file
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2))
    elif args.format == "csv":
        print(format_report_csv(report), end="")
    else:
        text = format_report(report, segment.describe(), regions_file)
        if report.elements is not None:
            from viewer.cli.element_format import format_elements

            text += "\n" + format_elements(report.elements)
        print(text)
    return 0


@dataclass
class StatsResult:
    """What ``stats`` computed, and from what (``report`` reuses it)."""

    report: object  # viewer.analysis.report.Report
    segment: object  # viewer.analysis.segments.Segment
    regions_file: Path | None
    chosen: tuple  # (page, sessions, library), or (archive, page, sessions table)
    archive: bool

    @property
    def page(self):
        return self.chosen[1] if self.archive else self.chosen[0]


def stats_report(args: argparse.Namespace) -> StatsResult | int:
    """The report ``stats`` prints for ``args`` (a folder's or an archive's), or an exit
    status once the reason was printed."""
    from viewer.analysis.metrics import MetricRules
    from viewer.analysis.regions import RegionRules, load_regions, sidecar_path
    from viewer.analysis.report import build_report
    from viewer.analysis.segments import FilterError, Segment
    from viewer.cli.archive_commands import archive_segment, archive_stats_report, is_archive_path
    from viewer.recording import RecordingError

    archive = is_archive_path(args)
    if archive and getattr(args, "elements", False):
        return fail(
            "--elements is not computed on archives yet (they keep each click's element, "
            "and replays show them, but the counts read every session): give the recordings "
            "folder"
        )
    if not args.dead_ms > 0:
        return fail("--dead-ms must be a positive number of ms")
    try:
        segment = replace(Segment.parse(args.filter), dead_ms=args.dead_ms)
    except FilterError as e:
        return fail(str(e))
    chosen = archive_segment(args, segment) if archive else segment_of_page(args, segment)
    if isinstance(chosen, int):
        return chosen
    page = chosen[1] if archive else chosen[0]
    regions = []
    regions_file = args.regions
    if regions_file is None and page.path is not None and sidecar_path(page.path).exists():
        regions_file = sidecar_path(page.path)
    if regions_file is not None:
        try:
            regions = load_regions(regions_file, page.id)
        except RecordingError as e:
            return fail(str(e))
    options = {
        "by": args.by,
        "trend_unit": args.trend,
        "rules": MetricRules(bounce_ms=args.bounce * 1000),
        "region_rules": RegionRules(min_view_ms=args.min_view * 1000),
    }
    if archive:
        report = archive_stats_report(args, chosen, regions, options)
        if isinstance(report, int):
            return report
    else:
        report = build_report(page, chosen[1], regions, **options)
        if getattr(args, "elements", False):
            from viewer.analysis.element_report import elements_report
            from viewer.analysis.elements import ClickRules

            report.elements = elements_report(
                page,
                chosen[1],
                ClickRules(dead_ms=args.dead_ms, error_ms=args.dead_ms),
                options["region_rules"],
            )
    return StatsResult(report, segment, regions_file, chosen, archive)
