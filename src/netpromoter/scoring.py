"""``nps()`` and ``score()``: the NPS of one sample, with its interval."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._typing import Method, MissingPolicy
from ._validate import check_confidence
from .counts import Counts, to_counts
from .intervals import DEFAULT_METHOD, interval_arrays
from .results import ConfidenceInterval, NPSResult
from .scale import STANDARD, Scale

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["nps", "score"]


def nps(
    scores: ArrayLike | Counts,
    weights: ArrayLike | None = None,
    *,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> float:
    """Net Promoter Score in points: % promoters - % detractors.

    Parameters
    ----------
    scores : array_like or Counts
        One score per response (missing values: NaN, None, ``pd.NA``), or counts.
    weights : array_like, optional
        Survey weights, one per response: the NPS is then sum(w y) / sum(w).
    scale : Scale, default STANDARD
        The response scale (0-10, promoters 9-10, detractors 0-6).
    missing : {"omit", "raise"}, default "omit"
        Leave missing scores out, or raise at the first one.

    Returns
    -------
    float
        NPS in -100..100; NaN if no score is left after removing missing ones.

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.nps([10, 9, 8, 7, 6, 0])
    0.0
    >>> nps.nps([10, 10, 3, None])
    33.33333333333333
    >>> nps.nps([10, 3], weights=[3, 1])
    50.0
    """
    return to_counts(scores, weights, scale=scale, missing=missing).nps


def score(
    data: ArrayLike | Counts,
    weights: ArrayLike | None = None,
    *,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    confidence: float = 0.95,
    method: Method = DEFAULT_METHOD,  # type: ignore[assignment]
) -> NPSResult:
    """NPS with its standard error and confidence interval.

    Parameters
    ----------
    data : array_like or Counts
        Scores (one per response) or their :class:`Counts`.
    weights : array_like, optional
        Survey weights, one per response (not with ``Counts``: weighted counts
        carry their weights already).
    scale : Scale, default STANDARD
        The response scale.
    missing : {"omit", "raise"}, default "omit"
        Leave missing scores out (and count them), or raise at the first one.
    confidence : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        Interval method; see Notes.

    Returns
    -------
    NPSResult
        ``nps`` is always the observed NPS; ``se`` and ``ci`` come from the
        method. With no usable response, every number is NaN.

    Raises
    ------
    InvalidOptionError
        Unknown ``method``; ``confidence`` outside (0, 1); ``weights`` with ``Counts``.
    InvalidScoreError, InvalidTypeError, MissingValueError, InvalidWeightError
        Bad scores or weights (the message names the value and its position).

    Notes
    -----
    With ``p`` and ``d`` the promoter and detractor shares, one response coded
    -1/0/+1 has variance ``V = p + d - (p - d)^2`` and the NPS has standard
    error ``sqrt(V / n)`` (points: x 100).

    - ``"wald"``: NPS +/- z SE. Too narrow for small samples.
    - ``"adjusted-wald"``: Rocks (2016): add 0.75 detractors, 1.5 passives and
      0.75 promoters, then a Wald interval on n + 3 centred on the adjusted
      estimate. Same numbers as ``NPS::nps_test_(test = "adjusted.wald")``.

    Weighted data: counts are rescaled to the sample size whose Wald variance
    equals the linearisation variance sum w^2 (y - NPS_w)^2 / (sum w)^2, and the
    method is applied to those. Bounds are clipped to [-100, 100].

    References
    ----------
    .. [1] Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
       *The American Statistician* 70(4), 365-372.
    .. [2] Scott, A. J. & Seber, G. A. F. (1983). Difference of proportions
       from the same survey. *The American Statistician* 37(4), 319-320.

    Examples
    --------
    >>> import netpromoter as nps
    >>> r = nps.score(nps.Counts(detractors=20, passives=30, promoters=50), method="wald")
    >>> r.nps, round(r.se, 4)
    (30.0, 7.8102)
    >>> [round(b, 2) for b in r.ci]
    [14.69, 45.31]
    """
    counts = to_counts(data, weights, scale=scale, missing=missing)
    level = check_confidence(confidence)
    arrays = interval_arrays(
        counts.as_array()[None, :],
        counts.squared_array()[None, :],
        method=method,
        confidence=level,
    )
    return NPSResult(
        nps=counts.nps,
        se=100.0 * float(arrays.se[0]),
        ci=ConfidenceInterval(100.0 * float(arrays.low[0]), 100.0 * float(arrays.high[0])),
        confidence=level,
        method=method,
        counts=counts,
        n=counts.n,
        missing=counts.missing,
    )
