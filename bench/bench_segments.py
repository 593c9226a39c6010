"""Grouped counting speed: 10 million responses in 1,000 segments.

Run: ``python bench/bench_segments.py``. Prints, for integer segment codes,
``GroupedCounts.from_scores`` (raw 0-10 scores in, validated) against the
floor ``np.bincount(code * 3 + category)`` (categories already computed, no
validation) and against the pandas idiom ``df.groupby(seg)[cat].mean()``;
then for string labels: the same pandas ``str`` column given to both (with
pyarrow installed pandas stores it as Arrow, and netpromoter encodes it with
Arrow's hash dictionary encoding), and a numpy str array for netpromoter
(vectorised 64-bit hashing). Goals: <= 2x the floor, <= 0.5x pandas
with integer codes; <= 1x pandas with strings. Also the full ``segments()``
report (inference over the 1,000 groups) once the counts exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps

N, K = 10_000_000, 1_000


def main() -> None:
    import pandas as pd

    rng = np.random.default_rng(0)
    scores = rng.integers(0, 11, size=N).astype(np.int8)
    code = rng.integers(0, K, size=N)
    category = nps.categorize(scores).astype(np.int64) + 1
    floor = best_time(lambda: np.bincount(code * 3 + category, minlength=3 * K), repeat=5)
    ours = best_time(lambda: nps.GroupedCounts.from_scores(scores, code), repeat=5)
    frame = pd.DataFrame({"seg": code, "cat": category - 1})
    pandas_int = best_time(lambda: frame.groupby("seg")["cat"].mean(), repeat=5)
    print(f"{N:,} responses, {K:,} integer segments")
    print(f"  floor np.bincount(code*3+category)  {1000 * floor:8.1f} ms")
    print(f"  GroupedCounts.from_scores           {1000 * ours:8.1f} ms", end="")
    print(f"  ratio to floor {ours / floor:.2f} (goal <= 2)")
    print(f"  pandas groupby(seg)[cat].mean()     {1000 * pandas_int:8.1f} ms", end="")
    print(f"  ours / pandas {ours / pandas_int:.2f} (goal <= 0.5)")

    names = np.array([f"segment-{i:04d}" for i in range(K)])
    labels = pd.Series(names[code], dtype="str")  # the same strings for both libraries
    frame_str = pd.DataFrame({"seg": labels, "cat": category - 1})
    ours_str = best_time(lambda: nps.GroupedCounts.from_scores(scores, labels), repeat=3)
    pandas_str = best_time(lambda: frame_str.groupby("seg")["cat"].mean(), repeat=3)
    storage = getattr(labels.dtype, "storage", "numpy")
    print(f"\n{N:,} responses, {K:,} string segments (one pandas str column, storage {storage})")
    print(f"  GroupedCounts.from_scores           {1000 * ours_str:8.1f} ms")
    print(f"  pandas groupby(seg)[cat].mean()     {1000 * pandas_str:8.1f} ms", end="")
    print(f"  ours / pandas {ours_str / pandas_str:.2f} (goal <= 1)")
    plain = names[code]
    ours_numpy = best_time(lambda: nps.GroupedCounts.from_scores(scores, plain), repeat=3)
    print(f"  (from a numpy str array instead: {1000 * ours_numpy:.1f} ms; np.unique alone takes ~6 s)")

    grouped = nps.GroupedCounts.from_scores(scores, code)
    report = best_time(lambda: nps.segments(grouped), repeat=3)
    print(
        f"\nsegments() on those GroupedCounts (1,000 intervals, tests, Holm, omnibus): {1000 * report:.0f} ms"
    )


if __name__ == "__main__":
    main()
