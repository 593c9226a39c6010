"""segments(): per-segment scores, tests against hand values, corrections, omnibus, ordering."""

from __future__ import annotations

import math

import numpy as np
import pytest
from reference import r_sae
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


# -- shrinkage: Fay-Herriot EBLUP against R -----------------------------------------------------


def sae_segments() -> nps.GroupedCounts:
    labels = [f"s{i}" for i in range(len(r_sae.COUNTS))]
    return nps.GroupedCounts(labels, np.array(r_sae.COUNTS, dtype=float))


def test_shrunk_nps_is_sae_eblupfh() -> None:
    with pytest.warns(nps.SmallSampleWarning):
        report = nps.segments(sae_segments(), shrinkage=True)
    shrunk = [row.shrunk for row in report]
    # sae::eblupFH to its printed 4 decimals (issue 18); base R REML to 1e-7 points.
    assert shrunk == pytest.approx(r_sae.SAE_EBLUP, abs=5e-5)
    assert shrunk == pytest.approx(r_sae.BASE_R_EBLUP, abs=1e-7)
    # Prasad-Rao MSE with the REML g3 term (as sae::mseFH), base R.
    assert [(row.shrunk_se or math.nan) ** 2 for row in report] == pytest.approx(r_sae.BASE_R_MSE, rel=1e-7)
    assert report.shrinkage is not None
    assert report.shrinkage.mean == pytest.approx(r_sae.BASE_R_MEAN, abs=1e-7)
    assert report.shrinkage.between_sd**2 == pytest.approx(r_sae.BASE_R_VARIANCE, rel=1e-8)
    assert report.shrinkage.segments == 8 and report.shrinkage.method == "REML"


def test_shrinkage_pulls_small_segments_most_and_ranks_them_fairly() -> None:
    # The case: a 4-response segment at +100 tops the raw ranking of stores that
    # differ little (+28..+36, 1,000 responses each); shrunk, it lands mid-table.
    g = nps.GroupedCounts(
        ["tiny", "a", "b", "c", "d", "e"],
        [[0, 0, 4], [200, 240, 560], [210, 240, 550], [220, 240, 540], [230, 240, 530], [240, 240, 520]],
    )
    with pytest.warns(nps.SmallSampleWarning):
        by_nps = nps.segments(g, order="nps")
    with pytest.warns(nps.SmallSampleWarning):
        by_shrunk = nps.segments(g, order="shrunk", shrinkage=True)
    assert by_nps.rows[0].segment == "tiny"
    assert [row.segment for row in by_shrunk] == ["a", "b", "tiny", "c", "d", "e"]
    tiny, big = by_shrunk["tiny"], by_shrunk["a"]
    assert tiny.shrunk is not None and big.shrunk is not None
    assert abs(tiny.shrunk - tiny.result.nps) > 10 * abs(big.shrunk - big.result.nps)
    assert by_shrunk.shrinkage is not None
    mean = by_shrunk.shrinkage.mean
    assert mean < tiny.shrunk < tiny.result.nps  # between its own NPS and the mean
    shrunk = [row.shrunk or math.nan for row in by_shrunk]
    assert shrunk == sorted(shrunk, reverse=True)


def test_shrinkage_degenerate_inputs_give_nan_not_errors() -> None:
    one = nps.GroupedCounts(["a"], [[10, 20, 30]])
    row = nps.segments(one, shrinkage=True, min_n=0).rows[0]
    assert row.shrunk is not None and math.isnan(row.shrunk)  # one segment: no between variance
    with_empty = nps.GroupedCounts(["a", "b", "c"], [[10, 20, 30], [30, 20, 10], [0, 0, 0]])
    report = nps.segments(with_empty, shrinkage=True, min_n=0)
    assert report.shrinkage is not None and report.shrinkage.segments == 2
    empty = report["c"].shrunk
    assert empty is not None and math.isnan(empty)
    frame_free = nps.segments(one, min_n=0).rows[0]
    assert frame_free.shrunk is None and frame_free.shrunk_se is None  # not asked for


# -- reference=<number>: each segment against a benchmark ----------------------------------------


def test_benchmark_reference_is_compare_per_segment_then_corrected() -> None:
    scores, groups = three_segments()
    report = nps.segments(scores, groups, reference=34, correction="bonferroni")
    for row in report:
        direct = nps.compare(scores[groups == row.segment], benchmark=34)
        assert row.difference == pytest.approx(direct.difference, abs=1e-9)
        assert row.pvalue == pytest.approx(direct.pvalue, rel=1e-9)
        assert tuple(row.ci) == pytest.approx(tuple(direct.ci), abs=1e-7)
        assert row.adjusted_pvalue == pytest.approx(min(1.0, 3 * direct.pvalue), rel=1e-9)
        assert row.other is None
    assert report.reference == 34.0
    assert "the benchmark +34.0" in str(report)


def test_a_number_that_is_also_a_label_is_refused() -> None:
    with pytest.raises(nps.InvalidOptionError, match="also a segment label"):
        nps.segments([9, 10, 3, 7], [34, 34, 12, 12], reference=34, min_n=0)
    report = nps.segments([9, 10, 3, 7], ["34", "34", "12", "12"], reference="34", min_n=0)
    assert math.isnan(report["34"].pvalue)  # a string label is a segment


# -- the report at scale: rows built lazily, a frame from arrays ---------------------------------


def test_rows_are_built_on_demand_and_kept() -> None:
    g = nps.GroupedCounts([f"store {i:05d}" for i in range(20_000)], np.tile([[3.0, 3, 6]], (20_000, 1)))
    report = nps.segments(g, method="wald", min_n=0)
    rows = report.rows
    assert len(report) == 20_000 and report["store 01234"].segment == "store 01234"
    assert rows[5] is rows[5] and rows[-1].segment == "store 19999"
    built = sum(row is not None for row in rows._built)  # type: ignore[attr-defined]
    assert built == 3  # the three rows read; the frame below builds none
    frame = report.to_frame()
    assert len(frame) == 20_000 and sum(row is not None for row in rows._built) == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"reference": "rest", "method": "wald"},
        {"reference": "b"},
        {"reference": "pairwise", "method": "adjusted-wald"},
        {"reference": -10},
        {"shrinkage": True, "order": "shrunk"},
        {"order": "lower", "weights": "yes"},
    ],
)
def test_frame_from_arrays_equals_the_frame_of_the_rows(options: dict[str, object]) -> None:
    pd = pytest.importorskip("pandas")
    from netpromoter._input._plain import flat_record, records_frame

    scores, groups = three_segments()
    weights = np.linspace(0.5, 2.0, scores.shape[0]) if options.pop("weights", None) else None
    report = nps.segments(scores, groups, weights, **options)  # type: ignore[arg-type]
    fast = report.to_frame()
    slow = records_frame([flat_record(row) for row in report])
    if report.reference == "pairwise":  # the pair is two label columns, not a tuple
        slow.insert(0, "other_segment", [row.segment[1] for row in report])  # type: ignore[index]
        slow["segment"] = [row.segment[0] for row in report]  # type: ignore[index]
    pd.testing.assert_frame_equal(fast, slow[list(fast.columns)], check_dtype=False)
    assert set(fast.columns) == set(slow.columns)


def test_several_grouping_columns_give_one_frame_column_each_and_readable_labels() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "region": ["EMEA", "EMEA", "APAC", None, "APAC", "EMEA"],
            "plan": ["pro", "free", "pro", "pro", "free", "pro"],
            "score": [10, 3, 9, 7, 0, 9],
        }
    )
    with pytest.warns(nps.SmallSampleWarning):
        report = nps.segments(frame["score"], frame[["region", "plan"]])
    assert report.factors == ("region", "plan")
    table = report.to_frame()
    assert list(table.columns[:2]) == ["region", "plan"]
    assert ("EMEA", "pro") in [row.segment for row in report] and report[("EMEA", "pro")].result.n == 2
    missing = table[table["region"].isna()]
    assert len(missing) == 1 and missing["region"].iloc[0] is None  # None, not NaN
    text, html = str(report), report._repr_html_()
    assert "EMEA / pro" in text and "(missing) / pro" in text and "None" not in text
    assert "EMEA / pro" in html and "(missing) / pro" in html
    unnamed = nps.segments(
        frame["score"].to_numpy(), (frame["region"].to_numpy(), frame["plan"].to_numpy()), min_n=0
    )
    assert unnamed.factors == ("segment_0", "segment_1")


def test_str_is_the_table_and_long_tables_are_shortened() -> None:
    scores, groups = three_segments()
    report = nps.segments(scores, groups)
    lines = str(report).splitlines()
    assert lines[0].startswith("NPS by segment vs the whole sample")
    assert lines[2].split()[:3] == ["segment", "n", "NPS"]
    assert [line.split()[0] for line in lines[3:]] == ["a", "b", "c"]
    assert repr(report).startswith("SegmentReport(3 rows")  # repr stays the one-line summary
    many = nps.GroupedCounts([f"s{i:03d}" for i in range(120)], np.tile([[30.0, 30, 40]], (120, 1)))
    text = str(nps.segments(many, method="wald"))
    assert "... 70 more rows" in text and "s049" in text and "s050" not in text


def test_single_segment_with_resampling_gives_nan_tests() -> None:
    # A lone segment's "rest" is empty: nothing to test (this raised 'n < 0' in numpy).
    for method in ("bootstrap", "bayes"):
        row = nps.segments([9, 10, 3, 7], ["a"] * 4, method=method, min_n=0, resamples=200).rows[0]
        assert math.isnan(row.pvalue) and not row.significant and row.result.n == 4


def test_resampling_over_many_segments_holds_a_bounded_block_of_draws() -> None:
    # 1,000 segments x 9,999 draws of 3 gammas would be 240 MB at once; blocks of rows
    # keep the peak near 2,000,000 draws (48 MB of gammas), whatever the number of rows.
    import tracemalloc

    rng = np.random.default_rng(3)
    g = nps.GroupedCounts([f"s{i}" for i in range(1_000)], rng.multinomial(60, (0.3, 0.3, 0.4), 1_000))
    tracemalloc.start()
    try:
        report = nps.segments(g, method="adjusted-bayes", reference="rest")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 120 * 2**20
    assert len(report) == 1_000 and all(0 <= row.pvalue <= 1 for row in report.rows[:10])


def test_no_segments_at_all_is_an_empty_report() -> None:
    for reference in ("overall", "pairwise", 20):
        report = nps.segments([], [], reference=reference, shrinkage=reference != "pairwise")
        assert len(report) == 0 and report.omnibus.df == 0 and math.isnan(report.omnibus.pvalue)
        assert str(report).splitlines()[2].split()[0] in ("segment", "pair")


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
