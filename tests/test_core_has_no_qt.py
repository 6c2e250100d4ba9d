"""The core never imports Qt: every module outside viewer.gui imports with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO

SCRIPT = r"""
import importlib, pkgutil, sys
sys.modules["PySide6"] = None  # any `import PySide6...` now raises ImportError
import viewer
names = [m.name for m in pkgutil.walk_packages(viewer.__path__, "viewer.")
         if ".gui" not in m.name and not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
assert not any(k.startswith("PySide6.") for k in sys.modules), "a Qt module was loaded"
print(len(names))
"""


def test_core_modules_import_without_qt():
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) >= 10


def test_command_line_never_loads_qt():
    code = (
        "import sys, viewer.cli; viewer.cli.main(['info', 'recordings']); "
        "print('PySide6' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("False")
