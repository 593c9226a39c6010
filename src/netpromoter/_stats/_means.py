"""Means of rating scales: the t interval and t tests, vectorised over rows of histograms.

A mean metric (the mean of a 1-5 CSAT answer, say) depends on the data only
through the weighted histogram of the scale values, one row per group:
``sums`` (G, K) the sum of weights at each of the K ``values``, ``squares``
(G, K) the sum of squared weights, ``n`` (G,) the number of responses and,
for clustered responses, ``products`` (G, K, K) = sum over clusters of
A_c A_c' (A_c the cluster's weight totals by value) and ``clusters`` (G,) the
number of clusters m. All of these add up over partitions of the data, so
histograms stay mergeable like counts.

With W = sum of weights and a_k = value_k - mean, the linearisation variance
of the ratio mean (Binder 1983) is, with survey's with-replacement factor,

    unclustered:  var = n / (n - 1) * sum_k S2_k a_k^2 / W^2,   df = n - 1,
    clustered:    var = m / (m - 1) * a' P a / W^2,             df = m - 1,

which is R ``survey::svymean(~y, design)`` with ``confint(..., df =
degf(design))``; with unit weights the first is s^2 / n (s the sample SD), so
the t interval and tests are exactly ``t.test``'s. The tests are one sample
against a benchmark, Welch's two-sample test (Welch-Satterthwaite degrees
of freedom), and the paired test, which is the one-sample test on the
histogram of per-person differences. Their null hypotheses with a margin
follow :func:`._comparison.margin_test`, so they read exactly as the NPS
tests' do.

Degenerate rows follow the NPS kernels (``_comparison``): an empty row is NaN
throughout; a row with one response (or one cluster) has no SE and so NaN
intervals and tests; a zero SE (every answer at one value) gives NaN
statistics, p-values and comparison bounds, except where the estimate sits on
the edge of its range (every answer at the top or bottom of the scale), where
the exact p-value of :func:`._comparison.margin_test`'s edge rule is used:
under a mean of mu on [L, H] at most (mu - L) / (H - L) of the answers can be
at H, so P(all n_eff answers at H) <= ((mu - L) / (H - L))^n_eff (n_eff =
Kish's effective size; n unweighted).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..typing import BoolArray, FloatArray
from ._comparison import ComparisonArrays, NullTest, OneSidedTest, as_margins
from ._intervals import IntervalArrays

__all__ = [
    "MeanMoments",
    "mean_benchmark_arrays",
    "mean_interval_arrays",
    "mean_moments",
    "paired_mean_arrays",
    "welch_arrays",
]


@dataclass(frozen=True, slots=True)
class MeanMoments:
    """Per-row mean, SE, degrees of freedom and what the edge rule needs.

    ``effective_n`` is Kish's W^2 / sum of squared weights (n for unit
    weights); ``top`` / ``bottom`` flag rows with every answer at the
    highest / lowest of ``values``; ``lowest`` and ``highest`` are that range.
    """

    mean: FloatArray
    se: FloatArray
    df: FloatArray
    effective_n: FloatArray
    top: BoolArray
    bottom: BoolArray
    lowest: float
    highest: float


def mean_moments(
    sums: FloatArray,
    squares: FloatArray,
    values: FloatArray,
    n: FloatArray,
    *,
    products: FloatArray | None = None,
    clusters: FloatArray | None = None,
) -> MeanMoments:
    """Weighted mean, linearisation SE and t degrees of freedom for each row of a histogram.

    Parameters
    ----------
    sums, squares : ndarray, shape (G, K)
        Sum of weights and of squared weights at each scale value.
    values : ndarray, shape (K,)
        The scale values (for a paired test: the possible differences).
    n : ndarray, shape (G,)
        Responses per row.
    products : ndarray, shape (G, K, K), optional
        Cluster cross-products sum_c A_c A_c'; with ``clusters`` the SE is
        cluster-robust.
    clusters : ndarray, shape (G,), optional
        Clusters per row, m.

    Returns
    -------
    MeanMoments
        Empty rows: NaN mean. Fewer than two responses (clusters): NaN SE
        and df.

    Examples
    --------
    Intercom's CSAT answers 5:10, 4:20, 3:10, 2:5, 1:5 (R ``t.test``: mean
    3.5, SD 1.2164)

    >>> import numpy as np
    >>> h = np.array([[5.0, 5.0, 10.0, 20.0, 10.0]])
    >>> m = mean_moments(h, h, np.arange(1.0, 6.0), np.array([50.0]))
    >>> float(m.mean[0]), round(float(m.se[0] * np.sqrt(50)), 4), float(m.df[0])
    (3.5, 1.2164, 49.0)
    """
    sums = np.asarray(sums, dtype=np.float64)
    squares = np.asarray(squares, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    total = sums.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (sums / total[:, None]) @ values
        a = values[None, :] - mean[:, None]
        if products is not None and clusters is not None:
            m = np.asarray(clusters, dtype=np.float64)
            scaled = np.asarray(products, dtype=np.float64) / total[:, None, None] / total[:, None, None]
            spread = np.einsum("gi,gij,gj->g", a, scaled, a)
            units = m
        else:
            spread = ((squares / total[:, None]) / total[:, None] * a * a).sum(axis=1)
            units = n
        # survey's with-replacement factor u / (u - 1), u responses or clusters
        variance = np.where(units > 1, units / (units - 1.0) * np.maximum(spread, 0.0), np.nan)
        se = np.sqrt(variance)
        effective_n = total / (squares.sum(axis=1) / total)
    df = np.where(units > 1, units - 1.0, np.nan)
    lowest, highest = float(values.min()), float(values.max())
    filled = total > 0
    top = filled & (sums[:, int(values.argmax())] >= total)
    bottom = filled & (sums[:, int(values.argmin())] >= total)
    mean = np.where(filled, mean, np.nan)
    return MeanMoments(mean, np.where(filled, se, np.nan), df, effective_n, top, bottom, lowest, highest)


def _t_quantile(probability: float, df: FloatArray) -> FloatArray:
    from scipy.special import stdtrit

    with np.errstate(invalid="ignore"):
        q: FloatArray = stdtrit(df, probability)
    return q


def _t_pvalue(t: FloatArray, df: FloatArray, side: str) -> FloatArray:
    from scipy.special import stdtr

    if side == "greater":
        p: FloatArray = stdtr(df, -t)
    elif side == "less":
        p = stdtr(df, t)
    else:
        p = 2.0 * stdtr(df, -np.abs(t))
    return np.minimum(p, 1.0)


def _t_bounds(confidence: float, alternative: str, df: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Critical t values for the lower and upper bound (inf: that side is open); as ``_z_bounds``."""
    if alternative == "two-sided":
        t = _t_quantile(0.5 + confidence / 2.0, df)
        return t, t
    t = _t_quantile(confidence, df)
    if alternative == "equivalence":
        return t, t
    infinite = np.full_like(t, math.inf)
    return (t, infinite) if alternative == "greater" else (infinite, t)


def mean_interval_arrays(
    sums: FloatArray,
    squares: FloatArray,
    values: FloatArray,
    n: FloatArray,
    *,
    confidence: float,
    products: FloatArray | None = None,
    clusters: FloatArray | None = None,
) -> IntervalArrays:
    """The t interval mean +/- t_{df, (1 + c) / 2} SE for each row of a histogram (scale units).

    As R ``t.test(y, conf.level = c)`` for unit weights, and ``confint(svymean(~y,
    design), df = degf(design))`` for weights and clusters. A row with every
    answer at one value has SE 0 and the interval (mean, mean), as the Wald
    interval of an NPS with every answer in one category; fewer than two
    responses (clusters) give NaN.

    Examples
    --------
    Intercom's CSAT answers 5:10, 4:20, 3:10, 2:5, 1:5 (R ``t.test``:
    3.154307 to 3.845693):

    >>> import numpy as np
    >>> h = np.array([[5.0, 5.0, 10.0, 20.0, 10.0]])
    >>> r = mean_interval_arrays(h, h, np.arange(1.0, 6.0), np.array([50.0]), confidence=0.95)
    >>> round(float(r.low[0]), 6), round(float(r.high[0]), 6)
    (3.154307, 3.845693)
    """
    moments = mean_moments(sums, squares, values, n, products=products, clusters=clusters)
    t = _t_quantile(0.5 + confidence / 2.0, moments.df)
    with np.errstate(invalid="ignore"):
        half = np.where(moments.se == 0.0, 0.0, t * moments.se)
    return IntervalArrays(moments.se, moments.mean - half, moments.mean + half)


# -- tests ------------------------------------------------------------------------------------


def _edge_pvalue(tail: FloatArray, direction: FloatArray, side: str) -> FloatArray:
    """``_comparison``'s edge rule: the tail on the estimate's side, 1 on the other, doubled two-sided."""
    if side == "greater":
        p = np.where(direction > 0, tail, 1.0)
    elif side == "less":
        p = np.where(direction < 0, tail, 1.0)
    else:
        p = np.minimum(2.0 * tail, 1.0)
    edge: FloatArray = np.where(np.isnan(direction), np.nan, p)
    return edge


def _direction(top: BoolArray, bottom: BoolArray) -> FloatArray:
    edge: FloatArray = np.where(top, 1.0, np.where(bottom, -1.0, np.nan))
    return edge


def _t_null_test(
    difference: FloatArray,
    se: FloatArray,
    df: FloatArray,
    edges: tuple[FloatArray, FloatArray],
    edge: OneSidedTest,
) -> NullTest:
    """One-sided t tests of ``difference`` against any null value; ``edge`` where the SE is 0 or NaN."""

    def statistic_at(null: FloatArray) -> FloatArray:
        with np.errstate(divide="ignore", invalid="ignore"):
            t: FloatArray = np.where(se > 0, (difference - null) / se, np.nan)
        return t

    def pvalue(null: FloatArray, side: str) -> FloatArray:
        t = statistic_at(null)
        found: FloatArray = np.where(np.isnan(t), edge(null, side), _t_pvalue(t, df, side))
        return found

    return NullTest(difference, se, pvalue, edges, statistic_at)


def _t_arrays(
    test: NullTest,
    df: FloatArray,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray,
    empty: BoolArray,
) -> ComparisonArrays:
    """p-value, statistic and t bounds of a t test; degenerate rows as in ``_comparison``."""
    pvalue, statistic = test.decide(as_margins(margin, df.shape[0]), alternative)
    low_edge, high_edge = test.edges
    t_low, t_high = _t_bounds(confidence, alternative, df)
    se = test.se
    with np.errstate(invalid="ignore"):  # se = 0 one-sided: inf * 0
        low = np.where(np.isinf(t_low), low_edge, test.difference - t_low * se)
        high = np.where(np.isinf(t_high), high_edge, test.difference + t_high * se)
    no_spread = ~(se > 0)  # as Wald: no interval from a zero (or missing) SE
    low, high = np.where(no_spread, np.nan, low), np.where(no_spread, np.nan, high)
    nan = np.where(empty, np.nan, 0.0)
    return ComparisonArrays(
        test.difference + nan,
        se + nan,
        np.clip(low, low_edge, high_edge) + nan,
        np.clip(high, low_edge, high_edge) + nan,
        statistic + nan,
        pvalue + nan,
    )


def mean_benchmark_arrays(
    moments: MeanMoments,
    benchmark: FloatArray,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """One-sample t tests of mean = benchmark (or beyond ``margin`` of it), per row.

    The statistic is t = (mean - benchmark - null) / SE on ``moments.df``
    degrees of freedom, the null value set by ``margin`` and ``alternative``
    as in :func:`._comparison.margin_test`; the interval is for mean -
    benchmark. With margin 0 and unit weights this is R ``t.test(y, mu =
    benchmark, alternative = ...)``.

    Examples
    --------
    Intercom's CSAT answers against a benchmark of 3 (R ``t.test(y, mu = 3)``:
    t = 2.906592, p = 0.005473):

    >>> import numpy as np
    >>> h = np.array([[5.0, 5.0, 10.0, 20.0, 10.0]])
    >>> m = mean_moments(h, h, np.arange(1.0, 6.0), np.array([50.0]))
    >>> r = mean_benchmark_arrays(m, np.array([3.0]), confidence=0.95, alternative="two-sided")
    >>> round(float(r.statistic[0]), 6), round(float(r.pvalue[0]), 6)
    (2.906592, 0.005473)
    """
    benchmark = np.broadcast_to(np.asarray(benchmark, dtype=np.float64), moments.mean.shape)
    span = moments.highest - moments.lowest
    direction = _direction(moments.top, moments.bottom)

    def edge(null: FloatArray, side: str) -> FloatArray:
        # Every answer at the top (bottom): under a mean of `level` at most (level - L) / span
        # ((H - level) / span) of the answers can be there, so P(such a sample) <= that^n_eff.
        level = benchmark + null
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(moments.top, level - moments.lowest, moments.highest - level) / span
            tail = np.clip(share, 0.0, 1.0) ** moments.effective_n
        return _edge_pvalue(tail, direction, side)

    edges = (moments.lowest - benchmark, moments.highest - benchmark)
    test = _t_null_test(moments.mean - benchmark, moments.se, moments.df, edges, edge)
    empty = np.isnan(moments.mean)
    return _t_arrays(
        test, moments.df, confidence=confidence, alternative=alternative, margin=margin, empty=empty
    )


def paired_mean_arrays(
    differences: MeanMoments,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """Paired t tests of mean difference = 0 (or beyond ``margin``), per row.

    ``differences`` are the moments of the histogram of per-person
    differences a - b, whose ``values`` run over every possible difference
    (-(H - L) .. H - L for a scale L..H), so that its range is the range of
    the difference. The test is the one-sample t test of that histogram
    against 0: R ``t.test(a, b, paired = TRUE)`` for unit weights.

    Examples
    --------
    Five people's 1-5 answers before and after, differences 1, 0, 2, 1, -1
    (R ``t.test(c(4, 3, 5, 4, 2), c(3, 3, 3, 3, 3), paired = TRUE)``:
    t = 1.176697, p = 0.304559):

    >>> import numpy as np
    >>> h = np.array([[0, 0, 0, 1, 1, 2, 1, 0, 0.0]])
    >>> d = mean_moments(h, h, np.arange(-4.0, 5.0), np.array([5.0]))
    >>> r = paired_mean_arrays(d, confidence=0.95, alternative="two-sided")
    >>> round(float(r.statistic[0]), 6), round(float(r.pvalue[0]), 6)
    (1.176697, 0.304559)
    """
    zero = np.zeros_like(differences.mean)
    return mean_benchmark_arrays(
        differences, zero, confidence=confidence, alternative=alternative, margin=margin
    )


def welch_arrays(
    a: MeanMoments,
    b: MeanMoments,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """Welch's two-sample t tests of mean_a - mean_b = 0 (or beyond ``margin``), per row pair.

    SE = sqrt(SE_a^2 + SE_b^2) and the Welch-Satterthwaite degrees of freedom
    (SE_a^2 + SE_b^2)^2 / (SE_a^4 / df_a + SE_b^4 / df_b), with each sample's
    own df (n - 1, or m - 1 clustered). With margin 0 and unit weights this is
    R ``t.test(a, b, alternative = ...)`` (``var.equal = FALSE``).

    Examples
    --------
    R ``t.test(c(5, 4, 4, 3, 5, 2), c(3, 2, 4, 1))``: t = 1.660910,
    df = 6.085384, p = 0.147103.

    >>> import numpy as np
    >>> values = np.arange(1.0, 6.0)
    >>> ha, hb = np.array([[0, 1, 1, 2, 2.0]]), np.array([[1, 1, 1, 1, 0.0]])
    >>> ma = mean_moments(ha, ha, values, np.array([6.0]))
    >>> mb = mean_moments(hb, hb, values, np.array([4.0]))
    >>> r = welch_arrays(ma, mb, confidence=0.95, alternative="two-sided")
    >>> round(float(r.statistic[0]), 6), round(float(r.pvalue[0]), 6)
    (1.66091, 0.147103)
    """
    from scipy.special import xlogy

    va, vb = a.se * a.se, b.se * b.se
    se = np.sqrt(va + vb)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = (va + vb) ** 2 / (va * va / a.df + vb * vb / b.df)
    top, bottom = a.top & b.bottom, a.bottom & b.top
    direction = _direction(top, bottom)
    span = max(a.highest, b.highest) - min(a.lowest, b.lowest)
    na, nb = a.effective_n, b.effective_n
    total = na + nb
    with np.errstate(divide="ignore", invalid="ignore"):
        mix = xlogy(na, na / total) + xlogy(nb, nb / total)

    def edge(null: FloatArray, side: str) -> FloatArray:
        # All of a at the top and all of b at the bottom (the reverse: -null): under
        # mean_a - mean_b = null, P <= (1 + null / span)^N (n_a / N)^n_a (n_b / N)^n_b,
        # the NPS kernel's bound with span 2 (each sample's share at its edge as in
        # mean_benchmark_arrays, maximised over the common level).
        toward = np.where(bottom, -null, null)
        with np.errstate(divide="ignore", invalid="ignore"):
            tail = np.exp(xlogy(total, np.maximum(1.0 + toward / span, 0.0)) + mix)
        return _edge_pvalue(np.minimum(tail, 1.0), direction, side)

    low_edge = np.full_like(se, min(a.lowest, b.lowest) - max(a.highest, b.highest))
    high_edge = np.full_like(se, span)
    test = _t_null_test(a.mean - b.mean, se, df, (low_edge, high_edge), edge)
    empty = np.isnan(a.mean) | np.isnan(b.mean)
    return _t_arrays(test, df, confidence=confidence, alternative=alternative, margin=margin, empty=empty)
