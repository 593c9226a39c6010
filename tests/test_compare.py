"""compare(): two samples, a benchmark and paired answers, against independent numbers."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

import netpromoter as nps
from netpromoter._stats._comparison import (
    NullTest,
    benchmark_test,
    paired_test,
    two_sample_arrays,
    two_sample_test,
)
from netpromoter._stats._intervals import IntervalOptions
from netpromoter.typing import CompareAlternative, Method, NPSMethod, PairedMethod, TwoSampleMethod

TWO_SAMPLE_METHODS: tuple[NPSMethod, ...] = get_args(NPSMethod)

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


# -- margins and equivalence ------------------------------------------------------------------------

MARGIN = 0.05  # 5 NPS points, on the -1..1 scale of the kernels
# The true difference on the boundary of each null hypothesis: greater H0 diff <= m,
# less H0 diff >= -m, two-sided H0 |diff| <= m, equivalence H0 |diff| >= m.
BOUNDARY: dict[str, float] = {"greater": MARGIN, "less": -MARGIN, "two-sided": MARGIN, "equivalence": MARGIN}


def trinomial(nps_value: float) -> np.ndarray:
    """Shares (d, pas, p) with 30% passives and the given NPS (-1..1)."""
    return np.array([(0.7 - nps_value) / 2, 0.3, (0.7 + nps_value) / 2])


def boundary_rates(build: Callable[[float], NullTest]) -> dict[str, float]:
    """Share of p < .05 for each alternative, samples drawn on the boundary of its null."""
    tests = {truth: build(truth) for truth in (MARGIN, -MARGIN)}
    return {
        side: float(np.mean(tests[truth].decide(MARGIN, side)[0] < 0.05)) for side, truth in BOUNDARY.items()
    }


def assert_nominal(rates: dict[str, float], reps: int, what: str) -> None:
    tolerance = 4 * math.sqrt(0.05 * 0.95 / reps)  # 4 simulation SEs of a rate near .05
    for side, rate in rates.items():
        assert abs(rate - 0.05) < tolerance, (what, side, rate, tolerance)


def test_margin_tests_hold_their_level_at_the_boundary_of_the_null() -> None:
    # Seeded simulation of every two-sample method, all replicates in one vectorised call:
    # n = 5,000 a sample, NPS +20 and +20 +/- 5. The SE of the difference is 1.55 points,
    # so the far side of the equivalence null is 6.5 SEs away (TOST's size at the boundary
    # is .05 - Phi(-4.8)). Resampling: 199 replicates, an exact-size (count + 1)/(B + 1)
    # p-value. The table with more replicates: docs/methods.md (bench/margin_simulation.py).
    n = 5000
    for method in TWO_SAMPLE_METHODS:
        reps = {"wald": 4000, "adjusted-wald": 4000, "score": 2000}.get(method, 800)

        def build(truth: float, method: TwoSampleMethod = method, reps: int = reps) -> NullTest:
            rng = np.random.default_rng(11 if truth > 0 else 12)
            xa = rng.multinomial(n, trinomial(0.2 + truth), size=reps).astype(float)
            xb = rng.multinomial(n, trinomial(0.2), size=reps).astype(float)
            options = IntervalOptions(rng=np.random.default_rng(13), resamples=199)
            return two_sample_test(xa, xb, method=method, options=options)

        assert_nominal(boundary_rates(build), reps, method)


def test_benchmark_and_paired_margin_tests_hold_their_level_at_the_boundary() -> None:
    # As above; the Bayesian benchmark tests (exact posterior CDF, slow to simulate) are
    # checked by the identities below instead.
    n, benchmark = 5000, np.full(4000, 0.2)
    one_sample_methods: tuple[Method, ...] = ("score", "wald", "adjusted-wald", "bootstrap")
    for method in one_sample_methods:
        reps = 800 if method == "bootstrap" else 4000

        def one_sample(truth: float, method: Method = method, reps: int = reps) -> NullTest:
            rng = np.random.default_rng(21 if truth > 0 else 22)
            x = rng.multinomial(n, trinomial(0.2 + truth), size=reps).astype(float)
            options = IntervalOptions(rng=np.random.default_rng(23), resamples=199)
            return benchmark_test(x, benchmark[:reps], method=method, options=options)

        assert_nominal(boundary_rates(one_sample), reps, f"benchmark {method}")
    changes = np.array([0.05, 0.15, 0.6, 0.15, 0.05])  # per-person change -2..+2, mean 0
    paired_methods: tuple[PairedMethod, ...] = ("wald", "bootstrap", "bayes")
    for paired_method in paired_methods:
        reps = 4000 if paired_method == "wald" else 800

        def pairs(truth: float, method: PairedMethod = paired_method, reps: int = reps) -> NullTest:
            rng = np.random.default_rng(31 if truth > 0 else 32)
            shares = changes + np.array([0.0, -truth / 2, 0.0, truth / 2, 0.0])  # mean change = truth
            counts = rng.multinomial(n, shares, size=reps).astype(float)
            options = IntervalOptions(rng=np.random.default_rng(33), resamples=199)
            return paired_test(counts, method=method, options=options)

        assert_nominal(boundary_rates(pairs), reps, f"paired {paired_method}")


@pytest.mark.parametrize("method", get_args(NPSMethod))
def test_a_margin_against_a_benchmark_is_the_benchmark_moved(method: Method) -> None:
    # One sample: H0 NPS - b <= m is the test against the benchmark b + m, so the margin's
    # p-values are the plain one-sided p-values at b + m and b - m, combined.
    counts = nps.Counts(60, 90, 150)  # NPS +30

    def p(benchmark: float, side: CompareAlternative, margin: float = 0.0) -> float:
        return nps.compare(counts, benchmark=benchmark, method=method, alternative=side, margin=margin).pvalue

    # Equal up to rounding: b + m - b may differ from m in the last bit.
    assert p(25, "greater", margin=3) == pytest.approx(p(28, "greater"), rel=1e-12)
    assert p(25, "less", margin=3) == pytest.approx(p(22, "less"), rel=1e-12)
    if method != "bootstrap":  # the same draws only for the first null distribution
        equivalence = max(p(22, "greater"), p(28, "less"))
        assert p(25, "equivalence", margin=3) == pytest.approx(equivalence, rel=1e-12)
        folded = min(p(28, "greater") + p(22, "greater"), p(22, "less") + p(28, "less"), 1.0)
        assert p(25, "two-sided", margin=3) == pytest.approx(folded, rel=1e-12, abs=1e-15)


def test_margin_by_hand_for_wald() -> None:
    # Two samples, Wald: z = (d - m) / se; two-sided p = Phi((m - |d|)/se) + Phi((-m - |d|)/se),
    # the chance at |diff| = m of an estimate at least as far out as |d|.
    ea, va, na = v(60, 90, 150)
    eb, vb, nb = v(90, 90, 120)
    d, se, m = ea - eb, math.sqrt(va / na + vb / nb), 0.08
    a, b = nps.Counts(60, 90, 150), nps.Counts(90, 90, 120)
    greater = nps.compare(a, b, method="wald", alternative="greater", margin=8)
    assert greater.statistic == pytest.approx((d - m) / se, rel=1e-12)
    assert greater.pvalue == pytest.approx(stats.norm.sf((d - m) / se), rel=1e-12)
    two = nps.compare(a, b, method="wald", margin=8)
    assert two.pvalue == pytest.approx(
        stats.norm.cdf((m - d) / se) + stats.norm.cdf((-m - d) / se), rel=1e-12
    )
    assert two.statistic == pytest.approx((d - m) / se, rel=1e-12)  # against the near boundary
    assert two.margin == 8 and two.ci == nps.compare(a, b, method="wald").ci  # the interval is unchanged
    assert nps.compare(a, b, method="wald", margin=0).pvalue == nps.compare(a, b, method="wald").pvalue
    # Equivalence: the larger of the two one-sided p-values (Schuirmann 1987).
    equivalent = nps.compare(a, b, method="wald", alternative="equivalence", margin=30)
    lower, upper = stats.norm.sf((d + 0.30) / se), stats.norm.cdf((d - 0.30) / se)
    assert equivalent.pvalue == pytest.approx(max(lower, upper), rel=1e-12)
    paired_after, paired_before = paired_sample(80, 0.5, seed=1)
    change = nps.categorize(paired_after) - nps.categorize(paired_before)
    z = (change.mean() - 0.05) / (change.std(ddof=1) / math.sqrt(80))
    paired = nps.compare(paired_after, paired_before, paired=True, alternative="greater", margin=5)
    assert paired.statistic == pytest.approx(z, rel=1e-12)
    assert paired.pvalue == pytest.approx(stats.norm.sf(z), rel=1e-12)


@pytest.mark.parametrize("method", ["score", "wald", "adjusted-wald"])
def test_equivalence_is_shown_exactly_when_the_interval_lies_inside_the_margins(method: Method) -> None:
    a, b = nps.Counts(2000, 3000, 5000), nps.Counts(2100, 2900, 5000)  # +30 and +29
    for margin in (1.5, 2.5, 3.0, 4.0):
        c = nps.compare(a, b, method=method, alternative="equivalence", margin=margin)
        assert c.ci == nps.compare(a, b, method=method, confidence=0.90).ci  # the 90% interval
        assert c.significant == (-margin < c.ci.low and c.ci.high < margin), margin
    assert "equivalent within +/-3 points" in str(nps.compare(a, b, alternative="equivalence", margin=3))


def test_significant_means_beyond_the_margin() -> None:
    app, web = nps.Counts(60, 90, 150), nps.Counts(90, 90, 120)  # +20 (95% CI +7.0 to +32.8)
    assert nps.compare(app, web, margin=5).significant
    assert not nps.compare(app, web, margin=10).significant
    assert nps.compare(app, web, margin=5, alternative="greater").significant
    assert not nps.compare(app, web, margin=5, alternative="less").significant
    # A margin can only make a difference harder to call significant.
    pvalues = [nps.compare(app, web, margin=m).pvalue for m in (0, 5, 20, 40)]
    assert pvalues == sorted(pvalues) and pvalues[-1] > 0.99
    c = nps.compare(app, web, margin=5)
    assert "beyond the 5-point margin" in str(c) and "margin=5" in repr(c)
    assert "H1: |NPS(a) - b| &gt; 5" in c._repr_html_() or "H1: |NPS(a) - b| > 5" in c._repr_html_()
    # Equivalence needs a margin: with none, nothing is shown equivalent.
    assert nps.compare(app, app, alternative="equivalence").pvalue >= 0.5


def test_margins_beyond_the_range_of_the_difference() -> None:
    counts = nps.Counts(10, 20, 70)  # +60 against +80: +/- 30 reaches past +100
    assert nps.compare(counts, benchmark=80, alternative="greater", margin=30).pvalue == 1.0
    equivalent = nps.compare(counts, benchmark=80, alternative="equivalence", margin=30)
    assert equivalent.pvalue == nps.compare(counts, benchmark=50, alternative="greater").pvalue
    assert nps.compare(counts, benchmark=80, margin=150).pvalue == 1.0


# -- paired answers matched by id ---------------------------------------------------------------


def test_paired_pandas_series_pair_by_index_label() -> None:
    pd = pytest.importorskip("pandas")
    after, before = paired_sample(60, 0.5, seed=3)
    ids = [f"c{i}" for i in range(60)]
    by_position = nps.compare(after, before, paired=True)
    shuffled = np.random.default_rng(4).permutation(60)
    a = pd.Series(after, index=ids)
    b = pd.Series(before, index=ids).iloc[shuffled]
    by_label = nps.compare(a, b, paired=True)
    assert (by_label.difference, by_label.pvalue, by_label.unpaired) == (
        by_position.difference,
        by_position.pvalue,
        0,
    )
    # People on one side only are left out and counted.
    partial = nps.compare(a.iloc[:50], b, paired=True)
    expected = nps.compare(after[:50], before[:50], paired=True)
    assert partial.unpaired == 10 and partial.difference == pytest.approx(expected.difference)


def test_paired_by_respondent_ids() -> None:
    after, before = [10, 9, 3, 7], [3, 9, 8]
    c = nps.compare(
        after, before, paired=True, respondents=(["ann", "bob", "cy", "dee"], ["cy", "ann", "bob"])
    )
    # ann 3 -> 10 (+2), bob 8 -> 9 (+1), cy 9 -> 3 (-2); dee has no earlier answer.
    assert c.difference == pytest.approx(100 * (2 + 1 - 2) / 3) and c.unpaired == 1
    with pytest.raises(nps.LengthMismatchError, match="respondent 'ann' answers twice in b"):
        nps.compare(
            after, before, paired=True, respondents=(["ann", "bob", "cy", "dee"], ["ann", "ann", "x"])
        )
    with pytest.raises(nps.LengthMismatchError, match="respondents of a have 3 ids"):
        nps.compare(after, before, paired=True, respondents=(["a", "b", "c"], ["a", "b", "c"]))
    with pytest.raises(nps.InvalidOptionError, match="goes with paired=True"):
        nps.compare(after, before, respondents=(["a"] * 4, ["b"] * 3))
    # Ids of different kinds never match: 1 is not "1".
    mixed = nps.compare([10, 0], [0, 10], paired=True, respondents=([1, 2], ["1", 2]))
    assert mixed.unpaired == 2 and mixed.a.n == 1


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


# -- weights (issue 13): a pair for two samples, one array otherwise ---------------------------

SCORES_A = [10, 9, 3, 8, 10, 0, 7, 9]
SCORES_B = [6, 9, 10, 2, 8, 8]
WEIGHTS_A = [1.5, 0.5, 2.0, 1.0, 0.8, 1.2, 1.0, 2.5]
WEIGHTS_B = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0]


@pytest.mark.parametrize("method", TWO_SAMPLE_METHODS)
def test_two_sample_weights_are_those_of_weighted_counts(method: TwoSampleMethod) -> None:
    given = nps.compare(SCORES_A, SCORES_B, weights=(WEIGHTS_A, WEIGHTS_B), method=method)
    counted = nps.compare(
        nps.Counts.from_scores(SCORES_A, WEIGHTS_A),
        nps.Counts.from_scores(SCORES_B, WEIGHTS_B),
        method=method,
    )
    assert given.to_dict() == counted.to_dict()  # NaN statistics compare as None
    assert given.a.counts.weighted and given.b is not None and given.b.counts.weighted
    # None leaves a sample unweighted (or a Counts as it is).
    half = nps.compare(SCORES_A, nps.Counts.from_scores(SCORES_B), weights=(WEIGHTS_A, None), method=method)
    assert half.b is not None and not half.b.counts.weighted
    assert half.a.to_dict() == given.a.to_dict()


def test_weighted_two_sample_wald_by_hand() -> None:
    # Linearisation variance of each weighted NPS: sum w^2 (y - NPS_w)^2 / W^2, added.
    def linearised(scores: list[int], weights: list[float]) -> tuple[float, float]:
        y = np.array([1.0 if s >= 9 else -1.0 if s <= 6 else 0.0 for s in scores])
        w = np.array(weights)
        mean = float(w @ y / w.sum())
        return mean, float((w**2) @ (y - mean) ** 2 / w.sum() ** 2)

    (ma, va), (mb, vb) = linearised(SCORES_A, WEIGHTS_A), linearised(SCORES_B, WEIGHTS_B)
    c = nps.compare(SCORES_A, SCORES_B, weights=(WEIGHTS_A, WEIGHTS_B), method="wald")
    assert c.difference == pytest.approx(100 * (ma - mb), rel=1e-12)
    assert c.se == pytest.approx(100 * math.sqrt(va + vb), rel=1e-12)


def test_benchmark_weights_are_one_array() -> None:
    c = nps.compare(SCORES_A, benchmark=20, weights=WEIGHTS_A)
    assert c.to_dict() == nps.compare(nps.Counts.from_scores(SCORES_A, WEIGHTS_A), benchmark=20).to_dict()
    with pytest.raises(nps.InvalidOptionError, match="one array"):
        nps.compare(SCORES_A, benchmark=20, weights=(WEIGHTS_A, WEIGHTS_A))


def test_paired_weights_by_hand() -> None:
    after, before = [10, 9, 7, 3, 10, 6], [8, 9, 3, 3, 6, 10]
    w = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0]
    # Per-person change in category (after - before): +1, 0, +1, 0, +2, -2.
    change = np.array([1.0, 0.0, 1.0, 0.0, 2.0, -2.0])
    weights = np.array(w)
    mean = float(weights @ change / weights.sum())
    n = len(w)
    se = math.sqrt(n / (n - 1) * float((weights**2) @ (change - mean) ** 2) / weights.sum() ** 2)
    c = nps.compare(after, before, paired=True, weights=w)
    assert c.difference == pytest.approx(100 * mean, rel=1e-12)
    assert c.se == pytest.approx(100 * se, rel=1e-12)
    assert c.a.nps == pytest.approx(nps.nps(after, w)) and c.b is not None
    # Weights of 1 are the unweighted test.
    ones = nps.compare(after, before, paired=True, weights=[1.0] * n)
    plain = nps.compare(after, before, paired=True)
    assert (ones.difference, ones.se, ones.pvalue) == (plain.difference, plain.se, plain.pvalue)


def test_weights_given_as_a_second_sample_are_caught_when_they_cannot_be_scores() -> None:
    # Issue 13: compare(scores, weights) used the weights as sample b.
    with pytest.raises(nps.InvalidScoreError, match=r"b is a second sample of scores, not weights.*weights="):
        nps.compare(SCORES_A, WEIGHTS_A)
    with pytest.raises(nps.InvalidScoreError, match="weights="):
        nps.compare(SCORES_A, WEIGHTS_A, paired=True)
    with pytest.raises(nps.InvalidOptionError, match=r"pair \(weights_a, weights_b\)"):
        nps.compare(SCORES_A, SCORES_B, weights=WEIGHTS_A)
