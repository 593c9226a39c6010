"""Prioritisation speed: 1,000,000 responses, 50 themes, 0-3 themes each.

Run: ``python bench/bench_prioritize.py`` (needs polars and pyarrow). For each
form users hold themes in (Python lists of lists, an Arrow ``list<string>``
column, comma-joined strings), prints the time of ``nps.prioritize`` and of
two polars queries from the same input:

- "same counting" (the goal's baseline): what prioritize counts, each response
  once per theme it cites, in each category: ``df.with_row_index("row")
  .with_columns(category=...).explode("themes").drop_nulls("themes")
  .unique(["row", "themes"]).group_by(["themes", "category"]).len()``;
- "detractor mentions" (less work, shown for reference):
  ``df.filter(score <= 6).explode("themes").group_by("themes").len()``, which
  counts a theme repeated in one response twice and ignores the other
  categories (the impact needs them).

What is timed, like with like: both start from the same Python or Arrow
object and a numpy array of scores, so converting the input is part of the
work on both sides (building the polars frame from Arrow costs no copy; from
Python lists it is most of polars' time). ``nps.prioritize`` also does more
than the count: it drops a theme cited twice by one response, counts every
category (passives and promoters too, for the impact), computes the Wilson
and adjusted-Wald intervals and lists every set of themes detractors cite
together. "counting alone" is polars on a frame already built. The two run
in interleaved rounds; wall and CPU time (best of the rounds; CPU time adds
up polars' threads) are both printed, with their ratios. Goal: netpromoter
within 1.0x of polars doing the same counting on the same input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import race

import netpromoter as nps

N, K = 1_000_000, 50


def data() -> tuple[list[list[str]], np.ndarray, list[str]]:
    """Lists of 0-3 theme names per response (a theme may repeat in a list) and scores 0-10."""
    rng = np.random.default_rng(0)
    names = [f"theme {i:02d}" for i in range(K)]
    counts = rng.integers(0, 4, size=N)  # 0-3 themes per response
    ends = np.cumsum(counts)
    codes = rng.integers(0, K, size=int(ends[-1]))
    flat = [names[c] for c in codes.tolist()]
    starts = np.concatenate(([0], ends[:-1])).tolist()
    lists = [flat[a:b] for a, b in zip(starts, ends.tolist(), strict=True)]
    scores = rng.integers(0, 11, size=N)
    return lists, scores, names


def _ms(times: tuple[float, float]) -> str:
    return f"wall {1000 * times[0]:7.1f} ms, CPU {1000 * times[1]:7.1f} ms"


def main() -> None:
    import polars as pl
    import pyarrow as pa

    lists, scores, _ = data()
    arrow = pa.array(lists, type=pa.list_(pa.string()))
    joined = [", ".join(themes) for themes in lists]

    def polars_count(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("score") <= 6).explode("themes").group_by("themes").len()

    def polars_same(frame: pl.DataFrame) -> pl.DataFrame:
        category = pl.when(pl.col("score") <= 6).then(0).when(pl.col("score") <= 8).then(1).otherwise(2)
        return (
            frame.with_row_index("row")
            .with_columns(category=category)
            .explode("themes")
            .drop_nulls("themes")
            .unique(["row", "themes"])
            .group_by(["themes", "category"])
            .len()
        )

    def polars_from(themes: object, split: bool = False, query: object = polars_same) -> pl.DataFrame:
        column = pl.Series("themes", themes)
        if split:
            column = column.str.split(", ")
        return query(pl.DataFrame({"themes": column, "score": scores}))  # type: ignore[operator, no-any-return]

    built = pl.DataFrame({"themes": pl.from_arrow(arrow), "score": scores})
    counting = race({"counting": lambda: polars_count(built)})["counting"]
    print(f"{N:,} responses, {K} themes, 0-3 each ({sum(map(len, lists)):,} mentions)")
    print(f"  polars counting alone (frame already built)  {_ms(counting)}")
    cases = [
        ("Python lists", lambda: nps.prioritize(lists, scores=scores), lambda: polars_from(lists), 2),
        ("Arrow list<string>", lambda: nps.prioritize(arrow, scores=scores), lambda: polars_from(arrow), 5),
        (
            "joined strings, sep=','",
            lambda: nps.prioritize(joined, scores=scores, sep=","),
            lambda: polars_from(joined, split=True),
            3,
        ),
    ]
    for label, ours_call, polars_call, rounds in cases:
        source = {"Python lists": lists, "Arrow list<string>": arrow}.get(label, joined)
        split = source is joined

        def mentions(source: object = source, split: bool = split) -> object:
            return polars_from(source, split, polars_count)

        times = race({"ours": ours_call, "polars": polars_call, "mentions": mentions}, repeat=rounds)
        ours, theirs, less = times["ours"], times["polars"], times["mentions"]
        print(f"  {label}")
        print(f"    nps.prioritize                             {_ms(ours)}")
        print(f"    polars, same counting, same input          {_ms(theirs)}")
        print(f"    polars, detractor mentions only            {_ms(less)}")
        print(
            f"    ours / same counting: wall {ours[0] / theirs[0]:.2f}, CPU {ours[1] / theirs[1]:.2f} "
            f"(goal <= 1.0); / detractor mentions: wall {ours[0] / less[0]:.2f}, CPU {ours[1] / less[1]:.2f}"
        )


if __name__ == "__main__":
    main()
