"""Every module imports on its own, in a fresh interpreter: an import cycle that a test run hides
(because something else was imported first) still breaks a user's first command."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from helpers import REPO

import viewer


def modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(viewer.__path__, "viewer."))


def import_alone(name: str) -> tuple[str, int, str]:
    r = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, cwd=REPO
    )
    last_line = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    return name, r.returncode, last_line


def test_every_module_imports_first():
    names = [n for n in modules() if not n.endswith("__main__")]
    assert "viewer.importers.pages" in names and len(names) > 50
    with ThreadPoolExecutor(4) as pool:
        failed = [(n, err) for n, rc, err in pool.map(import_alone, names) if rc != 0]
    assert not failed, failed
