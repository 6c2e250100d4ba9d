"""Keeps the map on the canvas in step with the view state, the page and the segment.

The controller owns the computed :class:`Heatmap` and makes every connection: a change of the
state's settings or scope, of the segment or of the selection asks for a new density (debounced:
a kernel-width drag asks on every step); a change of colours only repaints. The density itself
is a core call run as a ``"heatmap"`` job; the canvas, the panel and the session browser are
views it drives (tests replace them with ``MagicMock(spec=...)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from viewer.analysis.heatmaps import Heatmap, overlay_grid
from viewer.analysis.session_facts import SessionFacts
from viewer.gui.canvas import PageCanvas
from viewer.gui.controller import Controller
from viewer.gui.heatmap_panel import HeatmapPanel
from viewer.gui.map_legend import LegendInfo, MapLegend
from viewer.gui.session_browser import SessionBrowser
from viewer.gui.workers import Debouncer, Jobs
from viewer.render import colormaps
from viewer.render.export import ExportOptions, screenshot_for, write_heatmap_png
from viewer.render.legend import describe, pointer_words, tick_labels
from viewer.render.map_notes import Note, map_notes
from viewer.render.overlay import scroll_guides
from viewer.state.heatmap_params import Kind, kind_title
from viewer.state.heatmap_settings import HeatmapSettings
from viewer.state.view_state import Scope, ViewState
from viewer.textformat import count
from viewer.workspace.pages import PageData


@dataclass(frozen=True)
class ComputedMap:
    """What a heatmap job hands back: the map, its colouring, and what it was made of."""

    key: tuple  # (page id, the sessions' positions as bytes)
    facts: SessionFacts  # what the notes know of its sessions
    heatmap: Heatmap
    rgba: np.ndarray  # coloured with the settings it was computed with
    variant: str | None  # the screenshot variant its sessions saw (None: the page's own)
    notes: tuple[Note, ...] = ()  # what the legend should say besides (mixed layouts, ...)


#: How long a burst of changes (a slider drag) settles before the map is recomputed.
SETTLE_MS = 180


class HeatmapController(Controller):
    """Computes and shows the current page's map.

    Signals
    -------
    shown()
        A newly computed heatmap is on the canvas.
    variant_changed(variant)
        The map's sessions are of this variant's screenshot (None: the page's own).
    status, failed
        As every :class:`Controller`.
    exported(path)
        An export was written.
    """

    shown = Signal()
    variant_changed = Signal(object)
    exported = Signal(str)

    def __init__(
        self,
        state: ViewState,
        canvas: PageCanvas,
        legend: MapLegend,
        panel: HeatmapPanel,
        browser: SessionBrowser,
        jobs: Jobs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state, self.canvas, self.legend, self.panel = state, canvas, legend, panel
        self.browser, self.jobs = browser, jobs
        self.data: PageData | None = None
        self.heatmap: Heatmap | None = None
        self.variant: str | None = None
        self.notes: tuple[Note, ...] = ()
        self.paused = False  # while replaying: the canvas shows the replay, not the map
        self.recomputes = 0  # heatmap jobs submitted (for tests)
        self._debouncer = Debouncer(self.request, SETTLE_MS, self)
        state.changed.connect(self._on_state)
        browser.filter_changed.connect(self._on_segment)
        browser.selection_changed.connect(self._on_selection)
        legend.action_requested.connect(self.act)

    # -- what the map is of ------------------------------------------------------------------
    def set_page(self, data: PageData | None) -> None:
        """Map ``data``'s sessions (None: no page, nothing shown)."""
        self._debouncer.cancel()
        self.data = data
        self.heatmap = None
        if data is None:
            self.jobs.drop("heatmap")
            self.panel.show_summary("")
            self.legend.show_legend(None)
        else:
            self.request()

    def scope_indices(self) -> np.ndarray:
        """Positions (in the page's session list) of the sessions the map is made of."""
        assert self.data is not None
        scope = self.state.scope
        if scope == Scope.SELECTED:
            chosen = self.browser.selected_sessions()
            if chosen:
                return np.array(sorted(self.data.indices(chosen)), dtype=np.intp)
        if scope in (Scope.SEGMENT, Scope.SELECTED):
            return np.flatnonzero(self.browser.model.mask)
        return np.arange(len(self.data.sessions))

    def scope_words(self) -> list[str]:
        """How the shown sessions were chosen, as words for legends and exports."""
        scope = self.state.scope
        chosen = self.browser.selected_sessions() if scope == Scope.SELECTED else []
        if chosen:
            return [f"{len(chosen)} selected sessions"]
        if scope in (Scope.SEGMENT, Scope.SELECTED):
            return self.browser.filter_words()
        return []

    @property
    def pending(self) -> bool:
        """Whether a recompute is waiting for a burst of changes to settle."""
        return self._debouncer.pending

    # -- reactions -----------------------------------------------------------------------------
    def _on_state(self, changed: frozenset[str]) -> None:
        if ViewState.needs_new_map(changed):
            self._debouncer.trigger()
        else:
            self.repaint()

    def _on_segment(self) -> None:
        if self.state.scope != Scope.ALL:
            self._debouncer.trigger()

    def _on_selection(self) -> None:
        if self.state.scope == Scope.SELECTED:
            self._debouncer.trigger()

    # -- computing -----------------------------------------------------------------------------
    def request(self) -> None:
        """Compute the map of the page's sessions in scope, with the state's settings (in the
        background; the job also colours it and picks the screenshot to show)."""
        self._debouncer.cancel()  # this request covers any pending one
        if self.data is None:
            return
        data = self.data
        indices = self.scope_indices()
        settings = self.state.map_settings()
        grid = overlay_grid(data.page, settings.sigma)
        key = (data.page.id, indices.tobytes())
        self.recomputes += 1
        self.status.emit(f"Computing the {settings.kind} map of {len(indices):,} sessions...", 0)

        def job(ctx):
            heatmap, facts = data.map_of(indices, settings, grid, ctx.progress, ctx.cancelled)
            rgba = colormaps.apply(heatmap.normalized(), settings.colormap, settings.opacity)
            variant = screenshot_for(data.page, facts)
            notes = map_notes(heatmap, data.page, facts, variant)
            return ComputedMap(key, facts, heatmap, rgba, variant, notes)

        self.jobs.submit(
            "heatmap", job, self._on_computed, self._failure("Could not compute the heatmap")
        )

    def _on_computed(self, result: ComputedMap) -> None:
        heatmap, rgba, variant = result.heatmap, result.rgba, result.variant
        if self.data is None or result.key[0] != self.data.page.id:
            return
        self.heatmap = heatmap
        self.variant = variant
        self.notes = result.notes
        if not self.paused:
            self.variant_changed.emit(variant)
        self.repaint(rgba)
        self.panel.show_summary(describe(heatmap, "", self.scope_words())[1])
        title = kind_title(heatmap.settings.kind, heatmap.settings.outcome)
        self.status.emit(f"{title} of {count(heatmap.n_sessions, 'session')}", 5000)
        self.shown.emit()

    def repaint(self, rgba: np.ndarray | None = None) -> None:
        """Colour the density with the state's colours and show it with its legend (no new
        density). ``rgba``: the colouring the job already made, when it is current."""
        h = self.heatmap
        if h is None or self.paused:
            return
        s = self.state.heatmap
        if rgba is None or (s.colormap, s.opacity) != (h.settings.colormap, h.settings.opacity):
            rgba = colormaps.apply(h.normalized(), s.colormap, s.opacity)
        self.canvas.set_overlay(rgba, h.grid)
        self.canvas.guides.show(scroll_guides(h), self.data.page.width if self.data else 0)
        self.legend.show_legend(self.legend_info(h, s) if self.state.legend else None)

    def legend_info(self, h: Heatmap, s: HeatmapSettings) -> LegendInfo:
        """The canvas legend of ``h`` coloured with ``s``'s colours."""
        words = self.scope_words()
        title, _ = describe(h, "", words)
        detail = count(h.n_sessions, "session")
        if h.settings.kind != Kind.SCROLL:
            detail += f"  ·  kernel sigma {h.settings.sigma:g} px"
        if words:
            detail += "  ·  " + ", ".join(words)
        if self.data is not None and self.data.page.origin:
            title += "  ·  rebuilt page"  # where it shows whole, not elided
        table = colormaps.lut32(s.colormap, s.opacity).view(np.uint8).reshape(256, 4)
        notes = tuple(n.text for n in self.notes)
        actions = tuple(a for n in self.notes for a in n.actions)
        return LegendInfo(title, detail, table.copy(), tick_labels(h), h.units, notes, actions)

    def act(self, action: str) -> None:
        """Do what a legend button offers: ``variant:<v>`` maps that variant's sessions
        alone (a filter of the segment), ``kind:<k>`` shows another kind of map,
        ``anchor:on|off`` places a click map's clicks on their elements or where they were."""
        what, _, value = action.partition(":")
        if what == "kind":
            self.state.set_kind(value)
        elif what == "anchor":
            self.state.update(heatmap=self.state.heatmap.with_(anchor=value))
        elif what == "variant":
            if self.state.scope == Scope.ALL:
                self.state.update(scope=Scope.SEGMENT)
            self.browser.require("variant", value)

    def pause(self) -> None:
        """Stop showing the map (a replay has the canvas)."""
        self.paused = True
        self.legend.show_legend(None)

    def resume(self) -> None:
        """Show the map again, over its own variant's screenshot."""
        self.paused = False
        if self.heatmap is not None:
            self.variant_changed.emit(self.variant)
            self.repaint()

    def pointer_text(self, x: float, y: float) -> str:
        """The status bar's words for the pointer at page point (x, y)."""
        return pointer_words(self.heatmap, x, y)

    # -- export --------------------------------------------------------------------------------
    def export_to(
        self, path: Path, region=None, zoom: float | None = None, legend: bool = True
    ) -> None:
        """Export the map on screen (settings, sessions, time range) to ``path`` as a PNG, in
        the background. The caller has checked that ``path`` may be written."""
        assert self.data is not None
        data, indices = self.data, self.scope_indices()
        settings = self.state.map_settings()  # the map on screen, time range included
        options = ExportOptions(
            region=region, zoom=zoom, legend=legend, filters=tuple(self.scope_words())
        )
        self.status.emit(f"Exporting {path}...", 0)

        def job(ctx):
            write_heatmap_png(path, data.render_map(indices, settings, options))
            return str(path)

        self.jobs.submit("export", job, self._on_exported, self._failure("Could not export"))

    def _on_exported(self, path: str) -> None:
        self.status.emit(f"Exported {path}", 8000)
        self.exported.emit(path)
