"""Reading a log's rows into columns: numbers checked where they are, names looked up once."""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from viewer.importers.csv_actions import NO_BUTTON, ROW_KINDS, SKIP, WHEEL
from viewer.importers.csv_columns import BUTTON_NAMES, WHEEL_BUTTONS
from viewer.recording.errors import RecordingError
from viewer.recording.limits import MAX_EVENTS


@dataclass
class Rows:
    """A log's rows as columns (one entry per row, skipped rows too, so that a session
    spans all its rows)."""

    t: array = field(default_factory=lambda: array("d"))
    x: array = field(default_factory=lambda: array("d"))
    y: array = field(default_factory=lambda: array("d"))
    value: array = field(default_factory=lambda: array("d"))
    row: array = field(default_factory=lambda: array("B"))
    button: array = field(default_factory=lambda: array("b"))
    raw_buttons: set = field(default_factory=set)  # the button column's numbers, as written
    session_of: array = field(default_factory=lambda: array("I"))
    sessions: dict = field(default_factory=dict)  # session id -> its number, in order seen
    unknown: dict = field(default_factory=dict)  # name -> (rows, first line)
    ignored: int = 0
    kept: int = 0


def read_rows(path, reader, header, index, columns, names: dict[str, str]) -> Rows:
    """Read every row: its time, kind of row, position, value, button and session."""
    rows = Rows()
    for line, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) < len(header):
            raise RecordingError(
                path, f"{len(row)} values where the header has {len(header)}", f"line {line}"
            )
        code = ROW_KINDS["move"]
        if "kind" in index:
            name = row[index["kind"]].strip()
            ours = names.get(name.lower())
            if ours is None:
                n, first = rows.unknown.get(name, (0, line))
                rows.unknown[name] = (n + 1, first)
                code = SKIP
            elif ours == "ignore":
                rows.ignored += 1
                code = SKIP
            else:
                code = ROW_KINDS[ours]
        button = NO_BUTTON
        if "button" in index:
            text = row[index["button"]].strip().lower()
            if text in WHEEL_BUTTONS:
                code = WHEEL if code != SKIP else SKIP
            elif text in BUTTON_NAMES:
                button = BUTTON_NAMES[text]
            elif text.lstrip("-").isdigit():
                button = int(text)
                rows.raw_buttons.add(button)
        # A row that is skipped still has a time: a session spans all its rows.
        rows.t.append(number(path, row, index, "t", line, columns))
        skip = code == SKIP
        rows.x.append(0.0 if skip else number(path, row, index, "x", line, columns))
        rows.y.append(0.0 if skip else number(path, row, index, "y", line, columns))
        rows.value.append(
            number(path, row, index, "value", line, columns)
            if "value" in index and not skip
            else 0.0
        )
        rows.row.append(code)
        rows.button.append(max(-1, min(button, 100)))
        rows.kept += not skip
        sid = row[index["session"]].strip() if "session" in index else ""
        rows.session_of.append(rows.sessions.setdefault(sid, len(rows.sessions)))
        if len(rows.t) > MAX_EVENTS * 4:
            raise RecordingError(path, f"more than {MAX_EVENTS * 4:,} rows", f"line {line}")
    return rows


def guess_delimiter(path: Path, text: str) -> str:
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def number(path, row, index, name, line, columns) -> float:
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
