"""A folder of hostile recordings, built on demand (some are hundreds of MB once inflated).

:func:`build` writes one good page with one good session, and beside them files that are
random, mutated, nested without end, full of impossible numbers, bigger than every limit, gzip
and PNG bombs, screenshots that point out of their folder, and names that are not UTF-8. Each
hostile file maps to the words its one error must contain.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import struct
import zlib
from pathlib import Path

from helpers import page_doc, session_doc, write_json, write_png

from viewer.recording.limits import MAX_EVENTS, MAX_FILE_BYTES

NON_UTF8_NAME = os.fsdecode(b"caf\xe9-\xff.session.json")
#: A file name that would forge a line of ``validate``'s output if it were printed as it is.
FORGED_NAME = "x\nOK: 1 pages, 20 sessions, 0 errors\n.session.json"
#: What the file outside the corpus, that a link inside points at, holds: never to be shown.
SECRET = b"SECRET-OUTSIDE-THE-FOLDER"


def _png_bomb() -> bytes:
    """A PNG whose header claims 100,000 x 100,000 pixels (30 GB decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def _gzip_bomb(inflated: int) -> bytes:
    """A gzip file of ``inflated`` zero bytes, compressed a chunk at a time (never held whole)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    parts = [comp.compress(zeros) for _ in range(inflated >> 20)]
    parts.append(comp.flush())
    return b"".join(parts)


def _page(folder: Path, screenshot_ref: str, png: bytes | None = None, **doc) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if png is not None:
        (folder / "shot.png").write_bytes(png)
    write_json(folder / "page.json", page_doc(id=folder.name, screenshot=screenshot_ref, **doc))


def build(root: Path) -> dict[str, list[str]]:
    """Write the corpus under ``root``; returns {file relative to root: words of its error}."""
    rng = random.Random(20261125)
    good = root / "good"
    write_png(good / "shot.png")
    write_json(good / "page.json", page_doc())
    write_json(good / "sessions" / "ok.session.json", session_doc())
    s = good / "sessions"
    expect: dict[str, list[str]] = {}

    def add(name: str, data: bytes, *words: str) -> None:
        (s / name).write_bytes(data)
        expect[f"good/sessions/{name}"] = list(words)

    valid = json.dumps(session_doc(id="m")).encode()
    add("random.session.json", bytes(rng.randrange(256) for _ in range(4096)), "")
    mutated = valid.replace(b'"viewport": [1440, 900]', b'"viewport": [1440, 900}')
    add("mutated.session.json", mutated, "line 1, column")
    add("nested-array.session.json", b"[" * 200_000, "event 0", "expected an object")
    add(
        "nested-object.session.json",
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        "nested too deeply",
    )
    tags_bomb = json.dumps(session_doc(id="n")).replace(
        '"tags": {"variant": "A"}', '"tags": {"a": ' + "[" * 50_000 + "]" * 50_000 + "}"
    )
    add("nested-tag.session.json", tags_bomb.encode(), "nested too deeply")
    huge = session_doc(id="h")
    huge["events"]["x"][2] = 1e308
    add("huge-number.session.json", json.dumps(huge).encode(), "event 2", "10,000,000")
    add("nan.session.json", valid.replace(b'"x": [10', b'"x": [NaN'), "event 0", "NaN")
    add(
        "too-large-for-a-double.session.json", valid.replace(b'"x": [10', b'"x": [1e400'), "event 0"
    )
    billions = session_doc(id="b")
    n = MAX_EVENTS + 1
    billions["events"] = {"kinds": ["move"], "t": "@T@", "kind": [0], "x": [0], "y": [0]}
    text = json.dumps(billions).replace('"@T@"', "[" + "0," * (n - 1) + "0]")
    add("millions-of-events.session.json", text.encode(), f"{MAX_EVENTS:,}")
    add("bomb.session.json.gz", _gzip_bomb(MAX_FILE_BYTES + (64 << 20)), "inflates to more than")
    add("truncated.session.json.gz", gzip.compress(valid)[:-30], "truncated")
    add(NON_UTF8_NAME, b'{"format": "session-viewer", "version": 1,', "ends early")
    add(
        "rrweb-huge.json",
        json.dumps(
            [
                {
                    "type": 4,
                    "timestamp": 1,
                    "data": {"href": "https://x.example/", "width": 10, "height": 10},
                },
                {
                    "type": 3,
                    "timestamp": 2,
                    "data": {"source": 1, "positions": [{"x": 1e308, "y": 0, "timeOffset": 0}]},
                },
            ]
        ).encode(),
        "without any usable pointer",
        "event 1",
    )
    add(
        "rrweb-nested.json",
        b'[{"type": 3, "timestamp": 1, "data": ' + b"[" * 100_000,
        "nested too deeply",
    )
    # Files that are not files, or not inside the folder (issue 12, item 5).
    os.mkfifo(s / "fifo.session.json")
    expect["good/sessions/fifo.session.json"] = ["named pipe", "not a regular file"]
    outside = root.parent / f"{root.name}-outside.json"
    outside.write_bytes(SECRET + b" not json")
    os.symlink(outside, s / "outside-link.session.json")
    expect["good/sessions/outside-link.session.json"] = ["link to a file outside the opened folder"]
    add(FORGED_NAME, b"{", "ends early")
    # One bad byte of text is that file's problem, not the folder's (item 6).
    add(
        "bad-utf8-id.session.json",
        valid.replace(b'"id": "m"', b'"id": "m\xff"'),
        "field 'id'",
        "UTF-8",
    )
    add(
        "bad-utf8-tag.session.json",
        valid.replace(b'"variant": "A"', b'"variant": "A\xc3\x28"'),
        "field 'tags'",
        "UTF-8",
    )
    # Starts the trend code cannot handle (item 7).
    for year in ("0001", "9999"):
        doc = session_doc(id=f"y{year}", start=f"{year}-01-01T00:00:00Z")
        add(f"year-{year}.session.json", json.dumps(doc).encode(), "field 'start'", "1970 to 2199")
    # Limits the README states (item 9): gzip followed by more padding than the limit (a sparse
    # file: no disk is spent), and four full columns over the event limit without a value column.
    padded = s / "padded.session.json.gz"
    padded.write_bytes(gzip.compress(valid))
    os.truncate(padded, MAX_FILE_BYTES + (4 << 20))
    expect["good/sessions/padded.session.json.gz"] = ["over the limit"]
    many = session_doc(id="many")
    many["events"] = {"kinds": ["move"], **{c: "@C@" for c in ("t", "kind", "x", "y")}}
    column = "[" + "0," * MAX_EVENTS + "0]"
    add(
        "four-full-columns.session.json",
        json.dumps(many).replace('"@C@"', column).encode(),
        f"{MAX_EVENTS:,}",
    )
    # Pages whose screenshots are bombs, broken, or outside their folder.
    shot = (good / "shot.png").read_bytes()
    _page(root / "png-bomb", "shot.png", _png_bomb(), size=[100_000, 100_000])
    expect["png-bomb/page.json"] = ["pixels"]
    _page(root / "absolute", str((good / "shot.png").resolve()))
    expect["absolute/page.json"] = ["is absolute"]
    _page(root / "dotdot", "../good/shot.png")
    expect["dotdot/page.json"] = ["leads out of the page's folder"]
    _page(root / "symlink", "shot.png")
    os.symlink((good / "shot.png").resolve(), root / "symlink" / "shot.png")
    expect["symlink/page.json"] = ["outside the page's folder"]
    _page(root / "corrupt-png", "shot.png", shot[:60] + bytes(40) + shot[100:])
    expect["corrupt-png/page.json"] = ["image"]
    _page(root / "bad-title", "shot.png", shot)
    title_file = root / "bad-title" / "page.json"
    title_file.write_bytes(
        title_file.read_bytes().replace(b'"title": "Example"', b'"title": "Caf\xe9"')
    )
    expect["bad-title/page.json"] = ["field 'title'", "UTF-8"]
    _page(root / "huge-page", "shot.png", shot, padding="x" * (2 << 20))
    expect["huge-page/page.json"] = ["over the limit of 1,048,576 bytes"]
    return expect
