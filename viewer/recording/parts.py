"""Sessions that arrive in parts: the recorder uploads a long visit a part at a time (each part
under the browser's 64 KB limit for requests sent as a page closes), and the loader joins them.

Each part is an ordinary session file with the session's id, its events since the previous
part (times still count from the session's start), and ``"part": {"index": k, "final": b}``.
Parts sent twice (a retry whose first try did arrive) are kept once. A missing part or a
missing end is reported, never silently glossed over: the events that did arrive still load.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from viewer.recording.clicks import join_click_facts
from viewer.recording.errors import Problem, warning
from viewer.recording.model import Events, Session


def join_parts(sessions: list[Session]) -> tuple[list[Session], list[Problem]]:
    """Join the parts of each session (same page and id) into one session.

    Returns
    -------
    (sessions, problems)
        Whole sessions, with every joined session in place of its parts, and a warning for
        each session with parts missing (by index) or without its final part.
    """
    groups: dict[tuple[str, str], list[Session]] = {}
    out: list[Session] = []
    for s in sessions:
        if s.part is None:
            out.append(s)
        else:
            groups.setdefault((s.page_id, s.id), []).append(s)
    problems: list[Problem] = []
    for parts in groups.values():
        joined, found = _join(parts)
        out.append(joined)
        problems += found
    return out, problems


def _join(parts: list[Session]) -> tuple[Session, list[Problem]]:
    by_index: dict[int, Session] = {}
    for p in sorted(parts, key=lambda p: (p.part[0], str(p.path))):
        by_index.setdefault(p.part[0], p)  # a part sent twice is the same part
    indexes = sorted(by_index)
    first, last = by_index[indexes[0]], by_index[indexes[-1]]
    where = first.path or last.path
    problems: list[Problem] = []
    missing = sorted(set(range(indexes[-1] + 1)) - set(indexes))
    if missing:
        shown = ", ".join(str(i) for i in missing[:10]) + (" ..." if len(missing) > 10 else "")
        problems.append(
            warning(
                where,
                f"session {first.id!r} arrived in parts, and {len(missing):,} of them are "
                f"missing (part {shown}); the events of the {len(indexes):,} parts that "
                "arrived are shown",
                "field 'part'",
            )
        )
    if not last.part[1]:
        problems.append(
            warning(
                where,
                f"session {first.id!r}: its last part (marked final) has not arrived; the "
                f"visit may still be going on, or its end was lost ({len(indexes):,} parts "
                "so far)",
                "field 'part'",
            )
        )
    chosen = [by_index[i] for i in indexes]
    events = _concatenate([p.events for p in chosen])
    clicks = join_click_facts([(p.events, p.clicks) for p in chosen])
    warnings = tuple(w for p in chosen for w in p.warnings)
    joined = dataclasses.replace(
        first,
        events=events,
        duration_ms=max(p.duration_ms for p in chosen),
        part=None,
        warnings=warnings,
        clicks=clicks,
    )
    return joined, problems


def _concatenate(parts: list[Events]) -> Events:
    t = np.concatenate([e.t for e in parts])
    order = np.argsort(t, kind="stable")  # parts in order, events of equal time kept in order
    return Events(
        t[order],
        np.concatenate([e.kind for e in parts])[order],
        np.concatenate([e.x for e in parts])[order],
        np.concatenate([e.y for e in parts])[order],
        np.concatenate([e.value for e in parts])[order],
    )
