"""Keeps the metrics panel and the region boxes in step with the page, segment and selection.

The numbers are core calls run as a ``"metrics"`` job: each region's per-session numbers are
computed once per page and set of regions, and a change of segment only re-aggregates them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from viewer.analysis.regions import Region, load_regions
from viewer.analysis.segment_numbers import SegmentNumbers, segment_numbers
from viewer.analysis.segments import Segment
from viewer.gui.canvas import PageCanvas
from viewer.gui.errors import ErrorReporter
from viewer.gui.metrics_panel import MetricsPanel
from viewer.gui.regions_tool import RegionEditor
from viewer.gui.session_browser import SessionBrowser
from viewer.gui.workers import Debouncer, Jobs
from viewer.recording import RecordingError
from viewer.workspace.pages import PageData


@dataclass(frozen=True)
class ComputedNumbers:
    """What a metrics job hands back."""

    page_id: str
    regions_key: str  # the regions the per-region numbers are of
    per_region: list  # each region's per-session numbers (kept for the next segment)
    segment: Segment
    numbers: SegmentNumbers


def regions_key(regions: list[Region]) -> str:
    """A key that changes whenever any region's name or rectangle does."""
    return json.dumps([r.to_dict() for r in regions], sort_keys=True)


class MetricsController(QObject):
    """Feeds the metrics panel and the region editor.

    Signals
    -------
    numbers_shown(numbers)
        The panel shows newly computed :class:`SegmentNumbers`.
    """

    numbers_shown = Signal(object)

    def __init__(
        self,
        window: QWidget,
        canvas: PageCanvas,
        browser: SessionBrowser,
        jobs: Jobs,
        errors: ErrorReporter,
    ) -> None:
        super().__init__(window)
        self.window, self.browser, self.jobs, self.errors = window, browser, jobs, errors
        self.panel = MetricsPanel()
        self.editor = RegionEditor(canvas, self)
        self.data: PageData | None = None
        self._per_region: tuple[str, str, list] | None = None  # page id, regions key, numbers
        self.numbers: SegmentNumbers | None = None
        self._debouncer = Debouncer(self.refresh, 120, self)
        self.editor.regions_changed.connect(self._on_regions_changed)
        self.editor.save_failed.connect(
            lambda message: errors.report(message, "", "Could not save the regions")
        )
        self.editor.rename_requested.connect(self.rename)
        self.panel.trend_wanted.connect(self._debouncer.trigger)
        browser.filter_changed.connect(self._debouncer.trigger)
        browser.selection_changed.connect(self._debouncer.trigger)

    # -- the page ------------------------------------------------------------------------------
    def set_page(self, data: PageData) -> None:
        """Show ``data``'s regions and numbers."""
        self.data = data
        self.editor.set_page(data.page.id, data.regions, data.regions_path)
        if data.regions_problem:
            self.errors.report(data.regions_problem, "", "Could not read the regions")
        self.refresh()

    def wait_for(self, data: PageData) -> None:
        """``data``'s numbers start later (after its first map): show that they are coming,
        not the previous page's."""
        self._debouncer.cancel()
        self.jobs.drop("metrics")
        self.data, self.numbers = None, None
        self.panel.show_computing(f"{data.page.title or data.page.id} (after its first map)")

    def clear(self) -> None:
        """Show nothing (no page open); numbers still being computed are thrown away."""
        self._debouncer.cancel()
        self.jobs.drop("metrics")
        self.data, self.numbers, self._per_region = None, None, None
        self.editor.set_page("", [], None)
        self.panel.clear()

    def refresh(self) -> None:
        """Recompute the panel's numbers for the current segment (in the background)."""
        self._debouncer.cancel()  # this request covers any pending one
        data = self.data
        if data is None:
            return
        mask = np.array(self.browser.model.mask, dtype=bool, copy=True)
        chosen = self.browser.selected_sessions()
        selected = data.index.get(chosen[0].id) if len(chosen) == 1 else None
        trend_name, unit = self.panel.trend_choice()
        regions = list(self.editor.regions)
        key = regions_key(regions)
        cached = self._per_region
        per_region = cached[2] if cached and cached[:2] == (data.page.id, key) else None
        words = self.browser.filter_words()
        segment = ", ".join(words) if words else "all sessions of the page"

        if per_region is None and data.numbers_after_map:
            self.panel.show_computing(segment)  # not instant: say so meanwhile

        def job(ctx):
            starts = data.starts()
            if ctx.cancelled():  # a newer request came meanwhile: its job does the work
                return None
            numbers = per_region
            if numbers is None:
                numbers = data.region_numbers(regions, ctx.cancelled)
            result = segment_numbers(
                data.metrics, numbers, starts, mask, selected, trend_name, unit
            )
            return ComputedNumbers(data.page.id, key, numbers, segment, result)

        self.jobs.submit("metrics", job, self._on_numbers, self._on_failed)

    def _on_failed(self, error) -> None:
        self.errors.report(error.message, error.details, "Could not compute the metrics")

    def _on_numbers(self, result: ComputedNumbers | None) -> None:
        if self.data is None or result is None:
            return
        page_id, key, per_region = result.page_id, result.regions_key, result.per_region
        segment, numbers = result.segment, result.numbers
        if page_id != self.data.page.id:
            return
        self._per_region = (page_id, key, per_region)
        self.numbers = numbers
        self.panel.show_numbers(segment, numbers)
        if key == regions_key(self.editor.regions):
            self.editor.set_stats(numbers.regions)
        self.numbers_shown.emit(numbers)

    def _on_regions_changed(self, regions: list[Region]) -> None:
        self.panel.set_region_names([r.name for r in regions])
        if self.data is not None:
            self.data.regions = list(regions)
        self.refresh()

    def per_region_for(self, data: PageData) -> list | None:
        """The regions' per-session numbers of ``data``, when already computed."""
        c = self._per_region
        if c and c[:2] == (data.page.id, regions_key(self.editor.regions)):
            return c[2]
        return None

    # -- commands (the Regions menu) ---------------------------------------------------------
    def toggle_draw(self, on: bool) -> None:
        self.editor.canvas.set_draw_mode(bool(on))

    def toggle_visible(self, on: bool) -> None:
        self.editor.set_visible(bool(on))

    def rename(self, name: str | None = None) -> None:
        name = name or self.editor.selected()
        if not name:
            return
        new, ok = QInputDialog.getText(self.window, "Rename Region", "Name:", text=name)
        if ok:
            self.editor.rename(name, new)

    def delete(self) -> None:
        name = self.editor.selected()
        if name:
            self.editor.delete(name)

    def undo(self) -> None:
        self.editor.undo_stack.undo()

    def redo(self) -> None:
        self.editor.undo_stack.redo()

    def load(self) -> None:
        if self.data is None:
            return
        start = self.data.regions_path.parent if self.data.regions_path else Path.home()
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Load Regions", str(start), "Regions (*.json);;All files (*)"
        )
        if path:
            self.load_from(Path(path))

    def load_from(self, path: Path) -> bool:
        """Replace the page's regions with those of ``path`` (one undoable step)."""
        assert self.data is not None
        try:
            regions = load_regions(path, self.data.page.id)
        except RecordingError as e:
            self.errors.report(str(e), "", "Could not load the regions")
            return False
        self.editor.replace_all(regions)
        return True
