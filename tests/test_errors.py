"""Domain warnings: emitted where they belong, once per call, pointing at the caller."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import netpromoter as nps


def caught(call: Callable[[], Any]) -> tuple[Any, list[warnings.WarningMessage]]:
    """The call's result and every warning it emitted (none filtered out)."""
    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        result = call()
    return result, found


def test_domain_warnings_are_runtime_warnings_of_ours() -> None:
    for warning in (nps.SmallSampleWarning, nps.EmptyDataWarning):
        assert issubclass(warning, nps.NetPromoterWarning) and issubclass(warning, RuntimeWarning)


def test_segments_warn_once_when_segments_are_below_min_n() -> None:
    scores = [10] * 40 + [3] * 5 + [8] * 4 + [9] * 2
    groups = ["big"] * 40 + ["small"] * 5 + ["tiny"] * 4 + ["few"] * 2
    report, found = caught(lambda: nps.segments(scores, groups))
    assert [type(w.message) for w in found] == [nps.SmallSampleWarning]
    assert str(found[0].message) == (
        "3 of 4 segments have an effective sample size below min_n=30; their rows are flagged small"
    )
    assert found[0].filename == __file__  # stacklevel: the user's line, not ours
    assert [row.small for row in report] == [False, True, True, True]  # rows keep their flag
    # Pairwise rows are pairs; the warning still counts segments.
    _, found = caught(lambda: nps.segments(scores, groups, reference="pairwise"))
    assert len(found) == 1 and str(found[0].message).startswith("3 of 4 segments")
    _, found = caught(lambda: nps.segments(scores, groups, min_n=2))
    assert found == []


def test_trend_warns_once_with_the_number_of_empty_periods() -> None:
    report, found = caught(lambda: nps.trend([9, 3, 7, 10], [1, 1, 4, 4], method="wald"))
    assert [str(w.message) for w in found] == [
        "2 of 4 periods have no responses: their NPS and interval are NaN"
    ]
    assert found[0].filename == __file__ and isinstance(found[0].message, nps.EmptyDataWarning)
    assert [row.result.n for row in report] == [2, 0, 0, 2]
    # A period whose every score is missing is empty too.
    _, found = caught(lambda: nps.trend(np.array([9, np.nan, 7]), [1, 2, 3], method="wald"))
    assert [str(w.message) for w in found] == [
        "1 of 3 periods have no responses: their NPS and interval are NaN"
    ]
    _, found = caught(lambda: nps.trend(np.array([np.nan, np.nan]), [1, None]))
    assert [str(w.message) for w in found] == [
        "1 of 1 periods have no responses: their NPS and interval are NaN"
    ]
    _, found = caught(lambda: nps.trend(nps.GroupedCounts([], np.zeros((0, 3)))))
    assert [str(w.message) for w in found] == ["no response has a period: the report has no rows"]
    _, found = caught(lambda: nps.trend([9, 3, 7], [1, 2, 3]))
    assert found == []


def test_score_warns_on_an_empty_sample() -> None:
    result, found = caught(lambda: nps.score(np.array([np.nan, np.nan, np.nan])))
    assert [str(w.message) for w in found] == [
        "no responses to score (3 missing): the NPS and its interval are NaN"
    ]
    assert found[0].filename == __file__
    assert math.isnan(result.nps) and result.missing == 3
    _, found = caught(lambda: nps.score([10, 3]))
    assert found == []


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        (nps.Counts(0, 0, 0), nps.Counts(1, 2, 3), "sample a has no responses: the comparison is NaN"),
        (nps.Counts(1, 2, 3), nps.Counts(0, 0, 0), "sample b has no responses: the comparison is NaN"),
        (
            nps.Counts(0, 0, 0),
            nps.Counts(0, 0, 0, missing=2),
            "sample a and sample b have no responses: the comparison is NaN",
        ),
    ],
)
def test_compare_warns_once_per_call_naming_the_empty_samples(
    a: nps.Counts, b: nps.Counts, message: str
) -> None:
    result, found = caught(lambda: nps.compare(a, b))
    assert [str(w.message) for w in found] == [message]  # once, even when both are empty
    assert isinstance(found[0].message, nps.EmptyDataWarning) and found[0].filename == __file__
    assert math.isnan(result.difference)


def test_compare_warns_for_an_empty_benchmark_sample_and_no_complete_pair() -> None:
    _, found = caught(lambda: nps.compare(nps.Counts(0, 0, 0), benchmark=30))
    assert [str(w.message) for w in found] == ["sample a has no responses: the comparison is NaN"]
    nan = math.nan
    result, found = caught(lambda: nps.compare(np.array([10, nan]), np.array([nan, 3]), paired=True))
    assert [str(w.message) for w in found] == ["no pair has both answers (2 dropped): the comparison is NaN"]
    assert found[0].filename == __file__ and result.dropped_pairs == 2
    _, found = caught(lambda: nps.compare(nps.Counts(1, 2, 3), nps.Counts(3, 2, 1)))
    assert found == []


def test_bad_options_raise_before_any_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(nps.InvalidOptionError):
            nps.score(nps.Counts(0, 0, 0), confidence=2)
