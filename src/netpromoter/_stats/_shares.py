"""Binomial intervals for shares (temporary; the metric-stats branch brings the checked one)."""

from __future__ import annotations

import numpy as np
from scipy import special

from ..typing import FloatArray
from ._normal import normal_ppf

__all__ = ["share_interval"]


def share_interval(
    x: FloatArray, n: FloatArray, *, method: str, confidence: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    z = normal_ppf(0.5 + confidence / 2.0)
    a = (1.0 - confidence) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        se = np.sqrt(p * (1 - p) / n)
        if method == "wald":
            low, high = p - z * se, p + z * se
        elif method == "wilson":
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
            low, high = centre - half, centre + half
        elif method == "agresti-coull":
            nt = n + z * z
            pt = (x + z * z / 2) / nt
            half = z * np.sqrt(pt * (1 - pt) / nt)
            low, high = pt - half, pt + half
        elif method == "jeffreys":
            low = np.where(x > 0, special.betaincinv(x + 0.5, n - x + 0.5, a), 0.0)
            high = np.where(x < n, special.betaincinv(x + 0.5, n - x + 0.5, 1 - a), 1.0)
        else:  # exact
            low = np.where(x > 0, special.betaincinv(x, n - x + 1, a), 0.0)
            high = np.where(x < n, special.betaincinv(x + 1, n - x, 1 - a), 1.0)
    return se, np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)
