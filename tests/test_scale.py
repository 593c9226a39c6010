"""Scale, Category and categorize."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import netpromoter as nps


def test_category_values_are_contributions_to_nps() -> None:
    assert [int(c) for c in nps.Category] == [-1, 0, 1]
    assert nps.Category.PROMOTER - nps.Category.DETRACTOR == 2


def test_standard_and_one_to_ten_boundaries() -> None:
    # DESIGN.md: 0-6 detractors, 7-8 passives, 9-10 promoters; 1-10 variant starts at 1.
    expected = [-1] * 7 + [0, 0] + [1, 1]
    assert nps.categorize(list(range(11))).tolist() == expected
    assert nps.categorize(list(range(1, 11)), scale=nps.ONE_TO_TEN).tolist() == expected[1:]
    with pytest.raises(nps.InvalidScoreError, match="score 0 at position 0 is outside the 1-10 scale"):
        nps.categorize([0, 5], scale=nps.ONE_TO_TEN)


def test_custom_five_point_scale() -> None:
    five = nps.Scale(minimum=1, maximum=5, detractor_max=3, promoter_min=5)
    assert nps.categorize([1, 2, 3, 4, 5], scale=five).tolist() == [-1, -1, -1, 0, 1]
    assert five.label == "1-5"
    assert five.category_of(4) is nps.Category.PASSIVE


def test_scale_without_passives_is_allowed() -> None:
    binary = nps.Scale(minimum=0, maximum=1, detractor_max=0, promoter_min=1)
    assert nps.categorize([0, 1, 1], scale=binary).tolist() == [-1, 1, 1]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"minimum": 5, "maximum": 4},
        {"detractor_max": 9, "promoter_min": 9},
        {"detractor_max": -1},
        {"promoter_min": 11},
        {"minimum": 0.5},
        {"maximum": True},
    ],
)
def test_inconsistent_scales_are_rejected(kwargs: dict[str, Any]) -> None:
    with pytest.raises(nps.InvalidScaleError):
        nps.Scale(**kwargs)


def test_scale_is_frozen_value() -> None:
    assert nps.Scale() == nps.STANDARD
    with pytest.raises(AttributeError):
        nps.STANDARD.maximum = 5  # type: ignore[misc]


def test_categorize_keeps_order_length_and_missing() -> None:
    codes = nps.categorize([10, None, 3, float("nan"), 8])
    assert codes.shape == (5,)
    assert codes[0] == 1 and codes[2] == -1 and codes[4] == 0
    assert np.isnan(codes[1]) and np.isnan(codes[3])
    with pytest.raises(nps.MissingValueError, match="position 1"):
        nps.categorize([10, None], missing="raise")
