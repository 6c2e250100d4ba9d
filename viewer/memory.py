"""Giving freed memory back to the operating system."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
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
