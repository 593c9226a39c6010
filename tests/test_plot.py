"""Plots render with the Agg backend and draw what they claim (checked on the artists)."""

from __future__ import annotations

import sys
from typing import cast

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import netpromoter as nps  # noqa: E402
from netpromoter import plot  # noqa: E402
from netpromoter.datasets import EXAMPLE_FIXABILITY, Survey, example_survey  # noqa: E402


@pytest.fixture(scope="module")
def survey() -> Survey:
    return example_survey(n=1500)


def test_importing_the_package_does_not_import_matplotlib() -> None:
    import subprocess

    code = "import sys, netpromoter, netpromoter.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_distribution_bars_and_colours() -> None:
    ax = plot.distribution([10, 9, 9, 7, 3, 0, None])
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 11 and heights[9] == 2 and heights[7] == 1 and sum(heights) == 6
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours[0] == colours[6] == plot.CATEGORY_COLOURS[0].lower()
    assert colours[7] == colours[8] == plot.CATEGORY_COLOURS[1].lower()
    assert colours[9] == colours[10] == plot.CATEGORY_COLOURS[2].lower()
    assert "1 missing" in ax.get_title()


def test_forest_plot_marks_significant_segments(survey: Survey) -> None:
    report = nps.segments(survey.score, survey.channel)
    ax = plot.segments(report)
    filled, hollow = ax.collections[1], ax.collections[2]
    significant = sum(row.significant for row in report)
    assert len(filled.get_offsets()) == significant
    assert len(hollow.get_offsets()) == len(report) - significant
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(row.segment) for row in report]
    assert len(ax.collections[0].get_segments()) == len(report)  # one interval line per segment


def test_trend_plot_band_limits_and_flags(survey: Survey) -> None:
    report = nps.trend(survey.score, survey.date, freq="M", control="p")
    ax = plot.trend(report)
    nps_line = ax.lines[0]
    np.testing.assert_allclose(nps_line.get_ydata(), [row.result.nps for row in report])
    for direction in ("high", "low"):
        marked = next(c for c in ax.collections if c.get_label() in (direction, f"_{direction}"))
        assert len(marked.get_offsets()) == sum(row.direction == direction for row in report)
    assert any(row.direction for row in report)  # the example has flagged months
    assert len([line for line in ax.lines if line.get_linestyle() == ":"]) == 2  # control limits
    shifts = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(shifts) == len(report.shifts) > 0
    assert "p chart" in ax.get_legend_handles_labels()[1][2]


def test_trend_plot_has_a_readable_date_axis() -> None:
    weekly = example_survey(n=3000)
    report = nps.trend(weekly.score, weekly.date, freq="W")
    assert len(report) == 53
    ax = plot.trend(report)
    ax.figure.canvas.draw()
    shown = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(shown) <= 12  # not 53 overlapping labels
    dates = matplotlib.dates.num2date(ax.lines[0].get_xdata(orig=False))
    assert dates[0].date().isoformat() == str(report.rows[0].period)  # plotted at the dates themselves
    numbered = nps.trend(np.tile([10, 0, 8], 20), np.repeat(np.arange(30), 2), method="wald")
    ax = plot.trend(numbered)
    ax.figure.canvas.draw()
    shown = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(shown) <= 13 and set(shown) <= {str(t) for t in range(30)}


def test_priority_matrix_bubbles(survey: Survey) -> None:
    table = nps.prioritize(survey.themes, scores=survey.score, fixability=EXAMPLE_FIXABILITY)
    ax = plot.priorities(table)
    bubbles = ax.collections[0]
    assert len(bubbles.get_offsets()) == len(table)
    sizes = bubbles.get_sizes()
    assert np.argmax(sizes) == int(np.argmax([row.expected_uplift for row in table]))
    assert {t.get_text() for t in ax.texts} == {str(row.theme) for row in table}


def test_plots_draw_on_a_given_axes() -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert plot.distribution([1, 9], ax=ax) is ax
    plt.close(fig)


def test_pairwise_plot_draws_differences_around_zero(survey: Survey) -> None:
    report = nps.segments(survey.score, survey.plan, reference="pairwise")
    ax = plot.segments(report)
    points = np.concatenate([ax.collections[1].get_offsets()[:, 0], ax.collections[2].get_offsets()[:, 0]])
    assert sorted(points.tolist()) == pytest.approx(sorted(row.difference for row in report))
    zero = [line for line in ax.lines if line.get_label() == "no difference"]
    assert len(zero) == 1 and list(zero[0].get_xdata()) == [0.0, 0.0]
    pairs = [cast(tuple[str, str], r.segment) for r in report]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{a} - {b}" for a, b in pairs]


def test_segment_plot_labels_combinations_and_missing_and_marks_the_benchmark() -> None:
    scores = [10, 9, 3, 7, 10, 0, 9, 9]
    region = ["EMEA", "EMEA", "APAC", None, "APAC", "EMEA", None, "APAC"]
    plan = ["pro", "pro", "pro", "pro", "free", "free", "pro", "free"]
    report = nps.segments(scores, (region, plan), reference=20, shrinkage=True, min_n=0)
    ax = plot.segments(report)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "EMEA / pro" in labels and "(missing) / pro" in labels and not any("None" in t for t in labels)
    benchmark = [line for line in ax.lines if line.get_label() == "benchmark +20"]
    assert len(benchmark) == 1 and list(benchmark[0].get_xdata()) == [20.0, 20.0]
    assert any(c.get_label() == "shrunk (empirical Bayes)" for c in ax.collections)
