"""trend() of a mean metric: t intervals per period, Welch changes, slope, chart, windows, repeats."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import netpromoter as nps
from netpromoter.typing import ControlChart

MEAN = nps.Metric.mean(1, 5, name="CSAT mean")

# A small case for R: three periods of 1-5 answers.
P1, P2, P3 = [5, 4, 4, 3, 5, 2], [3, 2, 4, 1], [5, 5, 4, 4, 3, 5, 4]
SCORES = P1 + P2 + P3
PERIODS = [0] * 6 + [1] * 4 + [2] * 7
WEIGHTS = [1, 2, 0.5, 1.5, 1, 3, 2, 1, 1, 0.5, 1, 1, 2, 2.5, 1, 0.5, 1]
IDS = list("abcadeabfgcdefhhi")


def test_each_period_is_the_t_interval_of_its_answers_as_r() -> None:
    report = nps.trend(SCORES, PERIODS, metric=MEAN)
    # R: r <- t.test(p); c(mean(p), r$stderr, r$conf.int) for p1, p2, p3 above
    expected = [
        (3.833333333, 0.4772607021, 2.606495642, 5.060171025),
        (2.5, 0.6454972244, 0.4457397432, 4.554260257),
        (4.285714286, 0.2857142857, 3.586596614, 4.984831957),
    ]
    for row, (mean, se, low, high), answers in zip(report, expected, (P1, P2, P3), strict=True):
        assert (row.result.nps, row.result.se) == pytest.approx((mean, se), rel=1e-9)
        assert tuple(row.result.ci) == pytest.approx((low, high), rel=1e-9)
        assert row.result.method == "t" and row.result.metric == MEAN and row.result.n == len(answers)
        # A mean has no boxes: its counts hold every answer as a passive.
        assert row.result.counts == nps.Counts(0, len(answers), 0)
        alone = nps.score(answers, metric=MEAN)
        assert (row.result.nps, row.result.se) == pytest.approx((alone.nps, alone.se), rel=1e-12)
        assert tuple(row.result.ci) == pytest.approx(tuple(alone.ci), rel=1e-12)
    assert report.method == "t" and report.metric == MEAN
    assert str(report.rows[0].result) == "CSAT mean 3.83 (95% CI 2.61 to 5.06, t; n = 6)"
    assert "scale units/period" in repr(report)


def test_changes_are_welch_t_tests_as_r() -> None:
    report = nps.trend(SCORES, PERIODS, metric=MEAN)
    assert report.rows[0].change is None
    # R: r <- t.test(p2, p1); estimate difference, statistic, p.value, conf.int, stderr
    #    (df 6.085383502); then t.test(p3, p2) (df 4.209866453)
    expected = [
        (-1.333333333, -1.660909597, 0.1471026946, -3.290986445, 0.6243197786, 0.8027729719),
        (1.785714286, 2.529687215, 0.06162945267, -0.1362498131, 3.707678385, 0.7059031943),
    ]
    for row, (difference, t, p, low, high, se) in zip(report.rows[1:], expected, strict=True):
        change = row.change
        assert change is not None
        assert (change.difference, change.statistic, change.pvalue) == pytest.approx(
            (difference, t, p), rel=1e-9
        )
        assert (change.ci.low, change.ci.high, change.se) == pytest.approx((low, high, se), rel=1e-9)
        assert change.method == "t" and change.kind == "two-sample"
    assert report.rows[1].change is not None and report.rows[1].change.a is report.rows[1].result


def test_changes_equal_scipy_welch_and_take_a_margin_in_scale_units() -> None:
    rng = np.random.default_rng(11)
    scores = rng.integers(1, 6, size=400)
    periods = rng.integers(0, 4, size=400)
    plain = nps.trend(scores, periods, metric=MEAN)
    margin = 0.1
    wide = nps.trend(scores, periods, metric=MEAN, margin=margin)
    for t in range(1, 4):
        a, b = scores[periods == t], scores[periods == t - 1]
        welch = stats.ttest_ind(a, b, equal_var=False)
        change = plain.rows[t].change
        assert change is not None
        assert change.difference == pytest.approx(a.mean() - b.mean(), rel=1e-12)
        assert (change.statistic, change.pvalue) == pytest.approx((welch.statistic, welch.pvalue), rel=1e-9)
        # H0 |difference| <= margin: the two one-sided t tails at +margin and -margin
        # on the estimate's side (see compare's Notes), with Welch's SE and df.
        se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
        df = welch.df
        d = abs(a.mean() - b.mean())
        expected = stats.t.sf((d - margin) / se, df) + stats.t.sf((d + margin) / se, df)
        margined = wide.rows[t].change
        assert margined is not None and margined.margin == margin
        assert margined.pvalue == pytest.approx(min(expected, 1.0), rel=1e-9)


def response_slope(y: Any, x: Any, w: Any, ids: Any = None) -> tuple[float, float]:
    """WLS of the answers on the period index with an HC1 (or CR1) sandwich, from the responses."""
    y, w = np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    design = np.column_stack([np.ones(len(y)), np.asarray(x, dtype=float)])
    xtwx = design.T @ (w[:, None] * design)
    beta = np.linalg.solve(xtwx, design.T @ (w * y))
    scores = design * (w * (y - design @ beta))[:, None]
    n = len(y)
    if ids is None:
        meat, factor = scores.T @ scores, n / (n - 2)
    else:
        _, cluster = np.unique(np.asarray(ids), return_inverse=True)
        summed = np.zeros((cluster.max() + 1, 2))
        np.add.at(summed, cluster, scores)
        g = summed.shape[0]
        meat, factor = summed.T @ summed, g / (g - 1) * (n - 1) / (n - 2)
    bread = np.linalg.inv(xtwx)
    return float(beta[1]), float(math.sqrt((bread @ meat @ bread)[1, 1] * factor))


def test_slope_is_least_squares_of_the_answers_with_hc1_and_cr1_as_r() -> None:
    # R: fit <- lm(y ~ t); c(coef(fit)[2], sqrt(vcovHC(fit, type = "HC1")[2, 2]))
    plain = nps.trend(SCORES, PERIODS, metric=MEAN).slope
    assert (plain.estimate, plain.se) == pytest.approx((0.2545454545, 0.2909930586), rel=1e-9)
    # R: fitw <- lm(y ~ t, weights = w); sqrt(vcovHC(fitw, type = "HC1")[2, 2])
    weighted = nps.trend(SCORES, PERIODS, WEIGHTS, metric=MEAN).slope
    assert (weighted.estimate, weighted.se) == pytest.approx((0.3888888889, 0.2987014862), rel=1e-9)
    # R: sqrt(vcovCL(fitw, cluster = id, type = "HC1")[2, 2])
    clustered = nps.trend(SCORES, PERIODS, WEIGHTS, metric=MEAN, clusters=IDS).slope
    assert (clustered.estimate, clustered.se) == pytest.approx((0.3888888889, 0.2678890024), rel=1e-9)
    assert clustered.pvalue == pytest.approx(2 * stats.norm.sf(0.3888888889 / 0.2678890024), rel=1e-8)


def test_clustered_periods_are_domains_of_the_design_as_r_svyby() -> None:
    report = nps.trend(SCORES, PERIODS, WEIGHTS, metric=MEAN, clusters=IDS)
    # R: des <- svydesign(ids = ~id, weights = ~w, data = d); b <- svyby(~y, ~period, des, svymean)
    #    coef(b); SE(b); confint(b, df = degf(des))  (degf 8: nine clusters)
    expected = [
        (3.388888889, 0.5602617028, 2.096923086, 4.680854692),
        (2.777777778, 0.4140866625, 1.822892222, 3.732663334),
        (4.166666667, 0.177321463, 3.757762640, 4.575570694),
    ]
    for row, (mean, se, low, high) in zip(report, expected, strict=True):
        assert (row.result.nps, row.result.se) == pytest.approx((mean, se), rel=1e-9)
        assert tuple(row.result.ci) == pytest.approx((low, high), rel=1e-9)
    # The counts keep n, the weights and the clusters present in the period: cluster totals
    # a 1 + 1.5, b 2, c 0.5, d 1, e 3, so sum_c W_c^2 = 6.25 + 4 + 0.25 + 1 + 9 = 20.5.
    assert report.rows[0].result.counts == nps.Counts(
        0,
        9,
        0,
        squared_weights=(0, 17.5, 0),
        n=6,
        cross_products=[[0, 0, 0], [0, 20.5, 0], [0, 0, 0]],
        clusters=5,
    )


def test_weighted_periods_equal_the_score_of_their_answers() -> None:
    rng = np.random.default_rng(5)
    scores = rng.integers(1, 8, size=300).astype(float)
    scores[rng.random(300) < 0.05] = np.nan
    periods = rng.integers(0, 5, size=300)
    weights = rng.random(300) + 0.25
    metric = nps.Metric.mean(1, 7)
    report = nps.trend(scores, periods, weights, metric=metric, confidence=0.9)
    for t, row in enumerate(report):
        inside = periods == t
        alone = nps.score(scores[inside], weights[inside], metric=metric, confidence=0.9)
        assert (row.result.nps, row.result.se) == pytest.approx((alone.nps, alone.se), rel=1e-12)
        assert tuple(row.result.ci) == pytest.approx(tuple(alone.ci), rel=1e-12)
        assert (row.result.n, row.result.missing) == (alone.n, alone.missing)
        answered = inside & ~np.isnan(scores)
        assert row.result.nps == pytest.approx(
            np.average(scores[answered], weights=weights[answered]), rel=1e-12
        )
    b, se = response_slope(scores[~np.isnan(scores)], periods[~np.isnan(scores)], weights[~np.isnan(scores)])
    assert (report.slope.estimate, report.slope.se) == pytest.approx((b, se), rel=1e-10)


def latest(order: list[int], people: list[str]) -> list[int]:
    """Positions of each person's last answer among ``order`` (positions in time order)."""
    last: dict[str, int] = {}
    for i in order:
        last[people[i]] = i
    return sorted(last.values())


def domain_mean(
    y: Any, w: Any, ids: Any, m: int, confidence: float = 0.95
) -> tuple[float, float, float, float]:
    """Mean, SE and t interval of a domain of a clustered design of m clusters (survey::svyby)."""
    y, w = np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    mean = float(np.average(y, weights=w))
    totals: dict[Any, float] = {}
    for value, weight, cluster in zip(y, w, ids, strict=True):
        totals[cluster] = totals.get(cluster, 0.0) + weight * (value - mean) / w.sum()
    se = math.sqrt(m / (m - 1) * sum(v * v for v in totals.values()))
    half = stats.t.ppf(0.5 + confidence / 2, m - 1) * se
    return mean, se, mean - half, mean + half


def test_respondents_windows_and_clusters_equal_a_response_level_recomputation() -> None:
    rng = np.random.default_rng(9)
    size = 160
    scores = rng.integers(1, 6, size=size).tolist()
    periods = rng.integers(0, 6, size=size).tolist()
    people = [f"p{i}" for i in rng.integers(0, 40, size=size)]
    weights = (rng.random(size) + 0.5).tolist()
    # Each person's latest answer per period (and per window) counts: later period, then later position.
    in_time = sorted(range(size), key=lambda i: (periods[i], i))
    plain = nps.trend(scores, periods, metric=MEAN, respondents=people, window=3)
    weighted = nps.trend(scores, periods, weights, metric=MEAN, respondents=people, window=3)
    clustered = nps.trend(
        scores, periods, weights, metric=MEAN, respondents=people, clusters=people, window=3
    )
    m = len(set(people))
    superseded = 0
    for t in range(6):
        here = [i for i in in_time if periods[i] == t]
        kept = latest(here, people)
        superseded += len(here) - len(kept)
        window = latest([i for i in in_time if t - 3 < periods[i] <= t], people)
        for rows, chosen in ((plain.rows[t].result, kept), (plain.rows[t].rolling, window)):
            assert rows is not None
            alone = nps.score([scores[i] for i in chosen], metric=MEAN)
            assert (rows.nps, rows.se, rows.n) == pytest.approx((alone.nps, alone.se, alone.n), rel=1e-12)
        for rows, chosen in ((weighted.rows[t].result, kept), (weighted.rows[t].rolling, window)):
            assert rows is not None
            alone = nps.score([scores[i] for i in chosen], [weights[i] for i in chosen], metric=MEAN)
            assert (rows.nps, rows.se) == pytest.approx((alone.nps, alone.se), rel=1e-12)
            assert tuple(rows.ci) == pytest.approx(tuple(alone.ci), rel=1e-12)
        for rows, chosen in ((clustered.rows[t].result, kept), (clustered.rows[t].rolling, window)):
            assert rows is not None
            expected = domain_mean(
                [scores[i] for i in chosen], [weights[i] for i in chosen], [people[i] for i in chosen], m
            )
            assert (rows.nps, rows.se, *rows.ci) == pytest.approx(expected, rel=1e-10)
    assert plain.dropped_repeats == weighted.dropped_repeats == superseded > 0
    # The clustered slope: each person's kept answers, CR1 by person.
    kept_all = [i for t in range(6) for i in latest([j for j in in_time if periods[j] == t], people)]
    b, se = response_slope(
        [scores[i] for i in kept_all],
        [periods[i] for i in kept_all],
        [weights[i] for i in kept_all],
        [people[i] for i in kept_all],
    )
    assert (clustered.slope.estimate, clustered.slope.se) == pytest.approx((b, se), rel=1e-10)


def test_unweighted_windows_pool_the_answers_of_the_last_periods() -> None:
    rng = np.random.default_rng(2)
    scores = rng.integers(1, 6, size=200).astype(float)
    scores[rng.random(200) < 0.05] = np.nan
    periods = rng.integers(0, 8, size=200)
    report = nps.trend(scores, periods, metric=MEAN, window=3)
    general = nps.trend(scores, periods, np.ones(200), metric=MEAN, window=3)  # the per-response path
    for t, (row, other) in enumerate(zip(report, general, strict=True)):
        inside = (periods <= t) & (periods > t - 3)
        alone = nps.score(scores[inside], metric=MEAN)
        assert row.rolling is not None and other.rolling is not None
        assert (row.rolling.nps, row.rolling.se, row.rolling.n) == pytest.approx(
            (alone.nps, alone.se, alone.n), rel=1e-12
        )
        assert (row.result.missing, row.result.counts) == (other.result.missing, other.result.counts)
        assert (other.rolling.nps, other.rolling.se) == pytest.approx(
            (row.rolling.nps, row.rolling.se), rel=1e-12
        )


def cusum(z: list[float], k: float, h: float) -> tuple[list[float], list[float], list[int]]:
    """The two-sided tabular CUSUM restarted after each signal, by hand."""
    high = low = 0.0
    highs, lows, signals = [], [], []
    for t, value in enumerate(z):
        high, low = max(0.0, high + value - k), max(0.0, low - value - k)
        highs.append(high)
        lows.append(low)
        if high > h or low > h:
            signals.append(t)
            high = low = 0.0
    return highs, lows, signals


@pytest.mark.parametrize("control", ["laney", "p"])
def test_control_chart_and_cusum_on_the_period_means_by_hand(control: ControlChart) -> None:
    rng = np.random.default_rng(3)
    means = [3.5] * 6 + [3.0] * 4 + [3.5] * 4  # a drop in periods 6-9
    periods = np.repeat(np.arange(14), 120)
    scores = np.clip(np.rint(rng.normal(np.repeat(means, 120), 1.1)), 1, 5)
    report = nps.trend(scores, periods, metric=MEAN, control=control)
    level, v0 = scores.mean(), scores.var()  # pooled mean and variance of one answer (ddof 0)
    n = np.full(14, 120.0)
    period_means = np.array([scores[periods == t].mean() for t in range(14)])
    z = (period_means - level) / np.sqrt(v0 / n)
    sigma_z = np.abs(np.diff(z)).mean() / 1.128
    widen = max(1.0, sigma_z) if control == "laney" else 1.0
    assert report.baseline == pytest.approx(level, rel=1e-12)
    assert report.sigma_z == pytest.approx(sigma_z if control == "laney" else 1.0, rel=1e-9)
    lower, upper = level - 3 * widen * np.sqrt(v0 / n), level + 3 * widen * np.sqrt(v0 / n)
    assert [r.lower_limit for r in report] == pytest.approx(lower, rel=1e-12)
    assert [r.upper_limit for r in report] == pytest.approx(upper, rel=1e-12)
    assert [r.out_of_control for r in report] == list((period_means < lower) | (period_means > upper))
    highs, lows, signals = cusum(list(z / widen), 0.5, 5.0)
    assert [r.cusum_high for r in report] == pytest.approx(highs, rel=1e-9, abs=1e-12)
    assert [r.cusum_low for r in report] == pytest.approx(lows, rel=1e-9, abs=1e-12)
    assert [s.index for s in report.shifts] == signals
    assert any(s.direction == "drop" and 6 <= s.index <= 9 for s in report.shifts)  # the drop is found
    s = sum(np.sign(period_means[j] - period_means[i]) for i in range(14) for j in range(i + 1, 14))
    assert report.mann_kendall.statistic == s  # on the period means


def test_weighted_chart_rescales_each_periods_own_se_to_the_pooled_variance() -> None:
    rng = np.random.default_rng(6)
    periods = rng.integers(0, 5, size=500)
    scores = rng.integers(1, 6, size=500)
    weights = rng.gamma(2.0, 1.0, size=500)
    report = nps.trend(scores, periods, weights, metric=MEAN, control="p", baseline=3.2)
    # Each period's effective size: the weighted variance of one answer over the
    # (linearisation, without n / (n - 1)) variance of its mean.
    n_eff, means, spread = [], [], []
    for t, row in enumerate(report):
        y, w = scores[periods == t], weights[periods == t]
        mean = np.average(y, weights=w)
        v = np.average((y - mean) ** 2, weights=w)
        variance = row.result.se**2 * (y.size - 1) / y.size
        n_eff.append(v / variance)
        means.append(mean)
        spread.append(v)
    n_eff_a, means_a = np.array(n_eff), np.array(means)
    level = (n_eff_a * means_a).sum() / n_eff_a.sum()  # the periods pooled at their effective sizes
    v0 = (n_eff_a * (np.array(spread) + (means_a - level) ** 2)).sum() / n_eff_a.sum()
    assert report.baseline == 3.2
    sd = np.sqrt(v0 / n_eff_a)
    assert [r.upper_limit for r in report] == pytest.approx(3.2 + 3 * sd, rel=1e-10)
    z = (means_a - 3.2) / sd
    assert [r.cusum_high for r in report] == pytest.approx(cusum(list(z), 0.5, 5.0)[0], rel=1e-9, abs=1e-12)


def test_empty_periods_and_single_value_periods() -> None:
    with pytest.warns(nps.EmptyDataWarning, match="1 of 4 periods have no responses: their CSAT mean"):
        report = nps.trend([4, 4, 4, 2, 5, 3, 1], [0, 0, 0, 1, 1, 3, 3], metric=MEAN)
    assert math.isnan(report.rows[2].result.nps) and report.rows[2].result.n == 0
    assert report.rows[2].change is None and report.rows[3].change is None  # empty neighbour
    assert not report.rows[2].out_of_control
    first = report.rows[0].result  # every answer 4: no spread, the interval is the point
    assert (first.nps, first.se, *first.ci) == (4.0, 0.0, 4.0, 4.0)
    # R: r <- t.test(c(2, 5), c(4, 4, 4)); c(r$statistic, r$parameter, r$p.value, r$stderr):
    # -0.3333333333, df 1, 0.7951672353, 1.5 (one side without spread: Welch on the other's df)
    change = report.rows[1].change
    assert change is not None
    assert (change.difference, change.statistic) == pytest.approx((-0.5, -0.3333333333), rel=1e-9)
    assert (change.pvalue, change.se) == pytest.approx((0.7951672353, 1.5), rel=1e-9)
    # R's interval (-19.56, 18.56) runs past what two 1-5 means can differ by: clipped to (-4, 4).
    assert tuple(change.ci) == (-4.0, 4.0)


def test_mean_options_and_errors() -> None:
    grouped = nps.GroupedCounts.from_scores([1, 5], [0, 1], scale=nps.Scale(1, 5, 2, 4))
    with pytest.raises(nps.InvalidOptionError, match="metric CSAT mean is a mean: trend needs the scores"):
        nps.trend(grouped, metric=MEAN)
    with pytest.raises(nps.InvalidOptionError, match="baseline"):
        nps.trend(SCORES, PERIODS, metric=MEAN, baseline=6)  # off the 1-5 scale
    with pytest.raises(nps.InvalidOptionError, match="method"):
        nps.trend(SCORES, PERIODS, metric=MEAN, method="wald")
    with pytest.raises(nps.InvalidScoreError, match="position 2"):
        nps.trend([1, 5, 7], [0, 0, 1], metric=MEAN)
    report = nps.trend(SCORES, PERIODS, metric=MEAN, confidence=0.9, method="t")
    # R: t.test(p1, conf.level = 0.9)$conf.int
    assert tuple(report.rows[0].result.ci) == pytest.approx((2.871629932, 4.795036735), rel=1e-9)
    html = report._repr_html_()
    assert "CSAT mean" in html and "3.83" in html and "scale units/period" in html


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.integers(1, 5), st.integers(0, 4), st.floats(0.25, 4.0)), min_size=3, max_size=40
    )
)
def test_period_means_and_slope_equal_the_weighted_answers(data: list[tuple[int, int, float]]) -> None:
    scores, periods, weights = (list(column) for column in zip(*data, strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nps.EmptyDataWarning)
        report = nps.trend(scores, periods, weights, metric=MEAN)
    y, x, w = np.array(scores), np.array(periods), np.array(weights)
    for row in report:
        inside = x == row.period
        if inside.any():
            assert row.result.nps == pytest.approx(np.average(y[inside], weights=w[inside]), rel=1e-12)
        else:
            assert math.isnan(row.result.nps)
    if len(set(periods)) >= 2:
        b, se = response_slope(y, x - x.min(), w)
        assert report.slope.estimate == pytest.approx(b, rel=1e-9, abs=1e-12)
        assert report.slope.se == pytest.approx(se, rel=1e-8, abs=1e-12)
