"""``segments()``: which channels, regions and plans really differ."""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

import numpy as np

from .._counts._grouped import GroupedCounts, count_table
from .._counts._ratings import metric_scale
from .._input._metric import NPS, Metric
from .._input._options import (
    CORRECTIONS,
    MISSING_GROUPS,
    MISSING_POLICIES,
    ORDERS,
    check_choice,
    check_confidence,
    check_flag,
    check_label,
    check_margin,
    check_number,
    check_points,
    split_method,
)
from .._input._plain import fmt_label, fmt_p, fmt_p_after, fmt_points, html_table, text_table
from .._input._scale import STANDARD, Scale
from .._results._base import Result
from .._results._rows import LazyRows, RowTable
from .._results._values import ConfidenceInterval, NPSResult, ResultColumns
from .._stats._comparison import ComparisonArrays, benchmark_arrays, share_rows, two_sample_arrays
from .._stats._corrections import adjust_pvalues
from .._stats._fayherriot import fay_herriot
from .._stats._intervals import IntervalOptions, effective_counts
from .._stats._means import (
    MeanMoments,
    mean_benchmark_arrays,
    mean_interval_arrays,
    mean_moments,
    welch_arrays,
)
from .._stats._omnibus import equal_nps_lr_test
from ..errors import InvalidOptionError, SmallSampleWarning
from ..typing import (
    BoolArray,
    Correction,
    FloatArray,
    IntArray,
    Method,
    MissingGroups,
    MissingPolicy,
    Order,
    Reference,
    TwoSampleMethod,
)

if TYPE_CHECKING:
    from ..typing import GroupsLike, LabelsLike, RNGLike, ScoresLike, WeightsLike

__all__ = ["OmnibusTest", "SegmentReport", "SegmentRow", "Shrinkage", "metric_results", "segments"]


@dataclass(frozen=True, slots=True)
class OmnibusTest(Result):
    """Test of "all segments share one NPS"."""

    statistic: float
    df: int
    pvalue: float
    method: str = "likelihood-ratio"


@dataclass(frozen=True, slots=True)
class Shrinkage(Result):
    """The Fay-Herriot fit behind each row's ``shrunk`` NPS (``segments(..., shrinkage=True)``).

    ``mean`` is the estimated NPS of a typical segment and ``between_sd`` the
    spread of the segments' true NPS around it (square root of the REML
    between-segment variance), both in points; ``segments`` counts the
    segments with responses that entered the fit.
    """

    mean: float
    between_sd: float
    segments: int
    method: str = "REML"


@dataclass(frozen=True, slots=True)
class SegmentRow(Result):
    """One segment (or, for ``reference="pairwise"``, one pair of segments).

    ``difference``, ``se`` and ``ci`` are in NPS points: segment minus reference
    (for a pair: first minus second; for a benchmark: NPS minus the benchmark).
    ``result`` is the segment's own NPS with its interval; ``other`` the second
    segment's for a pair or a label reference. With ``shrinkage=True``,
    ``shrunk`` is the segment's empirical-Bayes (Fay-Herriot) NPS and
    ``shrunk_se`` the square root of its estimated mean squared error (points).

    In ``to_frame()`` the segment's own NPS is in ``nps``, ``nps_se``, ``nps_low``,
    ``nps_high``, ``n``, ...; the difference in ``difference``, ``se``,
    ``difference_low``, ``difference_high``; ``other``'s in ``other_nps``, ...
    """

    _columns: ClassVar[Mapping[str, str | None]] = {
        "result": "",
        "result.se": "nps_se",
        "result.ci": "nps",
        "ci": "difference",
    }

    segment: Hashable
    result: NPSResult
    difference: float
    se: float
    ci: ConfidenceInterval
    pvalue: float
    adjusted_pvalue: float
    significant: bool
    small: bool
    other: NPSResult | None = None
    shrunk: float | None = None
    shrunk_se: float | None = None


@dataclass(frozen=True, slots=True)
class _SegmentTable:
    """Every row's numbers as arrays, in the order computed; rows are built from it on demand.

    ``own`` and ``other`` index the segments' results (-1: no other result);
    ``order`` maps the report's row positions to entries here.
    """

    labels: tuple[Hashable, ...]
    results: ResultColumns
    own: IntArray
    other: IntArray | None
    difference: FloatArray
    se: FloatArray
    low: FloatArray
    high: FloatArray
    pvalue: FloatArray
    adjusted: FloatArray
    significant: BoolArray
    small: BoolArray
    shrunk: FloatArray | None
    shrunk_se: FloatArray | None
    order: IntArray

    def row(self, position: int) -> SegmentRow:
        i = int(self.order[position])
        j = -1 if self.other is None else int(self.other[i])
        return SegmentRow(
            segment=self.labels[i],
            result=self.results.result(int(self.own[i])),
            difference=float(self.difference[i]),
            se=float(self.se[i]),
            ci=ConfidenceInterval(float(self.low[i]), float(self.high[i])),
            pvalue=float(self.pvalue[i]),
            adjusted_pvalue=float(self.adjusted[i]),
            significant=bool(self.significant[i]),
            small=bool(self.small[i]),
            other=None if j < 0 else self.results.result(j),
            shrunk=None if self.shrunk is None else float(self.shrunk[i]),
            shrunk_se=None if self.shrunk_se is None else float(self.shrunk_se[i]),
        )

    def columns(self, factors: tuple[str, ...], pairwise: bool) -> dict[str, Any]:
        """The columns of ``to_frame()``, in row order, each built from an array in one step."""
        order = self.order
        labels = [self.labels[i] for i in order.tolist()]
        out: dict[str, Any] = {}
        if pairwise:
            pairs = [_pair(label) for label in labels]
            out.update(_label_columns([first for first, _ in pairs], factors, ""))
            out.update(_label_columns([second for _, second in pairs], factors, "other_"))
        else:
            out.update(_label_columns(labels, factors, ""))
        own = self.own[order]
        out.update(_result_columns(self.results, own, "nps", ""))
        out["difference"] = self.difference[order]
        out["se"] = self.se[order]
        out["difference_low"] = self.low[order]
        out["difference_high"] = self.high[order]
        out["pvalue"] = self.pvalue[order]
        out["adjusted_pvalue"] = self.adjusted[order]
        out["significant"] = self.significant[order]
        out["small"] = self.small[order]
        if self.other is not None:
            out.update(_result_columns(self.results, self.other[order], "other_nps", "other_"))
        if self.shrunk is not None and self.shrunk_se is not None:
            out["shrunk"] = self.shrunk[order]
            out["shrunk_se"] = self.shrunk_se[order]
        return out


def _pair(label: Hashable) -> tuple[Hashable, Hashable]:
    """The two segments of a pairwise row's label."""
    pair = cast(tuple[Hashable, Hashable], label)  # pairwise labels are (first, second) tuples
    return pair[0], pair[1]


def _label_columns(labels: list[Any], factors: tuple[str, ...], prefix: str) -> dict[str, Any]:
    """One column per grouping factor; a missing label stays None (an object column)."""
    if len(factors) == 1:
        parts = [labels]
    else:
        parts = [[None if label is None else label[f] for label in labels] for f in range(len(factors))]
    out: dict[str, Any] = {}
    for name, values in zip(factors, parts, strict=True):
        if any(value is None for value in values):
            column: Any = np.empty(len(values), dtype=object)
            column[:] = values
        else:
            column = values
        out[prefix + name] = column
    return out


def _result_columns(results: ResultColumns, index: IntArray, nps: str, prefix: str) -> dict[str, Any]:
    """The columns ``flat_record`` gives an NPSResult (``nps``, ``nps_se``, ... ``missing``)."""
    groups = results.groups
    sums, squares = groups.sums[index], groups.squares[index]
    total = sums[:, 0] + sums[:, 1] + sums[:, 2]
    square_total = squares[:, 0] + squares[:, 1] + squares[:, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        effective = np.where(square_total > 0, total * total / square_total, 0.0)
    whole = bool(np.array_equal(groups.sums, groups.squares))  # unweighted: counts are ints
    ci = f"{prefix}ci_" if prefix else f"{nps}_"
    out: dict[str, Any] = {
        nps: results.nps[index],
        f"{prefix}se" if prefix else f"{nps}_se": results.se[index],
        f"{ci}low": results.low[index],
        f"{ci}high": results.high[index],
        f"{prefix}confidence": np.full(index.shape[0], results.confidence),
        f"{prefix}method": [results.method] * index.shape[0],
    }
    for j, name in enumerate(("detractors", "passives", "promoters")):
        out[prefix + name] = sums[:, j].astype(np.int64) if whole else sums[:, j]
    out[f"{prefix}effective_n"] = effective
    out[f"{prefix}n"] = groups.n[index].astype(np.int64)
    out[f"{prefix}missing"] = groups.missing[index].astype(np.int64)
    out[f"{prefix}metric"] = [results.metric.name] * index.shape[0]
    return out


@dataclass(frozen=True, slots=True, repr=False)
class SegmentReport(RowTable[SegmentRow]):
    """Per-segment NPS, tests against the reference, and an omnibus test.

    Iterating yields :class:`SegmentRow` objects in the report's order;
    ``report[label]`` finds a row by its segment label. The numbers are held
    as arrays and a row object is built only when it is read, so a report on
    100,000 segments costs no more than its arithmetic; ``to_frame()`` is built
    from the arrays directly. ``str(report)`` is the table (long ones shortened).

    ``factors`` names the grouping columns: ``("segment",)`` for one; for
    several, their names (a DataFrame's columns, a Series' name) or
    ``segment_0``, ``segment_1``, ...; ``to_frame()`` has one column per factor
    (for pairs, the second segment's as ``other_<factor>``). A missing group
    label is ``None`` everywhere in Python, ``None`` in ``to_frame()`` too (an
    object column, so ``frame.segment.isna()`` finds it), and "(missing)" in
    text, HTML and plots.
    """

    _key: ClassVar[str] = "segment"

    rows: Sequence[SegmentRow]
    omnibus: OmnibusTest
    overall: NPSResult
    reference: Hashable
    correction: str | None
    confidence: float
    method: str
    test_method: str
    min_n: float
    order: str
    excluded: int
    margin: float = 0.0
    factors: tuple[str, ...] = ("segment",)
    shrinkage: Shrinkage | None = None

    def _table(self) -> _SegmentTable | None:
        source = getattr(self.rows, "source", None)
        return source if isinstance(source, _SegmentTable) else None

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per report row, built from the arrays (needs pandas).

        Columns: one per grouping factor (``segment`` for a single one), then
        the segment's ``nps``, ``nps_se``, ``nps_low``, ``nps_high``, ...,
        ``n``, ``missing``; ``difference``, ``se``, ``difference_low``,
        ``difference_high``, ``pvalue``, ``adjusted_pvalue``, ``significant``,
        ``small``; ``other_*`` for pairs and label references; ``shrunk`` and
        ``shrunk_se`` with shrinkage.
        """
        table = self._table()
        if table is None:  # pragma: no cover - rows given by hand
            return RowTable.to_frame(self)
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install 'netpromoter[pandas]'") from None
        columns = table.columns(self.factors, self.reference == "pairwise")
        for name, values in columns.items():  # keep None (a missing label) as None, not NaN
            if isinstance(values, np.ndarray) and values.dtype == object:
                columns[name] = pd.Series(values, dtype=object)
        return pd.DataFrame(columns)

    def _against(self) -> str:
        if self.reference == "pairwise":
            return "each other (pairwise)"
        if isinstance(self.reference, float):
            return f"the benchmark {self.overall.metric.format(self.reference)}"
        if self.reference in ("overall", "rest"):
            return "the whole sample" if self.reference == "overall" else "the rest"
        return f"segment {fmt_label(self.reference)}"

    def _display(self, limit: int) -> tuple[list[str], list[list[str]], list[bool], int]:
        """Header, formatted cells and significance marks of the first rows; rows left out."""
        level = f"{100 * self.confidence:g}%"
        pairwise = self.reference == "pairwise"
        name, show, diff = self.overall.metric.name, self.overall.metric.format, self._difference
        if pairwise:
            header = ["pair", name, f"other {name}", "difference", f"{level} CI", "adj. p"]
        else:
            header = ["segment", "n", name, f"{level} CI", "difference", "adj. p"]
        shrunk = self.shrinkage is not None
        if shrunk:
            header.append("shrunk")
        header.append("")
        shown = min(len(self), limit)
        body, marks = [], []
        for position in range(shown):
            row = self.rows[position]
            if pairwise:
                first, second = _pair(row.segment)
                cells = [
                    f"{fmt_label(first)} - {fmt_label(second)}",
                    show(row.result.nps),
                    show(row.other.nps if row.other is not None else math.nan),
                    diff(row.difference),
                    f"{diff(row.ci.low)} to {diff(row.ci.high)}",
                    fmt_p(row.adjusted_pvalue),
                ]
            else:
                cells = [
                    fmt_label(row.segment),
                    f"{row.result.n:,}",
                    show(row.result.nps),
                    f"{show(row.result.ci.low)} to {show(row.result.ci.high)}",
                    diff(row.difference),
                    fmt_p(row.adjusted_pvalue),
                ]
            if shrunk:
                cells.append(show(row.shrunk if row.shrunk is not None else math.nan))
            cells.append((("*" if row.significant else "") + (" small" if row.small else "")).strip())
            body.append(cells)
            marks.append(row.significant)
        return header, body, marks, len(self) - shown

    def _caption(self) -> str:
        level = f"{100 * self.confidence:g}%"
        metric = self.overall.metric
        unit = {"net": "point", "share": "percentage-point", "mean": "scale-unit"}[metric.kind]
        beyond = f" beyond a {self.margin:g}-{unit} margin" if self.margin else ""
        text = (
            f"{metric.name} by segment vs {self._against()}: * significant{beyond} at {level} after "
            f"{self.correction or 'no'} correction; omnibus p {fmt_p_after(self.omnibus.pvalue)}"
        )
        digits = 2 if metric.kind == "mean" else 1
        if self.shrinkage is not None:
            text += (
                f"; shrunk: Fay-Herriot empirical Bayes toward {metric.format(self.shrinkage.mean)} "
                f"(between-segment SD {self.shrinkage.between_sd:.{digits}f})"
            )
        return text

    def _difference(self, value: float) -> str:
        """A difference in the metric's unit, signed (two decimals for means)."""
        return fmt_points(value, 2 if self.overall.metric.kind == "mean" else 1)

    def __repr__(self) -> str:
        table = self._table()
        flagged = (
            int(np.count_nonzero(table.significant))
            if table is not None
            else sum(row.significant for row in self.rows)
        )
        return (
            f"SegmentReport({len(self.rows)} rows vs {self.reference!r}, {flagged} significant "
            f"after {self.correction or 'no'} correction; omnibus p {fmt_p_after(self.omnibus.pvalue)})"
        )

    def __str__(self) -> str:
        header, body, _, left = self._display(_TEXT_ROWS)
        text = text_table(header, body, self._caption())
        return text + (f"\n... {left:,} more rows (report.to_frame() has them all)" if left else "")

    def _repr_html_(self) -> str:
        header, body, marks, left = self._display(_HTML_ROWS)
        caption = self._caption() + (f"; first {len(body):,} of {len(self):,} rows" if left else "")
        return html_table(header, body, caption=caption, marked=marks)


#: Rows shown by ``str(report)`` and in a notebook before the rest is summarised.
_TEXT_ROWS, _HTML_ROWS = 50, 200


@dataclass(frozen=True, slots=True)
class SegmentSettings:
    """The options of :func:`segments`, checked (for the Dask helper to check them up front)."""

    reference: Reference | Hashable | float
    correction: Correction | None
    level: float
    interval_method: Method
    test_method: TwoSampleMethod
    min_n: float
    order: Order
    options: IntervalOptions
    shrinkage: bool = False
    margin: float = 0.0
    metric: Metric = NPS
    scale: Scale = STANDARD


def _check_reference(reference: object, metric: Metric) -> Hashable | float:
    """A number is a benchmark in the metric's unit (NPS points); anything else a label or a keyword."""
    if isinstance(reference, numbers.Real) and not isinstance(reference, (bool, np.bool_)):
        if metric.kind == "net":
            return check_points(reference, "reference")
        low, high = (0.0, 100.0) if metric.kind == "share" else (metric.minimum, metric.maximum)
        return check_number(reference, "reference", low=low, high=high)
    return check_label(reference, "reference")


def segment_settings(
    *,
    reference: Reference | Hashable | float = "overall",
    correction: Correction | None = "holm",
    confidence: float = 0.95,
    method: Method | None = None,
    min_n: float = 30,
    order: Order = "label",
    shrinkage: bool = False,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    missing_groups: MissingGroups = "segment",
    rng: RNGLike = None,
    resamples: int = 9999,
    margin: float = 0.0,
    metric: Metric = NPS,
) -> SegmentSettings:
    """Every option of :func:`segments` through the one validation path, before any counting."""
    scale = metric_scale(metric, scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    check_choice(missing_groups, MISSING_GROUPS, "missing_groups")
    interval_method, test_method = split_method(method, metric.kind, metric=metric.name)
    checked_reference = _check_reference(reference, metric)
    shrink = check_flag(shrinkage, "shrinkage")
    checked_order = check_choice(order, ORDERS, "order")
    if checked_order == "shrunk" and not shrink:
        raise InvalidOptionError("order='shrunk' ranks by the shrunk NPS: it needs shrinkage=True")
    if shrink and checked_reference == "pairwise":
        raise InvalidOptionError(
            "shrinkage=True gives each segment's shrunk NPS; rows of reference='pairwise' are pairs"
        )
    return SegmentSettings(
        reference=checked_reference,
        correction=None if correction is None else check_choice(correction, CORRECTIONS, "correction"),
        level=check_confidence(confidence),
        interval_method=interval_method,
        test_method=test_method,
        min_n=check_number(min_n, "min_n", low=0.0),
        order=checked_order,
        options=IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="bca", prior=None),
        shrinkage=shrink,
        margin=check_margin(margin),
        metric=metric,
        scale=scale,
    )


def segments(
    scores: ScoresLike | GroupedCounts,
    groups: GroupsLike | None = None,
    weights: WeightsLike | None = None,
    *,
    metric: Metric = NPS,
    clusters: LabelsLike | None = None,
    reference: Reference | Hashable | float = "overall",
    correction: Correction | None = "holm",
    confidence: float = 0.95,
    method: Method | None = None,
    min_n: float = 30,
    order: Order = "label",
    margin: float = 0.0,
    shrinkage: bool = False,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    missing_groups: MissingGroups = "segment",
    rng: RNGLike = None,
    resamples: int = 9999,
) -> SegmentReport:
    """Compare the NPS of segments (channels, regions, plans, or combinations).

    Parameters
    ----------
    scores : array_like or GroupedCounts
        Scores, one per response, or counts already grouped.
    groups : array_like, tuple of array_like, or DataFrame
        Segment of each response; a tuple of columns (or a DataFrame) gives one
        row per combination that occurs. Not used with ``GroupedCounts``.
    weights : array_like, optional
        Survey weights. pandas ``scores``, ``groups`` and ``weights`` are
        paired by index label, not position (see the pandas how-to).
    metric : Metric, default NPS
        What each segment is scored on (:data:`CSAT`, :data:`CES`, any share,
        net score or mean; see :func:`score`). Estimates, differences, the
        margin and a numeric ``reference`` are in its unit; shares are
        tested with binomial tests (see :func:`compare`).
    clusters : array_like, optional
        One cluster id per response (respondent, account, store): each
        segment's interval then uses the cluster-robust variance of a domain
        of the whole design (with ``method="wald"`` the SE of
        ``survey::svyby(~y, ~segment, svydesign(ids = ~cluster, weights =
        ~w), svymean)``), the other methods through the design effect (see
        :func:`score`). Not with ``GroupedCounts``, which carry their own.
    reference : "overall", "rest", "pairwise", a segment label, or a number, default "overall"
        What each segment is compared with. ``"overall"``: the whole sample,
        which contains the segment (see Notes); ``"rest"``: all other
        responses (independent two-sample test); a label: that segment;
        ``"pairwise"``: every pair (rows are pairs); a number (-100..100): a
        benchmark NPS in points, each segment tested against it (one-sample
        tests, as ``compare(..., benchmark=...)``). A number is always a
        benchmark: with numeric segment labels, a number that is also a label
        is refused as ambiguous (give the labels as strings to compare with
        that segment).
    correction : {"holm", "bonferroni", "fdr_bh", None}, default "holm"
        Multiple-testing correction behind ``adjusted_pvalue`` and ``significant``.
    confidence : float, default 0.95
        Level of every interval; ``significant`` means adjusted p < 1 - confidence.
    method : str, optional
        Interval and test method. Default: ``"adjusted-bayes"`` intervals for
        each segment's NPS and ``"score"`` tests (see :func:`compare`); any
        method name of :func:`compare` uses that method for both.
    min_n : float, default 30
        Segments whose effective sample size is below it (a number >= 0) are
        flagged ``small`` (never hidden).
    order : {"label", "nps", "lower", "shrunk"}, default "label"
        Row order: by label (a categorical's own order; missing last), by NPS
        (highest first), by the lower interval bound (highest first), so a
        small segment cannot top the ranking by luck, or by the shrunk NPS
        (highest first; needs ``shrinkage=True``).
    margin : float, default 0
        The smallest difference from the reference that matters, in NPS
        points (a finite number >= 0): each test's null hypothesis becomes
        |difference| <= margin, so ``significant`` flags only segments whose
        difference (as reported, e.g. from the overall NPS) exceeds it (see
        :func:`compare`).
    shrinkage : bool, default False
        Also give each segment's empirical-Bayes NPS, ``row.shrunk`` (with
        ``row.shrunk_se``): the Fay-Herriot EBLUP (see Notes), for ranking or
        reporting many small segments. Not with ``reference="pairwise"``.
    scale, missing
        As in :func:`score`.
    missing_groups : {"segment", "exclude"}, default "segment"
        A missing label is its own segment (labelled None, shown as
        "(missing)"), or left out and counted in ``report.excluded``.
    rng : int or numpy.random.Generator, optional
        Randomness of the resampling methods (``"bootstrap"``, and the Monte
        Carlo draws of the Bayesian tests). The default ``None`` is a fixed
        seed, so the same call always gives the same result; pass a seed or a
        Generator for other draws. The draws are made in blocks of segments,
        so memory stays bounded however many segments there are.
    resamples : int, default 9999
        Bootstrap resamples or Monte Carlo draws, at least 100.

    Returns
    -------
    SegmentReport

    Notes
    -----
    A segment g with weight share w = n_g / n is part of the overall sample:
    NPS_g - NPS_all = (1 - w)(NPS_g - NPS_rest). So the "overall" comparison
    tests the same hypothesis as the "rest" one (same p-value) and its
    difference, standard error and interval are the rest's times (1 - w):
    the correct variance (1 - w)^2 (V_g/n_g + V_rest/n_rest), not the
    independent-samples one. The omnibus test is the likelihood-ratio test of
    one NPS shared by all segments (each keeping its own passive share), with
    (segments - 1) degrees of freedom; weighted data use effective counts.

    Clustered data: every test runs on each segment's effective counts (its
    design effect). A cluster with answers in two segments (a person who used
    web and app) makes the two estimates correlated, and the tests treat them
    as independent; with positively correlated answers within a cluster
    this overstates the variance of a difference, so the tests err on the
    conservative side.

    Shrinkage (Fay & Herriot 1979): each segment's NPS y_i is taken as its
    true NPS theta_i plus sampling error of variance psi_i = V / n_i (V the
    pooled variance of one response over all segments, in points^2, n_i the
    effective sample size), and the theta_i as drawn around a common mean mu
    with variance A. With A and mu estimated by REML (as R ``sae::eblupFH``),
    ``shrunk`` = gamma_i y_i + (1 - gamma_i) mu, gamma_i = A / (A + psi_i): a
    large segment keeps its own NPS, a small one is pulled toward the mean
    as far as its noise warrants. ``shrunk_se`` is the root of the
    Prasad-Rao estimate of its mean squared error. Use it to rank or report
    many segments of very different sizes (stores, agents, accounts), where
    the raw NPS of a 5-response segment tops or tails the list by luck; it
    is a better estimate of each segment's NPS on average, not a test (keep
    the p-values for "does this segment differ"), and it assumes the
    segments are exchangeable: shrink stores within one market, not a mix of
    markets known to differ. With a handful of segments A is poorly
    estimated and the shrinkage itself uncertain.

    Examples
    --------
    >>> import netpromoter as nps
    >>> from netpromoter.datasets import example_survey
    >>> s = example_survey()
    >>> report = nps.segments(s.score, s.plan)
    >>> [(row.segment, round(row.result.nps, 1), row.significant) for row in report]
    [('enterprise', 41.9, True), ('free', 11.2, True), ('pro', 32.1, True)]
    >>> report.omnibus.pvalue < 0.001
    True
    >>> vs_benchmark = nps.segments(s.score, s.plan, reference=34)
    >>> [(row.segment, round(row.difference, 1)) for row in vs_benchmark]
    [('enterprise', 7.9), ('free', -22.8), ('pro', -1.9)]
    >>> shrunk = nps.segments(s.score, s.plan, shrinkage=True, order="shrunk")
    >>> [row.segment for row in shrunk]
    ['enterprise', 'pro', 'free']
    """
    settings = segment_settings(
        reference=reference,
        correction=correction,
        confidence=confidence,
        method=method,
        min_n=min_n,
        order=order,
        shrinkage=shrinkage,
        scale=scale,
        missing=missing,
        missing_groups=missing_groups,
        rng=rng,
        resamples=resamples,
        margin=margin,
        metric=metric,
    )
    level, reference = settings.level, settings.reference
    interval_method, test_method = settings.interval_method, settings.test_method
    if isinstance(scores, GroupedCounts):
        if groups is not None or weights is not None or clusters is not None:
            raise InvalidOptionError("groups, weights and clusters are already inside GroupedCounts")
        if metric.kind == "mean":
            raise InvalidOptionError(
                f"metric {metric.name} is a mean: give the scores, not GroupedCounts (which hold boxes only)"
            )
        grouped = scores
        names: tuple[str | None, ...] | None = None
        kit: _Kit = _CountKit(grouped, settings)
    else:
        if groups is None:
            raise InvalidOptionError("segments needs groups: the segment of each response")
        if metric.kind == "mean":
            mean_kit = _MeanKit.build(scores, groups, weights, clusters, settings, missing, missing_groups)
            grouped, kit = mean_kit.grouped, mean_kit
        else:
            grouped = GroupedCounts.from_scores(
                scores,
                groups,
                weights,
                clusters=clusters,
                scale=settings.scale,
                missing=missing,
                missing_groups=missing_groups,
            )
            kit = _CountKit(grouped, settings)
        names = _given_names(groups)
    k = len(grouped)
    factors = factor_names(grouped.labels, names)
    results, overall = kit.results, kit.overall
    squares = _totals(grouped.squares)
    with np.errstate(divide="ignore", invalid="ignore"):
        kish = np.where(squares > 0, _totals(grouped.sums) ** 2 / squares, 0.0)
    small = kish < settings.min_n
    omnibus = kit.omnibus()

    def test(a: IntArray, b: IntArray | None, scale_by: FloatArray) -> ComparisonArrays:
        # A margin on the reported difference is margin / scale_by on the tested one.
        wanted = settings.margin / kit.unit
        with np.errstate(divide="ignore", invalid="ignore"):
            margins = np.where(scale_by > 0, wanted / scale_by, np.inf if wanted > 0 else 0.0)
        # Rows with an empty side (a lone segment's "rest", an empty segment) have
        # nothing to test: NaN, without handing the kernels an empty sample.
        usable = kit.filled(a) & (kit.rest_filled(a) if b is None else kit.filled(b))
        every = bool(usable.all())
        found = kit.two_sample(
            a if every else a[usable],
            None if b is None else b if every else b[usable],
            margins if every else margins[usable],
        )
        return found if every else _spread(found, usable)

    other: IntArray | None = None
    labels: tuple[Hashable, ...]
    everyone = np.arange(k, dtype=np.intp)
    if reference == "pairwise":
        first, second = np.triu_indices(k, k=1)
        scale_by = np.ones(first.shape[0])
        arrays = test(first.astype(np.intp), second.astype(np.intp), scale_by)
        labels = tuple(
            zip([grouped.labels[i] for i in first], [grouped.labels[j] for j in second], strict=True)
        )
        own, other = first.astype(np.intp), second.astype(np.intp)
        flags = small[first] | small[second]
    else:
        labels, own, flags, scale_by = grouped.labels, everyone, small, np.ones(k)
        if reference == "overall":
            total = grouped.sums.sum()
            if total > 0:
                scale_by = 1.0 - _totals(grouped.sums) / total
        if isinstance(reference, float):
            if any(_same_number(label, reference) for label in grouped.labels):
                raise InvalidOptionError(
                    f"reference={reference:g} is a benchmark, but it is also a segment label; "
                    "to compare with that segment, give the labels as strings"
                )
            arrays = kit.benchmark(reference, settings.margin)
        elif reference in ("overall", "rest"):
            arrays = test(everyone, None, scale_by)
        else:
            try:
                j = grouped.index(reference)
            except KeyError:
                raise InvalidOptionError(
                    f"reference must be 'overall', 'rest', 'pairwise', a segment label or a "
                    f"benchmark; {reference!r} is not a segment"
                ) from None
            arrays = test(everyone, np.full(k, j, dtype=np.intp), scale_by)
            other = np.full(k, j, dtype=np.intp)

    pvalues = arrays.pvalue.copy()
    if other is not None and reference != "pairwise":
        pvalues[grouped.index(reference)] = np.nan  # the reference is not tested against itself
    adjusted = adjust_pvalues(pvalues, settings.correction)
    shrunk = shrunk_se = None
    fit: Shrinkage | None = None
    if settings.shrinkage:
        shrunk, shrunk_se, fit = kit.shrink()
    table = _SegmentTable(
        labels=labels,
        results=results,
        own=own,
        other=other,
        difference=kit.unit * arrays.difference * scale_by,
        se=kit.unit * arrays.se * scale_by,
        low=kit.unit * arrays.low * scale_by,
        high=kit.unit * arrays.high * scale_by,
        pvalue=pvalues,
        adjusted=adjusted,
        significant=adjusted < 1.0 - level,
        small=flags,
        shrunk=shrunk,
        shrunk_se=shrunk_se,
        order=_ordered(settings.order, results.nps[own], results.low[own], shrunk),
    )
    if small.any():
        count = int(np.count_nonzero(small))
        warnings.warn(
            SmallSampleWarning(
                f"{count} of {k} segments have an effective sample size below "
                f"min_n={settings.min_n:g}; their rows are flagged small"
            ),
            stacklevel=2,
        )
    return SegmentReport(
        rows=LazyRows(table.row, _in_order(labels, table.order), source=table),
        omnibus=omnibus,
        overall=overall,
        reference=reference,
        correction=settings.correction,
        confidence=level,
        method=interval_method,
        test_method=test_method,
        min_n=settings.min_n,
        order=settings.order,
        excluded=grouped.excluded,
        margin=settings.margin,
        factors=factors,
        shrinkage=fit,
    )


def _spread(found: ComparisonArrays, usable: BoolArray) -> ComparisonArrays:
    """Arrays computed for the ``usable`` rows, NaN in the others."""

    def full(values: FloatArray | None) -> FloatArray | None:
        if values is None:
            return None
        out = np.full(usable.shape[0], np.nan)
        out[usable] = values
        return out

    return ComparisonArrays(
        difference=full(found.difference),  # type: ignore[arg-type]
        se=full(found.se),  # type: ignore[arg-type]
        low=full(found.low),  # type: ignore[arg-type]
        high=full(found.high),  # type: ignore[arg-type]
        statistic=full(found.statistic),  # type: ignore[arg-type]
        pvalue=full(found.pvalue),  # type: ignore[arg-type]
        probability_greater=full(found.probability_greater),
    )


def _in_order(labels: tuple[Hashable, ...], order: IntArray) -> tuple[Hashable, ...]:
    """The labels in row order (no copy when the order is the labels' own)."""
    if order.shape[0] == 0 or (order[0] == 0 and bool(np.all(np.diff(order) == 1))):
        return labels
    return tuple(labels[i] for i in order.tolist())


def _totals(x: FloatArray) -> FloatArray:
    """Row sums of a (k, 3) array (column adds: five times ``sum(axis=1)``'s speed, same rounding)."""
    total: FloatArray = x[:, 0] + x[:, 1] + x[:, 2]
    return total


def _same_number(label: Hashable, number: float) -> bool:
    return isinstance(label, numbers.Real) and not isinstance(label, bool) and float(label) == number


def _shrink(x: FloatArray, size: FloatArray) -> tuple[FloatArray, FloatArray, Shrinkage]:
    """Fay-Herriot EBLUP of each segment's NPS, sampling variances from the pooled variance."""
    pooled = x.sum(axis=0)
    total = pooled.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        p, d = pooled[2] / total, pooled[0] / total
        variance = 1e4 * (p + d - (p - d) ** 2)  # one response, points^2
        direct = 100.0 * (x[:, 2] - x[:, 0]) / size
        psi = np.where(size > 0, variance / size, np.nan)
    fit = fay_herriot(direct, psi)
    summary = Shrinkage(
        mean=fit.mean,
        between_sd=math.sqrt(fit.variance) if fit.variance >= 0 else math.nan,
        segments=int(np.count_nonzero(np.isfinite(direct) & np.isfinite(psi))),
    )
    return fit.estimate, np.sqrt(fit.mse), summary


def _given_names(groups: Any) -> tuple[str | None, ...]:
    """Names of the grouping columns where the input has them (DataFrame columns, Series names)."""
    if isinstance(groups, tuple):
        return tuple(_name(column) for column in groups)
    columns = getattr(groups, "columns", None)
    if columns is not None and hasattr(groups, "iloc"):  # a pandas DataFrame
        return tuple(name if isinstance(name, str) else None for name in columns)
    return (_name(groups),)


def _name(column: Any) -> str | None:
    name = getattr(column, "name", None)
    return name if isinstance(name, str) and name else None


#: Columns of ``to_frame()`` a factor may not be named after.
_TAKEN = frozenset(
    {"segment", "nps", "nps_se", "nps_low", "nps_high", "confidence", "method", "detractors", "passives"}
    | {"promoters", "effective_n", "n", "missing", "difference", "se", "difference_low"}
    | {"difference_high", "pvalue", "adjusted_pvalue", "significant", "small", "shrunk", "shrunk_se"}
)


def factor_names(labels: tuple[Hashable, ...], names: tuple[str | None, ...] | None) -> tuple[str, ...]:
    """Column names of the grouping factors: "segment" for one, else the given names or segment_<i>."""
    width = len(names) if names is not None else 0
    if names is None:  # counts given: the labels tell (combinations are tuples; missing is last)
        first = next((label for label in labels if label is not None), None)
        width = len(first) if isinstance(first, tuple) else 1
    if width <= 1:
        return ("segment",)
    chosen: list[str] = []
    for i in range(width):
        name = names[i] if names is not None else None
        if name is None or name in _TAKEN or name in chosen or name.startswith("other_"):
            name = f"segment_{i}"
        chosen.append(name)
    return tuple(chosen)


def _ordered(order: str, nps: FloatArray, lower: FloatArray, shrunk: FloatArray | None) -> IntArray:
    """Row positions for ``order`` (highest first; NaN last; ties keep the label order)."""
    if order == "label":
        return np.arange(nps.shape[0], dtype=np.intp)
    key = nps if order == "nps" else lower if order == "lower" else shrunk
    if key is None:  # order="shrunk" is refused without shrinkage; this is a safe fallback
        key = nps
    values = np.nan_to_num(-np.asarray(key, dtype=np.float64), nan=np.inf)
    positions: IntArray = np.argsort(values, kind="stable").astype(np.intp)
    return positions


class _Kit(Protocol):
    """What a segment report needs from its metric's inference: results and tests by group index."""

    unit: float  # points per unit of the kernels' scale: 100 for counts, 1 for means
    results: ResultColumns
    overall: NPSResult

    def omnibus(self) -> OmnibusTest: ...

    def filled(self, rows: IntArray) -> BoolArray: ...

    def rest_filled(self, rows: IntArray) -> BoolArray: ...

    def two_sample(self, a: IntArray, b: IntArray | None, margins: FloatArray) -> ComparisonArrays: ...

    def benchmark(self, value: float, margin: float) -> ComparisonArrays: ...

    def shrink(self) -> tuple[FloatArray, FloatArray, Shrinkage]: ...


class _CountKit:
    """Net scores and shares: the kernels on each segment's effective counts (rows of (k, 3))."""

    unit = 100.0

    def __init__(self, grouped: GroupedCounts, settings: SegmentSettings) -> None:
        self.settings = settings
        self.share = settings.metric.kind == "share"
        method, level, options = settings.interval_method, settings.level, settings.options
        self.x = effective_counts(
            grouped.sums, grouped.squares, grouped.cross_products, grouped.design_sizes()
        )
        self.results = ResultColumns.compute(grouped, method, level, options, settings.metric)
        self.overall = ResultColumns.compute(
            grouped.pooled(), method, level, options, settings.metric
        ).result(0)

    def omnibus(self) -> OmnibusTest:
        statistic, df, pvalue = equal_nps_lr_test((share_rows(self.x) if self.share else self.x)[None, :, :])
        return OmnibusTest(float(statistic[0]), int(df[0]), float(pvalue[0]))

    def filled(self, rows: IntArray) -> BoolArray:
        found: BoolArray = _totals(self.x)[rows] > 0
        return found

    def rest_filled(self, rows: IntArray) -> BoolArray:
        found: BoolArray = _totals(self._rest(rows)) > 0
        return found

    def _rest(self, rows: IntArray) -> FloatArray:
        rest: FloatArray = np.maximum(self.x.sum(axis=0, keepdims=True) - self.x[rows], 0.0)
        return rest

    def two_sample(self, a: IntArray, b: IntArray | None, margins: FloatArray) -> ComparisonArrays:
        s = self.settings
        return two_sample_arrays(
            self.x[a],
            self._rest(a) if b is None else self.x[b],
            method=s.test_method,
            confidence=s.level,
            alternative="two-sided",
            options=s.options,
            margin=margins,
            share=self.share,
        )

    def benchmark(self, value: float, margin: float) -> ComparisonArrays:
        s = self.settings
        return benchmark_arrays(
            self.x,
            np.full(self.x.shape[0], value / 100.0),
            method=s.test_method,
            confidence=s.level,
            alternative="two-sided",
            options=s.options,
            margin=margin / 100.0,
            share=self.share,
        )

    def shrink(self) -> tuple[FloatArray, FloatArray, Shrinkage]:
        return _shrink(self.x, _totals(self.x))


@dataclass(frozen=True, slots=True)
class _Histograms:
    """Per-segment histograms of a mean's scale values, and the design's totals."""

    sums: FloatArray  # (k, K)
    squares: FloatArray  # (k, K)
    n: FloatArray  # (k,)
    products: FloatArray | None  # (k, K, K)
    whole: FloatArray | None  # (K, K): the design's cross-products
    m: int  # the design's clusters (0 unclustered)


class _MeanKit:
    """Means: each segment's histogram of scale values, t intervals and Welch's tests."""

    unit = 1.0

    def __init__(self, grouped: GroupedCounts, h: _Histograms, settings: SegmentSettings) -> None:
        self.grouped, self.h, self.settings = grouped, h, settings
        metric = settings.metric
        self.values = np.arange(metric.minimum, metric.maximum + 1, dtype=np.float64)
        self.moments = self._moments(h.sums, h.squares, h.n, h.products)
        bounds = mean_interval_arrays(
            **self._arrays(h.sums, h.squares, h.n, h.products), confidence=settings.level
        )
        self.results = ResultColumns(
            grouped, self.moments.mean, bounds.se, bounds.low, bounds.high, settings.level, "t", metric
        )
        pooled = self._arrays(
            h.sums.sum(axis=0)[None],
            h.squares.sum(axis=0)[None],
            h.n.sum()[None],
            None if h.whole is None else h.whole[None],
        )
        pooled_bounds = mean_interval_arrays(**pooled, confidence=settings.level)
        self.overall = ResultColumns(
            grouped.pooled(),
            mean_moments(**pooled).mean,
            pooled_bounds.se,
            pooled_bounds.low,
            pooled_bounds.high,
            settings.level,
            "t",
            metric,
        ).result(0)

    @classmethod
    def build(
        cls,
        scores: Any,
        groups: Any,
        weights: Any,
        clusters: Any,
        settings: SegmentSettings,
        missing: MissingPolicy,
        missing_groups: MissingGroups,
    ) -> _MeanKit:
        metric = settings.metric
        width = metric.maximum - metric.minimum + 1
        table = count_table(
            scores,
            groups,
            weights,
            clusters=clusters,
            scale=settings.scale,
            missing=missing,
            missing_groups=missing_groups,
            columns=lambda values: np.asarray(values, dtype=np.intp) - metric.minimum,
            width=width,
        )
        squares = table.sums if table.squares is None else table.squares
        k = table.sums.shape[0]
        middle, middle_squares = np.zeros((k, 3)), np.zeros((k, 3))
        middle[:, 1], middle_squares[:, 1] = table.sums.sum(axis=1), squares.sum(axis=1)
        design: dict[str, Any] = {}
        products = whole = None
        m = 0
        if table.design is not None:
            products, present, whole, m = table.design
            inner = np.zeros((k, 3, 3))
            inner[:, 1, 1] = products.sum(axis=(1, 2))
            total = np.zeros((3, 3))
            total[1, 1] = whole.sum()
            design = {
                "cross_products": inner,
                "clusters": present,
                "total_cross_products": total,
                "total_clusters": m,
            }
        grouped = GroupedCounts(
            table.labels,
            middle,
            None if table.squares is None else middle_squares,
            n=table.n,
            missing=table.missing,
            excluded=table.excluded,
            **design,
        )
        histograms = _Histograms(table.sums, squares, table.n.astype(np.float64), products, whole, m)
        return cls(grouped, histograms, settings)

    def _arrays(
        self, sums: FloatArray, squares: FloatArray, n: FloatArray, products: FloatArray | None
    ) -> dict[str, Any]:
        clustered = products is not None and self.h.m > 0
        return {
            "sums": sums,
            "squares": squares,
            "values": self.values,
            "n": n,
            "products": products if clustered else None,
            "clusters": np.full(sums.shape[0], float(self.h.m)) if clustered else None,
        }

    def _moments(
        self, sums: FloatArray, squares: FloatArray, n: FloatArray, products: FloatArray | None
    ) -> MeanMoments:
        return mean_moments(**self._arrays(sums, squares, n, products))

    def _take(self, rows: IntArray) -> MeanMoments:
        m = self.moments
        return MeanMoments(
            m.mean[rows],
            m.se[rows],
            m.df[rows],
            m.effective_n[rows],
            m.top[rows],
            m.bottom[rows],
            m.lowest,
            m.highest,
        )

    def _rest(self, rows: IntArray) -> MeanMoments:
        """Everyone outside each segment (clusters assumed nested in segments, as for counts)."""
        h = self.h
        products = None if h.products is None or h.whole is None else h.whole[None] - h.products[rows]
        return self._moments(
            h.sums.sum(axis=0)[None] - h.sums[rows],
            h.squares.sum(axis=0)[None] - h.squares[rows],
            h.n.sum() - h.n[rows],
            products,
        )

    def omnibus(self) -> OmnibusTest:
        """Wald test of one mean shared by all segments: sum w (mean - pooled)^2, w = 1 / SE^2."""
        from scipy.special import chdtrc

        m = self.moments
        usable = np.isfinite(m.mean) & (m.se > 0)
        if np.count_nonzero(usable) < 2:
            return OmnibusTest(math.nan, 0, math.nan, method="wald")
        w = 1.0 / m.se[usable] ** 2
        pooled = float((w * m.mean[usable]).sum() / w.sum())
        statistic = float((w * (m.mean[usable] - pooled) ** 2).sum())
        df = int(np.count_nonzero(usable)) - 1
        return OmnibusTest(statistic, df, float(chdtrc(df, statistic)), method="wald")

    def filled(self, rows: IntArray) -> BoolArray:
        found: BoolArray = self.h.n[rows] > 0
        return found

    def rest_filled(self, rows: IntArray) -> BoolArray:
        found: BoolArray = (self.h.n.sum() - self.h.n[rows]) > 0
        return found

    def two_sample(self, a: IntArray, b: IntArray | None, margins: FloatArray) -> ComparisonArrays:
        return welch_arrays(
            self._take(a),
            self._rest(a) if b is None else self._take(b),
            confidence=self.settings.level,
            alternative="two-sided",
            margin=margins,
        )

    def benchmark(self, value: float, margin: float) -> ComparisonArrays:
        return mean_benchmark_arrays(
            self.moments,
            np.full(self.moments.mean.shape[0], value),
            confidence=self.settings.level,
            alternative="two-sided",
            margin=margin,
        )

    def shrink(self) -> tuple[FloatArray, FloatArray, Shrinkage]:
        """Fay-Herriot on the means, sampling variances from the pooled variance of one response."""
        h = self.h
        pooled = h.sums.sum(axis=0)
        total = pooled.sum()
        m = self.moments
        with np.errstate(divide="ignore", invalid="ignore"):
            centre = float(pooled @ self.values / total)
            variance = float(pooled @ (self.values - centre) ** 2 / total)
            size = m.effective_n
            psi = np.where(size > 0, variance / size, np.nan)
        fit = fay_herriot(m.mean, psi)
        summary = Shrinkage(
            mean=fit.mean,
            between_sd=math.sqrt(fit.variance) if fit.variance >= 0 else math.nan,
            segments=int(np.count_nonzero(np.isfinite(m.mean) & np.isfinite(psi))),
        )
        return fit.estimate, np.sqrt(fit.mse), summary


def metric_results(
    scores: Any,
    groups: Any,
    weights: Any,
    *,
    metric: Metric,
    level: float,
    missing: MissingPolicy,
    missing_groups: MissingGroups,
) -> ResultColumns:
    """Each group's estimate and default interval for ``metric``, without tests (``scorecard``)."""
    settings = segment_settings(
        confidence=level, metric=metric, missing=missing, missing_groups=missing_groups, min_n=0
    )
    if metric.kind == "mean":
        return _MeanKit.build(scores, groups, weights, None, settings, missing, missing_groups).results
    grouped = GroupedCounts.from_scores(
        scores, groups, weights, scale=settings.scale, missing=missing, missing_groups=missing_groups
    )
    return ResultColumns.compute(grouped, settings.interval_method, level, settings.options, metric)
