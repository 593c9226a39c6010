"""Score tests for shares: R's prop.test / mcnemar.test, brute force, and their level.

Rows are share counts (0, n - x, x). The level checks use exact binomial
enumeration where a method is deterministic (no Monte Carlo error) and a
seeded simulation with a tolerance from its replicates otherwise; the full
tables are in docs/methods.md (bench/metric_type1_simulation.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import r_shares
from scipy import optimize, stats

from netpromoter._stats._comparison import two_sample_arrays
from netpromoter._stats._intervals import IntervalOptions
from netpromoter._stats._sharetests import (
    restricted_difference_shares,
    share_benchmark_arrays,
    share_paired_arrays,
    share_two_sample_arrays,
)

CLOSED_FORM_TOLERANCE = 1e-9


def rows(x: float | list[float] | np.ndarray, n: float | list[float] | np.ndarray) -> np.ndarray:
    xs = np.atleast_1d(np.asarray(x, dtype=float))
    ns = np.broadcast_to(np.asarray(n, dtype=float), xs.shape)
    return np.stack([np.zeros_like(xs), ns - xs, xs], axis=1)


# -- R -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", r_shares.ONE_SAMPLE, ids=lambda r: f"{r['x']}-{r['n']}-{r['benchmark']}")
def test_benchmark_is_prop_test(row: r_shares.OneSampleTest) -> None:
    got = share_benchmark_arrays(
        rows(row["x"], row["n"]), np.array([row["benchmark"]]), confidence=0.95, alternative="two-sided"
    )
    assert got.statistic[0] ** 2 == pytest.approx(row["chi2"], rel=1e-12)
    assert got.pvalue[0] == pytest.approx(row["pvalue"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("row", r_shares.TWO_SAMPLE, ids=lambda r: f"{r['xa']}-{r['na']}-{r['xb']}-{r['nb']}")
def test_two_sample_at_zero_is_the_pooled_prop_test(row: r_shares.TwoSampleTest) -> None:
    got = share_two_sample_arrays(
        rows(row["xa"], row["na"]), rows(row["xb"], row["nb"]), confidence=0.95, alternative="two-sided"
    )
    assert got.statistic[0] ** 2 == pytest.approx(row["chi2"], rel=1e-12)
    assert got.pvalue[0] == pytest.approx(row["pvalue"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("row", r_shares.PAIRED, ids=lambda r: f"{r['gained']}-{r['lost']}")
def test_paired_at_zero_is_mcnemar(row: r_shares.PairedTest) -> None:
    changes = np.array([[0.0, row["lost"], row["unchanged"], row["gained"], 0.0]])
    got = share_paired_arrays(changes, confidence=0.95, alternative="two-sided")
    assert got.difference[0] == pytest.approx((row["gained"] - row["lost"]) / changes.sum(), rel=1e-15)
    assert got.statistic[0] ** 2 == pytest.approx(row["chi2"], rel=1e-12)
    assert got.pvalue[0] == pytest.approx(row["pvalue"], abs=CLOSED_FORM_TOLERANCE)


def test_benchmark_interval_is_wilson_shifted() -> None:
    # prop.test(30, 50, p = 0.45, correct = FALSE)$conf.int: 0.461814377475894 0.723916102697435.
    got = share_benchmark_arrays(rows(30, 50), np.array([0.45]), confidence=0.95, alternative="two-sided")
    assert got.low[0] + 0.45 == pytest.approx(0.461814377475894, abs=CLOSED_FORM_TOLERANCE)
    assert got.high[0] + 0.45 == pytest.approx(0.723916102697435, abs=CLOSED_FORM_TOLERANCE)
    assert got.difference[0] == pytest.approx(0.15, abs=1e-15)


# -- the restricted estimate and the interval, by brute force -----------------------------------------


def brute_force_restricted(xa: float, na: float, xb: float, nb: float, delta: float) -> float:
    """p_b maximising the two binomial likelihoods given p_a = p_b + delta, numerically."""

    def negative(q: float) -> float:
        terms = ((xa, q + delta), (na - xa, 1 - q - delta), (xb, q), (nb - xb, 1 - q))
        return -sum(c * math.log(s) for c, s in terms if c > 0)

    lower, upper = max(0.0, -delta) + 1e-13, min(1.0, 1.0 - delta) - 1e-13
    found = optimize.minimize_scalar(
        negative, bounds=(lower, upper), method="bounded", options={"xatol": 1e-13}
    )
    return float(found.x)


@pytest.mark.parametrize(
    ("xa", "na", "xb", "nb", "delta"),
    [
        (12, 30, 20, 40, 0.1),
        (12, 30, 20, 40, -0.3),
        (30, 30, 20, 40, 0.2),
        (0, 30, 20, 40, -0.2),
        (28.5, 31.2, 3.3, 9.1, 0.5),
    ],
)
def test_restricted_estimate_is_the_likelihood_maximum(
    xa: float, na: float, xb: float, nb: float, delta: float
) -> None:
    pa, pb = restricted_difference_shares(
        np.array([xa]), np.array([na]), np.array([xb]), np.array([nb]), np.array([delta])
    )
    assert pa[0] - pb[0] == pytest.approx(delta, abs=1e-15)
    assert pb[0] == pytest.approx(brute_force_restricted(xa, na, xb, nb, delta), abs=1e-7)


def test_interval_bounds_are_where_the_statistic_crosses_the_critical_value() -> None:
    # The bounds are the margins at which the one-sided tests sit exactly at alpha / 2.
    a, b = rows([30, 5, 29, 0], [50, 30, 30, 20]), rows([45, 12, 20, 3], [60, 25, 30, 40])
    got = share_two_sample_arrays(a, b, confidence=0.95, alternative="two-sided")
    at_low = share_two_sample_arrays(a, b, confidence=0.95, alternative="greater", margin=got.low)
    at_high = share_two_sample_arrays(a, b, confidence=0.95, alternative="less", margin=-got.high)
    np.testing.assert_allclose(at_low.pvalue, 0.025, rtol=0, atol=1e-9)
    np.testing.assert_allclose(at_high.pvalue, 0.025, rtol=0, atol=1e-9)


@given(
    counts=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40)), min_size=2, max_size=2),
    confidence=st.sampled_from([0.9, 0.95, 0.99]),
)
def test_interval_excludes_zero_exactly_when_the_test_rejects(
    counts: list[tuple[int, int]], confidence: float
) -> None:
    (ta, extra_a), (tb, extra_b) = counts
    a, b = rows(ta, ta + extra_a), rows(tb, tb + extra_b)
    got = share_two_sample_arrays(a, b, confidence=confidence, alternative="two-sided")
    assert got.low[0] <= got.difference[0] <= got.high[0]
    p = got.pvalue[0]
    if abs(p - (1 - confidence)) > 1e-9:  # away from the boundary, where rounding decides
        assert (got.low[0] > 0 or got.high[0] < 0) == (p < 1 - confidence)


def test_degenerate_rows() -> None:
    # Both all in the top box: nothing against "no difference" (z = 0, p = 1, one-sided too,
    # as the null admits only this sample at the restricted estimate). All of a in it and
    # none of b: the pooled variance is positive, an ordinary test. An empty sample: NaN.
    a, b = rows([20, 20, 5], [20, 20, 0]), rows([10, 0, 3], [10, 10, 9])
    got = share_two_sample_arrays(a, b, confidence=0.95, alternative="two-sided")
    assert (got.statistic[0], got.pvalue[0]) == (0.0, 1.0)
    greater = share_two_sample_arrays(a, b, confidence=0.95, alternative="greater")
    assert greater.pvalue[0] == 1.0
    assert got.statistic[1] == pytest.approx(1 / math.sqrt((2 / 3) * (1 / 3) * (1 / 20 + 1 / 10)), rel=1e-12)
    assert np.isnan([got.pvalue[2], got.low[2], got.statistic[2]]).all()
    # Against a benchmark of 100%: a sample all in the top box is no evidence (p = 1); one answer
    # outside it refutes it (p = 0; "greater", a share above 100%, gets 1).
    one = share_benchmark_arrays(
        rows([8, 7], [8, 8]), np.array([1.0, 1.0]), confidence=0.95, alternative="less"
    )
    assert list(one.pvalue) == [1.0, 0.0]
    above = share_benchmark_arrays(
        rows([8, 7], [8, 8]), np.array([1.0, 1.0]), confidence=0.95, alternative="greater"
    )
    assert list(above.pvalue) == [1.0, 1.0]


# -- level ---------------------------------------------------------------------------------------------


def exact_two_sample_level(kernel: str, share: float, n: int) -> float:
    """P(p < 0.05) under two Binomial(n, share) samples, enumerated exactly."""
    xa, xb = (v.ravel() for v in np.meshgrid(np.arange(n + 1.0), np.arange(n + 1.0), indexing="ij"))
    prob = stats.binom.pmf(xa, n, share) * stats.binom.pmf(xb, n, share)
    if kernel == "share score":
        p = share_two_sample_arrays(rows(xa, n), rows(xb, n), confidence=0.95, alternative="two-sided").pvalue
    else:
        p = two_sample_arrays(
            rows(xa, n),
            rows(xb, n),
            method=kernel,
            confidence=0.95,
            alternative="two-sided",
            options=IntervalOptions(),
        ).pvalue
    return float(prob @ (p < 0.05))


def test_nps_score_kernel_is_conservative_on_high_shares_where_the_share_score_test_is_not() -> None:
    # Exact levels at n = 30 per sample, CSAT 85% in both (docs/methods.md): the trinomial restricted
    # estimate of the NPS kernel puts mass on detractors, which a share cannot have.
    assert exact_two_sample_level("share score", 0.85, 30) == pytest.approx(0.0530, abs=5e-5)
    assert exact_two_sample_level("score", 0.85, 30) == pytest.approx(0.0172, abs=5e-5)
    # At moderate shares they are the same test but for outcomes far out in the tails.
    assert exact_two_sample_level("score", 0.5, 30) == pytest.approx(
        exact_two_sample_level("share score", 0.5, 30), abs=1e-7
    )


def test_share_tests_hold_their_level_in_a_small_simulation() -> None:
    # 2,000 replicates, fixed seed; tolerance 3 binomial SEs of a rate near .05 (0.0146).
    reps, tolerance = 2000, 3 * math.sqrt(0.05 * 0.95 / 2000)
    rng = np.random.default_rng(15)
    xa, xb = rows(rng.binomial(60, 0.8, reps), 60), rows(rng.binomial(90, 0.8, reps), 90)
    two = share_two_sample_arrays(xa, xb, confidence=0.95, alternative="two-sided")
    assert abs(float(np.mean(two.pvalue < 0.05)) - 0.05) < tolerance
    changes = np.zeros((reps, 5))
    changes[:, 1:4] = rng.multinomial(100, [0.1, 0.8, 0.1], size=reps)
    paired = share_paired_arrays(changes, confidence=0.95, alternative="two-sided")
    assert abs(float(np.mean(paired.pvalue < 0.05)) - 0.05) < tolerance
