"""A page's report as one self-contained HTML file: its maps, numbers with their intervals and
definitions, the A/B result in plain words, the trends, and how it was made.

Everything is inside the file (images as data URIs, charts as inline SVG, the style sheet): it
opens from an e-mail attachment with no network and needs no script. Every text that comes
from recordings (page titles, tag values, region names) is escaped. The numbers are also kept
as the JSON ``stats --format json`` prints, in a data block a script never runs, so that what
the report says can be checked against the command line. Each section starts a printed page.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
from dataclasses import dataclass, field
from html import escape

from viewer.analysis.definitions import metric_definitions, region_definitions
from viewer.report.charts import trend_svg
from viewer.report.verdict import verdict


@dataclass(frozen=True)
class Figure:
    """An image of the report: a map with its legend, or the difference of two groups."""

    title: str
    png: bytes
    caption: str


@dataclass(frozen=True)
class Provenance:
    """How the report was made."""

    source: str
    sessions: int
    first: _dt.datetime | None
    last: _dt.datetime | None
    filters: list[str]
    regions_file: str | None
    kernel: str
    version: str
    made: _dt.datetime
    notes: list[str] = field(default_factory=list)


STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827;
       margin: 0; background: #f3f4f6; }
main { max-width: 1000px; margin: 0 auto; padding: 24px; }
section { background: #fff; border-radius: 8px; padding: 20px 24px; margin: 0 0 20px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 0 0 12px; }
.muted { color: #6b7280; } .small { font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e5e7eb;
         vertical-align: top; }
th { background: #f9fafb; font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; }
.verdict li { margin: 4px 0; } .clear { font-weight: 600; }
figure, .chart { margin: 0 0 18px; break-inside: avoid; }
figcaption { font-size: 13px; color: #4b5563; }
img { max-width: 100%; height: auto; border: 1px solid #e5e7eb; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dt { font-weight: 600; } dd { margin: 0; }
@media print {
  body { background: #fff; } main { max-width: none; padding: 0; }
  section { border-radius: 0; padding: 0; margin: 0; break-before: page; }
  section:first-of-type { break-before: auto; }
  img { max-height: 24cm; }
}
"""


def _png(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if i >= numeric_from else f"<td>{escape(c)}</td>"
            for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _definition(name: str, table: dict[str, str]) -> str:
    if name in table:
        return table[name]
    return next((v for k, v in table.items() if name.startswith(k)), "")


def _numbers(report, rules) -> str:
    groups = report.groups
    two = len(groups) == 2
    header = ["Metric", *[g.name for g in groups]]
    if two:
        header.append(f"{groups[1].name} − {groups[0].name}")
    header.append("What it means")
    words = metric_definitions(rules)
    rows = []
    for i, (name, _) in enumerate(groups[0].metrics.rows()):
        row = [name, *[g.metrics.rows()[i][1] for g in groups]]
        if two:
            row.append(report.differences[name].text() if name in report.differences else "")
        row.append(_definition(name, words))
        rows.append(row)
    return _table(header, rows)


def _regions(report, region_rules, regions_file: str | None) -> str:
    groups = report.groups
    if not groups[0].regions:
        return '<p class="muted">No regions: draw them in the window or give --regions.</p>'
    two = len(groups) == 2
    header = ["Region", *[f"{g.name}: seen, clicked, CTR [95 %]" for g in groups]]
    if two:
        header.append(f"{groups[1].name} − {groups[0].name}")
    rows = []
    for j, r in enumerate(groups[0].regions):
        row = [r.region.name]
        for g in groups:
            s = g.regions[j]
            row.append(f"{s.impressions:,} seen, {s.clickers:,} clicked, CTR {s.ctr.text()}")
        if two:
            row.append(report.region_differences[r.region.name].text())
        rows.append(row)
    words = region_definitions(region_rules)
    source = f" (from {regions_file})" if regions_file else ""
    legend = " ".join(f"{k}: {v}" for k, v in words.items())
    return _table(header, rows) + f'<p class="small muted">{escape(legend + source)}</p>'


def _elements(elements) -> str:
    """Clicks per element and the clicks' outcomes (an ElementsReport)."""
    lines = "".join(f"<li>{escape(line)}</li>" for line in elements.summary.lines())
    if not elements.elements:
        return f"<ul>{lines}</ul>"
    header = ["Element", "Selector", "Clicks", "Sessions", "Seen", "CTR [95 %]", "Dead", "Errors"]
    from viewer.analysis.element_report import number_cells

    rows = [[e.text or "", e.selector, *number_cells(e)] for e in elements.elements]
    note = (
        "Seen: sessions whose viewport showed at least half of the element for a while, in "
        "their own layout; CTR: sessions that clicked it over sessions that saw it."
    )
    return (
        f"<ul>{lines}</ul>"
        + _table(header, rows, numeric_from=2)
        + f'<p class="small muted">{escape(note)}</p>'
    )


def _verdict(report) -> str:
    lines = verdict(report)
    if not lines:
        return ""
    items = "".join(
        f'<li class="{"clear" if named else ""}">{escape(t)}</li>' for t, named in lines
    )
    first, second = (g.name for g in report.groups)
    return (
        f"<h2>{escape(second)} against {escape(first)}</h2>"
        f'<ul class="verdict">{items}</ul>'
        '<p class="small muted">A difference is named only when its 95 % interval excludes zero '
        "(two-proportion test, p &lt; 0.05). &ldquo;No clear difference&rdquo; means the data do "
        "not show one; it does not show that there is none.</p>"
    )


def _figure(f: Figure) -> str:
    return (
        f'<figure><img src="{_png(f.png)}" alt="{escape(f.caption)}">'
        f"<figcaption><b>{escape(f.title)}.</b> {escape(f.caption)}</figcaption></figure>"
    )


def _provenance(p: Provenance) -> str:
    when = f"{p.first:%Y-%m-%d} to {p.last:%Y-%m-%d}" if p.first is not None and p.last else "none"
    items = [
        ("Recordings", p.source),
        ("Sessions", f"{p.sessions:,}"),
        ("Visits from", when),
        ("Filters", ", ".join(p.filters) or "none (all sessions of the page)"),
        ("Regions", p.regions_file or "none"),
        ("Maps", p.kernel),
        ("Made", f"{p.made:%Y-%m-%d %H:%M} UTC by {p.version}"),
        *[("Note", n) for n in p.notes],
    ]
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items)
    return f"<dl>{rows}</dl>"


def report_html(
    report,
    maps: list[Figure],
    provenance: Provenance,
    difference: Figure | None = None,
    rules=None,
    region_rules=None,
) -> str:
    """The report's HTML (``report``: a :class:`~viewer.analysis.report.Report`)."""
    page = report.page
    title = page.title or page.id
    by = f", by {report.by}" if report.by else ""
    filters = ", ".join(provenance.filters) or "all sessions"
    trends = "".join(
        f'<div class="chart"><h3>{escape(name)}</h3>'
        + trend_svg(name, points, percent=not name.endswith("(s)"))
        + "</div>"
        for name, points in report.trends.items()
    )
    data = json.dumps(report.to_dict(), sort_keys=True).replace("</", "<\\/")
    sections = [
        f"<section><h1>{escape(title)}</h1>"
        f'<p class="muted">{escape(page.id)} · {escape(page.url or "")} · '
        f"{report.sessions:,} sessions ({escape(filters)}){escape(by)}</p>"
        f"{_verdict(report)}<h2>Numbers</h2>{_numbers(report, rules)}</section>",
        f"<section><h2>Regions</h2>{_regions(report, region_rules, provenance.regions_file)}"
        "</section>",
        "<section><h2>Maps</h2>" + "".join(_figure(f) for f in maps) + "</section>",
    ]
    if getattr(report, "elements", None) is not None:
        sections.insert(2, f"<section><h2>Elements</h2>{_elements(report.elements)}</section>")
    if difference is not None:
        sections.append(f"<section><h2>Where the groups differ</h2>{_figure(difference)}</section>")
    if trends:
        sections.append(
            '<section><h2>Trends</h2><p class="small muted">Each period\'s value with its 95 % '
            "interval; the band is the previous six months' (the baseline); a green point is "
            f"above it, a red one below.</p>{trends}</section>"
        )
    sections.append(f"<section><h2>How this was made</h2>{_provenance(provenance)}</section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}: session report</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(sections)}</main>"
        f'<script type="application/json" id="numbers">{data}</script></body></html>\n'
    )
