"""Writing the native format: page and session files, atomically."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from viewer.fileio import atomic_write
from viewer.recording.model import KIND_LABELS, Page, Session
from viewer.recording.native_clicks import clicks_document
from viewer.recording.native_fields import FORMAT_NAME, FORMAT_VERSION


def page_document(page: Page, page_file: Path) -> dict:
    """The JSON object of a page file written at ``page_file``."""
    folder = page_file.parent.resolve()

    def rel(p: Path) -> str:
        p = Path(p).resolve()
        if not p.is_relative_to(folder):
            raise ValueError(f"the screenshot {p} must be inside the page file's folder {folder}")
        return p.relative_to(folder).as_posix()

    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "type": "page",
        "id": page.id,
        "url": page.url,
        "title": page.title,
        "screenshot": rel(page.screenshot),
        "size": [page.width, page.height],
    }
    if page.variants:
        doc["variants"] = {k: {"screenshot": rel(v)} for k, v in page.variants.items()}
    if page.origin:
        doc["origin"] = page.origin
    if page.elements:
        doc["elements"] = {k: [round(v, 2) for v in box] for k, box in page.elements.items()}
    return doc


def save_page(page: Page, path: Path | str) -> Path:
    """Write a page file atomically. The screenshot must already be in the file's folder."""
    path = Path(path)
    data = msgspec.json.format(msgspec.json.encode(page_document(page, path)), indent=2)
    return atomic_write(path, data + b"\n")


def session_document(session: Session) -> dict:
    """The JSON object of a session file."""
    ev = session.events
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "type": "session",
        "id": session.id,
        "page": session.page_id,
        "start": session.start.isoformat().replace("+00:00", "Z"),
        "device": session.device,
        "viewport": list(session.viewport),
        "duration": int(session.duration_ms),
        "tags": dict(session.tags),
        **({"assumed": list(session.assumed)} if session.assumed else {}),
        "events": {
            "kinds": list(KIND_LABELS),
            "t": ev.t.tolist(),
            "kind": ev.kind.tolist(),
            "x": shortest_float32_list(ev.x),
            "y": shortest_float32_list(ev.y),
            "value": shortest_float32_list(ev.value),
        },
    }
    if session.clicks is not None:
        doc["clicks"] = clicks_document(session.clicks)
    return doc


def encode_session(session: Session, compress: bool) -> bytes:
    """A session file's bytes; gzip-compressed (reproducibly: no name, no time) if asked."""
    data = msgspec.json.encode(session_document(session))
    if not compress:
        return data
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def save_session(session: Session, path: Path | str) -> Path:
    """Write a session file atomically, gzip-compressed when the name ends in ``.gz``."""
    path = Path(path)
    return atomic_write(path, encode_session(session, compress=path.suffix == ".gz"))


def shortest_float32_list(a: np.ndarray) -> list:
    """float32 values as Python numbers whose shortest decimal form reads back to the same float32.

    ``np.float32(0.1)`` is ``0.10000000149011612`` as a float64; written like that a file would be
    twice as large. For each value we take the fewest decimals that still round-trip, so files
    stay small and ``load(save(x)) == x`` holds exactly. Whole values are written as integers.
    """
    a = np.asarray(a, dtype=np.float32)
    if a.size == 0:
        return []
    if np.all(a == np.round(a)) and np.all(np.abs(a) < 2**53):
        return a.astype(np.int64).tolist()
    wide = a.astype(np.float64)
    out = wide.copy()
    todo = np.ones(a.shape, dtype=bool)
    for decimals in range(0, 12):
        r = np.round(wide[todo], decimals)
        ok = r.astype(np.float32) == a[todo]
        idx = np.flatnonzero(todo)[ok]
        out[idx] = r[ok]
        todo[idx] = False
        if not todo.any():
            break
    return out.tolist()
