"""An archive opened lazily: its pages and manifest at once, sessions and events when asked.

Nothing here reads more than the result needs: the sessions table is read for one page with
the segment's page, device and date filters pushed down to Parquet (row groups whose
statistics cannot match are skipped), and only the columns asked for; events are read from the
files that can hold the wanted sessions (by the manifest's session ranges), one group at a time.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from viewer.analysis.segments import Segment
from viewer.library.archive_columns import segment_mask
from viewer.library.archive_format import EVENT_GROUPS, EVENTS, SESSIONS, read_manifest
from viewer.library.archive_fs import is_url, local_path, mirror
from viewer.library.archive_scan import Where, partition_of, scan, sid_range
from viewer.recording.errors import Problem, RecordingError
from viewer.recording.model import Events, Page, Session
from viewer.recording.native import load_page


class Archive:
    """An archive's manifest and pages, and reads of its sessions and events.

    Raises
    ------
    RecordingError
        The manifest cannot be read (nothing of the archive can be trusted then).
    """

    def __init__(self, root: Path | str):
        if is_url(root):
            #: Where its Parquet files are read: a folder, or the URL of a remote archive.
            self.source: Path | str = str(root).rstrip("/")
            #: A local folder with its manifest and pages (for a URL, a copy of them).
            self.root = mirror(self.source)
        else:
            self.root = local_path(root).absolute()
            self.source = self.root
        self.manifest = read_manifest(self.root)
        self.problems: list[Problem] = []
        pages = []
        for rel in self.manifest.pages:
            try:
                pages.append(load_page(self.root / rel / "page.json"))
            except RecordingError as e:
                self.problems.append(e.problem)
        self.pages: list[Page] = sorted(pages, key=lambda p: p.id)
        #: How many files each read opened (sessions and events), for the pruning's tests.
        self.files_read = 0
        #: Visits without a page: none (an archive keeps every page with its screenshot).
        self.needs_screenshot: list[str] = []

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def page(self, page_id: str) -> Page:
        for p in self.pages:
            if p.id == page_id:
                return p
        raise KeyError(page_id)

    def session_count(self, page_id: str) -> int:
        """How many sessions ``page_id`` has (one column of the sessions table read)."""
        return self.sessions(page_id, columns=["sid"]).num_rows

    def _read(self, files: list[str], schema: pa.Schema, columns, where: Where) -> pa.Table:
        try:
            table, opened = scan(self.source, files, schema, columns, where)
        except (OSError, ValueError, pa.ArrowException) as e:
            raise RecordingError(
                self.root / "manifest.json", f"a file it lists cannot be read: {e}"
            ) from None
        self.files_read += opened
        return table

    def sessions(
        self, page_id: str | None, segment: Segment | None = None, columns=None, ordered=True
    ) -> pa.Table:
        """The sessions of ``page_id`` (all pages when None) in ``segment``, ordered by start
        then id (unless not ``ordered``: a map does not care), with ``columns`` (all when
        None; the filters' columns are read besides)."""
        devices, start = None, None
        if segment is not None:
            if "device" in segment.conditions:
                devices = tuple(sorted(segment.conditions["device"]))
            if "date" in segment.ranges:
                start = tuple(
                    _dt.datetime.fromtimestamp(v, _dt.UTC) if np.isfinite(v) else None
                    for v in segment.ranges["date"]
                )
        # The click facts (a JSON text per session) are read with a session's events, never
        # for a list of a million rows.
        wanted = (
            [n for n in SESSIONS.names if n != "click_facts"] if columns is None else list(columns)
        )
        need = set(wanted) | ({"start", "id"} if ordered else set())
        if segment:
            need |= {"device", "tags", "viewport_w", "end_ms", "rage_bursts", "start"}
        table = self._read(
            self.manifest.sessions,
            SESSIONS,
            [c for c in SESSIONS.names if c in need],
            Where(page=page_id, devices=devices, start=start),
        )
        if segment:
            table = table.filter(pa.array(segment_mask(table, segment)))
        if ordered:
            order = pc.sort_indices(table, [("start", "ascending"), ("id", "ascending")])
            if not _identity(order.to_numpy()):  # files by month, each by start: often so
                table = table.take(order)
        return table.select(wanted)

    def event_files(self, page_id: str, groups=EVENT_GROUPS, months=None) -> dict[str, list]:
        """The page's events files of ``groups``, by month (``months``: only those)."""
        by_month: dict[str, list[str]] = {}
        for rel in self.manifest.events:
            p = partition_of(rel)
            if p.get("page") != page_id or p.get("group") not in groups:
                continue
            if months is not None and p.get("month") not in months:
                continue
            by_month.setdefault(p["month"], []).append(rel)
        return dict(sorted(by_month.items()))

    def events(self, page_id: str, sids, groups=EVENT_GROUPS, columns=None) -> pa.Table:
        """The events of sessions ``sids`` of ``page_id``, ordered by session then as recorded;
        only files whose session range can hold one of them are opened."""
        sids = np.asarray(sids, dtype=np.int64)
        files = [f for fs in self.event_files(page_id, groups).values() for f in fs]
        files = self.manifest.files_with(sids, files)
        table = self._read(files, EVENTS, columns, Where(sids=sid_range(sids)))
        table = table.filter(pc.is_in(table["sid"], value_set=pa.array(sids)))
        return table.take(pc.sort_indices(table, [("sid", "ascending"), ("seq", "ascending")]))

    def _facts_of(self, page_id: str, rows: pa.Table) -> dict[int, str]:
        """The click facts of ``rows`` (by session number), from their months' files alone."""
        start = None
        if "start" in rows.column_names and rows.num_rows:
            lo, hi = pc.min_max(rows["start"]).values()
            start = (lo.as_py(), hi.as_py())
        sids = rows["sid"].to_numpy()
        table = self._read(
            self.manifest.sessions,
            SESSIONS,
            ["sid", "click_facts"],
            Where(page=page_id, start=start, sids=sid_range(sids)),
        )
        table = table.filter(pc.is_in(table["sid"], value_set=pa.array(sids)))
        return {
            sid: text
            for sid, text in zip(
                table["sid"].to_pylist(), table["click_facts"].to_pylist(), strict=True
            )
            if text
        }

    def load_sessions(self, rows: pa.Table) -> list[Session]:
        """Sessions (with their events) of the sessions table's ``rows``, in that order."""
        if rows.num_rows == 0:
            return []
        out = []
        for page_id in pc.unique(rows["page"]).to_pylist():
            mine = rows.filter(pc.equal(rows["page"], page_id))
            ev = self.events(page_id, mine["sid"].to_numpy())
            facts = self._facts_of(page_id, mine) if "click_facts" not in mine.column_names else {}
            cols = {n: ev[n].to_numpy() for n in ("sid", "t", "kind", "x", "y", "value")}
            for row in mine.to_pylist():
                lo, hi = (
                    np.searchsorted(cols["sid"], row["sid"], "left"),
                    np.searchsorted(cols["sid"], row["sid"], "right"),
                )
                events = Events(*(cols[n][lo:hi] for n in ("t", "kind", "x", "y", "value")))
                if facts:
                    row["click_facts"] = facts.get(row["sid"])
                out.append((row["sid"], session_of_row(row, events, self.root / "manifest.json")))
        place = {sid: i for i, sid in enumerate(rows["sid"].to_pylist())}
        return [s for _, s in sorted(out, key=lambda pair: place[pair[0]])]


def _identity(order: np.ndarray) -> bool:
    """Whether ``order`` is 0, 1, 2, ... (a table already in that order: no copy of it)."""
    return bool((order == np.arange(len(order))).all())


def session_of_row(row: dict, events: Events, path: Path) -> Session:
    """The :class:`Session` of one sessions-table row and its events."""
    start = row["start"]
    if start.tzinfo is None:
        start = start.replace(tzinfo=_dt.UTC)
    return Session(
        id=row["id"],
        page_id=row["page"],
        start=start,
        device=row["device"],
        viewport=(int(row["viewport_w"]), int(row["viewport_h"])),
        events=events,
        tags=dict(row["tags"]),
        duration_ms=int(row["duration_ms"]),
        path=path,
        assumed=tuple(row["assumed"]),
        # A row of the list (its events not read) has no clicks to attach facts to yet.
        clicks=_click_facts(row.get("click_facts"), events, path)
        if len(events) or not row.get("events")
        else None,
    )


def _click_facts(text: str | None, events: Events, path: Path):
    """The click facts kept with a session's row (None when there are none)."""
    if not text:
        return None
    import msgspec

    from viewer.recording.native_clicks import ClicksDoc, click_facts

    try:
        doc = msgspec.json.decode(text, type=ClicksDoc)
    except msgspec.ValidationError as e:
        raise RecordingError(path, str(e), "column 'click_facts'") from e
    return click_facts(path, doc, events)
