"""Interval methods on counts, vectorised over a (k, 3) array of groups.

Every function here sees only counts, never responses: column 0 holds
detractors, 1 passives, 2 promoters, one row per group (one row for a single
sample). Values are on the -1..1 scale; callers convert to NPS points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from ._typing import METHODS, FloatArray
from ._validate import check_choice

__all__ = [
    "DEFAULT_METHOD",
    "ROCKS_PSEUDO",
    "IntervalArrays",
    "effective_counts",
    "interval_arrays",
    "normal_quantile",
    "wald_moments",
]

#: Rocks' (2016) pseudo-observations added to (detractors, passives, promoters).
ROCKS_PSEUDO = np.array([0.75, 1.5, 0.75])
#: Response values of the three columns.
_Y = np.array([-1.0, 0.0, 1.0])

DEFAULT_METHOD = "adjusted-wald"


def normal_quantile(confidence: float) -> float:
    """Two-sided critical value z with P(|Z| < z) = confidence (stdlib, no scipy)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


@dataclass(frozen=True, slots=True)
class IntervalArrays:
    """Per-group standard error and interval bounds, on the -1..1 scale."""

    se: FloatArray
    low: FloatArray
    high: FloatArray


def wald_moments(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """NPS and its Wald standard error sqrt(V / n) for each row of counts.

    V = p + d - (p - d)^2 is the variance of one response coded -1/0/+1
    (Scott & Seber 1983). Rows with n = 0 give NaN, silently.
    """
    n = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x[:, 2] / n
        d = x[:, 0] / n
        est = p - d
        v = np.maximum(p + d - est * est, 0.0)  # rounding can make it -1e-17
        se = np.sqrt(v / n)
    return est, se


def effective_counts(sums: FloatArray, squares: FloatArray) -> FloatArray:
    """Counts whose Wald variance equals the weighted (linearisation) variance.

    For weighted data the variance of the ratio mean NPS_w = sum w y / sum w is,
    by Taylor linearisation (with replacement, as ``survey::svymean`` but
    without its n/(n-1) factor, so that unit weights reproduce the unweighted
    Wald variance exactly),

        var = sum_c S2_c (y_c - NPS_w)^2 / W^2,

    with S2_c the sum of squared weights in category c and W the sum of weights.
    Rescaling the weighted shares to ``n_eff = V_w / var`` gives counts that
    every counts-based method can use. Where var = 0 (one category only) the
    Kish effective size W^2 / sum S2 is used. Unit-weight rows pass through.
    """
    out = sums.astype(np.float64, copy=True)
    weighted = ~np.all(squares == sums, axis=1)
    if not weighted.any():
        return out
    s, q = sums[weighted], squares[weighted]
    total = s.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (s @ _Y) / total
        lin = (q * (_Y[None, :] - mean[:, None]) ** 2).sum(axis=1) / total**2
        share = s / total[:, None]
        v = np.maximum(share[:, 2] + share[:, 0] - mean**2, 0.0)
        kish = total**2 / q.sum(axis=1)
        n_eff = np.where(lin > 0, v / lin, kish)
        out[weighted] = share * n_eff[:, None]
    return out


def _wald(x: FloatArray, z: float) -> IntervalArrays:
    est, se = wald_moments(x)
    return IntervalArrays(se, est - z * se, est + z * se)


def _adjusted_wald(x: FloatArray, z: float) -> IntervalArrays:
    # Rocks (2016): add 3/4 detractor, 3/2 passive, 3/4 promoter, then Wald on
    # n + 3 around the adjusted estimate; as NPS::nps_test_(test="adjusted.wald").
    return _wald(x + ROCKS_PSEUDO, z)


_IntervalFunction = Callable[[FloatArray, float], IntervalArrays]
_REGISTRY: dict[str, _IntervalFunction] = {"wald": _wald, "adjusted-wald": _adjusted_wald}


def interval_arrays(
    sums: FloatArray, squares: FloatArray, *, method: str, confidence: float
) -> IntervalArrays:
    """Intervals for each row of (weighted) counts, clipped to [-1, 1]."""
    check_choice(method, METHODS, "method")
    x = effective_counts(sums, squares)
    raw = _REGISTRY[method](x, normal_quantile(confidence))
    empty = x.sum(axis=1) == 0
    nan = np.where(empty, np.nan, 0.0)  # empty groups: NaN, whatever the method
    return IntervalArrays(
        raw.se + nan,
        np.clip(raw.low, -1.0, 1.0) + nan,
        np.clip(raw.high, -1.0, 1.0) + nan,
    )
