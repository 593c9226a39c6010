"""``compare()``: is a difference in NPS real? Two samples, a benchmark, or paired answers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ._bootstrap import bootstrap_replicates
from ._dirichlet import dirichlet_difference_cdf, dirichlet_difference_sd
from ._display import fmt_p, fmt_points, html_table, records_frame
from ._normal import normal_ppf
from ._tango import tango_statistic
from ._twosample import _common_delta, restricted_shares, two_sample_score_interval, two_sample_score_z
from ._typing import ALTERNATIVES, Alternative, FloatArray, Method, MissingPolicy
from ._validate import as_generator, check_choice, check_confidence, check_same_length, validate_scores
from .counts import Counts, to_counts
from .errors import InvalidOptionError
from .intervals import (
    ADJUSTED_PRIOR,
    JEFFREYS_PRIOR,
    ROCKS_PSEUDO,
    IntervalOptions,
    effective_counts,
    interval_arrays,
    wald_moments,
)
from .results import ConfidenceInterval, NPSResult
from .scale import STANDARD, Scale, category_index
from .scoring import score

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ._typing import RNGLike

__all__ = ["Comparison", "compare"]

#: Methods for independent samples and for a benchmark.
TWO_SAMPLE_METHODS = ("score", "wald", "adjusted-wald", "bootstrap", "bayes", "adjusted-bayes")
#: Methods for paired answers.
PAIRED_METHODS = ("wald", "bootstrap", "bayes")


@dataclass(frozen=True, slots=True, repr=False)
class Comparison:
    """The difference a - b (or a - benchmark) with its test and interval.

    Attributes
    ----------
    difference : float
        Observed difference in NPS points (a - b, a - benchmark, or the mean
        per-person change for paired answers).
    se : float
        Standard error of the difference, in points, from the method.
    ci : ConfidenceInterval
        Interval for the difference; one-sided alternatives give a one-sided
        interval whose other end is the edge of the possible range.
    statistic : float
        z statistic (NaN for ``"bayes"`` and ``"bootstrap"``).
    pvalue : float
        p-value for the chosen ``alternative``. For ``"bayes"``: the posterior
        probability of the null side (doubled, two-sided).
    method, confidence, alternative, kind : str, float, str, str
        ``kind`` is ``"two-sample"``, ``"benchmark"`` or ``"paired"``.
    a, b : NPSResult
        Per-sample results (``b`` is None against a benchmark).
    benchmark : float or None
        The benchmark NPS, in points.
    probability_greater : float or None
        Bayesian methods: posterior probability that a > b (or a > benchmark).
    dropped_pairs : int
        Paired: pairs left out because one side was missing.
    """

    difference: float
    se: float
    ci: ConfidenceInterval
    statistic: float
    pvalue: float
    method: str
    confidence: float
    alternative: str
    kind: str
    a: NPSResult
    b: NPSResult | None
    benchmark: float | None = None
    probability_greater: float | None = None
    dropped_pairs: int = 0

    @property
    def significant(self) -> bool:
        """True when the p-value is below 1 - confidence."""
        return bool(self.pvalue < 1.0 - self.confidence)

    def to_dict(self) -> dict[str, Any]:
        """Plain Python types."""
        return {
            "kind": self.kind,
            "difference": self.difference,
            "se": self.se,
            "ci_low": self.ci.low,
            "ci_high": self.ci.high,
            "statistic": self.statistic,
            "pvalue": self.pvalue,
            "significant": self.significant,
            "method": self.method,
            "confidence": self.confidence,
            "alternative": self.alternative,
            "benchmark": self.benchmark,
            "probability_greater": self.probability_greater,
            "dropped_pairs": self.dropped_pairs,
            "nps_a": self.a.nps,
            "n_a": self.a.n,
            "nps_b": None if self.b is None else self.b.nps,
            "n_b": None if self.b is None else self.b.n,
        }

    def to_frame(self) -> Any:
        """A one-row pandas DataFrame (needs pandas)."""
        return records_frame([self.to_dict()])

    def _hypothesis(self) -> str:
        other = "b" if self.kind != "benchmark" else f"{self.benchmark:+g}"
        relation = {"two-sided": "!=", "greater": ">", "less": "<"}[self.alternative]
        left = "NPS(a)" if self.kind != "paired" else "NPS after (a)"
        return f"H1: {left} {relation} {other if self.kind != 'paired' else 'NPS before (b)'}"

    def __repr__(self) -> str:
        return (
            f"Comparison(kind={self.kind!r}, difference={self.difference:.2f}, "
            f"ci=({self.ci.low:.2f}, {self.ci.high:.2f}), pvalue={self.pvalue:.4g}, "
            f"method={self.method!r}, alternative={self.alternative!r})"
        )

    def __str__(self) -> str:
        level = f"{100 * self.confidence:g}%"
        verdict = "significant" if self.significant else "not significant"
        return (
            f"difference {fmt_points(self.difference)} ({level} CI {fmt_points(self.ci.low)} to "
            f"{fmt_points(self.ci.high)}), p {'' if self.pvalue < 0.001 else '= '}{fmt_p(self.pvalue)}, "
            f"{verdict} ({self.method})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ["Hypothesis", self._hypothesis()],
            ["NPS a", f"{fmt_points(self.a.nps)} (n = {self.a.n:,})"],
        ]
        if self.b is not None:
            rows.append(["NPS b", f"{fmt_points(self.b.nps)} (n = {self.b.n:,})"])
        if self.benchmark is not None:
            rows.append(["Benchmark", fmt_points(self.benchmark)])
        rows += [
            ["Difference", fmt_points(self.difference)],
            [f"{100 * self.confidence:g}% CI", f"{fmt_points(self.ci.low)} to {fmt_points(self.ci.high)}"],
            ["p-value", fmt_p(self.pvalue)],
            ["Significant", "yes" if self.significant else "no"],
        ]
        if self.probability_greater is not None:
            rows.append(["P(a > b)", f"{self.probability_greater:.3f}"])
        return html_table(["", ""], rows, caption=f"NPS comparison ({self.kind}, {self.method})")


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
    prob_greater = None
    if method in ("bayes", "adjusted-bayes"):
        prior = ADJUSTED_PRIOR if method == "adjusted-bayes" else np.asarray(options.prior)
        alpha = x + prior
        cdf = dirichlet_difference_cdf(benchmark, alpha)
        prob_greater = 1.0 - cdf
        pvalue = _posterior_pvalue(prob_greater, alternative)
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
            statistic = tango_statistic(x, benchmark)
            _, se = wald_moments(x)
        else:
            centre, se = wald_moments(x + ROCKS_PSEUDO if method == "adjusted-wald" else x)
            with np.errstate(divide="ignore", invalid="ignore"):
                statistic = (centre - benchmark) / se
        pvalue = _normal_pvalue(statistic, alternative)
        low, high = _one_sample_bounds(x, method, confidence, alternative, options)
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
            with np.errstate(divide="ignore", invalid="ignore"):
                statistic = centre / se
            low, high = centre - z_low * se, centre + z_high * se
        pvalue = _normal_pvalue(statistic, alternative)
    elif method == "bootstrap":
        rng = options.rng or as_generator(None)
        reps = bootstrap_replicates(xa, options.resamples, rng) - bootstrap_replicates(
            xb, options.resamples, rng
        )
        # Null distribution: both samples resampled from the estimate restricted to equal NPS.
        common = _common_delta(xa, xb, np.zeros_like(difference))
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
    empty = (na == 0) | (nb == 0)
    if empty.any():
        pvalue = np.where(empty, np.nan, pvalue)
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
    prob_greater = None
    if method == "wald":
        z_low, z_high = _z_bounds(confidence, alternative)
        with np.errstate(divide="ignore", invalid="ignore"):
            statistic = np.where(
                se > 0, mean / np.where(se > 0, se, 1.0), np.where(mean == 0, 0.0, np.sign(mean) * np.inf)
            )
        pvalue = _normal_pvalue(statistic, alternative)
        low, high = mean - z_low * se, mean + z_high * se
    elif method == "bootstrap":
        rng = options.rng or as_generator(None)
        size = np.maximum(n, 1).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(n[:, None] > 0, changes / n[:, None], 0.2)
        draws = rng.multinomial(size, shares, size=(options.resamples, changes.shape[0]))
        reps = (draws @ _CHANGES / size).T
        # Shift method: the centred replicates estimate the null distribution.
        pvalue = _sample_pvalue(reps - mean[:, None], mean, np.zeros_like(mean), alternative)
        se, statistic = reps.std(axis=1, ddof=1), nan
        low, high = _quantile_bounds(reps, confidence, alternative, 2.0)
    else:
        rng = options.rng or as_generator(None)
        alpha = changes + 0.5  # Jeffreys prior on the five change categories
        gammas = rng.standard_gamma(alpha[:, None, :], size=(changes.shape[0], options.resamples, 5))
        draws = (gammas @ _CHANGES) / gammas.sum(axis=2)
        prob_greater = (draws > 0).mean(axis=1)
        pvalue = _posterior_pvalue(prob_greater, alternative)
        se, statistic = draws.std(axis=1, ddof=1), nan
        low, high = _quantile_bounds(draws, confidence, alternative, 2.0)
    return ComparisonArrays(
        mean, se, np.clip(low, -2, 2), np.clip(high, -2, 2), statistic, pvalue, prob_greater
    )


# -- the public function -------------------------------------------------------------------------


def compare(
    a: ArrayLike | Counts,
    b: ArrayLike | Counts | None = None,
    *,
    benchmark: float | None = None,
    paired: bool = False,
    method: Method | None = None,
    confidence: float = 0.95,
    alternative: Alternative = "two-sided",
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    rng: RNGLike = None,
    resamples: int = 9999,
    prior: tuple[float, float, float] | None = None,
) -> Comparison:
    """Test whether two NPS differ, or an NPS differs from a benchmark.

    Three designs:

    - ``compare(a, b)``: independent samples (e.g. two regions); the
      difference is NPS(a) - NPS(b).
    - ``compare(a, benchmark=34)``: one sample against a fixed NPS such as an
      industry average; the difference is NPS(a) - 34.
    - ``compare(after, before, paired=True)``: the same people answering
      twice; the difference is the mean per-person change in category
      (-2..+2, x 100), which equals NPS(after) - NPS(before) on the pairs used.

    Parameters
    ----------
    a, b : array_like or Counts
        Scores (one per response) or counts, weighted counts included.
        Paired comparisons need scores of equal length, aligned by person.
    benchmark : float, optional
        A fixed NPS in points (-100..100); not together with ``b``.
    paired : bool, default False
        ``a`` and ``b`` are the same respondents, position by position. Pairs
        where either answer is missing are dropped and counted.
    method : str, optional
        Independent samples and benchmark: ``"score"`` (default), ``"wald"``,
        ``"adjusted-wald"``, ``"bootstrap"``, ``"bayes"``, ``"adjusted-bayes"``.
        Paired: ``"wald"`` (default), ``"bootstrap"``, ``"bayes"``. See Notes.
    confidence : float, default 0.95
        Confidence level of the interval; ``significant`` means p < 1 - confidence.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        ``"greater"``: H1 is that a exceeds b (or the benchmark).
    scale, missing
        As in :func:`netpromoter.score`.
    rng, resamples
        Randomness and resample count for ``"bootstrap"``, and the Monte Carlo
        draws of the Bayesian methods for two samples (``None``: a fixed seed).
    prior : tuple of 3 floats, optional
        Dirichlet prior for ``"bayes"`` (default Jeffreys).

    Returns
    -------
    Comparison

    Raises
    ------
    InvalidOptionError
        Unknown method or alternative; confidence outside (0, 1); ``b`` and
        ``benchmark`` both given, or neither; a method not available for the
        design; ``paired`` with counts.
    LengthMismatchError
        Paired samples of different lengths.

    Notes
    -----
    Independent samples, with V = p + d - (p - d)^2 per sample:

    - ``"wald"``: z = (NPS_a - NPS_b) / sqrt(V_a/n_a + V_b/n_b), unpooled.
    - ``"adjusted-wald"``: the same after adding (0.75, 1.5, 0.75) to each
      sample (Rocks 2016; MeasuringU), centred on the adjusted difference.
    - ``"score"``: the score test with the variance at the maximum-likelihood
      estimate restricted to the null difference (Miettinen & Nurminen 1985's
      construction for two trinomial differences, using Tango's closed-form
      restricted MLE within each sample); the interval inverts the test. It
      holds its level better than Wald at small n (docs/compare.md).
    - ``"bootstrap"``: each sample's counts resampled independently; percentile
      interval; p-value from resampling both samples under the restricted MLE.
    - ``"bayes"``: Monte Carlo posterior of the difference of two independent
      Dirichlet posteriors; ``probability_greater`` = P(NPS_a > NPS_b | data).

    Benchmark: the single-sample methods of :func:`score` (``"score"`` is
    Tango's test at the benchmark; the Bayesian ones use the exact posterior
    CDF). Paired: ``"wald"`` is the z test on per-person changes with their
    sample SD (ddof = 1); it is more powerful than the independent test
    whenever the two answers of a person are positively correlated.

    References
    ----------
    .. [1] Miettinen, O. & Nurminen, M. (1985). Comparative analysis of two
       rates. *Statistics in Medicine* 4, 213-226.
    .. [2] Tango, T. (1998). *Statistics in Medicine* 17, 891-908.
    .. [3] Rocks, B. (2016). *The American Statistician* 70(4), 365-372.

    Examples
    --------
    >>> import netpromoter as nps
    >>> web = nps.Counts(detractors=90, passives=90, promoters=120)
    >>> app = nps.Counts(detractors=60, passives=90, promoters=150)
    >>> c = nps.compare(app, web)
    >>> round(c.difference, 1), round(c.pvalue, 4), c.significant
    (20.0, 0.0026, True)
    >>> round(nps.compare(app, benchmark=34).pvalue, 3)
    0.368
    """
    level = check_confidence(confidence)
    check_choice(alternative, ALTERNATIVES, "alternative")
    options = IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="percentile", prior=prior)
    if paired:
        return _compare_paired(a, b, method or "wald", level, alternative, scale, missing, options)
    chosen = method or "score"
    check_choice(chosen, TWO_SAMPLE_METHODS, "method")
    counts_a = to_counts(a, scale=scale, missing=missing)
    result_a = _sample_result(counts_a, chosen, level, options)
    xa = effective_counts(counts_a.as_array()[None, :], counts_a.squared_array()[None, :])
    if benchmark is not None:
        if b is not None:
            raise InvalidOptionError("give either b (a second sample) or benchmark, not both")
        value = _check_benchmark(benchmark)
        arrays = benchmark_arrays(
            xa,
            np.array([value / 100.0]),
            method=chosen,
            confidence=level,
            alternative=alternative,
            options=options,
        )
        return _comparison(arrays, chosen, level, alternative, "benchmark", result_a, None, value)
    if b is None:
        raise InvalidOptionError("compare needs a second sample b, or benchmark=...")
    counts_b = to_counts(b, scale=scale, missing=missing)
    xb = effective_counts(counts_b.as_array()[None, :], counts_b.squared_array()[None, :])
    arrays = two_sample_arrays(
        xa, xb, method=chosen, confidence=level, alternative=alternative, options=options
    )
    result_b = _sample_result(counts_b, chosen, level, options)
    return _comparison(arrays, chosen, level, alternative, "two-sample", result_a, result_b, None)


def _check_benchmark(benchmark: object) -> float:
    if isinstance(benchmark, bool) or not isinstance(benchmark, (int, float, np.integer, np.floating)):
        raise InvalidOptionError(f"benchmark must be an NPS in points, got {benchmark!r}")
    value = float(benchmark)
    if not -100.0 <= value <= 100.0:
        raise InvalidOptionError(f"benchmark must be between -100 and 100 NPS points, got {benchmark!r}")
    return value


def _sample_result(counts: Counts, method: str, level: float, options: IntervalOptions) -> NPSResult:
    return score(
        counts,
        confidence=level,
        method=method,  # type: ignore[arg-type]
        rng=options.rng,
        resamples=options.resamples,
        prior=None if options.prior == JEFFREYS_PRIOR else options.prior,
    )


def _comparison(
    arrays: ComparisonArrays,
    method: str,
    level: float,
    alternative: str,
    kind: str,
    a: NPSResult,
    b: NPSResult | None,
    benchmark: float | None,
    dropped: int = 0,
) -> Comparison:
    prob = None if arrays.probability_greater is None else float(arrays.probability_greater[0])
    return Comparison(
        difference=100.0 * float(arrays.difference[0]),
        se=100.0 * float(arrays.se[0]),
        ci=ConfidenceInterval(100.0 * float(arrays.low[0]), 100.0 * float(arrays.high[0])),
        statistic=float(arrays.statistic[0]),
        pvalue=float(arrays.pvalue[0]),
        method=method,
        confidence=level,
        alternative=alternative,
        kind=kind,
        a=a,
        b=b,
        benchmark=benchmark,
        probability_greater=prob,
        dropped_pairs=dropped,
    )


def _compare_paired(
    a: Any,
    b: Any,
    method: str,
    level: float,
    alternative: str,
    scale: Scale,
    missing: str,
    options: IntervalOptions,
) -> Comparison:
    if b is None:
        raise InvalidOptionError("paired=True needs both a and b (the same people, position by position)")
    if isinstance(a, Counts) or isinstance(b, Counts):
        raise InvalidOptionError("paired=True needs per-person scores, not Counts")
    check_choice(method, PAIRED_METHODS, "method (paired)")
    valid_a = validate_scores(a, scale=scale, missing=missing)
    valid_b = validate_scores(b, scale=scale, missing=missing)
    check_same_length(valid_a.length, valid_b.length, "a", "b")
    keep = np.ones(valid_a.length, dtype=bool)
    for mask in (valid_a.missing_mask, valid_b.missing_mask):
        if mask is not None:
            keep &= ~mask
    change = category_index(valid_a.values[keep], scale) - category_index(valid_b.values[keep], scale)
    counts = np.bincount(change + 2, minlength=5).astype(np.float64)[None, :]
    arrays = paired_arrays(counts, method=method, confidence=level, alternative=alternative, options=options)
    kept_a, kept_b = valid_a.values[keep], valid_b.values[keep]
    result_a = score(kept_a, scale=scale, confidence=level)
    result_b = score(kept_b, scale=scale, confidence=level)
    dropped = int(valid_a.length - np.count_nonzero(keep))
    return _comparison(arrays, method, level, alternative, "paired", result_a, result_b, None, dropped)
