"""Scaling out: on Dask, per-partition counts added up give exactly the single-machine results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

import netpromoter as nps  # noqa: E402
from netpromoter import dask as nps_dask  # noqa: E402

N = 3_000_000


@pytest.fixture(scope="module")
def frames() -> tuple[Any, Any]:
    rng = np.random.default_rng(31)
    frame = pd.DataFrame(
        {
            "score": pd.array(rng.integers(0, 11, N), dtype="Int64"),
            "region": pd.Series(rng.choice(["eu", "us", "apac", "latam"], N), dtype="str"),
            "plan": pd.Categorical(
                rng.choice(["free", "pro", "enterprise"], N), categories=["free", "pro", "enterprise"]
            ),
            "date": np.datetime64("2024-11-15") + rng.integers(0, 200, N).astype("m8[D]"),
            "weight": rng.random(N) + 0.5,
        }
    )
    frame.loc[rng.random(N) < 0.01, "score"] = pd.NA
    frame.loc[rng.random(N) < 0.001, "region"] = None
    return frame, dd.from_pandas(frame, npartitions=24)


def test_overall_counts_match_exactly(frames: tuple[Any, Any]) -> None:
    frame, distributed = frames
    assert distributed.npartitions == 24
    assert nps_dask.counts(distributed, "score") == nps.Counts.from_scores(frame["score"])
    weighted = nps_dask.counts(distributed, "score", "weight")
    single = nps.Counts.from_scores(frame["score"], frame["weight"])
    assert weighted.n == single.n and weighted.missing == single.missing
    np.testing.assert_allclose(weighted.as_array(), single.as_array(), rtol=1e-12)  # float sums: order


def test_segments_match_exactly(frames: tuple[Any, Any]) -> None:
    frame, distributed = frames
    on_dask = nps_dask.segments(distributed, "score", "region")
    local = nps.segments(frame["score"], frame["region"])
    assert (
        [row.segment for row in on_dask]
        == [row.segment for row in local]
        == ["apac", "eu", "latam", "us", None]
    )
    for a, b in zip(on_dask, local, strict=True):
        assert a.result.counts == b.result.counts
        assert (a.result.ci, a.pvalue, a.adjusted_pvalue) == (b.result.ci, b.pvalue, b.adjusted_pvalue)
    assert on_dask.omnibus == local.omnibus
    combos = nps_dask.segments(distributed, "score", ["plan", "region"], reference="rest")
    local_combos = nps.segments(frame["score"], (frame["plan"], frame["region"]), reference="rest")
    assert [r.segment for r in combos] == [r.segment for r in local_combos]
    assert [r.result.counts for r in combos] == [r.result.counts for r in local_combos]


def test_segments_keep_the_column_names_and_shrink(frames: tuple[Any, Any]) -> None:
    frame, distributed = frames
    on_dask = nps_dask.segments(distributed, "score", ["plan", "region"], shrinkage=True, order="shrunk")
    local = nps.segments(frame["score"], frame[["plan", "region"]], shrinkage=True, order="shrunk")
    # One factor per grouping column, named after it, as on one machine.
    assert on_dask.factors == local.factors == ("plan", "region")
    assert list(on_dask.to_frame().columns[:2]) == ["plan", "region"]
    assert [r.segment for r in on_dask] == [r.segment for r in local]
    assert [r.shrunk for r in on_dask] == pytest.approx([r.shrunk for r in local], rel=1e-12)
    assert on_dask.shrinkage == local.shrinkage
    assert nps_dask.segments(distributed, "score", "region").factors == ("segment",)


def test_trend_matches_exactly(frames: tuple[Any, Any]) -> None:
    frame, distributed = frames
    on_dask = nps_dask.trend(distributed, "score", "date", freq="W", window=4)
    local = nps.trend(frame["score"], frame["date"], freq="W", window=4)
    assert [str(r.period) for r in on_dask] == [str(r.period) for r in local]
    assert str(on_dask.rows[0].period) == "2024-11-11"  # the Monday of the first week
    for a, b in zip(on_dask, local, strict=True):
        assert a.result.counts == b.result.counts
        assert a.rolling is not None and b.rolling is not None
        assert a.rolling.counts == b.rolling.counts
    assert on_dask.slope == local.slope
    assert on_dask.shift == local.shift


def test_from_table_is_the_sql_route(frames: tuple[Any, Any]) -> None:
    # What a SQL GROUP BY returns: per-region sums of each category.
    frame, _ = frames
    scored = frame.dropna(subset=["score", "region"])
    category = np.select([scored["score"] >= 9, scored["score"] <= 6], ["P", "D"], "Pas")
    table = pd.crosstab(scored["region"], category)
    grouped = nps.GroupedCounts.from_table(list(table.index), table["D"], table["Pas"], table["P"])
    local = nps.GroupedCounts.from_scores(frame["score"], frame["region"], missing_groups="exclude")
    assert grouped.labels == local.labels
    np.testing.assert_array_equal(grouped.sums, local.sums)
