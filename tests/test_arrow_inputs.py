"""polars Series and pyarrow arrays are data like any other; dates are binned in their own time zone.

Every expectation is the numpy (or list) path on the same values: a null in
polars or Arrow is a missing value, exactly as None or NaN.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import netpromoter as nps

SCORES = [10, 9, None, 3, 7, 10, 0, None]
GROUPS = ["web", "app", "web", None, "app", "web", "app", "web"]
WEIGHTS = [1.0, 2.0, 1.5, 0.5, 1.0, 3.0, 2.0, 1.0]
PARIS = dt.timezone(dt.timedelta(hours=1))


def _quiet_trend(*args: object, **kwargs: object) -> nps.TrendReport:
    with warnings.catch_warnings():  # two or three responses per period: small by design
        warnings.simplefilter("ignore", nps.SmallSampleWarning)
        warnings.simplefilter("ignore", nps.EmptyDataWarning)
        return nps.trend(*args, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "make",
    [pl.Series, pa.array, lambda v: pa.chunked_array([v[:3], v[3:]])],
    ids=["polars", "arrow", "chunked"],
)
def test_scores_and_weights_count_as_the_list_does(make: object) -> None:
    as_given = make
    expected = nps.Counts.from_scores(SCORES, WEIGHTS)
    counts = nps.Counts.from_scores(as_given(SCORES), as_given(WEIGHTS))  # type: ignore[operator]
    assert counts == expected
    assert counts.missing == 2  # the two nulls, as the two None
    assert nps.score(pl.Series([9, 10, 3])).nps == pytest.approx(100 / 3)  # 2 promoters, 1 detractor of 3


def test_arrow_scores_with_nulls_and_floats_are_checked_as_numpy() -> None:
    assert nps.Counts.from_scores(pa.array([9.0, None, 6.0])) == nps.Counts.from_scores([9.0, np.nan, 6.0])
    with pytest.raises(nps.InvalidScoreError, match="score 11 at position 1"):
        nps.Counts.from_scores(pl.Series([9, 11, None]))
    with pytest.raises(nps.InvalidScoreError, match=r"score 7.5 at position 0"):
        nps.Counts.from_scores(pa.array([7.5, 9.0]))
    with pytest.raises(nps.InvalidTypeError, match="string 'nine' at position 0"):
        nps.Counts.from_scores(pl.Series(["nine", "ten"]))


@pytest.mark.parametrize("make", [pl.Series, pa.array], ids=["polars", "arrow"])
def test_group_labels_from_polars_and_arrow_match_the_list(make: object) -> None:
    as_given = make
    expected = nps.GroupedCounts.from_scores(SCORES, GROUPS)
    found = nps.GroupedCounts.from_scores(SCORES, as_given(GROUPS))  # type: ignore[operator]
    assert found.labels == expected.labels == ("app", "web", None)  # missing labels: a group of their own
    assert found == expected
    integers = [3, 1, None, 1, 3, 3, 1, None]
    by_int = nps.GroupedCounts.from_scores(SCORES, as_given(integers))  # type: ignore[operator]
    assert by_int == nps.GroupedCounts.from_scores(SCORES, integers)
    assert by_int.labels == (1, 3, None)  # integers stay integers beside nulls


def test_a_polars_categorical_groups_by_its_values() -> None:
    groups = pl.Series(GROUPS, dtype=pl.Categorical)
    assert nps.GroupedCounts.from_scores(SCORES, groups) == nps.GroupedCounts.from_scores(SCORES, GROUPS)


@pytest.mark.parametrize("make", [pl.Series, pa.array], ids=["polars", "arrow"])
def test_themes_as_list_of_strings(make: object) -> None:
    themes = [["price", "bugs"], None, ["bugs"], ["price"]]
    fix = {"price": 0.2, "bugs": 0.6}
    expected = nps.prioritize(themes, fixability=fix, scores=[3, 9, 4, 10])
    found = nps.prioritize(make(themes), fixability=fix, scores=pl.Series([3, 9, 4, 10]))  # type: ignore[operator]
    assert found.to_frame().equals(expected.to_frame())


def test_respondents_from_polars() -> None:
    ids = ["a", "b", "a", "c", "b", "c", "d", "d"]
    expected = _quiet_trend([9, 3, 10, 6, 7, 9, 0, 10], [1, 1, 2, 2, 3, 3, 3, 3], respondents=ids)
    found = _quiet_trend(
        pl.Series([9, 3, 10, 6, 7, 9, 0, 10]), pa.array([1, 1, 2, 2, 3, 3, 3, 3]), respondents=pl.Series(ids)
    )
    assert found.to_frame().equals(expected.to_frame())


# 2025-01-01 00:30 in Paris is 2024-12-31 23:30 UTC: its month is January in Paris.
AWARE = [dt.datetime(2025, 1, 1, 0, 30, tzinfo=PARIS), dt.datetime(2024, 12, 31, 23, 0, tzinfo=PARIS)]
PANDAS_AWARE = pd.Series(pd.to_datetime(["2025-01-01 00:30", "2024-12-31 23:00"])).dt.tz_localize(
    "Europe/Paris"
)


@pytest.mark.parametrize(
    "periods",
    [
        AWARE,
        PANDAS_AWARE,
        PANDAS_AWARE.astype("timestamp[us, Europe/Paris][pyarrow]"),
        list(PANDAS_AWARE),
        pa.array(PANDAS_AWARE),
        pl.Series(PANDAS_AWARE),
    ],
    ids=["datetime", "pandas", "pandas-arrow", "pd.Timestamp", "arrow", "polars"],
)
def test_aware_dates_are_binned_by_their_local_wall_clock(periods: object) -> None:
    report = _quiet_trend([9, 3], periods, freq="M")
    # January holds the 9 (local 00:30 on Jan 1), December the 3: never a UTC month.
    assert report.to_frame().period.tolist() == [pd.Timestamp("2024-12-01"), pd.Timestamp("2025-01-01")]
    assert report.to_frame().nps.tolist() == [-100.0, 100.0]


def test_naive_timestamps_and_dates_from_every_library_bin_alike() -> None:
    days = [dt.date(2025, 1, 6), None, dt.date(2025, 1, 12), dt.date(2025, 1, 13)]
    expected = _quiet_trend([9, 3, 10, 6], np.array(days, dtype="M8[D]"), freq="W").to_frame()
    for periods in (
        days,
        pl.Series(days),
        pa.array(days),
        [None if d is None else pd.Timestamp(d) for d in days],
    ):
        assert _quiet_trend([9, 3, 10, 6], periods, freq="W").to_frame().equals(expected)
    assert expected.period.tolist() == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]  # Mondays


@pytest.mark.parametrize(
    ("alias", "ours"), [("MS", "M"), ("ME", "M"), ("QS", "Q"), ("QE", "Q"), ("YE", "Y"), ("W-SUN", "W")]
)
def test_pandas_frequency_aliases_bin_as_ours(
    alias: nps.typing.Frequency, ours: nps.typing.Frequency
) -> None:
    dates = np.datetime64("2025-01-01") + np.arange(6) * np.timedelta64(40, "D")
    found = _quiet_trend([10, 9, 3, 7, 10, 0], dates, freq=alias)
    assert found.freq == alias
    assert found.to_frame().equals(_quiet_trend([10, 9, 3, 7, 10, 0], dates, freq=ours).to_frame())


def test_hourly_bins_keep_the_empty_hours() -> None:
    stamps = pl.Series([dt.datetime(2025, 1, 1, 9, 5), dt.datetime(2025, 1, 1, 11, 59), None])
    frame = _quiet_trend([9, 3, 10], stamps, freq="h").to_frame()
    assert frame.period.tolist() == [pd.Timestamp(f"2025-01-01 {h}:00") for h in (9, 10, 11)]
    assert frame.n.tolist() == [1, 0, 1]


def test_other_week_anchors_are_refused_by_name() -> None:
    with pytest.raises(nps.InvalidOptionError, match="freq 'W-MON': weeks run Monday to Sunday"):
        nps.trend([9, 3], [dt.date(2025, 1, 1), dt.date(2025, 1, 9)], freq="W-MON")  # type: ignore[arg-type]


def test_a_table_of_group_columns_groups_by_every_combination() -> None:
    columns = {"plan": ["pro", "free", "pro", "free"], "region": [1, 1, 2, 1]}
    expected = nps.GroupedCounts.from_scores([9, 3, 7, 10], (columns["plan"], columns["region"]))
    assert expected.labels == (("free", 1), ("pro", 1), ("pro", 2))
    for table in (pa.table(columns), pl.DataFrame(columns)):
        assert nps.GroupedCounts.from_scores([9, 3, 7, 10], table) == expected
