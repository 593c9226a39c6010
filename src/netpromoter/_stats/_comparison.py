"""Tests and intervals for differences of NPS, vectorised over rows of counts.

Every function takes (k, 3) arrays of (effective) counts and returns arrays on
the -1..1 scale: independent samples, one sample against a benchmark, and
paired answers (counts of per-person changes -2..+2).

Degenerate rows never claim significance. A row with an empty sample has NaN
for every statistic, p-value and bound. A test whose statistic divides by a
standard error estimated from the data (Wald, the paired bootstrap's shift
method) cannot be computed when that SE is zero (every response in one
category, every pair changing alike, a single pair): its statistic and
interval are NaN, and so is its p-value, unless the estimate sits on the edge
of its range (all promoters or all detractors against a benchmark, all of a
promoters and all of b detractors, every pair moving +/-2). There the observed
sample is the only one as extreme, and its largest probability under the null
hypothesis is an exact p-value (:func:`_edge_pvalue`); the same exact value
replaces the tests that degenerate when the benchmark itself is +/-100
(score: 0/0; Bayesian: the posterior has no mass beyond the edge).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._input._options import as_generator
from ..typing import BoolArray, FloatArray
from ._bootstrap import bootstrap_replicates
from ._dirichlet import dirichlet_difference_sd
from ._intervals import (
    ADJUSTED_PRIOR,
    ROCKS_PSEUDO,
    IntervalOptions,
    interval_arrays,
    posterior_cdf,
    wald_moments,
)
from ._normal import normal_ppf
from ._tango import tango_statistic
from ._twosample import common_delta, restricted_shares, two_sample_score_interval, two_sample_score_z

# -- arrays: every test below is vectorised over rows (groups or replicates) -------------------


@dataclass(frozen=True, slots=True)
class ComparisonArrays:
    """Per-row difference, se, interval, statistic, p-value (on the -1..1 scale)."""

    difference: FloatArray
    se: FloatArray
    low: FloatArray
    high: FloatArray
    statistic: FloatArray
    pvalue: FloatArray
    probability_greater: FloatArray | None = None


def _normal_pvalue(z: FloatArray, alternative: str) -> FloatArray:
    from scipy.special import ndtr

    if alternative == "greater":
        p: FloatArray = ndtr(-z)
    elif alternative == "less":
        p = ndtr(z)
    else:
        p = 2.0 * ndtr(-np.abs(z))
    return np.minimum(p, 1.0)


def _z_bounds(confidence: float, alternative: str) -> tuple[float, float]:
    """Critical values for the lower and upper bound (inf: that side is open)."""
    if alternative == "two-sided":
        z = normal_ppf(0.5 + confidence / 2.0)
        return z, z
    z = normal_ppf(confidence)
    return (z, math.inf) if alternative == "greater" else (math.inf, z)


def _tail_probabilities(confidence: float, alternative: str) -> tuple[float, float]:
    """Quantile levels of the lower and upper bound (0 / 1: that side is open)."""
    if alternative == "two-sided":
        tail = (1.0 - confidence) / 2.0
        return tail, 1.0 - tail
    return (1.0 - confidence, 1.0) if alternative == "greater" else (0.0, confidence)


def _sample_pvalue(
    replicates: FloatArray, observed: FloatArray, null: FloatArray, alternative: str
) -> FloatArray:
    """Resampling p-value, (count + 1) / (B + 1) (Davison & Hinkley 1997, 4.4); NaN rows stay NaN."""
    b = replicates.shape[1]
    dev, obs = replicates - null[:, None], (observed - null)[:, None]
    if alternative == "greater":
        hits = (dev >= obs - 1e-12).sum(axis=1)
    elif alternative == "less":
        hits = (dev <= obs + 1e-12).sum(axis=1)
    else:
        hits = (np.abs(dev) >= np.abs(obs) - 1e-12).sum(axis=1)
    missing = np.isnan(observed) | np.isnan(replicates).any(axis=1)
    p: FloatArray = np.where(missing, np.nan, (hits + 1.0) / (b + 1.0))
    return p


def _edge_pvalue(tail: FloatArray, direction: FloatArray, alternative: str) -> FloatArray:
    """Exact p-value for an estimate on the edge of its range; NaN where ``direction`` is NaN.

    ``direction`` is +1 (top edge) or -1 (bottom edge). The observed sample is
    then the only one whose estimate is as extreme, so P(as extreme | H0) is
    its probability, and ``tail`` is that probability maximised over the null
    hypothesis (its nuisance parameters). The opposite one-sided alternative
    gets 1; two-sided doubles the tail (capped at 1).
    """
    if alternative == "greater":
        p = np.where(direction > 0, tail, 1.0)
    elif alternative == "less":
        p = np.where(direction < 0, tail, 1.0)
    else:
        p = np.minimum(2.0 * tail, 1.0)
    edge: FloatArray = np.where(np.isnan(direction), np.nan, p)
    return edge


def _all_in(x: FloatArray, column: int) -> BoolArray:
    """Rows with responses, every one of them in ``column``."""
    n = x.sum(axis=1)
    found: BoolArray = (n > 0) & (x[:, column] >= n)
    return found


def _direction(top: BoolArray, bottom: BoolArray) -> FloatArray:
    edge: FloatArray = np.where(top, 1.0, np.where(bottom, -1.0, np.nan))
    return edge


def _nan_rows(rows: BoolArray, *arrays: FloatArray) -> list[FloatArray]:
    """Each array with NaN in ``rows`` (no copy when no row is flagged)."""
    if not rows.any():
        return list(arrays)
    return [np.where(rows, np.nan, a) for a in arrays]


def _quantile_bounds(
    draws: FloatArray, confidence: float, alternative: str, edge: float
) -> tuple[FloatArray, FloatArray]:
    lower_p, upper_p = _tail_probabilities(confidence, alternative)
    low = np.quantile(draws, lower_p, axis=1) if lower_p > 0 else np.full(draws.shape[0], -edge)
    high = np.quantile(draws, upper_p, axis=1) if upper_p < 1 else np.full(draws.shape[0], edge)
    return low, high


def _posterior_pvalue(
    prob_greater: FloatArray, alternative: str, prob_less: FloatArray | None = None
) -> FloatArray:
    """Posterior probability of the null side (doubled, two-sided).

    ``prob_less`` (default 1 - ``prob_greater``) can be given when computed
    directly, so that a lower tail of 1e-20 is not rounded to 0.
    """
    less = 1.0 - prob_greater if prob_less is None else prob_less
    if alternative == "greater":
        return less
    if alternative == "less":
        return prob_greater
    return np.minimum(2.0 * np.minimum(prob_greater, less), 1.0)


def _dirichlet_draws(alpha: FloatArray, draws: int, rng: np.random.Generator) -> FloatArray:
    """(k, draws) posterior draws of theta_P - theta_D (Dirichlet via gammas)."""
    gammas = rng.standard_gamma(alpha[:, None, :], size=(alpha.shape[0], draws, 3))
    result: FloatArray = (gammas[..., 2] - gammas[..., 0]) / gammas.sum(axis=2)
    return result


def benchmark_arrays(
    x: FloatArray,
    benchmark: FloatArray,
    *,
    method: str,
    confidence: float,
    alternative: str,
    options: IntervalOptions,
) -> ComparisonArrays:
    """One-sample tests of NPS = benchmark for each row of effective counts ``x``."""
    n = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (x[:, 2] - x[:, 0]) / n
    nan = np.full_like(estimate, np.nan)
    # All promoters (all detractors): the null's largest promoter (detractor) share
    # is (1 + benchmark) / 2 ((1 - benchmark) / 2), so P(such a sample | H0) <= that^n.
    top, bottom = _all_in(x, 2), _all_in(x, 0)
    edge = _edge_pvalue(
        np.where(top, 0.5 * (1.0 + benchmark), 0.5 * (1.0 - benchmark)) ** n,
        _direction(top, bottom),
        alternative,
    )
    prob_greater = None
    if method in ("bayes", "adjusted-bayes"):
        prior = ADJUSTED_PRIOR if method == "adjusted-bayes" else np.asarray(options.prior)
        alpha = x + prior
        # Each tail directly (the upper one as the lower tail of the mirrored
        # posterior, promoters and detractors swapped), not as 1 - the other.
        prob_greater = posterior_cdf(-benchmark, alpha[:, ::-1])
        pvalue = _posterior_pvalue(prob_greater, alternative, posterior_cdf(benchmark, alpha))
        # A benchmark of +/-100: no posterior mass beyond it, whatever the data.
        pvalue = np.where((np.abs(benchmark) >= 1.0) & ~np.isnan(edge), edge, pvalue)
        statistic, se = nan, dirichlet_difference_sd(alpha)
        low, high = _one_sample_bounds(x, method, confidence, alternative, options)
    elif method == "bootstrap":
        rng = options.rng or as_generator(None)
        reps = bootstrap_replicates(x, options.resamples, rng)
        null = bootstrap_replicates(restricted_shares(x, benchmark) * n[:, None], options.resamples, rng)
        pvalue = _sample_pvalue(null, estimate, benchmark, alternative)
        statistic, se = nan, reps.std(axis=1, ddof=1)
        low, high = _one_sample_bounds(x, method, confidence, alternative, options)
    else:
        if method == "score":
            statistic = tango_statistic(x, benchmark)  # NaN only for 0/0: the sample on a +/-100 benchmark
            _, se = wald_moments(x)
        else:
            centre, se = wald_moments(x + ROCKS_PSEUDO if method == "adjusted-wald" else x)
            with np.errstate(divide="ignore", invalid="ignore"):
                statistic = np.where(se > 0, (centre - benchmark) / se, np.nan)
        pvalue = _normal_pvalue(statistic, alternative)
        pvalue = np.where(np.isnan(statistic), edge, pvalue)
        low, high = _one_sample_bounds(x, method, confidence, alternative, options)
        if method == "wald":
            low, high = _nan_rows(~(se > 0), low, high)
    se, low, high, statistic, pvalue = _nan_rows(~(n > 0), se, low, high, statistic, pvalue)
    if prob_greater is not None:
        prob_greater = np.where(n > 0, prob_greater, np.nan)
    return ComparisonArrays(
        estimate - benchmark, se, low - benchmark, high - benchmark, statistic, pvalue, prob_greater
    )


def _one_sample_bounds(
    x: FloatArray, method: str, confidence: float, alternative: str, options: IntervalOptions
) -> tuple[FloatArray, FloatArray]:
    """NPS bounds from the single-sample interval methods, one-sided when asked."""
    level = confidence if alternative == "two-sided" else 2.0 * confidence - 1.0
    bounds = interval_arrays(x, x, method=method, confidence=level, options=options)
    low = bounds.low if alternative != "less" else np.full_like(bounds.low, -1.0)
    high = bounds.high if alternative != "greater" else np.full_like(bounds.high, 1.0)
    return low, high


def two_sample_arrays(
    xa: FloatArray,
    xb: FloatArray,
    *,
    method: str,
    confidence: float,
    alternative: str,
    options: IntervalOptions,
) -> ComparisonArrays:
    """Tests of NPS_a = NPS_b for each row pair of effective counts (independent samples)."""
    na, nb = xa.sum(axis=1), xb.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = (xa[:, 2] - xa[:, 0]) / na - (xb[:, 2] - xb[:, 0]) / nb
    nan = np.full_like(difference, np.nan)
    prob_greater = None
    if method in ("wald", "adjusted-wald", "score"):
        pseudo = ROCKS_PSEUDO if method == "adjusted-wald" else 0.0
        ea, sa = wald_moments(xa + pseudo)
        eb, sb = wald_moments(xb + pseudo)
        se = np.sqrt(sa * sa + sb * sb)
        z_low, z_high = _z_bounds(confidence, alternative)
        if method == "score":
            statistic = two_sample_score_z(xa, xb, np.zeros_like(difference))
            low, high = two_sample_score_interval(xa, xb, z_low, z_high)
        else:
            centre = ea - eb  # the adjusted difference for adjusted Wald (Rocks; MeasuringU)
            with np.errstate(divide="ignore", invalid="ignore"):  # se = 0: 0/0, and inf * 0 one-sided
                statistic = np.where(se > 0, centre / se, np.nan)
                low, high = centre - z_low * se, centre + z_high * se
            low, high = _nan_rows(~(se > 0), low, high)
        pvalue = _normal_pvalue(statistic, alternative)
        if method == "wald":
            # All of a promoters and all of b detractors (or the reverse): with H0's
            # common NPS Delta the chance is ((1 + Delta)/2)^n_a ((1 - Delta)/2)^n_b,
            # largest at Delta = (n_a - n_b) / (n_a + n_b).
            from scipy.special import xlogy

            top = _all_in(xa, 2) & _all_in(xb, 0)
            bottom = _all_in(xa, 0) & _all_in(xb, 2)
            total = na + nb
            with np.errstate(divide="ignore", invalid="ignore"):
                tail = np.exp(xlogy(na, na / total) + xlogy(nb, nb / total))
            edge = _edge_pvalue(tail, _direction(top, bottom), alternative)
            pvalue = np.where(np.isnan(statistic), edge, pvalue)
    elif method == "bootstrap":
        rng = options.rng or as_generator(None)
        reps = bootstrap_replicates(xa, options.resamples, rng) - bootstrap_replicates(
            xb, options.resamples, rng
        )
        # Null distribution: both samples resampled from the estimate restricted to equal NPS.
        common = common_delta(xa, xb, np.zeros_like(difference))
        null = bootstrap_replicates(restricted_shares(xa, common) * na[:, None], options.resamples, rng)
        null -= bootstrap_replicates(restricted_shares(xb, common) * nb[:, None], options.resamples, rng)
        pvalue = _sample_pvalue(null, difference, np.zeros_like(difference), alternative)
        se, statistic = reps.std(axis=1, ddof=1), nan
        low, high = _quantile_bounds(reps, confidence, alternative, 2.0)
    else:
        rng = options.rng or as_generator(None)
        prior = ADJUSTED_PRIOR if method == "adjusted-bayes" else np.asarray(options.prior)
        draws = _dirichlet_draws(xa + prior, options.resamples, rng)
        draws -= _dirichlet_draws(xb + prior, options.resamples, rng)
        prob_greater = (draws > 0).mean(axis=1)
        pvalue = _posterior_pvalue(prob_greater, alternative)
        se, statistic = draws.std(axis=1, ddof=1), nan
        low, high = _quantile_bounds(draws, confidence, alternative, 2.0)
    empty = ~((na > 0) & (nb > 0))
    se, low, high, statistic, pvalue = _nan_rows(empty, se, low, high, statistic, pvalue)
    if prob_greater is not None:
        prob_greater = np.where(empty, np.nan, prob_greater)
    return ComparisonArrays(
        difference, se, np.clip(low, -2, 2), np.clip(high, -2, 2), statistic, pvalue, prob_greater
    )


_CHANGES = np.arange(-2.0, 3.0)  # per-person change in category, a minus b


def paired_arrays(
    changes: FloatArray, *, method: str, confidence: float, alternative: str, options: IntervalOptions
) -> ComparisonArrays:
    """Tests of mean change = 0 for each row of counts of changes -2..+2 (k, 5)."""
    n = changes.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (changes @ _CHANGES) / n
        variance = (changes @ _CHANGES**2 - n * mean**2) / (n - 1)  # sample variance, ddof = 1
        se = np.sqrt(np.maximum(variance, 0.0) / n)
    nan = np.full_like(mean, np.nan)
    # Every pair moving +2 (-2): under H0 (mean change 0) at most half the
    # people can move +2 (the rest -2), so P(such a sample | H0) <= 2^-n.
    edge = _edge_pvalue(0.5**n, _direction(_all_in(changes, 4), _all_in(changes, 0)), alternative)
    spread = se > 0  # False for one pair (no SD), or when every pair changed alike
    prob_greater = None
    if method == "wald":
        z_low, z_high = _z_bounds(confidence, alternative)
        with np.errstate(divide="ignore", invalid="ignore"):  # se = 0: 0/0, and inf * 0 one-sided
            statistic = np.where(spread, mean / se, np.nan)
            low, high = mean - z_low * se, mean + z_high * se
        pvalue = np.where(spread, _normal_pvalue(statistic, alternative), edge)
        low, high = _nan_rows(~spread, low, high)
    elif method == "bootstrap":
        rng = options.rng or as_generator(None)
        size = np.maximum(n, 1).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(n[:, None] > 0, changes / n[:, None], 0.2)
        draws = rng.multinomial(size, shares, size=(options.resamples, changes.shape[0]))
        reps = (draws @ _CHANGES / size).T
        # Shift method: the centred replicates estimate the null distribution;
        # with no spread in the data they are all 0, which is no null distribution.
        pvalue = _sample_pvalue(reps - mean[:, None], mean, np.zeros_like(mean), alternative)
        pvalue = np.where(spread, pvalue, edge)
        se, statistic = np.where(n > 1, reps.std(axis=1, ddof=1), np.nan), nan
        low, high = _quantile_bounds(reps, confidence, alternative, 2.0)
        low, high = _nan_rows(~spread, low, high)
    else:
        rng = options.rng or as_generator(None)
        alpha = changes + 0.5  # Jeffreys prior on the five change categories
        gammas = rng.standard_gamma(alpha[:, None, :], size=(changes.shape[0], options.resamples, 5))
        draws = (gammas @ _CHANGES) / gammas.sum(axis=2)
        prob_greater = (draws > 0).mean(axis=1)
        pvalue = _posterior_pvalue(prob_greater, alternative)
        se, statistic = draws.std(axis=1, ddof=1), nan
        low, high = _quantile_bounds(draws, confidence, alternative, 2.0)
    empty = ~(n > 0)
    se, low, high, statistic, pvalue = _nan_rows(empty, se, low, high, statistic, pvalue)
    if prob_greater is not None:
        prob_greater = np.where(empty, np.nan, prob_greater)
    return ComparisonArrays(
        mean, se, np.clip(low, -2, 2), np.clip(high, -2, 2), statistic, pvalue, prob_greater
    )
