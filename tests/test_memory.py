"""Freed memory goes back to the system (where the C library can be asked)."""

from __future__ import annotations

import os
import sys

import pytest

from viewer.memory import give_back_free_memory

MiB = 1 << 20


def resident_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MiB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_heap_memory_is_given_back():
    # 2 KB objects come from the C heap (not Python's small-object arenas, not mmap): after
    # they are freed glibc keeps the pages, as it does after a closed folder's sessions.
    # Every 1000th is kept, so the heap cannot just shrink from its top: only the pages
    # between them can be given back.
    give_back_free_memory()  # earlier tests' freed pages would be reused without showing
    before = resident_mib()
    blocks = [bytes(2048) + str(i).encode() for i in range(100_000)]
    assert resident_mib() - before > 150
    kept = blocks[::1000]
    del blocks
    held = resident_mib()
    assert give_back_free_memory()
    assert held - resident_mib() > 150
    assert len(kept) == 100


def test_reading_a_folder_pauses_collections_and_always_resumes_them(tmp_path):
    import gc

    import pytest

    from viewer.memory import collections_paused

    seen = []
    with collections_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError), collections_paused():
        raise RuntimeError("a file could not be read")
    assert gc.isenabled()  # resumed after a failure too
    gc.unfreeze()
