"""``validate`` and the window agree on which screenshots are damaged (issue 12, item 8): both
decode with the same decoder, so the PngSuite kinds of corruption (bad chunk checksums, a
missing image chunk, a broken signature, a truncated file) get the same verdict in both."""

from __future__ import annotations

import struct
import zlib

import pytest
from helpers import page_doc, session_doc, write_json, write_png

from viewer.gui.loading import read_screenshot
from viewer.recording import RecordingError
from viewer.recording.screenshot import verify_screenshot


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        out.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]))
        pos += 12 + n
    return out


def png(parts, signature=b"\x89PNG\r\n\x1a\n", bad_crc=b"") -> bytes:
    body = b""
    for kind, data in parts:
        crc = zlib.crc32(kind + data) ^ (1 if kind == bad_crc else 0)
        body += struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
    return signature + body


@pytest.fixture(scope="module")
def good_png(tmp_path_factory) -> bytes:
    path = write_png(tmp_path_factory.mktemp("png") / "good.png", (200, 400), (30, 120, 200))
    return path.read_bytes()


CORRUPTIONS = {
    "good": lambda p: png(p),
    "IHDR checksum wrong": lambda p: png(p, bad_crc=b"IHDR"),
    "IDAT checksum wrong": lambda p: png(p, bad_crc=b"IDAT"),
    "no IDAT": lambda p: png([c for c in p if c[0] != b"IDAT"]),
    "signature byte changed": lambda p: png(p, signature=b"\x89PNG\r\n\x1a\x0b"),
    "truncated": lambda p: png(p)[: len(png(p)) * 2 // 3],
    "IDAT data zeroed": lambda p: png([(k, bytes(len(d)) if k == b"IDAT" else d) for k, d in p]),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_validate_and_the_window_give_the_same_verdict(name, good_png, tmp_path, qapp):
    shot = tmp_path / "shot.png"
    shot.write_bytes(CORRUPTIONS[name](chunks(good_png)))
    write_json(tmp_path / "page.json", page_doc())
    write_json(tmp_path / "s.session.json", session_doc())

    def verdict(fn) -> str:
        try:
            fn()
        except RecordingError as e:
            return e.message
        return "ok"

    by_validate = verdict(lambda: verify_screenshot(tmp_path / "page.json", shot))
    by_window = verdict(lambda: read_screenshot(tmp_path / "page.json", shot))
    assert by_validate == by_window
    if name == "good":
        assert by_window == "ok"
        image = read_screenshot(tmp_path / "page.json", shot)
        assert (image.width(), image.height()) == (200, 400)
        assert image.pixelColor(100, 200).getRgb()[:3] == (30, 120, 200)
    elif name != "IDAT checksum wrong":  # Pillow does not check IDAT checksums; nor need we
        assert "the screenshot 'shot.png'" in by_window, by_window
