"""``pairs()`` and ``transitions()``: the same people before and after."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from .._input._align import align_inputs
from .._input._options import FREQUENCIES, MISSING_POLICIES, check_choice, check_scale
from .._input._pairs import before_after, pair_up
from .._input._plain import fmt_p, fmt_points, html_table, records_frame
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import validate_scores
from .._results._base import Result
from .._results._rows import RowTable
from .._stats._marginal import stuart_maxwell
from ..typing import FloatArray, Frequency, MissingPolicy

if TYPE_CHECKING:
    from ..typing import LabelsLike, ScoresLike

__all__ = ["Pairs", "TransitionRow", "TransitionTable", "pairs", "transitions"]

_CATEGORIES = ("detractor", "passive", "promoter")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Pairs(Result):
    """Each person's answer before and after, one entry per person answering on both sides.

    Attributes
    ----------
    respondents : numpy.ndarray
        The id of each paired person.
    before, after : numpy.ndarray
        Their scores (floats), in the same order: ``nps.compare(pairs.after,
        pairs.before, paired=True)`` and ``nps.transitions(pairs.before,
        pairs.after)`` take them as they are.
    unpaired : int
        People with a usable answer on one side only, left out.
    excluded : int
        Answers left out: no score, no respondent id or no time.

    ``to_frame()`` has one row per person: ``respondent``, ``before``, ``after``.
    """

    respondents: NDArray[Any]
    before: FloatArray
    after: FloatArray
    unpaired: int
    excluded: int

    def __len__(self) -> int:
        return int(self.before.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pairs):
            return NotImplemented
        return (
            np.array_equal(self.respondents, other.respondents)
            and np.array_equal(self.before, other.before)
            and np.array_equal(self.after, other.after)
            and (self.unpaired, self.excluded) == (other.unpaired, other.excluded)
        )

    __hash__ = None  # type: ignore[assignment]  # arrays inside: a value, but not hashable

    def __repr__(self) -> str:
        return f"Pairs({len(self):,} people answered before and after; {self.unpaired:,} on one side only)"

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per person: respondent, before, after (needs pandas)."""
        records = [
            {"respondent": person, "before": first, "after": second}
            for person, first, second in zip(
                self.respondents.tolist(), self.before.tolist(), self.after.tolist(), strict=True
            )
        ]
        return records_frame(records)


def pairs(
    scores: ScoresLike,
    respondents: LabelsLike,
    times: LabelsLike,
    *,
    cutoff: object = None,
    periods: tuple[object, object] | None = None,
    freq: Frequency | None = None,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> Pairs:
    """Before/after pairs of the same people from long data (one row per answer).

    Parameters
    ----------
    scores : array_like
        One score per answer.
    respondents : array_like
        The person who gave each answer (any labels; missing ids are left out).
    times : array_like
        When each answer was given: dates (numpy, pandas, Python; time-zone
        aware ones by their local wall-clock time), numbers or strings.
    cutoff : date, number or string, optional
        The moment of the change (a release, a fix): each person's last
        answer before it is ``before`` and their first answer at or after it
        ``after``, the two answers nearest the change.
    periods : pair, optional
        Instead of a cut-off, two periods: each person's latest answer in the
        first and in the second. With dates the periods are bins of ``freq``
        labelled by their first day (``("2025-05", "2025-09")`` with
        ``freq="M"``); otherwise values of ``times``.
    freq : {"D", "W", "M", "Q", "Y"}, optional
        Bins for date ``periods`` (as in :func:`trend`).
    scale, missing
        As in :func:`score`. Answers with a missing score are left out (and
        counted in ``excluded``) before the nearest ones are chosen.

    Returns
    -------
    Pairs

    Raises
    ------
    InvalidOptionError
        Neither or both of ``cutoff`` and ``periods``; a period without
        answers; ``freq`` with a cut-off or with times that are not dates.
    InvalidOptionTypeError
        A cut-off or period of another kind than the times.
    LengthMismatchError
        ``respondents`` or ``times`` of another length than ``scores``.

    Examples
    --------
    >>> import netpromoter as nps
    >>> scores = [3, 9, 6, 10, 8, 10, 9]
    >>> people = ["ann", "bob", "cy", "ann", "cy", "dee", "bob"]
    >>> days = [1, 2, 3, 10, 11, 12, 13]  # a fix shipped on day 5
    >>> p = nps.pairs(scores, people, days, cutoff=5)
    >>> p.respondents.tolist(), p.before.tolist(), p.after.tolist(), p.unpaired
    (['ann', 'bob', 'cy'], [3.0, 9.0, 6.0], [10.0, 9.0, 8.0], 1)
    >>> print(nps.compare(p.after, p.before, paired=True).difference)
    100.0
    """
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    if freq is not None:
        check_choice(freq, FREQUENCIES, "freq")
    scores, respondents, times = align_inputs(
        [("scores", scores), ("respondents", respondents), ("times", times)]
    )
    valid = validate_scores(scores, scale=scale, missing=missing)
    usable = np.ones(valid.length, dtype=bool) if valid.missing_mask is None else ~valid.missing_mask
    found = before_after(usable, respondents, times, cutoff=cutoff, periods=periods, freq=freq)
    values = valid.values.astype(np.float64)
    return Pairs(found.labels, values[found.before], values[found.after], found.unpaired, found.excluded)


@dataclass(frozen=True, slots=True)
class TransitionRow(Result):
    """The people of one category before, by their category after (counts)."""

    before: str
    detractor: int
    passive: int
    promoter: int
    total: int


@dataclass(frozen=True, slots=True, repr=False)
class TransitionTable(RowTable[TransitionRow]):
    """Detractors, passives and promoters before x after, and the test that the shares did not move.

    Iterating yields one :class:`TransitionRow` per category before
    (detractor, passive, promoter); ``table`` is the 3 x 3 array of counts.
    ``statistic``, ``df`` and ``pvalue`` are the Stuart-Maxwell test of
    marginal homogeneity ("the category shares are the same before and
    after"); ``nps_before``, ``nps_after`` and ``change`` are in points.
    """

    _key: ClassVar[str] = "before"

    rows: tuple[TransitionRow, ...]
    statistic: float
    df: float
    pvalue: float
    n: int
    nps_before: float
    nps_after: float
    change: float
    dropped_pairs: int
    unpaired: int
    method: str = "stuart-maxwell"

    @property
    def table(self) -> NDArray[np.int64]:
        """Counts, rows before (detractor, passive, promoter) x columns after."""
        return np.array([[row.detractor, row.passive, row.promoter] for row in self.rows], dtype=np.int64)

    def __repr__(self) -> str:
        return (
            f"TransitionTable(n={self.n:,}, NPS {fmt_points(self.nps_before)} -> "
            f"{fmt_points(self.nps_after)}, Stuart-Maxwell p = {fmt_p(self.pvalue)})"
        )

    def _repr_html_(self) -> str:
        body = [
            [
                f"{row.before}s",
                f"{row.detractor:,}",
                f"{row.passive:,}",
                f"{row.promoter:,}",
                f"{row.total:,}",
            ]
            for row in self.rows
        ]
        caption = (
            f"Before (rows) x after (columns), {self.n:,} people: NPS {fmt_points(self.nps_before)} -> "
            f"{fmt_points(self.nps_after)}; shares unchanged (Stuart-Maxwell): p = {fmt_p(self.pvalue)}"
        )
        return html_table(
            ["before \\ after", "detractor", "passive", "promoter", "total"], body, caption=caption
        )


def transitions(
    before: ScoresLike,
    after: ScoresLike,
    *,
    respondents: tuple[LabelsLike, LabelsLike] | None = None,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> TransitionTable:
    """Who moved where: detractors, passives and promoters before x after, and whether the mix moved.

    Parameters
    ----------
    before, after : array_like
        The same people's scores before and after, matched as in
        ``compare(..., paired=True)``: by ``respondents`` when given, by
        index label when both are pandas Series (people on one side only
        left out and counted in ``unpaired``), else by position.
    respondents : pair of array_like, optional
        The respondent id of each answer in ``before`` and in ``after``.
    scale, missing
        As in :func:`score`; a pair with a missing answer is dropped and
        counted in ``dropped_pairs``.

    Returns
    -------
    TransitionTable

    Notes
    -----
    The Stuart-Maxwell statistic (Stuart 1955; Maxwell 1970) tests that the
    detractor, passive and promoter shares are the same before and after
    (marginal homogeneity), using the people who moved: with d the row
    minus column totals of the first two categories and S their covariance
    (S_ii = n_i. + n_.i - 2 n_ii, S_ij = -(n_ij + n_ji)), d' S^-1 d is
    chi-squared with 2 degrees of freedom. When S is singular (nobody moved
    between some categories) the Moore-Penrose inverse is used with df =
    rank(S), as R coin's ``mh_test``; with nobody moving the test is NaN.
    Checked against a base-R computation (tests/reference/r_stuart_maxwell.py).
    It asks whether the mix changed, where ``compare(paired=True)`` asks
    whether NPS changed: promoters turning passive and detractors turning
    passive can leave NPS flat and the mix not.

    References
    ----------
    .. [1] Stuart, A. (1955). A test for homogeneity of the marginal
       distributions in a two-way classification. *Biometrika* 42, 412-416.
    .. [2] Maxwell, A. E. (1970). Comparing the classification of subjects by
       two independent judges. *British Journal of Psychiatry* 116, 651-655.

    Examples
    --------
    >>> import netpromoter as nps
    >>> before = [0, 3, 6, 7, 8, 8, 9, 10, 10, 5]
    >>> after = [7, 9, 6, 9, 10, 8, 9, 10, 8, 9]
    >>> t = nps.transitions(before, after)
    >>> t.table.tolist()
    [[1, 1, 2], [0, 1, 2], [0, 1, 2]]
    >>> round(t.change, 1), round(t.pvalue, 3)
    (60.0, 0.195)
    """
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    valid_before = validate_scores(before, scale=scale, missing=missing)
    valid_after = validate_scores(after, scale=scale, missing=missing)
    pairing = pair_up(
        before, after, respondents, ("before", "after"), (valid_before.length, valid_after.length)
    )
    keep = np.ones(pairing.first.shape[0], dtype=bool)
    for mask, positions in (
        (valid_before.missing_mask, pairing.first),
        (valid_after.missing_mask, pairing.second),
    ):
        if mask is not None:
            keep &= ~mask[positions]
    first = category_index(valid_before.values[pairing.first[keep]], scale).astype(np.intp)
    second = category_index(valid_after.values[pairing.second[keep]], scale).astype(np.intp)
    table = np.bincount(first * 3 + second, minlength=9).reshape(3, 3)
    statistic, df, pvalue = stuart_maxwell(table[None, :, :].astype(np.float64))
    n = int(table.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        shares_before, shares_after = table.sum(axis=1) / n, table.sum(axis=0) / n
    nps_before = 100.0 * float(shares_before[2] - shares_before[0]) if n else float("nan")
    nps_after = 100.0 * float(shares_after[2] - shares_after[0]) if n else float("nan")
    rows = tuple(
        TransitionRow(name, int(table[i, 0]), int(table[i, 1]), int(table[i, 2]), int(table[i].sum()))
        for i, name in enumerate(_CATEGORIES)
    )
    return TransitionTable(
        rows=rows,
        statistic=float(statistic[0]),
        df=float(df[0]),
        pvalue=float(pvalue[0]),
        n=n,
        nps_before=nps_before,
        nps_after=nps_after,
        change=nps_after - nps_before,
        dropped_pairs=int(np.count_nonzero(~keep)),
        unpaired=pairing.unpaired,
    )
