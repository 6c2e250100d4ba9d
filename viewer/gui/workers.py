"""Work off the GUI thread, with stale results dropped and slider drags settled first.

``Jobs.submit(kind, fn, on_done, on_error)`` runs ``fn`` on a thread pool and hands its result
to ``on_done`` (or a :class:`JobError`, with the exception itself, to ``on_error``) on the GUI
thread: each caller receives its own results, typed as its function returns them. Each kind of
job (``"load"``, ``"heatmap"``) has a generation counter: submitting a new job makes every older
job of that kind stale, and a stale job's result (or error) is thrown away instead of reaching
the window.
``Debouncer`` runs a callback once, a short while after the last of a burst of calls.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from viewer.fileio import WriteFailed
from viewer.recording.errors import RecordingError


@dataclass(frozen=True)
class JobError:
    """A job that raised: the exception itself, its message worded for the user, the traceback."""

    kind: str
    exception: BaseException
    message: str
    details: str


class _Signals(QObject):
    finished = Signal(str, int, object)  # kind, generation, result
    failed = Signal(str, int, object)  # kind, generation, JobError
    progress = Signal(str, int, int, int)  # kind, generation, done, total


class _Job(QRunnable):
    def __init__(self, jobs: Jobs, kind: str, generation: int, fn: Callable) -> None:
        super().__init__()
        self.jobs = jobs
        self.kind = kind
        self.generation = generation
        self.fn = fn

    def run(self) -> None:
        signals = self.jobs._signals
        try:
            result = self.fn(self.context)
        except Exception as e:  # reported to the window, never lost
            # Errors already worded for the user are shown as they are; others with their type.
            worded = isinstance(e, (WriteFailed, RecordingError))
            message = str(e) if worded else f"{type(e).__name__}: {e}"
            error = JobError(self.kind, e, message, traceback.format_exc())
            signals.failed.emit(self.kind, self.generation, error)
        else:
            signals.finished.emit(self.kind, self.generation, result)

    @property
    def context(self) -> JobContext:
        if not hasattr(self, "_context"):
            self._context = JobContext(self.jobs, self.kind, self.generation)
        return self._context


class JobContext:
    """Handed to a job function: report progress, and ask whether the job is still wanted."""

    def __init__(self, jobs: Jobs, kind: str, generation: int) -> None:
        self._jobs = jobs
        self.kind = kind
        self.generation = generation
        self._last = -1

    def progress(self, done: int, total: int) -> None:
        # At most ~200 updates per job, whatever the number of steps: a progress bar needs no
        # more, and each one crosses threads.
        step = (200 * done) // total if total else 0
        if step != self._last or done == total:
            self._last = step
            self._jobs._signals.progress.emit(self.kind, self.generation, done, total)

    def cancelled(self) -> bool:
        """True once a newer job of the same kind was submitted (stop early, cooperatively)."""
        return self._jobs.current(self.kind) != self.generation


class Jobs(QObject):
    """Runs job functions on a thread pool and delivers only the newest result of each kind.

    Signals
    -------
    finished(kind, result)
        The newest job of ``kind`` returned ``result`` (after its ``on_done``).
    failed(kind, message, details)
        The newest job of ``kind`` raised (after its ``on_error``).
    progress(kind, done, total)
        The newest job of ``kind`` reported progress.
    """

    finished = Signal(str, object)
    failed = Signal(str, str, str)
    progress = Signal(str, int, int)

    def __init__(self, parent: QObject | None = None, threads: int = 4) -> None:
        # Four: opening, the map, the numbers and an export can all be running (an archive's
        # numbers take minutes; the map must not wait behind them).
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._lock = threading.Lock()
        self._generation: dict[str, int] = {}
        self._running: dict[str, int] = {}
        self._signals = _Signals()
        # Queued across threads: these slots run on the GUI thread.
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self.dropped = 0  # stale results thrown away (for tests and curiosity)
        self._handlers: dict[tuple[str, int], tuple[Callable | None, Callable | None]] = {}

    def submit(
        self,
        kind: str,
        fn: Callable[[JobContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[JobError], None] | None = None,
    ) -> int:
        """Run ``fn(context)`` in the background; older jobs of ``kind`` become stale.

        ``on_done(result)`` or ``on_error(error)`` runs on the GUI thread, only if this job is
        still the newest of its kind when it ends.
        """
        with self._lock:
            generation = self._generation.get(kind, 0) + 1
            self._generation[kind] = generation
            self._running[kind] = self._running.get(kind, 0) + 1
            self._handlers[(kind, generation)] = (on_done, on_error)
        self._pool.start(_Job(self, kind, generation, fn))
        return generation

    def drop(self, *kinds: str) -> None:
        """Make the running jobs of ``kinds`` stale: their results are thrown away and their
        :meth:`JobContext.cancelled` turns true."""
        with self._lock:
            for kind in kinds:
                self._generation[kind] = self._generation.get(kind, 0) + 1

    def current(self, kind: str) -> int:
        with self._lock:
            return self._generation.get(kind, 0)

    def busy(self, kind: str | None = None) -> bool:
        with self._lock:
            if kind is None:
                return any(self._running.values())
            return self._running.get(kind, 0) > 0

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every job has finished (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _done(self, kind: str) -> None:
        with self._lock:
            self._running[kind] = max(0, self._running.get(kind, 0) - 1)

    def _on_finished(self, kind: str, generation: int, result: object) -> None:
        self._done(kind)
        on_done, _ = self._handlers.pop((kind, generation), (None, None))
        if generation != self.current(kind):
            self.dropped += 1
            return
        if on_done is not None:
            on_done(result)
        self.finished.emit(kind, result)

    def _on_failed(self, kind: str, generation: int, error: JobError) -> None:
        self._done(kind)
        _, on_error = self._handlers.pop((kind, generation), (None, None))
        if generation != self.current(kind):
            self.dropped += 1
            return
        if on_error is not None:
            on_error(error)
        self.failed.emit(kind, error.message, error.details)

    def _on_progress(self, kind: str, generation: int, done: int, total: int) -> None:
        if generation == self.current(kind):
            self.progress.emit(kind, done, total)


class Debouncer(QObject):
    """Call ``callback`` once, ``delay_ms`` after the last :meth:`trigger` of a burst."""

    def __init__(
        self, callback: Callable[[], None], delay_ms: int = 180, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(callback)

    def trigger(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        """Forget a pending call (the caller just did the work itself)."""
        self._timer.stop()

    def flush(self) -> None:
        """Run now if a call is pending."""
        if self._timer.isActive():
            self._timer.stop()
            self._timer.timeout.emit()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
