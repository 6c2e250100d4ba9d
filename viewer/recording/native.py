"""The native recording format, version 1: reading with located errors, and atomic writing.

The format is specified in ``recordings/FORMAT.md``. In short, every file is a JSON object (gzip
optional) with ``"format": "session-viewer"``, ``"version": 1`` and ``"type"``: ``"page"`` (a
screenshot and its size) or ``"session"`` (one visit, its events stored column by column).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from viewer.recording import jsondoc
from viewer.recording.errors import Problem, RecordingError
from viewer.recording.limits import (
    MAX_EVENTS,
    MAX_FILE_BYTES,
    MAX_PAGE_FILE_BYTES,
    MAX_PARTS,
    MAX_TIME_MS,
)
from viewer.recording.model import DEVICES, Page, Session
from viewer.recording.native_clicks import EXPECTED as CLICKS_EXPECTED
from viewer.recording.native_clicks import ClicksDoc, PageElements, click_facts, page_elements
from viewer.recording.native_events import build_events, file_order, parse_events
from viewer.recording.native_fields import (
    FORMAT_NAME,
    FORMAT_VERSION,
    PAGE_FIELDS,
    SESSION_FIELDS,
    Coords,
    Dim,
    KindIndexes,
    NonEmpty,
    Times,
    Values,
    checked_tags,
    cut_text,
    optional_field,
    parse_start,
    required_field,
    start_in_range,
    warn_unknown_fields,
)
from viewer.recording.screenshot import check_scale, resolve_screenshot, screenshot_size

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
    fmt = optional_field(path, fields, "format", str, "text")
    if fmt != FORMAT_NAME:
        shown = "no 'format' field" if fmt is None else f"format {fmt!r}"
        raise RecordingError(
            path,
            f'not a session-viewer recording ({shown}; expected "format": "{FORMAT_NAME}")',
        )
    version = required_field(path, fields, "version", int, "a whole number")
    if version > FORMAT_VERSION:
        raise RecordingError(
            path,
            f"written in format version {version}, newer than this program reads "
            f"(version {FORMAT_VERSION}); update session-viewer to open it",
            "field 'version'",
        )
    if version < 1:
        raise RecordingError(path, f"unknown format version {version}", "field 'version'")
    kind = required_field(path, fields, "type", str, "text")
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
    warn_unknown_fields(path, fields, PAGE_FIELDS, warnings)
    page_id = required_field(path, fields, "id", NonEmpty, "non-empty text")
    url = cut_text(path, optional_field(path, fields, "url", str, "text") or "", "url", warnings)
    title = cut_text(
        path, optional_field(path, fields, "title", str, "text") or "", "title", warnings
    )
    origin = cut_text(
        path, optional_field(path, fields, "origin", str, "text") or "", "origin", warnings
    )
    ref = required_field(path, fields, "screenshot", str, "a path relative to this file")
    width, height = required_field(
        path,
        fields,
        "size",
        tuple[Dim, Dim],
        "a list of two positive whole numbers [width, height]",
    )
    shot = resolve_screenshot(path, ref, "screenshot")
    pixel_size = screenshot_size(path, shot, "screenshot")
    check_scale(path, shot, pixel_size, (width, height))
    variants: dict[str, Path] = {}
    raw_variants = (
        optional_field(
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
    boxes = optional_field(
        path,
        fields,
        "elements",
        PageElements,
        'an object of selectors and boxes, like {"#buy": [x, y, width, height]}',
    )
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
        elements=page_elements(boxes or {}),
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
    warn_unknown_fields(path, fields, SESSION_FIELDS, warnings)
    session_id = required_field(path, fields, "id", NonEmpty, "non-empty text")
    page_id = required_field(path, fields, "page", NonEmpty, "the id of a page (non-empty text)")
    start = parse_start(
        path, required_field(path, fields, "start", str, "an ISO 8601 date and time")
    )
    device = required_field(path, fields, "device", str, "text")
    if device not in DEVICES:
        raise RecordingError(
            path,
            f"unknown device {device!r}; expected one of {', '.join(DEVICES)}",
            "field 'device'",
        )
    viewport = required_field(
        path,
        fields,
        "viewport",
        tuple[Dim, Dim],
        "a list of two positive whole numbers [width, height]",
    )
    duration = optional_field(
        path,
        fields,
        "duration",
        Annotated[int, Meta(ge=0, le=MAX_TIME_MS)],
        f"a whole number of ms from 0 to {MAX_TIME_MS:,}",
    )
    if duration is None:
        duration = 0
    tags = optional_field(path, fields, "tags", dict[str, str], "an object of text values") or {}
    tags = checked_tags(path, tags, warnings)
    events_raw = required_field(
        path, fields, "events", dict[str, msgspec.Raw], "an object of columns"
    )
    events = parse_events(path, events_raw, warnings)
    assumed = optional_field(
        path, fields, "assumed", list[_Assumable], f"a list of {', '.join(map(repr, ASSUMABLE))}"
    )
    part = optional_field(
        path,
        fields,
        "part",
        _Part,
        f'an object like {{"index": 0, "final": false}} (index <= {MAX_PARTS:,})',
    )
    clicks = optional_field(path, fields, "clicks", ClicksDoc, CLICKS_EXPECTED)
    facts = None
    if clicks is not None:
        facts = click_facts(path, clicks, events, *file_order(path, events_raw, events))
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
        clicks=facts,
    )


class _FastEvents(msgspec.Struct, forbid_unknown_fields=True):
    kinds: list[NonEmpty]
    t: Times
    kind: KindIndexes
    x: Coords
    y: Coords
    value: Values | None = None


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
    id: NonEmpty
    page: NonEmpty
    start: str
    device: str
    viewport: tuple[Dim, Dim]
    events: _FastEvents
    duration: Annotated[int, Meta(ge=0, le=MAX_TIME_MS)] | None = None
    tags: dict[str, str] | None = None
    part: _Part | None = None
    assumed: list[_Assumable] | None = None
    clicks: ClicksDoc | None = None


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
    events = build_events(path, ev.kinds, columns, warnings)
    facts = None
    if doc.clicks is not None:
        try:
            facts = click_facts(path, doc.clicks, events)
        except RecordingError:
            return None  # the slow path says where
        if warnings:  # sorted by time: the facts follow their clicks
            return None
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
        clicks=facts,
    )
