"""Counts: construction, derived quantities, merging, and their invariants."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import netpromoter as nps
from netpromoter.typing import Method

scores_st = st.lists(st.one_of(st.integers(0, 10), st.none()), max_size=60)
weights_st = st.integers(0, 5)


def test_counts_properties_by_hand() -> None:
    # 20 detractors, 30 passives, 50 promoters: NPS = 50% - 20% = +30.
    c = nps.Counts(20, 30, 50)
    assert (c.total, c.n, c.nps) == (100, 100, 30.0)
    assert (c.detractor_share, c.passive_share, c.promoter_share) == (0.2, 0.3, 0.5)
    assert c.effective_n == 100.0
    assert not c.weighted


def test_from_scores_counts_every_category() -> None:
    c = nps.Counts.from_scores([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert c == nps.Counts(7, 2, 2)


def test_weighted_counts_and_kish_effective_n() -> None:
    # Weights (3, 1, 2) on (promoter, detractor, promoter):
    # sums D=1, P=5; squares D=1, P=9+4=13; Kish n_eff = 6^2 / 14 = 2.5714...
    c = nps.Counts.from_scores([10, 0, 9], weights=[3.0, 1.0, 2.0])
    assert (c.detractors, c.passives, c.promoters) == (1, 0, 5)
    assert c.squared_weights == (1, 0, 13)
    assert c.n == 3
    assert c.effective_n == pytest.approx(36 / 14)
    assert c.nps == pytest.approx(100 * (5 - 1) / 6)
    assert c.weighted


def test_empty_counts_are_nan_without_warnings() -> None:
    empty = nps.Counts(0, 0, 0)
    assert math.isnan(empty.nps) and math.isnan(empty.promoter_share)
    assert empty.effective_n == 0.0
    all_missing = nps.Counts.from_scores([None, float("nan")])
    assert all_missing == nps.Counts(0, 0, 0, missing=2)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((-1, 0, 0), {}, "detractors must be finite and non-negative"),
        ((0, math.inf, 0), {}, "passives must be finite"),
        ((0, 0, 1.5), {}, "promoters must be a whole number"),
        ((0, 0, "3"), {}, "promoters must be a number"),
        ((1, 0, 0), {"missing": -1}, "missing must be finite and non-negative"),
        ((1, 0, 0), {"n": 2}, "n=2 differs from the total 1"),
        ((1.5, 0, 0), {"squared_weights": (1.0, 0, 0)}, "weighted counts need n"),
        ((1.5, 0, 0), {"squared_weights": (1.0, 0, 0, 0), "n": 1}, "one sum per category"),
        ((1.5, 0, 0), {"squared_weights": (-1.0, 0, 0), "n": 1}, "squared_weights of detractors"),
        ((1.5, 0, 0), {"squared_weights": (0.0, 0, 0), "n": 1}, "both be zero or both be positive"),
        # No non-negative weights give these: Kish's effective n must lie between 1 and n.
        (
            (1, 1, 1),
            {"squared_weights": (0.01, 0.01, 0.01), "n": 3},
            "effective n of 300, more than the n = 3",
        ),
        ((0.1, 0.1, 0.1), {"squared_weights": (1, 1, 1), "n": 3}, "cannot exceed the squared sum"),
        ((2, 0, 0), {"squared_weights": (1, 0, 0), "n": 1}, "effective n of 4, more than the n = 1"),
        ((1, 0, 0), {"squared_weights": (1, 0, 0), "n": 0}, "more than the n = 0"),
        # Checked as ratios: sums beyond sqrt(float max) are judged, not overflowed.
        ((1e300, 1e300, 1e300), {"squared_weights": (1e300,) * 3, "n": 10**18}, r"effective n of 3e\+300"),
        ((1e308, 0, 1e308), {"squared_weights": (1e300, 0, 1e300), "n": 10**18}, "overflow when added"),
    ],
)
def test_bad_counts_are_rejected(args: tuple[Any, ...], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(nps.InvalidCountsError, match=message):
        nps.Counts(*args, **kwargs)


def test_counts_are_frozen_and_summable() -> None:
    parts = [nps.Counts(1, 2, 3), nps.Counts(4, 5, 6, missing=1)]
    assert sum(parts) == nps.Counts(5, 7, 9, missing=1)
    with pytest.raises(AttributeError):
        parts[0].promoters = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        parts[0] + 1


def test_repr_and_to_dict() -> None:
    c = nps.Counts(1, 2, 3, missing=4)
    assert repr(c) == "Counts(detractors=1, passives=2, promoters=3, missing=4)"
    d = c.to_dict()
    assert d["promoters"] == 3 and d["missing"] == 4 and d["nps"] == pytest.approx(100 * 2 / 6)
    assert "<table" in c._repr_html_() and "NPS" in c._repr_html_()


# -- properties --------------------------------------------------------------------------


@given(scores_st)
def test_total_plus_missing_is_length(scores: list[int | None]) -> None:
    c = nps.Counts.from_scores(scores)
    assert c.total + c.missing == len(scores)
    assert c.n == c.total


@given(scores_st)
def test_nps_bounds_and_share_identity(scores: list[int | None]) -> None:
    c = nps.Counts.from_scores(scores)
    if c.total == 0:
        assert math.isnan(c.nps)
        return
    assert -100.0 <= c.nps <= 100.0
    assert c.promoter_share + c.passive_share + c.detractor_share == pytest.approx(1.0)
    assert c.nps == pytest.approx(100 * (c.promoter_share - c.detractor_share))


@given(scores_st, scores_st, scores_st)
def test_merge_is_associative_and_matches_concatenation(
    a: list[int | None], b: list[int | None], c: list[int | None]
) -> None:
    ca, cb, cc = (nps.Counts.from_scores(x) for x in (a, b, c))
    assert (ca + cb) + cc == ca + (cb + cc)
    assert ca + cb == cb + ca
    assert ca + cb + cc == nps.Counts.from_scores(a + b + c)


@given(st.lists(st.tuples(st.integers(0, 10), weights_st), min_size=1, max_size=40), st.data())
def test_weighted_merge_matches_concatenation(pairs: list[tuple[int, int]], data: st.DataObject) -> None:
    # Integer weights keep the float sums exact, so equality can be exact.
    cut = data.draw(st.integers(0, len(pairs)))
    scores = [s for s, _ in pairs]
    weights = [float(w) + 1.0 for _, w in pairs]
    whole = nps.Counts.from_scores(scores, weights)
    left = nps.Counts.from_scores(scores[:cut], weights[:cut]) if cut else None
    right = nps.Counts.from_scores(scores[cut:], weights[cut:]) if cut < len(pairs) else None
    merged = sum(part for part in (left, right) if part is not None)
    assert merged == whole


@given(hnp.arrays(np.int64, st.integers(0, 80), elements=st.integers(0, 10)), st.randoms())
def test_permutation_invariance(scores: np.ndarray, random: object) -> None:
    shuffled = scores.copy()
    np.random.default_rng(len(scores)).shuffle(shuffled)
    assert nps.Counts.from_scores(shuffled) == nps.Counts.from_scores(scores)


@given(scores_st)
def test_unit_weights_equal_unweighted(scores: list[int | None]) -> None:
    ones = [1.0] * len(scores)
    if all(s is None for s in scores):
        return  # no usable response: nothing to weigh
    assert nps.Counts.from_scores(scores, ones) == nps.Counts.from_scores(scores)
    assert nps.score(scores, ones) == nps.score(scores)
    assert nps.score(scores, ones, method="wald") == nps.score(scores, method="wald")


@given(st.lists(st.integers(0, 10), min_size=1, max_size=40), st.floats(0.1, 1000))
def test_constant_weights_do_not_change_nps_or_interval(scores: list[int], w: float) -> None:
    # A constant weight is no weighting: same NPS, and the linearisation
    # variance reduces to the unweighted one.
    weighted = nps.score(scores, [w] * len(scores), method="wald")
    plain = nps.score(scores, method="wald")
    assert weighted.nps == pytest.approx(plain.nps, abs=1e-9)
    assert weighted.se == pytest.approx(plain.se, abs=1e-9)
    assert weighted.effective_n == pytest.approx(len(scores))


def test_possible_squared_weights_are_accepted() -> None:
    one = nps.Counts(0, 0, 2.5, squared_weights=(0, 0, 6.25), n=1)  # a single response of weight 2.5
    assert one.effective_n == 1.0
    equal = nps.Counts(2, 0, 2, squared_weights=(1, 0, 1), n=8)  # 8 responses of weight 0.5
    assert equal.effective_n == 8.0


def test_weights_of_zero_and_one_are_weighted_counts() -> None:
    # Two responses, one of weight 0: the sums equal the squares, but n = 2 is not the total 1.
    c = nps.Counts.from_scores([10, 10], [1, 0])
    assert (c.n, c.total, c.weighted) == (2, 1, True)
    assert (c + c).n == 4  # was 2: n recomputed from the sums
    assert c == nps.Counts(0, 0, 1, squared_weights=(0, 0, 1), n=2)
    assert repr(c) == "Counts(detractors=0, passives=0, promoters=1, squared_weights=(0, 0, 1), n=2)"
    g = nps.GroupedCounts.from_scores([10, 10, 0], ["a", "a", "b"], [1, 0, 1])
    assert (g["a"].n, (g + g)["a"].n) == (2, 4)


WEIGHTS = np.array([1.0, 2.0, 0.5, 1.5, 3.0, 1.0, 2.0, 0.25, 1.0])
SCORES = [10, 9, 0, 7, 3, 10, 8, 2, 9]


@pytest.mark.parametrize("unit", [1e-300, 1e-160, 1e-100, 1e-10, 1e10, 1e100, 1e200, 1e300])
@pytest.mark.parametrize("method", ["wald", "score", "bootstrap", "bayes"])
def test_the_unit_of_the_weights_does_not_matter(unit: float, method: Method) -> None:
    # Weights are rescaled by a power of two before squaring: nothing under- or overflows.
    reference = nps.score(SCORES, WEIGHTS, method=method)
    scaled = nps.score(SCORES, WEIGHTS * unit, method=method)
    assert scaled.nps == pytest.approx(reference.nps, rel=1e-13)  # rounding of the weighted sums
    assert scaled.se == pytest.approx(reference.se, rel=1e-12)
    assert scaled.ci.low == pytest.approx(reference.ci.low, rel=1e-12, abs=1e-12)
    assert scaled.ci.high == pytest.approx(reference.ci.high, rel=1e-12, abs=1e-12)
    assert scaled.effective_n == pytest.approx(reference.effective_n, rel=1e-13)
    assert nps.nps(SCORES, WEIGHTS * unit) == pytest.approx(nps.nps(SCORES, WEIGHTS), rel=1e-13)


@pytest.mark.parametrize("unit", [1e-300, 0.1, 1 / 3, 7.0, 1e200, 1.7e308])
@pytest.mark.parametrize("method", ["wald", "adjusted-wald", "score", "bootstrap", "bayes"])
def test_constant_weights_give_the_unweighted_interval_exactly(unit: float, method: Method) -> None:
    # Effective counts are the integers themselves, so even the bootstrap's tie counting agrees.
    weighted = nps.score(SCORES, [unit] * len(SCORES), method=method)
    plain = nps.score(SCORES, method=method)
    assert (weighted.ci, weighted.se) == (plain.ci, plain.se)
    assert weighted.nps == pytest.approx(plain.nps, rel=1e-14)


def test_a_tiny_weight_beside_ordinary_ones_counts_for_nothing() -> None:
    # 1e-200 squared underflows to 0; such a weight is treated as 0 (it is 1e-200 of the others).
    c = nps.Counts.from_scores([10, 0, 7], [1.0, 1e-200, 1.0])
    assert c == nps.Counts(0, 1, 1, squared_weights=(0, 1, 1), n=3)


def test_integers_beyond_float_range_are_invalid_scores() -> None:
    with pytest.raises(nps.InvalidScoreError, match="position 1 is outside the 0-10 scale"):
        nps.nps([3, 10**400])
    with pytest.raises(nps.InvalidWeightError, match="weight inf at position 0"):
        nps.nps([3, 4], [10**400, 1])
