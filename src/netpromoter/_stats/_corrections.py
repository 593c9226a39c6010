"""Multiple-testing corrections of p-values (NaN p-values are left out of m)."""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray

__all__ = ["adjust_pvalues"]


def adjust_pvalues(pvalues: FloatArray, correction: str | None) -> FloatArray:
    """Adjusted p-values, vectorised.

    - bonferroni: min(1, m p);
    - holm (Holm 1979): step-down, p_(i) (m - i + 1) made monotone by a running max;
    - fdr_bh (Benjamini & Hochberg 1995): step-up, p_(i) m / i made monotone by a
      running min from the largest.
    """
    p = np.asarray(pvalues, dtype=np.float64)
    if correction is None:
        same: FloatArray = p.copy()
        return same
    out = np.full_like(p, np.nan)
    valid = ~np.isnan(p)
    m = int(valid.sum())
    if m == 0:
        return out
    q = p[valid]
    if correction == "bonferroni":
        out[valid] = np.minimum(1.0, q * m)
        return out
    order = np.argsort(q, kind="stable")
    ranked = q[order]
    i = np.arange(1, m + 1)
    if correction == "holm":
        adjusted = np.maximum.accumulate(np.minimum(1.0, ranked * (m - i + 1)))
    else:  # fdr_bh
        adjusted = np.minimum.accumulate((ranked * m / i)[::-1])[::-1]
        adjusted = np.minimum(1.0, adjusted)
    result = np.empty(m)
    result[order] = adjusted
    out[valid] = result
    return out
