"""Loading a 1,000,000-event session: our loader against stdlib-json loaders.

Rows: our loader (msgspec, columnar) on plain JSON and on gzip; the same columnar format parsed
with stdlib ``json`` (to show what the parser choice buys); and a plain stdlib-json loader of a
row-per-event file that makes one Python object per event (what a first attempt looks like).
Target (issue 2): 1M events in <= 1.0 s, >= 3x faster than the object-per-event loader.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from timing import median_time, table

from viewer.recording import Events, Session, load_session, save_session
from viewer.recording.model import KIND_LABELS

N = 1_000_000


def synthetic_session(n: int = N, seed: int = 1) -> Session:
    """A long session with demo-like value distributions (moves, scrolls, a few clicks)."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(6, size=n, p=[0.7, 0.01, 0.01, 0.22, 0.05, 0.01]).astype(np.uint8)
    t = np.cumsum(rng.integers(1, 60, n)).astype(np.int64)
    x = np.round(rng.uniform(1, 1440, n), 1).astype(np.float32)
    y = np.round(rng.uniform(1, 6000, n), 1).astype(np.float32)
    value = np.where(kind == 4, rng.integers(500, 4000, n), 0).astype(np.float32)
    return Session(
        "bench",
        "p",
        dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        "desktop",
        (1440, 900),
        Events(t, kind, x, y, value),
    )


def load_columnar_with_stdlib_json(path: Path) -> Events:
    doc = json.loads(path.read_bytes())
    e = doc["events"]
    lut = np.array([KIND_LABELS.index(k) for k in e["kinds"]], dtype=np.uint8)
    return Events(
        np.array(e["t"], np.int64),
        lut[np.array(e["kind"])],
        np.array(e["x"], np.float32),
        np.array(e["y"], np.float32),
        np.array(e["value"], np.float32),
    )


@dataclass(slots=True)
class Event:
    t: int
    kind: str
    x: float
    y: float
    value: float


def write_rows(session: Session, path: Path) -> None:
    ev = session.events
    rows = [
        {"t": t, "kind": KIND_LABELS[k], "x": x, "y": y, "value": v}
        for t, k, x, y, v in zip(
            ev.t.tolist(),
            ev.kind.tolist(),
            ev.x.tolist(),
            ev.y.tolist(),
            ev.value.tolist(),
            strict=True,
        )
    ]
    path.write_text(json.dumps({"id": session.id, "events": rows}))


def load_rows_object_per_event(path: Path) -> list[Event]:
    doc = json.loads(path.read_text())
    return [Event(r["t"], r["kind"], r["x"], r["y"], r["value"]) for r in doc["events"]]


def run() -> None:
    session = synthetic_session()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = save_session(session, tmp / "big.session.json")
        gz = save_session(session, tmp / "big.session.json.gz")
        rows = tmp / "rows.json"
        write_rows(session, rows)
        assert load_session(plain) == session and load_session(gz) == session
        assert load_columnar_with_stdlib_json(plain) == session.events
        cases = [
            ("ours: msgspec, columnar JSON", lambda: load_session(plain), plain),
            ("ours: msgspec, columnar JSON.gz", lambda: load_session(gz), gz),
            (
                "columnar JSON with stdlib json",
                lambda: load_columnar_with_stdlib_json(plain),
                plain,
            ),
            ("stdlib json, object per event", lambda: load_rows_object_per_event(rows), rows),
        ]
        times = {name: median_time(fn, repeat=5) for name, fn, _ in cases}
        base = times["stdlib json, object per event"]
        out = []
        for name, _, path in cases:
            t = times[name]
            out.append(
                [
                    name,
                    f"{path.stat().st_size / 1e6:.1f} MB",
                    f"{t * 1000:.0f} ms",
                    f"{base / t:.1f}x",
                ]
            )
        print(f"   {N:,} events; median of 5 runs")
        print(table(out, ["loader", "file", "median", "vs object-per-event"]))
        ours = times["ours: msgspec, columnar JSON"]
        verdict = "met" if ours <= 1.0 and base / ours >= 3 else "MISSED"
        print(
            f"   target <= 1000 ms and >= 3x: {verdict} ({ours * 1000:.0f} ms, "
            f"{base / ours:.1f}x); gzip {times['ours: msgspec, columnar JSON.gz'] * 1000:.0f} ms"
        )
