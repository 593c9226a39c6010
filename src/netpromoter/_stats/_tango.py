"""Tango's (1998) score interval for p - d from one multinomial sample.

NPS = p - d has the structure of a paired difference of proportions: the
promoters and detractors play the discordant cells b and c of a paired 2x2
table, the passives the concordant ones (Newcombe 1998; Fagerland, Lydersen
& Laake 2017, ch. 8). The interval is {Delta : |T(Delta)| < z} with

    T(Delta) = (P - D - n Delta) / sqrt(n (2 d~ + Delta (1 - Delta))),

where d~ is the maximum-likelihood detractor share under the constraint
p - d = Delta, in closed form: d~ = (sqrt(B^2 - 4AC) - B) / (2A) with
A = 2n, B = -D - P + (2n - P + D) Delta, C = -D Delta (1 - Delta).
T decreases in Delta, so each bound is found by bisection, for all groups at
once.
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray

__all__ = ["restricted_detractor_share", "tango_interval", "tango_statistic"]

_ITERATIONS = 60  # bisection on [-1, 1]: 2^-60, far below float precision of the bounds


def restricted_detractor_share(x: FloatArray, delta: FloatArray) -> FloatArray:
    """Detractor share maximising the likelihood of counts ``x`` given p - d = delta (closed form)."""
    n = x.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        # A, B, C above divided by n (the same root; B^2 cannot overflow at huge n).
        d, p = x[:, 0] / n, x[:, 2] / n
        b = -d - p + (2.0 - p + d) * delta
        c = -d * delta * (1.0 - delta)
        share: FloatArray = (np.sqrt(np.maximum(b * b - 8.0 * c, 0.0)) - b) / 4.0
    # Keep all three shares inside [0, 1] despite rounding.
    return np.clip(share, np.maximum(-delta, 0.0), np.maximum((1.0 - delta) / 2.0, 0.0))


def tango_statistic(x: FloatArray, delta: FloatArray) -> FloatArray:
    """T(delta) for each row of counts ``x`` (columns D, Pas, P)."""
    d, p = x[:, 0], x[:, 2]
    n = x.sum(axis=1)
    d_tilde = restricted_detractor_share(x, delta)
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = n * (2.0 * d_tilde + delta * (1.0 - delta))
        numerator = p - d - n * delta
        # Zero variance happens only at the edge of the parameter space; the
        # statistic's limit there is +/- infinity, or 0 on the estimate itself.
        statistic: FloatArray = np.where(
            variance > 0,
            numerator / np.sqrt(np.where(variance > 0, variance, 1.0)),
            np.sign(numerator) * np.inf,
        )
    return statistic


def tango_interval(x: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bounds (on -1..1) of the score interval, per row."""
    n = x.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = (x[:, 2] - x[:, 0]) / n
    # Lower bound: the Delta below the estimate where T falls to +z.
    low_a, low_b = np.full_like(estimate, -1.0), estimate.copy()
    # Upper bound: the Delta above the estimate where T falls to -z.
    high_a, high_b = estimate.copy(), np.ones_like(estimate)
    for _ in range(_ITERATIONS):
        middle = 0.5 * (low_a + low_b)
        outside = tango_statistic(x, middle) > z
        low_a = np.where(outside, middle, low_a)
        low_b = np.where(outside, low_b, middle)
        middle = 0.5 * (high_a + high_b)
        inside = tango_statistic(x, middle) > -z
        high_a = np.where(inside, middle, high_a)
        high_b = np.where(inside, high_b, middle)
    low = 0.5 * (low_a + low_b)
    high = 0.5 * (high_a + high_b)
    # All detractors (all promoters): the lower (upper) bound is the edge itself.
    low = np.where(x[:, 0] >= n, -1.0, low)
    high = np.where(x[:, 2] >= n, 1.0, high)
    return low, high
