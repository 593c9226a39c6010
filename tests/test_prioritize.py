"""prioritize(): counts, frequencies, attribution, weights, uplift and ordering on hand-built data."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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


# -- what fixing is worth ----------------------------------------------------------------------


def test_nps_if_fixed_is_the_nps_after_turning_those_detractors_into_passives() -> None:
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX)
    for row in table:
        fixed = [
            7 if s <= 6 and isinstance(t, list) and row.theme in t else s
            for s, t in zip(SCORES, THEMES, strict=True)
        ]
        assert row.nps_if_fixed == pytest.approx(nps.nps(fixed))
        assert row.nps_if_fixed == pytest.approx(table.overall_nps + row.nps_uplift)


def test_combined_uplift_counts_a_detractor_citing_two_fixed_themes_once() -> None:
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX)
    # Detractors citing bugs or price: responses 0, 1 and 3 -> three of six responses turned passive.
    assert table.combined_uplift(["bugs", "price"]) == pytest.approx(100 * 3 / 6)
    assert table["bugs"].nps_uplift + table["price"].nps_uplift == pytest.approx(100 * 4 / 6)
    assert table.combined_uplift("bugs") == pytest.approx(table["bugs"].nps_uplift)
    assert table.combined_uplift([]) == 0.0
    assert table.combined_uplift(["onboarding"]) == 0.0  # only a passive cites it
    assert table.combined_uplift(["bugs", "shipping"]) == table.combined_uplift("bugs")  # no one cites it
    with pytest.raises(nps.InvalidOptionTypeError, match="themes must be a label"):
        table.combined_uplift([["bugs"]])  # type: ignore[list-item]
    # Split attribution already shares a response out: its combined uplift is the sum.
    split = nps.prioritize(THEMES, scores=SCORES, fixability=FIX, attribution="split")
    assert split.combined_uplift(["bugs", "price"]) == pytest.approx(100 * 3 / 6)
    assert split.combined_uplift(["bugs"]) == pytest.approx(split["bugs"].nps_uplift)  # 1.5 of 6


def test_cited_together_lists_each_set_of_themes_detractors_cite() -> None:
    table = nps.prioritize(THEMES, scores=SCORES, fixability=FIX)
    assert dict(table.cited_together) == {("price",): 1.0, ("bugs", "price"): 1.0, ("bugs",): 1.0}
    weighted = nps.prioritize([["a"], ["a"], ["b", "a"]], weights=[1.0, 2.0, 4.0])
    assert weighted.cited_together == ((("a", "b"), 4.0), (("a",), 3.0))  # most detractors first


themes_strategy = st.lists(
    st.tuples(
        st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4),
        st.integers(0, 10),
        st.floats(0.1, 5.0),
    ),
    min_size=1,
    max_size=40,
)


@given(themes_strategy, st.sets(st.sampled_from(["a", "b", "c", "d"])))
def test_combined_uplift_equals_counting_the_people(
    data: list[tuple[list[str], int, float]], fixed: set[str]
) -> None:
    themes = [t for t, _, _ in data]
    scores = [s for _, s, _ in data]
    weights = [w for _, _, w in data]
    table = nps.prioritize(themes, scores=scores, weights=weights)
    cited = {theme for row in table for theme in [row.theme]}
    chosen = fixed & cited
    people = sum(w for t, s, w in data if s <= 6 and chosen & set(t))
    assert table.combined_uplift(sorted(chosen)) == pytest.approx(100 * people / sum(weights), abs=1e-9)
    assert table.combined_uplift(sorted(chosen)) <= sum(table[t].nps_uplift for t in chosen) + 1e-9


@given(themes_strategy)
@example([([], 7, 1.0), (["a"], 0, 1.0), (["a"], 0, 0.45), (["a"], 0, 0.1)])  # every detractor cites a
def test_theme_impact_identity_of_thematic_and_qualtrics(data: list[tuple[list[str], int, float]]) -> None:
    # NPS_all - NPS_without = n_t (NPS_t - NPS_all) / (N - n_t), weighted or not.
    themes = [t for t, _, _ in data]
    scores = [s for _, s, _ in data]
    weights = [w for _, _, w in data]
    for w in (None, weights):
        table = nps.prioritize(themes, scores=scores, weights=w, include_passives=True)
        unit = [1.0] * len(data) if w is None else weights
        total = sum(unit)
        for row in table:
            cites = [row.theme in t for t in themes]
            n_t = sum(u for u, c in zip(unit, cites, strict=True) if c)
            if n_t == total:
                assert math.isnan(row.impact)
                continue
            nps_t = nps.nps(
                [s for s, c in zip(scores, cites, strict=True) if c],
                [u for u, c in zip(unit, cites, strict=True) if c],
            )
            assert row.impact == pytest.approx(n_t * (nps_t - table.overall_nps) / (total - n_t), abs=1e-9)
            # (the adjusted-Wald interval is centred on a shrunken difference: on tiny samples
            # it may exclude the observed impact, as docs/methods.md shows for one sample)
            assert -200 * n_t / total <= row.impact_low <= row.impact_high <= 200 * n_t / total


def test_impact_interval_is_the_adjusted_wald_difference_scaled_by_the_citing_share() -> None:
    from netpromoter.datasets import EXAMPLE_FIXABILITY, example_survey

    survey = example_survey()
    table = nps.prioritize(survey.themes, scores=survey.score, fixability=EXAMPLE_FIXABILITY)
    for row in table.top(3):
        answered = ~np.isnan(survey.score)  # responses without a score are left out
        cites = np.array([row.theme in t for t in survey.themes])
        comparison = nps.compare(
            survey.score[cites & answered], survey.score[~cites & answered], method="adjusted-wald"
        )
        share = (cites & answered).sum() / answered.sum()
        assert row.impact == pytest.approx(share * comparison.difference)
        assert (row.impact_low, row.impact_high) == pytest.approx(
            (share * comparison.ci.low, share * comparison.ci.high), rel=1e-9
        )


def test_effort_gives_uplift_per_day_and_a_greedy_plan() -> None:
    # Detractors: 0 (price), 1 (bugs, price), 3 (bugs), 5 (none); N = 6.
    effort = {"price": 20, "bugs": 5, "onboarding": 0}
    table = nps.prioritize(THEMES, scores=SCORES, effort=effort, include_passives=True)
    assert table["bugs"].uplift_per_day == pytest.approx(100 * 2 / 6 / 5)
    assert table["bugs"].effort == 5 and table["bugs"].fixability == 1.0  # no fixability given
    assert math.isnan(table["onboarding"].uplift_per_day or 0.0)  # no uplift, no effort: 0 / 0
    plan = table.plan
    # bugs: 2 detractors for 5 days; then price adds only detractor 0 (detractor 1 is counted).
    assert [(s.theme, s.effort, s.cumulative_effort) for s in plan] == [("bugs", 5, 5), ("price", 20, 25)]
    assert [s.uplift for s in plan] == pytest.approx([100 * 2 / 6, 100 * 1 / 6])
    assert plan[-1].cumulative_uplift == pytest.approx(table.combined_uplift(["bugs", "price"]))
    assert plan[-1].nps_after == pytest.approx(table.overall_nps + 50.0)
    assert nps.prioritize(THEMES, scores=SCORES).plan == ()  # no effort, no plan
    free = nps.prioritize(THEMES, scores=SCORES, effort={"price": 0, "bugs": 5})
    assert free["price"].uplift_per_day == math.inf and free.plan[0].theme == "price"
    with pytest.raises(nps.InvalidOptionError, match="no effort given for cited theme\\(s\\) 'onboarding'"):
        nps.prioritize(THEMES, effort={"price": 1, "bugs": 1})
    with pytest.raises(nps.InvalidOptionError, match="effort must be"):
        nps.prioritize(THEMES, effort={"price": -1, "bugs": 1, "onboarding": 1})


@given(themes_strategy, st.lists(st.floats(0.0, 30.0), min_size=4, max_size=4))
def test_each_plan_step_is_the_best_uplift_per_day_left(
    data: list[tuple[list[str], int, float]], days: list[float]
) -> None:
    themes = [t for t, _, _ in data]
    effort: dict[Hashable, float] = dict(zip("abcd", days, strict=True))
    table = nps.prioritize(themes, scores=[s for _, s, _ in data], effort=effort)
    done: list[Hashable] = []
    for step in table.plan:
        gain = table.combined_uplift([*done, step.theme]) - table.combined_uplift(done)
        assert step.uplift == pytest.approx(gain, abs=1e-9) and gain > 0
        for other in {row.theme for row in table} - {*done, step.theme}:
            other_gain = table.combined_uplift([*done, other]) - table.combined_uplift(done)
            if other_gain > 1e-9:
                rate = math.inf if effort[other] == 0 else other_gain / effort[other]
                best = math.inf if step.effort == 0 else gain / step.effort
                assert rate <= best + 1e-9
        done.append(step.theme)
    assert sum(s.uplift for s in table.plan) == pytest.approx(table.combined_uplift(done), abs=1e-9)


def test_every_theme_input_gives_the_same_table() -> None:
    import pandas as pd
    import pyarrow as pa

    lists = [["price"], ["bugs", "price"], ["bugs"], ["bugs"], ["onboarding"], []]
    expected = nps.prioritize(lists, scores=SCORES, fixability=FIX)
    joined = ["price", "bugs, price", "bugs", "bugs", "onboarding", ""]
    for themes, sep in [
        (joined, ","),
        (pd.Series(joined), ","),
        (pa.array(joined), ","),
        (pa.array(lists, type=pa.list_(pa.string())), None),
        (pd.Series(lists, dtype=pd.ArrowDtype(pa.list_(pa.string()))), None),
        (
            [["price", pd.NA], ["bugs", "price", None], np.array("bugs"), ("bugs",), {"onboarding"}, None],
            None,
        ),
    ]:
        assert nps.prioritize(themes, scores=SCORES, fixability=FIX, sep=sep) == expected


def test_shares_are_formatted_once_at_one_precision() -> None:
    table = nps.prioritize([["a"]] * 229 + [["b"]] * 771, fixability={"a": 1.0, "b": 1.0})
    html = table._repr_html_()
    assert "22.9% (20.4-25.6%)" in html  # not "22.9% (20-26%)"
    assert "<th>NPS if fixed</th>" in html


def test_more_than_64_themes_keep_their_combinations_apart() -> None:
    # Theme sets are bitmasks of 64-theme words: t3 and t67 sit at the same bit of two words.
    everything = [f"t{i}" for i in range(70)]
    themes = [everything, ["t3"], ["t67"], ["t3", "t67"], ["t3"], ["t69", "t3"], []]
    table = nps.prioritize(themes)
    together = dict(table.cited_together)
    assert together[("t3",)] == 2.0 and together[("t67",)] == 1.0 and len(together) == 5
    assert {frozenset(c) for c in together} >= {frozenset({"t3", "t67"}), frozenset({"t3", "t69"})}
    assert table.combined_uplift(["t67", "t69"]) == pytest.approx(100 * 4 / 7)  # responses 0, 2, 3, 5


@st.composite
def many_themes(draw: st.DrawFn) -> tuple[list[list[str]], list[int], list[float] | None]:
    # Pools around the 62 themes a set shares one 64-bit key with its category, and past 64.
    pool = [f"t{i}" for i in range(draw(st.sampled_from([3, 62, 63, 64, 65, 130])))]
    n = draw(st.integers(1, 25))
    themes = [draw(st.lists(st.sampled_from(pool), max_size=4)) for _ in range(n)]
    themes[0] = pool  # every theme is cited once
    scores = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))
    weight = st.one_of(st.just(0.0), st.floats(0.01, 5.0))  # zero weights leave sets out
    weights = draw(st.one_of(st.none(), st.lists(weight, min_size=n, max_size=n)))
    if weights is not None:
        weights[0] = 1.0  # a positive total
    return themes, scores, weights


@settings(max_examples=50, deadline=None)  # each example counts by hand over up to 130 themes
@given(many_themes())
def test_counts_and_sets_equal_a_plain_count_whatever_the_number_of_themes(
    data: tuple[list[list[str]], list[int], list[float] | None],
) -> None:
    themes, scores, weights = data
    unit = [1.0] * len(themes) if weights is None else weights
    table = nps.prioritize(themes, scores=scores, weights=weights, include_passives=True)
    for row in table:
        cites = [row.theme in t for t in themes]
        detractors = sum(u for u, s, c in zip(unit, scores, cites, strict=True) if c and s <= 6)
        passives = sum(u for u, s, c in zip(unit, scores, cites, strict=True) if c and 7 <= s <= 8)
        assert row.mentions == pytest.approx(detractors, abs=1e-9)
        assert row.passive_mentions == pytest.approx(passives, abs=1e-9)
    expected: dict[frozenset[str], float] = {}
    for t, s, u in zip(themes, scores, unit, strict=True):
        if s <= 6 and t and u > 0:
            expected[frozenset(t)] = expected.get(frozenset(t), 0.0) + u
    together = {frozenset(c): w for c, w in table.cited_together}
    assert together.keys() == expected.keys()
    assert all(together[c] == pytest.approx(w, abs=1e-9) for c, w in expected.items())
    weights_in_order = [w for _, w in table.cited_together]
    assert weights_in_order == sorted(weights_in_order, reverse=True)  # most frequent first
