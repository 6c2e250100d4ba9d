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


def package_of(module: str) -> str:
    """``viewer.recording.native`` -> ``recording``; root modules are their own package."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def package_imports() -> dict[str, set[str]]:
    """Which packages of viewer each package imports (at any place in its modules)."""
    import ast

    graph: dict[str, set[str]] = {}
    for path in (REPO / "viewer").rglob("*.py"):
        rel = path.relative_to(REPO).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        me = package_of(name)
        graph.setdefault(me, set())
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for t in targets:
                if t.startswith("viewer.") and package_of(t) != me:
                    graph[me].add(package_of(t))
    return graph


def test_no_two_packages_import_each_other_even_indirectly():
    graph = package_imports()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    cycles = sorted({tuple(sorted((a, b))) for a in graph for b in graph[a] if reaches(b, a)})
    assert cycles == [], cycles
    # The layers the design names: the native format below the importers, both below opening.
    assert "importers" not in graph["recording"] and "library" not in graph["recording"]
    # Only the window's own package imports Qt's side; the command line starts it for `open`.
    assert {k for k, v in graph.items() if "gui" in v} <= {"cli"}


def test_no_package_init_defers_imports_with_getattr():
    inits = sorted((REPO / "viewer").rglob("__init__.py"))
    assert inits and not [p for p in inits if "__getattr__" in p.read_text()]
