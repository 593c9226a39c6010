"""Periods to consecutive integer codes, with the empty periods in between kept.

Dates (numpy datetime64, Python dates, pandas datetimes) are binned by
``freq``: "D" days, "W" weeks starting on Monday, "M" months, "Q" quarters,
"Y" years; each bin is labelled by its first day (month, quarter or year
start). Integer periods keep every integer between the first and the last;
other numbers and strings are their sorted distinct values.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, get_args

import numpy as np

from ..errors import InvalidOptionError, InvalidTypeError
from ..typing import Frequency, IntArray
from ._labels import factorize
from ._validate import as_vector

__all__ = ["FREQUENCIES", "Periods", "bin_labels", "bin_periods"]

FREQUENCIES = get_args(Frequency)
# 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
_MONDAY_SHIFT = 3


@dataclass(frozen=True, slots=True)
class Periods:
    """``codes[i]``: index of response i's period in ``labels`` (-1: missing)."""

    codes: IntArray
    labels: tuple[Hashable, ...]
    order: Any  # per-response time key for "latest answer" (dates or positions)


def _as_dates(values: Any) -> np.ndarray | None:
    arr = as_vector(values, "period")
    if arr.dtype.kind == "M":
        return arr
    if arr.dtype.kind == "O" and arr.shape[0]:
        sample = next((v for v in arr if v is not None), None)
        if sample is not None and type(sample).__module__ in ("datetime", "pandas._libs.tslibs.timestamps"):
            try:
                return np.array([np.datetime64("NaT") if v is None else v for v in arr], dtype="M8[us]")
            except (TypeError, ValueError):
                raise InvalidTypeError("periods mix dates with other values") from None
    return None


def _bin_dates(dates: np.ndarray, freq: str) -> tuple[IntArray, tuple[Hashable, ...]]:
    missing = np.isnat(dates)
    days = dates.astype("M8[D]").astype(np.int64)
    if freq == "D":
        key, unit = days, "D"
    elif freq == "W":
        key, unit = (days + _MONDAY_SHIFT) // 7, "W"
    else:
        months = dates.astype("M8[M]").astype(np.int64)
        key, unit = {"M": (months, "M"), "Q": (months // 3, "Q"), "Y": (months // 12, "Y")}[freq]
    present = key[~missing]
    if present.shape[0] == 0:
        return np.full(dates.shape[0], -1, dtype=np.intp), ()
    first, last = int(present.min()), int(present.max())
    codes = np.where(missing, -1, key - first).astype(np.intp)
    steps = np.arange(first, last + 1)
    if unit == "D":
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
            raise InvalidOptionError("periods are dates: choose freq='D', 'W', 'M', 'Q' or 'Y'")
        if freq not in FREQUENCIES:
            raise InvalidOptionError(f"freq must be one of 'D', 'W', 'M', 'Q', 'Y'; got {freq!r}")
        codes, labels = _bin_dates(dates, freq)
        return Periods(codes, labels, dates)
    if freq is not None:
        raise InvalidOptionError("freq bins dates; these periods are not dates")
    arr = as_vector(periods, "period")
    if arr.dtype.kind in "iu" and arr.shape[0]:
        first, last = int(arr.min()), int(arr.max())
        if last - first > 10_000_000:
            raise InvalidOptionError("integer periods span more than 10 million values")
        return Periods((arr - first).astype(np.intp), tuple(range(first, last + 1)), np.arange(arr.shape[0]))
    found = factorize(arr)
    return Periods(found.codes.astype(np.intp), found.labels, np.arange(arr.shape[0]))


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
