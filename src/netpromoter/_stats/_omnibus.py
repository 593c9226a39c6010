"""Likelihood-ratio test that every group has the same NPS."""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray, IntArray
from ._twosample import ProfileSample, newton_maximum, profile_loglik

__all__ = ["equal_nps_lr_test"]


def _full_loglik(x: FloatArray) -> FloatArray:
    from scipy.special import xlogy

    n = x.sum(axis=-1, keepdims=True)
    shares = x / np.where(n > 0, n, 1.0)  # empty groups contribute 0
    value: FloatArray = xlogy(x, shares).sum(axis=(-1, -2))
    return value


def equal_nps_lr_test(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """LR statistic, df and p-value for H0: one NPS shared by all groups.

    ``x`` has shape (r, k, 3): r independent problems of k groups (r = 1 for
    one report; r replicates in a simulation). Under H0 the likelihood is
    maximised over the common NPS Delta, each group keeping its own passive
    share: the profile of each group is Tango's closed-form restricted MLE,
    so only Delta is searched (safeguarded Newton on the summed profile
    slopes; the profile is concave).
    LR = 2 (l_free - l_H0) ~ chi-square with (groups with data - 1) df.
    """
    from scipy.special import chdtrc

    r, k, _ = x.shape
    if k == 0:  # no groups at all: nothing to compare
        return np.full(r, np.nan), np.zeros(r), np.full(r, np.nan)
    used = (x[..., 0] + x[..., 1] + x[..., 2]) > 0

    sample = ProfileSample(x.reshape(r * k, 3))

    def slopes(rows: IntArray, delta: FloatArray) -> tuple[FloatArray, FloatArray]:
        part = sample if rows.shape[0] == r else sample.take((rows[:, None] * k + np.arange(k)).ravel())
        first, second = part.slopes(np.repeat(delta, k))
        keep = used[rows].ravel()  # empty groups (NaN slopes) contribute nothing
        total_first = np.where(keep, first, 0.0).reshape(-1, k).sum(axis=1)
        total_second = np.where(keep, second, 0.0).reshape(-1, k).sum(axis=1)
        return total_first, total_second

    def restricted(rows: IntArray, delta: FloatArray) -> FloatArray:
        per_group = profile_loglik(x[rows].reshape(-1, 3), np.repeat(delta, k)).reshape(-1, k)
        value: FloatArray = np.where(used[rows], per_group, 0.0).sum(axis=1)
        return value

    with np.errstate(invalid="ignore", divide="ignore"):
        totals = x.sum(axis=1)
        pooled = (totals[:, 2] - totals[:, 0]) / totals.sum(axis=1)
    start = np.where(np.isfinite(pooled), pooled, 0.0)
    best_delta = newton_maximum(slopes, start, np.full(r, -1.0), np.ones(r), restricted)
    best = restricted(np.arange(r), best_delta)
    statistic = np.maximum(2.0 * (_full_loglik(x) - best), 0.0)
    df = np.maximum(used.sum(axis=1) - 1.0, 0.0)  # no groups with data: no test, df 0
    with np.errstate(invalid="ignore"):
        pvalue = np.where(df > 0, chdtrc(np.maximum(df, 1.0), statistic), np.nan)
    # Fewer than two groups with data: nothing to compare, so no statistic either.
    return np.where(df > 0, statistic, np.nan), df, pvalue
