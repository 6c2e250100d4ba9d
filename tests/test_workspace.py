"""The window's workspace is computed without Qt: opening the demo gives every page its sessions,
metrics, overview and regions (issue 14: pure logic out of the Qt modules)."""

from __future__ import annotations

import subprocess
import sys

from helpers import DEMO, REPO


def test_the_workspace_loads_without_qt():
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from viewer.workspace.pages import load_recordings\n"
        f"w = load_recordings(__import__('pathlib').Path({str(DEMO)!r}))\n"
        "d = w.pages['brightside-desktop']\n"
        "print(len(d.sessions), len(d.metrics), len(d.regions), d.index[d.sessions[0].id])"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    sessions, metrics, regions, first = r.stdout.split()
    assert sessions == metrics == "300" and int(regions) > 0 and first == "0"
