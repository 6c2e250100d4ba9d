"""Areas of interest: named rectangles of a page, and how sessions saw and clicked them.

A region can sit elsewhere in an A/B variant of the layout (``variants``: the rectangle in the
variant's screenshot), so "the sign-up button" is one region across both versions.

Per region, over a set of sessions:

* **impression**: the viewport showed at least half of the region for at least ``min_view_ms``
  without a break (the IAB's viewability rule), or the session clicked in it;
* **CTR** = sessions that clicked / impressions, with its Wilson interval;
* hover time (the pointer inside), time to first view and to first click, time in view.

Regions live in a sidecar file next to the recordings (``regions.json``, ``"type": "regions"``),
written atomically and never inside a recording.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from viewer.analysis.stats import Rate
from viewer.analysis.table import EventTable
from viewer.analysis.viewport import view_segments
from viewer.fileio import FileReadError, atomic_write, read_bytes
from viewer.recording.errors import RecordingError
from viewer.recording.limits import MAX_PAGE_FILE_BYTES, MAX_TEXT_LENGTH
from viewer.recording.model import EventKind

Rect = tuple[float, float, float, float]
SIDECAR = "regions.json"


@dataclass(frozen=True)
class Region:
    """A named rectangle ``(x, y, width, height)`` in page CSS px (``variants``: per variant)."""

    name: str
    rect: Rect
    variants: dict[str, Rect] = field(default_factory=dict)

    def rect_for(self, variant: str | None) -> Rect:
        if variant is not None and variant in self.variants:
            return self.variants[variant]
        return self.rect

    def moved(self, rect: Rect, variant: str | None = None) -> Region:
        """The region with its rectangle (or its rectangle in ``variant``) replaced."""
        if variant is not None and variant in self.variants:
            return replace(self, variants={**self.variants, variant: rect})
        return replace(self, rect=rect)

    def to_dict(self) -> dict:
        d = {"name": self.name, "rect": _numbers(self.rect)}
        if self.variants:
            d["variants"] = {k: _numbers(r) for k, r in self.variants.items()}
        return d


def _numbers(rect: Rect) -> list[float | int]:
    """Whole numbers as integers, others to 0.01 px: a file saved twice is the same file."""
    return [int(v) if float(v).is_integer() else round(v, 2) for v in rect]


@dataclass(frozen=True)
class RegionRules:
    """When a region counts as seen."""

    min_visible_share: float = 0.5
    min_view_ms: float = 1000.0


# ------------------------------------------------------------------------------------ the sidecar


def sidecar_path(page_file: Path) -> Path:
    """Where a page's regions are kept: ``regions.json`` beside its page file."""
    return page_file.parent / SIDECAR


def load_regions(path: Path | str, page_id: str | None = None) -> list[Region]:
    """Read a regions file (the sidecar, or one given on the command line).

    Raises
    ------
    RecordingError
        Not JSON, not a regions file, or a region without a name or a positive rectangle.
    """
    path = Path(path)
    if not path.exists():
        raise RecordingError(path, "no such regions file")
    try:
        # A regular file only, and no bigger than a page file: regions are a few rectangles.
        doc = json.loads(read_bytes(path, MAX_PAGE_FILE_BYTES).decode("utf-8"))
    except FileReadError as e:
        raise RecordingError(path, f"not a readable regions file ({e})") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise RecordingError(path, f"not a readable regions file ({e})") from None
    if not isinstance(doc, dict) or doc.get("type") != "regions":
        raise RecordingError(path, 'not a regions file (expected "type": "regions")')
    if page_id is not None and doc.get("page") not in (None, page_id):
        raise RecordingError(
            path,
            f"these regions belong to page {doc.get('page')!r}, not {page_id!r}",
            "field 'page'",
        )
    regions = []
    for i, item in enumerate(doc.get("regions", [])):
        where = f"region {i}"
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise RecordingError(path, "a region needs a name", where)
        rect = _rect(path, item.get("rect"), where)
        variants = {
            str(k): _rect(path, v, f"{where}, variant {k}")
            for k, v in (item.get("variants") or {}).items()
        }
        regions.append(Region(str(item["name"]).strip()[:MAX_TEXT_LENGTH], rect, variants))
    names = [r.name for r in regions]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise RecordingError(path, f"two regions are called {dup!r}")
    return regions


def _rect(path: Path, value, where: str) -> Rect:
    try:
        x, y, w, h = (float(v) for v in value)
    except (TypeError, ValueError):
        raise RecordingError(path, "a rectangle is [x, y, width, height]", where) from None
    if not all(math.isfinite(v) for v in (x, y, w, h)) or w <= 0 or h <= 0:
        raise RecordingError(path, "a rectangle needs a positive width and height", where)
    return x, y, w, h


def save_regions(path: Path | str, regions: list[Region], page_id: str) -> Path:
    """Write a regions file atomically (a crash leaves the old file or the new one)."""
    doc = {
        "format": "session-viewer",
        "version": 1,
        "type": "regions",
        "page": page_id,
        "regions": [r.to_dict() for r in regions],
    }
    return atomic_write(Path(path), (json.dumps(doc, indent=2) + "\n").encode())


# ------------------------------------------------------------------------------------ the numbers


@dataclass(frozen=True)
class RegionStats:
    """How a set of sessions met one region."""

    region: Region
    sessions: int
    clicks: int
    clickers: int
    impressions: int
    ctr: Rate
    hover_s: float
    first_view_s: float
    first_click_s: float
    time_in_view_s: float
    window_unknown: int = 0  # sessions not in impressions or CTR: no window size recorded

    def to_dict(self) -> dict:
        def num(v: float):
            return None if math.isnan(v) else round(v, 3)

        return {
            "region": self.region.name,
            "sessions": self.sessions,
            "clicks": self.clicks,
            "sessions_clicked": self.clickers,
            "impressions": self.impressions,
            "ctr": num(self.ctr.value),
            "ctr_low": num(self.ctr.low),
            "ctr_high": num(self.ctr.high),
            "hover_s_per_session": num(self.hover_s),
            "first_view_s": num(self.first_view_s),
            "first_click_s": num(self.first_click_s),
            "time_in_view_s": num(self.time_in_view_s),
            "sessions_of_unknown_window_size": self.window_unknown,
        }


@dataclass(frozen=True, eq=False)
class RegionSessions:
    """How each session met one region (arrays in the order of the table's sessions).

    Times are ms; ``first_view`` and ``first_click`` are inf for sessions that never did.
    """

    region: Region
    clicks: np.ndarray
    seen: np.ndarray
    clicked: np.ndarray
    hover_ms: np.ndarray
    view_ms: np.ndarray
    first_view: np.ndarray
    first_click: np.ndarray
    known: np.ndarray  # whether each session's window size was recorded (impressions need it)

    def summary(self, mask: np.ndarray | None = None) -> RegionStats:
        """The region's numbers over the sessions selected by ``mask`` (all when None)."""
        sel = np.ones(len(self.clicks), dtype=bool) if mask is None else np.asarray(mask, bool)
        n = int(sel.sum())
        measured = sel & self.known
        seen, clicked = self.seen & measured, self.clicked & measured
        impressions = int(seen.sum())
        return RegionStats(
            region=self.region,
            sessions=n,
            clicks=int(self.clicks[sel].sum()),
            clickers=int(clicked.sum()),
            impressions=impressions,
            ctr=Rate.of(int(clicked.sum()), impressions),
            hover_s=float(self.hover_ms[sel].sum() / 1000 / n) if n else math.nan,
            first_view_s=_mean_finite(self.first_view[seen]) / 1000,
            first_click_s=_mean_finite(self.first_click[clicked]) / 1000,
            time_in_view_s=float(self.view_ms[seen].sum() / 1000 / impressions)
            if impressions
            else math.nan,
            window_unknown=n - int(measured.sum()),
        )


def region_sessions(
    table: EventTable,
    regions: list[Region],
    rules: RegionRules = RegionRules(),
    hover_cap_ms: float = 2000.0,
) -> list[RegionSessions]:
    """Per region and per session: clicks, impression, hover and view times."""
    n = table.n_sessions
    # Sessions by the variant they saw (its code), and each variant's rectangle per region.
    codes: dict = {}
    of_session = np.array(
        [codes.setdefault(s.variant, len(codes)) for s in table.sessions], dtype=np.int64
    )
    variants = list(codes)
    seg = view_segments(table)
    is_click = (table.kind == EventKind.CLICK) | (table.kind == EventKind.TAP)
    cx, cy, cs = table.x[is_click], table.y[is_click], table.session[is_click]
    ct = table.t[is_click].astype(np.float64)
    pointer = (table.kind == EventKind.MOVE) | (table.kind == EventKind.CLICK)
    pt = table.t[pointer].astype(np.float64)
    psid = table.session[pointer]
    px, py = table.x[pointer], table.y[pointer]
    nxt = np.empty_like(pt)
    nxt[:-1] = pt[1:]
    last = np.ones(len(pt), dtype=bool)
    last[:-1] = psid[1:] != psid[:-1]
    nxt[last] = table.end_ms[psid[last]]
    stay = np.clip(np.minimum(nxt - pt, hover_cap_ms), 0, None)
    out = []
    for region in regions:
        # Each session is measured against the rectangle of the variant it saw.
        shapes = np.array([region.rect_for(v) for v in variants], dtype=np.float64)
        hit = _inside(shapes, of_session, cx, cy, cs)
        clicks = np.bincount(cs[hit], minlength=n)
        first_click = np.full(n, np.inf)
        np.minimum.at(first_click, cs[hit], ct[hit])
        visible = _in_view(shapes, of_session, seg, rules.min_visible_share)
        view_ms = np.bincount(seg.session[visible], seg.duration[visible], minlength=n)
        longest, first_view = _longest_runs(seg.session, seg.start, seg.end, visible, n)
        hov = _inside(shapes, of_session, px, py, psid)
        out.append(
            RegionSessions(
                region=region,
                clicks=clicks,
                seen=(longest >= rules.min_view_ms) | (clicks > 0),
                clicked=clicks > 0,
                hover_ms=np.bincount(psid[hov], stay[hov], minlength=n),
                view_ms=view_ms,
                first_view=first_view,
                first_click=first_click,
                known=table.viewport_known,
            )
        )
    return out


def region_stats(
    table: EventTable,
    regions: list[Region],
    rules: RegionRules = RegionRules(),
) -> list[RegionStats]:
    """Clicks, impressions, CTR and times of every region over the sessions of ``table``."""
    return [rs.summary() for rs in region_sessions(table, regions, rules)]


def _inside(
    shapes: np.ndarray, of_session: np.ndarray, x: np.ndarray, y: np.ndarray, s: np.ndarray
) -> np.ndarray:
    """Whether each point (x, y) of session s is inside the rectangle of the variant that
    session saw (``shapes[of_session[s]]``).

    The points are compared with each variant's edges (scalars) rather than with a
    per-point copy of their session's rectangle: a pass or two over the columns instead of
    a gather of four floats per point (several times faster on a million sessions' moves)."""
    out = np.zeros(len(x), dtype=bool)
    if len(shapes) == 0 or len(x) == 0:
        return out
    distinct, which = np.unique(shapes.reshape(-1, 4), axis=0, return_inverse=True)
    which = which.reshape(-1)
    for j, (rx, ry, rw, rh) in enumerate(distinct):
        # float64 scalars: the float32 points compare as float64, as against float64 edges.
        lo_x, hi_x, lo_y, hi_y = (np.float64(v) for v in (rx, rx + rw, ry, ry + rh))
        hit = (x >= lo_x) & (x <= hi_x) & (y >= lo_y) & (y <= hi_y)
        if len(distinct) > 1:
            hit &= which[of_session[s]] == j
        out |= hit
    return out


def _in_view(shapes: np.ndarray, of_session: np.ndarray, seg, share: float) -> np.ndarray:
    """Whether at least ``share`` of the rectangle of the variant each view segment's
    session saw is inside that segment's viewport (per distinct rectangle, as
    :func:`_inside`)."""
    out = np.zeros(len(seg.session), dtype=bool)
    if len(shapes) == 0 or len(out) == 0:
        return out
    distinct, which = np.unique(shapes.reshape(-1, 4), axis=0, return_inverse=True)
    which = which.reshape(-1)
    right, bottom = seg.x + seg.width, seg.y + seg.height
    for j, (rx, ry, rw, rh) in enumerate(distinct):
        ox = np.clip(np.minimum(right, rx + rw) - np.maximum(seg.x, rx), 0, None)
        oy = np.clip(np.minimum(bottom, ry + rh) - np.maximum(seg.y, ry), 0, None)
        hit = ox * oy >= share * rw * rh - 1e-9
        if len(distinct) > 1:
            hit &= which[of_session[seg.session]] == j
        out |= hit
    return out


def _longest_runs(session, start, end, visible, n) -> tuple[np.ndarray, np.ndarray]:
    """Per session, the longest unbroken stretch of visible segments, and when the first
    visible one began (ms; inf when never)."""
    longest = np.zeros(n)
    first = np.full(n, np.inf)
    if not len(session):
        return longest, first
    # A run: consecutive visible segments of one session (they are contiguous in time).
    begins = visible & np.concatenate([[True], (~visible[:-1]) | (session[1:] != session[:-1])])
    run_id = np.cumsum(begins) - 1
    runs = run_id[visible]
    if len(runs):
        run_start = np.full(runs.max() + 1, np.inf)
        run_end = np.zeros(runs.max() + 1)
        np.minimum.at(run_start, runs, start[visible])
        np.maximum.at(run_end, runs, end[visible])
        run_session = np.zeros(runs.max() + 1, dtype=np.int64)
        run_session[runs] = session[visible]
        np.maximum.at(longest, run_session, run_end - run_start)
        np.minimum.at(first, run_session, run_start)
    return longest, first


def _mean_finite(values: np.ndarray) -> float:
    v = values[np.isfinite(values)]
    return float(v.mean()) if len(v) else math.nan
