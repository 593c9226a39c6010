"""Every keyword option of every public function: a bad value gets our own error, naming it.

``CASES`` is the specification: for each public callable and each of its
keyword options, one or more bad values and the error they raise. The error
must be one of ours, and its message must name the option and show the value
(``repr``), unless a case lists the fragments its message must contain instead
(data given by keyword, such as ``weights``, is named with its position).
``test_every_keyword_option_has_a_bad_value_case`` reads the signatures, so an
option added later without a case here fails the suite.
"""

from __future__ import annotations

import inspect
import math
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from types import FunctionType
from typing import Any, get_args

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter import dask as nps_dask
from netpromoter import plot
from netpromoter.typing import (
    Alternative,
    Attribution,
    BootstrapKind,
    CompareAlternative,
    ControlChart,
    Correction,
    Frequency,
    MeanMethod,
    Method,
    MissingGroups,
    MissingPolicy,
    NPSMethod,
    Order,
    PairedMethod,
    Reference,
    ShareMethod,
)

Call = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]

SCORES = [10, 9, 3, 7, 10, 0]
GROUPS = ["a", "a", "b", "b", "a", "b"]
PERIODS = [1, 1, 2, 2, 3, 3]
THEMES = [["price"], None, ["bugs", "price"], ["bugs"], None, "bugs"]
FIX = {"price": 0.2, "bugs": 0.6}
COMMENTS = ["great app", None, "too slow, too pricey", "slow", "love it", "bugs"]
_DRIVER_RNG = np.random.default_rng(12)
RATINGS = {"app": _DRIVER_RNG.integers(1, 6, 40), "support": _DRIVER_RNG.integers(1, 6, 40)}
OUTCOME = np.clip(RATINGS["app"] + RATINGS["support"] + _DRIVER_RNG.integers(-2, 3, 40), 0, 10)
BEFORE = nps.GroupedCounts.from_table(["web", "app"], [100, 90], [100, 90], [300, 120])
AFTER = nps.GroupedCounts.from_table(["web", "app"], [140, 50], [175, 76], [385, 74])


@cache
def _frame() -> Any:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    local = pd.DataFrame({"score": SCORES, "region": GROUPS, "period": PERIODS, "w": [1.0] * 6})
    return dd.from_pandas(local, npartitions=2)


@cache
def _table() -> Any:
    pd = pytest.importorskip("pandas")
    return pd.DataFrame({"score": SCORES, "region": GROUPS, "period": PERIODS, "w": [1.0] * 6})


@cache
def _drivers() -> nps.DriverTable:
    return nps.drivers(OUTCOME, RATINGS)


def _dominance() -> nps.Dominance:
    dominance = _drivers().dominance
    assert dominance is not None  # shapley computes it
    return dominance


def _monitor() -> nps.Monitor:
    return nps.Monitor(nps.Counts(200, 300, 500))


@cache
def _axes_free_plots() -> None:
    pytest.importorskip("matplotlib").use("Agg")


def _plot(function: Callable[..., Any], report: Callable[[], Any]) -> Callable[[], Call]:
    def build() -> Call:
        _axes_free_plots()
        return function, (report(),), {}

    return build


# A call that succeeds, for each public callable; each case changes one option of it.
BASE: dict[str, Callable[[], Call]] = {
    "nps": lambda: (nps.nps, (SCORES,), {}),
    "score": lambda: (nps.score, (SCORES,), {}),
    "categorize": lambda: (nps.categorize, (SCORES,), {}),
    "Counts": lambda: (nps.Counts, (1, 2, 3), {}),
    "Counts.from_scores": lambda: (nps.Counts.from_scores, (SCORES,), {}),
    "GroupedCounts.from_scores": lambda: (nps.GroupedCounts.from_scores, (SCORES, GROUPS), {}),
    "GroupedCounts.from_table": lambda: (
        nps.GroupedCounts.from_table,
        (["eu", "us"], [1, 2], [3, 4], [5, 6]),
        {},
    ),
    "Counts.from_frame": lambda: (nps.Counts.from_frame, (_table(), "score"), {}),
    "GroupedCounts.from_frame": lambda: (nps.GroupedCounts.from_frame, (_table(), "score"), {"by": "region"}),
    "Scale": lambda: (nps.Scale, (), {}),
    "Metric.share": lambda: (nps.Metric.share, (1, 5), {"top": (4, 5)}),
    "Metric.net": lambda: (nps.Metric.net, (1, 5), {"top": (4, 5), "bottom": (1, 2)}),
    "Metric.mean": lambda: (nps.Metric.mean, (1, 5), {}),
    "RatingCounts": lambda: (nps.RatingCounts, (1, 5, [1, 2, 3, 4, 5]), {}),
    "RatingCounts.from_scores": lambda: (nps.RatingCounts.from_scores, (SCORES,), {}),
    "crosstab": lambda: (nps.crosstab, (SCORES, [1, 2, 3, 4, 5, 5]), {}),
    "scorecard": lambda: (nps.scorecard, ({nps.NPS: SCORES, nps.CSAT: [1, 2, 3, 4, 5, 5]},), {"by": GROUPS}),
    "compare": lambda: (nps.compare, (SCORES,), {"b": SCORES[::-1]}),
    "segments": lambda: (nps.segments, (SCORES,), {"groups": GROUPS, "min_n": 0}),
    "trend": lambda: (nps.trend, (SCORES,), {"periods": PERIODS}),
    "prioritize": lambda: (nps.prioritize, (THEMES,), {"fixability": FIX, "scores": SCORES}),
    "pairs": lambda: (nps.pairs, (SCORES, ["a", "b", "a", "b", "c", "c"], [1, 1, 2, 2, 1, 3]), {"cutoff": 2}),
    "transitions": lambda: (nps.transitions, (SCORES, SCORES[::-1]), {}),
    "fixability_from_effort": lambda: (nps.fixability_from_effort, ({"docs": 0, "billing": 30},), {}),
    "margin_of_error": lambda: (nps.margin_of_error, (400,), {}),
    "sample_size": lambda: (nps.sample_size, (5,), {}),
    "sample_size_per_group": lambda: (nps.sample_size_per_group, (10,), {}),
    "power": lambda: (nps.power, (10, 400), {}),
    "exact_coverage": lambda: (nps.exact_coverage, (10, 0.4, 0.2), {"method": "wald"}),
    "dask.counts": lambda: (nps_dask.counts, (_frame(), "score"), {}),
    "dask.grouped_counts": lambda: (nps_dask.grouped_counts, (_frame(), "score", "region"), {}),
    "dask.period_counts": lambda: (nps_dask.period_counts, (_frame(), "score", "period"), {}),
    "dask.segments": lambda: (nps_dask.segments, (_frame(), "score", "region"), {"min_n": 0}),
    "dask.trend": lambda: (nps_dask.trend, (_frame(), "score", "period"), {}),
    "drivers": lambda: (nps.drivers, (OUTCOME, RATINGS), {}),
    "DriverTable.quadrant": lambda: (_drivers().quadrant, (), {}),
    "Dominance.dominates": lambda: (_dominance().dominates, ("app", "support"), {}),
    "Dominance.to_frame": lambda: (_dominance().to_frame, (), {}),
    "decompose": lambda: (nps.decompose, (BEFORE, AFTER), {}),
    "theme_contributions": lambda: (nps.theme_contributions, (THEMES, SCORES), {}),
    "distinctive_terms": lambda: (nps.distinctive_terms, (COMMENTS,), {"scores": SCORES}),
    "TermTable.top": lambda: (nps.distinctive_terms(COMMENTS, scores=SCORES).top, (), {}),
    "TermTable.bottom": lambda: (nps.distinctive_terms(COMMENTS, scores=SCORES).bottom, (), {}),
    "Monitor": lambda: (nps.Monitor, (nps.Counts(200, 300, 500),), {}),
    "Monitor.update": lambda: (_monitor().update, ([10, 3],), {}),
    "Monitor.check": lambda: (_monitor().check, (nps.Counts(30, 30, 40),), {}),
    "plot.distribution": _plot(plot.distribution, lambda: SCORES),
    "plot.decomposition": _plot(plot.decomposition, lambda: nps.decompose(BEFORE, AFTER)),
    "plot.drivers": _plot(plot.drivers, _drivers),
    "plot.segments": _plot(plot.segments, lambda: nps.segments(SCORES, GROUPS, min_n=0)),
    "plot.trend": _plot(plot.trend, lambda: nps.trend(SCORES, PERIODS)),
    "plot.priorities": _plot(plot.priorities, lambda: nps.prioritize(THEMES, fixability=FIX)),
}

Option = nps.InvalidOptionError
OptionType = nps.InvalidOptionTypeError


@dataclass(frozen=True)
class Case:
    target: str
    option: str
    bad: Any
    error: type[Exception]
    mentions: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.target}-{self.option}={self.bad!r}"[:90]


def scale_and_missing(target: str) -> list[Case]:
    return [
        Case(target, "scale", "0-10", OptionType),
        Case(target, "scale", 10, OptionType),
        Case(target, "missing", "drop", Option),
        Case(target, "missing", None, Option),
    ]


def confidence(target: str) -> list[Case]:
    return [
        Case(target, "confidence", 1.5, Option),
        Case(target, "confidence", 0, Option),
        Case(target, "confidence", 95, Option),
        Case(target, "confidence", math.nan, Option),
        Case(target, "confidence", 1 - 1e-16, Option),  # rounds 0.5 + c/2 to 1: infinite quantile
        Case(target, "confidence", 1e-300, Option),  # rounds 2c - 1, the one-sided level, to -1
        Case(target, "confidence", "0.95", OptionType),
        Case(target, "confidence", True, OptionType),
    ]


def randomness(target: str) -> list[Case]:
    return [
        Case(target, "rng", "seed", OptionType),
        Case(target, "rng", 1.5, OptionType),
        Case(target, "rng", -1, Option),
        Case(target, "resamples", 10, Option),
        Case(target, "resamples", 1000.0, OptionType),
        Case(target, "resamples", "many", OptionType),
    ]


def prior(target: str) -> list[Case]:
    return [
        Case(target, "prior", (1, 1), Option),
        Case(target, "prior", (0.5, -1, 0.5), Option),
        Case(target, "prior", (0.5, math.inf, 0.5), Option),
        Case(target, "prior", 0.5, OptionType),
        Case(target, "prior", "abc", OptionType),
        Case(target, "prior", ("1", "1", "1"), OptionType),
    ]


def methods(target: str) -> list[Case]:
    return [Case(target, "method", "wilson", Option), Case(target, "method", 3, Option)]


def segment_options(target: str) -> list[Case]:
    return [
        Case(target, "reference", "nowhere", Option),
        Case(target, "reference", ["a"], OptionType),
        Case(target, "correction", "sidak", Option),
        Case(target, "correction", True, Option),
        Case(target, "min_n", "30", OptionType),
        Case(target, "min_n", -1, Option),
        Case(target, "min_n", math.inf, Option),
        Case(target, "order", "size", Option),
        Case(target, "missing_groups", "drop", Option),
        *margin(target),
        *methods(target),
        *confidence(target),
        *randomness(target),
    ]


def trend_options(target: str) -> list[Case]:
    return [
        Case(target, "freq", "fortnight", Option),
        Case(target, "freq", 7, Option),
        Case(target, "window", 0, Option),
        Case(target, "window", 2.0, OptionType),
        Case(target, "window", "2", OptionType),
        Case(target, "control_limit", -1, Option),
        Case(target, "control_limit", math.inf, Option),
        Case(target, "control_limit", "3", OptionType),
        Case(target, "baseline", 500, Option),  # as compare(benchmark=500)
        Case(target, "baseline", math.nan, Option),
        Case(target, "baseline", "x", OptionType),
        Case(target, "cusum_k", -0.5, Option),
        Case(target, "cusum_k", None, OptionType),
        Case(target, "cusum_h", "5", OptionType),
        Case(target, "cusum_h", -5, Option),
        Case(target, "control", "xbar", Option),
        Case(target, "control", None, Option),
        *margin(target),
        *methods(target),
        *confidence(target),
        *randomness(target),
    ]


def margin(target: str) -> list[Case]:
    return [
        Case(target, "margin", -1, Option),  # a smallest difference that matters is >= 0
        Case(target, "margin", math.inf, Option),
        Case(target, "margin", "3", OptionType),
    ]


def expected(target: str, name: str = "expected") -> list[Case]:
    return [
        Case(target, name, (0.7, 0.5), Option),
        Case(target, name, (1.5, 0), Option),
        Case(target, name, "high", OptionType),
        Case(target, name, (0.3,), OptionType),
        Case(target, name, nps.Counts(0, 0, 0), Option),
    ]


def alternative(target: str) -> list[Case]:
    return [Case(target, "alternative", "both", Option), Case(target, "alternative", None, Option)]


def weights(target: str, name: str = "weights", n: int = 6) -> list[Case]:
    return [
        Case(target, name, [1, -1] + [1] * (n - 2), nps.InvalidWeightError, ("weight -1 at position 1",)),
        Case(target, name, [1, 2], nps.LengthMismatchError, (name, f"have {n}", "have 2")),
    ]


def clusters(target: str) -> list[Case]:
    return [
        Case(target, "clusters", ["a", "b"], nps.LengthMismatchError, ("clusters have 2",)),
        Case(target, "clusters", 5, nps.InvalidTypeError, ("clusters", "cluster id", "5")),
    ]


def design(target: str) -> list[Case]:
    return [
        Case(target, "design_effect", 0.5, Option),  # a design effect is at least 1
        Case(target, "design_effect", math.inf, Option),
        Case(target, "design_effect", "1.2", OptionType),
        Case(target, "population", 1, Option),  # the correction (N - n) / (N - 1) needs N > 1
        Case(target, "population", "1000", OptionType),
    ]


def quadrant(target: str) -> list[Case]:
    return [
        Case(target, "performance", "median", Option),
        Case(target, "performance", None, Option),
        Case(target, "cut", "mode", Option),
    ]


def axes(target: str) -> list[Case]:
    return [Case(target, "ax", "x", OptionType), Case(target, "ax", 1, OptionType)]


def column(target: str, name: str) -> list[Case]:
    return [Case(target, name, "nope", Option), Case(target, name, 3, OptionType)]


def metric(target: str) -> list[Case]:
    return [
        Case(target, "metric", "CSAT", OptionType),
        Case(target, "metric", nps.STANDARD, OptionType),
        Case(target, "metric", None, OptionType),
    ]


Scale = nps.InvalidScaleError
CountsError = nps.InvalidCountsError

CASES: list[Case] = [
    *metric("score"),
    *metric("compare"),
    *metric("segments"),
    *metric("trend"),
    Case("segments", "reference", 120.0, Option, ("reference",), extra={"metric": nps.CSAT}),
    Case("trend", "baseline", -5, Option, ("baseline",), extra={"metric": nps.CSAT}),
    Case("trend", "scale", nps.ONE_TO_TEN, Option, ("scale",), extra={"metric": nps.CES}),
    *metric("RatingCounts.from_scores"),
    *metric("crosstab"),
    *weights("crosstab"),
    Case("crosstab", "other_metric", None, OptionType),
    Case("crosstab", "missing", "drop", Option),
    *weights("scorecard"),
    *confidence("scorecard"),
    Case("scorecard", "missing", "drop", Option),
    Case("scorecard", "by", ["a", "b"], nps.LengthMismatchError, ("groups have 2",)),
    Case("scorecard", "periods", PERIODS, Option, ("not both",)),
    Case("scorecard", "freq", "M", Option, ("freq",)),
    Case("score", "scale", nps.ONE_TO_TEN, Option, ("scale",), extra={"metric": nps.CSAT}),
    Case("compare", "benchmark", 120, Option, ("benchmark",), extra={"metric": nps.CSAT}),
    Case("compare", "benchmark", 7, Option, ("benchmark",), extra={"metric": nps.Metric.mean(1, 5)}),
    Case("Metric.share", "top", (3, 5), Scale, ("gap",)),
    Case("Metric.share", "top", (4, 6), Scale, ("outside",)),
    Case("Metric.share", "top", (3, 4), Scale, ("reach the top",)),
    Case("Metric.share", "top", "45", Scale),
    Case("Metric.share", "top", (1, 2, 3, 4, 5), Scale, ("whole",)),
    Case("Metric.share", "name", "", Scale),
    Case("Metric.share", "name", 5, Scale),
    Case("Metric.net", "top", (4, 4, 5), Scale, ("twice",)),
    Case("Metric.net", "bottom", (1, 2, 3, 4), Scale, ("overlap",)),
    Case("Metric.net", "bottom", (2, 3), Scale, ("start",)),
    Case("Metric.net", "bottom", (), Scale, ("bottom box",)),
    Case("Metric.net", "name", None, Scale),
    Case("Metric.mean", "name", ["x"], Scale),
    Case("RatingCounts", "squared_weights", [1, 2], CountsError),
    Case("RatingCounts", "squared_weights", [2, 2, 3, 4, 5], CountsError, extra={"n": 15}),
    Case("RatingCounts", "n", 3, CountsError),
    Case("RatingCounts", "missing", -1, CountsError),
    Case("RatingCounts", "cross_products", [[1]], CountsError, extra={"clusters": 2}),
    Case("RatingCounts", "clusters", 3, CountsError),
    *weights("RatingCounts.from_scores"),
    *clusters("RatingCounts.from_scores"),
    Case("RatingCounts.from_scores", "missing", "drop", Option),
    *weights("nps"),
    *scale_and_missing("nps"),
    *weights("score"),
    *clusters("score"),
    *scale_and_missing("score"),
    *confidence("score"),
    *methods("score"),
    *randomness("score"),
    *prior("score"),
    Case("score", "bootstrap", "basic", Option),
    *scale_and_missing("categorize"),
    Case("Counts", "missing", -1, nps.InvalidCountsError),
    Case("Counts", "missing", "x", nps.InvalidCountsError),
    Case("Counts", "missing", 0.5, nps.InvalidCountsError),
    Case("Counts", "squared_weights", (1, 2), nps.InvalidCountsError),
    Case("Counts", "squared_weights", 5, nps.InvalidCountsError),
    Case("Counts", "squared_weights", (1, -2, 3), nps.InvalidCountsError, ("squared_weights", "-2")),
    Case("Counts", "n", 7, nps.InvalidCountsError),
    Case("Counts", "n", "6", nps.InvalidCountsError),
    Case("Counts", "cross_products", [[1, 0], [0, 1]], nps.InvalidCountsError, extra={"clusters": 2}),
    Case(
        "Counts",
        "cross_products",
        [[9, 0, 0], [0, 2, 0], [0, 0, 3]],
        nps.InvalidCountsError,
        extra={"clusters": 2},
    ),
    Case("Counts", "cross_products", "abc", nps.InvalidCountsError, extra={"clusters": 2}),
    Case(
        "Counts",
        "clusters",
        2.5,
        nps.InvalidCountsError,
        extra={"cross_products": [[1, 0, 0], [0, 2, 0], [0, 0, 3]]},
    ),
    Case(
        "Counts",
        "clusters",
        -1,
        nps.InvalidCountsError,
        extra={"cross_products": [[1, 0, 0], [0, 2, 0], [0, 0, 3]]},
    ),
    *weights("Counts.from_scores"),
    *clusters("Counts.from_scores"),
    *scale_and_missing("Counts.from_scores"),
    *weights("GroupedCounts.from_scores"),
    *clusters("GroupedCounts.from_scores"),
    *scale_and_missing("GroupedCounts.from_scores"),
    Case("GroupedCounts.from_scores", "missing_groups", "drop", Option),
    *column("Counts.from_frame", "weight"),
    Case("Counts.from_frame", "scale", "0-10", OptionType),
    *column("GroupedCounts.from_frame", "by"),
    Case("GroupedCounts.from_frame", "by", ["region", 7], OptionType, ("by", "7")),
    *column("GroupedCounts.from_frame", "weight"),
    *column("GroupedCounts.from_frame", "period"),
    Case("GroupedCounts.from_frame", "freq", "fortnight", Option),
    Case("GroupedCounts.from_frame", "freq", "W-MON", Option, extra={"period": "period"}),
    Case("GroupedCounts.from_frame", "scale", 10, OptionType),
    Case("GroupedCounts.from_table", "squared_weights", [[1, 2]], nps.InvalidCountsError),
    Case("GroupedCounts.from_table", "squared_weights", "abc", nps.InvalidCountsError),
    Case("GroupedCounts.from_table", "n", [-1, 3], nps.InvalidCountsError),
    Case("GroupedCounts.from_table", "n", [math.inf, 3], nps.InvalidCountsError),
    Case("GroupedCounts.from_table", "missing", ["a", "b"], nps.InvalidCountsError),
    Case("Scale", "minimum", "0", nps.InvalidScaleError),
    Case("Scale", "maximum", 10.5, nps.InvalidScaleError),
    Case("Scale", "detractor_max", 11, nps.InvalidScaleError),
    Case("Scale", "promoter_min", True, nps.InvalidScaleError),
    Case("compare", "b", [1, 2], nps.LengthMismatchError, ("b have 2",), {"paired": True}),
    Case("compare", "b", [10, 42], nps.InvalidScoreError, ("score 42 at position 1",)),
    Case("compare", "weights", [1, 2, 1, 1, 1, 1], Option),  # two samples: a pair, never one array
    Case(
        "compare",
        "weights",
        ([1, -1, 1, 1, 1, 1], None),
        nps.InvalidWeightError,
        ("weight -1 at position 1",),
    ),
    Case("compare", "weights", ([1, 2], None), nps.LengthMismatchError, ("weights have 2",)),
    Case("compare", "weights", ([1] * 6, [1] * 6), Option, extra={"b": None, "benchmark": 10}),
    Case("compare", "benchmark", 500, Option),  # NPS points are -100..100
    Case("compare", "benchmark", math.nan, Option),
    Case("compare", "benchmark", "34", OptionType),
    Case("compare", "paired", "yes", OptionType),
    Case("compare", "paired", 1, OptionType),
    Case("compare", "method", "t", Option),
    Case("compare", "method", "score", Option, ("method", "'score'"), {"paired": True}),
    *margin("compare"),
    Case("compare", "respondents", "ids", OptionType, (), {"paired": True}),
    Case("compare", "respondents", ([1], [2], [3]), Option, (), {"paired": True}),
    Case(
        "compare",
        "respondents",
        (list("abcdef"), list("abcde")),
        nps.LengthMismatchError,
        ("b have 5",),
        {"paired": True},
    ),
    *confidence("compare"),
    *alternative("compare"),
    *scale_and_missing("compare"),
    *randomness("compare"),
    *prior("compare"),
    Case("pairs", "cutoff", "x", OptionType),  # the times are numbers
    Case("pairs", "cutoff", [2], OptionType),
    Case("pairs", "periods", "ab", OptionType, (), {"cutoff": None}),
    Case("pairs", "periods", (1, 2, 3), Option, (), {"cutoff": None}),
    Case("pairs", "freq", "fortnight", Option),
    *scale_and_missing("pairs"),
    Case("transitions", "respondents", "ids", OptionType),
    Case("transitions", "respondents", ([1], [2], [3]), Option),
    *scale_and_missing("transitions"),
    Case("segments", "groups", ["a", "b"], nps.LengthMismatchError, ("groups have 2",)),
    *weights("segments"),
    *clusters("segments"),
    *segment_options("segments"),
    Case("segments", "reference", 150, Option),  # a benchmark NPS is -100..100
    Case("segments", "reference", math.nan, Option),
    Case("segments", "shrinkage", "yes", OptionType),
    Case("segments", "shrinkage", 1, OptionType),
    Case("segments", "shrinkage", True, Option, extra={"reference": "pairwise"}),  # rows are pairs
    Case("segments", "order", "shrunk", Option, ("shrinkage=True",)),  # without shrinkage
    *scale_and_missing("segments"),
    Case("trend", "periods", [1, 2], nps.LengthMismatchError, ("periods have 2",)),
    *weights("trend"),
    *clusters("trend"),
    Case("trend", "respondents", ["a"], nps.LengthMismatchError, ("respondents have 1",)),
    *trend_options("trend"),
    *scale_and_missing("trend"),
    Case("prioritize", "fixability", {"price": 1.5, "bugs": 0.6}, Option, ("fixability", "'price': 1.5")),
    Case("prioritize", "fixability", {"price": "high", "bugs": 0.6}, OptionType, ("'price': 'high'",)),
    Case("prioritize", "fixability", {"bugs": 0.6}, Option, ("fixability", "'price'")),
    Case("prioritize", "fixability", [0.2, 0.6], OptionType),
    Case("prioritize", "scores", [10, 3], nps.LengthMismatchError, ("scores have 2",)),
    Case("prioritize", "scores", [10, 3, 2, 1, 0, 42], nps.InvalidScoreError, ("score 42 at position 5",)),
    *weights("prioritize"),
    Case("prioritize", "attribution", "equal", Option),
    Case("prioritize", "include_passives", "yes", OptionType),
    Case("prioritize", "include_passives", None, OptionType),
    Case("prioritize", "effort", {"price": -1, "bugs": 1}, Option, ("effort", "'price': -1")),
    Case("prioritize", "effort", {"price": "1", "bugs": 1}, OptionType, ("effort", "'price': '1'")),
    Case("prioritize", "effort", {"bugs": 1}, Option, ("effort", "'price'")),
    Case("prioritize", "effort", [1, 2], OptionType),
    Case("prioritize", "sep", "", Option),
    Case("prioritize", "sep", 1, OptionType),
    *confidence("prioritize"),
    *scale_and_missing("prioritize"),
    Case("fixability_from_effort", "half_life", 0, Option),
    Case("fixability_from_effort", "half_life", math.inf, Option),
    Case("fixability_from_effort", "half_life", "30", OptionType),
    *expected("margin_of_error"),
    *confidence("margin_of_error"),
    *design("margin_of_error"),
    Case("margin_of_error", "population", 100, Option, ("population", "400")),  # fewer than n = 400
    *expected("sample_size"),
    *confidence("sample_size"),
    *design("sample_size"),
    Case("sample_size_per_group", "power", 1.0, Option),
    Case("sample_size_per_group", "power", 0, Option),
    Case("sample_size_per_group", "power", "0.8", OptionType),
    *confidence("sample_size_per_group"),
    *expected("sample_size_per_group"),
    *expected("sample_size_per_group", "expected_b"),
    *alternative("sample_size_per_group"),
    *design("sample_size_per_group"),
    Case("power", "n_b", 0, Option),
    Case("power", "n_b", math.inf, Option),
    Case("power", "n_b", "100", OptionType),
    *confidence("power"),
    *expected("power"),
    *expected("power", "expected_b"),
    *alternative("power"),
    *design("power"),
    Case("power", "population", 200, Option, ("population", "400")),
    *methods("exact_coverage"),
    *confidence("exact_coverage"),
    *randomness("exact_coverage"),
    *prior("exact_coverage"),
    *column("dask.counts", "weights"),
    *scale_and_missing("dask.counts"),
    *column("dask.grouped_counts", "weights"),
    *scale_and_missing("dask.grouped_counts"),
    Case("dask.grouped_counts", "missing_groups", "drop", Option),
    Case("dask.period_counts", "freq", "fortnight", Option),
    *column("dask.period_counts", "weights"),
    *scale_and_missing("dask.period_counts"),
    *column("dask.segments", "weights"),
    *segment_options("dask.segments"),
    Case("dask.segments", "shrinkage", "yes", OptionType),
    Case("dask.segments", "shrinkage", True, Option, extra={"reference": "pairwise"}),  # rows are pairs
    *scale_and_missing("dask.segments"),
    *column("dask.trend", "weights"),
    *trend_options("dask.trend"),
    *scale_and_missing("dask.trend"),
    Case("drivers", "method", "lmg", Option),
    Case("drivers", "target", "passive", Option),
    *weights("drivers", n=40),
    *scale_and_missing("drivers"),
    Case("drivers", "top_box", "5", OptionType),
    Case("drivers", "top_box", math.inf, Option),
    *confidence("drivers"),
    *randomness("drivers"),
    *quadrant("DriverTable.quadrant"),
    Case("Dominance.dominates", "level", "partial", Option),
    Case("Dominance.to_frame", "level", "general", Option),
    Case("decompose", "method", "jackknife", Option),
    *confidence("decompose"),
    *randomness("decompose"),
    *weights("theme_contributions"),
    *scale_and_missing("theme_contributions"),
    Case("distinctive_terms", "groups", ["a", "b"], Option, ("give groups", "not both")),
    Case("distinctive_terms", "scores", [10, 3], nps.LengthMismatchError, ("scores have 2",)),
    Case("distinctive_terms", "focus", "web", Option),
    Case("distinctive_terms", "focus", ["a"], OptionType),
    Case("distinctive_terms", "reference", nps.Category.DETRACTOR, Option, ("reference", "focus group")),
    Case("distinctive_terms", "reference", {"a"}, OptionType),
    Case("distinctive_terms", "scale", "0-10", OptionType),
    Case("distinctive_terms", "prior", 0, Option),
    Case("distinctive_terms", "prior", -1.0, Option),
    Case("distinctive_terms", "prior", "1", Option),
    Case("distinctive_terms", "prior", [0.01], OptionType),
    Case("distinctive_terms", "prior", {"slow": -1}, Option, ("prior", "'slow': -1")),
    Case("distinctive_terms", "background", {"slow": -1}, Option, ("background", "'slow': -1")),
    Case("distinctive_terms", "background", {"slow": "1"}, OptionType, ("background", "'slow': '1'")),
    Case("distinctive_terms", "background", [1], OptionType),
    Case("distinctive_terms", "stop_words", "the", OptionType),
    Case("distinctive_terms", "stop_words", ["too slow"], Option, ("stop_words", "'too slow'")),
    Case("distinctive_terms", "ngrams", 0, Option),
    Case("distinctive_terms", "ngrams", 2.0, OptionType),
    Case("distinctive_terms", "min_count", 0, Option),
    Case("distinctive_terms", "min_count", "2", OptionType),
    Case("TermTable.top", "k", -1, Option),
    Case("TermTable.top", "k", 2.5, OptionType),
    Case("TermTable.bottom", "k", "3", OptionType),
    Case("Monitor", "shift", 0, Option),
    Case("Monitor", "shift", 150, Option),  # moves more than the whole promoter share
    Case("Monitor", "shift", "-10", OptionType),
    Case("Monitor", "arl0", 1, Option),
    Case("Monitor", "arl0", math.inf, Option),
    Case("Monitor", "arl0", "5000", OptionType),
    Case("Monitor", "scale", "0-10", OptionType),
    Case("Monitor", "chart", "shewhart", Option),
    Case("Monitor", "smoothing", 0.9, Option),
    Case("Monitor", "smoothing", "0.1", OptionType),
    Case("Monitor", "detractor_alerts", "yes", OptionType),
    Case("Monitor", "alert_scores", (0, 11), Option),
    Case("Monitor", "alert_scores", (0.5, 6), OptionType),
    Case("Monitor", "alert_scores", "06", OptionType),
    Case("Monitor", "cooldown", -1, Option),
    Case("Monitor", "cooldown", 1.5, OptionType),
    Case("Monitor", "deduplicate", 1, OptionType),
    Case("Monitor.update", "respondents", ["a"], nps.LengthMismatchError, ("respondents have 1",)),
    Case("Monitor.check", "reference", "abc", nps.InvalidTypeError, ("'abc'",)),
    Case("Monitor.check", "min_n", 0, Option),
    Case("Monitor.check", "min_n", "30", OptionType),
    Case("Monitor.check", "margin", -1, Option),
    Case("Monitor.check", "margin", "1", OptionType),
    *confidence("Monitor.check"),
    Case("plot.distribution", "scale", "0-10", OptionType),
    *axes("plot.distribution"),
    *axes("plot.segments"),
    *axes("plot.trend"),
    *axes("plot.priorities"),
    Case("plot.decomposition", "detail", "yes", OptionType),
    *axes("plot.decomposition"),
    *quadrant("plot.drivers"),
    *axes("plot.drivers"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_option_raises_our_error_naming_option_and_value(case: Case) -> None:
    function, args, kwargs = BASE[case.target]()
    with pytest.raises(case.error) as info:
        function(*args, **{**kwargs, **case.extra, case.option: case.bad})
    assert isinstance(info.value, nps.NetPromoterError)
    message = str(info.value)
    for fragment in case.mentions or (case.option, repr(case.bad)):
        assert fragment in message, f"{fragment!r} not in {message!r}"


@pytest.mark.parametrize("target", sorted(BASE))
def test_each_base_call_succeeds(target: str) -> None:
    # So that every case above fails because of its one bad option, not the rest of the call.
    function, args, kwargs = BASE[target]()
    function(*args, **kwargs)


def _public_callables() -> dict[str, Callable[..., Any]]:
    """Public functions (package, dask, plot), the public methods of public classes
    (builders such as ``Counts.from_scores``, ``Monitor.check``, ``DriverTable.quadrant``),
    and the constructors users call with options of their own (result classes are built
    by the library, so their constructors are not options)."""
    found: dict[str, Callable[..., Any]] = {}
    for prefix, module in (("", nps), ("dask.", nps_dask), ("plot.", plot)):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value):
                found[prefix + name] = value
            elif inspect.isclass(value) and not issubclass(value, BaseException):
                ours = [klass for klass in value.__mro__ if klass.__module__.startswith("netpromoter")]
                for attr in sorted({attr for klass in ours for attr in vars(klass)}):
                    raw = next(vars(klass)[attr] for klass in ours if attr in vars(klass))
                    if not attr.startswith("_") and isinstance(
                        raw, (classmethod, staticmethod, FunctionType)
                    ):
                        found[f"{name}.{attr}"] = getattr(value, attr)
    found["Counts"] = nps.Counts
    found["Scale"] = nps.Scale
    found["Monitor"] = nps.Monitor
    found["RatingCounts"] = nps.RatingCounts
    return found


def _keyword_options(function: Callable[..., Any]) -> set[str]:
    """Keyword-only parameters and positional ones with a default (options given by name)."""
    options = set()
    for parameter in inspect.signature(function).parameters.values():
        assert parameter.kind is not parameter.VAR_KEYWORD, f"{function}: **{parameter.name} hides options"
        if parameter.kind is parameter.KEYWORD_ONLY or (
            parameter.kind is parameter.POSITIONAL_OR_KEYWORD and parameter.default is not parameter.empty
        ):
            options.add(parameter.name)
    return options


def test_every_keyword_option_has_a_bad_value_case() -> None:
    covered: dict[str, set[str]] = {}
    for case in CASES:
        covered.setdefault(case.target, set()).add(case.option)
    missing = {
        name: sorted(_keyword_options(function) - covered.get(name, set()))
        for name, function in _public_callables().items()
    }
    assert {name: options for name, options in missing.items() if options} == {}
    # And no case names an option (or a callable) that does not exist.
    stale = {
        target: sorted(options - _keyword_options(_public_callables()[target]))
        for target, options in covered.items()
    }
    assert {target: options for target, options in stale.items() if options} == {}


def test_a_wrong_type_is_both_an_option_error_and_a_type_error() -> None:
    with pytest.raises(TypeError):
        nps.segments(SCORES, GROUPS, min_n="30")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_n must be a finite number >= 0; got str '30'"):
        nps.segments(SCORES, GROUPS, min_n="30")  # type: ignore[arg-type]
    assert issubclass(nps.InvalidOptionTypeError, nps.InvalidOptionError)
    assert issubclass(nps.InvalidOptionTypeError, nps.InvalidTypeError)


def test_options_are_checked_even_when_the_data_does_not_use_them() -> None:
    counts = nps.Counts(1, 2, 3)
    with pytest.raises(nps.InvalidOptionError, match="missing"):
        nps.score(counts, missing="drop")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match="resamples"):
        nps.score(counts, method="wald", resamples=5)
    grouped = nps.GroupedCounts.from_scores(SCORES, GROUPS)
    with pytest.raises(nps.InvalidOptionTypeError, match="scale"):
        nps.segments(grouped, scale="0-10")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match="benchmark"):
        nps.compare(SCORES, SCORES, paired=True, benchmark=10)


def test_baseline_and_benchmark_are_checked_alike() -> None:
    for value in (-100, 0, 100, 33.5, np.float64(10.0), np.int64(-5)):
        assert nps.trend(SCORES, PERIODS, baseline=value).baseline == float(value)
        assert nps.compare(SCORES, benchmark=value).benchmark == float(value)
    for bad in (500, -100.5, math.inf):
        with pytest.raises(nps.InvalidOptionError, match="between -100 and 100"):
            nps.trend(SCORES, PERIODS, baseline=bad)
        with pytest.raises(nps.InvalidOptionError, match="between -100 and 100"):
            nps.compare(SCORES, benchmark=bad)


def test_numpy_scalars_are_options_too() -> None:
    report = nps.segments(
        SCORES, GROUPS, confidence=np.float64(0.9), min_n=np.int64(2), resamples=np.int32(500), rng=np.int8(3)
    )
    assert report.confidence == 0.9 and report.min_n == 2.0
    assert nps.trend(SCORES, PERIODS, window=np.int64(2)).window == 2


@given(
    st.one_of(st.floats(), st.floats(0, 1), st.integers(), st.none(), st.booleans(), st.text(max_size=2)),
    st.sampled_from(get_args(NPSMethod)),
    st.sampled_from(get_args(Alternative)),
)
def test_any_confidence_gives_an_interval_or_our_error(
    level: Any, method: NPSMethod, side: Alternative
) -> None:
    counts = nps.Counts(20, 30, 50)
    try:
        one = nps.score(counts, method=method, confidence=level, resamples=200)
        two = nps.compare(counts, counts, method=method, confidence=level, alternative=side, resamples=200)
        bench = nps.compare(counts, benchmark=10, method=method, confidence=level, alternative=side)
    except nps.InvalidOptionError:
        return
    # Finite bounds in range (near-zero levels give near-zero widths, where the
    # root finders' rounding may order the two bounds either way).
    for result, edge in ((one, 100), (two, 200), (bench, 200)):
        assert all(-edge <= bound <= edge for bound in result.ci), (level, result)


def test_the_largest_usable_confidence_works() -> None:
    # 1 - 2**-52 is the largest level whose 0.5 + level / 2 stays below 1 in floating point.
    r = nps.score(nps.Counts(20, 30, 50), method="wald", confidence=1 - 2**-52)
    assert -100 <= r.ci.low < r.nps < r.ci.high <= 100


# -- the option strings are defined once, in netpromoter.typing --------------------------------


def test_every_method_name_of_the_typing_module_is_accepted() -> None:
    counts = nps.Counts(20, 30, 50)
    methods: tuple[NPSMethod, ...] = get_args(NPSMethod)
    for method in methods:
        assert nps.score(counts, method=method, resamples=200).method == method
        assert nps.compare(counts, counts, method=method, resamples=200).method == method
    csat = [1, 2, 3, 4, 5, 5, 4, 4]
    shares: tuple[ShareMethod, ...] = get_args(ShareMethod)
    for share_method in shares:
        assert nps.score(csat, metric=nps.CSAT, method=share_method).method == share_method
    means: tuple[MeanMethod, ...] = get_args(MeanMethod)
    for mean_method in means:
        assert nps.score(csat, metric=nps.Metric.mean(1, 5), method=mean_method).method == mean_method
    # Every name of Method is one of the three kinds' names.
    assert set(get_args(Method)) == set(methods) | set(shares) | set(means)
    paired: tuple[PairedMethod, ...] = get_args(PairedMethod)
    for paired_method in paired:
        assert nps.compare(SCORES, SCORES[::-1], paired=True, method=paired_method).method == paired_method
    kinds: tuple[BootstrapKind, ...] = get_args(BootstrapKind)
    for kind in kinds:
        nps.score(counts, method="bootstrap", bootstrap=kind, resamples=200)


def test_every_other_option_string_of_the_typing_module_is_accepted() -> None:
    alternatives: tuple[Alternative, ...] = get_args(Alternative)
    for side in alternatives:
        assert nps.compare(SCORES, benchmark=0, alternative=side).alternative == side
        nps.power(10, 400, alternative=side)
    compare_alternatives: tuple[CompareAlternative, ...] = get_args(CompareAlternative)
    for compare_side in compare_alternatives:
        assert nps.compare(SCORES, SCORES, alternative=compare_side, margin=5).alternative == compare_side
    charts: tuple[ControlChart, ...] = get_args(ControlChart)
    for chart in charts:
        assert nps.trend(SCORES, PERIODS, control=chart).control == chart
    corrections: tuple[Correction, ...] = get_args(Correction)
    references: tuple[Reference, ...] = get_args(Reference)
    orders: tuple[Order, ...] = get_args(Order)
    for correction, reference in zip(corrections, references, strict=True):
        report = nps.segments(SCORES, GROUPS, correction=correction, reference=reference, min_n=0)
        assert (report.correction, report.reference) == (correction, reference)
    for order in orders:
        shrunk = order == "shrunk"  # ranks by the shrunk NPS: needs shrinkage
        assert nps.segments(SCORES, GROUPS, order=order, shrinkage=shrunk, min_n=0).order == order
    groups: tuple[MissingGroups, ...] = get_args(MissingGroups)
    policies: tuple[MissingPolicy, ...] = get_args(MissingPolicy)
    for missing_groups, policy in zip(groups, policies, strict=True):
        nps.GroupedCounts.from_scores(SCORES, GROUPS, missing=policy, missing_groups=missing_groups)
    frequencies: tuple[Frequency, ...] = get_args(Frequency)
    dates = np.datetime64("2025-01-01") + np.arange(6) * np.timedelta64(40, "D")
    for freq in frequencies:
        with warnings.catch_warnings():  # daily and weekly bins of these dates are mostly empty
            warnings.simplefilter("ignore", nps.EmptyDataWarning)
            assert nps.trend(SCORES, dates, freq=freq).freq == freq
    attributions: tuple[Attribution, ...] = get_args(Attribution)
    for attribution in attributions:
        assert nps.prioritize(THEMES, fixability=FIX, attribution=attribution).attribution == attribution


def test_input_types_accept_what_the_docs_promise() -> None:
    # Checked by mypy --strict over this file: no type: ignore needed for documented inputs.
    with_none: list[int | None] = [10, 7, 3, None]
    assert nps.nps(with_none) == 0.0
    assert nps.Counts.from_scores((10, 9, None)).missing == 1
    assert nps.segments(with_none, ["a", "b", None, "b"], min_n=0).excluded == 0
    assert nps.trend(with_none, [1, 2, 2, None]).excluded == 1
    assert len(nps.prioritize([["bugs"], "price", None], fixability=FIX)) == 2


def test_the_typing_module_loads_neither_pandas_nor_numpy_random() -> None:
    code = (
        "import sys, netpromoter.typing as t; t.RNGLike, t.ScoresLike; "
        "print(sorted(m for m in ('pandas', 'numpy.random', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
