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
from PySide6.QtWidgets import QLabel, QWidget


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
