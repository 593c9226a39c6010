"""PySpark in local mode: from_frame counts inside Spark and equals the numpy path.

One SparkSession for the module (starting the JVM is the slow part); the
data are the ones of tests/test_frames.py, weights multiples of 1/4 so that
every sum is exact in any order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pyspark.sql import SparkSession

import netpromoter as nps
from netpromoter._input._periods import bin_labels

N = 300
_RNG = np.random.default_rng(17)
SCORES = _RNG.integers(0, 11, N).astype(np.float64)
SCORES[_RNG.random(N) < 0.1] = np.nan
GROUPS = _RNG.choice(np.array(["web", "app", "store"], dtype=object), N)
GROUPS[_RNG.random(N) < 0.05] = None
WEIGHTS = _RNG.integers(1, 12, N) / 4
STAMPS = np.datetime64("2024-11-20") + _RNG.integers(0, 150 * 24, N).astype("m8[h]")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = (
        SparkSession.builder.master("local[2]")
        .appName("netpromoter-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def responses(spark: Any) -> Any:
    rows = [
        (None if np.isnan(s) else float(s), g, float(w), pd.Timestamp(t).to_pydatetime())
        for s, g, w, t in zip(SCORES, GROUPS, WEIGHTS, STAMPS, strict=True)
    ]
    schema = "score double, channel string, w double, at timestamp_ntz"
    return spark.createDataFrame(rows, schema=schema)


def test_counts_equal_the_numpy_path(responses: Any) -> None:
    counts = nps.Counts.from_frame(responses, "score", weight="w")
    assert counts == nps.Counts.from_scores(SCORES, WEIGHTS)
    assert counts.n + counts.missing == N


def test_grouped_counts_and_periods_equal_the_numpy_path(responses: Any) -> None:
    grouped = nps.GroupedCounts.from_frame(responses, "score", by="channel")
    assert grouped == nps.GroupedCounts.from_scores(SCORES, GROUPS)
    for freq in ("W", "M"):
        periods = nps.GroupedCounts.from_frame(responses, "score", period="at", freq=freq, weight="w")
        expected = nps.GroupedCounts.from_scores(
            SCORES, bin_labels(STAMPS, freq), WEIGHTS, missing_groups="exclude"
        )
        assert periods == expected


def test_invalid_scores_raise_with_how_many_and_an_example(spark: Any) -> None:
    frame = spark.createDataFrame([(9.0,), (11.0,), (None,), (-1.0,)], schema="score double")
    with pytest.raises(nps.InvalidScoreError, match=r"^2 scores of the frame .* e\.g\. 11$"):
        nps.Counts.from_frame(frame, "score")
