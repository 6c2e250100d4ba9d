"""Matching rrweb visits to pages, and making sessions of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from viewer.importers.rrweb import RrwebRecording, Visit
from viewer.recording.errors import Problem, Severity, warning
from viewer.recording.model import Page, Session


def url_key(url: str) -> str:
    """A URL without scheme, query, fragment or trailing slash, lower-case host: two visits of
    ``https://Shop.example/pricing?utm=x#faq`` and ``http://shop.example/pricing/`` match."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return f"{host}{parts.path.rstrip('/') or '/'}"


def session_id(path: Path, visit: Visit, visits: int) -> str:
    """``name`` for a one-visit recording, ``name-2`` for its second visit, and so on."""
    stem = path.name
    for suffix in (".gz", ".json", ".rrweb"):
        stem = stem.removesuffix(suffix)
    return stem if visits == 1 else f"{stem}-{visit.index + 1}"


def visit_sessions(
    recording: RrwebRecording, page_for: Callable[[Visit], Page | None]
) -> tuple[list[Session], list[Problem]]:
    """Sessions of the visits that have a page, and a problem for each visit that has none.

    Parameters
    ----------
    recording
        What :func:`read_rrweb` read.
    page_for
        The page (screenshot) of a visit, or None.
    """
    path = recording.path
    sessions: list[Session] = []
    problems = list(recording.warnings)
    n = len(recording.visits)
    missing: dict[str, int] = {}
    for visit in recording.visits:
        page = page_for(visit)
        if page is None:
            missing[visit.url or "(no URL)"] = missing.get(visit.url or "(no URL)", 0) + 1
            continue
        viewport, assumed = visit.viewport, ()
        if viewport[0] <= 0 or viewport[1] <= 0:
            viewport, assumed = (page.width, 800), ("viewport",)
            problems.append(
                warning(
                    path,
                    "the viewport's size is not recorded: scroll reach, the fold and region "
                    "impressions leave this visit out",
                    f"visit {visit.index + 1}",
                )
            )
        sessions.append(
            Session(
                id=session_id(path, visit, n),
                page_id=page.id,
                start=visit.start,
                device=visit.device,
                viewport=viewport,
                events=visit.events,
                tags={"url": visit.url} if visit.url else {},
                duration_ms=visit.duration_ms,
                path=path,
                assumed=assumed,
                clicks=visit.clicks,
            )
        )
    for url, count in missing.items():
        visits = "a visit" if count == 1 else f"{count} visits"
        problems.append(
            Problem(
                path,
                f"{visits} to {url} without a screenshot of that page: skipped (give one with "
                "--screenshot, or put the recording beside a page file with that URL)",
                severity=Severity.WARNING if sessions else Severity.ERROR,
            )
        )
    return sessions, problems
