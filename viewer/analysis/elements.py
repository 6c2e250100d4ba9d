"""Clicks per page element, and dead and error clicks.

For recordings that know which element each click hit (rrweb through its DOM snapshot, the
bundled recorder), every click and tap of a table gets its element (a selector, the same at
every viewport width) and its outcome:

* **dead**: nothing happened within ``dead_ms`` (1 s) of the click's press: no DOM mutation,
  navigation, scroll, input, style change or new snapshot. A click whose recording ends
  sooner, without a reaction, cannot be judged (the visitor may have left by it); it is "not
  measurable", as are clicks of recordings that do not record the page at all (CSV logs).
* **error**: the console logged an error within ``error_ms`` (1 s); measurable where the
  recording holds console records (rrweb's console plugin).

Per element: clicks, sessions that clicked, impressions (sessions whose viewport showed at
least half of the element for ``min_view_ms``, the element's box taken from each session's
own layout, so a visitor on a phone is measured against the phone's layout), CTR, and its
dead and error clicks.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from viewer.analysis.regions import RegionRules, _longest_runs
from viewer.analysis.stats import Rate
from viewer.analysis.table import EventTable
from viewer.analysis.viewport import view_segments
from viewer.recording.clicks import click_rows
from viewer.recording.model import Page


@dataclass(frozen=True)
class ClickRules:
    """How soon a page must react, or log an error, for a click to count as live or broken."""

    dead_ms: float = 1000.0
    error_ms: float = 1000.0


@dataclass(frozen=True, eq=False)
class ClickOutcomes:
    """Every click and tap of a table (in table order), with its element and outcome.

    Attributes
    ----------
    rows
        Positions of the clicks and taps in the table's columns.
    session
        Each click's session (position in the table).
    element
        Index into :attr:`selectors`, -1 for none.
    dead, dead_known, error, error_known
        Whether it was dead (broken), and whether that could be judged at all.
    selectors, tags, texts
        The elements, by first appearance; tag and text are the most common ones seen.
    """

    rows: np.ndarray
    session: np.ndarray
    element: np.ndarray
    dead: np.ndarray
    dead_known: np.ndarray
    error: np.ndarray
    error_known: np.ndarray
    selectors: list[str]
    tags: list[str]
    texts: list[str]

    def __len__(self) -> int:
        return len(self.rows)


def click_outcomes(table: EventTable, rules: ClickRules = ClickRules()) -> ClickOutcomes:
    """The element and outcome of every click and tap of ``table``."""
    codes: dict[str, int] = {}
    tags: list[Counter] = []
    texts: list[Counter] = []
    parts = []
    for i, s in enumerate(table.sessions):
        rows = click_rows(s.events) + int(table.start[i])
        n = len(rows)
        facts = s.clicks if s.clicks is not None and len(s.clicks) == n else None
        element = np.full(n, -1, np.int32)
        dead = np.zeros(n, bool)
        dead_known = np.zeros(n, bool)
        error = np.zeros(n, bool)
        error_known = np.zeros(n, bool)
        if facts is not None:
            remap = []
            for e in facts.elements:
                code = codes.setdefault(e.selector, len(codes))
                if code == len(tags):
                    tags.append(Counter())
                    texts.append(Counter())
                remap.append(code)
            remap.append(-1)
            element = np.asarray(remap, np.int32)[facts.element]
            hits = np.bincount(facts.element[facts.element >= 0], minlength=len(facts.elements))
            for local in np.flatnonzero(hits):
                e = facts.elements[local]
                tags[remap[local]][e.tag] += int(hits[local])
                texts[remap[local]][e.text] += int(hits[local])
            left = s.end_ms - table.t[rows].astype(np.float64)
            if facts.reaction_ms is not None:
                r = facts.reaction_ms.astype(np.float64)
                reacted = np.isfinite(r) & (r <= rules.dead_ms)
                dead_known = np.isfinite(r) | (left >= rules.dead_ms)
                dead = dead_known & ~reacted
            if facts.error_ms is not None:
                e_ms = facts.error_ms.astype(np.float64)
                error = np.isfinite(e_ms) & (e_ms <= rules.error_ms)
                error_known = np.ones(n, bool)
        parts.append((rows, np.full(n, i, np.int32), element, dead, dead_known, error, error_known))

    def cat(k: int, dtype) -> np.ndarray:
        return np.concatenate([p[k] for p in parts]).astype(dtype) if parts else np.zeros(0, dtype)

    return ClickOutcomes(
        cat(0, np.int64),
        cat(1, np.int32),
        cat(2, np.int32),
        cat(3, bool),
        cat(4, bool),
        cat(5, bool),
        cat(6, bool),
        list(codes),
        [c.most_common(1)[0][0] if c else "" for c in tags],
        [c.most_common(1)[0][0] if c else "" for c in texts],
    )


def sessions_with(outcomes: ClickOutcomes, which: str, n_sessions: int) -> np.ndarray:
    """Per session: whether it had a ``"dead"`` or ``"error"`` click, and (second array)
    whether any of its clicks could be judged so."""
    hit = outcomes.dead if which == "dead" else outcomes.error
    known = outcomes.dead_known if which == "dead" else outcomes.error_known
    has = np.bincount(outcomes.session[hit], minlength=n_sessions) > 0
    judged = np.bincount(outcomes.session[known], minlength=n_sessions) > 0
    return has, judged


@dataclass(frozen=True)
class ElementStats:
    """How a set of sessions met one element."""

    selector: str
    tag: str
    text: str
    clicks: int
    clickers: int
    impressions: int
    ctr: Rate
    dead: int
    dead_known: int
    errors: int
    errors_known: int
    share: float  # of all the clicks and taps in the sessions
    box: tuple[float, float, float, float] | None  # on the page's screenshot
    layout_unknown: int  # sessions left out of impressions: the element's place unknown

    def to_dict(self) -> dict:
        def num(v: float):
            return None if math.isnan(v) else round(v, 6)

        return {
            "selector": self.selector,
            "tag": self.tag,
            "text": self.text,
            "clicks": self.clicks,
            "sessions_clicked": self.clickers,
            "impressions": self.impressions,
            "ctr": num(self.ctr.value),
            "ctr_low": num(self.ctr.low),
            "ctr_high": num(self.ctr.high),
            "dead_clicks": self.dead,
            "dead_measurable": self.dead_known,
            "error_clicks": self.errors,
            "error_measurable": self.errors_known,
            "share_of_clicks": num(self.share),
            "box": list(self.box) if self.box else None,
            "sessions_of_unknown_layout": self.layout_unknown,
        }


def session_boxes(table: EventTable, page: Page, selector: str) -> np.ndarray:
    """Each session's box of ``selector`` in its own layout, shape (n, 4), NaN when unknown.

    A session's own recording gives it; a session without one whose viewport has the page's
    width saw the page's layout, so the screenshot's box is its box."""
    out = np.full((table.n_sessions, 4), np.nan)
    page_box = page.elements.get(selector)
    for i, s in enumerate(table.sessions):
        box = None
        if s.clicks is not None:
            box = next((e.box for e in s.clicks.elements if e.selector == selector), None)
        if box is None and page_box is not None and s.viewport[0] == page.width:
            box = page_box
        if box is not None:
            out[i] = box
    return out


def element_stats(
    table: EventTable,
    page: Page,
    rules: ClickRules = ClickRules(),
    view: RegionRules = RegionRules(),  # noqa: B008 - frozen
    outcomes: ClickOutcomes | None = None,
) -> list[ElementStats]:
    """Every clicked element's numbers over the sessions of ``table``, most clicked first."""
    outcomes = outcomes or click_outcomes(table, rules)
    n = table.n_sessions
    seg = view_segments(table)
    total = len(outcomes)
    out = []
    for code, selector in enumerate(outcomes.selectors):
        mine = outcomes.element == code
        clicks = np.bincount(outcomes.session[mine], minlength=n)
        boxes = session_boxes(table, page, selector)
        known = np.isfinite(boxes[:, 0]) & table.viewport_known
        b = boxes[seg.session]
        ox = np.clip(
            np.minimum(seg.x + seg.width, b[:, 0] + b[:, 2]) - np.maximum(seg.x, b[:, 0]), 0, None
        )
        oy = np.clip(
            np.minimum(seg.y + seg.height, b[:, 1] + b[:, 3]) - np.maximum(seg.y, b[:, 1]), 0, None
        )
        with np.errstate(invalid="ignore"):
            visible = ox * oy >= view.min_visible_share * b[:, 2] * b[:, 3] - 1e-9
        visible &= np.isfinite(b[:, 0])
        longest, _ = _longest_runs(seg.session, seg.start, seg.end, visible, n)
        seen = known & ((longest >= view.min_view_ms) | (clicks > 0))
        clicked = known & (clicks > 0)
        out.append(
            ElementStats(
                selector=selector,
                tag=outcomes.tags[code],
                text=outcomes.texts[code],
                clicks=int(mine.sum()),
                clickers=int((clicks > 0).sum()),
                impressions=int(seen.sum()),
                ctr=Rate.of(int(clicked.sum()), int(seen.sum())),
                dead=int((mine & outcomes.dead).sum()),
                dead_known=int((mine & outcomes.dead_known).sum()),
                errors=int((mine & outcomes.error).sum()),
                errors_known=int((mine & outcomes.error_known).sum()),
                share=int(mine.sum()) / total if total else math.nan,
                box=page.elements.get(selector),
                layout_unknown=int(n - known.sum()),
            )
        )
    out.sort(key=lambda e: (-e.clicks, e.selector))
    return out
