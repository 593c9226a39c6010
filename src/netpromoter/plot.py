"""Optional plots (``pip install 'netpromoter[plot]'``); matplotlib is imported on demand.

Every function draws on ``ax`` (a new figure's axes if None) and returns the
matplotlib Axes, so plots compose with the rest of a figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ._input._options import check_axes, check_scale
from ._input._scale import STANDARD, Scale
from ._input._validate import validate_scores

if TYPE_CHECKING:
    from ._analysis._prioritize import PriorityTable
    from ._analysis._segments import SegmentReport
    from ._analysis._trend import TrendReport
    from .typing import ScoresLike

__all__ = ["CATEGORY_COLOURS", "distribution", "priorities", "segments", "trend"]

#: Detractor, passive, promoter colours (colour-blind safe: Okabe-Ito vermillion, grey, bluish green).
CATEGORY_COLOURS = ("#D55E00", "#999999", "#009E73")


def _axes(ax: Any) -> Any:
    if check_axes(ax) is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots()
    return new


def distribution(scores: ScoresLike, *, scale: Scale = STANDARD, ax: Any = None) -> Any:
    """Bars of how many responses gave each score, coloured by category.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from netpromoter import plot
    >>> ax = plot.distribution([10, 9, 9, 7, 3, 0])
    >>> len(ax.patches)
    11
    """
    valid = validate_scores(scores, scale=check_scale(scale), missing="omit")
    values = valid.values if valid.missing_mask is None else valid.values[~valid.missing_mask]
    points = np.arange(scale.minimum, scale.maximum + 1)
    counts = np.bincount(np.asarray(values, dtype=np.intp) - scale.minimum, minlength=points.shape[0])
    colours = [CATEGORY_COLOURS[int(scale.category_of(int(p))) + 1] for p in points]
    ax = _axes(ax)
    ax.bar(points, counts, color=colours)
    ax.set_xticks(points)
    ax.set_xlabel("score")
    ax.set_ylabel("responses")
    ax.set_title(f"Score distribution (n = {int(counts.sum()):,}, {valid.n_missing:,} missing)")
    return ax


def segments(report: SegmentReport, *, ax: Any = None) -> Any:
    """Forest plot: each segment's NPS with its interval; significant rows filled.

    The dashed line is the overall NPS; hollow markers are segments not
    significantly different from the reference, filled ones are.
    """
    ax = _axes(ax)
    rows = list(report)
    y = np.arange(len(rows))[::-1]
    nps = np.array([row.result.nps for row in rows])
    low = np.array([row.result.ci.low for row in rows])
    high = np.array([row.result.ci.high for row in rows])
    ax.hlines(y, low, high, color="#444444", linewidth=1.5)
    significant = np.array([row.significant for row in rows], dtype=bool)
    ax.scatter(nps[significant], y[significant], color="#0072B2", zorder=3, label="significant")
    ax.scatter(
        nps[~significant],
        y[~significant],
        facecolor="white",
        edgecolor="#0072B2",
        zorder=3,
        label="not significant",
    )
    ax.axvline(report.overall.nps, linestyle="--", color="#999999", label="overall")
    ax.set_yticks(y)
    ax.set_yticklabels([str(row.segment) for row in rows])
    ax.set_xlabel(f"NPS ({100 * report.confidence:g}% interval)")
    ax.legend(loc="best", fontsize="small")
    return ax


def trend(report: TrendReport, *, ax: Any = None) -> Any:
    """NPS per period with its interval band, control limits and flagged periods."""
    ax = _axes(ax)
    rows = list(report)
    x = np.arange(len(rows))
    nps = np.array([row.result.nps for row in rows])
    low = np.array([row.result.ci.low for row in rows])
    high = np.array([row.result.ci.high for row in rows])
    ax.fill_between(x, low, high, color="#56B4E9", alpha=0.3, label=f"{100 * report.confidence:g}% interval")
    ax.plot(x, nps, marker="o", color="#0072B2", label="NPS")
    ax.plot(x, [row.lower_limit for row in rows], linestyle=":", color="#999999", label="control limits")
    ax.plot(x, [row.upper_limit for row in rows], linestyle=":", color="#999999")
    flagged = np.array([row.out_of_control for row in rows], dtype=bool)
    ax.scatter(x[flagged], nps[flagged], color="#D55E00", zorder=3, s=60, label="out of control")
    if report.shift is not None:
        ax.axvline(
            report.shift.index, color="#D55E00", linestyle="--", label=f"shift ({report.shift.direction})"
        )
    ax.set_xticks(x)
    ax.set_xticklabels([str(row.period) for row in rows], rotation=45, ha="right")
    ax.set_ylabel("NPS")
    ax.legend(loc="best", fontsize="small")
    return ax


def priorities(table: PriorityTable, *, ax: Any = None) -> Any:
    """Priority matrix: frequency against fixability, bubble area = expected uplift."""
    ax = _axes(ax)
    rows = list(table)
    frequency = np.array([row.frequency for row in rows])
    fixability = np.array([row.fixability for row in rows])
    uplift = np.array([row.expected_uplift for row in rows])
    sizes = 40 + 800 * uplift / max(float(uplift.max()), 1e-9) if rows else uplift
    ax.scatter(fixability, frequency, s=sizes, alpha=0.6, color="#009E73", edgecolor="#333333")
    for row in rows:
        ax.annotate(
            str(row.theme),
            (row.fixability, row.frequency),
            fontsize="small",
            xytext=(4, 4),
            textcoords="offset points",
        )
    ax.set_xlim(-0.05, 1.05)
    ax.set_xlabel("fixability (1 = quick win)")
    ax.set_ylabel("share of detractors citing")
    ax.set_title("Fix first: top right (bubble = expected NPS uplift)")
    return ax
