"""Periods: integers with gaps and missing values, narrow dtypes, time zones, and a guarded span."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import netpromoter as nps
from netpromoter._input._periods import MAX_PERIODS, bin_periods

# These tests are about input handling on tiny data: the domain warnings for small
# segments and empty periods are expected here and are tested in test_errors.py.
pytestmark = pytest.mark.filterwarnings(
    "ignore::netpromoter.errors.SmallSampleWarning", "ignore::netpromoter.errors.EmptyDataWarning"
)


def test_integer_periods_with_a_missing_one_stay_integer_periods() -> None:
    report = nps.trend([0, 0, 10, 10, 5], [1, 1, 3, 3, None], method="wald")
    assert [row.period for row in report] == [1, 2, 3]  # the gap at 2 is kept
    assert [row.result.n for row in report] == [2, 0, 2]
    assert report.excluded == 1
    # Responses -100, -100 at index 0 and +100, +100 at index 2: slope 200 / 2 = 100 per period.
    assert report.slope.estimate == pytest.approx(100.0)


def test_nullable_and_masked_integer_periods() -> None:
    pd = pytest.importorskip("pandas")
    for periods in (
        pd.Series([1, 1, 3, 3, None], dtype="Int64"),
        np.ma.masked_array([1, 1, 3, 3, 99], mask=[False, False, False, False, True]),
    ):
        report = nps.trend([0, 0, 10, 10, 5], periods, method="wald")
        assert [row.period for row in report] == [1, 2, 3]
        assert report.excluded == 1


def test_int8_periods_spanning_the_dtype_lose_no_response() -> None:
    report = nps.trend([10, 0, 5], np.array([-100, 0, 100], dtype=np.int8), method="wald")
    assert len(report.rows) == 201 and report.excluded == 0
    assert [report[p].result.n for p in (-100, 0, 100)] == [1, 1, 1]


def test_masked_dates_are_missing() -> None:
    dates = np.ma.masked_array(
        np.array(["2025-01-05", "1900-01-01", "2025-02-03"], dtype="M8[D]"), mask=[False, True, False]
    )
    report = nps.trend([10, 0, 9], dates, freq="M", method="wald")
    assert [str(row.period) for row in report] == ["2025-01", "2025-02"]
    assert report.excluded == 1


def test_a_mistyped_year_is_refused_naming_the_extreme_dates() -> None:
    dates = np.array(["2024-01-01", "9999-01-01"], dtype="M8[D]")
    with pytest.raises(nps.InvalidOptionError, match=r"2,912,810 days from 2024-01-01 to 9999-01-01"):
        nps.trend([10, 0], dates, freq="D")
    # The same span in years is short and allowed.
    assert len(nps.trend([10, 0], dates, freq="Y", method="wald").rows) == 9999 - 2024 + 1


def test_span_limit_is_the_documented_one_for_dates_and_integers() -> None:
    start = np.datetime64("2000-01-01")
    fits = bin_periods(np.array([start, start + MAX_PERIODS - 1]), "D")
    assert len(fits.labels) == MAX_PERIODS
    with pytest.raises(nps.InvalidOptionError, match="100,001 days"):
        bin_periods(np.array([start, start + MAX_PERIODS]), "D")
    with pytest.raises(nps.InvalidOptionError, match="100,001 integers from 0 to 100000"):
        bin_periods([0, MAX_PERIODS], None)


def test_time_zone_aware_dates_bin_by_their_local_wall_clock() -> None:
    pd = pytest.importorskip("pandas")
    # 23:30 on January 31 in New York is February 1 in UTC: it belongs to January.
    local = pd.Series(
        pd.to_datetime(["2025-01-31 23:30", "2025-02-01 00:30"]).tz_localize("America/New_York")
    )
    for periods in (local, pd.DatetimeIndex(local), list(local), [t.to_pydatetime() for t in local]):
        report = nps.trend([10, 0], periods, freq="M", method="wald")
        assert [(str(row.period), row.result.n) for row in report] == [("2025-01", 1), ("2025-02", 1)]
    aware = [dt.datetime(2025, 3, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))), None]
    assert bin_periods(aware, "D").labels == (np.datetime64("2025-03-01"),)


def test_dates_mixed_with_other_values_name_the_odd_one() -> None:
    with pytest.raises(nps.InvalidTypeError, match="period 'soon' at position 1 is not a date"):
        nps.trend([10, 0], [dt.date(2025, 1, 1), "soon"], freq="M")
