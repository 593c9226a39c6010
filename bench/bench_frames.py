"""Counting inside the engine: ``GroupedCounts.from_frame`` against hand-written aggregations.

Run: ``python bench/bench_frames.py`` (needs polars, duckdb and narwhals:
``pip install -e ".[test]"``). Writes a 10-million-row parquet file (scores
0-10 with 1% nulls, 1,000 groups) to a temporary directory and prints

1. ``GroupedCounts.from_frame`` on a polars ``LazyFrame`` scanning it against
   a hand-written polars ``group_by().agg()`` of the same counts (three
   categories, missing and invalid scores), and their ratio (goal: <= 1.2);
2. the same on a DuckDB relation against the equivalent hand-written SQL
   (goal: <= 1.2).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps

ROWS = 10_000_000
GROUPS = 1_000

SQL = """
select g,
       sum(case when s <= 6 then 1 else 0 end) as detractors,
       sum(case when s > 6 and s < 9 then 1 else 0 end) as passives,
       sum(case when s >= 9 then 1 else 0 end) as promoters,
       sum(case when s is null then 1 else 0 end) as missing,
       sum(case when s < 0 or s > 10 then 1 else 0 end) as invalid
from {source} group by g
"""


def _write(path: Path) -> None:
    import polars as pl

    rng = np.random.default_rng(0)
    scores = pl.Series("s", rng.integers(0, 11, ROWS, dtype=np.int8))
    scores = scores.scatter(rng.choice(ROWS, ROWS // 100, replace=False), None)
    pl.DataFrame({"s": scores, "g": rng.integers(0, GROUPS, ROWS, dtype=np.int32)}).write_parquet(path)


def _polars_by_hand(path: Path) -> object:
    import polars as pl

    s = pl.col("s")  # an integer column: no NaN, no fractions
    return (
        pl.scan_parquet(path)
        .group_by("g")
        .agg(
            (s <= 6).sum(),
            ((s > 6) & (s < 9)).sum().alias("passives"),
            (s >= 9).sum().alias("promoters"),
            s.is_null().sum().alias("missing"),
            ((s < 0) | (s > 10)).sum().alias("invalid"),
        )
        .collect()
    )


def main() -> None:
    import duckdb
    import polars as pl

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "responses.parquet"
        _write(path)
        lazy = pl.scan_parquet(path)
        ours = best_time(lambda: nps.GroupedCounts.from_frame(lazy, "s", by="g"), repeat=3)
        hand = best_time(lambda: _polars_by_hand(path), repeat=3)
        print(f"polars LazyFrame, {ROWS:,} rows, {GROUPS:,} groups")
        print(
            f"  from_frame {ours:.3f} s, hand-written group_by().agg() {hand:.3f} s, ratio {ours / hand:.2f}"
        )

        connection = duckdb.connect()
        relation = connection.sql(f"select * from read_parquet('{path}')")
        ours = best_time(lambda: nps.GroupedCounts.from_frame(relation, "s", by="g"), repeat=3)
        query = SQL.format(source=f"read_parquet('{path}')")
        hand = best_time(lambda: connection.sql(query).fetchall(), repeat=3)
        print("DuckDB relation over the same parquet")
        print(f"  from_frame {ours:.3f} s, hand-written SQL {hand:.3f} s, ratio {ours / hand:.2f}")


if __name__ == "__main__":
    main()
