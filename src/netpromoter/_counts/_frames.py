"""Counting inside a data frame's own engine, through narwhals.

:meth:`netpromoter.Counts.from_frame` and
:meth:`netpromoter.GroupedCounts.from_frame` call :func:`frame_counts`: the
frame (pandas, polars eager or lazy, pyarrow, DuckDB, Dask, PySpark, ...) is
wrapped by `narwhals <https://narwhals-dev.github.io/narwhals/>`_ (the
optional extra ``netpromoter[frames]``, imported only when a frame arrives),
and one grouped aggregation runs in the engine: per group, the number (or
sum of weights and of squared weights) of detractors, passives and
promoters, the missing scores, the invalid scores and weights. Only that
small table is collected.

Scores are read as the numpy path reads them: null and NaN are missing;
out-of-scale, fractional and infinite scores raise
:class:`~netpromoter.InvalidScoreError` naming how many there are and one of
them (a lazy engine cannot cheaply say where the first one is). Dates are
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


def _indicators(
    nw: Any, score: str, weight: str | None, scale: Scale, integer: bool
) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Per-row indicator columns, the plain sums that aggregate them, and (error path) examples.

    Integer scores need no NaN, fraction or cast; a null comparison is null,
    and sums skip nulls.
    """
    x = nw.col(score)
    if integer:
        missing = x.is_null()
        present = x
        invalid = ~((x >= scale.minimum) & (x <= scale.maximum)).fill_null(True)
    else:
        x = x.cast(nw.Float64)
        missing = x.is_null() | x.is_nan().fill_null(True)
        present = nw.when(~missing).then(x)  # null where missing: comparisons give null
        whole = (present >= scale.minimum) & (present <= scale.maximum) & (present.floor() == present)
        invalid = ~missing & ~whole.fill_null(False)
    categories = (
        present <= scale.detractor_max,
        (present > scale.detractor_max) & (present < scale.promoter_min),
        present >= scale.promoter_min,
    )
    columns = {"_missing": missing.cast(nw.Int64), "_invalid": invalid.cast(nw.Int64)}
    examples = {"_invalid": nw.when(invalid).then(x).max()}
    for i, category in enumerate(categories):
        columns[f"_n{i}"] = (category.fill_null(False) if integer else category).cast(nw.Int64)
    if weight is not None:
        w = nw.col(weight).cast(nw.Float64)
        bad = ~missing & ~((w >= 0) & (w < float("inf"))).fill_null(False)
        columns["_bad_weights"] = bad.cast(nw.Int64)
        examples["_bad_weights"] = nw.when(bad).then(w).min()
        for i, category in enumerate(categories):
            counted = nw.when(category).then(w).otherwise(0.0)
            columns[f"_w{i}"] = counted
            columns[f"_s{i}"] = counted * counted
    aggs = [nw.col(name).sum() for name in columns]
    return [expr.alias(name) for name, expr in columns.items()], aggs, examples


def _column(table: Any, name: str, dtype: type = float) -> np.ndarray:
    # to_list: DuckDB returns SUM of integers as Decimal; the table is small.
    values = [0 if v is None else v for v in table[name].to_list()]
    return np.asarray(values, dtype=dtype)


def _describe(value: float) -> str:
    return str(int(value)) if np.isfinite(value) and value == int(value) else str(value)


def _example(nw: Any, frame: Any, expr: Any) -> Any:
    """One offending value, looked for only on the error path (a second, cheap query)."""
    found = frame.select(expr.alias("_example"))
    if isinstance(found, nw.LazyFrame):
        found = found.collect()
    return found["_example"].to_list()[0]


def _check_found(nw: Any, frame: Any, table: Any, examples: dict[str, Any]) -> None:
    invalid = int(_column(table, "_invalid", np.int64).sum())
    if invalid:
        example = _example(nw, frame, examples["_invalid"])
        raise InvalidScoreError(
            f"{invalid:,} score{'s' if invalid > 1 else ''} of the frame are not whole numbers on the "
            f"scale (out of range, fractional or infinite), e.g. {_describe(float(example))}"
        )
    if "_bad_weights" in examples:
        bad = int(_column(table, "_bad_weights", np.int64).sum())
        if bad:
            example = _example(nw, frame, examples["_bad_weights"])
            shown = "null" if example is None else _describe(float(example))
            raise InvalidWeightError(
                f"{bad:,} weight{'s' if bad > 1 else ''} of the frame are missing, negative or not "
                f"finite, e.g. {shown}"
            )


def _collect(nw: Any, frame: Any, keys: list[str], columns: list[Any], aggs: list[Any]) -> Any:
    frame = frame.select(*(nw.col(key) for key in keys), *columns)
    result = frame.group_by(keys, drop_null_keys=False).agg(*aggs) if keys else frame.select(*aggs)
    if isinstance(result, nw.LazyFrame):
        result = result.collect()
    return result


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
    columns, aggs, examples = _indicators(nw, score, weight, scale, integer)
    table = _collect(nw, wrapped, [], columns, aggs)
    _check_found(nw, wrapped, table, examples)
    n = [int(_column(table, f"_n{i}", np.int64)[0]) for i in range(3)]
    missing = int(_column(table, "_missing", np.int64)[0])
    if weight is None:
        return Counts(n[0], n[1], n[2], missing=missing)
    sums = [float(_column(table, f"_w{i}")[0]) for i in range(3)]
    squares = [float(_column(table, f"_s{i}")[0]) for i in range(3)]
    return Counts(
        sums[0],
        sums[1],
        sums[2],
        missing=missing,
        squared_weights=(squares[0], squares[1], squares[2]),
        n=sum(n),
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
    indicators, aggs, examples = _indicators(nw, score, weight, scale, integer)
    table = _collect(nw, wrapped, keys, indicators, aggs)
    _check_found(nw, wrapped, table, examples)
    key_values = [[_label(v) for v in table[key].to_list()] for key in keys]
    if bin_freq is not None:
        raw = key_values[-1]
        known = np.array([0 if v is None else int(v) for v in raw], dtype=np.int64)
        labels_of = _period_labels(known, bin_freq)
        key_values[-1] = [None if v is None else labels_of[i] for i, v in enumerate(raw)]
    rows = list(zip(*key_values, strict=True))
    counted = np.stack([_column(table, f"_n{i}", np.int64) for i in range(3)], axis=1)
    missing = _column(table, "_missing", np.int64)
    keep = np.ones(len(rows), dtype=bool)
    if period is not None:
        keep = np.array([row[-1] is not None for row in rows], dtype=bool)
    excluded = int((counted.sum(axis=1) + missing)[~keep].sum())
    labels: list[Hashable] = [row if len(row) > 1 else row[0] for row, k in zip(rows, keep, strict=True) if k]
    order = sorted(range(len(labels)), key=lambda i: _sort_key(labels[i]))
    index = np.flatnonzero(keep)[order]
    labels = [labels[i] for i in order]
    if weight is None:
        sums = counted[index].astype(np.float64)
        squares = None
    else:
        sums = np.stack([_column(table, f"_w{i}") for i in range(3)], axis=1)[index]
        squares = np.stack([_column(table, f"_s{i}") for i in range(3)], axis=1)[index]
    return GroupedCounts(
        labels, sums, squares, n=counted[index].sum(axis=1), missing=missing[index], excluded=excluded
    )
