"""How times and durations are written for people (tables, timelines, clips, the CLI)."""

from __future__ import annotations


def clock(ms: float) -> str:
    """A position in a session as a clock: ``m:ss``, or ``h:mm:ss`` past an hour."""
    s = max(0, int(ms // 1000))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def duration(seconds: float) -> str:
    """A length of time in words: ``42 s``, ``3 min 05 s``, ``2 h 07 min``."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    m, s = divmod(round(seconds), 60)
    if m < 60:
        return f"{m} min {s:02d} s"
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min"


def count(n: int, noun: str) -> str:
    """``1 session``, ``2,000 sessions``."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def shown_path(path) -> str:
    """A path as text that any display can show: bytes of a name that is not UTF-8 become
    ``\\xe9`` escapes instead of disappearing."""
    text = str(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_text(name: str) -> bool:
    """Whether ``name`` is Unicode text, as Qt needs it (no bytes of a non-UTF-8 file name
    kept as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
