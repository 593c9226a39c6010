"""decompose(): the change in NPS split into segment mix and rate; theme_contributions()."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._stats._decompose import mix_rate, shares_and_rates

LABELS = ["web", "phone", "store"]
# Q1: n = 500 / 300 / 200 with NPS +40 / +10 / -20 (detractors, passives, promoters per channel)
Q1 = nps.GroupedCounts.from_table(LABELS, [100, 90, 80], [100, 90, 80], [300, 120, 40])
# Q2: n = 700 / 200 / 100 with NPS +35 / +12 / -10
Q2 = nps.GroupedCounts.from_table(LABELS, [140, 50, 40], [175, 76, 30], [385, 74, 30])


def test_reference_channels() -> None:
    # By hand (= R DasGuptR::dgnpop, two factors): shares w0 = (.5, .3, .2), w1 = (.7, .2, .1);
    # NPS r0 = (40, 10, -20), r1 = (35, 12, -10); overall 19.0 -> 25.9.
    # mix_s = (w1 - w0)(r0 + r1)/2: web .2 x 37.5 = 7.5, phone -.1 x 11 = -1.1, store -.1 x -15 = 1.5
    # rate_s = (r1 - r0)(w0 + w1)/2: web -5 x .6 = -3.0, phone 2 x .25 = 0.5, store 10 x .15 = 1.5
    # totals: mix 7.9, rate -1.0, change 6.9.
    d = nps.decompose(Q1, Q2)
    assert d.before == pytest.approx(19.0, abs=1e-12) and d.after == pytest.approx(25.9, abs=1e-12)
    assert d.mix == pytest.approx(7.9, abs=1e-12) and d.rate == pytest.approx(-1.0, abs=1e-12)
    assert [row.segment for row in d] == LABELS
    assert [row.mix for row in d] == pytest.approx([7.5, -1.1, 1.5], abs=1e-12)
    assert [row.rate for row in d] == pytest.approx([-3.0, 0.5, 1.5], abs=1e-12)
    assert abs(d.mix + d.rate - d.change) <= 1e-12
    assert d.change == pytest.approx(6.9, abs=1e-12)
    web = d["web"]
    assert (web.share_before, web.share_after, web.nps_before, web.nps_after) == pytest.approx(
        (0.5, 0.7, 40, 35)
    )
    assert (web.n_before, web.n_after) == (500, 700)
    assert web.change == pytest.approx(web.mix + web.rate, abs=1e-15)


def test_change_se_is_the_two_periods_wald_se() -> None:
    # The delta method of the whole change is the usual variance of a difference of two NPS.
    d = nps.decompose(Q1, Q2)
    first = nps.score(Q1.total(), method="wald").se
    second = nps.score(Q2.total(), method="wald").se
    assert d.change_se == pytest.approx(math.hypot(first, second), rel=1e-12)
    z = 1.959963984540054
    assert d.change_ci.low == pytest.approx(d.change - z * d.change_se, rel=1e-12)


def test_weighted_change_se_is_the_linearised_se_of_each_period() -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 11, size=(2, 900))
    channels = rng.choice(LABELS, size=(2, 900), p=[0.5, 0.3, 0.2])
    weights = rng.uniform(0.2, 3.0, size=(2, 900))
    periods = [nps.GroupedCounts.from_scores(scores[t], channels[t], weights[t]) for t in (0, 1)]
    d = nps.decompose(*periods)
    # Wald on weighted counts is the Taylor-linearised SE (survey::svymean without n/(n-1)).
    ses = [nps.score(scores[t], weights[t], method="wald").se for t in (0, 1)]
    assert d.change_se == pytest.approx(math.hypot(*ses), rel=1e-10)
    assert d.change == pytest.approx(
        nps.nps(scores[1], weights[1]) - nps.nps(scores[0], weights[0]), abs=1e-10
    )


def test_delta_method_is_the_gradient_times_the_multinomial_covariance() -> None:
    # Numerical gradients of every segment's mix and rate in the 9 cell shares of each
    # quarter, sandwiched with (diag(pi) - pi pi') / n: the textbook delta method.
    shares = [(g.sums / g.sums.sum()).ravel() for g in (Q1, Q2)]
    d = nps.decompose(Q1, Q2)

    def effects(pi0: np.ndarray, pi1: np.ndarray) -> np.ndarray:
        return np.concatenate(
            mix_rate(*shares_and_rates(pi0.reshape(3, 3)), *shares_and_rates(pi1.reshape(3, 3)))
        )

    variance = np.zeros(6)
    for t in (0, 1):
        gradient = np.empty((9, 6))
        for c in range(9):
            step = np.zeros(9)
            step[c] = 1e-6
            up, down = [shares[0], shares[1]], [shares[0], shares[1]]
            up[t], down[t] = shares[t] + step, shares[t] - step
            gradient[c] = (effects(*up) - effects(*down)) / 2e-6
        covariance = (np.diag(shares[t]) - np.outer(shares[t], shares[t])) / 1000
        variance += np.einsum("ci,cd,di->i", gradient, covariance, gradient)
    expected = np.sqrt(variance)
    assert [row.mix_se for row in d] == pytest.approx(expected[:3], rel=1e-6)
    assert [row.rate_se for row in d] == pytest.approx(expected[3:], rel=1e-6)


def test_delta_method_matches_repeated_surveys() -> None:
    # Draw both quarters again from their own cell shares many times; the spread of the
    # estimated effects is what the delta method predicts. The SD of R replicates has a
    # relative standard error of 1 / sqrt(2 R) = 0.5%: allow 4 of those, plus 1.5% for the
    # second-order term the delta method leaves out (mix = dw x mean NPS: var(dw) var(mean
    # NPS), 1.4% of the SD for phone here).
    rng = np.random.default_rng(20240617)
    replicates = 20_000
    draws = []
    for grouped in (Q1, Q2):
        shares = (grouped.sums / grouped.sums.sum()).ravel()
        counts = rng.multinomial(int(grouped.n.sum()), shares, size=replicates).reshape(replicates, 3, 3)
        draws.append(counts)
    # The estimator (checked against the reference above) applied to every simulated pair at once.
    mix, rate = mix_rate(*shares_and_rates(draws[0].astype(float)), *shares_and_rates(draws[1].astype(float)))
    d = nps.decompose(Q1, Q2)
    tolerance = 4 / math.sqrt(2 * replicates) + 0.015
    for i, row in enumerate(d):
        assert mix[:, i].std() == pytest.approx(row.mix_se, rel=tolerance)
        assert rate[:, i].std() == pytest.approx(row.rate_se, rel=tolerance)
    assert mix.sum(axis=1).std() == pytest.approx(d.mix_se, rel=tolerance)
    assert rate.sum(axis=1).std() == pytest.approx(d.rate_se, rel=tolerance)


def test_bootstrap_agrees_with_the_delta_method() -> None:
    delta = nps.decompose(Q1, Q2)
    boot = nps.decompose(Q1, Q2, method="bootstrap", resamples=20_000, rng=5)
    assert boot.method == "bootstrap" and boot.resamples == 20_000 and delta.resamples is None
    # Same estimates; SEs within the bootstrap's Monte Carlo error (4 / sqrt(2 R)) and the
    # delta method's second-order term (see above).
    assert [row.mix for row in boot] == [row.mix for row in delta]
    tolerance = 4 / math.sqrt(2 * 20_000) + 0.015
    for b, d in zip(boot, delta, strict=True):
        assert b.mix_se == pytest.approx(d.mix_se, rel=tolerance)
        assert b.rate_se == pytest.approx(d.rate_se, rel=tolerance)
        assert b.mix_ci.low < b.mix < b.mix_ci.high
    assert boot.change_se == pytest.approx(delta.change_se, rel=tolerance)
    again = nps.decompose(Q1, Q2, method="bootstrap", resamples=500, rng=5)
    assert again == nps.decompose(Q1, Q2, method="bootstrap", resamples=500, rng=5)


def test_a_segment_in_one_period_only_counts_as_mix() -> None:
    before = nps.GroupedCounts.from_table(["web", "phone"], [10, 40], [20, 40], [70, 20])
    after = nps.GroupedCounts.from_table(["web", "chat"], [10, 5], [20, 5], [70, 40])
    d = nps.decompose(before, after)
    assert [row.segment for row in d] == ["web", "phone", "chat"]
    phone, chat = d["phone"], d["chat"]
    # phone: share 0.5, NPS -20 before; gone after: its -0.5 x -20 = +10 is all mix.
    assert (phone.mix, phone.rate, phone.share_after, phone.n_after) == (10.0, 0.0, 0.0, 0)
    assert math.isnan(phone.nps_after)
    # chat: new with share 50/150 and NPS +70: 23.33 of mix, no rate.
    assert chat.mix == pytest.approx(50 / 150 * 70) and chat.rate == 0.0
    assert chat.rate_se == 0.0 and chat.mix_se > 0
    assert d.mix + d.rate == pytest.approx(d.change, abs=1e-12)
    json.dumps(d.to_dict(), allow_nan=False)
    assert d.to_dict()["rows"][1]["nps_after"] is None


counts = st.integers(0, 400)


@given(
    st.lists(st.tuples(counts, counts, counts, counts, counts, counts), min_size=1, max_size=8),
    st.booleans(),
)
def test_the_split_is_exact_and_antisymmetric(cells: list[tuple[int, ...]], weighted: bool) -> None:
    table = np.array(cells, dtype=float)
    if table[:, :3].sum() == 0 or table[:, 3:].sum() == 0:
        return
    labels = list(range(len(cells)))
    keep0, keep1 = table[:, :3].sum(axis=1) > 0, table[:, 3:].sum(axis=1) > 0
    factor = 1.3 if weighted else 1.0  # weight 1.3 per response: squared weights 1.69 x counts

    def grouped(part: np.ndarray, keep: np.ndarray) -> nps.GroupedCounts:
        rows = part[keep] * factor
        return nps.GroupedCounts(
            [label for label, k in zip(labels, keep, strict=True) if k],
            rows,
            rows * factor if weighted else None,
            n=part[keep].sum(axis=1),  # the responses behind the weighted sums
        )

    before, after = grouped(table[:, :3], keep0), grouped(table[:, 3:], keep1)
    d = nps.decompose(before, after)
    assert sum(row.mix for row in d) == pytest.approx(d.mix, abs=1e-9)
    assert sum(row.rate for row in d) == pytest.approx(d.rate, abs=1e-9)
    assert d.mix + d.rate == pytest.approx(d.change, abs=1e-9)
    assert d.after - d.before == pytest.approx(d.change, abs=1e-12)
    for row in d:
        assert row.mix_se >= 0 and row.rate_se >= 0
    back = nps.decompose(after, before)
    for row in d:
        assert back[row.segment].mix == pytest.approx(-row.mix, abs=1e-9)
        assert back[row.segment].rate == pytest.approx(-row.rate, abs=1e-9)


def test_no_mix_without_share_moves_and_no_rate_without_nps_moves() -> None:
    same_shares = nps.GroupedCounts.from_table(LABELS, [50, 60, 100], [100, 90, 60], [350, 150, 40])
    d = nps.decompose(Q1, same_shares)  # same n per channel as Q1
    assert all(row.mix == pytest.approx(0.0, abs=1e-12) for row in d)
    doubled = nps.GroupedCounts.from_table(LABELS, [200, 90, 40], [200, 90, 40], [600, 120, 20])
    d = nps.decompose(Q1, doubled)  # same NPS per channel, shares moved
    assert all(row.rate == pytest.approx(0.0, abs=1e-12) for row in d)


def test_constant_weights_change_nothing() -> None:
    scores = np.tile(np.arange(11), 30)
    channels = np.resize(["web", "phone", "store"], scores.size)
    later = np.roll(scores, 7)[:300]
    plain = nps.decompose(
        nps.GroupedCounts.from_scores(scores, channels),
        nps.GroupedCounts.from_scores(later, channels[:300]),
    )
    weighted = nps.decompose(
        nps.GroupedCounts.from_scores(scores, channels, np.full(scores.size, 2.5)),
        nps.GroupedCounts.from_scores(later, channels[:300], np.full(300, 0.4)),
    )
    for a, b in zip(plain, weighted, strict=True):
        assert (b.mix, b.rate) == pytest.approx((a.mix, a.rate), abs=1e-12)
        assert (b.mix_se, b.rate_se) == pytest.approx((a.mix_se, a.rate_se), rel=1e-12)


def test_bad_input_gets_our_errors() -> None:
    with pytest.raises(nps.InvalidTypeError, match=r"before must be a GroupedCounts.*list"):
        nps.decompose([10, 9], Q2)  # type: ignore[arg-type]
    empty = nps.GroupedCounts.from_table(["web"], [0], [0], [0])
    with pytest.raises(nps.DegenerateDataError, match="after has no responses"):
        nps.decompose(Q1, empty)
    with pytest.raises(nps.InvalidOptionError, match=r"method.*'jackknife'"):
        nps.decompose(Q1, Q2, method="jackknife")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match="confidence"):
        nps.decompose(Q1, Q2, confidence=1.5)
    with pytest.raises(nps.InvalidOptionError, match="resamples"):
        nps.decompose(Q1, Q2, method="bootstrap", resamples=5)


def test_result_reads_well_and_serialises() -> None:
    d = nps.decompose(Q1, Q2)
    assert repr(d) == "Decomposition(NPS 19.0 -> 25.9: change +6.9 = mix +7.9 + rate -1.0; 3 segments)"
    text = str(d)
    assert text.splitlines()[0] == (
        "NPS +19.0 -> +25.9: change +6.9 (95% CI -0.3 to +14.1, delta) = mix +7.9 + rate -1.0"
    )
    assert text.splitlines()[2].split() == ["web", "50.0%", "70.0%", "+40.0", "+35.0", "+7.5", "-3.0"]
    html = d._repr_html_()
    assert "<table" in html and "store" in html
    data = d.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["mix"] == pytest.approx(7.9) and data["rows"][0]["segment"] == "web"
    frame = d.to_frame()
    assert list(frame["segment"]) == LABELS
    tuples = nps.GroupedCounts.from_scores([10, 3, 9, 9], (["a", "a", "b", "b"], [1, 2, 1, 1]))
    json.dumps(nps.decompose(tuples, tuples).to_dict(), allow_nan=False)


def test_waterfall_steps_add_up() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from netpromoter import plot

    d = nps.decompose(Q1, Q2)
    ax = plot.decomposition(d)
    bars = ax.patches
    assert len(bars) == 2 + 2 * len(d)  # before, after, a mix and a rate step per segment
    assert (bars[0].get_height(), bars[1].get_height()) == pytest.approx((19.0, 25.9))
    steps = bars[2:]
    assert [bar.get_height() for bar in steps] == pytest.approx([r.mix for r in d] + [r.rate for r in d])
    # Each step starts where the previous one ended, and the last ends at the NPS after.
    ends = [bar.get_y() + bar.get_height() for bar in steps]
    assert [bar.get_y() for bar in steps[1:]] == pytest.approx(ends[:-1])
    assert steps[0].get_y() == pytest.approx(19.0) and ends[-1] == pytest.approx(25.9)
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["before", "mix: web"]
    totals = plot.decomposition(d, detail=False)
    assert len(totals.patches) == 4
    plt.close("all")


# -- theme contributions -------------------------------------------------------------------------


def test_theme_contributions_split_each_response_over_its_themes() -> None:
    # Four responses: a detractor citing price (-25), a promoter citing support and price
    # (+12.5 each), a promoter citing nothing (+25), a promoter citing support (+25).
    table = nps.theme_contributions([["price"], ["support", "price"], None, ["support"]], [2, 10, 9, 10])
    assert [(row.theme, row.contribution) for row in table] == [
        ("support", 37.5),
        ("price", -12.5),
        (None, 25.0),
    ]
    price = table["price"]
    assert (price.promoter_points, price.detractor_points, price.mentions, price.share) == (
        12.5,
        -25.0,
        2.0,
        0.5,
    )
    assert table.nps == 50.0 == nps.nps([2, 10, 9, 10])
    json.dumps(table.to_dict(), allow_nan=False)
    assert "support" in repr(table) and "<table" in table._repr_html_()
    assert list(table.to_frame()["theme"])[:2] == ["support", "price"]


themes = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3)


@given(st.lists(st.tuples(themes, st.one_of(st.none(), st.integers(0, 10)), st.floats(0.1, 5.0)), min_size=1))
def test_contributions_add_up_to_the_nps(responses: list[tuple[list[str], int | None, float]]) -> None:
    cited = [t for t, _, _ in responses]
    scores: list[Any] = [s for _, s, _ in responses]  # None: a missing score
    weights = [w for _, _, w in responses]
    if all(s is None for s in scores):
        with pytest.raises(nps.DegenerateDataError):
            nps.theme_contributions(cited, scores, weights)
        return
    table = nps.theme_contributions(cited, scores, weights)
    assert sum(row.contribution for row in table) == pytest.approx(table.nps, abs=1e-9)
    assert table.nps == pytest.approx(nps.nps(scores, weights), abs=1e-9)
    assert table.missing == sum(s is None for s in scores)
    for row in table:
        assert row.contribution == pytest.approx(row.promoter_points + row.detractor_points, abs=1e-9)


def test_theme_contributions_bad_input() -> None:
    with pytest.raises(nps.LengthMismatchError):
        nps.theme_contributions([["a"], ["b"]], [10])
    with pytest.raises(nps.InvalidTypeError, match="position 1"):
        nps.theme_contributions([["a"], [["nested"]]], [10, 3])  # type: ignore[list-item]
    with pytest.raises(nps.InvalidTypeError, match="sequence"):
        nps.theme_contributions("price", [10])
    twice = nps.theme_contributions([["a", "a"]], [0])
    assert twice["a"].contribution == -100.0 and twice["a"].mentions == 1.0


def test_theme_contributions_read_themes_as_prioritize_does() -> None:
    # One flattening for every theme input (issue 19): a 0-d array theme is its label,
    # a theme cited twice in one response counts once, None cites nothing.
    table = nps.theme_contributions([["a", np.array("b")], None, "a", ["a", "a"]], [0, 10, 3, 9])  # type: ignore[list-item]  # a 0-d array, as issue 19 found
    # 4 responses: -1 (a, b), +1 (none), -1 (a), +1 (a): each is worth 25 points.
    assert [(row.theme, row.contribution) for row in table] == [("a", -12.5), ("b", -12.5), (None, 25.0)]
    assert sum(row.contribution for row in table) == pytest.approx(nps.nps([0, 10, 3, 9]))
