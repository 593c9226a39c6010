"""Clustered responses (issue 13): cross-products, the cluster-robust variance, merging.

R ``survey`` references are in tests/test_reference.py (section f); here are
hand computations, the relation to the unclustered variance, and invariants.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._counts._clusters import group_cross_products, next_periods, spell_cross_products

# -- the counts: cross-products and clusters, by hand ---------------------------------------


def test_cross_products_by_hand() -> None:
    # ann: 10, 9, 7 -> (0, 1, 2); bob: 3, None -> (1, 0, 0); a missing id: 8 -> (0, 1, 0) alone.
    counts = nps.Counts.from_scores(
        [10, 9, 7, 3, None, 8], clusters=["ann", "ann", "ann", "bob", "bob", None]
    )
    assert (counts.detractors, counts.passives, counts.promoters) == (1, 2, 2)
    # sum_c A_c A_c': ann (0, 1, 2), bob (1, 0, 0), the lone 8 (0, 1, 0).
    assert counts.cross_products == ((1, 0, 0), (0, 2, 2), (0, 2, 4))
    assert counts.clusters == 3  # bob counts although one of his scores is missing
    assert counts.n == 5 and counts.missing == 1


def test_cluster_ids_of_any_kind_count_only_those_that_occur() -> None:
    pd = pytest.importorskip("pandas")
    scores = [10, 9, 3, 8]
    expected = nps.Counts.from_scores(scores, clusters=["x", "x", "y", "z"])
    ids = pd.Categorical(["b", "b", "d", "a"], categories=["a", "b", "c", "d", "e"])  # c, e unused
    assert nps.Counts.from_scores(scores, clusters=ids) == expected
    assert nps.Counts.from_scores(scores, clusters=[10**6, 10**6, 7, 10**6 + 5]) == expected  # a sparse range
    assert nps.Counts.from_scores(scores, clusters=[0.5, 0.5, 2.5, float("nan")]) == expected  # NaN: its own


def test_weighted_cross_products_by_hand() -> None:
    counts = nps.Counts.from_scores([10, 9, 3, 0], [1.5, 2.0, 1.0, 3.0], clusters=[1, 1, 2, 2])
    # cluster 1: promoters 3.5; cluster 2: detractors 4.0.
    assert counts.cross_products == ((16, 0, 0), (0, 0, 0), (0, 0, 12.25))
    assert counts.squared_weights == (10, 0, 6.25)
    assert counts.clusters == 2


def test_clustered_se_by_hand() -> None:
    # y = 1, 1, 1, -1, -1, 0 in clusters 1, 1, 1, 2, 2, 3; NPS = 1/6, W = 6.
    # E_c = sum (y - 1/6) / 6: 2.5/6, -7/3/6, -1/36; se^2 = 3/2 sum E_c^2.
    e = np.array([2.5 / 6, -(7 / 3) / 6, -1 / 36])
    expected = 100 * math.sqrt(1.5 * float(e @ e))
    result = nps.score([10, 10, 9, 3, 2, 8], clusters=[1, 1, 1, 2, 2, 3], method="wald")
    assert result.se == pytest.approx(expected, rel=1e-13)
    assert result.nps == pytest.approx(100 / 6, rel=1e-13)


def test_two_people_answering_alike_count_once() -> None:
    people = ["ann"] * 3 + ["bob"] * 3
    result = nps.score([10, 10, 9, 3, 2, 4], clusters=people, method="wald")
    # E = +1/2 and -1/2, so se^2 = 2/1 * 1/2 = 1: the SE of a single answer.
    assert result.se == pytest.approx(100.0, rel=1e-13)
    assert nps.Counts.from_scores([10, 10, 9, 3, 2, 4], clusters=people).design_effect == pytest.approx(6.0)


def test_design_effect_of_plain_weighted_and_clustered_counts() -> None:
    assert nps.Counts(20, 30, 50).design_effect == 1.0
    # Constant weights change nothing.
    assert nps.Counts.from_scores([10, 9, 3, 7], [2.0] * 4).design_effect == pytest.approx(1.0, rel=1e-12)
    # One category only: no variance, so Kish's n / effective_n (weights 1 and 3: 2 * 10 / 16).
    assert nps.Counts.from_scores([10, 9], [1.0, 3.0]).design_effect == pytest.approx(1.25)
    assert math.isnan(nps.Counts(0, 0, 0).design_effect)
    assert math.isnan(nps.Counts.from_scores([10, 3], clusters=["a", "a"]).design_effect)


# -- the relation to the unclustered variance -----------------------------------------------

scores_strategy = st.lists(st.integers(0, 10), min_size=2, max_size=40)


@settings(max_examples=60, deadline=None)
@given(scores=scores_strategy, data=st.data())
def test_every_response_its_own_cluster_is_unclustered_times_m_over_m_minus_1(
    scores: list[int], data: st.DataObject
) -> None:
    n = len(scores)
    weights = data.draw(st.none() | st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n))
    ids = data.draw(st.permutations(list(range(n))))
    plain = nps.score(scores, weights, method="wald")
    clustered = nps.score(scores, weights, clusters=ids, method="wald")
    # survey's with-replacement factor m / (m - 1), m = n, which the unclustered SE leaves out.
    assert clustered.nps == plain.nps
    assert clustered.se == pytest.approx(plain.se * math.sqrt(n / (n - 1)), rel=1e-9, abs=1e-12)
    # With missing scores every row is a cluster: m counts them too.
    answered: list[int | None] = [*scores, None]
    more = nps.score(
        answered, None if weights is None else [*weights, 1.0], clusters=[*ids, n], method="wald"
    )
    assert more.se == pytest.approx(plain.se * math.sqrt((n + 1) / n), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(scores=scores_strategy, data=st.data())
def test_design_effect_is_n_over_the_effective_size(scores: list[int], data: st.DataObject) -> None:
    n = len(scores)
    ids = data.draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    weights = data.draw(st.none() | st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n))
    counts = nps.Counts.from_scores(scores, weights, clusters=ids)
    result = nps.score(counts, method="wald")
    v = counts.promoter_share + counts.detractor_share - (counts.nps / 100) ** 2
    if math.isnan(counts.design_effect):
        assert counts.clusters == 1 and math.isnan(result.se)
    elif v > 1e-12:
        # The Wald SE is that of n / deff independent answers with the same shares.
        assert result.se == pytest.approx(100 * math.sqrt(v * counts.design_effect / n), rel=1e-9)


def test_every_method_sees_the_design_only_through_its_design_effect() -> None:
    clustered = nps.Counts.from_scores(
        [10, 9, 9, 3, 7, 10, 0, 8, 9, 10, 6, 9], clusters=[1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6]
    )
    deff, n, total = clustered.design_effect, clustered.n, clustered.total
    # Weighted counts with the same shares whose squared weights are k times the sums have
    # design effect n k / W: choose k for the same deff.
    k = deff * total / n
    sums = (clustered.detractors, clustered.passives, clustered.promoters)
    weighted = nps.Counts(*sums, squared_weights=(k * sums[0], k * sums[1], k * sums[2]), n=n)
    assert weighted.design_effect == pytest.approx(deff, rel=1e-12)
    for method in ("wald", "adjusted-wald", "score", "bayes", "adjusted-bayes", "bootstrap"):
        a, b = nps.score(clustered, method=method), nps.score(weighted, method=method)
        assert a.ci.low == pytest.approx(b.ci.low, abs=1e-9), method
        assert a.ci.high == pytest.approx(b.ci.high, abs=1e-9), method
        assert a.se == pytest.approx(b.se, abs=1e-9), method


def test_a_single_cluster_has_no_variance_estimate() -> None:
    counts = nps.Counts.from_scores([10, 9, 3], clusters=["ann"] * 3)
    for method in ("wald", "adjusted-bayes", "score"):
        result = nps.score(counts, method=method)
        assert result.nps == pytest.approx(100 / 3)
        assert math.isnan(result.se) and math.isnan(result.ci.low) and math.isnan(result.ci.high)
    comparison = nps.compare(counts, nps.Counts(10, 10, 10))
    assert math.isnan(comparison.pvalue) and not comparison.significant


def test_clusters_at_the_overall_mix_fall_back_to_the_unclustered_variance() -> None:
    # Each cluster one promoter and one detractor: every E_c = 0. Not "no uncertainty".
    scores, ids = [10, 0, 9, 3], [1, 1, 2, 2]
    result = nps.score(scores, clusters=ids, method="wald")
    assert result.se == pytest.approx(nps.score(scores, method="wald").se)


# -- merging: partitions that do not split a cluster ------------------------------------------

responses = st.lists(
    st.tuples(st.integers(0, 10), st.integers(0, 7), st.sampled_from(["web", "app", "shop"])),
    min_size=1,
    max_size=50,
)


@settings(max_examples=60, deadline=None)
@given(rows=responses, data=st.data())
def test_merging_partitions_by_cluster_gives_the_whole(
    rows: list[tuple[int, int, str]], data: st.DataObject
) -> None:
    part_of = data.draw(st.lists(st.integers(0, 2), min_size=8, max_size=8))  # cluster -> partition
    scores, ids, groups = (list(column) for column in zip(*rows, strict=True))
    whole = nps.Counts.from_scores(scores, clusters=ids)
    whole_grouped = nps.GroupedCounts.from_scores(scores, groups, clusters=ids)
    parts, grouped_parts = [], []
    for p in range(3):
        mine = [i for i, c in enumerate(ids) if part_of[c] == p]
        if mine:
            parts.append(nps.Counts.from_scores([scores[i] for i in mine], clusters=[ids[i] for i in mine]))
            grouped_parts.append(
                nps.GroupedCounts.from_scores(
                    [scores[i] for i in mine], [groups[i] for i in mine], clusters=[ids[i] for i in mine]
                )
            )
    assert sum(parts) == whole  # unweighted: whole numbers, so exactly
    merged = sum(grouped_parts)
    assert isinstance(merged, nps.GroupedCounts)
    assert merged == whole_grouped
    assert merged.total() == whole


@settings(max_examples=40, deadline=None)
@given(rows=responses, data=st.data())
def test_weighted_merge_by_cluster_agrees_to_rounding(
    rows: list[tuple[int, int, str]], data: st.DataObject
) -> None:
    scores, ids, groups = (list(column) for column in zip(*rows, strict=True))
    weights = data.draw(st.lists(st.floats(0.1, 5.0), min_size=len(scores), max_size=len(scores)))
    cut = data.draw(st.integers(0, 8))
    first = [i for i, c in enumerate(ids) if c < cut]
    second = [i for i, c in enumerate(ids) if c >= cut]
    whole = nps.GroupedCounts.from_scores(scores, groups, weights, clusters=ids)
    merged = sum(
        nps.GroupedCounts.from_scores(
            [scores[i] for i in part],
            [groups[i] for i in part],
            [weights[i] for i in part],
            clusters=[ids[i] for i in part],
        )
        for part in (first, second)
        if part
    )
    assert isinstance(merged, nps.GroupedCounts)
    assert merged.labels == whole.labels and merged.total_clusters == whole.total_clusters
    assert merged.cross_products is not None and whole.cross_products is not None
    np.testing.assert_allclose(merged.cross_products, whole.cross_products, rtol=1e-12)
    np.testing.assert_allclose(merged.total_cross_products, whole.total_cross_products, rtol=1e-12)  # type: ignore[arg-type]
    np.testing.assert_array_equal(merged.clusters, whole.clusters)


def test_unclustered_counts_merge_as_clusters_of_one() -> None:
    clustered = nps.Counts.from_scores([10, 9, 3], clusters=["a", "a", "b"])
    plain = nps.Counts.from_scores([7, 0, None])
    merged = clustered + plain
    # The plain responses (the missing one too) are clusters of their own: ids 1, 2, 3.
    assert merged == nps.Counts.from_scores([10, 9, 3, 7, 0, None], clusters=["a", "a", "b", 1, 2, 3])
    grouped = nps.GroupedCounts.from_scores([10, 9, 3], ["x", "y", "x"], clusters=["a", "a", "b"])
    more = nps.GroupedCounts.from_scores([7, 0], ["x", "z"])
    assert grouped + more == nps.GroupedCounts.from_scores(
        [10, 9, 3, 7, 0], ["x", "y", "x", "x", "z"], clusters=["a", "a", "b", 1, 2]
    )


# -- grouped counts: per-group products, domains of the whole design ---------------------------


def test_grouped_products_by_hand() -> None:
    g = nps.GroupedCounts.from_scores(
        [10, 9, 3, 8, 0], ["web", "app", "web", "web", "app"], clusters=["ann", "ann", "bob", "bob", "cy"]
    )
    assert g.total_clusters == 3
    # web: ann (0, 0, 1), bob (1, 1, 0); app: ann (0, 0, 1), cy (1, 0, 0).
    assert g["web"].cross_products == ((1, 1, 0), (1, 1, 0), (0, 0, 1))
    assert g["app"].cross_products == ((1, 0, 0), (0, 0, 0), (0, 0, 1))
    assert (g["web"].clusters, g["app"].clusters) == (2, 2)
    # The whole design: ann's two promoters add up before the product.
    assert g.total().cross_products == ((2, 1, 0), (1, 1, 0), (0, 0, 4))
    assert g.total() == nps.Counts.from_scores([10, 9, 3, 8, 0], clusters=["ann", "ann", "bob", "bob", "cy"])


def test_a_group_is_a_domain_of_the_whole_design() -> None:
    scores, groups, ids = [10, 9, 3, 8, 0, 7, 10], list("wawwaaw"), [1, 1, 2, 2, 3, 4, 5]
    row = nps.segments(scores, groups, clusters=ids, method="wald", min_n=0)["w"].result
    alone = nps.score([10, 3, 8, 10], clusters=[1, 2, 2, 5], method="wald")
    # Same E_c; the segment's factor is m / (m - 1) with the design's m = 5, alone m = 3.
    assert row.se == pytest.approx(alone.se * math.sqrt((5 / 4) / (3 / 2)), rel=1e-12)
    # The segment's own Counts are those of its responses (its own 3 clusters).
    assert row.counts == nps.Counts.from_scores([10, 3, 8, 10], clusters=[1, 2, 2, 5])


def _naive_spells(
    ids: list[int], start: list[int], stop: list[int], index: list[int], weights: list[float], size: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """sum_c B_cT B_cT' by definition: a loop over slots and clusters (the reference)."""
    products = np.zeros((size, 3, 3))
    present = np.zeros(size, dtype=int)
    for slot in range(size):
        for cluster in set(ids):
            rows = [i for i, c in enumerate(ids) if c == cluster and start[i] <= slot < stop[i]]
            if rows:
                total = np.zeros(3)
                for i in rows:
                    total[index[i]] += weights[i]
                products[slot] += np.outer(total, total)
                present[slot] += 1
    return products, present


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(0, 4), st.integers(0, 5), st.integers(0, 3), st.integers(0, 2), st.floats(0, 3)
        ),
        max_size=30,
    )
)
def test_spell_cross_products_equal_the_definition(rows: list[tuple[int, int, int, int, float]]) -> None:
    size = 6
    ids, start, length, index = ([int(r[k]) for r in rows] for k in range(4))
    weights = [float(r[4]) for r in rows]
    stop = [s + n for s, n in zip(start, length, strict=True)]
    products, present = spell_cross_products(
        np.array(ids, dtype=np.intp),
        np.array(start, dtype=np.intp),
        np.array(stop, dtype=np.intp),
        np.array(index, dtype=np.intp),
        np.array(weights, dtype=np.float64),
        size,
    )
    expected, expected_present = _naive_spells(ids, start, stop, index, weights, size)
    np.testing.assert_allclose(products, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(present, expected_present)
    one = [s + 1 for s in start]
    groups = group_cross_products(
        np.array(ids, dtype=np.intp),
        np.array(start, dtype=np.intp),
        np.array(index, dtype=np.intp),
        np.array(weights, dtype=np.float64),
        size,
    )
    naive_groups = _naive_spells(ids, start, one, index, weights, size)
    np.testing.assert_allclose(groups[0], naive_groups[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(groups[1], naive_groups[1])


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(0, 2)), max_size=30),
)
def test_next_periods_follow_each_person_in_time_order(rows: list[tuple[int, int, int]]) -> None:
    # (person, period, time within the period): the next answer is the one right after
    # in order of (period, time, position) among the person's answers, by definition.
    far = 99
    person, period, moment = (np.array([r[k] for r in rows], dtype=np.intp) for k in range(3))
    expected = []
    for i in range(len(rows)):
        later = [
            (period[j], moment[j], j)
            for j in range(len(rows))
            if person[j] == person[i] and (period[j], moment[j], j) > (period[i], moment[i], i)
        ]
        expected.append(min(later)[0] if later else far)
    got = next_periods(person, period, moment.astype(np.int64), 5, far)
    np.testing.assert_array_equal(got, expected)


# -- trend: periods, windows and grouped input -------------------------------------------------


def test_trend_with_clusters_and_respondents() -> None:
    # The same people in two periods; respondents= keeps each person's latest answer per period.
    scores = [10, 9, 3, 0, 10, 10, 2, 8]
    periods = [1, 1, 1, 1, 2, 2, 2, 2]
    people = ["a", "a", "b", "c", "a", "b", "c", "d"]
    report = nps.trend(scores, periods, respondents=people, clusters=people, method="wald")
    assert report.dropped_repeats == 1
    assert report[1].result.counts.clusters == 3  # a (latest answer), b, c
    # Period 1 alone as a domain of the 4-person design.
    row = report[1].result
    counts = nps.Counts.from_scores([9, 3, 0], clusters=["a", "b", "c"])
    assert row.se == pytest.approx(
        nps.score(counts, method="wald").se * math.sqrt((4 / 3) / (3 / 2)), rel=1e-12
    )


def test_trend_from_clustered_grouped_counts_needs_one_label_per_period() -> None:
    scores, periods, ids = [10, 9, 3, 0, 8, 10], [1, 1, 2, 2, 3, 3], [1, 2, 1, 3, 2, 3]
    grouped = nps.GroupedCounts.from_scores(scores, periods, clusters=ids)
    direct = nps.trend(scores, periods, clusters=ids, method="wald")
    from_counts = nps.trend(grouped, method="wald")
    assert [row.result.se for row in from_counts] == pytest.approx(
        [row.result.se for row in direct], rel=1e-12
    )
    with pytest.raises(nps.InvalidOptionError, match="rolled by window"):
        nps.trend(grouped, window=2)
    days = np.array(["2025-01-01", "2025-01-02", "2025-01-02", "2025-01-09"], dtype="datetime64[D]")
    by_day = nps.GroupedCounts.from_scores([10, 9, 3, 0], days, clusters=[1, 1, 2, 2])
    with pytest.raises(nps.InvalidOptionError, match="re-binned by freq"):
        nps.trend(by_day, freq="W")


def test_clustered_control_limits_widen_with_the_design_effect() -> None:
    rng = np.random.default_rng(3)
    rows = np.arange(600)
    pair, period = rows // 6, rows % 3  # two people per pair, each answering once per period
    scores = rng.integers(0, 11, (100, 3))[pair, period]  # the two of a pair answer alike
    plain = nps.trend(scores, period, method="wald", control="p")
    clustered = nps.trend(scores, period, clusters=pair * 3 + period, method="wald", control="p")
    for a, b in zip(plain, clustered, strict=True):
        # The p chart's limits are baseline +/- 3 SE at the period's design effect: wider by its
        # square root. (Laney's chart then widens them by the spread of those z-scores.)
        ratio = b.result.se / a.result.se
        assert ratio > 1.3
        assert b.upper_limit - b.lower_limit == pytest.approx(
            (a.upper_limit - a.lower_limit) * ratio, rel=1e-9
        )


# -- values: round trips, frames, errors --------------------------------------------------------


def test_clustered_counts_round_trip_through_json() -> None:
    counts = nps.Counts.from_scores([10, 9, 3, None], [1.5, 2.0, 1.0, 1.0], clusters=[1, 1, 2, 3])
    assert nps.Counts.from_dict(json.loads(json.dumps(counts.to_dict()))) == counts
    grouped = nps.GroupedCounts.from_scores([10, 9, 3, 0], ["x", "y", "x", "y"], clusters=[1, 1, 2, 2])
    assert nps.GroupedCounts.from_dict(json.loads(json.dumps(grouped.to_dict()))) == grouped
    unclustered = nps.Counts(1, 2, 3).to_dict()
    assert unclustered["clusters"] is None and unclustered["cross_products"] is None
    assert nps.Counts.from_dict(unclustered) == nps.Counts(1, 2, 3)


def test_clustered_result_frame_has_clusters_not_the_matrix() -> None:
    pytest.importorskip("pandas")
    result = nps.score([10, 9, 3, 0], clusters=[1, 1, 2, 2])
    frame = result.to_frame()
    assert frame["clusters"].tolist() == [2]
    assert not any("cross" in column for column in frame.columns)
    assert "clusters" not in nps.score([10, 9]).to_frame().columns


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: nps.score(nps.Counts(1, 2, 3), clusters=[1, 2, 3]),
            "clusters cannot be combined with Counts",
        ),
        (lambda: nps.Counts(1, 2, 3, clusters=2), "both cross_products and clusters"),
        (
            lambda: nps.Counts(1, 2, 3, cross_products=[[1, 0, 0], [0, 2, 1], [0, 0, 3]], clusters=2),
            "symmetric",
        ),
        (
            lambda: nps.Counts(1, 2, 3, cross_products=[[1, 0, 0], [0, 9, 0], [0, 0, 3]], clusters=2),
            "diagonal",
        ),
        (
            lambda: nps.segments(nps.GroupedCounts.from_scores([10, 3], ["a", "b"]), clusters=[1, 2]),
            "already inside GroupedCounts",
        ),
        (
            lambda: nps.trend(nps.GroupedCounts.from_scores([10, 3], [1, 2]), clusters=[1, 2]),
            "clusters cannot",
        ),
        (lambda: nps.Counts.from_scores([10, 3], clusters=5), "cluster id"),
    ],
)
def test_clustered_misuse_raises(call: Any, message: str) -> None:
    with pytest.raises(nps.NetPromoterError, match=message):
        call()
