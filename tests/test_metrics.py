"""CSAT, CES and any rating metric beside NPS: the public API against R and against the NPS path.

Reference numbers are in tests/reference/r_metrics.py with the R call beside each.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import r_metrics
from scipy import stats

import netpromoter as nps
from netpromoter._stats._comparison import two_sample_arrays
from netpromoter._stats._intervals import IntervalOptions
from netpromoter.datasets import example_survey

CSAT_MEAN = nps.Metric.mean(1, 5, name="CSAT mean")
CSAT_NET = nps.Metric.net(1, 5, top=(4, 5), bottom=(1, 2), name="CSAT net")


# -- metrics: what they are, and what they refuse ------------------------------------------------


def test_ready_made_metrics_are_the_usual_definitions() -> None:
    assert (nps.NPS.kind, nps.NPS.top, nps.NPS.bottom) == ("net", (9, 10), (0, 1, 2, 3, 4, 5, 6))
    assert (nps.CSAT.kind, nps.CSAT.minimum, nps.CSAT.maximum, nps.CSAT.top) == ("share", 1, 5, (4, 5))
    assert (nps.CES.kind, nps.CES.minimum, nps.CES.maximum, nps.CES.top) == ("share", 1, 7, (5, 6, 7))
    # The 5-point eNPS: 5 promoters, 4 passive, 1-3 detractors.
    assert (nps.ENPS_FIVE.top, nps.ENPS_FIVE.bottom) == ((5,), (1, 2, 3))
    assert nps.ENPS_FIVE.scale == nps.Scale(1, 5, 3, 5)


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda: nps.Metric.share(1, 5, top=(3, 5)), "gap"),
        (lambda: nps.Metric.net(1, 5, top=(3, 4, 5), bottom=(1, 2, 3)), "overlap"),
        (lambda: nps.Metric.net(1, 5, top=(4, 5), bottom=(2, 3)), "start"),
        (lambda: nps.Metric.share(1, 5, top=(3, 4)), "reach the top"),
        (lambda: nps.Metric.share(1, 5, top=(5, 6)), "outside"),
        (lambda: nps.Metric.share(5, 1, top=(5,)), "minimum < maximum"),
        (lambda: nps.Metric.mean(1.5, 5), "integer"),  # type: ignore[arg-type]
    ],
)
def test_boxes_that_overlap_leave_gaps_or_leave_the_scale_are_refused(build: object, words: str) -> None:
    with pytest.raises(nps.InvalidScaleError, match=words):
        build()  # type: ignore[operator]


def test_a_score_outside_the_metrics_scale_is_named_with_its_position() -> None:
    with pytest.raises(nps.InvalidScoreError, match=r"score 6 at position 2 is outside the 1-5 scale"):
        nps.score([5, 4, 6], metric=nps.CSAT)
    with pytest.raises(nps.InvalidScoreError, match="position 1"):
        nps.score([3, 0], metric=CSAT_MEAN)


# -- one sample: the published example and R ---------------------------------------------------


@pytest.mark.parametrize("method", ["wilson", "exact"])
def test_intercom_csat_intervals_match_r(method: str) -> None:
    result = nps.score(r_metrics.A, metric=nps.CSAT, method=method)  # type: ignore[arg-type]
    assert result.estimate == 60.0
    assert result.ci == pytest.approx(r_metrics.INTERCOM[method], abs=5e-6)


def test_intercom_mean_is_the_t_interval_and_the_net_is_plus_40() -> None:
    mean = nps.score(r_metrics.A, metric=CSAT_MEAN)
    assert (mean.estimate, mean.method) == (3.5, "t")
    assert mean.ci == pytest.approx(r_metrics.INTERCOM["t"], abs=5e-7)
    assert nps.score(r_metrics.A, metric=CSAT_NET).estimate == pytest.approx(40.0)  # 60% 4-5 minus 20% 1-2


def test_the_published_ces_example_is_checked_not_copied() -> None:
    # A vendor's CES example claims a mean of 2.82 for 190/240/110/330/140 "out of 1000":
    # the counts sum to 1,010 and their mean is 3020 / 1010 = 2.990099...
    ratings = nps.RatingCounts(1, 5, [190, 240, 110, 330, 140])
    assert ratings.n == 1010
    assert ratings.mean == pytest.approx(3020 / 1010, abs=1e-12)
    assert nps.score(ratings, metric=nps.Metric.mean(1, 5)).estimate == pytest.approx(2.990099, abs=1e-6)


def test_results_say_what_they_measure() -> None:
    assert (
        str(nps.score(r_metrics.A, metric=nps.CSAT)) == "CSAT 60.0% (95% CI 46.2% to 72.4%, wilson; n = 50)"
    )
    assert str(nps.score(r_metrics.A, metric=CSAT_MEAN)) == "CSAT mean 3.50 (95% CI 3.15 to 3.85, t; n = 50)"
    assert str(nps.score([10, 9, 3])).startswith("NPS +33.3")
    frame = nps.score(r_metrics.A, metric=nps.CSAT).to_frame()
    assert frame["metric"].tolist() == ["CSAT"] and frame["nps"].tolist() == [60.0]  # the estimate
    assert "CSAT" in nps.score(r_metrics.A, metric=nps.CSAT)._repr_html_()


def test_every_metric_of_a_scale_comes_from_one_counting_pass() -> None:
    ratings = nps.RatingCounts.from_scores(r_metrics.A, metric=nps.CSAT)
    for metric in (nps.CSAT, CSAT_NET, CSAT_MEAN, nps.Metric.share(1, 5, top=(5,))):
        from_ratings, from_scores = nps.score(ratings, metric=metric), nps.score(r_metrics.A, metric=metric)
        assert (from_ratings.estimate, from_ratings.ci) == (from_scores.estimate, from_scores.ci)
    assert ratings.counts(nps.CSAT) == nps.Counts.from_scores(r_metrics.A, scale=nps.CSAT.scale)


@settings(max_examples=50)
@given(
    st.lists(st.one_of(st.integers(1, 5), st.none()), min_size=1, max_size=40),
    st.lists(st.integers(1, 5), min_size=1, max_size=40),
)
def test_rating_counts_merge_like_the_responses_they_count(
    first: list[int | None], second: list[int]
) -> None:
    merged = nps.RatingCounts.from_scores(first, metric=nps.CSAT) + nps.RatingCounts.from_scores(
        second, metric=nps.CSAT
    )
    assert merged == nps.RatingCounts.from_scores([*first, *second], metric=nps.CSAT)
    assert merged.n + merged.missing == len(first) + len(second)  # nothing dropped silently
    # The boxes collapsed from the histogram are the boxes counted directly, missing included.
    for metric in (nps.CSAT, nps.ENPS_FIVE):
        direct = nps.Counts.from_scores(first, scale=metric.scale)
        assert nps.RatingCounts.from_scores(first, metric=metric).counts(metric) == direct


def test_weighted_and_clustered_means_use_the_linearisation_variance() -> None:
    s = example_survey()
    weighted = nps.score(s.csat, s.weight, metric=CSAT_MEAN)
    ok = ~np.isnan(s.csat)
    y, w = s.csat[ok], s.weight[ok]
    mean = float((w * y).sum() / w.sum())
    n = y.shape[0]
    variance = n / (n - 1) * float((w**2 * (y - mean) ** 2).sum()) / float(w.sum()) ** 2
    assert weighted.estimate == pytest.approx(mean, rel=1e-12)
    assert weighted.se == pytest.approx(math.sqrt(variance), rel=1e-10)
    # Clusters: the per-cluster sums of w (y - mean), m / (m - 1) (survey::svymean with ids = ~id).
    clustered = nps.score(s.csat, s.weight, metric=CSAT_MEAN, clusters=s.respondent)
    _, codes = np.unique(s.respondent, return_inverse=True)
    m = int(np.unique(s.respondent).shape[0])
    totals = np.bincount(codes[ok], weights=w * (y - mean), minlength=m)
    expected = math.sqrt(m / (m - 1) * float(totals @ totals)) / float(w.sum())
    assert clustered.se == pytest.approx(expected, rel=1e-10)


# -- comparisons ----------------------------------------------------------------------------------


def test_two_shares_are_compared_with_the_binomial_score_test_of_r() -> None:
    for (x, y), (chi2, p) in (((30, 20), r_metrics.TWO_SHARES_30_20), ((45, 25), r_metrics.TWO_SHARES_45_25)):
        a = nps.RatingCounts(1, 5, [50 - x, 0, 0, x, 0])
        b = nps.RatingCounts(1, 5, [50 - y, 0, 0, y, 0])
        c = nps.compare(a, b, metric=nps.CSAT)
        assert c.difference == pytest.approx(2.0 * (x - y))  # percentage points
        assert c.statistic**2 == pytest.approx(chi2, rel=1e-10)
        assert c.pvalue == pytest.approx(p, rel=1e-9)


def test_a_share_against_a_benchmark_is_rs_prop_test_with_wilsons_interval() -> None:
    chi2, p, low, high = r_metrics.SHARE_VS_60
    c = nps.compare(nps.RatingCounts(1, 5, [5, 0, 0, 45, 0]), benchmark=60, metric=nps.CSAT)
    assert c.statistic**2 == pytest.approx(chi2, rel=1e-10)
    assert c.pvalue == pytest.approx(p, rel=1e-9)
    assert c.ci == pytest.approx((100 * low - 60, 100 * high - 60), abs=1e-7)


def test_paired_shares_are_mcnemars_test_by_default_and_wald_on_request() -> None:
    c = nps.compare(r_metrics.A, r_metrics.B, metric=nps.CSAT, paired=True)
    change = (np.array(r_metrics.A) >= 4).astype(float) - (np.array(r_metrics.B) >= 4)
    assert c.method == "score"
    assert c.difference == pytest.approx(100 * change.mean())
    chi2, p = r_metrics.MCNEMAR_TOP_BOX
    assert c.statistic**2 == pytest.approx(chi2, rel=1e-10)
    assert c.pvalue == pytest.approx(p, rel=1e-9)
    wald = nps.compare(r_metrics.A, r_metrics.B, metric=nps.CSAT, paired=True, method="wald")
    z = change.mean() / (change.std(ddof=1) / math.sqrt(change.size))
    assert wald.statistic == pytest.approx(z, rel=1e-12)


def test_means_are_compared_with_welch_one_sample_and_paired_t_tests_as_r() -> None:
    cases = (
        (nps.compare(r_metrics.A, r_metrics.B, metric=CSAT_MEAN), r_metrics.WELCH_A_B, 0.0),
        (nps.compare(r_metrics.A, benchmark=3.2, metric=CSAT_MEAN), r_metrics.ONE_SAMPLE_A_32, 3.2),
        (nps.compare(r_metrics.A, r_metrics.B, metric=CSAT_MEAN, paired=True), r_metrics.PAIRED_A_B, 0.0),
    )
    for c, (t, _, p, low, high), shift in cases:
        assert c.statistic == pytest.approx(t, rel=1e-10)
        assert c.pvalue == pytest.approx(p, rel=1e-8)
        assert c.ci == pytest.approx((low - shift, high - shift), abs=1e-9)
        assert c.method == "t"
    assert "0.1-scale-unit margin" in str(nps.compare(r_metrics.A, r_metrics.B, metric=CSAT_MEAN, margin=0.1))


def test_a_share_test_keeps_its_level_in_simulation() -> None:
    # 4,000 pairs of samples of 60 from one population with CSAT 85%, through the kernels
    # compare() uses (share rows, vectorised): the score test's rejection rate at 5% must lie
    # within 3 binomial SEs (3 x 0.34 points) of 5%. compare() itself is checked against R above.
    rng = np.random.default_rng(15)
    reps, n, p = 4000, 60, 0.85
    tops = rng.binomial(n, p, size=(reps, 2)).astype(float)
    rows_a = np.column_stack([np.zeros(reps), n - tops[:, 0], tops[:, 0]])
    rows_b = np.column_stack([np.zeros(reps), n - tops[:, 1], tops[:, 1]])
    found = two_sample_arrays(
        rows_a,
        rows_b,
        method="score",
        confidence=0.95,
        alternative="two-sided",
        options=IntervalOptions(),
        share=True,
    )
    rate = float(np.mean(found.pvalue < 0.05))
    assert abs(rate - 0.05) <= 3 * math.sqrt(0.05 * 0.95 / reps)
    first = nps.compare(
        nps.RatingCounts(1, 5, [n - tops[0, 0], 0, 0, tops[0, 0], 0]),
        nps.RatingCounts(1, 5, [n - tops[0, 1], 0, 0, tops[0, 1], 0]),
        metric=nps.CSAT,
    )
    assert first.pvalue == pytest.approx(float(found.pvalue[0]), rel=1e-12)  # the same test


# -- segments, trend, tables ---------------------------------------------------------------------


def test_share_segments_are_the_share_comparisons_of_each_segment_with_the_rest() -> None:
    s = example_survey()
    report = nps.segments(s.csat, s.plan, metric=nps.CSAT, reference="rest")
    for row in report:
        inside = s.plan == row.segment
        c = nps.compare(s.csat[inside], s.csat[~inside], metric=nps.CSAT)
        assert row.difference == pytest.approx(c.difference, rel=1e-12)
        assert row.pvalue == pytest.approx(c.pvalue, rel=1e-9)
        assert row.result == nps.score(s.csat[inside], metric=nps.CSAT)


def test_share_omnibus_is_the_g_test_of_homogeneity() -> None:
    g, p = r_metrics.G_TEST_45_25
    scores = [4] * 45 + [1] * 5 + [4] * 25 + [1] * 25
    report = nps.segments(scores, ["a"] * 50 + ["b"] * 50, metric=nps.CSAT)
    assert report.omnibus.statistic == pytest.approx(g, rel=1e-9)
    assert report.omnibus.pvalue == pytest.approx(p, rel=1e-8)


def test_mean_segments_are_welch_tests_and_t_intervals_of_each_segment() -> None:
    s = example_survey()
    report = nps.segments(s.csat, s.channel, s.weight, metric=CSAT_MEAN, reference="rest")
    for row in report:
        inside = s.channel == row.segment
        c = nps.compare(
            s.csat[inside], s.csat[~inside], weights=(s.weight[inside], s.weight[~inside]), metric=CSAT_MEAN
        )
        assert row.difference == pytest.approx(c.difference, rel=1e-12)
        assert row.pvalue == pytest.approx(c.pvalue, rel=1e-9)
        own = nps.score(s.csat[inside], s.weight[inside], metric=CSAT_MEAN)
        assert (row.result.estimate, *row.result.ci) == pytest.approx((own.estimate, *own.ci), rel=1e-12)
    # The omnibus: Cochran's Q = sum (mean - pooled)^2 / SE^2 on k - 1 df.
    means = np.array([row.result.estimate for row in report])
    w = 1 / np.array([row.result.se for row in report]) ** 2
    q = float((w * (means - (w @ means) / w.sum()) ** 2).sum())
    assert report.omnibus.statistic == pytest.approx(q, rel=1e-10)
    assert report.omnibus.pvalue == pytest.approx(stats.chi2.sf(q, len(report) - 1), rel=1e-9)
    assert report.omnibus.method == "wald"


def test_mean_segments_against_a_benchmark_and_in_pairs() -> None:
    s = example_survey()
    benchmark = nps.segments(s.csat, s.plan, metric=CSAT_MEAN, reference=3.7)
    for row in benchmark:
        c = nps.compare(s.csat[s.plan == row.segment], benchmark=3.7, metric=CSAT_MEAN)
        assert (row.difference, row.pvalue) == pytest.approx((c.difference, c.pvalue), rel=1e-12)
    pairs = nps.segments(s.csat, s.plan, metric=CSAT_MEAN, reference="pairwise")
    first = pairs[("enterprise", "free")]
    c = nps.compare(s.csat[s.plan == "enterprise"], s.csat[s.plan == "free"], metric=CSAT_MEAN)
    assert first.difference == pytest.approx(c.difference, rel=1e-12)
    with pytest.raises(nps.InvalidOptionError, match="mean"):
        nps.segments(nps.GroupedCounts.from_scores(s.csat, s.plan, scale=CSAT_MEAN.scale), metric=CSAT_MEAN)


def test_trend_of_a_share_is_the_share_per_period() -> None:
    s = example_survey()
    report = nps.trend(s.csat, s.date, freq="Q", metric=nps.CSAT)
    quarter = s.date.astype("datetime64[M]").astype(int) // 3
    for row, q in zip(report, np.unique(quarter), strict=True):
        assert row.result == nps.score(s.csat[quarter == q], metric=nps.CSAT)
    assert report.metric == nps.CSAT and "percentage points" in repr(report)


def test_crosstab_correlations_match_r() -> None:
    table = nps.crosstab(r_metrics.RANK_X, r_metrics.RANK_Y)
    tau, _, p = r_metrics.KENDALL
    assert table.kendall_tau_b == pytest.approx(tau, rel=1e-12)
    assert table.pvalue == pytest.approx(p, rel=1e-9)
    assert table.spearman_rho == pytest.approx(r_metrics.SPEARMAN, rel=1e-12)
    x, y = np.array(r_metrics.RANK_X), np.array(r_metrics.RANK_Y)
    boxes = (x <= 6, (x >= 7) & (x <= 8), x >= 9)
    expected = tuple((int(np.sum(box & (y <= 3))), int(np.sum(box & (y >= 4)))) for box in boxes)
    assert table.counts == expected  # detractors / passives / promoters by CSAT rest / top


def test_crosstab_counts_every_pair_and_drops_only_missing_ones() -> None:
    table = nps.crosstab([10, 3, None, 7], [5, 1, 4, None])
    assert (table.n, table.missing) == (2, 2)
    assert sum(map(sum, table.counts)) == table.n


def test_scorecard_cells_are_each_metrics_score_of_the_segment() -> None:
    s = example_survey()
    card = nps.scorecard({nps.NPS: s.score, nps.CSAT: s.csat, CSAT_MEAN: s.csat}, s.region, s.weight)
    for label, row in zip(card.labels, card.results, strict=True):
        inside = s.region == label
        assert row[0] == nps.score(s.score[inside], s.weight[inside])
        assert row[1] == nps.score(s.csat[inside], s.weight[inside], metric=nps.CSAT)
        assert row[2] is not None
        assert row[2].estimate == pytest.approx(
            nps.score(s.csat[inside], s.weight[inside], metric=CSAT_MEAN).estimate, rel=1e-12
        )
    frame = card.to_frame()
    assert list(frame.columns[:5]) == ["segment", "NPS", "NPS_low", "NPS_high", "NPS_n"]
    with pytest.raises(nps.InvalidOptionError, match="names must differ"):
        nps.scorecard({nps.CSAT: s.csat, nps.Metric.share(1, 5, top=(5,), name="CSAT"): s.csat})
