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


#: Draws (rows x resamples) held at once by the resampling methods: about 16 MB per
#: array of replicates (48 MB of gammas), whatever the number of rows.
_BLOCK_DRAWS = 2_000_000
_RESAMPLING = frozenset({"bootstrap", "bayes", "adjusted-bayes"})


def _in_blocks(
    block: Callable[[slice], ComparisonArrays], k: int, method: str, resamples: int
) -> ComparisonArrays:
    """``block`` on successive row ranges, results joined: O(rows) memory for resampling.

    Closed-form methods run on all rows at once. The resampling methods hold
    (rows x resamples) draws, so they run on blocks of ``_BLOCK_DRAWS //
    resamples`` rows (up to 200 rows at 9,999 resamples: a single block, and
    the same random stream as one call, for every report of that size).
    """
    size = max(1, _BLOCK_DRAWS // resamples)
    if method not in _RESAMPLING or k <= size:
        return block(slice(0, k))
    parts = [block(slice(start, min(start + size, k))) for start in range(0, k, size)]
    joined = {
        name: np.concatenate([getattr(part, name) for part in parts])
        for name in ("difference", "se", "low", "high", "statistic", "pvalue")
    }
    greater = [part.probability_greater for part in parts]
    both = None if any(g is None for g in greater) else np.concatenate([g for g in greater if g is not None])
    return ComparisonArrays(**joined, probability_greater=both)


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


def _with_edge(statistic_at: Callable[[FloatArray], FloatArray], edge: OneSidedTest | None) -> OneSidedTest:
    """Normal-theory tests from a z statistic; where it is NaN (a zero SE), the exact edge p-value."""
    at = _memo(statistic_at)  # the two-sided margin test asks each null value twice

    def test(null: FloatArray, side: str) -> FloatArray:
        statistic = at(null)
        pvalue = _normal_pvalue(statistic, side)
        return pvalue if edge is None else np.where(np.isnan(statistic), edge(null, side), pvalue)

    return test


def benchmark_test(
    x: FloatArray, benchmark: FloatArray, *, method: str, options: IntervalOptions
) -> NullTest:
    """One-sample tests of NPS - benchmark against any null value, for each row of counts ``x``."""
    n = x.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (x[:, 2] - x[:, 0]) / n
    edges = (-1.0 - benchmark, 1.0 - benchmark)
    top, bottom = _all_in(x, 2), _all_in(x, 0)
    direction = _direction(top, bottom)

    def edge(null: FloatArray, side: str) -> FloatArray:
        # All promoters (all detractors): under NPS = level the largest promoter (detractor)
        # share is (1 + level) / 2 ((1 - level) / 2), so P(such a sample | H0) <= that^n.
        level = benchmark + null
        with np.errstate(invalid="ignore"):
            tail = np.where(top, 0.5 * (1.0 + level), 0.5 * (1.0 - level)) ** n
        return _edge_pvalue(tail, direction, side)

    if method in ("bayes", "adjusted-bayes"):
        prior = ADJUSTED_PRIOR if method == "adjusted-bayes" else np.asarray(options.prior)
        alpha = x + prior

        @_memo
        def tails(null: FloatArray) -> FloatArray:
            # Each tail directly (the upper one as the lower tail of the mirrored
            # posterior, promoters and detractors swapped), not as 1 - the other.
            level = benchmark + null
            return np.stack([posterior_cdf(-level, alpha[:, ::-1]), posterior_cdf(level, alpha)])

        def posterior(null: FloatArray, side: str) -> FloatArray:
            above, below = tails(null)
            pvalue = _posterior_pvalue(above, side, below)
            # A null level of +/-100: no posterior mass beyond it, whatever the data.
            exact = edge(null, side)
            return np.where((np.abs(benchmark + null) >= 1.0) & ~np.isnan(exact), exact, pvalue)

        prob_greater = tails(np.zeros_like(benchmark))[0]
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
            # NaN only for 0/0: the sample on a +/-100 null level.
            return tango_statistic(x, benchmark + null)
    else:
        centre, se = wald_moments(x + ROCKS_PSEUDO if method == "adjusted-wald" else x)

        def statistic_at(null: FloatArray) -> FloatArray:
            with np.errstate(divide="ignore", invalid="ignore"):
                z: FloatArray = np.where(se > 0, (centre - benchmark - null) / se, np.nan)
            return z

    return NullTest(estimate - benchmark, se, _with_edge(statistic_at, edge), edges, statistic_at)


def share_rows(x: FloatArray) -> FloatArray:
    """A share's counts (0, rest, top) as (rest, 0, top): a binomial in the NPS kernels' form.

    With no passives, p - d = 2 share - 1 and every restricted maximum-likelihood
    estimate keeps the passive share at 0, so the kernels' score, likelihood-ratio
    and resampling tests become the binomial ones (Miettinen-Nurminen's score
    test, the G test of homogeneity). In the (0, rest, top) layout they would
    not: the restricted MLE there may give detractors a positive share.
    """
    swapped: FloatArray = x[..., [1, 0, 2]]
    return swapped


def _halved(arrays: ComparisonArrays) -> ComparisonArrays:
    """Differences of 2 share - 1 as differences of shares (statistics and p-values unchanged)."""
    return ComparisonArrays(
        difference=arrays.difference / 2.0,
        se=arrays.se / 2.0,
        low=arrays.low / 2.0,
        high=arrays.high / 2.0,
        statistic=arrays.statistic,
        pvalue=arrays.pvalue,
        probability_greater=arrays.probability_greater,
    )


def benchmark_arrays(
    x: FloatArray,
    benchmark: FloatArray,
    *,
    method: str,
    confidence: float,
    alternative: str,
    options: IntervalOptions,
    margin: float | FloatArray = 0.0,
    share: bool = False,
) -> ComparisonArrays:
    """One-sample tests of NPS = benchmark (or beyond ``margin`` of it) for each row of ``x``.

    Resampling methods run on blocks of rows (:func:`_in_blocks`), so memory
    stays bounded however many rows there are. With ``share``, the rows are a
    share's counts (0, rest, top), the benchmark a share in 0..1, and the test
    the binomial one (:func:`share_rows`).
    """
    margins = as_margins(margin, x.shape[0])
    if share:
        return _halved(
            benchmark_arrays(
                share_rows(x),
                2.0 * benchmark - 1.0,
                method=method,
                confidence=confidence,
                alternative=alternative,
                options=options,
                margin=2.0 * margins,
            )
        )

    return _blocked(
        _benchmark_block,
        x,
        benchmark,
        method=method,
        confidence=confidence,
        alternative=alternative,
        options=options,
        margins=margins,
    )


_Kernel = Callable[..., ComparisonArrays]


def _blocked(
    kernel: _Kernel,
    first: FloatArray,
    second: FloatArray,
    *,
    method: str,
    confidence: float,
    alternative: str,
    options: IntervalOptions,
    margins: FloatArray,
) -> ComparisonArrays:
    """``kernel`` on row blocks of ``first`` and ``second`` (:func:`_in_blocks`: bounded memory)."""

    def block(rows: slice) -> ComparisonArrays:
        return kernel(
            first[rows],
            second[rows],
            method=method,
            confidence=confidence,
            alternative=alternative,
            options=options,
            margin=margins[rows],
        )

    return _in_blocks(block, first.shape[0], method, options.resamples)


def _benchmark_block(
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
    se = test.se
    if method == "wald":
        low, high = _nan_rows(~(se > 0), low, high)
    empty = ~(x.sum(axis=1) > 0)
    se, low, high, statistic, pvalue = _nan_rows(empty, se, low, high, statistic, pvalue)
    prob_greater = test.probability_greater
    if prob_greater is not None:
        prob_greater = np.where(empty, np.nan, prob_greater)
    return ComparisonArrays(
        test.difference, se, low - benchmark, high - benchmark, statistic, pvalue, prob_greater
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
        edge: OneSidedTest | None = None
        if method == "score":

            def statistic_at(null: FloatArray) -> FloatArray:
                return two_sample_score_z(xa, xb, null)
        else:
            centre = ea - eb  # the adjusted difference for adjusted Wald (Rocks; MeasuringU)

            def statistic_at(null: FloatArray) -> FloatArray:
                with np.errstate(divide="ignore", invalid="ignore"):
                    z: FloatArray = np.where(se > 0, (centre - null) / se, np.nan)
                return z

        if method == "wald":
            from scipy.special import xlogy

            top = _all_in(xa, 2) & _all_in(xb, 0)
            bottom = _all_in(xa, 0) & _all_in(xb, 2)
            total = na + nb
            with np.errstate(divide="ignore", invalid="ignore"):
                mix = xlogy(na, na / total) + xlogy(nb, nb / total)

            def edge(null: FloatArray, side: str) -> FloatArray:
                # All of a promoters and all of b detractors (the reverse: -null): under
                # NPS_a - NPS_b = null the chance is ((1 + D + null)/2)^n_a ((1 - D)/2)^n_b,
                # largest at D = (n_a - n_b (1 + null)) / N, where it is
                # ((2 + null)/2)^N (n_a/N)^n_a (n_b/N)^n_b.
                toward = np.where(bottom, -null, null)
                with np.errstate(divide="ignore", invalid="ignore"):
                    tail = np.exp(xlogy(total, 1.0 + 0.5 * toward) + mix)
                return _edge_pvalue(tail, _direction(top, bottom), side)

        return NullTest(difference, se, _with_edge(statistic_at, edge), edges, statistic_at)
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
    share: bool = False,
) -> ComparisonArrays:
    """Tests of NPS_a = NPS_b (or a difference beyond ``margin``) for each row pair (independent samples).

    Resampling methods run on blocks of rows (:func:`_in_blocks`), so memory
    stays bounded however many rows there are. With ``share``, the rows are
    shares' counts (0, rest, top) and the tests the binomial ones (:func:`share_rows`).
    """
    margins = as_margins(margin, xa.shape[0])
    if share:
        return _halved(
            two_sample_arrays(
                share_rows(xa),
                share_rows(xb),
                method=method,
                confidence=confidence,
                alternative=alternative,
                options=options,
                margin=2.0 * margins,
            )
        )

    return _blocked(
        _two_sample_block,
        xa,
        xb,
        method=method,
        confidence=confidence,
        alternative=alternative,
        options=options,
        margins=margins,
    )


def _two_sample_block(
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
    se = test.se
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
            with np.errstate(invalid="ignore"):  # se = 0 one-sided: inf * 0
                low, high = centre - z_low * se, centre + z_high * se
            low, high = _nan_rows(~(se > 0), low, high)
    empty = ~((xa.sum(axis=1) > 0) & (xb.sum(axis=1) > 0))
    se, low, high, statistic, pvalue = _nan_rows(empty, se, low, high, statistic, pvalue)
    prob_greater = test.probability_greater
    if prob_greater is not None:
        prob_greater = np.where(empty, np.nan, prob_greater)
    return ComparisonArrays(
        test.difference, se, np.clip(low, -2, 2), np.clip(high, -2, 2), statistic, pvalue, prob_greater
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
    spread = se > 0  # False for one pair (no SD), or when every pair changed alike
    top, bottom = _all_in(changes, 4), _all_in(changes, 0)

    def edge(null: FloatArray, side: str) -> FloatArray:
        # Every pair moving +2 (-2): under a mean change of null at most (2 + null) / 4
        # ((2 - null) / 4) of the people can move +2 (-2), the rest -2 (+2).
        with np.errstate(invalid="ignore"):
            tail = np.where(top, 0.25 * (2.0 + null), 0.25 * (2.0 - null)) ** n
        return _edge_pvalue(tail, _direction(top, bottom), side)

    if method == "wald":

        def statistic_at(null: FloatArray) -> FloatArray:
            with np.errstate(divide="ignore", invalid="ignore"):
                z: FloatArray = np.where(spread, (mean - null) / se, np.nan)
            return z

        return NullTest(mean, se, _with_edge(statistic_at, edge), edges, statistic_at)
    rng = options.rng or as_generator(None)
    if method == "bootstrap":
        size = np.maximum(n, 1).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(n[:, None] > 0, changes / n[:, None], 0.2)
        draws = rng.multinomial(size, shares, size=(options.resamples, changes.shape[0]))
        reps = (draws @ _CHANGES / size).T

        def resampled(null: FloatArray, side: str) -> FloatArray:
            # Shift method: the replicates moved to the null value estimate its distribution;
            # with no spread in the data they are all one value, which is no null distribution.
            pvalue = _sample_pvalue(reps - (mean - null)[:, None], mean, null, side)
            return np.where(spread, pvalue, edge(null, side))

        se_reps = np.where(n > 1, reps.std(axis=1, ddof=1), np.nan)
        return NullTest(mean, se_reps, resampled, edges, draws=reps)
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
    n = changes.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):  # as in paired_test
        variance = (changes @ _CHANGES**2 - n * test.difference**2) / (n - 1)
        spread = np.sqrt(np.maximum(variance, 0.0) / n) > 0
    if test.draws is not None:
        low, high = _quantile_bounds(test.draws, confidence, alternative, 2.0)
    else:
        z_low, z_high = _z_bounds(confidence, alternative)
        with np.errstate(invalid="ignore"):  # se = 0 one-sided: inf * 0
            low, high = test.difference - z_low * test.se, test.difference + z_high * test.se
    if method != "bayes":  # Wald and the shift-method bootstrap need spread in the changes
        low, high = _nan_rows(~spread, low, high)
    empty = ~(n > 0)
    se, low, high, statistic, pvalue = _nan_rows(empty, test.se, low, high, statistic, pvalue)
    prob_greater = test.probability_greater
    if prob_greater is not None:
        prob_greater = np.where(empty, np.nan, prob_greater)
    return ComparisonArrays(
        test.difference, se, np.clip(low, -2, 2), np.clip(high, -2, 2), statistic, pvalue, prob_greater
    )
