"""``python -m netpromoter``: a short NPS report on the built-in example survey."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

from . import compare, sample_size, score
from ._display import fmt_points
from .datasets import example_survey


def _segment_lines(title: str, labels: Sequence[str], column: np.ndarray, values: np.ndarray) -> list[str]:
    lines = [f"{title:<16}{'n':>6}  {'NPS':>6}  95% CI"]
    for label in labels:
        r = score(values[column == label])
        lines.append(
            f"  {label:<14}{r.n:>6}  {fmt_points(r.nps):>6}  "
            f"{fmt_points(r.ci.low)} to {fmt_points(r.ci.high)}"
        )
    return lines


def report() -> str:
    """The demo report as text (the library itself never prints)."""
    survey = example_survey()
    overall = score(survey.score)
    weighted = score(survey.score, survey.weight)
    c = overall.counts
    lines = [
        "netpromoter demo: example relationship survey, 2025",
        "=" * 52,
        f"Responses: {len(survey):,} ({overall.missing} skipped the question)",
        f"Promoters {100 * c.promoter_share:.1f}%  Passives {100 * c.passive_share:.1f}%  "
        f"Detractors {100 * c.detractor_share:.1f}%",
        f"NPS {fmt_points(overall.nps)}  (95% CI {fmt_points(overall.ci.low)} to "
        f"{fmt_points(overall.ci.high)}, {overall.method})",
        f"Weighted to the population's region mix: NPS {fmt_points(weighted.nps)} "
        f"(95% CI {fmt_points(weighted.ci.low)} to {fmt_points(weighted.ci.high)}, "
        f"effective n {weighted.effective_n:,.0f})",
        "",
    ]
    from .datasets import CHANNELS, PLANS

    lines += _segment_lines("By channel", CHANNELS, survey.channel, survey.score)
    lines.append("")
    lines += _segment_lines("By plan", PLANS, survey.plan, survey.score)

    benchmark = compare(survey.score, benchmark=34)
    app_web = compare(survey.score[survey.channel == "app"], survey.score[survey.channel == "web"])
    month = survey.date.astype("datetime64[M]").astype(int) % 12
    summer = compare(survey.score[month == 6], survey.score[month == 4])
    lines += [
        "",
        "Is it real?",
        f"  vs software-industry benchmark +34: {benchmark}",
        f"  app minus web:                      {app_web}",
        f"  July minus May:                     {summer}",
        "",
        f"To measure a segment's NPS within +/-5 points, plan for {sample_size(5):,} responses "
        f"(worst case) or {sample_size(5, expected=overall.counts):,} at this survey's mix.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    sys.stdout.write(report() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
