"""The files other tools wrap rrweb events in: each is unwrapped into event streams, one per
browser window (a stream is one tab's events in time order; a new URL in it is a new visit).

- **rrweb**: a JSON array of events, or ``{"events": [...]}``; or newline-delimited JSON, one
  event per line (what rrweb's ``emit`` callback often appends to a file).
- **PostHog** "export to file" (``frontend/src/scenes/session-recordings/file-playback/`` in
  PostHog/posthog, ``parseExportedSessionRecording``): version ``"2023-04-28"`` is
  ``{"version", "data": {"id", "person", "snapshots": [event + "windowId", ...]}}``; version
  ``"2022-12-02"`` is ``{"version", "data": {"person", "snapshotsByWindowId": {id: [...]}}}``.
  Each window is a stream of its own.
- **Sentry** replay recording segments (the ``recording-segments/?download`` endpoint of a
  replay, as Sentry's own player reads them in getsentry/sentry's
  ``static/app/utils/replays/hooks/useReplayData``): a list of segments, each a list of rrweb
  events; the segments of a replay are one stream. Sentry's own custom events (type 5:
  breadcrumbs, spans) are skipped as other unknown types are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import msgspec

from viewer.recording.errors import RecordingError
from viewer.recording.limits import EARLIEST_START_MS, LATEST_START_MS

POSTHOG_VERSIONS = ("2023-04-28", "2022-12-02")


@dataclass(frozen=True)
class Stream:
    """The events of one browser window, and where they came from (for the session's id)."""

    events: list[Any]
    label: str  # "" for a file with one window; the window's number otherwise
    source: str  # "rrweb", "PostHog export 2023-04-28", "Sentry replay segments", ...
    recording_id: str = ""


#: Milliseconds since 1970, up to the year 2200.
Timestamp = Annotated[float, msgspec.Meta(ge=EARLIEST_START_MS, le=LATEST_START_MS)]


class Event(msgspec.Struct):
    """One rrweb event, its ``data`` left undecoded until its type is known."""

    type: int
    timestamp: Timestamp
    data: msgspec.Raw = msgspec.field(default_factory=lambda: msgspec.Raw(b"{}"))


class _Snapshot(Event):
    """An rrweb event in a PostHog export, with the browser window it belongs to."""

    windowId: str | int | None = None


class _PostHogV2(msgspec.Struct):
    id: str | None = None
    snapshots: list[_Snapshot] = []


class _PostHogV1(msgspec.Struct):
    snapshotsByWindowId: dict[str, list[Event]] = {}


class _Export(msgspec.Struct):
    version: str = ""
    data: msgspec.Raw = msgspec.field(default_factory=lambda: msgspec.Raw(b"{}"))


_VERSION_RE = re.compile(rb'^\{\s*"version"\s*:\s*"(\d{4}-\d{2}-\d{2})"')
_HAS_DATA_RE = re.compile(rb'"data"\s*:\s*\{')


def kind_of(data: bytes) -> str:
    """What kind of rrweb container ``data`` looks like: ``rrweb``, ``ndjson``, ``posthog``,
    ``sentry`` or ``""`` (none of them). Only the first bytes are looked at."""
    head = data[:65536].lstrip()
    if head.startswith(b"["):
        rest = head[1:].lstrip()
        return "sentry" if rest.startswith(b"[") else "rrweb"
    if not head.startswith(b"{"):
        return ""
    if (m := _VERSION_RE.match(head)) and m.group(1).decode() in POSTHOG_VERSIONS:
        return "posthog"
    if _HAS_DATA_RE.search(head[:4096]) and (
        b'"snapshotsByWindowId"' in head or b'"snapshots"' in head
    ):
        return "posthog"
    first, _, rest = head.partition(b"\n")
    if rest.lstrip().startswith(b"{") and b'"timestamp"' in first and b'"type"' in first:
        return "ndjson"
    return ""


def unwrap(path: Path, data: bytes) -> list[Stream]:
    """The event streams of a container; none for a plain rrweb array or ``{"events"}``.

    Raises
    ------
    RecordingError
        The container's shape is wrong (a located, worded reason); JSON syntax errors are
        raised as msgspec's own ``DecodeError`` for the caller to locate.
    """
    kind = kind_of(data)
    if kind == "posthog":
        return _posthog(path, data)
    if kind == "sentry":
        segments = msgspec.json.decode(data, type=list[list[Event]])
        events = [e for segment in segments for e in segment]
        return [Stream(events, "", f"Sentry replay segments ({len(segments):,})")]
    if kind == "ndjson":
        return [Stream(_ndjson(path, data), "", "rrweb (one event per line)")]
    return []


_EVENT = msgspec.json.Decoder(Event)


def _ndjson(path: Path, data: bytes) -> list[Event]:
    decoder = _EVENT
    events = []
    for line_no, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            events.append(decoder.decode(line))
        except (msgspec.DecodeError, msgspec.ValidationError) as e:
            raise RecordingError(path, f"not an rrweb event ({e})", f"line {line_no}") from None
    return events


def _posthog(path: Path, data: bytes) -> list[Stream]:
    doc = msgspec.json.decode(data, type=_Export)
    if doc.version == "2022-12-02" or (not doc.version and b"snapshotsByWindowId" in data[:65536]):
        by_window = msgspec.json.decode(doc.data, type=_PostHogV1).snapshotsByWindowId
        source = "PostHog export 2022-12-02"
        streams = list(by_window.items())
        recording_id = ""
    elif doc.version in ("2023-04-28", ""):
        v2 = msgspec.json.decode(doc.data, type=_PostHogV2)
        source, recording_id = "PostHog export 2023-04-28", v2.id or ""
        grouped: dict[str, list[Any]] = {}
        for s in v2.snapshots:
            grouped.setdefault(str(s.windowId) if s.windowId is not None else "", []).append(s)
        streams = list(grouped.items())
    else:
        raise RecordingError(
            path,
            f"a PostHog export of version {doc.version!r}; this program reads versions "
            f"{' and '.join(POSTHOG_VERSIONS)}",
            "field 'version'",
        )
    # Windows in the order they first appear; each window's events in time order.
    streams.sort(key=lambda kv: min((e.timestamp for e in kv[1]), default=0))
    single = len(streams) == 1
    return [
        Stream(
            sorted(events, key=lambda e: e.timestamp),
            "" if single else str(i + 1),
            source,
            recording_id,
        )
        for i, (_, events) in enumerate(streams)
    ]
