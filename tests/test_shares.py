"""Share (top-box) intervals: R's numbers, the share layout of counts, and the coverage study.

A share metric (CSAT = share of 4-5 on 1-5) is counted as (0, n - x, x):
no detractors, the top box as promoters. Its intervals are checked against
R (tests/reference/r_shares.py), through ``interval_arrays`` on such rows
(weights and clusters as effective counts), and the exact coverage study of
docs/coverage.md is recomputed.
"""

from __future__ import annotations

import math
from typing import get_args

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from reference import r_shares

from netpromoter._counts._clusters import linearisation_variance
from netpromoter._stats._intervals import effective_counts, interval_arrays
from netpromoter._stats._shares import exact_share_coverage, share_interval
from netpromoter.errors import InvalidOptionError
from netpromoter.typing import ShareMethod

METHODS: tuple[ShareMethod, ...] = get_args(ShareMethod)
CLOSED_FORM_TOLERANCE = 1e-9  # R prints 15 significant digits; qbeta and betaincinv agree to ~1e-14


def share_rows(x: float | list[float], n: float | list[float]) -> np.ndarray:
    """Counts of a share metric: (0, n - x, x) per row."""
    xs, ns = np.atleast_1d(np.asarray(x, dtype=float)), np.atleast_1d(np.asarray(n, dtype=float))
    return np.stack([np.zeros_like(xs), ns - xs, xs], axis=1)


# -- R ---------------------------------------------------------------------------------------------


def _case_id(row: r_shares.ShareInterval) -> str:
    return f"{row['method']}-{row['x']}-{row['n']}-{row['confidence']}"


@pytest.mark.parametrize("row", r_shares.INTERVALS, ids=_case_id)
def test_share_intervals_match_r(row: r_shares.ShareInterval) -> None:
    got = share_interval(row["x"], row["n"], method=row["method"], confidence=row["confidence"])
    assert got.low[0] == pytest.approx(row["low"], abs=CLOSED_FORM_TOLERANCE)
    assert got.high[0] == pytest.approx(row["high"], abs=CLOSED_FORM_TOLERANCE)


def test_intercom_csat_example_from_the_issue() -> None:
    # Intercom: 5:10, 4:20, 3:10, 2:5, 1:5; CSAT = 30 / 50 = 60%.
    # R prop.test(30, 50, correct = FALSE): 46.18144 to 72.39161; binom.test(30, 50): 45.17940 to 73.59216.
    wilson = share_interval(30, 50, method="wilson", confidence=0.95)
    exact = share_interval(30, 50, method="exact", confidence=0.95)
    assert 100 * wilson.low[0] == pytest.approx(46.18144, abs=5e-6)
    assert 100 * wilson.high[0] == pytest.approx(72.39161, abs=5e-6)
    assert 100 * exact.low[0] == pytest.approx(45.17940, abs=5e-6)
    assert 100 * exact.high[0] == pytest.approx(73.59216, abs=5e-6)
    assert wilson.se[0] == pytest.approx(math.sqrt(0.6 * 0.4 / 50), rel=1e-15)  # Wald SE whatever the method


# -- definitions and invariants ----------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_boundaries_and_empty_rows(method: ShareMethod) -> None:
    got = share_interval([0, 20, 0], [20, 20, 0], method=method, confidence=0.95)
    assert got.low[0] == 0.0  # x = 0: nothing below 0 is possible
    assert got.high[1] == 1.0  # x = n
    assert np.isnan([got.low[2], got.high[2], got.se[2]]).all()  # n = 0


def test_jeffreys_boundary_rule_and_exact_use_the_beta_quantiles() -> None:
    from scipy.stats import beta

    # Without Brown, Cai & DasGupta's rule the equal-tailed interval at x = 0 would start above 0.
    assert beta.ppf(0.025, 0.5, 20.5) > 0
    got = share_interval(0, 20, method="jeffreys", confidence=0.95)
    assert (got.low[0], got.high[0]) == (0.0, pytest.approx(beta.ppf(0.975, 0.5, 20.5), rel=1e-12))
    cp = share_interval(3.5, 12.25, method="exact", confidence=0.9)  # non-integer counts
    assert cp.low[0] == pytest.approx(beta.ppf(0.05, 3.5, 9.75), rel=1e-12)
    assert cp.high[0] == pytest.approx(beta.ppf(0.95, 4.5, 8.75), rel=1e-12)


@given(
    n=st.floats(0.5, 5000),
    fraction=st.floats(0, 1),
    confidence=st.floats(0.8, 0.995),
    method=st.sampled_from(METHODS),
)
def test_interval_contains_the_estimate_and_mirrors_under_complement(
    n: float, fraction: float, confidence: float, method: ShareMethod
) -> None:
    x = fraction * n
    got = share_interval(x, n, method=method, confidence=confidence)
    flipped = share_interval(n - x, n, method=method, confidence=confidence)
    assert 0.0 <= got.low[0] <= got.high[0] <= 1.0
    # Jeffreys' posterior Beta(x + 1/2, n - x + 1/2) can lie wholly above x / n when 0 < x < 1
    # (a fraction of an effective answer); every other interval always contains the estimate.
    if method != "jeffreys" or min(x, n - x) >= 1 or x in (0, n):
        assert got.low[0] <= x / n + 1e-12
        assert x / n - 1e-12 <= got.high[0]
    # Top box and the rest swap roles: the bounds mirror around 1/2 (where the boundary rules see
    # the same edges: a tiny x > 0 can make n - x round to n).
    assume((x == 0) == (n - x == n) and (x == n) == (n - x == 0))
    assert got.low[0] == pytest.approx(1.0 - flipped.high[0], abs=1e-9)
    assert got.high[0] == pytest.approx(1.0 - flipped.low[0], abs=1e-9)


@given(x=st.integers(0, 60), extra=st.integers(1, 60), method=st.sampled_from(METHODS))
def test_higher_confidence_gives_a_wider_interval(x: int, extra: int, method: ShareMethod) -> None:
    n = x + extra
    narrow = share_interval(x, n, method=method, confidence=0.9)
    wide = share_interval(x, n, method=method, confidence=0.99)
    assert wide.low[0] <= narrow.low[0] + 1e-15
    assert narrow.high[0] <= wide.high[0] + 1e-15


def test_unknown_share_method_raises() -> None:
    with pytest.raises(InvalidOptionError, match="method must be one of 'wilson'"):
        share_interval(1, 2, method="score", confidence=0.95)


# -- through interval_arrays, on rows in the share layout ---------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_interval_arrays_on_share_rows_are_the_share_intervals(method: ShareMethod) -> None:
    x = share_rows([30, 0, 12, 7, 2, 0], [50, 20, 12, 9, 20, 0])
    got = interval_arrays(x, x, method=method, confidence=0.9, share=True)
    direct = share_interval(x[:, 2], x.sum(axis=1), method=method, confidence=0.9)
    np.testing.assert_allclose(got.low, direct.low, rtol=0, atol=1e-15)
    np.testing.assert_allclose(got.high, direct.high, rtol=0, atol=1e-15)
    np.testing.assert_allclose(got.se, direct.se, rtol=1e-14)
    assert np.isnan([got.low[-1], got.high[-1], got.se[-1]]).all()


def test_wald_names_the_nps_interval_unless_the_rows_are_a_share() -> None:
    # 2 of 20: 0.1 - 1.96 sqrt(0.09 / 20) = -0.0315. As an NPS (p - d of (0, 18, 2)) that bound
    # is possible and kept; as a share it is clipped to 0.
    x = share_rows(2, 20)
    nps_wald = interval_arrays(x, x, method="wald", confidence=0.95)
    assert nps_wald.low[0] == pytest.approx(0.1 - 1.959963984540054 * math.sqrt(0.09 / 20), rel=1e-12)
    assert interval_arrays(x, x, method="wald", confidence=0.95, share=True).low[0] == 0.0
    with pytest.raises(InvalidOptionError, match="method must be one of 'wilson'"):
        interval_arrays(x, x, method="score", confidence=0.95, share=True)


def test_weighted_share_rows_use_the_linearisation_effective_counts() -> None:
    # Weighted answers in / out of the top box: the interval is the method's at x_eff of n_eff with
    # n_eff = p (1 - p) / var, var = sum w^2 (y - p)^2 / W^2 (linearisation, no n / (n - 1)).
    top = np.array([1, 1, 0, 1, 0, 1, 1, 0, 1, 1])
    w = np.array([1.2, 0.4, 2.0, 1.0, 0.7, 1.5, 0.3, 1.1, 0.9, 2.2])
    p = (w * top).sum() / w.sum()
    var = (w**2 * (top - p) ** 2).sum() / w.sum() ** 2
    n_eff = p * (1 - p) / var
    sums = np.array([[0.0, w[top == 0].sum(), w[top == 1].sum()]])
    squares = np.array([[0.0, (w[top == 0] ** 2).sum(), (w[top == 1] ** 2).sum()]])
    for method in METHODS:
        got = interval_arrays(sums, squares, method=method, confidence=0.95, share=True)
        expected = share_interval(p * n_eff, n_eff, method=method, confidence=0.95)
        assert got.low[0] == pytest.approx(expected.low[0], rel=1e-12)
        assert got.high[0] == pytest.approx(expected.high[0], rel=1e-12)
        assert got.se[0] == pytest.approx(math.sqrt(var), rel=1e-12)


def test_clustered_share_rows_use_the_cluster_robust_effective_counts() -> None:
    # Three clusters' (out, top) weight totals A_c; var = m / (m - 1) a' P a / W^2.
    totals = np.array([[0.0, 2.0, 3.0], [0.0, 1.0, 0.0], [0.0, 0.5, 4.0]])
    sums = totals.sum(axis=0)[None, :]
    products = (totals.T @ totals)[None, :, :]
    clusters = np.array([3.0])
    var = linearisation_variance(sums, products, np.array([1.5]))[0]
    p = sums[0, 2] / sums.sum()
    n_eff = p * (1 - p) / var
    x = effective_counts(sums, sums, products, clusters)
    np.testing.assert_allclose(x[0], [0.0, (1 - p) * n_eff, p * n_eff], rtol=1e-12)
    got = interval_arrays(
        sums, sums, method="wilson", confidence=0.95, products=products, clusters=clusters, share=True
    )
    expected = share_interval(p * n_eff, n_eff, method="wilson", confidence=0.95)
    assert (got.low[0], got.high[0]) == pytest.approx((expected.low[0], expected.high[0]), rel=1e-12)


# -- the exact coverage study (docs/coverage.md) ------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_exact_coverage_equals_brute_force_enumeration(method: ShareMethod) -> None:
    n, pi = 13, 0.37
    cover = width = 0.0
    for x in range(n + 1):
        prob = math.comb(n, x) * pi**x * (1 - pi) ** (n - x)
        r = share_interval(x, n, method=method, confidence=0.95)
        cover += prob * (r.low[0] <= pi <= r.high[0])
        width += prob * (r.high[0] - r.low[0])
    got = exact_share_coverage([7, n], [0.2, pi], method=method)
    assert got.coverage[1, 1] == pytest.approx(cover, abs=1e-13)
    assert got.expected_width[1, 1] == pytest.approx(width, rel=1e-12)


def _summary(method: ShareMethod, sizes: tuple[int, ...], shares: np.ndarray) -> tuple[float, float, float]:
    result = exact_share_coverage(sizes, shares, method=method)
    large = result.coverage[np.asarray(sizes) >= 30]
    return (
        float(np.abs(result.coverage - 0.95).mean()),
        float(large.min()),
        float(100 * result.expected_width.mean()),
    )


STUDY_SHARES = np.round(np.arange(0.01, 0.995, 0.01), 2)


def test_study_table_for_wilson_as_published() -> None:
    # docs/coverage.md, share study: n = 10..150, shares 0.01..0.99 (bench/share_coverage_study.py):
    # wilson mean |cov - .95| 0.0073, min at n >= 30 0.8950, mean width 19.61 points.
    mad, minimum, width = _summary("wilson", tuple(range(10, 151)), STUDY_SHARES)
    assert mad == pytest.approx(0.0073, abs=5e-5)
    assert minimum == pytest.approx(0.8950, abs=5e-5)
    assert width == pytest.approx(19.61, abs=5e-3)


def test_no_method_meets_the_nps_criteria_and_wilson_deviates_least() -> None:
    # A slice of the study (every tenth n): the findings of docs/coverage.md hold on it. The
    # criteria (mean |cov - .95| <= .005, min at n >= 30 >= .94) are not met by any method; only
    # the conservative exact interval keeps .94 at n >= 30, and Wilson is closest to .95 on average.
    sizes = tuple(range(10, 151, 10))
    found = {method: _summary(method, sizes, STUDY_SHARES) for method in METHODS}
    assert not any(mad <= 0.005 and minimum >= 0.94 for mad, minimum, _ in found.values())
    assert [m for m, (_, minimum, _) in found.items() if minimum >= 0.94] == ["exact"]
    assert min(found, key=lambda m: found[m][0]) == "wilson"
    # Narrower than every method but Jeffreys and Wald, which deviate more.
    widths = {m: found[m][2] for m in METHODS}
    assert sorted(widths, key=widths.__getitem__).index("wilson") <= 2
