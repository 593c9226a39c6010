"""Exact posterior of p - d when the three shares have a Dirichlet distribution.

With (theta_D, theta_Pas, theta_P) ~ Dirichlet(a_D, a_Pas, a_P), write
Delta = theta_P - theta_D = S (2R - 1), where S = theta_P + theta_D ~
Beta(a_P + a_D, a_Pas) and R = theta_P / S ~ Beta(a_P, a_D) are independent
(the aggregation and neutrality properties of the Dirichlet). Hence

    P(Delta <= t) = [t >= 0] I_t(a_P + a_D, a_Pas)
                    + int_{|t|}^{1} f_S(s) I_{(1 + t/s)/2}(a_P, a_D) ds,

with I the regularised incomplete beta function. The integral has algebraic
endpoint singularities (f_S at s = 1, the kink at s = |t|), which tanh-sinh
quadrature (Takahasi & Mori 1974) integrates to near machine precision with
a fixed set of nodes, so the CDF is vectorised over groups; quantiles come
from a vectorised bracketing root finder.
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray

__all__ = ["dirichlet_difference_cdf", "dirichlet_difference_quantile", "dirichlet_difference_sd"]

# tanh-sinh nodes on (-1, 1): x = tanh(pi/2 sinh(k h)), step h = 1/16.
_STEP = 1.0 / 16.0
_K = np.arange(-90, 91) * _STEP
_U = 0.5 * np.pi * np.sinh(_K)
_HALF_ONE_PLUS = 1.0 / (1.0 + np.exp(-2.0 * _U))  # (1 + x) / 2, accurate near x = -1
_HALF_ONE_MINUS = 1.0 / (1.0 + np.exp(2.0 * _U))  # (1 - x) / 2, accurate near x = +1
_WEIGHT = _STEP * 0.5 * np.pi * np.cosh(_K) / np.cosh(_U) ** 2


_TAIL = 1e-14  # mass of S left outside the integration range, on each side


def _mass_range(alpha: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Where S = theta_P + theta_D has all but 2e-14 of its mass, per row."""
    from scipy.special import betaincinv

    a_s, a_pas = alpha[:, 0] + alpha[:, 2], alpha[:, 1]
    return betaincinv(a_s, a_pas, _TAIL), betaincinv(a_s, a_pas, 1.0 - _TAIL)


def dirichlet_difference_cdf(
    t: FloatArray, alpha: FloatArray, mass_range: tuple[FloatArray, FloatArray] | None = None
) -> FloatArray:
    """P(theta_P - theta_D <= t) for each row of Dirichlet parameters ``alpha`` (k, 3).

    The integral over s runs over [max(|t|, s_low), s_high], the range holding
    all but 2e-14 of S's mass, so the nodes follow the posterior however
    concentrated it is (at n = 10^6 its spread is about 0.001).
    """
    from scipy.special import betainc, betaln

    s_low, s_high = _mass_range(alpha) if mass_range is None else mass_range
    a_d, a_pas, a_p = alpha[:, 0:1], alpha[:, 1:2], alpha[:, 2:3]
    a_s = a_p + a_d
    start = np.maximum(np.abs(t), s_low)[:, None]
    stop = s_high[:, None]
    length = np.maximum(stop - start, 0.0)
    s = start + length * _HALF_ONE_PLUS[None, :]
    one_minus_s = (1.0 - stop) + length * _HALF_ONE_MINUS[None, :]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_density = (a_s - 1.0) * np.log(s) + (a_pas - 1.0) * np.log(one_minus_s) - betaln(a_s, a_pas)
        share = np.clip(0.5 * (1.0 + t[:, None] / s), 0.0, 1.0)
        integrand = np.exp(log_density) * betainc(a_p, a_d, share)
    integrand = np.where(np.isfinite(integrand), integrand, 0.0)
    integral = (integrand * _WEIGHT[None, :]).sum(axis=1) * 0.5 * length[:, 0]
    below = np.where(t >= 0, betainc(a_s[:, 0], a_pas[:, 0], np.clip(t, 0.0, 1.0)), 0.0)
    cdf: FloatArray = np.clip(below + integral, 0.0, 1.0)
    return cdf


def _cdf_minus(
    t: FloatArray,
    a_d: FloatArray,
    a_pas: FloatArray,
    a_p: FloatArray,
    s_low: FloatArray,
    s_high: FloatArray,
    probability: FloatArray,
) -> FloatArray:
    """CDF(t) - probability, elementwise, in the calling form of ``find_root``."""
    alpha = np.stack([a_d.ravel(), a_pas.ravel(), a_p.ravel()], axis=1)
    cdf = dirichlet_difference_cdf(t.ravel(), alpha, (s_low.ravel(), s_high.ravel()))
    return (cdf - probability.ravel()).reshape(t.shape)


def dirichlet_difference_quantile(probability: float, alpha: FloatArray) -> FloatArray:
    """The ``probability`` quantile of theta_P - theta_D for each row of ``alpha``.

    Chandrupatla's bracketing root finder (vectorised in scipy) on [-1, 1]
    converges in under 20 CDF evaluations, a quarter of plain bisection.
    """
    from scipy.optimize.elementwise import find_root

    k = alpha.shape[0]
    s_low, s_high = _mass_range(alpha)
    result = find_root(
        _cdf_minus,
        (np.full(k, -1.0), np.ones(k)),
        args=(alpha[:, 0], alpha[:, 1], alpha[:, 2], s_low, s_high, np.full(k, probability)),
        tolerances={"xatol": 1e-13, "xrtol": 0.0, "fatol": 0.0, "frtol": 0.0},
    )
    return np.asarray(result.x, dtype=np.float64)


def dirichlet_difference_sd(alpha: FloatArray) -> FloatArray:
    """Posterior standard deviation of theta_P - theta_D (Dirichlet moments)."""
    total = alpha.sum(axis=1)
    mean_d, mean_p = alpha[:, 0] / total, alpha[:, 2] / total
    # Var(theta_i) = m_i (1 - m_i) / (A + 1), Cov(theta_i, theta_j) = -m_i m_j / (A + 1).
    variance = (mean_p * (1 - mean_p) + mean_d * (1 - mean_d) + 2 * mean_p * mean_d) / (total + 1)
    sd: FloatArray = np.sqrt(variance)
    return sd
