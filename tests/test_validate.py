"""The bad-input matrix: every kind of bad input gets our error, naming value and position."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import netpromoter as nps

BAD_SCORES: list[tuple[str, Any, type[Exception], str]] = [
    ("above scale", [1, 2, 3, 42], nps.InvalidScoreError, "score 42 at position 3 is outside the 0-10 scale"),
    ("below scale", np.array([5, -1, 3]), nps.InvalidScoreError, "score -1 at position 1 is outside"),
    ("above scale int8", np.array([0, 11], dtype=np.int8), nps.InvalidScoreError, "score 11 at position 1"),
    ("uint above", np.array([3, 200], dtype=np.uint8), nps.InvalidScoreError, "score 200 at position 1"),
    ("fraction", [7, 7.5], nps.InvalidScoreError, "score 7.5 at position 1 is not a whole number"),
    (
        "fraction float32",
        np.array([1, 2, 2.25], dtype=np.float32),
        nps.InvalidScoreError,
        "2.25 at position 2",
    ),
    (
        "infinity",
        [1.0, float("inf")],
        nps.InvalidScoreError,
        "score inf at position 1 is outside the 0-10 scale",
    ),
    ("-infinity", np.array([np.nan, -np.inf]), nps.InvalidScoreError, "score -inf at position 1"),
    ("string in list", [3, "7"], nps.InvalidTypeError, "string '7' at position 1 is not a score"),
    ("string array", np.array(["a", "b"]), nps.InvalidTypeError, "string 'a' at position 0"),
    ("bare string", "9", nps.InvalidTypeError, "got the string '9'"),
    ("bytes", [1, b"2"], nps.InvalidTypeError, "bytes b'2' at position 1"),
    ("complex", [1, 2 + 1j], nps.InvalidTypeError, "complex number \\(2\\+1j\\) at position 1"),
    ("complex array", np.array([1j]), nps.InvalidTypeError, "complex number 1j at position 0"),
    ("nested ragged", [[1, 2], [3]], nps.InvalidTypeError, "nested sequence \\[1, 2\\] at position 0"),
    (
        "nested in objects",
        [1, None, [2, 3]],
        nps.InvalidTypeError,
        "nested sequence \\[2, 3\\] at position 2",
    ),
    ("2-D", np.ones((2, 2)), nps.InvalidTypeError, "one-dimensional .* shape \\(2, 2\\)"),
    ("scalar", 7, nps.InvalidTypeError, "expected a sequence of scores, got int 7"),
    (
        "datetime64",
        np.array(["2025-01-01"], dtype="datetime64[D]"),
        nps.InvalidTypeError,
        "date/time 2025-01-01 at position 0",
    ),
    ("python date", [1, dt.date(2025, 1, 2)], nps.InvalidTypeError, "date/time 2025-01-02 at position 1"),
    ("object", [1, object()], nps.InvalidTypeError, "object of type object .* at position 1"),
    ("decimal", [Decimal("1")], nps.InvalidTypeError, "Decimal .* at position 0"),
    ("bool in list", [3, True], nps.InvalidTypeError, "boolean True at position 1"),
    ("bool array", np.array([True, False]), nps.InvalidTypeError, "boolean True at position 0"),
    ("bool among None", [None, False], nps.InvalidTypeError, "boolean False at position 1"),
]


@pytest.mark.parametrize(("case", "scores", "error", "message"), BAD_SCORES, ids=[c[0] for c in BAD_SCORES])
def test_bad_scores_raise_our_error_with_position(
    case: str, scores: Any, error: type[Exception], message: str
) -> None:
    for entry in (nps.nps, nps.score, nps.Counts.from_scores, nps.categorize):
        with pytest.raises(error, match=message) as info:
            entry(scores)
        assert isinstance(info.value, nps.NetPromoterError)


def test_errors_are_also_builtin_errors() -> None:
    assert issubclass(nps.InvalidScoreError, ValueError)
    assert issubclass(nps.InvalidTypeError, TypeError)
    assert issubclass(nps.MissingValueError, ValueError)
    assert issubclass(nps.InvalidWeightError, ValueError)
    assert issubclass(nps.InvalidOptionError, ValueError)


BAD_WEIGHTS: list[tuple[str, Any, type[Exception], str]] = [
    ("negative", [1.0, -2.0, 1.0], nps.InvalidWeightError, "weight -2 at position 1 is negative"),
    ("nan", [1.0, 1.0, float("nan")], nps.InvalidWeightError, "weight nan at position 2 is not a finite"),
    ("inf", [np.inf, 1, 1], nps.InvalidWeightError, "weight inf at position 0"),
    ("none", [1, None, 1], nps.InvalidWeightError, "weight nan at position 1"),
    ("all zero", [0, 0, 0], nps.InvalidWeightError, "sum to zero"),
    ("short", [1, 1], nps.LengthMismatchError, "scores have 3, weights have 2"),
    ("string", [1, "2", 1], nps.InvalidTypeError, "string '2' at position 1 is not a weight"),
    ("2-D", np.ones((3, 1)), nps.InvalidTypeError, "weights must be one-dimensional"),
    ("bool", [True, True, False], nps.InvalidTypeError, "boolean True at position 0 is not a weight"),
]


@pytest.mark.parametrize(
    ("case", "weights", "error", "message"), BAD_WEIGHTS, ids=[c[0] for c in BAD_WEIGHTS]
)
def test_bad_weights(case: str, weights: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        nps.score([10, 5, 8], weights)


def test_weights_of_missing_scores_do_not_make_the_total() -> None:
    with pytest.raises(nps.InvalidWeightError, match="non-missing responses sum to zero"):
        nps.nps([10, None], weights=[0, 1])


def test_missing_raise_names_the_first_missing_position() -> None:
    with pytest.raises(nps.MissingValueError, match="missing score at position 2"):
        nps.Counts.from_scores([1, 2, None, None], missing="raise")
    with pytest.raises(nps.MissingValueError, match="position 0"):
        nps.score(np.array([np.nan, 3.0]), missing="raise")


@pytest.mark.parametrize("policy", ["drop", "", None, "OMIT"])
def test_unknown_missing_policy(policy: Any) -> None:
    with pytest.raises(nps.InvalidOptionError, match="missing must be one of 'omit', 'raise'"):
        nps.nps([1, 2], missing=policy)


def test_callers_arrays_are_never_modified() -> None:
    scores = np.array([10.0, np.nan, 3.0, 8.0])
    weights = np.array([1.0, 2.0, 3.0, 4.0])
    before_s, before_w = scores.copy(), weights.copy()
    nps.score(scores, weights)
    nps.categorize(scores)
    nps.Counts.from_scores(scores, weights)
    np.testing.assert_array_equal(scores, before_s)
    np.testing.assert_array_equal(weights, before_w)
    assert scores.flags.writeable and weights.flags.writeable


def test_all_numeric_dtypes_are_accepted() -> None:
    data = [0, 6, 7, 9, 10]
    expected = nps.Counts(2, 1, 2)
    for dtype in (
        np.int8,
        np.int16,
        np.int32,
        np.int64,
        np.uint8,
        np.uint64,
        np.float16,
        np.float32,
        np.float64,
    ):
        assert nps.Counts.from_scores(np.array(data, dtype=dtype)) == expected, dtype
    assert nps.Counts.from_scores(tuple(data)) == expected
    assert nps.Counts.from_scores(list(map(float, data))) == expected


def test_none_nan_and_pd_na_are_missing() -> None:
    pd = pytest.importorskip("pandas")
    expected = nps.Counts(1, 0, 2, missing=2)
    assert nps.Counts.from_scores([10, None, 9, float("nan"), 0]) == expected
    assert nps.Counts.from_scores(np.array([10, np.nan, 9, np.nan, 0])) == expected
    for dtype in ("Int64", "Float64", "float64", "object"):
        series = pd.Series([10, None, 9, None, 0], dtype=dtype)
        assert nps.Counts.from_scores(series) == expected, dtype
    assert nps.Counts.from_scores(pd.Series([10, pd.NA, 0], dtype="object")) == nps.Counts(1, 0, 1, missing=1)
    # A categorical of numbers is read through its values, never its codes.
    assert nps.Counts.from_scores(pd.Series([9, 10, 3]).astype("category")) == nps.Counts(1, 0, 2)


def test_pandas_bad_values_name_position() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(nps.InvalidScoreError, match="score 12 at position 2"):
        nps.nps(pd.Series([1, None, 12], dtype="Int64"))
    with pytest.raises(nps.InvalidTypeError, match="string 'x' at position 1"):
        nps.nps(pd.Series([None, "x"], dtype="string"))  # None is <NA>, i.e. missing
    with pytest.raises(nps.InvalidTypeError, match="string '1' at position 0"):
        nps.nps(pd.Series(["1", "2"], dtype="string"))  # digits in a string are still strings
    with pytest.raises(nps.InvalidTypeError, match="boolean"):
        nps.nps(pd.Series([True, False], dtype="boolean"))


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, float("nan"), "0.95", True, None])
def test_confidence_must_be_inside_zero_one(confidence: Any) -> None:
    with pytest.raises(nps.InvalidOptionError, match="confidence"):
        nps.score([1, 9], confidence=confidence)


@pytest.mark.parametrize("method", ["Wald", "tango", "", "wilson", "t", 3])
def test_unknown_methods_raise(method: Any) -> None:
    # "wilson" and "t" are methods of shares and means, not of the NPS.
    with pytest.raises(nps.InvalidOptionError, match="method must be one of"):
        nps.score([1, 9], method=method)


def test_no_method_means_the_default_of_the_metric() -> None:
    assert nps.score([1, 9], method=None).method == "adjusted-bayes"
    assert nps.score([1, 5], metric=nps.CSAT, method=None).method == "wilson"
    assert nps.score([1, 5], metric=nps.Metric.mean(1, 5)).method == "t"


def test_masked_scores_are_missing_whatever_value_they_hide() -> None:
    floats = np.ma.masked_array([10.0, 9.0, 3.0], mask=[False, True, False])
    assert nps.Counts.from_scores(floats) == nps.Counts(1, 0, 1, missing=1)  # the 9 is not a promoter
    ints = np.ma.masked_array([10, 99, 3], mask=[False, True, False])  # 99 is outside the scale, but masked
    assert nps.Counts.from_scores(ints) == nps.Counts(1, 0, 1, missing=1)
    assert nps.categorize(ints).tolist()[::2] == [1.0, -1.0] and np.isnan(nps.categorize(ints)[1])
    with pytest.raises(nps.MissingValueError, match="missing score at position 1"):
        nps.Counts.from_scores(ints, missing="raise")
    unmasked = np.ma.masked_array([10, 9, 3])
    assert nps.Counts.from_scores(unmasked) == nps.Counts(1, 0, 2)
    assert floats.mask.tolist() == [False, True, False]  # the caller's array is untouched


def test_masked_weights_make_their_response_missing() -> None:
    weights = np.ma.masked_array([2.0, -1.0, 1.0], mask=[False, True, False])  # -1 is a placeholder
    counts = nps.Counts.from_scores([10, 9, 3], weights)
    with_none: list[Any] = [10, None, 3]
    assert counts == nps.Counts.from_scores(with_none, [2.0, 1.0, 1.0])
    assert (counts.n, counts.missing) == (2, 1)
    grouped = nps.GroupedCounts.from_scores([10, 9, 3], ["a", "a", "b"], weights)
    assert (grouped["a"].n, grouped["a"].missing) == (1, 1)
    report = nps.trend([10, 9, 3], [1, 1, 2], weights, method="wald")
    assert report.rows[0].result.counts.missing == 1
    with pytest.raises(nps.MissingValueError, match="masked"):
        nps.Counts.from_scores([10, 9, 3], weights, missing="raise")
    with pytest.raises(nps.MissingValueError, match=r"masked\) weight at position 1"):
        nps.prioritize([["a"], ["b"], ["a"]], weights=weights, fixability={"a": 1.0, "b": 1.0})
