"""The window's exports never write over the recordings it opened (issue 12, item 1)."""

from __future__ import annotations

import hashlib

from helpers import open_and_wait


def test_exports_refuse_the_files_of_the_opened_recordings(window, qtbot, demo_copy):
    open_and_wait(window, qtbot, demo_copy / "brightside-mobile")
    page = window.pages.current.page
    session = window.pages.current.sessions[0]
    targets = [session.path, page.path, page.screenshot]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets}
    for target in targets:
        window.export_to(target)
        assert window.refused_box.isVisible()
        assert "never writes over them" in window.refused_box.text()
        window.refused_box.close()
    assert not window.jobs.busy()  # nothing was even started
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets} == before
    # Elsewhere, the export goes ahead (the save dialog has asked before replacing a file).
    out = demo_copy.parent / "map.png"
    with qtbot.waitSignal(window.exported, timeout=60_000):
        window.export_to(out)
    assert out.stat().st_size > 0
