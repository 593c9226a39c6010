"""Scaling out on Dask: count each partition where it lives, add the counts, infer once.

``Counts`` and ``GroupedCounts`` are sufficient statistics that merge with
``+``, so the only work that touches rows runs per partition, in parallel;
what travels is a few numbers per group. Dask is imported on demand
(``pip install 'netpromoter[dask]'``); the same pattern works on Spark or SQL
(see docs/howto/scale.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._analysis._segments import SegmentReport, factor_names, segment_settings
from ._analysis._segments import segments as _segments
from ._analysis._trend import TrendReport, trend_settings
from ._analysis._trend import trend as _trend
from ._counts._counts import Counts
from ._counts._grouped import GroupedCounts
from ._input._options import (
    MISSING_GROUPS,
    MISSING_POLICIES,
    check_choice,
    check_column,
    check_freq,
    check_scale,
)
from ._input._periods import bin_labels
from ._input._scale import STANDARD, Scale
from .typing import (
    ControlChart,
    Correction,
    Frequency,
    Method,
    MissingGroups,
    MissingPolicy,
    Order,
    Reference,
)

if TYPE_CHECKING:
    from .typing import RNGLike

__all__ = ["counts", "grouped_counts", "period_counts", "segments", "trend"]

T = TypeVar("T", Counts, GroupedCounts)


def _reduce(frame: Any, per_partition: Callable[[Any], T]) -> T:
    """Apply ``per_partition`` to every pandas partition in parallel and add the results."""
    import dask

    parts = [dask.delayed(per_partition)(part) for part in frame.to_delayed()]
    results = dask.compute(*parts)
    total: T = sum(results[1:], results[0])
    return total


def _check_counting(
    frame: Any, score: str, weights: str | None, scale: Scale, missing: MissingPolicy
) -> None:
    """The options every helper shares, checked before any partition is read."""
    check_column(frame, score, "score")
    if weights is not None:
        check_column(frame, weights, "weights")
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")


def counts(
    frame: Any,
    score: str,
    weights: str | None = None,
    *,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> Counts:
    """Overall ``Counts`` of a Dask DataFrame column (plus optional weight column).

    ``score`` and ``weights`` are column names; ``scale`` and ``missing`` are
    as in :meth:`netpromoter.Counts.from_scores`.

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd, netpromoter as nps
    >>> from netpromoter import dask as nps_dask
    >>> frame = dd.from_pandas(pd.DataFrame({"score": [10, 9, 3, 7]}), npartitions=2)
    >>> nps_dask.counts(frame, "score")
    Counts(detractors=1, passives=1, promoters=2)
    """
    _check_counting(frame, score, weights, scale, missing)

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
    missing_groups: MissingGroups,
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
    missing_groups: MissingGroups = "segment",
) -> GroupedCounts:
    """``GroupedCounts`` by one column (or several) of a Dask DataFrame.

    ``by`` is a column name or a list of them; the options are as in
    :meth:`netpromoter.GroupedCounts.from_scores`.
    """
    _check_counting(frame, score, weights, scale, missing)
    check_choice(missing_groups, MISSING_GROUPS, "missing_groups")
    columns = [by] if isinstance(by, str) else list(by)
    for column in columns:
        check_column(frame, column, "by")

    def groups_of(part: Any) -> Any:
        return part[columns[0]] if len(columns) == 1 else tuple(part[c] for c in columns)

    return _grouped(frame, score, groups_of, weights, scale, missing, missing_groups)


def period_counts(
    frame: Any,
    score: str,
    period: str,
    *,
    freq: Frequency | None = None,
    weights: str | None = None,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> GroupedCounts:
    """``GroupedCounts`` by period (dates binned by ``freq``), ready for :func:`netpromoter.trend`."""
    _check_counting(frame, score, weights, scale, missing)
    check_column(frame, period, "period")
    if freq is not None:
        check_freq(freq)
    return _grouped(
        frame, score, lambda part: bin_labels(part[period], freq), weights, scale, missing, "exclude"
    )


def segments(
    frame: Any,
    score: str,
    by: str | Sequence[str],
    weights: str | None = None,
    *,
    reference: Reference | Hashable = "overall",
    correction: Correction | None = "holm",
    confidence: float = 0.95,
    method: Method | None = None,
    min_n: float = 30,
    order: Order = "label",
    margin: float = 0.0,
    shrinkage: bool = False,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    missing_groups: MissingGroups = "segment",
    rng: RNGLike = None,
    resamples: int = 9999,
) -> SegmentReport:
    """:func:`netpromoter.segments` on a Dask DataFrame (same numbers as on one machine).

    ``score``, ``by`` and ``weights`` are column names; every option is as in
    :func:`netpromoter.segments` and is checked before any partition is read.
    With several ``by`` columns the report's factors (and ``to_frame()``'s
    columns) are named after them, as for a DataFrame of groups on one machine.
    """
    segment_settings(  # every option checked before the partitions are read
        reference=reference,
        correction=correction,
        confidence=confidence,
        method=method,
        min_n=min_n,
        order=order,
        shrinkage=shrinkage,
        scale=scale,
        missing=missing,
        missing_groups=missing_groups,
        rng=rng,
        resamples=resamples,
        margin=margin,
    )
    grouped = grouped_counts(
        frame, score, by, weights, scale=scale, missing=missing, missing_groups=missing_groups
    )
    report = _segments(
        grouped,
        reference=reference,
        correction=correction,
        confidence=confidence,
        method=method,
        min_n=min_n,
        order=order,
        margin=margin,
        shrinkage=shrinkage,
        scale=scale,
        missing=missing,
        missing_groups=missing_groups,
        rng=rng,
        resamples=resamples,
    )
    names = (by,) if isinstance(by, str) else tuple(by)
    return dataclasses.replace(report, factors=factor_names(grouped.labels, names))


def trend(
    frame: Any,
    score: str,
    period: str,
    *,
    freq: Frequency | None = None,
    weights: str | None = None,
    window: int | None = None,
    confidence: float = 0.95,
    method: Method | None = None,
    control: ControlChart = "laney",
    control_limit: float = 3.0,
    baseline: float | None = None,
    cusum_k: float = 0.5,
    cusum_h: float = 5.0,
    margin: float = 0.0,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
    rng: RNGLike = None,
    resamples: int = 9999,
) -> TrendReport:
    """:func:`netpromoter.trend` on a Dask DataFrame (``respondents`` is not supported here).

    ``score``, ``period`` and ``weights`` are column names; every option is as
    in :func:`netpromoter.trend` and is checked before any partition is read.
    """
    trend_settings(  # every option checked before the partitions are read
        freq=freq,
        window=window,
        confidence=confidence,
        method=method,
        control_limit=control_limit,
        baseline=baseline,
        cusum_k=cusum_k,
        cusum_h=cusum_h,
        scale=scale,
        missing=missing,
        rng=rng,
        resamples=resamples,
        control=control,
        margin=margin,
    )
    grouped = period_counts(frame, score, period, freq=freq, weights=weights, scale=scale, missing=missing)
    return _trend(
        grouped,
        freq=freq,
        window=window,
        confidence=confidence,
        method=method,
        control_limit=control_limit,
        baseline=baseline,
        cusum_k=cusum_k,
        cusum_h=cusum_h,
        margin=margin,
        control=control,
        scale=scale,
        missing=missing,
        rng=rng,
        resamples=resamples,
    )
