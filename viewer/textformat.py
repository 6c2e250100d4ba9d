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


# Characters that move the cursor, clear a line, change colours or reorder text on a terminal or
# in a label: C0 and C1 controls, DEL, and Unicode's bidirectional overrides and isolates.
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})
_CONTROL.update({c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})
_CONTROL.update({0x200E: "\\u200e", 0x200F: "\\u200f", 0x061C: "\\u061c"})


def printable(text: object) -> str:
    """Text from a recording (a name, an id, a tag) made safe to print on one line.

    Control characters (a newline that would forge a line of output, an escape sequence that
    would recolour the terminal, a right-to-left override that would reorder the text) become
    visible escapes such as ``\\n`` and ``\\x1b``; bytes of a file name that is not UTF-8 become
    ``\\xe9``. Everything else, including any script or emoji, is kept as it is.
    """
    return shown_path(text).translate(_CONTROL)
