"""The density's floor, binning: ours compiled and in numpy against datashader's count.

On the page of the heatmap benchmark (1440 x 6000 CSS px, 5 px output cells, sigma 20 px,
clustered points), side by side in one run:

* ours: ``binned_masses`` (quadratic B-spline weights onto the sigma/3 working grid), compiled
  with numba, and the same in numpy (``compiled=False``);
* ours whole: ``kernel_density`` (binning + smoothing + evaluation at every 5 px cell);
* datashader: ``Canvas.points(...).count()`` on the 288 x 1200 output cells: a plain count of
  points per cell, no kernel at all (the floor the issue measures against).

Target (issue 16): ours within 3x of datashader's count at 1e6 and 1e7 points, at the
density's 0.2 % accuracy (unchanged: the masses equal the numpy version's, a test says so).
"""

from __future__ import annotations

import subprocess
import sys

from bench_heatmap import CELL, SIGMA, H, W, clustered_points
from timing import median_time, table

from viewer.analysis import binning
from viewer.analysis.density import GridSpec, _Axis, binned_masses, kernel_density

SIZES = (1_000_000, 10_000_000)


def ensure_datashader() -> bool:
    try:
        import datashader  # noqa: F401
    except ImportError:
        print("   installing the peer for the benchmark: datashader", flush=True)
        done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "datashader"])
        if done.returncode != 0:
            return False
    return True


def run() -> None:
    have_ds = ensure_datashader()
    grid = GridSpec.for_page(W, H, CELL)
    binning.warm_up()
    rows = []
    for n in SIZES:
        x, y = clustered_points(n)
        ax, ay = _Axis.plan(0, W, SIGMA), _Axis.plan(0, H, SIGMA)
        args = (ax.origin, ay.origin, ax.spacing, ay.spacing, ax.nodes, ay.nodes)
        t_fast = median_time(lambda x=x, y=y: binned_masses(x, y, None, SIGMA, grid))
        t_numpy = median_time(
            lambda x=x, y=y, a=args: binning.bin_points(x, y, None, *a, compiled=False), repeat=3
        )
        t_whole = median_time(lambda x=x, y=y: kernel_density(x, y, None, SIGMA, grid))
        t_ds = float("nan")
        if have_ds:
            import datashader as ds
            import pandas as pd

            frame = pd.DataFrame({"x": x, "y": y})
            canvas = ds.Canvas(
                plot_width=grid.shape[1], plot_height=grid.shape[0], x_range=(0, W), y_range=(0, H)
            )
            t_ds = median_time(lambda c=canvas, f=frame: c.points(f, "x", "y", ds.count()))
        for name, t in (
            ("ours: binning, compiled", t_fast),
            ("ours: binning, numpy", t_numpy),
            ("ours: whole density (bin + smooth + 345,600 cells)", t_whole),
            ("datashader: count per cell (no kernel)", t_ds),
        ):
            rows.append([f"{n:,}", name, f"{t * 1e3:.1f} ms", f"{t / t_ds:.2f}x"])
        print(f"   N = {n:,} done", flush=True)
    print(table(rows, ["N", "method", "median", "vs datashader count"]))
