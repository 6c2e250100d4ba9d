"""Running an archive's map tasks on Dask: this machine's threads, or a cluster.

``scheduler`` everywhere in :mod:`viewer.engine` is None or ``"threads"`` (this machine's cores,
no cluster), an address such as ``tcp://HOST:8786`` of a running ``dask scheduler``, or a
``distributed.Client``.
"""

from __future__ import annotations

import operator


def tree_sum(tasks: list):
    """One delayed sum of ``tasks``, added in pairs (no task holds every partition's result)."""
    from dask import delayed

    while len(tasks) > 1:
        tasks = [
            delayed(operator.add)(tasks[i], tasks[i + 1]) if i + 1 < len(tasks) else tasks[i]
            for i in range(0, len(tasks), 2)
        ]
    return tasks[0]


def compute(task, scheduler=None, progress=None, cancelled=None, threads: int | None = None):
    """The value of one delayed ``task`` on ``scheduler``.

    On this machine's threads, ``progress(done, total)`` is called as tasks finish and
    ``cancelled()`` asked before each starts (True: :class:`~viewer.library.Cancelled` is
    raised and the rest is not run). On a cluster a task whose worker dies is run again on
    another (Dask keeps the graph); the result is the same. ``threads``: at most this many of
    this machine's threads (a long job in the background leaves the others to the maps).
    """
    if scheduler is None or scheduler == "threads":
        # Dask's threaded scheduler itself: dask.compute would import dask.distributed first
        # (0.3-0.5 s, more than a segment's whole map).
        from dask.threaded import get

        with _watch(progress, cancelled):
            return get(task.__dask_graph__(), task.key, num_workers=threads)
    if isinstance(scheduler, str):
        from distributed import Client

        with Client(scheduler) as client:
            return client.compute(task).result()
    return scheduler.compute(task).result()


def compute_all(tasks: list, scheduler=None, threads: int | None = None, cancelled=None) -> list:
    """The values of delayed ``tasks`` (in order) on ``scheduler`` (see :func:`compute`)."""
    if not tasks:
        return []
    if scheduler is None or scheduler == "threads":
        from dask import delayed

        return list(compute(delayed(_gather)(*tasks), threads=threads, cancelled=cancelled))
    if isinstance(scheduler, str):
        from distributed import Client

        with Client(scheduler) as client:
            return client.gather(client.compute(tasks))
    return scheduler.gather(scheduler.compute(tasks))


def _watch(progress, cancelled):
    """A Dask local-scheduler callback that reports progress and stops on cancel."""
    from dask.callbacks import Callback

    from viewer.library import Cancelled

    class Watch(Callback):
        def _start_state(self, dsk, state):
            self.total = sum(len(state[k]) for k in ("ready", "waiting", "running"))
            self.done = 0

        def _pretask(self, key, dsk, state):
            if cancelled is not None and cancelled():
                raise Cancelled()

        def _posttask(self, key, result, dsk, state, worker_id):
            self.done += 1
            if progress is not None:
                progress(self.done, max(self.total, self.done))

    return Watch()


def _gather(*values):
    return values
