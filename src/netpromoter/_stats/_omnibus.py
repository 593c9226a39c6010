"""Likelihood-ratio test that every group has the same NPS."""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray
from ._search import golden_maximum
from ._twosample import profile_loglik

__all__ = ["equal_nps_lr_test"]

_SEARCH_STEPS = 60


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
    so only Delta is searched (golden section; the profile is concave).
    LR = 2 (l_free - l_H0) ~ chi-square with (groups with data - 1) df.
    """
    from scipy.stats import chi2

    r, k, _ = x.shape
    used = x.sum(axis=-1) > 0
    flat = x.reshape(r * k, 3)

    def restricted(delta: FloatArray) -> FloatArray:
        per_group = profile_loglik(flat, np.repeat(delta, k)).reshape(r, k)
        value: FloatArray = np.where(used, per_group, 0.0).sum(axis=1)
        return value

    _, best = golden_maximum(restricted, np.full(r, -1.0), np.ones(r), _SEARCH_STEPS)
    statistic = np.maximum(2.0 * (_full_loglik(x) - best), 0.0)
    df = np.maximum(used.sum(axis=1) - 1.0, 0.0)  # no groups with data: no test, df 0
    with np.errstate(invalid="ignore"):
        pvalue = np.where(df > 0, chi2.sf(statistic, np.maximum(df, 1.0)), np.nan)
    # Fewer than two groups with data: nothing to compare, so no statistic either.
    return np.where(df > 0, statistic, np.nan), df, pvalue
