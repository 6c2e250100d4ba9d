"""Text from recordings on screen: always as plain text, never as markup.

A ``QLabel`` (and a tooltip) guesses: text that looks like HTML is rendered as HTML, so a
session id such as ``<img src='/home/me/private.png'>`` would show a file of this machine, and
``<img src='a named pipe'>`` would freeze the window. Every label is made with
:func:`plain_label`, and every tooltip that can hold recording text goes through
:func:`plain_tooltip`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text as the characters it is, whatever they are."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is (tooltips have no plain-text mode: the text is
    escaped and marked as rich text, so that nothing in it is taken for markup)."""
    if not text:
        return ""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


class ElidedLabel(QLabel):
    """A one-line plain-text label that gives way to a narrow window: what does not fit ends in
    "…" (never a letter cut in half), and the whole text is in its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tooltip(text))
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        super().setText(shown)
