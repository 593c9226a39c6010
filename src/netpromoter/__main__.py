"""``python -m netpromoter``: a short NPS report on the built-in example survey."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import compare, prioritize, sample_size, score, segments
from ._display import fmt_p, fmt_points
from .datasets import EXAMPLE_FIXABILITY, example_survey
from .segments import SegmentReport


def _segment_lines(title: str, report: SegmentReport) -> list[str]:
    lines = [f"{title:<16}{'n':>6}  {'NPS':>6}  {'95% CI':<16} vs overall"]
    for row in report:
        flag = "  *" if row.significant else ""
        lines.append(
            f"  {row.segment!s:<14}{row.result.n:>6}  {fmt_points(row.result.nps):>6}  "
            f"{fmt_points(row.result.ci.low) + ' to ' + fmt_points(row.result.ci.high):<16} "
            f"{fmt_points(row.difference)}{flag}"
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
    by_channel = segments(survey.score, survey.channel)
    lines += _segment_lines("By channel", by_channel)
    lines.append("")
    lines += _segment_lines("By plan", segments(survey.score, survey.plan))
    lines.append(
        f"  (* differs from the overall NPS, Holm-adjusted 5%; all channels equal: "
        f"p {fmt_p(by_channel.omnibus.pvalue)})"
    )

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
    table = prioritize(survey.themes, scores=survey.score, fixability=EXAMPLE_FIXABILITY)
    lines += [
        "",
        f"What to fix first ({table.detractors:,.0f} detractors; priority = frequency x fixability)",
        f"  {'theme':<18}{'cited by':>9}{'fixability':>11}{'priority':>9}{'NPS if fixed':>13}{'expected':>9}",
    ]
    for row in table.top(5):
        lines.append(
            f"  {row.theme!s:<18}{100 * row.frequency:>8.0f}%{row.fixability:>11.2f}{row.priority:>9.3f}"
            f"{fmt_points(row.nps_uplift):>13}{fmt_points(row.expected_uplift):>9}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    sys.stdout.write(report() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
