"""The problems panel: files that did not load (and files loaded with warnings), and why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from viewer.gui.plain import plain_tooltip
from viewer.recording.errors import Problem
from viewer.textformat import count, shown_path


class ProblemsPanel(QTreeWidget):
    """One row per problem: severity, file, where in it, what is wrong."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["", "File", "Where", "Problem"])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.setColumnWidth(1, 260)
        self.setColumnWidth(2, 180)
        self.problems: list[Problem] = []

    def set_problems(self, problems: Sequence[Problem], root: Path | None = None) -> None:
        self.clear()
        self.problems = list(problems)
        for p in sorted(self.problems, key=lambda p: (not p.is_error, str(p.path))):
            shown = p.path
            if root is not None:
                try:
                    shown = p.path.relative_to(root if root.is_dir() else root.parent)
                except ValueError:
                    pass
            message = shown_path(p.message)
            item = QTreeWidgetItem(
                ["Error" if p.is_error else "Warning", shown_path(shown), p.where, message]
            )
            item.setToolTip(3, plain_tooltip(message))
            item.setToolTip(1, plain_tooltip(shown_path(p.path)))
            colour = Qt.GlobalColor.darkRed if p.is_error else Qt.GlobalColor.darkYellow
            item.setForeground(0, colour)
            self.addTopLevelItem(item)

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    def title(self) -> str:
        """The dock's title: "Problems (1 error, 2 warnings)", or "Problems" when none."""
        if not self.problems:
            return "Problems"
        errors = self.error_count
        warnings = len(self.problems) - errors
        return f"Problems ({count(errors, 'error')}, {count(warnings, 'warning')})"
