"""Optional plots (``pip install 'netpromoter[plot]'``); matplotlib is imported on demand.

Every function draws on ``ax`` (a new figure's axes if None) and returns the
matplotlib Axes, so plots compose with the rest of a figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ._input._options import check_axes, check_flag, check_scale
from ._input._plain import fmt_label
from ._input._scale import STANDARD, Scale
from ._input._validate import validate_scores

if TYPE_CHECKING:
    from ._analysis._decompose import Decomposition
    from ._analysis._drivers import DriverTable
    from ._analysis._prioritize import PriorityTable
    from ._analysis._segments import SegmentReport
    from ._analysis._trend import TrendReport
    from .typing import Performance, QuadrantCut, ScoresLike

__all__ = ["CATEGORY_COLOURS", "decomposition", "distribution", "drivers", "priorities", "segments", "trend"]

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
    """Forest plot of a segment report; significant rows filled, hollow otherwise.

    Each segment's NPS with its interval, and a dashed line at what it was
    compared with: the overall NPS, the reference segment's, or the
    benchmark. For ``reference="pairwise"`` each pair's difference (first
    minus second) with its interval, and a line at zero. With shrinkage the
    shrunk NPS is marked too. Labels are readable: combinations joined by
    " / ", a missing label shown as "(missing)".

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import netpromoter as nps
    >>> from netpromoter import plot
    >>> groups = ["a", "a", "b", "b", "c", "c"]
    >>> report = nps.segments([10, 9, 3, 7, 10, 0], groups, reference="pairwise", min_n=0)
    >>> ax = plot.segments(report)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['a - b', 'a - c', 'b - c']
    """
    ax = _axes(ax)
    rows = list(report)
    y = np.arange(len(rows))[::-1]
    pairwise = report.reference == "pairwise"
    if pairwise:
        centre = np.array([row.difference for row in rows])
        low = np.array([row.ci.low for row in rows])
        high = np.array([row.ci.high for row in rows])
        labels = [f"{fmt_label(row.segment[0])} - {fmt_label(row.segment[1])}" for row in rows]  # type: ignore[index]
    else:
        centre = np.array([row.result.nps for row in rows])
        low = np.array([row.result.ci.low for row in rows])
        high = np.array([row.result.ci.high for row in rows])
        labels = [fmt_label(row.segment) for row in rows]
    ax.hlines(y, low, high, color="#444444", linewidth=1.5)
    significant = np.array([row.significant for row in rows], dtype=bool)
    ax.scatter(centre[significant], y[significant], color="#0072B2", zorder=3, label="significant")
    ax.scatter(
        centre[~significant],
        y[~significant],
        facecolor="white",
        edgecolor="#0072B2",
        zorder=3,
        label="not significant",
    )
    if report.shrinkage is not None:
        shrunk = np.array([np.nan if row.shrunk is None else row.shrunk for row in rows])
        ax.scatter(shrunk, y, marker="x", color="#D55E00", zorder=4, label="shrunk (empirical Bayes)")
    level = f"{100 * report.confidence:g}% interval"
    if pairwise:
        ax.axvline(0.0, linestyle="--", color="#999999", label="no difference")
        ax.set_xlabel(f"difference in {report.overall.metric.name}, first minus second ({level})")
    else:
        if isinstance(report.reference, float):
            metric = report.overall.metric
            shown = f"{report.reference:+g}" if metric.kind == "net" else metric.format(report.reference)
            line, name = report.reference, f"benchmark {shown}"
        elif report.reference in ("overall", "rest"):
            line, name = report.overall.nps, "overall"
        else:
            line, name = report[report.reference].result.nps, f"reference: {fmt_label(report.reference)}"
        ax.axvline(line, linestyle="--", color="#999999", label=name)
        ax.set_xlabel(f"{report.overall.metric.name} ({level})")
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.legend(loc="best", fontsize="small")
    return ax


def trend(report: TrendReport, *, ax: Any = None) -> Any:
    """NPS per period with its interval band, control limits, flagged periods and CUSUM shifts.

    Periods above the upper control limit are marked with an upward triangle
    (green), those below the lower one with a downward triangle (vermillion);
    each CUSUM signal is a dashed vertical line at the period it was found,
    coloured by direction. Date periods are drawn on a date axis (a few
    readable ticks, however many periods); other periods keep their labels,
    thinned to at most a dozen.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import netpromoter as nps
    >>> from netpromoter import plot
    >>> ax = plot.trend(nps.trend([9, 3, 7, 10, 0, 8], [1, 1, 2, 2, 3, 3]))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['1', '2', '3']
    """
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    ax = _axes(ax)
    rows = list(report)
    labels = [row.period for row in rows]
    dates = bool(rows) and all(isinstance(label, np.datetime64) for label in labels)
    x: Any = np.array(labels, dtype="datetime64[D]") if dates else np.arange(len(rows))
    nps = np.array([row.result.nps for row in rows])
    low = np.array([row.result.ci.low for row in rows])
    high = np.array([row.result.ci.high for row in rows])
    ax.fill_between(x, low, high, color="#56B4E9", alpha=0.3, label=f"{100 * report.confidence:g}% interval")
    ax.plot(x, nps, marker="o", color="#0072B2", label=report.metric.name)
    chart = "Laney p' chart" if report.control == "laney" else "p chart"
    ax.plot(x, [row.lower_limit for row in rows], linestyle=":", color="#999999", label=f"limits ({chart})")
    ax.plot(x, [row.upper_limit for row in rows], linestyle=":", color="#999999")
    for direction, marker, colour in (("high", "^", CATEGORY_COLOURS[2]), ("low", "v", CATEGORY_COLOURS[0])):
        flagged = np.array([row.direction == direction for row in rows], dtype=bool)
        name = direction if flagged.any() else f"_{direction}"  # no legend entry for no period
        ax.scatter(x[flagged], nps[flagged], marker=marker, color=colour, zorder=3, s=70, label=name)
    seen: set[str] = set()
    for shift in report.shifts:
        colour = CATEGORY_COLOURS[2] if shift.direction == "rise" else CATEGORY_COLOURS[0]
        label = None if shift.direction in seen else f"CUSUM {shift.direction}"
        seen.add(shift.direction)
        ax.axvline(x[shift.index], color=colour, linestyle="--", label=label)
    if dates:
        import matplotlib.dates as mdates

        locator = mdates.AutoDateLocator(maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    else:
        names = [str(label) for label in labels]
        if len(rows) <= 12:
            ax.xaxis.set_major_locator(FixedLocator(x))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
        ax.xaxis.set_major_formatter(
            FuncFormatter(
                lambda value, _: names[int(value)] if 0 <= value < len(names) and value == int(value) else ""
            )
        )
    ax.set_ylabel(report.metric.name + (" (%)" if report.metric.kind == "share" else ""))
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


def drivers(
    table: DriverTable, *, performance: Performance = "mean", cut: QuadrantCut = "mean", ax: Any = None
) -> Any:
    """Importance x performance grid: each attribute's share of R^2 against its rating.

    Dashed lines are the cuts of :meth:`DriverTable.quadrant`; the top-left
    quadrant (important, performing below the rest) is where to concentrate.
    """
    grid = table.quadrant(performance=performance, cut=cut)
    ax = _axes(ax)
    rows = list(grid)
    x = np.array([row.performance for row in rows])
    y = np.array([100 * row.importance for row in rows])
    focus = np.array([row.quadrant == "concentrate here" for row in rows], dtype=bool)
    ax.scatter(x[~focus], y[~focus], color="#0072B2", zorder=3, label="attributes")
    ax.scatter(x[focus], y[focus], color="#D55E00", zorder=3, label="concentrate here")
    ax.axvline(grid.performance_cut, linestyle="--", color="#999999")
    ax.axhline(100 * grid.importance_cut, linestyle="--", color="#999999")
    for row in rows:
        ax.annotate(
            row.attribute,
            (row.performance, 100 * row.importance),
            fontsize="small",
            xytext=(4, 4),
            textcoords="offset points",
        )
    ax.set_xlabel("performance (top-box share)" if performance == "top-box" else "performance (mean rating)")
    ax.set_ylabel(f"importance (% of R² = {table.r_squared:.2f}, {table.method})")
    ax.set_title("Key drivers: concentrate on the top left")
    ax.legend(loc="best", fontsize="small")
    return ax


def decomposition(result: Decomposition, *, detail: bool = True, ax: Any = None) -> Any:
    """Waterfall from the NPS before to the NPS after, through mix and rate effects.

    With ``detail`` one step per segment's mix and per segment's rate,
    otherwise one step each for the total mix and rate. Rising steps are
    green, falling ones vermillion, the two levels blue; each step carries
    its confidence interval as an error bar.
    """
    detail = check_flag(detail, "detail")
    ax = _axes(ax)
    if detail:
        steps = [(f"mix: {row.segment}", row.mix, row.mix_ci) for row in result]
        steps += [(f"rate: {row.segment}", row.rate, row.rate_ci) for row in result]
    else:
        steps = [("mix", result.mix, result.mix_ci), ("rate", result.rate, result.rate_ci)]
    labels = ["before", *(label for label, _, _ in steps), "after"]
    amounts = np.array([amount for _, amount, _ in steps])
    starts = result.before + np.concatenate([[0.0], np.cumsum(amounts)[:-1]])
    x = np.arange(len(labels))
    level = "#0072B2"
    ax.bar([x[0], x[-1]], [result.before, result.after], color=level)
    colours = [CATEGORY_COLOURS[2] if amount >= 0 else CATEGORY_COLOURS[0] for amount in amounts]
    ax.bar(x[1:-1], amounts, bottom=starts, color=colours)
    ends = starts + amounts
    low = np.array([ci.low for _, _, ci in steps])
    high = np.array([ci.high for _, _, ci in steps])
    ax.errorbar(
        x[1:-1],
        ends,
        yerr=[amounts - low, high - amounts],
        fmt="none",
        ecolor="#333333",
        capsize=3,
        label=f"{100 * result.confidence:g}% interval",
    )
    ax.axhline(0.0, color="#333333", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=45, ha="right")
    ax.set_ylabel("NPS")
    ax.set_title(
        f"NPS {result.before:+.1f} → {result.after:+.1f}: mix {result.mix:+.1f}, rate {result.rate:+.1f}"
    )
    ax.legend(loc="best", fontsize="small")
    return ax
