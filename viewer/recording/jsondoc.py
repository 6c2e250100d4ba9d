"""JSON decoding with errors a user can act on: which file, where in it, what is wrong.

msgspec does the parsing (fast, strict, and it reports the JSON path of a type error); this module
turns its messages into located, plain-language :class:`RecordingError` s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from viewer.fileio import FileReadError, read_bytes
from viewer.recording.errors import RecordingError

_BYTE_RE = re.compile(r"\(byte (\d+)\)")
_INDEX_RE = re.compile(r"\$\[(\d+)\]")
_KEY_BEFORE_ARRAY_RE = re.compile(rb'"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*\[$')
_JSON_TYPE_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true/false",
    "null": "null",
    "array": "a list",
    "object": "an object",
}
_UTF8_BOM = b"\xef\xbb\xbf"

#: The columns of a native session's ``events`` object; an index in one of them is an event.
EVENT_COLUMNS = frozenset({"t", "kind", "x", "y", "value"})


def read_file(path: Path, max_bytes: int) -> bytes:
    """Read (and inflate) a recording file, turning I/O failures into :class:`RecordingError`."""
    try:
        data = read_bytes(path, max_bytes)
    except FileReadError as e:
        raise RecordingError(path, str(e)) from None
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    return data


def decode_object(path: Path, data: bytes) -> dict[str, msgspec.Raw]:
    """Decode the top level of a JSON document as an object whose values stay undecoded.

    Raises
    ------
    RecordingError
        Not JSON (located by line and column), truncated, nested too deeply, or not an object.
    """
    try:
        return msgspec.json.decode(data, type=dict[str, msgspec.Raw])
    except msgspec.ValidationError as e:
        found = _found_type(str(e))
        raise RecordingError(
            path, f"not a session-viewer recording: the top level is {found}, not an object"
        ) from None
    except msgspec.DecodeError as e:
        raise json_syntax_error(path, data, str(e)) from None
    except RecursionError:
        raise RecordingError(path, "the JSON is nested too deeply to be a recording") from None


def json_syntax_error(path: Path, data: bytes, msg: str) -> RecordingError:
    """Describe a msgspec ``DecodeError`` message as a located, readable error."""
    if not data.strip():
        return RecordingError(path, "the file is empty")
    if "truncated" in msg:
        return RecordingError(path, "the JSON ends early: the file is incomplete (truncated?)")
    m = _BYTE_RE.search(msg)
    if not m:
        return RecordingError(path, f"not valid JSON ({msg})")
    pos = min(int(m.group(1)), len(data))
    where = _line_column(data, pos)
    found = _array_index_at(data, pos)
    if found is not None:
        key, index = found
        if key in EVENT_COLUMNS:
            where = f"event {index} (events.{key}, {where})"
        else:
            where = f"element {index} of '{key}' ({where})"
    return RecordingError(path, _describe_bad_token(data, pos, msg), where)


def _line_column(data: bytes, pos: int) -> str:
    line = data.count(b"\n", 0, pos) + 1
    column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _array_index_at(data: bytes, pos: int) -> tuple[str, int] | None:
    """If ``pos`` lies inside a flat array of numbers: the array's key and the index there.

    The event columns are flat arrays of numbers, so "event 1234 of events.x" is a far better
    place to point at than "column 18,234,567" of a one-line file.
    """
    start = max(0, pos - 50_000_000)
    head = data[start:pos]
    open_at = head.rfind(b"[")
    if open_at < 0 or any(c in head[open_at + 1 :] for c in (b"[", b"]", b"{", b"}", b'"')):
        return None
    m = _KEY_BEFORE_ARRAY_RE.search(head[max(0, open_at - 100) : open_at + 1])
    if not m:
        return None
    return m.group(1).decode(), head.count(b",", open_at + 1)


def _describe_bad_token(data: bytes, pos: int, msg: str) -> str:
    token = data[pos : pos + 12]
    if token[:1] and (token[0] >= 0x80 or (token[0] < 0x20 and token[0] not in b"\t\r\n")):
        return (
            "the file is not valid UTF-8 text (a binary file, or a text encoding other than UTF-8)"
        )
    for word in (b"NaN", b"-NaN", b"Infinity", b"-Infinity", b"nan", b"inf", b"-inf"):
        if token.startswith(word):
            return (
                f"{word.decode()} is not a number JSON allows: every time and coordinate must "
                "be a finite number"
            )
    if "trailing characters" in msg:
        return "unexpected text after the end of the JSON document"
    # The file's own bytes are never echoed: a recording may be anything (a link to a private
    # file, a forged line of output); its place is enough to find the fault.
    return "not valid JSON: unexpected character"


def _found_type(msg: str) -> str:
    m = re.search(r"got `(\w+)`", msg)
    return _JSON_TYPE_NAMES.get(m.group(1), m.group(1)) if m else "something else"


def decode_field(path: Path, raw: msgspec.Raw, name: str, type_: Any, expected: str) -> Any:
    """Decode one field's raw JSON as ``type_``.

    Parameters
    ----------
    path
        The file (for the error).
    raw
        The field's undecoded JSON.
    name
        The field's name, used as the error's location (``field 'viewport'``).
    type_
        A msgspec-compatible type.
    expected
        What the field should be, in words (``"a list of two whole numbers [width, height]"``).
    """
    try:
        return msgspec.json.decode(raw, type=type_)
    except msgspec.ValidationError as e:
        shown = describe_raw(raw, str(e))
        raise RecordingError(path, f"must be {expected}, got {shown}", f"field '{name}'") from None
    except msgspec.DecodeError as e:
        # The top level parsed, but a string inside this field does not decode (invalid
        # UTF-8, a bad escape): the field's problem, and so this file's, never the folder's.
        reason = "is not valid UTF-8 text" if "UTF-8" in str(e) else "is not valid JSON"
        raise RecordingError(path, f"this field {reason}", f"field '{name}'") from None
    except RecursionError:
        raise RecordingError(path, "nested too deeply", f"field '{name}'") from None


def element_index(msg: str) -> int | None:
    """The list index in a msgspec validation message (``... - at `$[12]` `` gives 12)."""
    m = _INDEX_RE.search(msg)
    return int(m.group(1)) if m else None


def describe_raw(raw: msgspec.Raw | bytes, msg: str, index: int | None = None) -> str:
    """Describe the JSON value (or its element ``index``) that a validation message is about."""
    if "Number out of range" in msg:
        return "a number too large for a double"
    try:
        value = msgspec.json.decode(raw)
        if index is not None:
            value = value[index]
    except (
        msgspec.DecodeError,
        msgspec.ValidationError,
        IndexError,
        TypeError,
        KeyError,
        RecursionError,
    ):
        return _found_type(msg)
    return describe_value(value)


def describe_value(value: Any) -> str:
    """A short, readable rendering of a JSON value for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value[:40] + ("..." if len(value) > 40 else ""))
    if isinstance(value, (list, dict)):
        text = msgspec.json.encode(value).decode()
        return text if len(text) <= 40 else text[:37] + "..."
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
