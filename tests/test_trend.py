"""trend(): binning, slope, changes, control limits, CUSUM, rolling windows, repeat answerers."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from typing import Any

import numpy as np
import pytest
from reference.r_spc import ARL
from scipy import stats

import netpromoter as nps
from netpromoter._stats._cusum import normal_cusum_arl


def test_month_week_quarter_bins_across_a_year_end() -> None:
    dates = np.array(
        ["2024-12-29", "2024-12-30", "2025-01-05", "2025-01-06", "2025-03-31", "2025-04-01"], dtype="M8[D]"
    )
    scores = [10, 0, 9, 7, 3, 10]
    with pytest.warns(nps.EmptyDataWarning, match="1 of 5 periods have no responses"):
        months = nps.trend(scores, dates, freq="M", method="wald")
    assert [str(r.period) for r in months] == ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04"]
    assert [r.result.n for r in months] == [2, 2, 0, 1, 1]  # February is empty but shown
    # 2024-12-29 is a Sunday: it belongs to the week of Monday 2024-12-23.
    with pytest.warns(nps.EmptyDataWarning):
        weeks = nps.trend(scores, dates, freq="W", method="wald")
    labels = [str(r.period) for r in weeks]
    assert labels[:3] == ["2024-12-23", "2024-12-30", "2025-01-06"]
    assert [r.result.n for r in weeks][:3] == [1, 2, 1]
    assert all(np.datetime64(p, "D").astype(int) % 7 == 4 for p in labels)  # Mondays (epoch was a Thursday)
    quarters = nps.trend(scores, dates, freq="Q", method="wald")
    assert [str(r.period) for r in quarters] == ["2024-10", "2025-01", "2025-04"]
    assert [r.result.n for r in quarters] == [2, 3, 1]  # Dec 29-30 | Jan 5, Jan 6, Mar 31 | Apr 1
    years = nps.trend(scores, [dt.date(2024, 12, 31), dt.date(2025, 1, 1)] * 3, freq="Y", method="wald")
    assert [r.result.n for r in years] == [3, 3]


def test_period_kinds() -> None:
    with pytest.warns(nps.EmptyDataWarning, match="1 of 3 periods"):  # 2022 is shown, empty
        assert [r.period for r in nps.trend([9, 3, 7], [2023, 2021, 2023], method="wald")] == [
            2021,
            2022,
            2023,
        ]
    assert [r.period for r in nps.trend([9, 3, 7], ["b", "a", "c"], method="wald")] == ["a", "b", "c"]
    report = nps.trend([9, 3, 7, 10], [1, 1, None, 2], method="wald")
    assert report.excluded == 1


def response_level(report_scores: list[int], periods: list[int], weights: list[float]) -> tuple[float, float]:
    """Independent WLS with an HC1 sandwich, from the responses themselves."""
    y = np.select([np.array(report_scores) >= 9, np.array(report_scores) <= 6], [100.0, -100.0], 0.0)
    x = np.column_stack([np.ones(len(y)), np.array(periods, dtype=float)])
    w = np.array(weights)
    xtwx = x.T @ (w[:, None] * x)
    beta = np.linalg.solve(xtwx, x.T @ (w * y))
    e = y - x @ beta
    meat = x.T @ ((w**2 * e**2)[:, None] * x)
    cov = np.linalg.inv(xtwx) @ meat @ np.linalg.inv(xtwx) * len(y) / (len(y) - 2)
    return float(beta[1]), float(math.sqrt(cov[1, 1]))


@pytest.mark.parametrize("weighted", [False, True])
def test_slope_and_se_equal_response_level_least_squares(weighted: bool) -> None:
    rng = np.random.default_rng(4)
    periods = rng.integers(0, 6, size=300).tolist()
    periods[0], periods[1] = 0, 5
    scores = rng.integers(0, 11, size=300).tolist()
    weights = (rng.random(300) + 0.5).tolist() if weighted else [1.0] * 300
    report = nps.trend(scores, periods, weights if weighted else None, method="wald")
    b, se = response_level(scores, periods, weights)
    assert report.slope.estimate == pytest.approx(b, rel=1e-10)
    assert report.slope.se == pytest.approx(se, rel=1e-10)
    assert report.slope.pvalue == pytest.approx(2 * stats.norm.sf(abs(b / se)), rel=1e-8)
    # Equivalently: WLS of the period NPS on the index with weights n_t.
    n = np.array([r.result.n for r in report], dtype=float)
    nps_t = np.array([r.result.nps for r in report])
    if not weighted:
        slope = np.polyfit(np.arange(6), nps_t, 1, w=np.sqrt(n))[0]
        assert report.slope.estimate == pytest.approx(slope, rel=1e-9)


def test_changes_are_two_sample_wald_by_hand() -> None:
    scores = [10, 10, 9, 3, 7, 2, 1, 9, 8, 10, 0, 0]
    periods = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
    report = nps.trend(scores, periods, method="wald")
    assert report.rows[0].change is None
    change = report.rows[1].change
    assert change is not None
    a = nps.Counts.from_scores(scores[4:8])
    b = nps.Counts.from_scores(scores[:4])
    va = (a.promoter_share + a.detractor_share - (a.nps / 100) ** 2) / 4
    vb = (b.promoter_share + b.detractor_share - (b.nps / 100) ** 2) / 4
    z = (a.nps - b.nps) / 100 / math.sqrt(va + vb)
    assert change.difference == pytest.approx(a.nps - b.nps)
    assert change.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)))


def test_control_limits_flag_constructed_periods() -> None:
    # Baseline +20 from the pooled data is overridden here: +20, V0 from pooled counts.
    counts = [(30, 20, 50), (32, 20, 48), (60, 20, 20), (28, 22, 50), (10, 10, 80)]
    scores, periods = [], []
    for t, (d, pas, p) in enumerate(counts):
        scores += [0] * d + [7] * pas + [10] * p
        periods += [t] * (d + pas + p)
    report = nps.trend(scores, periods, baseline=20, method="wald", control="p")
    pooled = nps.Counts(*np.sum(counts, axis=0))
    v0 = pooled.promoter_share + pooled.detractor_share - (pooled.nps / 100) ** 2
    limit = 3 * 100 * math.sqrt(v0 / 100)
    assert report.rows[0].upper_limit == pytest.approx(20 + limit)
    assert [r.out_of_control for r in report] == [False, False, True, False, True]  # -40 and +70
    assert [r.direction for r in report] == [None, None, "low", None, "high"]
    assert report.control == "p" and report.sigma_z == 1.0


def test_laney_limits_by_hand() -> None:
    # Laney (2002): z_t = (NPS_t - baseline) / SE_t, sigma_z = mean |z_t - z_{t-1}| / 1.128,
    # limits baseline +/- 3 SE_t max(1, sigma_z). The periods above: NPS +20, +16, -40, +22, +70.
    counts = [(30, 20, 50), (32, 20, 48), (60, 20, 20), (28, 22, 50), (10, 10, 80)]
    grouped = nps.GroupedCounts.from_table(list(range(5)), *zip(*counts, strict=True))
    p0, d0 = sum(c[2] for c in counts) / 500, sum(c[0] for c in counts) / 500
    se = 100 * math.sqrt((p0 + d0 - (p0 - d0) ** 2) / 100)
    z = [(value - 20) / se for value in (20, 16, -40, 22, 70)]
    sigma_z = sum(abs(z[i] - z[i - 1]) for i in range(1, 5)) / 4 / 1.128
    report = nps.trend(grouped, baseline=20, method="wald")
    assert report.control == "laney" and report.sigma_z == pytest.approx(sigma_z, rel=1e-12)
    assert sigma_z > 4  # the two special causes inflate the moving ranges
    assert [row.upper_limit for row in report] == pytest.approx([20 + 3 * se * sigma_z] * 5, rel=1e-12)
    assert [row.lower_limit for row in report] == pytest.approx([20 - 3 * se * sigma_z] * 5, rel=1e-12)
    assert [row.out_of_control for row in report] == [abs(value) > 3 * sigma_z for value in z]
    # Below 1 (less spread than the binomial model expects) the limits stay the p chart's.
    calm = nps.GroupedCounts.from_table([0, 1, 2], [20, 21, 20], [30, 30, 30], [50, 49, 50])
    laney, classical = nps.trend(calm, method="wald"), nps.trend(calm, method="wald", control="p")
    assert laney.sigma_z < 1 and [r.upper_limit for r in laney] == [r.upper_limit for r in classical]


def trinomial(value: float) -> np.ndarray:
    """Shares (d, pas, p) with 30% passives and NPS ``value`` (-1..1)."""
    return np.array([(0.7 - value) / 2, 0.3, (0.7 + value) / 2])


def test_high_volume_months_flag_the_incident_not_the_noise() -> None:
    # 40,000 answers a month, NPS +25 rising half a point a month, real month-to-month
    # variation (SD 1 point, 2.4 period-SEs), and a 15-point outage in June and July: the
    # situation of issue 13 (500,000 answers a year). The p chart flags most months; the
    # p' chart flags the outage alone and the CUSUM names it. Over 200 seeds (this setup,
    # seeds 0-199) the CUSUM named a drop starting in May or June in 199 and the p' chart
    # flagged at most 2 months in all.
    rng = np.random.default_rng(20250601)
    level = 0.25 + 0.005 * np.arange(12) + rng.normal(0.0, 0.01, 12)
    level[5:7] -= 0.15
    counts = np.stack([rng.multinomial(40_000, trinomial(value)) for value in level])
    months = list(np.arange("2025-01", "2026-01", dtype="M8[M]"))
    grouped = nps.GroupedCounts.from_table(months, counts[:, 0], counts[:, 1], counts[:, 2])
    classical = nps.trend(grouped, freq="M", method="wald", control="p")
    assert sum(row.out_of_control for row in classical) >= 6
    report = nps.trend(grouped, freq="M", method="wald")
    flagged = [(str(row.period), row.direction) for row in report if row.out_of_control]
    assert flagged == [("2025-06", "low"), ("2025-07", "low")]
    assert report.sigma_z > 3  # the months vary far more than 40,000 answers would
    drops = [shift for shift in report.shifts if shift.direction == "drop"]
    assert drops and str(drops[0].onset) == "2025-06" and drops[0].period in months[5:7]
    assert report.shift == report.shifts[0]


def test_every_cusum_signal_is_listed_and_the_cusum_restarts() -> None:
    # Two outages a year apart on a flat series (p chart, known baseline): a drop, a
    # recovery (rise back to the baseline is no shift), then the second drop.
    counts = [(250, 300, 450)] * 24
    for t in (5, 6, 17, 18):
        counts[t] = (295, 300, 405)  # -9 points, z about -3.5: two such periods signal
    grouped = nps.GroupedCounts.from_table(list(range(24)), *zip(*counts, strict=True))
    report = nps.trend(grouped, method="wald", control="p", baseline=20)
    assert [(s.direction, s.index, s.onset_index) for s in report.shifts] == [
        ("drop", 6, 5),
        ("drop", 18, 17),
    ]
    assert report.shift == report.shifts[0] and report.shift.onset == 5
    assert report.rows[7].cusum_low == 0.0  # restarted after the signal at 6
    assert "drop at 6, drop at 18" in repr(report)


def test_the_report_states_the_cusum_in_control_run_length() -> None:
    # R spc::xcusum.arl(k = 0.5, h = 5, mu = 0, sided = "two") = 465.44 (tests/reference/r_spc.py).
    report = nps.trend([9, 3, 7, 10, 0, 8], [1, 1, 2, 2, 3, 3], method="wald")
    assert report.cusum_arl == pytest.approx(ARL[0]["arl"], rel=1e-9)
    other = nps.trend([9, 3, 7, 10, 0, 8], [1, 1, 2, 2, 3, 3], method="wald", cusum_h=4.0)
    assert other.cusum_arl == pytest.approx(normal_cusum_arl(0.5, 4.0))
    assert other.cusum_arl == pytest.approx(167.68, abs=0.01)  # NPS_METHODS.md section 8 (spc)
    assert "false signal every 465 periods" in report._repr_html_()


def test_changes_take_a_margin() -> None:
    scores = [10] * 60 + [0] * 40 + [10] * 75 + [0] * 25
    periods = [0] * 100 + [1] * 100
    report = nps.trend(scores, periods, method="wald", margin=5)
    change = report.rows[1].change
    assert change is not None and change.margin == 5 and report.margin == 5
    direct = nps.compare(scores[100:], scores[:100], method="wald", margin=5)
    assert (change.difference, change.pvalue) == (direct.difference, direct.pvalue)
    assert nps.trend(scores, periods, method="wald").rows[1].change.pvalue < change.pvalue  # type: ignore[union-attr]


def plain_cusum(z: np.ndarray, k: float = 0.5, h: float = 5.0) -> np.ndarray:
    """Index of the first signal of a two-sided CUSUM in each row of z (-1 for none)."""
    high = low = np.zeros(z.shape[0])
    first = np.full(z.shape[0], -1)
    for i in range(z.shape[1]):  # over periods; every series at once
        high, low = np.maximum(0.0, high + z[:, i] - k), np.maximum(0.0, low - z[:, i] - k)
        first = np.where((first < 0) & ((high > h) | (low > h)), i, first)
    return first


def simulate_series(
    rng: np.random.Generator, periods: int, n: int, shift_at: int | None, shift_sd: float
) -> tuple[np.ndarray, np.ndarray]:
    base = np.array([0.25, 0.30, 0.45])  # NPS +20, V = .61
    se = math.sqrt(0.61 / n)
    shares = np.tile(base, (periods, 1))
    if shift_at is not None:
        move = shift_sd * se / 2  # half from detractors to promoters: NPS moves by shift_sd SEs
        shares[shift_at:] += np.array([-move, 0.0, move])
    counts = rng.multinomial(n, shares)  # one draw per period, in period order
    scores = np.repeat(np.tile([0, 7, 10], periods), counts.ravel())
    return scores, np.repeat(np.arange(periods), n)


def test_cusum_detection_delay_after_a_step_change() -> None:
    # A sustained rise of one period-SE from period 10: Siegmund's approximation gives an
    # average run length of 10.3 periods for k = .5, h = 5. 150 simulated series.
    rng = np.random.default_rng(17)
    delays = []
    for _ in range(150):
        scores, periods = simulate_series(rng, 60, 400, shift_at=10, shift_sd=1.0)
        report = nps.trend(scores, periods, baseline=20, method="wald", control="p")
        if report.shift is not None and report.shift.index >= 10:
            assert report.shift.direction == "rise"
            delays.append(report.shift.index - 10 + 1)
    assert len(delays) >= 135
    assert np.mean(delays) == pytest.approx(10.3, abs=2.0)


def test_flat_series_false_alarm_rate_matches_the_ideal_cusum() -> None:
    # 52 flat periods with a known baseline: the share of series with a signal must match
    # a plain CUSUM on iid N(0, 1) statistics (same k, h), within 4 simulation SEs.
    rng = np.random.default_rng(23)
    reps = 200
    alarms = 0
    for _ in range(reps):
        scores, periods = simulate_series(rng, 52, 400, shift_at=None, shift_sd=0.0)
        alarms += nps.trend(scores, periods, baseline=20, method="wald", control="p").shift is not None
    ideal = np.mean(plain_cusum(np.random.default_rng(29).standard_normal((20_000, 52))) >= 0)
    assert alarms / reps == pytest.approx(ideal, abs=4 * math.sqrt(ideal * (1 - ideal) / reps) + 0.01)
    assert ideal < 0.15  # documented: about 1 flat year in 10 raises a false alarm


def test_rolling_window_pools_the_last_periods() -> None:
    rng = np.random.default_rng(2)
    scores = rng.integers(0, 11, size=200)
    periods = rng.integers(0, 8, size=200)
    report = nps.trend(scores, periods, window=3, method="wald")
    for t, row in enumerate(report):
        inside = (periods <= t) & (periods > t - 3)
        assert row.rolling is not None
        assert row.rolling.counts == nps.Counts.from_scores(scores[inside])


def test_each_respondent_counts_once_per_period_and_window_with_the_latest_answer() -> None:
    scores = [0, 10, 9, 3, 8]
    periods = [0, 0, 0, 1, 1]
    people = ["ann", "ann", "bob", "ann", "bob"]
    report = nps.trend(scores, periods, respondents=people, window=2, method="wald")
    assert report.dropped_repeats == 1  # ann's first answer in period 0 is superseded
    assert report.rows[0].result.counts == nps.Counts(0, 0, 2)  # ann 10, bob 9
    assert report.rows[1].result.counts == nps.Counts(1, 1, 0)  # ann 3, bob 8
    # Window of periods 0-1: each person once, with their latest answer (ann 3, bob 8).
    assert report.rows[1].rolling is not None
    assert report.rows[1].rolling.counts == nps.Counts(1, 1, 0)


def test_latest_answer_uses_dates_within_a_period() -> None:
    dates = np.array(["2025-01-20", "2025-01-03"], dtype="M8[D]")
    report = nps.trend([10, 0], dates, freq="M", respondents=[7, 7], method="wald")
    assert report.rows[0].result.counts == nps.Counts(0, 0, 1)  # the 20th is later than the 3rd


def test_mann_kendall_by_hand() -> None:
    # Period NPS +100, -100, +100, +100 at positions 0..3: S = sum of signs over pairs.
    scores = [10, 0, 10, 10]
    report = nps.trend(scores, [0, 1, 2, 3], method="wald")
    values = [100, -100, 100, 100]
    s = sum(np.sign(values[j] - values[i]) for i in range(4) for j in range(i + 1, 4))
    assert report.mann_kendall.statistic == s
    assert report.mann_kendall.sen_slope == pytest.approx(
        np.median([(values[j] - values[i]) / (j - i) for i in range(4) for j in range(i + 1, 4)])
    )


def test_errors_and_displays() -> None:
    pd = pytest.importorskip("pandas")
    dates = np.array(["2025-01-01", "2025-02-01"], dtype="M8[D]")
    with pytest.raises(nps.InvalidOptionError, match="choose freq"):
        nps.trend([1, 2], dates)
    with pytest.raises(nps.InvalidOptionError, match="freq must be one of"):
        nps.trend([1, 2], dates, freq="H")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match="not dates"):
        nps.trend([1, 2], [1, 2], freq="M")
    with pytest.raises(nps.InvalidOptionError, match="window"):
        nps.trend([1, 2], [1, 2], window=0)
    with pytest.raises(nps.LengthMismatchError):
        nps.trend([1, 2], [1])
    from netpromoter.datasets import example_survey

    survey = example_survey()
    report = nps.trend(survey.score, survey.date, freq="M")
    assert isinstance(report.to_frame(), pd.DataFrame)
    assert report.to_dict()["rows"][0]["period"] == "2025-01"
    assert "TrendReport(12 periods" in repr(report) and "<table" in report._repr_html_()
    assert "Laney p&#x27; chart (sigma_z" in report._repr_html_()
    # A few hundred answers a month: the classical chart flags the July outage.
    classical = nps.trend(survey.score, survey.date, freq="M", control="p")
    assert classical["2025-07"].out_of_control and classical["2025-07"].direction == "low"
    assert "drop at 2025-07" in repr(classical)


def test_pandas_datetime_index_periods_keep_their_dates() -> None:
    pd = pytest.importorskip("pandas")
    index = pd.DatetimeIndex(["2025-03-30", "2025-03-31", "2025-04-02", "2025-04-20"])
    with pytest.warns(nps.EmptyDataWarning, match="1 of 4 periods"):
        report = nps.trend(pd.Series([10, 0, 9, 7], index=index), index, freq="W", method="wald")
    assert [str(row.period) for row in report] == ["2025-03-24", "2025-03-31", "2025-04-07", "2025-04-14"]
    assert [row.result.n for row in report] == [1, 2, 0, 1]


def test_latest_answer_is_latest_in_period_order_not_row_order() -> None:
    # Row 0 is period 3, row 1 period 1: the period-3 answer is the later one and stays.
    with pytest.warns(nps.EmptyDataWarning, match="1 of 3 periods"):  # period 2 is empty
        report = nps.trend([10, 0], [3, 1], respondents=["a", "a"], method="wald")
    assert [(row.period, row.result.n) for row in report] == [(1, 1), (2, 0), (3, 1)]
    assert report.dropped_repeats == 0  # one answer per period: nothing superseded within a period
    # In a window over periods 1-3 the period-3 answer supersedes the period-1 one.
    with pytest.warns(nps.EmptyDataWarning):
        windowed = nps.trend([10, 0], [3, 1], respondents=["a", "a"], window=3, method="wald")
    assert windowed.rows[2].rolling is not None
    assert windowed.rows[2].rolling.counts == nps.Counts(0, 0, 1)
    # Within a period the later row is the later answer; the earlier one is counted as dropped.
    within = nps.trend([0, 10, 3], [2, 2, 1], respondents=["a", "a", "a"], method="wald")
    assert within.rows[1].result.counts == nps.Counts(0, 0, 1)
    assert within.dropped_repeats == 1


def test_missing_respondent_ids_are_each_their_own_respondent() -> None:
    report = nps.trend([10, 0, 5], [1, 1, 1], respondents=[None, None, "a"], method="wald")
    assert report.rows[0].result.counts == nps.Counts(2, 0, 1)
    assert report.dropped_repeats == 0
    pd = pytest.importorskip("pandas")
    nullable = pd.Series([None, "a", None, "a"], dtype="string")
    report = nps.trend([10, 0, 5, 9], [1, 1, 1, 1], respondents=nullable, method="wald")
    assert report.rows[0].result.counts == nps.Counts(1, 0, 2)  # None, None and a's latest (9)
    assert report.dropped_repeats == 1


def test_answers_without_a_period_or_score_supersede_nothing() -> None:
    scores: list[Any] = [10, 0, None]
    report = nps.trend(scores, [1, None, 1], respondents=["a", "a", "a"], method="wald")
    assert report.rows[0].result.counts == nps.Counts(0, 0, 1, missing=1)  # the 10 stays
    assert (report.excluded, report.dropped_repeats) == (1, 0)


def test_grouped_counts_with_a_missing_period_label_count_it_as_excluded() -> None:
    scores: list[Any] = [10, 0, 5, None]
    grouped = nps.GroupedCounts.from_scores(scores, [1, 2, None, None])
    report = nps.trend(grouped, method="wald")
    assert [row.period for row in report] == [1, 2]
    assert report.excluded == 2  # the response scored 5 and the missing score, both without a period
    direct = nps.trend(scores, [1, 2, None, None], method="wald")
    assert direct.excluded == report.excluded


def test_weighted_rolling_windows_equal_the_counts_of_their_responses() -> None:
    # Running sums of weights such as 0.1 and 0.7 leave rounding residue where a window
    # empties (periods 4-5 have no responses); that residue once made impossible counts.
    rng = np.random.default_rng(8)
    scores = rng.integers(0, 11, size=80)
    periods = rng.choice([0, 1, 2, 3, 6, 7], size=80)
    weights = rng.choice([0.1, 0.2, 0.7, 0.0], size=80)
    with pytest.warns(nps.EmptyDataWarning, match="2 of 8 periods"):  # periods 4 and 5
        direct = nps.trend(scores, periods, weights, window=2, method="wald")
    with pytest.warns(nps.EmptyDataWarning, match="2 of 8 periods"):
        merged = nps.trend(nps.GroupedCounts.from_scores(scores, periods, weights), window=2, method="wald")
    for report in (direct, merged):
        for t, row in enumerate(report):
            inside = (periods <= t) & (periods > t - 2) & (weights > 0)
            assert row.rolling is not None
            expected = np.zeros(3)
            if inside.any():
                expected = nps.Counts.from_scores(scores[inside], weights[inside]).as_array()
            np.testing.assert_allclose(row.rolling.counts.as_array(), expected, rtol=1e-12, atol=1e-12)
    assert direct.rows[5].rolling is not None and direct.rows[5].rolling.counts.total == 0


def test_unweighted_counting_path_equals_the_general_one() -> None:
    # Without weights or respondents, trend counts in one bincount; weights of 1 take the
    # general path (per-response windows). Both must give the same counts, windows included.
    rng = np.random.default_rng(4)
    scores = rng.integers(0, 11, 3_000).astype(float)
    scores[rng.random(3_000) < 0.05] = np.nan
    dates = np.datetime64("2025-01-01") + rng.integers(0, 200, 3_000).astype("timedelta64[D]")
    dates[rng.random(3_000) < 0.02] = np.datetime64("NaT")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nps.EmptyDataWarning)
        plain = nps.trend(scores, dates, freq="W", window=4, method="wald")
        general = nps.trend(scores, dates, np.ones(3_000), freq="W", window=4, method="wald")
    assert plain.excluded == general.excluded == int(np.isnat(dates).sum())
    for a, b in zip(plain, general, strict=True):
        assert a.result.counts == b.result.counts and a.result.missing == b.result.missing
        assert a.rolling is not None and b.rolling is not None
        assert a.rolling.counts.as_array() == pytest.approx(b.rolling.counts.as_array(), abs=1e-9)
        assert a.rolling.n == b.rolling.n
