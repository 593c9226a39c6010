"""Paired answers: whose answer goes with whose, and each person's answer before and after.

Two ways in:

- :func:`pair_up` matches two inputs answer by answer: by respondent id when
  ids are given, by index label when both are pandas objects (an inner
  join: a person on one side only is left out and counted), else by
  position;
- :func:`before_after` picks, from long data (one row per answer, with a
  respondent id and a time), each person's answer on either side of a
  cut-off time, or in each of two periods.

Both work on integer codes from one :func:`~._labels.factorize` pass and a
sort; no Python loop runs over responses.
"""

from __future__ import annotations

import datetime
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InvalidOptionError, InvalidOptionTypeError, InvalidTypeError, LengthMismatchError
from ..typing import IntArray
from ._labels import factorize
from ._options import show
from ._periods import bin_labels
from ._validate import as_vector, check_same_length

__all__ = ["Pairing", "before_after", "pair_up", "pandas_index"]


@dataclass(frozen=True, slots=True)
class Pairing:
    """Positions of matched answers: ``first[i]`` in one input goes with ``second[i]`` in the other.

    ``unpaired`` counts answers (on either side) left without a partner;
    ``labels`` holds each pair's respondent id (None when paired by position).
    """

    first: IntArray
    second: IntArray
    unpaired: int
    labels: NDArray[Any] | None


def pandas_index(data: Any) -> Any:
    """The index of a pandas Series or DataFrame; None for anything else (pandas not imported)."""
    if data is None or not type(data).__module__.startswith("pandas"):
        return None
    index = getattr(data, "index", None)
    if index is None or callable(index) or not hasattr(data, "iloc"):
        return None
    return index


def _ids(values: Any, name: str) -> NDArray[Any]:
    """Respondent ids as a 1-D array (a pandas index or any array-like)."""
    if type(values).__module__.startswith("pandas") and hasattr(values, "to_numpy"):
        values = values.to_numpy(dtype=object)
    return as_vector(values, f"{name} id")


def _codes_together(first: NDArray[Any], second: NDArray[Any]) -> tuple[IntArray, IntArray, NDArray[Any]]:
    """One factorisation of both id arrays, so equal ids get equal codes."""
    if first.dtype.kind != second.dtype.kind or first.dtype.kind not in "iuUSM":
        # Different kinds (1 and "1") must not be cast to one dtype and made equal.
        first, second = first.astype(object), second.astype(object)
    found = factorize(np.concatenate([first, second]))
    codes = np.asarray(found.codes, dtype=np.intp)
    labels = np.empty(len(found.labels), dtype=object)
    labels[:] = list(found.labels)
    return codes[: first.shape[0]], codes[first.shape[0] :], labels


def _check_unique(codes: IntArray, labels: NDArray[Any], name: str) -> None:
    valid = codes[codes >= 0]
    counts = np.bincount(valid, minlength=labels.shape[0]) if valid.size else np.zeros(0, dtype=np.intp)
    if (counts > 1).any():
        code = int(np.flatnonzero(counts > 1)[0])
        where = np.flatnonzero(codes == code)[:2]
        raise LengthMismatchError(
            f"respondent {show(labels[code])} answers twice in {name} (positions {where[0]} and "
            f"{where[1]}): paired answers need one answer per person on each side "
            "(nps.pairs() picks one per person from long data)"
        )


def pair_up(
    first: Any, second: Any, respondents: Any, names: tuple[str, str], lengths: tuple[int, int]
) -> Pairing:
    """Match the answers of ``first`` and ``second`` (inputs of the given lengths).

    ``respondents``: None, or a pair (ids of first, ids of second). Without
    it, two pandas inputs pair by index label and anything else by position
    (the lengths must then agree).

    Raises
    ------
    InvalidOptionTypeError
        ``respondents`` is not a pair of id arrays.
    LengthMismatchError
        Ids of another length than their answers, a person twice on one
        side, or (by position) inputs of different lengths.
    """
    if respondents is not None:
        if isinstance(respondents, (str, bytes)) or not isinstance(respondents, (tuple, list)):
            raise InvalidOptionTypeError(
                f"respondents must be a pair (ids of {names[0]}, ids of {names[1]}); "
                f"got {type(respondents).__name__} {show(respondents)}"
            )
        if len(respondents) != 2:
            raise InvalidOptionError(
                f"respondents must be a pair (ids of {names[0]}, ids of {names[1]}); got {show(respondents)}"
            )
        ids = (_ids(respondents[0], names[0]), _ids(respondents[1], names[1]))
        for side in range(2):
            if ids[side].shape[0] != lengths[side]:
                raise LengthMismatchError(
                    f"respondents of {names[side]} have {ids[side].shape[0]} ids, "
                    f"but {names[side]} has {lengths[side]} answers"
                )
    else:
        indexes = (pandas_index(first), pandas_index(second))
        if indexes[0] is None or indexes[1] is None:
            # By position (both pandas: by index label; respondents=: by id).
            check_same_length(lengths[0], lengths[1], names[0], names[1])
            positions = np.arange(lengths[0], dtype=np.intp)
            return Pairing(positions, positions, 0, None)
        if indexes[0].equals(indexes[1]) and indexes[0].is_unique:
            positions = np.arange(lengths[0], dtype=np.intp)
            labels = np.empty(lengths[0], dtype=object)
            labels[:] = list(indexes[0])
            return Pairing(positions, positions, 0, labels)
        ids = (_ids(indexes[0], names[0]), _ids(indexes[1], names[1]))
    codes_a, codes_b, labels = _codes_together(*ids)
    _check_unique(codes_a, labels, names[0])
    _check_unique(codes_b, labels, names[1])
    # Both sides' codes are unique, so one scatter finds each id's position on each side.
    where_b = np.full(labels.shape[0], -1, dtype=np.intp)
    where_b[codes_b[codes_b >= 0]] = np.flatnonzero(codes_b >= 0)
    partner = np.where(codes_a >= 0, where_b[np.maximum(codes_a, 0)], -1)
    matched = np.flatnonzero(partner >= 0)
    unpaired = lengths[0] + lengths[1] - 2 * matched.shape[0]
    return Pairing(matched.astype(np.intp), partner[matched], int(unpaired), labels[codes_a[matched]])


# -- long data: each person's answer on either side of a cut-off, or in two periods -----------------


def _is_missing(value: Any) -> bool:
    if value is None or type(value).__name__ in ("NaTType", "NAType"):
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    return isinstance(value, np.datetime64) and bool(np.isnat(value))


def _wall_clock(value: Any) -> Any:
    """A date or time as numpy reads it: aware times as their local wall-clock time."""
    if _is_missing(value):
        return np.datetime64("NaT")
    if getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return value


def _time_keys(times: Any) -> tuple[NDArray[Any], str, NDArray[np.bool_]]:
    """Sortable keys for ``times`` and their kind ("date", "number", "text"), and which are missing.

    Dates become datetime64[us]; time-zone-aware ones count by their local
    wall-clock time, as ``trend`` bins them.
    """
    if getattr(getattr(times, "dtype", None), "tz", None) is not None:  # tz-aware pandas
        times = times.dt.tz_localize(None) if hasattr(times, "dt") else times.tz_localize(None)
    arr = as_vector(times, "time")
    if arr.dtype.kind == "M":
        keys = arr.astype("M8[us]")
        return keys, "date", np.isnat(keys)
    if arr.dtype.kind in "iuf":
        keys = arr.astype(np.float64)
        return keys, "number", np.isnan(keys)
    if arr.dtype.kind in "US":
        return arr.astype(str), "text", np.zeros(arr.shape[0], dtype=bool)
    if arr.dtype.kind == "O":  # Python objects: one pass to classify them
        missing = np.array([_is_missing(value) for value in arr], dtype=bool)
        present = arr[~missing]
        if present.shape[0] and all(isinstance(v, (datetime.date, np.datetime64)) for v in present):
            return np.array([_wall_clock(v) for v in arr], dtype="M8[us]"), "date", missing
        if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present):
            return np.where(missing, np.nan, arr).astype(np.float64), "number", missing
        if all(isinstance(v, str) for v in present):
            return np.where(missing, "", arr).astype(str), "text", missing
    raise InvalidTypeError(
        "times must be dates, numbers or strings, one kind for all answers; "
        f"got an array of dtype {arr.dtype}"
    )


def _key_of(value: object, kind: str, name: str) -> Any:
    """A cut-off (or period) in the same terms as the time keys."""
    if kind == "date":
        try:
            if isinstance(value, (str, datetime.date, np.datetime64)):
                return np.datetime64(_wall_clock(value), "us")
        except ValueError:
            pass
        raise InvalidOptionTypeError(f"{name} must be a date, as the times are; got {show(value)}")
    if kind == "number":
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and np.isfinite(float(value)):
            return float(value)
        raise InvalidOptionTypeError(f"{name} must be a finite number, as the times are; got {show(value)}")
    if isinstance(value, str):
        return value
    raise InvalidOptionTypeError(f"{name} must be a string, as the times are; got {show(value)}")


def _pick(rows: IntArray, person: IntArray, keys: NDArray[Any], latest: bool) -> IntArray:
    """Per person among ``rows``: the answer with the latest (or earliest) time; ties by position."""
    if rows.shape[0] == 0:
        return rows
    sort_keys = keys[rows]
    order = rows[np.lexsort((rows, sort_keys, person[rows]))]  # by person, then time, then position
    owner = person[order]
    edge = np.ones(order.shape[0], dtype=bool)
    if latest:
        edge[:-1] = owner[1:] != owner[:-1]  # the last of each person's run
    else:
        edge[1:] = owner[1:] != owner[:-1]  # the first of each person's run
    picked: IntArray = order[edge]
    return picked


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    """Positions of each paired person's answer before and after, and their ids."""

    before: IntArray
    after: IntArray
    labels: NDArray[Any]
    unpaired: int
    excluded: int


def before_after(
    usable: NDArray[np.bool_],
    respondents: Any,
    times: Any,
    *,
    cutoff: object,
    periods: object,
    freq: str | None,
) -> BeforeAfter:
    """Each person's answer on either side of ``cutoff``, or in each of ``periods`` (a pair).

    With a cut-off: the last answer before it and the first at or after it
    (the answers nearest the change). With two periods: the latest answer
    in each (binned by ``freq`` when the times are dates). ``usable`` marks
    answers with a score; answers without one, an id or a time are left out
    and counted in ``excluded``.
    """
    length = usable.shape[0]
    found = factorize(respondents)
    person = np.asarray(found.codes, dtype=np.intp)
    if person.shape[0] != length:
        raise LengthMismatchError(f"scores have {length} answers, but respondents have {person.shape[0]}")
    keys, kind, no_time = _time_keys(times)
    if keys.shape[0] != length:
        raise LengthMismatchError(f"scores have {length} answers, but times have {keys.shape[0]}")
    valid = usable & (person >= 0) & ~no_time
    if (cutoff is None) == (periods is None):
        raise InvalidOptionError("give either cutoff (a time) or periods (two periods), not both or neither")
    if cutoff is not None:
        if freq is not None:
            raise InvalidOptionError("freq bins the times into periods; it goes with periods=, not cutoff=")
        edge = _key_of(cutoff, kind, "cutoff")
        earlier = keys < edge
        first = _pick(np.flatnonzero(valid & earlier), person, keys, latest=True)
        second = _pick(np.flatnonzero(valid & ~earlier), person, keys, latest=False)
    else:
        if isinstance(periods, (str, bytes)) or not isinstance(periods, (tuple, list)):
            raise InvalidOptionTypeError(f"periods must be a pair (first, second); got {show(periods)}")
        if len(periods) != 2:
            raise InvalidOptionError(f"periods must be a pair (first, second); got {show(periods)}")
        if freq is not None and kind != "date":
            raise InvalidOptionError("freq bins dates; these times are not dates")
        labels = bin_labels(times, freq) if kind == "date" else keys
        picked = []
        for label in periods:
            target = _key_of(label, kind, "periods")
            if kind == "date":
                target = np.asarray(target).astype(labels.dtype)  # the bins' unit
            rows = np.flatnonzero(valid & (labels == target))
            if rows.shape[0] == 0:
                raise InvalidOptionError(f"periods: no answer with a score falls in period {show(label)}")
            picked.append(_pick(rows, person, keys, latest=True))
        first, second = picked
    where_after = np.full(len(found.labels), -1, dtype=np.intp)
    where_after[person[second]] = second
    partner = where_after[person[first]]
    keep = partner >= 0
    ids = np.empty(len(found.labels), dtype=object)
    ids[:] = list(found.labels)
    people = np.union1d(person[first], person[second]).shape[0]
    return BeforeAfter(
        first[keep],
        partner[keep],
        ids[person[first[keep]]],
        unpaired=int(people - np.count_nonzero(keep)),
        excluded=int(length - np.count_nonzero(valid)),
    )
