"""Periods to consecutive integer codes, with the empty periods in between kept.

Dates (numpy datetime64, Python dates, pandas datetimes) are binned by
``freq``: "D" days, "W" weeks starting on Monday, "M" months, "Q" quarters,
"Y" years; each bin is labelled by its first day (month, quarter or year
start). Time-zone-aware dates are binned by the wall-clock time in their
own zone. Integer periods (also with some missing: ``[1, 3, None]``,
nullable ``Int64``) keep every integer between the first and the last;
other numbers and strings are their sorted distinct values.

A trend holds at most :data:`MAX_PERIODS` periods from the first to the
last: one mistyped date (year 9999 among days of 2024) would otherwise ask
for millions of empty periods. Longer spans raise an error naming the
extreme values.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, get_args

import numpy as np

from ..errors import InvalidOptionError, InvalidTypeError
from ..typing import Frequency, IntArray
from ._labels import factorize, integer_offsets, integer_values
from ._options import check_freq
from ._validate import as_vector

__all__ = ["FREQUENCIES", "MAX_PERIODS", "Periods", "bin_labels", "bin_periods"]

FREQUENCIES = get_args(Frequency)
#: Most periods a span may hold, empty ones included (about 274 years of days).
MAX_PERIODS = 100_000
_UNITS = {"h": "hours", "D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}
# 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
_MONDAY_SHIFT = 3


@dataclass(frozen=True, slots=True)
class Periods:
    """``codes[i]``: index of response i's period in ``labels`` (-1: missing).

    ``order`` is a per-response time key for "latest answer": the dates
    themselves (finer than their bins), else the period codes.
    """

    codes: IntArray
    labels: tuple[Hashable, ...]
    order: Any


def _is_missing_date(value: Any) -> bool:
    if value is None or type(value).__name__ in ("NaTType", "NAType"):
        return True
    return isinstance(value, float) and value != value


def _wall_clock(value: Any) -> Any:
    """A date as numpy reads it: missing as NaT, aware times as their local wall-clock time."""
    if _is_missing_date(value):
        return np.datetime64("NaT")
    if getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return value


def _as_dates(values: Any) -> np.ndarray | None:
    if type(getattr(values, "dtype", None)).__name__ == "ArrowDtype" and hasattr(values, "array"):
        import pyarrow as pa  # an Arrow-backed pandas column: pyarrow is loaded

        values = pa.array(values.array)  # read as Arrow: aware timestamps in their own zone
    if getattr(getattr(values, "dtype", None), "tz", None) is not None:  # tz-aware pandas
        values = values.dt.tz_localize(None) if hasattr(values, "dt") else values.tz_localize(None)
    arr = as_vector(values, "period")
    if arr.dtype.kind == "M":
        return arr
    if arr.dtype.kind == "O" and arr.shape[0]:
        sample = next((v for v in arr if not _is_missing_date(v)), None)
        if isinstance(sample, (datetime.date, np.datetime64)):
            for i, value in enumerate(arr):  # Python objects: one pass
                if not (_is_missing_date(value) or isinstance(value, (datetime.date, np.datetime64))):
                    raise InvalidTypeError(
                        f"periods mix dates with other values: period {value!r} at position {i} is not a date"
                    )
            return np.array([_wall_clock(v) for v in arr], dtype="M8[us]")
    return None


def _check_span(size: int, low: Any, high: Any, unit: str) -> None:
    if size > MAX_PERIODS:
        raise InvalidOptionError(
            f"periods span {size:,} {unit} from {low} to {high}, more than the {MAX_PERIODS:,} "
            "periods a trend can hold; check the extreme values (a mistyped year?)"
            + (" or choose a coarser freq" if unit != "integers" else "")
        )


#: Ticks per day of the datetime64 units at or below a day (days and weeks are then one division).
_PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000}
_PER_DAY["ns"] = 86_400_000_000_000


def _bin_dates(dates: np.ndarray, freq: str) -> tuple[IntArray, tuple[Hashable, ...]]:
    missing = np.isnat(dates)
    unit_name, count = np.datetime_data(dates.dtype)
    if freq in ("D", "W") and unit_name in _PER_DAY and count == 1:
        # One floor division of the raw ticks (NaT is masked below).
        per_day = _PER_DAY[unit_name]
        ticks = dates.view(np.int64)
        key = ticks // per_day if freq == "D" else (ticks + _MONDAY_SHIFT * per_day) // (7 * per_day)
        unit = freq
    elif freq == "h":
        key, unit = dates.astype("M8[h]").astype(np.int64), "h"
    elif freq == "D":
        key, unit = dates.astype("M8[D]").astype(np.int64), "D"
    elif freq == "W":
        key, unit = (dates.astype("M8[D]").astype(np.int64) + _MONDAY_SHIFT) // 7, "W"
    else:
        months = dates.astype("M8[M]").astype(np.int64)
        key, unit = {"M": (months, "M"), "Q": (months // 3, "Q"), "Y": (months // 12, "Y")}[freq]
    some_missing = bool(missing.any())
    present = key[~missing] if some_missing else key
    if present.shape[0] == 0:
        return np.full(dates.shape[0], -1, dtype=np.intp), ()
    first, last = int(present.min()), int(present.max())
    if last - first >= MAX_PERIODS:
        known = dates[~missing]
        low, high = (np.datetime_as_string(d, unit="auto") for d in (known.min(), known.max()))
        _check_span(last - first + 1, low, high, _UNITS[freq])
    codes = key - first
    if some_missing:
        codes[missing] = -1
    codes = codes.astype(np.intp, copy=False)
    steps = np.arange(first, last + 1)
    if unit == "h":
        labels = steps.astype("M8[h]")
    elif unit == "D":
        labels = steps.astype("M8[D]")
    elif unit == "W":
        labels = (steps * 7 - _MONDAY_SHIFT).astype("M8[D]")
    elif unit == "M":
        labels = steps.astype("M8[M]")
    elif unit == "Q":
        labels = (steps * 3).astype("M8[M]")
    else:
        labels = (steps * 12).astype("M8[M]").astype("M8[Y]")
    return codes, tuple(labels)


def bin_periods(periods: Any, freq: str | None) -> Periods:
    """Codes in time order, labels of every period from the first to the last."""
    dates = _as_dates(periods)
    if dates is not None:
        if freq is None:
            raise InvalidOptionError("periods are dates: choose freq='h', 'D', 'W', 'M', 'Q' or 'Y'")
        codes, labels = _bin_dates(dates, check_freq(freq))
        return Periods(codes, labels, dates)
    if freq is not None:
        raise InvalidOptionError("freq bins dates; these periods are not dates")
    integers = integer_values(periods, "period")
    if integers is not None:
        values, missing = integers
        present = values if missing is None else values[~missing]
        if present.shape[0] == 0:
            codes = np.full(values.shape[0], -1, dtype=np.intp)
            return Periods(codes, (), codes)
        first, last = int(present.min()), int(present.max())
        _check_span(last - first + 1, first, last, "integers")
        offsets = integer_offsets(values if missing is None else np.where(missing, first, values), first)
        codes = offsets.astype(np.intp) if missing is None else np.where(missing, -1, offsets).astype(np.intp)
        return Periods(codes, tuple(range(first, last + 1)), codes)
    found = factorize(as_vector(periods, "period"), what="period")
    codes = found.codes.astype(np.intp)
    return Periods(codes, found.labels, codes)


def bin_labels(periods: Any, freq: str | None) -> np.ndarray:
    """Each response's period label (its bin's first day for dates); missing as NaT/None."""
    found = bin_periods(periods, freq)
    labels = np.array(found.labels) if found.labels else np.zeros(0)
    if labels.dtype.kind == "M":
        out = np.full(found.codes.shape[0], np.datetime64("NaT"), dtype=labels.dtype)
    else:
        out = np.full(found.codes.shape[0], None, dtype=object)
    valid = found.codes >= 0
    out[valid] = labels[found.codes[valid]]
    return out
