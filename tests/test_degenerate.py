"""Degenerate and extreme samples never get a wrong answer (issue 19, the statistics half).

The promise: a statistic that cannot be estimated (no responses; zero
variance where the test divides by it) is NaN, with a NaN p-value and
interval, and is never significant; an estimate on the edge of its range gets
its p-value from an exact test, never 0 from a zero standard error. Huge
counts, tiny priors and constant or extreme weights give the answers of
ordinary ones. Warnings are errors in this suite, so every test here also
checks that no numpy warning escapes.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._input._options import PAIRED_METHODS as PAIRED
from netpromoter._input._options import TWO_SAMPLE_METHODS as TWO_SAMPLE
from netpromoter._stats._bootstrap import bootstrap_replicates
from netpromoter._stats._intervals import effective_counts
from netpromoter.typing import Alternative, Method

METHODS: list[Method] = ["wald", "adjusted-wald", "score", "bayes", "adjusted-bayes", "bootstrap"]
ALTERNATIVES: list[Alternative] = ["two-sided", "greater", "less"]
Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)
EMPTY = nps.EmptyDataWarning
T = TypeVar("T")


def _run(call: Callable[[], T], *expected: type[Warning]) -> T:
    """``call()``, whose warnings must be exactly our ``expected`` ones: no numpy warning, none missing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    assert {type(w.message) for w in caught} == set(expected), [str(w.message) for w in caught]
    return result


def _is_nan_and_not_significant(c: nps.Comparison) -> bool:
    return math.isnan(c.pvalue) and not c.significant


# -- no responses: NaN, whatever the method -------------------------------------------------------


@pytest.mark.parametrize("method", TWO_SAMPLE)
@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_an_empty_sample_gives_a_nan_comparison(method: Method, alternative: Alternative) -> None:
    # Today: (-200, 200) for score, the prior's interval for the Bayesian and
    # adjusted methods, `ValueError: n < 0` (or a cast warning) for the bootstrap.
    empty, some = nps.Counts(0, 0, 0), nps.Counts(3, 4, 5)

    def run(a: nps.Counts, b: nps.Counts | None, benchmark: float | None = None) -> nps.Comparison:
        return _run(
            lambda: nps.compare(
                a, b, benchmark=benchmark, method=method, alternative=alternative, rng=1, resamples=199
            ),
            EMPTY,
        )

    for c in (run(empty, some), run(some, empty), run(empty, None, benchmark=10)):
        assert _is_nan_and_not_significant(c)
        assert math.isnan(c.ci.low) and math.isnan(c.ci.high) and math.isnan(c.se)
        assert math.isnan(c.statistic) and math.isnan(c.difference)
        if c.probability_greater is not None:
            assert math.isnan(c.probability_greater)


@pytest.mark.parametrize("method", PAIRED)
def test_zero_pairs_give_a_nan_comparison(method: Method) -> None:
    # Issue 19: with no complete pair the bootstrap said p = 0.0001, significant.
    after, before = np.array([10, np.nan]), np.array([np.nan, 0])
    c = _run(lambda: nps.compare(after, before, paired=True, method=method, rng=1), EMPTY)
    assert _is_nan_and_not_significant(c) and c.dropped_pairs == 2
    assert math.isnan(c.ci.low) and math.isnan(c.ci.high) and math.isnan(c.se)


def test_bootstrap_replicates_of_empty_or_undefined_rows_are_nan() -> None:
    x = np.array([[0.0, 0.0, 0.0], [np.nan, np.nan, np.nan], [1.0, 2.0, 3.0]])
    reps = bootstrap_replicates(x, 50, np.random.default_rng(0))
    assert np.isnan(reps[:2]).all() and np.isfinite(reps[2]).all()


def test_bootstrap_with_an_empty_segment_or_period_gives_nan_rows() -> None:
    # Issue 19: an all-missing segment or an empty gap period -> `ValueError: n < 0`.
    scores = np.array([10, 3, 9, 0, np.nan])
    labels = ["a", "b", "a", "b", "c"]
    report = _run(lambda: nps.segments(scores, labels, method="bootstrap", rng=2), nps.SmallSampleWarning)
    by_label = {row.segment: row for row in report}
    assert math.isnan(by_label["c"].pvalue) and not by_label["c"].significant
    assert math.isnan(by_label["c"].result.ci.low) and math.isnan(by_label["c"].ci.low)
    assert all(math.isfinite(by_label[s].pvalue) for s in "ab")
    trend = _run(lambda: nps.trend([0, 10, 5, 9], [1, 3, 3, 1], method="bootstrap"), EMPTY)  # 2 is empty
    middle = list(trend)[1]
    assert middle.result.n == 0 and math.isnan(middle.result.ci.low) and middle.change is None
    assert math.isfinite(list(trend)[2].result.ci.low)


# -- zero variance: the statistic is not estimable; on an edge, the exact tail ---------------------


def test_one_pair_with_wald_is_not_significant() -> None:
    # Issue 19: p = 0. One pair has no SD (ddof = 1): no z statistic, no
    # interval. A move of +2 is the edge; under H0 (mean change 0) at most half
    # the people move +2, so P = 1/2 one-sided, and the two-sided p is 1.
    c = nps.compare([10], [0], paired=True)
    assert c.difference == 200.0 and not c.significant
    assert math.isnan(c.statistic) and math.isnan(c.se)
    assert math.isnan(c.ci.low) and math.isnan(c.ci.high)
    assert c.pvalue == 1.0
    assert nps.compare([10], [0], paired=True, alternative="greater").pvalue == 0.5


@pytest.mark.parametrize("method", ["wald", "bootstrap"])
def test_every_pair_moving_the_same_way(method: Method) -> None:
    # 20 pairs all +2: the exact sign-type tail 2^-20 (doubled two-sided).
    up = nps.compare([10] * 20, [0] * 20, paired=True, method=method, rng=3)
    assert up.pvalue == pytest.approx(2 * 0.5**20, rel=1e-12) and up.significant
    assert math.isnan(up.statistic) and math.isnan(up.ci.low)
    down = nps.compare([0] * 20, [10] * 20, paired=True, method=method, alternative="greater", rng=3)
    assert down.pvalue == 1.0  # the data point the other way
    # 20 pairs all +1 (passive -> promoter): not on the edge, so no exact tail.
    flat = nps.compare([10] * 20, [7] * 20, paired=True, method=method, rng=3)
    assert _is_nan_and_not_significant(flat) and flat.difference == 100.0


def test_all_promoters_against_a_benchmark_of_100_is_not_significant() -> None:
    # Issue 19: "significant", p = 0 (the posterior has no mass above +100, for
    # any data). Twenty promoters are exactly what NPS = +100 predicts: p = 1.
    for method in TWO_SAMPLE:
        if method == "adjusted-wald":
            continue  # shrinks towards 0, so it has its own (proper) z test; below
        c = nps.compare([10] * 20, benchmark=100, method=method, rng=4)
        assert c.pvalue == 1.0 and not c.significant, method
    shrunk = nps.compare([10] * 20, benchmark=100, method="adjusted-wald")
    # Rocks: (20.75 - 0.75) / 23 = 0.8696, V = 0.9348 - 0.7561, se = 0.0881; z = -1.48.
    assert shrunk.pvalue == pytest.approx(0.139, abs=1e-3) and not shrunk.significant


@pytest.mark.parametrize("alternative", ALTERNATIVES)
def test_all_promoters_against_an_interior_benchmark_gets_the_exact_binomial_tail(
    alternative: Alternative,
) -> None:
    # Wald's SE is 0, so z = inf and p = 0 today. Exact: if NPS = 0 the promoter
    # share is at most 1/2, so P(20 promoters of 20) <= 0.5^20 (attained when
    # there are no passives); two-sided doubles it; "less" looks the other way.
    c = nps.compare([10] * 20, benchmark=0, method="wald", alternative=alternative)
    expected = {"two-sided": 2 * 0.5**20, "greater": 0.5**20, "less": 1.0}[alternative]
    assert c.pvalue == pytest.approx(expected, rel=1e-12)
    assert math.isnan(c.statistic) and math.isnan(c.ci.low) and math.isnan(c.ci.high)
    # All detractors against +34: at most (1 - 0.34) / 2 of them, 0.33^10.
    d = nps.compare([0] * 10, benchmark=34, method="wald", alternative="less")
    assert d.pvalue == pytest.approx(0.33**10, rel=1e-12)
    # All passives: zero variance but no edge, so Wald has no test at all.
    assert _is_nan_and_not_significant(nps.compare([7] * 10, benchmark=34, method="wald"))


def test_two_samples_on_opposite_edges_with_wald() -> None:
    # 5 promoters vs 3 detractors: zero SE. Exact: with a common NPS Delta the
    # chance is ((1 + Delta)/2)^5 ((1 - Delta)/2)^3, largest at Delta = 2/8:
    # (5/8)^5 (3/8)^3 = 0.0050293; two-sided doubles it.
    c = nps.compare([10] * 5, [0] * 3, method="wald")
    assert c.pvalue == pytest.approx(2 * (5 / 8) ** 5 * (3 / 8) ** 3, rel=1e-12)
    assert math.isnan(c.statistic) and math.isnan(c.ci.low)
    # Both all promoters, or all promoters vs all passives: no edge, no test.
    assert _is_nan_and_not_significant(nps.compare([10] * 5, [10] * 3, method="wald"))
    assert _is_nan_and_not_significant(nps.compare([10] * 5, [7] * 3, method="wald"))
    # The score test uses the variance under H0, which is positive: its own p.
    assert 0 < nps.compare([10] * 5, [7] * 3, method="score").pvalue < 1


def test_trend_slope_from_two_responses_has_no_test() -> None:
    # Issue 19: p = 0. With two responses the HC1 factor n / (n - 2) is undefined.
    slope = nps.trend([0, 10], [1, 2]).slope
    assert slope.estimate == 200.0
    assert math.isnan(slope.pvalue) and math.isnan(slope.statistic)
    assert math.isnan(slope.ci.low) and math.isnan(slope.ci.high)
    # A perfect fit (every period one category, on a line) has SE 0: no test either.
    perfect = nps.trend([0, 0, 7, 7, 10, 10], [1, 1, 2, 2, 3, 3]).slope
    assert perfect.estimate == pytest.approx(100.0) and perfect.se == 0.0
    assert math.isnan(perfect.pvalue) and math.isnan(perfect.ci.low)


# -- the property: finite and in range, or NaN and not significant ---------------------------------

counts_st = st.tuples(*[st.integers(0, 25)] * 3)
# Mostly tiny samples, often one category only, sometimes empty.
edgy_counts_st = st.one_of(
    counts_st,
    st.tuples(st.integers(0, 25), st.just(0), st.just(0)),
    st.tuples(st.just(0), st.integers(0, 25), st.just(0)),
    st.tuples(st.just(0), st.just(0), st.integers(0, 25)),
)


def _beyond_doubles(z: float) -> bool:
    """A normal tail too small for a double (2 Phi(-38.5) < 5e-324): a finite z, not a degenerate one.

    Tango's score test of 8 detractors against +99 has z = -39.9 (its variance
    is taken under H0, so it is positive), and its p-value underflows to 0.
    """
    return math.isfinite(z) and abs(z) > 38.0


def _zero_variance(*samples: tuple[int, int, int]) -> bool:
    return all(sum(s) > 0 and max(s) == sum(s) for s in samples)


@given(edgy_counts_st, st.sampled_from(METHODS), st.sampled_from([0.8, 0.95, 0.999]))
def test_every_interval_is_finite_and_in_range_or_nan(
    counts: tuple[int, int, int], method: Method, confidence: float
) -> None:
    r = _run(
        lambda: nps.score(nps.Counts(*counts), method=method, confidence=confidence, rng=5, resamples=199),
        *([EMPTY] if sum(counts) == 0 else []),
    )
    if sum(counts) == 0:
        assert math.isnan(r.nps) and math.isnan(r.se) and math.isnan(r.ci.low) and math.isnan(r.ci.high)
    else:
        assert -100.0 <= r.ci.low <= r.ci.high <= 100.0
        assert math.isfinite(r.se) and r.se >= 0


def _check_comparison(c: nps.Comparison, bound: tuple[float, float], empty: bool) -> None:
    assert math.isnan(c.pvalue) or 0.0 <= c.pvalue <= 1.0
    assert c.significant == (c.pvalue < 1.0 - c.confidence)  # NaN: False
    if math.isnan(c.ci.low) or math.isnan(c.ci.high):
        assert math.isnan(c.ci.low) and math.isnan(c.ci.high)
    else:
        assert bound[0] - 1e-9 <= c.ci.low <= c.ci.high <= bound[1] + 1e-9
    assert math.isnan(c.se) or (math.isfinite(c.se) and c.se >= 0)
    assert math.isnan(c.statistic) or math.isfinite(c.statistic)
    if empty:
        assert _is_nan_and_not_significant(c) and math.isnan(c.ci.low)


@settings(max_examples=150)
@given(
    edgy_counts_st,
    edgy_counts_st,
    st.sampled_from(TWO_SAMPLE),
    st.sampled_from(ALTERNATIVES),
    st.sampled_from([0.9, 0.95, 0.99]),
)
def test_every_two_sample_comparison_is_in_range_or_nan_and_not_significant(
    a: tuple[int, int, int],
    b: tuple[int, int, int],
    method: Method,
    alternative: Alternative,
    confidence: float,
) -> None:
    c = _run(
        lambda: nps.compare(
            nps.Counts(*a),
            nps.Counts(*b),
            method=method,
            alternative=alternative,
            confidence=confidence,
            rng=6,
            resamples=199,
        ),
        *([EMPTY] if sum(a) == 0 or sum(b) == 0 else []),
    )
    _check_comparison(c, (-200.0, 200.0), sum(a) == 0 or sum(b) == 0)
    if _zero_variance(a, b) and method != "bayes" and method != "adjusted-bayes":
        # Any data has positive probability under H0 (a common interior NPS);
        # the Monte Carlo posterior methods are left out (a share of 0 draws).
        assert c.pvalue > 0 or math.isnan(c.pvalue) or _beyond_doubles(c.statistic)


@settings(max_examples=150)
@given(
    edgy_counts_st,
    st.integers(-99, 99),
    st.sampled_from(TWO_SAMPLE),
    st.sampled_from(ALTERNATIVES),
    st.sampled_from([0.9, 0.95, 0.99]),
)
def test_every_benchmark_comparison_is_in_range_or_nan_and_not_significant(
    a: tuple[int, int, int], benchmark: int, method: Method, alternative: Alternative, confidence: float
) -> None:
    c = _run(
        lambda: nps.compare(
            nps.Counts(*a),
            benchmark=benchmark,
            method=method,
            alternative=alternative,
            confidence=confidence,
            rng=7,
            resamples=199,
        ),
        *([EMPTY] if sum(a) == 0 else []),
    )
    _check_comparison(c, (-100.0 - benchmark, 100.0 - benchmark), sum(a) == 0)
    if _zero_variance(a) and method not in ("bayes", "adjusted-bayes"):
        # An interior benchmark: the one-category sample is possible under H0.
        # (The posterior tails are exact to 1e-14 absolute, the quadrature's mass
        # allowance, so a smaller one may be 0: 14 passives against +89.)
        assert c.pvalue > 0 or math.isnan(c.pvalue) or _beyond_doubles(c.statistic)


pairs_st = st.lists(
    st.tuples(st.sampled_from([None, 0, 7, 10]), st.sampled_from([None, 0, 7, 10])), max_size=25
)


@settings(max_examples=150)
@given(pairs_st, st.sampled_from(PAIRED), st.sampled_from(ALTERNATIVES))
def test_every_paired_comparison_is_in_range_or_nan_and_not_significant(
    pairs: list[tuple[int | None, int | None]], method: Method, alternative: Alternative
) -> None:
    after = np.array([np.nan if p[0] is None else p[0] for p in pairs], dtype=np.float64)
    before = np.array([np.nan if p[1] is None else p[1] for p in pairs], dtype=np.float64)
    complete = [p for p in pairs if None not in p]
    c = _run(
        lambda: nps.compare(
            after, before, paired=True, method=method, alternative=alternative, rng=8, resamples=199
        ),
        *([EMPTY] if not complete else []),
    )
    _check_comparison(c, (-200.0, 200.0), not complete)
    if len({(p[0], p[1]) for p in complete}) == 1 and method != "bayes":
        # One kind of change (or one pair): there is no spread to test with.
        assert math.isnan(c.ci.low) and (math.isnan(c.pvalue) or c.pvalue > 0)


# -- huge counts and tiny priors: the Dirichlet posterior at any scale ------------------------------


@pytest.mark.parametrize("method", ["adjusted-bayes", "bayes"])
def test_huge_counts_give_the_normal_limit_of_the_posterior(method: Method) -> None:
    # Issue 19: n around 1e15 gave bounds that missed the estimate by 20 SDs.
    # At A = 6e15 the posterior of p - d has mean 1/3 (up to 1e-16), variance
    # V / (A + 1) with V = 1/2 + 1/6 - 1/9 = 5/9, and skewness -1.6e-8 (Dirichlet
    # third cumulant 2 (2 m^3 - 3 s m + m) / ((A + 1)(A + 2))), which moves its
    # 2.5% and 97.5% quantiles off the normal ones by 7e-17 (Cornish-Fisher).
    r = nps.score(nps.Counts(1e15, 2e15, 3e15), method=method)
    half = 100 * Z95 * math.sqrt(5 / 9 / 6e15)
    assert r.ci.low == pytest.approx(100 / 3 - half, abs=1e-11)
    assert r.ci.high == pytest.approx(100 / 3 + half, abs=1e-11)
    # Equal promoters and detractors at 2^53 each: symmetric about 0.
    even = nps.score(nps.Counts(2.0**53, 0, 2.0**53), method=method)
    assert even.ci.low == pytest.approx(-even.ci.high, abs=1e-15)
    assert even.ci.high == pytest.approx(100 * Z95 * math.sqrt(1 / 2.0**54), rel=1e-9)


def test_the_posterior_is_continuous_where_the_normal_limit_takes_over() -> None:
    # Below a total mass of 1e9 the quadrature, above it the skew-corrected
    # normal limit. Across the switch the bounds move with the estimate, up to
    # the quadrature's own error there: 2e-9 on -1..1 against a four-cumulant
    # Cornish-Fisher expansion of the exact posterior, i.e. 2e-7 points.
    below = nps.score(nps.Counts(1.66666e8, 3.33333e8, 4.99999e8), method="bayes")
    above = nps.score(nps.Counts(1.66667e8, 3.33334e8, 5.00000e8), method="bayes")
    assert below.counts.total < 1e9 < above.counts.total
    assert above.ci.low - below.ci.low == pytest.approx(above.nps - below.nps, abs=2e-7)
    assert above.ci.high - below.ci.high == pytest.approx(above.nps - below.nps, abs=2e-7)


def test_bayes_benchmark_p_value_at_huge_counts() -> None:
    # Normal limit as above: z = (1/3 + 1e-8 - 1/3) / sqrt(5/9 / 6e15) = 1.0392,
    # P(Delta > benchmark) = Phi(-z) = 0.14935; two-sided p = 0.29870.
    c = nps.compare(nps.Counts(1e15, 2e15, 3e15), benchmark=100 / 3 + 1e-6, method="bayes")
    z = 1e-8 / math.sqrt(5 / 9 / 6e15)
    assert c.pvalue == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-6)


@pytest.mark.parametrize(
    ("counts", "prior", "low", "high"),
    [
        # Exact quantiles from mpmath (30 digits): the integral over S with the
        # substitution v = (1 - S)^a_Pas, which makes S's spike at 1 smooth.
        ((2, 0, 5), (0.5, 1e-6, 0.5), -0.295323272494108, 0.870543395795442),
        ((0, 0, 5), (0.5, 1e-6, 0.5), 0.241245659113762, 0.999813156214762),
        ((3, 0, 3), (0.5, 0.01, 0.5), -0.665595719092962, 0.665595719092962),
    ],
)
def test_a_tiny_prior_on_an_unobserved_category(
    counts: tuple[int, int, int], prior: tuple[float, float, float], low: float, high: float
) -> None:
    # Issue 19: a passive prior of 1e-6 collapsed the quadrature to (100, 100):
    # almost all of S = theta_P + theta_D lies within 1e-16 of 1, out of reach of
    # every node. That mass is now a point at S = 1 (error below 2e-9 on -1..1).
    r = nps.score(nps.Counts(*counts), method="bayes", prior=prior)
    assert r.ci.low == pytest.approx(100 * low, abs=2e-7)
    assert r.ci.high == pytest.approx(100 * high, abs=2e-7)


# -- weights: constant weights are no weights; the scale of weights does not matter ----------------


def test_constant_weights_leave_the_bootstrap_interval_unchanged() -> None:
    # Issue 19: weights of 0.01 made the effective counts 1 ulp short of
    # (2, 3, 1), which moved the ties of the BCa bias correction: the interval
    # became (-83.3, +16.7) instead of (-66.7, +33.3).
    scores = [0, 10, 7, 7, 0, 7]
    plain = nps.score(scores, method="bootstrap", rng=1, resamples=999)
    weighted = nps.score(scores, [0.01] * 6, method="bootstrap", rng=1, resamples=999)
    assert weighted.ci == plain.ci and weighted.se == plain.se


weights_st = st.floats(1e-6, 1e6).filter(lambda w: w != 1.0)


@given(st.lists(st.sampled_from([0, 7, 10]), min_size=1, max_size=300), weights_st)
def test_constant_weights_give_exactly_the_unweighted_counts(scores: list[int], weight: float) -> None:
    weighted = nps.Counts.from_scores(scores, [weight] * len(scores))
    plain = nps.Counts.from_scores(scores)
    x = effective_counts(weighted.as_array()[None, :], weighted.squared_array()[None, :])
    assert x[0].tolist() == plain.as_array().tolist()


@given(
    st.lists(st.floats(0.25, 4.0), min_size=3, max_size=30),
    st.integers(-400, 505),
)
def test_effective_counts_do_not_depend_on_the_scale_of_the_weights(weights: list[float], power: int) -> None:
    # Scaling every weight by 2^k scales the sums by 2^k and the squares by 4^k
    # exactly; the counts must not move. (W^2 overflowed past weights of 1e152.)
    w = np.array(weights)
    category = np.arange(w.shape[0]) % 3
    sums = np.asarray(np.bincount(category, weights=w, minlength=3)[None, :], dtype=np.float64)
    squares = np.asarray(np.bincount(category, weights=w * w, minlength=3)[None, :], dtype=np.float64)
    scale = 2.0**power
    base = effective_counts(sums, squares)
    scaled = effective_counts(np.asarray(sums * scale), np.asarray(squares * scale * scale))
    assert scaled.tolist() == base.tolist() and np.isfinite(base).all()


@pytest.mark.parametrize("weight", [1e-160, 1e-3, 7.0, 1e150])
def test_the_scale_of_constant_weights_changes_no_result(weight: float) -> None:
    # Issue 19: weights of 1e-160 changed the SE (their squares, 1e-320, are
    # subnormal: the counting stage now rescales before squaring, and the
    # effective counts never form W^2).
    scores = [10, 9, 3, 7, 0, 10, 5, 8, 10, 2]
    for method in METHODS:
        plain = nps.score(scores, method=method, rng=1, resamples=999)
        weighted = nps.score(scores, [weight] * 10, method=method, rng=1, resamples=999)
        assert (weighted.se, weighted.ci) == (plain.se, plain.ci), method


def test_huge_weights_with_many_responses() -> None:
    # Weights of 1e153 on 100 responses per category: S2 = 1e308 is finite but
    # W^2 = 9e310 is not; the effective counts are the unweighted ones.
    x = effective_counts(np.full((1, 3), 1e155), np.full((1, 3), 1e308))
    assert x.tolist() == [[100.0, 100.0, 100.0]]


# -- corner cases under every method: a result, and only our own warnings -----------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda m: nps.compare(nps.Counts(0, 0, 0), nps.Counts(0, 0, 0), method=m, resamples=199), [EMPTY]),
        (lambda m: nps.compare(nps.Counts(0, 5, 0), nps.Counts(0, 5, 0), method=m, resamples=199), []),
        (lambda m: nps.compare(nps.Counts(0, 0, 1), benchmark=-100, method=m, resamples=199), []),
        (lambda m: nps.compare(nps.Counts(1, 0, 0), benchmark=100, method=m, resamples=199), []),
        (
            lambda m: nps.segments(nps.GroupedCounts.from_table(["a"], [0], [0], [0]), method=m),
            [nps.SmallSampleWarning],
        ),
    ],
)
@pytest.mark.parametrize("method", TWO_SAMPLE)
def test_corner_cases_run_for_every_method(
    call: Callable[[Method], object], expected: list[type[Warning]], method: Method
) -> None:
    _run(lambda: call(method), *expected)
