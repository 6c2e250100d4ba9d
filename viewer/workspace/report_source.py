"""The window's report (File > Export Report): the page's segment on screen as a
:class:`~viewer.report.build.ReportSource`, the same report the command line makes."""

from __future__ import annotations

import numpy as np

from viewer.report.build import ReportSource, source_words
from viewer.workspace.pages import PageData


def page_report_source(
    data: PageData,
    indices: np.ndarray,
    regions: list,
    source: str,
    filters: list[str],
    by: str | None = None,
    trend_unit: str | None = None,
) -> ReportSource:
    """The report of sessions ``indices`` of ``data`` (a folder's page or an archive's):
    its numbers as ``stats`` makes them, its maps as the window exports them."""
    indices = np.asarray(indices, dtype=np.int64)
    report = data.segment_report(indices, regions, by=by, trend_unit=trend_unit)
    if not data.numbers_after_map:  # an archive's elements are not counted yet
        # Recordings that name their clicks' elements: the report counts them too.
        from viewer.analysis.element_report import elements_if_named

        report.elements = elements_if_named(data.page, data.table_of(indices))

    def render(settings, options):
        return data.render_map(indices, settings, options)

    def tables():
        return [data.table_of(indices[g.mask]) for g in report.groups]

    every = data.starts()
    archive = getattr(data, "archive", None)
    if archive is not None:
        source = source_words(source, archive=archive)
    else:
        source = source_words(source, [data.sessions[i] for i in indices])
    return ReportSource(
        report,
        render,
        tables if len(report.groups) == 2 else None,
        [every[i] for i in indices],
        source,
        filters,
        str(data.regions_path) if regions and data.regions_path else None,
    )
