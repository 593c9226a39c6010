"""The promises, drawn from the space of unusual-but-possible inputs.

Every public function given any of these inputs returns our error or a finite,
correct answer: total + missing == rows, no warning but our own escapes, the
inputs are left unchanged, and results do not depend on the order of the rows,
on pandas index order, or on the unit of the weights.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netpromoter as nps

T = TypeVar("T")

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_METHODS = ("wald", "adjusted-wald", "score", "bayes", "adjusted-bayes", "bootstrap")
_INT_DTYPES = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16)


@contextmanager
def _only_our_warnings() -> Iterator[list[warnings.WarningMessage]]:
    """Record every warning and fail on any that is not a NetPromoterWarning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    foreign = [w for w in caught if not issubclass(w.category, nps.NetPromoterWarning)]
    assert foreign == [], [f"{w.category.__name__}: {w.message}" for w in foreign]


def _call(function: Callable[[], T]) -> T | nps.NetPromoterError:
    """The result, or our error; anything else propagates and fails the test."""
    with _only_our_warnings():
        try:
            return function()
        except nps.NetPromoterError as error:
            return error


@st.composite
def _scores(draw: st.DrawFn) -> tuple[Any, int, int]:
    """(scores in some container, rows, missing) with values on the 0-10 scale."""
    values = draw(st.lists(st.integers(0, 10), min_size=0, max_size=40))
    missing = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    rows, n_missing = len(values), sum(missing)
    kind = draw(st.sampled_from(["list", "int", "float", "masked", "Int64", "Float64", "object"]))
    if kind == "list":
        data: Any = [None if m else v for v, m in zip(values, missing, strict=True)]
    elif kind == "int":
        dtype = draw(st.sampled_from(_INT_DTYPES))
        data, n_missing = np.array(values, dtype=dtype), 0
    elif kind == "float":
        data = np.array([math.nan if m else v for v, m in zip(values, missing, strict=True)], dtype=float)
    elif kind == "masked":
        data = np.ma.masked_array(np.array(values, dtype=np.float64), mask=missing)
    elif kind == "object":
        data = pd.Series([None if m else v for v, m in zip(values, missing, strict=True)], dtype=object)
    else:
        data = pd.array([None if m else v for v, m in zip(values, missing, strict=True)], dtype=kind)
        data = pd.Series(data)
    return data, rows, n_missing


def _snapshot(value: Any) -> Any:
    if isinstance(value, np.ma.MaskedArray):
        return ("masked", value.data.copy(), np.ma.getmaskarray(value).copy())
    if isinstance(value, pd.Series):
        return value.copy(deep=True)
    if isinstance(value, np.ndarray):
        return value.copy()
    return list(value) if isinstance(value, list) else value


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, tuple) and before[:1] == ("masked",):
        return bool(
            np.array_equal(before[1], after.data) and np.array_equal(before[2], np.ma.getmaskarray(after))
        )
    if isinstance(before, pd.Series):
        return bool(before.equals(after) and before.index.equals(after.index))
    if isinstance(before, np.ndarray):
        return bool(np.array_equal(before, after, equal_nan=before.dtype.kind == "f"))
    return bool(before == after)


@_SETTINGS
@given(_scores())
def test_counts_account_for_every_row(drawn: tuple[Any, int, int]) -> None:
    data, rows, missing = drawn
    before = _snapshot(data)
    counts = _call(lambda: nps.Counts.from_scores(data))
    assert isinstance(counts, nps.Counts)
    assert counts.n + counts.missing == rows
    assert counts.missing == missing
    assert _same(before, data)


@_SETTINGS
@given(_scores(), st.sampled_from(_METHODS), st.floats(0.5, 0.999))
def test_score_is_our_error_or_a_finite_answer_in_range(
    drawn: tuple[Any, int, int], method: str, confidence: float
) -> None:
    data, rows, _ = drawn
    result = _call(lambda: nps.score(data, method=method, confidence=confidence))  # type: ignore[arg-type]
    assert isinstance(result, nps.NPSResult)
    assert result.n + result.missing == rows
    if result.n == 0:
        assert math.isnan(result.nps)
        return
    assert -100.0 <= result.nps <= 100.0
    assert -100.0 <= result.ci.low <= result.ci.high <= 100.0
    assert math.isfinite(result.se) and result.se >= 0.0


@st.composite
def _weighted(draw: st.DrawFn) -> tuple[list[int], list[float]]:
    scores = draw(st.lists(st.integers(0, 10), min_size=1, max_size=30))
    weights = draw(
        st.lists(st.floats(0.05, 20.0), min_size=len(scores), max_size=len(scores)).filter(
            lambda w: sum(w) > 0
        )
    )
    return scores, weights


@_SETTINGS
@given(_weighted(), st.integers(-300, 300), st.sampled_from(("wald", "adjusted-wald", "score", "bayes")))
def test_the_unit_of_the_weights_does_not_matter(
    data: tuple[list[int], list[float]], exponent: int, method: str
) -> None:
    scores, weights = data
    scaled = [w * 10.0**exponent for w in weights]
    if not all(math.isfinite(w) and w > 0 for w in scaled):
        return  # 10**exponent under/overflowed for this weight: nothing to compare
    base = _call(lambda: nps.score(scores, weights, method=method))  # type: ignore[arg-type]
    other = _call(lambda: nps.score(scores, scaled, method=method))  # type: ignore[arg-type]
    assert isinstance(base, nps.NPSResult) and isinstance(other, nps.NPSResult)
    assert other.nps == pytest.approx(base.nps, rel=1e-9, abs=1e-9)
    assert other.se == pytest.approx(base.se, rel=1e-7, abs=1e-9)
    assert other.ci.low == pytest.approx(base.ci.low, rel=1e-7, abs=1e-7)
    assert other.ci.high == pytest.approx(base.ci.high, rel=1e-7, abs=1e-7)
    assert nps.nps(scores, scaled) == pytest.approx(base.nps, rel=1e-9, abs=1e-9)


@st.composite
def _segmented(draw: st.DrawFn) -> tuple[list[int | None], list[str | None], list[float] | None]:
    size = draw(st.integers(0, 40))
    scores = draw(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=size, max_size=size))
    labels = draw(st.lists(st.one_of(st.none(), st.sampled_from("abcd")), min_size=size, max_size=size))
    weights = draw(st.one_of(st.none(), st.lists(st.floats(0.1, 10.0), min_size=size, max_size=size)))
    return scores, labels, weights


@settings(max_examples=40, deadline=None)  # each example builds two reports
@given(_segmented(), st.sampled_from(_METHODS), st.sampled_from(("overall", "rest", "pairwise")))
def test_segments_account_for_every_row_and_ignore_row_order(
    data: tuple[list[int | None], list[str | None], list[float] | None], method: str, reference: str
) -> None:
    scores, labels, weights = data
    report = _call(lambda: nps.segments(scores, labels, weights, method=method, reference=reference))  # type: ignore[arg-type]
    if isinstance(report, nps.NetPromoterError):
        return  # e.g. nothing to compare: our error, with its message
    if reference != "pairwise":  # pairwise rows are pairs of segments, not segments
        assert sum(row.result.n + row.result.missing for row in report) + report.excluded == len(scores)
    for row in report:
        assert math.isnan(row.pvalue) or 0.0 <= row.pvalue <= 1.0
        assert not (row.significant and math.isnan(row.pvalue))
    order = np.random.default_rng(len(scores)).permutation(len(scores))
    shuffled = _call(
        lambda: nps.segments(
            [scores[i] for i in order],
            [labels[i] for i in order],
            None if weights is None else [weights[i] for i in order],
            method=method,  # type: ignore[arg-type]
            reference=reference,
        )
    )
    assert isinstance(shuffled, nps.SegmentReport)
    mine = {row.segment: (row.result.nps, row.result.ci) for row in report}
    theirs = {row.segment: (row.result.nps, row.result.ci) for row in shuffled}
    assert mine.keys() == theirs.keys()
    for key, (value, ci) in mine.items():
        other_value, other_ci = theirs[key]
        assert other_value == pytest.approx(value, nan_ok=True, abs=1e-9)
        assert other_ci.low == pytest.approx(ci.low, nan_ok=True, abs=1e-6)
        assert other_ci.high == pytest.approx(ci.high, nan_ok=True, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.sampled_from("xyz")), min_size=1, max_size=30), st.randoms())
def test_pandas_inputs_are_aligned_by_index(pairs: list[tuple[int, str]], random: Any) -> None:
    index = list(range(len(pairs)))
    shuffled = index[:]
    random.shuffle(shuffled)
    scores = pd.Series([s for s, _ in pairs], index=index)
    labels = pd.Series([g for _, g in pairs], index=index)
    # The pairing is what is tested, so the cheapest method does.
    aligned = _call(lambda: nps.segments(scores, labels, reference="rest", method="wald"))
    reordered = _call(lambda: nps.segments(scores, labels.loc[shuffled], reference="rest", method="wald"))
    assert isinstance(aligned, nps.SegmentReport) and isinstance(reordered, nps.SegmentReport)
    assert [(r.segment, r.result.nps) for r in aligned] == [(r.segment, r.result.nps) for r in reordered]
