"""Maps of an archive computed on Dask equal the in-memory maps of the same sessions: on this
machine's threads and on a real two-process local cluster; months not asked for are not read."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import DEMO

from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import HeatmapSettings, compute_heatmap
from viewer.analysis.segments import Segment
from viewer.engine.archive_maps import archive_density, month_tasks
from viewer.library.archive_open import Archive

PAGE = "brightside-desktop"


def expected(demo_library, settings, grid, ids=None):
    sessions = [s for s in demo_library.sessions_of(PAGE) if ids is None or s.id in ids]
    return compute_heatmap(sessions, demo_library.page(PAGE), settings, grid).raw


@pytest.mark.parametrize("kind", ["click", "move", "dwell"])
def test_the_map_reduce_is_the_in_memory_map(demo_archive, demo_library, kind):
    page = demo_library.page(PAGE)
    grid = GridSpec.for_page(page.width, page.height, 10)
    settings = HeatmapSettings.for_kind(kind)
    got = archive_density(Archive(demo_archive), PAGE, settings, grid)
    want = expected(demo_library, settings, grid)
    assert want.max() > 0
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-15 * want.max())
    assert (
        len(month_tasks(Archive(demo_archive), PAGE, kind)) == 7
    )  # April to October: seven map tasks


def test_a_segment_is_pushed_down_to_the_tasks(demo_archive, demo_library):
    page = demo_library.page(PAGE)
    grid = GridSpec.for_page(page.width, page.height, 10)
    b = [s.id for s in demo_library.sessions_of(PAGE) if s.variant == "B"]
    settings = HeatmapSettings()
    opened = Archive(demo_archive)
    chosen = opened.sessions(PAGE, Segment.parse(["variant=B"]))
    got = archive_density(opened, PAGE, settings, grid, sessions=chosen)
    np.testing.assert_allclose(
        got, expected(demo_library, settings, grid, set(b)), rtol=1e-9, atol=1e-18
    )


def test_a_click_map_never_reads_the_moves_and_months_are_pruned(demo_archive):
    clicks = [f for files in month_tasks(Archive(demo_archive), PAGE, "click") for f in files]
    assert clicks and all("group=clicks" in f for f in clicks)
    moves = [f for files in month_tasks(Archive(demo_archive), PAGE, "move") for f in files]
    assert any("group=moves" in f for f in moves)
    one = month_tasks(Archive(demo_archive), PAGE, "click", months={"2026-05"})
    assert len(one) == 1 and all("month=2026-05" in f for f in one[0])


def test_the_same_work_on_a_two_process_local_cluster(demo_archive, demo_library):
    distributed = pytest.importorskip("distributed")
    page = demo_library.page(PAGE)
    grid = GridSpec.for_page(page.width, page.height, 10)
    settings = HeatmapSettings.for_kind("move")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        got = archive_density(Archive(demo_archive), PAGE, settings, grid, scheduler=client)
        by_address = archive_density(
            Archive(demo_archive), PAGE, settings, grid, scheduler=cluster.scheduler_address
        )
    want = expected(demo_library, settings, grid)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-15 * want.max())
    np.testing.assert_allclose(by_address, want, rtol=1e-9, atol=1e-15 * want.max())


def test_the_heatmap_command_on_dask_writes_the_in_memory_map(demo_archive, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    from viewer.cli import main as cli_main
    from viewer.render.export import read_metadata

    def run(name, *extra):
        out, npy = tmp_path / f"{name}.png", tmp_path / f"{name}.npy"
        args = [
            "heatmap",
            str(demo_archive),
            "--page",
            PAGE,
            "--kind",
            "move",
            "--filter",
            "variant=B",
        ]
        assert cli_main([*args, "-o", str(out), "--density", str(npy), *extra]) == 0
        return read_metadata(out), np.load(npy)

    meta, want = run("memory")
    meta_t, got_t = run("threads", "--scheduler", "threads")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        meta_c, got_c = run("cluster", "--scheduler", cluster.scheduler_address)
    for m, got in ((meta_t, got_t), (meta_c, got_c)):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-15 * want.max())
        assert (m["sessions"], m["points"]) == (meta["sessions"], meta["points"])
    capsys.readouterr()
    folder = ["heatmap", str(DEMO), "--page", PAGE, "-o", str(tmp_path / "x.png")]
    assert cli_main([*folder, "--scheduler", "threads"]) == 2
    assert "computes from an archive" in capsys.readouterr().err
