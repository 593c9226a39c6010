"""The example survey: deterministic, well-formed and not uniform noise."""

from __future__ import annotations

import numpy as np
import pytest

import netpromoter as nps
from netpromoter.datasets import CHANNELS, EXAMPLE_FIXABILITY, PLANS, THEMES, example_survey


def test_same_seed_same_data_other_seed_other_data() -> None:
    a, b, c = example_survey(), example_survey(), example_survey(seed=7)
    np.testing.assert_array_equal(a.score, b.score)
    assert a.themes == b.themes
    assert not np.array_equal(np.nan_to_num(a.score), np.nan_to_num(c.score))


def test_columns_are_aligned_and_valid() -> None:
    s = example_survey(n=1500)
    assert len(s) == 1500
    for column in (s.date, s.channel, s.region, s.plan, s.respondent, s.weight):
        assert column.shape == (1500,)
    assert len(s.themes) == 1500
    counts = nps.Counts.from_scores(s.score)  # validates every score
    assert counts.missing > 0  # some people skipped the question
    assert set(np.unique(s.channel)) <= set(CHANNELS)
    assert {t for row in s.themes for t in row} <= set(THEMES) == set(EXAMPLE_FIXABILITY)
    assert np.all(s.weight > 0)
    assert str(s.date.min()).startswith("2025-01") and str(s.date.max()).startswith("2025-12")


def test_segments_and_months_differ() -> None:
    s = example_survey()
    by_plan = [nps.score(s.score[s.plan == p]) for p in PLANS]
    # Free < pro: the gap is far larger than both intervals' half-widths.
    assert by_plan[0].ci.high < by_plan[1].ci.low
    month = s.date.astype("datetime64[M]").astype(int) % 12
    july = nps.score(s.score[month == 6])
    december = nps.score(s.score[month == 11])
    assert july.ci.high < december.ci.low  # the summer dip is real in the data


def test_themes_mostly_from_detractors() -> None:
    s = example_survey()
    codes = nps.categorize(s.score)
    with_theme = np.array([len(t) > 0 for t in s.themes])
    detractor = codes == -1
    assert with_theme[detractor].mean() > 0.6
    assert with_theme[codes == 1].sum() == 0  # promoters do not complain here


def test_to_frame_uses_nullable_scores() -> None:
    pytest.importorskip("pandas")
    frame = example_survey(n=300).to_frame()
    assert str(frame["score"].dtype) == "Int64"
    assert nps.Counts.from_scores(frame["score"]) == nps.Counts.from_scores(example_survey(n=300).score)
    assert example_survey(n=5).to_dict()["channel"] == example_survey(n=5).channel.tolist()
