"""``trend()``: is NPS moving, and which periods need attention."""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from .._counts._clusters import (
    Codes,
    cluster_codes,
    cluster_cross_products,
    group_cross_products,
    next_periods,
    spell_cross_products,
)
from .._counts._grouped import GroupedCounts
from .._counts._ratings import metric_scale
from .._input._align import align_inputs
from .._input._metric import NPS, Metric
from .._input._options import (
    CONTROL_CHARTS,
    MISSING_POLICIES,
    check_benchmark,
    check_choice,
    check_confidence,
    check_freq,
    check_integer,
    check_margin,
    check_number,
    split_method,
)
from .._input._periods import bin_periods
from .._input._plain import fmt_change, fmt_p, fmt_p_after, html_table
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import check_same_length, validate_scores
from .._results._base import Result
from .._results._rows import RowTable
from .._results._values import ConfidenceInterval, NPSResult, group_results
from .._stats._charts import laney_sigma_z, restarting_cusum
from .._stats._comparison import ComparisonArrays, two_sample_arrays
from .._stats._cusum import normal_cusum_arl
from .._stats._intervals import IntervalOptions, effective_counts
from .._stats._means import MeanMoments, mean_interval_arrays, mean_moments, welch_arrays
from .._stats._normal import normal_ppf
from ..errors import EmptyDataWarning, InvalidOptionError
from ..typing import ControlChart, FloatArray, Frequency, IntArray, Method, MissingPolicy, TwoSampleMethod
from ._compare import Comparison

if TYPE_CHECKING:
    from ..typing import LabelsLike, RNGLike, ScoresLike, WeightsLike

__all__ = ["MannKendall", "Shift", "Slope", "TrendReport", "TrendRow", "trend"]

_Y = np.array([-100.0, 0.0, 100.0])


@dataclass(frozen=True, slots=True)
class Slope(Result):
    """Least-squares trend in NPS points per period, with a robust (HC1) SE."""

    estimate: float
    se: float
    ci: ConfidenceInterval
    pvalue: float
    statistic: float


@dataclass(frozen=True, slots=True)
class MannKendall(Result):
    """Mann-Kendall trend test on the period NPS values, and Sen's slope."""

    statistic: float
    z: float
    pvalue: float
    sen_slope: float


@dataclass(frozen=True, slots=True)
class Shift(Result):
    """A CUSUM signal: a sustained rise or drop, found at ``period``.

    ``index`` is the period's position (0, 1, 2, ... in time order);
    ``onset`` and ``onset_index`` estimate where the shift began: the first
    period of the run of CUSUM sums that led to the signal.
    """

    period: Hashable
    direction: str
    index: int
    onset: Hashable = None
    onset_index: int = 0


@dataclass(frozen=True, slots=True)
class TrendRow(Result):
    """One period, in time order.

    In ``to_frame()`` the period's NPS is in ``nps``, ``nps_se``, ``nps_low``,
    ``nps_high``, ``n``, ...; the change from the previous period in ``change``
    (the difference), ``change_pvalue``, ...; the rolling NPS in ``rolling_nps``,
    ``rolling_low``, ``rolling_high``, ...
    """

    # A change's two results are this row's and the previous row's: not repeated.
    _columns: ClassVar[Mapping[str, str | None]] = {
        "result": "",
        "result.se": "nps_se",
        "result.ci": "nps",
        "change.difference": "",
        "change.a": None,
        "change.b": None,
        "rolling.ci": "",
    }

    period: Hashable
    result: NPSResult
    change: Comparison | None
    out_of_control: bool
    lower_limit: float
    upper_limit: float
    rolling: NPSResult | None
    cusum_high: float
    cusum_low: float
    direction: str | None = None


@dataclass(frozen=True, slots=True, repr=False)
class TrendReport(RowTable[TrendRow]):
    """Per-period NPS in time order, with slope, control chart and shift detection.

    ``shifts`` holds every CUSUM signal (the CUSUM restarts after each),
    ``shift`` the first. ``control`` is the chart behind ``out_of_control``
    (``"laney"`` or ``"p"``) and ``sigma_z`` Laney's estimate of the spread of
    the period z-scores (1 for a process with no between-period variation;
    the limits and the CUSUM use max(1, sigma_z) under ``"laney"``).
    ``cusum_arl`` is the CUSUM design's in-control average run length, in
    periods: the mean number of periods between false signals.
    """

    _key: ClassVar[str] = "period"

    rows: tuple[TrendRow, ...]
    slope: Slope
    mann_kendall: MannKendall
    shift: Shift | None
    baseline: float
    confidence: float
    method: str
    window: int | None
    freq: str | None
    excluded: int
    dropped_repeats: int
    shifts: tuple[Shift, ...] = ()
    control: str = "laney"
    sigma_z: float = 1.0
    cusum_arl: float = math.nan
    margin: float = 0.0
    metric: Metric = NPS

    def _shift_text(self) -> str:
        if not self.shifts:
            return "no shift"
        return ", ".join(f"{s.direction} at {s.period}" for s in self.shifts)

    def __repr__(self) -> str:
        flagged = sum(r.out_of_control for r in self.rows)
        return (
            f"TrendReport({len(self.rows)} periods, slope {self.slope.estimate:+.2f} {self._unit()}/period "
            f"(p {fmt_p_after(self.slope.pvalue)}), {flagged} out of control, {self._shift_text()})"
        )

    def _repr_html_(self) -> str:
        level = f"{100 * self.confidence:g}%"
        body = []
        for row in self.rows:
            change = "" if row.change is None else fmt_change(row.change.difference, row.change.pvalue)
            body.append(
                [
                    str(row.period),
                    f"{row.result.n:,}",
                    self.metric.format(row.result.nps),
                    f"{self.metric.format(row.result.ci.low)} to {self.metric.format(row.result.ci.high)}",
                    change,
                    {"high": "high", "low": "low"}.get(row.direction or "", ""),
                ]
            )
        chart = f"Laney p' chart (sigma_z {self.sigma_z:.2f})" if self.control == "laney" else "p chart"
        shifts = (
            "no sustained shift"
            if not self.shifts
            else "CUSUM: " + ", ".join(f"{s.direction} from {s.onset}" for s in self.shifts)
        )
        caption = (
            f"{self.metric.name} by period; slope {self.slope.estimate:+.2f} {self._unit()}/period "
            f"(p {fmt_p(self.slope.pvalue)}); "
            f"high/low: outside the {chart} limits; {shifts} (a false signal every "
            f"{self.cusum_arl:,.0f} periods on average)"
        )
        return html_table(
            ["period", "n", self.metric.name, f"{level} CI", "change", ""],
            body,
            caption=caption,
            marked=[row.out_of_control for row in self.rows],
        )

    def _unit(self) -> str:
        return {"net": "points", "share": "percentage points", "mean": "scale units"}[self.metric.kind]


def _window_counts(
    codes: IntArray,
    index: NDArray[np.integer[Any]],
    w: FloatArray,
    t: int,
    window: int,
    following: IntArray,
    columns: int = 3,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Counts of windows ending at each period, each response in its own contiguous run.

    Response i (period codes[i], column index[i] of ``columns``: a category, or a
    scale value for means) counts in the windows ending at
    T = codes[i] .. min(codes[i] + window - 1, following[i] - 1): those that include
    its period but not a later answer of the same person. A difference array over T
    and a cumulative sum give every window's (sums, squares, responses) in one pass.
    """
    stop = np.minimum(np.minimum(codes + window, following), t)  # exclusive; past the end is the end
    valid = stop > codes
    every = bool(valid.all())
    size = (t + 1) * columns
    kept = index if every else index[valid]
    enter = np.multiply(codes if every else codes[valid], columns, dtype=np.intp)
    enter += kept
    if window > 1:
        leave = np.multiply(stop if every else stop[valid], columns, dtype=np.intp)
        leave += kept

    def accumulate(values: FloatArray) -> FloatArray:
        values = values if every else values[valid]
        add = np.bincount(enter, weights=values, minlength=size)
        if window == 1:  # each response in its own period only: the bincount is exact
            return add.reshape(t + 1, columns)[:t].astype(np.float64, copy=False)
        remove = np.bincount(leave, weights=values, minlength=size)
        return np.cumsum((add - remove).reshape(t + 1, columns), axis=0)[:t]

    if bool((w == 1.0).all()):  # unweighted: the sums, squares and counts are one count
        sums = accumulate(w)
        squares, counted = sums.copy(), sums.copy()
    else:
        sums, squares, counted = accumulate(w), accumulate(w * w), accumulate(np.ones_like(w))
    if window > 1:
        _without_residue(sums, squares, counted)
    return sums, squares, counted


def _without_residue(sums: FloatArray, squares: FloatArray, counted: FloatArray | None) -> FloatArray:
    """Clear, in place, what running sums leave where a window lost its weight.

    A running sum minus an earlier one is not exactly 0 after the same
    weights were added and removed (0.1 + 0.2 - 0.1 - 0.2 is 5.6e-17), nor
    exactly the window's sum; cells without responses, or whose sum is within
    rounding of zero (1e-12 of the column's), become 0 in both the sums and the
    squares. Returns ``sums``.
    """
    tiny = (sums <= 1e-12 * np.abs(sums).sum(axis=0)) | (squares <= 0.0)
    if counted is not None:
        tiny |= counted < 0.5
    sums[tiny] = 0.0
    squares[tiny] = 0.0
    return sums


def _next_answer(
    codes: IntArray, order: Any, respondents: Any, used: NDArray[np.bool_], t: int
) -> tuple[IntArray, int]:
    """Period of each used response's next used answer by the same person (t + big if none).

    "Next" is in time order: by period, then by date within a period (for
    dates), then by position. A missing id is nobody's repeat: each such
    response is its own respondent.
    """
    if respondents is None:
        return np.full(codes.shape[0], t + 10**9, dtype=np.intp), 0
    from .._input._labels import factorize

    found = factorize(respondents, compress=False, what="respondent")  # the ids themselves are not needed
    person = found.codes
    check_same_length(codes.shape[0], person.shape[0], "scores", "respondents")
    if found.has_missing:
        alone = person < 0
        person = np.where(alone, len(found.labels) + np.cumsum(alone), person)
    time = np.asarray(order)
    time = time.view(np.int64) if time.dtype.kind == "M" else time  # dates as their ticks
    if used.all():
        following = next_periods(person, codes, time, t, t + 10**9)
    else:
        rows = np.flatnonzero(used)
        following = np.full(codes.shape[0], t + 10**9, dtype=np.intp)
        following[rows] = next_periods(person[rows], codes[rows], time[rows], t, t + 10**9)
    repeats = int(np.count_nonzero(following == codes))  # superseded within the same period
    return following, repeats


#: Each kept response's cluster code, period, category and weight, and the number of clusters.
Responses = tuple[Codes, Codes, Codes, FloatArray]


def _slope(
    sums: FloatArray,
    squares: FloatArray,
    n: IntArray,
    confidence: float,
    clustered: Responses | None = None,
    y: FloatArray = _Y,
) -> Slope:
    """WLS of responses coded ``y`` (-100/0/+100) on the period index, HC1 sandwich SE.

    Everything comes from per-period counts: with W_t and S2_tc the sums of
    weights and squared weights, the residual of category c in period t is
    y_c - fitted_t, and sum_i w_i^2 (x_i - xbar)^2 e_i^2 = sum_t (t - xbar)^2 sum_c S2_tc (y_c - fitted_t)^2.
    ``y`` is each column's value: -100/0/+100 for the NPS categories, the
    scale values for a mean (columns = values), so the sandwich stays exact.

    With ``clustered`` responses the meat sums each cluster's scores first
    (CR1: factor G / (G - 1) (N - 1) / (N - 2) with G clusters and N
    responses, R ``sandwich::vcovCL(fit, cluster = ~id, type = "HC1")``), one
    bincount over the cluster codes.
    """
    from scipy.special import ndtr

    t = np.arange(sums.shape[0], dtype=np.float64)
    weight = sums.sum(axis=1)
    total = weight.sum()
    nan = math.nan
    if total <= 0 or np.count_nonzero(weight) < 2:
        return Slope(nan, nan, ConfidenceInterval(nan, nan), nan, nan)
    xbar = float((weight * t).sum() / total)
    ybar = float((sums @ y).sum() / total)
    sxx = float((weight * (t - xbar) ** 2).sum())
    sxy = float(((t - xbar) * (sums @ y - weight * ybar)).sum())
    b = sxy / sxx
    fitted = ybar + b * (t - xbar)
    meat = float(((t - xbar) ** 2 * (squares * (y[None, :] - fitted[:, None]) ** 2).sum(axis=1)).sum())
    responses = float(n.sum())
    correction = responses / (responses - 2) if responses > 2 else nan  # HC1
    if clustered is not None:
        ids, period, category, weight = clustered
        score = weight * (period - xbar) * (y[category] - fitted[period])
        per_cluster = np.bincount(ids, weights=score)
        groups = float(np.count_nonzero(np.bincount(ids)))
        meat = float(per_cluster @ per_cluster)
        correction = (
            groups / (groups - 1) * (responses - 1) / (responses - 2) if responses > 2 and groups > 1 else nan
        )
    se = math.sqrt(meat * correction) / sxx
    if not se > 0:  # two responses (no HC1 SE), or a perfect fit: the test is not estimable
        return Slope(b, se, ConfidenceInterval(nan, nan), nan, nan)
    z = normal_ppf(0.5 + confidence / 2.0)
    statistic = b / se
    return Slope(
        b, se, ConfidenceInterval(b - z * se, b + z * se), float(2 * ndtr(-abs(statistic))), statistic
    )


def _mann_kendall(values: FloatArray, positions: FloatArray) -> MannKendall:
    """Mann (1945) / Kendall (1975) test with the ties correction; Sen (1968) slope."""
    from scipy.special import ndtr

    m = values.shape[0]
    if m < 3:
        return MannKendall(math.nan, math.nan, math.nan, math.nan)
    i, j = np.triu_indices(m, k=1)
    diff = values[j] - values[i]
    s = float(np.sign(diff).sum())
    _, ties = np.unique(values, return_counts=True)
    variance = (m * (m - 1) * (2 * m + 5) - float((ties * (ties - 1) * (2 * ties + 5)).sum())) / 18.0
    z = (s - math.copysign(1.0, s)) / math.sqrt(variance) if s != 0 and variance > 0 else 0.0
    sen = float(np.median(diff / (positions[j] - positions[i])))
    return MannKendall(s, z, float(2 * ndtr(-abs(z))), sen)


@dataclass(frozen=True, slots=True)
class _Tally:
    """Per-period (or per-window) weighted histograms over the columns of a metric.

    ``sums`` and ``squares`` (t, K) hold the sums of weights and of squared
    weights in each column: the 3 categories of a share or net score, or the
    K values of the scale for a mean. ``n`` counts responses and ``missing``
    missing scores per row; ``design`` is the clustered design as
    :class:`GroupedCounts` takes it (cross-products (t, K, K), clusters per
    row, and the whole design's), empty when unclustered.
    """

    sums: FloatArray
    squares: FloatArray
    n: NDArray[Any]
    missing: NDArray[Any] | None
    design: dict[str, Any]

    def grouped(self) -> GroupedCounts:
        """The rows as ``GroupedCounts`` (3 columns: categories), labelled 0..t-1."""
        labels = list(range(self.sums.shape[0]))
        return GroupedCounts(labels, self.sums, self.squares, n=self.n, missing=self.missing, **self.design)

    def middle(self) -> GroupedCounts:
        """Every response in the passive column (a mean has no boxes); n, weights and clusters kept.

        As ``RatingCounts``' counts of a mean: a cluster's total in the one
        column is the sum of its totals by value, so its cross-product is the
        sum of every entry of the K x K one.
        """
        t = self.sums.shape[0]
        zeros = np.zeros(t)
        sums = np.column_stack([zeros, self.sums.sum(axis=1), zeros])
        squares = np.column_stack([zeros, self.squares.sum(axis=1), zeros])
        design: dict[str, Any] = {}
        if self.design:
            products, whole = np.zeros((t, 3, 3)), np.zeros((3, 3))
            products[:, 1, 1] = self.design["cross_products"].sum(axis=(1, 2))
            whole[1, 1] = self.design["total_cross_products"].sum()
            design = {
                "cross_products": products,
                "clusters": self.design["clusters"],
                "total_cross_products": whole,
                "total_clusters": self.design["total_clusters"],
            }
        return GroupedCounts(list(range(t)), sums, squares, n=self.n, missing=self.missing, **design)

    def design_sizes(self) -> FloatArray | None:
        """The whole design's number of clusters m once per row (None unclustered), as ``GroupedCounts``."""
        if not self.design:
            return None
        return np.full(self.sums.shape[0], float(self.design["total_clusters"]))


def _columns(values: Any, scale: Scale, metric: Metric) -> tuple[NDArray[np.integer[Any]], int]:
    """Each (validated) score's column and the number of columns: 3 categories, or K scale values."""
    if metric.kind == "mean":
        return np.subtract(values, metric.minimum, dtype=np.intp), metric.maximum - metric.minimum + 1
    return category_index(values, scale), 3


def _from_responses(
    scores: Any,
    periods: Any,
    weights: Any,
    freq: str | None,
    window: int | None,
    respondents: Any,
    scale: Scale,
    missing: str,
    clusters: Any = None,
    metric: Metric = NPS,
) -> tuple[tuple[Hashable, ...], _Tally, _Tally | None, int, int, Responses | None]:
    """Per-period (and per-window) histograms from responses, in one pass each.

    The columns are the NPS categories (shares and net scores) or the scale
    values (means); missing scores hold ``scale.minimum``, column 0, and are
    masked here.
    """
    scores, periods, weights, respondents, clusters = align_inputs(
        [
            ("scores", scores),
            ("periods", periods),
            ("weights", weights),
            ("respondents", respondents),
            ("clusters", clusters),
        ]
    )
    valid = validate_scores(scores, scale=scale, missing=missing, weights=weights)
    found = bin_periods(periods, freq)
    check_same_length(valid.length, found.codes.shape[0], "scores", "periods")
    t = len(found.labels)
    column, columns = _columns(valid.values, scale, metric)
    if valid.weights is None and respondents is None and clusters is None:  # the common case: one bincount
        per_period, windowed, excluded = _plain_counts(
            column, valid.missing_mask, found.codes, t, window, columns
        )
        return found.labels, per_period, windowed, excluded, 0, None
    w = np.ones(valid.length) if valid.weights is None else valid.weights
    used = found.codes >= 0
    if valid.missing_mask is not None:
        used &= ~valid.missing_mask
    codes, index, weight = found.codes[used], column[used], w[used]
    following, repeats = _next_answer(found.codes, found.order, respondents, used, t)
    following = following[used]
    sums, squares, counted = _window_counts(codes, index, weight, t, 1, following, columns)
    per_missing = np.bincount(found.codes[(found.codes >= 0) & ~used], minlength=t)[:t]
    ids = design = kept = None
    if clusters is not None:
        all_ids, m = cluster_codes(clusters, valid.length)
        ids = all_ids[used]
        design = _window_design(ids, m, codes, index, weight, t, 1, following, columns)
        alone = np.minimum(np.minimum(codes + 1, following), t) > codes  # not superseded in its period
        kept = (ids[alone], codes[alone], index[alone], weight[alone])
    per_period = _Tally(sums, squares, np.rint(counted.sum(axis=1)), per_missing, design or {})
    windowed = None
    if window is not None:
        wsums, wsquares, wcounted = _window_counts(codes, index, weight, t, window, following, columns)
        wdesign = (
            None
            if ids is None
            else _window_design(ids, m, codes, index, weight, t, window, following, columns)
        )
        windowed = _Tally(wsums, wsquares, np.rint(wcounted.sum(axis=1)), None, wdesign or {})
    excluded = int(np.count_nonzero(found.codes < 0))
    return found.labels, per_period, windowed, excluded, repeats, kept


def _window_design(
    ids: IntArray,
    m: int,
    codes: IntArray,
    index: NDArray[np.integer[Any]],
    weight: FloatArray,
    t: int,
    window: int,
    following: IntArray,
    columns: int = 3,
) -> dict[str, Any]:
    """Cross-products of the windows ending at each period (as ``_window_counts``), and the design's.

    Each period (or window) is a domain of the whole design of m clusters;
    the design's own cross-products pool the periods, each response once.
    """
    once = np.minimum(np.minimum(codes + 1, following), t) > codes  # not superseded in its period
    if not once.all():
        kept = (ids[once], codes[once], index[once], weight[once])
    else:  # no repeated answers: every response, without copies
        kept = (ids, codes, index, weight)
    if window == 1:
        products, present = group_cross_products(*kept, t, columns=columns)
    else:
        stop = np.minimum(np.minimum(codes + window, following), t)
        products, present = spell_cross_products(ids, codes, stop, index, weight, t, columns=columns)
    whole = cluster_cross_products(kept[0], m, kept[2], kept[3], columns=columns)
    return {
        "cross_products": products,
        "clusters": present,
        "total_cross_products": whole,
        "total_clusters": m,
    }


def _plain_counts(
    column: NDArray[np.integer[Any]],
    missing_mask: Any,
    codes: IntArray,
    t: int,
    window: int | None,
    columns: int = 3,
) -> tuple[_Tally, _Tally | None, int]:
    """Unweighted counts without respondents: one ``np.bincount`` over period * (K + 1) + column.

    Column K counts missing scores and period t the responses without a period
    (as ``GroupedCounts.from_scores``); windows are differences of cumulative
    sums of these whole numbers, exact in floating point.
    """
    width = columns + 1
    period = np.where(codes >= 0, codes, t)
    index = np.multiply(period, width, dtype=np.intp)
    index += column
    if missing_mask is not None:
        index[missing_mask] = period[missing_mask] * width + columns
    counted = np.bincount(index, minlength=width * (t + 1)).reshape(t + 1, width)
    sums = counted[:t, :columns].astype(np.float64)
    n = counted[:t, :columns].sum(axis=1)
    per_period = _Tally(sums, sums, n, counted[:t, columns], {})
    windowed = None
    if window is not None:
        total = np.cumsum(sums, axis=0)
        shifted = np.zeros_like(total)
        shifted[window:] = total[:-window] if window < t else 0.0
        rolled = total - shifted
        windowed = _Tally(rolled, rolled, np.rint(rolled.sum(axis=1)), None, {})
    return per_period, windowed, int(counted[t].sum())


def _from_grouped(
    grouped: GroupedCounts, freq: str | None, window: int | None
) -> tuple[tuple[Hashable, ...], GroupedCounts, GroupedCounts | None, int]:
    """Counts already grouped by period (e.g. per partition, then merged): labels re-binned."""
    labels_array = np.array(grouped.labels) if len(grouped) else np.zeros(0)
    found = bin_periods(labels_array, freq)
    t = len(found.labels)
    keep = found.codes >= 0
    # Responses under a missing period label are excluded, and counted as such.
    excluded = int(grouped.n[~keep].sum() + grouped.missing[~keep].sum())
    arrays = [np.zeros((t, 3)), np.zeros((t, 3)), np.zeros(t), np.zeros(t)]
    for target, source in zip(
        arrays, (grouped.sums, grouped.squares, grouped.n, grouped.missing), strict=True
    ):
        np.add.at(target, found.codes[keep], np.asarray(source)[keep])
    sums, squares, n, missing = arrays
    design = _regrouped_design(grouped, found.codes, keep, t, window)
    per_period = GroupedCounts(list(range(t)), sums, squares, n=n, missing=missing, **design)
    windowed = None
    if window is not None:

        def rolled(values: FloatArray) -> FloatArray:
            total = np.cumsum(values, axis=0)
            shifted = np.zeros_like(total)
            shifted[window:] = total[:-window] if window < t else 0.0
            result: FloatArray = total - shifted
            return result

        wsquares = rolled(squares)
        wsums = _without_residue(rolled(sums), wsquares, None)
        windowed = GroupedCounts(list(range(t)), wsums, wsquares, n=rolled(n))
    return found.labels, per_period, windowed, excluded


def _regrouped_design(
    grouped: GroupedCounts, codes: IntArray, keep: Any, t: int, window: int | None
) -> dict[str, Any]:
    """The clustered design of per-period counts whose labels are the periods already.

    A cluster's answers in two labels of one bin (days into weeks) or of one
    rolling window cannot be combined from the per-label cross-products, so
    clustered counts must come one label per period and without ``window``.
    """
    if grouped.cross_products is None or grouped.clusters is None:
        return {}
    if window is not None or np.any(np.bincount(codes[keep], minlength=t) > 1):
        raise InvalidOptionError(
            "clustered GroupedCounts cannot be re-binned by freq or rolled by window: a cluster's "
            "answers in two labels of one bin would count as two clusters; count them per period "
            "(GroupedCounts.from_scores(scores, periods, clusters=...)) or pass the responses"
        )
    products, present = np.zeros((t, 3, 3)), np.zeros(t)
    products[codes[keep]] = grouped.cross_products[keep]
    present[codes[keep]] = grouped.clusters[keep]
    return {
        "cross_products": products,
        "clusters": present,
        "total_cross_products": grouped.total_cross_products,
        "total_clusters": grouped.total_clusters,
    }


@dataclass(frozen=True, slots=True)
class TrendSettings:
    """The options of :func:`trend`, checked (for the Dask helper to check them up front)."""

    freq: Frequency | None
    window: int | None
    level: float
    interval_method: Method
    test_method: TwoSampleMethod
    control_limit: float
    baseline: float | None
    cusum_k: float
    cusum_h: float
    options: IntervalOptions
    control: ControlChart = "laney"
    margin: float = 0.0
    metric: Metric = NPS
    scale: Scale = STANDARD


def _checked_freq(freq: Frequency) -> Frequency:
    """``freq`` as the caller spelled it ("ME" stays "ME"), once it names a bin."""
    check_freq(freq)
    return freq


def trend_settings(
    *,
    freq: Frequency | None = None,
    window: int | None = None,
    confidence: float = 0.95,
    method: Method | None = None,
    control_limit: float = 3.0,
    baseline: float | None = None,
    cusum_k: float = 0.5,
    cusum_h: float = 5.0,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    rng: RNGLike = None,
    resamples: int = 9999,
    control: ControlChart = "laney",
    margin: float = 0.0,
    metric: Metric = NPS,
) -> TrendSettings:
    """Every option of :func:`trend` through the one validation path, before any counting."""
    scale = metric_scale(metric, scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    interval_method, test_method = split_method(method, metric.kind, metric=metric.name)
    return TrendSettings(
        freq=None if freq is None else _checked_freq(freq),
        window=None if window is None else check_integer(window, "window", low=1),
        level=check_confidence(confidence),
        interval_method=interval_method,
        test_method=test_method,
        control_limit=check_number(control_limit, "control_limit", low=0.0),
        baseline=None if baseline is None else check_benchmark(baseline, metric, "baseline"),
        cusum_k=check_number(cusum_k, "cusum_k", low=0.0),
        cusum_h=check_number(cusum_h, "cusum_h", low=0.0),
        options=IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="bca", prior=None),
        control=check_choice(control, CONTROL_CHARTS, "control"),
        margin=check_margin(margin),
        metric=metric,
        scale=scale,
    )


def trend(
    scores: ScoresLike | GroupedCounts,
    periods: LabelsLike | None = None,
    weights: WeightsLike | None = None,
    *,
    metric: Metric = NPS,
    freq: Frequency | None = None,
    window: int | None = None,
    confidence: float = 0.95,
    method: Method | None = None,
    respondents: LabelsLike | None = None,
    clusters: LabelsLike | None = None,
    control: ControlChart = "laney",
    control_limit: float = 3.0,
    baseline: float | None = None,
    cusum_k: float = 0.5,
    cusum_h: float = 5.0,
    margin: float = 0.0,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    rng: RNGLike = None,
    resamples: int = 9999,
) -> TrendReport:
    """NPS per period in time order, with its trend, control limits and shift detection.

    Parameters
    ----------
    scores : array_like or GroupedCounts
        One score per response; or counts grouped by period (labels are the
        periods, e.g. merged from partitions), in which case ``periods``,
        ``weights`` and ``respondents`` are not given. A mean metric needs
        the scores (``GroupedCounts`` hold boxes only).
    periods : array_like
        Period of each response: numbers, strings (sorted), or dates (numpy
        datetime64, Python dates, pandas datetimes; time-zone-aware ones by
        their local wall-clock time) binned by ``freq``. Integer periods keep
        every integer from the first to the last, also when some are missing.
        At most 100,000 periods from the first to the last: a longer span
        (one mistyped year) raises :class:`InvalidOptionError` naming the
        extreme values. pandas inputs (``scores``, ``periods``, ``weights``,
        ``respondents``) are paired by index label, not position (see the
        pandas how-to).
    weights : array_like, optional
        Survey weights.
    metric : Metric, default NPS
        What each period is scored on (:data:`CSAT`, :data:`CES`, any share,
        net score or mean; see :func:`score`); the baseline, margin, slope,
        limits and changes are in its unit.
    freq : {"D", "W", "M", "Q", "Y"}, optional
        Bin for dates (required for dates): day, week (starting on Monday),
        month, quarter, year; labels are the first day of each bin.
    window : int, optional
        Also give the rolling NPS of the last ``window`` periods (an integer
        >= 1; pooled counts).
    confidence : float, default 0.95
        Level of every interval, strictly between 0 and 1.
    method : str, optional
        Interval method for each period (default ``"adjusted-bayes"``) and test
        of each change (default ``"score"``); a name sets both. Shares: as in
        :func:`score` (default ``"wilson"``); means: ``"t"`` (the t interval
        and Welch's test).
    respondents : array_like, optional
        Person id of each response: each person then counts once per period
        (and once per rolling window) with their latest answer, in time order:
        the later period, then within a period the later date (for dates) or
        the later position. Answers with a missing score or period are not
        answers; a missing id is a respondent of its own (never merged with
        other missing ids). ``dropped_repeats`` says how many answers were
        superseded within a period.
    clusters : array_like, optional
        One cluster id per response (respondent, account, store): answers
        sharing an id are not independent. Each period (and rolling window)
        is then a domain of the whole design, its variance cluster-robust
        (``"wald"``: the SE of ``survey::svyby(~y, ~period, svydesign(ids =
        ~cluster, weights = ~w), svymean)``; other methods through the design
        effect, see :func:`score`); the control limits and the CUSUM use each
        period's design effect, and the slope's SE is clustered (CR1). With
        ``respondents`` (which de-duplicates) the two may be the same ids.
    control : {"laney", "p"}, default "laney"
        Control chart behind ``out_of_control``: Laney's p' chart, whose
        limits are widened by the between-period variation of the z-scores
        (sigma_z from their moving ranges; never narrower than the p
        chart's), or the classical p chart. See Notes.
    control_limit : float, default 3.0
        Control limits: baseline +/- control_limit x the SE of a period of
        that size under the baseline (x max(1, sigma_z) for ``"laney"``); a
        finite number >= 0.
    baseline : float, optional
        In-control NPS in points (-100..100), or the metric's level in its
        unit (a scale value for a mean), for the control limits and the
        CUSUM; default the pooled level of all periods. Its variance is the
        pooled one.
    cusum_k, cusum_h : float, default 0.5 and 5.0
        Reference value and decision interval (finite numbers >= 0) of the
        two-sided tabular CUSUM on z_t = (NPS_t - baseline) / SE_t (Page
        1954), divided by max(1, sigma_z) for ``"laney"``. With these
        settings a flat series signals on average once in 465.4 periods
        (``report.cusum_arl``; R ``spc::xcusum.arl(0.5, 5, 0, sided =
        "two")``) and a sustained shift of one SE is found after about 10.4.
    margin : float, default 0
        The smallest change between consecutive periods that matters, in
        NPS points or the metric's unit (a finite number >= 0): each row's
        ``change`` then tests |change| <= margin (see :func:`compare`).
    scale, missing
        As in :func:`score`. Responses with a missing period are left out and
        counted in ``excluded``.
    rng : int or numpy.random.Generator, optional
        Randomness of the resampling methods (``"bootstrap"`` intervals and
        tests, and the Monte Carlo draws of the Bayesian tests of each
        change). The default ``None`` is a fixed seed, so the same call always
        gives the same result; pass a seed or a Generator for other draws.
    resamples : int, default 9999
        Bootstrap resamples or Monte Carlo draws, at least 100.

    Returns
    -------
    TrendReport

    Notes
    -----
    ``slope`` regresses every response's -100/0/+100 on its period index
    (0, 1, 2, ... in time order, empty periods included), which equals weighted
    least squares of the period NPS on the index with weights n_t; its SE is
    the HC1 sandwich (heteroscedasticity-consistent; the outcome is bounded
    and its variance differs between periods), with a normal p-value.
    ``mann_kendall`` is the non-parametric cross-check on the period NPS values
    (it ignores n_t). Each row's ``change`` is this period minus the previous
    one (None for the first, or when either is empty). With clusters the
    changes treat two periods as independent samples, each with its design
    effect; a person answering in both makes them positively correlated, so
    the tests are conservative. Clustered ``GroupedCounts`` must hold one
    label per period and cannot be rolled by ``window``.

    Control chart: z_t = (NPS_t - baseline) / SE_t with SE_t = 100 sqrt(V0 /
    n_t), V0 the pooled variance of one response. The p chart flags |z_t| >
    control_limit. Laney's p' chart (Laney 2002) estimates the spread of the
    z_t from their moving ranges, sigma_z = mean |z_t - z_{t-1}| / 1.128, and
    flags |z_t| > control_limit x max(1, sigma_z): at high volume SE_t is
    tiny and real month-to-month variation would make nearly every period
    "out of control" on a p chart. ``direction`` says which limit a flagged
    period crossed. The CUSUM runs on z_t / max(1, sigma_z) under
    ``"laney"``, restarts after each signal, and lists every signal in
    ``shifts``.

    Means (``metric=Metric.mean(...)``), all in scale units: each period is
    counted as its weighted histogram of the scale values (one bincount; with
    clusters, the per-period cross-products of the clusters' totals by
    value), and its row has the t interval of :func:`score` (``method``
    ``"t"``; R ``t.test`` for unweighted answers, with clusters each period a
    domain of the whole design, ``confint(svyby(~y, ~period, design,
    svymean), df = degf(design))``). Its ``counts`` hold every answer as a
    passive (a mean has no boxes) and ``ratings`` is None. ``change`` is
    Welch's t test of the two periods (R ``t.test(a, b)``), the slope the
    least squares of the answers themselves on the period index (R
    ``sandwich::vcovHC(lm(y ~ t, weights = w), type = "HC1")``; clustered:
    ``vcovCL``). The chart uses z_t = (mean_t - baseline) / sqrt(V0 /
    n_eff_t), with n_eff_t the period's effective size (the variance of one
    answer over the variance of the mean: n unweighted) and V0 the variance
    of one answer over the periods pooled at those sizes.

    References
    ----------
    .. [1] Laney, D. B. (2002). Improved control charts for attributes.
       *Quality Engineering* 14(4), 531-537.
    .. [2] Page, E. S. (1954). Continuous inspection schemes. *Biometrika*
       41, 100-115.

    Examples
    --------
    >>> import netpromoter as nps
    >>> from netpromoter.datasets import example_survey
    >>> s = example_survey()
    >>> report = nps.trend(s.score, s.date, freq="Q")
    >>> [(str(row.period), round(row.result.nps, 1)) for row in report]
    [('2025-01', 27.0), ('2025-04', 18.3), ('2025-07', 15.5), ('2025-10', 31.2)]

    The mean 1-5 satisfaction by quarter, each change a Welch t test:

    >>> mean = nps.Metric.mean(1, 5, name="CSAT mean")
    >>> report = nps.trend(s.csat, s.date, freq="Q", metric=mean)
    >>> print(report.rows[1].result)
    CSAT mean 3.72 (95% CI 3.64 to 3.80, t; n = 998)
    >>> change = report.rows[1].change
    >>> round(change.difference, 3), round(change.pvalue, 3)
    (-0.118, 0.054)
    """
    settings = trend_settings(
        freq=freq,
        window=window,
        confidence=confidence,
        method=method,
        control_limit=control_limit,
        baseline=baseline,
        cusum_k=cusum_k,
        cusum_h=cusum_h,
        scale=scale,
        missing=missing,
        rng=rng,
        resamples=resamples,
        control=control,
        margin=margin,
        metric=metric,
    )
    window, control_limit, baseline = settings.window, settings.control_limit, settings.baseline
    cusum_k, cusum_h = settings.cusum_k, settings.cusum_h
    kept: Responses | None = None
    if isinstance(scores, GroupedCounts):
        if metric.kind == "mean":
            raise InvalidOptionError(
                f"metric {metric.name} is a mean: trend needs the scores and their periods, "
                "not GroupedCounts (which hold boxes only)"
            )
        if periods is not None or weights is not None or respondents is not None or clusters is not None:
            raise InvalidOptionError(
                "with GroupedCounts the periods are its labels; periods, weights, respondents and "
                "clusters cannot be given"
            )
        labels, per_period, windowed, excluded = _from_grouped(scores, freq, window)
        excluded, repeats = scores.excluded + excluded, 0
        found = _count_periods(per_period, windowed, settings, kept)
    else:
        if periods is None:
            raise InvalidOptionError("trend needs periods: the period of each response")
        labels, tally, rolled, excluded, repeats, kept = _from_responses(
            scores, periods, weights, freq, window, respondents, settings.scale, missing, clusters, metric
        )
        if metric.kind == "mean":
            found = _mean_periods(tally, rolled, settings, kept)
        else:
            found = _count_periods(
                tally.grouped(), None if rolled is None else rolled.grouped(), settings, kept
            )
    t = len(labels)
    level0 = baseline if baseline is not None else found.level
    n_eff, sd, estimate = found.n_eff, found.sd, found.estimate
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (estimate - level0) / sd
    z = np.where(n_eff > 0, z, np.nan)  # empty periods: no z, the CUSUM carries over
    sigma_z = laney_sigma_z(z) if settings.control == "laney" else 1.0
    widen = max(1.0, sigma_z) if math.isfinite(sigma_z) else 1.0
    lower, upper = level0 - control_limit * widen * sd, level0 + control_limit * widen * sd
    above, below = (n_eff > 0) & (estimate > upper), (n_eff > 0) & (estimate < lower)
    flags = above | below
    path = restarting_cusum(z / widen, cusum_k, cusum_h)
    high, low = path.high, path.low
    shifts = tuple(
        Shift(labels[i], "rise" if rise else "drop", int(i), labels[start], int(start))
        for i, rise, start in zip(path.signals, path.rises, path.onsets, strict=True)
    )
    arl = normal_cusum_arl(cusum_k, cusum_h)
    if not 1.0 <= arl < 1e9:  # beyond where the integral equation is solved reliably
        arl = math.inf
    rows = tuple(
        TrendRow(
            period=labels[i],
            result=found.results[i],
            change=found.changes[i],
            out_of_control=bool(flags[i]),
            lower_limit=float(lower[i]),
            upper_limit=float(upper[i]),
            rolling=found.rolling[i],
            cusum_high=float(high[i]),
            cusum_low=float(low[i]),
            direction="high" if above[i] else ("low" if below[i] else None),
        )
        for i in range(t)
    )
    nonempty = n_eff > 0
    if t == 0 or not nonempty.all():
        empty = t - int(np.count_nonzero(nonempty))
        message = (
            f"{empty} of {t} periods have no responses: their {metric.name} and interval are NaN"
            if t
            else "no response has a period: the report has no rows"
        )
        warnings.warn(EmptyDataWarning(message), stacklevel=2)
    return TrendReport(
        rows=rows,
        slope=found.slope,
        mann_kendall=_mann_kendall(estimate[nonempty], np.arange(t, dtype=np.float64)[nonempty]),
        shift=shifts[0] if shifts else None,
        baseline=float(level0),
        confidence=settings.level,
        method=settings.interval_method,
        window=window,
        freq=freq,
        excluded=excluded,
        dropped_repeats=repeats,
        shifts=shifts,
        control=settings.control,
        sigma_z=float(sigma_z),
        cusum_arl=arl,
        margin=settings.margin,
        metric=metric,
    )


@dataclass(frozen=True, slots=True)
class _Periods:
    """Each period's result, and what the chart, the CUSUM and the slope need, in the metric's unit."""

    results: list[NPSResult]
    rolling: list[NPSResult | None]
    estimate: FloatArray  # each period's estimate (NaN when empty)
    n_eff: FloatArray  # effective size, n over the design effect (0 when empty)
    sd: FloatArray  # SE of a period of that size under the pooled variance of one response
    level: float  # the pooled estimate
    changes: list[Comparison | None]
    slope: Slope


def _comparisons(
    arrays: ComparisonArrays,
    results: list[NPSResult],
    n_eff: FloatArray,
    settings: TrendSettings,
    unit: float,
) -> list[Comparison | None]:
    """Each period minus the previous one (``arrays`` row i - 1 for period i; ``unit`` 100 for points)."""
    changes: list[Comparison | None] = [None] * len(results)
    for i in range(1, len(results)):
        if n_eff[i] > 0 and n_eff[i - 1] > 0:
            changes[i] = Comparison(
                difference=unit * float(arrays.difference[i - 1]),
                se=unit * float(arrays.se[i - 1]),
                ci=ConfidenceInterval(unit * float(arrays.low[i - 1]), unit * float(arrays.high[i - 1])),
                statistic=float(arrays.statistic[i - 1]),
                pvalue=float(arrays.pvalue[i - 1]),
                method=settings.test_method,
                confidence=settings.level,
                alternative="two-sided",
                kind="two-sample",
                a=results[i],
                b=results[i - 1],
                margin=settings.margin,
            )
    return changes


def _count_periods(
    per_period: GroupedCounts, windowed: GroupedCounts | None, settings: TrendSettings, kept: Responses | None
) -> _Periods:
    """Net scores and shares per period, from the (k, 3) counts: everything in points (x 100)."""
    metric, level, options = settings.metric, settings.level, settings.options
    t = len(per_period)
    results = group_results(per_period, settings.interval_method, level, options, metric) if t else []
    rolling: list[NPSResult | None] = [None] * t
    if windowed is not None and t:
        rolling = list(group_results(windowed, settings.interval_method, level, options, metric))
    x = effective_counts(
        per_period.sums, per_period.squares, per_period.cross_products, per_period.design_sizes()
    )
    pooled = x.sum(axis=0)
    total = pooled.sum()
    p0, d0 = (pooled[2] / total, pooled[0] / total) if total else (math.nan, math.nan)
    v0 = p0 + d0 - (p0 - d0) ** 2  # pooled variance of one response (on -1..1)
    n_eff = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = 100.0 * np.sqrt(v0 / n_eff)
        nps_t = 100.0 * (x[:, 2] - x[:, 0]) / n_eff
    changes: list[Comparison | None] = [None] * t
    if t > 1:
        arrays = two_sample_arrays(
            x[1:],
            x[:-1],
            method=settings.test_method,
            confidence=level,
            alternative="two-sided",
            options=options,
            margin=settings.margin / 100.0,
            share=metric.kind == "share",
        )
        changes = _comparisons(arrays, results, n_eff, settings, 100.0)
    return _Periods(
        results=results,
        rolling=rolling,
        estimate=nps_t,
        n_eff=n_eff,
        sd=sd,
        level=100.0 * (pooled[2] - pooled[0]) / total if total else math.nan,
        changes=changes,
        slope=_slope(per_period.sums, per_period.squares, per_period.n, level, kept),
    )


def _mean_periods(
    tally: _Tally, windowed: _Tally | None, settings: TrendSettings, kept: Responses | None
) -> _Periods:
    """Means per period (scale units): t intervals, Welch tests of the changes, chart on effective sizes.

    As for the NPS, the chart pools the periods' histograms rescaled to their
    effective sizes; its level is their mean and V0 the variance of one
    response about it.
    """
    metric, level = settings.metric, settings.level
    values = np.arange(metric.minimum, metric.maximum + 1, dtype=np.float64)
    t = tally.sums.shape[0]
    moments, results = _mean_results(tally, values, settings)
    rolling: list[NPSResult | None] = [None] * t
    if windowed is not None:
        rolling = list(_mean_results(windowed, values, settings)[1])
    n_eff = _mean_effective_n(tally, values)
    total = tally.sums.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where((n_eff == total)[:, None], tally.sums, tally.sums / total[:, None] * n_eff[:, None])
    x = np.where((n_eff > 0)[:, None], x, 0.0)
    pooled = x.sum(axis=0)
    size = float(pooled.sum())
    pooled_mean = float(pooled @ values) / size if size > 0 else math.nan
    v0 = float(pooled @ (values - pooled_mean) ** 2) / size if size > 0 else math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(v0 / n_eff)
    changes: list[Comparison | None] = [None] * t
    if t > 1:
        arrays = welch_arrays(
            _moment_rows(moments, slice(1, None)),
            _moment_rows(moments, slice(None, -1)),
            confidence=level,
            alternative="two-sided",
            margin=settings.margin,
        )
        changes = _comparisons(arrays, results, n_eff, settings, 1.0)
    return _Periods(
        results=results,
        rolling=rolling,
        estimate=moments.mean,
        n_eff=n_eff,
        sd=sd,
        level=pooled_mean,
        changes=changes,
        slope=_slope(tally.sums, tally.squares, tally.n.astype(np.intp), level, kept, values),
    )


def _mean_results(
    tally: _Tally, values: FloatArray, settings: TrendSettings
) -> tuple[MeanMoments, list[NPSResult]]:
    """Each row's mean with its t interval (``counts``: every response a passive; no ``ratings``)."""
    products, clusters = tally.design.get("cross_products"), tally.design_sizes()
    moments = mean_moments(tally.sums, tally.squares, values, tally.n, products=products, clusters=clusters)
    bounds = mean_interval_arrays(
        tally.sums,
        tally.squares,
        values,
        tally.n,
        confidence=settings.level,
        products=products,
        clusters=clusters,
    )
    middle = tally.middle()
    results = []
    for i in range(tally.sums.shape[0]):  # one result object per period
        counts = middle.counts(i)
        results.append(
            NPSResult(
                nps=float(moments.mean[i]),
                se=float(bounds.se[i]),
                ci=ConfidenceInterval(float(bounds.low[i]), float(bounds.high[i])),
                confidence=settings.level,
                method=settings.interval_method,
                counts=counts,
                n=counts.n,
                missing=counts.missing,
                metric=settings.metric,
            )
        )
    return moments, results


def _moment_rows(moments: MeanMoments, rows: slice) -> MeanMoments:
    """The moments of some rows (every per-row array sliced; the scale range kept)."""
    sliced = {
        f.name: getattr(moments, f.name)[rows]
        for f in fields(moments)
        if isinstance(getattr(moments, f.name), np.ndarray)
    }
    return replace(moments, **sliced)


def _mean_effective_n(tally: _Tally, values: FloatArray) -> FloatArray:
    """Each row's effective size: the variance of one response over the variance of the mean.

    As ``effective_counts`` for the NPS: n for unit weights; otherwise V_t /
    var_t with V_t the weighted variance of one response and var_t the
    linearisation variance sum_k S2_tk a_k^2 / W_t^2 (without survey's
    n / (n - 1)), or with clusters m / (m - 1) a'Pa / W_t^2 (m the design's
    clusters). Where var_t is 0 (every answer at one value): Kish's
    W^2 / sum w^2; a clustered var_t of 0 with answers at two values: the
    weights alone; below two clusters, and for empty rows: 0.
    """
    sums, squares = tally.sums, tally.squares
    total = sums.sum(axis=1)
    weighted = ~np.all(squares == sums, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = sums / total[:, None]
        a = values[None, :] - (share @ values)[:, None]
        spread = (share * a * a).sum(axis=1)
        ratio = (squares / total[:, None]) / total[:, None]
        linear = (ratio * a * a).sum(axis=1)
        n_eff = np.where(weighted, np.where(linear > 0, spread / linear, 1.0 / ratio.sum(axis=1)), total)
        m = tally.design_sizes()
        if m is not None:
            scaled = tally.design["cross_products"] / total[:, None, None] / total[:, None, None]
            variance = m / (m - 1.0) * np.einsum("ti,tij,tj->t", a, scaled, a)
            clustered = spread / variance
            usable = (m > 1) & (variance > 0) & np.isfinite(clustered)
            n_eff = np.where(usable, clustered, np.where(m > 1, n_eff, 0.0))
    found: FloatArray = np.where(total > 0, n_eff, 0.0)
    return found
