"""Where an archive's files are read from: a local or shared folder, or any fsspec URL
(``s3://``, ``gs://``, ``abfs://`` once their fsspec package is installed; ``memory://``).

The Parquet files of a remote archive are read where they are, row group by row group (what a
task reads is what travels). Its manifest and pages (page files, screenshots, regions: a few
megabytes) are copied once into a local folder, keyed by the URL, so that everything that shows
a page works on them unchanged. A remote archive is read-only here: writing one is writing a
local archive and copying it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from viewer.fileio import atomic_write
from viewer.recording.errors import RecordingError


def is_url(root) -> bool:
    """Whether ``root`` names an archive by URL (``scheme://...``, not a local path)."""
    text = str(root)
    return "://" in text and not text.startswith("file://")


def local_path(root) -> Path:
    """A local root as a path (``file://`` URLs too)."""
    text = str(root)
    return Path(text[len("file://") :] if text.startswith("file://") else text)


def _fs(url: str):
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as e:  # no fsspec package for that scheme
        raise RecordingError(Path(url), f"cannot read this URL: {e}") from None


def parquet_file(root, rel: str) -> pq.ParquetFile:
    """The Parquet file ``rel`` of the archive at ``root`` (a path or a URL), opened."""
    if not is_url(root):
        return pq.ParquetFile(local_path(root) / rel)
    fs, base = _fs(str(root))
    return pq.ParquetFile(fs.open(f"{base.rstrip('/')}/{rel}", "rb"))


def cache_folder() -> Path:
    """Where the pages of remote archives are copied (``$SESSION_VIEWER_CACHE``, or the
    user's cache folder)."""
    base = os.environ.get("SESSION_VIEWER_CACHE") or Path.home() / ".cache" / "session-viewer"
    return Path(base) / "remote-archives"


def mirror(url: str) -> Path:
    """A local folder holding the manifest and pages of the archive at ``url`` (copied now:
    the manifest may have changed since the last look; pages are copied when missing).

    Raises
    ------
    RecordingError
        The URL cannot be read (no such archive, no fsspec package for its scheme, no access).
    """
    fs, base = _fs(url)
    base = base.rstrip("/")
    target = cache_folder() / hashlib.sha256(url.encode()).hexdigest()[:20]
    try:
        manifest = fs.cat_file(f"{base}/manifest.json")
        for remote in fs.find(f"{base}/pages"):
            rel = remote[len(base) + 1 :] if remote.startswith(base + "/") else None
            if rel is None or ".." in Path(rel).parts:
                continue  # not below the archive: never copied
            local = target / rel
            if not local.is_file() or local.stat().st_size != fs.size(remote):
                local.parent.mkdir(parents=True, exist_ok=True)
                partial = local.with_name(local.name + ".part")
                partial.write_bytes(fs.cat_file(remote))
                partial.replace(local)
    except (OSError, ValueError) as e:
        shutil.rmtree(target, ignore_errors=True)
        raise RecordingError(Path(url), f"the archive cannot be read: {e}") from None
    target.mkdir(parents=True, exist_ok=True)
    atomic_write(target / "manifest.json", manifest)
    return target


def remote_is_archive(url: str) -> bool:
    """Whether ``url`` holds an archive's manifest (False when it cannot be read)."""
    import json

    try:
        fs, base = _fs(url)
        doc = json.loads(fs.cat_file(f"{base.rstrip('/')}/manifest.json"))
    except (RecordingError, OSError, ValueError):
        return False
    from viewer.library.archive_format import FORMAT

    return isinstance(doc, dict) and doc.get("format") == FORMAT
