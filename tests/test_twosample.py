"""Two-sample score test: the fast restricted estimate and bounds against brute force.

The restricted maximum likelihood is checked against scipy's bounded scalar
minimiser of the summed profile log-likelihoods (an independent search, no
derivatives); the profile slopes against central differences of the
log-likelihood; the interval bounds by the definition: z(bound) equals the
critical value.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from netpromoter._stats._twosample import (
    common_delta,
    profile_loglik,
    profile_slopes,
    two_sample_score_interval,
    two_sample_score_z,
)

Z95 = 1.959963984540054

counts = st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60)).filter(lambda c: sum(c) > 0)


def brute_common(xa: np.ndarray, xb: np.ndarray, shift: float) -> float:
    low, high = max(-1.0, -1.0 - shift), min(1.0, 1.0 - shift)

    def negative(delta: float) -> float:
        d = np.array([delta])
        return -float(profile_loglik(xa[None], d + shift)[0] + profile_loglik(xb[None], d)[0])

    found = optimize.minimize_scalar(negative, bounds=(low, high), method="bounded", options={"xatol": 1e-13})
    return float(found.x)


@settings(max_examples=150, deadline=None)
@given(counts, counts, st.sampled_from([0.0, 0.25, -0.6, 1.2]))
def test_restricted_estimate_maximises_the_likelihood(
    a: tuple[int, ...], b: tuple[int, ...], shift: float
) -> None:
    xa, xb = np.array(a, dtype=float), np.array(b, dtype=float)
    fast = float(common_delta(xa[None], xb[None], np.array([shift]))[0])
    brute = brute_common(xa, xb, shift)

    def loglik(delta: float) -> float:
        d = np.array([delta])
        return float(profile_loglik(xa[None], d + shift)[0] + profile_loglik(xb[None], d)[0])

    # The fast estimate is at least as likely as the brute-force one (to rounding), and
    # where the likelihood is curved, the same point.
    assert loglik(fast) >= loglik(brute) - 1e-9 * max(1.0, abs(loglik(brute)))
    assert fast == pytest.approx(brute, abs=1e-4)


def test_profile_slopes_are_the_derivatives_of_the_profile() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 40, size=(300, 3)).astype(float)
    x[:40, 2] = 0  # no promoters
    x[40:80, 0] = 0  # no detractors
    x[80:120, 1] = 0  # no passives
    x = x[x.sum(axis=1) > 0]
    n = x.sum(axis=1)
    estimate = (x[:, 2] - x[:, 0]) / n
    delta = np.clip(estimate + rng.uniform(-0.3, 0.3, x.shape[0]), -0.95, 0.95)
    h = 1e-6
    first, second = profile_slopes(x, delta)
    numeric_first = (profile_loglik(x, delta + h) - profile_loglik(x, delta - h)) / (2 * h)
    slope_plus, _ = profile_slopes(x, delta + h)
    slope_minus, _ = profile_slopes(x, delta - h)
    finite = np.isfinite(first) & np.isfinite(numeric_first)
    assert finite.mean() > 0.95
    assert first[finite] == pytest.approx(numeric_first[finite], rel=1e-5, abs=1e-4)
    numeric_second = (slope_plus - slope_minus) / (2 * h)
    smooth = finite & np.isfinite(second) & np.isfinite(numeric_second)
    assert second[smooth] == pytest.approx(numeric_second[smooth], rel=1e-4, abs=1e-3)


def test_interval_bounds_are_where_z_reaches_the_critical_value() -> None:
    rng = np.random.default_rng(9)
    xa = rng.multinomial(80, (0.2, 0.3, 0.5), size=200).astype(float)
    xb = rng.multinomial(120, (0.3, 0.3, 0.4), size=200).astype(float)
    xa[:3] = [[0, 0, 12], [5, 5, 0], [0, 7, 0]]  # edges: all promoters, no promoters, all passives
    low, high = two_sample_score_interval(xa, xb, Z95, Z95)
    assert np.all(low < high)
    inside = (low > -2) & (high < 2)
    assert two_sample_score_z(xa[inside], xb[inside], low[inside]) == pytest.approx(Z95, abs=1e-6)
    assert two_sample_score_z(xa[inside], xb[inside], high[inside]) == pytest.approx(-Z95, abs=1e-6)
    observed = (xa[:, 2] - xa[:, 0]) / xa.sum(axis=1) - (xb[:, 2] - xb[:, 0]) / xb.sum(axis=1)
    assert np.all((low <= observed) & (observed <= high))


def test_one_sided_bound_is_the_edge() -> None:
    xa, xb = np.array([[10.0, 20, 30]]), np.array([[20.0, 20, 20]])
    low, high = two_sample_score_interval(xa, xb, Z95, np.inf)
    assert high[0] == 2.0 and -2.0 < low[0] < 1 / 3
