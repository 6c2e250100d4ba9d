"""Folders that appear whole or not at all.

:func:`building_folder` gives a hidden staging folder beside the target; the caller writes into
it; on success the staging folder takes the target's place in one rename (an atomic exchange
when the target exists), and on any failure it is removed. A kill at any moment leaves the
target as it was, plus at most a hidden staging folder that the next run removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from viewer.fileio import fsync_dir, process_alive

_STAGING = ".building"
_OLD = ".replaced"
_RENAME_EXCHANGE = 2  # linux/fs.h


@contextlib.contextmanager
def building_folder(target: Path | str, keep_existing: bool = False) -> Iterator[Path]:
    """Build ``target`` in a staging folder and put it in place only when the block succeeds.

    Parameters
    ----------
    target
        The folder to create or replace.
    keep_existing
        Start the staging folder with the target's current files (hard links, so nothing is
        copied; files are only ever replaced by rename, never changed in place), for adding
        files to a folder that exists.

    Yields
    ------
    Path
        The staging folder to write into.
    """
    target = Path(target).absolute()
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=_STAGING, dir=parent)
    )
    try:
        # mkdtemp makes the folder private (0700); give it what a new folder would have.
        umask = os.umask(0)
        os.umask(umask)
        mode = target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~umask
        os.chmod(staging, mode)
        if keep_existing and target.is_dir():
            _link_tree(target, staging)
        yield staging
        _fsync_tree_dirs(staging)
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # after an exchange: the target's old files
    fsync_dir(parent)


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    # No atomic exchange here: move the old folder aside, then the new one in. A kill between
    # the two renames leaves the old folder under a hidden name, put back by remove_stale().
    aside = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=_OLD, dir=target.parent)
    )
    os.rmdir(aside)
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(aside, target)
        raise
    os.rename(aside, staging)  # removed by the caller with the staging folder


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def remove_stale(target: Path) -> None:
    """Remove staging folders of ``target`` left by runs that were killed; put back an old
    folder that a killed run had moved aside."""
    parent = target.parent
    try:
        names = os.listdir(parent)
    except OSError:
        return
    prefix = f".{target.name}."
    for name in names:
        if not name.startswith(prefix) or not name.endswith((_STAGING, _OLD)):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        path = parent / name
        if name.endswith(_OLD) and not target.exists():
            os.rename(path, target)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _link_tree(src: Path, dst: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        (dst / rel).mkdir(exist_ok=True)
        for name in filenames:
            if name.startswith("."):
                continue  # temporary files of ours
            s, d = Path(dirpath) / name, dst / rel / name
            try:
                os.link(s, d, follow_symlinks=False)
            except OSError:
                shutil.copy2(s, d, follow_symlinks=False)


def _fsync_tree_dirs(root: Path) -> None:
    for dirpath, _, _ in os.walk(root):
        fsync_dir(Path(dirpath))
