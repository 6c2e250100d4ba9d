"""The demo product's landing page, laid out for desktop (1440 px) and mobile (390 px).

One description of the page's content is laid out twice. The result is a list of
:class:`Element` s with their boxes in page CSS px; the renderer draws them into the screenshot and
the behaviour model aims cursors and fingers at the very same boxes, so clicks land on buttons.

Variant ``A`` and ``B`` differ only in where the hero's call-to-action button sits: beside the
secondary link under the sub-headline (A), or large and centred under the product picture (B).
"""

from __future__ import annotations

from viewer.demo.elements import Layout
from viewer.demo.layout_desktop import desktop
from viewer.demo.layout_mobile import mobile


def build(name: str, variant: str = "A") -> Layout:
    """Lay out the demo page: ``name`` is ``"desktop"`` (1440 wide) or ``"mobile"`` (390 wide)."""
    if name == "desktop":
        return desktop(variant)
    if name == "mobile":
        return mobile(variant)
    raise ValueError(f"unknown layout {name!r}")
