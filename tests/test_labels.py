"""Group labels: coded without overflow, missing ones kept apart, bad ones named, combinations sparse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._input._labels import factorize

# These tests are about input handling on tiny data: the domain warnings for small
# segments and empty periods are expected here and are tested in test_errors.py.
pytestmark = pytest.mark.filterwarnings(
    "ignore::netpromoter.errors.SmallSampleWarning", "ignore::netpromoter.errors.EmptyDataWarning"
)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_narrow_integer_labels_spanning_their_range_do_not_wrap(dtype: type[np.integer]) -> None:
    info = np.iinfo(dtype)
    groups = np.array([info.min, 0, info.max, info.min], dtype=dtype)
    g = nps.GroupedCounts.from_scores([10, 0, 5, 9], groups)
    assert g.labels == (int(info.min), 0, int(info.max))
    assert g[int(info.min)] == nps.Counts(0, 0, 2)
    report = nps.segments([10, 0, 5, 9], np.array([-100, 0, 100, -100], dtype=np.int8), method="wald")
    assert [(row.segment, row.result.n) for row in report] == [(-100, 2), (0, 1), (100, 1)]


def test_unsigned_labels_near_the_top_of_uint64() -> None:
    top = 2**64 - 1
    g = nps.GroupedCounts.from_scores([10, 0, 9], np.array([top, top - 5, top], dtype=np.uint64))
    assert g.labels == (top - 5, top)
    assert g[top] == nps.Counts(0, 0, 2)


def test_integer_labels_stay_integers_when_some_are_missing() -> None:
    pd = pytest.importorskip("pandas")
    expected = ((1, 300, None), nps.Counts(0, 1, 1))
    for groups in (
        [1, None, 1, 300],
        pd.Series([1, None, 1, 300], dtype="Int16"),
        np.ma.masked_array([1, 7, 1, 300], mask=[False, True, False, False]),
    ):
        g = nps.GroupedCounts.from_scores([10, 3, 8, 6], groups)
        assert (g.labels, g[1]) == expected
        assert all(type(label) is int for label in g.labels[:2])


def test_masked_labels_are_missing() -> None:
    g = nps.GroupedCounts.from_scores(
        [10, 9, 3], np.ma.masked_array(["a", "b", "a"], mask=[False, True, False])
    )
    assert g.labels == ("a", None)
    excluded = nps.GroupedCounts.from_scores(
        [10, 9, 3], np.ma.masked_array([2.5, 1.0, 2.5], mask=[False, True, False]), missing_groups="exclude"
    )
    assert (excluded.labels, excluded.excluded) == ((2.5,), 1)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["a", [1, 2], "b"], r"group label \[1, 2\] at position 1 is a list"),
        ([{"x": 1}, "a", "b"], r"group label \{'x': 1\} at position 0 is a dict"),
        (["a", "b", {3}], r"group label \{3\} at position 2 is a set"),
        ([[1], [2], [3]], r"group label at position 0 is \[1\]"),
    ],
)
def test_unhashable_labels_are_named_with_their_position(labels: list[object], message: str) -> None:
    with pytest.raises(nps.InvalidTypeError, match=message):
        nps.segments([10, 3, 8], labels)


def test_unhashable_respondent_ids_are_named() -> None:
    with pytest.raises(nps.InvalidTypeError, match=r"respondent \['a'\] at position 1"):
        nps.trend([10, 3], [1, 1], respondents=["a", ["a"]])


def test_all_labels_missing() -> None:
    report = nps.segments([10, 3], [None, None], method="wald")  # IndexError before
    assert [(row.segment, row.result.n) for row in report] == [(None, 2)]
    excluded = nps.GroupedCounts.from_scores([10, 3], [None, np.nan], missing_groups="exclude")
    assert (len(excluded), excluded.excluded) == (0, 2)
    assert factorize(np.array([None, None], dtype=object)).labels == ()


def test_several_columns_count_only_the_combinations_that_occur() -> None:
    # 2 columns of 100,000 distinct labels each: the dense product would need 10**10 cells
    # (74.5 GiB of int64); only the 100,000 pairs present are coded.
    n = 100_000
    first = np.arange(n)
    second = (first * 7919) % n  # a permutation: every pair is distinct
    scores = np.where(first % 2 == 0, 10, 0)
    g = nps.GroupedCounts.from_scores(scores, (first, second))
    assert len(g) == n
    assert g.labels[:2] == ((0, 0), (1, 7919))
    assert g[(3, (3 * 7919) % n)] == nps.Counts(1, 0, 0)
    assert g.total() == nps.Counts.from_scores(scores)


def test_combinations_are_ordered_and_missing_parts_sort_last() -> None:
    region = ["us", "eu", None, "eu", "us", "eu"]
    plan = [2, 1, 1, None, 2, 1]
    g = nps.GroupedCounts.from_scores([10, 9, 8, 7, 6, 5], (region, plan))
    assert g.labels == (("eu", 1), ("eu", None), ("us", 2), (None, 1))
    assert g[("eu", 1)] == nps.Counts(1, 0, 1)
    excluded = nps.GroupedCounts.from_scores([10, 9, 8, 7, 6, 5], (region, plan), missing_groups="exclude")
    assert (excluded.labels, excluded.excluded) == ((("eu", 1), ("us", 2)), 2)


# -- numpy string labels: digests coded through a table, every row then compared exactly ----------

_text = st.text(
    alphabet=st.sampled_from(["a", "b", "z", "0", "9", "-", "é", "\u4e2d", "\U0001f600"]), max_size=9
)


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(_text, min_size=1, max_size=40), kind=st.sampled_from(["U", "S"]))
def test_string_labels_are_the_sorted_distinct_strings(labels: list[str], kind: str) -> None:
    # Widths of 1 to 36 bytes: machine words of 1, 4 or 8 bytes.
    values = np.array(labels) if kind == "U" else np.array([s.encode() for s in labels])
    uniques, inverse = np.unique(values, return_inverse=True)  # the definition, by sorting
    found = factorize(values)
    assert found.labels == tuple(uniques.tolist())
    np.testing.assert_array_equal(found.codes, inverse.reshape(-1))


def test_strings_sharing_a_digest_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    from netpromoter._input import _labels

    # Every string gets the same digest: the exact comparison catches it.
    monkeypatch.setattr(
        _labels,
        "_digest",
        lambda words, out=None, multipliers=None: np.zeros(words.shape[0], dtype=np.uint64),
    )
    found = factorize(np.array(["web", "app", "web", "email", "app"]))
    assert found.labels == ("app", "email", "web")
    np.testing.assert_array_equal(found.codes, [2, 0, 2, 1, 0])


def test_labels_the_sample_misses_are_coded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from netpromoter._input import _labels

    # A sample of 1,000 of 4,002 rows (every fourth) holds "common" only: the 1,001 "rare-"
    # labels (each once) and "other" are not in it.
    monkeypatch.setattr(_labels, "_SAMPLE", 1_000)
    n = 4_002
    values = np.where(np.arange(n) % 4 == 0, "common", np.char.add("rare-", np.arange(n).astype(str)))
    values[1::4] = "other"
    found = factorize(values)
    uniques, inverse = np.unique(values, return_inverse=True)
    assert found.labels == tuple(uniques.tolist())
    np.testing.assert_array_equal(found.codes, inverse.reshape(-1))


def test_labels_differing_only_where_the_sample_saw_no_difference(monkeypatch: pytest.MonkeyPatch) -> None:
    from netpromoter._input import _labels

    # The sample (every fourth of 4,002 rows) holds "aaaaaaa1" and "aaaaaaa2" only, which
    # differ in their last two characters (one word); "bbbbbba1" in odd rows has the same
    # last word as "aaaaaaa1" and differs before it.
    monkeypatch.setattr(_labels, "_SAMPLE", 1_000)
    n = 4_002
    values = np.full(n, "aaaaaaa2")
    values[0::8] = "aaaaaaa1"
    values[1::2] = "bbbbbba1"
    found = factorize(values)
    assert found.labels == ("aaaaaaa1", "aaaaaaa2", "bbbbbba1")
    np.testing.assert_array_equal(found.codes[:4], [0, 2, 1, 2])
    assert np.bincount(found.codes).tolist() == [501, 1_500, 2_001]


@settings(max_examples=60, deadline=None)
@given(
    digests=st.lists(
        st.sampled_from([0, 1, 5, 2**40, 2**40 + 3, 2**63 + 7, 2**64 - 1]), min_size=1, max_size=300
    )
)
def test_digests_are_grouped_as_np_unique_groups_them(digests: list[int]) -> None:
    from netpromoter._input._labels import _digest_groups

    # Digests that agree above the low bits holding the row positions (0, 1 and 5 below
    # 2**9) are told apart by a second sort; the groups are np.unique's.
    values = np.array(digests, dtype=np.uint64)
    order, number, first = _digest_groups(values)
    index = np.empty(values.shape[0], dtype=np.intp)
    index[order] = number
    _, expected_first, expected_index = np.unique(values, return_index=True, return_inverse=True)
    np.testing.assert_array_equal(index, expected_index.reshape(-1))
    np.testing.assert_array_equal(first, expected_first)
