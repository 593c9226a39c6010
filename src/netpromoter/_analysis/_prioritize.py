"""``prioritize()``: which detractor complaints to fix first, and what it is worth."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from .._input._align import align_inputs
from .._input._options import (
    ATTRIBUTIONS,
    MISSING_POLICIES,
    check_choice,
    check_confidence,
    check_flag,
    check_number,
    check_number_mapping,
    check_scale,
)
from .._input._plain import fmt_points, html_table
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import arrow_of, check_same_length, validate_scores, validate_weights
from .._results._base import Result
from .._results._rows import RowTable
from .._stats._normal import normal_ppf
from ..errors import InvalidOptionError, InvalidTypeError
from ..typing import Attribution, FloatArray, MissingPolicy

if TYPE_CHECKING:
    from ..typing import ScoresLike, ThemesLike, WeightsLike

__all__ = ["PriorityRow", "PriorityTable", "fixability_from_effort", "prioritize"]


@dataclass(frozen=True, slots=True)
class PriorityRow(Result):
    """One complaint theme.

    Attributes
    ----------
    theme : hashable
    mentions : float
        Weighted number of detractors citing it (``"split"``: 1/k per theme).
    frequency : float
        mentions / all detractors, in 0..1, with a Wilson interval
        ``frequency_low``, ``frequency_high`` (weighted data: Kish effective n).
    fixability : float
        0 (hard) .. 1 (quick win), as given.
    priority : float
        frequency x fixability.
    nps_uplift : float
        NPS points gained if every detractor citing it became a passive:
        100 x mentions / all responses.
    expected_uplift : float
        (nps_uplift + passive_uplift) x fixability.
    impact : float
        Overall NPS minus the NPS of the responses that do not cite the theme
        (NaN without scores).
    passive_mentions, passive_uplift : float
        With ``include_passives``: passives citing it, and the points gained if
        they became promoters (100 x passive_mentions / all responses).
    cumulative_share : float
        Share of all detractor mentions covered by this and the rows above it.
    """

    theme: Hashable
    mentions: float
    frequency: float
    frequency_low: float
    frequency_high: float
    fixability: float
    priority: float
    nps_uplift: float
    expected_uplift: float
    impact: float
    passive_mentions: float
    passive_uplift: float
    cumulative_share: float


@dataclass(frozen=True, slots=True, repr=False)
class PriorityTable(RowTable[PriorityRow]):
    """Themes ranked by priority (frequency x fixability), highest first."""

    _key: ClassVar[str] = "theme"

    rows: tuple[PriorityRow, ...]
    detractors: float
    responses: float
    overall_nps: float
    attribution: str
    confidence: float
    missing: int

    @property
    def pareto(self) -> FloatArray:
        """Cumulative share of detractor mentions covered by the top 1, 2, ... themes."""
        return np.array([row.cumulative_share for row in self.rows])

    def top(self, k: int) -> tuple[PriorityRow, ...]:
        """The k highest-priority themes."""
        return self.rows[:k]

    def __repr__(self) -> str:
        top = ", ".join(f"{row.theme!s} ({row.priority:.3f})" for row in self.rows[:3])
        return f"PriorityTable({len(self.rows)} themes, {self.detractors:,.6g} detractors; top: {top})"

    def _repr_html_(self) -> str:
        header = [
            "theme",
            "mentions",
            "frequency",
            "fixability",
            "priority",
            "NPS uplift",
            "expected",
            "cumulative",
        ]
        body = [
            [
                str(r.theme),
                f"{r.mentions:,.6g}",
                f"{100 * r.frequency:.1f}% ({100 * r.frequency_low:.0f}-{100 * r.frequency_high:.0f}%)",
                f"{r.fixability:.2f}",
                f"{r.priority:.3f}",
                fmt_points(r.nps_uplift, 2),
                fmt_points(r.expected_uplift, 2),
                f"{100 * r.cumulative_share:.0f}%",
            ]
            for r in self.rows
        ]
        caption = f"What to fix first: {self.detractors:,.6g} detractors, attribution {self.attribution}"
        return html_table(header, body, caption=caption)


def fixability_from_effort(effort: Mapping[Any, float], *, half_life: float = 30.0) -> dict[Hashable, float]:
    """Fixability from an effort estimate: 0.5 ** (effort / half_life).

    Something that takes no time has fixability 1; each ``half_life`` of effort
    (in the same unit, e.g. days) halves it: with the default 30 days, a
    one-month fix scores 0.5 and a quarter's work 0.125.

    Examples
    --------
    >>> from netpromoter import fixability_from_effort
    >>> fixability_from_effort({"docs": 0, "billing": 30, "rewrite": 90})
    {'docs': 1.0, 'billing': 0.5, 'rewrite': 0.125}
    """
    half = check_number(half_life, "half_life", low=0.0, low_open=True)
    days = check_number_mapping(effort, "effort", low=0.0)
    return {theme: 0.5 ** (e / half) for theme, e in days.items()}


def _names(themes: Iterable[Hashable]) -> str:
    return ", ".join(repr(t) for t in sorted(themes, key=str))


def _themes_of(entry: Any, position: int) -> list[Hashable]:
    """The themes one response cites: a label, an iterable of labels, or none."""
    if entry is None or type(entry).__name__ == "NAType":
        return []
    if isinstance(entry, float) and math.isnan(entry):
        return []
    if isinstance(entry, (str, bytes)) or not isinstance(entry, Iterable):
        if not isinstance(entry, Hashable):
            raise InvalidTypeError(f"theme {entry!r} at position {position} is not a label")
        return [entry]
    labels: list[Hashable] = []
    for item in entry:
        if item is None or (isinstance(item, float) and math.isnan(item)):
            continue
        if not isinstance(item, Hashable) or isinstance(item, (list, dict, set)):
            raise InvalidTypeError(f"theme {item!r} at position {position} is not a label")
        if item not in labels:  # a theme cited twice in one response counts once
            labels.append(item)
    return labels


def _check_cited(fixability: Mapping[Hashable, float], cited: Iterable[Hashable]) -> None:
    unknown = [t for t in cited if t not in fixability]
    if unknown:
        raise InvalidOptionError(f"no fixability given for cited theme(s) {_names(unknown)}")


def prioritize(
    themes: ThemesLike,
    *,
    fixability: Mapping[Any, float],
    scores: ScoresLike | None = None,
    weights: WeightsLike | None = None,
    attribution: Attribution = "full",
    include_passives: bool = False,
    confidence: float = 0.95,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> PriorityTable:
    """Rank detractor complaint themes by frequency x fixability.

    Parameters
    ----------
    themes : sequence
        Per response: one theme label, an iterable of labels, or None / empty.
    fixability : mapping
        Theme -> number in [0, 1] (1 = quick win). Every cited theme needs one;
        see :func:`fixability_from_effort` to derive it from effort estimates.
    scores : array_like, optional
        Scores of the same responses: only detractors' themes then count.
        Without scores every response is taken to be a detractor.
    weights : array_like, optional
        Survey weights of the responses.
    attribution : {"full", "split"}, default "full"
        A response citing k themes counts fully for each, or 1/k for each.
    include_passives : bool, default False
        With scores: also count passives' themes and the uplift of turning
        them into promoters.
    confidence : float, default 0.95
        Level of the Wilson interval of each frequency.
    scale, missing
        As in :func:`score`; responses with a missing score are left out and
        counted in ``missing``.

    Returns
    -------
    PriorityTable
        Rows ordered by priority, then mentions, then theme.

    Raises
    ------
    InvalidOptionError
        A cited theme without fixability, a fixability outside [0, 1] or NaN
        (naming the themes), an unknown attribution.
    LengthMismatchError
        ``themes``, ``scores`` and ``weights`` of different lengths.

    Notes
    -----
    With D the (weighted) number of detractors and N of all responses:
    frequency = mentions / D; nps_uplift = 100 mentions / N (a detractor
    turned passive raises NPS by 100/N points); expected_uplift weights that
    by fixability. The Wilson (1927) interval of the frequency uses Kish's
    effective number of detractors. ``impact`` compares the overall NPS with
    that of the responses not citing the theme (as some CX tools report): it
    describes association, not what a fix would gain.

    Examples
    --------
    >>> import netpromoter as nps
    >>> table = nps.prioritize(
    ...     [["price"], ["bugs", "price"], None, ["bugs"], "onboarding"],
    ...     scores=[2, 5, 10, 6, 8],
    ...     fixability={"price": 0.2, "bugs": 0.6, "onboarding": 0.9},
    ... )
    >>> [(r.theme, round(r.frequency, 3), round(r.priority, 3), r.nps_uplift) for r in table]
    [('bugs', 0.667, 0.4, 40.0), ('price', 0.667, 0.133, 40.0)]
    """
    check_choice(attribution, ATTRIBUTIONS, "attribution")
    level = check_confidence(confidence)
    fix = check_number_mapping(fixability, "fixability", low=0.0, high=1.0)
    passives = check_flag(include_passives, "include_passives")
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    if isinstance(themes, (str, bytes)) or not isinstance(themes, Iterable):
        raise InvalidTypeError("themes must be a sequence with one entry per response")
    arrow = arrow_of(themes)  # polars / pyarrow list<string>: as Python lists
    entries = themes if arrow is None else arrow.to_pylist()
    per_response = [_themes_of(entry, i) for i, entry in enumerate(entries)]  # Python objects: one pass
    n = len(per_response)

    scores, weights = align_inputs([("themes", themes), ("scores", scores), ("weights", weights)])[1:]
    if scores is None:
        category: NDArray[np.integer[Any]] = np.zeros(n, dtype=np.int8)  # everyone is a detractor
        used = np.ones(n, dtype=bool)
        n_missing = 0
        w = np.ones(n) if weights is None else validate_weights(weights, length=n)
    else:
        valid = validate_scores(scores, scale=scale, missing=missing, weights=weights)
        check_same_length(n, valid.length, "themes", "scores")
        category = category_index(valid.values, scale)
        used = np.ones(n, dtype=bool) if valid.missing_mask is None else ~valid.missing_mask
        n_missing = valid.n_missing
        w = np.ones(n) if valid.weights is None else valid.weights
    w = np.where(used, w, 0.0)

    # Flatten to (response, theme) pairs, then everything is a bincount.
    lengths = np.array([len(t) for t in per_response], dtype=np.intp)
    flat = [label for labels in per_response for label in labels]
    index: dict[Hashable, int] = {}
    codes = np.array([index.setdefault(label, len(index)) for label in flat], dtype=np.intp)
    theme_list = list(index)
    k = len(theme_list)
    response = np.repeat(np.arange(n), lengths)
    share = 1.0 / np.maximum(lengths[response], 1) if attribution == "split" else np.ones(codes.shape[0])
    mention_weight = w[response] * share
    cat = category[response]
    counted_detractor = cat == 0
    counted_passive = cat == 1
    mentions = np.bincount(codes[counted_detractor], weights=mention_weight[counted_detractor], minlength=k)
    passive_mentions = (
        np.bincount(codes[counted_passive], weights=mention_weight[counted_passive], minlength=k)
        if passives and scores is not None
        else np.zeros(k)
    )
    keep = (mentions > 0) | (passive_mentions > 0)
    _check_cited(fix, [theme_list[i] for i in np.flatnonzero(keep)])

    is_detractor = (category == 0) & used
    detractor_total = float(w[is_detractor].sum())
    detractor_n_eff = detractor_total**2 / float((w[is_detractor] ** 2).sum()) if detractor_total > 0 else 0.0
    response_total = float(w.sum())
    y = category.astype(np.float64) - 1.0
    overall = (
        100.0 * float((w * y).sum()) / response_total
        if scores is not None and response_total > 0
        else math.nan
    )
    # Impact: NPS of the responses not citing each theme (full citation, any category).
    cited_weight = np.bincount(codes, weights=w[response], minlength=k)
    cited_y = np.bincount(codes, weights=(w * y)[response], minlength=k)
    with np.errstate(divide="ignore", invalid="ignore"):
        rest_nps = 100.0 * ((w * y).sum() - cited_y) / (response_total - cited_weight)
        frequency = mentions / detractor_total if detractor_total > 0 else np.full(k, math.nan)
    impact = overall - rest_nps if scores is not None else np.full(k, math.nan)
    low, high = _wilson(frequency, detractor_n_eff, level)
    fixable = np.array([fix.get(t, math.nan) for t in theme_list])
    uplift = 100.0 * mentions / response_total if response_total > 0 else np.zeros(k)
    passive_uplift = 100.0 * passive_mentions / response_total if response_total > 0 else np.zeros(k)
    priority = frequency * fixable

    def rank(i: int) -> tuple[float, float, str]:  # priority, then mentions, then name
        return (-float(np.nan_to_num(priority[i])), -float(mentions[i]), str(theme_list[i]))

    order = sorted((int(i) for i in np.flatnonzero(keep)), key=rank)
    total_mentions = float(mentions.sum())
    running = 0.0
    rows = []
    for i in order:
        running += mentions[i]
        rows.append(
            PriorityRow(
                theme=theme_list[i],
                mentions=float(mentions[i]),
                frequency=float(frequency[i]),
                frequency_low=float(low[i]),
                frequency_high=float(high[i]),
                fixability=float(fixable[i]),
                priority=float(priority[i]),
                nps_uplift=float(uplift[i]),
                expected_uplift=float((uplift[i] + passive_uplift[i]) * fixable[i]),
                impact=float(impact[i]),
                passive_mentions=float(passive_mentions[i]),
                passive_uplift=float(passive_uplift[i]),
                cumulative_share=running / total_mentions if total_mentions > 0 else math.nan,
            )
        )
    return PriorityTable(
        rows=tuple(rows),
        detractors=detractor_total,
        responses=response_total,
        overall_nps=overall,
        attribution=attribution,
        confidence=level,
        missing=n_missing,
    )


def _wilson(p: FloatArray, n: float, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Wilson (1927) score interval for proportions p from n (effective) trials."""
    if n <= 0:
        nan = np.full_like(p, math.nan)
        return nan, nan
    z = normal_ppf(0.5 + confidence / 2.0)
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * np.sqrt(np.maximum(p * (1 - p) / n + z2 / (4 * n * n), 0.0))
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)
