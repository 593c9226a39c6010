"""``python -m netpromoter``: a short NPS report on the built-in example survey."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import compare, prioritize, sample_size, score, segments, trend
from ._analysis._segments import SegmentReport
from ._input._plain import fmt_change, fmt_label, fmt_p, fmt_points
from .datasets import EXAMPLE_FIXABILITY, Survey, example_survey


def _interval(low: float, high: float) -> str:
    return f"{fmt_points(low)} to {fmt_points(high)}"


def _overview(survey: Survey) -> list[str]:
    overall = score(survey.score)
    weighted = score(survey.score, survey.weight)
    c = overall.counts
    return [
        "netpromoter demo: example relationship survey, 2025",
        "=" * 52,
        f"Responses: {len(survey):,} ({overall.missing} skipped the question)",
        f"Promoters {100 * c.promoter_share:.1f}%  Passives {100 * c.passive_share:.1f}%  "
        f"Detractors {100 * c.detractor_share:.1f}%",
        f"NPS {fmt_points(overall.nps)}  (95% CI {_interval(*overall.ci)}, {overall.method})",
        f"Weighted to the population's region mix: NPS {fmt_points(weighted.nps)} "
        f"(95% CI {_interval(*weighted.ci)}, effective n {weighted.effective_n:,.0f})",
    ]


def _segment_lines(title: str, report: SegmentReport) -> list[str]:
    lines = [f"{title:<16}{'n':>6}  {'NPS':>6}  {'95% CI':<16} vs overall"]
    for row in report:
        flag = "  *" if row.significant else ""
        lines.append(
            f"  {fmt_label(row.segment):<14}{row.result.n:>6}  {fmt_points(row.result.nps):>6}  "
            f"{_interval(*row.result.ci):<16} {fmt_points(row.difference)}{flag}"
        )
    return lines


def _trend_lines(survey: Survey) -> list[str]:
    monthly = trend(survey.score, survey.date, freq="M")
    lines = ["By month          n     NPS  95% CI            change"]
    for period in monthly:
        change = "" if period.change is None else fmt_change(period.change.difference, period.change.pvalue)
        flag = "  ! outside control limits" if period.out_of_control else ""
        lines.append(
            f"  {period.period!s:<12}{period.result.n:>5}  {fmt_points(period.result.nps):>6}  "
            f"{_interval(*period.result.ci):<16}  {change}{flag}"
        )
    slope = monthly.slope
    shift = "none" if monthly.shift is None else f"a sustained {monthly.shift.direction}"
    if monthly.shift is not None:
        shift += f" from {monthly.shift.period}"
    lines.append(
        f"  slope {slope.estimate:+.2f} points/month (95% CI {slope.ci.low:+.2f} to "
        f"{slope.ci.high:+.2f}, p {fmt_p(slope.pvalue)}); CUSUM: {shift}"
    )
    return lines


def _comparison_lines(survey: Survey) -> list[str]:
    month = survey.date.astype("datetime64[M]").astype(int) % 12
    benchmark = compare(survey.score, benchmark=34)
    app_web = compare(survey.score[survey.channel == "app"], survey.score[survey.channel == "web"])
    summer = compare(survey.score[month == 6], survey.score[month == 4])
    counts = score(survey.score).counts
    return [
        "Is it real?",
        f"  vs software-industry benchmark +34: {benchmark}",
        f"  app minus web:                      {app_web}",
        f"  July minus May:                     {summer}",
        "",
        f"To measure a segment's NPS within +/-5 points, plan for {sample_size(5):,} responses "
        f"(worst case) or {sample_size(5, expected=counts):,} at this survey's mix.",
    ]


def _priority_lines(survey: Survey) -> list[str]:
    table = prioritize(survey.themes, scores=survey.score, fixability=EXAMPLE_FIXABILITY)
    lines = [
        f"What to fix first ({table.detractors:,.0f} detractors; priority = frequency x fixability; "
        f"NPS now {fmt_points(table.overall_nps)})",
        f"  {'theme':<18}{'cited by':>9}{'fixability':>11}{'priority':>9}{'uplift':>8}{'NPS if fixed':>13}",
    ]
    top = table.top(5)
    for theme in top:
        lines.append(
            f"  {theme.theme!s:<18}{100 * theme.frequency:>8.0f}%{theme.fixability:>11.2f}"
            f"{theme.priority:>9.3f}{fmt_points(theme.nps_uplift):>8}{fmt_points(theme.nps_if_fixed):>13}"
        )
    both = [theme.theme for theme in top[:2]]
    lines.append(
        f"  fixing {both[0]} and {both[1]} together: {fmt_points(table.combined_uplift(both))} "
        "(detractors citing both counted once)"
    )
    return lines


def report() -> str:
    """The demo report as text (the library itself never prints)."""
    survey = example_survey()
    by_channel = segments(survey.score, survey.channel)
    sections = [
        _overview(survey),
        _segment_lines("By channel", by_channel),
        [
            *_segment_lines("By plan", segments(survey.score, survey.plan)),
            f"  (* differs from the overall NPS, Holm-adjusted 5%; all channels equal: "
            f"p {fmt_p(by_channel.omnibus.pvalue)})",
        ],
        _trend_lines(survey),
        _comparison_lines(survey),
        _priority_lines(survey),
    ]
    return "\n\n".join("\n".join(section) for section in sections)


def main(argv: Sequence[str] | None = None) -> int:
    sys.stdout.write(report() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
