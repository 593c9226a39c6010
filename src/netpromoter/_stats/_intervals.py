"""Interval methods on counts, vectorised over a (k, 3) array of groups.

Every function here sees only counts, never responses: column 0 holds
detractors, 1 passives, 2 promoters, one row per group (one row for a single
sample). Values are on the -1..1 scale; callers convert to NPS points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._input._options import (
    BOOTSTRAP_KINDS,
    METHODS,
    as_generator,
    check_choice,
    check_prior,
    check_resamples,
)
from ..typing import FloatArray, Method
from ._bootstrap import bootstrap_interval
from ._dirichlet import dirichlet_difference_quantile, dirichlet_difference_sd
from ._normal import normal_ppf
from ._tango import tango_interval

__all__ = [
    "ADJUSTED_PRIOR",
    "DEFAULT_METHOD",
    "JEFFREYS_PRIOR",
    "ROCKS_PSEUDO",
    "IntervalArrays",
    "IntervalOptions",
    "effective_counts",
    "interval_arrays",
    "normal_quantile",
    "wald_moments",
]

#: Rocks' (2016) pseudo-observations added to (detractors, passives, promoters).
ROCKS_PSEUDO = np.array([0.75, 1.5, 0.75])
#: Response values of the three columns.
_Y = np.array([-1.0, 0.0, 1.0])

#: Dirichlet prior of "adjusted-bayes": Rocks' 1:2:1 shape, total mass 2.4
#: (chosen by the exact coverage study, docs/coverage.md).
ADJUSTED_PRIOR = np.array([0.6, 1.2, 0.6])

DEFAULT_METHOD: Method = "adjusted-bayes"


def normal_quantile(confidence: float) -> float:
    """Two-sided critical value z with P(|Z| < z) = confidence (stdlib, no scipy)."""
    return normal_ppf(0.5 + confidence / 2.0)


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
        v = np.maximum((s[:, 2] + s[:, 0]) / total - mean**2, 0.0)
        kish = total**2 / q.sum(axis=1)
        n_eff = np.where(lin > 0, v / lin, kish)
        # Constant weights give n_eff = n exactly in theory; remove the rounding
        # noise of v / lin so that they reproduce the unweighted counts.
        whole = np.rint(n_eff)
        n_eff = np.where(np.abs(n_eff - whole) <= 1e-9 * whole, whole, n_eff)
        scaled = s * (n_eff / total)[:, None]
        # The same for each category: constant weights must give the integer counts
        # exactly, or the bootstrap's tie counting (and so its interval) shifts.
        counts = np.rint(scaled)
        close = np.all(np.abs(scaled - counts) <= 1e-9 * np.maximum(counts, 1.0), axis=1)
        out[weighted] = np.where(close[:, None], counts, scaled)
    return out


#: Jeffreys prior of "bayes": Dirichlet(1/2, 1/2, 1/2).
JEFFREYS_PRIOR = (0.5, 0.5, 0.5)


@dataclass(frozen=True, slots=True)
class IntervalOptions:
    """Settings that only some methods use (validated by :meth:`build`)."""

    rng: np.random.Generator | None = None
    resamples: int = 9999
    bootstrap: str = "bca"
    prior: tuple[float, float, float] = JEFFREYS_PRIOR

    @classmethod
    def build(cls, *, rng: object, resamples: object, bootstrap: object, prior: object) -> IntervalOptions:
        """Options from user arguments, each checked on the one validation path."""
        check_choice(bootstrap, BOOTSTRAP_KINDS, "bootstrap")
        return cls(
            rng=as_generator(rng),
            resamples=check_resamples(resamples),
            bootstrap=str(bootstrap),
            prior=JEFFREYS_PRIOR if prior is None else check_prior(prior),
        )


def _wald(x: FloatArray, confidence: float, options: IntervalOptions) -> IntervalArrays:
    z = normal_quantile(confidence)
    est, se = wald_moments(x)
    return IntervalArrays(se, est - z * se, est + z * se)


def _adjusted_wald(x: FloatArray, confidence: float, options: IntervalOptions) -> IntervalArrays:
    # Rocks (2016): add 3/4 detractor, 3/2 passive, 3/4 promoter, then Wald on
    # n + 3 around the adjusted estimate; as NPS::nps_test_(test="adjusted.wald").
    return _wald(x + ROCKS_PSEUDO, confidence, options)


def _score(x: FloatArray, confidence: float, options: IntervalOptions) -> IntervalArrays:
    # At Delta = estimate the score variance is n V, so the SE is Wald's.
    _, se = wald_moments(x)
    low, high = tango_interval(x, normal_quantile(confidence))
    return IntervalArrays(se, low, high)


def _dirichlet(x: FloatArray, confidence: float, prior: FloatArray) -> IntervalArrays:
    alpha = x + prior
    tail = 0.5 * (1.0 - confidence)
    return IntervalArrays(
        dirichlet_difference_sd(alpha),
        dirichlet_difference_quantile(tail, alpha),
        dirichlet_difference_quantile(1.0 - tail, alpha),
    )


def _bayes(x: FloatArray, confidence: float, options: IntervalOptions) -> IntervalArrays:
    return _dirichlet(x, confidence, np.asarray(options.prior, dtype=np.float64))


def _adjusted_bayes(x: FloatArray, confidence: float, options: IntervalOptions) -> IntervalArrays:
    raw = _dirichlet(x, confidence, ADJUSTED_PRIOR)
    # Boundary rule of the modified Jeffreys interval (Brown, Cai & DasGupta
    # 2001): when every response is a promoter (detractor) the upper (lower)
    # bound is the edge, so the interval never excludes an observed +/-100.
    n = x.sum(axis=1)
    low = np.where(x[:, 0] >= n, -1.0, raw.low)
    high = np.where(x[:, 2] >= n, 1.0, raw.high)
    return IntervalArrays(raw.se, low, high)


def _bootstrap(x: FloatArray, confidence: float, options: IntervalOptions) -> IntervalArrays:
    rng = options.rng if options.rng is not None else as_generator(None)
    se, low, high = bootstrap_interval(
        x, confidence, resamples=options.resamples, kind=options.bootstrap, rng=rng
    )
    return IntervalArrays(se, low, high)


_IntervalFunction = Callable[[FloatArray, float, IntervalOptions], IntervalArrays]
_REGISTRY: dict[str, _IntervalFunction] = {
    "wald": _wald,
    "adjusted-wald": _adjusted_wald,
    "score": _score,
    "bayes": _bayes,
    "adjusted-bayes": _adjusted_bayes,
    "bootstrap": _bootstrap,
}


def interval_arrays(
    sums: FloatArray,
    squares: FloatArray,
    *,
    method: str,
    confidence: float,
    options: IntervalOptions | None = None,
) -> IntervalArrays:
    """Intervals for each row of (weighted) counts, clipped to [-1, 1]."""
    check_choice(method, METHODS, "method")
    x = effective_counts(sums, squares)
    raw = _REGISTRY[method](x, confidence, options or IntervalOptions())
    empty = x.sum(axis=1) == 0
    nan = np.where(empty, np.nan, 0.0)  # empty groups: NaN, whatever the method
    return IntervalArrays(
        raw.se + nan,
        np.clip(raw.low, -1.0, 1.0) + nan,
        np.clip(raw.high, -1.0, 1.0) + nan,
    )
