"""Cursor logs in CSV or TSV, with the user's column names, units and event names.

Lab and research tools log one row per event: a time, a position, often an event name and a
participant or trial id. :class:`CsvOptions` says which column is which
(``t=timestamp,x=xpos,y=ypos,kind=event,session=participant``), how times are written, what the
event names mean (``mousemove=move,mousedown=click``), and how the coordinates relate to the
screenshot (a scale factor; page or viewport coordinates).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from viewer.fileio import FileReadError, read_bytes
from viewer.importers.derive import page_coordinates, with_dwell
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.limits import (
    EARLIEST_START_MS,
    EARLIEST_START_YEAR,
    LATEST_START_MS,
    LATEST_START_YEAR,
    MAX_COORDINATE,
    MAX_EVENTS,
    MAX_FILE_BYTES,
    MAX_TIME_MS,
)
from viewer.recording.model import DEVICES, KIND_LABELS, EventKind, Events, Session

FIELDS = ("t", "x", "y", "kind", "session", "value")
REQUIRED = ("t", "x", "y")

#: Event names understood without a mapping (lower case), and what they are.
DEFAULT_EVENTS = {
    **{n: "move" for n in ("move", "mousemove", "pointermove", "mouse_move", "cursor", "hover")},
    **{
        n: "click"
        for n in (
            "click",
            "mousedown",
            "mouse_down",
            "left_click",
            "leftclick",
            "mouseclick",
            "pointerdown",
            "dblclick",
            "contextmenu",
        )
    },
    **{n: "tap" for n in ("tap", "touch", "touchstart", "touch_start")},
    **{n: "scroll" for n in ("scroll", "wheel")},
    **{n: "dwell" for n in ("dwell", "fixation", "rest")},
    **{n: "resize" for n in ("resize", "viewport")},
    **{
        n: "ignore"
        for n in (
            "mouseup",
            "mouse_up",
            "pointerup",
            "touchend",
            "touch_end",
            "keydown",
            "keyup",
            "focus",
            "blur",
        )
    },
}
_KINDS = {label: code for code, label in enumerate(KIND_LABELS)}


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


@dataclass(frozen=True)
class CsvOptions:
    """How to read a log.

    Attributes
    ----------
    columns
        Our field -> the log's column name, for ``t``, ``x``, ``y`` (needed) and ``kind``,
        ``session``, ``value`` (optional). Without ``kind`` every row is a move.
    time_unit
        ``ms`` or ``s``.
    time_origin
        ``absolute`` (Unix time), ``relative`` (from the session's start) or ``auto`` (absolute
        when the values are past 2001 as Unix time).
    start
        When relative sessions began (default: the file's modification time).
    events
        The log's event names -> ours (``move``, ``click``, ``tap``, ``scroll``, ``dwell``,
        ``resize``, ``ignore``); added to :data:`DEFAULT_EVENTS`, case-insensitive.
    scale
        Multiplies every position (and scroll offset): logs in screen pixels of a page shown at
        another zoom than the screenshot's.
    coordinates
        ``page`` (positions on the page) or ``viewport`` (positions in the window; made page
        positions with the scroll rows).
    viewport, device
        The visitors' window size and device (the log rarely has them).
    dwell_ms
        Derive dwell from cursor rests this long, when the log has no dwell rows (0: never).
    delimiter
        None to guess from the file (comma, tab, semicolon).
    """

    columns: dict[str, str]
    time_unit: str = "ms"
    time_origin: str = "auto"
    start: _dt.datetime | None = None
    events: dict[str, str] = field(default_factory=dict)
    scale: float = 1.0
    coordinates: str = "page"
    viewport: tuple[int, int] = (1440, 900)
    device: str = "desktop"
    dwell_ms: float = 500.0
    delimiter: str | None = None

    def __post_init__(self) -> None:
        missing = [f for f in REQUIRED if f not in self.columns]
        if missing:
            raise CsvFormatError(
                f"--columns must name the log's columns for {', '.join(missing)} "
                "(e.g. t=timestamp,x=xpos,y=ypos)"
            )
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise CsvFormatError(
                f"--columns: unknown field {unknown[0]!r}; the fields are {', '.join(FIELDS)}"
            )
        for key, value in self.events.items():
            if value.lower() not in (*_KINDS, "ignore"):
                raise CsvFormatError(
                    f"--events: {key}={value}: {value!r} is not one of "
                    f"{', '.join((*KIND_LABELS, 'ignore'))}"
                )
        if self.time_unit not in ("ms", "s"):
            raise CsvFormatError("the time unit is ms or s")
        if self.time_origin not in ("auto", "absolute", "relative"):
            raise CsvFormatError("the time origin is auto, absolute or relative")
        if self.coordinates not in ("page", "viewport"):
            raise CsvFormatError("coordinates are page or viewport")
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise CsvFormatError("the scale must be a positive number")
        if self.device not in DEVICES:
            raise CsvFormatError(f"the device is one of {', '.join(DEVICES)}")

    def kind_of(self) -> dict[str, str]:
        names = dict(DEFAULT_EVENTS)
        names.update({k.lower(): v.lower() for k, v in self.events.items()})
        return names


def read_csv_log(
    path: Path | str, options: CsvOptions, page_id: str
) -> tuple[list[Session], list[Problem]]:
    """The sessions of one log file (one per value of the session column, or one).

    Raises
    ------
    RecordingError
        Unreadable, a named column missing, a value that is not a number (with its line and
        column), or no usable row.
    """
    path = Path(path)
    try:
        data = read_bytes(path, MAX_FILE_BYTES)
    except FileReadError as e:
        raise RecordingError(path, str(e)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RecordingError(path, f"not UTF-8 text (byte {e.start})") from None
    delimiter = options.delimiter or _guess_delimiter(path, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise RecordingError(path, "the file is empty") from None
    index = {}
    for ours, theirs in options.columns.items():
        if theirs not in header:
            shown = ", ".join(repr(h) for h in header[:12])
            raise RecordingError(
                path, f"no column {theirs!r} (for {ours}); the columns are {shown}", "line 1"
            )
        index[ours] = header.index(theirs)
    names = options.kind_of()
    t, x, y, value = array("d"), array("d"), array("d"), array("d")
    kind = array("B")
    session_codes: dict[str, int] = {}  # session id -> its number, in order of appearance
    session_of = array("I")
    unknown: dict[str, tuple[int, int]] = {}  # name -> (rows, first line)
    ignored = 0
    for line, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) < len(header):
            raise RecordingError(
                path, f"{len(row)} values where the header has {len(header)}", f"line {line}"
            )
        code = EventKind.MOVE
        if "kind" in index:
            name = row[index["kind"]].strip()
            ours = names.get(name.lower())
            if ours is None:
                n, first = unknown.get(name, (0, line))
                unknown[name] = (n + 1, first)
                continue
            if ours == "ignore":
                ignored += 1
                continue
            code = _KINDS[ours]
        t.append(_number(path, row, index, "t", line, options.columns))
        x.append(_number(path, row, index, "x", line, options.columns))
        y.append(_number(path, row, index, "y", line, options.columns))
        value.append(
            _number(path, row, index, "value", line, options.columns) if "value" in index else 0.0
        )
        kind.append(code)
        sid = row[index["session"]].strip() if "session" in index else ""
        session_of.append(session_codes.setdefault(sid, len(session_codes)))
        if len(t) > MAX_EVENTS * 4:
            raise RecordingError(path, f"more than {MAX_EVENTS * 4:,} rows", f"line {line}")
    problems: list[Problem] = []
    if unknown:
        listed = ", ".join(
            f"{k!r} ({n:,} rows from line {first})" for k, (n, first) in sorted(unknown.items())[:6]
        )
        problems.append(
            warning(
                path,
                f"rows with event names that mean nothing here were "
                f"skipped: {listed}; map them with --events NAME=KIND",
            )
        )
    if not len(t):
        raise RecordingError(
            path,
            "no row with a usable event"
            + (f" ({ignored:,} rows of ignored events)" if ignored else ""),
        )
    cols = _columns(t, kind, x, y, value, options)
    codes = np.frombuffer(session_of, dtype=np.uint32)
    stem = path.name.removesuffix(".gz").rsplit(".", 1)[0]
    by_session = np.argsort(codes, kind="stable")  # each session's rows, in file order
    bounds = np.searchsorted(codes[by_session], np.arange(len(session_codes) + 1))
    sessions = [
        _session(
            path, stem, sid, by_session[bounds[code] : bounds[code + 1]], cols, options, page_id
        )
        for sid, code in session_codes.items()
    ]
    return sessions, problems


def _guess_delimiter(path: Path, text: str) -> str:
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _number(path, row, index, name, line, columns) -> float:
    text = row[index[name]].strip()
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not math.isfinite(v) or abs(v) > 1e16:
        raise RecordingError(
            path, f"{text!r} is not a number", f"line {line}, column {columns[name]!r}"
        )
    return v


def _columns(t, kind, x, y, value, options: CsvOptions) -> dict[str, np.ndarray]:
    t = np.frombuffer(t, dtype=np.float64) * (1000.0 if options.time_unit == "s" else 1.0)
    x = np.frombuffer(x, dtype=np.float64) * options.scale
    y = np.frombuffer(y, dtype=np.float64) * options.scale
    kind = np.frombuffer(kind, dtype=np.uint8)
    value = np.frombuffer(value, dtype=np.float64)
    resize = kind == EventKind.RESIZE
    # A window size is not a position on the page: it is not scaled.
    x = np.where(resize, x / options.scale, x)
    y = np.where(resize, y / options.scale, y)
    return {"t": t, "kind": kind, "x": x, "y": y, "value": value}


_ID_RE = re.compile(r"[^A-Za-z0-9._-]+")


def _session(path, stem, sid, rows, cols, options: CsvOptions, page_id: str) -> Session:
    order = rows[np.argsort(cols["t"][rows], kind="stable")]
    t, kind = cols["t"][order], cols["kind"][order]
    x, y, value = cols["x"][order], cols["y"][order], cols["value"][order]
    absolute = options.time_origin == "absolute" or (
        options.time_origin == "auto" and t[0] > 978_307_200_000  # 2001-01-01 in ms
    )
    where = f"session {sid!r}" if sid else ""
    if absolute:
        if not EARLIEST_START_MS <= t[0] <= LATEST_START_MS:
            raise RecordingError(
                path,
                f"the first time {t[0]:.0f} ms is not a Unix time from {EARLIEST_START_YEAR} to "
                f"{LATEST_START_YEAR} (--time-origin relative, if the times count from the start)",
                where,
            )
        start = _dt.datetime.fromtimestamp(t[0] / 1000.0, tz=_dt.UTC)
    else:
        start = options.start or _dt.datetime.fromtimestamp(path.stat().st_mtime, tz=_dt.UTC)
    t = t - t[0]
    if t[-1] > MAX_TIME_MS:
        raise RecordingError(
            path,
            "a session that lasts more than 30 days; are the times in seconds (--time-unit s)?",
            where,
        )
    if np.abs(np.concatenate([x, y])).max(initial=0) > MAX_COORDINATE:
        raise RecordingError(path, f"positions beyond ±{MAX_COORDINATE:,.0f} px", where)
    if options.coordinates == "viewport":
        x, y = page_coordinates(t, kind, x, y)
    if options.dwell_ms > 0 and not (kind == EventKind.DWELL).any():
        t, kind, x, y, value = with_dwell(t, kind, x, y, value, t[-1], options.dwell_ms)
    events = Events(
        np.round(t).astype(np.int64),
        kind,
        x.astype(np.float32),
        y.astype(np.float32),
        value.astype(np.float32),
    )
    name = _ID_RE.sub("-", sid).strip("-") if sid else ""
    return Session(
        id=f"{stem}-{name}" if name else stem,
        page_id=page_id,
        start=start,
        device=options.device,
        viewport=options.viewport,
        events=events,
        tags={"participant": sid} if sid else {},
        duration_ms=round(float(t[-1])),
        path=path,
    )
