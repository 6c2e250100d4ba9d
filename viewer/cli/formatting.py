"""Reports as text and CSV: ``info``'s summary, ``stats``' tables."""

from __future__ import annotations

from viewer.textformat import duration, printable


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
