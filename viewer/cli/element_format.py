"""The plain-text form of ``stats --elements``: the clicks' outcomes, then one row per
element."""

from __future__ import annotations

from viewer.analysis.element_report import number_cells
from viewer.cli.formatting import _columns


def format_elements(report) -> str:
    """``report``: an :class:`~viewer.analysis.element_report.ElementsReport`."""
    s = report.summary
    lines = ["", "Clicks and their elements"]
    if not s.clicks:
        return "\n".join([*lines, "no clicks or taps"])
    lines += s.lines()
    if not report.elements:
        return "\n".join(lines)
    lines += [
        "",
        "Elements (CTR = sessions that clicked / sessions whose viewport showed at least half "
        "of the element for a while, in their own layout):",
    ]
    rows = [
        ["element", "text", "clicks", "sessions", "impressions", "CTR [95 % CI]", "dead", "errors"]
    ]
    for e in report.elements:
        rows.append([e.selector, e.text[:40], *number_cells(e)])
    lines.append(_columns(rows))
    unknown = max(e.layout_unknown for e in report.elements)
    if unknown:
        lines.append(
            f"({unknown:,} sessions whose layout does not place an element are not in its "
            "impressions or CTR)"
        )
    return "\n".join(lines)
