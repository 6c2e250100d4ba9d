"""What a map's reader should be told beside its legend, in words, with what they can do about it.

* Sessions that saw different layouts (A/B variants with screenshots of their own) mapped over
  one screenshot: B's clicks sit where B's buttons are, which may be blank space on A's picture.
* A map of few sessions: its hot spots can move or vanish with a few more (Clarity's most
  upvoted accuracy complaint is a map that "flips with 30 more sessions").
* An empty map, and why: touch screens leave no pointer trail, so a phone's move map is empty.
* Spots hidden because fewer than N sessions made them.

Qt-free: the window's legend strip shows the notes and offers their actions as buttons; the
exported legend prints their text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from viewer.analysis.heatmaps import Heatmap
from viewer.analysis.session_facts import SessionFacts
from viewer.recording.model import Page, Session
from viewer.state.heatmap_params import Kind
from viewer.textformat import count

#: Under this many sessions a map is said to rest on few sessions.
FEW_SESSIONS = 50


@dataclass(frozen=True)
class Note:
    """One thing to say, and the actions offered with it: ``(id, button label)``.

    Action ids: ``variant:<name>`` (map only that variant's sessions), ``kind:<kind>`` (show
    another kind of map).
    """

    text: str
    actions: tuple[tuple[str, str], ...] = ()


def map_notes(
    heatmap: Heatmap, page: Page, sessions: Sequence[Session] | SessionFacts, variant: str | None
) -> tuple[Note, ...]:
    """The notes of ``heatmap``, made of ``sessions`` (or their facts) of ``page`` over
    ``variant``'s screenshot (None: the page's own)."""
    notes = []
    s = heatmap.settings
    facts = SessionFacts.of(sessions)
    seen = sorted(v for v in facts.variants if v is not None)
    mixed = len(seen) > 1 and any(v in page.variants for v in seen)
    # Clicks all placed on their elements sit on this screenshot's buttons, whatever variant.
    p = heatmap.placement
    placed_all = p is not None and p.anchored and p.stayed == 0 and s.kind == Kind.CLICK
    if page.variants and variant is None and mixed and s.kind != Kind.SCROLL and not placed_all:
        shown = "the main screenshot"
        notes.append(
            Note(
                f"Variants {', '.join(seen)} are mapped together over {shown}: each variant "
                "has a layout of its own, so some clicks sit where another layout's buttons "
                "are.",
                tuple((f"variant:{v}", f"Variant {v}") for v in seen),
            )
        )
    if heatmap.n_sessions == 0:
        notes.append(Note("No sessions: the segment or the time range keeps none."))
    elif heatmap.n_points == 0 and s.kind != Kind.SCROLL:
        notes.append(_why_empty(heatmap, facts))
    elif heatmap.n_sessions < FEW_SESSIONS:
        notes.append(
            Note(
                f"Only {count(heatmap.n_sessions, 'session')}: hot spots can move or vanish "
                f"with a few more (from about {FEW_SESSIONS} on, a map holds still)."
            )
        )
    notes.extend(_placement_notes(heatmap))
    if s.min_sessions > 1 and s.kind != Kind.SCROLL and heatmap.hidden_cells:
        notes.append(Note(f"Spots made by fewer than {s.min_sessions} sessions are hidden."))
    return tuple(notes)


def _placement_notes(heatmap: Heatmap) -> list[Note]:
    """What a click map did with its clicks: placed on their elements (or not, at several
    widths), and the clicks a dead- or error-click map could not judge."""
    p = heatmap.placement
    if p is None:
        return []
    out = []
    widths = ", ".join(f"{w:,}" for w in p.widths)
    if p.anchored:
        text = (
            f"{count(p.placed, 'click')} placed at the same spot of their element on this "
            f"screenshot (sessions at {count(len(p.widths), 'viewport width')}: {widths} px)"
        )
        if p.stayed:
            text += (
                f"; {count(p.stayed, 'click')} without an element on this screenshot stay "
                "where they were"
            )
        out.append(Note(text + ".", (("anchor:off", "Show where they were"),)))
    elif len(p.widths) > 1 and heatmap.settings.kind == Kind.CLICK:
        out.append(
            Note(
                f"Sessions at {count(len(p.widths), 'viewport width')} ({widths} px) are "
                "mapped at their raw positions: on a responsive page the same button sits "
                "elsewhere at each width.",
                (("anchor:on", "Place on elements"),),
            )
        )
    if p.unjudged:
        out.append(
            Note(
                f"{count(p.unjudged, 'click')} could not be judged (the recording does not "
                "hold the page's changes, or ends too soon after the click) and are not in "
                "this map."
            )
        )
    return out


def _why_empty(heatmap: Heatmap, facts: SessionFacts) -> Note:
    kind = heatmap.settings.kind
    taps, moves = facts.taps, facts.moves
    if kind in (Kind.MOVE, Kind.DWELL) and moves == 0 and taps:
        return Note(
            "No pointer moves: these sessions were on touch screens, where a finger leaves no "
            f"trail to map. Their {taps:,} taps are on the click map, how far they read on the "
            "scroll map.",
            (("kind:click", "Click map"), ("kind:scroll", "Scroll map")),
        )
    what = {Kind.CLICK: "clicks or taps", Kind.MOVE: "pointer moves", Kind.DWELL: "rests"}[kind]
    return Note(f"No {what} in these {heatmap.n_sessions:,} sessions.")
