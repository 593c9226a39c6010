"""segments(): per-segment scores, tests against hand values, corrections, omnibus, ordering."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import netpromoter as nps
from netpromoter._stats._corrections import adjust_pvalues
from netpromoter._stats._omnibus import equal_nps_lr_test

Z95 = 1.959963984540054


def three_segments() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(8)
    groups = np.repeat(["a", "b", "c"], [200, 150, 250])
    shares = {"a": (0.2, 0.3, 0.5), "b": (0.35, 0.3, 0.35), "c": (0.25, 0.35, 0.4)}
    scores = np.concatenate(
        [rng.choice([3, 7, 10], size=int((groups == g).sum()), p=shares[g]) for g in ("a", "b", "c")]
    )
    return scores, groups


def wald(d: float, pas: float, p: float) -> tuple[float, float]:
    n = d + pas + p
    est = (p - d) / n
    return est, (p / n + d / n - est**2) / n


def test_segment_results_are_each_segments_own_score() -> None:
    scores, groups = three_segments()
    report = nps.segments(scores, groups)
    for row in report:
        expected = nps.score(scores[groups == row.segment])
        assert row.result.nps == expected.nps
        assert row.result.ci == pytest.approx(expected.ci, abs=1e-9)
    assert report.overall.nps == pytest.approx(nps.nps(scores))


def test_rest_pvalues_are_two_sample_wald_by_hand() -> None:
    scores, groups = three_segments()
    report = nps.segments(scores, groups, reference="rest", method="wald", correction=None)
    for row in report:
        inside = nps.Counts.from_scores(scores[groups == row.segment])
        outside = nps.Counts.from_scores(scores[groups != row.segment])
        ea, va = wald(inside.detractors, inside.passives, inside.promoters)
        eb, vb = wald(outside.detractors, outside.passives, outside.promoters)
        z = (ea - eb) / math.sqrt(va + vb)
        assert row.pvalue == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)
        assert row.difference == pytest.approx(100 * (ea - eb))
        assert row.adjusted_pvalue == row.pvalue  # no correction


def test_overall_reference_variance_matches_simulation() -> None:
    # The segment is inside the whole: Var(NPS_g - NPS_all) = (1 - w)^2 (V_g/n_g + V_rest/n_rest).
    # Simulate 20,000 surveys with fixed segment sizes and compare the SD of the difference
    # with the reported SE (its sampling error at 20,000 reps is ~0.5%).
    sizes, shares = [200, 150, 250], [(0.2, 0.3, 0.5), (0.34, 0.3, 0.36), (0.24, 0.36, 0.4)]
    rng = np.random.default_rng(12)
    draws = np.stack([rng.multinomial(n, s, size=20_000) for n, s in zip(sizes, shares, strict=True)], axis=1)
    seg_nps = (draws[..., 2] - draws[..., 0]) / np.array(sizes)
    overall = (draws[..., 2] - draws[..., 0]).sum(axis=1) / sum(sizes)
    simulated_sd = 100 * (seg_nps[:, 0] - overall).std()
    expected_counts = [np.rint(np.array(s) * n) for n, s in zip(sizes, shares, strict=True)]
    g = nps.GroupedCounts(["a", "b", "c"], expected_counts)
    row = nps.segments(g, method="wald")["a"]
    assert row.se == pytest.approx(simulated_sd, rel=0.03)
    independent = nps.segments(g, method="wald", reference="rest")["a"].se
    assert row.se == pytest.approx(independent * (1 - 200 / 600), rel=1e-12)


def test_overall_and_rest_test_the_same_hypothesis() -> None:
    scores, groups = three_segments()
    overall = nps.segments(scores, groups, reference="overall")
    rest = nps.segments(scores, groups, reference="rest")
    for a, b in zip(overall, rest, strict=True):
        assert a.pvalue == pytest.approx(b.pvalue)
        share = a.result.n / len(scores)
        assert a.difference == pytest.approx(b.difference * (1 - share))


def brute_holm(p: list[float]) -> list[float]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def brute_bh(p: list[float]) -> list[float]:
    m = len(p)
    return [
        min(
            1.0,
            min(
                p[j] * m / (sorted(p).index(p[j]) + 1 + sum(1 for q in p if q == p[j]) - 1)
                for j in range(m)
                if p[j] >= p[i]
            ),
        )
        for i in range(m)
    ]


@pytest.mark.parametrize("p", [[0.01, 0.04, 0.03, 0.2], [0.5, 0.001, 0.02, 0.02, 0.9], [0.04]])
def test_corrections_match_their_definitions(p: list[float]) -> None:
    assert adjust_pvalues(np.array(p), "holm").tolist() == pytest.approx(brute_holm(p))
    assert adjust_pvalues(np.array(p), "fdr_bh").tolist() == pytest.approx(brute_bh(p))
    assert adjust_pvalues(np.array(p), "bonferroni").tolist() == pytest.approx(
        [min(1, x * len(p)) for x in p]
    )
    with_nan = adjust_pvalues(np.array([*p, np.nan]), "holm")
    assert math.isnan(with_nan[-1]) and with_nan[:-1].tolist() == pytest.approx(brute_holm(p))


def test_omnibus_type_one_error_by_simulation() -> None:
    # 2,000 replicates of 4 segments x 60 responses from one distribution, fixed seed;
    # 4 SE of a rate near 0.05 at 2,000 reps is 0.019.
    rng = np.random.default_rng(21)
    x = rng.multinomial(60, (0.3, 0.3, 0.4), size=(2000, 4)).astype(float)
    _, df, p = equal_nps_lr_test(x)
    assert set(df.tolist()) == {3.0}
    assert abs(float(np.mean(p < 0.05)) - 0.05) < 4 * math.sqrt(0.05 * 0.95 / 2000)


def test_omnibus_statistic_by_brute_force() -> None:
    # LR = 2 (sum x log(x / n) - max over a common NPS of the restricted log-likelihood),
    # the maximum found here independently: each group's restricted MLE by numerical
    # maximisation, the common NPS by Brent's bounded method.
    from scipy import optimize

    x = np.array([[20.0, 30, 50], [35, 30, 35], [25, 35, 40]])

    def group_max(counts: np.ndarray, delta: float) -> float:
        d, pas, p = (float(c) for c in counts)

        def negative(q: float) -> float:
            return -(d * math.log(q) + pas * math.log(1 - 2 * q - delta) + p * math.log(q + delta))

        lower, upper = max(0.0, -delta) + 1e-12, (1 - delta) / 2 - 1e-12
        return -float(
            optimize.minimize_scalar(
                negative, bounds=(lower, upper), method="bounded", options={"xatol": 1e-13}
            ).fun
        )

    best = optimize.minimize_scalar(
        lambda t: -sum(group_max(row, t) for row in x),
        bounds=(-0.9, 0.9),
        method="bounded",
        options={"xatol": 1e-12},
    )
    restricted = -float(best.fun)
    free = float((x * np.log(x / x.sum(axis=1, keepdims=True))).sum())
    statistic, _df, pvalue = equal_nps_lr_test(x[None])
    assert statistic[0] == pytest.approx(2 * (free - restricted), abs=1e-6)
    assert pvalue[0] == pytest.approx(stats.chi2.sf(statistic[0], 2))


def test_lower_bound_ordering_keeps_a_lucky_small_segment_down() -> None:
    # The example: 12 responses at about +60 must not outrank 900 at +55.
    g = nps.GroupedCounts(["tiny", "large"], [[1, 3, 8], [135, 135, 630]])
    with pytest.warns(nps.SmallSampleWarning, match="1 of 2 segments .* below min_n=30"):
        by_nps = [row.segment for row in nps.segments(g, order="nps")]
    with pytest.warns(nps.SmallSampleWarning):
        by_lower = [row.segment for row in nps.segments(g, order="lower")]
    assert by_nps == ["tiny", "large"] and by_lower == ["large", "tiny"]
    with pytest.warns(nps.SmallSampleWarning):
        report = nps.segments(g)
    assert report["tiny"].small and not report["large"].small


def test_label_reference_and_pairwise() -> None:
    scores, groups = three_segments()
    vs_a = nps.segments(scores, groups, reference="a", method="wald", correction=None)
    assert math.isnan(vs_a["a"].pvalue)
    direct = nps.compare(scores[groups == "b"], scores[groups == "a"], method="wald")
    assert vs_a["b"].pvalue == pytest.approx(direct.pvalue)
    assert vs_a["b"].other is not None and vs_a["b"].other.nps == pytest.approx(
        nps.nps(scores[groups == "a"])
    )
    pairs = nps.segments(scores, groups, reference="pairwise", correction="bonferroni")
    assert [row.segment for row in pairs] == [("a", "b"), ("a", "c"), ("b", "c")]
    assert pairs[("a", "b")].adjusted_pvalue == pytest.approx(min(1, 3 * pairs[("a", "b")].pvalue))


def test_significance_follows_the_adjusted_pvalue() -> None:
    scores, groups = three_segments()
    for correction in ("holm", "bonferroni", "fdr_bh", None):
        for row in nps.segments(scores, groups, correction=correction):
            assert row.significant == (row.adjusted_pvalue < 0.05)


def test_report_displays_and_frame() -> None:
    pd = pytest.importorskip("pandas")
    from netpromoter.datasets import example_survey

    survey = example_survey()
    report = nps.segments(survey.score, survey.channel)
    frame = report.to_frame()
    assert isinstance(frame, pd.DataFrame) and list(frame["segment"]) == ["app", "email", "phone", "web"]
    html = report._repr_html_()
    significant = [row.significant for row in report]
    assert html.count("font-weight:bold") == sum(significant) > 0  # significant rows stand out
    assert report.to_dict()["omnibus"]["df"] == 3
    assert "SegmentReport(4 rows" in repr(report)


def test_errors() -> None:
    scores, groups = three_segments()
    with pytest.raises(nps.InvalidOptionError, match="'z' is not a segment"):
        nps.segments(scores, groups, reference="z")
    with pytest.raises(nps.InvalidOptionError, match="correction"):
        nps.segments(scores, groups, correction="sidak")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match="order"):
        nps.segments(scores, groups, order="size")  # type: ignore[arg-type]
    with pytest.raises(nps.InvalidOptionError, match="needs groups"):
        nps.segments(scores)


def test_a_margin_flags_only_segments_beyond_it() -> None:
    # Against "overall" the reported difference is (1 - w) (NPS_g - NPS_rest), so a margin m
    # on it is m / (1 - w) on the segment-vs-rest test; against "rest" it is m itself.
    table = {"web": (4000, 6000, 10000), "app": (6000, 6000, 8000), "mail": (5000, 5600, 9400)}
    grouped = nps.GroupedCounts.from_table(list(table), *zip(*table.values(), strict=True))
    plain = nps.segments(grouped, method="wald", correction=None)  # +30, +10, +22 vs +20.7
    report = nps.segments(grouped, method="wald", correction=None, margin=3)
    assert report.margin == 3 and [r.difference for r in report] == [r.difference for r in plain]
    total = np.sum(list(table.values()), axis=0)
    for row in report:
        segment = nps.Counts(*table[str(row.segment)])
        rest = nps.Counts(*(total - np.array(table[str(row.segment)])))
        direct = nps.compare(segment, rest, method="wald", margin=3 / (1 - 20000 / 60000))
        assert row.pvalue == pytest.approx(direct.pvalue, rel=1e-12)
    assert [r.significant for r in plain] == [True, True, True]  # mail: +1.3, z = 2.2
    assert {r.segment: r.significant for r in report} == {"web": True, "app": True, "mail": False}
    rest_report = nps.segments(grouped, method="wald", correction=None, reference="rest", margin=3)
    web_vs_rest = nps.compare(
        nps.Counts(*table["web"]), nps.Counts(*(total - table["web"])), method="wald", margin=3
    )
    assert rest_report["web"].pvalue == pytest.approx(web_vs_rest.pvalue, rel=1e-12)
    assert "beyond a 3-point margin" in report._repr_html_()
