"""Why NPS moved: a change split into segment mix and within-segment rate.

Overall NPS is a share-weighted mean of segment NPS, N = sum_s w_s r_s. The
change between two periods splits exactly, segment by segment, into

    mix_s  = (w1_s - w0_s) (r0_s + r1_s) / 2     (the segment's share moved)
    rate_s = (r1_s - r0_s) (w0_s + w1_s) / 2     (its NPS moved),

the symmetric (midpoint) split of Kitagawa (1955) and Das Gupta (1993), for
two factors what R ``DasGuptR::dgnpop`` gives. mix_s + rate_s = w1_s r1_s -
w0_s r0_s, so the rows add up to N1 - N0 with no residual. A segment
present in one period only has no NPS in the other; it is given the other
period's, so its whole contribution (w1 r1, or -w0 r0) counts as mix.

Arrays: ``sums`` and ``squares`` are (k, 3) per period, the (weighted)
detractors, passives and promoters of each segment, rows aligned across the
two periods (zeros where a segment is absent); NPS values are in points.
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray

__all__ = ["bootstrap_mix_rate", "delta_variances", "mix_rate", "shares_and_rates"]

_Y = np.array([-100.0, 0.0, 100.0])  # each category's contribution to NPS, in points
_DRAW_BUDGET = 1 << 22  # multinomial cells drawn per block of replicates


def shares_and_rates(sums: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Segment shares of the period's weight and segment NPS: (..., k, 3) -> two (..., k).

    A segment with no weight has share 0 and NPS NaN.
    """
    weight = sums.sum(axis=-1)
    total = weight.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = weight / total
        rates = (sums @ _Y) / weight
    return shares, rates


def mix_rate(
    shares0: FloatArray, rates0: FloatArray, shares1: FloatArray, rates1: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per-segment mix and rate effects (see the module docstring), broadcast over leading axes."""
    present0, present1 = shares0 > 0, shares1 > 0
    # Absent in one period: take the other period's NPS (all of its change is mix).
    r0 = np.where(present0, rates0, rates1)
    r1 = np.where(present1, rates1, rates0)
    either = present0 | present1
    r0 = np.where(either, r0, 0.0)
    r1 = np.where(either, r1, 0.0)
    mix = (shares1 - shares0) * (r0 + r1) / 2.0
    rate = (r1 - r0) * (shares0 + shares1) / 2.0
    return mix, rate


def _gradients(
    shares0: FloatArray, rates0: FloatArray, shares1: FloatArray, rates1: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """d mix_s / d pi_t[s, c] and d rate_s / d pi_t[s, c] for t = 0, 1: four (k, 3) arrays.

    pi_t[s, c] is the share of period t's weight in segment s, category c;
    w_s = sum_c pi[s, c] and r_s = sum_c y_c pi[s, c] / w_s, so
    d w_s / d pi[s, c] = 1 and d r_s / d pi[s, c] = (y_c - r_s) / w_s.
    """
    both = (shares0 > 0) & (shares1 > 0)
    only1 = (shares0 == 0) & (shares1 > 0)
    only0 = (shares0 > 0) & (shares1 == 0)
    # Safe stand-ins where a segment is absent; those entries are replaced below.
    rates0 = np.where(shares0 > 0, rates0, 0.0)
    rates1 = np.where(shares1 > 0, rates1, 0.0)
    d_r0 = (_Y[None, :] - rates0[:, None]) / np.where(shares0 > 0, shares0, 1.0)[:, None]
    d_r1 = (_Y[None, :] - rates1[:, None]) / np.where(shares1 > 0, shares1, 1.0)[:, None]
    mean_rate = ((rates0 + rates1) / 2.0)[:, None]
    mean_share = ((shares0 + shares1) / 2.0)[:, None]
    share_change = ((shares1 - shares0) / 2.0)[:, None]
    rate_change = ((rates1 - rates0) / 2.0)[:, None]
    mix0 = np.where(both[:, None], -mean_rate + share_change * d_r0, 0.0)
    mix1 = np.where(both[:, None], mean_rate + share_change * d_r1, 0.0)
    rate0 = np.where(both[:, None], -d_r0 * mean_share + rate_change, 0.0)
    rate1 = np.where(both[:, None], d_r1 * mean_share + rate_change, 0.0)
    # Present in one period only: mix = w1 r1 = sum_c y_c pi1[s, c] (or minus the same in period 0).
    mix1 = np.where(only1[:, None], _Y[None, :], mix1)
    mix0 = np.where(only0[:, None], -_Y[None, :], mix0)
    return mix0, mix1, rate0, rate1


def _linearised(gradient: FloatArray, sums: FloatArray, squares: FloatArray, per_segment: bool) -> FloatArray:
    """Variance of a smooth function of one period's cell shares, by Taylor linearisation.

    With weights w_i, response i in cell c(i) and W = sum w_i, the function
    moves by sum_i w_i (g_c(i) - g_bar) / W, so var = sum_c Q_c (g_c - g_bar)^2 / W^2
    with Q_c the sum of squared weights in cell c and g_bar = sum_c pi_c g_c
    (for counts: g' (diag(pi) - pi pi') g / n, the multinomial delta method).
    ``per_segment``: one function per segment whose gradient is zero outside
    its own row (-> (k,)); otherwise one function of all cells (-> scalar).
    """
    total = sums.sum()
    if total <= 0:
        return np.zeros(gradient.shape[0]) if per_segment else np.zeros(())
    shares = sums / total
    q_total = squares.sum()
    if per_segment:
        g_bar = (shares * gradient).sum(axis=1)
        spread = (squares * gradient**2).sum(axis=1) - 2.0 * g_bar * (squares * gradient).sum(axis=1)
        variance: FloatArray = (spread + g_bar**2 * q_total) / total**2
        return np.maximum(variance, 0.0)
    g_bar_all = float((shares * gradient).sum())
    whole: FloatArray = np.asarray((squares * (gradient - g_bar_all) ** 2).sum() / total**2)
    return whole


def delta_variances(
    sums0: FloatArray, squares0: FloatArray, sums1: FloatArray, squares1: FloatArray
) -> tuple[FloatArray, FloatArray, float, float, float]:
    """Delta-method variances: per-segment mix and rate, and the totals' mix, rate and change.

    The periods are independent samples; within a period the responses are
    independent draws (a multinomial over segment x category cells, or its
    weighted linearisation), so segment shares vary too.
    """
    shares0, rates0 = shares_and_rates(sums0)
    shares1, rates1 = shares_and_rates(sums1)
    mix0, mix1, rate0, rate1 = _gradients(shares0, rates0, shares1, rates1)
    mix = _linearised(mix0, sums0, squares0, True) + _linearised(mix1, sums1, squares1, True)
    rate = _linearised(rate0, sums0, squares0, True) + _linearised(rate1, sums1, squares1, True)

    def total(g0: FloatArray, g1: FloatArray) -> float:
        return float(_linearised(g0, sums0, squares0, False) + _linearised(g1, sums1, squares1, False))

    return (
        mix,
        rate,
        total(mix0, mix1),
        total(rate0, rate1),
        total(mix0 + rate0, mix1 + rate1),
    )


def _draw_period(
    sums: FloatArray, squares: FloatArray, resamples: int, rng: np.random.Generator
) -> FloatArray:
    """(resamples, k, 3) resampled cell counts of one period.

    n responses are redrawn from the cells' shares (a multinomial), n being
    the period's Kish effective sample size (its response count if unweighted).
    """
    k = sums.shape[0]
    total = float(sums.sum())
    n = round(total**2 / float(squares.sum()))
    shares = (sums / total).ravel()
    shares /= shares.sum()
    out = np.empty((resamples, 3 * k))
    block = max(1, _DRAW_BUDGET // (3 * k))
    for start in range(0, resamples, block):  # blocks of replicates bound the memory
        stop = min(start + block, resamples)
        out[start:stop] = rng.multinomial(n, shares, size=stop - start)
    return out.reshape(resamples, k, 3)


def bootstrap_mix_rate(
    sums0: FloatArray,
    squares0: FloatArray,
    sums1: FloatArray,
    squares1: FloatArray,
    resamples: int,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    """(resamples, k) replicates of each segment's mix and rate; both periods redrawn."""
    draws0 = _draw_period(sums0, squares0, resamples, rng)
    draws1 = _draw_period(sums1, squares1, resamples, rng)
    shares0, rates0 = shares_and_rates(draws0)
    shares1, rates1 = shares_and_rates(draws1)
    return mix_rate(shares0, rates0, shares1, rates1)
