"""compare(): two samples, a benchmark and paired answers, against independent numbers."""

from __future__ import annotations

import math
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

import netpromoter as nps
from netpromoter._stats._comparison import two_sample_arrays
from netpromoter._stats._intervals import IntervalOptions
from netpromoter.typing import Method, PairedMethod, TwoSampleMethod

TWO_SAMPLE_METHODS: tuple[TwoSampleMethod, ...] = get_args(TwoSampleMethod)

Z95 = 1.959963984540054


def v(d: float, pas: float, p: float) -> tuple[float, float, float]:
    """(estimate, variance of one response, n) from counts: NPS_METHODS.md notation."""
    n = d + pas + p
    est = (p - d) / n
    return est, p / n + d / n - est**2, n


# -- independent samples --------------------------------------------------------------------


def test_wald_two_sample_by_hand() -> None:
    # NPS package nps.test two-sample: se = sqrt(Vx/nx + Vy/ny), z = delta / se.
    ea, va, na = v(60, 90, 150)
    eb, vb, nb = v(90, 90, 120)
    se = math.sqrt(va / na + vb / nb)
    c = nps.compare(nps.Counts(60, 90, 150), nps.Counts(90, 90, 120), method="wald")
    assert c.difference == pytest.approx(100 * (ea - eb))
    assert c.se == pytest.approx(100 * se, rel=1e-12)
    assert c.statistic == pytest.approx((ea - eb) / se, rel=1e-12)
    assert c.pvalue == pytest.approx(2 * stats.norm.sf(abs(ea - eb) / se), rel=1e-10)
    assert c.ci == pytest.approx((100 * (ea - eb - Z95 * se), 100 * (ea - eb + Z95 * se)), rel=1e-10)
    assert c.kind == "two-sample" and c.a.n == 300 and c.b is not None and c.b.n == 300


def test_adjusted_wald_two_sample_adds_three_to_each_sample() -> None:
    # NPS_METHODS.md 1b / MeasuringU: each sample gets (+.75, +1.5, +.75).
    ea, va, na = v(12.75, 9.5, 20.75)
    eb, vb, nb = v(16.75, 11.5, 13.75)
    se = math.sqrt(va / na + vb / nb)
    c = nps.compare(nps.Counts(12, 8, 20), nps.Counts(16, 10, 13), method="adjusted-wald")
    assert c.difference == pytest.approx(100 * (8 / 40 - (-3 / 39)))  # observed, not adjusted
    assert c.statistic == pytest.approx((ea - eb) / se, rel=1e-12)
    assert c.ci == pytest.approx((100 * (ea - eb - Z95 * se), 100 * (ea - eb + Z95 * se)), rel=1e-10)


def brute_force_score_z(xa: tuple[int, int, int], xb: tuple[int, int, int]) -> float:
    """Score z at H0: equal NPS, with the restricted MLE found numerically (no closed form)."""

    def loglik(counts: tuple[int, int, int], delta: float) -> tuple[float, float]:
        d, pas, p = counts

        def negative(q: float) -> float:
            shares = (q, 1 - 2 * q - delta, q + delta)
            return -sum(c * math.log(s) for c, s in zip((d, pas, p), shares, strict=True) if c > 0)

        lower, upper = max(0.0, -delta) + 1e-12, (1 - delta) / 2 - 1e-12
        res = optimize.minimize_scalar(
            negative, bounds=(lower, upper), method="bounded", options={"xatol": 1e-12}
        )
        return -float(res.fun), float(res.x)

    common = optimize.minimize_scalar(
        lambda t: -(loglik(xa, t)[0] + loglik(xb, t)[0]),
        bounds=(-0.999, 0.999),
        method="bounded",
        options={"xatol": 1e-10},
    ).x
    variance = 0.0
    for counts in (xa, xb):
        q = loglik(counts, common)[1]
        variance += (2 * q + common * (1 - common)) / sum(counts)
    ea, _, _ = v(*xa)
    eb, _, _ = v(*xb)
    return (ea - eb) / math.sqrt(variance)


@pytest.mark.parametrize(
    ("xa", "xb"), [((12, 8, 20), (16, 10, 13)), ((3, 5, 12), (9, 4, 7)), ((30, 50, 20), (25, 40, 35))]
)
def test_score_statistic_matches_brute_force_restricted_mle(
    xa: tuple[int, int, int], xb: tuple[int, int, int]
) -> None:
    c = nps.compare(nps.Counts(*xa), nps.Counts(*xb), method="score")
    assert c.statistic == pytest.approx(brute_force_score_z(xa, xb), rel=1e-5)
    assert c.pvalue == pytest.approx(2 * stats.norm.sf(abs(c.statistic)), rel=1e-10)


@settings(max_examples=25)
@given(
    st.tuples(st.integers(0, 15), st.integers(0, 15), st.integers(0, 15)),
    st.tuples(st.integers(0, 15), st.integers(0, 15), st.integers(0, 15)),
)
def test_score_interval_and_test_agree(xa: tuple[int, int, int], xb: tuple[int, int, int]) -> None:
    if sum(xa) == 0 or sum(xb) == 0:
        return
    c = nps.compare(nps.Counts(*xa), nps.Counts(*xb), method="score")
    assert -200 <= c.ci.low <= c.difference <= c.ci.high <= 200
    if abs(c.pvalue - 0.05) > 1e-6:  # the interval excludes 0 exactly when p < 0.05
        assert (c.ci.low > 0 or c.ci.high < 0) == (c.pvalue < 0.05)


@pytest.mark.parametrize("method", ["score", "wald", "adjusted-wald"])
def test_one_sided_pvalues_follow_from_two_sided(method: Method) -> None:
    a, b = nps.Counts(12, 8, 20), nps.Counts(16, 10, 13)  # a is ahead
    two = nps.compare(a, b, method=method).pvalue
    greater = nps.compare(a, b, method=method, alternative="greater")
    less = nps.compare(a, b, method=method, alternative="less")
    assert greater.pvalue == pytest.approx(two / 2, rel=1e-9)
    assert less.pvalue == pytest.approx(1 - two / 2, rel=1e-9)
    assert greater.ci.high == 200.0 and less.ci.low == -200.0
    assert greater.ci.low > nps.compare(a, b, method=method).ci.low


def test_bayes_probability_greater_is_normal_for_large_samples() -> None:
    a, b = nps.Counts(2000, 3000, 5000), nps.Counts(2100, 3000, 4900)
    wald = nps.compare(a, b, method="wald")
    bayes = nps.compare(a, b, method="bayes", resamples=200_000, rng=1)
    expected = stats.norm.cdf(wald.difference / wald.se)
    assert bayes.probability_greater == pytest.approx(expected, abs=0.01)
    assert bayes.pvalue == pytest.approx(2 * (1 - expected), abs=0.02)


def test_bootstrap_two_sample_is_reproducible_and_sensible() -> None:
    a, b = nps.Counts(60, 90, 150), nps.Counts(90, 90, 120)
    first = nps.compare(a, b, method="bootstrap", rng=4)
    again = nps.compare(a, b, method="bootstrap", rng=4)
    assert (first.ci, first.pvalue, first.se) == (again.ci, again.pvalue, again.se)
    assert math.isnan(first.statistic)  # no z statistic for a resampling test
    wald = nps.compare(a, b, method="wald")
    assert first.se == pytest.approx(wald.se, rel=0.05)  # 9,999 replicates: SD within ~1.5%
    assert first.ci.low == pytest.approx(wald.ci.low, abs=1.5)
    assert first.pvalue == pytest.approx(wald.pvalue, abs=0.004)


def test_type_one_error_at_n_50_per_group() -> None:
    # Simulation under the null, fixed seed; SE of a rate near .05 with R reps is
    # sqrt(.05 * .95 / R). docs/compare.md reports the full table (bench/type1_simulation.py).
    reps, n, shares = 4000, 50, (0.25, 0.30, 0.45)
    rng = np.random.default_rng(2026)
    xa = rng.multinomial(n, shares, size=reps).astype(float)
    xb = rng.multinomial(n, shares, size=reps).astype(float)
    se = math.sqrt(0.05 * 0.95 / reps)
    for method in TWO_SAMPLE_METHODS:
        small = method in ("bootstrap", "bayes", "adjusted-bayes")
        rows = slice(0, 1000) if small else slice(None)
        options = IntervalOptions(rng=np.random.default_rng(1), resamples=999)
        arrays = two_sample_arrays(
            xa[rows], xb[rows], method=method, confidence=0.95, alternative="two-sided", options=options
        )
        rate = float(np.mean(arrays.pvalue < 0.05))
        tolerance = 4 * math.sqrt(0.05 * 0.95 / (1000 if small else reps))
        assert abs(rate - 0.05) < tolerance, (method, rate)
        if method == "score":  # the default: within 2 SE of nominal here (0.0500 measured)
            assert abs(rate - 0.05) < 2 * se


# -- benchmark -------------------------------------------------------------------------------------


def test_benchmark_wald_by_hand() -> None:
    est, var, n = v(60, 90, 150)
    se = math.sqrt(var / n)
    c = nps.compare(nps.Counts(60, 90, 150), benchmark=34, method="wald")
    assert c.difference == pytest.approx(100 * est - 34)
    assert c.statistic == pytest.approx((est - 0.34) / se, rel=1e-12)
    assert c.pvalue == pytest.approx(2 * stats.norm.sf(abs(est - 0.34) / se), rel=1e-10)
    assert c.kind == "benchmark" and c.b is None and c.benchmark == 34


@pytest.mark.parametrize("method", ["score", "adjusted-bayes", "bayes", "adjusted-wald"])
def test_benchmark_interval_is_the_one_sample_interval_shifted(method: Method) -> None:
    counts = nps.Counts(60, 90, 150)
    single = nps.score(counts, method=method)
    c = nps.compare(counts, benchmark=-10, method=method)
    assert c.ci == pytest.approx((single.ci.low + 10, single.ci.high + 10), abs=1e-9)
    assert (c.ci.low > 0 or c.ci.high < 0) == (c.pvalue < 0.05)


def test_benchmark_bayes_probability_matches_monte_carlo() -> None:
    counts = (8, 6, 16)
    draws = np.random.default_rng(3).dirichlet(np.array(counts) + 0.5, size=400_000)
    expected = float(np.mean(100 * (draws[:, 2] - draws[:, 0]) > 34))
    c = nps.compare(nps.Counts(*counts), benchmark=34, method="bayes")
    assert c.probability_greater == pytest.approx(expected, abs=5 * math.sqrt(0.25 / 400_000))


def test_benchmark_score_is_tango_at_the_benchmark() -> None:
    # At benchmark 0 the score statistic is McNemar's (P - D) / sqrt(P + D).
    c = nps.compare(nps.Counts(12, 30, 25), benchmark=0, method="score")
    assert c.statistic == pytest.approx(13 / math.sqrt(37), rel=1e-12)


def test_benchmark_bootstrap_pvalue_against_score() -> None:
    counts = nps.Counts(60, 90, 150)
    boot = nps.compare(counts, benchmark=25, method="bootstrap", rng=2)
    score = nps.compare(counts, benchmark=25, method="score")
    assert boot.pvalue == pytest.approx(score.pvalue, abs=0.02)


# -- paired ---------------------------------------------------------------------------------------


def paired_sample(n: int, rho_noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Before/after scores of the same people: after = before + small noise (correlated)."""
    rng = np.random.default_rng(seed)
    before = rng.integers(0, 11, size=n)
    after = np.clip(before + rng.integers(-1, 3, size=n) * (rng.random(n) < rho_noise), 0, 10)
    return after, before


def test_paired_wald_is_the_z_test_on_per_person_changes() -> None:
    after, before = paired_sample(80, 0.5, seed=1)
    change = nps.categorize(after) - nps.categorize(before)  # -2..+2 per person
    mean, sd = change.mean(), change.std(ddof=1)
    c = nps.compare(after, before, paired=True)
    assert c.difference == pytest.approx(100 * mean)
    assert c.se == pytest.approx(100 * sd / math.sqrt(80), rel=1e-12)
    assert c.statistic == pytest.approx(mean / (sd / math.sqrt(80)), rel=1e-12)
    assert c.difference == pytest.approx(nps.nps(after) - nps.nps(before))
    assert c.kind == "paired" and c.method == "wald"


def test_paired_is_more_powerful_than_independent_when_answers_correlate() -> None:
    rejections = {"paired": 0, "independent": 0}
    for seed in range(200):
        after, before = paired_sample(60, 0.6, seed)
        rejections["paired"] += nps.compare(after, before, paired=True).pvalue < 0.05
        rejections["independent"] += nps.compare(after, before, method="wald").pvalue < 0.05
    assert rejections["paired"] > 2 * rejections["independent"]


def test_paired_drops_and_counts_incomplete_pairs() -> None:
    after = [10, 9, None, 7, 10, 3]
    before = [3, 9, 8, None, 8, 3]
    c = nps.compare(after, before, paired=True)
    assert c.dropped_pairs == 2
    assert c.a.n == 4 and c.b is not None and c.b.n == 4
    assert c.difference == pytest.approx(100 * (2 + 0 + 1 + 0) / 4)


@pytest.mark.parametrize("method", ["bootstrap", "bayes"])
def test_paired_resampling_methods_agree_with_wald(method: PairedMethod) -> None:
    after, before = paired_sample(200, 0.5, seed=7)
    wald = nps.compare(after, before, paired=True)
    other = nps.compare(after, before, paired=True, method=method, rng=1)
    assert other.ci.low == pytest.approx(wald.ci.low, abs=2.0)
    assert other.pvalue == pytest.approx(wald.pvalue, abs=0.02)


# -- errors and display -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (([1, 9],), {}, nps.InvalidOptionError, "second sample b, or benchmark"),
        (([1, 9], [2, 3]), {"benchmark": 34}, nps.InvalidOptionError, "not both"),
        (([1, 9], [2, 3]), {"method": "t"}, nps.InvalidOptionError, "method must be one of"),
        (
            ([1, 9], [2, 3]),
            {"alternative": "two_sided"},
            nps.InvalidOptionError,
            "alternative must be one of",
        ),
        (([1, 9], [2, 3]), {"confidence": 95}, nps.InvalidOptionError, "confidence"),
        (([1, 9],), {"benchmark": 140}, nps.InvalidOptionError, "between -100 and 100"),
        (([1, 9],), {"benchmark": "34"}, nps.InvalidOptionError, "benchmark must be"),
        (([1, 9], [2, 3, 4]), {"paired": True}, nps.LengthMismatchError, "a have 2, b have 3"),
        (([1, 9], [2, 3]), {"paired": True, "method": "score"}, nps.InvalidOptionError, "paired"),
        ((nps.Counts(1, 1, 1), nps.Counts(1, 1, 1)), {"paired": True}, nps.InvalidOptionError, "per-person"),
        (([1, 9],), {"paired": True}, nps.InvalidOptionError, "needs both"),
    ],
)
def test_bad_calls_raise_clear_errors(
    args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        nps.compare(*args, **kwargs)


def test_comparison_displays() -> None:
    c = nps.compare(nps.Counts(60, 90, 150), nps.Counts(90, 90, 120))
    d = c.to_dict()
    assert d["significant"] is True and d["a"]["nps"] == 30.0 and d["method"] == "score"
    assert "significant" in str(c) and "Comparison(kind='two-sample'" in repr(c)
    html = c._repr_html_()
    assert "H1: NPS(a) != b" in html and "p-value" in html
    with pytest.raises(AttributeError):
        c.pvalue = 0.5  # type: ignore[misc]
