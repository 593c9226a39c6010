"""The default interval's cost: one sample against nps(), many segments against counting.

Run: ``python bench/bench_intervals.py``. Every ratio is to a floor measured
in the same run, so it does not depend on the machine:

1. ``score()`` (default ``"adjusted-bayes"``, its exact Dirichlet quantiles)
   on 10,000 responses against ``nps()`` on the same responses (goal: a few
   times; ``score(method="wald")`` shown for the cost of the rest of score());
2. the default interval for every segment of 10 million responses, against
   the counting floor ``np.bincount(code * 3 + category)`` (1,000 responses a
   segment at 10,000 segments, 100 at 100,000), and the full ``segments()``
   report at 10,000 segments.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps
from netpromoter._stats._intervals import DEFAULT_METHOD, interval_arrays

N = 10_000_000


def line(label: str, seconds: float, floor: float, *, unit: float = 1e3, floor_name: str = "floor") -> None:
    """One timing, in ms (or us with unit=1e6), with its ratio to the floor."""
    suffix = "ms" if unit == 1e3 else "us"
    print(f"  {label:<40}{unit * seconds:9.1f} {suffix}  ratio to {floor_name} {seconds / floor:6.2f}")


def one_sample() -> None:
    x = np.random.default_rng(0).integers(0, 11, size=10_000)
    nps.score(x)  # imports scipy.special once
    floor = best_time(lambda: nps.nps(x), repeat=200)
    print("10,000 responses")
    print(f"  {'nps()':<40}{1e6 * floor:9.1f} us")
    for label, method in (
        ("score(method='wald')", "wald"),
        (f"score(), default {DEFAULT_METHOD}", DEFAULT_METHOD),
    ):
        seconds = best_time(lambda method=method: nps.score(x, method=method), repeat=200)
        line(label, seconds, floor, unit=1e6, floor_name="nps()")


def many_segments(k: int, *, report: bool) -> None:
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 11, size=N).astype(np.int8)
    code = rng.integers(0, k, size=N)
    category = nps.categorize(scores).astype(np.int64) + 1
    floor = best_time(lambda: np.bincount(code * 3 + category, minlength=3 * k), repeat=3)
    grouped = nps.GroupedCounts.from_scores(scores, code)
    sums, squares = grouped.sums, grouped.squares
    print(f"\n{N:,} responses, {k:,} segments ({N // k:,} responses each)")
    print(f"  {'floor np.bincount(code*3+category)':<40}{1000 * floor:9.1f} ms")
    for method in ("wald", DEFAULT_METHOD):
        seconds = best_time(
            lambda m=method: interval_arrays(sums, squares, method=m, confidence=0.95), repeat=3
        )
        line(f"{method} intervals", seconds, floor)
    if report:
        line("segments() full report, default", best_time(lambda: nps.segments(grouped), repeat=2), floor)


def main() -> None:
    one_sample()
    many_segments(10_000, report=True)
    many_segments(100_000, report=False)


if __name__ == "__main__":
    main()
