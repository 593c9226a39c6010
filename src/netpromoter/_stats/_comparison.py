"""Tests and intervals for differences of NPS, vectorised over rows of counts.

Every function takes (k, 3) arrays of (effective) counts and returns arrays on
the -1..1 scale: independent samples, one sample against a benchmark, and
paired answers (counts of per-person changes -2..+2).

Margins (``margin``, on the same scale, one per row or one for all) move the
null hypothesis away from "no difference" to "no difference that matters":
``"greater"`` tests H0: diff <= margin, ``"less"`` H0: diff >= -margin,
``"two-sided"`` H0: |diff| <= margin and ``"equivalence"`` H0: |diff| >= margin
(two one-sided tests, Schuirmann 1987). Each method supplies one function,
the p-value of a one-sided test against any null value (its own statistic
with a shifted null: the score statistic at the shifted difference, Wald's
z, the bootstrap from the estimate restricted to that difference, the
posterior tail beyond it), and :func:`margin_test` combines them the same way
for every method.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._input._options import as_generator
from ..typing import FloatArray
from ._bootstrap import bootstrap_replicates
from ._dirichlet import dirichlet_difference_cdf, dirichlet_difference_sd
from ._intervals import ADJUSTED_PRIOR, ROCKS_PSEUDO, IntervalOptions, interval_arrays, wald_moments
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
    """Critical values for the lower and upper bound (inf: that side is open).

    Equivalence has both one-sided bounds: the (2 confidence - 1) two-sided
    interval, inside (-margin, margin) exactly when both one-sided tests reject.
    """
    if alternative == "two-sided":
        z = normal_ppf(0.5 + confidence / 2.0)
        return z, z
    z = normal_ppf(confidence)
    if alternative == "equivalence":
        return z, z
    return (z, math.inf) if alternative == "greater" else (math.inf, z)


def _tail_probabilities(confidence: float, alternative: str) -> tuple[float, float]:
    """Quantile levels of the lower and upper bound (0 / 1: that side is open)."""
    if alternative == "two-sided":
        tail = (1.0 - confidence) / 2.0
        return tail, 1.0 - tail
    if alternative == "equivalence":
        return 1.0 - confidence, confidence
    return (1.0 - confidence, 1.0) if alternative == "greater" else (0.0, confidence)


#: p-value of a one-sided test against a null value per row: ``test(null, side)`` with
#: side "greater" (H0: diff <= null), "less" (H0: diff >= null) or "two-sided"
#: (H0: diff = null; only asked with null 0).
OneSidedTest = Callable[[FloatArray, str], FloatArray]


def as_margins(margin: float | FloatArray, rows: int) -> FloatArray:
    """The margin of each row (a number for all, or one per row), as floats."""
    values: FloatArray = np.broadcast_to(np.asarray(margin, dtype=np.float64), (rows,)).copy()
    return values


def margin_test(
    test: OneSidedTest, margin: FloatArray, alternative: str, low_edge: FloatArray, high_edge: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """p-value for the null set by ``margin`` and ``alternative``, and the null value it binds at.

    - "greater": H0 diff <= m, the one-sided test at m;
    - "less": H0 diff >= -m, the one-sided test at -m;
    - "equivalence": H0 |diff| >= m, the larger p of the tests at -m (greater)
      and at m (less): two one-sided tests (Schuirmann 1987);
    - "two-sided": H0 |diff| <= m. With m = 0 the method's own two-sided
      test. With m > 0 the p-value is the chance, at the boundary, of a
      difference at least as far out as the one observed on either side,
      sup over |diff| <= m of P(|D| >= |d|) = P_m(D >= |d|) + P_{-m}(D >= |d|)
      for a location family: the two one-sided tails at m and -m on the side
      of the estimate (the smaller of the two sums). Its size at the boundary
      is the nominal level, where "the interval excludes [-m, m]" would give
      half of it.

    A null value outside [low_edge, high_edge] (the range of the difference)
    makes its one-sided null hypothesis either everything (p = 1) or
    nothing (p = 0); such rows are not passed to ``test``. The binding null
    is returned so a method can report its statistic there.
    """
    inside = 0.5 * (low_edge + high_edge)

    def bounded(null: FloatArray, side: str) -> FloatArray:
        below, above = null < low_edge, null > high_edge
        if not (below.any() or above.any()):
            return test(null, side)
        p = test(np.where(below | above, inside, null), side)
        everything, nothing = (above, below) if side == "greater" else (below, above)
        out: FloatArray = np.where(everything, 1.0, np.where(nothing, 0.0, p))
        return out

    if alternative == "greater":
        return bounded(margin, "greater"), margin
    if alternative == "less":
        return bounded(-margin, "less"), -margin
    if alternative == "equivalence":
        lower, upper = bounded(-margin, "greater"), bounded(margin, "less")
        return np.maximum(lower, upper), np.where(lower >= upper, -margin, margin)
    zero = np.zeros_like(margin)
    wide = margin > 0
    plain = test(zero, "two-sided") if not wide.all() else zero
    if not wide.any():
        return plain, zero
    up = bounded(margin, "greater") + bounded(-margin, "greater")
    down = bounded(-margin, "less") + bounded(margin, "less")
    folded = np.minimum(np.minimum(up, down), 1.0)
    return np.where(wide, folded, plain), np.where(wide, np.where(up <= down, margin, -margin), zero)


def _normal_test(statistic: Callable[[FloatArray], FloatArray]) -> OneSidedTest:
    """One-sided tests from a z statistic that falls as the null value rises."""

    def test(null: FloatArray, side: str) -> FloatArray:
        return _normal_pvalue(statistic(null), side)

    return test


def _memo(function: Callable[[FloatArray], FloatArray]) -> Callable[[FloatArray], FloatArray]:
    """``function`` evaluated once per null array (a resampled null distribution is costly)."""
    found: dict[bytes, FloatArray] = {}

    def cached(null: FloatArray) -> FloatArray:
        key = null.tobytes()
        if key not in found:
            found[key] = function(null)
        return found[key]

    return cached


def _sample_pvalue(
    replicates: FloatArray, observed: FloatArray, null: FloatArray, alternative: str
) -> FloatArray:
    """Resampling p-value, (count + 1) / (B + 1) (Davison & Hinkley 1997, 4.4)."""
    b = replicates.shape[1]
    dev, obs = replicates - null[:, None], (observed - null)[:, None]
    if alternative == "greater":
        hits = (dev >= obs - 1e-12).sum(axis=1)
    elif alternative == "less":
        hits = (dev <= obs + 1e-12).sum(axis=1)
    else:
        hits = (np.abs(dev) >= np.abs(obs) - 1e-12).sum(axis=1)
    p: FloatArray = (hits + 1.0) / (b + 1.0)
    return p


def _quantile_bounds(
    draws: FloatArray, confidence: float, alternative: str, edge: float
) -> tuple[FloatArray, FloatArray]:
    lower_p, upper_p = _tail_probabilities(confidence, alternative)
    low = np.quantile(draws, lower_p, axis=1) if lower_p > 0 else np.full(draws.shape[0], -edge)
    high = np.quantile(draws, upper_p, axis=1) if upper_p < 1 else np.full(draws.shape[0], edge)
    return low, high


def _posterior_pvalue(prob_greater: FloatArray, alternative: str) -> FloatArray:
    if alternative == "greater":
        return 1.0 - prob_greater
    if alternative == "less":
        return prob_greater
    return np.minimum(2.0 * np.minimum(prob_greater, 1.0 - prob_greater), 1.0)


def _dirichlet_draws(alpha: FloatArray, draws: int, rng: np.random.Generator) -> FloatArray:
    """(k, draws) posterior draws of theta_P - theta_D (Dirichlet via gammas)."""
    gammas = rng.standard_gamma(alpha[:, None, :], size=(alpha.shape[0], draws, 3))
    result: FloatArray = (gammas[..., 2] - gammas[..., 0]) / gammas.sum(axis=2)
    return result


@dataclass(frozen=True, slots=True)
class NullTest:
    """A method's one-sided tests against any null value, per row, and what its intervals need.

    ``pvalue(null, side)`` is the :data:`OneSidedTest`; ``statistic_at(null)``
    the z statistic at a null value (None for resampling and Bayesian
    methods); ``edges`` the range of the difference; ``draws`` the bootstrap
    replicates or posterior draws of the difference (their quantiles are the
    interval).
    """

    difference: FloatArray
    se: FloatArray
    pvalue: OneSidedTest
    edges: tuple[FloatArray, FloatArray]
    statistic_at: Callable[[FloatArray], FloatArray] | None = None
    draws: FloatArray | None = None
    probability_greater: FloatArray | None = None

    def decide(self, margin: float | FloatArray, alternative: str) -> tuple[FloatArray, FloatArray]:
        """(p-value, statistic) for the null hypothesis set by ``margin`` and ``alternative``."""
        low_edge, high_edge = self.edges
        pvalue, null = margin_test(
            self.pvalue, as_margins(margin, self.difference.shape[0]), alternative, low_edge, high_edge
        )
        if self.statistic_at is None:
            return pvalue, np.full_like(pvalue, np.nan)
        outside = (null < low_edge) | (null > high_edge)
        if not outside.any():
            return pvalue, self.statistic_at(null)
        inside = np.where(outside, 0.5 * (low_edge + high_edge), null)
        statistic: FloatArray = np.where(outside, np.nan, self.statistic_at(inside))
        return pvalue, statistic


def benchmark_test(
    x: FloatArray, benchmark: FloatArray, *, method: str, options: IntervalOptions
) -> NullTest:
    """One-sample tests of NPS - benchmark against any null value, for each row of counts ``x``."""
    n = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (x[:, 2] - x[:, 0]) / n
    edges = (-1.0 - benchmark, 1.0 - benchmark)
    if method in ("bayes", "adjusted-bayes"):
        prior = ADJUSTED_PRIOR if method == "adjusted-bayes" else np.asarray(options.prior)
        alpha = x + prior
        prob_greater = 1.0 - dirichlet_difference_cdf(benchmark, alpha)

        @_memo
        def beyond(null: FloatArray) -> FloatArray:
            return prob_greater if not null.any() else 1.0 - dirichlet_difference_cdf(benchmark + null, alpha)

        def posterior(null: FloatArray, side: str) -> FloatArray:
            return _posterior_pvalue(beyond(null), side)

        se = dirichlet_difference_sd(alpha)
        return NullTest(estimate - benchmark, se, posterior, edges, probability_greater=prob_greater)
    if method == "bootstrap":
        rng = options.rng or as_generator(None)
        reps = bootstrap_replicates(x, options.resamples, rng)

        @_memo
        def null_replicates(null: FloatArray) -> FloatArray:
            shares = restricted_shares(x, benchmark + null)
            return bootstrap_replicates(shares * n[:, None], options.resamples, rng)

        def resampled(null: FloatArray, side: str) -> FloatArray:
            return _sample_pvalue(null_replicates(null), estimate, benchmark + null, side)

        return NullTest(estimate - benchmark, reps.std(axis=1, ddof=1), resampled, edges)
    if method == "score":
        _, se = wald_moments(x)

        def statistic_at(null: FloatArray) -> FloatArray:
            return tango_statistic(x, benchmark + null)
    else:
        centre, se = wald_moments(x + ROCKS_PSEUDO if method == "adjusted-wald" else x)

        def statistic_at(null: FloatArray) -> FloatArray:
            with np.errstate(divide="ignore", invalid="ignore"):
                z: FloatArray = (centre - benchmark - null) / se
            return z

    return NullTest(estimate - benchmark, se, _normal_test(statistic_at), edges, statistic_at)


def benchmark_arrays(
    x: FloatArray,
    benchmark: FloatArray,
    *,
    method: str,
    confidence: float,
    alternative: str,
    options: IntervalOptions,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """One-sample tests of NPS = benchmark (or beyond ``margin`` of it) for each row of ``x``."""
    test = benchmark_test(x, benchmark, method=method, options=options)
    pvalue, statistic = test.decide(margin, alternative)
    low, high = _one_sample_bounds(x, method, confidence, alternative, options)
    return ComparisonArrays(
        test.difference,
        test.se,
        low - benchmark,
        high - benchmark,
        statistic,
        pvalue,
        test.probability_greater,
    )


def _one_sample_bounds(
    x: FloatArray, method: str, confidence: float, alternative: str, options: IntervalOptions
) -> tuple[FloatArray, FloatArray]:
    """NPS bounds from the single-sample interval methods, one-sided when asked."""
    level = confidence if alternative == "two-sided" else 2.0 * confidence - 1.0
    bounds = interval_arrays(x, x, method=method, confidence=level, options=options)
    low = bounds.low if alternative != "less" else np.full_like(bounds.low, -1.0)
    high = bounds.high if alternative != "greater" else np.full_like(bounds.high, 1.0)  # both: equivalence
    return low, high


def two_sample_test(xa: FloatArray, xb: FloatArray, *, method: str, options: IntervalOptions) -> NullTest:
    """Tests of NPS_a - NPS_b against any null value, for each row pair of counts (independent samples)."""
    na, nb = xa.sum(axis=1), xb.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = (xa[:, 2] - xa[:, 0]) / na - (xb[:, 2] - xb[:, 0]) / nb
    edges = (np.full_like(difference, -2.0), np.full_like(difference, 2.0))
    if method in ("wald", "adjusted-wald", "score"):
        pseudo = ROCKS_PSEUDO if method == "adjusted-wald" else 0.0
        ea, sa = wald_moments(xa + pseudo)
        eb, sb = wald_moments(xb + pseudo)
        se = np.sqrt(sa * sa + sb * sb)
        if method == "score":

            def statistic_at(null: FloatArray) -> FloatArray:
                return two_sample_score_z(xa, xb, null)
        else:
            centre = ea - eb  # the adjusted difference for adjusted Wald (Rocks; MeasuringU)

            def statistic_at(null: FloatArray) -> FloatArray:
                with np.errstate(divide="ignore", invalid="ignore"):
                    z: FloatArray = (centre - null) / se
                return z

        return NullTest(difference, se, _normal_test(statistic_at), edges, statistic_at)
    rng = options.rng or as_generator(None)
    if method == "bootstrap":
        reps = bootstrap_replicates(xa, options.resamples, rng) - bootstrap_replicates(
            xb, options.resamples, rng
        )

        # Null distribution: both samples resampled from the estimate restricted to
        # NPS_a - NPS_b = null (the maximum-likelihood common level Delta for b).
        @_memo
        def null_replicates(null: FloatArray) -> FloatArray:
            common = common_delta(xa, xb, null)
            shares_a, shares_b = restricted_shares(xa, common + null), restricted_shares(xb, common)
            replicates = bootstrap_replicates(shares_a * na[:, None], options.resamples, rng)
            replicates -= bootstrap_replicates(shares_b * nb[:, None], options.resamples, rng)
            return replicates

        def resampled(null: FloatArray, side: str) -> FloatArray:
            return _sample_pvalue(null_replicates(null), difference, null, side)

        return NullTest(difference, reps.std(axis=1, ddof=1), resampled, edges, draws=reps)
    prior = ADJUSTED_PRIOR if method == "adjusted-bayes" else np.asarray(options.prior)
    draws = _dirichlet_draws(xa + prior, options.resamples, rng)
    draws -= _dirichlet_draws(xb + prior, options.resamples, rng)
    prob_greater = (draws > 0).mean(axis=1)

    def posterior(null: FloatArray, side: str) -> FloatArray:
        above = prob_greater if not null.any() else (draws > null[:, None]).mean(axis=1)
        return _posterior_pvalue(above, side)

    se = draws.std(axis=1, ddof=1)
    return NullTest(difference, se, posterior, edges, draws=draws, probability_greater=prob_greater)


def two_sample_arrays(
    xa: FloatArray,
    xb: FloatArray,
    *,
    method: str,
    confidence: float,
    alternative: str,
    options: IntervalOptions,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """Tests of NPS_a = NPS_b (or a difference beyond ``margin``) for each row pair (independent samples)."""
    test = two_sample_test(xa, xb, method=method, options=options)
    pvalue, statistic = test.decide(margin, alternative)
    if test.draws is not None:
        low, high = _quantile_bounds(test.draws, confidence, alternative, 2.0)
    else:
        z_low, z_high = _z_bounds(confidence, alternative)
        if method == "score":
            low, high = two_sample_score_interval(xa, xb, z_low, z_high)
        else:
            centre = test.difference
            if method == "adjusted-wald":
                ea, _ = wald_moments(xa + ROCKS_PSEUDO)
                eb, _ = wald_moments(xb + ROCKS_PSEUDO)
                centre = ea - eb
            low, high = centre - z_low * test.se, centre + z_high * test.se
    empty = (xa.sum(axis=1) == 0) | (xb.sum(axis=1) == 0)
    if empty.any():
        pvalue = np.where(empty, np.nan, pvalue)
    return ComparisonArrays(
        test.difference,
        test.se,
        np.clip(low, -2, 2),
        np.clip(high, -2, 2),
        statistic,
        pvalue,
        test.probability_greater,
    )


_CHANGES = np.arange(-2.0, 3.0)  # per-person change in category, a minus b


def paired_test(changes: FloatArray, *, method: str, options: IntervalOptions) -> NullTest:
    """Tests of the mean change against any null value, for each row of counts of changes -2..+2 (k, 5)."""
    n = changes.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (changes @ _CHANGES) / n
        variance = (changes @ _CHANGES**2 - n * mean**2) / (n - 1)  # sample variance, ddof = 1
        se = np.sqrt(np.maximum(variance, 0.0) / n)
    edges = (np.full_like(mean, -2.0), np.full_like(mean, 2.0))
    if method == "wald":

        def statistic_at(null: FloatArray) -> FloatArray:
            gap = mean - null
            with np.errstate(divide="ignore", invalid="ignore"):
                z: FloatArray = np.where(
                    se > 0, gap / np.where(se > 0, se, 1.0), np.where(gap == 0, 0.0, np.sign(gap) * np.inf)
                )
            return z

        return NullTest(mean, se, _normal_test(statistic_at), edges, statistic_at)
    rng = options.rng or as_generator(None)
    if method == "bootstrap":
        size = np.maximum(n, 1).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(n[:, None] > 0, changes / n[:, None], 0.2)
        draws = rng.multinomial(size, shares, size=(options.resamples, changes.shape[0]))
        reps = (draws @ _CHANGES / size).T

        def resampled(null: FloatArray, side: str) -> FloatArray:
            # Shift method: the replicates moved to the null value estimate its distribution.
            return _sample_pvalue(reps - (mean - null)[:, None], mean, null, side)

        return NullTest(mean, reps.std(axis=1, ddof=1), resampled, edges, draws=reps)
    alpha = changes + 0.5  # Jeffreys prior on the five change categories
    gammas = rng.standard_gamma(alpha[:, None, :], size=(changes.shape[0], options.resamples, 5))
    posterior_draws = (gammas @ _CHANGES) / gammas.sum(axis=2)
    prob_greater = (posterior_draws > 0).mean(axis=1)

    def posterior(null: FloatArray, side: str) -> FloatArray:
        above = prob_greater if not null.any() else (posterior_draws > null[:, None]).mean(axis=1)
        return _posterior_pvalue(above, side)

    return NullTest(
        mean,
        posterior_draws.std(axis=1, ddof=1),
        posterior,
        edges,
        draws=posterior_draws,
        probability_greater=prob_greater,
    )


def paired_arrays(
    changes: FloatArray,
    *,
    method: str,
    confidence: float,
    alternative: str,
    options: IntervalOptions,
    margin: float | FloatArray = 0.0,
) -> ComparisonArrays:
    """Tests of mean change = 0 (or beyond ``margin``) for each row of counts of changes -2..+2 (k, 5)."""
    test = paired_test(changes, method=method, options=options)
    pvalue, statistic = test.decide(margin, alternative)
    if test.draws is not None:
        low, high = _quantile_bounds(test.draws, confidence, alternative, 2.0)
    else:
        z_low, z_high = _z_bounds(confidence, alternative)
        low, high = test.difference - z_low * test.se, test.difference + z_high * test.se
    return ComparisonArrays(
        test.difference,
        test.se,
        np.clip(low, -2, 2),
        np.clip(high, -2, 2),
        statistic,
        pvalue,
        test.probability_greater,
    )
