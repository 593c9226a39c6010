"""pandas inputs pair by index label in every verb, or are refused; everything else by position."""

from __future__ import annotations

import math

import numpy as np
import pytest

import netpromoter as nps

# These tests are about input handling on tiny data: the domain warnings for small
# segments and empty periods are expected here and are tested in test_errors.py.
pytestmark = pytest.mark.filterwarnings(
    "ignore::netpromoter.errors.SmallSampleWarning", "ignore::netpromoter.errors.EmptyDataWarning"
)

pd = pytest.importorskip("pandas")


def test_segments_pair_groups_with_scores_by_index_label() -> None:
    scores = pd.Series([10, 0, 10, 0])  # index 0, 1, 2, 3
    groups = pd.Series(list("abab"), index=[1, 0, 3, 2])  # label 1 -> a, 0 -> b, 3 -> a, 2 -> b
    report = nps.segments(scores, groups, method="wald")
    # a holds labels 1 and 3 (scores 0, 0), b labels 0 and 2 (scores 10, 10): the reproducer.
    assert [(row.segment, row.result.nps) for row in report] == [("a", -100.0), ("b", 100.0)]
    by_position = nps.segments(scores, groups.reset_index(drop=True), method="wald")
    assert [row.result.nps for row in by_position] == [100.0, -100.0]


def test_weights_pair_with_scores_by_index_label() -> None:
    scores = pd.Series([10, 0])  # index 0, 1
    weights = pd.Series([3.0, 1.0], index=[1, 0])  # the promoter (label 0) weighs 1, the detractor 3
    assert nps.nps(scores, weights) == pytest.approx(100 * (1 - 3) / 4)  # -50 by hand
    counts = nps.Counts.from_scores(scores, weights)
    assert counts == nps.Counts.from_scores([10, 0], [1.0, 3.0])
    grouped = nps.GroupedCounts.from_scores(scores, pd.Series(["x", "y"], index=[1, 0]), weights)
    assert grouped["y"] == nps.Counts.from_scores([10], [1.0])  # label 0: score 10, group y, weight 1


def test_several_grouping_columns_and_a_frame_align_too() -> None:
    scores = pd.Series([10, 0, 9, 3], index=list("pqrs"))
    frame = pd.DataFrame({"region": ["eu", "us", "eu", "us"], "plan": [1, 1, 2, 2]}, index=list("srqp"))
    from_frame = nps.GroupedCounts.from_scores(scores, frame)
    from_tuple = nps.GroupedCounts.from_scores(scores, (frame["region"], frame["plan"]))
    aligned = frame.loc[scores.index]  # p: us 2, q: eu 2, r: us 1, s: eu 1
    expected = nps.GroupedCounts.from_scores(
        scores.to_numpy(), (aligned["region"].to_numpy(), aligned["plan"].to_numpy())
    )
    assert from_frame == expected and from_tuple == expected
    assert expected[("us", 2)] == nps.Counts(0, 0, 1)  # p scored 10


def test_paired_compare_pairs_after_with_before_by_index_label() -> None:
    after = pd.Series([10, 10, 0, 7, 9], index=[10, 11, 12, 13, 14])
    before = pd.Series([0, 3, 10, 10, 8], index=[12, 13, 14, 10, 11])
    aligned = before.loc[after.index].to_numpy()  # 10, 8, 0, 3, 10
    result = nps.compare(after, before, paired=True, method="wald")
    expected = nps.compare(after.to_numpy(), aligned, paired=True, method="wald")
    assert (result.difference, result.se, result.pvalue) == (
        expected.difference,
        expected.se,
        expected.pvalue,
    )
    positional = nps.compare(after.to_numpy(), before.to_numpy(), paired=True, method="wald")
    assert positional.se != result.se  # position would pair other people


def test_trend_aligns_periods_weights_and_respondents() -> None:
    scores = pd.Series([10, 0, 9, 3, 7, 10, 2, 8])
    shuffled = [5, 2, 7, 0, 3, 6, 1, 4]  # every other input is indexed in this order
    periods = pd.Series([1, 2, 3, 1, 2, 3, 1, 3], index=shuffled)
    weights = pd.Series([1.0, 2.0, 3.0, 4.0, 1.5, 2.5, 0.5, 1.0], index=shuffled)
    people = pd.Series(["a", "b", "a", "c", "c", "b", "a", "d"], index=shuffled)
    report = nps.trend(scores, periods, weights, respondents=people, method="wald")
    expected = nps.trend(
        scores.to_numpy(),
        periods.loc[scores.index].to_numpy(),
        weights.loc[scores.index].to_numpy(),
        respondents=people.loc[scores.index].to_numpy(),
        method="wald",
    )
    assert [row.result.counts for row in report] == [row.result.counts for row in expected]
    assert report.slope == expected.slope and math.isfinite(report.slope.se)
    assert report.dropped_repeats == expected.dropped_repeats


def test_prioritize_aligns_scores_and_weights_with_themes() -> None:
    themes = pd.Series([["price"], ["bugs"], ["price", "bugs"]], index=[7, 8, 9])
    scores = pd.Series([10, 0, 3], index=[9, 7, 8])  # 7 -> 0 (price), 8 -> 3 (bugs), 9 -> 10 (promoter)
    table = nps.prioritize(themes, scores=scores, fixability={"price": 1.0, "bugs": 1.0})
    assert {row.theme: row.mentions for row in table} == {"price": 1.0, "bugs": 1.0}


def test_different_labels_are_refused_naming_both_inputs() -> None:
    scores = pd.Series([10, 0, 9])
    with pytest.raises(nps.LengthMismatchError, match=r"groups and scores .* different index labels"):
        nps.segments(scores, pd.Series(["a", "b", "a"], index=[5, 6, 7]))
    with pytest.raises(nps.LengthMismatchError, match=r"weights and scores .*reset_index"):
        nps.nps(scores, pd.Series([1.0, 1.0, 1.0], index=[0, 1, 5]))
    # Paired answers are the exception: an inner join by label, since people answering on
    # one side only are expected; they are left out and counted in `unpaired`.
    paired = nps.compare(scores, pd.Series([1, 2, 3], index=[2, 1, 9]), paired=True, method="wald")
    assert paired.unpaired == 2 and paired.a.n == 2  # labels 1 (0 after 2) and 2 (9 after 1)
    # Duplicate labels in another order cannot be paired either.
    duplicated = pd.Series([10, 0, 9], index=[0, 0, 1])
    with pytest.raises(nps.LengthMismatchError, match="different index labels"):
        nps.nps(duplicated, pd.Series([1.0, 2.0, 3.0], index=[1, 0, 0]))
    # Equal duplicate indexes pair as they are.
    assert nps.nps(duplicated, pd.Series([1.0, 2.0, 3.0], index=[0, 0, 1])) == pytest.approx(100 * 2 / 6)


def test_inputs_without_an_index_pair_by_position() -> None:
    groups = pd.Series(list("ab"), index=[1, 0])
    report = nps.segments([10, 0], groups, method="wald")  # a list has no labels to align
    assert [(row.segment, row.result.nps) for row in report] == [("a", 100.0), ("b", -100.0)]
    weights = np.array([1.0, 3.0])
    assert nps.nps(pd.Series([10, 0], index=[5, 4]), weights) == pytest.approx(-50.0)
    # A length mismatch is reported as such, not as an index mismatch.
    with pytest.raises(nps.LengthMismatchError, match="scores have 2, weights have 3"):
        nps.nps(pd.Series([10, 0]), pd.Series([1.0, 1.0, 1.0]))
