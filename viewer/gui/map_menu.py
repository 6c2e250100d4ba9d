"""From the map to its sessions in one click: a right-click on the page offers "sessions that
clicked near here", and on a region "sessions that clicked it" and "sessions that saw it",
each with how many; choosing one selects them and maps (and counts) those sessions alone."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QPoint, QPointF, Signal
from PySide6.QtWidgets import QMenu

from viewer.gui.canvas import PageCanvas
from viewer.gui.heatmap_controller import HeatmapController
from viewer.gui.metrics_controller import MetricsController
from viewer.gui.session_browser import SessionBrowser
from viewer.state.view_state import Scope, ViewState
from viewer.textformat import count


@dataclass(frozen=True)
class Pick:
    """One choice of the menu: its words, the sessions it keeps (ids), and what they did, for
    the segment's description ("clicked Hero CTA")."""

    label: str
    ids: tuple[str, ...]
    did: str


class MapMenu(QObject):
    """The page's right-click menu.

    Signals
    -------
    picked(text)
        Sessions were selected from the map (``text`` says which, for the status bar).
    """

    picked = Signal(str)

    def __init__(
        self,
        state: ViewState,
        canvas: PageCanvas,
        browser: SessionBrowser,
        heatmaps: HeatmapController,
        metrics: MetricsController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.state, self.canvas, self.browser = state, canvas, browser
        self.heatmaps, self.metrics = heatmaps, metrics
        self.menu: QMenu | None = None
        canvas.context_requested.connect(self.show_at)

    def picks_at(self, x: float, y: float) -> list[Pick]:
        """What the menu offers at page point (x, y), among the sessions the map is made of."""
        data = self.heatmaps.data
        if data is None:
            return []
        scope = self.heatmaps.scope_indices()
        in_scope = np.zeros(len(data.sessions), dtype=bool)
        in_scope[scope] = True
        in_scope &= np.asarray(self.browser.model.mask, bool)  # only what the list can select
        radius = max(20.0, self.state.heatmap.sigma)
        picks = []

        def offer(did: str, chosen: np.ndarray) -> None:
            ids = tuple(data.sessions[i].id for i in np.flatnonzero(chosen & in_scope))
            picks.append(Pick(f"Sessions that {did} ({count(len(ids), 'session')})", ids, did))

        near = data.clicked_near(x, y, radius)
        offer(f"clicked within {radius:g} px of {x:,.0f}, {y:,.0f}", near)
        per_region = self.metrics.per_region_for(data) or []
        variant = self.heatmaps.variant
        for rs in per_region:
            rx, ry, rw, rh = rs.region.rect_for(variant)
            if rx <= x < rx + rw and ry <= y < ry + rh:
                offer(f"clicked {rs.region.name}", rs.clicked)
                offer(f"saw {rs.region.name}", rs.seen)
        return picks

    def choose(self, pick: Pick) -> None:
        """Make ``pick``'s sessions the segment: the map, the numbers and the list follow."""
        if self.state.scope != Scope.SEGMENT:
            self.state.update(scope=Scope.SEGMENT)
        self.browser.restrict(pick.ids, pick.did)
        self.picked.emit(f"Segment: {pick.label[0].lower()}{pick.label[1:]}")

    def show_at(self, page_point: QPointF, screen_point: QPoint) -> None:
        picks = self.picks_at(page_point.x(), page_point.y())
        if not picks:
            return
        self.menu = QMenu(self.canvas)
        for pick in picks:
            action = self.menu.addAction(pick.label.replace("&", "&&"))  # no mnemonics
            action.setEnabled(bool(pick.ids))
            action.triggered.connect(lambda _=False, p=pick: self.choose(p))
        self.menu.popup(screen_point)
