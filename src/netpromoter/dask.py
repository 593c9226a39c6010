"""Scaling out on Dask: count each partition where it lives, add the counts, infer once.

``Counts`` and ``GroupedCounts`` are sufficient statistics that merge with
``+``, so the only work that touches rows runs per partition, in parallel;
what travels is a few numbers per group. Dask is imported on demand
(``pip install 'netpromoter[dask]'``); the same pattern works on Spark or SQL
(see docs/howto/scale.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ._analysis._segments import SegmentReport
from ._analysis._segments import segments as _segments
from ._analysis._trend import TrendReport
from ._analysis._trend import trend as _trend
from ._counts._counts import Counts
from ._counts._grouped import GroupedCounts
from ._input._periods import bin_labels
from ._input._scale import STANDARD, Scale
from .typing import MissingPolicy

__all__ = ["counts", "grouped_counts", "period_counts", "segments", "trend"]

T = TypeVar("T", Counts, GroupedCounts)


def _reduce(frame: Any, per_partition: Callable[[Any], T]) -> T:
    """Apply ``per_partition`` to every pandas partition in parallel and add the results."""
    import dask

    parts = [dask.delayed(per_partition)(part) for part in frame.to_delayed()]
    results = dask.compute(*parts)
    total: T = sum(results[1:], results[0])
    return total


def counts(
    frame: Any,
    score: str,
    weights: str | None = None,
    *,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> Counts:
    """Overall ``Counts`` of a Dask DataFrame column (plus optional weight column).

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd, netpromoter as nps
    >>> from netpromoter import dask as nps_dask
    >>> frame = dd.from_pandas(pd.DataFrame({"score": [10, 9, 3, 7]}), npartitions=2)
    >>> nps_dask.counts(frame, "score")
    Counts(detractors=1, passives=1, promoters=2)
    """

    def one(part: Any) -> Counts:
        return Counts.from_scores(
            part[score], None if weights is None else part[weights], scale=scale, missing=missing
        )

    return _reduce(frame, one)


def _grouped(
    frame: Any,
    score: str,
    groups_of: Callable[[Any], Any],
    weights: str | None,
    scale: Scale,
    missing: MissingPolicy,
    missing_groups: str,
) -> GroupedCounts:
    """Per-partition ``GroupedCounts`` by ``groups_of(partition)``, added up."""

    def one(part: Any) -> GroupedCounts:
        return GroupedCounts.from_scores(
            part[score],
            groups_of(part),
            None if weights is None else part[weights],
            scale=scale,
            missing=missing,
            missing_groups=missing_groups,
        )

    return _reduce(frame, one)


def grouped_counts(
    frame: Any,
    score: str,
    by: str | Sequence[str],
    weights: str | None = None,
    *,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    missing_groups: str = "segment",
) -> GroupedCounts:
    """``GroupedCounts`` by one column (or several) of a Dask DataFrame."""
    columns = [by] if isinstance(by, str) else list(by)

    def groups_of(part: Any) -> Any:
        return part[columns[0]] if len(columns) == 1 else tuple(part[c] for c in columns)

    return _grouped(frame, score, groups_of, weights, scale, missing, missing_groups)


def period_counts(
    frame: Any,
    score: str,
    period: str,
    *,
    freq: str | None = None,
    weights: str | None = None,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> GroupedCounts:
    """``GroupedCounts`` by period (dates binned by ``freq``), ready for :func:`netpromoter.trend`."""
    return _grouped(
        frame, score, lambda part: bin_labels(part[period], freq), weights, scale, missing, "exclude"
    )


def segments(
    frame: Any, score: str, by: str | Sequence[str], weights: str | None = None, **options: Any
) -> SegmentReport:
    """:func:`netpromoter.segments` on a Dask DataFrame (same numbers as on one machine)."""
    grouping = {k: options.pop(k) for k in ("scale", "missing", "missing_groups") if k in options}
    return _segments(grouped_counts(frame, score, by, weights, **grouping), **options)


def trend(
    frame: Any,
    score: str,
    period: str,
    *,
    freq: str | None = None,
    weights: str | None = None,
    **options: Any,
) -> TrendReport:
    """:func:`netpromoter.trend` on a Dask DataFrame (``respondents`` is not supported here)."""
    grouping = {k: options.pop(k) for k in ("scale", "missing") if k in options}
    grouped = period_counts(frame, score, period, freq=freq, weights=weights, **grouping)
    return _trend(grouped, freq=freq, **options)
