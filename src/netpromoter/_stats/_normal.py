"""Standard normal quantile and CDF from the standard library, imported on first use.

``statistics`` pulls in ``fractions``, ``decimal`` and ``random`` (about 5 ms),
so it is imported inside the functions rather than when netpromoter loads.
"""

from __future__ import annotations

import math

__all__ = ["normal_cdf", "normal_ppf"]


def normal_ppf(probability: float) -> float:
    """Quantile of the standard normal distribution."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(probability)


def normal_cdf(x: float) -> float:
    """CDF of the standard normal distribution."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))
