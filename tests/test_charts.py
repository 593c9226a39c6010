"""Control-chart arithmetic: Laney's sigma_z and the restarting CUSUM, by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from netpromoter._stats._charts import MOVING_RANGE_D2, laney_sigma_z, restarting_cusum


def test_laney_sigma_z_is_the_mean_moving_range_over_1_128() -> None:
    # Moving ranges of (1, -2, 0.5, 3): 3, 2.5, 2.5; mean 8/3 (Laney 2002, eq. 3).
    z = np.array([1.0, -2.0, 0.5, 3.0])
    assert laney_sigma_z(z) == pytest.approx((8.0 / 3.0) / 1.128, rel=1e-15)
    assert MOVING_RANGE_D2 == 1.128


def test_laney_sigma_z_skips_empty_periods_and_needs_two() -> None:
    # An empty period (NaN) joins its neighbours: ranges |(-2) - 1| and |3 - (-2)|.
    assert laney_sigma_z(np.array([1.0, np.nan, -2.0, 3.0])) == pytest.approx(4.0 / 1.128)
    assert math.isnan(laney_sigma_z(np.array([1.0, np.nan])))
    assert math.isnan(laney_sigma_z(np.zeros(0)))


def test_laney_sigma_z_of_independent_normals_is_about_one() -> None:
    # E|X1 - X2| = 2 / sqrt(pi) = 1.1284 for N(0, 1): sigma_z estimates 1 (to 1.128 / 1.1284).
    z = np.random.default_rng(5).standard_normal(200_000)
    assert laney_sigma_z(z) == pytest.approx(2 / math.sqrt(math.pi) / 1.128, abs=0.005)


def test_cusum_restarts_after_each_signal_by_hand() -> None:
    # k = .5, h = 5: C+ 2.5, 5.0 (not above), 7.5 -> rise at 2 (run from 0); restart.
    # Then C- 0, 0, 2.5, 5.0, 7.5 -> drop at 7 (run from 5); restart; a last 3 gives C+ 2.5.
    z = np.array([3.0, 3.0, 3.0, 0.0, 0.0, -3.0, -3.0, -3.0, 3.0])
    path = restarting_cusum(z, 0.5, 5.0)
    assert path.signals.tolist() == [2, 7]
    assert path.rises.tolist() == [True, False]
    assert path.onsets.tolist() == [0, 5]
    assert path.high.tolist() == [2.5, 5.0, 7.5, 0.0, 0.0, 0.0, 0.0, 0.0, 2.5]
    assert path.low.tolist() == [0.0, 0.0, 0.0, 0.0, 0.0, 2.5, 5.0, 7.5, 0.0]


def test_cusum_carries_over_empty_periods() -> None:
    z = np.array([2.0, np.nan, 2.0, 2.0, 2.0])  # C+ 1.5, (1.5), 3.0, 4.5, 6.0
    path = restarting_cusum(z, 0.5, 5.0)
    assert path.high.tolist() == [1.5, 1.5, 3.0, 4.5, 6.0]
    assert path.signals.tolist() == [4] and path.onsets.tolist() == [0]


def test_cusum_onset_is_the_start_of_the_run_that_signalled() -> None:
    # C+ rises, falls back to 0 at index 2, then a new run from index 3 signals at 5.
    z = np.array([2.0, 1.0, -3.0, 3.0, 2.0, 2.0])
    path = restarting_cusum(z, 0.5, 5.0)
    assert path.signals.tolist() == [5] and path.onsets.tolist() == [3]
