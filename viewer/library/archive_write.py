"""Adding recordings to an archive: new files first, the manifest swapped in last.

Adding is idempotent by session id (per page): a session already in the archive is skipped, so
adding the same folder twice changes nothing. Pages are copied with their screenshots and
regions the first time they are seen.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from viewer.analysis.regions import sidecar_path
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
from viewer.recording.model import EventKind, Page, Session
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
    table = pq.read_table([str(root / f) for f in manifest.sessions], columns=["page", "id"])
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
    rows, parts, skipped, sid = [], {}, 0, manifest.next_sid
    for s in sessions:
        if (s.page_id, s.id) in known:
            skipped += 1
            continue
        known.add((s.page_id, s.id))
        ev = s.events
        rows.append(_session_row(s, sid))
        month = s.start.strftime("%Y-%m")
        for group in EVENT_GROUPS:
            sel = in_group(ev.kind, group)
            if sel.any():
                key = (s.page_id, group, month)
                parts.setdefault(key, []).append((sid, ev, sel))
        sid += 1
    if rows:
        name = f"sessions/{uuid.uuid4().hex}.parquet"
        (root / "sessions").mkdir(exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=SESSIONS), root / name)
        manifest.sessions.append(name)
        for (page_id, group, month), items in parts.items():
            folder = root / "events" / f"page={page_id}" / f"group={group}" / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{folder.relative_to(root).as_posix()}/{uuid.uuid4().hex}.parquet"
            pq.write_table(_events_table(items), root / name, row_group_size=1 << 20)
            manifest.events.append(name)
        fsync_dir(root)
    manifest.next_sid = sid
    write_manifest(root, manifest)  # last: until now the archive was as it was
    return Added(len(rows), skipped, new_pages)


def _session_row(s: Session, sid: int) -> dict:
    kinds = s.events.kind
    return {
        "sid": sid,
        "id": s.id,
        "page": s.page_id,
        "start": s.start,
        "device": s.device,
        "viewport_w": int(s.viewport[0]),
        "viewport_h": int(s.viewport[1]),
        "duration_ms": int(s.duration_ms),
        "tags": json.dumps(s.tags, sort_keys=True),
        "assumed": json.dumps(list(s.assumed)),
        "events": len(kinds),
        "clicks": int(np.count_nonzero((kinds == EventKind.CLICK) | (kinds == EventKind.TAP))),
        "moves": int(np.count_nonzero(kinds == EventKind.MOVE)),
    }


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
