"""``compare()``: is a difference in NPS real? Two samples, a benchmark, or paired answers."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .._counts._counts import Counts, to_counts
from .._counts._ratings import RatingCounts, metric_counts, metric_scale
from .._input._align import align_inputs
from .._input._metric import NPS, Metric
from .._input._options import (
    COMPARE_ALTERNATIVES,
    MISSING_POLICIES,
    PAIRED_METHODS,
    check_benchmark,
    check_choice,
    check_confidence,
    check_flag,
    check_margin,
    check_method,
    check_weights_pair,
    split_method,
)
from .._input._pairs import pair_up
from .._input._plain import fmt_p, fmt_points, html_table
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import validate_scores
from .._results._base import Result
from .._results._values import ConfidenceInterval, NPSResult, counts_design
from .._stats._comparison import (
    ComparisonArrays,
    benchmark_arrays,
    paired_arrays,
    two_sample_arrays,
)
from .._stats._intervals import (
    IntervalOptions,
    effective_counts,
)
from .._stats._means import mean_benchmark_arrays, mean_moments, paired_mean_arrays, welch_arrays
from .._stats._sharetests import share_paired_arrays
from ..errors import EmptyDataWarning, InvalidOptionError, InvalidScoreError, InvalidTypeError
from ..typing import CompareAlternative, FloatArray, Method, MissingPolicy
from ._score import rating_moments, score_counts

if TYPE_CHECKING:
    from ..typing import LabelsLike, Prior, RNGLike, ScoresLike, WeightsLike

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
        p-value for the chosen ``alternative`` and ``margin`` (see
        :func:`compare`). For ``"bayes"``: the posterior probability of the
        null side (doubled, two-sided).
    method, confidence, alternative, kind : str, float, str, str
        ``kind`` is ``"two-sample"``, ``"benchmark"`` or ``"paired"``. With
        ``alternative="equivalence"`` ``ci`` is the (2 confidence - 1)
        interval, inside (-margin, margin) exactly when equivalence is shown.
    a, b : NPSResult
        Per-sample results (``b`` is None against a benchmark).
    benchmark : float or None
        The benchmark NPS, in points.
    probability_greater : float or None
        Bayesian methods: posterior probability that a > b (or a > benchmark).
    dropped_pairs : int
        Paired: pairs left out because one side was missing.
    margin : float
        The smallest difference that matters, in points (0: any difference).
    unpaired : int
        Paired by index or ``respondents``: answers (of a or b) whose person
        has no answer on the other side, left out.

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
    margin: float = 0.0
    unpaired: int = 0

    @property
    def significant(self) -> bool:
        """True when the p-value is below 1 - confidence.

        With a ``margin``: the difference exceeds it (beyond the margin in
        the direction of ``alternative``); with ``"equivalence"``: the two
        NPS differ by less than the margin.
        """
        return bool(self.pvalue < 1.0 - self.confidence)

    def _hypothesis(self) -> str:
        name = self.a.metric.name
        other = "b" if self.kind != "benchmark" else f"{self.benchmark:+g}"
        left = f"{name}(a)" if self.kind != "paired" else f"{name} after (a)"
        right = other if self.kind != "paired" else f"{name} before (b)"
        if self.margin == 0 and self.alternative != "equivalence":
            relation = {"two-sided": "!=", "greater": ">", "less": "<"}[self.alternative]
            return f"H1: {left} {relation} {right}"
        gap, m = f"{left} - {right}", f"{self.margin:g}"
        return (
            "H1: "
            + {
                "two-sided": f"|{gap}| > {m}",
                "greater": f"{gap} > {m}",
                "less": f"{gap} < -{m}",
                "equivalence": f"|{gap}| < {m}",
            }[self.alternative]
        )

    def _verdict(self) -> str:
        if self.alternative == "equivalence":
            within = f"within +/-{self.margin:g} {self._unit()}"
            return f"equivalent {within}" if self.significant else f"not shown equivalent {within}"
        verdict = "significant" if self.significant else "not significant"
        if self.margin == 0:
            return verdict
        return f"{verdict} beyond the {self.margin:g}-{self._unit(plural=False)} margin"

    def _unit(self, plural: bool = True) -> str:
        kind = self.a.metric.kind
        unit = {"net": "point", "share": "percentage-point", "mean": "scale-unit"}[kind]
        return unit.replace("-", " ") + "s" if plural else unit

    def _fmt(self, value: float) -> str:
        return fmt_points(value, 2 if self.a.metric.kind == "mean" else 1)

    def __repr__(self) -> str:
        return (
            f"Comparison(kind={self.kind!r}, difference={self.difference:.2f}, "
            f"ci=({self.ci.low:.2f}, {self.ci.high:.2f}), pvalue={self.pvalue:.4g}, "
            f"method={self.method!r}, alternative={self.alternative!r}"
            + (f", margin={self.margin:g})" if self.margin else ")")
        )

    def __str__(self) -> str:
        shown = 2 * self.confidence - 1 if self.alternative == "equivalence" else self.confidence
        level = f"{100 * shown:g}%"
        return (
            f"difference {self._fmt(self.difference)} ({level} CI {self._fmt(self.ci.low)} to "
            f"{self._fmt(self.ci.high)}), p {'' if self.pvalue < 0.001 else '= '}{fmt_p(self.pvalue)}, "
            f"{self._verdict()} ({self.method})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ["Hypothesis", self._hypothesis()],
            [f"{self.a.metric.name} a", f"{self.a.metric.format(self.a.nps)} (n = {self.a.n:,})"],
        ]
        if self.b is not None:
            rows.append([f"{self.b.metric.name} b", f"{self.b.metric.format(self.b.nps)} (n = {self.b.n:,})"])
        if self.benchmark is not None:
            rows.append(["Benchmark", self.a.metric.format(self.benchmark)])
        shown = 2 * self.confidence - 1 if self.alternative == "equivalence" else self.confidence
        rows += [
            ["Difference", self._fmt(self.difference)],
            [f"{100 * shown:g}% CI", f"{self._fmt(self.ci.low)} to {self._fmt(self.ci.high)}"],
            ["p-value", fmt_p(self.pvalue)],
            ["Result", self._verdict()],
        ]
        if self.probability_greater is not None:
            rows.append(["P(a > b)", f"{self.probability_greater:.3f}"])
        caption = f"{self.a.metric.name} comparison ({self.kind}, {self.method})"
        return html_table(["", ""], rows, caption=caption)


# -- the public function -------------------------------------------------------------------------


def compare(
    a: ScoresLike | Counts | RatingCounts,
    b: ScoresLike | Counts | RatingCounts | None = None,
    *,
    metric: Metric = NPS,
    weights: WeightsLike | tuple[WeightsLike | None, WeightsLike | None] | None = None,
    benchmark: float | None = None,
    paired: bool = False,
    method: Method | None = None,
    confidence: float = 0.95,
    alternative: CompareAlternative = "two-sided",
    margin: float = 0.0,
    respondents: tuple[LabelsLike, LabelsLike] | None = None,
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
    a, b : array_like, Counts or RatingCounts
        Scores (one per response) or counts, weighted and clustered counts
        included. Paired comparisons need scores, one per person on each
        side. ``b`` is always a second sample of scores, never weights.
    metric : Metric, default NPS
        What is compared (:data:`CSAT`, :data:`CES`, any share, net score or
        mean); differences, margins and the benchmark are in its unit
        (percentage points for shares, points for net scores, scale units
        for means). See "Other metrics" in Notes.
    weights : pair of array_like, or array_like, optional
        Survey weights. Two samples: a pair ``(weights_a, weights_b)``, one
        weight per response of each (``None`` for a sample given as scores
        without weights, or as ``Counts``, which carry their own). Benchmark:
        one array, for ``a``. Paired: one array, one weight per answer of
        ``a`` (a pair takes the weight of its ``a`` answer).
    benchmark : float, optional
        A fixed NPS in points (-100..100); not together with ``b`` or ``paired``.
    paired : bool, default False
        ``a`` and ``b`` are the same respondents: matched by ``respondents``
        when given, by index label when both are pandas Series (people on
        one side only are left out and counted in ``unpaired``), else
        position by position. Pairs where either answer is missing are
        dropped and counted in ``dropped_pairs``.
    method : str, optional
        Independent samples and benchmark: ``"score"`` (default), ``"wald"``,
        ``"adjusted-wald"``, ``"bootstrap"``, ``"bayes"``, ``"adjusted-bayes"``.
        Paired: ``"wald"`` (default), ``"bootstrap"``, ``"bayes"``. See Notes.
    confidence : float, default 0.95
        Confidence level of the interval; ``significant`` means p < 1 - confidence.
    alternative : {"two-sided", "greater", "less", "equivalence"}, default "two-sided"
        ``"greater"``: H1 is that a exceeds b (or the benchmark) by more than
        ``margin``; ``"less"``: that a falls short by more than ``margin``;
        ``"two-sided"``: either; ``"equivalence"``: that the two differ by
        less than ``margin`` (two one-sided tests; needs a margin > 0).
    margin : float, default 0
        The smallest difference that matters, in NPS points (a finite number
        >= 0). The null hypothesis is then |difference| <= margin
        (``"two-sided"``), difference <= margin (``"greater"``), difference >=
        -margin (``"less"``) or |difference| >= margin (``"equivalence"``), and
        ``pvalue`` and ``significant`` are for that null. See Notes.
    respondents : pair of array_like, optional
        Paired only: the respondent id of each answer in ``a`` and in ``b``;
        answers are matched by id (each id at most once per side).
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
        Paired samples of different lengths (matched by position), ids of
        another length than their answers, or a person twice on one side.

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

    With a ``margin`` m every method tests its own statistic against a
    shifted null: the score statistic at the difference m, Wald's z =
    (difference - m) / se, the bootstrap from the estimate restricted to a
    difference of m, the posterior probability beyond m. One-sided and
    equivalence tests (Schuirmann 1987) combine one-sided tests at +m and -m;
    the two-sided test's p-value is the chance, at the boundary |difference|
    = m, of a difference at least as far out as the one observed on either
    side, so its size at the boundary is the nominal level (docs/methods.md
    has a simulation). The interval does not depend on the margin.

    Weighted and clustered samples enter every method through their
    effective counts, as in :func:`score`: with ``"wald"`` the SE of a - b is
    sqrt(SE_a^2 + SE_b^2) from each sample's linearisation (cluster-robust
    for clustered ``Counts``) variance, i.e. ``survey::svyby`` with the
    samples as strata and ``svycontrast``; the other methods see n / deff
    responses per sample. Weighted paired answers: the mean change is
    weighted and its variance is n / (n - 1) sum w^2 (change - mean)^2 /
    (sum w)^2, which is the ddof = 1 variance for weights of 1.

    Other metrics. A share's counts (top box against the rest) enter the
    kernels above as a binomial (the rest as detractors, no passives, so the
    restricted estimates stay binomial): ``"score"`` (default) is then
    Miettinen & Nurminen's score test for two proportions without their
    n / (n - 1) factor (at a difference of 0 the pooled z test, R
    ``prop.test(correct = FALSE)``), against a benchmark the binomial score
    test (whose interval is Wilson's), ``"wald"`` and ``"bootstrap"`` as
    above; differences are in percentage points. Paired shares use the
    per-person changes of the top-box indicator (-1, 0, +1): ``"score"``
    (default) is Tango's (1998) score test for a paired difference of
    proportions, McNemar's test at a difference of 0 (R ``mcnemar.test(...,
    correct = FALSE)``), which holds its level at 30 pairs where the Wald
    test (``"wald"``) does not (docs/methods.md); ``"bootstrap"`` as above.
    Net scores use every NPS method. Means use ``"t"``: Welch's two-sample t
    test (Welch-Satterthwaite degrees of freedom), the one-sample t test
    against a benchmark, and the paired t test on per-person differences,
    each with the linearisation SE of :func:`score` (R ``t.test`` for
    unweighted data).

    References
    ----------
    .. [1] Miettinen, O. & Nurminen, M. (1985). Comparative analysis of two
       rates. *Statistics in Medicine* 4, 213-226.
    .. [2] Tango, T. (1998). *Statistics in Medicine* 17, 891-908.
    .. [3] Rocks, B. (2016). *The American Statistician* 70(4), 365-372.
    .. [4] Schuirmann, D. J. (1987). A comparison of the two one-sided tests
       procedure and the power approach for assessing the equivalence of
       average bioavailability. *J. Pharmacokinet. Biopharm.* 15, 657-680.

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

    When only differences of more than 5 points matter (app is ahead by more):

    >>> nps.compare(app, web, margin=5).significant
    True

    Two large waves: is this one within 3 points of the last (equivalence)?

    >>> last, this = nps.Counts(2100, 2900, 5000), nps.Counts(2000, 3000, 5000)
    >>> print(nps.compare(this, last, margin=3, alternative="equivalence"))
    difference +1.0 (90% CI -0.8 to +2.8), p = 0.036, equivalent within +/-3 points (score)

    Weights: a pair for two samples, so that ``b`` is never mistaken for them.

    >>> c = nps.compare([10, 9, 3], [7, 0, 10], weights=([1.0, 2.0, 1.0], None))
    >>> round(c.a.nps, 1), round(c.difference, 1)
    (50.0, 50.0)
    """
    level = check_confidence(confidence)
    check_choice(alternative, COMPARE_ALTERNATIVES, "alternative")
    points = check_margin(margin)
    check_choice(missing, MISSING_POLICIES, "missing")
    scale = metric_scale(metric, scale)
    value = None if benchmark is None else check_benchmark(benchmark, metric)
    options = IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="percentile", prior=prior)
    settings = _Settings(level, alternative, points / 100.0, options)
    two_samples = value is None and not check_flag(paired, "paired")
    weights_a, weights_b = check_weights_pair(weights, pair=two_samples)
    if paired:
        if value is not None:
            raise InvalidOptionError(f"benchmark={value:g} cannot be combined with paired=True")
        if metric.kind == "mean":
            check_method(method, "mean", "test", metric=metric.name)
            return _compare_paired_means(a, b, weights_a, respondents, settings, metric, missing)
        paired_methods = PAIRED_METHODS if metric.kind == "net" else ("score", "wald", "bootstrap")
        default = "wald" if metric.kind == "net" else "score"
        chosen_paired = check_choice(method or default, paired_methods, "method (paired)")
        return _compare_paired(a, b, weights_a, respondents, chosen_paired, settings, scale, missing, metric)
    if respondents is not None:
        raise InvalidOptionError("respondents pairs answers; it goes with paired=True")
    chosen = check_method(method, metric.kind, "test", metric=metric.name)
    if metric.kind == "mean":
        return _compare_means(a, b, weights_a, weights_b, value, settings, metric, missing)
    counts_a = _counts(a, weights_a, metric, scale, missing)
    result_a = _sample_result(counts_a, chosen, level, options, metric)
    xa = _effective(counts_a)
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
            margin=settings.margin,
            share=metric.kind == "share",
        )
        _warn_if_empty(a=counts_a)
        return _comparison(arrays, chosen, settings, "benchmark", result_a, None, value)
    if b is None:
        raise InvalidOptionError("compare needs a second sample b, or benchmark=...")
    counts_b = _second_sample(b, weights_b, metric, scale, missing)
    xb = _effective(counts_b)
    arrays = two_sample_arrays(
        xa,
        xb,
        method=chosen,
        confidence=level,
        alternative=alternative,
        options=options,
        margin=settings.margin,
        share=metric.kind == "share",
    )
    result_b = _sample_result(counts_b, chosen, level, options, metric)
    _warn_if_empty(a=counts_a, b=counts_b)
    return _comparison(arrays, chosen, settings, "two-sample", result_a, result_b, None)


@dataclass(frozen=True, slots=True)
class _Settings:
    """What every design shares: level, alternative, margin (on -1..1) and resampling options."""

    level: float
    alternative: str
    margin: float
    options: IntervalOptions


def _effective(counts: Counts) -> FloatArray:
    """Effective counts (1, 3) of one sample: its weights and clusters as a design effect."""
    products, clusters = counts_design(counts)
    return effective_counts(counts.as_array()[None, :], counts.squared_array()[None, :], products, clusters)


_B_IS_SCORES = (
    "; b is a second sample of scores, not weights: weights go in weights=(weights_a, weights_b), "
    "or weights=... with benchmark= or paired=True"
)


def _counts(data: Any, weights: Any, metric: Metric, scale: Scale, missing: MissingPolicy) -> Counts:
    """One sample's counts: the NPS's on ``scale``, another share or net metric's in its boxes."""
    if metric == NPS:
        return to_counts(data, weights, scale=scale, missing=missing)
    return metric_counts(data, weights, metric=metric, clusters=None, missing=missing)[0]


def _second_sample(b: Any, weights: Any, metric: Metric, scale: Scale, missing: MissingPolicy) -> Counts:
    """Sample b's counts; invalid scores say that b is not where weights go."""
    try:
        return _counts(b, weights, metric, scale, missing)
    except (InvalidScoreError, InvalidTypeError) as error:
        if weights is not None or isinstance(b, Counts):
            raise
        raise type(error)(f"{error}{_B_IS_SCORES}") from None


def _sample_result(
    counts: Counts, method: Method, level: float, options: IntervalOptions, metric: Metric = NPS
) -> NPSResult:
    # Each sample's own interval is score()'s, whose bootstrap default is BCa; a
    # test method that is no interval method of the metric (a share's "score")
    # gives the metric's default interval.
    interval = split_method(method, metric.kind, metric=metric.name)[0]
    return score_counts(
        counts, method=interval, level=level, options=replace(options, bootstrap="bca"), metric=metric
    )


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
    settings: _Settings,
    kind: str,
    a: NPSResult,
    b: NPSResult | None,
    benchmark: float | None,
    dropped: int = 0,
    unpaired: int = 0,
) -> Comparison:
    prob = None if arrays.probability_greater is None else float(arrays.probability_greater[0])
    unit = 1.0 if a.metric.kind == "mean" else 100.0  # the kernels of means work in scale units
    low, high = unit * float(arrays.low[0]), unit * float(arrays.high[0])
    if a.metric.kind == "share":  # a difference of shares spans -100..100, not the NPS's -200..200
        bottom, top = (-100.0, 100.0) if benchmark is None else (-benchmark, 100.0 - benchmark)
        low, high = max(low, bottom), min(high, top)
    return Comparison(
        difference=unit * float(arrays.difference[0]),
        se=unit * float(arrays.se[0]),
        ci=ConfidenceInterval(low, high),
        statistic=float(arrays.statistic[0]),
        pvalue=float(arrays.pvalue[0]),
        method=method,
        confidence=settings.level,
        alternative=settings.alternative,
        kind=kind,
        a=a,
        b=b,
        benchmark=benchmark,
        probability_greater=prob,
        dropped_pairs=dropped,
        margin=100.0 * settings.margin,
        unpaired=unpaired,
    )


def _compare_paired(
    a: Any,
    b: Any,
    weights: Any,
    respondents: Any,
    method: str,
    settings: _Settings,
    scale: Scale,
    missing: str,
    metric: Metric = NPS,
) -> Comparison:
    kept_a, kept_b, w, dropped, unpaired = _pairs(a, b, weights, respondents, scale, missing)
    change = category_index(kept_a, scale) - category_index(kept_b, scale)
    counts = np.bincount(change + 2, minlength=5).astype(np.float64)[None, :]
    if w is not None:
        counts = _weighted_changes(change + 2, w)
    if method == "score":  # a share's paired score test (Tango; McNemar's at 0)
        arrays = share_paired_arrays(
            counts,
            confidence=settings.level,
            alternative=settings.alternative,
            margin=settings.margin,
            options=settings.options,
        )
    else:
        arrays = paired_arrays(
            counts,
            method=method,
            confidence=settings.level,
            alternative=settings.alternative,
            options=settings.options,
            margin=settings.margin,
        )
    default = IntervalOptions.build(rng=None, resamples=9999, bootstrap="bca", prior=None)
    counts_a, counts_b = (
        Counts.from_scores(kept_a, w, scale=scale),
        Counts.from_scores(kept_b, w, scale=scale),
    )
    interval = check_method(None, metric.kind, "interval")
    result_a, result_b = (
        score_counts(counts, method=interval, level=settings.level, options=default, metric=metric)
        for counts in (counts_a, counts_b)
    )
    _warn_if_no_pairs(counts_a, dropped)
    return _comparison(arrays, method, settings, "paired", result_a, result_b, None, dropped, unpaired)


def _pairs(
    a: Any, b: Any, weights: Any, respondents: Any, scale: Scale, missing: str
) -> tuple[Any, Any, FloatArray | None, int, int]:
    """The two answers of each pair with both, a's weights, pairs dropped and answers unpaired."""
    if b is None:
        raise InvalidOptionError("paired=True needs both a and b (the same people's answers)")
    if isinstance(a, (Counts, RatingCounts)) or isinstance(b, (Counts, RatingCounts)):
        raise InvalidOptionError("paired=True needs per-person scores, not Counts")
    _, weights = align_inputs([("a", a), ("weights", weights)])
    valid_a = validate_scores(a, scale=scale, missing=missing, weights=weights)
    try:
        valid_b = validate_scores(b, scale=scale, missing=missing)
    except (InvalidScoreError, InvalidTypeError) as error:
        raise type(error)(f"{error}{_B_IS_SCORES}") from None
    pairing = pair_up(a, b, respondents, ("a", "b"), (valid_a.length, valid_b.length))
    keep = np.ones(pairing.first.shape[0], dtype=bool)
    for mask, positions in ((valid_a.missing_mask, pairing.first), (valid_b.missing_mask, pairing.second)):
        if mask is not None:
            keep &= ~mask[positions]
    kept_a, kept_b = valid_a.values[pairing.first[keep]], valid_b.values[pairing.second[keep]]
    w = None if valid_a.weights is None else valid_a.weights[pairing.first[keep]]
    dropped = int(pairing.first.shape[0] - np.count_nonzero(keep))
    return kept_a, kept_b, w, dropped, pairing.unpaired


def _warn_if_no_pairs(counts: Counts, dropped: int) -> None:
    if not counts.total > 0:
        message = f"no pair has both answers ({dropped} dropped): the comparison is NaN"
        warnings.warn(EmptyDataWarning(message), stacklevel=4)


_CHANGE_VALUES = np.arange(-2.0, 3.0)


def _weighted_changes(index: Any, w: FloatArray) -> FloatArray:
    """Effective counts (1, 5) of weighted per-person changes -2..+2.

    With shares s / W, weighted variance V of the changes and the weighted
    variance of their mean var = n / (n - 1) sum w^2 (change - mean)^2 / W^2,
    the shares are scaled to N = 1 + V / var responses, at which the
    unweighted (ddof = 1) variance V / (N - 1) is var; weights of 1 give N = n.
    Where var = 0 (every change equal), Kish's W^2 / sum w^2.
    """
    n = w.shape[0]
    sums = np.bincount(index, weights=w, minlength=5)
    squares = np.bincount(index, weights=w * w, minlength=5)
    total = sums.sum()
    if not total > 0:
        return np.zeros((1, 5))
    share = sums / total
    mean = float(share @ _CHANGE_VALUES)
    spread = float(share @ (_CHANGE_VALUES - mean) ** 2)
    variance = n / (n - 1) * float((squares / total) @ (_CHANGE_VALUES - mean) ** 2) / total if n > 1 else 0.0
    size = 1.0 + spread / variance if variance > 0 else total**2 / float(squares.sum())
    whole = round(size)
    if abs(size - whole) <= 1e-9 * whole:  # weights of 1: exactly the unweighted counts
        size = float(whole)
    counts: FloatArray = (share * size)[None, :]
    return counts


def _compare_means(
    a: Any,
    b: Any,
    weights_a: Any,
    weights_b: Any,
    benchmark: float | None,
    settings: _Settings,
    metric: Metric,
    missing: MissingPolicy,
) -> Comparison:
    """Welch's t test of two means, or the one-sample t test against a benchmark (scale units)."""
    margin = 100.0 * settings.margin  # the margin as given, in scale units
    counts_a, ratings_a = metric_counts(a, weights_a, metric=metric, clusters=None, missing=missing)
    result_a = _mean_result(counts_a, ratings_a, settings.level, metric)
    moments_a = rating_moments(ratings_a) if ratings_a is not None else None
    assert moments_a is not None  # a mean's counts always come with their histogram
    if benchmark is not None:
        if b is not None:
            raise InvalidOptionError("give either b (a second sample) or benchmark, not both")
        arrays = mean_benchmark_arrays(
            moments_a,
            np.array([benchmark]),
            confidence=settings.level,
            alternative=settings.alternative,
            margin=margin,
        )
        _warn_if_empty(a=counts_a)
        return _comparison(arrays, "t", settings, "benchmark", result_a, None, benchmark)
    if b is None:
        raise InvalidOptionError("compare needs a second sample b, or benchmark=...")
    try:
        counts_b, ratings_b = metric_counts(b, weights_b, metric=metric, clusters=None, missing=missing)
    except (InvalidScoreError, InvalidTypeError) as error:
        if weights_b is not None or isinstance(b, RatingCounts):
            raise
        raise type(error)(f"{error}{_B_IS_SCORES}") from None
    assert ratings_b is not None
    arrays = welch_arrays(
        moments_a,
        rating_moments(ratings_b),
        confidence=settings.level,
        alternative=settings.alternative,
        margin=margin,
    )
    result_b = _mean_result(counts_b, ratings_b, settings.level, metric)
    _warn_if_empty(a=counts_a, b=counts_b)
    return _comparison(arrays, "t", settings, "two-sample", result_a, result_b, None)


def _mean_result(counts: Counts, ratings: RatingCounts | None, level: float, metric: Metric) -> NPSResult:
    default = IntervalOptions.build(rng=None, resamples=9999, bootstrap="bca", prior=None)
    return score_counts(counts, method="t", level=level, options=default, metric=metric, ratings=ratings)


def _compare_paired_means(
    a: Any, b: Any, weights: Any, respondents: Any, settings: _Settings, metric: Metric, missing: str
) -> Comparison:
    """The paired t test on the histogram of per-person differences a - b."""
    kept_a, kept_b, w, dropped, unpaired = _pairs(a, b, weights, respondents, metric.scale, missing)
    span = metric.maximum - metric.minimum
    difference = kept_a.astype(np.intp) - kept_b.astype(np.intp) + span
    weight = np.ones(difference.shape[0]) if w is None else w
    sums = np.bincount(difference, weights=weight, minlength=2 * span + 1).astype(np.float64)[None, :]
    squares = np.bincount(difference, weights=weight * weight, minlength=2 * span + 1).astype(np.float64)[
        None, :
    ]
    moments = mean_moments(
        sums, squares, np.arange(-span, span + 1, dtype=np.float64), np.array([float(difference.shape[0])])
    )
    arrays = paired_mean_arrays(
        moments, confidence=settings.level, alternative=settings.alternative, margin=100.0 * settings.margin
    )
    ratings_a, ratings_b = (RatingCounts.from_scores(kept, w, metric=metric) for kept in (kept_a, kept_b))
    counts_a = metric_counts(ratings_a, None, metric=metric, clusters=None, missing="omit")[0]
    counts_b = metric_counts(ratings_b, None, metric=metric, clusters=None, missing="omit")[0]
    result_a = _mean_result(counts_a, ratings_a, settings.level, metric)
    result_b = _mean_result(counts_b, ratings_b, settings.level, metric)
    _warn_if_no_pairs(counts_a, dropped)
    return _comparison(arrays, "t", settings, "paired", result_a, result_b, None, dropped, unpaired)
