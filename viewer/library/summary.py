"""What is in an opened folder, as plain data (for ``session-viewer info`` and the GUI)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from viewer.library.folder import Library
from viewer.recording.model import EventKind, Page, Session


def page_fields(page: Page) -> dict[str, Any]:
    """What a summary says of a page itself (its sessions aside)."""
    return {
        "id": page.id,
        "title": page.title,
        "url": page.url,
        "size": [page.width, page.height],
        "screenshot_pixels": list(page.pixel_size),
        "device_pixel_ratio": round(page.device_pixel_ratio, 3),
        "variants": sorted(page.variants),
        "screenshot_origin": page.origin,
    }


def page_summary(page: Page, sessions: list[Session]) -> dict[str, Any]:
    """Counts and spans for one page and its sessions.

    Returns
    -------
    dict
        ``id``, ``title``, ``url``, ``size`` (CSS px), ``screenshot_pixels``,
        ``device_pixel_ratio``, ``variants``, ``sessions``, ``devices``, ``events`` (by kind and
        ``total``), ``duration_ms`` (``total`` and ``median``), ``first_start``, ``last_start``
        and ``tags`` (counts of each value of each tag).
    """
    kinds = np.zeros(len(EventKind), dtype=np.int64)
    for s in sessions:
        kinds += np.bincount(s.events.kind, minlength=len(EventKind))[: len(EventKind)]
    durations = np.array([s.end_ms for s in sessions], dtype=np.int64)
    tags: dict[str, Counter] = {}
    for s in sessions:
        for k, v in s.tags.items():
            tags.setdefault(k, Counter())[v] += 1
    return {
        **page_fields(page),
        "sessions": len(sessions),
        "devices": dict(sorted(Counter(s.device for s in sessions).items())),
        "events": {
            **{k.label: int(kinds[k]) for k in EventKind},
            "total": int(kinds.sum()),
        },
        "duration_ms": {
            "total": int(durations.sum()),
            "median": int(np.median(durations)) if len(durations) else 0,
        },
        "first_start": min(s.start for s in sessions).isoformat() if sessions else None,
        "last_start": max(s.start for s in sessions).isoformat() if sessions else None,
        "tags": {k: dict(sorted(c.items())) for k, c in sorted(tags.items())},
    }


def library_summary(library: Library) -> dict[str, Any]:
    """Everything ``session-viewer info --json`` prints."""
    pages = [page_summary(p, library.sessions_of(p.id)) for p in library.pages]
    return {
        "path": str(library.root),
        "pages": pages,
        "sessions": sum(p["sessions"] for p in pages),
        "events": sum(p["events"]["total"] for p in pages),
        "errors": len(library.errors),
        "warnings": len(library.warnings),
        "problems": [p.to_dict() for p in library.problems],
    }
