"""Write imported sessions as a native recordings folder: ``page.json``, the screenshot, and
``sessions/<id>.session.json.gz``. Every file is written atomically; nothing is overwritten
unless asked."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from viewer.fileio import atomic_write
from viewer.folder_write import building_folder
from viewer.recording.errors import RecordingError
from viewer.recording.model import Page, Session
from viewer.recording.native import load_page
from viewer.recording.native_write import save_page, save_session


def write_import(
    out: Path | str, page: Page, sessions: list[Session], force: bool = False
) -> tuple[Page, list[Path]]:
    """Write ``sessions`` of ``page`` into the folder ``out``, all or nothing.

    A new folder is built beside ``out`` and renamed into place; a folder that already holds
    this page (same id) gets the new sessions beside the old ones, by an atomic swap with a
    copy (of hard links) that has them, and keeps its page file and screenshot. A kill or a
    full disk at any moment leaves ``out`` as it was.

    Returns
    -------
    (page, files)
        The page as written (its screenshot inside ``out``) and the session files.

    Raises
    ------
    RecordingError
        ``out`` holds another page, holds files but no page, or a session file that exists
        already (without ``force``).
    """
    out = Path(out).absolute()
    page_file = out / "page.json"
    existing = load_page(page_file) if page_file.is_file() else None
    if existing is not None and existing.id != page.id:
        raise RecordingError(
            page_file,
            f"this folder holds page {existing.id!r}; import page {page.id!r} into another "
            f"folder (or give --page-id {existing.id})",
        )
    if existing is None and os.path.lexists(out):
        if not out.is_dir():
            raise RecordingError(out, "exists and is not a folder; nothing was written")
        if any(not name.startswith(".") for name in os.listdir(out)):
            raise RecordingError(
                out,
                "this folder has files but no page.json; import into a new or empty folder "
                "(nothing was written)",
            )
    names = [f"{s.id}.session.json.gz" for s in sessions]
    if not force:
        for name in names:
            if (out / "sessions" / name).exists():
                raise RecordingError(
                    out / "sessions" / name, "exists already; use --force to replace it"
                )
    with building_folder(out, keep_existing=existing is not None) as staging:
        if existing is None:
            shot = staging / f"screenshot{page.screenshot.suffix.lower() or '.png'}"
            atomic_write(shot, page.screenshot.read_bytes())
            save_page(
                replace(page, screenshot=shot, path=staging / "page.json"), staging / "page.json"
            )
            page = replace(page, screenshot=out / shot.name, path=page_file)
        else:
            page = existing
        (staging / "sessions").mkdir(exist_ok=True)
        for session, name in zip(sessions, names, strict=True):
            save_session(replace(session, page_id=page.id), staging / "sessions" / name)
    return page, [out / "sessions" / name for name in names]
