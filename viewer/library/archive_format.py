"""The archive: recordings as a Parquet dataset (format 1), for sessions by the million.

::

    ARCHIVE/
      manifest.json                 what the archive holds: the only file a reader trusts
      pages/<page id>/              page.json, its screenshots, regions.json
      sessions/<uuid>.parquet       one row per session (id, page, start, device, viewport,
                                    duration, tags, and every per-session number the metrics
                                    need, so that stats never read events)
      events/page=<id>/group=<clicks|moves|dwells|views>/month=<YYYY-MM>/<uuid>.parquet
                                    the events, columns sid, seq, t, kind, x, y, value

Events are partitioned by page, by month of the session's start (UTC), and by group (clicks and
taps; moves; rests; scrolls, resizes and the rest): a click map reads one event in fifty. A
write adds new files first and swaps in a new manifest last (atomically), so a write killed at
any moment leaves the archive as it was; files no manifest lists are leftovers of such a write.

The manifest also keeps, for each events file, the range of session numbers (``sid``) in it, so
that replaying one session or a small segment opens only the files that can hold it, and the
rules the per-session numbers were computed with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from viewer.fileio import atomic_write
from viewer.recording.errors import RecordingError
from viewer.recording.model import EventKind

FORMAT = "session-viewer-archive"
VERSION = 2
MANIFEST = "manifest.json"

#: Events by group, each read only by what needs it: a click map reads the clicks alone (one
#: event in fifty), a move map the moves and clicks, a dwell map the rests; "views" holds the
#: scrolls, resizes and any other kind (scroll maps and regions read every group).
GROUP_KINDS = {
    "clicks": (EventKind.CLICK, EventKind.TAP),
    "moves": (EventKind.MOVE,),
    "dwells": (EventKind.DWELL,),
}
EVENT_GROUPS = (*GROUP_KINDS, "views")


def in_group(kinds: np.ndarray, group: str) -> np.ndarray:
    """Which of the event ``kinds`` belong to ``group`` (one of :data:`EVENT_GROUPS`)."""
    if group in GROUP_KINDS:
        return np.isin(kinds, np.array(GROUP_KINDS[group], dtype=np.uint8))
    others = np.array([k for ks in GROUP_KINDS.values() for k in ks], dtype=np.uint8)
    return ~np.isin(kinds, others)


EVENTS = pa.schema(
    [
        ("sid", pa.int64()),
        ("seq", pa.int32()),  # the event's place in its session (ties in t keep their order)
        ("t", pa.int64()),
        ("kind", pa.uint8()),
        ("x", pa.float32()),
        ("y", pa.float32()),
        ("value", pa.float32()),
    ]
)
SESSIONS = pa.schema(
    [
        ("sid", pa.int64()),
        ("id", pa.string()),
        ("page", pa.string()),
        ("start", pa.timestamp("us", tz="UTC")),
        ("device", pa.string()),
        ("viewport_w", pa.int32()),
        ("viewport_h", pa.int32()),
        ("viewport_known", pa.bool_()),  # False: an importer assumed the window size
        ("duration_ms", pa.int64()),
        ("end_ms", pa.int64()),  # the duration, or the last event when that is later
        ("tags", pa.map_(pa.string(), pa.string())),
        ("assumed", pa.list_(pa.string())),
        ("events", pa.int64()),
        ("kind_counts", pa.list_(pa.int64())),  # events of each EventKind, in its order
        # The per-session numbers of viewer.analysis.metrics (rules: the manifest's).
        ("moves", pa.int64()),
        ("clicks", pa.int64()),
        ("taps", pa.int64()),
        ("active_s", pa.float64()),
        ("first_interaction_s", pa.float64()),  # NaN: no click or tap
        ("deepest_px", pa.float64()),  # NaN: window size not recorded
        ("dwell_s", pa.float64()),
        ("path_px", pa.float64()),
        ("rage_bursts", pa.int64()),
        # The session file's "clicks" field (each click's element and outcome) as its JSON;
        # null when the recording names no elements (and in archives written before it).
        ("click_facts", pa.string()),
    ]
)


@dataclass
class Manifest:
    """What an archive holds (paths relative to the archive)."""

    pages: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    next_sid: int = 0
    #: For each events file: the lowest and highest session number in it.
    event_sids: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: The rules the sessions table's numbers were computed with.
    rules: dict = field(default_factory=dict)
    #: Files of region numbers kept per session (see ``archive_regions``).
    regions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "pages": self.pages,
            "sessions": self.sessions,
            "events": self.events,
            "event_sids": {k: list(v) for k, v in self.event_sids.items()},
            "next_sid": self.next_sid,
            "rules": self.rules,
            "regions": self.regions,
        }

    def files_with(self, sids: np.ndarray, files: list[str] | None = None) -> list[str]:
        """The events files (of ``files``, or all) that can hold any of the sessions ``sids``."""
        sids = np.sort(np.asarray(sids, dtype=np.int64))
        out = []
        for rel in self.events if files is None else files:
            lo, hi = self.event_sids.get(rel, (0, np.iinfo(np.int64).max))
            i = np.searchsorted(sids, lo)
            if i < len(sids) and sids[i] <= hi:
                out.append(rel)
        return out


def is_archive(path: Path) -> bool:
    """Whether ``path`` is an archive's folder (it has an archive manifest)."""
    m = Path(path) / MANIFEST
    if not m.is_file():
        return False
    try:
        return json.loads(m.read_text()).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def read_manifest(root: Path) -> Manifest:
    """The archive's manifest.

    Raises
    ------
    RecordingError
        Not an archive of a format we read, or a manifest that is not as specified.
    """
    path = Path(root) / MANIFEST
    try:
        doc = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise RecordingError(path, f"the archive's manifest cannot be read: {e}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RecordingError(path, f"not a {FORMAT} manifest", "field 'format'")
    if doc.get("version") != VERSION:
        hint = (
            " (made by a development version before the sessions table held the metrics: "
            "archive its recordings again)"
            if doc.get("version") == 1
            else ""
        )
        raise RecordingError(
            path, f"version {doc.get('version')!r} is not {VERSION}{hint}", "field 'version'"
        )
    lists = {}
    for name in ("pages", "sessions", "events", "regions"):
        value = doc.get(name, [] if name == "regions" else None)  # older writes: none
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RecordingError(path, "must be a list of paths", f"field '{name}'")
        for rel in value:
            if Path(rel).is_absolute() or ".." in Path(rel).parts:
                raise RecordingError(path, f"{rel!r} is outside the archive", f"field '{name}'")
        lists[name] = value
    next_sid = doc.get("next_sid")
    if not isinstance(next_sid, int) or next_sid < 0:
        raise RecordingError(path, "must be a whole number", "field 'next_sid'")
    ranges = doc.get("event_sids", {})
    if not isinstance(ranges, dict) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(i, int) for i in v)
        for v in ranges.values()
    ):
        raise RecordingError(path, "must map files to [lowest, highest]", "field 'event_sids'")
    rules = doc.get("rules", {})
    if not isinstance(rules, dict):
        raise RecordingError(path, "must be an object", "field 'rules'")
    return Manifest(
        lists["pages"],
        lists["sessions"],
        lists["events"],
        next_sid,
        {k: (int(v[0]), int(v[1])) for k, v in ranges.items()},
        rules,
        lists["regions"],
    )


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Swap in ``manifest`` (atomically: the old one or the new one, never half of either)."""
    atomic_write(Path(root) / MANIFEST, json.dumps(manifest.to_dict(), indent=1).encode())
