"""The window's data of an archive (Qt-free): the same columns, maps, numbers and sessions as
the folder's, from the sessions table and the map-reduce, without reading it whole."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import DEMO

from viewer.analysis.density import GridSpec
from viewer.analysis.heatmaps import HeatmapSettings
from viewer.library import archive_read
from viewer.workspace.pages import load_recordings

PAGE = "brightside-desktop"


@pytest.fixture(scope="module")
def folder():
    return load_recordings(DEMO)


@pytest.fixture
def opened(demo_archive, monkeypatch):
    monkeypatch.setattr(archive_read, "read_archive", None)  # never read whole
    return load_recordings(demo_archive)


def test_the_archives_columns_are_the_folders(folder, opened):
    for page_id, want in folder.pages.items():
        got = opened.pages[page_id]
        assert len(got.sessions) == len(want.sessions)
        for name in ("duration_s", "events", "clicks", "deepest_px", "start"):
            np.testing.assert_array_equal(getattr(got.overview, name), getattr(want.overview, name))
        for name in ("ids", "devices", "variants", "tags_text", "search_text"):
            assert getattr(got.labels, name).tolist() == getattr(want.labels, name).tolist()
        for needle in ("", "D0001", "variant=b", "source=ad variant", "nothing like it"):
            got_found, want_found = got.labels.search(needle), want.labels.search(needle)
            np.testing.assert_array_equal(got_found, want_found)
        for name in ("interactions", "rage_bursts", "bounce", "active_s", "path_px"):
            np.testing.assert_array_equal(getattr(got.metrics, name), getattr(want.metrics, name))
        np.testing.assert_array_equal(got.columns.starts, want.columns.starts)
        assert got.starts() == want.starts()
        assert [r.name for r in got.regions] == [r.name for r in want.regions]
        some = want.sessions[7]
        assert got.index[some.id] == 7 and got.sessions[7].id == some.id
        assert len(got.sessions[7].events) == 0  # a row of the list: no events read
        assert got.session(7) == some  # replaying it reads its events


@pytest.mark.parametrize("kind", ["click", "move", "dwell", "scroll"])
def test_maps_region_numbers_and_picks_are_the_folders(folder, opened, kind):
    want, got = folder.pages[PAGE], opened.pages[PAGE]
    grid = GridSpec.for_page(want.page.width, want.page.height, 8)
    settings = HeatmapSettings.for_kind(kind)
    indices = np.flatnonzero(want.labels.variants == "B")
    a, facts_a = want.map_of(indices, settings, grid)
    b, facts_b = got.map_of(indices, settings, grid)
    assert a.raw.max() > 0 and facts_a == facts_b
    np.testing.assert_allclose(b.raw, a.raw, rtol=1e-9, atol=1e-15 * a.raw.max())
    assert (a.n_sessions, a.n_points, a.units) == (b.n_sessions, b.n_points, b.units)
    if kind == "click":
        for x, y in ((700, 500), (300, 2300)):
            np.testing.assert_array_equal(got.clicked_near(x, y, 40), want.clicked_near(x, y, 40))
        for rw, rg in zip(
            want.region_numbers(want.regions), got.region_numbers(got.regions), strict=True
        ):
            for f in ("clicks", "seen", "clicked", "hover_ms", "view_ms", "first_view"):
                np.testing.assert_array_equal(getattr(rg, f), getattr(rw, f))


def test_a_map_of_an_archive_reports_progress_and_can_be_cancelled(opened):
    from viewer.library import Cancelled

    data = opened.pages[PAGE]
    grid = GridSpec.for_page(data.page.width, data.page.height, 8)
    seen = []
    data.map_of(
        np.arange(len(data.sessions)),
        HeatmapSettings.for_kind("move"),
        grid,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen and seen[-1][0] == seen[-1][1] > 7  # seven months and their sums
    with pytest.raises(Cancelled):
        data.map_of(np.arange(10), HeatmapSettings(), grid, cancelled=lambda: True)
