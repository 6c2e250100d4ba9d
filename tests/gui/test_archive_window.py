"""The window on an archive: it opens as its sessions table, its map is the folder's, a map
can be stopped, and replaying a session reads that session's events alone."""

from __future__ import annotations

import numpy as np
from helpers import LOAD_TIMEOUT
from PySide6.QtCore import QCoreApplication

from viewer.library import archive_read
from viewer.library.archive_open import Archive
from viewer.workspace.archive_pages import ArchivePageData


def test_the_window_on_an_archive_shows_the_folders_map_and_replays_from_it(
    window, demo_archive, demo_library, qtbot, monkeypatch
):
    monkeypatch.setattr(archive_read, "read_archive", None)  # never read whole
    with qtbot.waitSignals([window.heatmap_shown, window.page_shown], timeout=LOAD_TIMEOUT):
        window.open_path(demo_archive)
    data = window.pages.current
    assert isinstance(data, ArchivePageData)
    assert window.browser.model.rowCount() == 300
    shown = window.heatmaps.heatmap
    assert shown.n_sessions == 300 and shown.n_points == 301  # the demo's desktop clicks
    # The list shows rows of the table (no events read for them).
    row = window.browser.model.session_at(0)
    assert len(row.events) == 0
    read = []
    real = Archive.events
    monkeypatch.setattr(
        Archive,
        "events",
        lambda self, page, sids, **k: read.append(list(sids)) or real(self, page, sids, **k),
    )
    window.replays.play(row)
    played = window.replay.playhead.session
    want = next(s for s in demo_library.sessions_of("brightside-desktop") if s.id == row.id)
    assert played == want and len(played.events) > 0
    assert len(read) == 1 and len(read[0]) == 1  # that one session's events, alone
    window.replays.exit()


def test_a_map_of_an_archive_can_be_stopped(window, demo_archive, qtbot):
    with qtbot.waitSignals([window.heatmap_shown, window.page_shown], timeout=LOAD_TIMEOUT):
        window.open_path(demo_archive)
    before = window.heatmaps.heatmap
    window.state.update(heatmap=window.state.heatmap.with_(kind="move"))
    window.heatmaps.request()  # at once, not after the settle delay
    window.pages.stop_map()
    window.jobs.wait(30_000)
    QCoreApplication.processEvents()  # deliver any result it sent (it must be thrown away)
    assert window.heatmaps.heatmap is before  # the map shown stays; the stopped one never comes
    assert np.isfinite(before.raw).all()


def test_the_numbers_of_an_archive_say_they_are_coming_until_they_come(window, demo_archive, qtbot):
    panel = window.metrics.panel
    with qtbot.waitSignal(window.pages.page_changed, timeout=LOAD_TIMEOUT):
        window.open_path(demo_archive)
    # Before its first map, the page's numbers have not started: the panel says so (and
    # shows no other page's numbers).
    assert panel.title.text().startswith("Computing the numbers of")
    assert panel.metrics.rowCount() == 0
    with qtbot.waitSignal(window.metrics.numbers_shown, timeout=LOAD_TIMEOUT):
        pass
    assert not panel.title.text().startswith("Computing")
    assert panel.metrics.rowCount() > 5 and panel.regions.rowCount() == 9
