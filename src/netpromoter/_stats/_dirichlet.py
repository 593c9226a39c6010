"""Exact posterior of p - d when the three shares have a Dirichlet distribution.

With (theta_D, theta_Pas, theta_P) ~ Dirichlet(a_D, a_Pas, a_P), the CDF of
Delta = theta_P - theta_D is one integral, over a Beta variable V, of a
regularised incomplete beta function I (the aggregation and neutrality
properties of the Dirichlet), for either of two choices of V:

- V = S = theta_P + theta_D ~ Beta(a_P + a_D, a_Pas), independent of
  R = theta_P / S ~ Beta(a_P, a_D). Delta = S (2R - 1), so

      P(Delta <= t) = [t > 0] I_t(a_P + a_D, a_Pas)
                      + int_{|t|}^{1} f_S(s) I_{(s + t) / 2s}(a_P, a_D) ds;

- V = theta_P ~ Beta(a_P, a_D + a_Pas), independent of
  W = theta_D / (1 - theta_P) ~ Beta(a_D, a_Pas). Delta <= t when W >= (u - t) / (1 - u), so

      P(Delta <= t) = [t > 0] I_t(a_P, a_D + a_Pas)
                      + int_{max(t, 0)}^{(1 + t) / 2} f_P(u) I_{(1 + t - 2u) / (1 - u)}(a_Pas, a_D) du;

  and its mirror image (swap a_D and a_P) for V = theta_D and -Delta.

Differentiating under the integral gives the density (and, on smooth rows,
its slope) from the same nodes; the terms from the moving limits cancel or
vanish. The integrand is a density times a smooth step, and quadrature on a
fixed grid needs the step to be no narrower than the density. That holds (to
within a factor of about one in the normal limit) for whichever of S,
theta_P, theta_D is least correlated with Delta; conditioning on S alone, as
this module once did, fails when promoters and detractors are lopsided at
large n (600,000 detractors, 3,000 promoters: quantiles off by 2e-5). Each
row uses its best V over the range holding all but 2e-14 of V's mass, with

- the midpoint rule on 32 to 256 nodes of V when every parameter is at least
  6 (``_MIDPOINT_TIERS``): spectrally accurate for these smooth, rapidly decaying
  integrands (the step then starts with a zero of high order, so its kink
  costs nothing); the inner I_x comes from one ``betainc`` and Gauss-Legendre
  integrals of the inner density between neighbouring nodes;
- otherwise tanh-sinh quadrature (Takahasi & Mori 1974) on 181 nodes from
  where the step starts, which integrates the algebraic endpoint
  singularities of small parameters to near machine precision.

Quantiles start from the Cornish-Fisher expansion with the exact first seven
cumulants (Delta's moments follow from those of a sum of independent gammas),
to order A^(-5/2). Where its estimated error is below 1e-9 (large samples: the
posterior is effectively normal) the expansion is the answer; elsewhere
Halley's (smooth rows) or Newton's steps on the quadrature CDF, kept inside a
bracket, finish in one or two evaluations. ``bench/dirichlet_accuracy.py``
measures the result against the previous implementation and an independent
quadrature: within 4e-9 on n from 1 to 10^7 (goal 1e-7). Parameters below
about 0.05 (such a prior with an empty category) put most of a share's mass
within 1e-90 of zero, beyond any fixed set of nodes: there the bounds are good
to about 1e-2 only, as they were before.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from ..typing import BoolArray, FloatArray, IntArray

__all__ = [
    "dirichlet_difference_cdf",
    "dirichlet_difference_quantile",
    "dirichlet_difference_sd",
    "sum_range_cdf",
]

_Scalar = TypeVar("_Scalar", bound=np.generic)


# tanh-sinh nodes on (-1, 1): x = tanh(pi/2 sinh(k h)), step h = 1/16.
_STEP = 1.0 / 16.0
_K = np.arange(-90, 91) * _STEP
_U = 0.5 * np.pi * np.sinh(_K)
_HALF_ONE_PLUS = 1.0 / (1.0 + np.exp(-2.0 * _U))  # (1 + x) / 2, accurate near x = -1
_HALF_ONE_MINUS = 1.0 / (1.0 + np.exp(2.0 * _U))  # (1 - x) / 2, accurate near x = +1
_TANH_SINH_WEIGHT = _STEP * 0.25 * np.pi * np.cosh(_K) / np.cosh(_U) ** 2  # per unit length of range

_TAIL = 1e-14  # mass of V left outside the integration range, on each side
_USABLE_FROM = 0.01  # smallest parameter of a V worth conditioning on (else S)
# Midpoint rule: nodes by the smallest parameter (all four Beta parameters of
# the row's V and inner variable); the integrand's smoothness at the step's
# kink and V's range ends grows with it. Each tier is accurate to 1e-10
# (quantiles at z from -3.5 to 3.5 against the same rule on 1,024 nodes, for
# 400 random rows of each band of the smallest parameter; the whole is measured
# by bench/dirichlet_accuracy.py); smaller parameters take tanh-sinh.
_MIDPOINT_TIERS = ((40.0, 32), (20.0, 40), (16.0, 48), (12.0, 64), (8.0, 128), (6.0, 256))
_GL_POINT, _GL_WEIGHT = np.polynomial.legendre.leggauss(4)
_GL_POINT, _GL_WEIGHT = 0.5 * (_GL_POINT + 1.0), 0.5 * _GL_WEIGHT  # on [0, 1]
_CF_TOLERANCE = 1e-9  # largest estimated Cornish-Fisher error taken as exact (see _cornish_fisher)
_STEP_TOLERANCE = 1e-7  # Newton stops when its step is below this many posterior SDs
_Y = np.array([-1.0, 0.0, 1.0])  # response values of (detractors, passives, promoters)
_ORDERS = np.arange(2, 8)
_GAMMA_FACTOR = np.array([1.0, 2.0, 6.0, 24.0, 120.0, 720.0])  # (r - 1)! for r = 2..7

# Cumulants of Delta as sums of terms k-monomial * numerator(A) / prod (A + i)^e_i
# (see _cumulants; derived with sympy from the moment-cumulant relations):
# (cumulant order, powers of k_2..k_7, numerator coefficients of A^0..A^2,
# exponents of A, A + 1, ..., A + 6).
_CUMULANT_TABLE = [
    (2, (1, 0, 0, 0, 0, 0), (1, 0, 0), (1, 1, 0, 0, 0, 0, 0)),
    (3, (0, 1, 0, 0, 0, 0), (1, 0, 0), (1, 1, 1, 0, 0, 0, 0)),
    (4, (0, 0, 1, 0, 0, 0), (1, 0, 0), (1, 1, 1, 1, 0, 0, 0)),
    (4, (2, 0, 0, 0, 0, 0), (-18, -12, 0), (2, 2, 1, 1, 0, 0, 0)),
    (5, (0, 0, 0, 1, 0, 0), (1, 0, 0), (1, 1, 1, 1, 1, 0, 0)),
    (5, (1, 1, 0, 0, 0, 0), (-60, 0, 0), (2, 2, 0, 1, 1, 0, 0)),
    (6, (0, 0, 0, 0, 1, 0), (1, 0, 0), (1, 1, 1, 1, 1, 1, 0)),
    (6, (3, 0, 0, 0, 0, 0), (1200, 840, 0), (3, 3, 1, 0, 1, 1, 0)),
    (6, (1, 0, 1, 0, 0, 0), (-300, -120, 0), (2, 2, 1, 1, 1, 1, 0)),
    (6, (0, 2, 0, 0, 0, 0), (-600, -450, -90), (2, 2, 2, 1, 1, 1, 0)),
    (7, (0, 0, 0, 0, 0, 1), (1, 0, 0), (1, 1, 1, 1, 1, 1, 1)),
    (7, (2, 1, 0, 0, 0, 0), (50400, 47880, 10080), (3, 3, 2, 0, 1, 1, 1)),
    (7, (1, 0, 0, 1, 0, 0), (-210, 0, 0), (2, 2, 1, 0, 1, 1, 1)),
    (7, (0, 1, 1, 0, 0, 0), (-4200, -2520, -420), (2, 2, 2, 1, 1, 1, 1)),
]
_CUMULANT_POWERS = np.array([powers for _, powers, _, _ in _CUMULANT_TABLE], dtype=np.intp)
_CUMULANT_NUMERATOR = np.array([numerator for _, _, numerator, _ in _CUMULANT_TABLE], dtype=np.float64)
_CUMULANT_DENOMINATOR = np.array([exponents for _, _, _, exponents in _CUMULANT_TABLE], dtype=np.intp)
# The tables list their terms by order: where each order's terms start.
_CUMULANT_STARTS = np.unique([order for order, _, _, _ in _CUMULANT_TABLE], return_index=True)[1]

# Cornish-Fisher terms: powers of (g1, g2, g3, g4, g5), then the coefficients of
# z^0..z^6 of the polynomial multiplying them, order by order (A^(-1/2) each).
_CF_TABLE = [
    ((1, 0, 0, 0, 0), (-1 / 6, 0, 1 / 6)),
    ((0, 1, 0, 0, 0), (0, -1 / 8, 0, 1 / 24)),
    ((2, 0, 0, 0, 0), (0, 5 / 36, 0, -1 / 18)),
    ((0, 0, 1, 0, 0), (1 / 40, 0, -1 / 20, 0, 1 / 120)),
    ((1, 1, 0, 0, 0), (-1 / 12, 0, 5 / 24, 0, -1 / 24)),
    ((3, 0, 0, 0, 0), (17 / 324, 0, -53 / 324, 0, 1 / 27)),
    ((0, 0, 0, 1, 0), (0, 1 / 48, 0, -1 / 72, 0, 1 / 720)),
    ((1, 0, 1, 0, 0), (0, -7 / 60, 0, 17 / 180, 0, -1 / 90)),
    ((0, 2, 0, 0, 0), (0, -29 / 384, 0, 1 / 16, 0, -1 / 128)),
    ((2, 1, 0, 0, 0), (0, 107 / 288, 0, -103 / 288, 0, 7 / 144)),
    ((4, 0, 0, 0, 0), (0, -1511 / 7776, 0, 211 / 972, 0, -7 / 216)),
    ((0, 0, 0, 0, 1), (-1 / 336, 0, 1 / 112, 0, -1 / 336, 0, 1 / 5040)),
    ((1, 0, 0, 1, 0), (1 / 48, 0, -11 / 144, 0, 13 / 432, 0, -1 / 432)),
    ((0, 1, 1, 0, 0), (1 / 30, 0, -29 / 240, 0, 1 / 20, 0, -1 / 240)),
    ((1, 2, 0, 0, 0), (-1 / 9, 0, 271 / 576, 0, -43 / 192, 0, 1 / 48)),
    ((2, 0, 1, 0, 0), (-1 / 12, 0, 131 / 360, 0, -181 / 1080, 0, 2 / 135)),
    ((3, 1, 0, 0, 0), (19 / 81, 0, -1513 / 1296, 0, 803 / 1296, 0, -5 / 81)),
    ((5, 0, 0, 0, 0), (-2651 / 29160, 0, 7531 / 14580, 0, -331 / 1080, 0, 8 / 243)),
]
_CF_POWERS = np.array([powers for powers, _ in _CF_TABLE], dtype=np.intp)
_CF_TERMS = np.array([coefficients + (0.0,) * (7 - len(coefficients)) for _, coefficients in _CF_TABLE]).T
_CF_TERM_SIZES = np.abs(_CF_TERMS)
_Z_POWERS = np.arange(7.0)
_CF_STARTS = np.unique(_CF_POWERS @ np.arange(1, 6), return_index=True)[1]

_BLOCK = 256  # rows per block: larger arrays leave the cache and cost 5 times as much
_BLOCK_NODES = 256 * 64  # rows x nodes per block of the root finding, for the same reason
_MAX_STEPS = 100  # a row that only bisects needs about 50


@dataclass(frozen=True, slots=True)
class _Rows:
    """What does not depend on t, per row, in the canonical orientation.

    ``mirror`` rows condition on theta_D: a_D and a_P are swapped and the
    formulas apply to -Delta. ``on_sum`` rows condition on S, the others on
    (the canonical) theta_P. V ~ Beta(a_v, b_v) has all but 2e-14 of its mass
    in [low, 1 - low_c]; the integrand holds I_x(a_in, b_in).
    """

    mirror: BoolArray
    on_sum: BoolArray
    nodes: IntArray  # midpoint nodes of the row's rule; 0 for tanh-sinh
    a_v: FloatArray
    b_v: FloatArray
    a_in: FloatArray
    b_in: FloatArray
    ln_norm_v: FloatArray  # log of f_V's normalising constant, as the quadrature sees it
    ln_beta_in: FloatArray
    low: FloatArray
    low_c: FloatArray  # 1 - high, accurate when high is near 1

    @property
    def smooth(self) -> BoolArray:
        """Rows on the midpoint rule (where the density's slope is known too)."""
        out: BoolArray = self.nodes > 0
        return out

    def take(self, rows: IntArray | BoolArray) -> _Rows:
        return _Rows(*(getattr(self, f.name)[rows] for f in fields(self)))


def _column(values: NDArray[_Scalar]) -> NDArray[_Scalar]:
    return values[:, None]


def _log_f_v(v: FloatArray, v_c: FloatArray, a_v: FloatArray, b_v: FloatArray) -> FloatArray:
    """log f_V(v) plus log B(a_v, b_v): the density without its normalising constant.

    Plain logs of v and of 1 - v (held separately): the rounding of the pair
    matters as much as that of the logs, and ``log1p`` costs five times ``log``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = (a_v - 1.0) * np.log(v) + (b_v - 1.0) * np.log(v_c)
    return out


def _prepare(alpha: FloatArray) -> _Rows:
    """Per row: the conditioning variable, the rule, V's range and normalisation."""
    from scipy.special import betaincinv, betaln

    a_d, a_pas, a_p = alpha[:, 0], alpha[:, 1], alpha[:, 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        total = a_d + a_pas + a_p
        m_d, m_p = a_d / total, a_p / total
        var_d, var_p, cov = m_d * (1 - m_d), m_p * (1 - m_p), -m_d * m_p
        var_delta = var_p + var_d - 2 * cov
        # |correlation| of Delta with S, theta_P and theta_D (Dirichlet covariances).
        with_s = np.abs(var_p - var_d) / np.sqrt(var_delta * (var_p + var_d + 2 * cov))
        with_p = np.abs(var_p - cov) / np.sqrt(var_delta * var_p)
        with_d = np.abs(var_d - cov) / np.sqrt(var_delta * var_d)
    # A V with a parameter near 0 is a point mass that no range of nodes can hold.
    usable = (
        np.minimum(a_d + a_p, a_pas) >= _USABLE_FROM,
        np.minimum(a_p, a_d + a_pas) >= _USABLE_FROM,
        np.minimum(a_d, a_p + a_pas) >= _USABLE_FROM,
    )
    with_s, with_p, with_d = (
        np.where(np.isfinite(r) & ok, r, 2.0) for r, ok in zip((with_s, with_p, with_d), usable, strict=True)
    )
    on_sum = with_s <= np.minimum(with_p, with_d)
    mirror = ~on_sum & (with_d < with_p)
    subtracted = np.where(mirror, a_p, a_d)
    added = np.where(mirror, a_d, a_p)
    a_v = np.where(on_sum, added + subtracted, added)
    b_v = np.where(on_sum, a_pas, subtracted + a_pas)
    a_in = np.where(on_sum, added, a_pas)
    b_in = subtracted
    smallest = np.minimum(np.minimum(a_v, b_v), np.minimum(a_in, b_in))
    nodes = np.zeros(a_v.shape, dtype=np.intp)
    for start, count in reversed(_MIDPOINT_TIERS):
        nodes[smallest >= start] = count
    low = betaincinv(a_v, b_v, _TAIL)
    low_c = betaincinv(b_v, a_v, _TAIL)  # 1 - V ~ Beta(b_v, a_v)
    ln_norm_v = betaln(a_v, b_v)
    rough = nodes == 0
    # betaln(a, b) loses up to 1e-9 at a = 10^6, b ~ 1 (lgamma differences), so
    # tanh-sinh takes the constant from the quadrature itself: f_V integrates to
    # 1 - 2e-14 over [low, high]. (The midpoint rule normalises its own masses.)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        width = _column(np.maximum(1.0 - low_c[rough] - low[rough], 0.0))
        v, v_c = _column(low[rough]) + width * _HALF_ONE_PLUS, _column(low_c[rough]) + width * _HALF_ONE_MINUS
        log_f = _log_f_v(v, v_c, _column(a_v[rough]), _column(b_v[rough])) - _column(ln_norm_v[rough])
        mass = (width * _TANH_SINH_WEIGHT * np.exp(log_f)).sum(axis=1)
        ln_norm_v[rough] += np.log(mass / (1.0 - 2.0 * _TAIL))
    return _Rows(
        mirror=mirror,
        on_sum=on_sum,
        nodes=nodes,
        a_v=a_v,
        b_v=b_v,
        a_in=a_in,
        b_in=b_in,
        ln_norm_v=ln_norm_v,
        ln_beta_in=betaln(a_in, b_in),
        low=low,
        low_c=low_c,
    )


def _midpoint(t: FloatArray, rows: _Rows, density: bool, count: int) -> FloatArray:
    """CDF, density and its slope by the midpoint rule on ``count`` nodes over V's range.

    I_x is 0 or 1 beyond the step's ends, so the nodes need not follow them.
    The inner I_x at the nodes comes from one ``betainc`` at the middle node
    plus Gauss-Legendre integrals of the inner density between neighbouring
    nodes (x is monotone in v), a sixth of the cost of ``betainc`` at every node.
    """
    from scipy.special import betainc

    grid = _column((np.arange(count) + 0.5) / count)
    # Arrays are (nodes, rows): sums and running sums over the nodes then run
    # along whole rows of memory, and per-row values broadcast as they are.
    width = np.maximum(1.0 - rows.low_c - rows.low, 0.0)
    v, v_c = rows.low + width * grid, rows.low_c + width * grid[::-1]
    on_sum = rows.on_sum.astype(np.float64)
    a_less, b_less = rows.a_in - 1.0, rows.b_in - 1.0
    out = np.empty((3, t.size))
    # Every parameter is at least 6 here: the inner density is finite on [0, 1] and
    # 0 at its ends, NaN only where rounding puts a point past them (taken as 0).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        mass = _log_f_v(v, v_c, rows.a_v, rows.b_v)
        mass -= mass.max(axis=0)
        np.exp(mass, out=mass)
        mass /= mass.sum(axis=0)  # f_V(v) dv, normalised by the rule itself
        # x = (s + t) / 2s on S, (1 + t - 2u) / (1 - u) on theta_P: the numerator
        # v + t or (1 + t) - 2u over d = 2s or 1 - u (products with 0 and 1
        # rather than np.where, which costs ten times as much).
        d = v * (2.0 * on_sum)
        d += v_c * (1.0 - on_sum)
        x = v * (3.0 * on_sum - 2.0)
        x += (1.0 - on_sum) + t
        x /= d
        np.clip(x, 0.0, 1.0, out=x)
        x_c = v - t
        x_c /= d
        np.clip(x_c, 0.0, 1.0, out=x_c)
        # Gauss-Legendre points between neighbouring nodes (x is monotone in v).
        span = x[1:] - x[:-1]
        pieces = np.zeros_like(span)
        for point, log_weight in zip(_GL_POINT, np.log(_GL_WEIGHT), strict=True):
            step = span * point
            log_pdf = np.add(x[:-1], step)
            np.log(log_pdf, out=log_pdf)
            log_pdf *= a_less
            np.subtract(x_c[:-1], step, out=step)
            np.log(step, out=step)
            step *= b_less
            log_pdf += step
            log_pdf -= rows.ln_beta_in - log_weight
            pdf = np.exp(log_pdf, out=log_pdf)
            pieces += np.fmax(pdf, 0.0, out=pdf)  # the weighted density
        pieces *= span
        climb = np.empty_like(x)
        climb[0] = 0.0
        np.cumsum(pieces, axis=0, out=climb[1:])
        middle = count // 2
        climb += betainc(rows.a_in, rows.b_in, x[middle]) - climb[middle]
        np.clip(climb, 0.0, 1.0, out=climb)  # I_x at the nodes
        climb *= mass
        out[0] = climb.sum(axis=0)
        if not density:
            return out
        # d/dt of I_x is pdf(x) / d; of that, pdf(x) ((a - 1) / x - (b - 1) / (1 - x)) / d^2.
        terms = np.log(x)
        terms *= a_less
        log_x_c = np.log(x_c)
        log_x_c *= b_less
        terms += log_x_c
        terms -= rows.ln_beta_in
        np.exp(terms, out=terms)
        terms *= mass
        terms /= d
        out[1] = terms.sum(axis=0)
        slopes = np.divide(a_less, x)
        slopes -= np.divide(b_less, x_c, out=x_c)
        slopes *= terms
        slopes /= d
        np.copyto(slopes, 0.0, where=~np.isfinite(slopes))
        out[2] = slopes.sum(axis=0)
    return out


def _tanh_sinh(t: FloatArray, rows: _Rows, density: bool) -> FloatArray:
    """CDF and density by tanh-sinh over the range where the step is neither 0 nor 1 (rough rows).

    The slope is left NaN: the density can be singular where the range starts.
    """
    from scipy.special import betainc

    on_sum = _column(rows.on_sum)
    start = np.maximum(np.where(rows.on_sum, np.abs(t), np.maximum(t, 0.0)), rows.low)
    # The range ends at min(high, (1 + t) / 2 on theta_P), held as 1 - stop.
    stop_c = np.where(rows.on_sum, rows.low_c, np.maximum(rows.low_c, 0.5 * (1.0 - t)))
    length = _column(np.maximum(1.0 - stop_c - start, 0.0))
    grow, shrink = length * _HALF_ONE_PLUS, length * _HALF_ONE_MINUS
    v, v_c, tt = _column(start) + grow, _column(stop_c) + shrink, _column(t)
    a_in, b_in = _column(rows.a_in), _column(rows.b_in)
    out = np.full((3, t.size), np.nan)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_f = _log_f_v(v, v_c, _column(rows.a_v), _column(rows.b_v)) - _column(rows.ln_norm_v)
        mass = length * _TANH_SINH_WEIGHT * np.exp(log_f)
        mass = np.where(np.isfinite(mass), mass, 0.0)
        # x = (s + t) / 2s on S, (1 + t - 2u) / (1 - u) on theta_P; numerators of x
        # and 1 - x as gaps from the range's ends (exact near them), dx/dt = 1 / d.
        d = np.where(on_sum, 2.0 * v, v_c)
        x_num = np.where(
            on_sum, _column(start) + tt + grow, 2.0 * (_column(stop_c - 0.5 * (1.0 - t)) + shrink)
        )
        x = np.clip(x_num / d, 0.0, 1.0)
        x_c = np.clip((_column(start) - tt + grow) / d, 0.0, 1.0)
        below = np.where(t > 0, betainc(rows.a_v, rows.b_v, np.clip(t, 0.0, 1.0)), 0.0)
        out[0] = below + (mass * betainc(a_in, b_in, x)).sum(axis=1)
        if not density:
            return out
        log_pdf = (a_in - 1.0) * np.log(x) + (b_in - 1.0) * np.log(x_c) - _column(rows.ln_beta_in)
        terms = mass * np.exp(log_pdf) / d
    out[1] = np.where(np.isfinite(terms), terms, 0.0).sum(axis=1)
    return out


def _canonical_cdf(t: FloatArray, rows: _Rows, density: bool = True) -> FloatArray:
    """CDF, density and the density's slope at t (canonical orientation): a (3, k) array."""
    out = np.empty((3, t.size))
    for count in np.unique(rows.nodes):
        part = rows.nodes == count
        if part.all():
            return _tanh_sinh(t, rows, density) if count == 0 else _midpoint(t, rows, density, int(count))
        sub = rows.take(part)
        out[:, part] = (
            _tanh_sinh(t[part], sub, density) if count == 0 else _midpoint(t[part], sub, density, int(count))
        )
    return out


def dirichlet_difference_cdf(t: FloatArray, alpha: FloatArray) -> FloatArray:
    """P(theta_P - theta_D <= t) for each row of Dirichlet parameters ``alpha`` (k, 3)."""
    t = np.broadcast_to(np.asarray(t, dtype=np.float64), (alpha.shape[0],))
    out = np.empty(alpha.shape[0])
    for block in _blocks(alpha.shape[0]):
        rows = _prepare(alpha[block])
        tt = t[block]
        cdf = _canonical_cdf(np.where(rows.mirror, -tt, tt), rows, density=False)[0]
        out[block] = np.clip(np.where(rows.mirror, 1.0 - cdf, cdf), 0.0, 1.0)
    return out


def _blocks(k: int) -> list[slice]:
    """Row blocks small enough for the (rows, nodes) arrays to stay in cache."""
    return [slice(start, min(start + _BLOCK, k)) for start in range(0, k, _BLOCK)]


def _rule_blocks(nodes: IntArray) -> list[IntArray]:
    """Rows grouped by quadrature rule, in blocks of about ``_BLOCK_NODES`` (rows x nodes) each.

    One rule per block spares the per-rule split of every CDF evaluation.
    """
    order = np.argsort(nodes, kind="stable")
    ends = np.flatnonzero(np.diff(nodes[order])) + 1
    blocks: list[IntArray] = []
    for run in np.split(order, ends):
        count = int(nodes[run[0]]) or _TANH_SINH_WEIGHT.size
        step = max(1, _BLOCK_NODES // count)
        blocks.extend(run[start : start + step] for start in range(0, run.size, step))
    return blocks


def _monomials(values: FloatArray, powers: IntArray) -> FloatArray:
    """prod_j values[j] ** powers[term, j] for each term and column of ``values`` (j, k): shape (terms, k).

    By repeated multiplication, row by row of (k,) arrays: ``**`` costs 50 ns
    an element, and small matrix products over many rows are slower still.
    """
    table = [np.ones_like(values), values]  # table[e][j] = values[j] ** e
    for _ in range(2, int(powers.max()) + 1):
        table.append(table[-1] * values)
    out = np.ones((powers.shape[0], values.shape[1]))
    for term, row in enumerate(powers):
        for j in np.flatnonzero(row):
            out[term] *= table[row[j]][j]
    return out


def _by_order(weights: FloatArray, terms: FloatArray, starts: IntArray) -> FloatArray:
    """sum over each order's terms t of weights[:, t] * terms[t]: shape (orders, m, k).

    ``weights`` (m, terms), ``terms`` (terms, k), the terms grouped by order from ``starts``.
    """
    out = np.zeros((starts.size, weights.shape[0], terms.shape[1]))
    order = np.cumsum(np.isin(np.arange(terms.shape[0]), starts)) - 1
    for t in range(terms.shape[0]):
        out[order[t]] += weights[:, t, None] * terms[t]
    return out


def _cumulants(alpha: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean and cumulants 2..7 (as a (k, 6) array) of Delta = theta_P - theta_D, exactly.

    With independent G_i ~ Gamma(a_i) and T = sum G_i ~ Gamma(A), the shares
    G / T are independent of T, so for c' = (-1, 0, 1) - mean,
    E[(c'.G)^r] = A (A + 1) ... (A + r - 1) E[(Delta - mean)^r], and c'.G is a
    sum of independent gammas with cumulants k_r = (r - 1)! sum a_i c'_i^r.
    Turning those moments into Delta's cumulants cancels terms of order
    A^(1 - r/2) down to A^(1 - r); the cancellations are done symbolically
    (``_CUMULANT_TABLE``: rational functions of A), so nothing is lost at large A.
    """
    total = alpha.sum(axis=1)
    mean = (alpha[:, 2] - alpha[:, 0]) / total
    centred = _Y[:, None] - mean  # (3, k)
    weights = np.ascontiguousarray(alpha.T)
    power = centred * centred
    k = np.empty((_ORDERS.size, alpha.shape[0]))  # k_2..k_7
    for r, factor in enumerate(_GAMMA_FACTOR):
        k[r] = factor * (weights * power).sum(axis=0)
        power *= centred
    shifted = total + _Z_POWERS[:, None]  # A, A + 1, ..., A + 6
    c = _CUMULANT_NUMERATOR[:, :, None]
    numerator = c[:, 0] + total * (c[:, 1] + total * c[:, 2])
    terms = numerator / _monomials(shifted, _CUMULANT_DENOMINATOR) * _monomials(k, _CUMULANT_POWERS)
    cumulants: FloatArray = np.add.reduceat(terms, _CUMULANT_STARTS, axis=0).T
    return mean, cumulants


def _cornish_fisher(
    z: FloatArray, mean: FloatArray, cumulants: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Cornish-Fisher quantiles (k, m) at normal quantiles z (m,), estimates of their error, the SDs (k,).

    w = z + sum of the terms in ``_CF_TABLE`` (Abramowitz & Stegun 26.2.49-50,
    extended one order by series reversion of the Edgeworth expansion), each a
    monomial in the standardised cumulants g1..g5 (g_r of order A^(-r/2)) times
    a polynomial in z; the expansion is thus to order A^(-5/2). The error is
    estimated by the next order: the last order's size times the largest ratio
    of successive orders, sizes taken with absolute values throughout (the
    polynomials have roots in z, so a single term can vanish by accident).
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        sd = np.sqrt(cumulants[:, 0])
        g = np.empty((_ORDERS.size - 1, sd.size))  # g_1..g_5 = k_3 / sd^3 .. k_7 / sd^7
        scale = sd * sd
        for r in range(g.shape[0]):
            scale = scale * sd
            g[r] = cumulants[:, r + 1] / scale
        monomials = _monomials(g, _CF_POWERS)  # (terms, k)
        every = np.zeros(1, dtype=np.intp)  # all terms as one order
        w = z[:, None] + _by_order(z[:, None] ** _Z_POWERS @ _CF_TERMS, monomials, every)[0]
        quantile = np.ascontiguousarray((mean + sd * w).T)
        bound = (np.abs(z[:, None]) + 1.0) ** _Z_POWERS @ _CF_TERM_SIZES  # (m, terms)
        sizes = _by_order(bound, np.abs(monomials), _CF_STARTS)  # (orders, m, k)
        error = np.ascontiguousarray((sd * sizes[-1] * (sizes[1:] / sizes[:-1]).max(axis=0)).T)
    error[~np.isfinite(error)] = np.inf
    return quantile, error, sd


def _newton(probability: FloatArray, start: FloatArray, tolerance: FloatArray, rows: _Rows) -> FloatArray:
    """Root of CDF(t) = probability in (-1, 1) per row, by steps kept inside a shrinking bracket.

    Halley's step (cubic convergence) where the density's slope is known
    (smooth rows), else Newton's; a step that would leave the bracket is
    replaced by bisection. A row stops after a step below its ``tolerance``
    or when the bracket is that narrow.
    """
    valid = np.isfinite(probability) & np.isfinite(rows.a_v + rows.b_v + rows.a_in + rows.b_in)
    x = np.where(valid, np.clip(np.where(np.isfinite(start), start, 0.0), -1.0 + 1e-9, 1.0 - 1e-9), np.nan)
    low, high = np.full_like(x, -1.0), np.full_like(x, 1.0)
    active = np.flatnonzero(valid)
    part = rows.take(active)
    for _ in range(_MAX_STEPS):
        if active.size == 0:
            break
        here = x[active]
        cdf, dens, slope = _canonical_cdf(here, part)
        gap = cdf - probability[active]
        lo = np.where(gap < 0, here, low[active])
        hi = np.where(gap > 0, here, high[active])
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            newton = gap / dens
            halley = newton / (1.0 - 0.5 * newton * slope / dens)
            step = np.where(np.isfinite(halley), halley, newton)
            after = here - step
        # A step below the tolerance is taken even onto the bracket's end (rounding).
        converged = np.abs(step) <= tolerance[active]
        inside = converged | (np.isfinite(after) & (after > lo) & (after < hi))
        x[active] = np.where(inside, after, 0.5 * (lo + hi))
        low[active], high[active] = lo, hi
        done = converged | (hi - lo <= tolerance[active])
        active, part = active[~done], part.take(~done)
    return x


def dirichlet_difference_quantile(probability: float | FloatArray, alpha: FloatArray) -> FloatArray:
    """Quantiles of theta_P - theta_D for each row of ``alpha`` (k, 3).

    ``probability`` is one number (result shape (k,)) or a 1-D array of m
    (result (k, m)). The Cornish-Fisher value where its estimated error is
    below ``_CF_TOLERANCE``; elsewhere root finding on the quadrature CDF from
    that start, stopped when the error left after the last step is below
    1e-12. For Halley's steps (smooth rows, where the posterior is near
    normal) that error is about step^3 (z^2 + 3|z| + 3) / SD^2 at most; for
    Newton's, a step of ``_STEP_TOLERANCE`` SDs leaves 1e-14 SDs.
    """
    from scipy.special import ndtri

    prob = np.atleast_1d(np.asarray(probability, dtype=np.float64))
    z = ndtri(prob)
    mean, cumulants = _cumulants(alpha)
    quantile, error, sd = _cornish_fisher(z, mean, cumulants)
    exact = np.flatnonzero(~(error <= _CF_TOLERANCE) | ~(np.abs(quantile) < 1.0))
    if exact.size:
        result = quantile.ravel()
        row, column = np.divmod(exact, prob.size)
        # Each row's setup once for all its probabilities (``row`` is sorted).
        first = np.ones(row.size, dtype=bool)
        first[1:] = row[1:] != row[:-1]
        rows = _prepare(alpha[row[first]]).take(np.cumsum(first) - 1)
        scale = np.where(np.isfinite(sd[row]), sd[row], 1.0)
        size = np.abs(z[column])
        with np.errstate(invalid="ignore"):
            near_normal = np.cbrt(1e-12 * scale**2 / (size * size + 3.0 * size + 3.0))
        tolerance = np.maximum(np.where(rows.smooth, near_normal, _STEP_TOLERANCE * scale), 1e-15)
        sign = np.where(rows.mirror, -1.0, 1.0)
        p = np.where(rows.mirror, 1.0 - prob[column], prob[column])
        start = sign * result[exact]
        for block in _rule_blocks(rows.nodes):
            result[exact[block]] = sign[block] * _newton(
                p[block], start[block], tolerance[block], rows.take(block)
            )
        quantile = result.reshape(quantile.shape)
    out: FloatArray = quantile[:, 0] if np.ndim(probability) == 0 else quantile
    return out


def dirichlet_difference_sd(alpha: FloatArray) -> FloatArray:
    """Posterior standard deviation of theta_P - theta_D (Dirichlet moments)."""
    total = alpha.sum(axis=1)
    mean_d, mean_p = alpha[:, 0] / total, alpha[:, 2] / total
    # Var(theta_i) = m_i (1 - m_i) / (A + 1), Cov(theta_i, theta_j) = -m_i m_j / (A + 1).
    variance = (mean_p * (1 - mean_p) + mean_d * (1 - mean_d) + 2 * mean_p * mean_d) / (total + 1)
    sd: FloatArray = np.sqrt(variance)
    return sd


def sum_range_cdf(t: FloatArray, alpha: FloatArray, s_low: FloatArray, s_high: FloatArray) -> FloatArray:
    """P(theta_P - theta_D <= t and s_low <= S <= s_high), S = theta_P + theta_D, per row.

    Delta = S (2R - 1) with S ~ Beta(a_P + a_D, a_Pas) and R ~ Beta(a_P, a_D)
    independent, so P(Delta <= t) = [t >= 0] I_t(S) + int f_S(s) I_{(1 + t/s)/2}(R) ds
    over s > |t|; here the integral runs over [max(|t|, s_low), s_high] only, by
    tanh-sinh. Used where S's mass near 1 lies beyond any node (a tiny prior on an
    unobserved passive category): the caller adds that mass as a point at S = 1.
    """
    from scipy.special import betainc, betaln

    a_d, a_pas, a_p = alpha[:, 0:1], alpha[:, 1:2], alpha[:, 2:3]
    a_s = a_p + a_d
    start = np.maximum(np.abs(t), s_low)[:, None]
    stop = np.asarray(s_high, dtype=np.float64).reshape(-1)[:, None] * np.ones_like(start)
    length = np.maximum(stop - start, 0.0)
    s = start + length * _HALF_ONE_PLUS[None, :]
    one_minus_s = (1.0 - stop) + length * _HALF_ONE_MINUS[None, :]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_density = (a_s - 1.0) * np.log(s) + (a_pas - 1.0) * np.log(one_minus_s) - betaln(a_s, a_pas)
        share = np.clip(0.5 * (1.0 + t[:, None] / s), 0.0, 1.0)
        integrand = np.exp(log_density) * betainc(a_p, a_d, share)
    integrand = np.where(np.isfinite(integrand), integrand, 0.0)
    integral = (integrand * _TANH_SINH_WEIGHT[None, :]).sum(axis=1) * length[:, 0]
    # S <= t (so Delta <= S <= t whatever R): all of S's mass up to t, as in the full CDF.
    below = np.where(t >= 0, betainc(a_s[:, 0], a_pas[:, 0], np.clip(t, 0.0, 1.0)), 0.0)
    cdf: FloatArray = np.clip(below + integral, 0.0, 1.0)
    return cdf
