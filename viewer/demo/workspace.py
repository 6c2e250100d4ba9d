"""A working copy of the bundled demo, where the window may write.

The bundled recordings live inside the installed package (``site-packages``, read-only on a
system install): regions drawn on the demo and files exported next to it must not go there. The
window opens a copy in the user's data folder instead, made the first time and brought up to
date when the program's demo changes; regions drawn in the copy are kept across updates.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from viewer.demo import bundled_recordings
from viewer.fileio import atomic_write
from viewer.folder_write import building_folder

DATA_ENV = "SESSION_VIEWER_DATA"
MANIFEST = ".bundled.json"  # what was copied from where: size and mtime of each bundled file
KEPT = frozenset({"regions.json"})  # the user's own edits, never replaced by an update


def data_folder() -> Path:
    """Where the program keeps the user's data: ``$SESSION_VIEWER_DATA``, else
    ``$XDG_DATA_HOME/session-viewer``, else ``~/.local/share/session-viewer``."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "session-viewer"


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def demo_workspace(target: Path | None = None, source: Path | None = None) -> Path:
    """The demo's working copy (``target``, by default ``demo`` in :func:`data_folder`),
    made or updated from ``source`` (the bundled recordings) and returned.

    The first copy appears whole or not at all; an update replaces only the files the
    program's demo changed (a region file the user drew is kept).
    """
    source = Path(source or bundled_recordings())
    target = Path(target or data_folder() / "demo")
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    stamps = {p.as_posix(): _stamp(source / p) for p in files}
    if not target.exists():
        with building_folder(target) as staging:
            for rel in files:
                (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / rel, staging / rel)
            (staging / MANIFEST).write_text(json.dumps(stamps, sort_keys=True))
        return target
    try:
        copied = json.loads((target / MANIFEST).read_text())
    except (OSError, ValueError):
        copied = {}
    if copied == stamps:
        return target
    for rel in files:
        key, dst = rel.as_posix(), target / rel
        if copied.get(key) == stamps[key] and dst.exists():
            continue
        if rel.name in KEPT and dst.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(dst, (source / rel).read_bytes())
    atomic_write(target / MANIFEST, json.dumps(stamps, sort_keys=True).encode())
    return target


def demo_to_open() -> Path:
    """The demo folder the window opens: the working copy, or the bundled folder itself when no
    copy can be made (a read-only home; the window then refuses to write there)."""
    try:
        return demo_workspace()
    except OSError:
        return bundled_recordings()
