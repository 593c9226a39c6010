"""Vectorised golden-section search: one maximisation per row, all rows at once."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..typing import FloatArray

__all__ = ["golden_maximum"]

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def golden_maximum(
    objective: Callable[[FloatArray], FloatArray], low: FloatArray, high: FloatArray, steps: int
) -> tuple[FloatArray, FloatArray]:
    """Argmax and max of a unimodal ``objective`` on [low, high], elementwise.

    Each step shrinks every bracket by 0.618 and evaluates the objective at
    one new point per row (the other interior point is kept), so ``steps``
    steps cost ``steps + 2`` evaluations and leave 0.618^steps of the bracket.
    """
    left = high - _GOLDEN * (high - low)
    right = low + _GOLDEN * (high - low)
    f_left, f_right = objective(left), objective(right)
    for _ in range(steps):
        go_right = f_left < f_right  # the maximum is in [left, high]
        low = np.where(go_right, left, low)
        high = np.where(go_right, high, right)
        new = np.where(go_right, low + _GOLDEN * (high - low), high - _GOLDEN * (high - low))
        f_new = objective(new)
        left, right = np.where(go_right, right, new), np.where(go_right, new, left)
        f_left, f_right = np.where(go_right, f_right, f_new), np.where(go_right, f_new, f_left)
    return 0.5 * (low + high), np.maximum(f_left, f_right)
