"""Which sessions: a segment is a set of filters, each written ``key=value``.

=====================  ===========================================================
filter                 keeps sessions...
=====================  ===========================================================
``device=mobile``      of that device class (desktop, tablet, mobile)
``variant=B``          with that tag value (any tag: ``source=ad``, ``campaign=x``)
``width=360..800``     whose initial viewport width is in the range (CSS px)
``duration=10..``      whose length is in the range (seconds; either end may be open)
``rage=yes``           with (``yes``) or without (``no``) rage clicks
``dead=yes``           with (``yes``) or without (``no``) dead clicks (recordings
                       that record the page's DOM; the others are in neither)
``error=yes``          with or without clicks followed by a console error
``date=2026-08-01..``  that started within the dates (UTC, ends included)
=====================  ===========================================================

Filters on different keys must all hold; several values of one equality key are alternatives
(``variant=A`` and ``variant=B`` together keep both).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from viewer.analysis.elements import ClickRules, click_outcomes, sessions_with
from viewer.analysis.rage import RageRule, rage_bursts
from viewer.analysis.table import EventTable
from viewer.recording.model import EventKind, Session

RANGE_KEYS = ("width", "duration", "date")


class FilterError(ValueError):
    """A filter that cannot be understood; the message says why."""


@dataclass(frozen=True)
class SegmentColumns:
    """What the filters look at, one entry per session, as arrays."""

    devices: np.ndarray
    tags: dict[str, np.ndarray]
    widths: np.ndarray
    durations_s: np.ndarray
    starts: np.ndarray  # POSIX seconds
    rage: np.ndarray  # rage bursts per session
    #: Dead and error clicks per session, NaN where none of its clicks could be judged
    #: (counted the first time a dead= or error= filter asks: it reads every click's facts).
    dead_counts: np.ndarray | None = None
    error_counts: np.ndarray | None = None
    _count: Callable[[], dict[str, np.ndarray]] | None = field(default=None, repr=False)

    @property
    def dead(self) -> np.ndarray | None:
        return self._counts("dead")

    @property
    def error(self) -> np.ndarray | None:
        return self._counts("error")

    def _counts(self, which: str) -> np.ndarray | None:
        if getattr(self, f"{which}_counts") is None and self._count is not None:
            counts = self._count()
            object.__setattr__(self, "dead_counts", counts["dead"])
            object.__setattr__(self, "error_counts", counts["error"])
            object.__setattr__(self, "_count", None)
        return getattr(self, f"{which}_counts")

    @classmethod
    def of(
        cls,
        sessions: Sequence[Session],
        rage_counts: np.ndarray | None = None,
        rule: RageRule | None = None,
        clicks: ClickRules = ClickRules(),  # noqa: B008 - frozen
    ) -> SegmentColumns:
        keys = sorted({k for s in sessions for k in s.tags})
        if rage_counts is None:
            rule = rule or RageRule()
            rage_counts = np.array([_rage_count(s, rule) for s in sessions], dtype=np.int64)
        return cls(
            devices=np.array([s.device for s in sessions], dtype=str),
            tags={k: np.array([s.tags.get(k, "") for s in sessions], dtype=str) for k in keys},
            widths=np.array([s.viewport[0] for s in sessions], dtype=np.float64),
            durations_s=np.array([s.end_ms / 1000 for s in sessions], dtype=np.float64),
            starts=np.array([s.start.timestamp() for s in sessions], dtype=np.float64),
            rage=rage_counts,
            _count=lambda: _click_counts(sessions, clicks),
        )


def _click_counts(sessions: Sequence[Session], rules: ClickRules) -> dict[str, np.ndarray]:
    if not any(s.clicks is not None for s in sessions):
        nan = np.full(len(sessions), np.nan)
        return {"dead": nan, "error": nan}
    table = EventTable.from_sessions(sessions)
    outcomes = click_outcomes(table, rules)
    out = {}
    for which in ("dead", "error"):
        _, judged = sessions_with(outcomes, which, len(sessions))
        count = np.bincount(
            outcomes.session[outcomes.dead if which == "dead" else outcomes.error],
            minlength=len(sessions),
        ).astype(np.float64)
        # A session whose recording can judge clicks but made none has none of them.
        knows = np.array(
            [
                s.clicks is not None
                and (s.clicks.reaction_ms if which == "dead" else s.clicks.error_ms) is not None
                for s in sessions
            ]
        )
        clicked = np.bincount(outcomes.session, minlength=len(sessions)) > 0
        count[~(judged | (knows & ~clicked))] = np.nan
        out[which] = count
    return out


def _rage_count(session: Session, rule: RageRule) -> int:
    ev = session.events
    total = 0
    for k in (EventKind.CLICK, EventKind.TAP):
        m = ev.kind == k
        if m.sum() >= rule.min_clicks:
            total += len(
                rage_bursts(
                    ev.t[m].astype(np.float64),
                    ev.x[m].astype(np.float64),
                    ev.y[m].astype(np.float64),
                    rule,
                )
            )
    return total


#: Where one filter of a line ends: a comma, or spaces before the next ``key=``.
_FILTER_BREAK = re.compile(r",|\s+(?=[^\s=,]+=)")


@dataclass(frozen=True)
class Segment:
    """A set of filters; the empty segment keeps every session."""

    conditions: dict[str, frozenset[str]] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    rage: bool | None = None
    words: tuple[str, ...] = ()
    flags: tuple[tuple[str, bool], ...] = ()  # ("dead", True), ("error", False)
    dead_ms: float = 1000.0  # what dead= and error= call dead (see viewer.analysis.elements)

    @classmethod
    def parse(cls, filters: Iterable[str]) -> Segment:
        """Build a segment from ``key=value`` strings.

        Raises
        ------
        FilterError
            A filter that is not ``key=value``, or a range or date that cannot be read.
        """
        conditions: dict[str, set[str]] = {}
        ranges: dict[str, tuple[float, float]] = {}
        rage = None
        flags: dict[str, bool] = {}
        words = []
        for text in filters:
            key, sep, value = text.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not key or not value:
                raise FilterError(f"filter {text!r} must look like key=value (e.g. device=mobile)")
            words.append(f"{key}={value}")
            if key in RANGE_KEYS:
                ranges[key] = _parse_range(key, value)
            elif key in ("rage", "dead", "error"):
                if value.lower() not in ("yes", "no", "true", "false"):
                    raise FilterError(f"filter {text!r}: {key} is yes or no")
                if key == "rage":
                    rage = value.lower() in ("yes", "true")
                else:
                    flags[key] = value.lower() in ("yes", "true")
            else:
                conditions.setdefault(key, set()).add(value)
        return cls(
            {k: frozenset(v) for k, v in conditions.items()},
            ranges,
            rage,
            tuple(words),
            tuple(sorted(flags.items())),
        )

    @classmethod
    def parse_text(cls, text: str) -> Segment:
        """Build a segment from one line of filters, as the window's compare sides and the
        command line's ``--compare`` take them: ``variant=A, device=mobile`` or ``variant=A
        device=mobile``. Commas always separate; a space separates only before another
        ``key=``, so values may hold spaces (``campaign=spring sale``)."""
        parts = _FILTER_BREAK.split(text)
        return cls.parse(p for p in (part.strip() for part in parts) if p)

    def mask(self, columns: SegmentColumns) -> np.ndarray:
        """Which sessions (described by ``columns``) the segment keeps."""
        m = np.ones(len(columns.devices), dtype=bool)
        for key, values in self.conditions.items():
            column = columns.devices if key == "device" else columns.tags.get(key)
            if column is None:
                return np.zeros(len(m), dtype=bool)
            m &= np.isin(column, list(values))
        for key, (lo, hi) in self.ranges.items():
            column = {
                "width": columns.widths,
                "duration": columns.durations_s,
                "date": columns.starts,
            }[key]
            m &= (column >= lo) & (column <= hi)
        if self.rage is not None:
            m &= (columns.rage > 0) == self.rage
        for key, wanted in self.flags:
            count = getattr(columns, key)
            if count is None:
                return np.zeros(len(m), dtype=bool)
            with np.errstate(invalid="ignore"):
                m &= np.isfinite(count) & ((count > 0) == wanted)
        return m

    def apply(self, sessions: Sequence[Session]) -> list[Session]:
        """The sessions that match, in their order."""
        if not self:
            return list(sessions)
        keep = self.mask(self.columns(sessions))
        return [s for s, k in zip(sessions, keep, strict=True) if k]

    def columns(self, sessions: Sequence[Session]) -> SegmentColumns:
        """The columns the filters look at, with this segment's dead-click time."""
        return SegmentColumns.of(sessions, clicks=ClickRules(self.dead_ms, self.dead_ms))

    def matches(self, session: Session) -> bool:
        return bool(self.mask(self.columns([session]))[0])

    def describe(self) -> list[str]:
        """The filters as ``key=value`` words (for legends and metadata)."""
        return sorted(self.words)

    def __bool__(self) -> bool:
        return bool(self.conditions or self.ranges or self.rage is not None or self.flags)


def _parse_range(key: str, value: str) -> tuple[float, float]:
    lo_text, sep, hi_text = value.partition("..")
    if not sep:
        lo_text = hi_text = value  # one value: exactly that (or that day)
    try:
        if key == "date":
            lo = _day(lo_text, start=True) if lo_text else -math.inf
            hi = _day(hi_text, start=False) if hi_text else math.inf
        else:
            lo = float(lo_text) if lo_text else -math.inf
            hi = float(hi_text) if hi_text else math.inf
    except ValueError:
        example = "2026-08-01..2026-08-31" if key == "date" else "10..60"
        raise FilterError(f"filter {key}={value!r}: expected a range like {example}") from None
    if lo > hi:
        raise FilterError(f"filter {key}={value!r}: the range is empty")
    return lo, hi


def _day(text: str, start: bool) -> float:
    day = _dt.date.fromisoformat(text.strip())
    moment = _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC)
    if not start:
        moment += _dt.timedelta(days=1) - _dt.timedelta(microseconds=1)
    return moment.timestamp()


def suggested_pair(columns: SegmentColumns) -> tuple[str, str]:
    """Two segments worth comparing: the first two values of the ``variant`` tag, else of any
    tag with several values, else two devices (``("", "")`` when nothing splits the sessions)."""
    candidates = [("variant", columns.tags.get("variant"))]
    candidates += [(k, v) for k, v in sorted(columns.tags.items()) if k != "variant"]
    candidates.append(("device", columns.devices))
    for key, column in candidates:
        if column is None:
            continue
        values = sorted({str(v) for v in column.tolist() if v})
        if len(values) >= 2:
            return f"{key}={values[0]}", f"{key}={values[1]}"
    return "", ""
