"""Giving freed memory back to the operating system."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import sys


@functools.cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def give_back_free_memory() -> bool:
    """Return the C heap's free pages to the system, where the allocator allows it.

    glibc keeps freed memory in its arenas for reuse, so after closing a large folder the
    process would otherwise stay as big as it was while the folder was open. Returns whether
    anything could be asked (False on other platforms, whose allocators return memory
    themselves or offer no such call).
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@contextlib.contextmanager
def collections_paused():
    """No cyclic garbage collection while a folder's files are read.

    Reading 10,000 files makes millions of objects that all stay alive; every full
    collection meanwhile scans all of them (60-120 ms each, holding the interpreter lock, so
    the window freezes that long) and frees nothing. Reference counting still frees
    everything as usual (closing the folder frees it all). Afterwards what was read is moved
    out of the collector's sight (``gc.freeze``): catching up on it would be one more long
    scan that frees nothing.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()
