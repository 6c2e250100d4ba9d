"""Problems found in recordings: located, worded for the person who has to fix the file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from viewer.textformat import printable


class Severity(StrEnum):
    """How bad a problem is: an error means the file (or part of it) did not load."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one recording file.

    Attributes
    ----------
    path
        The file the problem is in.
    message
        What is wrong, in words a user understands.
    where
        Where in the file: ``"event 1234"``, ``"field 'viewport'"``, ``"line 3, column 7"``;
        empty when the problem concerns the whole file.
    severity
        :attr:`Severity.ERROR` when the file did not load, :attr:`Severity.WARNING` when it
        loaded but something was skipped or corrected.
    """

    path: Path
    message: str
    where: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        # One line whatever the file's name or content: a name cannot forge a line of output.
        parts = [str(self.path)]
        if self.where:
            parts.append(self.where)
        parts.append(self.message)
        return ": ".join(printable(p) for p in parts)

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready form, used by ``--json`` output."""
        return {
            "path": str(self.path),
            "where": self.where,
            "severity": self.severity.value,
            "message": self.message,
        }


class RecordingError(Exception):
    """A recording that cannot be read, with the file, the place in it and the reason.

    ``str(error)`` reads ``"<file>: <where>: <what is wrong>"``.
    """

    def __init__(self, path: Path | str, message: str, where: str = "") -> None:
        self.problem = Problem(Path(path), message, where, Severity.ERROR)
        super().__init__(str(self.problem))

    @property
    def path(self) -> Path:
        return self.problem.path

    @property
    def where(self) -> str:
        return self.problem.where

    @property
    def message(self) -> str:
        return self.problem.message


def warning(path: Path | str, message: str, where: str = "") -> Problem:
    """Build a warning :class:`Problem` (the file loaded, something was skipped or fixed)."""
    return Problem(Path(path), message, where, Severity.WARNING)
