"""``compare()``: is a difference in NPS real? Two samples, a benchmark, or paired answers."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .._counts._counts import Counts, to_counts
from .._input._align import align_inputs
from .._input._options import (
    ALTERNATIVES,
    MISSING_POLICIES,
    PAIRED_METHODS,
    TWO_SAMPLE_METHODS,
    check_choice,
    check_confidence,
    check_flag,
    check_points,
    check_scale,
)
from .._input._plain import fmt_p, fmt_points, html_table
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import check_same_length, validate_scores
from .._results._base import Result
from .._results._values import ConfidenceInterval, NPSResult
from .._stats._comparison import (
    ComparisonArrays,
    benchmark_arrays,
    paired_arrays,
    two_sample_arrays,
)
from .._stats._intervals import (
    DEFAULT_METHOD,
    IntervalOptions,
    effective_counts,
)
from ..errors import EmptyDataWarning, InvalidOptionError
from ..typing import Alternative, Method, MissingPolicy
from ._score import score_counts

if TYPE_CHECKING:
    from ..typing import Prior, RNGLike, ScoresLike

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True, slots=True, repr=False)
class Comparison(Result):
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

    ``to_dict()`` and ``to_frame()`` also report ``significant``.
    """

    _derived: ClassVar[tuple[str, ...]] = ("significant",)

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


# -- the public function -------------------------------------------------------------------------


def compare(
    a: ScoresLike | Counts,
    b: ScoresLike | Counts | None = None,
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
    prior: Prior | None = None,
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
        A fixed NPS in points (-100..100); not together with ``b`` or ``paired``.
    paired : bool, default False
        ``a`` and ``b`` are the same respondents, position by position (two
        pandas Series: by index label). Pairs where either answer is missing
        are dropped and counted.
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
    rng : int or numpy.random.Generator, optional
        Randomness of the resampling methods (``"bootstrap"``, and the Monte
        Carlo draws of the Bayesian methods for two samples and paired
        answers). The default ``None`` is a fixed seed, so the same call
        always gives the same result; pass a seed or a Generator for other draws.
    resamples : int, default 9999
        Bootstrap resamples or Monte Carlo draws, at least 100.
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
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    value = None if benchmark is None else check_points(benchmark, "benchmark")
    options = IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="percentile", prior=prior)
    if check_flag(paired, "paired"):
        if value is not None:
            raise InvalidOptionError(f"benchmark={value:g} cannot be combined with paired=True")
        chosen_paired = check_choice(method or "wald", PAIRED_METHODS, "method (paired)")
        return _compare_paired(a, b, chosen_paired, level, alternative, scale, missing, options)
    chosen = check_choice(method or "score", TWO_SAMPLE_METHODS, "method")
    counts_a = to_counts(a, scale=scale, missing=missing)
    result_a = _sample_result(counts_a, chosen, level, options)
    xa = effective_counts(counts_a.as_array()[None, :], counts_a.squared_array()[None, :])
    if value is not None:
        if b is not None:
            raise InvalidOptionError("give either b (a second sample) or benchmark, not both")
        arrays = benchmark_arrays(
            xa,
            np.array([value / 100.0]),
            method=chosen,
            confidence=level,
            alternative=alternative,
            options=options,
        )
        _warn_if_empty(a=counts_a)
        return _comparison(arrays, chosen, level, alternative, "benchmark", result_a, None, value)
    if b is None:
        raise InvalidOptionError("compare needs a second sample b, or benchmark=...")
    counts_b = to_counts(b, scale=scale, missing=missing)
    xb = effective_counts(counts_b.as_array()[None, :], counts_b.squared_array()[None, :])
    arrays = two_sample_arrays(
        xa, xb, method=chosen, confidence=level, alternative=alternative, options=options
    )
    result_b = _sample_result(counts_b, chosen, level, options)
    _warn_if_empty(a=counts_a, b=counts_b)
    return _comparison(arrays, chosen, level, alternative, "two-sample", result_a, result_b, None)


def _sample_result(counts: Counts, method: Method, level: float, options: IntervalOptions) -> NPSResult:
    # Each sample's own interval is score()'s, whose bootstrap default is BCa.
    return score_counts(counts, method=method, level=level, options=replace(options, bootstrap="bca"))


def _warn_if_empty(**samples: Counts) -> None:
    """One EmptyDataWarning per call, naming every sample without responses."""
    empty = [name for name, counts in samples.items() if not counts.total > 0]
    if empty:
        what = " and ".join(f"sample {name}" for name in empty)
        verb = "has" if len(empty) == 1 else "have"
        warnings.warn(EmptyDataWarning(f"{what} {verb} no responses: the comparison is NaN"), stacklevel=3)


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
    a, b = align_inputs([("a", a), ("b", b)])
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
    default = IntervalOptions.build(rng=None, resamples=9999, bootstrap="bca", prior=None)
    counts_a, counts_b = Counts.from_scores(kept_a, scale=scale), Counts.from_scores(kept_b, scale=scale)
    result_a = score_counts(counts_a, method=DEFAULT_METHOD, level=level, options=default)
    result_b = score_counts(counts_b, method=DEFAULT_METHOD, level=level, options=default)
    dropped = int(valid_a.length - np.count_nonzero(keep))
    if not counts_a.total > 0:
        message = f"no pair has both answers ({dropped} dropped): the comparison is NaN"
        warnings.warn(EmptyDataWarning(message), stacklevel=3)
    return _comparison(arrays, method, level, alternative, "paired", result_a, result_b, None, dropped)
