"""Score test and interval for the difference of two independent NPS.

Under H0: NPS_a - NPS_b = delta, the restricted maximum-likelihood estimate
gives sample a the NPS Delta + delta and sample b the NPS Delta, with Delta
maximising the sum of the two profile log-likelihoods. Each profile is in
closed form (Tango's constrained MLE of the detractor share, see _tango), so
only the one-dimensional Delta is searched (golden section, concave
objective). The statistic

    z(delta) = (NPS^_a - NPS^_b - delta) / sqrt(V~_a / n_a + V~_b / n_b),

with V~ = p~ + d~ - (p~ - d~)^2 at the restricted estimate, is the
Miettinen & Nurminen (1985) construction (without their n/(n-1) factor)
applied to two trinomial differences; the interval is {delta : |z| < z_crit}.
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray
from ._search import golden_maximum
from ._tango import restricted_detractor_share

__all__ = ["restricted_shares", "two_sample_score_interval", "two_sample_score_z"]

# Golden section: 0.618^36 ~ 3e-8 of the bracket. The restricted estimate only
# enters the variance, where z is first-order insensitive to it (it maximises
# the profile likelihood), so this is ample.
_SEARCH_STEPS = 36


def restricted_shares(x: FloatArray, delta: FloatArray) -> FloatArray:
    """(d, pas, p) maximising the likelihood of ``x`` under p - d = delta, per row."""
    d = restricted_detractor_share(x, delta)
    p = d + delta
    return np.stack([d, np.maximum(1.0 - d - p, 0.0), p], axis=1)


def profile_loglik(x: FloatArray, delta: FloatArray) -> FloatArray:
    from scipy.special import xlogy

    shares = restricted_shares(x, delta)
    value: FloatArray = xlogy(x, shares).sum(axis=1)
    return value


def common_delta(xa: FloatArray, xb: FloatArray, shift: FloatArray) -> FloatArray:
    """Delta maximising loglik_a(Delta + shift) + loglik_b(Delta) (golden section)."""
    low = np.maximum(-1.0, -1.0 - shift)
    high = np.minimum(1.0, 1.0 - shift)

    def objective(delta: FloatArray) -> FloatArray:
        return profile_loglik(xa, delta + shift) + profile_loglik(xb, delta)

    best, _ = golden_maximum(objective, low, high, _SEARCH_STEPS)
    return best


def _variance(shares: FloatArray) -> FloatArray:
    diff = shares[:, 2] - shares[:, 0]
    v: FloatArray = np.maximum(shares[:, 2] + shares[:, 0] - diff * diff, 0.0)
    return v


def two_sample_score_z(xa: FloatArray, xb: FloatArray, shift: FloatArray) -> FloatArray:
    """The score statistic z(shift) for H0: NPS_a - NPS_b = shift (on -1..1), per row."""
    na, nb = xa.sum(axis=1), xb.sum(axis=1)
    common = common_delta(xa, xb, shift)
    variance = (
        _variance(restricted_shares(xa, common + shift)) / na + _variance(restricted_shares(xb, common)) / nb
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = (xa[:, 2] - xa[:, 0]) / na - (xb[:, 2] - xb[:, 0]) / nb
        numerator = observed - shift
        z: FloatArray = np.where(
            variance > 0,
            numerator / np.sqrt(np.where(variance > 0, variance, 1.0)),
            np.where(np.abs(numerator) < 1e-12, 0.0, np.sign(numerator) * np.inf),
        )
    return z


def _z_minus(
    shift: FloatArray,
    *columns_and_target: FloatArray,
) -> FloatArray:
    """z(shift) - target, elementwise, in the calling form of ``find_root``."""
    *cols, target = columns_and_target
    xa = np.stack([c.ravel() for c in cols[:3]], axis=1)
    xb = np.stack([c.ravel() for c in cols[3:]], axis=1)
    # Infinite z (zero variance at the edge) would poison the root finder's arithmetic.
    z = np.clip(two_sample_score_z(xa, xb, shift.ravel()), -1e6, 1e6)
    return (z - target.ravel()).reshape(shift.shape)


def two_sample_score_interval(
    xa: FloatArray, xb: FloatArray, z_low: float, z_high: float
) -> tuple[FloatArray, FloatArray]:
    """{shift : -z_high < z(shift) < z_low}: bounds on -2..2 (z decreases in shift).

    ``z_low`` sets the lower bound (where z falls to z_low), ``z_high`` the
    upper one; an infinite value gives the edge of the parameter space. The
    roots come from Chandrupatla's bracketing method (scipy), vectorised.
    """
    from scipy.optimize.elementwise import find_root

    k = xa.shape[0]
    columns = [xa[:, i] for i in range(3)] + [xb[:, i] for i in range(3)]
    bounds = []
    for target, edge in ((z_low, -2.0), (-z_high, 2.0)):
        if not np.isfinite(target):
            bounds.append(np.full(k, edge))
            continue
        with np.errstate(invalid="ignore"):
            result = find_root(
                _z_minus,
                (np.full(k, -2.0), np.full(k, 2.0)),
                args=(*columns, np.full(k, target)),
                tolerances={"xatol": 1e-10, "xrtol": 0.0, "fatol": 0.0, "frtol": 0.0},
            )
        root = np.asarray(result.x, dtype=np.float64)
        # No sign change on [-2, 2]: the whole range is on one side, so the
        # bound is the edge of the parameter space.
        bounds.append(np.where(np.isfinite(root), root, edge))
    return bounds[0], bounds[1]
