"""File > Export Report: the segment in the session list as the report ``session-viewer report``
writes (one self-contained HTML file, and its PDF when asked), made in the background."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QMessageBox

from viewer.gui.controller import Controller
from viewer.gui.file_field import SaveFileField, lay_out_save_dialog
from viewer.gui.plain import plain_label

ONE_GROUP = "nothing (one group)"
TRENDS = {"no trend": None, "per month": "month", "per week": "week", "per day": "day"}


class ReportDialog(QDialog):
    """Asks how to group the sessions, whether to show trends, where to save, and whether to
    print a PDF beside it."""

    def __init__(self, parent, groupings: list[str], suggested: Path, sessions: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Report")
        self.by = QComboBox()
        self.by.addItems([ONE_GROUP, *groupings])
        if "variant" in groupings:
            self.by.setCurrentText("variant")
        self.trend = QComboBox()
        self.trend.addItems(list(TRENDS))
        self.pdf = QCheckBox("Also print it to PDF (A4), beside it")
        self.file = SaveFileField(suggested, "Export Report", "Web page (*.html)", ".html")
        form = QFormLayout()
        form.addRow(plain_label("Sessions"), plain_label(f"{sessions:,}, the list's segment"))
        form.addRow(plain_label("Compare by"), self.by)
        form.addRow(plain_label("Trends"), self.trend)
        form.addRow(plain_label("File"), self.file)
        form.addRow(plain_label(""), self.pdf)
        lay_out_save_dialog(
            self,
            form,
            "One file with the maps, numbers and A/B result: it opens in any browser, from an "
            "e-mail attachment, with nothing installed.",
        )

    def choice(self) -> tuple[Path, str | None, str | None, bool]:
        """``(path, by, trend unit, pdf)``."""
        by = self.by.currentText()
        return (
            self.file.path(),
            None if by == ONE_GROUP else by,
            TRENDS[self.trend.currentText()],
            self.pdf.isChecked(),
        )


class ReportExport(Controller):
    """Asks (with :class:`ReportDialog`) and writes the report of the list's segment.

    Signals
    -------
    exported(path)
        A report was written (besides :class:`Controller`'s status and failed).
    """

    exported = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def export(self) -> None:
        w = self.window
        data = w.pages.current
        if data is None:
            QMessageBox.information(w, "Export Report", "Open some recordings first.")
            return
        groupings = ["device", *sorted(data.labels.tags)] if data.labels is not None else []
        mask = np.asarray(w.browser.model.mask, dtype=bool)
        suggested = w.settings.export_folder() / f"{data.page.id}-report.html"
        dialog = ReportDialog(w, groupings, suggested, int(mask.sum()))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.export_to(*dialog.choice())

    def export_to(self, path: Path, by=None, trend=None, pdf: bool = False) -> None:
        """Write the report of the list's segment to ``path`` (and its PDF beside it), in
        the background, where it may be written."""
        from viewer.fileio import atomic_write
        from viewer.report.build import report_document
        from viewer.workspace.report_source import page_report_source

        w = self.window
        pdf_path = path.with_suffix(".pdf") if pdf else None
        if not w.may_write(path) or (pdf_path is not None and not w.may_write(pdf_path)):
            return
        data = w.pages.current
        indices = np.flatnonzero(np.asarray(w.browser.model.mask, dtype=bool))
        regions = list(w.metrics.editor.regions)
        filters = w.browser.filter_words()
        source = str(w.pages.data.path) if w.pages.data is not None else data.page.id
        self.status.emit(f"Exporting the report to {path}...", 0)

        def job(ctx):
            src = page_report_source(data, indices, regions, source, filters, by, trend)
            html = report_document(src)
            atomic_write(path, html.encode("utf-8"))
            if pdf_path is not None:
                from viewer.report.pdf import pdf_bytes

                atomic_write(pdf_path, pdf_bytes(html))
            return str(path)

        w.jobs.submit("report", job, self._done, self._failure("Could not export the report"))

    def _done(self, path: str) -> None:
        self.status.emit(f"Exported {path}", 8000)
        self.exported.emit(path)
