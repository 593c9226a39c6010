"""Tests of shares: the NPS kernels with ``share=True`` and the paired score test, against R.

Rows are share counts (0, rest, top). Independent samples and benchmarks go
through ``two_sample_arrays`` / ``benchmark_arrays`` with ``share=True``
(the NPS kernels on (rest, 0, top) rows, binomial tests there); paired
answers through ``share_paired_arrays`` (Tango's score test on the -1/0/+1
changes). Checked against R's ``prop.test`` and ``mcnemar.test``
(tests/reference/r_shares.py), against the closed-form restricted estimate
of Farrington & Manning (1990), and for their level: exact binomial
enumeration for deterministic methods, a seeded simulation otherwise (full
tables in docs/methods.md, bench/metric_type1_simulation.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import r_shares
from scipy import optimize, stats

from netpromoter._stats._comparison import benchmark_arrays, paired_arrays, two_sample_arrays
from netpromoter._stats._intervals import IntervalOptions
from netpromoter._stats._sharetests import share_paired_arrays

CLOSED_FORM_TOLERANCE = 1e-9


def rows(x: float | list[float] | np.ndarray, n: float | list[float] | np.ndarray) -> np.ndarray:
    xs = np.atleast_1d(np.asarray(x, dtype=float))
    ns = np.broadcast_to(np.asarray(n, dtype=float), xs.shape)
    return np.stack([np.zeros_like(xs), ns - xs, xs], axis=1)


# -- R -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", r_shares.ONE_SAMPLE, ids=lambda r: f"{r['x']}-{r['n']}-{r['benchmark']}")
def test_benchmark_score_is_prop_test(row: r_shares.OneSampleTest) -> None:
    got = benchmark_arrays(
        rows(row["x"], row["n"]),
        np.array([row["benchmark"]]),
        method="score",
        confidence=0.95,
        alternative="two-sided",
        options=IntervalOptions(),
        share=True,
    )
    assert got.statistic[0] ** 2 == pytest.approx(row["chi2"], rel=1e-12)
    assert got.pvalue[0] == pytest.approx(row["pvalue"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("row", r_shares.TWO_SAMPLE, ids=lambda r: f"{r['xa']}-{r['na']}-{r['xb']}-{r['nb']}")
def test_two_sample_score_at_zero_is_the_pooled_prop_test(row: r_shares.TwoSampleTest) -> None:
    got = two_sample_arrays(
        rows(row["xa"], row["na"]),
        rows(row["xb"], row["nb"]),
        method="score",
        confidence=0.95,
        alternative="two-sided",
        options=IntervalOptions(),
        share=True,
    )
    assert got.difference[0] == pytest.approx(row["xa"] / row["na"] - row["xb"] / row["nb"], rel=1e-14)
    assert got.statistic[0] ** 2 == pytest.approx(row["chi2"], rel=1e-12)
    assert got.pvalue[0] == pytest.approx(row["pvalue"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("row", r_shares.PAIRED, ids=lambda r: f"{r['gained']}-{r['lost']}")
def test_paired_score_at_zero_is_mcnemar(row: r_shares.PairedTest) -> None:
    changes = np.array([[0.0, row["lost"], row["unchanged"], row["gained"], 0.0]])
    got = share_paired_arrays(changes, confidence=0.95, alternative="two-sided")
    assert got.difference[0] == pytest.approx((row["gained"] - row["lost"]) / changes.sum(), rel=1e-15)
    assert got.statistic[0] ** 2 == pytest.approx(row["chi2"], rel=1e-12)
    assert got.pvalue[0] == pytest.approx(row["pvalue"], abs=CLOSED_FORM_TOLERANCE)


def test_benchmark_score_interval_is_wilson_shifted() -> None:
    # prop.test(30, 50, p = 0.45, correct = FALSE)$conf.int: 0.461814377475894 0.723916102697435.
    got = benchmark_arrays(
        rows(30, 50),
        np.array([0.45]),
        method="score",
        confidence=0.95,
        alternative="two-sided",
        options=IntervalOptions(),
        share=True,
    )
    assert got.low[0] + 0.45 == pytest.approx(0.461814377475894, abs=CLOSED_FORM_TOLERANCE)
    assert got.high[0] + 0.45 == pytest.approx(0.723916102697435, abs=CLOSED_FORM_TOLERANCE)


# -- the two-sample score test away from 0: Farrington & Manning's closed form --------------------


def farrington_manning_z(xa: float, na: float, xb: float, nb: float, delta: float) -> float:
    """Score z for p_a - p_b = delta with the restricted MLE in closed form (FM 1990, eq. 3.3)."""
    pa_hat, pb_hat, theta = xa / na, xb / nb, nb / na
    a = 1 + theta
    b = -(1 + theta + pa_hat + theta * pb_hat + delta * (theta + 2))
    c = delta**2 + delta * (2 * pa_hat + theta + 1) + pa_hat + theta * pb_hat
    d = -pa_hat * delta * (1 + delta)
    v = b**3 / (3 * a) ** 3 - b * c / (6 * a**2) + d / (2 * a)
    u = math.copysign(math.sqrt(b**2 / (3 * a) ** 2 - c / (3 * a)), v)
    w = (math.pi + math.acos(max(-1.0, min(1.0, v / u**3)))) / 3
    pa = 2 * u * math.cos(w) - b / (3 * a)
    pb = pa - delta
    return (pa_hat - pb_hat - delta) / math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)


def brute_force_z(xa: float, na: float, xb: float, nb: float, delta: float) -> float:
    """The same z with the restricted MLE found numerically."""

    def negative(q: float) -> float:
        terms = ((xa, q + delta), (na - xa, 1 - q - delta), (xb, q), (nb - xb, 1 - q))
        return -sum(c * math.log(s) for c, s in terms if c > 0)

    lower, upper = max(0.0, -delta) + 1e-13, min(1.0, 1.0 - delta) - 1e-13
    q = optimize.minimize_scalar(
        negative, bounds=(lower, upper), method="bounded", options={"xatol": 1e-13}
    ).x
    pa, pb = q + delta, q
    return (xa / na - xb / nb - delta) / math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)


CASES = [(12, 30, 20, 40), (30, 50, 45, 60), (5, 30, 12, 25), (28.5, 31.2, 3.3, 9.1)]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("margin", [0.05, 0.2])
def test_two_sample_score_at_a_margin_is_farrington_manning(case: tuple[float, ...], margin: float) -> None:
    xa, na, xb, nb = case
    # The one-sided test at +m ("greater", H0: diff <= m) reports z at delta = m; "less" at -m.
    for alternative, delta in (("greater", margin), ("less", -margin)):
        got = two_sample_arrays(
            rows(xa, na),
            rows(xb, nb),
            method="score",
            confidence=0.95,
            alternative=alternative,
            options=IntervalOptions(),
            margin=margin,
            share=True,
        )
        expected = farrington_manning_z(xa, na, xb, nb, delta)
        assert expected == pytest.approx(brute_force_z(xa, na, xb, nb, delta), abs=1e-6)
        assert got.statistic[0] == pytest.approx(expected, abs=1e-7)


def test_interval_bounds_are_where_the_one_sided_tests_sit_at_alpha_over_two() -> None:
    a, b = rows([30, 5, 29, 0], [50, 30, 30, 20]), rows([45, 12, 20, 3], [60, 25, 30, 40])
    kwargs = {"method": "score", "confidence": 0.95, "options": IntervalOptions(), "share": True}
    got = two_sample_arrays(a, b, alternative="two-sided", **kwargs)  # type: ignore[arg-type]
    for i in range(a.shape[0]):
        low = farrington_manning_z(a[i, 2], a[i].sum(), b[i, 2], b[i].sum(), got.low[i])
        high = farrington_manning_z(a[i, 2], a[i].sum(), b[i, 2], b[i].sum(), got.high[i])
        assert low == pytest.approx(1.959963984540054, abs=1e-6)
        assert high == pytest.approx(-1.959963984540054, abs=1e-6)


@given(
    counts=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40)), min_size=2, max_size=2),
    confidence=st.sampled_from([0.9, 0.95, 0.99]),
)
def test_paired_interval_excludes_zero_exactly_when_the_test_rejects(
    counts: list[tuple[int, int]], confidence: float
) -> None:
    (gained, lost), (unchanged, _) = counts
    changes = np.array([[0.0, lost, unchanged, gained, 0.0]])
    got = share_paired_arrays(changes, confidence=confidence, alternative="two-sided")
    assert got.low[0] <= got.difference[0] <= got.high[0]
    p = got.pvalue[0]
    if abs(p - (1 - confidence)) > 1e-9:  # away from the boundary, where rounding decides
        assert (got.low[0] > 0 or got.high[0] < 0) == (p < 1 - confidence)


# -- level ---------------------------------------------------------------------------------------------


def exact_two_sample_level(share_layout: bool, share: float, n: int) -> float:
    """P(score p < 0.05) under two Binomial(n, share) samples, enumerated exactly."""
    xa, xb = (v.ravel() for v in np.meshgrid(np.arange(n + 1.0), np.arange(n + 1.0), indexing="ij"))
    prob = stats.binom.pmf(xa, n, share) * stats.binom.pmf(xb, n, share)
    p = two_sample_arrays(
        rows(xa, n),
        rows(xb, n),
        method="score",
        confidence=0.95,
        alternative="two-sided",
        options=IntervalOptions(),
        share=share_layout,
    ).pvalue
    return float(prob @ (p < 0.05))


def test_share_flag_keeps_the_level_where_the_trinomial_score_test_is_conservative() -> None:
    # Exact levels at n = 30 per sample, CSAT 85% in both (docs/methods.md). Without share=True the
    # kernel's trinomial restricted estimate puts mass on detractors, which a share cannot have.
    assert exact_two_sample_level(True, 0.85, 30) == pytest.approx(0.0530, abs=5e-5)
    assert exact_two_sample_level(False, 0.85, 30) == pytest.approx(0.0172, abs=5e-5)


def exact_paired_level(test: str, discordant: float, n: int) -> float:
    """P(p < 0.05) with P(gain) = P(loss) = discordant, over every (lost, unchanged, gained)."""
    lost, gained = (v.ravel() for v in np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij"))
    keep = lost + gained <= n
    lost, gained = lost[keep], gained[keep]
    prob = stats.multinomial.pmf(
        np.stack([lost, n - lost - gained, gained], axis=1), n, [discordant, 1 - 2 * discordant, discordant]
    )
    changes = np.zeros((lost.size, 5))
    changes[:, 1], changes[:, 2], changes[:, 3] = lost, n - lost - gained, gained
    if test == "score":
        p = share_paired_arrays(changes, confidence=0.95, alternative="two-sided").pvalue
    else:
        p = paired_arrays(
            changes, method="wald", confidence=0.95, alternative="two-sided", options=IntervalOptions()
        ).pvalue
    return float(prob @ (np.nan_to_num(p, nan=1.0) < 0.05))


def test_paired_score_holds_the_level_where_paired_wald_is_liberal() -> None:
    # 30 pairs, 15% gaining and 15% losing the top box: exact levels (docs/methods.md).
    assert exact_paired_level("score", 0.15, 30) == pytest.approx(0.0430, abs=5e-5)
    assert exact_paired_level("wald", 0.15, 30) == pytest.approx(0.0719, abs=5e-5)


def test_share_tests_hold_their_level_in_a_small_simulation() -> None:
    # 2,000 replicates, fixed seed; tolerance 3 binomial SEs of a rate near .05 (0.0146).
    reps, tolerance = 2000, 3 * math.sqrt(0.05 * 0.95 / 2000)
    rng = np.random.default_rng(15)
    xa, xb = rows(rng.binomial(60, 0.8, reps), 60), rows(rng.binomial(90, 0.8, reps), 90)
    for method in ("score", "wald"):
        two = two_sample_arrays(
            xa,
            xb,
            method=method,
            confidence=0.95,
            alternative="two-sided",
            options=IntervalOptions(),
            share=True,
        )
        assert abs(float(np.mean(two.pvalue < 0.05)) - 0.05) < tolerance, method
    changes = np.zeros((reps, 5))
    changes[:, 1:4] = rng.multinomial(100, [0.1, 0.8, 0.1], size=reps)
    paired = share_paired_arrays(changes, confidence=0.95, alternative="two-sided")
    assert abs(float(np.mean(paired.pvalue < 0.05)) - 0.05) < tolerance
