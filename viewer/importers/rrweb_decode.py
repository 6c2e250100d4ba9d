"""rrweb's events as they are in a file: the shapes we read (typed, bounded msgspec structs),
whether a document is rrweb at all, its event streams, and validation errors worded for people.

The numbers and field names are rrweb's own (``packages/types/src/index.ts``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import msgspec

from viewer.importers import containers
from viewer.recording import jsondoc
from viewer.recording.errors import RecordingError
from viewer.recording.limits import MAX_COORDINATE, MAX_TIME_MS

META, FULL_SNAPSHOT, INCREMENTAL, PLUGIN = 4, 2, 3, 6
MOUSE_MOVE, MOUSE_INTERACTION, SCROLL, VIEWPORT_RESIZE, TOUCH_MOVE, DRAG = 1, 2, 3, 4, 6, 12
MOUSE_UP, MOUSE_DOWN, CLICK, CONTEXT_MENU, DBL_CLICK, TOUCH_START, TOUCH_END = 0, 1, 2, 3, 4, 7, 9
POINTER_TOUCH = 2


Coord = Annotated[float, msgspec.Meta(ge=-MAX_COORDINATE, le=MAX_COORDINATE)]
Size = Annotated[float, msgspec.Meta(ge=0, le=MAX_COORDINATE)]
OffsetMs = Annotated[float, msgspec.Meta(ge=-MAX_TIME_MS, le=MAX_TIME_MS)]


Event = containers.Event


class Wrapped(msgspec.Struct):
    events: list[Event]


class Meta(msgspec.Struct):
    href: str = ""
    width: Size = 0
    height: Size = 0


class Offset(msgspec.Struct):
    left: Coord = 0
    top: Coord = 0


class Node(msgspec.Struct):
    id: int = -1
    type: int = -1


class Full(msgspec.Struct):
    node: Node | None = None
    initialOffset: Offset | None = None


class Source(msgspec.Struct):
    source: int = -1


class Position(msgspec.Struct):
    x: Coord
    y: Coord
    timeOffset: OffsetMs = 0


class Moves(msgspec.Struct):
    positions: list[Position]


class Interaction(msgspec.Struct):
    type: int
    x: Coord | None = None
    y: Coord | None = None
    pointerType: int | None = None
    id: int | None = None  # the node it happened on


class Scroll(msgspec.Struct):
    id: int
    x: Coord
    y: Coord


class Plugin(msgspec.Struct):
    plugin: str = ""
    payload: dict | None = None


class Add(msgspec.Struct):
    parentId: int
    node: msgspec.Raw
    nextId: int | None = None


class Mutation(msgspec.Struct):
    adds: list[Add] = []


class Resize(msgspec.Struct):
    width: Size
    height: Size


DECODERS = {
    name: msgspec.json.Decoder(t)
    for name, t in (
        ("meta", Meta),
        ("full", Full),
        ("source", Source),
        ("moves", Moves),
        ("interaction", Interaction),
        ("scroll", Scroll),
        ("resize", Resize),
        ("plugin", Plugin),
        ("mutation", Mutation),
    )
}
_EVENTS_ARRAY_RE = re.compile(rb'"events"\s*:\s*\[')
_NATIVE_RE = re.compile(rb'"format"\s*:\s*"session-viewer"')


def looks_like_rrweb(data: bytes) -> bool:
    """Whether ``data`` is shaped like an rrweb recording: a JSON array, an object with an
    ``events`` array that is not one of our own files, one event per line, or a PostHog export
    or Sentry replay segments (see :mod:`viewer.importers.containers`)."""
    head = data[:65536].lstrip()
    if head.startswith(b"[") or containers.kind_of(head):
        return True
    return (
        head.startswith(b"{")
        and _EVENTS_ARRAY_RE.search(head) is not None
        and _NATIVE_RE.search(head) is None
    )


def decode_streams(path: Path, data: bytes) -> list[containers.Stream]:
    """The event streams (one per browser window) of an rrweb document or of a container.

    Raises
    ------
    RecordingError
        Not JSON (located), or not events (with the first bad event's index).
    """
    try:
        streams = containers.unwrap(path, data)
        if streams:
            return streams
        if data.lstrip().startswith(b"{"):
            events = msgspec.json.decode(data, type=Wrapped).events
        else:
            events = msgspec.json.decode(data, type=list[Event])
        return [containers.Stream(events, "", "rrweb")]
    except msgspec.ValidationError as e:
        raise RecordingError(path, *_describe_validation(str(e))) from None
    except msgspec.DecodeError as e:
        raise jsondoc.json_syntax_error(path, data, str(e)) from None
    except RecursionError:
        raise RecordingError(path, "the JSON is nested too deeply to read") from None


_PATH_RE = re.compile(r"at `\$(?:\.events)?\[(\d+)\](?:\.(\w+))?`")
_SEGMENT_PATH_RE = re.compile(r"at `\$\[(\d+)\]\[(\d+)\](?:\.(\w+))?`")


def _describe_validation(msg: str) -> tuple[str, str]:
    """(message, where) for a msgspec validation error of the event list."""
    m = _PATH_RE.search(msg)
    segment = _SEGMENT_PATH_RE.search(msg)
    what = msg.split(" - at ")[0]
    what = re.sub(
        r"Expected `(\w+)`, got `(\w+)`",
        lambda g: f"expected {_type(g[1])}, got {_type(g[2])}",
        what,
    )
    if "Object missing required field" in what:
        what = what.replace("Object missing required field", "an event needs the field")
    if segment is not None:  # Sentry's segments: a list of lists of events
        where = f"segment {segment[1]}, event {segment[2]}"
        return f"not a valid rrweb event: {what}", where + (
            f", field '{segment[3]}'" if segment[3] else ""
        )
    if m is None:
        return (
            f"not an rrweb recording: {what} (expected a list of events, or an object with "
            "an 'events' list)",
            "",
        )
    where = f"event {m[1]}" + (f", field '{m[2]}'" if m[2] else "")
    return f"not a valid rrweb event: {what}", where


def _type(name: str) -> str:
    return {
        "int": "a whole number",
        "float": "a number",
        "str": "text",
        "object": "an object",
        "array": "a list",
        "null": "null",
        "bool": "true/false",
    }.get(name, name)
