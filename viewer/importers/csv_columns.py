"""Which of a log's columns mean what, and what its event names and button names mean.

Header names are recognised the way people and tools write them (``timestamp``, ``client
timestamp``, ``xpos``, ``clientX``, ``pageX``, ``event``, ``state``, ``button``, ``participant``
...); whatever ``--columns`` names wins, and the mapping used is always stated.
"""

from __future__ import annotations

import re

import numpy as np

from viewer.importers.csv_actions import LEFT, MIDDLE, NO_BUTTON, RIGHT, ROW_KINDS

FIELDS = ("t", "x", "y", "kind", "button", "session", "value")
REQUIRED = ("t", "x", "y")

#: Header names recognised for each field, best first (compared without case, spaces, _ or -).
HEADER_NAMES = {
    "t": (
        "clienttimestamp",
        "timestamp",
        "time",
        "t",
        "ts",
        "timems",
        "times",
        "elapsed",
        "elapsedms",
        "ms",
        "seconds",
        "recordtimestamp",
        "date",
    ),
    "x": ("pagex", "x", "xpos", "posx", "mousex", "cursorx", "clientx", "screenx", "xcoord"),
    "y": ("pagey", "y", "ypos", "posy", "mousey", "cursory", "clienty", "screeny", "ycoord"),
    "kind": ("event", "eventtype", "type", "state", "action", "eventname", "kind", "name"),
    "button": ("button", "buttons", "mousebutton", "which"),
    "session": (
        "session",
        "sessionid",
        "participant",
        "participantid",
        "subject",
        "user",
        "userid",
        "visitor",
        "visitorid",
    ),
}
#: Header names of positions in the window (not on the page): made page positions with the
#: log's scroll rows.
VIEWPORT_HEADERS = ("clientx", "clienty", "screenx", "screeny")

#: Event names understood without a mapping (lower case), and the kind of row they are.
DEFAULT_EVENTS = {
    **dict.fromkeys(("move", "mousemove", "pointermove", "mouse_move", "cursor", "hover"), "move"),
    **dict.fromkeys(("drag", "mousedrag", "dragging"), "drag"),
    **dict.fromkeys(("mousedown", "mouse_down", "pointerdown", "pressed", "press", "down"), "down"),
    **dict.fromkeys(("mouseup", "mouse_up", "pointerup", "released", "release", "up"), "up"),
    **dict.fromkeys(("click", "left_click", "leftclick", "mouseclick", "auxclick"), "click"),
    **dict.fromkeys(("dblclick", "doubleclick", "double_click"), "dblclick"),
    **dict.fromkeys(("contextmenu", "right_click", "rightclick"), "contextmenu"),
    **dict.fromkeys(("touchstart", "touch_start"), "touchstart"),
    **dict.fromkeys(("touchmove", "touch_move"), "touchmove"),
    **dict.fromkeys(("touchend", "touch_end", "touchcancel"), "touchend"),
    **dict.fromkeys(("tap", "touch"), "tap"),
    "scroll": "scroll",
    **dict.fromkeys(("wheel", "mousewheel", "scrollwheel"), "wheel"),
    **dict.fromkeys(("dwell", "fixation", "rest"), "dwell"),
    **dict.fromkeys(("resize", "viewport"), "resize"),
    **dict.fromkeys(
        (
            "keydown",
            "keyup",
            "keypress",
            "focus",
            "blur",
            "load",
            "pageshow",
            "pagehide",
            "visibilitychange",
            "unload",
            "beforeunload",
        ),
        "ignore",
    ),
}
#: What ``--events`` may map a name to: our kinds, and the kinds of row that fold into them.
EVENT_TARGETS = (*ROW_KINDS, "tap")

#: Button names (lower case) -> our button codes; "scroll" marks a wheel row (lab loggers).
BUTTON_NAMES = {
    **dict.fromkeys(("left", "primary", "l", "lmb", "button1"), LEFT),
    **dict.fromkeys(("middle", "m", "mmb", "wheelbutton", "button2"), MIDDLE),
    **dict.fromkeys(("right", "secondary", "r", "rmb", "button3"), RIGHT),
    **dict.fromkeys(("nobutton", "none", "no", "", "-", "null"), NO_BUTTON),
}
WHEEL_BUTTONS = ("scroll", "wheel", "scrollup", "scrolldown")


def _plain(name: str) -> str:
    return re.sub(r"[\s_\-.()]+", "", name.lower())


def guess_columns(header: list[str], given: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The column of each field: ``given`` (from ``--columns``), and recognised header names
    for the rest.

    Returns
    -------
    (columns, guessed)
        Field -> header name, and the fields whose column was recognised rather than given.
    """
    columns = dict(given)
    guessed = []
    plain = {_plain(h): h for h in reversed(header)}  # the first of equal names wins
    taken = set(columns.values())
    for fieldname, names in HEADER_NAMES.items():
        if fieldname in columns:
            continue
        for name in names:
            h = plain.get(name)
            if h is not None and h not in taken:
                columns[fieldname] = h
                taken.add(h)
                guessed.append(fieldname)
                break
    return columns, guessed


def is_viewport_column(name: str) -> bool:
    """Whether a position column holds window (client or screen) coordinates."""
    return _plain(name) in VIEWPORT_HEADERS


class CsvFormatError(ValueError):
    """An option that cannot be understood (``--columns``, ``--events``)."""


def parse_mapping(text: str, what: str) -> dict[str, str]:
    """``a=b,c=d`` as a dict (keys as written).

    Raises
    ------
    CsvFormatError
        A part that is not ``name=value``.
    """
    out: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise CsvFormatError(f"{what}: {part!r} must look like name=value")
        out[key.strip()] = value.strip()
    return out


def infer_time_unit(t: np.ndarray) -> tuple[str, str]:
    """``("ms" | "s", why)`` from the values of a time column.

    Unix times are told by their size (seconds since 1970 have 10 digits now, ms 13); times
    from a session's start by the median step between rows: under 2 the log counts seconds
    (a pointer logged at 60 Hz moves every 0.016 s, or every 16 ms).
    """
    finite = t[np.isfinite(t)]
    if not len(finite):
        return "ms", "no times to judge by"
    first = float(np.median(finite))
    if 1e11 <= first < 1e14:
        return "ms", "Unix times in ms"
    if 1e8 <= first < 1e11:
        return "s", "Unix times in seconds"
    steps = np.diff(np.sort(finite))
    steps = steps[steps > 0]
    step = float(np.median(steps)) if len(steps) else 0.0
    if len(steps) and step < 2:
        return "s", f"the median step between rows is {step:.3g}"
    return "ms", f"the median step between rows is {step:.3g}"
