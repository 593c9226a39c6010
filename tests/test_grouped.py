"""GroupedCounts: one pass, every label type, merging by label."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter.typing import LabelsLike


def test_group_counts_equal_counts_of_each_subset() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 11, size=500).astype(float)
    scores[rng.random(500) < 0.05] = np.nan
    groups = rng.choice(["north", "south", "east"], size=500)
    g = nps.GroupedCounts.from_scores(scores, groups)
    assert g.labels == ("east", "north", "south")
    for label in g.labels:
        assert g[label] == nps.Counts.from_scores(scores[groups == label])
    assert g.total() == nps.Counts.from_scores(scores)


@pytest.mark.parametrize(
    ("groups", "labels"),
    [
        ([2, 1, 2, 1, 7], (1, 2, 7)),
        (np.array([-3, 10**9, -3, 5, 5]), (-3, 5, 10**9)),
        ([True, False, True, True, False], (False, True)),
        ([1.5, 2.5, 1.5, 2.5, 2.5], (1.5, 2.5)),
        (np.array(["b", "a", "b", "c", "a"]), ("a", "b", "c")),
        (["b", "a", "b", "c", "a"], ("a", "b", "c")),
        (
            np.array(
                ["2025-01-02", "2025-01-01", "2025-01-02", "2025-01-01", "2025-01-01"], dtype="datetime64[D]"
            ),
            (np.datetime64("2025-01-01"), np.datetime64("2025-01-02")),
        ),
    ],
)
def test_label_types(groups: LabelsLike, labels: tuple[object, ...]) -> None:
    g = nps.GroupedCounts.from_scores([10, 9, 3, 8, 0], groups)
    assert g.labels == labels
    assert int(g.n.sum()) == 5


def test_categorical_keeps_category_order_and_drops_unused() -> None:
    pd = pytest.importorskip("pandas")
    plan = pd.Series(["pro", "free", "pro", "free"], dtype=pd.CategoricalDtype(["free", "pro", "enterprise"]))
    g = nps.GroupedCounts.from_scores([10, 3, 9, 7], plan)
    assert g.labels == ("free", "pro")
    assert g["pro"] == nps.Counts(0, 0, 2)


def test_missing_labels_are_their_own_segment_or_excluded_and_counted() -> None:
    scores = [10, 3, 9, 7, 0]
    labels = ["a", None, "a", float("nan"), "b"]
    own = nps.GroupedCounts.from_scores(scores, labels)
    assert own.labels == ("a", "b", None)
    assert own[None] == nps.Counts(1, 1, 0)
    dropped = nps.GroupedCounts.from_scores(scores, labels, missing_groups="exclude")
    assert dropped.labels == ("a", "b") and dropped.excluded == 2
    assert int(dropped.n.sum()) + dropped.excluded == 5


def test_several_columns_give_occurring_combinations() -> None:
    region = ["eu", "eu", "us", "us", "eu"]
    plan = ["pro", "free", "pro", "pro", "pro"]
    g = nps.GroupedCounts.from_scores([10, 3, 9, 7, 0], (region, plan))
    assert g.labels == (("eu", "free"), ("eu", "pro"), ("us", "pro"))
    assert g[("eu", "pro")] == nps.Counts(1, 0, 1)


def test_weighted_groups_match_weighted_counts() -> None:
    scores, groups, weights = [10, 3, 9, 7, 0], [1, 1, 2, 2, 2], [1.5, 2.0, 0.5, 1.0, 3.0]
    g = nps.GroupedCounts.from_scores(scores, groups, weights)
    assert g[2] == nps.Counts.from_scores([9, 7, 0], [0.5, 1.0, 3.0])


def test_errors() -> None:
    with pytest.raises(nps.LengthMismatchError, match="groups"):
        nps.GroupedCounts.from_scores([1, 2, 3], ["a", "b"])
    with pytest.raises(nps.InvalidOptionError, match="missing_groups"):
        nps.GroupedCounts.from_scores([1], ["a"], missing_groups="drop")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidCountsError, match="distinct"):
        nps.GroupedCounts(["a", "a"], [[1, 2, 3], [1, 1, 1]])
    with pytest.raises(nps.InvalidCountsError, match="non-negative"):
        nps.GroupedCounts(["a"], [[1, -2, 3]])
    with pytest.raises(KeyError):
        nps.GroupedCounts(["a"], [[1, 2, 3]])["b"]


def test_from_table_and_displays() -> None:
    g = nps.GroupedCounts.from_table(["eu", "us"], [10, 20], [30, 30], [60, 50])
    assert g["eu"] == nps.Counts(10, 30, 60)
    assert g.to_dict()["promoters"] == [60.0, 50.0]
    assert "GroupedCounts(2 groups" in repr(g) and "<table" in g._repr_html_()
    np.testing.assert_allclose(g.nps, [50.0, 30.0])


labelled = st.lists(st.tuples(st.integers(0, 10), st.sampled_from(["a", "b", "c", "d"])), max_size=60)


@given(labelled, labelled)
def test_merge_aligns_labels_and_matches_concatenation(
    left: list[tuple[int, str]], right: list[tuple[int, str]]
) -> None:
    if not left or not right:
        return
    parts = [
        nps.GroupedCounts.from_scores([s for s, _ in p], np.array([g for _, g in p])) for p in (left, right)
    ]
    whole = nps.GroupedCounts.from_scores(
        [s for s, _ in left + right], np.array([g for _, g in left + right])
    )
    assert parts[0] + parts[1] == whole
    assert sum(parts) == whole


@given(labelled)
def test_segments_sum_to_overall_and_weighted_mean_is_overall_nps(data: list[tuple[int, str]]) -> None:
    if not data:
        return
    scores = [s for s, _ in data]
    g = nps.GroupedCounts.from_scores(scores, np.array([label for _, label in data]))
    overall = nps.Counts.from_scores(scores)
    np.testing.assert_array_equal(g.sums.sum(axis=0), overall.as_array())
    weighted_mean = float(np.sum(g.nps * g.n) / g.n.sum())
    assert weighted_mean == pytest.approx(overall.nps, abs=1e-9)


def test_string_factorisation_matches_numpy_unique_on_many_labels() -> None:
    rng = np.random.default_rng(5)
    names = np.array([f"label-{i}" for i in range(3000)])
    labels = names[rng.integers(0, 3000, size=50_000)]
    g = nps.GroupedCounts.from_scores(rng.integers(0, 11, size=50_000), labels)
    uniques, inverse = np.unique(labels, return_inverse=True)
    assert g.labels == tuple(uniques.tolist())
    np.testing.assert_array_equal(g.n, np.bincount(inverse))


def test_arrow_backed_strings_match_the_numpy_path() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    labels = ["b", None, "a", "b", "c", None, "a"]
    scores = [10, 3, 9, 7, 0, 8, 10]
    arrow = pd.Series(labels, dtype="string[pyarrow]")
    python = pd.Series(labels, dtype="string[python]")
    expected = nps.GroupedCounts.from_scores(scores, np.array(labels, dtype=object))
    assert nps.GroupedCounts.from_scores(scores, arrow) == expected
    assert nps.GroupedCounts.from_scores(scores, python) == expected
    assert expected.labels == ("a", "b", "c", None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": [2.5, 3]}, "n must be whole numbers; got 2.5 for group 'eu'"),
        ({"n": [3, 4]}, "n = 4 for group 'us' differs from its 3 unweighted responses"),
        ({"missing": [0, -1]}, "missing must be finite and non-negative; got \\[0, -1\\]"),
        ({"missing": [0.5, 0]}, "missing must be whole numbers"),
        ({"n": 3}, "n must be finite, non-negative, one entry per group"),
        ({"squared_weights": [[1, 1, 0.5], [1, 1, 1]]}, "weighted sums need n"),
        (
            {"squared_weights": [[0.01, 0.01, 0.01], [1, 1, 1]], "n": [3, 3]},
            r"group 'eu': sums of weights \[1.0, 1.0, 1.0\] .* impossible for n = 3",
        ),
        ({"squared_weights": [[4, 1, 1], [1, 1, 1]], "n": [3, 3]}, "group 'eu'"),
        ({"squared_weights": [[1, 1, 1], [1e300, 1, 1]], "n": [3, 10**15]}, "group 'us'"),
    ],
)
def test_from_table_rejects_counts_no_data_could_give(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(nps.InvalidCountsError, match=message):
        nps.GroupedCounts.from_table(["eu", "us"], [1, 1], [1, 1], [1, 1], **kwargs)  # type: ignore[arg-type]


def test_malformed_tables_raise_our_error() -> None:
    with pytest.raises(nps.InvalidCountsError, match="detractors 2, passives 1, promoters 2"):
        nps.GroupedCounts.from_table(["eu", "us"], [1, 1], [1], [1, 1])
    with pytest.raises(nps.InvalidCountsError, match="passives must be numbers"):
        nps.GroupedCounts.from_table(["eu"], [1], ["many"], [1])
    with pytest.raises(nps.InvalidCountsError, match="one row of 3 numbers"):
        nps.GroupedCounts(["eu"], [1, 2, 3, 4])
    for excluded in (-1, 2.5, True, "3"):
        with pytest.raises(nps.InvalidCountsError, match="excluded must be a non-negative whole number"):
            nps.GroupedCounts(["eu"], [[1, 2, 3]], excluded=excluded)  # type: ignore[arg-type]


def test_from_table_accepts_weighted_sums_with_their_n() -> None:
    # 0/1 weights: squares equal sums, n counts the zero-weight responses too.
    g = nps.GroupedCounts.from_table(["eu"], [1], [0], [2], squared_weights=[[1, 0, 2]], n=[5])
    assert g["eu"] == nps.Counts(1, 0, 2, squared_weights=(1, 0, 2), n=5)


def test_merging_keeps_a_categorical_order() -> None:
    pd = pytest.importorskip("pandas")
    order = pd.CategoricalDtype(["low", "mid", "high"])
    left = nps.GroupedCounts.from_scores([10, 0], pd.Series(["high", "low"], dtype=order))
    right = nps.GroupedCounts.from_scores([9, 7, 3], pd.Series(["high", "mid", "low"], dtype=order))
    assert (left + right).labels == ("low", "mid", "high")  # not re-sorted to high, low, mid
    assert (left + left).labels == ("low", "high")
    whole = nps.GroupedCounts.from_scores(
        [10, 0, 9, 7, 3], pd.Series(["high", "low", "high", "mid", "low"], dtype=order)
    )
    assert left + right == whole
    # Plain labels merge in sorted order, as one pass over all the data would give.
    plain = nps.GroupedCounts.from_scores([1, 2], ["b", "d"]) + nps.GroupedCounts.from_scores(
        [3, 4], ["a", "c"]
    )
    assert plain.labels == ("a", "b", "c", "d")
