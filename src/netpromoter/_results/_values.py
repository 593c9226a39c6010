"""Result objects: frozen values with a readable repr, ``to_dict`` and notebook HTML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, NamedTuple

import numpy as np

from .._counts._counts import Counts
from .._counts._ratings import RatingCounts
from .._input._metric import NPS, Metric
from .._input._plain import fmt_points, html_table
from .._stats._intervals import IntervalOptions, interval_arrays
from ..typing import FloatArray
from ._base import Result

if TYPE_CHECKING:
    from .._counts._grouped import GroupedCounts

__all__ = ["ConfidenceInterval", "NPSResult", "ResultColumns", "counts_design", "group_results"]


class ConfidenceInterval(NamedTuple):
    """An interval ``(low, high)``, in NPS points unless said otherwise."""

    low: float
    high: float


@dataclass(frozen=True, slots=True, repr=False)
class NPSResult(Result):
    """An NPS (or another metric's) estimate with its uncertainty.

    Attributes
    ----------
    nps : float
        The observed estimate, whatever the interval method: the NPS in points
        (-100..100); for another ``metric``, that metric's estimate in its
        unit (the same number as :attr:`estimate`).
    se : float
        Standard error, in the estimate's unit, from the chosen method.
    ci : ConfidenceInterval
        ``(low, high)`` in the estimate's unit, inside the metric's range.
    confidence : float
        Confidence level of ``ci``.
    method : str
        Interval method used.
    counts : Counts
        The counts everything was computed from (for a share metric: the top
        box as promoters, the rest as passives; for a mean: every response a
        passive, since a mean has no boxes).
    n : int
        Number of responses used (not the sum of weights).
    missing : int
        Number of missing responses left out.
    metric : Metric
        What is measured (:data:`~netpromoter.NPS` unless ``metric=`` said otherwise).
    ratings : RatingCounts or None
        The responses per scale value, when the metric was computed from them
        (always for a mean).

    ``to_dict()`` nests the interval (``{"low", "high"}``) and the counts;
    ``to_frame()`` has the columns ``nps``, ``se``, ``ci_low``, ``ci_high``, ...,
    ``detractors``, ``passives``, ``promoters``, ``effective_n``, ``n``, ``missing``.
    """

    # The counts' own n, missing and NPS repeat this result's columns.
    _columns: ClassVar[Mapping[str, str | None]] = {
        "counts": "",
        "counts.n": None,
        "counts.missing": None,
        "counts.nps": None,
        "counts.squared_weights": None,
        "metric.name": "",
        "metric.kind": None,
        "metric.minimum": None,
        "metric.maximum": None,
        "metric.top": None,
        "metric.bottom": None,
        "ratings": None,
    }

    nps: float
    se: float
    ci: ConfidenceInterval
    confidence: float
    method: str
    counts: Counts
    n: int
    missing: int
    metric: Metric = NPS
    ratings: RatingCounts | None = None

    @property
    def estimate(self) -> float:
        """The estimate in the metric's unit: percent (shares), points (net scores), scale units (means)."""
        return self.nps

    @property
    def effective_n(self) -> float:
        """Kish effective sample size of the counts (``n`` if unweighted)."""
        return self.counts.effective_n

    def __repr__(self) -> str:
        name = "nps" if self.metric == NPS else "estimate"
        text = (
            f"NPSResult({name}={self.nps:.2f}, ci=({self.ci.low:.2f}, {self.ci.high:.2f}), "
            f"confidence={self.confidence:g}, method={self.method!r}, se={self.se:.2f}, "
            f"n={self.n}, missing={self.missing}"
        )
        return text + ("" if self.metric == NPS else f", metric={self.metric.name!r}") + ")"

    def __str__(self) -> str:
        level = f"{100 * self.confidence:g}%"
        show = self.metric.format
        return (
            f"{self.metric.name} {show(self.nps)} ({level} CI {show(self.ci.low)} to "
            f"{show(self.ci.high)}, {self.method}; n = {self.n:,})"
        )

    def _repr_html_(self) -> str:
        if self.metric.kind != "net" or self.metric.name != "NPS":
            return self._metric_html()
        c = self.counts
        level = f"{100 * self.confidence:g}% CI"
        rows = [
            ["NPS", fmt_points(self.nps)],
            [level, f"{fmt_points(self.ci.low)} to {fmt_points(self.ci.high)}"],
            ["Standard error", f"{self.se:.2f}"],
            ["Promoters", f"{c.promoters:,.6g} ({100 * c.promoter_share:.1f}%)"],
            ["Passives", f"{c.passives:,.6g} ({100 * c.passive_share:.1f}%)"],
            ["Detractors", f"{c.detractors:,.6g} ({100 * c.detractor_share:.1f}%)"],
            ["Responses", f"{self.n:,}" + (f" ({self.missing:,} missing)" if self.missing else "")],
        ]
        if c.weighted:
            rows.append(["Effective n (Kish)", f"{self.effective_n:,.1f}"])
        return html_table(["", ""], rows, caption=f"Net Promoter Score ({self.method})")

    def _metric_html(self) -> str:
        show = self.metric.format
        rows = [
            [self.metric.name, show(self.nps)],
            [f"{100 * self.confidence:g}% CI", f"{show(self.ci.low)} to {show(self.ci.high)}"],
            ["Standard error", f"{self.se:.2f}"],
            ["Responses", f"{self.n:,}" + (f" ({self.missing:,} missing)" if self.missing else "")],
        ]
        if self.counts.weighted:
            rows.append(["Effective n (Kish)", f"{self.effective_n:,.1f}"])
        return html_table(["", ""], rows, caption=f"{self.metric.label} ({self.method})")


def counts_design(counts: Counts) -> tuple[FloatArray | None, FloatArray | None]:
    """Cross-products (1, 3, 3) and number of clusters (1,) of clustered counts; (None, None) otherwise."""
    if counts.cross_products is None or counts.clusters is None:
        return None, None
    return np.array([counts.cross_products], dtype=np.float64), np.array([float(counts.clusters)])


@dataclass(frozen=True, slots=True)
class ResultColumns:
    """Every group's NPS, SE and interval as arrays (points), from one vectorised computation.

    The per-group :class:`NPSResult` is built only when asked for
    (:meth:`result`), through a trusted path: the arrays were computed and the
    counts validated once, so nothing is checked again per row.
    """

    groups: GroupedCounts
    nps: FloatArray
    se: FloatArray
    low: FloatArray
    high: FloatArray
    confidence: float
    method: str
    metric: Metric = NPS

    @classmethod
    def compute(
        cls,
        groups: GroupedCounts,
        method: str,
        level: float,
        options: IntervalOptions,
        metric: Metric = NPS,
    ) -> ResultColumns:
        """Intervals of every group of ``groups`` by ``method`` at ``level``.

        Clustered groups are domains of the whole design (``survey::svyby``): their
        variance carries m / (m - 1) with m the clusters of the whole design.
        """
        bounds = interval_arrays(
            groups.sums,
            groups.squares,
            method=method,
            confidence=level,
            options=options,
            products=groups.cross_products,
            clusters=groups.design_sizes(),
            share=metric.kind == "share",
        )
        sums = groups.sums
        with np.errstate(divide="ignore", invalid="ignore"):  # as Counts.nps, to the last bit
            nps = 100.0 * ((sums[:, 2] - sums[:, 0]) / (sums[:, 0] + sums[:, 1] + sums[:, 2]))
        return cls(
            groups, nps, 100.0 * bounds.se, 100.0 * bounds.low, 100.0 * bounds.high, level, method, metric
        )

    def __len__(self) -> int:
        return int(self.nps.shape[0])

    def result(self, i: int) -> NPSResult:
        """The i-th group's :class:`NPSResult`."""
        counts = self.groups.counts(i)
        result = object.__new__(NPSResult)
        for name, value in (
            ("nps", float(self.nps[i])),
            ("se", float(self.se[i])),
            ("ci", ConfidenceInterval(float(self.low[i]), float(self.high[i]))),
            ("confidence", self.confidence),
            ("method", self.method),
            ("counts", counts),
            ("n", counts.n),
            ("missing", counts.missing),
            ("metric", self.metric),
            ("ratings", None),
        ):
            object.__setattr__(result, name, value)
        return result


def group_results(
    groups: GroupedCounts, method: str, level: float, options: IntervalOptions, metric: Metric = NPS
) -> list[NPSResult]:
    """Every group's NPSResult from one vectorised interval computation (see :class:`ResultColumns`)."""
    columns = ResultColumns.compute(groups, method, level, options, metric)
    return [columns.result(i) for i in range(len(columns))]
