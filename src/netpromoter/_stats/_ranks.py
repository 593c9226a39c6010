"""Rank correlations of two ordinal answers from their joint table (no pass over the responses)."""

from __future__ import annotations

import math

import numpy as np

from ..typing import FloatArray

__all__ = ["kendall_tau_b", "spearman_rho"]


def _concordance(table: FloatArray) -> tuple[float, float]:
    """Concordant and discordant pairs of a (r, c) table with ordered rows and columns.

    For each cell, the responses strictly below and to the right (concordant)
    or strictly below and to the left (discordant): two cumulative sums.
    """
    below = np.cumsum(table[::-1], axis=0)[::-1]  # rows i.. of each column
    strictly = np.vstack([below[1:], np.zeros((1, table.shape[1]))])  # rows > i
    right = np.cumsum(strictly[:, ::-1], axis=1)[:, ::-1]  # columns j.. of rows > i
    right = np.hstack([right[:, 1:], np.zeros((table.shape[0], 1))])  # columns > j
    left = np.cumsum(strictly, axis=1)  # columns ..j of rows > i
    left = np.hstack([np.zeros((table.shape[0], 1)), left[:, :-1]])  # columns < j
    return float((table * right).sum()), float((table * left).sum())


def kendall_tau_b(table: FloatArray) -> tuple[float, float, float]:
    """Kendall's tau-b, its z statistic and two-sided p-value (normal, ties-corrected variance).

    ``table`` counts the responses with each pair of (ordered) values. The
    variance of S = concordant - discordant under independence is Kendall's
    with ties in both margins (Kendall 1970, eq. 4.3), as R ``cor.test(x, y,
    method = "kendall", exact = FALSE)`` and scipy ``kendalltau``. NaN where a
    margin has a single value.
    """
    from scipy.special import ndtr

    concordant, discordant = _concordance(table)
    n = float(table.sum())
    t = table.sum(axis=1)
    u = table.sum(axis=0)
    pairs = n * (n - 1) / 2
    tied_x, tied_y = float((t * (t - 1)).sum()) / 2, float((u * (u - 1)).sum()) / 2
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y)) if n > 1 else 0.0
    if not denominator > 0:
        return math.nan, math.nan, math.nan
    s = concordant - discordant
    tau = s / denominator
    v0 = n * (n - 1) * (2 * n + 5)
    vt = float((t * (t - 1) * (2 * t + 5)).sum())
    vu = float((u * (u - 1) * (2 * u + 5)).sum())
    v1 = float((t * (t - 1)).sum()) * float((u * (u - 1)).sum()) / (2 * n * (n - 1))
    v2 = (
        float((t * (t - 1) * (t - 2)).sum())
        * float((u * (u - 1) * (u - 2)).sum())
        / (9 * n * (n - 1) * (n - 2))
        if n > 2
        else 0.0
    )
    variance = (v0 - vt - vu) / 18 + v1 + v2
    z = s / math.sqrt(variance) if variance > 0 else math.nan
    return tau, z, float(2 * ndtr(-abs(z))) if math.isfinite(z) else math.nan


def _midranks(margin: FloatArray) -> FloatArray:
    """Average rank of each value, from the counts of the values (ties share their mean rank)."""
    before = np.cumsum(margin) - margin
    ranks: FloatArray = before + (margin + 1.0) / 2.0
    return ranks


def spearman_rho(table: FloatArray) -> float:
    """Spearman's rho: the Pearson correlation of the mid-ranks, over the cells of ``table``.

    As R ``cor(x, y, method = "spearman")`` on the responses. NaN where a
    margin has a single value.
    """
    n = float(table.sum())
    if not n > 0:
        return math.nan
    rx, ry = _midranks(table.sum(axis=1)), _midranks(table.sum(axis=0))
    mx = float(table.sum(axis=1) @ rx) / n
    my = float(table.sum(axis=0) @ ry) / n
    dx, dy = rx - mx, ry - my
    cov = float(dx @ table @ dy)
    vx = float(table.sum(axis=1) @ dx**2)
    vy = float(table.sum(axis=0) @ dy**2)
    return cov / math.sqrt(vx * vy) if vx > 0 and vy > 0 else math.nan
