"""The archive's commands on a real dask.distributed cluster: a scheduler and two workers
started with Dask's own ``dask scheduler`` / ``dask worker`` commands, and a worker killed in
the middle of a job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import DEMO

from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import HeatmapSettings, compute_heatmap
from viewer.cli import main as cli_main
from viewer.engine.archive_maps import masses_task
from viewer.library.archive_open import Archive

distributed = pytest.importorskip("distributed")
PAGE = "brightside-desktop"


def _wait_for(predicate, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """``dask scheduler`` and two ``dask worker`` processes; yields the scheduler's address."""
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    dask = [str(Path(sys.executable).parent / "dask")]  # the command dask installs
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--port", "0", "--no-dashboard", "--scheduler-file", str(file)],
            **quiet,
        )
    ]
    try:
        _wait_for(file.is_file, "the scheduler file")
        address = json.loads(file.read_text())["address"]
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [*dask, "worker", address, "--nthreads", "1", "--no-dashboard"], **quiet
                )
            )
        with distributed.Client(address) as client:
            _wait_for(lambda: len(client.scheduler_info()["workers"]) == 2, "two workers")
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


def _json(capsys, *args) -> dict:
    assert cli_main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_commands_run_unchanged_on_dask_scheduler_and_dask_worker(
    demo_archive, dask_cluster, tmp_path, capsys
):
    for extra in (
        ["--by", "variant"],  # region numbers the archive keeps
        ["--by", "variant", "--min-view", "3"],  # other rules: region tasks on the workers
        ["--filter", "source=ad", "--trend", "month"],
    ):
        want = _json(capsys, "stats", str(DEMO), "--page", PAGE, *extra)
        got = _json(
            capsys, "stats", str(demo_archive), "--page", PAGE, *extra, "--scheduler", dask_cluster
        )
        assert got == want and got["groups"][0]["regions"]
    for kind in ("click", "move"):
        run = ["heatmap", "--page", PAGE, "--kind", kind, "--filter", "variant=B"]
        folder, cluster = tmp_path / f"f-{kind}.npy", tmp_path / f"c-{kind}.npy"
        assert (
            cli_main(
                [
                    run[0],
                    str(DEMO),
                    *run[1:],
                    "-o",
                    str(tmp_path / "f.png"),
                    "--density",
                    str(folder),
                    "--force",
                ]
            )
            == 0
        )
        os.environ["SESSION_VIEWER_SCHEDULER"] = dask_cluster  # the variable, not the option
        try:
            assert (
                cli_main(
                    [
                        run[0],
                        str(demo_archive),
                        *run[1:],
                        "-o",
                        str(tmp_path / "c.png"),
                        "--density",
                        str(cluster),
                        "--force",
                    ]
                )
                == 0
            )
        finally:
            del os.environ["SESSION_VIEWER_SCHEDULER"]
        want, got = np.load(folder), np.load(cluster)
        assert want.max() > 0
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-15 * want.max())


def test_a_worker_killed_in_the_middle_of_a_job_does_not_change_the_result(
    demo_archive, demo_library
):
    page = demo_library.page(PAGE)
    grid = GridSpec.for_page(page.width, page.height, 10)
    settings = HeatmapSettings.for_kind("move")
    want = compute_heatmap(demo_library.sessions_of(PAGE), page, settings, grid).raw
    from dask import delayed

    def slowly(masses):  # pickled by value: the workers need not import this module
        import time as _time

        _time.sleep(2.0)
        return masses

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        job = delayed(slowly)(masses_task(Archive(demo_archive), PAGE, settings, grid))
        future = client.compute(job)

        def running_slowly():
            for worker, keys in client.processing().items():
                if any("slowly" in str(k) for k in keys):
                    return worker
            return None

        worker = _wait_for(running_slowly, "the last task to start")
        pid = client.run(os.getpid, workers=[worker])[worker]
        os.kill(pid, signal.SIGKILL)  # its results and the running task are lost
        masses = future.result(timeout=120)
        # The killed worker is gone (its nanny started a new one): the job was run again.
        assert worker not in client.scheduler_info()["workers"]
    from viewer.analysis.density import density_of_masses

    got = density_of_masses(masses.binned, settings.sigma, grid)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-15 * want.max())
