"""``decompose()`` and ``theme_contributions()``: why NPS moved, and what it is made of."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .._counts._grouped import GroupedCounts
from .._input._options import (
    DECOMPOSE_METHODS,
    MISSING_POLICIES,
    as_generator,
    check_choice,
    check_confidence,
    check_resamples,
    check_scale,
)
from .._input._plain import fmt_points, html_table
from .._input._scale import STANDARD, Scale, category_index
from .._input._themes import theme_lists
from .._input._validate import check_same_length, validate_scores, validate_weights
from .._results._base import Result
from .._results._rows import RowTable
from .._results._values import ConfidenceInterval
from .._stats._decompose import bootstrap_mix_rate, delta_variances, mix_rate, shares_and_rates
from .._stats._intervals import normal_quantile
from ..errors import DegenerateDataError, InvalidTypeError
from ..typing import FloatArray

if TYPE_CHECKING:
    from ..typing import DecomposeMethod, MissingPolicy, RNGLike, ScoresLike, ThemesLike, WeightsLike

__all__ = [
    "Decomposition",
    "DecompositionRow",
    "ThemeContributionRow",
    "ThemeContributions",
    "decompose",
    "theme_contributions",
]

_POINTS = np.array([-100.0, 0.0, 100.0])  # a detractor's, passive's and promoter's part of NPS


@dataclass(frozen=True, slots=True)
class DecompositionRow(Result):
    """One segment's part in the change of NPS, in points.

    Attributes
    ----------
    segment : hashable
    share_before, share_after : float
        The segment's share (by weight) of each period's responses, 0..1.
    nps_before, nps_after : float
        Its NPS in each period (NaN where it has no responses).
    n_before, n_after : int
        Its responses in each period.
    mix : float
        Change due to its share moving: (w1 - w0) (r0 + r1) / 2.
    rate : float
        Change due to its NPS moving: (r1 - r0) (w0 + w1) / 2.
    change : float
        mix + rate = w1 r1 - w0 r0: its whole contribution to the change.
    mix_se, rate_se : float
        Standard errors (delta method or bootstrap).
    mix_ci, rate_ci : ConfidenceInterval

    In ``to_frame()`` the intervals are in ``mix_low``, ``mix_high``,
    ``rate_low`` and ``rate_high``.
    """

    _columns: ClassVar[Mapping[str, str | None]] = {"mix_ci": "mix", "rate_ci": "rate"}

    segment: Hashable
    share_before: float
    share_after: float
    nps_before: float
    nps_after: float
    n_before: int
    n_after: int
    mix: float
    rate: float
    change: float
    mix_se: float
    rate_se: float
    mix_ci: ConfidenceInterval
    rate_ci: ConfidenceInterval


@dataclass(frozen=True, slots=True, repr=False)
class Decomposition(RowTable[DecompositionRow]):
    """The change in NPS between two periods, split into segment mix and rate.

    Iterating yields one :class:`DecompositionRow` per segment (the
    ``before`` segments in their order, then segments new in ``after``);
    ``decomposition[label]`` finds one. ``mix + rate == change`` up to
    rounding (1e-12), and the rows add up to the totals.

    Attributes
    ----------
    before, after, change : float
        Overall NPS in each period, and after - before.
    mix, rate : float
        Sums of the rows' mix and rate effects.
    change_se, mix_se, rate_se : float
    change_ci, mix_ci, rate_ci : ConfidenceInterval
    confidence : float
    method : str
        ``"delta"`` or ``"bootstrap"``.
    resamples : int or None
        Bootstrap replicates (None for the delta method).
    """

    _key: ClassVar[str] = "segment"

    rows: tuple[DecompositionRow, ...]
    before: float
    after: float
    change: float
    mix: float
    rate: float
    change_se: float
    mix_se: float
    rate_se: float
    change_ci: ConfidenceInterval
    mix_ci: ConfidenceInterval
    rate_ci: ConfidenceInterval
    confidence: float
    method: str
    resamples: int | None

    def __repr__(self) -> str:
        return (
            f"Decomposition(NPS {self.before:.1f} -> {self.after:.1f}: change {fmt_points(self.change)} = "
            f"mix {fmt_points(self.mix)} + rate {fmt_points(self.rate)}; {len(self.rows)} segments)"
        )

    def __str__(self) -> str:
        level = f"{100 * self.confidence:g}%"
        labels = [str(row.segment) for row in self.rows]
        width = max([len("segment"), *(len(label) for label in labels)])
        lines = [
            f"NPS {fmt_points(self.before)} -> {fmt_points(self.after)}: change {fmt_points(self.change)} "
            f"({level} CI {fmt_points(self.change_ci.low)} to {fmt_points(self.change_ci.high)}, "
            f"{self.method}) = mix {fmt_points(self.mix)} + rate {fmt_points(self.rate)}",
            f"{'segment':<{width}}  share before  after  NPS before  after    mix   rate",
        ]
        for label, row in zip(labels, self.rows, strict=True):
            lines.append(
                f"{label:<{width}}  {100 * row.share_before:11.1f}%  {100 * row.share_after:4.1f}%"
                f"  {fmt_points(row.nps_before):>10}  {fmt_points(row.nps_after):>5}"
                f"  {fmt_points(row.mix):>5}  {fmt_points(row.rate):>5}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        level = f"{100 * self.confidence:g}%"
        header = ["segment", "share", "NPS", "mix", f"mix {level} CI", "rate", f"rate {level} CI"]
        body = [
            [
                str(r.segment),
                f"{100 * r.share_before:.1f}% → {100 * r.share_after:.1f}%",
                f"{fmt_points(r.nps_before)} → {fmt_points(r.nps_after)}",
                fmt_points(r.mix, 2),
                f"{fmt_points(r.mix_ci.low, 2)} to {fmt_points(r.mix_ci.high, 2)}",
                fmt_points(r.rate, 2),
                f"{fmt_points(r.rate_ci.low, 2)} to {fmt_points(r.rate_ci.high, 2)}",
            ]
            for r in self.rows
        ]
        body.append(
            [
                "total",
                "",
                f"{fmt_points(self.before)} → {fmt_points(self.after)}",
                fmt_points(self.mix, 2),
                f"{fmt_points(self.mix_ci.low, 2)} to {fmt_points(self.mix_ci.high, 2)}",
                fmt_points(self.rate, 2),
                f"{fmt_points(self.rate_ci.low, 2)} to {fmt_points(self.rate_ci.high, 2)}",
            ]
        )
        caption = f"Change in NPS {fmt_points(self.change)}: segment mix and rate ({self.method})"
        return html_table(header, body, caption=caption, marked=[False] * len(self.rows) + [True])


def _aligned(before: GroupedCounts, after: GroupedCounts) -> tuple[list[Hashable], list[FloatArray]]:
    """Labels of both periods (before's order, then new ones) and their four (k, 3) arrays."""
    labels = list(before.labels)
    known = set(labels)
    labels += [label for label in after.labels if label not in known]
    position = {label: i for i, label in enumerate(labels)}
    arrays = []
    for grouped in (before, after):
        rows = np.array([position[label] for label in grouped.labels], dtype=np.intp)
        for values in (grouped.sums, grouped.squares):
            full = np.zeros((len(labels), 3))
            full[rows] = values
            arrays.append(full)
    return labels, arrays


def _check_period(value: Any, name: str) -> GroupedCounts:
    if not isinstance(value, GroupedCounts):
        raise InvalidTypeError(
            f"{name} must be a GroupedCounts (e.g. nps.GroupedCounts.from_scores(scores, segments)), "
            f"got {type(value).__name__}"
        )
    if not value.sums.sum() > 0:
        raise DegenerateDataError(f"{name} has no responses: there is no NPS to decompose")
    return value


def decompose(
    before: GroupedCounts,
    after: GroupedCounts,
    *,
    method: DecomposeMethod = "delta",
    confidence: float = 0.95,
    resamples: int = 9999,
    rng: RNGLike = None,
) -> Decomposition:
    """Split the change in NPS between two periods into segment mix and rate.

    NPS can rise while every segment falls, if the mix moves towards the
    better segments (Simpson's paradox). This says how much of the change
    came from each segment's share moving (mix) and from its NPS moving
    (rate).

    Parameters
    ----------
    before, after : GroupedCounts
        Counts per segment in each period (e.g.
        ``GroupedCounts.from_scores(scores, channel)``, or ``from_table``
        from a SQL GROUP BY). Segments are matched by label; a segment
        present in one period only counts wholly as mix.
    method : {"delta", "bootstrap"}, default "delta"
        Standard errors and intervals by the delta method from the counts
        (normal intervals), or by a percentile bootstrap of the counts.
    confidence : float, default 0.95
    resamples : int, default 9999
        Bootstrap replicates (``method="bootstrap"``).
    rng : int or numpy.random.Generator, optional
        Randomness of the bootstrap (None: a fixed seed).

    Returns
    -------
    Decomposition

    Raises
    ------
    InvalidTypeError
        ``before`` or ``after`` is not a ``GroupedCounts``.
    DegenerateDataError
        A period with no responses.
    InvalidOptionError
        Bad ``method``, ``confidence`` or ``resamples``.

    Notes
    -----
    With segment shares w (by weight) and segment NPS r, overall NPS is
    sum_s w_s r_s; the change splits per segment into
    mix_s = (w1_s - w0_s)(r0_s + r1_s)/2 and rate_s = (r1_s - r0_s)(w0_s + w1_s)/2
    (Kitagawa 1955; Das Gupta 1993, the symmetric two-factor case; R
    ``DasGuptR::dgnpop``). The split is exact: no interaction term.

    Delta method: within a period the responses are independent draws over
    the segment x category cells, so shares vary as well as segment NPS;
    the variance of each effect is g' (diag(pi) - pi pi') g / n for counts,
    and its Taylor linearisation sum_c Q_c (g_c - g_bar)^2 / W^2 (Q: squared
    weights) for weighted data; the periods are independent. Bootstrap:
    each period's cells are redrawn from a multinomial with the period's
    (Kish effective) size.

    References
    ----------
    Kitagawa (1955), Components of a difference between two rates, JASA
    50:1168. Das Gupta (1993), Standardization and Decomposition of Rates:
    A User's Manual, US Census Bureau P23-186.

    Examples
    --------
    Channels web, phone and store: web grew from half to 70% of the
    responses while its NPS fell from +40 to +35.

    >>> import netpromoter as nps
    >>> q1 = nps.GroupedCounts.from_table(
    ...     ["web", "phone", "store"], [100, 90, 80], [100, 90, 80], [300, 120, 40]
    ... )
    >>> q2 = nps.GroupedCounts.from_table(
    ...     ["web", "phone", "store"], [140, 50, 40], [175, 76, 30], [385, 74, 30]
    ... )
    >>> d = nps.decompose(q1, q2)
    >>> round(d.before, 1), round(d.after, 1), round(d.mix, 1), round(d.rate, 1)
    (19.0, 25.9, 7.9, -1.0)
    >>> [(row.segment, round(row.mix, 1), round(row.rate, 1)) for row in d]
    [('web', 7.5, -3.0), ('phone', -1.1, 0.5), ('store', 1.5, 1.5)]
    """
    check_choice(method, DECOMPOSE_METHODS, "method")
    level = check_confidence(confidence)
    checked_resamples, checked_rng = check_resamples(resamples), as_generator(rng)
    replicates = checked_resamples if method == "bootstrap" else None
    generator = checked_rng if method == "bootstrap" else None
    first = _check_period(before, "before")
    second = _check_period(after, "after")
    labels, (sums0, squares0, sums1, squares1) = _aligned(first, second)
    shares0, rates0 = shares_and_rates(sums0)
    shares1, rates1 = shares_and_rates(sums1)
    mix, rate = mix_rate(shares0, rates0, shares1, rates1)
    nps0 = float((sums0 @ _POINTS).sum() / sums0.sum())
    nps1 = float((sums1 @ _POINTS).sum() / sums1.sum())

    if replicates is None:
        z = normal_quantile(level)
        mix_var, rate_var, mix_total_var, rate_total_var, change_var = delta_variances(
            sums0, squares0, sums1, squares1
        )
        mix_se, rate_se = np.sqrt(mix_var), np.sqrt(rate_var)
        mix_low, mix_high = mix - z * mix_se, mix + z * mix_se
        rate_low, rate_high = rate - z * rate_se, rate + z * rate_se
        totals = {
            name: (est, math.sqrt(var), est - z * math.sqrt(var), est + z * math.sqrt(var))
            for name, est, var in (
                ("change", nps1 - nps0, change_var),
                ("mix", float(mix.sum()), mix_total_var),
                ("rate", float(rate.sum()), rate_total_var),
            )
        }
    else:
        assert generator is not None
        mix_draws, rate_draws = bootstrap_mix_rate(sums0, squares0, sums1, squares1, replicates, generator)
        tail = 0.5 * (1.0 - level)
        mix_se, rate_se = mix_draws.std(axis=0, ddof=1), rate_draws.std(axis=0, ddof=1)
        mix_low, mix_high = np.quantile(mix_draws, [tail, 1.0 - tail], axis=0)
        rate_low, rate_high = np.quantile(rate_draws, [tail, 1.0 - tail], axis=0)
        totals = {}
        for name, est, draws in (
            ("change", nps1 - nps0, mix_draws.sum(axis=1) + rate_draws.sum(axis=1)),
            ("mix", float(mix.sum()), mix_draws.sum(axis=1)),
            ("rate", float(rate.sum()), rate_draws.sum(axis=1)),
        ):
            low, high = np.quantile(draws, [tail, 1.0 - tail])
            totals[name] = (est, float(draws.std(ddof=1)), float(low), float(high))

    n0 = dict(zip(first.labels, first.n.tolist(), strict=True))
    n1 = dict(zip(second.labels, second.n.tolist(), strict=True))
    rows = tuple(
        DecompositionRow(
            segment=label,
            share_before=float(shares0[i]),
            share_after=float(shares1[i]),
            nps_before=float(rates0[i]),
            nps_after=float(rates1[i]),
            n_before=int(n0.get(label, 0)),
            n_after=int(n1.get(label, 0)),
            mix=float(mix[i]),
            rate=float(rate[i]),
            change=float(mix[i] + rate[i]),
            mix_se=float(mix_se[i]),
            rate_se=float(rate_se[i]),
            mix_ci=ConfidenceInterval(float(mix_low[i]), float(mix_high[i])),
            rate_ci=ConfidenceInterval(float(rate_low[i]), float(rate_high[i])),
        )
        for i, label in enumerate(labels)
    )
    return Decomposition(
        rows=rows,
        before=nps0,
        after=nps1,
        change=totals["change"][0],
        mix=totals["mix"][0],
        rate=totals["rate"][0],
        change_se=totals["change"][1],
        mix_se=totals["mix"][1],
        rate_se=totals["rate"][1],
        change_ci=ConfidenceInterval(*totals["change"][2:]),
        mix_ci=ConfidenceInterval(*totals["mix"][2:]),
        rate_ci=ConfidenceInterval(*totals["rate"][2:]),
        confidence=level,
        method=str(method),
        resamples=replicates,
    )


# -- theme contributions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThemeContributionRow(Result):
    """One theme's part of the NPS, in points.

    Attributes
    ----------
    theme : hashable
        The theme; None for the responses that cite no theme.
    contribution : float
        Its share of the NPS: each response's +100 / 0 / -100 divided by
        the number of responses, split equally over the themes it cites.
        The rows add up to the NPS.
    promoter_points, detractor_points : float
        The part from promoters (>= 0) and from detractors (<= 0).
    mentions : float
        (Weighted) number of responses citing it.
    share : float
        mentions / all responses, 0..1.
    """

    theme: Hashable
    contribution: float
    promoter_points: float
    detractor_points: float
    mentions: float
    share: float


@dataclass(frozen=True, slots=True, repr=False)
class ThemeContributions(RowTable[ThemeContributionRow]):
    """The NPS split over the themes responses cite; the rows add up to ``nps``.

    Rows are ordered by contribution, highest first, with the row of
    responses citing no theme (``theme=None``) last.
    """

    _key: ClassVar[str] = "theme"

    rows: tuple[ThemeContributionRow, ...]
    nps: float
    responses: float
    n: int
    missing: int

    def __repr__(self) -> str:
        shown = ", ".join(f"{row.theme} {fmt_points(row.contribution)}" for row in self.rows[:3])
        return f"ThemeContributions(NPS {fmt_points(self.nps)} over {len(self.rows)} themes: {shown})"

    def _repr_html_(self) -> str:
        body = [
            [
                "(no theme)" if r.theme is None else str(r.theme),
                fmt_points(r.contribution, 2),
                fmt_points(r.promoter_points, 2),
                fmt_points(r.detractor_points, 2),
                f"{r.mentions:,.6g}",
                f"{100 * r.share:.1f}%",
            ]
            for r in self.rows
        ]
        return html_table(
            ["theme", "contribution", "from promoters", "from detractors", "mentions", "share"],
            body,
            caption=f"NPS {fmt_points(self.nps)} by theme (contributions add up to the NPS)",
        )


def theme_contributions(
    themes: ThemesLike,
    scores: ScoresLike,
    weights: WeightsLike | None = None,
    *,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> ThemeContributions:
    """Split the NPS over the themes of the comments (CustomerGauge-style).

    Each response adds +100 (promoter), 0 or -100 (detractor) divided by
    the number of responses to the NPS; here that amount is split equally
    over the themes the response cites, so every theme gets a signed
    contribution in NPS points and the contributions (with the row of
    responses citing no theme) add up exactly to the NPS.

    Parameters
    ----------
    themes : sequence
        Per response: one theme label, an iterable of labels, or None / empty
        (as for :func:`prioritize`).
    scores : array_like
        The responses' scores.
    weights : array_like, optional
        Survey weights.
    scale, missing
        As in :func:`score`; responses with a missing score are left out
        and counted.

    Returns
    -------
    ThemeContributions

    Notes
    -----
    With y_i in {-1, 0, 1}, weights w_i, W = sum w_i and k_i themes cited by
    response i, theme t gets 100 sum_{i cites t} w_i y_i / (k_i W); the
    responses with k_i = 0 form the ``None`` row. Summed over the rows this
    is 100 sum_i w_i y_i / W, the NPS. A contribution describes where the
    score comes from; it does not say what fixing a theme would gain (see
    :func:`prioritize`).

    Examples
    --------
    >>> import netpromoter as nps
    >>> table = nps.theme_contributions(
    ...     [["price"], ["support", "price"], None, ["support"]], [2, 10, 9, 10]
    ... )
    >>> [(row.theme, row.contribution) for row in table]
    [('support', 37.5), ('price', -12.5), (None, 25.0)]
    >>> table.nps
    50.0
    """
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    cited = theme_lists(themes)  # flattened once: offsets and theme codes, as prioritize does
    n = cited.n
    valid = validate_scores(scores, scale=scale, missing=missing)
    check_same_length(n, valid.length, "themes", "scores")
    used = np.ones(n, dtype=bool) if valid.missing_mask is None else ~valid.missing_mask
    w = np.ones(n) if weights is None else validate_weights(weights, length=n, missing_mask=~used)
    w = np.where(used, w, 0.0)
    total = float(w.sum())
    if not total > 0:
        raise DegenerateDataError("no responses with a score: there is no NPS to split")
    y = category_index(valid.values, scale).astype(np.float64) - 1.0
    points = 100.0 * w * y / total  # each response's contribution to the NPS

    # Flatten to (response, theme) pairs; the responses citing nothing go to the row None.
    lengths, codes, k = cited.lengths(), cited.codes, len(cited.labels)
    response = cited.response_of()
    split = points[response] / lengths[response] if codes.size else np.zeros(0)
    contribution = np.bincount(codes, weights=split, minlength=k)
    positive = np.bincount(codes, weights=np.maximum(split, 0.0), minlength=k)
    negative = np.bincount(codes, weights=np.minimum(split, 0.0), minlength=k)
    mentions = np.bincount(codes, weights=w[response], minlength=k)
    silent = (lengths == 0) & used
    theme_list: list[Hashable] = list(cited.labels)
    order = sorted(range(k), key=lambda i: (-float(contribution[i]), str(theme_list[i])))
    rows = [
        ThemeContributionRow(
            theme=theme_list[i],
            contribution=float(contribution[i]),
            promoter_points=float(positive[i]),
            detractor_points=float(negative[i]),
            mentions=float(mentions[i]),
            share=float(mentions[i]) / total,
        )
        for i in order
    ]
    if silent.any():
        rest = points[silent]
        rows.append(
            ThemeContributionRow(
                theme=None,
                contribution=float(rest.sum()),
                promoter_points=float(np.maximum(rest, 0.0).sum()),
                detractor_points=float(np.minimum(rest, 0.0).sum()),
                mentions=float(w[silent].sum()),
                share=float(w[silent].sum()) / total,
            )
        )
    return ThemeContributions(
        rows=tuple(rows),
        nps=float(points.sum()),
        responses=total,
        n=int(used.sum()),
        missing=valid.n_missing,
    )
