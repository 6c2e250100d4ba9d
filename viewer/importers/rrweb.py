"""Read rrweb recordings (``eventWithTime[]``) as page visits in page coordinates.

rrweb (https://github.com/rrweb-io/rrweb) records a browser tab as a stream of events. We use
only what says where people looked and pointed, and ignore the rest (DOM snapshots, mutations,
inputs, styles) without complaint:

==================================================  ========================================
rrweb                                               here
==================================================  ========================================
Meta (type 4): ``href``, ``width``, ``height``       the visit's URL and viewport; a new URL
                                                    starts a new visit
FullSnapshot (2): ``initialOffset``, ``node.id``     the scroll offset at the start; which
                                                    node is the document (for Scroll)
Incremental (3) MouseMove (1), TouchMove (6),       ``move``, at ``timestamp + timeOffset``
Drag (12): ``positions``
Incremental MouseInteraction (2): Click (2),        ``click`` (``tap`` when ``pointerType``
DblClick (4)                                        is touch); a click the browser makes up
                                                    after a tap is not counted twice
Incremental MouseInteraction TouchStart (7) and     one ``tap`` where the finger came down
TouchEnd (9)
Incremental Scroll (3) of the document              ``scroll``; scrolls of inner elements are
                                                    counted and reported, never applied
Incremental ViewportResize (4)                      ``resize``
cursor rests of ``dwell_ms`` or more                ``dwell`` (rrweb has no dwell event)
==================================================  ========================================

rrweb positions are viewport coordinates; each becomes a page coordinate by adding the document's
scroll offset in force at that instant.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
import numpy as np

from viewer.importers.csv_actions import ActionRules
from viewer.importers.derive import page_coordinates, with_dwell
from viewer.importers.rrweb_clicks import click_facts
from viewer.importers.rrweb_decode import (
    DECODERS,
    FULL_SNAPSHOT,
    INCREMENTAL,
    META,
    PLUGIN,
    decode_streams,
)
from viewer.importers.rrweb_rows import (
    CONSOLE_PLUGIN,
    ERROR_LEVELS,
    MUTATION,
    VisitState,
    incremental,
)
from viewer.recording import jsondoc
from viewer.recording.clicks import ClickFacts
from viewer.recording.errors import Problem, RecordingError, warning
from viewer.recording.limits import (
    MAX_EVENTS,
    MAX_FILE_BYTES,
    MAX_TIME_MS,
)
from viewer.recording.model import EventKind, Events


@dataclass(frozen=True)
class RrwebOptions:
    """How rrweb events become ours.

    Attributes
    ----------
    dwell_ms
        A cursor that rests this long (or longer) makes a dwell event.
    tap_click_ms, tap_click_px
        A click this soon and this close after a tap is the browser's made-up click for that
        tap, not a second interaction.
    rules
        When a press is a click or a drag, and a touch a tap, a swipe or a long press (the
        same rules as for CSV logs).
    """

    dwell_ms: float = 500.0
    tap_click_ms: float = 800.0
    tap_click_px: float = 30.0
    rules: ActionRules = field(default_factory=ActionRules)


DEFAULT_RRWEB = RrwebOptions()


@dataclass(frozen=True, eq=False)
class Visit:
    """One visit of one URL, in page coordinates.

    Attributes
    ----------
    url
        From the Meta event ("" when the recording has none).
    index
        The visit's position in its recording (0 for the first).
    start
        When the visit's first event happened.
    viewport
        Width and height at the start (CSS px); 0 x 0 when unknown.
    events
        Our events, times relative to ``start``.
    duration_ms
        Until the visit's last rrweb event of any type.
    touch
        Whether fingers (not a mouse) were used.
    inner_scrolls
        Scroll events of elements inside the page (not applied).
    """

    url: str
    index: int
    start: _dt.datetime
    viewport: tuple[int, int]
    events: Events
    touch: bool
    inner_scrolls: int = 0
    duration_ms: int = 0
    snapshot: bytes | None = None  # the first full snapshot's data, to rebuild the page from
    clicks: ClickFacts | None = None  # each click's element, the page's reaction, errors
    #: Per element of ``clicks``: whether the first full snapshot holds it (can be laid out).
    layoutable: tuple[bool, ...] = ()

    @property
    def device(self) -> str:
        if not self.touch:
            return "desktop"
        return "tablet" if self.viewport[0] >= 768 else "mobile"


@dataclass(frozen=True, eq=False)
class RrwebRecording:
    """What an rrweb file holds: its visits, and what was skipped (as warnings)."""

    path: Path
    visits: list[Visit]
    warnings: list[Problem] = field(default_factory=list)
    source: str = "rrweb"  # "PostHog export 2023-04-28", "Sentry replay segments (3)", ...
    windows: int = 1


# ---------------------------------------------------------------------------------- converting


def read_rrweb(
    path: Path | str, options: RrwebOptions = RrwebOptions(), data: bytes | None = None
) -> RrwebRecording:
    """Read an rrweb file (JSON array, ``{"events": [...]}``, gzip or not).

    Raises
    ------
    RecordingError
        The file cannot be read, is not JSON, is not a list of events, or has no usable event.
    """
    path = Path(path)
    if data is None:
        data = jsondoc.read_file(path, MAX_FILE_BYTES)
    streams = decode_streams(path, data)
    problems: list[Problem] = []
    bad: list[int] = []
    visits: list[VisitState] = []
    events = [(ev, stream) for stream in streams for ev in stream.events]
    current: VisitState | None = None
    previous_stream = None
    for i, (ev, stream) in enumerate(events):
        if stream is not previous_stream:  # another browser window: another visit
            current, previous_stream = None, stream
        t = ev.timestamp
        try:
            if ev.type == META:
                meta = DECODERS["meta"].decode(ev.data)
                size = (int(meta.width), int(meta.height))
                if current is None or (meta.href and meta.href != current.url):
                    if current is not None:
                        current.reactions.append(t)  # it navigated away
                    current = VisitState(meta.href, len(visits), size, start_t=t, size=size)
                    visits.append(current)
                elif size != (0, 0) and size != current.size:
                    current.rows.add(t, EventKind.RESIZE, *size)
                    current.size = size
                current.last_t = max(current.last_t, t)
                continue
            if current is None:
                current = VisitState("", 0, (0, 0))
                visits.append(current)
            current.last_t = max(current.last_t, t)
            if ev.type == PLUGIN:
                plugin = DECODERS["plugin"].decode(ev.data)
                if plugin.plugin == CONSOLE_PLUGIN:
                    current.console = True
                    if (plugin.payload or {}).get("level") in ERROR_LEVELS:
                        current.errors.append(t)
                continue
            if ev.type == FULL_SNAPSHOT:
                current.reactions.append(t)
                current.dom.append(i)
                full = DECODERS["full"].decode(ev.data)
                if full.node is not None and full.node.type == 0:
                    current.document_id = full.node.id
                if current.snapshot is None:
                    current.snapshot = bytes(ev.data)  # a copy: the file's bytes can go
                if full.initialOffset is not None:
                    off = full.initialOffset
                    current.rows.add(t, EventKind.SCROLL, off.left, off.top)
                continue
            if ev.type != INCREMENTAL:
                continue
            source = DECODERS["source"].decode(ev.data).source
            if source == MUTATION:
                current.dom.append(i)
            incremental(current, source, t, ev.data, options)
        except (msgspec.ValidationError, msgspec.DecodeError):
            bad.append(i)
    if bad:
        problems.append(
            warning(
                path,
                f"{len(bad):,} events without the fields their type needs were skipped",
                f"event {bad[0]}" + (" and others" if len(bad) > 1 else ""),
            )
        )
    for v in visits:
        if len(v.rows.t) > MAX_EVENTS:
            raise RecordingError(
                path,
                f"a visit with {len(v.rows.t):,} events, over the limit "
                f"of {MAX_EVENTS:,} per session",
                f"visit {v.index + 1}",
            )
    out = [_finish(v, options, events) for v in visits]
    for v in out:
        if v is not None and v.duration_ms > MAX_TIME_MS:
            raise RecordingError(
                path,
                "a visit that lasts more than 30 days (the limit of a session)",
                f"visit {v.index + 1}",
            )
    out = [v for v in out if v is not None]
    inner = sum(v.inner_scrolls for v in visits)
    if inner:
        problems.append(
            warning(
                path,
                f"{inner:,} scroll events of elements inside the page "
                "(not the page itself) were not applied",
            )
        )
    if not out:
        skipped = f" ({problems[0].message}, {problems[0].where})" if bad else ""
        raise RecordingError(
            path, f"an rrweb recording without any usable pointer, touch or scroll event{skipped}"
        )
    return RrwebRecording(
        path, out, problems, streams[0].source if streams else "rrweb", len(streams)
    )


def _finish(v: VisitState, options: RrwebOptions, events: list) -> Visit | None:
    rows = v.rows
    if not len(rows.t):
        return None
    t = np.frombuffer(rows.t, dtype=np.float64)
    kind = np.frombuffer(rows.kind, dtype=np.uint8)
    x = np.frombuffer(rows.x, dtype=np.float64)
    y = np.frombuffer(rows.y, dtype=np.float64)
    value = np.frombuffer(rows.value, dtype=np.float64).copy()
    order = np.argsort(t, kind="stable")  # buffered moves come with negative time offsets
    t, kind, x, y = t[order], kind[order], x[order], y[order]
    value = value[order]
    clicked = (kind == EventKind.CLICK) | (kind == EventKind.TAP)
    facts, layoutable = click_facts(
        events,
        np.frombuffer(v.dom, dtype=np.int64),
        t[clicked],
        np.frombuffer(rows.target, dtype=np.int64)[order][clicked],
        np.frombuffer(rows.press, dtype=np.float64)[order][clicked],
        np.frombuffer(v.reactions, dtype=np.float64),
        np.frombuffer(v.errors, dtype=np.float64) if v.console else None,
    )
    t0 = t[0] if v.start_t is None else min(t[0], v.start_t)
    px, py = page_coordinates(t, kind, x, y)
    end = max(t[-1], v.last_t)
    if not v.touch:  # a finger does not rest on a page the way a cursor does
        t, kind, px, py, value = with_dwell(t, kind, px, py, value, end, options.dwell_ms)
    rel = np.round(t - t0).astype(np.int64)
    start = _dt.datetime.fromtimestamp(t0 / 1000.0, tz=_dt.UTC)
    events = Events(
        rel, kind, px.astype(np.float32), py.astype(np.float32), value.astype(np.float32)
    )
    return Visit(
        v.url,
        v.index,
        start,
        v.viewport,
        events,
        v.touch,
        v.inner_scrolls,
        round(end - t0),
        v.snapshot,
        facts,
        tuple(layoutable),
    )
