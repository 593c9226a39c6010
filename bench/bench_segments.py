"""Segment and trend reports at volume: every ratio against floors timed in the same run.

Run: ``python bench/bench_segments.py`` (about two minutes; polars is optional,
for the trend comparison). Each line is the best of a few runs. The goals
(issue 18) are ratios, so a loaded machine moves both sides:

- 10M responses in 1,000 integer segments: the full report (``segments()``
  from raw 0-10 scores: validation, counting, default intervals, score
  tests, Holm, omnibus) within 2x the counting floor ``np.bincount(code * 3 +
  category)`` (categories precomputed, nothing validated) and within 0.5x a
  pandas ``df.groupby(seg)[cat].mean()``; with numpy string labels within
  1x pandas grouping the same strings;
- 100,000 segments: the report within 3 s of the counting
  (``GroupedCounts.from_scores``);
- 1,000,000 segments with ``method="wald"``: the report within 2 s;
- ``trend`` weekly on 10M dated responses within 2x polars ``group_by`` of
  the same per-week NPS (and with ``respondents=``, 1.5x polars keeping each
  person's latest answer per week).

``GroupedCounts.from_scores`` against the floor and pandas is printed too.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps

N = 10_000_000


def _once(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _line(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<46}{1000 * seconds:9.1f} ms  {note}")


def _parts(grouped: nps.GroupedCounts) -> None:
    """Where the report's time goes: the exact Dirichlet intervals (default method) apart."""
    from netpromoter._stats._intervals import interval_arrays

    exact = best_time(
        lambda: interval_arrays(grouped.sums, grouped.squares, method="adjusted-bayes", confidence=0.95),
        repeat=2,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nps.SmallSampleWarning)
        on_counts = best_time(lambda: nps.segments(grouped), repeat=2)
    _line("  of which the exact Dirichlet intervals", exact)
    _line("  the rest (score tests, Holm, omnibus, report)", max(on_counts - exact, 0.0))


def segments_1000(rng: np.random.Generator, scores: np.ndarray) -> None:
    import pandas as pd

    k = 1_000
    code = rng.integers(0, k, size=N)
    category = nps.categorize(scores).astype(np.int64) + 1
    floor = best_time(lambda: np.bincount(code * 3 + category, minlength=3 * k), repeat=5)
    counting = best_time(lambda: nps.GroupedCounts.from_scores(scores, code), repeat=5)
    report = best_time(lambda: nps.segments(scores, code), repeat=3)
    frame = pd.DataFrame({"seg": code, "cat": category - 1})
    pandas_int = best_time(lambda: frame.groupby("seg")["cat"].mean(), repeat=5)
    print(f"{N:,} responses, {k:,} integer segments, default method")
    _line("floor np.bincount(code*3+category)", floor)
    _line("pandas groupby(seg)[cat].mean()", pandas_int)
    _line("GroupedCounts.from_scores", counting, f"{counting / floor:.2f}x floor")
    _line("segments(scores, code): full report", report, f"{report / floor:.2f}x floor (goal <= 2)")
    print(f"  {'':<46}{'':>12}  {report / pandas_int:.2f}x pandas (goal <= 0.5)")
    _parts(nps.GroupedCounts.from_scores(scores, code))

    names = np.array([f"segment-{i:04d}" for i in range(k)])
    plain = names[code]
    frame_str = pd.DataFrame({"seg": pd.Series(plain, dtype="str"), "cat": category - 1})
    pandas_str = best_time(lambda: frame_str.groupby("seg")["cat"].mean(), repeat=3)
    report_str = best_time(lambda: nps.segments(scores, plain), repeat=3)
    print(f"\n{N:,} responses, {k:,} numpy string labels")
    _line("pandas groupby(seg)[cat].mean() (str column)", pandas_str)
    _line(
        "segments(scores, labels): full report",
        report_str,
        f"{report_str / pandas_str:.2f}x pandas (goal <= 1)",
    )


def segments_many(rng: np.random.Generator, scores: np.ndarray) -> None:
    k = 100_000
    code = rng.integers(0, k, size=N)
    counting = best_time(lambda: nps.GroupedCounts.from_scores(scores, code), repeat=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nps.SmallSampleWarning)
        report = best_time(lambda: nps.segments(scores, code), repeat=2)
        grouped = nps.GroupedCounts.from_scores(scores, code)
        built = nps.segments(grouped)
    frame = best_time(built.to_frame, repeat=2)
    print(f"\n{N:,} responses, {k:,} segments (about 100 responses each), default method")
    _line("GroupedCounts.from_scores (the counting)", counting)
    _line(
        "segments(scores, code): full report",
        report,
        f"{report - counting:.2f} s beyond counting (goal <= 3)",
    )
    _parts(grouped)
    _line("report.to_frame() (from the arrays)", frame)

    k = 1_000_000
    code = rng.integers(0, k, size=N)
    grouped = nps.GroupedCounts.from_scores(scores, code)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nps.SmallSampleWarning)
        wald = best_time(lambda: nps.segments(grouped, method="wald"), repeat=2)
    print(f"\n{k:,} segments (about 10 responses each), counts given")
    _line('segments(grouped, method="wald")', wald, "(goal <= 2000 ms)")


def trend_weekly(rng: np.random.Generator, scores: np.ndarray) -> None:
    start = np.datetime64("2024-01-01T00:00:00", "us")
    dates = start + rng.integers(0, 730 * 86_400, size=N).astype("timedelta64[s]").astype("m8[us]")
    people = rng.integers(0, N // 4, size=N)
    ours = best_time(lambda: nps.trend(scores, dates, freq="W"), repeat=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nps.EmptyDataWarning)
        repeat = best_time(lambda: nps.trend(scores, dates, freq="W", respondents=people), repeat=2)
    print(f"\n{N:,} dated responses over two years, weekly")
    _line("trend(scores, dates, freq='W')", ours)
    _line("trend(..., respondents=people)", repeat)
    try:
        import polars as pl
    except ImportError:
        print("  (install polars to compare with its group_by)")
        return
    frame = pl.DataFrame({"date": dates, "score": scores, "person": people})
    value = (pl.col("score") >= 9).cast(pl.Int8) - (pl.col("score") <= 6).cast(pl.Int8)
    week = pl.col("date").dt.truncate("1w")

    def weekly() -> object:
        return frame.group_by(week.alias("week")).agg(value.mean())

    def latest() -> object:
        last = frame.sort("date").group_by([week.alias("week"), "person"]).agg(pl.col("score").last())
        return last.group_by("week").agg(
            ((pl.col("score") >= 9).cast(pl.Int8) - (pl.col("score") <= 6).cast(pl.Int8)).mean()
        )

    polars_weekly = best_time(weekly, repeat=3)
    polars_latest = best_time(latest, repeat=2)
    _line("polars group_by(week) mean", polars_weekly, f"ours {ours / polars_weekly:.2f}x (goal <= 2)")
    _line(
        "polars latest answer per person and week",
        polars_latest,
        f"ours {repeat / polars_latest:.2f}x (goal <= 1.5)",
    )


def main() -> None:
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 11, size=N).astype(np.int8)
    nps.segments(scores[:1000], rng.integers(0, 3, 1000))  # imports and first-call costs out of the timings
    print(f"(one warm-up: {_once(lambda: nps.trend(scores[:1000], np.arange(1000) % 7)):.2f} s)\n")
    segments_1000(rng, scores)
    segments_many(rng, scores)
    trend_weekly(rng, scores)


if __name__ == "__main__":
    main()
