"""Counts.from_frame and GroupedCounts.from_frame: the counting runs in the frame's own engine.

The specification is the numpy path: for every engine, the counts equal
``Counts.from_scores`` / ``GroupedCounts.from_scores`` on the same columns
(dates binned as ``trend`` bins them), weighted and unweighted, and
total + missing equals the number of rows. Weights are multiples of 1/4, so
every sum is exact whatever order an engine adds in.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import netpromoter as nps
from netpromoter._input._periods import bin_labels

N = 400
_RNG = np.random.default_rng(20251123)
SCORES = _RNG.integers(0, 11, N).astype(np.float64)
SCORES[_RNG.random(N) < 0.1] = np.nan  # about 40 missing scores
GROUPS = _RNG.choice(np.array(["web", "app", "store"], dtype=object), N)
GROUPS[_RNG.random(N) < 0.05] = None  # a few missing labels: a group of their own
REGIONS = _RNG.choice(np.array(["eu", "us"], dtype=object), N)
WEIGHTS = _RNG.integers(1, 12, N) / 4
STAMPS = (
    np.datetime64("2024-11-20")
    + _RNG.integers(0, 150, N).astype("m8[D]")
    + _RNG.integers(0, 24 * 60, N).astype("m8[m]")
)
FRAME = pd.DataFrame({"score": SCORES, "channel": GROUPS, "region": REGIONS, "w": WEIGHTS, "at": STAMPS})


def _duckdb(frame: pd.DataFrame) -> Any:
    connection = duckdb.connect()  # in memory
    connection.register("responses", frame)
    return connection.sql("select * from responses")


ENGINES: dict[str, Callable[[pd.DataFrame], Any]] = {
    "pandas": lambda f: f,
    "polars": pl.from_pandas,
    "polars-lazy": lambda f: pl.from_pandas(f).lazy(),
    "pyarrow": lambda f: pa.Table.from_pandas(f, preserve_index=False),
    "duckdb": _duckdb,
    "dask": lambda f: dd.from_pandas(f, npartitions=3),
}


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> Iterator[Callable[[pd.DataFrame], Any]]:
    with dask_config_synchronous():
        yield ENGINES[request.param]


def dask_config_synchronous() -> Any:
    import dask

    return dask.config.set(scheduler="synchronous")  # the local scheduler, in this process


def test_counts_equal_the_numpy_path(engine: Callable[[pd.DataFrame], Any]) -> None:
    frame = engine(FRAME)
    counts = nps.Counts.from_frame(frame, "score")
    assert counts == nps.Counts.from_scores(SCORES)
    assert counts.total + counts.missing == N  # nothing dropped silently
    weighted = nps.Counts.from_frame(frame, "score", weight="w")
    assert weighted == nps.Counts.from_scores(SCORES, WEIGHTS)
    assert weighted.n + weighted.missing == N


def test_grouped_counts_equal_the_numpy_path(engine: Callable[[pd.DataFrame], Any]) -> None:
    frame = engine(FRAME)
    grouped = nps.GroupedCounts.from_frame(frame, "score", by="channel")
    expected = nps.GroupedCounts.from_scores(SCORES, GROUPS)
    assert grouped == expected
    assert grouped.labels == ("app", "store", "web", None)
    assert int(grouped.n.sum() + grouped.missing.sum()) == N
    weighted = nps.GroupedCounts.from_frame(frame, "score", by=["channel", "region"], weight="w")
    assert weighted == nps.GroupedCounts.from_scores(SCORES, (GROUPS, REGIONS), WEIGHTS)


@pytest.mark.parametrize("freq", ["h", "D", "W", "M", "Q", "Y"])
def test_periods_are_binned_in_the_engine_as_trend_bins_them(
    engine: Callable[[pd.DataFrame], Any], freq: nps.typing.Frequency
) -> None:
    found = nps.GroupedCounts.from_frame(engine(FRAME), "score", period="at", freq=freq, weight="w")
    expected = nps.GroupedCounts.from_scores(
        SCORES, bin_labels(STAMPS, freq), WEIGHTS, missing_groups="exclude"
    )
    assert found == expected
    by_channel = nps.GroupedCounts.from_frame(engine(FRAME), "score", by="channel", period="at", freq=freq)
    assert by_channel == nps.GroupedCounts.from_scores(SCORES, (GROUPS, bin_labels(STAMPS, freq)))


def test_a_trend_from_a_frame_is_the_trend_of_the_responses() -> None:
    grouped = nps.GroupedCounts.from_frame(pl.from_pandas(FRAME).lazy(), "score", period="at", freq="M")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nps.SmallSampleWarning)
        from_frame = nps.trend(grouped, freq="M").to_frame()
        direct = nps.trend(SCORES, STAMPS, freq="M").to_frame()
    assert from_frame.period.tolist() == [pd.Timestamp(f"{m}-01") for m in ("2024-11", "2024-12")] + [
        pd.Timestamp(f"2025-{m:02d}-01") for m in range(1, 5)
    ]  # 2024-11-20 + 150 days reaches April 2025
    assert from_frame[["period", "nps", "n"]].equals(direct[["period", "nps", "n"]])


def test_aware_dates_are_binned_by_their_local_wall_clock() -> None:
    # 2025-01-01 00:30 in Paris is 2024-12-31 23:30 UTC: a January response in Paris.
    local = pd.Series(pd.to_datetime(["2025-01-01 00:30", "2024-12-31 23:00"])).dt.tz_localize("Europe/Paris")
    frame = pl.DataFrame({"score": [9, 3], "at": pl.Series(local)})
    grouped = nps.GroupedCounts.from_frame(frame.lazy(), "score", period="at", freq="M")
    assert grouped.labels == (np.datetime64("2024-12"), np.datetime64("2025-01"))
    assert grouped.nps.tolist() == [-100.0, 100.0]
    relation = duckdb.connect().sql(
        "select 9 as score, timestamptz '2025-01-01 00:30:00+01' as at"
    )  # DuckDB stores an instant; narwhals reads it in the session's time zone (UTC here)
    assert len(nps.GroupedCounts.from_frame(relation, "score", period="at", freq="M")) == 1


def test_missing_periods_are_excluded_and_counted() -> None:
    frame = pl.DataFrame({"score": [10, 3, 9], "at": [dt.date(2025, 1, 2), None, dt.date(2025, 1, 3)]})
    grouped = nps.GroupedCounts.from_frame(frame, "score", period="at", freq="D")
    assert grouped.labels == (np.datetime64("2025-01-02"), np.datetime64("2025-01-03"))
    assert grouped.excluded == 1


@pytest.mark.parametrize("bad", [11.0, -1.0, 7.5, np.inf])
def test_invalid_scores_raise_with_how_many_and_an_example(
    engine: Callable[[pd.DataFrame], Any], bad: float
) -> None:
    frame = FRAME.assign(score=np.where(np.arange(N) % 100 == 7, bad, SCORES))  # 4 bad rows
    shown = {11.0: "11", -1.0: "-1", 7.5: "7.5", np.inf: "inf"}[bad]
    with pytest.raises(nps.InvalidScoreError, match=rf"^4 scores of the frame .* e\.g\. {shown}$"):
        nps.GroupedCounts.from_frame(engine(frame), "score", by="channel")
    with pytest.raises(nps.InvalidScoreError, match="4 scores"):
        nps.Counts.from_frame(engine(frame), "score")


def test_bad_weights_raise_with_how_many_and_an_example(engine: Callable[[pd.DataFrame], Any]) -> None:
    frame = FRAME.assign(score=7.0, w=np.where(np.arange(N) < 2, -0.5, WEIGHTS))
    with pytest.raises(nps.InvalidWeightError, match=r"^2 weights .* e\.g\. -0.5$"):
        nps.Counts.from_frame(engine(frame), "score", weight="w")


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_every_kind_of_bad_weight_is_caught(engine: Callable[[pd.DataFrame], Any], bad: float) -> None:
    # Row 1 is bad; row 3's weight sits beside a missing score, which weighs nothing
    # (the weight of a missing score is not checked, as documented in Counts.from_frame).
    tiny = pd.DataFrame({"score": [9.0, 3.0, 7.0, np.nan], "w": [1.0, bad, 0.5, bad]})
    with pytest.raises(nps.InvalidWeightError, match=r"^1 weight of the frame is missing"):
        nps.Counts.from_frame(engine(tiny), "score", weight="w")
    beside_missing = engine(tiny.assign(w=[1.0, 2.0, 0.5, bad]))
    expected = nps.Counts.from_scores([9, 3, 7, np.nan], [1.0, 2.0, 0.5, 1.0])
    assert nps.Counts.from_frame(beside_missing, "score", weight="w") == expected


def test_nan_weights_are_caught_where_an_engine_keeps_nan_apart_from_null() -> None:
    frame = pl.DataFrame({"score": [9, 3, 7], "w": [1.0, float("nan"), None]})
    for native in (frame.lazy(), duckdb.connect().sql("select * from frame")):
        with pytest.raises(nps.InvalidWeightError, match=r"^2 weights of the frame are missing"):
            nps.Counts.from_frame(native, "score", weight="w")


def test_nan_and_null_labels_are_one_group_labelled_none() -> None:
    # polars, Arrow and DuckDB keep a float NaN apart from null; both are a missing label.
    frame = pl.DataFrame({"score": [9, 3, 7, 10], "g": [float("nan"), None, 1.0, float("nan")]})
    expected = nps.GroupedCounts.from_scores([9, 3, 7, 10], [np.nan, None, 1.0, np.nan])
    assert expected.labels == (1.0, None)
    for native in (frame, frame.lazy(), frame.to_arrow(), duckdb.connect().sql("select * from frame")):
        assert nps.GroupedCounts.from_frame(native, "score", by="g") == expected


def test_a_missing_column_names_it_and_the_columns_present(engine: Callable[[pd.DataFrame], Any]) -> None:
    message = (
        "by column 'chanel' is not in the frame; its columns are 'score', 'channel', 'region', 'w', 'at'"
    )
    with pytest.raises(nps.InvalidOptionError, match=message):
        nps.GroupedCounts.from_frame(engine(FRAME), "score", by="chanel")


def test_text_scores_and_non_frames_are_refused() -> None:
    with pytest.raises(nps.InvalidTypeError, match="score column 'channel' holds String"):
        nps.Counts.from_frame(pl.from_pandas(FRAME), "channel")
    with pytest.raises(nps.InvalidTypeError, match="frame must be a data frame"):
        nps.Counts.from_frame([9, 10], "score")
    with pytest.raises(nps.InvalidOptionError, match="periods are dates: choose freq"):
        nps.GroupedCounts.from_frame(pl.from_pandas(FRAME), "score", period="at")
    with pytest.raises(nps.InvalidOptionError, match="needs by="):
        nps.GroupedCounts.from_frame(pl.from_pandas(FRAME), "score")


def test_duckdb_integer_sums_come_back_as_numbers_not_decimals() -> None:
    relation = duckdb.connect().sql("select (i % 11)::integer as score, i % 3 as g from range(1000) t(i)")
    grouped = nps.GroupedCounts.from_frame(relation, "score", by="g")
    scores = np.arange(1000) % 11
    assert grouped == nps.GroupedCounts.from_scores(scores, np.arange(1000) % 3)
    assert grouped.labels == (0, 1, 2)


def test_importing_netpromoter_loads_no_frame_library() -> None:
    code = (
        "import sys, netpromoter as nps; nps.GroupedCounts; "
        "print(sorted(m for m in ('narwhals', 'polars', 'duckdb', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_integer_score_columns_with_nulls_count_and_check_alike(
    engine: Callable[[pd.DataFrame], Any],
) -> None:
    whole = pd.DataFrame({"score": pd.array([10, None, 3, 7, 9], dtype="Int64"), "g": [1, 1, 2, 2, 2]})
    frame = engine(whole)
    assert nps.GroupedCounts.from_frame(frame, "score", by="g") == nps.GroupedCounts.from_scores(
        [10, None, 3, 7, 9], [1, 1, 2, 2, 2]
    )
    bad = engine(whole.assign(score=pd.array([10, None, 11, -1, 9], dtype="Int64")))
    with pytest.raises(nps.InvalidScoreError, match=r"^2 scores of the frame .* e\.g\. 11$"):
        nps.Counts.from_frame(bad, "score")
