"""Marginal homogeneity of square transition tables: the Stuart-Maxwell test, vectorised over tables.

For a k x k table n (rows: category before, columns: after), d_i = n_i. -
n_.i for the first k - 1 categories has covariance S with S_ii = n_i. +
n_.i - 2 n_ii and S_ij = -(n_ij + n_ji) under marginal homogeneity; the
statistic d' S^-1 d is chi-squared with k - 1 degrees of freedom (Stuart
1955; Maxwell 1970). A singular S (no movement between some categories)
uses the Moore-Penrose inverse with df = rank(S), as R coin's ``mh_test``
does; with no movement at all the test is undefined (NaN).
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray

__all__ = ["stuart_maxwell"]


def stuart_maxwell(tables: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(statistic, df, pvalue) for each (k, k) table in ``tables`` (shape (m, k, k))."""
    from scipy.special import chdtrc

    k = tables.shape[1]
    rows, cols = tables.sum(axis=2), tables.sum(axis=1)
    d = (rows - cols)[:, : k - 1]
    covariance = -(tables + np.swapaxes(tables, 1, 2))
    index = np.arange(k)
    covariance[:, index, index] = rows + cols - 2.0 * tables[:, index, index]
    covariance = covariance[:, : k - 1, : k - 1]
    df = np.linalg.matrix_rank(covariance).astype(np.float64)
    inverse = np.linalg.pinv(covariance)
    statistic: FloatArray = np.einsum("mi,mij,mj->m", d, inverse, d)
    statistic = np.where(df > 0, statistic, np.nan)
    with np.errstate(invalid="ignore"):
        pvalue: FloatArray = np.where(df > 0, chdtrc(np.maximum(df, 1.0), statistic), np.nan)
    return statistic, np.where(df > 0, df, np.nan), pvalue
