"""Write imported sessions as a native recordings folder: ``page.json``, the screenshot, and
``sessions/<id>.session.json.gz``. Every file is written atomically; nothing is overwritten
unless asked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from viewer.fileio import atomic_write
from viewer.recording.errors import RecordingError
from viewer.recording.model import Page, Session
from viewer.recording.native import load_page, save_page, save_session


def write_import(
    out: Path | str, page: Page, sessions: list[Session], force: bool = False
) -> tuple[Page, list[Path]]:
    """Write ``sessions`` of ``page`` into the folder ``out``.

    A folder that already holds this page (same id) gets the new sessions beside the old ones
    and keeps its page file and screenshot.

    Returns
    -------
    (page, files)
        The page as written (its screenshot inside ``out``) and the session files.

    Raises
    ------
    RecordingError
        ``out`` holds another page, or a session file that exists already (without ``force``).
    """
    out = Path(out)
    page_file = out / "page.json"
    sessions_dir = out / "sessions"
    existing = load_page(page_file) if page_file.is_file() else None
    if existing is not None and existing.id != page.id:
        raise RecordingError(
            page_file,
            f"this folder holds page {existing.id!r}; import page {page.id!r} into another "
            "folder (or give --page-id {existing.id})",
        )
    targets = [sessions_dir / f"{s.id}.session.json.gz" for s in sessions]
    if not force:
        for target in targets:
            if target.exists():
                raise RecordingError(target, "exists already; use --force to replace it")
    out.mkdir(parents=True, exist_ok=True)
    if existing is None:
        shot = out / f"screenshot{page.screenshot.suffix.lower() or '.png'}"
        if page.screenshot.resolve() != shot.resolve():
            atomic_write(shot, page.screenshot.read_bytes())
        page = replace(page, screenshot=shot.resolve(), path=page_file)
        save_page(page, page_file)
    else:
        page = existing
    sessions_dir.mkdir(exist_ok=True)
    for session, target in zip(sessions, targets, strict=True):
        save_session(replace(session, page_id=page.id), target)
    return page, targets
