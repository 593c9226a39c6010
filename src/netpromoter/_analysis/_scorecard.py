"""``scorecard()``: NPS, CSAT, CES and any other metric side by side, per segment or period."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._counts._ratings import check_metric
from .._input._metric import Metric
from .._input._options import MISSING_POLICIES, check_choice, check_confidence, show
from .._input._periods import bin_periods
from .._input._plain import fmt_label, html_table, records_frame, text_table
from .._results._base import Result
from .._results._values import NPSResult
from ..errors import InvalidOptionError, InvalidOptionTypeError
from ._segments import metric_results

if TYPE_CHECKING:
    from ..typing import Frequency, GroupsLike, LabelsLike, MissingPolicy, ScoresLike, WeightsLike

__all__ = ["Scorecard", "scorecard"]


@dataclass(frozen=True, slots=True, repr=False)
class Scorecard(Result):
    """Several metrics per segment (or period), side by side.

    Attributes
    ----------
    labels : tuple
        The segments (or period starts), one per row.
    metrics : tuple of Metric
        The metrics, one per column.
    results : tuple of tuple of NPSResult or None
        ``results[i][j]``: row i's estimate of metric j, with its interval (the
        metric's default method), or None where no one answered it.
    confidence : float
    key : str
        What the rows are: ``"segment"``, ``"period"`` or ``"all"``.

    ``card[label]`` maps each metric's name to its result in that row;
    ``to_frame()`` has one row per label and, per metric, the columns
    ``<name>``, ``<name>_low``, ``<name>_high`` and ``<name>_n``.
    """

    labels: tuple[Hashable, ...]
    metrics: tuple[Metric, ...]
    results: tuple[tuple[NPSResult | None, ...], ...]
    confidence: float
    key: str = "segment"

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, label: Hashable) -> dict[str, NPSResult | None]:
        for i, found in enumerate(self.labels):
            if found == label or str(found) == str(label):
                return {m.name: r for m, r in zip(self.metrics, self.results[i], strict=True)}
        raise KeyError(label)

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per label, four columns per metric (needs pandas)."""
        records = []
        for label, row in zip(self.labels, self.results, strict=True):
            record: dict[str, Any] = {self.key: label}
            for metric, result in zip(self.metrics, row, strict=True):
                name = metric.name
                record[name] = math.nan if result is None else result.estimate
                record[f"{name}_low"] = math.nan if result is None else result.ci.low
                record[f"{name}_high"] = math.nan if result is None else result.ci.high
                record[f"{name}_n"] = 0 if result is None else result.n
            records.append(record)
        return records_frame(records)

    def _cells(self) -> tuple[list[str], list[list[str]]]:
        level = f"{100 * self.confidence:g}%"
        header = [self.key]
        for metric in self.metrics:
            header += [metric.name, f"{level} CI", "n"]
        body = []
        for label, row in zip(self.labels, self.results, strict=True):
            cells = [fmt_label(label) if self.key != "period" else str(label)]
            for metric, result in zip(self.metrics, row, strict=True):
                if result is None:
                    cells += ["n/a", "", "0"]
                else:
                    show = metric.format
                    cells += [
                        show(result.estimate),
                        f"{show(result.ci.low)} to {show(result.ci.high)}",
                        f"{result.n:,}",
                    ]
            body.append(cells)
        return header, body

    def _caption(self) -> str:
        return "Scorecard: " + "; ".join(m.label for m in self.metrics)

    def __repr__(self) -> str:
        names = ", ".join(m.name for m in self.metrics)
        return f"Scorecard({len(self)} {self.key} rows x {names})"

    def __str__(self) -> str:
        header, body = self._cells()
        return text_table(header, body, self._caption())

    def _repr_html_(self) -> str:
        header, body = self._cells()
        return html_table(header, body, caption=self._caption())


def scorecard(
    questions: Mapping[Metric, ScoresLike],
    by: GroupsLike | None = None,
    weights: WeightsLike | None = None,
    *,
    periods: LabelsLike | None = None,
    freq: Frequency | None = None,
    confidence: float = 0.95,
    missing: MissingPolicy = "omit",
) -> Scorecard:
    """NPS, CSAT, CES (any metrics) side by side, for the whole sample, per segment or per period.

    Parameters
    ----------
    questions : mapping Metric -> array_like
        Each metric with its answers, e.g. ``{nps.NPS: ltr, nps.CSAT: csat}``;
        all answer columns align response by response (and with ``by``,
        ``weights``, ``periods``). Metric names must differ.
    by : array_like, tuple of array_like, or DataFrame, optional
        Segments, as in :func:`segments` (a missing label is its own segment).
    weights : array_like, optional
        Survey weights, one per response.
    periods : array_like, optional
        Instead of ``by``: the period of each response (binned by ``freq``
        for dates, as in :func:`trend`); responses without a period are left out.
    freq : str, optional
        Date bin for ``periods``.
    confidence : float, default 0.95
    missing : {"omit", "raise"}, default "omit"
        A response missing one answer still counts for the others.

    Returns
    -------
    Scorecard
        Each estimate with its interval by the metric's default method (see
        :func:`score`); no tests (use :func:`segments` or :func:`trend` per
        metric for those).

    Examples
    --------
    >>> import netpromoter as nps
    >>> from netpromoter.datasets import example_survey
    >>> s = example_survey()
    >>> card = nps.scorecard({nps.NPS: s.score, nps.CSAT: s.csat}, s.plan)
    >>> print(card)  # doctest: +NORMALIZE_WHITESPACE
    Scorecard: NPS (9-10 minus 0-6 on 0-10); CSAT (share of 4-5 on 1-5)
    <BLANKLINE>
    segment       NPS          95% CI      n   CSAT          95% CI      n
    enterprise  +41.9  +35.1 to +48.1    575  81.4%  77.9% to 84.4%    548
    free        +11.2   +7.4 to +14.9  2,013  55.8%  53.6% to 58.0%  1,906
    pro         +32.1  +27.6 to +36.5  1,347  75.6%  73.2% to 77.9%  1,283
    """
    level = check_confidence(confidence)
    check_choice(missing, MISSING_POLICIES, "missing")
    if not isinstance(questions, Mapping) or not questions:
        raise InvalidOptionTypeError(
            f"questions must be a non-empty mapping Metric -> answers, e.g. {{nps.NPS: scores}}; "
            f"got {show(questions)}"
        )
    metrics = tuple(check_metric(metric) for metric in questions)
    names = [m.name for m in metrics]
    if len(set(names)) != len(names):
        raise InvalidOptionError(f"metric names must differ to name the columns; got {names}")
    if by is not None and periods is not None:
        raise InvalidOptionError("give by (segments) or periods, not both")
    if freq is not None and periods is None:
        raise InvalidOptionError(f"freq={freq!r} bins periods; give periods= (dates) with it")
    key, period_labels = "all", None
    groups: Any
    first: Any = next(iter(questions.values()))
    if periods is not None:
        found = bin_periods(periods, freq)
        key, period_labels = "period", found.labels
        groups = np.where(found.codes >= 0, found.codes.astype(np.float64), np.nan)
    elif by is not None:
        key, groups = "segment", by
    else:
        groups = np.zeros(len(first))  # one segment: everyone
    per_metric = [
        metric_results(
            answers,
            groups,
            weights,
            metric=metric,
            level=level,
            missing=missing,
            missing_groups="exclude" if key == "period" else "segment",
        )
        for metric, answers in questions.items()
    ]
    labels: list[Hashable] = []
    for columns in per_metric:  # a few metrics: the union of their labels, in order of appearance
        labels += [label for label in columns.groups.labels if label not in labels]
    if key == "period":
        labels.sort(key=lambda code: float(code))  # type: ignore[arg-type]
    rows = []
    for label in labels:
        row: list[NPSResult | None] = []
        for columns in per_metric:
            try:
                i = columns.groups.index(label)
            except KeyError:
                row.append(None)
                continue
            row.append(columns.result(i) if columns.groups.n[i] > 0 else None)
        rows.append(tuple(row))
    shown: tuple[Hashable, ...]
    if period_labels is not None:
        shown = tuple(period_labels[int(float(code))] for code in labels)  # type: ignore[arg-type]
    elif key == "all":
        shown = ("all",)
    else:
        shown = tuple(labels)
    return Scorecard(labels=shown, metrics=metrics, results=tuple(rows), confidence=level, key=key)
