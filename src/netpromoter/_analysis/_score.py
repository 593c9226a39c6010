"""``nps()`` and ``score()``: the NPS of one sample, with its interval."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from .._counts._counts import Counts, to_counts
from .._counts._ratings import RatingCounts, metric_counts, metric_scale
from .._input._metric import NPS, Metric
from .._input._options import check_confidence, check_method
from .._input._scale import STANDARD, Scale
from .._results._values import ConfidenceInterval, NPSResult, counts_design
from .._stats._intervals import DEFAULT_METHOD, IntervalOptions, interval_arrays
from ..errors import EmptyDataWarning
from ..typing import BootstrapKind, Method, MissingPolicy

if TYPE_CHECKING:
    from .._stats._means import MeanMoments
    from ..typing import LabelsLike, Prior, RNGLike, ScoresLike, WeightsLike

__all__ = ["nps", "score"]


def nps(
    scores: ScoresLike | Counts,
    weights: WeightsLike | None = None,
    *,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> float:
    """Net Promoter Score in points: % promoters - % detractors.

    Parameters
    ----------
    scores : array_like or Counts
        One score per response (missing values: NaN, None, ``pd.NA``), or counts.
    weights : array_like, optional
        Survey weights, one per response: the NPS is then sum(w y) / sum(w).
    scale : Scale, default STANDARD
        The response scale (0-10, promoters 9-10, detractors 0-6).
    missing : {"omit", "raise"}, default "omit"
        Leave missing scores out, or raise at the first one.

    Returns
    -------
    float
        NPS in -100..100; NaN if no score is left after removing missing ones.

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.nps([10, 9, 8, 7, 6, 0])
    0.0
    >>> nps.nps([10, 10, 3, None])
    33.33333333333333
    >>> nps.nps([10, 3], weights=[3, 1])
    50.0
    """
    return to_counts(scores, weights, scale=scale, missing=missing).nps


def score(
    data: ScoresLike | Counts | RatingCounts,
    weights: WeightsLike | None = None,
    *,
    metric: Metric = NPS,
    clusters: LabelsLike | None = None,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    confidence: float = 0.95,
    method: Method | None = None,
    rng: RNGLike = None,
    resamples: int = 9999,
    bootstrap: BootstrapKind = "bca",
    prior: Prior | None = None,
) -> NPSResult:
    """NPS (or CSAT, CES, any rating metric) with its standard error and confidence interval.

    Parameters
    ----------
    data : array_like, Counts or RatingCounts
        Scores (one per response), their :class:`Counts`, or their
        :class:`RatingCounts` (responses per scale value).
    weights : array_like, optional
        Survey weights, one per response (not with ``Counts``: weighted counts
        carry their weights already).
    metric : Metric, default NPS
        What to measure: :data:`NPS`, :data:`CSAT`, :data:`CES`, or any
        :meth:`Metric.share`, :meth:`Metric.net` or :meth:`Metric.mean`. The
        scores are checked against its scale. See "Other metrics" in Notes.
    clusters : array_like, optional
        One cluster id per response (respondent, account, store) when answers
        are not independent, e.g. people who answered several times; see
        Notes. Not with ``Counts``: build them with
        ``Counts.from_scores(scores, clusters=...)``.
    scale : Scale, default STANDARD
        The response scale of the NPS (with another ``metric``, its own scale
        applies and ``scale`` must stay the default).
    missing : {"omit", "raise"}, default "omit"
        Leave missing scores out (and count them), or raise at the first one.
    confidence : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : str, optional
        Net scores (the NPS): one of "adjusted-bayes" (default), "wald",
        "adjusted-wald", "score", "bayes", "bootstrap"; see Notes. The default
        was chosen by an exact coverage study (docs/coverage.md): it keeps
        coverage closest to the nominal level at n = 10..150 with the
        narrowest intervals. Shares: "wilson" (default: closest to 95% on
        average in the same kind of study, though no binomial interval meets
        the NPS's criteria; see docs/coverage.md), "jeffreys", "exact" (at
        least 95% everywhere, wider), "agresti-coull", "wald". Means: "t".
    rng : int or numpy.random.Generator, optional
        Randomness of the resampling method (``"bootstrap"``). The default
        ``None`` is a fixed seed, so the same call always gives the same
        result; pass a seed or a Generator for other draws.
    resamples : int, default 9999
        Bootstrap resamples, at least 100 (of the counts, so the cost does not
        grow with n).
    bootstrap : {"bca", "percentile"}, default "bca"
        Bootstrap interval type.
    prior : tuple of 3 floats, optional
        Dirichlet prior (detractors, passives, promoters) for ``"bayes"``;
        default Jeffreys (1/2, 1/2, 1/2).

    Returns
    -------
    NPSResult
        ``nps`` (alias ``estimate``) is always the observed NPS, or the
        metric's estimate: percent for shares, points for net scores, scale
        units for means; ``se`` and ``ci`` come from the method, in the same
        unit. With no usable response, every number is NaN.

    Raises
    ------
    InvalidOptionError
        Unknown ``method``; ``confidence`` outside (0, 1); ``weights`` with
        ``Counts``; any other option out of range (an option of the wrong type
        raises its subclass :class:`InvalidOptionTypeError`).
    InvalidScoreError, InvalidTypeError, MissingValueError, InvalidWeightError
        Bad scores or weights (the message names the value and its position).

    Notes
    -----
    With ``p`` and ``d`` the promoter and detractor shares, one response coded
    -1/0/+1 has variance ``V = p + d - (p - d)^2`` and the NPS has standard
    error ``sqrt(V / n)`` (points: x 100).

    - ``"adjusted-bayes"`` (default): equal-tailed interval of p - d under the
      Dirichlet posterior with prior (0.6, 1.2, 0.6), i.e. Rocks' 1:2:1
      pseudo-observations with total mass 2.4, computed exactly (quadrature),
      with the boundary rule of Brown, Cai & DasGupta (2001): all promoters
      (detractors) give an upper (lower) bound of +100 (-100). SE: posterior SD.
    - ``"wald"``: NPS +/- z SE. Too narrow for small samples.
    - ``"adjusted-wald"``: Rocks (2016): add 0.75 detractors, 1.5 passives and
      0.75 promoters, then a Wald interval on n + 3 centred on the adjusted
      estimate. Same numbers as ``NPS::nps_test_(test = "adjusted.wald")``.
    - ``"score"``: Tango's (1998) score interval for a difference of
      proportions from one multinomial sample (the R package NPS's
      "iterative" method), with the constrained MLE in closed form.
    - ``"bayes"``: equal-tailed credible interval under a Dirichlet posterior,
      Jeffreys prior by default, computed exactly.
    - ``"bootstrap"``: multinomial resampling of the counts, BCa (Efron 1987)
      or percentile. SE: SD of the replicates.

    Weighted data: counts are rescaled to the sample size whose Wald variance
    equals the linearisation variance sum w^2 (y - NPS_w)^2 / (sum w)^2, and the
    method is applied to those (the bootstrap resamples that many responses,
    rounded). Bounds are clipped to [-100, 100].

    Clustered data (``clusters=``, or clustered ``Counts``): the variance is
    the cluster-robust linearisation variance m / (m - 1) sum_c E_c^2 over
    the m clusters, E_c the sum of w (y - NPS_w) / sum w over cluster c
    (Binder 1983); with ``"wald"`` the SE equals R ``survey::svymean(~y,
    svydesign(ids = ~cluster, weights = ~w))`` with y coded -100/0/100. Every
    other method gets the clustering through the design effect deff = that
    variance / (V / n): it runs on the effective counts, the shares times
    n / deff. So ``"adjusted-wald"`` adds its pseudo-counts to n / deff
    responses, ``"score"`` inverts Tango's test at n / deff, the Bayesian
    methods update their prior with n / deff responses, and the bootstrap
    resamples round(n / deff) responses. With every cluster a single response
    the variance is the unclustered one times n / (n - 1) (survey's
    with-replacement factor, which the unclustered SE leaves out).

    Other metrics: a share (CSAT: the share of 4-5 on 1-5) is counted as its
    top box against the rest, and its interval is a binomial one on the
    (effective) counts: Wilson's score interval by default (Brown, Cai &
    DasGupta 2001; chosen by the exact coverage study of docs/coverage.md), Jeffreys'
    equal-tailed Beta(x + 1/2, n - x + 1/2) interval, Clopper-Pearson's exact
    one, Agresti-Coull's, or Wald's. A net score (top minus bottom box, as the
    5-point eNPS) uses every NPS method. A mean uses the t interval with the
    linearisation SE of :class:`RatingCounts` (with survey's n / (n - 1), so
    unweighted data give R ``t.test``'s interval) and n - 1 degrees of
    freedom (m - 1 with m clusters).

    References
    ----------
    .. [1] Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
       *The American Statistician* 70(4), 365-372.
    .. [2] Scott, A. J. & Seber, G. A. F. (1983). Difference of proportions
       from the same survey. *The American Statistician* 37(4), 319-320.
    .. [3] Tango, T. (1998). Equivalence test and confidence interval for the
       difference in proportions for the paired-sample design. *Statistics in
       Medicine* 17, 891-908.
    .. [4] Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation
       for a binomial proportion. *Statistical Science* 16(2), 101-133.
    .. [5] Efron, B. (1987). Better bootstrap confidence intervals. *JASA*
       82(397), 171-185.
    .. [6] Binder, D. A. (1983). On the variances of asymptotically normal
       estimators from complex surveys. *International Statistical Review*
       51(3), 279-292.
    .. [7] Kish, L. (1965). *Survey Sampling*. Wiley (the design effect).

    Examples
    --------
    >>> import netpromoter as nps
    >>> r = nps.score(nps.Counts(detractors=20, passives=30, promoters=50), method="wald")
    >>> r.nps, round(r.se, 4)
    (30.0, 7.8102)
    >>> [round(b, 2) for b in r.ci]
    [14.69, 45.31]
    >>> r = nps.score([10, 9, 9, 8, 7, 6, 3, 10, 9, 10])
    >>> r.method, r.nps, [round(b, 1) for b in r.ci]
    ('adjusted-bayes', 40.0, [-13.7, 70.9])

    Two people answered three times each: six answers, but not six
    independent ones.

    >>> people = ["ann", "ann", "ann", "bob", "bob", "bob"]
    >>> scores = [10, 10, 9, 3, 2, 4]
    >>> round(nps.score(scores, method="wald").se, 1)
    40.8
    >>> round(nps.score(scores, clusters=people, method="wald").se, 1)  # like one answer, not six
    100.0

    CSAT on 1-5, as a share of 4-5 and as a mean (Intercom's example: 10
    fives, 20 fours, 10 threes, 5 twos and 5 ones):

    >>> csat = [5] * 10 + [4] * 20 + [3] * 10 + [2] * 5 + [1] * 5
    >>> print(nps.score(csat, metric=nps.CSAT))
    CSAT 60.0% (95% CI 46.2% to 72.4%, wilson; n = 50)
    >>> print(nps.score(csat, metric=nps.Metric.mean(1, 5, name="CSAT mean")))
    CSAT mean 3.50 (95% CI 3.15 to 3.85, t; n = 50)
    """
    level = check_confidence(confidence)
    scale = metric_scale(metric, scale)
    options = IntervalOptions.build(rng=rng, resamples=resamples, bootstrap=bootstrap, prior=prior)
    if metric == NPS:
        checked = check_method(DEFAULT_METHOD if method is None else method, "net", "interval")
        counts = to_counts(data, weights, clusters=clusters, scale=scale, missing=missing)
        ratings = None
    else:
        checked = check_method(method, metric.kind, "interval", metric=metric.name)
        counts, ratings = metric_counts(data, weights, metric=metric, clusters=clusters, missing=missing)
    result = score_counts(
        counts, method=checked, level=level, options=options, metric=metric, ratings=ratings
    )
    if not counts.total > 0:
        warnings.warn(
            EmptyDataWarning(
                f"no responses to score ({counts.missing} missing): the NPS and its interval are NaN"
            ),
            stacklevel=2,
        )
    return result


def score_counts(
    counts: Counts,
    *,
    method: Method,
    level: float,
    options: IntervalOptions,
    metric: Metric = NPS,
    ratings: RatingCounts | None = None,
) -> NPSResult:
    """The ``NPSResult`` of checked counts and options, without warnings (``score``, ``compare``)."""
    if metric.kind == "mean":
        assert ratings is not None  # metric_counts gives the histogram of every mean
        estimate, se, low, high = mean_interval(ratings, level)
    else:
        products, clusters = counts_design(counts)
        arrays = interval_arrays(
            counts.as_array()[None, :],
            counts.squared_array()[None, :],
            method=method,
            confidence=level,
            options=options,
            products=products,
            clusters=clusters,
            share=metric.kind == "share",
        )
        estimate, se = counts.nps, 100.0 * float(arrays.se[0])
        low, high = 100.0 * float(arrays.low[0]), 100.0 * float(arrays.high[0])
    return NPSResult(
        nps=estimate,
        se=se,
        ci=ConfidenceInterval(low, high),
        confidence=level,
        method=method,
        counts=counts,
        n=counts.n,
        missing=counts.missing,
        metric=metric,
        ratings=ratings,
    )


def rating_arrays(ratings: RatingCounts) -> dict[str, Any]:
    """The histogram of ``ratings`` as the (1, K) arrays of the mean kernels (``_stats._means``)."""
    products = None
    if ratings.cross_products is not None:
        products = np.array([ratings.cross_products], dtype=np.float64)
    clusters = None if ratings.clusters is None else np.array([float(ratings.clusters)])
    return {
        "sums": ratings.as_array()[None, :],
        "squares": ratings.squared_array()[None, :],
        "values": np.arange(ratings.minimum, ratings.maximum + 1, dtype=np.float64),
        "n": np.array([float(ratings.n)]),
        "products": products,
        "clusters": clusters,
    }


def rating_moments(ratings: RatingCounts) -> MeanMoments:
    """Mean, linearisation SE and t degrees of freedom of one histogram."""
    from .._stats._means import mean_moments  # with the test kernels: loaded on first use

    return mean_moments(**rating_arrays(ratings))


def mean_interval(ratings: RatingCounts, level: float) -> tuple[float, float, float, float]:
    """Mean, SE and t interval of a rating histogram (scale units)."""
    from .._stats._means import mean_interval_arrays, mean_moments

    arrays = rating_arrays(ratings)
    moments = mean_moments(**arrays)
    bounds = mean_interval_arrays(**arrays, confidence=level)
    return float(moments.mean[0]), float(bounds.se[0]), float(bounds.low[0]), float(bounds.high[0])
