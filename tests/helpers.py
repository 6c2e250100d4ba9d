"""Helpers shared by the tests: building sessions and recording files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
from PIL import Image

from viewer.recording import Events, Session
from viewer.recording.model import KIND_LABELS

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "recordings"


def make_events(rows: list[tuple]) -> Events:
    """Events from (t, kind, x, y[, value]) rows; kind as EventKind or code."""
    t = np.array([r[0] for r in rows], dtype=np.int64)
    kind = np.array([int(r[1]) for r in rows], dtype=np.uint8)
    x = np.array([r[2] for r in rows], dtype=np.float32)
    y = np.array([r[3] for r in rows], dtype=np.float32)
    value = np.array([r[4] if len(r) > 4 else 0 for r in rows], dtype=np.float32)
    return Events(t, kind, x, y, value)


def make_session(rows: list[tuple], **kw) -> Session:
    """A session with sensible defaults around the given event rows."""
    args = {
        "id": "s1",
        "page_id": "p1",
        "start": dt.datetime(2026, 5, 4, 10, 22, 31, tzinfo=dt.UTC),
        "device": "desktop",
        "viewport": (1440, 900),
        "events": make_events(rows) if rows else Events.empty(),
        "tags": {},
        "duration_ms": 0,
    }
    args.update(kw)
    return Session(**args)


def session_doc(**overrides) -> dict:
    """A valid session document (dict) that tests then damage."""
    doc = {
        "format": "session-viewer",
        "version": 1,
        "type": "session",
        "id": "s1",
        "page": "p1",
        "start": "2026-05-04T10:22:31Z",
        "device": "desktop",
        "viewport": [1440, 900],
        "duration": 5000,
        "tags": {"variant": "A"},
        "events": {
            "kinds": list(KIND_LABELS),
            "t": [0, 100, 200, 300, 400, 500],
            "kind": [0, 0, 1, 3, 4, 5],
            "x": [10, 20, 30, 0, 40, 1200],
            "y": [10, 20, 30, 250, 40, 800],
            "value": [0, 0, 0, 0, 800, 0],
        },
    }
    doc.update(overrides)
    return doc


def page_doc(**overrides) -> dict:
    doc = {
        "format": "session-viewer",
        "version": 1,
        "type": "page",
        "id": "p1",
        "url": "https://example.test/",
        "title": "Example",
        "screenshot": "shot.png",
        "size": [200, 400],
    }
    doc.update(overrides)
    return doc


def write_json(path: Path, doc) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return path


def write_png(path: Path, size=(200, 400), colour=(255, 255, 255)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def on_demo_desktop(command: str, *args: str) -> int:
    """Run ``session-viewer COMMAND recordings --page brightside-desktop ARGS...``."""
    from viewer.cli import main

    return main([command, str(DEMO), "--page", "brightside-desktop", *args])


#: Waiting on a window signal costs nothing when it comes early; CI machines can be slow.
LOAD_TIMEOUT = 60_000  # ms


def open_and_wait(window, qtbot, path: Path):
    """Open ``path`` in ``window`` and wait until its map, screenshot and numbers are shown."""
    with qtbot.waitSignals(
        [window.heatmap_shown, window.page_shown, window.metrics.numbers_shown],
        timeout=LOAD_TIMEOUT,
    ):
        window.open_path(path)
    return window
