"""prioritize(): counts, frequencies, attribution, weights, uplift and ordering on hand-built data."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import netpromoter as nps

# Six responses. Detractors: 0 (price), 1 (bugs, price), 3 (bugs), 5 (none).
# Passive: 4 (onboarding). Promoter: 2 (bugs; ignored: only detractors count).
THEMES = [["price"], ["bugs", "price"], ["bugs"], ["bugs"], "onboarding", None]
SCORES = [2, 5, 10, 6, 8, 0]
FIX = {"price": 0.2, "bugs": 0.6, "onboarding": 0.9}


def test_counts_frequencies_and_uplift_by_hand() -> None:
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX)
    assert table.detractors == 4 and table.responses == 6
    bugs, price = table["bugs"], table["price"]
    # bugs: cited by detractors 1 and 3 -> 2 mentions of 4 detractors.
    assert bugs.mentions == 2 and bugs.frequency == 0.5
    assert bugs.priority == pytest.approx(0.5 * 0.6)
    assert bugs.nps_uplift == pytest.approx(100 * 2 / 6)  # two detractors -> passives: +2/6
    assert bugs.expected_uplift == pytest.approx(100 * 2 / 6 * 0.6)
    assert price.mentions == 2 and price.priority == pytest.approx(0.5 * 0.2)
    assert [row.theme for row in table] == ["bugs", "price"]  # onboarding: only a passive cites it
    assert table.overall_nps == pytest.approx(100 * (1 - 4) / 6)


def test_themes_of_promoters_do_not_count_and_without_scores_everyone_is_a_detractor() -> None:
    everyone = nps.prioritize(THEMES, fixability=FIX)
    assert everyone.detractors == 6
    assert everyone["bugs"].mentions == 3 and everyone["onboarding"].mentions == 1
    assert math.isnan(everyone.overall_nps) and math.isnan(everyone["bugs"].impact)


def test_split_attribution_gives_each_of_k_themes_one_kth() -> None:
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX, attribution="split")
    assert table["bugs"].mentions == pytest.approx(1.5)  # 1/2 from response 1, 1 from response 3
    assert table["price"].mentions == pytest.approx(1.5)
    assert sum(row.mentions for row in table) == pytest.approx(3)  # detractors citing anything


def test_weights() -> None:
    weights = [2.0, 1.0, 5.0, 3.0, 1.0, 4.0]
    table = nps.prioritize(THEMES, scores=SCORES, weights=weights, fixability=FIX)
    assert table.detractors == pytest.approx(2 + 1 + 3 + 4)
    assert table["bugs"].mentions == pytest.approx(1 + 3)
    assert table["bugs"].frequency == pytest.approx(4 / 10)
    assert table["bugs"].nps_uplift == pytest.approx(100 * 4 / 16)
    # Wilson interval on Kish's effective n of detractors: 10^2 / (4 + 1 + 9 + 16) = 3.33.
    n_eff, p, z = 100 / 30, 0.4, 1.959963984540054
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff**2))
    assert (table["bugs"].frequency_low, table["bugs"].frequency_high) == pytest.approx(
        (centre - half, centre + half)
    )


def test_unit_weights_equal_unweighted() -> None:
    plain = nps.prioritize(THEMES, scores=SCORES, fixability=FIX)
    weighted = nps.prioritize(THEMES, scores=SCORES, weights=[1.0] * 6, fixability=FIX)
    assert plain == weighted


def test_impact_is_overall_minus_nps_of_those_not_citing() -> None:
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX)
    not_citing_bugs = [
        s for s, t in zip(SCORES, THEMES, strict=True) if not (isinstance(t, list) and "bugs" in t)
    ]
    assert table["bugs"].impact == pytest.approx(table.overall_nps - nps.nps(not_citing_bugs))


def test_passives_option() -> None:
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX, include_passives=True)
    onboarding = table["onboarding"]
    assert onboarding.mentions == 0 and onboarding.passive_mentions == 1
    assert onboarding.passive_uplift == pytest.approx(100 / 6)  # one passive -> promoter
    assert onboarding.expected_uplift == pytest.approx(100 / 6 * 0.9)


def test_ordering_ties_and_pareto() -> None:
    # Equal priority (1/5 x 1 = 2/5 x 0.5 = 0.2): more mentions first, then the theme name.
    themes = [["a"], ["b"], ["b"], ["c"], ["c"]]
    table = nps.prioritize(themes, fixability={"a": 1.0, "b": 0.5, "c": 0.5})
    assert [row.priority for row in table] == [0.2, 0.2, 0.2]
    assert [row.theme for row in table] == ["b", "c", "a"]
    higher = nps.prioritize(themes, fixability={"a": 1.0, "b": 0.6, "c": 0.4})
    assert [row.theme for row in higher] == ["b", "a", "c"]  # priorities 0.24 > 0.2 > 0.16
    np.testing.assert_allclose(table.pareto, np.cumsum([r.mentions for r in table]) / 5)
    assert table.pareto[-1] == pytest.approx(1.0)
    assert [r.theme for r in table.top(1)] == [table.rows[0].theme]


def test_duplicates_in_one_response_count_once_and_missing_scores_are_counted() -> None:
    table = nps.prioritize([["a", "a"], ["a"], ["a"]], scores=[1, None, 3], fixability={"a": 0.5})
    assert table["a"].mentions == 2 and table.missing == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"fixability": {"price": 0.2, "bugs": 0.6}},
            nps.InvalidOptionError,
            "no fixability .* 'onboarding'",
        ),
        ({"fixability": {"price": 0.2}}, nps.InvalidOptionError, "'bugs', 'onboarding'"),
        ({"fixability": {**FIX, "bugs": 1.5}}, nps.InvalidOptionError, "in \\[0, 1\\].*'bugs'"),
        ({"fixability": {**FIX, "price": float("nan")}}, nps.InvalidOptionError, "'price'"),
        ({"fixability": {**FIX, "price": "high"}}, nps.InvalidOptionError, "'price'"),
        ({"fixability": FIX, "scores": [1, 2, 3]}, nps.LengthMismatchError, "themes have 6, scores have 3"),
        ({"fixability": FIX, "weights": [1, 2]}, nps.LengthMismatchError, "weights"),
        ({"fixability": FIX, "attribution": "equal"}, nps.InvalidOptionError, "attribution"),
        ({"fixability": [0.2]}, nps.InvalidTypeError, "mapping"),
    ],
)
def test_errors_name_the_problem(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        nps.prioritize(THEMES, **kwargs)


def test_fixability_from_effort() -> None:
    assert nps.fixability_from_effort({"x": 0, "y": 15, "z": 60}) == {"x": 1.0, "y": 2**-0.5, "z": 0.25}
    assert nps.fixability_from_effort({"x": 10}, half_life=10) == {"x": 0.5}
    with pytest.raises(nps.InvalidOptionError, match="'y'"):
        nps.fixability_from_effort({"x": 1, "y": -2})
    with pytest.raises(nps.InvalidOptionError, match="half_life"):
        nps.fixability_from_effort({"x": 1}, half_life=0)


def test_displays() -> None:
    pd = pytest.importorskip("pandas")
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX)
    assert isinstance(table.to_frame(), pd.DataFrame)
    assert table.to_dict()["rows"][0]["theme"] == "bugs"
    assert "<table" in table._repr_html_() and "PriorityTable(2 themes" in repr(table)


def test_example_survey_priorities() -> None:
    from netpromoter.datasets import EXAMPLE_FIXABILITY, example_survey

    survey = example_survey()
    table = nps.prioritize(survey.themes, scores=survey.score, fixability=EXAMPLE_FIXABILITY)
    assert len(table) == 8
    detractors = nps.Counts.from_scores(survey.score).detractors
    assert table.detractors == detractors
    assert all(0 < row.frequency_low <= row.frequency <= row.frequency_high < 1 for row in table)
