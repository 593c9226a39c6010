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
    check_label,
    check_number,
    check_number_mapping,
    check_scale,
)
from .._input._plain import fmt_points, fmt_share, html_table
from .._input._scale import STANDARD, Scale, category_index
from .._input._themes import ThemeLists, theme_lists
from .._input._validate import check_same_length, validate_scores, validate_weights
from .._results._base import Result
from .._results._rows import RowTable
from .._stats._comparison import two_sample_arrays
from .._stats._intervals import IntervalOptions, effective_counts
from .._stats._normal import normal_ppf
from ..errors import InvalidOptionError
from ..typing import Attribution, BoolArray, FloatArray, IntArray, MissingPolicy

if TYPE_CHECKING:
    from ..typing import ScoresLike, ThemesLike, WeightsLike

__all__ = ["PlanStep", "PriorityRow", "PriorityTable", "fixability_from_effort", "prioritize"]

#: Detractors' theme combinations: (themes cited together, weighted detractors citing exactly them).
Combinations = tuple[tuple[tuple[Hashable, ...], float], ...]


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
        0 (hard) .. 1 (quick win), as given (1 when no fixability is given).
    priority : float
        frequency x fixability.
    nps_uplift : float
        NPS points gained if every detractor citing it became a passive:
        100 x mentions / all responses.
    nps_if_fixed : float
        The NPS after that fix: overall NPS + nps_uplift (NaN without scores).
    expected_uplift : float
        (nps_uplift + passive_uplift) x fixability.
    effort : float or None
        Effort to fix it, as given (e.g. days; None when no effort is given).
    uplift_per_day : float or None
        nps_uplift / effort: NPS points per unit of effort (infinite for a
        fix that takes no effort; None when no effort is given).
    impact, impact_low, impact_high : float
        Overall NPS minus the NPS of the responses that do not cite the theme
        (Thematic's and Qualtrics' "impact"), with its interval (NaN without
        scores).
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
    nps_if_fixed: float
    expected_uplift: float
    effort: float | None
    uplift_per_day: float | None
    impact: float
    impact_low: float
    impact_high: float
    passive_mentions: float
    passive_uplift: float
    cumulative_share: float


@dataclass(frozen=True, slots=True)
class PlanStep(Result):
    """One step of the greedy plan: fix this theme next.

    Attributes
    ----------
    theme : hashable
    effort : float
        Its effort, as given.
    uplift : float
        NPS points it adds to the steps before it: its detractors not already
        counted by an earlier step, turned passive (``"split"``: its own uplift).
    cumulative_effort, cumulative_uplift : float
        Effort and uplift of this step and all before it.
    nps_after : float
        Overall NPS + cumulative_uplift (NaN without scores).
    """

    theme: Hashable
    effort: float
    uplift: float
    cumulative_effort: float
    cumulative_uplift: float
    nps_after: float


@dataclass(frozen=True, slots=True, repr=False)
class PriorityTable(RowTable[PriorityRow]):
    """Themes ranked by priority (frequency x fixability), highest first.

    ``combined_uplift(themes)`` answers what fixing several themes is worth;
    with ``effort`` given, ``plan`` orders the fixes greedily by uplift per
    unit of effort. ``cited_together`` is what both rest on: each distinct set
    of themes detractors cited, with the weighted number of detractors citing
    exactly that set (most frequent first).
    """

    _key: ClassVar[str] = "theme"

    rows: tuple[PriorityRow, ...]
    detractors: float
    responses: float
    overall_nps: float
    attribution: str
    confidence: float
    missing: int
    plan: tuple[PlanStep, ...]
    cited_together: Combinations

    @property
    def pareto(self) -> FloatArray:
        """Cumulative share of detractor mentions covered by the top 1, 2, ... themes."""
        return np.array([row.cumulative_share for row in self.rows])

    def top(self, k: int) -> tuple[PriorityRow, ...]:
        """The k highest-priority themes."""
        return self.rows[:k]

    def combined_uplift(self, themes: Iterable[Hashable] | str) -> float:
        """NPS points gained if every detractor citing any of ``themes`` became a passive.

        A detractor citing two of the themes counts once (with ``"split"``
        attribution, for the share of their themes that are fixed), so the
        result is at most the sum of the themes' ``nps_uplift``. A theme no
        detractor cites adds nothing; one label may be given alone.

        Examples
        --------
        >>> import netpromoter as nps
        >>> table = nps.prioritize([["bugs", "price"], ["bugs"], ["price"], None], scores=[0, 3, 5, 10])
        >>> table["bugs"].nps_uplift + table["price"].nps_uplift, table.combined_uplift(["bugs", "price"])
        (100.0, 75.0)
        """
        if isinstance(themes, str) or not isinstance(themes, Iterable):
            themes = [themes]
        fixed = {check_label(theme, "themes") for theme in themes}
        if not self.responses > 0:
            return math.nan
        if self.attribution == "split":
            gained = sum(weight * len(fixed.intersection(c)) / len(c) for c, weight in self.cited_together)
        else:
            gained = sum(weight for c, weight in self.cited_together if not fixed.isdisjoint(c))
        return 100.0 * gained / self.responses

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
            "NPS if fixed",
            "expected",
            "cumulative",
        ]
        body = [
            [
                str(r.theme),
                f"{r.mentions:,.6g}",
                fmt_share(r.frequency, r.frequency_low, r.frequency_high),
                f"{r.fixability:.2f}",
                f"{r.priority:.3f}",
                fmt_points(r.nps_uplift, 2),
                fmt_points(r.nps_if_fixed),
                fmt_points(r.expected_uplift, 2),
                fmt_share(r.cumulative_share),
            ]
            for r in self.rows
        ]
        caption = f"What to fix first: {self.detractors:,.6g} detractors, attribution {self.attribution}"
        return html_table(header, body, caption=caption)


def fixability_from_effort(effort: Mapping[Any, float], *, half_life: float = 30.0) -> dict[Hashable, float]:
    """Fixability from an effort estimate: 0.5 ** (effort / half_life).

    Something that takes no time has fixability 1; each ``half_life`` of effort
    (in the same unit, e.g. days) halves it: with the default 30 days, a
    one-month fix scores 0.5 and a quarter's work 0.125. This is a ranking
    heuristic, not a probability that the fix works; to weigh fixes by their
    cost, give ``effort`` to :func:`prioritize` instead, which reports the
    uplift per day and a plan.

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


def _check_cited(values: Mapping[Hashable, float], cited: Iterable[Hashable], name: str) -> None:
    unknown = [t for t in cited if t not in values]
    if unknown:
        raise InvalidOptionError(f"no {name} given for cited theme(s) {_names(unknown)}")


def prioritize(
    themes: ThemesLike,
    *,
    fixability: Mapping[Any, float] | None = None,
    scores: ScoresLike | None = None,
    weights: WeightsLike | None = None,
    attribution: Attribution = "full",
    include_passives: bool = False,
    confidence: float = 0.95,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    effort: Mapping[Any, float] | None = None,
    sep: str | None = None,
) -> PriorityTable:
    """Rank detractor complaint themes by frequency x fixability, and say what fixing them is worth.

    Parameters
    ----------
    themes : sequence
        Per response: one theme label, an iterable of labels, or None / empty
        (a list of lists, a numpy or pandas object column, a pyarrow or
        polars list column, or strings of labels joined by ``sep``; the
        output of :func:`tag_themes`). A theme cited twice by one response
        counts once; missing labels (None, NaN, ``pd.NA``) are skipped.
    fixability : mapping, optional
        Theme -> number in [0, 1] (1 = quick win). Every cited theme needs one;
        without it every theme counts as fully fixable (1).
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
        Level of the intervals of each frequency and impact.
    scale, missing
        As in :func:`score`; responses with a missing score are left out and
        counted in ``missing``.
    effort : mapping, optional
        Theme -> effort to fix it (days, or any unit, >= 0); every cited
        theme needs one. Rows then report ``uplift_per_day`` and the table a
        greedy ``plan``.
    sep : str, optional
        Split string entries at this separator (``"price, bugs"`` with
        ``sep=","``), trimming spaces; without it a string is one theme.

    Returns
    -------
    PriorityTable
        Rows ordered by priority, then mentions, then theme.

    Raises
    ------
    InvalidOptionError
        A cited theme without fixability or effort, a fixability outside
        [0, 1] or NaN, a negative effort (naming the themes), an unknown
        attribution.
    InvalidTypeError
        An entry that is neither a label nor a list of labels, naming its
        position.
    LengthMismatchError
        ``themes``, ``scores`` and ``weights`` of different lengths.

    Notes
    -----
    With D the (weighted) number of detractors and N of all responses:
    frequency = mentions / D, with the Wilson (1927) interval on Kish's
    effective number of detractors; nps_uplift = 100 mentions / N (a
    detractor turned passive raises NPS by 100/N points); expected_uplift
    weights that by fixability, a judgement of the chance the fix works.

    ``impact`` is the theme impact of Thematic and Qualtrics: NPS_all minus
    the NPS of the responses that do not cite the theme. With n_t responses
    (weights) citing it, whose NPS is NPS_t, and NPS_rest that of the others,

        NPS_all - NPS_rest = n_t (NPS_t - NPS_all) / (N - n_t)
                           = (n_t / N) (NPS_t - NPS_rest),

    so its interval is the two-sample interval of NPS_t - NPS_rest
    (:func:`compare` with ``method="adjusted-wald"``) scaled by n_t / N,
    holding the share of responses citing the theme fixed. It describes association, not
    what a fix would gain: a theme cited by unhappy customers has a negative
    impact whatever fixing it would do.

    The greedy plan (with ``effort``) repeatedly takes the theme whose
    detractors not yet counted give the most NPS points per unit of effort
    (the classical greedy rule for budgeted maximum coverage; Khuller, Moss
    & Naor 1999); themes that would add nothing are left out.

    References
    ----------
    Thematic, "How to calculate the impact of themes on NPS" (impact as the
    NPS difference without the theme); Qualtrics XM, Text iQ "NPS impact".
    Khuller, S., Moss, A. & Naor, J. (1999). The budgeted maximum coverage
    problem. *Information Processing Letters* 70(1), 39-45.

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
    >>> table.combined_uplift(["bugs", "price"])  # three detractors, not four
    60.0
    >>> comments = ["price, bugs", "bugs", "price"]  # joined strings, split at sep
    >>> plan = nps.prioritize(comments, sep=",", effort={"price": 20, "bugs": 5}).plan
    >>> [(step.theme, step.cumulative_effort, round(step.cumulative_uplift, 1)) for step in plan]
    [('bugs', 5.0, 66.7), ('price', 25.0, 100.0)]
    """
    check_choice(attribution, ATTRIBUTIONS, "attribution")
    level = check_confidence(confidence)
    fix = None if fixability is None else check_number_mapping(fixability, "fixability", low=0.0, high=1.0)
    days = None if effort is None else check_number_mapping(effort, "effort", low=0.0)
    passives = check_flag(include_passives, "include_passives")
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    cited = theme_lists(themes, sep=sep)  # flattened once: offsets and theme codes
    n = cited.n

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
        if not used.all():  # responses without a score weigh nothing
            w = np.where(used, w, 0.0)

    # Responses citing the same themes in the same category count alike: everything below is a
    # bincount over the (group, theme) pairs of a few thousand groups, not over the responses.
    theme_list = list(cited.labels)
    k = len(theme_list)
    unweighted = weights is None and bool(used.all())
    groups = _group_responses(cited, category, w, unweighted)
    row, code = groups.member, groups.theme
    key = code * 3 + groups.category[row]  # (theme, category) of each (group, theme) pair
    citing = _sums(key, groups.weight[row], 3 * k).reshape(k, 3)
    citing_sq = citing if unweighted else _sums(key, groups.weight_sq[row], 3 * k)
    by_category = citing
    if attribution == "split":  # a response citing j themes gives 1/j to each
        size = np.bincount(row, minlength=groups.category.shape[0])
        by_category = _sums(key, groups.weight[row] / size[row], 3 * k).reshape(k, 3)
    mentions = by_category[:, 0]
    passive_mentions = by_category[:, 1] if passives and scores is not None else np.zeros(k)
    keep = (mentions > 0) | (passive_mentions > 0)
    kept_themes = [theme_list[i] for i in np.flatnonzero(keep)]
    if fix is not None:
        _check_cited(fix, kept_themes, "fixability")
    if days is not None:
        _check_cited(days, kept_themes, "effort")

    if unweighted:  # every weight is 1: the groups' weights are counts
        detractor_total = detractor_n_eff = float(groups.weight[groups.category == 0].sum())
    else:
        detractor_w = w[(category == 0) & used]
        detractor_total = float(detractor_w.sum())
        detractor_n_eff = detractor_total**2 / float((detractor_w**2).sum()) if detractor_total > 0 else 0.0
    response_total = float(w.sum())
    overall = math.nan
    impact = impact_low = impact_high = np.full(k, math.nan)
    if scores is not None and response_total > 0:
        sums = np.bincount(
            groups.category if unweighted else category,
            weights=groups.weight if unweighted else w,
            minlength=3,
        ).astype(np.float64)
        overall = 100.0 * float(sums[2] - sums[0]) / response_total
        squares = (
            sums if unweighted else np.asarray(np.bincount(category, weights=w * w, minlength=3), np.float64)
        )
        everyone = None
        if not unweighted:  # sums of weights taken by groups and by responses may round apart
            positive = _sums(key, groups.positive[row], 3 * k).reshape(k, 3)
            everyone = positive == np.bincount(groups.category, weights=groups.positive, minlength=3)
        impact, impact_low, impact_high = _impact(
            citing, citing_sq.reshape(k, 3), sums, squares, level, everyone
        )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frequency = mentions / detractor_total if detractor_total > 0 else np.full(k, math.nan)
        low, high = _wilson(frequency, detractor_n_eff, level)
        fixable = np.ones(k) if fix is None else np.array([fix.get(t, math.nan) for t in theme_list])
        cost = np.full(k, math.nan) if days is None else np.array([days.get(t, math.nan) for t in theme_list])
        uplift = 100.0 * mentions / response_total if response_total > 0 else np.zeros(k)
        passive_uplift = 100.0 * passive_mentions / response_total if response_total > 0 else np.zeros(k)
        per_day = np.where(uplift > 0, uplift / cost, 0.0 / cost)
    priority = frequency * fixable

    def rank(i: int) -> tuple[float, float, str]:  # priority, then mentions, then name
        return (-float(np.nan_to_num(priority[i])), -float(mentions[i]), str(theme_list[i]))

    order = sorted((int(i) for i in np.flatnonzero(keep)), key=rank)
    total_mentions = float(mentions.sum())
    running = 0.0
    rows = []
    for i in order:
        running += float(mentions[i])
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
                nps_if_fixed=overall + float(uplift[i]),
                expected_uplift=float((uplift[i] + passive_uplift[i]) * fixable[i]),
                effort=None if days is None else float(cost[i]),
                uplift_per_day=None if days is None else float(per_day[i]),
                impact=float(impact[i]),
                impact_low=float(impact_low[i]),
                impact_high=float(impact_high[i]),
                passive_mentions=float(passive_mentions[i]),
                passive_uplift=float(passive_uplift[i]),
                cumulative_share=running / total_mentions if total_mentions > 0 else math.nan,
            )
        )
    rank_of = np.full(k, k, dtype=np.intp)
    rank_of[order] = np.arange(len(order))
    member, member_theme, combination_weight = _combinations(groups, k, rank_of)
    named = list(map(theme_list.__getitem__, member_theme.tolist()))
    ends = np.cumsum(np.bincount(member, minlength=combination_weight.shape[0])).tolist()
    spans = map(slice, [0, *ends[:-1]], ends)
    together = tuple(zip(map(tuple, map(named.__getitem__, spans)), combination_weight.tolist(), strict=True))
    plan: tuple[PlanStep, ...] = ()
    if days is not None and response_total > 0:
        plan = _greedy_plan(
            member,
            member_theme,
            combination_weight,
            order,
            theme_list,
            cost,
            attribution,
            response_total,
            overall,
        )
    return PriorityTable(
        rows=tuple(rows),
        detractors=detractor_total,
        responses=response_total,
        overall_nps=overall,
        attribution=attribution,
        confidence=level,
        missing=n_missing,
        plan=plan,
        cited_together=together,
    )


def _impact(
    citing: FloatArray,
    citing_sq: FloatArray,
    sums: FloatArray,
    squares: FloatArray,
    level: float,
    everyone: BoolArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """NPS_all - NPS_rest per theme and its interval: (n_t / N) x the interval of NPS_t - NPS_rest.

    ``citing`` (themes x categories) holds the weights of the responses citing
    each theme, ``sums`` those of all responses (and the squares of both);
    ``everyone`` marks where every response of positive weight cites it. The
    interval of the difference is the adjusted Wald one (Rocks 2016): no root
    finding for each of dozens of themes, and it holds its level in the type-I
    study of docs/methods.md.
    """
    k = citing.shape[0]
    rest, rest_sq = sums[None, :] - citing, squares[None, :] - citing_sq
    rest = np.maximum(rest, 0.0)  # rounding of the subtraction
    rest_sq = np.maximum(rest_sq, 0.0)
    if everyone is not None:  # exactly nobody else, whatever the rounding of the sums
        rest[everyone] = rest_sq[everyone] = 0.0
    n_citing, n_rest = citing.sum(axis=1), rest.sum(axis=1)
    share = n_citing / sums.sum()
    impact = np.full(k, math.nan)
    low, high = impact.copy(), impact.copy()
    both = (n_citing > 0) & (n_rest > 0)
    if both.any():
        arrays = two_sample_arrays(
            effective_counts(citing[both], citing_sq[both]),
            effective_counts(rest[both], rest_sq[both]),
            method="adjusted-wald",
            confidence=level,
            alternative="two-sided",
            options=IntervalOptions(),
        )
        impact[both] = 100.0 * share[both] * arrays.difference
        low[both] = 100.0 * share[both] * arrays.low
        high[both] = 100.0 * share[both] * arrays.high
    return impact, low, high


@dataclass(frozen=True, slots=True)
class _Groups:
    """Responses grouped by the set of themes they cite and their category.

    ``sets`` holds each group's themes as bits (theme t is bit t % 64 of word
    t // 64), ``category`` its column (0 detractor, 1 passive, 2 promoter),
    ``weight`` and ``weight_sq`` the sums of its responses' weights and
    squared weights. Groups come sorted by category, then by set (word by
    word). ``positive`` counts its responses of positive weight. ``member``
    and ``theme`` list the (group, theme) pairs, by group, each group's
    themes in increasing order.
    """

    sets: NDArray[np.uint64]
    category: IntArray
    weight: FloatArray
    weight_sq: FloatArray
    positive: FloatArray
    member: IntArray
    theme: IntArray


_BITS = np.left_shift(np.uint64(1), np.arange(64, dtype=np.uint64))  # bit b of a 64-bit word


def _theme_sets(cited: ThemeLists) -> NDArray[np.uint64]:
    """Each response's themes as bits: an (n, words) array, theme t at bit t % 64 of word t // 64.

    A response's themes are distinct, so the sum of their bits is their
    union: the differences of one running total (modulo 2**64, which the
    differences undo) give every response's sum at once.
    """
    words = max(1, (len(cited.labels) + 63) // 64)
    codes, offsets = cited.codes, cited.offsets
    sets = np.empty((words, cited.n), dtype=np.uint64)
    bit = _BITS[codes % 64] if words > 1 else _BITS[codes]
    running = np.zeros(codes.shape[0] + 1, dtype=np.uint64)
    for word in range(words):  # a loop over 64-theme words, not responses
        np.cumsum(bit if words == 1 else np.where(codes // 64 == word, bit, np.uint64(0)), out=running[1:])
        at_offsets = running[offsets]
        np.subtract(at_offsets[1:], at_offsets[:-1], out=sets[word])
    transposed: NDArray[np.uint64] = sets.T
    return transposed


def _sums(index: IntArray, weights: FloatArray, size: int) -> FloatArray:
    """The sums of ``weights`` by ``index`` in 0..size-1 (a weighted bincount)."""
    return np.asarray(np.bincount(index, weights=weights, minlength=size), dtype=np.float64)


def _group_responses(cited: ThemeLists, category: NDArray[Any], w: FloatArray, unweighted: bool) -> _Groups:
    """Group the responses by (theme set, category): one sort of one key per response."""
    sets = _theme_sets(cited)
    n, words = sets.shape
    if n == 0:
        empty, none = np.zeros(0), np.zeros(0, dtype=np.intp)
        return _Groups(np.zeros((0, words), dtype=np.uint64), none, empty, empty, empty, none, none)
    if words == 1 and len(cited.labels) <= 62:  # set and category in one 64-bit key
        key = np.left_shift(sets[:, 0], np.uint64(2)) | category.astype(np.uint64)
        order = None if unweighted else np.argsort(key)
        ordered = np.sort(key) if order is None else key[order]
        first = np.ones(n, dtype=bool)
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        distinct = ordered[starts]
        if order is None:  # every weight is 1: a group weighs its size
            weight = np.diff(np.append(starts, n)).astype(np.float64)
            weight_sq = positive = weight
        else:
            ordered_w = w[order]
            weight = np.add.reduceat(ordered_w, starts)
            weight_sq = np.add.reduceat(ordered_w * ordered_w, starts)
            positive = np.add.reduceat((ordered_w > 0).astype(np.float64), starts)
        group_sets = np.right_shift(distinct, np.uint64(2))[:, None]
        group_category = (distinct & np.uint64(3)).astype(np.intp)
    else:
        rows = np.column_stack((category.astype(np.uint64), sets))
        unique, inverse = np.unique(rows, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        weight = _sums(inverse, w, unique.shape[0])
        weight_sq = weight if unweighted else _sums(inverse, w * w, unique.shape[0])
        positive = weight if unweighted else _sums(inverse, (w > 0).astype(np.float64), unique.shape[0])
        group_sets, group_category = unique[:, 1:], unique[:, 0].astype(np.intp)
    group_sets = np.ascontiguousarray(group_sets)
    member, theme = _members(group_sets, len(cited.labels))
    return _Groups(group_sets, group_category, weight, weight_sq, positive, member, theme)


def _members(sets: NDArray[np.uint64], k: int) -> tuple[IntArray, IntArray]:
    """The (row, theme) pairs of bit sets of k themes: by row, each row's themes in increasing order."""
    if k == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    bits = np.unpackbits(sets.astype("<u8", copy=False).view(np.uint8), axis=1, count=k, bitorder="little")
    row, code = np.divmod(np.flatnonzero(bits), k)
    return row, code


def _combinations(groups: _Groups, k: int, rank_of: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
    """Each distinct set of themes detractors cited, with its weight: the detractors' groups.

    Returned as (set, theme) pairs, the sets numbered most frequent first
    (ties: in the groups' order), each set's themes in ``rank_of`` order; and
    the weight of each set.
    """
    g = groups.category.shape[0]
    chosen = (groups.category == 0) & (groups.weight > 0) & (np.bincount(groups.member, minlength=g) > 0)
    weight = groups.weight[chosen]
    order = np.lexsort((np.arange(weight.shape[0]), -weight))
    number = np.full(g, -1, dtype=np.intp)
    number[np.flatnonzero(chosen)[order]] = np.arange(order.shape[0])
    pair = chosen[groups.member]
    combination, theme = number[groups.member[pair]], groups.theme[pair]
    by = np.argsort(combination * (k + 1) + rank_of[theme])  # within each set, the table's order
    return combination[by], theme[by], weight[order]


def _greedy_plan(
    member: IntArray,
    theme: IntArray,
    weight: FloatArray,
    order: list[int],
    theme_list: list[Hashable],
    cost: FloatArray,
    attribution: str,
    responses: float,
    overall: float,
) -> tuple[PlanStep, ...]:
    """Fix next the theme adding the most uplift per unit of effort; stop when none adds any.

    The detractors' theme sets are given as (set, theme) pairs ``member``,
    ``theme``, with the weight of each set.
    """
    k = len(theme_list)
    size = np.bincount(member, minlength=weight.shape[0]).astype(np.float64)
    share = weight[member] / size[member] if attribution == "split" else weight[member]
    open_set = np.ones(weight.shape[0], dtype=bool)
    candidate = np.zeros(k, dtype=bool)
    candidate[order] = True
    position = np.full(k, k, dtype=np.intp)
    position[order] = np.arange(len(order))
    steps: list[PlanStep] = []
    spent = gained = 0.0
    while candidate.any():
        alive = open_set[member] if attribution == "full" else np.ones(member.shape[0], dtype=bool)
        marginal = np.bincount(theme[alive], weights=share[alive], minlength=k)
        marginal[~candidate] = 0.0
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = np.where(marginal > 0, marginal / cost, -np.inf)
        # Most uplift per unit of effort; ties: more uplift, then the table's order.
        best = int(np.lexsort((position, -marginal, -ratio))[0])
        if not marginal[best] > 0:
            break
        points = 100.0 * float(marginal[best]) / responses
        spent += float(cost[best])
        gained += points
        steps.append(PlanStep(theme_list[best], float(cost[best]), points, spent, gained, overall + gained))
        candidate[best] = False
        if attribution == "full":
            open_set[member[theme == best]] = False
        else:
            share = np.where(theme == best, 0.0, share)
    return tuple(steps)


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
