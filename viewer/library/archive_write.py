"""Adding recordings to an archive: new files first, the manifest swapped in last.

Adding is idempotent by session id (per page): a session already in the archive is skipped, so
adding the same folder twice changes nothing. Pages are copied with their screenshots and
regions the first time they are seen.
"""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from viewer.analysis.metrics import MetricRules, session_metrics
from viewer.analysis.regions import (
    SIDECAR,
    RegionRules,
    load_regions,
    region_sessions,
    sidecar_path,
)
from viewer.analysis.table import EventTable
from viewer.fileio import fsync_dir
from viewer.folder_write import building_folder
from viewer.library.archive_format import (
    EVENT_GROUPS,
    EVENTS,
    SESSIONS,
    Manifest,
    in_group,
    is_archive,
    read_manifest,
    write_manifest,
)
from viewer.library.archive_layout import write_sessions_files
from viewer.library.archive_regions import numbers_table, write_region_numbers
from viewer.library.archive_scan import scan
from viewer.recording.errors import RecordingError
from viewer.recording.model import EventKind, Page, Session
from viewer.recording.native_clicks import clicks_document
from viewer.recording.native_write import save_page


@dataclass(frozen=True)
class Added:
    """What one write added: sessions new to the archive, sessions skipped (already there),
    pages new to it."""

    sessions: int
    skipped: int
    pages: int


def _existing_ids(root: Path, manifest: Manifest) -> set[tuple[str, str]]:
    if not manifest.sessions:
        return set()
    table, _ = scan(root, manifest.sessions, SESSIONS, ["page", "id"])
    return set(zip(table["page"].to_pylist(), table["id"].to_pylist(), strict=True))


def _copy_page(page: Page, target: Path) -> None:
    """Copy a page file, its screenshots and its regions into ``target`` (whole or not at all)."""
    with building_folder(target) as staging:
        shots = {page.screenshot, *page.variants.values()}
        for shot in shots:
            shutil.copy2(shot, staging / shot.name)
        variants = {v: staging / p.name for v, p in page.variants.items()}
        copy = Page(
            page.id,
            page.width,
            page.height,
            staging / page.screenshot.name,
            page.pixel_size,
            page.url,
            page.title,
            variants,
        )
        save_page(copy, staging / "page.json")
        if page.path is not None and sidecar_path(page.path).is_file():
            shutil.copy2(sidecar_path(page.path), staging / "regions.json")


def add_to_archive(root: Path | str, pages: Iterable[Page], sessions: Iterable[Session]) -> Added:
    """Add ``pages`` and ``sessions`` to the archive at ``root`` (made if missing)."""
    root = Path(root)
    existing = is_archive(root)
    if root.exists() and any(root.iterdir()) and not existing:
        raise FileExistsError(f"{root} is a folder with files but no archive manifest")
    root.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(root) if existing else Manifest()
    known = _existing_ids(root, manifest)
    new_pages = 0
    for page in pages:
        rel = f"pages/{page.id}"
        if rel not in manifest.pages:
            _copy_page(page, root / rel)
            manifest.pages.append(rel)
            new_pages += 1
    new, parts, skipped, sid = [], {}, 0, manifest.next_sid
    for s in sessions:
        if (s.page_id, s.id) in known:
            skipped += 1
            continue
        known.add((s.page_id, s.id))
        ev = s.events
        new.append(s)
        month = s.start.astimezone(_dt.UTC).strftime("%Y-%m")  # as the table stores it
        for group in EVENT_GROUPS:
            sel = in_group(ev.kind, group)
            if sel.any():
                key = (s.page_id, group, month)
                parts.setdefault(key, []).append((sid, ev, sel))
        sid += 1
    if new:
        first = manifest.next_sid
        sids = np.arange(first, first + len(new))
        table = sessions_table(new, sids)
        manifest.sessions += write_sessions_files(root, table)
        manifest.regions += _region_numbers(root, manifest, new, sids)
        for (page_id, group, month), items in parts.items():
            folder = root / "events" / f"page={page_id}" / f"group={group}" / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{folder.relative_to(root).as_posix()}/{uuid.uuid4().hex}.parquet"
            # zstd: a sixth smaller than the default snappy, read as fast (measured on the demo).
            pq.write_table(
                _events_table(items), root / name, row_group_size=1 << 20, compression="zstd"
            )
            manifest.events.append(name)
            manifest.event_sids[name] = (items[0][0], items[-1][0])
        fsync_dir(root)
    manifest.next_sid = sid
    manifest.rules = RULES
    write_manifest(root, manifest)  # last: until now the archive was as it was
    return Added(len(new), skipped, new_pages)


def _region_numbers(root: Path, manifest: Manifest, new: list[Session], sids) -> list[str]:
    """Files of the region numbers of the ``new`` sessions (numbered ``sids``) for their
    page's regions, as the archive keeps them (``stats`` then reads no event for them)."""
    out = []
    for rel in manifest.pages:
        regions_file = root / rel / SIDECAR
        if not regions_file.is_file():
            continue
        page_id = Path(rel).name
        mine = [i for i, s in enumerate(new) if s.page_id == page_id]
        if not mine:
            continue
        try:
            regions = load_regions(regions_file, page_id)
        except RecordingError:
            continue  # unreadable regions: stats says so, and counts none of them
        table = EventTable.from_sessions([new[i] for i in mine])
        found = region_sessions(table, regions, REGION_RULES)
        name = write_region_numbers(root, page_id, numbers_table(sids[mine], found, REGION_RULES))
        out += [name] if name else []
    return out


#: The rules region numbers are kept for (the defaults; others are computed when asked).
REGION_RULES = RegionRules()

#: The rules of the sessions table's numbers (those the metrics use by default); the bounce
#: threshold is not among them: bounce is computed when read, from interactions and end_ms.
METRIC_RULES = MetricRules()
RULES = {
    "idle_ms": METRIC_RULES.idle_ms,
    "rage": {
        "min_clicks": METRIC_RULES.rage.min_clicks,
        "window_ms": METRIC_RULES.rage.window_ms,
        "radius_px": METRIC_RULES.rage.radius_px,
    },
}


def sessions_table(sessions: list[Session], sids: np.ndarray) -> pa.Table:
    """The sessions table's rows of ``sessions`` (numbered ``sids``), with their metrics."""
    m = session_metrics(EventTable.from_sessions(sessions), 1.0, METRIC_RULES)
    cols = {
        "sid": sids,
        "id": [s.id for s in sessions],
        "page": [s.page_id for s in sessions],
        "start": [s.start for s in sessions],
        "device": [s.device for s in sessions],
        "viewport_w": [int(s.viewport[0]) for s in sessions],
        "viewport_h": [int(s.viewport[1]) for s in sessions],
        "viewport_known": [s.viewport_known for s in sessions],
        "duration_ms": [int(s.duration_ms) for s in sessions],
        "end_ms": [s.end_ms for s in sessions],
        "tags": [sorted(s.tags.items()) for s in sessions],
        "assumed": [list(s.assumed) for s in sessions],
        "events": [len(s.events) for s in sessions],
        "kind_counts": [
            np.bincount(s.events.kind, minlength=len(EventKind))[: len(EventKind)] for s in sessions
        ],
        "moves": m.moves,
        "clicks": m.clicks,
        "taps": m.taps,
        "active_s": m.active_s,
        "first_interaction_s": m.first_interaction_s,
        "deepest_px": m.deepest_px,
        "dwell_s": m.dwell_s,
        "path_px": m.path_px,
        "rage_bursts": m.rage_bursts,
        "click_facts": [
            None if s.clicks is None else json.dumps(clicks_document(s.clicks)) for s in sessions
        ],
    }
    return pa.Table.from_arrays(
        [pa.array(cols[f.name], type=f.type, from_pandas=True) for f in SESSIONS], schema=SESSIONS
    )


def _events_table(items) -> pa.Table:
    cols = {name: [] for name in EVENTS.names}
    for sid, ev, sel in items:
        n = int(sel.sum())
        cols["sid"].append(np.full(n, sid, np.int64))
        cols["seq"].append(np.flatnonzero(sel).astype(np.int32))
        for name in ("t", "kind", "x", "y", "value"):
            cols[name].append(getattr(ev, name)[sel])
    arrays = [pa.array(np.concatenate(cols[f.name]), type=f.type) for f in EVENTS]
    return pa.Table.from_arrays(arrays, schema=EVENTS)
