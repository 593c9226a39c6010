"""Public results against R, read from the pinned tables in tests/reference.

Each table module holds the R script that produced its numbers. Tolerances:
closed-form quantities to 1e-9 NPS points (R prints 15 significant digits);
R NPS's iterative interval within R's own stopping rule; the bootstrap within
Monte Carlo error derived from the number of resamples.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import pytest
from reference import r_boot, r_nps, r_padjust, r_sandwich, r_survey

import netpromoter as nps

# -- a. R NPS: nps_test_(x, test = ...) --------------------------------------------------

#: R NPS test name -> netpromoter method.
R_NPS_METHODS: dict[str, Literal["wald", "adjusted-wald", "score"]] = {
    "wald": "wald",
    "adjusted.wald": "adjusted-wald",
    "iterative": "score",
}

#: R's iterative() stops a bound when its bisection step dp < 1e-7 (the root is then within
#: dp of the returned point) or when |z - T| < 1e-6 (within 1e-6 / |dT/dDelta| of the root),
#: both on the -1..1 scale. The smallest |dT/dDelta| at any bound of r_nps.INTERVALS is 1.92
#: (counts (0, 0, 6), 90%, lower bound), so R's bounds are within 1e-6 / 1.92 < 1e-6 of the
#: exact root, i.e. 1e-4 NPS points; ours bisects to 2^-60.
ITERATIVE_TOLERANCE = 1e-4
CLOSED_FORM_TOLERANCE = 1e-9


def _interval_id(row: r_nps.NPSInterval) -> str:
    d, pas, p = row["counts"]
    return f"{row['test']}-{d}-{pas}-{p}-{row['confidence']}"


@pytest.mark.parametrize("row", r_nps.INTERVALS, ids=_interval_id)
def test_intervals_match_r_nps(row: r_nps.NPSInterval) -> None:
    result = nps.score(
        nps.Counts(*row["counts"]), method=R_NPS_METHODS[row["test"]], confidence=row["confidence"]
    )
    tolerance = ITERATIVE_TOLERANCE if row["test"] == "iterative" else CLOSED_FORM_TOLERANCE
    # R NPS leaves intervals unclipped (e.g. adjusted Wald for (0, 0, 6) reaches 107.4);
    # netpromoter clips them to the NPS range.
    assert result.ci.low == pytest.approx(max(row["low"], -100.0), abs=tolerance)
    assert result.ci.high == pytest.approx(min(row["high"], 100.0), abs=tolerance)
    if row["se"] is not None:
        assert result.se == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)


# -- b. survey::svymean / svyby (ids = ~1) ----------------------------------------------


@pytest.mark.parametrize("row", r_survey.SVYMEAN, ids=lambda row: row["data"])
def test_weighted_se_matches_survey_svymean(row: r_survey.SurveyMean) -> None:
    data = r_survey.DATA[row["data"]]
    result = nps.score(data["scores"], data["weights"], method="wald")
    n = len(data["scores"])
    assert result.nps == pytest.approx(row["nps"], abs=CLOSED_FORM_TOLERANCE)
    # survey's with-replacement linearisation carries n / (n - 1); ours does not.
    assert result.se * math.sqrt(n / (n - 1)) == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("row", r_survey.SVYBY, ids=lambda row: f"{row['data']}-{row['group']}")
def test_segment_se_matches_survey_svyby(row: r_survey.SurveyByRow) -> None:
    data = r_survey.DATA[row["data"]]
    # A list of labels: a tuple of columns would mean several grouping variables.
    report = nps.segments(
        data["scores"], list(data["groups"]), data["weights"], method="wald", correction=None, min_n=1
    )
    result = {segment.segment: segment.result for segment in report}[row["group"]]
    n_all = len(data["scores"])
    assert result.nps == pytest.approx(row["nps"], abs=CLOSED_FORM_TOLERANCE)
    # svyby treats each group as a domain of the whole design: its factor is N / (N - 1)
    # with N all responses, not the group's own n.
    assert result.se * math.sqrt(n_all / (n_all - 1)) == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)


# -- c. stats::p.adjust ------------------------------------------------------------------

#: R p.adjust method -> netpromoter correction.
R_CORRECTIONS = {"holm": "holm", "bonferroni": "bonferroni", "BH": "fdr_bh"}


def _adjust_pvalues() -> Callable[[Any, str | None], Any]:
    """The private correction function, from whichever layout is installed."""
    for name in ("netpromoter._stats._corrections", "netpromoter._corrections"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        function: Callable[[Any, str | None], Any] = module.adjust_pvalues
        return function
    pytest.fail("adjust_pvalues is in neither netpromoter._stats._corrections nor netpromoter._corrections")


@pytest.mark.parametrize(
    "row", r_padjust.PADJUST, ids=lambda row: f"{row['method']}-{len(row['p'])}-{row['p'][0]}"
)
def test_corrections_match_p_adjust(row: r_padjust.Adjusted) -> None:
    adjust_pvalues = _adjust_pvalues()
    adjusted = np.asarray(adjust_pvalues(np.array(row["p"]), R_CORRECTIONS[row["method"]]))
    expected = np.array(row["adjusted"])
    assert np.array_equal(np.isnan(adjusted), np.isnan(expected))
    finite = ~np.isnan(expected)
    assert adjusted[finite] == pytest.approx(expected[finite], rel=1e-12, abs=1e-15)


# -- d. sandwich::vcovHC(lm(y ~ t, weights = w), type = "HC1") ---------------------------


@pytest.mark.parametrize(
    "row", r_sandwich.SLOPES, ids=lambda row: f"{row['data']}-{'weighted' if row['weighted'] else 'plain'}"
)
def test_trend_slope_matches_lm_hc1(row: r_sandwich.SlopeHC1) -> None:
    data = r_sandwich.DATA[row["data"]]
    weights = data["weights"] if row["weighted"] else None
    # The slope does not depend on the interval method; "wald" keeps the per-period changes cheap.
    slope = nps.trend(data["scores"], data["periods"], weights=weights, method="wald").slope
    assert slope.estimate == pytest.approx(row["slope"], abs=1e-10)
    assert slope.se == pytest.approx(row["se"], abs=1e-10)


# -- e. boot::boot.ci(type = "bca"), 20,000 resamples -------------------------------------

_NORMAL = NormalDist()


def bca_endpoint_tolerance(level: float, z_alpha: float) -> float:
    """Four Monte Carlo standard errors of the gap between two independent BCa endpoints.

    One run with B = r_boot.RESAMPLES replicates, bootstrap SD sigma = r_boot.SD, and the
    bootstrap distribution taken as normal near the endpoint (its lattice step, 100/n =
    0.4 points here, is well below the result):

    - the endpoint is the sample quantile at the adjusted level q: SE sqrt(q (1 - q) / B)
      divided by the density there, phi(Phi^-1(q)) / sigma;
    - the level itself depends on the bias correction z0 = Phi^-1(p0), p0 = r_boot.P_BELOW,
      whose SE is sqrt(p0 (1 - p0) / B) / phi(z0); the endpoint's normal score
      z0 + (z0 + z_alpha) / (1 - a (z0 + z_alpha)) moves by 1 + 1 / (1 - a (z0 + z_alpha))^2
      per unit of z0, so the endpoint by sigma times that.

    Both errors come from the same replicates, so their SEs are added (the worst case
    of their correlation). R and netpromoter draw independently: sqrt(2) times one run's SE.
    """
    b, sigma, a = r_boot.RESAMPLES, r_boot.SD, r_boot.ACCELERATION
    quantile_se = sigma * math.sqrt(level * (1 - level) / b) / _NORMAL.pdf(_NORMAL.inv_cdf(level))
    p0 = r_boot.P_BELOW
    z0 = _NORMAL.inv_cdf(p0)
    z0_se = math.sqrt(p0 * (1 - p0) / b) / _NORMAL.pdf(z0)
    slope = 1 + 1 / (1 - a * (z0 + z_alpha)) ** 2
    return 4 * math.sqrt(2) * (quantile_se + sigma * slope * z0_se)


@pytest.mark.parametrize("row", r_boot.BCA, ids=lambda row: f"{row['convention']}-{row['confidence']}")
def test_bootstrap_bca_matches_boot_ci(row: r_boot.BCaInterval) -> None:
    result = nps.score(
        nps.Counts(*r_boot.COUNTS),
        method="bootstrap",
        confidence=row["confidence"],
        rng=r_boot.SEED,
        resamples=r_boot.RESAMPLES,
    )
    z_alpha = _NORMAL.inv_cdf((1 - row["confidence"]) / 2)
    # boot.ci's bias correction ignores replicates tied with t0; netpromoter counts them
    # half (r_boot.P_TIE = 3.2% of replicates), which moves both ends up by about
    # 2 sigma (P_TIE / 2) / phi(z0) = 0.4 points. Both conventions are tested.
    assert result.ci.low == pytest.approx(row["low"], abs=bca_endpoint_tolerance(row["low_level"], z_alpha))
    assert result.ci.high == pytest.approx(
        row["high"], abs=bca_endpoint_tolerance(row["high_level"], -z_alpha)
    )
    assert result.nps == pytest.approx(r_boot.T0, abs=CLOSED_FORM_TOLERANCE)


def test_bootstrap_se_matches_boot() -> None:
    result = nps.score(
        nps.Counts(*r_boot.COUNTS), method="bootstrap", rng=r_boot.SEED, resamples=r_boot.RESAMPLES
    )
    # The SD of B near-normal replicates has SE sigma / sqrt(2 (B - 1)); two independent runs
    # differ with SE sigma / sqrt(B - 1); four of those.
    tolerance = 4 * r_boot.SD / math.sqrt(r_boot.RESAMPLES - 1)
    assert result.se == pytest.approx(r_boot.SD, abs=tolerance)


# -- f. survey with clusters: svydesign(ids = ~cluster, weights = ~w) ---------------------


def _survey(name: str, *, weighted: bool = True) -> tuple[list[int], list[float] | None, list[int]]:
    """Scores, weights (None: unweighted) and cluster ids of an r_survey data set."""
    data = r_survey.DATA[name]
    clusters = data["clusters"]
    assert clusters is not None
    return list(data["scores"]), list(data["weights"]) if weighted else None, list(clusters)


def _rows(*tables: list[Any], weighted: tuple[bool, ...]) -> list[tuple[Any, bool]]:
    return [(row, flag) for table, flag in zip(tables, weighted, strict=True) for row in table]


_MEANS = _rows(r_survey.CLUSTER_SVYMEAN, r_survey.CLUSTER_SVYMEAN_UNWEIGHTED, weighted=(True, False))
_BY = _rows(r_survey.CLUSTER_SVYBY, r_survey.CLUSTER_SVYBY_UNWEIGHTED, weighted=(True, False))


def _mean_id(case: tuple[Any, bool]) -> str:
    row, weighted = case
    return f"{row['data']}-{'weighted' if weighted else 'plain'}" + (
        f"-{row['group']}" if "group" in row else ""
    )


@pytest.mark.parametrize("case", _MEANS, ids=_mean_id)
def test_clustered_se_matches_svymean(case: tuple[r_survey.SurveyMean, bool]) -> None:
    row, weighted = case
    scores, weights, clusters = _survey(row["data"], weighted=weighted)
    result = nps.score(scores, weights, clusters=clusters, method="wald")
    assert result.nps == pytest.approx(row["nps"], abs=CLOSED_FORM_TOLERANCE)
    # No n / (n - 1) adjustment here: the clustered SE carries survey's m / (m - 1) itself.
    assert result.se == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)
    counts = nps.Counts.from_scores(scores, weights, clusters=clusters)
    assert nps.score(counts, method="wald").se == result.se


@pytest.mark.parametrize("case", _BY, ids=_mean_id)
def test_clustered_segments_and_periods_match_svyby(case: tuple[r_survey.SurveyByRow, bool]) -> None:
    row, weighted = case
    scores, weights, clusters = _survey(row["data"], weighted=weighted)
    groups = list(r_survey.DATA[row["data"]]["groups"])
    grouped = nps.GroupedCounts.from_scores(scores, groups, weights, clusters=clusters)
    results = [
        nps.segments(scores, groups, weights, clusters=clusters, method="wald", min_n=0)[row["group"]].result,
        nps.segments(grouped, method="wald", min_n=0)[row["group"]].result,
        # The groups a, b, c as periods: each period is a domain of the whole design too.
        nps.trend(scores, groups, weights, clusters=clusters, method="wald")[row["group"]].result,
    ]
    for result in results:
        assert result.nps == pytest.approx(row["nps"], abs=CLOSED_FORM_TOLERANCE)
        # svyby's factor is m / (m - 1) with m the clusters of the whole design, as ours.
        assert result.se == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("row", r_survey.CLUSTER_MISSING, ids=lambda row: row["data"])
def test_clustered_missing_scores_match_svymean_na_rm(row: r_survey.SurveyMean) -> None:
    scores, weights, clusters = _survey(row["data"])
    answered: list[int | None] = list(scores)
    for position in r_survey.MISSING_POSITIONS:
        answered[position] = None
    result = nps.score(answered, weights, clusters=clusters, method="wald")
    # A cluster whose every score is missing stays in m, as svymean(..., na.rm = TRUE).
    assert result.nps == pytest.approx(row["nps"], abs=CLOSED_FORM_TOLERANCE)
    assert result.se == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)
    assert result.missing == len(r_survey.MISSING_POSITIONS)


@pytest.mark.parametrize("row", r_survey.CLUSTER_DOMAIN_AB, ids=lambda row: row["data"])
def test_clustered_rolling_window_matches_a_domain_of_two_periods(row: r_survey.SurveyMean) -> None:
    scores, weights, clusters = _survey(row["data"])
    groups = list(r_survey.DATA[row["data"]]["groups"])
    report = nps.trend(scores, groups, weights, clusters=clusters, method="wald", window=2)
    rolling = report["b"].rolling  # the periods a and b together
    assert rolling is not None
    assert rolling.nps == pytest.approx(row["nps"], abs=CLOSED_FORM_TOLERANCE)
    assert rolling.se == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("row", r_survey.DESIGN_EFFECTS, ids=lambda row: row["data"])
def test_design_effect_matches_svymean_deff(row: r_survey.DesignEffect) -> None:
    scores, weights, clusters = _survey(row["data"])
    n = len(scores)
    weighted = nps.Counts.from_scores(scores, weights)
    # survey's SRS variance is svyvar / n with svyvar's n / (n - 1); our reference is V / n.
    # Unclustered, its design variance carries n / (n - 1) too, so the two agree.
    assert weighted.design_effect == pytest.approx(row["weighted"], rel=1e-12)
    clustered = nps.Counts.from_scores(scores, weights, clusters=clusters)
    # Clustered, the design variance carries m / (m - 1), so only survey's SRS has n / (n - 1).
    assert clustered.design_effect * (n - 1) / n == pytest.approx(row["clustered"], rel=1e-12)


@pytest.mark.parametrize("row", r_survey.CLUSTER_CONTRAST, ids=lambda row: f"{row['a']}-{row['b']}")
def test_compare_of_clustered_samples_matches_svycontrast(row: r_survey.Contrast) -> None:
    a = nps.Counts.from_scores(*_survey(row["a"])[:2], clusters=_survey(row["a"])[2])
    b = nps.Counts.from_scores(*_survey(row["b"])[:2], clusters=_survey(row["b"])[2])
    comparison = nps.compare(a, b, method="wald")
    assert comparison.difference == pytest.approx(row["difference"], abs=CLOSED_FORM_TOLERANCE)
    assert comparison.se == pytest.approx(row["se"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize(
    "row",
    r_sandwich.CLUSTERED_SLOPES,
    ids=lambda row: f"{row['data']}-{'weighted' if row['weighted'] else 'plain'}",
)
def test_clustered_trend_slope_matches_vcovcl(row: r_sandwich.SlopeHC1) -> None:
    scores, weights, clusters = _survey(row["data"], weighted=row["weighted"])
    groups = list(r_survey.DATA[row["data"]]["groups"])  # periods a, b, c: index 0, 1, 2
    slope = nps.trend(scores, groups, weights, clusters=clusters, method="wald").slope
    assert slope.estimate == pytest.approx(row["slope"], abs=1e-10)
    assert slope.se == pytest.approx(row["se"], abs=1e-10)
