"""rrweb events written by hand from rrweb's published types (packages/types/src/index.ts).

Numbers: EventType FullSnapshot 2, IncrementalSnapshot 3, Meta 4; IncrementalSource Mutation 0,
MouseMove 1, MouseInteraction 2, Scroll 3, ViewportResize 4, Input 5, TouchMove 6;
MouseInteractions Click 2, TouchStart 7, TouchEnd 9.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

T0 = 1_780_000_000_000  # 2026-05-28 20:26:40 UTC, in ms


def meta(t: int, href: str, width: int, height: int) -> dict:
    return {"type": 4, "data": {"href": href, "width": width, "height": height}, "timestamp": t}


def full_snapshot(t: int, document_id: int = 1, top: float = 0, left: float = 0) -> dict:
    node = {
        "type": 0,
        "id": document_id,
        "childNodes": [
            {"type": 1, "name": "html", "publicId": "", "systemId": "", "id": document_id + 1},
            {
                "type": 2,
                "tagName": "html",
                "attributes": {"lang": "en"},
                "childNodes": [{"type": 3, "textContent": "Pricing", "id": document_id + 3}],
                "id": document_id + 2,
            },
        ],
    }
    return {
        "type": 2,
        "data": {"node": node, "initialOffset": {"left": left, "top": top}},
        "timestamp": t,
    }


def moves(t: int, *points: tuple[float, float, int], touch: bool = False) -> dict:
    """(x, y, timeOffset) points, reported together at ``t`` (offsets are negative)."""
    positions = [{"x": x, "y": y, "id": 12, "timeOffset": off} for x, y, off in points]
    return {
        "type": 3,
        "data": {"source": 6 if touch else 1, "positions": positions},
        "timestamp": t,
    }


def interaction(t: int, kind: int, x: float, y: float, **extra) -> dict:
    return {
        "type": 3,
        "data": {"source": 2, "type": kind, "id": 40, "x": x, "y": y, **extra},
        "timestamp": t,
    }


def click(t: int, x: float, y: float, **extra) -> dict:
    return interaction(t, 2, x, y, **extra)


def scroll(t: int, y: float, x: float = 0, node: int = 1) -> dict:
    return {"type": 3, "data": {"source": 3, "id": node, "x": x, "y": y}, "timestamp": t}


def resize(t: int, width: int, height: int) -> dict:
    return {"type": 3, "data": {"source": 4, "width": width, "height": height}, "timestamp": t}


def text_input(t: int) -> dict:
    return {
        "type": 3,
        "data": {"source": 5, "text": "secret", "isChecked": False, "id": 7},
        "timestamp": t,
    }


def mutation(t: int) -> dict:
    return {
        "type": 3,
        "data": {
            "source": 0,
            "texts": [],
            "attributes": [{"id": 9, "attributes": {"class": "x"}}],
            "removes": [],
            "adds": [],
        },
        "timestamp": t,
    }


def desktop_recording() -> list[dict]:
    """A desktop visit of /pricing (scrolled by 500 px mid-way), then a visit of /checkout."""
    return [
        meta(T0, "https://shop.example/pricing?utm_source=mail", 1280, 720),
        full_snapshot(T0 + 10),
        # Three moves reported at 1000 ms, the first two buffered (negative offsets).
        moves(T0 + 1000, (100, 100, -400), (110, 120, -200), (120, 140, 0)),
        scroll(T0 + 1500, 500),
        click(T0 + 2000, 200, 300),  # viewport (200, 300) is page (200, 800)
        scroll(T0 + 2500, 300, node=42),  # an inner element: not the page
        moves(T0 + 3600, (50, 60, -100)),  # at 3500: page (50, 560)
        resize(T0 + 4000, 1024, 700),
        text_input(T0 + 4200),
        mutation(T0 + 4300),
        meta(T0 + 5000, "https://shop.example/checkout", 1024, 700),
        full_snapshot(T0 + 5010),
        click(T0 + 5500, 10, 20),
    ]


def touch_recording() -> list[dict]:
    """A phone visit: the document node is 3, a finger scrolls and taps; the browser adds its
    own click after the tap."""
    return [
        meta(T0, "https://shop.example/pricing", 390, 844),
        full_snapshot(T0 + 5, document_id=3, top=100),
        moves(T0 + 900, (150, 400, -300), (150, 300, 0), touch=True),
        scroll(T0 + 950, 700, node=3),
        interaction(T0 + 1000, 7, 100, 200),  # TouchStart
        interaction(T0 + 1100, 9, 102, 201),  # TouchEnd
        click(T0 + 1150, 101, 200),  # made up by the browser for that tap
        scroll(T0 + 1200, 900, node=1),  # not the document here (its id is 3)
    ]


def write(path: Path, events, wrap: bool = False, compress: bool = False) -> Path:
    doc = {"events": events, "recordingId": "r-1"} if wrap else events
    data = json.dumps(doc).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if compress else data)
    return path
