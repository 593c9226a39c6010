"""``segments()``: which channels, regions and plans really differ."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .._counts._grouped import GroupedCounts
from .._input._options import (
    CORRECTIONS,
    MISSING_GROUPS,
    MISSING_POLICIES,
    ORDERS,
    TWO_SAMPLE_METHODS,
    check_choice,
    check_confidence,
    check_label,
    check_margin,
    check_number,
    check_scale,
)
from .._input._plain import fmt_p, fmt_points, html_table
from .._input._scale import STANDARD, Scale
from .._results._base import Result
from .._results._rows import RowTable
from .._results._values import ConfidenceInterval, NPSResult, group_results
from .._stats._comparison import ComparisonArrays, two_sample_arrays
from .._stats._corrections import adjust_pvalues
from .._stats._intervals import DEFAULT_METHOD, IntervalOptions, effective_counts
from .._stats._omnibus import equal_nps_lr_test
from ..errors import InvalidOptionError, SmallSampleWarning
from ..typing import (
    Correction,
    FloatArray,
    Method,
    MissingGroups,
    MissingPolicy,
    Order,
    Reference,
    TwoSampleMethod,
)

if TYPE_CHECKING:
    from ..typing import GroupsLike, LabelsLike, RNGLike, ScoresLike, WeightsLike

__all__ = ["OmnibusTest", "SegmentReport", "SegmentRow", "segments"]


@dataclass(frozen=True, slots=True)
class OmnibusTest(Result):
    """Test of "all segments share one NPS"."""

    statistic: float
    df: int
    pvalue: float
    method: str = "likelihood-ratio"


@dataclass(frozen=True, slots=True)
class SegmentRow(Result):
    """One segment (or, for ``reference="pairwise"``, one pair of segments).

    ``difference``, ``se`` and ``ci`` are in NPS points: segment minus reference
    (for a pair: first minus second). ``result`` is the segment's own NPS with its
    interval; ``other`` the second segment's for a pair or a label reference.

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


@dataclass(frozen=True, slots=True, repr=False)
class SegmentReport(RowTable[SegmentRow]):
    """Per-segment NPS, tests against the reference, and an omnibus test.

    Iterating yields :class:`SegmentRow` objects in the report's order;
    ``report[label]`` finds a row by its segment label.
    """

    _key: ClassVar[str] = "segment"

    rows: tuple[SegmentRow, ...]
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

    def __repr__(self) -> str:
        flagged = sum(row.significant for row in self.rows)
        return (
            f"SegmentReport({len(self.rows)} rows vs {self.reference!r}, {flagged} significant "
            f"after {self.correction or 'no'} correction; omnibus p = {fmt_p(self.omnibus.pvalue)})"
        )

    def _repr_html_(self) -> str:
        level = f"{100 * self.confidence:g}%"
        header = ["segment", "n", "NPS", f"{level} CI", "difference", "adj. p", ""]
        body = []
        for row in self.rows:
            marks = ("*" if row.significant else "") + (" small" if row.small else "")
            body.append(
                [
                    str(row.segment),
                    f"{row.result.n:,}",
                    fmt_points(row.result.nps),
                    f"{fmt_points(row.result.ci.low)} to {fmt_points(row.result.ci.high)}",
                    fmt_points(row.difference),
                    fmt_p(row.adjusted_pvalue),
                    marks.strip(),
                ]
            )
        beyond = f" beyond a {self.margin:g}-point margin" if self.margin else ""
        caption = (
            f"NPS by segment vs {self.reference}: * significant{beyond} at {level} after "
            f"{self.correction or 'no'} correction; omnibus p = {fmt_p(self.omnibus.pvalue)}"
        )
        return html_table(header, body, caption=caption, marked=[row.significant for row in self.rows])


@dataclass(frozen=True, slots=True)
class SegmentSettings:
    """The options of :func:`segments`, checked (for the Dask helper to check them up front)."""

    reference: Reference | Hashable
    correction: Correction | None
    level: float
    interval_method: Method
    test_method: TwoSampleMethod
    min_n: float
    order: Order
    options: IntervalOptions
    margin: float = 0.0


def segment_settings(
    *,
    reference: Reference | Hashable = "overall",
    correction: Correction | None = "holm",
    confidence: float = 0.95,
    method: Method | None = None,
    min_n: float = 30,
    order: Order = "label",
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    missing_groups: MissingGroups = "segment",
    rng: RNGLike = None,
    resamples: int = 9999,
    margin: float = 0.0,
) -> SegmentSettings:
    """Every option of :func:`segments` through the one validation path, before any counting."""
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    check_choice(missing_groups, MISSING_GROUPS, "missing_groups")
    chosen = None if method is None else check_choice(method, TWO_SAMPLE_METHODS, "method")
    return SegmentSettings(
        reference=check_label(reference, "reference"),
        correction=None if correction is None else check_choice(correction, CORRECTIONS, "correction"),
        level=check_confidence(confidence),
        interval_method=chosen or DEFAULT_METHOD,
        test_method=chosen or "score",
        min_n=check_number(min_n, "min_n", low=0.0),
        order=check_choice(order, ORDERS, "order"),
        options=IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="bca", prior=None),
        margin=check_margin(margin),
    )


def segments(
    scores: ScoresLike | GroupedCounts,
    groups: GroupsLike | None = None,
    weights: WeightsLike | None = None,
    *,
    clusters: LabelsLike | None = None,
    reference: Reference | Hashable = "overall",
    correction: Correction | None = "holm",
    confidence: float = 0.95,
    method: Method | None = None,
    min_n: float = 30,
    order: Order = "label",
    margin: float = 0.0,
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
        Segment of each response; a tuple of columns gives one row per
        combination that occurs. Not used with ``GroupedCounts``.
    weights : array_like, optional
        Survey weights. pandas ``scores``, ``groups`` and ``weights`` are
        paired by index label, not position (see the pandas how-to).
    clusters : array_like, optional
        One cluster id per response (respondent, account, store): each
        segment's interval then uses the cluster-robust variance of a domain
        of the whole design (with ``method="wald"`` the SE of
        ``survey::svyby(~y, ~segment, svydesign(ids = ~cluster, weights =
        ~w), svymean)``), the other methods through the design effect (see
        :func:`score`). Not with ``GroupedCounts``, which carry their own.
    reference : "overall", "rest", "pairwise" or a segment label, default "overall"
        What each segment is compared with. ``"overall"``: the whole sample,
        which contains the segment (see Notes); ``"rest"``: all other
        responses (independent two-sample test); a label: that segment;
        ``"pairwise"``: every pair (rows are pairs).
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
    order : {"label", "nps", "lower"}, default "label"
        Row order: by label (a categorical's own order; missing last), by NPS
        (highest first), or by the lower interval bound (highest first), so a
        small segment cannot top the ranking by luck.
    margin : float, default 0
        The smallest difference from the reference that matters, in NPS
        points (a finite number >= 0): each test's null hypothesis becomes
        |difference| <= margin, so ``significant`` flags only segments whose
        difference (as reported, e.g. from the overall NPS) exceeds it (see
        :func:`compare`).
    scale, missing
        As in :func:`score`.
    missing_groups : {"segment", "exclude"}, default "segment"
        A missing label is its own segment (labelled None), or left out and
        counted in ``report.excluded``.
    rng : int or numpy.random.Generator, optional
        Randomness of the resampling methods (``"bootstrap"``, and the Monte
        Carlo draws of the Bayesian tests). The default ``None`` is a fixed
        seed, so the same call always gives the same result; pass a seed or a
        Generator for other draws.
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
    """
    settings = segment_settings(
        reference=reference,
        correction=correction,
        confidence=confidence,
        method=method,
        min_n=min_n,
        order=order,
        scale=scale,
        missing=missing,
        missing_groups=missing_groups,
        rng=rng,
        resamples=resamples,
        margin=margin,
    )
    level, options = settings.level, settings.options
    interval_method, test_method = settings.interval_method, settings.test_method
    if isinstance(scores, GroupedCounts):
        if groups is not None or weights is not None or clusters is not None:
            raise InvalidOptionError("groups, weights and clusters are already inside GroupedCounts")
        grouped = scores
    else:
        if groups is None:
            raise InvalidOptionError("segments needs groups: the segment of each response")
        grouped = GroupedCounts.from_scores(
            scores,
            groups,
            weights,
            clusters=clusters,
            scale=scale,
            missing=missing,
            missing_groups=missing_groups,
        )
    x = effective_counts(grouped.sums, grouped.squares, grouped.cross_products, grouped.design_sizes())
    results = group_results(grouped, interval_method, level, options)
    overall = group_results(grouped.pooled(), interval_method, level, options)[0]
    small = np.array([r.effective_n < settings.min_n for r in results], dtype=bool)
    statistic, df, pvalue = equal_nps_lr_test(x[None, :, :])
    omnibus = OmnibusTest(float(statistic[0]), int(df[0]), float(pvalue[0]))

    def test(xa: FloatArray, xb: FloatArray, scale_by: FloatArray) -> ComparisonArrays:
        # A margin on the reported difference is margin / scale_by on the tested one.
        wanted = settings.margin / 100.0
        with np.errstate(divide="ignore", invalid="ignore"):
            margin = np.where(scale_by > 0, wanted / scale_by, np.inf if wanted > 0 else 0.0)
        return two_sample_arrays(
            xa,
            xb,
            method=test_method,
            confidence=level,
            alternative="two-sided",
            options=options,
            margin=margin,
        )

    if reference == "pairwise":
        first, second = np.triu_indices(len(grouped), k=1)
        scale_by = np.ones(first.shape[0])
        arrays = test(x[first], x[second], scale_by)
        labels: list[Hashable] = [
            (grouped.labels[i], grouped.labels[j]) for i, j in zip(first, second, strict=True)
        ]
        own = [results[i] for i in first]
        others: list[NPSResult | None] = [results[j] for j in second]
        flags = small[first] | small[second]
    else:
        if reference == "overall":
            total = grouped.sums.sum()
            scale_by = 1.0 - grouped.sums.sum(axis=1) / total if total > 0 else np.ones(len(grouped))
        else:
            scale_by = np.ones(len(grouped))
        if reference in ("overall", "rest"):
            rest = x.sum(axis=0, keepdims=True) - x
            arrays = test(x, np.maximum(rest, 0.0), scale_by)
            others = [None] * len(grouped)
        else:
            try:
                j = grouped.index(reference)
            except KeyError:
                raise InvalidOptionError(
                    f"reference must be 'overall', 'rest', 'pairwise' or a segment label; "
                    f"{reference!r} is not a segment"
                ) from None
            arrays = test(x, np.repeat(x[j : j + 1], len(grouped), axis=0), scale_by)
            others = [results[j]] * len(grouped)
        labels = list(grouped.labels)
        own = results
        flags = small

    pvalues = arrays.pvalue.copy()
    if reference not in ("overall", "rest", "pairwise"):
        pvalues[grouped.index(reference)] = np.nan  # the reference is not tested against itself
    adjusted = adjust_pvalues(pvalues, correction)
    difference = 100.0 * arrays.difference * scale_by
    low, high = 100.0 * arrays.low * scale_by, 100.0 * arrays.high * scale_by
    rows = [
        SegmentRow(
            segment=labels[i],
            result=own[i],
            difference=float(difference[i]),
            se=float(100.0 * arrays.se[i] * scale_by[i]),
            ci=ConfidenceInterval(float(low[i]), float(high[i])),
            pvalue=float(pvalues[i]),
            adjusted_pvalue=float(adjusted[i]),
            significant=bool(adjusted[i] < 1.0 - level),
            small=bool(flags[i]),
            other=others[i],
        )
        for i in range(len(labels))
    ]
    rows = _ordered(rows, order)
    if small.any():
        count = int(np.count_nonzero(small))
        warnings.warn(
            SmallSampleWarning(
                f"{count} of {len(grouped)} segments have an effective sample size below "
                f"min_n={settings.min_n:g}; their rows are flagged small"
            ),
            stacklevel=2,
        )
    return SegmentReport(
        rows=tuple(rows),
        omnibus=omnibus,
        overall=overall,
        reference=reference,
        correction=correction,
        confidence=level,
        method=interval_method,
        test_method=test_method,
        min_n=settings.min_n,
        order=order,
        excluded=grouped.excluded,
        margin=settings.margin,
    )


def _ordered(rows: list[SegmentRow], order: str) -> list[SegmentRow]:
    if order == "label":
        return rows
    key: Any
    key = [-row.result.nps for row in rows] if order == "nps" else [-row.result.ci.low for row in rows]
    values = np.nan_to_num(np.asarray(key, dtype=np.float64), nan=np.inf)
    return [rows[i] for i in np.argsort(values, kind="stable")]
