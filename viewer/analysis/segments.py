"""Which sessions: filters written as ``key=value`` (``device=mobile``, ``variant=B``).

Filters on different keys must all hold; several values of one key are alternatives
(``variant=A`` and ``variant=B`` together mean either). ``device`` is the session's device
class; any other key is a tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from viewer.recording.model import Session


class FilterError(ValueError):
    """A filter that cannot be understood; the message says why."""


@dataclass(frozen=True)
class Segment:
    """A set of conditions on sessions; the empty segment keeps every session."""

    conditions: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, filters: Iterable[str]) -> Segment:
        """Build a segment from ``key=value`` strings.

        Raises
        ------
        FilterError
            A filter without ``=`` or with an empty key or value.
        """
        conditions: dict[str, set[str]] = {}
        for text in filters:
            key, sep, value = text.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not key or not value:
                raise FilterError(f"filter {text!r} must look like key=value (e.g. device=mobile)")
            conditions.setdefault(key, set()).add(value)
        return cls({k: frozenset(v) for k, v in conditions.items()})

    def matches(self, session: Session) -> bool:
        for key, values in self.conditions.items():
            actual = session.device if key == "device" else session.tags.get(key)
            if actual not in values:
                return False
        return True

    def apply(self, sessions: Sequence[Session]) -> list[Session]:
        """The sessions that match, in their order."""
        if not self.conditions:
            return list(sessions)
        return [s for s in sessions if self.matches(s)]

    def describe(self) -> list[str]:
        """The filters as ``key=value`` words (for legends and metadata)."""
        return [f"{k}={v}" for k in sorted(self.conditions) for v in sorted(self.conditions[k])]

    def __bool__(self) -> bool:
        return bool(self.conditions)
