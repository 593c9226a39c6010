"""``trend()``: is NPS moving, and which periods need attention."""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
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
from .._input._align import align_inputs
from .._input._options import (
    CONTROL_CHARTS,
    MISSING_POLICIES,
    TWO_SAMPLE_METHODS,
    check_choice,
    check_confidence,
    check_freq,
    check_integer,
    check_margin,
    check_number,
    check_points,
    check_scale,
)
from .._input._periods import bin_periods
from .._input._plain import fmt_change, fmt_p, fmt_points, html_table
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import check_same_length, validate_scores
from .._results._base import Result
from .._results._rows import RowTable
from .._results._values import ConfidenceInterval, NPSResult, group_results
from .._stats._charts import laney_sigma_z, restarting_cusum
from .._stats._comparison import two_sample_arrays
from .._stats._cusum import normal_cusum_arl
from .._stats._intervals import DEFAULT_METHOD, IntervalOptions, effective_counts
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

    def _shift_text(self) -> str:
        if not self.shifts:
            return "no shift"
        return ", ".join(f"{s.direction} at {s.period}" for s in self.shifts)

    def __repr__(self) -> str:
        flagged = sum(r.out_of_control for r in self.rows)
        return (
            f"TrendReport({len(self.rows)} periods, slope {self.slope.estimate:+.2f} points/period "
            f"(p = {fmt_p(self.slope.pvalue)}), {flagged} out of control, {self._shift_text()})"
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
                    fmt_points(row.result.nps),
                    f"{fmt_points(row.result.ci.low)} to {fmt_points(row.result.ci.high)}",
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
            f"NPS by period; slope {self.slope.estimate:+.2f} points/period (p {fmt_p(self.slope.pvalue)}); "
            f"high/low: outside the {chart} limits; {shifts} (a false signal every "
            f"{self.cusum_arl:,.0f} periods on average)"
        )
        return html_table(
            ["period", "n", "NPS", f"{level} CI", "change", ""],
            body,
            caption=caption,
            marked=[row.out_of_control for row in self.rows],
        )


def _window_counts(
    codes: IntArray,
    index: NDArray[np.integer[Any]],
    w: FloatArray,
    t: int,
    window: int,
    following: IntArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Counts of windows ending at each period, each response in its own contiguous run.

    Response i (period codes[i], category index[i]) counts in the windows ending at
    T = codes[i] .. min(codes[i] + window - 1, following[i] - 1): those that include
    its period but not a later answer of the same person. A difference array over T
    and a cumulative sum give every window's (sums, squares, responses) in one pass.
    """
    stop = np.minimum(np.minimum(codes + window, following), t)  # exclusive; past the end is the end
    valid = stop > codes
    every = bool(valid.all())
    size = (t + 1) * 3
    kept = index if every else index[valid]
    enter = np.multiply(codes if every else codes[valid], 3, dtype=np.intp)
    enter += kept
    if window > 1:
        leave = np.multiply(stop if every else stop[valid], 3, dtype=np.intp)
        leave += kept

    def accumulate(values: FloatArray) -> FloatArray:
        values = values if every else values[valid]
        add = np.bincount(enter, weights=values, minlength=size)
        if window == 1:  # each response in its own period only: the bincount is exact
            return add.reshape(t + 1, 3)[:t].astype(np.float64, copy=False)
        remove = np.bincount(leave, weights=values, minlength=size)
        return np.cumsum((add - remove).reshape(t + 1, 3), axis=0)[:t]

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
    sums: FloatArray, squares: FloatArray, n: IntArray, confidence: float, clustered: Responses | None = None
) -> Slope:
    """WLS of responses coded -100/0/+100 on the period index, HC1 sandwich SE.

    Everything comes from per-period counts: with W_t and S2_tc the sums of
    weights and squared weights, the residual of category c in period t is
    y_c - fitted_t, and sum_i w_i^2 (x_i - xbar)^2 e_i^2 = sum_t (t - xbar)^2 sum_c S2_tc (y_c - fitted_t)^2.

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
    ybar = float((sums @ _Y).sum() / total)
    sxx = float((weight * (t - xbar) ** 2).sum())
    sxy = float(((t - xbar) * (sums @ _Y - weight * ybar)).sum())
    b = sxy / sxx
    fitted = ybar + b * (t - xbar)
    meat = float(((t - xbar) ** 2 * (squares * (_Y[None, :] - fitted[:, None]) ** 2).sum(axis=1)).sum())
    responses = float(n.sum())
    correction = responses / (responses - 2) if responses > 2 else nan  # HC1
    if clustered is not None:
        ids, period, category, weight = clustered
        score = weight * (period - xbar) * (_Y[category] - fitted[period])
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
) -> tuple[tuple[Hashable, ...], GroupedCounts, GroupedCounts | None, int, int, Responses | None]:
    """Per-period (and per-window) counts from responses, in one pass each."""
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
    if valid.weights is None and respondents is None and clusters is None:  # the common case: one bincount
        per_period, windowed, excluded = _plain_counts(
            valid.values, valid.missing_mask, found.codes, t, window, scale
        )
        return found.labels, per_period, windowed, excluded, 0, None
    w = np.ones(valid.length) if valid.weights is None else valid.weights
    used = found.codes >= 0
    if valid.missing_mask is not None:
        used &= ~valid.missing_mask
    codes, index, weight = found.codes[used], category_index(valid.values, scale)[used], w[used]
    following, repeats = _next_answer(found.codes, found.order, respondents, used, t)
    following = following[used]
    sums, squares, counted = _window_counts(codes, index, weight, t, 1, following)
    per_missing = np.bincount(found.codes[(found.codes >= 0) & ~used], minlength=t)[:t]
    ids = design = kept = None
    if clusters is not None:
        all_ids, m = cluster_codes(clusters, valid.length)
        ids = all_ids[used]
        design = _window_design(ids, m, codes, index, weight, t, 1, following)
        alone = np.minimum(np.minimum(codes + 1, following), t) > codes  # not superseded in its period
        kept = (ids[alone], codes[alone], index[alone], weight[alone])
    per_period = GroupedCounts(
        list(range(t)), sums, squares, n=np.rint(counted.sum(axis=1)), missing=per_missing, **(design or {})
    )
    windowed = None
    if window is not None:
        wsums, wsquares, wcounted = _window_counts(codes, index, weight, t, window, following)
        wdesign = None if ids is None else _window_design(ids, m, codes, index, weight, t, window, following)
        windowed = GroupedCounts(
            list(range(t)), wsums, wsquares, n=np.rint(wcounted.sum(axis=1)), **(wdesign or {})
        )
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
        products, present = group_cross_products(*kept, t)
    else:
        stop = np.minimum(np.minimum(codes + window, following), t)
        products, present = spell_cross_products(ids, codes, stop, index, weight, t)
    whole = cluster_cross_products(kept[0], m, kept[2], kept[3])
    return {
        "cross_products": products,
        "clusters": present,
        "total_cross_products": whole,
        "total_clusters": m,
    }


def _plain_counts(
    values: Any, missing_mask: Any, codes: IntArray, t: int, window: int | None, scale: Scale
) -> tuple[GroupedCounts, GroupedCounts | None, int]:
    """Unweighted counts without respondents: one ``np.bincount`` over period * 4 + column.

    Column 3 counts missing scores and period t the responses without a period
    (as ``GroupedCounts.from_scores``); windows are differences of cumulative
    sums of these whole numbers, exact in floating point.
    """
    period = np.where(codes >= 0, codes, t)
    index = np.multiply(period, 4, dtype=np.intp)
    index += category_index(values, scale)
    if missing_mask is not None:
        index[missing_mask] = period[missing_mask] * 4 + 3
    counted = np.bincount(index, minlength=4 * (t + 1)).reshape(t + 1, 4)
    sums = counted[:t, :3].astype(np.float64)
    n = counted[:t, 0] + counted[:t, 1] + counted[:t, 2]
    per_period = GroupedCounts(list(range(t)), sums, sums, n=n, missing=counted[:t, 3])
    windowed = None
    if window is not None:
        total = np.cumsum(sums, axis=0)
        shifted = np.zeros_like(total)
        shifted[window:] = total[:-window] if window < t else 0.0
        rolled = total - shifted
        windowed = GroupedCounts(list(range(t)), rolled, rolled, n=np.rint(rolled.sum(axis=1)))
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
) -> TrendSettings:
    """Every option of :func:`trend` through the one validation path, before any counting."""
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    chosen = None if method is None else check_choice(method, TWO_SAMPLE_METHODS, "method")
    return TrendSettings(
        freq=None if freq is None else _checked_freq(freq),
        window=None if window is None else check_integer(window, "window", low=1),
        level=check_confidence(confidence),
        interval_method=chosen or DEFAULT_METHOD,
        test_method=chosen or "score",
        control_limit=check_number(control_limit, "control_limit", low=0.0),
        baseline=None if baseline is None else check_points(baseline, "baseline"),
        cusum_k=check_number(cusum_k, "cusum_k", low=0.0),
        cusum_h=check_number(cusum_h, "cusum_h", low=0.0),
        options=IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="bca", prior=None),
        control=check_choice(control, CONTROL_CHARTS, "control"),
        margin=check_margin(margin),
    )


def trend(
    scores: ScoresLike | GroupedCounts,
    periods: LabelsLike | None = None,
    weights: WeightsLike | None = None,
    *,
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
        ``weights`` and ``respondents`` are not given.
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
        of each change (default ``"score"``); a name sets both.
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
        In-control NPS in points (-100..100) for the control limits and the
        CUSUM; default the pooled NPS of all periods. Its variance is the
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
        NPS points (a finite number >= 0): each row's ``change`` then tests
        |change| <= margin (see :func:`compare`).
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
    )
    level, options, window = settings.level, settings.options, settings.window
    interval_method, test_method = settings.interval_method, settings.test_method
    control_limit, baseline = settings.control_limit, settings.baseline
    cusum_k, cusum_h = settings.cusum_k, settings.cusum_h
    kept: Responses | None = None
    if isinstance(scores, GroupedCounts):
        if periods is not None or weights is not None or respondents is not None or clusters is not None:
            raise InvalidOptionError(
                "with GroupedCounts the periods are its labels; periods, weights, respondents and "
                "clusters cannot be given"
            )
        labels, per_period, windowed, excluded = _from_grouped(scores, freq, window)
        excluded, repeats = scores.excluded + excluded, 0
    else:
        if periods is None:
            raise InvalidOptionError("trend needs periods: the period of each response")
        labels, per_period, windowed, excluded, repeats, kept = _from_responses(
            scores, periods, weights, freq, window, respondents, scale, missing, clusters
        )
    t = len(labels)
    sums, squares = per_period.sums, per_period.squares
    sizes = per_period.n.astype(np.float64)
    results = group_results(per_period, interval_method, level, options) if t else []
    rolling: list[NPSResult | None] = [None] * t
    if windowed is not None and t:
        rolling = list(group_results(windowed, interval_method, level, options))

    x = effective_counts(sums, squares, per_period.cross_products, per_period.design_sizes())
    pooled = x.sum(axis=0)
    total = pooled.sum()
    level0 = (
        baseline if baseline is not None else (100.0 * (pooled[2] - pooled[0]) / total if total else math.nan)
    )
    p0, d0 = (pooled[2] / total, pooled[0] / total) if total else (math.nan, math.nan)
    v0 = p0 + d0 - (p0 - d0) ** 2  # pooled variance of one response (on -1..1)
    n_eff = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = 100.0 * np.sqrt(v0 / n_eff)
        nps_t = 100.0 * (x[:, 2] - x[:, 0]) / n_eff
        z = (nps_t - level0) / sd
    z = np.where(n_eff > 0, z, np.nan)  # empty periods: no z, the CUSUM carries over
    sigma_z = laney_sigma_z(z) if settings.control == "laney" else 1.0
    widen = max(1.0, sigma_z) if math.isfinite(sigma_z) else 1.0
    lower, upper = level0 - control_limit * widen * sd, level0 + control_limit * widen * sd
    above, below = (n_eff > 0) & (nps_t > upper), (n_eff > 0) & (nps_t < lower)
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

    changes: list[Comparison | None] = [None] * t
    if t > 1:
        arrays = two_sample_arrays(
            x[1:],
            x[:-1],
            method=test_method,
            confidence=level,
            alternative="two-sided",
            options=options,
            margin=settings.margin / 100.0,
        )
        for i in range(1, t):
            if n_eff[i] > 0 and n_eff[i - 1] > 0:
                changes[i] = Comparison(
                    difference=100.0 * float(arrays.difference[i - 1]),
                    se=100.0 * float(arrays.se[i - 1]),
                    ci=ConfidenceInterval(
                        100.0 * float(arrays.low[i - 1]), 100.0 * float(arrays.high[i - 1])
                    ),
                    statistic=float(arrays.statistic[i - 1]),
                    pvalue=float(arrays.pvalue[i - 1]),
                    method=test_method,
                    confidence=level,
                    alternative="two-sided",
                    kind="two-sample",
                    a=results[i],
                    b=results[i - 1],
                    margin=settings.margin,
                )
    rows = tuple(
        TrendRow(
            period=labels[i],
            result=results[i],
            change=changes[i],
            out_of_control=bool(flags[i]),
            lower_limit=float(lower[i]),
            upper_limit=float(upper[i]),
            rolling=rolling[i],
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
            f"{empty} of {t} periods have no responses: their NPS and interval are NaN"
            if t
            else "no response has a period: the report has no rows"
        )
        warnings.warn(EmptyDataWarning(message), stacklevel=2)
    return TrendReport(
        rows=rows,
        slope=_slope(sums, squares, sizes.astype(np.intp), level, kept),
        mann_kendall=_mann_kendall(nps_t[nonempty], np.arange(t, dtype=np.float64)[nonempty]),
        shift=shifts[0] if shifts else None,
        baseline=float(level0),
        confidence=level,
        method=interval_method,
        window=window,
        freq=freq,
        excluded=excluded,
        dropped_repeats=repeats,
        shifts=shifts,
        control=settings.control,
        sigma_z=float(sigma_z),
        cusum_arl=arl,
        margin=settings.margin,
    )
