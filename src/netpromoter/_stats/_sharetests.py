"""Score tests for share metrics (CSAT, CES top box), vectorised over rows of share counts.

Rows are in the share layout of the counts, (0, n - x, x): no detractors,
the top box as promoters (effective counts for weights and clusters). The
NPS kernels of ``_comparison`` accept such rows, but their score tests are
trinomial: the restricted maximum-likelihood estimate may put mass on
detractors, which a share cannot have, and at high shares (CSAT of 85-95%)
that makes them conservative (docs/methods.md). These are the binomial score
tests instead, with the same margins and the same result arrays:

- one sample against a benchmark share: z = (p - pi0) / sqrt(pi0 (1 - pi0) / n),
  whose inversion is Wilson's interval (R ``prop.test(x, n, p, correct =
  FALSE)``);
- two independent samples: the score test for p_a - p_b = delta with the
  restricted estimate of Farrington & Manning (1990) in closed form, i.e.
  Miettinen & Nurminen (1985) without their N / (N - 1) factor, as the
  trinomial kernel of ``_twosample``; at delta = 0 the pooled z test (R
  ``prop.test(c(x_a, x_b), c(n_a, n_b), correct = FALSE)``); the interval
  inverts it;
- paired answers: the counts of per-person changes -1, 0, +1 of the top-box
  indicator are a trinomial whose p - d is the difference of the two shares,
  so Tango's (1998) score test of ``_tango`` (written for exactly this paired
  difference) applies as it stands; at 0 it is McNemar's test (R
  ``mcnemar.test(correct = FALSE)``).

A z statistic is infinite where the restricted variance is 0 and the
estimate differs from the null (a sample that the null hypothesis makes
impossible: p = 0 on that side, 1 on the other), and 0 where it does not
(the null hypothesis admits only the sample observed: p = 1 whatever the
alternative), so no row has NaN unless a sample is empty.
"""

from __future__ import annotations

import math

import numpy as np

from ..typing import FloatArray, IntArray
from ._comparison import ComparisonArrays, NullTest, as_margins, benchmark_arrays
from ._intervals import IntervalOptions
from ._normal import normal_ppf
from ._shares import share_interval
from ._twosample import solve_decreasing

__all__ = [
    "restricted_difference_shares",
    "share_benchmark_arrays",
    "share_paired_arrays",
    "share_two_sample_arrays",
]


def _z_pvalue(z: FloatArray, side: str) -> FloatArray:
    from scipy.special import ndtr

    if side == "greater":
        p: FloatArray = ndtr(-z)
    elif side == "less":
        p = ndtr(z)
    else:
        p = 2.0 * ndtr(-np.abs(z))
    return np.minimum(p, 1.0)


def _levels(confidence: float, alternative: str) -> tuple[float, bool, bool]:
    """Two-sided level of the bounds, and whether the lower / upper bound is open."""
    if alternative == "two-sided":
        return confidence, False, False
    level = 2.0 * confidence - 1.0  # a one-sided bound at c is a two-sided one at 2c - 1
    return level, alternative == "less", alternative == "greater"


def _score_z(numerator: FloatArray, variance: FloatArray) -> FloatArray:
    """numerator / sqrt(variance); at zero variance, 0 on the estimate and +/-inf off it."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z: FloatArray = np.where(
            variance > 0,
            numerator / np.sqrt(np.where(variance > 0, variance, 1.0)),
            np.where(numerator == 0, 0.0, np.sign(numerator) * np.inf),
        )
    return z


def _score_pvalue(numerator: FloatArray, variance: FloatArray, side: str) -> FloatArray:
    """p-value of the score z; 1 where the null admits only the observed sample (0 / 0)."""
    p = _z_pvalue(_score_z(numerator, variance), side)
    certain: FloatArray = np.where((variance <= 0) & (numerator == 0), 1.0, p)
    return certain


def _finish(
    test: NullTest,
    low: FloatArray,
    high: FloatArray,
    *,
    alternative: str,
    margin: float | FloatArray,
    empty: FloatArray,
) -> ComparisonArrays:
    pvalue, statistic = test.decide(as_margins(margin, low.shape[0]), alternative)
    nan = np.where(empty, np.nan, 0.0)
    return ComparisonArrays(
        test.difference + nan, test.se + nan, low + nan, high + nan, statistic + nan, pvalue + nan
    )


# -- one sample --------------------------------------------------------------------------------


def share_benchmark_arrays(
    x: FloatArray,
    benchmark: FloatArray,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """Binomial score tests of share = benchmark (or beyond ``margin``), per row of share counts.

    ``benchmark`` and ``margin`` are shares (0..1). The interval, for share -
    benchmark, is Wilson's (one-sided at level 2c - 1, open on the other
    side), which excludes 0 exactly when the two-sided test rejects; ``se``
    is Wald's.

    Examples
    --------
    30 of 50 answers in the top box against a benchmark of 45% (R
    ``prop.test(30, 50, p = 0.45, correct = FALSE)``: X-squared = 4.545455,
    p = 0.03300626):

    >>> import numpy as np
    >>> r = share_benchmark_arrays(
    ...     np.array([[0.0, 20.0, 30.0]]), np.array([0.45]), confidence=0.95, alternative="two-sided"
    ... )
    >>> round(float(r.statistic[0]) ** 2, 6), round(float(r.pvalue[0]), 8)
    (4.545455, 0.03300626)
    """
    n = x.sum(axis=1)
    empty = ~(n > 0)
    safe_n = np.where(empty, 1.0, n)
    share = x[:, 2] / safe_n
    benchmark = np.broadcast_to(np.asarray(benchmark, dtype=np.float64), share.shape)

    def parts(null: FloatArray) -> tuple[FloatArray, FloatArray]:
        level = benchmark + null
        return share - level, level * (1.0 - level) / safe_n

    def statistic_at(null: FloatArray) -> FloatArray:
        return _score_z(*parts(null))

    def pvalue(null: FloatArray, side: str) -> FloatArray:
        return _score_pvalue(*parts(null), side)

    level, open_low, open_high = _levels(confidence, alternative)
    bounds = share_interval(x[:, 2], n, method="wilson", confidence=level)
    low = np.zeros_like(share) if open_low else bounds.low
    high = np.ones_like(share) if open_high else bounds.high
    edges = (-benchmark, 1.0 - benchmark)
    test = NullTest(share - benchmark, bounds.se, pvalue, edges, statistic_at)
    return _finish(
        test, low - benchmark, high - benchmark, alternative=alternative, margin=margin, empty=empty
    )


# -- two samples -------------------------------------------------------------------------------


def restricted_difference_shares(
    xa: FloatArray, na: FloatArray, xb: FloatArray, nb: FloatArray, delta: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Maximum-likelihood shares (p_a, p_b) of two binomial samples given p_a - p_b = delta.

    The closed-form root of the likelihood's cubic (Farrington & Manning
    1990, eq. 3.3 with theta = n_b / n_a): a = 1 + theta,
    b = -(1 + theta + p_a^ + theta p_b^ + delta (theta + 2)),
    c = delta^2 + delta (2 p_a^ + theta + 1) + p_a^ + theta p_b^,
    d = -p_a^ delta (1 + delta); v = b^3 / (3a)^3 - bc / (6a^2) + d / (2a),
    u = sign(v) sqrt(b^2 / (3a)^2 - c / (3a)), w = (pi + arccos(v / u^3)) / 3,
    p_a = 2u cos(w) - b / (3a), p_b = p_a - delta; clipped to the shares allowed.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        pa_hat, pb_hat = xa / na, xb / nb
        theta = nb / na
        a = 1.0 + theta
        b = -(1.0 + theta + pa_hat + theta * pb_hat + delta * (theta + 2.0))
        c = delta * delta + delta * (2.0 * pa_hat + theta + 1.0) + pa_hat + theta * pb_hat
        d = -pa_hat * delta * (1.0 + delta)
        v = b**3 / (3.0 * a) ** 3 - b * c / (6.0 * a * a) + d / (2.0 * a)
        u = np.where(v < 0, -1.0, 1.0) * np.sqrt(np.maximum(b * b / (3.0 * a) ** 2 - c / (3.0 * a), 0.0))
        ratio = np.where(u != 0, v / u**3, 0.0)
        w = (math.pi + np.arccos(np.clip(ratio, -1.0, 1.0))) / 3.0
        pa = 2.0 * u * np.cos(w) - b / (3.0 * a)
    pa = np.clip(pa, np.maximum(delta, 0.0), np.minimum(1.0 + delta, 1.0))
    return pa, pa - delta


def share_two_sample_arrays(
    xa: FloatArray,
    xb: FloatArray,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """Binomial score tests of share_a - share_b = 0 (or beyond ``margin``), per row pair of share counts.

    z(delta) = (p_a^ - p_b^ - delta) / sqrt(p_a~ (1 - p_a~) / n_a + p_b~ (1 - p_b~) / n_b)
    with the restricted estimates of :func:`restricted_difference_shares`;
    the interval is {delta : z_low > z(delta) > -z_high} (z decreases in
    delta), found per row by ``_twosample.solve_decreasing``; ``se`` is Wald's.

    Examples
    --------
    CSAT 30 of 50 against 45 of 60 (R ``prop.test(c(30, 45), c(50, 60),
    correct = FALSE)``: X-squared = 2.828571, p = 0.0926007):

    >>> import numpy as np
    >>> a, b = np.array([[0.0, 20.0, 30.0]]), np.array([[0.0, 15.0, 45.0]])
    >>> r = share_two_sample_arrays(a, b, confidence=0.95, alternative="two-sided")
    >>> round(float(r.statistic[0]) ** 2, 6), round(float(r.pvalue[0]), 8)
    (2.828571, 0.0926007)
    """
    na, nb = xa.sum(axis=1), xb.sum(axis=1)
    empty = ~((na > 0) & (nb > 0))
    safe_a, safe_b = np.where(empty, 1.0, na), np.where(empty, 1.0, nb)
    top_a, top_b = np.where(empty, 0.0, xa[:, 2]), np.where(empty, 0.0, xb[:, 2])
    pa_hat, pb_hat = top_a / safe_a, top_b / safe_b
    difference = pa_hat - pb_hat
    se = np.sqrt(
        np.maximum(pa_hat * (1.0 - pa_hat), 0.0) / safe_a + np.maximum(pb_hat * (1.0 - pb_hat), 0.0) / safe_b
    )

    def parts(rows: IntArray | slice, null: FloatArray) -> tuple[FloatArray, FloatArray]:
        pa, pb = restricted_difference_shares(top_a[rows], safe_a[rows], top_b[rows], safe_b[rows], null)
        variance = pa * (1.0 - pa) / safe_a[rows] + pb * (1.0 - pb) / safe_b[rows]
        return difference[rows] - null, variance

    def z_rows(rows: IntArray | slice, null: FloatArray) -> FloatArray:
        return _score_z(*parts(rows, null))

    def statistic_at(null: FloatArray) -> FloatArray:
        return z_rows(slice(None), null)

    def pvalue(null: FloatArray, side: str) -> FloatArray:
        return _score_pvalue(*parts(slice(None), null), side)

    level, open_low, open_high = _levels(confidence, alternative)
    z = normal_ppf(0.5 + level / 2.0)
    k = difference.shape[0]
    start_scale = np.where(se > 0, se, 0.5)
    if open_low:
        low = np.full(k, -1.0)
    else:  # the delta below the estimate where z falls to +z_crit
        low = solve_decreasing(
            lambda rows, t: z_rows(rows, t) - z,
            np.full(k, -1.0),
            difference.copy(),
            difference - z * start_scale,
            start_scale,
            1e-12,
        )
    if open_high:
        high = np.ones(k)
    else:  # and above it where z falls to -z_crit
        high = solve_decreasing(
            lambda rows, t: z_rows(rows, t) + z,
            difference.copy(),
            np.ones(k),
            difference + z * start_scale,
            start_scale,
            1e-12,
        )
    edges = (np.full(k, -1.0), np.ones(k))
    test = NullTest(difference, se, pvalue, edges, statistic_at)
    return _finish(test, low, high, alternative=alternative, margin=margin, empty=empty)


# -- paired ------------------------------------------------------------------------------------


def share_paired_arrays(
    changes: FloatArray,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray = 0.0,
    options: IntervalOptions | None = None,
) -> ComparisonArrays:
    """Tango's score tests of share_a - share_b = 0 (or beyond ``margin``) for paired answers.

    ``changes`` are the (k, 5) counts of per-person changes -2..+2 as for
    ``_comparison.paired_arrays``; for a share only -1, 0, +1 occur (top box
    lost, kept or not, gained). Their (-1, 0, +1) counts are a trinomial whose
    p - d is the difference of the shares, and the test is the one-sample
    ``"score"`` test of ``_comparison.benchmark_arrays`` against 0 on them:
    Tango's (1998) score test and interval for a paired difference of
    proportions, McNemar's test at a difference of 0.

    Examples
    --------
    Of 40 people 9 reached the top box and 3 left it (R
    ``mcnemar.test(matrix(c(20, 3, 9, 8), 2), correct = FALSE)``:
    McNemar's chi-squared = 3, p = 0.08326452):

    >>> import numpy as np
    >>> changes = np.array([[0.0, 3.0, 28.0, 9.0, 0.0]])  # -2, -1, 0, +1, +2
    >>> r = share_paired_arrays(changes, confidence=0.95, alternative="two-sided")
    >>> round(float(r.statistic[0]) ** 2, 6), round(float(r.pvalue[0]), 8)
    (3.0, 0.08326452)
    """
    trinomial = np.ascontiguousarray(changes[:, 1:4], dtype=np.float64)
    return benchmark_arrays(
        trinomial,
        np.zeros(trinomial.shape[0]),
        method="score",
        confidence=confidence,
        alternative=alternative,
        options=options or IntervalOptions(),
        margin=margin,
    )
