"""Render the pictures the docs show (run: python docs/make_figures.py)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import netpromoter as nps
from netpromoter import plot
from netpromoter.datasets import EXAMPLE_FIXABILITY, example_survey

HERE = Path(__file__).resolve().parent / "images"


def main() -> None:
    survey = example_survey()
    figures = {
        "distribution.png": lambda ax: plot.distribution(survey.score, ax=ax),
        "segments.png": lambda ax: plot.segments(nps.segments(survey.score, survey.channel), ax=ax),
        # A few hundred answers a month: the classical chart (howto/trend.md, "Which chart").
        "trend.png": lambda ax: plot.trend(
            nps.trend(survey.score, survey.date, freq="M", control="p"), ax=ax
        ),
        # CSAT (share of 4-5) month by month, the same chart in percent.
        "csat_trend.png": lambda ax: plot.trend(
            nps.trend(survey.csat, survey.date, freq="M", metric=nps.CSAT, control="p"), ax=ax
        ),
        "priorities.png": lambda ax: plot.priorities(
            nps.prioritize(survey.themes, scores=survey.score, fixability=EXAMPLE_FIXABILITY), ax=ax
        ),
    }
    HERE.mkdir(exist_ok=True)
    for name, draw in figures.items():
        fig, ax = plt.subplots(figsize=(7, 4.2))
        draw(ax)
        fig.tight_layout()
        fig.savefig(HERE / name, dpi=80)
        plt.close(fig)


if __name__ == "__main__":
    main()
