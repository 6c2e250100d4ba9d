"""``validate`` of an archive: is every file the manifest lists there, readable, of the format,
and consistent with the others? Reads the files' footers and the session-number columns only
(a million sessions in seconds), and decodes every screenshot in full.

Checked: each listed file exists, is a regular file inside the archive and has the format's
columns and types; session numbers are unique and below ``next_sid``; every session's page is
in the archive; a sessions file's rows are of the page and month its folders name; every
events file's sessions are within the range the manifest records for it
and are sessions of the table, of that file's page; files the manifest does not list are
leftovers of a killed write (a warning: they are never read).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from viewer.library.archive_columns import month_name, month_of
from viewer.library.archive_format import EVENTS, MANIFEST, SESSIONS
from viewer.library.archive_fs import is_url, parquet_file
from viewer.library.archive_open import Archive
from viewer.library.archive_regions import REGION_FILE, schema_problem
from viewer.library.archive_scan import partition_of
from viewer.recording.errors import Problem, RecordingError, Severity
from viewer.recording.screenshot import verify_screenshot


def _schema_problem(path: Path, schema: pa.Schema, want: pa.Schema) -> str | None:
    for f in want:
        if f.name not in schema.names:
            return f"column {f.name!r} is missing"
        if not schema.field(f.name).type.equals(f.type):
            return f"column {f.name!r} is {schema.field(f.name).type}, not {f.type}"
    return None


def _open(archive: Archive, rel: str, want: pa.Schema, problems: list[Problem]):
    path = archive.root / rel
    remote = is_url(archive.source)
    if not remote and (path.is_symlink() or not path.is_file()):
        problems.append(Problem(archive.root / MANIFEST, f"{rel} is missing (or not a file)"))
        return None
    try:
        file = parquet_file(archive.source, rel)
    except FileNotFoundError:
        problems.append(Problem(archive.root / MANIFEST, f"{rel} is missing (or not a file)"))
        return None
    except (OSError, pa.ArrowException) as e:
        problems.append(Problem(path, f"not a readable Parquet file: {e}"))
        return None
    why = _schema_problem(path, file.schema_arrow, want)
    if why:
        problems.append(Problem(path, why))
        return None
    return file


def _outside_partition(rel: str, pages: np.ndarray, table: pa.Table) -> str | None:
    """Why a sessions file's rows are not all of the page and month its folders say (reads
    prune by them, so such rows would be missed), or None."""
    p = partition_of(rel)
    if "page" in p and (pages != p["page"]).any():
        return f"holds sessions not of page {p['page']!r} (its folder)"
    if "month" in p and table.num_rows:
        months = {month_name(m) for m in np.unique(month_of(table)).tolist()}
        if months != {p["month"]}:
            return f"holds sessions that started in {', '.join(sorted(months))}, not {p['month']}"
    return None


def check_archive(archive: Archive) -> tuple[list[Problem], int]:
    """Every problem found in ``archive`` besides those opening it found (which it keeps),
    and how many sessions its readable sessions files hold."""
    problems: list[Problem] = []
    m = archive.manifest
    listed = {archive.root / MANIFEST} | {
        archive.root / r for r in m.sessions + m.events + m.regions
    }
    sids, pages = [], []
    for rel in m.sessions:
        file = _open(archive, rel, SESSIONS, problems)
        if file is not None:
            t = file.read(columns=["sid", "page", "start"])
            sids.append(t["sid"].to_numpy())
            pages.append(np.asarray(t["page"].to_numpy(zero_copy_only=False), str))
            why = _outside_partition(rel, pages[-1], t)
            if why:
                problems.append(Problem(archive.root / rel, why))
    sid = np.concatenate(sids) if sids else np.zeros(0, np.int64)
    page = np.concatenate(pages) if pages else np.zeros(0, str)
    where = archive.root / MANIFEST
    uniq, counts = np.unique(sid, return_counts=True)
    if (counts > 1).any():
        problems.append(Problem(where, f"{int((counts > 1).sum()):,} session numbers repeat"))
    if len(sid) and sid.max() >= m.next_sid:
        problems.append(Problem(where, "a session number is not below it", "field 'next_sid'"))
    known_pages = {p.id for p in archive.pages}
    for pid in sorted(set(page.tolist()) - known_pages):
        problems.append(Problem(where, f"sessions of page {pid!r}, which the archive lacks"))
    page_of = dict(zip(sid.tolist(), page.tolist(), strict=True)) if len(sid) < 2e6 else None
    for rel in m.events:
        file = _open(archive, rel, EVENTS, problems)
        if file is None:
            continue
        ev = file.read(columns=["sid"])["sid"]
        if ev.num_chunks == 0 or len(ev) == 0:
            continue
        lo, hi = (v.as_py() for v in pc.min_max(ev).values())
        recorded = m.event_sids.get(rel)
        if recorded is None or lo < recorded[0] or hi > recorded[1]:
            problems.append(
                Problem(archive.root / rel, f"holds sessions {lo}..{hi}, not {recorded} as listed")
            )
        present = pc.unique(ev).to_numpy()
        missing = ~np.isin(present, uniq)
        if missing.any():
            problems.append(
                Problem(archive.root / rel, f"{int(missing.sum()):,} sessions not in the table")
            )
        elif page_of is not None:
            want = partition_of(rel).get("page")
            if any(page_of[int(s)] != want for s in present[:1000]):
                problems.append(Problem(archive.root / rel, f"holds sessions not of page {want!r}"))
    for rel in m.regions:
        file = _open(archive, rel, REGION_FILE, problems)
        if file is None:
            continue
        why = schema_problem(file.schema_arrow)
        if partition_of(rel).get("page") not in known_pages:
            why = "region numbers of no page of the archive"
        if why:
            problems.append(Problem(archive.root / rel, why))
    for p in archive.pages:
        for shot in {p.screenshot, *p.variants.values()}:
            try:
                verify_screenshot(p.path or shot, shot)
            except RecordingError as e:
                problems.append(e.problem)
    for folder in () if is_url(archive.source) else ("sessions", "events", "regions"):
        for f in sorted((archive.root / folder).rglob("*.parquet")):
            if f not in listed:
                problems.append(
                    Problem(
                        f,
                        "not listed in the manifest (left by a write that was stopped): "
                        "never read, safe to delete",
                        severity=Severity.WARNING,
                    )
                )
    return problems, len(sid)
