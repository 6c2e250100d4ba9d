"""Rebuilding a page from an rrweb snapshot: the HTML is for looking at, never for running, and
rendering it asks nothing of the network."""

from __future__ import annotations

import http.server
import json
import threading
from typing import ClassVar

import pytest
from browser_helpers import needs_chromium
from PIL import Image

from viewer.importers.page_rebuild import rebuild_page
from viewer.importers.snapshot_html import snapshot_html


def el(tag, attrs=None, *children):
    return {"type": 2, "tagName": tag, "attributes": attrs or {}, "childNodes": list(children)}


def text(t, **kw):
    return {"type": 3, "textContent": t, **kw}


def document(*body, head=()):
    return {
        "type": 0,
        "childNodes": [
            {"type": 1, "name": "html", "publicId": "", "systemId": ""},
            el("html", {}, el("head", {}, *head), el("body", {}, *body)),
        ],
    }


def test_scripts_handlers_and_markup_in_values_never_survive():
    page = snapshot_html(
        document(
            el("script", {}, text("alert(1)")),
            el("noscript", {}, text("x")),
            el(
                "a",
                {"href": "javascript:alert(1)", "onclick": "alert(2)", "id": 'q" onmouseover="x'},
            ),
            el("iframe", {"src": "https://evil.example/", "width": "300"}),
            el("meta", {"http-equiv": "refresh", "content": "0;url=https://evil.example"}),
            el("p", {}, text("<b>not bold</b> & fine")),
            el("img", {"src": "https://cdn.example/a.png", "width": "120", "height": "40"}),
            el("div", {"rr_width": "300px", "rr_height": "200px", "class": "blocked"}),
            el("bad tag", {}),
            head=[
                el(
                    "link",
                    {
                        "rel": "stylesheet",
                        "href": "https://cdn.example/s.css",
                        "_cssText": "p{color:red}</style><script>alert(3)</script>",
                    },
                ),
                el("style", {}, text("body{margin:0}", isStyle=True)),
            ],
        )
    )
    lowered = page.lower()
    assert "<script" not in lowered.replace("<\\/style><script>alert(3)", "")
    assert "alert(1)" not in page and "alert(2)" not in page and "onclick" not in lowered
    assert 'id="q&quot; onmouseover=&quot;x"' in page  # one attribute, escaped
    assert "javascript:" not in page and "evil.example" not in page
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; fine" in page
    assert "p{color:red}<\\/style>" in page  # the stylesheet stays inside its <style>
    assert "width:300px" in page and "height:200px" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<bad" not in page


class Counting(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        Counting.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *a):
        pass


@needs_chromium
def test_rendering_a_snapshot_makes_no_request_and_has_its_size(tmp_path):
    pytest.importorskip("playwright.sync_api")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        snapshot = {
            "node": document(
                el("div", {"style": "height: 1500px; background: #345"}),
                el("img", {"src": f"{base}/photo.png", "width": "200", "height": "100"}),
                el("iframe", {"src": f"{base}/frame.html"}),
                el("script", {"src": f"{base}/app.js"}),
                head=[
                    el("link", {"rel": "stylesheet", "href": f"{base}/style.css"}),
                    el("style", {}, text(f"body {{ background: url({base}/bg.png) }}")),
                ],
            )
        }
        rebuilt = rebuild_page(
            tmp_path / "r.json", json.dumps(snapshot).encode(), (800, 600), tmp_path / "cache"
        )
    finally:
        server.shutdown()
        server.server_close()
    assert Counting.hits == []  # not one request left the rendering
    # The page's height: the 1500 px block, the image's line and the empty frame's box.
    assert rebuilt.width == 800 and 1600 <= rebuilt.height <= 1800
    with Image.open(rebuilt.screenshot) as im:
        assert im.size == (rebuilt.width, rebuilt.height)
        assert im.getpixel((400, 700))[:3] == (0x33, 0x44, 0x55)
    # The same snapshot again is taken from the cache, not rendered again.
    again = rebuild_page(
        tmp_path / "r.json", json.dumps(snapshot).encode(), (800, 600), tmp_path / "cache"
    )
    assert again == rebuilt
