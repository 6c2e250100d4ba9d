"""Where the program may write: never over a recording, a page, a screenshot or a regions file.

Every command and dialog that writes a file asks :func:`check_output` first. A path that is (or
links to) a file of the opened recordings is refused outright; so is an existing file that looks
like anyone's recording data, even with ``--force``; any other existing file is replaced only
when the user said so (``--force``, or a confirmed save dialog).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from pathlib import Path

from viewer.fileio import FileReadError, open_regular

#: Names that only recordings, pages and regions files have.
_RECORDING_NAMES = ("page.json", "regions.json")
_RECORDING_SUFFIXES = (".session.json", ".session.json.gz", ".page.json")
#: How much of an existing file is looked at to tell whose it is.
_HEAD_BYTES = 64 * 1024


class OutputRefused(Exception):
    """An output path that must not be written; the message says why and what to do."""


def check_output(target: Path | str, protected: Iterable[Path] = (), force: bool = False) -> Path:
    """Check that ``target`` may be written; returns it resolved (links followed).

    Parameters
    ----------
    target
        The file the user asked us to write.
    protected
        Files that were read to produce the output (see :func:`files_of`); never written.
    force
        Replace an existing file that is not anyone's recording data (an earlier output).

    Raises
    ------
    OutputRefused
        ``target`` is one of ``protected``, looks like a recording, page, regions file or a
        page's screenshot, is a folder, or exists and ``force`` is not set.
    """
    target = Path(target)
    resolved = target.resolve()
    if resolved in {Path(p).resolve() for p in protected}:
        raise OutputRefused(
            f"{target} is one of the recordings you opened (or a page, screenshot or regions "
            "file of them); session-viewer never writes over them. Choose another file name; "
            "nothing was written"
        )
    if not os.path.lexists(resolved):
        return resolved
    if resolved.is_dir():
        raise OutputRefused(f"{target} is a folder; give the name of a file to write")
    whose = recording_data(resolved)
    if whose:
        raise OutputRefused(
            f"{target} is {whose}; session-viewer never replaces recording data, not even "
            "with --force. Choose another file name; nothing was written"
        )
    if not force:
        raise OutputRefused(f"{target} exists already; use --force to replace it")
    return resolved


def recording_data(path: Path) -> str:
    """What recording data ``path`` holds, in words ("a session file", ...), or ``""``.

    Judged by its name, by the first bytes of its content (inflated if gzip), and by whether a
    page file beside it or in a folder above names it as its screenshot.
    """
    name = path.name.lower()
    if name in _RECORDING_NAMES or name.endswith(_RECORDING_SUFFIXES):
        return "a recordings file (by its name)"
    try:
        with open_regular(path) as f:
            head = f.read(_HEAD_BYTES)
    except FileReadError:
        return "not a regular file"
    except OSError:
        return ""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(47).decompress(head, _HEAD_BYTES)
        except zlib.error:
            head = b""
    compact = head[:_HEAD_BYTES].replace(b" ", b"").replace(b"\n", b"")
    if b'"format":"session-viewer"' in compact:
        return "a session-viewer recording, page or regions file"
    if compact.startswith((b"[{", b'{"events":[{')) and b'"timestamp":' in compact:
        return "an rrweb recording"
    if _is_named_screenshot(path):
        return "the screenshot of a page"
    return ""


def _is_named_screenshot(path: Path) -> bool:
    """Whether a page file in ``path``'s folder (or up to three above) names it."""
    import msgspec

    resolved = path.resolve()
    for folder in [resolved.parent, *list(resolved.parent.parents)[:3]]:
        try:
            candidates = [folder / "page.json", *folder.glob("*.page.json")]
        except OSError:
            continue
        for page_file in candidates:
            try:
                with open_regular(page_file) as f:
                    doc = msgspec.json.decode(f.read(1 << 20))
            except (OSError, FileReadError, msgspec.DecodeError):
                continue
            if not isinstance(doc, dict):
                continue
            refs = [doc.get("screenshot")]
            variants = doc.get("variants")
            if isinstance(variants, dict):
                refs += [v.get("screenshot") for v in variants.values() if isinstance(v, dict)]
            for ref in refs:
                if isinstance(ref, str) and ref and (folder / ref).resolve() == resolved:
                    return True
    return False


def files_of_archive(archive) -> set[Path]:
    """Every file of an opened archive: its manifest and every file under the archive's
    folder (sessions, events, pages, screenshots, regions, and leftovers of killed writes)."""
    root = archive.root
    return {f.resolve() for f in root.rglob("*") if f.is_file()} | {
        (root / "manifest.json").resolve()
    }


def files_of(library) -> set[Path]:
    """Every file of an opened :class:`~viewer.library.folder.Library`: sessions, pages,
    screenshots (variants too), regions files, and the files that failed to load."""
    from viewer.analysis.regions import sidecar_path

    files: set[Path] = set()
    for page in library.pages:
        files.add(page.screenshot)
        files.update(page.variants.values())
        if page.path is not None:
            files.update({page.path, sidecar_path(page.path)})
    for session in library.all_sessions:
        if session.path is not None:
            files.add(session.path)
    files.update(p.path for p in library.problems)
    return {f.resolve() for f in files}
