"""Control charts on period NPS: Laney's p' chart and a tabular CUSUM that restarts after each signal.

Both work on the z-scores of the periods, z_t = (NPS_t - centre) / sigma_t,
with sigma_t the SE of a period of size n_t under the centre's variance.

Laney's p' chart (Laney 2002) keeps the p chart's sigma_t but widens the
limits by sigma_z, the spread of the z-scores themselves estimated from
their moving ranges: sigma_z = mean |z_t - z_{t-1}| / 1.128 (1.128 = d2 for
ranges of two, the individuals chart's constant). At high volume sigma_t is
tiny and real period-to-period variation dominates: the p chart then flags
almost every period, while the p' chart flags only periods that stand out
from that variation. Moving ranges are hardly moved by a level shift (one
large range), so a real incident still stands out.

The CUSUM (Page 1954) is the two-sided tabular one: C+_t = max(0, C+_{t-1}
+ z_t - k), C-_t = max(0, C-_{t-1} - z_t - k), a signal when either exceeds
h; after a signal both restart from zero, so every shift in a long series is
reported, not only the first. Its onset estimate is the first period of the
run of positive sums that ended in the signal (Montgomery 2009, 9.1.3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..typing import BoolArray, FloatArray, IntArray

__all__ = ["MOVING_RANGE_D2", "CusumPath", "laney_sigma_z", "restarting_cusum"]

#: d2 for subgroups of two: E|X_1 - X_2| = 1.128 sigma for normal X (Laney 2002 uses 1.128).
MOVING_RANGE_D2 = 1.128


def laney_sigma_z(z: FloatArray) -> float:
    """Laney's sigma_z: mean moving range of the finite z-scores / 1.128 (NaN below two).

    Empty periods (non-finite z) are skipped, so the moving ranges join the
    periods on either side of a gap.
    """
    finite = z[np.isfinite(z)]
    if finite.shape[0] < 2:
        return math.nan
    return float(np.abs(np.diff(finite)).mean() / MOVING_RANGE_D2)


@dataclass(frozen=True, slots=True)
class CusumPath:
    """The CUSUM sums after each period, and each signal: its period, direction and onset."""

    high: FloatArray
    low: FloatArray
    signals: IntArray
    rises: BoolArray
    onsets: IntArray


def restarting_cusum(z: FloatArray, k: float, h: float) -> CusumPath:
    """Two-sided tabular CUSUM of ``z`` with reference ``k`` and limit ``h``, restarted after each signal.

    A non-finite z (an empty period) leaves the sums as they are. The onset
    of a signal is the first period of the run of positive sums (on the side
    that signalled) that led to it.
    """
    t = z.shape[0]
    high, low = np.zeros(t), np.zeros(t)
    signals: list[int] = []
    rises: list[bool] = []
    onsets: list[int] = []
    c_high = c_low = 0.0
    start_high = start_low = 0
    for i in range(t):  # a recursion over periods (not responses)
        if np.isfinite(z[i]):
            if c_high == 0.0:
                start_high = i
            if c_low == 0.0:
                start_low = i
            c_high = max(0.0, c_high + z[i] - k)
            c_low = max(0.0, c_low - z[i] - k)
        high[i], low[i] = c_high, c_low
        if c_high > h or c_low > h:
            rise = c_high > h
            signals.append(i)
            rises.append(rise)
            onsets.append(start_high if rise else start_low)
            c_high = c_low = 0.0  # restart
    return CusumPath(
        high,
        low,
        np.array(signals, dtype=np.intp),
        np.array(rises, dtype=bool),
        np.array(onsets, dtype=np.intp),
    )
