"""Results serialise themselves: ``to_dict`` from the fields, JSON-safe, losing nothing; ``to_frame``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._input._plain import plain
from netpromoter.datasets import EXAMPLE_FIXABILITY, THEMES, example_survey


@cache
def examples() -> dict[str, Any]:
    """One realistic instance of each result, built through the public verbs.

    Between them they hold every optional part (None and not), date labels,
    tuple labels, weights, and NaN (an empty period, an empty sample).
    """
    s = example_survey()
    phone_july = (s.channel == "phone") & (s.date.astype("datetime64[M]") == np.datetime64("2025-07"))
    with pytest.warns(nps.EmptyDataWarning):
        empty = nps.score(np.array([np.nan, np.nan]))
    with pytest.warns(nps.SmallSampleWarning):
        by_region_plan = nps.segments(s.score, (s.region, s.plan), reference=("Europe", "pro"), min_n=100)
    with pytest.warns(nps.EmptyDataWarning):
        sparse = nps.trend(s.score[phone_july], s.date[phone_july], freq="D")  # days without a call
    cited = {theme: [theme in mentioned for mentioned in s.themes] for theme in THEMES[:5]}  # 0/1
    month = s.date.astype("datetime64[M]")
    quarter = (month - np.datetime64("2025-01")).astype(int) // 3
    q2, q3 = quarter == 1, quarter == 2
    phone_june = (s.channel == "phone") & (month == np.datetime64("2025-06"))
    # July has phone callers from (region, plan) segments that June had none of: NaN NPS before.
    phone_cells = [
        nps.GroupedCounts.from_scores(s.score[when], (s.region[when], s.plan[when]))
        for when in (phone_june, phone_july)
    ]
    q1 = quarter == 0
    monitor = nps.Monitor(nps.Counts.from_scores(s.score[q1], s.weight[q1]), cooldown=100)
    alerts = monitor.update(s.score[~q1], respondents=s.respondent[~q1])  # the rest of the year
    ewma = nps.Monitor(nps.Counts.from_scores(s.score[q1]), chart="ewma", smoothing=0.02)
    ewma.update(s.score[~q1])
    may = month == np.datetime64("2025-05")
    fixed = nps.pairs(s.score, s.respondent, s.date, cutoff="2025-08-01")  # repeat respondents
    return {
        "score": nps.score(s.score),
        "weighted score": nps.score(s.score, s.weight),
        "empty score": empty,
        "two samples": nps.compare(s.score[s.channel == "app"], s.score[s.channel == "web"]),
        "bayes": nps.compare(s.score[s.channel == "app"], s.score[s.channel == "web"], method="bayes"),
        "benchmark": nps.compare(s.score, benchmark=34),
        "paired": nps.compare(s.score[1:401], s.score[:400], paired=True),
        "equivalence": nps.compare(s.score[q2], s.score[q3], alternative="equivalence", margin=5),
        "pairs": fixed,
        "transitions": nps.transitions(fixed.before, fixed.after),
        "segments": nps.segments(s.score, s.channel),
        "pairwise": nps.segments(s.score, s.plan, reference="pairwise"),
        "combinations": by_region_plan,
        "shrunk segments": nps.segments(s.score, s.region, reference=34, shrinkage=True, order="shrunk"),
        "monthly trend": nps.trend(s.score, s.date, freq="M", window=3),
        "classical chart": nps.trend(s.score, s.date, freq="M", control="p", margin=3),
        "sparse trend": sparse,
        "integer trend": nps.trend([9, 3, 7, 10, 0, 8], [1, 1, 2, 2, 3, 3], method="wald"),
        "priorities": nps.prioritize(s.themes, scores=s.score, fixability=EXAMPLE_FIXABILITY),
        "planned priorities": nps.prioritize(
            s.themes,
            scores=s.score,
            weights=s.weight,
            effort=dict.fromkeys(THEMES, 10.0),
            attribution="split",
        ),
        "distinctive terms": nps.distinctive_terms([" ".join(t) for t in s.themes], scores=s.score),
        "term row": nps.distinctive_terms([" ".join(t) for t in s.themes], scores=s.score).top(1)[0],
        "coverage": nps.exact_coverage(12, [0.5, 0.2], 0.1),
        "counts": nps.Counts.from_scores(s.score),
        "rating counts": nps.RatingCounts.from_scores(s.score, s.weight, clusters=s.respondent),
        "CSAT result": nps.score(s.csat, metric=nps.CSAT),
        "crosstab": nps.crosstab(s.score, s.csat, s.weight),
        "scorecard": nps.scorecard({nps.NPS: s.score, nps.CSAT: s.csat}, periods=s.date, freq="Q"),
        "weighted counts": nps.Counts.from_scores(s.score, s.weight),
        "grouped by date": nps.GroupedCounts.from_scores(s.score, s.date.astype("datetime64[M]"), s.weight),
        "drivers": nps.drivers(s.score, cited, weights=s.weight, resamples=200, rng=1),
        "johnson drivers": nps.drivers(s.score, cited, method="johnson", target="detractor"),
        "quadrant": nps.drivers(s.score, cited).quadrant(performance="top-box", cut="median"),
        "decomposition": nps.decompose(
            nps.GroupedCounts.from_scores(s.score[q2], s.channel[q2], s.weight[q2]),
            nps.GroupedCounts.from_scores(s.score[q3], s.channel[q3], s.weight[q3]),
        ),
        "bootstrap decomposition": nps.decompose(*phone_cells, method="bootstrap", resamples=1000, rng=1),
        "theme contributions": nps.theme_contributions(s.themes, s.score, s.weight),
        "monitor": monitor,
        "ewma monitor": ewma,
        "detractor alert": alerts[0],
        "drop alarm": next(alert for alert in alerts if alert.kind == "drop"),
        "window check": monitor.check(s.score[month == np.datetime64("2025-07")], s.score[may]),
        "empty window check": monitor.check(s.score[s.date == np.datetime64("2026-01-01")]),  # none yet
    }


def is_rows(value: Any) -> bool:
    """A report's rows: a tuple, or the lazily built sequence of a large report."""
    return isinstance(value, Sequence) and not isinstance(value, str) and not hasattr(value, "_fields")


def reachable(obj: Any) -> Iterator[Any]:
    """The object and every result nested in it (fields, rows, optional parts)."""
    yield obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type) and not isinstance(obj, nps.GroupedCounts):
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            for item in value if is_rows(value) else (value,):
                yield from reachable(item)


def public_result_classes() -> set[type]:
    """Every public class with a ``to_dict``: what users serialise."""
    return {
        value
        for name in nps.__all__
        if hasattr(value := getattr(nps, name), "to_dict") and isinstance(value, type)
    }


def test_the_examples_cover_every_public_result_class() -> None:
    # A new result class in nps.__all__ fails here until it has an example above.
    built = {type(obj) for example in examples().values() for obj in reachable(example)}
    assert public_result_classes() - built == set()
    assert public_result_classes() >= {nps.NPSResult, nps.TrendRow, nps.Shift, nps.Counts, nps.GroupedCounts}


def assert_every_field(obj: Any, data: Any, where: str) -> None:
    """``data`` (from to_dict) holds every field of ``obj``, recursively."""
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # ConfidenceInterval
        assert data is None or set(data) == set(obj._fields), where
        return
    if not dataclasses.is_dataclass(obj) or isinstance(obj, nps.GroupedCounts):
        return
    assert isinstance(data, dict), where
    for field in dataclasses.fields(obj):
        assert field.name in data, f"{where}.{field.name}"
        value = getattr(obj, field.name)
        if value is None:
            assert data[field.name] is None, f"{where}.{field.name}"
        elif is_rows(value) and len(value) and dataclasses.is_dataclass(value[0]):  # rows
            assert len(data[field.name]) == len(value)
            for i, (item, entry) in enumerate(zip(value, data[field.name], strict=True)):
                assert_every_field(item, entry, f"{where}.{field.name}[{i}]")
        else:
            assert_every_field(value, data[field.name], f"{where}.{field.name}")


NAMES = (
    "score",
    "weighted score",
    "empty score",
    "two samples",
    "bayes",
    "benchmark",
    "paired",
    "equivalence",
    "pairs",
    "transitions",
    "segments",
    "pairwise",
    "combinations",
    "shrunk segments",
    "monthly trend",
    "classical chart",
    "sparse trend",
    "integer trend",
    "priorities",
    "planned priorities",
    "distinctive terms",
    "term row",
    "coverage",
    "counts",
    "rating counts",
    "CSAT result",
    "crosstab",
    "scorecard",
    "weighted counts",
    "grouped by date",
    "drivers",
    "johnson drivers",
    "quadrant",
    "decomposition",
    "bootstrap decomposition",
    "theme contributions",
    "monitor",
    "ewma monitor",
    "detractor alert",
    "drop alarm",
    "window check",
    "empty window check",
)


def test_every_example_is_checked() -> None:
    assert set(NAMES) == set(examples())


@pytest.mark.parametrize("name", NAMES)
def test_to_dict_is_json_as_it_stands_and_holds_every_field(name: str) -> None:
    obj = examples()[name]
    data = obj.to_dict()
    # allow_nan=False: NaN and infinities must already be None. Equality after the round
    # trip: no tuples, numpy numbers or dates are left for json to convert silently.
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert_every_field(obj, data, name)


def test_to_dict_converts_dates_nan_intervals_and_labels() -> None:
    trend = examples()["monthly trend"].to_dict()
    assert trend["rows"][0]["period"] == "2025-01"  # ISO 8601 at the label's precision
    assert trend["shift"] is None and trend["shifts"] == [] and trend["control"] == "laney"
    classical = examples()["classical chart"].to_dict()
    first = {"period": "2025-07", "direction": "drop", "index": 6, "onset": "2025-05", "onset_index": 4}
    assert classical["shift"] == first and classical["shifts"] == [first]
    assert classical["rows"][6]["direction"] == "low" and classical["rows"][0]["direction"] is None
    assert classical["cusum_arl"] == pytest.approx(465.44, abs=0.01) and classical["margin"] == 3
    assert set(trend["slope"]) == {"estimate", "se", "ci", "pvalue", "statistic"}
    assert trend["freq"] == "M" and trend["window"] == 3 and trend["confidence"] == 0.95
    assert trend["rows"][0]["change"] is None and trend["rows"][1]["change"]["a"]["n"] > 0
    sparse = examples()["sparse trend"].to_dict()
    assert sparse["rows"][0]["period"] == "2025-07-01"
    empty_days = [row for row in sparse["rows"] if row["result"]["n"] == 0]
    assert empty_days and all(row["result"]["nps"] is None for row in empty_days)  # NaN -> None
    score = examples()["score"]
    assert score.to_dict()["ci"] == {"low": score.ci.low, "high": score.ci.high}
    combinations = examples()["combinations"].to_dict()
    assert combinations["reference"] == ["Europe", "pro"]
    assert combinations["rows"][0]["segment"] == ["APAC", "enterprise"]
    assert combinations["min_n"] == 100 and combinations["order"] == "label"
    grouped = examples()["grouped by date"].to_dict()
    assert grouped["labels"][:2] == ["2025-01", "2025-02"]


def test_derived_properties_are_reported_beside_the_fields() -> None:
    assert examples()["two samples"].to_dict()["significant"] is examples()["two samples"].significant
    counts = nps.Counts(1, 2, 3, missing=4).to_dict()
    assert counts["nps"] == pytest.approx(100 * 2 / 6) and counts["effective_n"] == 6.0


def test_plain_values() -> None:
    class Colour(enum.Enum):
        RED = "red"

    class Shade(str, enum.Enum):
        DARK = "dark"

    assert plain(np.int8(3)) == 3 and type(plain(np.int8(3))) is int
    assert plain(np.float32(0.5)) == 0.5 and type(plain(np.float32(0.5))) is float
    assert plain(np.bool_(True)) is True and plain(True) is True
    assert [plain(v) for v in (math.nan, math.inf, -np.inf, np.float64("nan"))] == [None] * 4
    assert plain(np.datetime64("2025-07-14", "D")) == "2025-07-14"
    assert plain(np.datetime64("2025-07-14T08", "h")) == "2025-07-14T08"
    assert plain(np.datetime64("NaT")) is None
    assert plain(np.array(["2025-07", "NaT"], dtype="M8[M]")) == ["2025-07", None]
    assert plain(dt.date(2025, 7, 14)) == "2025-07-14"
    assert plain(dt.datetime(2025, 7, 14, 8, 30, tzinfo=dt.timezone.utc)) == "2025-07-14T08:30:00+00:00"
    assert plain(nps.Category.PROMOTER) == 1 and plain(Colour.RED) == "red"
    assert plain(nps.ConfidenceInterval(-1.0, math.nan)) == {"low": -1.0, "high": None}
    assert plain(("eu", np.str_("pro"))) == ["eu", "pro"] and type(plain(np.str_("pro"))) is str
    assert plain(Shade.DARK) == "dark"
    assert plain(np.array([[1.0, np.nan]])) == [[1.0, None]]
    assert plain({("eu", 1): 2}) == {"['eu', 1]": 2}


def test_plain_pandas_values() -> None:
    pd = pytest.importorskip("pandas")
    assert plain(pd.Timestamp("2025-07-14 08:00", tz="Europe/Paris")) == "2025-07-14T08:00:00+02:00"
    assert plain(pd.NaT) is None and plain(pd.NA) is None


# -- to_frame -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "segments",
        "pairwise",
        "combinations",
        "shrunk segments",
        "monthly trend",
        "sparse trend",
        "priorities",
        "planned priorities",
        "distinctive terms",
        "drivers",
        "quadrant",
        "bootstrap decomposition",
        "theme contributions",
    ],
)
def test_report_frame_has_one_row_per_report_row(name: str) -> None:
    pytest.importorskip("pandas")
    report = examples()[name]
    frame = report.to_frame()
    assert len(frame) == len(report) > 0
    assert frame.columns.is_unique


def test_frames_keep_the_column_names_the_docs_use() -> None:
    pytest.importorskip("pandas")
    # docs/tutorial.ipynb and docs/howto/pandas.md select these columns.
    segment = examples()["segments"].to_frame()
    used = ["segment", "n", "nps", "nps_low", "nps_high", "difference", "adjusted_pvalue", "significant"]
    assert set(used) <= set(segment.columns)
    row = examples()["segments"].rows[0]
    first = segment.iloc[0]
    assert (first["nps_low"], first["nps_high"]) == tuple(row.result.ci)
    assert (first["difference_low"], first["difference_high"]) == tuple(row.ci)
    assert first["se"] == row.se and first["nps_se"] == row.result.se and first["n"] == row.result.n
    priority = examples()["priorities"].to_frame()
    assert {"theme", "frequency", "fixability", "priority", "nps_uplift", "expected_uplift"} <= set(
        priority.columns
    )


def test_driver_decomposition_and_window_frames_keep_their_column_names() -> None:
    pytest.importorskip("pandas")
    # The names these frames had before they were derived from the fields (docs/howto/drivers.md).
    table = examples()["drivers"]
    frame = table.to_frame()
    assert list(frame.columns) == [
        "attribute",
        "importance",
        "relative",
        "rank",
        "se",
        "ci_low",
        "ci_high",
        "mean",
        "top_box",
        "missing",
    ]
    assert (frame["ci_low"].iloc[0], frame["ci_high"].iloc[0]) == tuple(table.rows[0].ci)
    decomposition = examples()["bootstrap decomposition"]
    frame = decomposition.to_frame()
    assert list(frame.columns)[-6:] == ["mix_se", "rate_se", "mix_low", "mix_high", "rate_low", "rate_high"]
    assert frame["segment"].iloc[0] == decomposition.rows[0].segment  # the label itself, a tuple
    assert (frame["rate_low"].iloc[0], frame["rate_high"].iloc[0]) == tuple(decomposition.rows[0].rate_ci)
    assert math.isnan(frame["nps_before"].iloc[-1])  # a segment new in July
    check = examples()["window check"].to_frame()
    assert {
        "difference",
        "ci_low",
        "ci_high",
        "latest_n",
        "latest_nps",
        "reference_n",
        "reference_nps",
    } <= set(check.columns)
    assert check["latest_n"].iloc[0] == examples()["window check"].latest.n


def test_trend_frame_flattens_change_and_rolling_and_keeps_dates() -> None:
    pd = pytest.importorskip("pandas")
    report = examples()["monthly trend"]
    frame = report.to_frame()
    assert pd.api.types.is_datetime64_any_dtype(frame["period"])
    assert math.isnan(frame["change"].iloc[0])  # the first period has no change
    assert frame["change"].iloc[1] == report.rows[1].change.difference
    assert frame["change_pvalue"].iloc[1] == report.rows[1].change.pvalue
    assert frame["rolling_low"].iloc[2] == report.rows[2].rolling.ci.low
    assert not any(column.startswith(("change_a_", "change_b_")) for column in frame.columns)
    # The columns of the optional change sit where it is, not at the end.
    columns = list(frame.columns)
    assert columns.index("change") < columns.index("out_of_control")


def test_single_results_give_one_row_frames() -> None:
    pytest.importorskip("pandas")
    frame = examples()["score"].to_frame()
    assert len(frame) == 1
    expected = ["nps", "se", "ci_low", "ci_high", "confidence", "method", "detractors", "passives"]
    assert list(frame.columns)[:8] == expected
    assert {"promoters", "effective_n", "n", "missing"} <= set(frame.columns)
    comparison = examples()["benchmark"].to_frame()
    assert len(comparison) == 1 and comparison["benchmark"].iloc[0] == 34.0 and "a_nps" in comparison
    assert len(examples()["coverage"].to_frame()) == 2


# -- counts: from_dict rebuilds, and GroupedCounts is a frozen value --------------------------------

amount = st.floats(0.25, 50.0, allow_nan=False)
labels_st = st.one_of(
    st.text(min_size=1, max_size=4),
    st.integers(-5, 5),
    st.tuples(st.sampled_from(["eu", "us"]), st.integers(0, 3)),
)


@st.composite
def grouped_counts(draw: st.DrawFn) -> nps.GroupedCounts:
    """Grouped counts that some responses produce: weighted or not, with missing scores and labels."""
    labels = draw(st.lists(labels_st, min_size=1, max_size=5, unique=True))
    size = draw(st.integers(0, 40))
    scores = draw(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=size, max_size=size))
    groups = draw(st.lists(st.one_of(st.none(), st.sampled_from(labels)), min_size=size, max_size=size))
    weights = None
    if draw(st.booleans()):  # weighted: sums of weights and of their squares
        weights = [
            w * draw(amount) for w in draw(st.lists(st.floats(0.1, 10.0), min_size=size, max_size=size))
        ]
    exclude = draw(st.booleans())
    return nps.GroupedCounts.from_scores(
        scores, groups, weights, missing_groups="exclude" if exclude else "segment"
    )


@given(grouped_counts())
def test_grouped_counts_from_dict_rebuilds_them_after_json(g: nps.GroupedCounts) -> None:
    data = json.loads(json.dumps(g.to_dict(), allow_nan=False))
    assert nps.GroupedCounts.from_dict(data) == g
    assert nps.GroupedCounts.from_dict(g.to_dict()) == g


@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), max_size=30), st.booleans(), amount)
def test_counts_from_dict_rebuilds_them_after_json(
    scores: list[int | None], weighted: bool, w: float
) -> None:
    assume(not weighted or any(score is not None for score in scores))  # weights need a response
    values = np.array(scores, dtype=np.float64)  # None -> NaN, a missing score
    c = nps.Counts.from_scores(values, [w + i for i in range(len(scores))] if weighted else None)
    data = json.loads(json.dumps(c.to_dict(), allow_nan=False))
    assert nps.Counts.from_dict(data) == c
    assert nps.Counts.from_dict(c.to_dict()) == c


def test_grouped_counts_date_labels_come_back_as_iso_strings() -> None:
    g = examples()["grouped by date"]
    back = nps.GroupedCounts.from_dict(json.loads(json.dumps(g.to_dict())))
    assert back.labels[0] == "2025-01" and np.array_equal(back.sums, g.sums) and np.array_equal(back.n, g.n)


def test_grouped_counts_is_frozen() -> None:
    g = nps.GroupedCounts.from_table(["eu", "us"], [10, 20], [30, 30], [60, 50])
    for name in ("labels", "sums", "squares", "n", "missing", "excluded"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(g, name, None)
    with pytest.raises(ValueError, match="read-only"):
        g.sums[0, 0] = 1.0
    assert dataclasses.is_dataclass(g) and g == nps.GroupedCounts.from_table(
        ["eu", "us"], [10, 20], [30, 30], [60, 50]
    )
