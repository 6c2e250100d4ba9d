"""The events of a native session file: its columns decoded, checked and sorted by time."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from viewer.recording import jsondoc
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.limits import MAX_COORDINATE, MAX_EVENTS, MAX_TIME_MS
from viewer.recording.model import KIND_LABELS, EventKind, Events
from viewer.recording.native_fields import Coords, KindIndexes, NonEmpty, Times, Values

_COLUMN_TYPES: dict[str, Any] = {
    "t": Times,
    "kind": KindIndexes,
    "x": Coords,
    "y": Coords,
    "value": Values,
}
_COLUMN_DECODERS = {name: msgspec.json.Decoder(t) for name, t in _COLUMN_TYPES.items()}
_REQUIRED_COLUMNS = ("t", "kind", "x", "y")


def parse_events(path: Path, cols: dict[str, msgspec.Raw], warnings: list[Problem]) -> Events:
    kinds = _decode_kinds_table(path, cols)
    for name in cols:
        if name not in _COLUMN_TYPES and name != "kinds":
            warnings.append(
                warning(path, f"unknown event column {name!r} skipped", f"field 'events.{name}'")
            )
    for name in _REQUIRED_COLUMNS:
        if name not in cols:
            raise RecordingError(path, "this column is missing", f"field 'events.{name}'")
    columns: dict[str, list] = {}
    for name in ("t", "kind", "x", "y", "value"):
        if name in cols:
            # Count before decoding: a column's numbers are never held beyond the limit.
            raw = bytes(cols[name])
            if raw.count(b",") + 1 > MAX_EVENTS:
                raise RecordingError(
                    path,
                    f"more than {MAX_EVENTS:,} events, the limit per session",
                    f"field 'events.{name}'",
                )
            columns[name] = _decode_column(path, name, cols[name])
    return build_events(path, kinds, columns, warnings)


def build_events(
    path: Path, kinds: list[str], columns: dict[str, list], warnings: list[Problem]
) -> Events:
    """Turn decoded columns into checked, time-sorted :class:`Events` (both read paths)."""
    n = len(columns["t"])
    if n > MAX_EVENTS:
        raise RecordingError(
            path, f"{n:,} events, over the limit of {MAX_EVENTS:,} per session", "field 'events.t'"
        )
    arrays: dict[str, np.ndarray] = {}
    for name in ("t", "kind", "x", "y", "value"):
        if name not in columns:
            continue
        values = columns[name]
        if len(values) != n:
            raise RecordingError(
                path,
                f"this column has {len(values):,} entries but events.t has {n:,}; every column "
                "needs one entry per event",
                f"field 'events.{name}'",
            )
        dtype = np.int64 if name in ("t", "kind") else np.float64
        # fromiter with a known count is ~3x faster than np.array on a list of Python numbers.
        arrays[name] = np.fromiter(values, dtype=dtype, count=n)
    if "value" not in arrays:
        arrays["value"] = np.zeros(n, np.float64)

    index = arrays["kind"]
    if n and int(index.max()) >= len(kinds):
        i = int(np.flatnonzero(index >= len(kinds))[0])
        raise RecordingError(
            path,
            f"kind {int(index[i])} has no entry in events.kinds (which has {len(kinds)})",
            f"event {i} (events.kind)",
        )
    # Map the file's kind table onto our codes; 255 marks kinds this version does not know.
    lut = _kind_lut(tuple(kinds))
    code = lut[index] if n else np.zeros(0, np.uint8)
    t, x, y, value = arrays["t"], arrays["x"], arrays["y"], arrays["value"]
    if 255 in lut:
        unknown = code == 255
        counts = np.bincount(index[unknown], minlength=len(kinds))
        for i in np.flatnonzero(counts):
            warnings.append(
                warning(
                    path,
                    f"skipped {int(counts[i]):,} events of unknown kind {kinds[i]!r} "
                    "(written by a newer recorder?)",
                    "field 'events.kinds'",
                )
            )
        _check_values(path, code, x, y, value)
        keep = ~unknown
        t, code, x, y, value = t[keep], code[keep], x[keep], y[keep], value[keep]
    else:
        _check_values(path, code, x, y, value)

    if len(t) > 1 and (t[1:] < t[:-1]).any():
        backwards = np.flatnonzero(np.diff(t) < 0)
        order = np.argsort(t, kind="stable")
        t, code, x, y, value = t[order], code[order], x[order], y[order], value[order]
        warnings.append(
            warning(
                path,
                f"events were out of time order ({backwards.size:,} steps back in time, the "
                f"first after event {int(backwards[0])}); sorted by time, keeping the order "
                "of simultaneous events",
                "field 'events.t'",
            )
        )
    return Events(t, code, x, y, value)


@functools.lru_cache(maxsize=64)
def _kind_lut(kinds: tuple[str, ...]) -> np.ndarray:
    """Codes of a file's kind names (255 for names this version does not know)."""
    lut = np.full(max(len(kinds), 1), 255, dtype=np.uint8)
    for i, label in enumerate(kinds):
        if label in KIND_LABELS:
            lut[i] = KIND_LABELS.index(label)
    lut.setflags(write=False)
    return lut


def _decode_kinds_table(path: Path, cols: dict[str, msgspec.Raw]) -> list[str]:
    if "kinds" not in cols:
        raise RecordingError(
            path,
            'this list of kind names (e.g. ["move", "click"]) is missing',
            "field 'events.kinds'",
        )
    kinds = jsondoc.decode_field(
        path, cols["kinds"], "events.kinds", list[NonEmpty], "a list of kind names"
    )
    if len(set(kinds)) != len(kinds):
        dup = next(k for k in kinds if kinds.count(k) > 1)
        raise RecordingError(path, f"kind {dup!r} is listed twice", "field 'events.kinds'")
    if len(kinds) > 255:
        raise RecordingError(path, "more than 255 kinds", "field 'events.kinds'")
    return kinds


def _check_length_cheaply(path: Path, name: str, raw: msgspec.Raw) -> None:
    # Refuse an absurd column before decoding it: every element costs at least 2 bytes ("0,").
    if len(raw) > 2 * MAX_EVENTS * 24:
        raise RecordingError(
            path, f"the column is over the limit of {MAX_EVENTS:,} events", f"field 'events.{name}'"
        )


_COLUMN_MEANING = {
    "t": ("time", f"a whole number of ms from 0 to {MAX_TIME_MS:,} (30 days)"),
    "kind": ("kind", "a whole number indexing events.kinds"),
    "x": ("x", f"a number of CSS px within ±{MAX_COORDINATE:,.0f}"),
    "y": ("y", f"a number of CSS px within ±{MAX_COORDINATE:,.0f}"),
    "value": ("value", f"a number within ±{MAX_TIME_MS:,}"),
}


def _decode_column(path: Path, name: str, raw: msgspec.Raw) -> list:
    try:
        return _COLUMN_DECODERS[name].decode(raw)
    except msgspec.ValidationError as e:
        msg = str(e)
        i = jsondoc.element_index(msg)
        what, expected = _COLUMN_MEANING[name]
        if i is None:
            raise RecordingError(
                path,
                f"must be a list of numbers, got {jsondoc._found_type(msg)}",
                f"field 'events.{name}'",
            ) from None
        # Slow path, only on error: look at the offending value to say what is wrong with it.
        if "Number out of range" in msg:
            reason = f"{what} is a number too large for a double: expected {expected}"
            raise RecordingError(path, reason, f"event {i} (events.{name})") from None
        value = msgspec.json.decode(raw)[i]
        shown = jsondoc.describe_value(value)
        if name == "t" and isinstance(value, (int, float)) and not isinstance(value, bool):
            if value < 0:
                reason = f"time is negative ({shown} ms); times count ms from the session's start"
            elif value > MAX_TIME_MS:
                reason = f"time {shown} ms is past the limit of {MAX_TIME_MS:,} ms (30 days)"
            else:
                reason = f"time must be a whole number of ms, got {shown}"
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            reason = f"{what} = {shown} is out of range: expected {expected}"
        else:
            reason = f"{what} must be {expected}, got {shown}"
        raise RecordingError(path, reason, f"event {i} (events.{name})") from None


_DWELL, _CLICK, _RESIZE = int(EventKind.DWELL), int(EventKind.CLICK), int(EventKind.RESIZE)


def _check_values(
    path: Path, code: np.ndarray, x: np.ndarray, y: np.ndarray, value: np.ndarray
) -> None:
    # One pass to see which kinds are present, so a check costs nothing when its kind is absent
    # (this runs for every file of a 10,000-session folder).
    present = np.bincount(code, minlength=256)

    def first(mask: np.ndarray) -> int | None:
        hits = np.flatnonzero(mask)
        return int(hits[0]) if hits.size else None

    if present[_DWELL]:
        i = first((code == _DWELL) & (value < 0))
        if i is not None:
            raise RecordingError(
                path, f"negative dwell duration ({value[i]:g} ms)", f"event {i} (events.value)"
            )
    if present[_CLICK]:
        i = first((code == _CLICK) & ((value < 0) | (value > 4) | (value != np.round(value))))
        if i is not None:
            raise RecordingError(
                path,
                f"click button must be 0 (left), 1 (middle), 2 (right), 3 or 4, got {value[i]:g}",
                f"event {i} (events.value)",
            )
    if present[_RESIZE]:
        i = first((code == _RESIZE) & ((x <= 0) | (y <= 0)))
        if i is not None:
            raise RecordingError(
                path,
                f"a resize needs a positive viewport size, got {x[i]:g} x {y[i]:g}",
                f"event {i} (events.x, events.y)",
            )


def file_order(path: Path, cols: dict[str, msgspec.Raw], events: Events) -> tuple:
    """``(times, is_click)`` of the file's events in the file's order when they were not in
    time order (the click columns then follow their clicks into it), else ``(None, None)``."""
    t = np.asarray(_decode_column(path, "t", cols["t"]), np.int64)
    if len(t) < 2 or not (t[1:] < t[:-1]).any():
        return None, None
    kinds = _decode_kinds_table(path, cols)
    index = np.asarray(_decode_column(path, "kind", cols["kind"]), np.int64)
    code = _kind_lut(tuple(kinds))[index]
    return t, (code == EventKind.CLICK) | (code == EventKind.TAP)
