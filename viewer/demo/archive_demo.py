"""The demo generator writing straight into an archive, for sessions by the million.

Sessions are simulated in worker processes, a batch at a time (the next batch is simulated while
the last one is written), and each batch is added to the archive as one write: no JSON file is
made, and the archive is whole after each batch (a killed run keeps the batches written).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from viewer.demo.generate import DEFAULT_SEED, PAGES, make_session, write_page
from viewer.library.archive_write import Added, add_to_archive


def _simulate(job):
    spec, seed, index = job
    return make_session(spec, seed, index)


def generate_archive(
    out: Path | str,
    desktop: int = 300,
    mobile: int = 160,
    seed: int = DEFAULT_SEED,
    workers: int = 1,
    batch: int = 50_000,
    progress: Callable[[int, int], None] | None = None,
) -> Added:
    """Add the demo's pages and ``desktop`` + ``mobile`` simulated sessions to the archive at
    ``out`` (made if missing; sessions already there are skipped, so a killed run can be run
    again to finish). The sessions are those :func:`~viewer.demo.generate.generate` writes
    to a folder with the same counts and seed."""
    counts = {"desktop": desktop, "mobile": mobile}
    jobs = [(spec, seed, i) for spec in PAGES for i in range(counts[spec.layout])]
    batches = [jobs[i : i + batch] for i in range(0, len(jobs), batch)] or [[]]
    added = skipped = new_pages = done = 0
    with tempfile.TemporaryDirectory() as tmp:
        pages = [write_page(spec, Path(tmp) / spec.id) for spec in PAGES]
        with ProcessPoolExecutor(max(1, workers)) as pool:

            def start(b):
                return pool.map(_simulate, b, chunksize=256) if workers > 1 else map(_simulate, b)

            pending = start(batches[0])
            for k in range(len(batches)):
                sessions = list(pending)
                if k + 1 < len(batches):
                    pending = start(batches[k + 1])
                result = add_to_archive(out, pages if k == 0 else [], sessions)
                added, skipped = added + result.sessions, skipped + result.skipped
                new_pages += result.pages
                done += len(sessions)
                if progress:
                    progress(done, len(jobs))
    return Added(added, skipped, new_pages)
