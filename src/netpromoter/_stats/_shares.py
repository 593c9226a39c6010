"""Intervals for a share (a top-box metric such as CSAT), vectorised over rows.

A share metric counts x "successes" (answers in the top box) out of n
answers. Weighted or clustered data arrive as effective counts (see
``_intervals.effective_counts``), so x and n are floats and need not be whole
numbers: every method here is written for real x in [0, n]. In the counts
layout of the rest of the package a share is a row (0, n - x, x): no
detractors, the top box as promoters, so that p - d = p and the Wald variance
p + d - (p - d)^2 = p (1 - p); ``_intervals.interval_arrays`` reads x and n
from such rows and calls :func:`share_interval`.

Methods (z the two-sided normal critical value, p = x / n):

- ``"wilson"``: Wilson's (1927) score interval without continuity correction,
  the roots of |p - pi| = z sqrt(pi (1 - pi) / n); R ``prop.test(x, n,
  correct = FALSE)``.
- ``"jeffreys"``: the equal-tailed interval of the Beta(x + 1/2, n - x + 1/2)
  posterior, with Brown, Cai & DasGupta's (2001) boundary rule: lower bound 0
  at x = 0, upper bound 1 at x = n. (With 0 < x < 1, a fraction of an
  effective answer, the interval can lie wholly above x / n.)
- ``"exact"``: Clopper & Pearson (1934) from beta quantiles, Beta(x, n - x + 1)
  at (1 - c) / 2 and Beta(x + 1, n - x) at (1 + c) / 2; 0 at x = 0, 1 at
  x = n; R ``binom.test``.
- ``"agresti-coull"``: Agresti & Coull (1998) in its z^2 form: Wald around
  p~ = (x + z^2 / 2) / n~ with n~ = n + z^2, clipped to [0, 1].
- ``"wald"``: p +/- z sqrt(p (1 - p) / n), clipped to [0, 1].

:func:`exact_share_coverage` enumerates every binomial outcome to give the
exact coverage and expected width of each method (docs/coverage.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .._input._options import SHARE_METHODS, check_choice
from ..typing import FloatArray
from ._normal import normal_ppf

__all__ = [
    "ShareCoverage",
    "ShareInterval",
    "exact_share_coverage",
    "share_interval",
]


@dataclass(frozen=True, slots=True)
class ShareInterval:
    """Per-row interval bounds and standard error of a share, on the 0..1 scale.

    ``se`` is the Wald standard error sqrt(p (1 - p) / n) whatever the
    interval method (as the NPS methods report Wald's SE beside their own
    interval); it is 0 at p = 0 or 1.
    """

    low: FloatArray
    high: FloatArray
    se: FloatArray


def _wilson(x: FloatArray, n: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    z = normal_ppf(0.5 + confidence / 2.0)
    z2 = z * z
    p = x / n
    centre = (x + z2 / 2.0) / (n + z2)
    # half-width z sqrt(n p (1 - p) + z^2 / 4) / (n + z^2), with p (1 - p) >= 0 despite rounding
    half = z * np.sqrt(np.maximum(n * p * (1.0 - p), 0.0) + z2 / 4.0) / (n + z2)
    return np.maximum(centre - half, 0.0), np.minimum(centre + half, 1.0)


def _jeffreys(x: FloatArray, n: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    from scipy.special import betaincinv

    tail = 0.5 * (1.0 - confidence)
    low = betaincinv(x + 0.5, n - x + 0.5, tail)
    high = betaincinv(x + 0.5, n - x + 0.5, 1.0 - tail)
    # Brown, Cai & DasGupta (2001), 4.1.2: the interval never excludes an observed 0 or 1.
    return np.where(x <= 0.0, 0.0, low), np.where(x >= n, 1.0, high)


def _exact(x: FloatArray, n: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    from scipy.special import betaincinv

    tail = 0.5 * (1.0 - confidence)
    with np.errstate(invalid="ignore"):  # a zero beta parameter at the edges; replaced below
        low = betaincinv(x, n - x + 1.0, tail)
        high = betaincinv(x + 1.0, n - x, 1.0 - tail)
    return np.where(x <= 0.0, 0.0, low), np.where(x >= n, 1.0, high)


def _agresti_coull(x: FloatArray, n: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    z = normal_ppf(0.5 + confidence / 2.0)
    z2 = z * z
    n_tilde = n + z2
    p_tilde = (x + z2 / 2.0) / n_tilde
    half = z * np.sqrt(p_tilde * (1.0 - p_tilde) / n_tilde)
    return np.maximum(p_tilde - half, 0.0), np.minimum(p_tilde + half, 1.0)


def _wald(x: FloatArray, n: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    z = normal_ppf(0.5 + confidence / 2.0)
    p = x / n
    half = z * np.sqrt(np.maximum(p * (1.0 - p), 0.0) / n)
    return np.maximum(p - half, 0.0), np.minimum(p + half, 1.0)


_Bounds = Callable[[FloatArray, FloatArray, float], tuple[FloatArray, FloatArray]]
_METHODS: dict[str, _Bounds] = {
    "wilson": _wilson,
    "jeffreys": _jeffreys,
    "exact": _exact,
    "agresti-coull": _agresti_coull,
    "wald": _wald,
}


def share_interval(
    successes: ArrayLike, trials: ArrayLike, *, method: str, confidence: float
) -> ShareInterval:
    """Confidence interval for a proportion, per row, from (possibly non-integer) counts.

    Parameters
    ----------
    successes, trials : array_like
        x and n, broadcast together; 0 <= x <= n. Effective counts of
        weighted data need not be whole numbers.
    method : {"wilson", "jeffreys", "exact", "agresti-coull", "wald"}
        See the module docstring for each method's definition and source.
    confidence : float
        Two-sided confidence level in (0, 1).

    Returns
    -------
    ShareInterval
        ``low``, ``high`` (within [0, 1]) and the Wald standard error
        ``se`` = sqrt(p (1 - p) / n), each NaN where n == 0.

    Notes
    -----
    Rows with x slightly outside [0, n] from rounding are clipped to it.

    References
    ----------
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a
    binomial proportion. *Statistical Science* 16(2), 101-133.
    Wilson, E. B. (1927). *JASA* 22, 209-212. Clopper, C. J. & Pearson, E. S.
    (1934). *Biometrika* 26, 404-413. Agresti, A. & Coull, B. A. (1998).
    *The American Statistician* 52(2), 119-126.

    Examples
    --------
    Intercom's CSAT example, 30 of 50 answers in the top box (R
    ``prop.test(30, 50, correct = FALSE)`` gives 0.4618144 to 0.7239161):

    >>> r = share_interval([30.0], [50.0], method="wilson", confidence=0.95)
    >>> [round(float(r.low[0]), 7), round(float(r.high[0]), 7)]
    [0.4618144, 0.7239161]
    """
    check_choice(method, SHARE_METHODS, "method")
    x, n = np.broadcast_arrays(
        np.atleast_1d(np.asarray(successes, dtype=np.float64)),
        np.atleast_1d(np.asarray(trials, dtype=np.float64)),
    )
    empty = ~(n > 0)
    safe_n = np.where(empty, 1.0, n)  # NaN is put back below; no 0/0 warnings meanwhile
    safe_x = np.where(empty, 0.0, np.clip(x, 0.0, safe_n))
    low, high = _METHODS[method](safe_x, safe_n, confidence)
    p = safe_x / safe_n
    se = np.sqrt(np.maximum(p * (1.0 - p), 0.0) / safe_n)
    nan = np.where(empty, np.nan, 0.0)
    return ShareInterval(low + nan, high + nan, se + nan)


# -- exact coverage -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShareCoverage:
    """Exact coverage and expected width, one row per sample size, one column per true share."""

    sizes: FloatArray
    shares: FloatArray
    coverage: FloatArray
    expected_width: FloatArray


def exact_share_coverage(
    sizes: Sequence[int], shares: ArrayLike, *, method: str, confidence: float = 0.95
) -> ShareCoverage:
    """Exact coverage of a share interval by enumerating every binomial outcome.

    For each n in ``sizes`` every outcome x = 0..n is given its interval once
    (all sizes in one call of the method); coverage at a true share pi is the
    total Binomial(n, pi) probability of the outcomes whose interval contains
    pi, and the expected width the probability-weighted mean width (0..1
    scale). A bound within 1e-11 of pi counts as containing it (rounding).

    Parameters
    ----------
    sizes : sequence of int
        Sample sizes, each at least 1.
    shares : array_like
        True shares in [0, 1].
    method : str
        A share interval method (:func:`share_interval`).
    confidence : float, default 0.95

    Returns
    -------
    ShareCoverage
        ``coverage`` and ``expected_width`` of shape (len(sizes), len(shares)).

    Examples
    --------
    >>> c = exact_share_coverage([20], [0.5], method="wald")
    >>> round(float(c.coverage[0, 0]), 4)  # P(6 <= x <= 14), Bin(20, 1/2)
    0.9586
    """
    from scipy.special import gammaln, xlogy

    check_choice(method, SHARE_METHODS, "method")
    n_of_size = np.asarray(sizes, dtype=np.float64)
    pi = np.atleast_1d(np.asarray(shares, dtype=np.float64))
    counts = n_of_size.astype(np.intp) + 1
    n = np.repeat(n_of_size, counts)  # one row per (n, x) outcome
    start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    x = np.arange(n.shape[0]) - np.repeat(start, counts).astype(np.float64)
    bounds = share_interval(x, n, method=method, confidence=confidence)
    log_coef = gammaln(n + 1.0) - gammaln(x + 1.0) - gammaln(n - x + 1.0)
    prob = np.exp(
        log_coef[:, None] + xlogy(x[:, None], pi[None, :]) + xlogy((n - x)[:, None], 1.0 - pi[None, :])
    )
    covers = (bounds.low[:, None] <= pi[None, :] + 1e-11) & (pi[None, :] - 1e-11 <= bounds.high[:, None])
    coverage = np.add.reduceat(prob * covers, start, axis=0)
    width = np.add.reduceat(prob * (bounds.high - bounds.low)[:, None], start, axis=0)
    return ShareCoverage(n_of_size, pi, coverage, width)
