"""Reading and writing files safely: bounded gzip inflation and atomic writes.

Every file the application writes goes through :func:`atomic_write`: the bytes go to a temporary
file beside the target, are flushed to disk, and replace the target in one rename, so a crash or a
full disk leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


class FileReadError(Exception):
    """A file could not be read or inflated; the message is worded for the user."""


class WriteFailed(OSError):
    """A file could not be written; nothing was changed (the message says where and why)."""

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}; nothing was changed there"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read a regular file, inflating gzip transparently (by its magic bytes, not its name).

    Parameters
    ----------
    path
        The file. Named pipes, devices and sockets are refused without blocking on them.
    max_bytes
        Refuse files whose (inflated) content is larger; checked while inflating, so a gzip bomb
        never allocates more than ``max_bytes`` plus one chunk, and gzip data followed by
        padding is never read past ``max_bytes`` either.

    Raises
    ------
    FileReadError
        Missing, not a regular file, unreadable, too large, truncated or corrupt.
    """
    try:
        with open_regular(path) as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(2)
            f.seek(0)
            if head == GZIP_MAGIC:
                if size > max_bytes + _CHUNK:
                    raise FileReadError(
                        f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes"
                    )
                return _inflate(f, max_bytes)
            if size > max_bytes:
                raise FileReadError(
                    f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes"
                )
            # Read what the file holds now (a read of max_bytes would reserve max_bytes), then
            # whatever it grew by while we read, a chunk at a time, up to the limit.
            parts = [f.read(size)]
            total = len(parts[0])
            while more := f.read(_CHUNK):
                total += len(more)
                if total > max_bytes:
                    break
                parts.append(more)
            data = parts[0] if len(parts) == 1 else b"".join(parts)
            if total > max_bytes:
                raise FileReadError(f"file is over the limit of {max_bytes:,} bytes")
    except FileNotFoundError:
        raise FileReadError("file not found (it may have been moved or deleted)") from None
    except IsADirectoryError:
        raise FileReadError("is a folder, not a file") from None
    except PermissionError:
        raise FileReadError("permission denied") from None
    except OSError as e:
        raise FileReadError(f"cannot read the file ({e.strerror or e})") from None
    return data


def open_regular(path: Path | str) -> BinaryIO:
    """Open a file for reading only if it is a regular file (never blocks on a named pipe).

    Raises
    ------
    FileReadError
        A named pipe, device, socket or folder.
    OSError
        Missing or unreadable.
    """
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise FileReadError(f"{describe_mode(mode)}, not a regular file; only files are read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def describe_mode(mode: int) -> str:
    """What kind of file a ``st_mode`` is, in words ("a named pipe (FIFO)", ...)."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def _inflate(f: BinaryIO, max_bytes: int) -> bytes:
    # wbits=47 (32 + 15) accepts a gzip or zlib header. Several gzip members in a row are read
    # one after another, as `gzip` does; zero padding after the last one is allowed.
    out = bytearray()
    d = zlib.decompressobj(47)
    pending = b""
    while True:
        if d.eof:
            rest = d.unused_data
            if len(rest) < len(GZIP_MAGIC):
                rest += f.read(_CHUNK)
            if rest.startswith(GZIP_MAGIC):
                d, pending = zlib.decompressobj(47), rest
                continue
            # Zero padding after the last member is allowed, but only as far as the limit.
            padding = len(rest)
            while rest and not rest.strip(b"\x00") and padding <= max_bytes:
                rest = f.read(_CHUNK)
                padding += len(rest)
            if padding > max_bytes:
                raise FileReadError(f"more than {max_bytes:,} bytes of padding after the gzip data")
            if rest:
                raise FileReadError("unexpected bytes after the end of the gzip data")
            return bytes(out)
        if not pending:
            pending = f.read(_CHUNK)
            if not pending:
                raise FileReadError("the gzip data ends early (the file is truncated)")
        try:
            # At most a chunk at a time: inflated bytes are never held twice (the chunk and
            # the output) beyond one chunk. max_length is never 0 (0 would mean "no limit").
            out += d.decompress(pending, min(_CHUNK * 16, max_bytes + 1 - len(out)))
        except zlib.error as e:
            raise FileReadError(f"corrupt gzip data ({e})") from None
        if len(out) > max_bytes:
            raise FileReadError(
                f"inflates to more than the limit of {max_bytes:,} bytes (refused while inflating)"
            )
        pending = d.unconsumed_tail


def atomic_write(path: Path | str, data: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename).

    Parameters
    ----------
    path
        The target; its folder must exist.
    data
        The bytes, or a function that writes into the binary file object it is given
        (for writers such as Pillow's ``Image.save``).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    WriteFailed
        (an OSError) When the folder is not writable or the disk is full; the target is then
        untouched and no temporary file is left behind.
    """
    path = Path(path)
    _remove_stale_parts(path)
    try:
        # The pid in the name tells a later run whose temporary file a killed run left behind.
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent
        )
    except OSError as e:
        raise WriteFailed(e.errno, e.strerror or str(e), str(path)) from e
    try:
        with os.fdopen(fd, "wb") as f:
            if callable(data):
                data(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates 0600; give the file the permissions a normal new file would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError) and not isinstance(e, WriteFailed):
            raise WriteFailed(e.errno, e.strerror or str(e), str(path)) from e
        raise
    fsync_dir(path.parent)
    return path


_PART_NAME = re.compile(r"\..+\.(\d+)\.[a-z0-9_]{8}\.part")
_CLEANED: set[Path] = set()  # folders whose leftovers this process has removed already


def _remove_stale_parts(path: Path) -> None:
    """Remove the temporary files that runs killed mid-write left in ``path``'s folder (their
    process is gone); a write under way in another process is left alone. Once per folder and
    process: an import writes thousands of files into one folder, and each listing costs."""
    folder = path.parent
    if folder in _CLEANED:
        return
    _CLEANED.add(folder)
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".part")]
    except OSError:
        return
    for name in names:
        # Only names atomic_write makes: ".{target}.{pid}.{8 random characters}.part".
        m = _PART_NAME.fullmatch(name)
        if m and not process_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (this one does; one we may not signal counts as
    running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable; not every platform lets a folder be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
