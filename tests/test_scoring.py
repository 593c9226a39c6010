"""nps() and score(): estimates and intervals checked against hand formulas.

Reference formulas (NPS_METHODS.md section 1b and 3): for counts (D, Pas, P),
p = P/n, d = D/n, V = p + d - (p - d)^2, Wald se = sqrt(V/n); the adjusted
Wald (Rocks 2016; R package NPS ``nps_test_(test = "adjusted.wald")``;
MeasuringU's "add 3") adds (0.75, 1.5, 0.75) and centres on the adjusted NPS.
The expected numbers below are recomputed with the math module alone.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter.typing import Method

Z95 = 1.959963984540054  # qnorm(0.975), R


def hand_wald(d: float, pas: float, p: float, z: float = Z95) -> tuple[float, float, float, float]:
    n = d + pas + p
    est = (p - d) / n
    v = p / n + d / n - est**2
    se = math.sqrt(v / n)
    return 100 * est, 100 * se, 100 * max(est - z * se, -1), 100 * min(est + z * se, 1)


def test_wald_by_hand_20_30_50() -> None:
    # p = .5, d = .2: V = .7 - .09 = .61, se = sqrt(.61/100) = .0781025; 30 +/- 15.307808.
    r = nps.score(nps.Counts(20, 30, 50), method="wald")
    assert r.nps == 30.0
    assert r.se == pytest.approx(7.810249675906654, rel=1e-12)
    assert r.ci.low == pytest.approx(30 - Z95 * 7.810249675906654, rel=1e-12)
    assert r.ci.high == pytest.approx(45.307808, abs=1e-6)
    assert (r.n, r.missing, r.method, r.confidence) == (100, 0, "wald", 0.95)


def test_adjusted_wald_by_hand_20_30_50() -> None:
    # (20.75, 31.5, 50.75) on n = 103: NPS~ = 30/103 = .2912621, p~ + d~ = .6941748,
    # V~ = .6941748 - .0848336 = .6093411, se = sqrt(V~/103) = .0769151;
    # interval 29.12621 +/- 15.07508 = (14.0511, 44.2013).
    r = nps.score(nps.Counts(20, 30, 50), method="adjusted-wald")
    _, se, low, high = hand_wald(20.75, 31.5, 50.75)
    assert r.nps == 30.0  # the observed estimate, whatever the method
    assert r.se == pytest.approx(se, rel=1e-12)
    assert (r.ci.low, r.ci.high) == pytest.approx((low, high), rel=1e-12)
    assert (round(r.ci.low, 4), round(r.ci.high, 4)) == (14.0511, 44.2013)


@pytest.mark.parametrize("counts", [(1, 2, 3), (0, 0, 7), (5, 0, 0), (13, 40, 2), (0, 9, 0)])
@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99])
def test_both_methods_match_hand_formulas(counts: tuple[int, int, int], confidence: float) -> None:
    z = {0.8: 1.2815515655446004, 0.9: 1.6448536269514722, 0.95: Z95, 0.99: 2.5758293035489004}[
        confidence
    ]  # qnorm((1 + conf) / 2) in R
    d, pas, p = counts
    wald = nps.score(nps.Counts(d, pas, p), method="wald", confidence=confidence)
    adj = nps.score(nps.Counts(d, pas, p), method="adjusted-wald", confidence=confidence)
    _, se, low, high = hand_wald(d, pas, p, z)
    assert (wald.se, wald.ci.low, wald.ci.high) == pytest.approx((se, low, high), rel=1e-12, abs=1e-12)
    _, se, low, high = hand_wald(d + 0.75, pas + 1.5, p + 0.75, z)
    assert (adj.se, adj.ci.low, adj.ci.high) == pytest.approx((se, low, high), rel=1e-12, abs=1e-12)


def test_degenerate_samples_give_finite_intervals_in_range() -> None:
    for counts in (nps.Counts(0, 0, 10), nps.Counts(10, 0, 0), nps.Counts(0, 10, 0), nps.Counts(0, 0, 1)):
        r = nps.score(counts, method="adjusted-wald")
        assert -100 <= r.ci.low < r.ci.high <= 100
        assert math.isfinite(r.se) and r.se > 0
    # The adjusted Wald interval is centred on the shrunken estimate, so for one
    # promoter out of one it is (.25 -/+ 1.96 * .375) = (-48.5, +98.5): it
    # excludes the observed +100 (a property of the method, not a bug).
    one = nps.score(nps.Counts(0, 0, 1), method="adjusted-wald")
    assert one.ci == pytest.approx((100 * (0.25 - Z95 * 0.375), 100 * (0.25 + Z95 * 0.375)))
    # All promoters: Wald collapses to a point (its known defect), clipped at +100.
    assert nps.score(nps.Counts(0, 0, 10), method="wald").ci == (100.0, 100.0)


def test_interval_is_clipped_to_plus_minus_100() -> None:
    # 1 promoter of 1: adjusted estimate (1.75 - .75)/4 = .25, V = .625 - .0625,
    # se = sqrt(.5625/4) = .375; at 99% the upper bound .25 + 2.5758 * .375 = 1.216
    # exceeds 1, so it is clipped to +100; the lower bound is -.716.
    r = nps.score([10], method="adjusted-wald", confidence=0.99)
    assert r.ci.high == 100.0
    assert r.ci.low == pytest.approx(100 * (0.25 - 2.5758293035489004 * 0.375))


def test_empty_or_all_missing_gives_nan_result_and_one_empty_data_warning() -> None:
    for data in ([], [None, None], np.array([np.nan]), nps.Counts(0, 0, 0)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            r = nps.score(data)
        assert [type(w.message) for w in caught] == [nps.EmptyDataWarning]  # ours only, once
        assert caught[0].filename == __file__  # points at the caller
        assert math.isnan(r.nps) and math.isnan(r.se)
        assert math.isnan(r.ci.low) and math.isnan(r.ci.high)
        assert r.n == 0
    with pytest.warns(nps.EmptyDataWarning, match=r"no responses to score \(2 missing\)"):
        assert nps.score([None, None]).missing == 2
    assert math.isnan(nps.nps([]))


def test_nps_function_by_hand() -> None:
    assert nps.nps([10, 9, 8, 7, 6, 0]) == 0.0
    assert nps.nps([10, 10, 3]) == pytest.approx(100 / 3)
    assert nps.nps(np.array([10, 10, 3], dtype=np.int8)) == pytest.approx(100 / 3)
    assert nps.nps([1, 10], scale=nps.ONE_TO_TEN) == 0.0
    assert nps.nps(nps.Counts(1, 1, 2)) == 25.0


def test_weighted_nps_and_linearisation_se_by_hand() -> None:
    # Scores (10, 0, 7, 9) with weights (2, 1, 1, 4); y = (1, -1, 0, 1), W = 8.
    # NPS_w = (2 - 1 + 0 + 4)/8 = .625.
    # Linearisation: var = sum w^2 (y - .625)^2 / W^2
    #   = (4 * .140625 + 1 * 2.640625 + 1 * .390625 + 16 * .140625) / 64 = 5.84375 / 64
    scores, weights = [10, 0, 7, 9], [2.0, 1.0, 1.0, 4.0]
    y = [1, -1, 0, 1]
    m = sum(w * v for w, v in zip(weights, y, strict=True)) / sum(weights)
    var = sum(w * w * (v - m) ** 2 for w, v in zip(weights, y, strict=True)) / sum(weights) ** 2
    assert var == pytest.approx(5.84375 / 64)
    r = nps.score(scores, weights, method="wald")
    assert r.nps == pytest.approx(62.5)
    assert r.se == pytest.approx(100 * math.sqrt(var), rel=1e-12)
    assert r.ci.low == pytest.approx(62.5 - Z95 * 100 * math.sqrt(var), rel=1e-12)
    assert r.n == 4


def test_weighted_adjusted_wald_uses_effective_counts() -> None:
    # The effective sample size is V_w / var, with V_w from the weighted shares:
    # p = 6/8, d = 1/8, V_w = .875 - .390625 = .484375; n_eff = .484375 / (5.84375/64) = 5.3048.
    scores, weights = [10, 0, 7, 9], [2.0, 1.0, 1.0, 4.0]
    n_eff = 0.484375 / (5.84375 / 64)
    d, pas, p = 1 / 8 * n_eff, 1 / 8 * n_eff, 6 / 8 * n_eff
    _, se, low, high = hand_wald(d + 0.75, pas + 1.5, p + 0.75)
    r = nps.score(scores, weights, method="adjusted-wald")
    assert (r.se, r.ci.low, r.ci.high) == pytest.approx((se, low, high), rel=1e-12)


def test_weights_with_counts_is_an_error() -> None:
    with pytest.raises(nps.InvalidOptionError, match="weights cannot be combined with Counts"):
        nps.score(nps.Counts(1, 1, 1), weights=[1, 2, 3])


def test_wald_coverage_by_exact_enumeration_is_below_nominal_for_small_n() -> None:
    # Exact multinomial enumeration (n = 20, p = d = 1/3), a fact of the method
    # that this check reproduces independently: Wald under-covers, adjusted Wald
    # is closer to 95%. Probabilities from math.comb; coverage computed here.
    n, p, d = 20, 1 / 3, 1 / 3
    truth = 100 * (p - d)
    cover: dict[Method, float] = {"wald": 0.0, "adjusted-wald": 0.0}
    for nd in range(n + 1):
        for npro in range(n + 1 - nd):
            prob = (
                math.comb(n, nd) * math.comb(n - nd, npro) * d**nd * p**npro * (1 - p - d) ** (n - nd - npro)
            )
            for method in cover:
                r = nps.score(nps.Counts(nd, n - nd - npro, npro), method=method)
                if r.ci.low <= truth <= r.ci.high:
                    cover[method] += prob
    assert cover["wald"] < 0.95
    assert abs(cover["adjusted-wald"] - 0.95) < abs(cover["wald"] - 0.95)


@given(
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 50),
    st.sampled_from(["wald", "adjusted-wald"]),
    st.floats(0.5, 0.999),
)
def test_interval_bounds_property(d: int, pas: int, p: int, method: Method, confidence: float) -> None:
    if d + pas + p == 0:
        with pytest.warns(nps.EmptyDataWarning):
            empty = nps.score(nps.Counts(d, pas, p), method=method, confidence=confidence)
        assert math.isnan(empty.ci.low)
        return
    r = nps.score(nps.Counts(d, pas, p), method=method, confidence=confidence)
    assert -100 <= r.ci.low <= r.ci.high <= 100
    assert r.se >= 0
    if method == "wald":
        assert r.ci.low <= r.nps <= r.ci.high
    wider = nps.score(nps.Counts(d, pas, p), method=method, confidence=min(confidence + 0.0005, 0.9999))
    assert wider.ci.low <= r.ci.low and wider.ci.high >= r.ci.high


def test_result_is_a_frozen_value_with_displays() -> None:
    r = nps.score(nps.Counts(20, 30, 50), method="wald")
    assert r == nps.score(nps.Counts(20, 30, 50), method="wald")
    with pytest.raises(AttributeError):
        r.nps = 0  # type: ignore[misc]
    assert repr(r) == (
        "NPSResult(nps=30.00, ci=(14.69, 45.31), confidence=0.95, method='wald', se=7.81, n=100, missing=0)"
    )
    assert str(r) == "NPS +30.0 (95% CI +14.7 to +45.3, wald; n = 100)"
    d = r.to_dict()
    assert d["ci"] == {"low": r.ci.low, "high": r.ci.high} and d["method"] == "wald"
    assert d["counts"]["promoters"] == 50
    html = r._repr_html_()
    assert "<table" in html and "+30.0" in html and "95% CI" in html
    low, high = r.ci
    assert r.ci.low == low and r.ci.high == high
