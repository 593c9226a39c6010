"""Interval methods on counts, vectorised over a (k, 3) array of groups.

Every function here sees only counts, never responses: column 0 holds
detractors, 1 passives, 2 promoters, one row per group (one row for a single
sample). Values are on the -1..1 scale; callers convert to NPS points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._counts._clusters import linearisation_variance
from .._input._options import (
    BOOTSTRAP_KINDS,
    METHODS,
    SHARE_METHODS,
    as_generator,
    check_choice,
    check_prior,
    check_resamples,
)
from ..typing import BoolArray, FloatArray, Method
from ._bootstrap import bootstrap_interval
from ._normal import normal_ppf
from ._tango import tango_interval

__all__ = [
    "ADJUSTED_PRIOR",
    "DEFAULT_METHOD",
    "JEFFREYS_PRIOR",
    "ROCKS_PSEUDO",
    "IntervalArrays",
    "IntervalOptions",
    "clustered_effective_counts",
    "effective_counts",
    "interval_arrays",
    "normal_quantile",
    "posterior_cdf",
    "posterior_quantile",
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
    n = x[:, 0] + x[:, 1] + x[:, 2]  # as sum(axis=1), five times faster on (k, 3)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x[:, 2] / n
        d = x[:, 0] / n
        est = p - d
        v = np.maximum(p + d - est * est, 0.0)  # rounding can make it -1e-17
        se = np.sqrt(v / n)
    return est, se


def effective_counts(
    sums: FloatArray,
    squares: FloatArray,
    products: FloatArray | None = None,
    clusters: FloatArray | None = None,
) -> FloatArray:
    """Counts whose Wald variance equals the weighted (linearisation) variance.

    With ``products`` (k, 3, 3) and ``clusters`` (k,), the clustered counts of
    each row: see :func:`clustered_effective_counts`.

    For weighted data the variance of the ratio mean NPS_w = sum w y / sum w is,
    by Taylor linearisation (with replacement, as ``survey::svymean`` but
    without its n/(n-1) factor, so that unit weights reproduce the unweighted
    Wald variance exactly),

        var = sum_c S2_c (y_c - NPS_w)^2 / W^2,

    with S2_c the sum of squared weights in category c and W the sum of weights.
    Rescaling the weighted shares to ``n_eff = V_w / var`` gives counts that
    every counts-based method can use. Where var = 0 (one category only) the
    Kish effective size W^2 / sum S2 is used. Unit-weight rows pass through.

    Everything is computed from the scale-free ratios S_c / W and S2_c / W^2
    (the latter as (S2_c / W) / W, never forming W^2, which overflows for
    weights past 1e152), so a common scale of the weights cancels exactly
    whenever the sums of squares themselves are representable. Constant
    weights give the unweighted counts in theory; an effective count within a
    relative 1e-9 of a whole number is that number, so the rounding noise of
    the sums (a few ulps) cannot break the ties that discrete methods
    (bootstrap) count.
    """
    if products is not None and clusters is not None:
        return clustered_effective_counts(sums, squares, products, clusters)
    out = sums.astype(np.float64, copy=True)
    weighted = ~np.all(squares == sums, axis=1)
    if not weighted.any():
        return out
    s, q = sums[weighted], squares[weighted]
    total = s.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = s / total[:, None]
        ratio = (q / total[:, None]) / total[:, None]  # S2_c / W^2
        mean = share @ _Y
        lin = (ratio * (_Y[None, :] - mean[:, None]) ** 2).sum(axis=1)
        v = np.maximum(share[:, 2] + share[:, 0] - mean**2, 0.0)
        kish = 1.0 / ratio.sum(axis=1)
        n_eff = np.where(lin > 0, v / lin, kish)
        counts = share * n_eff[:, None]
    out[weighted] = _snap_whole(counts)
    return out


def _snap_whole(values: FloatArray) -> FloatArray:
    """Values within a relative 1e-9 of a positive whole number, made that number."""
    whole = np.rint(values)
    with np.errstate(invalid="ignore"):
        near = np.abs(values - whole) <= 1e-9 * whole
    snapped: FloatArray = np.where(near, whole, values)
    return snapped


def clustered_effective_counts(
    sums: FloatArray, squares: FloatArray, products: FloatArray, clusters: FloatArray
) -> FloatArray:
    """Counts whose Wald variance equals the cluster-robust (linearisation) variance.

    The variance of NPS_w with m clusters and cross-products P = sum_c A_c A_c'
    is var = m / (m - 1) a' P a / W^2 with a = y - NPS_w (Binder 1983; R
    ``survey::svymean`` with ``ids = ~cluster``). The shares are rescaled to
    n_eff = V_w / var = n / design effect, so that every counts-based method
    sees the design effect of the weights and the clusters. Where var is
    exactly 0 with answers in two categories (every cluster at the overall
    mix, or a domain inside one cluster) the clustering is ignored for that row
    (weights only) rather than claiming no uncertainty; one category only:
    Kish, as unclustered. With fewer than two clusters the variance cannot be
    estimated and the counts are 0, so every interval is NaN.
    """
    plain = effective_counts(sums, squares)
    m = np.asarray(clusters, dtype=np.float64)
    total = sums.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = linearisation_variance(sums, products, m / (m - 1.0))
        share = sums / total[:, None]
        v = np.maximum(share[:, 2] + share[:, 0] - (share[:, 2] - share[:, 0]) ** 2, 0.0)
        n_eff = v / variance
    usable = (m > 1) & (variance > 0) & np.isfinite(n_eff)
    out: FloatArray = np.where(usable[:, None], share * np.where(usable, n_eff, 0.0)[:, None], plain)
    out[m <= 1] = 0.0
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


# -- the Dirichlet posterior of p - d where its quadrature cannot go -----------------------------

#: Above this total Dirichlet mass A the posterior of p - d is given its normal
#: limit with a skewness correction (first Cornish-Fisher / Edgeworth term). The
#: quadrature's log-density adds terms of size A that cancel, so it loses about
#: A * 1e-16 of its relative accuracy (at A = 1e15 the bounds were off by many
#: SDs); the corrected normal errs by about SD / A. Against a four-cumulant
#: Cornish-Fisher expansion of the exact posterior both are below 1e-9 on the
#: -1..1 scale at the switch.
_NORMAL_MASS = 1e9
#: S = theta_P + theta_D may hold mass closer to 1 than any quadrature node
#: (1 - S ~ Beta(a_Pas, a_P + a_D) with a tiny a_Pas: a prior of 1e-6 on passives
#: and none observed puts all but 1e-4 of S within 1e-16 of 1). Where more than
#: 1e-14 (the quadrature's own tail allowance) lies within 1e-150 of 1, the mass
#: above 1 - 1e-7 is taken as a point at S = 1, where p - d = 2R - 1 exactly;
#: against the exact integral (mpmath, 30 digits) the bounds agree to 2e-9.
_HIDDEN, _CUT = 1e-150, 1e-7
#: S = theta_P + theta_D may hold mass closer to 1 than any quadrature node
#: (1 - S ~ Beta(a_Pas, a_P + a_D) with a tiny a_Pas: a prior of 1e-6 on passives
#: and none observed puts all but 1e-4 of S within 1e-16 of 1). Where more than
#: 1e-14 (the quadrature's own tail allowance) lies within 1e-150 of 1, the mass
#: above 1 - 1e-7 is taken as a point at S = 1, where p - d = 2R - 1 exactly;
#: against the exact integral (mpmath, 30 digits) the bounds agree to 2e-9.


def _posterior_kind(alpha: FloatArray) -> tuple[BoolArray, BoolArray]:
    """Rows to give the normal limit, and rows with S's mass hidden at 1."""
    from scipy.special import betainc

    total = alpha.sum(axis=1)
    normal = total > _NORMAL_MASS
    hidden = ~normal & (betainc(alpha[:, 1], alpha[:, 0] + alpha[:, 2], _HIDDEN) > 1e-14)
    return normal, hidden


def _normal_moments(alpha: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Dirichlet mean, SD and skewness of p - d, formed without cancelling.

    With m the mean, V = m_P (1 - m_P) + m_D (1 - m_D) + 2 m_P m_D the variance
    of one response and A the total mass, Var = V / (A + 1) and the third
    cumulant is 2 m (m_Pas - 2 V) / ((A + 1)(A + 2)) (from the Dirichlet's
    third cumulants 2 (2 m_i m_j m_k - ...) / ((A + 1)(A + 2))).
    """
    total = alpha.sum(axis=1)
    m_d, m_pas, m_p = alpha[:, 0] / total, alpha[:, 1] / total, alpha[:, 2] / total
    not_d, not_p = (alpha[:, 1] + alpha[:, 2]) / total, (alpha[:, 0] + alpha[:, 1]) / total
    v = m_p * not_p + m_d * not_d + 2.0 * m_p * m_d
    mean = m_p - m_d
    sd = np.sqrt(v) / np.sqrt(total + 1.0)
    # third cumulant / sd^3, arranged so that no factor under- or overflows
    skew = 2.0 * mean * ((m_pas - 2.0 * v) / v) / np.sqrt(v) * (np.sqrt(total + 1.0) / (total + 2.0))
    return mean, sd, skew


def _normal_quantile(probability: float, alpha: FloatArray) -> FloatArray:
    from scipy.special import ndtri

    mean, sd, skew = _normal_moments(alpha)
    z = float(ndtri(probability))
    quantile: FloatArray = mean + sd * (z + (z * z - 1.0) * skew / 6.0)
    return quantile


def _normal_cdf(t: FloatArray, alpha: FloatArray) -> FloatArray:
    from scipy.special import ndtr

    mean, sd, skew = _normal_moments(alpha)
    x = (t - mean) / sd
    with np.errstate(over="ignore", invalid="ignore"):  # far tails: the correction is 0
        correction = np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi) * skew * (x * x - 1.0) / 6.0
    cdf: FloatArray = np.clip(ndtr(x) - np.where(np.isfinite(correction), correction, 0.0), 0.0, 1.0)
    return cdf


def _hidden_cdf(t: FloatArray, alpha: FloatArray, s_low: FloatArray) -> FloatArray:
    """P(p - d <= t): quadrature below S = 1 - _CUT, a point mass at S = 1 above it."""
    from scipy.special import betainc

    from ._dirichlet import sum_range_cdf  # on first use: keeps `import netpromoter` light

    a_d, a_pas, a_p = alpha[:, 0], alpha[:, 1], alpha[:, 2]
    cut = np.full_like(t, 1.0 - _CUT)
    below_cut = sum_range_cdf(t, alpha, np.minimum(s_low, cut), cut)
    # S above max(cut, |t|) (the part of S <= t is already in below_cut), times P(2R - 1 <= t).
    above = betainc(a_pas, a_d + a_p, 1.0 - np.maximum(cut, np.abs(t)))
    at_one = betainc(a_p, a_d, np.clip(0.5 * (1.0 + t), 0.0, 1.0))
    cdf: FloatArray = np.clip(below_cut + above * at_one, 0.0, 1.0)
    return cdf


def _hidden_cdf_minus(t: FloatArray, *columns: FloatArray) -> FloatArray:
    """_hidden_cdf(t) - probability in the calling form of ``find_root`` (arrays of any shape)."""
    a_d, a_pas, a_p, s_low, probability = (c.ravel() for c in columns)
    alpha = np.stack([a_d, a_pas, a_p], axis=1)
    return (_hidden_cdf(t.ravel(), alpha, s_low) - probability).reshape(t.shape)


def _hidden_quantile(probability: float, alpha: FloatArray) -> FloatArray:
    from scipy.optimize.elementwise import find_root
    from scipy.special import betaincinv

    k = alpha.shape[0]
    s_low = betaincinv(alpha[:, 0] + alpha[:, 2], alpha[:, 1], 1e-14)
    result = find_root(
        _hidden_cdf_minus,
        (np.full(k, -1.0), np.ones(k)),
        args=(alpha[:, 0], alpha[:, 1], alpha[:, 2], s_low, np.full(k, probability)),
        tolerances={"xatol": 1e-13, "xrtol": 0.0, "fatol": 0.0, "frtol": 0.0},
    )
    return np.asarray(result.x, dtype=np.float64)


def posterior_quantile(probability: float, alpha: FloatArray) -> FloatArray:
    """Quantile of theta_P - theta_D under Dirichlet(``alpha``), per row, at any scale.

    The exact quadrature of ``_dirichlet`` for ordinary rows; the skew-corrected
    normal limit above a total mass of 1e9 (``_NORMAL_MASS``); a point mass at S = 1 where
    S's mass lies beyond the quadrature nodes (``_HIDDEN``).
    """
    from ._dirichlet import dirichlet_difference_quantile  # on first use: keeps `import netpromoter` light

    normal, hidden = _posterior_kind(alpha)
    exact = ~(normal | hidden)
    if exact.all():
        return dirichlet_difference_quantile(probability, alpha)
    out = np.empty(alpha.shape[0])
    if exact.any():
        out[exact] = dirichlet_difference_quantile(probability, alpha[exact])
    if normal.any():
        out[normal] = _normal_quantile(probability, alpha[normal])
    if hidden.any():
        out[hidden] = _hidden_quantile(probability, alpha[hidden])
    return out


def posterior_cdf(t: FloatArray, alpha: FloatArray) -> FloatArray:
    """P(theta_P - theta_D <= t) under Dirichlet(``alpha``), per row, routed as :func:`posterior_quantile`."""
    from scipy.special import betaincinv

    from ._dirichlet import dirichlet_difference_cdf  # on first use: keeps `import netpromoter` light

    normal, hidden = _posterior_kind(alpha)
    exact = ~(normal | hidden)
    if exact.all():
        return dirichlet_difference_cdf(t, alpha)
    out = np.empty(alpha.shape[0])
    if exact.any():
        out[exact] = dirichlet_difference_cdf(t[exact], alpha[exact])
    if normal.any():
        out[normal] = _normal_cdf(t[normal], alpha[normal])
    if hidden.any():
        a = alpha[hidden]
        out[hidden] = _hidden_cdf(t[hidden], a, betaincinv(a[:, 0] + a[:, 2], a[:, 1], 1e-14))
    return out


def _dirichlet(x: FloatArray, confidence: float, prior: FloatArray) -> IntervalArrays:
    from ._dirichlet import (  # on first use: keeps `import netpromoter` light
        dirichlet_difference_quantile,
        dirichlet_difference_sd,
    )

    alpha = x + prior
    tail = 0.5 * (1.0 - confidence)
    normal, hidden = _posterior_kind(alpha)
    exact = ~(normal | hidden)
    bounds = np.empty((alpha.shape[0], 2))
    if exact.any():  # both bounds in one pass
        bounds[exact] = dirichlet_difference_quantile(np.array([tail, 1.0 - tail]), alpha[exact])
    if (~exact).any():
        bounds[~exact, 0] = posterior_quantile(tail, alpha[~exact])
        bounds[~exact, 1] = posterior_quantile(1.0 - tail, alpha[~exact])
    return IntervalArrays(dirichlet_difference_sd(alpha), bounds[:, 0], bounds[:, 1])


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


def _share(method: str) -> _IntervalFunction:
    """A binomial interval of a share's counts (no detractors: p - d is the top-box share p)."""

    def interval(x: FloatArray, confidence: float, options: IntervalOptions) -> IntervalArrays:
        from ._shares import share_interval  # scipy's beta quantiles: loaded on first use

        n = x[:, 0] + x[:, 1] + x[:, 2]
        bounds = share_interval(x[:, 2], n, method=method, confidence=confidence)
        return IntervalArrays(bounds.se, bounds.low, bounds.high)

    return interval


_REGISTRY: dict[str, _IntervalFunction] = {
    "wilson": _share("wilson"),
    "jeffreys": _share("jeffreys"),
    "exact": _share("exact"),
    "agresti-coull": _share("agresti-coull"),
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
    products: FloatArray | None = None,
    clusters: FloatArray | None = None,
    share: bool = False,
) -> IntervalArrays:
    """Intervals for each row of (weighted, clustered) counts, clipped to [-1, 1].

    With ``share``, the rows are a share's counts (0, rest, top), ``method`` is
    a share method and every method, ``"wald"`` included, gives the share's
    binomial interval within [0, 1] (the NPS Wald interval, which ``"wald"``
    names otherwise, is the same on such rows but may reach below 0).
    """
    check_choice(method, SHARE_METHODS if share else METHODS + SHARE_METHODS, "method")
    x = effective_counts(sums, squares, products, clusters)
    interval = _share(method) if share else _REGISTRY[method]
    raw = interval(x, confidence, options or IntervalOptions())
    empty = x.sum(axis=1) == 0
    nan = np.where(empty, np.nan, 0.0)  # empty groups: NaN, whatever the method
    return IntervalArrays(
        raw.se + nan,
        np.clip(raw.low, -1.0, 1.0) + nan,
        np.clip(raw.high, -1.0, 1.0) + nan,
    )
