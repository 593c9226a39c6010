"""``crosstab()``: two rating questions of the same people, box by box, with a rank correlation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._counts._ratings import check_metric
from .._input._align import align_inputs
from .._input._metric import CSAT, NPS, Metric
from .._input._options import MISSING_POLICIES, check_choice
from .._input._plain import fmt_p_after, html_table, records_frame, text_table
from .._input._validate import check_same_length, validate_scores
from .._results._base import Result
from .._stats._ranks import kendall_tau_b, spearman_rho

if TYPE_CHECKING:
    from ..typing import FloatArray, MissingPolicy, ScoresLike, WeightsLike

__all__ = ["CrossTab", "crosstab"]


@dataclass(frozen=True, slots=True, repr=False)
class CrossTab(Result):
    """Responses by the boxes of two questions, and how the two answers rank together.

    Attributes
    ----------
    rows, columns : tuple of str
        The boxes of ``metric`` (rows) and of ``other_metric`` (columns), low
        to high, e.g. ``"detractors (0-6)"`` and ``"top (4-5)"``.
    counts : tuple of tuple of float
        Responses (sums of weights) in each row box and column box.
    kendall_tau_b, spearman_rho : float
        Rank correlations of the two answers on their full scales (not the
        boxes), ties included: Kendall's tau-b and Spearman's rho.
    pvalue : float
        Two-sided p-value of "no association" from Kendall's tau-b
        (normal approximation with the ties-corrected variance).
    n : int
        Pairs of answers used.
    missing : int
        Pairs left out because either answer was missing.
    metric, other_metric : Metric
        The two questions' metrics.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[float, ...], ...]
    kendall_tau_b: float
    spearman_rho: float
    pvalue: float
    n: int
    missing: int
    metric: Metric
    other_metric: Metric

    def row_shares(self) -> tuple[tuple[float, ...], ...]:
        """Each row's counts as shares of the row (0..1): e.g. how detractors answer CSAT."""
        table = np.array(self.counts, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = table / table.sum(axis=1, keepdims=True)
        return tuple(tuple(float(v) for v in row) for row in shares)

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per box of ``metric``, one column per box of ``other_metric``."""
        return records_frame(
            [
                {self.metric.name: label, **dict(zip(self.columns, row, strict=True))}
                for label, row in zip(self.rows, self.counts, strict=True)
            ]
        )

    def _cells(self) -> tuple[list[str], list[list[str]]]:
        header = [f"{self.metric.name} \\ {self.other_metric.name}", *self.columns, "n"]
        body = [
            [label, *(f"{100 * v:.1f}%" if math.isfinite(v) else "n/a" for v in shares), f"{sum(row):,.0f}"]
            for label, shares, row in zip(self.rows, self.row_shares(), self.counts, strict=True)
        ]
        return header, body

    def _caption(self) -> str:
        return (
            f"{self.metric.name} by {self.other_metric.name} (row shares; n = {self.n:,}"
            + (f", {self.missing:,} pairs with a missing answer left out" if self.missing else "")
            + f"): Kendall's tau-b {self.kendall_tau_b:.3f} (p {fmt_p_after(self.pvalue)}), "
            f"Spearman's rho {self.spearman_rho:.3f}"
        )

    def __repr__(self) -> str:
        return (
            f"CrossTab({self.metric.name} x {self.other_metric.name}, n={self.n}, "
            f"kendall_tau_b={self.kendall_tau_b:.3f}, spearman_rho={self.spearman_rho:.3f})"
        )

    def __str__(self) -> str:
        header, body = self._cells()
        return text_table(header, body, self._caption())

    def _repr_html_(self) -> str:
        header, body = self._cells()
        return html_table(header, body, caption=self._caption())


def crosstab(
    scores: ScoresLike,
    other: ScoresLike,
    weights: WeightsLike | None = None,
    *,
    metric: Metric = NPS,
    other_metric: Metric = CSAT,
    missing: MissingPolicy = "omit",
) -> CrossTab:
    """Cross-tabulate two questions the same people answered, e.g. NPS category by CSAT box.

    Parameters
    ----------
    scores, other : array_like
        The two answers of each respondent, position by position (pandas
        Series by index label).
    weights : array_like, optional
        Survey weights, one per respondent: the table holds sums of weights
        and the correlations weigh each pair by them.
    metric, other_metric : Metric, default NPS and CSAT
        The questions' metrics: their scales check the answers and their
        boxes label the rows and columns.
    missing : {"omit", "raise"}, default "omit"
        Leave out (and count) pairs where either answer is missing, or raise.

    Returns
    -------
    CrossTab

    Notes
    -----
    The rank correlations use the full scales (0-10 by 1-5, not the boxes),
    from the joint table of the two answers, ties sharing their mean rank:
    Kendall's tau-b (Kendall 1970) and Spearman's rho, as R ``cor(x, y,
    method = "kendall")`` and ``"spearman"``. The p-value tests tau = 0 with
    the normal approximation and the variance corrected for ties in both
    answers (R ``cor.test(x, y, method = "kendall", exact = FALSE)``). With
    weights, the table is rescaled to Kish's effective number of pairs for
    the test (an approximation; the correlations themselves are exact
    weighted ones).

    Examples
    --------
    >>> import netpromoter as nps
    >>> from netpromoter.datasets import example_survey
    >>> s = example_survey()
    >>> table = nps.crosstab(s.score, s.csat)
    >>> table.rows
    ('detractors (0-6)', 'passives (7-8)', 'promoters (9-10)')
    >>> [round(share, 2) for share in table.row_shares()[2]]  # promoters: mostly satisfied
    [0.06, 0.94]
    >>> round(table.kendall_tau_b, 2), table.pvalue < 0.001
    (0.56, True)
    """
    check_metric(metric)
    check_metric(other_metric, "other_metric")
    check_choice(missing, MISSING_POLICIES, "missing")
    scores, other, weights = align_inputs([("scores", scores), ("other", other), ("weights", weights)])
    first = validate_scores(scores, scale=metric.scale, missing=missing, weights=weights)
    second = validate_scores(other, scale=other_metric.scale, missing=missing, what="other score")
    check_same_length(first.length, second.length, "scores", "other")
    keep = np.ones(first.length, dtype=bool)
    for mask in (first.missing_mask, second.missing_mask):
        if mask is not None:
            keep &= ~mask
    k1 = metric.maximum - metric.minimum + 1
    k2 = other_metric.maximum - other_metric.minimum + 1
    i = first.values[keep].astype(np.intp) - metric.minimum
    j = second.values[keep].astype(np.intp) - other_metric.minimum
    w = None if first.weights is None else first.weights[keep]
    joint = np.bincount(i * k2 + j, weights=w, minlength=k1 * k2).astype(np.float64).reshape(k1, k2)
    tested = joint
    if w is not None and w.size:
        squares = float((w * w).sum())
        total = float(w.sum())
        tested = joint * (total / squares) if squares > 0 else joint  # Kish: sum w^2 / sum w = 1
    tau, _, pvalue = kendall_tau_b(tested)
    rows, columns = metric.boxes, other_metric.boxes
    table = _collapse(joint, rows, columns, metric.minimum, other_metric.minimum)
    return CrossTab(
        rows=tuple(label for label, _ in rows),
        columns=tuple(label for label, _ in columns),
        counts=tuple(tuple(_tidy(float(v)) for v in row) for row in table),
        kendall_tau_b=tau,
        spearman_rho=spearman_rho(joint),
        pvalue=pvalue,
        n=int(np.count_nonzero(keep)),
        missing=int(first.length - np.count_nonzero(keep)),
        metric=metric,
        other_metric=other_metric,
    )


def _collapse(
    joint: FloatArray,
    rows: tuple[tuple[str, tuple[int, ...]], ...],
    columns: tuple[tuple[str, tuple[int, ...]], ...],
    low_row: int,
    low_column: int,
) -> FloatArray:
    """The value-by-value table summed into boxes: A_rows @ joint @ A_columns'."""
    a = np.zeros((len(rows), joint.shape[0]))
    for r, (_, values) in enumerate(rows):  # a handful of boxes, not responses
        a[r, [v - low_row for v in values]] = 1.0
    b = np.zeros((len(columns), joint.shape[1]))
    for c, (_, values) in enumerate(columns):
        b[c, [v - low_column for v in values]] = 1.0
    table: FloatArray = a @ joint @ b.T
    return table


def _tidy(x: float) -> float:
    return int(x) if x == int(x) else x
