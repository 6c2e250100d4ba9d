"""The report of a segment, whoever asks: the command line (``report``) and the window
(File > Export Report) describe their sessions as a :class:`ReportSource` and get the same
HTML (and PDF) from :func:`report_document`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from viewer.report.html_report import Figure, Provenance, report_html

KINDS = ("click", "move", "dwell", "scroll")
#: The maps' size in the report: half the page's CSS px (a 1440 px page, 720 px wide).
ZOOM = 0.5


@dataclass
class ReportSource:
    """A segment's numbers and how to draw its maps.

    Attributes
    ----------
    report
        Its numbers (:class:`~viewer.analysis.report.Report`, as ``stats`` makes them).
    render
        ``render(settings, options)``: the segment's map, as ``heatmap --legend`` draws it.
    group_tables
        With two groups: ``group_tables()`` gives each group's :class:`EventTable` (the
        difference of their click maps needs their points); None otherwise.
    starts
        When each of the segment's sessions started.
    source, filters, regions_file
        What was opened, the segment's filters in words, the regions' file.
    """

    report: object
    render: Callable
    group_tables: Callable[[], Sequence] | None
    starts: Sequence[_dt.datetime]
    source: str
    filters: list[str]
    regions_file: str | None = None
    notes: list[str] = field(default_factory=list)


def source_words(path, sessions=None, archive=None) -> str:
    """What was read, for "how it was made": the path and how many files (``sessions``: the
    segment's sessions, each from its file; ``archive``: an opened archive)."""
    if archive is not None:
        m = archive.manifest
        return f"{path} (an archive: {len(m.sessions) + len(m.events) + len(m.regions):,} files)"
    files = {s.path for s in sessions or () if s.path is not None}
    return f"{path} ({len(files):,} recording files)"


def report_document(src: ReportSource, rules=None, region_rules=None) -> str:
    """The report's HTML: the four maps, the numbers, the difference map with two groups,
    the trends, how it was made (a map that cannot be made is a note instead)."""
    from viewer.render.export import ExportOptions

    options = ExportOptions(zoom=ZOOM, legend=True, filters=tuple(src.filters))
    maps = _maps(src, options)
    difference = _difference(src, options)
    return report_html(src.report, maps, _provenance(src), difference, rules, region_rules)


def _maps(src: ReportSource, options) -> list[Figure]:
    from viewer.analysis.heatmaps import HeatmapSettings
    from viewer.recording import RecordingError
    from viewer.render.export import png_bytes

    figures = []
    for kind in KINDS:
        settings = HeatmapSettings.for_kind(kind)
        try:
            rendered = src.render(settings, options)
        except (ValueError, RecordingError, OSError) as e:
            src.notes.append(f"no {kind} map: {e}")
            continue
        meta = rendered.metadata
        caption = (
            f"{meta['sessions']:,} sessions, {meta['points']:,} points; "
            f"{rendered.heatmap.units}; Gaussian kernel, sigma {settings.sigma:g} px"
            if kind != "scroll"
            else f"{meta['sessions']:,} sessions; {rendered.heatmap.units}"
        )
        figures.append(Figure(f"{kind.capitalize()} map", png_bytes(rendered), caption))
    return figures


def _difference(src: ReportSource, options) -> Figure | None:
    """With two groups: where their click maps differ (a permutation test), else None."""
    report = src.report
    if len(report.groups) != 2 or src.group_tables is None:
        return None
    from viewer.analysis.heatmaps import HeatmapSettings
    from viewer.render.compare_export import compare_and_render
    from viewer.render.export import png_bytes

    names = tuple(g.name for g in report.groups)
    try:
        tables = tuple(src.group_tables())
        _, rendered = compare_and_render(
            report.page, tables, names, HeatmapSettings.for_kind("click"), options
        )
    except ValueError as e:
        src.notes.append(f"no difference map: {e}")
        return None
    caption = (
        f"Click maps of {names[0]} and {names[1]} on one scale, and their difference, shown "
        "only where a permutation test (200 shuffles of the sessions, 5 % level) finds one."
    )
    return Figure("Difference of the click maps", png_bytes(rendered), caption)


def _provenance(src: ReportSource) -> Provenance:
    from viewer import __version__

    starts = list(src.starts)
    return Provenance(
        source=src.source,
        sessions=src.report.sessions,
        first=min(starts) if starts else None,
        last=max(starts) if starts else None,
        filters=list(src.filters),
        regions_file=src.regions_file,
        kernel="Gaussian kernel density, sigma 20 px (click, move, dwell); scroll: reach",
        version=f"session-viewer {__version__}",
        made=_dt.datetime.now(_dt.UTC),
        notes=src.notes,
    )
