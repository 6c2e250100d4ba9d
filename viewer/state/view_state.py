"""What the window shows, Qt-free: the heatmap's settings, which sessions, which stretch of time.

Widgets mirror this state (they show it, and a user's change becomes :meth:`ViewState.update`);
controllers listen to :attr:`ViewState.changed` and decide what to recompute. The screen and
every export read :meth:`ViewState.map_settings`, so an export is always the map on screen.
Like napari's and glue's evented models, but small: one event, the names of what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import StrEnum

from viewer.state.heatmap_params import DEFAULT_OPACITY, RECOLOUR_ONLY, Choice
from viewer.state.heatmap_settings import HeatmapSettings
from viewer.textformat import clock


class Scope(StrEnum):
    """Which sessions a map is made of."""

    SEGMENT = "filtered"  # the sessions the session list's filters keep
    SELECTED = "selected"  # the sessions selected in the list (the segment when none is)
    ALL = "all"  # every session of the page


#: The scopes in the order the window offers them; the first is the default.
SCOPES = (
    Choice(Scope.SEGMENT, "Sessions in the segment"),
    Choice(Scope.SELECTED, "Selected sessions"),
    Choice(Scope.ALL, "All sessions of the page"),
)
SCOPE_VALUES = tuple(c.value for c in SCOPES)

#: Changes of these fields only repaint the map already computed.
REPAINT_ONLY = frozenset({"legend"} | {f"heatmap.{name}" for name in RECOLOUR_ONLY})


@dataclass(frozen=True)
class TimeRange:
    """Map only ``start <= t < end`` ms into each visit, of one session or of every session."""

    start: float
    end: float
    session_id: str | None = None  # None: every session of the map

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.start, self.end)

    def words(self) -> str:
        who = f"session {self.session_id}" if self.session_id else "every session"
        return f"Showing {clock(self.start)}–{clock(self.end)} into the visit of {who}."


class Event:
    """Callbacks called with the names of what changed (a set of strings)."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[frozenset[str]], None]] = []

    def connect(self, callback: Callable[[frozenset[str]], None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[frozenset[str]], None]) -> None:
        self._callbacks.remove(callback)

    def emit(self, names: frozenset[str]) -> None:
        for callback in list(self._callbacks):
            callback(names)


class ViewState:
    """The window's view of a page.

    Attributes
    ----------
    heatmap
        The map's :class:`HeatmapSettings` (without a time range).
    scope
        Which sessions the map is made of: one of :data:`SCOPE_VALUES`.
    time_range
        A :class:`TimeRange`, or None for the whole visits.
    legend
        Whether the canvas shows the map's legend.
    changed
        An :class:`Event` called after each change with the names that changed: ``scope``,
        ``time_range``, ``legend``, and ``heatmap.<field>`` for each field of the settings.
    """

    def __init__(
        self,
        heatmap: HeatmapSettings | None = None,
        scope: str = SCOPES[0].value,
        time_range: TimeRange | None = None,
        legend: bool = True,
    ) -> None:
        self.heatmap = heatmap or HeatmapSettings()
        self.scope = scope
        self.time_range = time_range
        self.legend = legend
        self.changed = Event()
        self._check()

    def _check(self) -> None:
        if self.scope not in SCOPE_VALUES:
            raise ValueError(f"unknown scope {self.scope!r}; choose {', '.join(SCOPE_VALUES)}")
        if self.heatmap.t_range is not None:
            raise ValueError("the time range is the state's time_range, not the settings'")

    def update(self, **changes) -> frozenset[str]:
        """Change some fields; tell the listeners what changed (nothing: no event).

        Returns the names that changed. A bad value raises and changes nothing.
        """
        old = (self.heatmap, self.scope, self.time_range, self.legend)
        unknown = set(changes) - {"heatmap", "scope", "time_range", "legend"}
        if unknown:
            raise TypeError(f"ViewState has no field {', '.join(sorted(unknown))}")
        for name, value in changes.items():
            setattr(self, name, value)
        try:
            self._check()
        except ValueError:
            self.heatmap, self.scope, self.time_range, self.legend = old
            raise
        names = {
            n
            for n, before in zip(("scope", "time_range", "legend"), old[1:], strict=True)
            if getattr(self, n) != before
        }
        names |= {
            f"heatmap.{f.name}"
            for f in fields(HeatmapSettings)
            if getattr(self.heatmap, f.name) != getattr(old[0], f.name)
        }
        changed = frozenset(names)
        if changed:
            self.changed.emit(changed)
        return changed

    def set_kind(self, kind: str) -> frozenset[str]:
        """Show another kind of map, at that kind's own opacity (a scroll map is lighter)."""
        if kind == self.heatmap.kind:
            return frozenset()
        return self.update(heatmap=self.heatmap.with_(kind=kind, opacity=DEFAULT_OPACITY[kind]))

    def map_settings(self) -> HeatmapSettings:
        """The settings the map is computed with: the heatmap's, over the time range."""
        t_range = self.time_range.bounds if self.time_range is not None else None
        return self.heatmap.with_(t_range=t_range)

    @staticmethod
    def needs_new_map(changed: frozenset[str]) -> bool:
        """Whether a change asks for a new density (not only a repaint of the one shown)."""
        return bool(changed - REPAINT_ONLY)
