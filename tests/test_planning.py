"""Planning: margins, sample sizes and power against their closed forms (NPS_METHODS.md 6)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from scipy import stats

import netpromoter as nps


def test_margin_worst_case_is_196_over_root_n() -> None:
    # Worst case V = 1 (half promoters, half detractors): E = 100 z / sqrt(n).
    for n in (100, 400, 1024):
        assert nps.margin_of_error(n) == pytest.approx(100 * stats.norm.ppf(0.975) / math.sqrt(n))


def test_margin_with_expected_shares_and_counts() -> None:
    # p = d = 1/3: V = 2/3, E ~ 160 / sqrt(n) (NPS_METHODS.md 6; Engelhardt 2016).
    assert nps.margin_of_error(100, expected=(1 / 3, 1 / 3)) == pytest.approx(
        100 * stats.norm.ppf(0.975) * math.sqrt(2 / 3 / 100)
    )
    counts = nps.Counts(20, 30, 50)  # V = .61
    assert nps.margin_of_error(250, expected=counts, confidence=0.9) == pytest.approx(
        100 * stats.norm.ppf(0.95) * math.sqrt(0.61 / 250)
    )


def test_sample_size_inverts_the_margin() -> None:
    assert nps.sample_size(5) == math.ceil(stats.norm.ppf(0.975) ** 2 / 0.05**2) == 1537
    # Engelhardt: a 10-point-wide interval at p = d = 1/3 needs about 1,024 responses.
    assert nps.sample_size(5, expected=(1 / 3, 1 / 3)) == 1025
    for margin in (2.5, 5, 7, 10):
        n = nps.sample_size(margin, expected=(0.5, 0.2))
        assert (
            nps.margin_of_error(n, expected=(0.5, 0.2))
            <= margin
            < nps.margin_of_error(n - 1, expected=(0.5, 0.2))
        )


def test_two_group_sample_size_and_power_closed_forms() -> None:
    # n = (z_{1-a/2} + z_{1-b})^2 (V_a + V_b) / delta^2; worst case V = 1 each.
    za, zb = stats.norm.ppf(0.975), stats.norm.ppf(0.8)
    assert nps.sample_size_per_group(10) == math.ceil((za + zb) ** 2 * 2 / 0.1**2) == 1570
    n = nps.sample_size_per_group(10, expected=(0.5, 0.2), expected_b=(0.4, 0.3))
    assert n == math.ceil((za + zb) ** 2 * (0.61 + 0.69) / 0.01)
    assert nps.power(10, n, expected=(0.5, 0.2), expected_b=(0.4, 0.3)) >= 0.8
    assert nps.power(10, n - 1, expected=(0.5, 0.2), expected_b=(0.4, 0.3)) < 0.8 + 1e-3
    one_sided = nps.sample_size_per_group(10, alternative="greater")
    assert one_sided == math.ceil((stats.norm.ppf(0.95) + zb) ** 2 * 2 / 0.01)


def test_one_sided_power_looks_one_way() -> None:
    # Issue 19: alternative="less" ignored the direction. Worst case V = 1 per
    # group, so se = sqrt(2 / 100) and the shift is 0.1 / se = 0.7071.
    shift, z1, z2 = 0.1 / math.sqrt(2 / 100), stats.norm.ppf(0.95), stats.norm.ppf(0.975)
    greater = nps.power(10, 100, alternative="greater")
    assert greater == pytest.approx(stats.norm.cdf(shift - z1), rel=1e-12)  # 0.174
    assert nps.power(10, 100, alternative="less") == pytest.approx(stats.norm.cdf(-shift - z1), rel=1e-12)
    assert nps.power(10, 100, alternative="less") < 0.05  # looking the wrong way: below alpha
    assert nps.power(-10, 100, alternative="less") == pytest.approx(greater, rel=1e-15)
    two = stats.norm.cdf(shift - z2) + stats.norm.cdf(-shift - z2)
    assert nps.power(10, 100) == pytest.approx(two, rel=1e-12) and nps.power(-10, 100) == nps.power(10, 100)
    assert nps.sample_size_per_group(-10, alternative="less") == nps.sample_size_per_group(
        10, alternative="greater"
    )


def test_power_matches_simulation_of_the_wald_test() -> None:
    # 2,000 simulated studies of n = 400 per group, true NPS +40 vs +25, fixed seed.
    n, reps = 400, 2000
    a_shares, b_shares = (0.15, 0.30, 0.55), (0.25, 0.25, 0.50)
    predicted = nps.power(15, n, expected=(0.55, 0.15), expected_b=(0.50, 0.25))
    rng = np.random.default_rng(9)
    xa = rng.multinomial(n, a_shares, size=reps)
    xb = rng.multinomial(n, b_shares, size=reps)
    hits = sum(
        nps.compare(nps.Counts(*map(int, a)), nps.Counts(*map(int, b)), method="wald").pvalue < 0.05
        for a, b in zip(xa[:400], xb[:400], strict=True)
    )
    rate = hits / 400
    assert rate == pytest.approx(predicted, abs=4 * math.sqrt(predicted * (1 - predicted) / 400))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: nps.margin_of_error(0), "n must be a positive"),
        (lambda: nps.sample_size(-1), "margin must be a positive"),
        (lambda: nps.sample_size(5, expected=(0.8, 0.5)), "sum <= 1"),
        (lambda: nps.sample_size(5, expected="high"), "expected must be"),  # type: ignore[arg-type]
        (lambda: nps.sample_size_per_group(10, power=1.2), "power must be"),
        (lambda: nps.power(0, 100), "difference must be"),
        (lambda: nps.margin_of_error(100, confidence=1.0), "confidence"),
        (lambda: nps.power(5, 100, alternative="both"), "alternative"),  # type: ignore[arg-type]
        (lambda: nps.sample_size_per_group(10, alternative="less"), "needs a negative difference"),
        (lambda: nps.sample_size_per_group(-10, alternative="greater"), "needs a positive difference"),
    ],
)
def test_planning_errors(call: Callable[[], object], message: str) -> None:
    with pytest.raises(nps.InvalidOptionError, match=message):
        call()


# -- the design effect and a finite population (issue 13) --------------------------------------

Z = stats.norm.ppf(0.975)


def test_a_design_effect_is_a_smaller_sample() -> None:
    # deff d: the variance of n responses is that of n / d independent ones.
    for d in (1.0, 1.12, 2.5):
        assert nps.margin_of_error(400, design_effect=d) == pytest.approx(
            nps.margin_of_error(400 / d), rel=1e-14
        )
        assert nps.power(10, 800, design_effect=d) == pytest.approx(nps.power(10, 800 / d), rel=1e-14)
        assert nps.sample_size(5, design_effect=d) == math.ceil(Z**2 * d / 0.05**2 - 1e-9)
        assert nps.sample_size_per_group(10, design_effect=d) == math.ceil(
            (Z + stats.norm.ppf(0.8)) ** 2 * 2 * d / 0.1**2 - 1e-9
        )


def _linearised_design_effect(scores: Any, weights: Any) -> tuple[float, float]:
    """V of the weighted shares and n sum w^2 (y - NPS_w)^2 / W^2 / V, from the responses."""
    s = np.asarray(scores, dtype=float)
    keep = ~np.isnan(s)
    y = np.where(s[keep] >= 9, 1.0, np.where(s[keep] <= 6, -1.0, 0.0))
    w = np.asarray(weights, dtype=float)[keep]
    mean = float(w @ y / w.sum())
    v = float(w @ (y - mean) ** 2 / w.sum())
    variance = float((w**2) @ (y - mean) ** 2 / w.sum() ** 2)
    return v, y.shape[0] * variance / v


def test_weighted_counts_raise_the_sample_size_by_their_design_effect() -> None:
    # Issue 13: sample_size(3, expected=weighted_counts) came out below the unweighted size.
    from netpromoter.datasets import example_survey

    survey = example_survey()
    counts = nps.Counts.from_scores(survey.score, survey.weight)
    v, deff = _linearised_design_effect(survey.score, survey.weight)
    assert counts.design_effect == pytest.approx(deff, rel=1e-12)
    assert deff > 1.0
    planned = nps.sample_size(3, expected=counts)
    assert planned == math.ceil(Z**2 * v * deff / 0.03**2 - 1e-9)
    assert planned > nps.sample_size(3, expected=counts, design_effect=1.0)  # shares alone
    assert nps.margin_of_error(planned, expected=counts) <= 3.0


def test_clustered_counts_bring_their_design_effect() -> None:
    from netpromoter.datasets import example_survey

    survey = example_survey()
    counts = nps.Counts.from_scores(survey.score, clusters=survey.respondent)
    assert counts.design_effect > 1.0  # people who answer more than once answer alike
    v = counts.promoter_share + counts.detractor_share - (counts.nps / 100) ** 2
    assert nps.sample_size(4, expected=counts) == math.ceil(Z**2 * v * counts.design_effect / 0.04**2 - 1e-9)
    # A design effect given by number takes precedence.
    assert nps.sample_size(4, expected=counts, design_effect=1.0) == math.ceil(Z**2 * v / 0.04**2 - 1e-9)
    # Two groups: each with its own counts' design effect.
    plain = nps.Counts(counts.detractors, counts.passives, counts.promoters)
    both = nps.sample_size_per_group(5, expected=counts, expected_b=plain)
    za_zb = Z + stats.norm.ppf(0.8)
    assert both == math.ceil(za_zb**2 * v * (counts.design_effect + 1.0) / 0.05**2 - 1e-9)


def test_a_design_effect_below_one_is_planned_as_one() -> None:
    # Clusters whose answers differ more than chance (here: each cluster one promoter and
    # one passive, the passives' cluster partners promoters) can estimate deff < 1.
    counts = nps.Counts.from_scores([10, 7, 9, 8, 10, 0, 9, 3], clusters=[1, 1, 2, 2, 3, 3, 4, 4])
    assert counts.design_effect < 1.0
    assert nps.sample_size(5, expected=counts) == nps.sample_size(5, expected=counts, design_effect=1.0)


def test_finite_population_correction_by_hand() -> None:
    # E = 100 z sqrt(V / n (N - n) / (N - 1)); worst case V = 1.
    assert nps.margin_of_error(400, population=1000) == pytest.approx(100 * Z * math.sqrt(600 / 999 / 400))
    assert nps.margin_of_error(1000, population=1000) == 0.0  # everyone asked: no sampling error
    # Solving the margin with the correction: n = n0 N / (n0 + N - 1), n0 = z^2 / e^2.
    n0 = Z**2 / 0.05**2
    assert nps.sample_size(5, population=2000) == math.ceil(n0 * 2000 / (n0 + 1999)) == 870
    for margin, population in ((2.0, 500), (5.0, 2000), (3.0, 10**6), (10.0, 50)):
        n = nps.sample_size(margin, population=population, design_effect=1.3)
        assert n <= population
        assert nps.margin_of_error(n, population=population, design_effect=1.3) <= margin
        if n > 1:
            assert nps.margin_of_error(n - 1, population=population, design_effect=1.3) > margin
    # Two groups of 1,000 customers each, 300 asked in each: se^2 = 2 V / n (N - n) / (N - 1).
    shift = 0.1 / math.sqrt(2 / 300 * 700 / 999)
    expected = stats.norm.cdf(shift - Z) + stats.norm.cdf(-shift - Z)
    assert nps.power(10, 300, population=1000) == pytest.approx(expected, rel=1e-12)
    n = nps.sample_size_per_group(10, population=1000)
    assert nps.power(10, n, population=1000) >= 0.8 > nps.power(10, n - 1, population=1000)


def test_counts_of_a_single_cluster_give_no_design_effect() -> None:
    counts = nps.Counts.from_scores([10, 3, 7], clusters=["ann"] * 3)
    with pytest.raises(nps.InvalidOptionError, match="single cluster"):
        nps.sample_size(5, expected=counts)
    assert nps.sample_size(5, expected=counts, design_effect=2.0) == nps.sample_size(
        5, expected=(1 / 3, 1 / 3), design_effect=2.0
    )
