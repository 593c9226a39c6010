"""Counting inside the engine: ``GroupedCounts.from_frame`` against hand-written aggregations.

Run: ``python bench/bench_frames.py`` (needs polars, duckdb and narwhals:
``pip install -e ".[test]"``). Writes a 10-million-row parquet file to a
temporary directory: ``s`` int8 scores 0-10 with 1% nulls, ``g`` int32 group
ids (1,000 groups), ``w`` float64 weights (multiples of 1/4). Then, on a polars
``LazyFrame`` scanning it and on a DuckDB relation over it, it times

- unweighted: ``GroupedCounts.from_frame(frame, "s", by="g")`` against a
  hand-written aggregation computing, per group, the detractors, passives and
  promoters, the missing scores and the invalid ones (outside 0-10);
- weighted: ``from_frame(..., weight="w")`` against a hand-written aggregation
  computing, per group, the three category counts, the three sums of weights
  and the three sums of squared weights, the missing scores, the invalid ones
  and the bad weights (null, NaN, negative or infinite where a score is
  present).

The hand-written sides are the fastest idiomatic forms we found (polars
``(s <= 6).sum()`` and ``when(...).then(w).otherwise(0.0).sum()``; DuckDB
``count_if`` and ``sum(w) FILTER (...)``); they stop at the engine's table.
``from_frame`` does everything it does for a user: checks the columns,
counts, checks scores and weights (it raises on either), and builds the
sorted ``GroupedCounts``. It runs one grouped aggregation, by ``g`` and a
category code (0-2 detractor/passive/promoter, 3 invalid, 4 missing, one
``when/then`` chain), of the row count and, weighted, the sums of weights and
squared weights and the count and minimum of the weights (which reveal bad
weights); the at most 5 rows per group are pivoted in numpy.

The contenders run in interleaved rounds (``_timing.race``: load from other
processes hits them alike); each line gives the best wall time and the best
CPU time (all threads of this process, steadier under load) and their
ratios. Goals: ratio <= 1.2 for both engines.

Measured (2 cores, shared, CPU ratios): polars 0.90 unweighted, 0.75
weighted; DuckDB 0.95 unweighted, 0.61 weighted. Before the category-code
aggregation (a sum per indicator column, cast to Int64), on this same
bench: polars 1.23 and 1.17, DuckDB 1.66 and 1.05.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import race

import netpromoter as nps

ROWS = 10_000_000
GROUPS = 1_000

SQL = """
select g,
       count_if(s <= 6) as detractors,
       count_if(s > 6 and s < 9) as passives,
       count_if(s >= 9) as promoters,
       count(*) - count(s) as missing,
       count_if(s < 0 or s > 10) as invalid
from {source} group by g
"""

SQL_WEIGHTED = """
select g,
       count_if(s <= 6) as detractors,
       count_if(s > 6 and s < 9) as passives,
       count_if(s >= 9) as promoters,
       sum(w) filter (s <= 6) as detractor_weight,
       sum(w) filter (s > 6 and s < 9) as passive_weight,
       sum(w) filter (s >= 9) as promoter_weight,
       sum(w * w) filter (s <= 6) as detractor_squares,
       sum(w * w) filter (s > 6 and s < 9) as passive_squares,
       sum(w * w) filter (s >= 9) as promoter_squares,
       count(*) - count(s) as missing,
       count_if(s < 0 or s > 10) as invalid,
       count_if(s is not null and not coalesce(w >= 0 and w < 'inf'::double, false)) as bad_weights
from {source} group by g
"""


def _write(path: Path) -> None:
    import polars as pl

    rng = np.random.default_rng(0)
    scores = pl.Series("s", rng.integers(0, 11, ROWS, dtype=np.int8))
    scores = scores.scatter(rng.choice(ROWS, ROWS // 100, replace=False), None)
    groups = rng.integers(0, GROUPS, ROWS, dtype=np.int32)
    weights = rng.integers(1, 12, ROWS) / 4
    pl.DataFrame({"s": scores, "g": groups, "w": weights}).write_parquet(path)


def _polars_by_hand(path: Path, weighted: bool) -> object:
    import polars as pl

    s, w = pl.col("s"), pl.col("w")  # an integer score column: no NaN, no fractions
    categories = (s <= 6, (s > 6) & (s < 9), s >= 9)
    aggs = [category.sum().alias(f"n{i}") for i, category in enumerate(categories)]
    aggs += [s.is_null().sum().alias("missing"), ((s < 0) | (s > 10)).sum().alias("invalid")]
    if weighted:
        for i, category in enumerate(categories):
            aggs.append(pl.when(category).then(w).otherwise(0.0).sum().alias(f"w{i}"))
            aggs.append(pl.when(category).then(w * w).otherwise(0.0).sum().alias(f"ww{i}"))
        bad = s.is_not_null() & ~((w >= 0) & (w < float("inf"))).fill_null(False)
        aggs.append(bad.sum().alias("bad_weights"))
    return pl.scan_parquet(path).group_by("g").agg(*aggs).collect()


def _report(title: str, times: dict[str, tuple[float, float]]) -> None:
    print(title)
    for kind in ("unweighted", "weighted"):
        (ours_wall, ours_cpu), (hand_wall, hand_cpu) = times[f"ours {kind}"], times[f"hand {kind}"]
        print(
            f"  {kind:10s}  from_frame {ours_wall:.3f} s wall / {ours_cpu:.3f} s CPU, "
            f"hand-written {hand_wall:.3f} / {hand_cpu:.3f}, "
            f"ratio {ours_wall / hand_wall:.2f} wall / {ours_cpu / hand_cpu:.2f} CPU"
        )


def main() -> None:
    import duckdb
    import polars as pl

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.parquet"
        _write(path)
        lazy = pl.scan_parquet(path)
        polars_times = race(
            {
                "ours unweighted": lambda: nps.GroupedCounts.from_frame(lazy, "s", by="g"),
                "hand unweighted": lambda: _polars_by_hand(path, weighted=False),
                "ours weighted": lambda: nps.GroupedCounts.from_frame(lazy, "s", by="g", weight="w"),
                "hand weighted": lambda: _polars_by_hand(path, weighted=True),
            }
        )
        _report(f"polars LazyFrame, {ROWS:,} rows, {GROUPS:,} groups", polars_times)

        connection = duckdb.connect()
        relation = connection.sql(f"select * from read_parquet('{path}')")
        source = f"read_parquet('{path}')"
        duckdb_times = race(
            {
                "ours unweighted": lambda: nps.GroupedCounts.from_frame(relation, "s", by="g"),
                "hand unweighted": lambda: connection.sql(SQL.format(source=source)).fetchall(),
                "ours weighted": lambda: nps.GroupedCounts.from_frame(relation, "s", by="g", weight="w"),
                "hand weighted": lambda: connection.sql(SQL_WEIGHTED.format(source=source)).fetchall(),
            }
        )
        _report("DuckDB relation over the same parquet", duckdb_times)


if __name__ == "__main__":
    main()
