"""``segments()``: which channels, regions and plans really differ."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .._counts._grouped import GroupedCounts
from .._input._plain import fmt_p, fmt_points, html_table, records_frame
from .._input._scale import STANDARD, Scale
from .._input._validate import check_choice, check_confidence
from .._results._rows import RowTable
from .._results._values import ConfidenceInterval, NPSResult, group_results
from .._stats._comparison import TWO_SAMPLE_METHODS, two_sample_arrays
from .._stats._corrections import CORRECTIONS, adjust_pvalues
from .._stats._intervals import DEFAULT_METHOD, IntervalOptions, effective_counts
from .._stats._omnibus import equal_nps_lr_test
from ..errors import InvalidOptionError
from ..typing import Method

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ..typing import MissingPolicy, RNGLike

__all__ = ["OmnibusTest", "SegmentReport", "SegmentRow", "segments"]

_ORDERS = ("label", "nps", "lower")


@dataclass(frozen=True, slots=True)
class OmnibusTest:
    """Test of "all segments share one NPS"."""

    statistic: float
    df: int
    pvalue: float
    method: str = "likelihood-ratio"


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One segment (or, for ``reference="pairwise"``, one pair of segments).

    ``difference``, ``se`` and ``ci`` are in NPS points: segment minus reference
    (for a pair: first minus second). ``result`` is the segment's own NPS with its
    interval; ``other`` the second segment's for a pair or a label reference.
    """

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

    def to_dict(self) -> dict[str, Any]:
        """Plain Python types, flat (one row of a table)."""
        return {
            "segment": self.segment,
            "n": self.result.n,
            "effective_n": self.result.effective_n,
            "nps": self.result.nps,
            "nps_low": self.result.ci.low,
            "nps_high": self.result.ci.high,
            "difference": self.difference,
            "se": self.se,
            "difference_low": self.ci.low,
            "difference_high": self.ci.high,
            "pvalue": self.pvalue,
            "adjusted_pvalue": self.adjusted_pvalue,
            "significant": self.significant,
            "small": self.small,
        }


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

    def to_dict(self) -> dict[str, Any]:
        """Rows and settings as plain Python types."""
        return {
            "rows": [row.to_dict() for row in self.rows],
            "overall": self.overall.to_dict(),
            "omnibus": {
                "statistic": self.omnibus.statistic,
                "df": self.omnibus.df,
                "pvalue": self.omnibus.pvalue,
                "method": self.omnibus.method,
            },
            "reference": self.reference,
            "correction": self.correction,
            "confidence": self.confidence,
            "method": self.method,
            "test_method": self.test_method,
            "excluded": self.excluded,
        }

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per segment (needs pandas)."""
        return records_frame([row.to_dict() for row in self.rows])

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
        caption = (
            f"NPS by segment vs {self.reference}: * significant at {level} after "
            f"{self.correction or 'no'} correction; omnibus p = {fmt_p(self.omnibus.pvalue)}"
        )
        return html_table(header, body, caption=caption, marked=[row.significant for row in self.rows])


def segments(
    scores: ArrayLike | GroupedCounts,
    groups: Any = None,
    weights: ArrayLike | None = None,
    *,
    reference: Hashable = "overall",
    correction: str | None = "holm",
    confidence: float = 0.95,
    method: Method | None = None,
    min_n: float = 30,
    order: str = "label",
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    missing_groups: str = "segment",
    rng: RNGLike = None,
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
        Segments whose effective sample size is below it are flagged ``small``
        (never hidden).
    order : {"label", "nps", "lower"}, default "label"
        Row order: by label (a categorical's own order; missing last), by NPS
        (highest first), or by the lower interval bound (highest first), so a
        small segment cannot top the ranking by luck.
    scale, missing
        As in :func:`score`.
    missing_groups : {"segment", "exclude"}, default "segment"
        A missing label is its own segment (labelled None), or left out and
        counted in ``report.excluded``.
    rng : int or Generator, optional
        For resampling methods.

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
    level = check_confidence(confidence)
    check_choice(order, _ORDERS, "order")
    if correction is not None:
        check_choice(correction, CORRECTIONS, "correction")
    if method is not None:
        check_choice(method, TWO_SAMPLE_METHODS, "method")
    interval_method = method or DEFAULT_METHOD
    test_method = method or "score"
    if isinstance(scores, GroupedCounts):
        if groups is not None or weights is not None:
            raise InvalidOptionError("groups and weights are already inside GroupedCounts")
        grouped = scores
    else:
        if groups is None:
            raise InvalidOptionError("segments needs groups: the segment of each response")
        grouped = GroupedCounts.from_scores(
            scores, groups, weights, scale=scale, missing=missing, missing_groups=missing_groups
        )
    options = IntervalOptions.build(rng=rng, resamples=9999, bootstrap="bca", prior=None)
    x = effective_counts(grouped.sums, grouped.squares)
    results = group_results(grouped, interval_method, level, options)
    overall = group_results(grouped.pooled(), interval_method, level, options)[0]
    small = np.array([r.effective_n < min_n for r in results])
    statistic, df, pvalue = equal_nps_lr_test(x[None, :, :])
    omnibus = OmnibusTest(float(statistic[0]), int(df[0]), float(pvalue[0]))
    test = {"method": test_method, "confidence": level, "alternative": "two-sided", "options": options}

    if reference == "pairwise":
        first, second = np.triu_indices(len(grouped), k=1)
        arrays = two_sample_arrays(x[first], x[second], **test)  # type: ignore[arg-type]
        labels: list[Hashable] = [
            (grouped.labels[i], grouped.labels[j]) for i, j in zip(first, second, strict=True)
        ]
        own = [results[i] for i in first]
        others: list[NPSResult | None] = [results[j] for j in second]
        flags = small[first] | small[second]
        scale_by = np.ones(first.shape[0])
    else:
        if reference in ("overall", "rest"):
            rest = x.sum(axis=0, keepdims=True) - x
            arrays = two_sample_arrays(x, np.maximum(rest, 0.0), **test)  # type: ignore[arg-type]
            others = [None] * len(grouped)
        else:
            try:
                j = grouped.index(reference)
            except KeyError:
                raise InvalidOptionError(
                    f"reference must be 'overall', 'rest', 'pairwise' or a segment label; "
                    f"{reference!r} is not a segment"
                ) from None
            arrays = two_sample_arrays(x, np.repeat(x[j : j + 1], len(grouped), axis=0), **test)  # type: ignore[arg-type]
            others = [results[j]] * len(grouped)
        labels = list(grouped.labels)
        own = results
        flags = small
        if reference == "overall":
            total = grouped.sums.sum()
            scale_by = 1.0 - grouped.sums.sum(axis=1) / total if total > 0 else np.ones(len(grouped))
        else:
            scale_by = np.ones(len(grouped))

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
    return SegmentReport(
        rows=tuple(rows),
        omnibus=omnibus,
        overall=overall,
        reference=reference,
        correction=correction,
        confidence=level,
        method=interval_method,
        test_method=test_method,
        min_n=float(min_n),
        order=order,
        excluded=grouped.excluded,
    )


def _ordered(rows: list[SegmentRow], order: str) -> list[SegmentRow]:
    if order == "label":
        return rows
    key: Any
    key = [-row.result.nps for row in rows] if order == "nps" else [-row.result.ci.low for row in rows]
    values = np.nan_to_num(np.asarray(key, dtype=np.float64), nan=np.inf)
    return [rows[i] for i in np.argsort(values, kind="stable")]
