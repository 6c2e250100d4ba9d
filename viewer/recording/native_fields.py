"""The native format's names, limits as types, and the checks every field goes through.

Shared by reading (:mod:`viewer.recording.native`), the event columns
(:mod:`viewer.recording.native_events`) and writing (:mod:`viewer.recording.native_write`).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Annotated, Any

from msgspec import Meta

from viewer.recording import jsondoc
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.limits import (
    EARLIEST_START_YEAR,
    LATEST_START_YEAR,
    MAX_COORDINATE,
    MAX_TAGS,
    MAX_TEXT_LENGTH,
    MAX_TIME_MS,
)

FORMAT_NAME = "session-viewer"
FORMAT_VERSION = 1

PAGE_FIELDS = frozenset(
    {
        "format",
        "version",
        "type",
        "id",
        "url",
        "title",
        "screenshot",
        "size",
        "variants",
        "origin",
        "elements",
    }
)
SESSION_FIELDS = frozenset(
    {
        "format",
        "version",
        "type",
        "id",
        "page",
        "start",
        "device",
        "viewport",
        "duration",
        "tags",
        "events",
        "part",
        "assumed",
        "clicks",
    }
)
#: Types of document that other parts of the program write next to recordings (skipped quietly).
SIDECAR_TYPES = frozenset({"regions"})

Dim = Annotated[int, Meta(gt=0, le=int(MAX_COORDINATE))]
Coord = Annotated[float, Meta(ge=-MAX_COORDINATE, le=MAX_COORDINATE)]
Time = Annotated[int, Meta(ge=0, le=MAX_TIME_MS)]
NonEmpty = Annotated[str, Meta(min_length=1, max_length=MAX_TEXT_LENGTH)]

Times = list[Time]
KindIndexes = list[Annotated[int, Meta(ge=0, le=255)]]
Coords = list[Coord]
Values = list[Annotated[float, Meta(ge=-MAX_TIME_MS, le=MAX_TIME_MS)]]


def parse_start(path: Path, text: str) -> _dt.datetime:
    try:
        start = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise RecordingError(
            path,
            f"{text[:40]!r} is not an ISO 8601 date and time (like 2026-05-04T10:22:31Z)",
            "field 'start'",
        ) from None
    if start.tzinfo is None:  # documented: a time without an offset is UTC
        start = start.replace(tzinfo=_dt.UTC)
    if not start_in_range(start):
        raise RecordingError(
            path,
            f"the start {text[:40]!r} is outside the years {EARLIEST_START_YEAR} to "
            f"{LATEST_START_YEAR} that recordings can have",
            "field 'start'",
        )
    return start


def start_in_range(start: _dt.datetime) -> bool:
    """Whether a session start lies in the years recordings can have (see limits)."""
    return EARLIEST_START_YEAR <= start.astimezone(_dt.UTC).year <= LATEST_START_YEAR


def cut_text(path: Path, text: str, name: str, warnings: list[Problem] | None) -> str:
    """``text`` cut to :data:`MAX_TEXT_LENGTH` characters, with a warning when it was longer."""
    if len(text) <= MAX_TEXT_LENGTH:
        return text
    if warnings is not None:
        warnings.append(
            warning(
                path,
                f"{len(text):,} characters, cut to the first {MAX_TEXT_LENGTH:,}",
                f"field '{name}'",
            )
        )
    return text[:MAX_TEXT_LENGTH]


def checked_tags(path: Path, tags: dict[str, str], warnings: list[Problem]) -> dict[str, str]:
    """Tags within the limits: at most :data:`MAX_TAGS`, names and values cut to
    :data:`MAX_TEXT_LENGTH` characters (each cut is a warning)."""
    if len(tags) > MAX_TAGS:
        raise RecordingError(
            path, f"{len(tags):,} tags, over the limit of {MAX_TAGS}", "field 'tags'"
        )
    if all(len(k) <= MAX_TEXT_LENGTH and len(v) <= MAX_TEXT_LENGTH for k, v in tags.items()):
        return tags
    out = {}
    for k, v in tags.items():
        shown = k[:40]
        out[cut_text(path, k, f"tags (name {shown!r})", warnings)] = cut_text(
            path, v, f"tags.{shown}", warnings
        )
    return out


def required_field(path: Path, fields: dict, name: str, type_: Any, expected: str) -> Any:
    if name not in fields:
        raise RecordingError(path, "this required field is missing", f"field '{name}'")
    return jsondoc.decode_field(path, fields[name], name, type_, expected)


def optional_field(path: Path, fields: dict, name: str, type_: Any, expected: str) -> Any:
    if name not in fields:
        return None
    raw = fields[name]
    if bytes(raw).strip() == b"null":
        return None
    return jsondoc.decode_field(path, raw, name, type_, expected)


def warn_unknown_fields(
    path: Path, fields: dict, known: frozenset[str], warnings: list[Problem] | None
) -> None:
    if warnings is None:
        return
    for name in fields:
        if name not in known:
            warnings.append(warning(path, f"unknown field {name!r} skipped", f"field '{name}'"))
