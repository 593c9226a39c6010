"""Bootstrap intervals that resample category counts, never responses.

Resampling n responses with replacement from counts (D, Pas, P) is a draw
from Multinomial(n, (D, Pas, P) / n), so a replicate costs the same at
n = 1,000 and at n = 10,000,000. Percentile and BCa (Efron 1987) intervals
are offered; BCa's acceleration comes from the jackknife, whose n
leave-one-out estimates take only three distinct values (one per category).
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray
from ._normal import normal_ppf

__all__ = ["bootstrap_interval", "bootstrap_replicates"]

_MAX_DRAWS_PER_BLOCK = 2_000_000  # bounds memory when many groups are resampled


def bootstrap_replicates(x: FloatArray, resamples: int, rng: np.random.Generator) -> FloatArray:
    """(k, resamples) replicates of p - d; fractional (effective) counts are rounded.

    A row with nothing to resample (no responses, or counts that are not
    finite, such as the restricted estimate of an empty sample) gives NaN
    replicates (it draws a placeholder sample of one, as before, so the random
    stream of the other rows is the one earlier versions used).
    """
    total = x.sum(axis=1)
    usable = np.isfinite(total) & (total > 0)
    n = np.maximum(np.rint(np.where(usable, total, 1.0)), 1.0).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = x / total[:, None]
    shares = np.where(usable[:, None] & np.isfinite(shares), shares, 1.0 / 3.0)
    out = np.empty((x.shape[0], resamples))
    block = max(1, _MAX_DRAWS_PER_BLOCK // resamples)
    for start in range(0, x.shape[0], block):  # loop over blocks of groups, not rows
        stop = min(start + block, x.shape[0])
        draws = rng.multinomial(n[start:stop], shares[start:stop], size=(resamples, stop - start))
        out[start:stop] = ((draws[..., 2] - draws[..., 0]) / n[start:stop]).T
    out[~usable] = np.nan
    return out


def _jackknife_acceleration(x: FloatArray) -> FloatArray:
    """BCa acceleration a = sum (m - t_i)^3 / (6 (sum (m - t_i)^2)^1.5) over leave-one-out t_i."""
    d, p = x[:, 0], x[:, 2]
    n = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.stack([(p - d + 1) / (n - 1), (p - d) / (n - 1), (p - d - 1) / (n - 1)], axis=1)
        mean = (x * drop).sum(axis=1) / n
        dev = mean[:, None] - drop
        num = (x * dev**3).sum(axis=1)
        den = 6.0 * (x * dev**2).sum(axis=1) ** 1.5
        accel = num / den
    return np.where(np.isfinite(accel), accel, 0.0)


def _row_quantiles(sorted_reps: FloatArray, probability: FloatArray) -> FloatArray:
    """Linear-interpolation quantile of each sorted row at its own probability."""
    b = sorted_reps.shape[1]
    position = np.clip(probability, 0.0, 1.0) * (b - 1)
    below = np.floor(position).astype(np.intp)
    above = np.minimum(below + 1, b - 1)
    frac = position - below
    rows = np.arange(sorted_reps.shape[0])
    quantiles: FloatArray = (1 - frac) * sorted_reps[rows, below] + frac * sorted_reps[rows, above]
    return quantiles


def bootstrap_interval(
    x: FloatArray, confidence: float, *, resamples: int, kind: str, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(se, low, high) per row; ``kind`` is "percentile" or "bca"."""
    reps = np.sort(bootstrap_replicates(x, resamples, rng), axis=1)
    se = reps.std(axis=1, ddof=1)
    tail = 0.5 * (1.0 - confidence)
    lower_p = np.full(x.shape[0], tail)
    upper_p = np.full(x.shape[0], 1.0 - tail)
    if kind == "bca":
        from scipy.special import ndtr, ndtri

        n = x.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            estimate = (x[:, 2] - x[:, 0]) / n
        # Bias correction from the share of replicates below the estimate;
        # ties (common: the statistic is discrete) count half.
        below = (reps < estimate[:, None]).mean(axis=1) + 0.5 * (reps == estimate[:, None]).mean(axis=1)
        z0 = ndtri(np.clip(below, 1.0 / resamples, 1.0 - 1.0 / resamples))
        accel = _jackknife_acceleration(x)
        z_tail = normal_ppf(tail)
        for target, z_alpha in ((lower_p, z_tail), (upper_p, -z_tail)):
            shifted = z0 + z_alpha
            target[:] = ndtr(z0 + shifted / (1.0 - accel * shifted))
    return se, _row_quantiles(reps, lower_p), _row_quantiles(reps, upper_p)
