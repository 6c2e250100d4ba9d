"""The native recording format, version 1: reading with located errors, and atomic writing.

The format is specified in ``recordings/FORMAT.md``. In short, every file is a JSON object (gzip
optional) with ``"format": "session-viewer"``, ``"version": 1`` and ``"type"``: ``"page"`` (a
screenshot and its size) or ``"session"`` (one visit, its events stored column by column).
"""

from __future__ import annotations

import datetime as _dt
import functools
import gzip
import io
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
import numpy as np
from msgspec import Meta

from viewer.fileio import atomic_write
from viewer.recording import jsondoc
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.limits import (
    EARLIEST_START_YEAR,
    LATEST_START_YEAR,
    MAX_COORDINATE,
    MAX_EVENTS,
    MAX_FILE_BYTES,
    MAX_PAGE_FILE_BYTES,
    MAX_PARTS,
    MAX_TAGS,
    MAX_TEXT_LENGTH,
    MAX_TIME_MS,
)
from viewer.recording.model import DEVICES, KIND_LABELS, EventKind, Events, Page, Session
from viewer.recording.screenshot import check_scale, resolve_screenshot, screenshot_size

FORMAT_NAME = "session-viewer"
FORMAT_VERSION = 1

PAGE_FIELDS = frozenset(
    {"format", "version", "type", "id", "url", "title", "screenshot", "size", "variants", "origin"}
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
    }
)
#: Types of document that other parts of the program write next to recordings (skipped quietly).
SIDECAR_TYPES = frozenset({"regions"})

_Dim = Annotated[int, Meta(gt=0, le=int(MAX_COORDINATE))]
_Coord = Annotated[float, Meta(ge=-MAX_COORDINATE, le=MAX_COORDINATE)]
_Time = Annotated[int, Meta(ge=0, le=MAX_TIME_MS)]
_NonEmpty = Annotated[str, Meta(min_length=1, max_length=MAX_TEXT_LENGTH)]

_Times = list[_Time]
_KindIndexes = list[Annotated[int, Meta(ge=0, le=255)]]
_Coords = list[_Coord]
_Values = list[Annotated[float, Meta(ge=-MAX_TIME_MS, le=MAX_TIME_MS)]]
_COLUMN_TYPES: dict[str, Any] = {
    "t": _Times,
    "kind": _KindIndexes,
    "x": _Coords,
    "y": _Coords,
    "value": _Values,
}
_COLUMN_DECODERS = {name: msgspec.json.Decoder(t) for name, t in _COLUMN_TYPES.items()}
_REQUIRED_COLUMNS = ("t", "kind", "x", "y")


# --------------------------------------------------------------------------------------- reading


def read_document(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, dict, bytes]:
    """Read a native file's header: its type and its top-level fields, still undecoded.

    Returns
    -------
    (type, fields, data)
        ``type`` is ``"page"``, ``"session"`` or another type name; ``fields`` maps names to
        ``msgspec.Raw``; ``data`` is the (inflated) file content the raw fields point into.

    Raises
    ------
    RecordingError
        The file is unreadable, not JSON, not of this format, or of a newer version.
    """
    data = jsondoc.read_file(path, max_bytes)
    kind, fields = parse_header(path, data)
    return kind, fields, data


def parse_header(path: Path, data: bytes) -> tuple[str, dict[str, msgspec.Raw]]:
    """Check a native document's format, version and type; see :func:`read_document`."""
    fields = jsondoc.decode_object(path, data)
    fmt = _optional(path, fields, "format", str, "text")
    if fmt != FORMAT_NAME:
        shown = "no 'format' field" if fmt is None else f"format {fmt!r}"
        raise RecordingError(
            path,
            f'not a session-viewer recording ({shown}; expected "format": "{FORMAT_NAME}")',
        )
    version = _required(path, fields, "version", int, "a whole number")
    if version > FORMAT_VERSION:
        raise RecordingError(
            path,
            f"written in format version {version}, newer than this program reads "
            f"(version {FORMAT_VERSION}); update session-viewer to open it",
            "field 'version'",
        )
    if version < 1:
        raise RecordingError(path, f"unknown format version {version}", "field 'version'")
    kind = _required(path, fields, "type", str, "text")
    return kind, fields


def load_page(path: Path | str) -> Page:
    """Read a page file (the screenshot's header is read too, to learn its pixel size).

    Raises
    ------
    RecordingError
        With the file, the field and the reason.
    """
    path = Path(path)
    kind, fields, _ = read_document(path, MAX_PAGE_FILE_BYTES)
    if kind != "page":
        raise RecordingError(path, f"expected a page file, but this is a {kind!r} file")
    return parse_page(path, fields)


def parse_page(
    path: Path, fields: dict[str, msgspec.Raw], warnings: list[Problem] | None = None
) -> Page:
    """Build a :class:`Page` from a page file's decoded top level (see :func:`read_document`)."""
    _warn_unknown_fields(path, fields, PAGE_FIELDS, warnings)
    page_id = _required(path, fields, "id", _NonEmpty, "non-empty text")
    url = cut_text(path, _optional(path, fields, "url", str, "text") or "", "url", warnings)
    title = cut_text(path, _optional(path, fields, "title", str, "text") or "", "title", warnings)
    origin = cut_text(
        path, _optional(path, fields, "origin", str, "text") or "", "origin", warnings
    )
    ref = _required(path, fields, "screenshot", str, "a path relative to this file")
    width, height = _required(
        path,
        fields,
        "size",
        tuple[_Dim, _Dim],
        "a list of two positive whole numbers [width, height]",
    )
    shot = resolve_screenshot(path, ref, "screenshot")
    pixel_size = screenshot_size(path, shot, "screenshot")
    check_scale(path, shot, pixel_size, (width, height))
    variants: dict[str, Path] = {}
    raw_variants = (
        _optional(
            path,
            fields,
            "variants",
            dict[str, dict[str, str]],
            'an object like {"B": {"screenshot": "page-b.png"}}',
        )
        or {}
    )
    for name, spec in raw_variants.items():
        field = f"variants.{name}.screenshot"
        if "screenshot" not in spec:
            raise RecordingError(path, "a variant needs a 'screenshot'", f"field '{field}'")
        vshot = resolve_screenshot(path, spec["screenshot"], field)
        vsize = screenshot_size(path, vshot, field)
        if vsize != pixel_size:
            raise RecordingError(
                path,
                f"the variant's screenshot is {vsize[0]} x {vsize[1]} px but the page's is "
                f"{pixel_size[0]} x {pixel_size[1]} px; a variant must have the page's size",
                f"field '{field}'",
            )
        variants[name] = vshot
    return Page(
        id=page_id,
        width=width,
        height=height,
        screenshot=shot,
        pixel_size=pixel_size,
        url=url,
        title=title,
        variants=variants,
        path=path,
        origin=origin,
    )


def load_session(path: Path | str) -> Session:
    """Read a session file. Warnings (skipped fields or kinds, sorted times) are on the result.

    Raises
    ------
    RecordingError
        With the file, the field or event, and the reason.
    """
    path = Path(path)
    data = jsondoc.read_file(path, MAX_FILE_BYTES)
    fast = decode_session_fast(path, data)
    if fast is not None:
        return fast
    kind, fields = parse_header(path, data)
    if kind != "session":
        raise RecordingError(path, f"expected a session file, but this is a {kind!r} file")
    return parse_session(path, fields)


def parse_session(path: Path, fields: dict[str, msgspec.Raw]) -> Session:
    """Build a :class:`Session` from a session file's decoded top level."""
    warnings: list[Problem] = []
    _warn_unknown_fields(path, fields, SESSION_FIELDS, warnings)
    session_id = _required(path, fields, "id", _NonEmpty, "non-empty text")
    page_id = _required(path, fields, "page", _NonEmpty, "the id of a page (non-empty text)")
    start = _parse_start(path, _required(path, fields, "start", str, "an ISO 8601 date and time"))
    device = _required(path, fields, "device", str, "text")
    if device not in DEVICES:
        raise RecordingError(
            path,
            f"unknown device {device!r}; expected one of {', '.join(DEVICES)}",
            "field 'device'",
        )
    viewport = _required(
        path,
        fields,
        "viewport",
        tuple[_Dim, _Dim],
        "a list of two positive whole numbers [width, height]",
    )
    duration = _optional(
        path,
        fields,
        "duration",
        Annotated[int, Meta(ge=0, le=MAX_TIME_MS)],
        f"a whole number of ms from 0 to {MAX_TIME_MS:,}",
    )
    if duration is None:
        duration = 0
    tags = _optional(path, fields, "tags", dict[str, str], "an object of text values") or {}
    tags = checked_tags(path, tags, warnings)
    events_raw = _required(path, fields, "events", dict[str, msgspec.Raw], "an object of columns")
    events = _parse_events(path, events_raw, warnings)
    assumed = _optional(
        path, fields, "assumed", list[_Assumable], f"a list of {', '.join(map(repr, ASSUMABLE))}"
    )
    part = _optional(
        path,
        fields,
        "part",
        _Part,
        f'an object like {{"index": 0, "final": false}} (index <= {MAX_PARTS:,})',
    )
    return Session(
        id=session_id,
        page_id=page_id,
        start=start,
        device=device,
        viewport=tuple(viewport),
        events=events,
        tags=tags,
        duration_ms=duration,
        path=path,
        warnings=tuple(warnings),
        part=None if part is None else (part.index, part.final),
        assumed=tuple(dict.fromkeys(assumed or ())),
    )


class _FastEvents(msgspec.Struct, forbid_unknown_fields=True):
    kinds: list[_NonEmpty]
    t: _Times
    kind: _KindIndexes
    x: _Coords
    y: _Coords
    value: _Values | None = None


#: What a session file may say was assumed, not recorded.
ASSUMABLE = ("viewport",)
_Assumable = Literal["viewport"]


class _Part(msgspec.Struct, forbid_unknown_fields=True):
    index: Annotated[int, Meta(ge=0, le=MAX_PARTS)]
    final: bool = False


class _FastSession(msgspec.Struct, forbid_unknown_fields=True):
    format: str
    version: int
    type: str
    id: _NonEmpty
    page: _NonEmpty
    start: str
    device: str
    viewport: tuple[_Dim, _Dim]
    events: _FastEvents
    duration: Annotated[int, Meta(ge=0, le=MAX_TIME_MS)] | None = None
    tags: dict[str, str] | None = None
    part: _Part | None = None
    assumed: list[_Assumable] | None = None


_FAST_SESSION = msgspec.json.Decoder(_FastSession)


def decode_session_fast(path: Path, data: bytes) -> Session | None:
    """Decode a well-formed session in one pass; None when anything is unusual.

    The common case (a valid file with only known fields) is parsed straight into typed lists,
    skipping the field-by-field path that exists to locate errors and collect warnings. Any
    surprise returns None, and the caller takes that slow path, which gives the precise error.
    """
    # Bound the numbers held in memory before decoding anything (see limits.MAX_EVENTS): four
    # columns are required, so more separators than four full columns may mean one is over the
    # limit, and the slow path counts each column before it decodes it.
    if data.count(b",") > 4 * MAX_EVENTS:
        return None
    try:
        doc = _FAST_SESSION.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    if (
        doc.format != FORMAT_NAME
        or doc.version != FORMAT_VERSION
        or doc.type != "session"
        or doc.device not in DEVICES
        or len(set(doc.events.kinds)) != len(doc.events.kinds)
        or len(doc.events.kinds) > 255
    ):
        return None
    try:
        start = _dt.datetime.fromisoformat(doc.start)
    except ValueError:
        return None
    if start.tzinfo is None:
        start = start.replace(tzinfo=_dt.UTC)
    if not start_in_range(start):
        return None  # the slow path says why
    ev = doc.events
    columns = {"t": ev.t, "kind": ev.kind, "x": ev.x, "y": ev.y}
    if ev.value is not None:
        columns["value"] = ev.value
    warnings: list[Problem] = []
    tags = checked_tags(path, doc.tags or {}, warnings)
    events = _build_events(path, ev.kinds, columns, warnings)
    return Session(
        id=doc.id,
        page_id=doc.page,
        start=start,
        device=doc.device,
        viewport=tuple(doc.viewport),
        events=events,
        tags=tags,
        duration_ms=doc.duration or 0,
        path=path,
        warnings=tuple(warnings),
        part=None if doc.part is None else (doc.part.index, doc.part.final),
        assumed=tuple(dict.fromkeys(doc.assumed or ())),
    )


def _parse_start(path: Path, text: str) -> _dt.datetime:
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


def _parse_events(path: Path, cols: dict[str, msgspec.Raw], warnings: list[Problem]) -> Events:
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
    return _build_events(path, kinds, columns, warnings)


def _build_events(
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
        path, cols["kinds"], "events.kinds", list[_NonEmpty], "a list of kind names"
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


def _required(path: Path, fields: dict, name: str, type_: Any, expected: str) -> Any:
    if name not in fields:
        raise RecordingError(path, "this required field is missing", f"field '{name}'")
    return jsondoc.decode_field(path, fields[name], name, type_, expected)


def _optional(path: Path, fields: dict, name: str, type_: Any, expected: str) -> Any:
    if name not in fields:
        return None
    raw = fields[name]
    if bytes(raw).strip() == b"null":
        return None
    return jsondoc.decode_field(path, raw, name, type_, expected)


def _warn_unknown_fields(
    path: Path, fields: dict, known: frozenset[str], warnings: list[Problem] | None
) -> None:
    if warnings is None:
        return
    for name in fields:
        if name not in known:
            warnings.append(warning(path, f"unknown field {name!r} skipped", f"field '{name}'"))


# --------------------------------------------------------------------------------------- writing


def page_document(page: Page, page_file: Path) -> dict:
    """The JSON object of a page file written at ``page_file``."""
    folder = page_file.parent.resolve()

    def rel(p: Path) -> str:
        p = Path(p).resolve()
        if not p.is_relative_to(folder):
            raise ValueError(f"the screenshot {p} must be inside the page file's folder {folder}")
        return p.relative_to(folder).as_posix()

    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "type": "page",
        "id": page.id,
        "url": page.url,
        "title": page.title,
        "screenshot": rel(page.screenshot),
        "size": [page.width, page.height],
    }
    if page.variants:
        doc["variants"] = {k: {"screenshot": rel(v)} for k, v in page.variants.items()}
    if page.origin:
        doc["origin"] = page.origin
    return doc


def save_page(page: Page, path: Path | str) -> Path:
    """Write a page file atomically. The screenshot must already be in the file's folder."""
    path = Path(path)
    data = msgspec.json.format(msgspec.json.encode(page_document(page, path)), indent=2)
    return atomic_write(path, data + b"\n")


def session_document(session: Session) -> dict:
    """The JSON object of a session file."""
    ev = session.events
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "type": "session",
        "id": session.id,
        "page": session.page_id,
        "start": session.start.isoformat().replace("+00:00", "Z"),
        "device": session.device,
        "viewport": list(session.viewport),
        "duration": int(session.duration_ms),
        "tags": dict(session.tags),
        **({"assumed": list(session.assumed)} if session.assumed else {}),
        "events": {
            "kinds": list(KIND_LABELS),
            "t": ev.t.tolist(),
            "kind": ev.kind.tolist(),
            "x": shortest_float32_list(ev.x),
            "y": shortest_float32_list(ev.y),
            "value": shortest_float32_list(ev.value),
        },
    }
    return doc


def encode_session(session: Session, compress: bool) -> bytes:
    """A session file's bytes; gzip-compressed (reproducibly: no name, no time) if asked."""
    data = msgspec.json.encode(session_document(session))
    if not compress:
        return data
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def save_session(session: Session, path: Path | str) -> Path:
    """Write a session file atomically, gzip-compressed when the name ends in ``.gz``."""
    path = Path(path)
    return atomic_write(path, encode_session(session, compress=path.suffix == ".gz"))


def shortest_float32_list(a: np.ndarray) -> list:
    """float32 values as Python numbers whose shortest decimal form reads back to the same float32.

    ``np.float32(0.1)`` is ``0.10000000149011612`` as a float64; written like that a file would be
    twice as large. For each value we take the fewest decimals that still round-trip, so files
    stay small and ``load(save(x)) == x`` holds exactly. Whole values are written as integers.
    """
    a = np.asarray(a, dtype=np.float32)
    if a.size == 0:
        return []
    if np.all(a == np.round(a)) and np.all(np.abs(a) < 2**53):
        return a.astype(np.int64).tolist()
    wide = a.astype(np.float64)
    out = wide.copy()
    todo = np.ones(a.shape, dtype=bool)
    for decimals in range(0, 12):
        r = np.round(wide[todo], decimals)
        ok = r.astype(np.float32) == a[todo]
        idx = np.flatnonzero(todo)[ok]
        out[idx] = r[ok]
        todo[idx] = False
        if not todo.any():
            break
    return out.tolist()
