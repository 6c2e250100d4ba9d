"""The numbers ``stats --elements`` prints: clicks per element, and dead and error clicks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from viewer.analysis.elements import (
    ClickRules,
    ElementStats,
    click_outcomes,
    element_stats,
    sessions_with,
)
from viewer.analysis.regions import RegionRules
from viewer.analysis.stats import Rate
from viewer.analysis.table import EventTable
from viewer.recording.model import Page, Session


@dataclass(frozen=True)
class ClickSummary:
    """Dead and error clicks over a set of sessions.

    Attributes
    ----------
    clicks
        Clicks and taps.
    with_element
        Of them, those whose element the recording names.
    dead, errors
        Rates over the clicks that could be judged (None: no click could be).
    sessions_dead
        Sessions with a dead click, over the sessions with a click that could be judged.
    not_judged
        Clicks whose recording cannot say (no DOM recorded, or it ends within the time).
    rules
        The times used.
    """

    clicks: int
    with_element: int
    dead: Rate | None
    errors: Rate | None
    sessions_dead: Rate | None
    not_judged: int
    errors_not_judged: int
    rules: ClickRules

    def lines(self) -> list[str]:
        """The summary in words, a line each (the command line's and the window's)."""
        lines = [
            f"{self.clicks:,} clicks and taps, {self.with_element:,} on an element the "
            "recording names"
        ]
        if self.dead is None:
            lines.append(
                "dead clicks: not measurable (these recordings do not record the page's changes; "
                "rrweb, PostHog and Sentry recordings do)"
            )
        else:
            lines.append(
                f"dead clicks (nothing happened within {self.rules.dead_ms / 1000:g} s): "
                f"{self.dead.text()} of the clicks that could be judged"
                + (f"; {self.not_judged:,} could not be" if self.not_judged else "")
            )
            if self.sessions_dead is not None:
                lines.append(f"sessions with a dead click: {self.sessions_dead.text()}")
        if self.errors is None:
            lines.append(
                "error clicks: not measurable (no console records; rrweb's console plugin)"
            )
        else:
            lines.append(
                f"error clicks (a console error within {self.rules.error_ms / 1000:g} s): "
                f"{self.errors.text()}"
                + (
                    f"; {self.errors_not_judged:,} clicks without console records"
                    if self.errors_not_judged
                    else ""
                )
            )
        return lines

    def to_dict(self) -> dict:
        def rate(r: Rate | None):
            return (
                None
                if r is None
                else {"value": r.value, "k": r.k, "n": r.n, "low": r.low, "high": r.high}
            )

        return {
            "clicks": self.clicks,
            "clicks_with_element": self.with_element,
            "dead_clicks": rate(self.dead),
            "error_clicks": rate(self.errors),
            "sessions_with_dead_clicks": rate(self.sessions_dead),
            "clicks_not_judged_dead": self.not_judged,
            "clicks_not_judged_error": self.errors_not_judged,
            "dead_after_ms": self.rules.dead_ms,
            "error_within_ms": self.rules.error_ms,
        }


@dataclass(frozen=True)
class ElementsReport:
    """Clicks per element and the clicks' outcomes."""

    summary: ClickSummary
    elements: list[ElementStats]

    def to_dict(self) -> dict:
        return {
            "clicks": self.summary.to_dict(),
            "elements": [e.to_dict() for e in self.elements],
        }


def elements_report(
    page: Page,
    sessions: Sequence[Session] | EventTable,
    rules: ClickRules = ClickRules(),  # noqa: B008 - frozen
    view: RegionRules = RegionRules(),  # noqa: B008 - frozen
) -> ElementsReport:
    """Per element and in all: the clicks of ``sessions`` of ``page``."""
    table = sessions if isinstance(sessions, EventTable) else EventTable.from_sessions(sessions)
    out = click_outcomes(table, rules)
    n = len(out)

    def rate(hit: np.ndarray, known: np.ndarray) -> Rate | None:
        judged = int(known.sum())
        return Rate.of(int((hit & known).sum()), judged) if judged else None

    has, judged = sessions_with(out, "dead", table.n_sessions)
    summary = ClickSummary(
        clicks=n,
        with_element=int((out.element >= 0).sum()),
        dead=rate(out.dead, out.dead_known),
        errors=rate(out.error, out.error_known),
        sessions_dead=Rate.of(int((has & judged).sum()), int(judged.sum()))
        if judged.any()
        else None,
        not_judged=int((~out.dead_known).sum()),
        errors_not_judged=int((~out.error_known).sum()),
        rules=rules,
    )
    return ElementsReport(summary, element_stats(table, page, rules, view, out))


def number_cells(e: ElementStats) -> list[str]:
    """An element's numbers as the command line and the report show them: clicks,
    sessions, impressions, CTR with its interval, dead and error clicks ("n/a": the
    recordings cannot say)."""
    return [
        f"{e.clicks:,}",
        f"{e.clickers:,}",
        f"{e.impressions:,}",
        e.ctr.text() if e.impressions else "-",
        f"{e.dead:,}" if e.dead_known else "n/a",
        f"{e.errors:,}" if e.errors_known else "n/a",
    ]


def elements_if_named(
    page: Page,
    sessions: Sequence[Session] | EventTable,
    rules: ClickRules = ClickRules(),  # noqa: B008 - frozen
    view: RegionRules = RegionRules(),  # noqa: B008 - frozen
) -> ElementsReport | None:
    """:func:`elements_report` when some of ``sessions`` name their clicks' elements (a
    report then counts them without being asked); None otherwise."""
    table = sessions if isinstance(sessions, EventTable) else EventTable.from_sessions(sessions)
    if not any(s.clicks is not None for s in table.sessions):
        return None
    return elements_report(page, table, rules, view)
