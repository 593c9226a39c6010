"""Properties of the input and counting stages over the space of unusual-but-possible inputs.

Each example draws responses (scores with missing ones, a group or period
label, a weight from about 1e-300 to 1e300), then hands them over in one of
the containers users have (lists with None, numpy float or narrow integer
arrays, masked arrays, nullable pandas, pandas with shuffled indexes). The
promises: the counts equal a brute-force count of the same responses;
n + missing is the number of rows; the result does not depend on the
container, the row order, the pandas index order or the unit of the
weights; the caller's inputs are unchanged; and no warning escapes (pytest
runs with warnings as errors).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter.typing import Method, MissingGroups

# These tests are about input handling on tiny data: the domain warnings for small
# segments and empty periods are expected here and are tested in test_errors.py.
pytestmark = pytest.mark.filterwarnings(
    "ignore::netpromoter.errors.SmallSampleWarning", "ignore::netpromoter.errors.EmptyDataWarning"
)

pd = pytest.importorskip("pandas")

Row = tuple[int | None, int | None, int]  # score, label, weight multiple


@st.composite
def responses(draw: st.DrawFn) -> tuple[list[Row], int]:
    """Rows of (score or None, label in -100..100 or None, integer weight 0..4) and a power of two."""
    rows = draw(
        st.lists(
            st.tuples(
                st.one_of(st.none(), st.integers(0, 10)),
                st.one_of(st.none(), st.sampled_from([-100, -1, 0, 7, 100])),
                st.integers(0, 4),
            ),
            max_size=25,
        )
    )
    # Weights k * 2**e: exact in every order of summation, so equalities can be exact.
    return rows, draw(st.integers(-996, 996))


def brute_force(rows: list[Row], weighted: bool) -> dict[Any, list[float]]:
    """Per label: [detractors, passives, promoters, n, missing], by a plain loop."""
    table: dict[Any, list[float]] = {}
    for score, label, weight in rows:
        entry = table.setdefault(label, [0.0, 0.0, 0.0, 0, 0])
        if score is None:
            entry[4] += 1
            continue
        category = 0 if score <= 6 else 1 if score <= 8 else 2
        entry[category] += weight if weighted else 1
        entry[3] += 1
    return table


def containers(values: list[Any], kind: str, index: list[int]) -> Any:
    """The same values as a user might hold them; ``index`` labels pandas rows."""
    if kind == "list":
        return list(values)
    if kind == "float":
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kind == "masked":  # 77 is an impossible score, label and weight: only the mask hides it
        return np.ma.masked_array([77 if v is None else v for v in values], mask=[v is None for v in values])
    if kind == "nullable":
        return pd.Series(values, dtype="Int64", index=index)
    raise AssertionError(kind)


KINDS = st.sampled_from(["list", "float", "masked", "nullable"])


def _score_and_label_columns(rows: list[Row], kind: str, index: list[int]) -> tuple[Any, Any]:
    scores = containers([s for s, _, _ in rows], kind, index)
    labels = containers([g for _, g, _ in rows], kind, index)
    return scores, labels


def _unchanged(call: Callable[[], Any], *inputs: Any) -> Any:
    before = [copy.deepcopy(x) for x in inputs]
    result = call()
    for old, new in zip(before, inputs, strict=True):
        if isinstance(new, np.ma.MaskedArray):
            assert np.array_equal(old.mask, new.mask) and np.array_equal(old.data, new.data)
        elif hasattr(new, "equals"):
            assert new.equals(old)
        elif isinstance(new, np.ndarray):
            np.testing.assert_array_equal(new, old)  # NaN equals NaN here
        else:
            assert new == old
    return result


@given(responses(), KINDS)
def test_counts_equal_a_brute_force_count_in_every_container(data: tuple[list[Row], int], kind: str) -> None:
    rows, _ = data
    index = list(range(len(rows)))
    scores, _ = _score_and_label_columns(rows, kind, index)
    counts = _unchanged(lambda: nps.Counts.from_scores(scores), scores)
    total = brute_force([(s, 0, w) for s, _, w in rows], weighted=False).get(0, [0, 0, 0, 0, 0])
    assert counts == nps.Counts(int(total[0]), int(total[1]), int(total[2]), missing=int(total[4]))
    assert counts.n + counts.missing == len(rows)


@given(responses(), KINDS, st.sampled_from(["segment", "exclude"]))
def test_grouped_counts_equal_a_brute_force_count(
    data: tuple[list[Row], int], kind: str, missing_groups: MissingGroups
) -> None:
    rows, exponent = data
    index = list(range(len(rows)))
    scores, labels = _score_and_label_columns(rows, kind, index)
    weights = [w * 2.0**exponent for _, _, w in rows]
    usable = sum(w for s, _, w in rows if s is not None)
    if not usable and any(s is not None for s, _, _ in rows):
        with pytest.raises(nps.InvalidWeightError, match="sum to zero"):
            nps.GroupedCounts.from_scores(scores, labels, weights)
        return
    grouped = _unchanged(
        lambda: nps.GroupedCounts.from_scores(scores, labels, weights, missing_groups=missing_groups),
        scores,
        labels,
        weights,
    )
    expected = brute_force(rows, weighted=True)
    if missing_groups == "exclude":
        gone = expected.pop(None, [0, 0, 0, 0, 0])
        assert grouped.excluded == gone[3] + gone[4]
    assert set(grouped.labels) == set(expected)
    assert int(grouped.n.sum() + grouped.missing.sum()) + grouped.excluded == len(rows)
    for label, counts in grouped:
        d, p, pr, n, missing = expected[label]
        assert (counts.n, counts.missing) == (n, missing)
        # Weights k * 2**e are held in a power-of-two unit: the shares are exact.
        if d + p + pr:
            shares = counts.as_array() / counts.total
            np.testing.assert_array_equal(shares, np.array([d, p, pr]) / (d + p + pr))
        else:
            assert counts.total == 0


@given(responses(), st.randoms(use_true_random=False))
def test_row_order_pandas_index_order_and_weight_unit_do_not_matter(
    data: tuple[list[Row], int], random: Any
) -> None:
    rows, exponent = data
    if not any(s is not None and w for s, _, w in rows):
        return  # no positive weight: an error, tested above
    order = list(range(len(rows)))
    random.shuffle(order)
    shuffled = [rows[i] for i in order]
    scores: list[Any] = [s for s, _, _ in rows]
    labels: list[Any] = [g for _, g, _ in rows]
    weights = [float(w) for _, _, w in rows]
    reference = nps.GroupedCounts.from_scores(scores, labels, weights)
    # Rows permuted: the same counts.
    shuffled_scores: list[Any] = [s for s, _, _ in shuffled]
    permuted = nps.GroupedCounts.from_scores(
        shuffled_scores, [g for _, g, _ in shuffled], [float(w) for _, _, w in shuffled]
    )
    assert permuted == reference
    # pandas Series whose indexes hold the same labels in different orders: aligned by label.
    frame_index = [100 + i for i in range(len(rows))]
    score_series = pd.Series(scores, dtype="Int64", index=frame_index)
    label_series = pd.Series(labels, dtype="Int64", index=frame_index).iloc[order]
    weight_series = pd.Series(weights, index=frame_index).iloc[order[::-1]]
    assert nps.GroupedCounts.from_scores(score_series, label_series, weight_series) == reference
    # Weights in another unit (a power of two): every NPS and effective n is the same.
    scaled = nps.GroupedCounts.from_scores(scores, labels, [w * 2.0**exponent for w in weights])
    assert scaled.labels == reference.labels
    np.testing.assert_array_equal(scaled.nps, reference.nps)
    for (_, a), (_, b) in zip(scaled, reference, strict=True):
        assert a.effective_n == b.effective_n and a.n == b.n


@settings(max_examples=50)  # each example runs four verbs
@given(responses(), KINDS, st.sampled_from(["wald", "score", "adjusted-wald", "bayes"]))
def test_verbs_give_our_error_or_a_bounded_answer(
    data: tuple[list[Row], int], kind: str, method: Method
) -> None:
    rows, exponent = data
    index = list(range(len(rows)))
    scores, labels = _score_and_label_columns(rows, kind, index)
    weights = [w * 2.0**exponent for _, _, w in rows]
    try:
        report = nps.segments(scores, labels, weights, method=method, resamples=200)
    except nps.NetPromoterError:
        return
    for row in report:
        if row.result.n and row.result.counts.total > 0:
            assert -100.0 <= row.result.nps <= 100.0
    try:
        trend = nps.trend(scores, labels, weights, method=method, resamples=200)
    except nps.NetPromoterError:
        return
    periods = [g for _, g, _ in rows if g is not None]
    if kind != "float":  # integer periods: every integer from the first to the last
        assert len(trend.rows) == (max(periods) - min(periods) + 1 if periods else 0)
    assert sum(row.result.n + row.result.counts.missing for row in trend) + trend.excluded == len(rows)
