"""Counting inside a data frame's own engine, through narwhals.

:meth:`netpromoter.Counts.from_frame` and
:meth:`netpromoter.GroupedCounts.from_frame` call :func:`frame_counts`: the
frame (pandas, polars eager or lazy, pyarrow, DuckDB, Dask, PySpark, ...) is
wrapped by `narwhals <https://narwhals-dev.github.io/narwhals/>`_ (the
optional extra ``netpromoter[frames]``, imported only when a frame arrives),
and one grouped aggregation runs in the engine, by the group columns and a
category code (detractor, passive, promoter, invalid, missing: one
``when/then`` chain per row): the number of rows and, weighted, the sums of
weights and of squared weights and the count and minimum of the weights.
Only that small table (at most five rows per group) is collected and
pivoted in numpy. This is as fast as, or faster than, hand-written indicator
sums (``bench/bench_frames.py``): an engine groups by one more small
integer key more cheaply than it updates a dozen sums per row.

Scores are read as the numpy path reads them: null and NaN are missing;
out-of-scale, fractional and infinite scores raise
:class:`~netpromoter.InvalidScoreError` naming how many there are and one of
them (a lazy engine cannot cheaply say where the first one is); that count
and example, and those of bad weights, come from a second query run only on
the error path. Dates are
binned by ``freq`` on their local wall-clock time, in the engine, from their
year, day of the year and hour (narwhals has no weekly truncation): the same
bins, labelled by their first day, as :func:`netpromoter.trend` makes.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from .._input._options import check_freq, check_scale
from .._input._scale import Scale
from ..errors import (
    InvalidOptionError,
    InvalidOptionTypeError,
    InvalidScoreError,
    InvalidTypeError,
    InvalidWeightError,
)
from ._counts import Counts
from ._grouped import GroupedCounts

__all__ = ["frame_counts", "frame_total"]

# Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar.
_EPOCH_DAYS = 719_162


def _narwhals() -> Any:
    try:
        import narwhals.stable.v2 as nw
    except ImportError:  # pragma: no cover - the extra is part of the test environment
        raise ImportError(
            "counting inside a data frame needs narwhals: pip install 'netpromoter[frames]'"
        ) from None
    return nw


def _wrap(frame: Any) -> tuple[Any, Any]:
    """The frame as a narwhals LazyFrame (or eager DataFrame) and the narwhals module."""
    nw = _narwhals()
    try:
        with warnings.catch_warnings():  # narwhals 2.x announces a separate Dask package
            warnings.filterwarnings("ignore", "Dask support is moving", FutureWarning)
            wrapped = nw.from_native(frame)
    except TypeError:
        raise InvalidTypeError(
            f"frame must be a data frame (pandas, polars, pyarrow, DuckDB, Dask, PySpark); "
            f"got {type(frame).__name__}"
        ) from None
    if not isinstance(wrapped, (nw.DataFrame, nw.LazyFrame)):
        raise InvalidTypeError(f"frame must be a data frame, not a single column ({type(frame).__name__})")
    return wrapped, nw


def _check_columns(schema: dict[str, Any], named: Sequence[tuple[str, object]]) -> None:
    present = list(schema)
    for option, column in named:
        if not isinstance(column, str):
            raise InvalidOptionTypeError(f"{option} must be a column name (a string); got {column!r}")
        if column not in schema:
            shown = ", ".join(repr(c) for c in present[:20]) + (", ..." if len(present) > 20 else "")
            raise InvalidOptionError(
                f"{option} column {column!r} is not in the frame; its columns are {shown}"
            )


def _numeric(nw: Any, dtype: Any, column: str, what: str) -> None:
    if not (dtype.is_numeric() and dtype != nw.Boolean):
        raise InvalidTypeError(
            f"{what} column {column!r} holds {dtype}, not numbers; {what}s must be numbers"
        )


def _period_key(nw: Any, column: str, dtype: Any, freq: str) -> Any:
    """The integer bin of each date (as :func:`netpromoter.trend` numbers them), in the engine."""
    date = nw.col(column)
    if getattr(dtype, "time_zone", None):
        date = date.dt.replace_time_zone(None)  # local wall-clock time in its own zone
    year = date.dt.year().cast(nw.Int64)
    if freq in ("M", "Q", "Y"):
        months = (year - 1970) * 12 + date.dt.month().cast(nw.Int64) - 1
        return {"M": months, "Q": months // 3, "Y": year - 1970}[freq]
    before = year - 1
    days = (
        (before * 365 + before // 4 - before // 100 + before // 400 - _EPOCH_DAYS)
        + date.dt.ordinal_day().cast(nw.Int64)
        - 1
    )
    if freq == "h":
        return days * 24 + date.dt.hour().cast(nw.Int64)
    return days if freq == "D" else (days + 3) // 7  # weeks from Monday (1970-01-01 was a Thursday)


def _period_labels(keys: np.ndarray, freq: str) -> np.ndarray:
    if freq == "h":
        return keys.astype("M8[h]")
    if freq == "D":
        return keys.astype("M8[D]")
    if freq == "W":
        return (keys * 7 - 3).astype("M8[D]")
    if freq == "M":
        return keys.astype("M8[M]")
    if freq == "Q":
        return (keys * 3).astype("M8[M]")
    return (keys * 12).astype("M8[M]").astype("M8[Y]")


# Category codes of the one grouped aggregation: detractor, passive, promoter, then these two.
_INVALID = 3
_MISSING = 4


def _category(nw: Any, score: str, scale: Scale, integer: bool) -> tuple[Any, Any, Any, Any]:
    """Each row's category code, and its missing and (error path) invalid masks and the score.

    One ``when/then`` chain with a literal in every branch: engines evaluate it
    as cheaply as one comparison per category, and grouping by the code (a
    handful of values per group) replaces a sum per indicator. Missing comes
    first, as an explicit code, so that a null never reaches a comparison
    and the code is never null (polars groups a non-null key faster).
    Integer scores need no NaN, fraction or cast.
    """
    x = nw.col(score)
    if integer:
        missing = x.is_null()
        outside = (x < scale.minimum) | (x > scale.maximum)
        invalid = outside.fill_null(False)
    else:
        x = x.cast(nw.Float64)
        missing = x.is_null() | x.is_nan().fill_null(True)
        outside = ~((x >= scale.minimum) & (x <= scale.maximum) & (x.floor() == x))
        invalid = ~missing & outside.fill_null(False)
    code = (
        nw.when(missing)
        .then(_MISSING)
        .when(outside)  # after the missing branch: never null
        .then(_INVALID)
        .when(x <= scale.detractor_max)
        .then(0)
        .when(x < scale.promoter_min)
        .then(1)
        .otherwise(2)
    )
    return code, missing, invalid, x


def _column(table: Any, name: str, dtype: type = float) -> np.ndarray:
    # to_list: DuckDB returns SUM of integers as Decimal; the table is small.
    values = [0 if v is None else v for v in table[name].to_list()]
    return np.asarray(values, dtype=dtype)


def _describe(value: float) -> str:
    return str(int(value)) if np.isfinite(value) and value == int(value) else str(value)


def _offenders(nw: Any, frame: Any, bad: Any, value: Any, lowest: bool) -> tuple[int, Any]:
    """How many rows are bad and one offending value: a second query, run only on the error path."""
    example = nw.when(bad).then(value)
    found = frame.select(
        bad.cast(nw.Int64).sum().alias("_count"),
        (example.min() if lowest else example.max()).alias("_example"),
    )
    if isinstance(found, nw.LazyFrame):
        found = found.collect()
    return int(_column(found, "_count", np.int64)[0]), found["_example"].to_list()[0]


def _tally(
    nw: Any, frame: Any, keys: list[str], score: str, weight: str | None, scale: Scale, integer: bool
) -> tuple[list[tuple[Any, ...]], np.ndarray, np.ndarray | None, np.ndarray | None]:
    """One grouped aggregation by ``keys`` and the category code, pivoted to one row per group.

    Returns the groups' key tuples (null, NaN and NaT keys as None), their
    (k, 5) row counts per code (detractor, passive, promoter, invalid,
    missing) and, weighted, the (k, 3) sums of weights and of squared
    weights per category. Raises on invalid scores and weights.
    """
    code, missing, invalid, x = _category(nw, score, scale, integer)
    columns = [*(nw.col(key) for key in keys), code.alias("_code")]
    aggs = [nw.len().alias("_n")]
    if weight is not None:
        w = nw.col(weight).cast(nw.Float64)
        columns += [w.alias("_w"), (w * w).alias("_ww")]
        # Bad weights (null, NaN, negative, infinite) show in these aggregates: a null
        # in the count, NaN or infinity in the sum (or the count, where NaN is null),
        # a negative in the minimum. The exact count is taken only if one shows.
        aggs += [nw.col("_w").sum(), nw.col("_ww").sum(), nw.col("_w").count().alias("_wn")]
        aggs.append(nw.col("_w").min().alias("_wmin"))
    table = frame.select(*columns).group_by([*keys, "_code"], drop_null_keys=False).agg(*aggs)
    if isinstance(table, nw.LazyFrame):
        table = table.collect()
    codes = _column(table, "_code", np.int64)
    n = _column(table, "_n", np.int64)
    if n[codes == _INVALID].any():
        count, example = _offenders(nw, frame, invalid, x, lowest=False)
        raise InvalidScoreError(
            f"{count:,} score{'s of the frame are' if count > 1 else ' of the frame is'} not whole "
            f"numbers on the scale (out of range, fractional or infinite), "
            f"e.g. {_describe(float(example))}"
        )
    key_rows = list(zip(*([_label(v) for v in table[key].to_list()] for key in keys), strict=True))
    if not keys:
        key_rows = [()] * len(codes)
    groups: dict[tuple[Any, ...], int] = {}
    group = np.array([groups.setdefault(row, len(groups)) for row in key_rows], dtype=np.int64)
    k = len(groups)
    counted = np.zeros((k, 5), dtype=np.int64)
    np.add.at(counted, (group, codes), n)
    if weight is None:
        return list(groups), counted, None, None
    present = codes < _INVALID
    sums = _column(table, "_w")
    suspect = (_column(table, "_wn", np.int64) < n) | ~np.isfinite(sums) | (_column(table, "_wmin") < 0)
    if (suspect & present).any():
        bad = ~missing & ~((w >= 0) & (w < float("inf"))).fill_null(False)
        count, example = _offenders(nw, frame, bad, w, lowest=True)
        if count:  # else finite weights overflowed a sum to infinity: Counts refuses it
            shown = "null" if example is None else _describe(float(example))
            raise InvalidWeightError(
                f"{count:,} weight{'s of the frame are' if count > 1 else ' of the frame is'} missing, "
                f"negative or not finite, e.g. {shown}"
            )
    weighted = np.zeros((k, 3))
    squared = np.zeros((k, 3))
    np.add.at(weighted, (group[present], codes[present]), sums[present])
    np.add.at(squared, (group[present], codes[present]), _column(table, "_ww")[present])
    return list(groups), counted, weighted, squared


def _label(value: Any) -> Any:
    """A key as the numpy path labels it: null, NaN, NaT and pd.NA as None."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return None
    return None if isinstance(value, float) and value != value else value


def _sort_key(label: Hashable) -> tuple[Any, ...]:
    parts = label if isinstance(label, tuple) else (label,)
    return tuple((v is None, v) if v is not None else (True, 0) for v in parts)


def _prepare(
    frame: Any,
    score: str,
    by: Sequence[str],
    weight: str | None,
    period: str | None,
    freq: str | None,
) -> tuple[Any, Any, list[str], str | None, bool]:
    wrapped, nw = _wrap(frame)
    schema = dict(wrapped.collect_schema())
    named: list[tuple[str, object]] = [("score", score)]
    named += [("by", column) for column in by]
    if weight is not None:
        named.append(("weight", weight))
    if period is not None:
        named.append(("period", period))
    _check_columns(schema, named)
    _numeric(nw, schema[score], score, "score")
    if weight is not None:
        _numeric(nw, schema[weight], weight, "weight")
    keys = list(by)
    bin_freq = None
    if period is not None:
        dtype = schema[period]
        is_date = dtype == nw.Date or isinstance(dtype, nw.Datetime)
        if is_date and freq is None:
            raise InvalidOptionError("periods are dates: choose freq='h', 'D', 'W', 'M', 'Q' or 'Y'")
        if not is_date and freq is not None:
            raise InvalidOptionError(f"freq bins dates; period column {period!r} holds {dtype}")
        if is_date:
            bin_freq = check_freq(freq)
            wrapped = wrapped.with_columns(_period_key(nw, period, dtype, bin_freq).alias("_period"))
            keys.append("_period")
        else:
            keys.append(period)
    return wrapped, nw, keys, bin_freq, schema[score].is_integer()


def frame_total(frame: Any, score: str, *, weight: str | None = None, scale: Scale) -> Counts:
    """The ``Counts`` of a frame's score column (the engine of :meth:`Counts.from_frame`)."""
    scale = check_scale(scale)
    wrapped, nw, _, _, integer = _prepare(frame, score, (), weight, None, None)
    _, counted, sums, squares = _tally(nw, wrapped, [], score, weight, scale, integer)
    n = [int(v) for v in counted.sum(axis=0)]  # one row, or none for an empty frame
    if sums is None or squares is None:
        return Counts(n[0], n[1], n[2], missing=n[_MISSING])
    weighted = [float(v) for v in sums.sum(axis=0)]
    squared = [float(v) for v in squares.sum(axis=0)]
    return Counts(
        weighted[0],
        weighted[1],
        weighted[2],
        missing=n[_MISSING],
        squared_weights=(squared[0], squared[1], squared[2]),
        n=n[0] + n[1] + n[2],
    )


def frame_counts(
    frame: Any,
    score: str,
    *,
    by: str | Sequence[str] | None = None,
    weight: str | None = None,
    period: str | None = None,
    freq: str | None = None,
    scale: Scale,
) -> GroupedCounts:
    """``GroupedCounts`` of a frame (the engine of :meth:`GroupedCounts.from_frame`).

    Labels are the ``by`` values (a tuple per row for several columns, the
    period last); a missing ``by`` value is a group labelled None, a missing
    period is left out and counted in ``excluded``.
    """
    scale = check_scale(scale)
    if freq is not None:
        check_freq(freq)
    if by is None or isinstance(by, str):
        columns: list[Any] = [] if by is None else [by]
    elif isinstance(by, Sequence):
        columns = list(by)
    else:
        raise InvalidOptionTypeError(f"by must be a column name or a list of column names; got {by!r}")
    if not columns and period is None:
        raise InvalidOptionError(
            "GroupedCounts.from_frame needs by= (a column or a list of columns) or period="
        )
    wrapped, nw, keys, bin_freq, integer = _prepare(frame, score, columns, weight, period, freq)
    rows, tallied, weighted, squared = _tally(nw, wrapped, keys, score, weight, scale, integer)
    if bin_freq is not None:
        raw = [row[-1] for row in rows]
        known = np.array([0 if v is None else int(v) for v in raw], dtype=np.int64)
        labels_of = _period_labels(known, bin_freq)
        rows = [
            (*row[:-1], None if v is None else labels_of[i])
            for i, (row, v) in enumerate(zip(rows, raw, strict=True))
        ]
    counted = tallied[:, :3]
    missing = tallied[:, _MISSING]
    keep = np.ones(len(rows), dtype=bool)
    if period is not None:
        keep = np.array([row[-1] is not None for row in rows], dtype=bool)
    excluded = int((counted.sum(axis=1) + missing)[~keep].sum())
    labels: list[Hashable] = [row if len(row) > 1 else row[0] for row, k in zip(rows, keep, strict=True) if k]
    order = sorted(range(len(labels)), key=lambda i: _sort_key(labels[i]))
    index = np.flatnonzero(keep)[order]
    labels = [labels[i] for i in order]
    if weighted is None or squared is None:
        sums = counted[index].astype(np.float64)
        squares = None
    else:
        sums, squares = weighted[index], squared[index]
    return GroupedCounts(
        labels, sums, squares, n=counted[index].sum(axis=1), missing=missing[index], excluded=excluded
    )
