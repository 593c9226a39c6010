"""Interval methods, each checked against an independent computation.

- score: Tango's statistic rebuilt with a brute-force constrained maximum
  likelihood (scipy.optimize) and its roots found by brentq on a grid scan;
- bayes: Monte Carlo Dirichlet draws (fixed seed, tolerance from the number
  of draws) and the large-sample normal approximation;
- bootstrap: its definition replayed with the same generator, the BCa
  acceleration against an explicit jackknife over responses, and the BCa
  interval against scipy.stats.bootstrap on the raw responses.
"""

from __future__ import annotations

import math
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize, stats

import netpromoter as nps
from netpromoter._stats._bootstrap import _jackknife_acceleration
from netpromoter._stats._tango import tango_statistic
from netpromoter.typing import Method, NPSMethod

Z95 = 1.959963984540054
ALL_METHODS: tuple[NPSMethod, ...] = get_args(NPSMethod)
COUNTS = [(20, 30, 50), (3, 4, 5), (0, 3, 7), (12, 0, 1), (40, 100, 60), (1, 1, 1)]


# -- score (Tango 1998) ---------------------------------------------------------------


def brute_force_statistic(d: int, pas: int, p: int, delta: float) -> float:
    """Score statistic with the constrained MLE found numerically, not in closed form."""
    n = d + pas + p

    def negative_loglik(q: float) -> float:  # q = detractor share, promoter share q + delta
        shares = (q, 1 - 2 * q - delta, q + delta)
        return -sum(c * math.log(s) for c, s in zip((d, pas, p), shares, strict=True) if c > 0)

    lower = max(0.0, -delta) + 1e-12
    upper = (1 - delta) / 2 - 1e-12
    q = optimize.minimize_scalar(
        negative_loglik, bounds=(lower, upper), method="bounded", options={"xatol": 1e-13}
    ).x
    return (p - d - n * delta) / math.sqrt(n * (2 * q + delta * (1 - delta)))


@pytest.mark.parametrize("counts", [c for c in COUNTS if min(c[0], c[2]) > 0])
def test_score_interval_matches_brute_force_root_search(counts: tuple[int, int, int]) -> None:
    d, pas, p = counts
    n = d + pas + p
    estimate = (p - d) / n
    low = optimize.brentq(
        lambda t: brute_force_statistic(d, pas, p, t) - Z95, -0.999999, estimate, xtol=1e-12
    )
    high = optimize.brentq(
        lambda t: brute_force_statistic(d, pas, p, t) + Z95, estimate, 0.999999, xtol=1e-12
    )
    r = nps.score(nps.Counts(d, pas, p), method="score")
    assert r.ci.low == pytest.approx(100 * low, abs=2e-5)
    assert r.ci.high == pytest.approx(100 * high, abs=2e-5)


def test_score_statistic_at_zero_is_mcnemar() -> None:
    # NPS_METHODS.md 1b: at Delta = 0, T = (P - D) / sqrt(P + D).
    x = np.array([[12.0, 30.0, 25.0]])
    assert tango_statistic(x, np.array([0.0]))[0] == pytest.approx(13 / math.sqrt(37), rel=1e-12)


def test_score_se_is_wald_se_at_the_estimate() -> None:
    r = nps.score(nps.Counts(20, 30, 50), method="score")
    assert r.se == pytest.approx(nps.score(nps.Counts(20, 30, 50), method="wald").se, rel=1e-12)


def test_score_edges_all_promoters_and_all_detractors() -> None:
    up = nps.score(nps.Counts(0, 0, 10), method="score")
    down = nps.score(nps.Counts(10, 0, 0), method="score")
    assert up.ci.high == 100.0 and 0 < up.ci.low < 100
    assert down.ci.low == -100.0 and down.ci.high == pytest.approx(-up.ci.low)


# -- bayes --------------------------------------------------------------------------------


@pytest.mark.parametrize("counts", [(3, 4, 5), (0, 0, 10), (1, 0, 0), (20, 30, 50)])
def test_bayes_bounds_match_monte_carlo(counts: tuple[int, int, int]) -> None:
    draws = 400_000
    alpha = np.array(counts, dtype=float) + 0.5  # Jeffreys prior
    sample = np.random.default_rng(20261122).dirichlet(alpha, size=draws)
    delta = 100 * (sample[:, 2] - sample[:, 0])
    r = nps.score(nps.Counts(*counts), method="bayes")
    # The MC CDF at our bounds must be 0.025 and 0.975 within 5 binomial SEs.
    tolerance = 5 * math.sqrt(0.025 * 0.975 / draws)
    assert np.mean(delta <= r.ci.low) == pytest.approx(0.025, abs=tolerance)
    assert np.mean(delta <= r.ci.high) == pytest.approx(0.975, abs=tolerance)
    assert r.se == pytest.approx(delta.std(), rel=0.01)


def test_bayes_large_sample_is_normal() -> None:
    # n = 100,000: posterior ~ N(adjusted mean, sd); bounds agree to 0.01 points.
    counts = np.array([20_000, 30_000, 50_000]) + 0.5
    mean = (counts[2] - counts[0]) / counts.sum()
    r = nps.score(nps.Counts(20_000, 30_000, 50_000), method="bayes")
    assert r.ci.low == pytest.approx(100 * mean - Z95 * r.se, abs=0.01)
    assert r.ci.high == pytest.approx(100 * mean + Z95 * r.se, abs=0.01)
    assert r.se == pytest.approx(nps.score(nps.Counts(20_000, 30_000, 50_000), method="wald").se, rel=1e-3)


def test_bayes_prior_is_used_and_validated() -> None:
    flat = nps.score(nps.Counts(3, 4, 5), method="bayes", prior=(1, 1, 1))
    jeffreys = nps.score(nps.Counts(3, 4, 5), method="bayes")
    assert flat.ci != jeffreys.ci
    bad_priors: list[Any] = [(0, 1, 1), (1, 1), (1, 1, float("nan")), "abc"]
    for bad in bad_priors:
        with pytest.raises(nps.InvalidOptionError, match="prior"):
            nps.score([1, 9], method="bayes", prior=bad)


def test_adjusted_bayes_is_bayes_with_the_1_2_1_prior_and_boundary_rule() -> None:
    counts = nps.Counts(3, 4, 5)
    assert nps.score(counts, method="adjusted-bayes").ci == pytest.approx(
        nps.score(counts, method="bayes", prior=(0.6, 1.2, 0.6)).ci
    )
    # All promoters: the upper bound is +100 (Brown, Cai & DasGupta's modification).
    plain = nps.score(nps.Counts(0, 0, 10), method="bayes", prior=(0.6, 1.2, 0.6))
    adjusted = nps.score(nps.Counts(0, 0, 10), method="adjusted-bayes")
    assert plain.ci.high < 100.0 and adjusted.ci.high == 100.0
    assert adjusted.ci.low == plain.ci.low


# -- bootstrap -------------------------------------------------------------------------------


def test_percentile_bootstrap_follows_its_definition() -> None:
    counts = (20, 30, 50)
    r = nps.score(nps.Counts(*counts), method="bootstrap", bootstrap="percentile", resamples=5000, rng=7)
    draws = np.random.default_rng(7).multinomial(100, np.array(counts) / 100, size=(5000, 1))[:, 0]
    replicates = 100 * (draws[:, 2] - draws[:, 0]) / 100
    assert r.ci.low == pytest.approx(np.quantile(replicates, 0.025), abs=1e-9)
    assert r.ci.high == pytest.approx(np.quantile(replicates, 0.975), abs=1e-9)
    assert r.se == pytest.approx(replicates.std(ddof=1), rel=1e-9)


def test_bca_acceleration_equals_explicit_jackknife() -> None:
    d, pas, p = 5, 9, 16
    y = np.array([-1] * d + [0] * pas + [1] * p, dtype=float)
    leave_one_out = np.array([np.delete(y, i).mean() for i in range(y.size)])
    dev = leave_one_out.mean() - leave_one_out
    expected = (dev**3).sum() / (6 * (dev**2).sum() ** 1.5)  # Efron & Tibshirani (1993) 14.15
    got = _jackknife_acceleration(np.array([[d, pas, p]], dtype=float))[0]
    assert got == pytest.approx(expected, rel=1e-10)


def test_bca_matches_scipy_bootstrap_on_raw_responses() -> None:
    d, pas, p = 45, 60, 95
    y = np.array([-1] * d + [0] * pas + [1] * p, dtype=float) * 100
    ref = stats.bootstrap((y,), np.mean, method="BCa", n_resamples=20_000, rng=np.random.default_rng(1))
    r = nps.score(nps.Counts(d, pas, p), method="bootstrap", resamples=20_000, rng=2)
    # Two independent 20,000-replicate estimates of the same ideal BCa bounds:
    # each endpoint has Monte Carlo SD ~0.3 points here, so 1.2 points is ~3 SD of the difference.
    assert r.ci.low == pytest.approx(ref.confidence_interval.low, abs=1.2)
    assert r.ci.high == pytest.approx(ref.confidence_interval.high, abs=1.2)


def test_bootstrap_is_reproducible_and_cost_free_of_n() -> None:
    a = nps.score(nps.Counts(200, 300, 500), method="bootstrap", rng=3)
    b = nps.score(nps.Counts(200, 300, 500), method="bootstrap", rng=np.random.default_rng(3))
    assert a == b
    assert nps.score(nps.Counts(2, 3, 5), method="bootstrap") == nps.score(
        nps.Counts(2, 3, 5), method="bootstrap"
    )
    big = nps.score(nps.Counts(2_000_000, 3_000_000, 5_000_000), method="bootstrap", resamples=200, rng=1)
    assert big.ci.low < 30 < big.ci.high and big.se < 0.05


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"resamples": 10}, nps.InvalidOptionError),
        ({"resamples": 1000.0}, nps.InvalidOptionError),
        ({"bootstrap": "basic"}, nps.InvalidOptionError),
        ({"rng": "seed"}, nps.InvalidTypeError),
        ({"rng": np.random.RandomState(1)}, nps.InvalidTypeError),
        ({"rng": -1}, nps.InvalidOptionError),
    ],
)
def test_bootstrap_options_are_validated(kwargs: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        nps.score([1, 9, 10], method="bootstrap", **kwargs)


# -- every method ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["score", "adjusted-wald", "bayes", "adjusted-bayes"])
@pytest.mark.parametrize("counts", [(0, 0, 10), (10, 0, 0), (0, 10, 0), (0, 0, 1), (1, 0, 0), (0, 1, 0)])
def test_degenerate_samples_give_sensible_finite_intervals(
    method: Method, counts: tuple[int, int, int]
) -> None:
    r = nps.score(nps.Counts(*counts), method=method)
    assert -100 <= r.ci.low < r.ci.high <= 100
    assert math.isfinite(r.se)
    if method in ("score", "adjusted-bayes"):
        # These two keep an observed +/-100 inside; adjusted Wald and the pure
        # Jeffreys credible interval may not (docs/methods.md).
        assert r.ci.low <= r.nps <= r.ci.high


@pytest.mark.parametrize("method", ALL_METHODS)
def test_empty_counts_give_nan_for_every_method(method: Method) -> None:
    with pytest.warns(nps.EmptyDataWarning, match="no responses"):
        r = nps.score(nps.Counts(0, 0, 0), method=method)
    assert math.isnan(r.ci.low) and math.isnan(r.ci.high) and math.isnan(r.se)


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("counts", COUNTS)
def test_interval_contains_estimate_region_and_widens_with_confidence(
    method: Method, counts: tuple[int, int, int]
) -> None:
    narrow = nps.score(nps.Counts(*counts), method=method, confidence=0.8)
    wide = nps.score(nps.Counts(*counts), method=method, confidence=0.99)
    assert -100 <= wide.ci.low <= narrow.ci.low <= narrow.ci.high <= wide.ci.high <= 100


@given(
    st.lists(st.integers(0, 10), min_size=1, max_size=30),
    st.sampled_from(["score", "bayes", "adjusted-bayes", "bootstrap"]),
)
def test_unit_weights_equal_unweighted_for_every_method(scores: list[int], method: Method) -> None:
    def run(weights: list[float] | None) -> nps.NPSResult:
        return nps.score(scores, weights, method=method, resamples=200, rng=5)

    assert run([1.0] * len(scores)) == run(None)


def test_weighted_methods_use_the_effective_counts() -> None:
    # Doubling every weight changes nothing; a constant weight is no weighting.
    scores = [10, 9, 0, 3, 7, 8, 10, 6, 9, 10]
    for method in ALL_METHODS:
        a = nps.score(scores, [2.0] * 10, method=method, resamples=500, rng=1)
        b = nps.score(scores, method=method, resamples=500, rng=1)
        assert a.ci == pytest.approx(b.ci, abs=1e-9), method
