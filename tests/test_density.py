"""The kernel density: exact to 0.2 % of the peak, points add up, nothing wraps around."""

from __future__ import annotations

import math

import numpy as np
import pytest

from viewer.analysis.density import GridSpec, exact_density, kernel_density

TOLERANCE = 0.002  # of the exact peak


def max_error(x, y, w, sigma, grid) -> float:
    ours = kernel_density(x, y, w, sigma, grid)
    exact = exact_density(x, y, w, sigma, grid)
    return float(np.abs(ours - exact).max() / exact.max())


@pytest.mark.parametrize("cell", [0.5, 1.0, 2.0, 3.0, 5.0, 6.7, 10.0, 25.0])
def test_single_points_anywhere_match_direct_summation(cell):
    rng = np.random.default_rng(int(cell * 10))
    grid = GridSpec.for_page(400, 300, cell)
    worst = max(
        max_error(rng.uniform(40, 360, 1), rng.uniform(40, 260, 1), None, 20.0, grid)
        for _ in range(25)
    )
    assert worst <= TOLERANCE


@pytest.mark.parametrize("sigma", [3.0, 8.0, 20.0, 55.0])
def test_clustered_weighted_points_match_direct_summation(sigma):
    rng = np.random.default_rng(7)
    n = 400
    centres = rng.uniform([50, 50], [750, 550], (6, 2))
    pick = rng.integers(0, 6, n)
    pts = centres[pick] + rng.normal(0, 1, (n, 2)) * rng.uniform(2, 40, 6)[pick, None]
    w = rng.uniform(0.1, 3.0, n)
    grid = GridSpec.for_page(800, 600, max(1.0, sigma / 4))
    assert max_error(pts[:, 0], pts[:, 1], w, sigma, grid) <= TOLERANCE


def test_exact_values_of_one_point():
    """At the point itself the density is 1 / (2 pi sigma^2); one sigma away, e^-0.5 of that."""
    grid = GridSpec(200, 200, (200, 200))  # 1 px cells, centres at .5
    d = kernel_density(np.array([100.5]), np.array([80.5]), None, 10.0, grid)
    peak = 1 / (2 * math.pi * 100)
    assert d[80, 100] == pytest.approx(peak, rel=TOLERANCE)
    assert d[80, 110] == pytest.approx(peak * math.exp(-0.5), rel=TOLERANCE)
    assert d[90, 100] == pytest.approx(peak * math.exp(-0.5), rel=TOLERANCE)


def test_the_peak_is_under_the_click():
    grid = GridSpec(300, 200, (200, 300))
    for x, y in [(123.4, 56.7), (10.2, 190.9), (299.0, 0.5)]:
        d = kernel_density(np.array([x]), np.array([y]), None, 12.0, grid)
        row, col = np.unravel_index(np.argmax(d), d.shape)
        assert (col, row) == (int(x), int(y))


def test_points_add_up_and_do_not_saturate():
    rng = np.random.default_rng(3)
    grid = GridSpec.for_page(500, 500, 2)
    ax, ay = rng.uniform(100, 400, 50), rng.uniform(100, 400, 50)
    bx, by = rng.uniform(100, 400, 70), rng.uniform(100, 400, 70)
    da = kernel_density(ax, ay, None, 15, grid)
    db = kernel_density(bx, by, None, 15, grid)
    both = kernel_density(np.concatenate([ax, bx]), np.concatenate([ay, by]), None, 15, grid)
    assert np.allclose(both, da + db, rtol=1e-5, atol=1e-12)
    # Ten clicks on one spot make exactly ten times the density of one.
    one = kernel_density(np.array([250.0]), np.array([250.0]), None, 15, grid)
    ten = kernel_density(np.full(10, 250.0), np.full(10, 250.0), None, 15, grid)
    assert np.allclose(ten, 10 * one, rtol=1e-5, atol=1e-12)


def test_mass_is_conserved():
    rng = np.random.default_rng(5)
    x, y = rng.uniform(300, 700, 2000), rng.uniform(300, 700, 2000)
    w = rng.uniform(0, 2, 2000)
    grid = GridSpec.for_page(1000, 1000, 2.5)
    d = kernel_density(x, y, w, 20, grid)
    assert d.sum() * 2.5 * 2.5 == pytest.approx(w.sum(), rel=1e-4)


def test_nothing_wraps_around_from_the_far_edge():
    grid = GridSpec(1000, 400, (400, 1000))
    d = kernel_density(np.array([2.0, 3.0]), np.array([200.0, 5.0]), None, 20, grid)
    assert d[:, 150:].max() == 0.0  # more than 5 sigma away: exactly nothing
    assert d[395:, :].max() < d.max() * 1e-12 or d[395:, :].max() == 0
    exact = exact_density(np.array([2.0, 3.0]), np.array([200.0, 5.0]), None, 20, grid)
    assert np.abs(d - exact).max() <= TOLERANCE * exact.max()  # right at the edges too


def test_points_just_outside_the_page_still_count():
    grid = GridSpec(200, 200, (100, 100))
    x, y = np.array([-15.0, 100.0]), np.array([100.0, 215.0])
    assert max_error(x, y, None, 10.0, grid) <= TOLERANCE
    far = kernel_density(np.array([-1000.0]), np.array([50.0]), None, 10.0, grid)
    assert far.max() == 0.0


def test_a_region_of_the_page_equals_the_same_cells_of_the_whole_page():
    rng = np.random.default_rng(11)
    x, y = rng.uniform(0, 600, 300), rng.uniform(0, 900, 300)
    whole = kernel_density(x, y, None, 15, GridSpec(600, 900, (900, 600)))
    part = kernel_density(x, y, None, 15, GridSpec(200, 300, (300, 200), x0=100, y0=400))
    assert np.allclose(part, whole[400:700, 100:300], rtol=1e-4, atol=whole.max() * 1e-5)


def test_no_points_and_bad_arguments():
    grid = GridSpec(100, 100, (10, 10))
    assert kernel_density(np.zeros(0), np.zeros(0), None, 5, grid).max() == 0
    with pytest.raises(ValueError, match="sigma"):
        kernel_density(np.zeros(1), np.zeros(1), None, 0, grid)
    with pytest.raises(ValueError, match="finite"):
        kernel_density(np.zeros(1), np.zeros(1), np.array([np.nan]), 5, grid)
    fine = GridSpec(100, 100, (100, 100))
    nan_point = kernel_density(np.array([np.nan, 50.5]), np.array([50.5, 50.5]), None, 5, fine)
    assert nan_point.max() == pytest.approx(1 / (2 * math.pi * 25), rel=TOLERANCE)


def test_large_inputs_use_both_threads_and_stay_exact():
    rng = np.random.default_rng(2)
    n = 300_000  # above the threading threshold
    x = rng.normal(500, 80, n)
    y = rng.normal(400, 60, n)
    grid = GridSpec.for_page(1000, 800, 8)
    ours = kernel_density(x, y, None, 25, grid)
    sub = slice(None, None, 1)
    exact = exact_density(x[sub], y[sub], None, 25, grid, chunk=50_000)
    assert np.abs(ours - exact).max() <= TOLERANCE * exact.max()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n", [150_000, 300_000])  # one thread, and two halves
def test_the_compiled_binning_gives_the_numpy_binnings_masses(dtype, n):
    from viewer.analysis.binning import bin_points, compiled

    if not compiled():
        pytest.skip("numba is not installed")
    rng = np.random.default_rng(7)
    x = rng.uniform(-50, 1500, n).astype(dtype)
    y = rng.normal(800, 400, n).astype(dtype)
    x[:5] = [np.nan, np.inf, -np.inf, 1e30, -3.0]  # left out by both, never written off-grid
    w = rng.exponential(1.0, n)
    grid = (-40.0, -60.0, 20 / 3, 20 / 3, 230, 260)
    for weights in (None, w):
        fast = bin_points(x, y, weights, *grid)
        slow = bin_points(x, y, weights, *grid, compiled=False)
        assert slow.sum() > 0.5 * n * (1 if weights is None else w.mean())
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-12 * slow.max())
