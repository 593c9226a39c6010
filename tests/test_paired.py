"""pairs() builds before/after answers from long data; transitions() tabulates who moved where."""

from __future__ import annotations

import json

import numpy as np
import pytest
from reference.r_stuart_maxwell import TABLES

import netpromoter as nps

# One score per category: detractor 0, passive 7, promoter 10.
SCORE = (0, 7, 10)


def scores_from_table(table: tuple[tuple[int, int, int], ...]) -> tuple[list[int], list[int]]:
    """Before/after scores of the people counted in a 3 x 3 table (rows before)."""
    before, after = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            before += [SCORE[i]] * count
            after += [SCORE[j]] * count
    return before, after


@pytest.mark.parametrize("case", TABLES, ids=[str(case["table"]) for case in TABLES])
def test_stuart_maxwell_matches_base_r(case: dict[str, object]) -> None:
    table = case["table"]
    assert isinstance(table, tuple)
    before, after = scores_from_table(table)
    order = np.random.default_rng(1).permutation(len(before))  # the order of people is irrelevant
    result = nps.transitions(np.array(before)[order], np.array(after)[order])
    assert result.table.tolist() == [list(row) for row in table]
    assert result.statistic == pytest.approx(case["statistic"], rel=1e-12)
    assert result.df == case["df"]
    assert result.pvalue == pytest.approx(case["pvalue"], rel=1e-10)


def test_transition_table_margins_and_nps() -> None:
    table = TABLES[0]["table"]
    before, after = scores_from_table(table)
    result = nps.transitions(before, after)
    n = sum(map(sum, table))
    assert result.n == n == 300
    assert [row.before for row in result] == ["detractor", "passive", "promoter"]
    assert result["promoter"].total == 120 and result["promoter"].promoter == 95
    assert result.nps_before == pytest.approx(nps.nps(before)) and result.nps_after == pytest.approx(
        nps.nps(after)
    )
    assert result.change == pytest.approx(nps.compare(after, before, paired=True).difference)
    assert "Stuart-Maxwell" in repr(result) and "<table" in result._repr_html_()
    assert json.loads(json.dumps(result.to_dict(), allow_nan=False))["rows"][0]["detractor"] == 40


def test_nobody_moving_is_no_test() -> None:
    result = nps.transitions([0, 7, 10], [0, 7, 10])
    assert np.isnan(result.statistic) and np.isnan(result.pvalue) and np.isnan(result.df)
    assert result.change == 0.0


def test_transitions_pair_like_compare() -> None:
    pd = pytest.importorskip("pandas")
    before = pd.Series([0, 7, 10, 3], index=["ann", "bob", "cy", "dee"])
    after = pd.Series([0, 10, 0], index=["cy", "ann", "eve"])
    result = nps.transitions(before, after)  # ann 0 -> 10, cy 10 -> 0; bob, dee, eve unpaired
    assert result.n == 2 and result.unpaired == 3
    assert result["detractor"].promoter == 1 and result["promoter"].detractor == 1
    by_id = nps.transitions([0, 7, None], [0, 7, 10], respondents=(["x", "y", "z"], ["y", "x", "z"]))
    assert by_id.n == 2 and by_id.dropped_pairs == 1 and by_id.table[0, 1] == 1 and by_id.table[1, 0] == 1


# -- pairs from long data -----------------------------------------------------------------------------


def test_pairs_around_a_cutoff_take_the_answers_nearest_it() -> None:
    scores = [3, 5, 9, 6, 10, 8, 7, 10, 9, None]
    people = ["ann", "ann", "bob", "cy", "ann", "cy", "cy", "dee", "bob", "bob"]
    days = [1, 4, 2, 3, 10, 11, 12, 12, 13, 6]
    result = nps.pairs(scores, people, days, cutoff=5)
    # ann: last before day 5 is day 4 (5), first after is day 10 (10); bob: day 2 (9) and
    # day 13 (9) (his day-6 answer has no score); cy: day 3 (6) and day 11 (8); dee: after only.
    assert result.respondents.tolist() == ["ann", "bob", "cy"]
    assert result.before.tolist() == [5.0, 9.0, 6.0] and result.after.tolist() == [10.0, 9.0, 8.0]
    assert result.unpaired == 1 and result.excluded == 1 and len(result) == 3
    # The order of the rows does not matter.
    order = np.random.default_rng(2).permutation(len(scores))
    shuffled = nps.pairs(
        [scores[i] for i in order], [people[i] for i in order], [days[i] for i in order], cutoff=5
    )
    assert shuffled == result


def test_pairs_in_two_periods_take_the_latest_answer_in_each() -> None:
    dates = np.array(
        ["2025-05-03", "2025-05-20", "2025-09-01", "2025-05-09", "2025-09-30", "2025-09-02", "2025-07-01"],
        dtype="M8[D]",
    )
    scores = [3, 6, 10, 9, 7, 8, 0]
    people = [1, 1, 1, 2, 2, 2, 3]
    result = nps.pairs(scores, people, dates, periods=("2025-05", "2025-09"), freq="M")
    assert result.respondents.tolist() == [1, 2]
    assert result.before.tolist() == [6.0, 9.0] and result.after.tolist() == [10.0, 7.0]
    assert result.unpaired == 0  # person 3 answered in neither period
    labelled = nps.pairs(
        [9, 3, 7], ["a", "a", "b"], ["wave 1", "wave 2", "wave 2"], periods=("wave 1", "wave 2")
    )
    assert labelled.respondents.tolist() == ["a"] and labelled.unpaired == 1


def test_pairs_of_time_zone_aware_dates_use_local_wall_clock_time() -> None:
    pd = pytest.importorskip("pandas")
    times = pd.Series(
        pd.to_datetime(["2025-08-01 00:30", "2025-07-31 23:30", "2025-08-02 00:00"])
    ).dt.tz_localize("Europe/Berlin")
    result = nps.pairs(pd.Series([10, 2, 5]), pd.Series(["a", "a", "a"]), times, cutoff="2025-08-01")
    # 00:30 on 1 August in Berlin is at or after the cut-off (22:30 UTC the day before).
    assert result.before.tolist() == [2.0] and result.after.tolist() == [10.0]


def test_pairs_feed_compare_and_transitions() -> None:
    rng = np.random.default_rng(3)
    people = np.repeat(np.arange(200), 2)
    times = np.tile([0, 1], 200)
    scores = rng.integers(0, 11, size=400)
    result = nps.pairs(scores, people, times, cutoff=1)
    assert len(result) == 200
    assert nps.compare(result.after, result.before, paired=True).difference == pytest.approx(
        nps.nps(scores[1::2]) - nps.nps(scores[::2])
    )
    assert nps.transitions(result.before, result.after).n == 200
    frame = result.to_frame() if _has_pandas() else None
    if frame is not None:
        assert list(frame.columns) == ["respondent", "before", "after"] and len(frame) == 200


def _has_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def test_pairs_errors() -> None:
    with pytest.raises(nps.InvalidOptionError, match="either cutoff"):
        nps.pairs([1, 2], ["a", "a"], [1, 2])
    with pytest.raises(nps.InvalidOptionError, match="either cutoff"):
        nps.pairs([1, 2], ["a", "a"], [1, 2], cutoff=1, periods=(1, 2))
    with pytest.raises(nps.InvalidOptionTypeError, match="cutoff must be a date"):
        nps.pairs([1, 2], ["a", "a"], np.array(["2025-01-01", "2025-02-01"], dtype="M8[D]"), cutoff=3)
    with pytest.raises(nps.InvalidOptionError, match="no answer with a score falls in period 5"):
        nps.pairs([1, 2], ["a", "a"], [1, 2], periods=(1, 5))
    with pytest.raises(nps.InvalidOptionError, match="freq"):
        nps.pairs([1, 2], ["a", "a"], [1, 2], cutoff=1, freq="M")
    with pytest.raises(nps.LengthMismatchError, match="times have 1"):
        nps.pairs([1, 2], ["a", "a"], [1], cutoff=1)
