"""An rrweb full snapshot (the page's DOM as the visitor's browser had it) as static HTML.

rrweb serialises the document as a tree of nodes (``rrweb-snapshot``'s ``NodeType``: 0
document, 1 doctype, 2 element, 3 text, 4 CDATA, 5 comment). Elements carry their attributes,
plus rrweb's own: ``_cssText`` (a stylesheet's text, inlined at record time, on ``<link>`` and
``<style>``), ``rr_width`` / ``rr_height`` (the size of an element the recorder blocked),
``rr_dataURL`` (a canvas's or image's pixels). This module writes the tree back as HTML to be
*looked at*, never run: scripts, event handlers, ``javascript:`` URLs, frames' sources, refresh
and base elements are left out, and a Content-Security-Policy lets nothing but inline styles
and ``data:`` images load, so the page makes no request of its own.
"""

from __future__ import annotations

import html
from typing import Any

DOCUMENT, DOCTYPE, ELEMENT, TEXT, CDATA, COMMENT = range(6)

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Elements dropped with everything inside them.
DROPPED = frozenset({"script", "noscript", "template", "object", "embed", "base"})
#: Nothing is fetched; only inline styles and data: images, fonts and styles apply.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline' data:; img-src data:; font-src data:; "
    "media-src 'none'; frame-src 'none'; script-src 'none'"
)
_MAX_DEPTH = 400
#: Images that were not inlined are not fetched: they show as light boxes of their laid-out
#: size, not as broken-image icons.
PLACEHOLDERS = (
    "<style>img:not([src^='data:']){background:#e5e7eb;color:transparent}"
    "img:not([src^='data:'])::before{content:''}</style>"
)


def snapshot_html(node: dict[str, Any]) -> str:
    """The HTML of a full snapshot's ``node`` (its ``data.node``), safe to render offline."""
    out: list[str] = []
    _write(node, out, parent="", depth=0)
    text = "".join(out)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' + PLACEHOLDERS
    if text.lower().startswith("<!doctype"):
        end = text.index(">") + 1
        return text[:end] + meta + text[end:]
    return "<!DOCTYPE html>" + meta + text


def _write(node: Any, out: list[str], parent: str, depth: int) -> None:
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return
    kind = node.get("type")
    if kind == DOCUMENT:
        for child in node.get("childNodes") or ():
            _write(child, out, "", depth + 1)
    elif kind == DOCTYPE:
        out.append(f"<!DOCTYPE {_name(node.get('name')) or 'html'}>")
    elif kind == ELEMENT:
        _element(node, out, depth)
    elif kind == TEXT:
        text = str(node.get("textContent") or "")
        if parent == "style":
            out.append(_css(text))
        else:
            out.append(html.escape(text, quote=False))
    # CDATA and comments show nothing.


def _element(node: dict, out: list[str], depth: int) -> None:
    tag = _name(node.get("tagName"))
    if not tag or tag in DROPPED:
        return
    attrs = node.get("attributes") if isinstance(node.get("attributes"), dict) else {}
    css = attrs.get("_cssText")
    if tag == "link":
        # A stylesheet rrweb inlined is shown; any other link would be a request.
        if isinstance(css, str):
            out.append("<style>" + _css(css) + "</style>")
        return
    if tag == "meta" and str(attrs.get("http-equiv", "")).lower() in (
        "refresh",
        "content-security-policy",
    ):
        return
    if tag == "canvas" and isinstance(attrs.get("rr_dataURL"), str):
        tag, attrs = "img", {**attrs, "src": attrs["rr_dataURL"]}
    shown = _attributes(tag, attrs)
    out.append(f"<{tag}{shown}>")
    if tag in VOID:
        return
    if tag == "style" and isinstance(css, str):
        out.append(_css(css))
    else:
        for child in node.get("childNodes") or ():
            _write(child, out, tag, depth + 1)
    out.append(f"</{tag}>")


def _attributes(tag: str, attrs: dict) -> str:
    parts = []
    style = str(attrs.get("style") or "")
    for key in ("rr_width", "rr_height"):
        if isinstance(attrs.get(key), str):
            style += f";{key[3:]}:{attrs[key]}"
    if tag == "img" and isinstance(attrs.get("rr_dataURL"), str):
        attrs = {**attrs, "src": attrs["rr_dataURL"]}
    for name, value in attrs.items():
        name = _name(name)
        if not name or name.startswith(("on", "rr_", "_")) or name in ("style", "srcset"):
            continue
        if value is None or value is False:
            continue
        if tag == "iframe" and name in ("src", "srcdoc"):
            continue  # frames are recorded apart; their pages are not fetched
        text = "" if value is True else str(value)
        if name in (
            "href",
            "src",
            "action",
            "formaction",
            "xlink:href",
        ) and text.strip().lower().startswith(("javascript:", "vbscript:")):
            continue
        parts.append(f' {name}="{html.escape(text, quote=True)}"')
    if style:
        parts.append(f' style="{html.escape(style, quote=True)}"')
    return "".join(parts)


def _css(text: str) -> str:
    """Stylesheet text that stays inside its ``<style>`` element (it cannot close it)."""
    return text.replace("</", "<\\/")


def _name(value: Any) -> str:
    """A tag or attribute name, or "" when it is not one (nothing can break out of a tag)."""
    if not isinstance(value, str):
        return ""
    name = value.strip().lower() if value.isascii() else ""
    if not name or any(c in name for c in " \t\n\r\f\"'<>/=`"):
        return ""
    return name
