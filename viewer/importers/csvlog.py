"""Cursor logs in CSV or TSV: browser logs, lab loggers, research data sets.

Lab and research tools log one row per event: a time, a position, often an event name (or a
button and a state in two columns) and a participant or trial id. Which column is which is
recognised from the header (:mod:`viewer.importers.csv_columns`) or given with ``--columns``;
the time unit is inferred from the values; rows become actions as a browser counts them
(:mod:`viewer.importers.csv_actions`: one click per click, drags and swipes as paths). Every
guess is stated in :attr:`CsvLog.assumptions`, to be shown to the user.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from viewer.fileio import FileReadError, read_bytes
from viewer.importers.csv_actions import (
    LEFT,
    RIGHT,
    ROW_KINDS,
    SKIP,
    ActionRules,
    fold_actions,
)
from viewer.importers.csv_columns import (
    DEFAULT_EVENTS,
    EVENT_TARGETS,
    FIELDS,
    REQUIRED,
    CsvFormatError,
    guess_columns,
    infer_time_unit,
    is_viewport_column,
)
from viewer.importers.csv_rows import Rows, guess_delimiter, read_rows
from viewer.importers.derive import page_coordinates, with_dwell
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.limits import (
    EARLIEST_START_MS,
    EARLIEST_START_YEAR,
    LATEST_START_MS,
    LATEST_START_YEAR,
    MAX_COORDINATE,
    MAX_FILE_BYTES,
    MAX_TIME_MS,
)
from viewer.recording.model import DEVICES, EventKind, Events, Session


@dataclass(frozen=True)
class CsvOptions:
    """How to read a log (every field has a default the data can override; see the module).

    Attributes
    ----------
    columns
        Our field -> the log's column name, for ``t``, ``x``, ``y``, ``kind``, ``button``,
        ``session``, ``value``. Fields not named are recognised from the header; ``t``, ``x``
        and ``y`` must be found one way or the other. Without ``kind`` every row is a move.
    time_unit
        ``ms``, ``s`` or ``auto`` (inferred from the values, and stated).
    time_origin
        ``absolute`` (Unix time), ``relative`` (from the session's start) or ``auto`` (absolute
        when the values are Unix times of 2001 or later).
    start
        When relative sessions began (default: the file's modification time, stated).
    events
        The log's event names -> ours (``move``, ``click``, ``tap``, ``scroll``, ``dwell``,
        ``resize``, ``ignore``) or the kinds of row that fold into them (``down``, ``up``,
        ``drag``, ``dblclick``, ``contextmenu``, ``wheel``, ``touchstart``, ``touchmove``,
        ``touchend``); added to the common names, case-insensitive.
    scale
        Multiplies every position (and scroll offset): logs in screen pixels of a page shown at
        another zoom than the screenshot's.
    coordinates
        ``page``, ``viewport`` (positions in the window, made page positions with the scroll
        rows) or ``auto`` (viewport for ``clientX`` / ``screenX`` columns, else page).
    viewport, device
        The visitors' window size (None: not in the log; the importer states what it assumed)
        and device.
    dwell_ms
        Derive dwell from cursor rests this long, when the log has no dwell rows (0: never).
    delimiter
        None to guess from the file (comma, tab, semicolon).
    rules
        When rows make a click, a drag, a tap or a swipe.
    """

    columns: dict[str, str] = field(default_factory=dict)
    time_unit: str = "auto"
    time_origin: str = "auto"
    start: _dt.datetime | None = None
    events: dict[str, str] = field(default_factory=dict)
    scale: float = 1.0
    coordinates: str = "auto"
    viewport: tuple[int, int] | None = None
    device: str = "desktop"
    dwell_ms: float = 500.0
    delimiter: str | None = None
    rules: ActionRules = field(default_factory=ActionRules)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(FIELDS))
        if unknown:
            raise CsvFormatError(
                f"--columns: unknown field {unknown[0]!r}; the fields are {', '.join(FIELDS)}"
            )
        for key, value in self.events.items():
            if value.lower() not in EVENT_TARGETS:
                raise CsvFormatError(
                    f"--events: {key}={value}: {value!r} is not one of {', '.join(EVENT_TARGETS)}"
                )
        if self.time_unit not in ("auto", "ms", "s"):
            raise CsvFormatError("the time unit is auto, ms or s")
        if self.time_origin not in ("auto", "absolute", "relative"):
            raise CsvFormatError("the time origin is auto, absolute or relative")
        if self.coordinates not in ("auto", "page", "viewport"):
            raise CsvFormatError("coordinates are auto, page or viewport")
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise CsvFormatError("the scale must be a positive number")
        if self.device not in DEVICES:
            raise CsvFormatError(f"the device is one of {', '.join(DEVICES)}")

    def kind_of(self) -> dict[str, str]:
        names = dict(DEFAULT_EVENTS)
        names.update({k.lower(): v.lower() for k, v in self.events.items()})
        return names


@dataclass
class CsvLog:
    """What one log file held: its sessions, what was wrong, and what was assumed.

    ``assumptions`` are sentences for the user ("times in seconds (the median step between
    rows is 0.109)"), each with the option that changes it.
    """

    sessions: list[Session]
    problems: list[Problem] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def read_csv_log(path: Path | str, options: CsvOptions, page_id: str) -> CsvLog:
    """The sessions of one log file (one per value of the session column, or one).

    Raises
    ------
    RecordingError
        Unreadable, a column for ``t``, ``x`` or ``y`` neither named nor recognised, a value
        that is not a number (with its line and column), or no usable row.
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
    delimiter = options.delimiter or guess_delimiter(path, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise RecordingError(path, "the file is empty") from None
    shown = ", ".join(repr(h) for h in header[:12])
    for ours, theirs in options.columns.items():
        if theirs not in header:
            raise RecordingError(
                path, f"no column {theirs!r} (for {ours}); the columns are {shown}", "line 1"
            )
    columns, guessed = guess_columns(header, options.columns)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise RecordingError(
            path,
            f"no column for {', '.join(missing)} was given or recognised; the columns are "
            f"{shown}: name them with --columns t=COLUMN,x=COLUMN,y=COLUMN",
            "line 1",
        )
    assumptions = []
    if guessed:
        chosen = ", ".join(f"{f}={columns[f]}" for f in FIELDS if f in guessed)
        assumptions.append(f"columns recognised from the header: {chosen} (--columns to change)")
    index = {ours: header.index(theirs) for ours, theirs in columns.items()}
    rows = read_rows(path, reader, header, index, columns, options.kind_of())
    if not rows.kept:
        raise RecordingError(
            path,
            "no row with a usable event"
            + (f" ({rows.ignored:,} rows of ignored events)" if rows.ignored else ""),
        )
    problems: list[Problem] = []
    if rows.unknown:
        listed = ", ".join(
            f"{k!r} ({n:,} rows from line {first})"
            for k, (n, first) in sorted(rows.unknown.items())[:6]
        )
        problems.append(
            warning(
                path,
                f"rows with event names that mean nothing here were "
                f"skipped: {listed}; map them with --events NAME=KIND",
            )
        )
    cols = _columns(rows, options, columns, assumptions, path)
    codes = np.frombuffer(rows.session_of, dtype=np.uint32)
    stem = path.name.removesuffix(".gz").rsplit(".", 1)[0]
    by_session = np.argsort(codes, kind="stable")  # each session's rows, in file order
    bounds = np.searchsorted(codes[by_session], np.arange(len(rows.sessions) + 1))
    counts: dict[str, int] = {}
    sessions = []
    # When relative times do not say when a session began: the file's time (read once).
    file_time = _dt.datetime.fromtimestamp(path.stat().st_mtime, tz=_dt.UTC)
    used_file_time = False
    for sid, code in rows.sessions.items():
        session, found, from_file = _session(
            path,
            stem,
            sid,
            by_session[bounds[code] : bounds[code + 1]],
            cols,
            options,
            page_id,
            file_time,
        )
        used_file_time |= from_file
        if session is not None:
            sessions.append(session)
        for k, v in found.items():
            counts[k] = counts.get(k, 0) + v
    if used_file_time:
        assumptions.append(
            f"the log's times count from each session's start, and it does not say when that "
            f"was: sessions start at the file's modification time, {file_time:%Y-%m-%d %H:%M} UTC "
            "(--start ISO to change)"
        )
    if not sessions:
        raise RecordingError(path, "no row with a usable event (every press was unpaired)")
    return CsvLog(sessions, problems, assumptions, counts)


def _columns(rows: Rows, options: CsvOptions, columns, assumptions, path) -> dict:
    t = np.frombuffer(rows.t, dtype=np.float64)
    unit = options.time_unit
    if unit == "auto":
        unit, why = infer_time_unit(t)
        other = "ms" if unit == "s" else "s"
        word = "seconds" if unit == "s" else "milliseconds"
        assumptions.append(f"times in {word} ({why}); --time-unit {other} to change")
    t = t * (1000.0 if unit == "s" else 1.0)
    x = np.frombuffer(rows.x, dtype=np.float64) * options.scale
    y = np.frombuffer(rows.y, dtype=np.float64) * options.scale
    row = np.frombuffer(rows.row, dtype=np.uint8)
    button = np.frombuffer(rows.button, dtype=np.int8).astype(np.int64)
    value = np.frombuffer(rows.value, dtype=np.float64)
    resize = row == ROW_KINDS["resize"]
    # A window size is not a position on the page: it is not scaled.
    x = np.where(resize, x / options.scale, x)
    y = np.where(resize, y / options.scale, y)
    if "button" in columns and rows.raw_buttons:
        if 0 not in rows.raw_buttons and rows.raw_buttons <= {1, 2, 3}:
            # jQuery's `which` and some loggers count 1 left, 2 middle, 3 right.
            numbered = np.isin(button, (1, 2, 3))
            button = np.where(numbered, button - 1, button)
            assumptions.append("buttons numbered 1 left, 2 middle, 3 right (there is no button 0)")
    presses = np.isin(row, (ROW_KINDS["down"], ROW_KINDS["up"], ROW_KINDS["click"]))
    if "button" not in columns:
        if presses.any():
            assumptions.append(
                "presses and clicks are of the left button (no button column; --columns "
                "button=COLUMN to tell them apart)"
            )
        button = np.where(row == ROW_KINDS["contextmenu"], RIGHT, LEFT)
    else:
        button = np.where((button < 0) & presses, LEFT, button)
    coordinates = options.coordinates
    if coordinates == "auto":
        coordinates = "viewport" if is_viewport_column(columns["x"]) else "page"
        if coordinates == "viewport":
            assumptions.append(
                f"positions are in the window ({columns['x']!r}), made page positions with "
                "the log's scroll rows (--coordinates page to change)"
            )
    return {
        "t": t,
        "row": row,
        "x": x,
        "y": y,
        "value": value,
        "button": button,
        "coordinates": coordinates,
    }


_ID_RE = re.compile(r"[^A-Za-z0-9._-]+")


def _session(path, stem, sid, rows, cols, options: CsvOptions, page_id: str, file_time):
    """One session from its rows: (the session or None, the action counts, whether its start
    is the file's time)."""
    order = rows[np.argsort(cols["t"][rows], kind="stable")]
    t_all = cols["t"][order]
    where = f"session {sid!r}" if sid else ""
    absolute = options.time_origin == "absolute" or (
        options.time_origin == "auto" and t_all[0] > 978_307_200_000  # 2001-01-01 in ms
    )
    if absolute:
        if not EARLIEST_START_MS <= t_all[0] <= LATEST_START_MS:
            raise RecordingError(
                path,
                f"the first time {t_all[0]:.0f} ms is not a Unix time from {EARLIEST_START_YEAR} "
                f"to {LATEST_START_YEAR} (--time-origin relative, if the times count from the "
                "start)",
                where,
            )
        start = _dt.datetime.fromtimestamp(t_all[0] / 1000.0, tz=_dt.UTC)
    else:
        start = options.start or file_time
    from_file = not absolute and options.start is None
    # The session spans all its rows, skipped ones too (a load row still starts the visit).
    t0, end = float(t_all[0]), float(t_all[-1]) - float(t_all[0])
    if end > MAX_TIME_MS:
        raise RecordingError(
            path,
            "a session that lasts more than 30 days; are the times in seconds (--time-unit s)?",
            where,
        )
    keep = order[cols["row"][order] != SKIP]
    if not len(keep):
        return None, {}, False  # nothing of this session is kept: nothing was assumed of it
    folded = fold_actions(
        cols["t"][keep] - t0,
        cols["row"][keep],
        cols["x"][keep],
        cols["y"][keep],
        cols["value"][keep],
        cols["button"][keep],
        options.rules,
    )
    t, kind, x, y, value = folded.t, folded.kind, folded.x, folded.y, folded.value
    if not len(t):
        return None, folded.counts, from_file
    if np.abs(np.concatenate([x, y])).max(initial=0) > MAX_COORDINATE:
        raise RecordingError(path, f"positions beyond ±{MAX_COORDINATE:,.0f} px", where)
    if cols["coordinates"] == "viewport":
        x, y = page_coordinates(t, kind, x, y)
    if options.dwell_ms > 0 and not (kind == EventKind.DWELL).any():
        t, kind, x, y, value = with_dwell(t, kind, x, y, value, end, options.dwell_ms)
    events = Events(
        np.round(t).astype(np.int64),
        kind,
        x.astype(np.float32),
        y.astype(np.float32),
        value.astype(np.float32),
    )
    name = _ID_RE.sub("-", sid).strip("-") if sid else ""
    session = Session(
        id=f"{stem}-{name}" if name else stem,
        page_id=page_id,
        start=start,
        device=options.device,
        # Without a window size, a placeholder is stored and marked as assumed: the measures
        # that need it (reach, fold, impressions) leave the session out and say so.
        viewport=options.viewport or (1440, 900),
        events=events,
        tags={"participant": sid} if sid else {},
        duration_ms=round(end),
        path=path,
        assumed=() if options.viewport else ("viewport",),
    )
    return session, folded.counts, from_file
