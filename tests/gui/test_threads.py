"""Background jobs: stale results are dropped, bursts are debounced, threads do not crash Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from helpers import REPO

from viewer.gui.workers import Debouncer, Jobs


def test_only_the_newest_result_of_a_kind_arrives(qtbot):
    jobs = Jobs()
    release = threading.Event()
    got = []
    jobs.finished.connect(lambda kind, result: got.append((kind, result)))

    def slow(ctx):
        release.wait(10)
        return "old"

    jobs.submit("heatmap", slow)
    jobs.submit("heatmap", lambda ctx: "new")
    jobs.submit("other", lambda ctx: "independent")
    release.set()
    qtbot.waitUntil(lambda: ("other", "independent") in got and ("heatmap", "new") in got)
    qtbot.waitUntil(lambda: not jobs.busy(), timeout=10_000)
    assert ("heatmap", "new") in got and ("other", "independent") in got
    assert ("heatmap", "old") not in got
    assert jobs.dropped == 1


def test_a_job_can_see_that_it_is_no_longer_wanted(qtbot):
    jobs = Jobs()
    seen = []
    started = threading.Event()
    go_on = threading.Event()

    def job(ctx):
        started.set()
        go_on.wait(10)
        seen.append(ctx.cancelled())
        return None

    jobs.submit("load", job)
    started.wait(10)
    jobs.submit("load", lambda ctx: None)
    go_on.set()
    qtbot.waitUntil(lambda: not jobs.busy(), timeout=10_000)
    assert seen == [True]


def test_failures_are_reported_with_their_traceback(qtbot):
    jobs = Jobs()

    def broken(ctx):
        raise ValueError("bad input")

    with qtbot.waitSignal(jobs.failed, timeout=10_000) as blocker:
        jobs.submit("export", broken)
    kind, message, details = blocker.args
    assert kind == "export" and message == "ValueError: bad input"
    assert "Traceback" in details and "broken" in details


def test_debouncer_runs_once_after_a_burst(qtbot):
    calls = []
    d = Debouncer(lambda: calls.append(1), delay_ms=50)
    for _ in range(30):
        d.trigger()
    assert d.pending and calls == []
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    assert not d.pending  # nothing left that could run it again
    assert calls == [1]


def test_many_signals_from_worker_threads_do_not_crash_qt():
    """PySide6 6.12.0 aborted Python 3.11 after a few hundred cross-thread emits."""
    code = textwrap.dedent(
        """
        import os, threading
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from viewer.gui.workers import Jobs
        app = QApplication([])
        jobs = Jobs()
        def job(ctx):
            for i in range(3000):
                ctx.progress(i % 200, 200)  # a new step each time: every call crosses threads
            return "done"
        got = []
        jobs.finished.connect(lambda k, r: got.append(r))
        for _ in range(3):
            jobs.submit("x", job)
        jobs.wait(30000)
        for _ in range(50):
            app.processEvents()
        print(got)
        """
    )
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "done" in r.stdout


def test_each_job_hands_its_result_or_its_exception_to_its_own_handlers(qtbot):
    from viewer.gui.workers import JobError

    jobs = Jobs()
    done, errors, stale = [], [], []
    release = threading.Event()

    def slow(ctx):
        release.wait(10)
        return "old"

    jobs.submit("heatmap", slow, stale.append, stale.append)
    jobs.submit("heatmap", lambda ctx: ("new", 1), done.append, errors.append)

    def boom(ctx):
        raise KeyError("missing")

    jobs.submit("export", boom, done.append, errors.append)
    release.set()
    qtbot.waitUntil(lambda: len(done) == 1 and len(errors) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not jobs.busy(), timeout=10_000)
    assert done == [("new", 1)]  # as the function returned it, not a broadcast to filter
    (error,) = errors
    assert isinstance(error, JobError) and isinstance(error.exception, KeyError)
    assert error.kind == "export" and "KeyError" in error.message and "boom" in error.details
    assert stale == []  # the superseded job's handlers never ran
