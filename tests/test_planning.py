"""Planning: margins, sample sizes and power against their closed forms (NPS_METHODS.md 6)."""

from __future__ import annotations

import math
from collections.abc import Callable

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
