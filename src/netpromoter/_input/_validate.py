"""Input coercion and checks: the one validation path of the library.

Every public function funnels its inputs through these helpers, so a bad
input gets the same error, with the same wording, wherever it enters.

Numeric numpy arrays (and pandas Series backed by them) take a vectorised
path that never copies the data and makes a handful of reductions over it.
Python lists with ``None`` and object arrays are classified element by
element: they are Python objects already, so there is no array to vectorise.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import (
    InvalidScoreError,
    InvalidTypeError,
    InvalidWeightError,
    LengthMismatchError,
    MissingValueError,
)
from ..typing import BoolArray, FloatArray, MissingPolicy, ScoresLike
from ._options import MISSING_POLICIES, check_choice, check_scale
from ._scale import STANDARD, Scale, category_index

__all__ = [
    "ValidScores",
    "arrow_of",
    "as_float_vector",
    "as_vector",
    "check_same_length",
    "validate_scores",
    "validate_weights",
]


@dataclass(frozen=True, slots=True)
class ValidScores:
    """Scores that passed validation.

    ``values`` is an integer array of in-scale scores: the caller's own
    integer array (never written to), or a new compact copy of float or
    object input in which missing positions hold ``scale.minimum``.
    ``missing_mask`` is None when nothing is missing. ``weights`` (when
    given) is a new float64 array, zero where the score is missing.
    """

    values: NDArray[Any]
    missing_mask: BoolArray | None
    n_missing: int
    weights: FloatArray | None = None

    @property
    def length(self) -> int:
        return int(self.values.shape[0])


def _describe(value: Any) -> str:
    """A value as an error message shows it: 42.0 as 42, strings quoted."""
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and value == int(value):
        return str(int(value))
    if isinstance(value, (np.generic,)):
        value = value.item()
    return repr(value) if isinstance(value, (str, bytes)) else str(value)


def _is_missing_object(value: Any) -> bool:
    # pd.NA is recognised by its type name so that pandas is never imported.
    if value is None or type(value).__name__ == "NAType":
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _objects_to_float(arr: NDArray[Any], what: str) -> FloatArray:
    """Classify an object array element by element; missing becomes NaN."""
    out = np.empty(arr.shape[0], dtype=np.float64)
    for i, value in enumerate(arr):
        if _is_missing_object(value):
            out[i] = np.nan
        elif isinstance(value, (bool, np.bool_)):
            raise InvalidTypeError(f"boolean {value} at position {i} is not a {what}")
        elif isinstance(value, numbers.Real):
            try:
                out[i] = float(value)
            except OverflowError:  # an integer beyond float range, e.g. 10**400
                out[i] = -math.inf if isinstance(value, int) and value < 0 else math.inf
        else:
            kind = _kind_of(value)
            raise InvalidTypeError(
                f"{kind} {_describe(value)} at position {i} is not a {what}; {what}s must be numbers"
            )
    return out


def _kind_of(value: Any) -> str:
    if isinstance(value, (str, np.str_)):
        return "string"
    if isinstance(value, (bytes, np.bytes_)):
        return "bytes"
    if isinstance(value, (complex, np.complexfloating)):
        return "complex number"
    if isinstance(value, (np.datetime64, np.timedelta64)) or type(value).__module__ == "datetime":
        return "date/time"
    if isinstance(value, (list, tuple, np.ndarray, dict, set)):
        return "nested sequence"
    return f"object of type {type(value).__name__}"


def _unmask(data: np.ma.MaskedArray[Any, Any]) -> NDArray[Any]:
    """A masked array as a plain one in which every masked entry is missing.

    Floats get NaN, dates NaT, anything else (integers, strings) becomes an
    object array with None, which every validator reads as missing. The
    values under the mask are never looked at: they may be any placeholder.
    """
    mask = np.ma.getmaskarray(data)
    values: NDArray[Any] = np.asarray(data.data)
    if not mask.any():
        return values
    out: NDArray[Any]
    if values.dtype.kind in "fMm":
        out = values.copy()
        out[mask] = np.nan if values.dtype.kind == "f" else np.datetime64("NaT")
    else:
        out = values.astype(object)
        out[mask] = None
    return out


def _module_root(data: Any) -> str:
    return type(data).__module__.partition(".")[0]


def arrow_of(data: Any) -> Any:
    """A polars Series or pyarrow Array/ChunkedArray as one pyarrow Array; None for anything else.

    Recognised by the module of its type, so neither library is imported
    unless the object comes from it. Dictionary (categorical) arrays are
    decoded to their values.
    """
    root = _module_root(data)
    if root == "polars" and type(data).__name__ == "Series":
        data = data.to_arrow()
    elif root != "pyarrow":
        return None
    import pyarrow as pa

    if isinstance(data, pa.ChunkedArray):
        data = data.combine_chunks() if data.num_chunks != 1 else data.chunk(0)
    if not isinstance(data, pa.Array):
        return None
    if pa.types.is_dictionary(data.type):
        data = data.dictionary_decode()
    return data


def _arrow_to_numpy(array: Any) -> NDArray[Any]:
    """A pyarrow Array as numpy, missing values as the numpy path reads them.

    Numbers with nulls become float64 with NaN (integers without nulls stay
    integers, zero-copy); time-zone-aware timestamps become their local
    wall-clock time; dates and timestamps datetime64 with NaT; lists (themes)
    Python lists; anything else Python objects with None.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        if array.null_count or pa.types.is_decimal(kind):
            array = pc.cast(array, pa.float64())
        return np.asarray(array.to_numpy(zero_copy_only=False))
    if pa.types.is_timestamp(kind):
        if kind.tz is not None:
            array = pc.local_timestamp(array)
        return np.asarray(array.to_numpy(zero_copy_only=False))
    if pa.types.is_date(kind):
        return np.asarray(pc.cast(array, pa.timestamp("us")).to_numpy(zero_copy_only=False)).astype("M8[D]")
    if pa.types.is_boolean(kind) and not array.null_count:
        return np.asarray(array.to_numpy(zero_copy_only=False))
    return _object_vector(array.to_pylist())


def as_vector(data: Any, what: str) -> NDArray[Any]:
    """Any array-like as a 1-D numpy array, without importing pandas.

    Numeric pandas extension arrays (``Int64``, ``Float64``) become float64
    with NaN for ``pd.NA``; other extension dtypes become object arrays and
    are classified element by element. polars Series and pyarrow arrays go
    through :func:`arrow_of` (nulls are missing, as NaN or None). Masked entries of a numpy masked
    array are missing, whatever value they hide (see ``_unmask``): this is
    the one place masks are read, for scores, weights, labels and periods.
    """
    if isinstance(data, np.ma.MaskedArray):
        data = _unmask(data)
    arrow = arrow_of(data)
    if arrow is not None:
        data = _arrow_to_numpy(arrow)
    if isinstance(data, (str, bytes)):
        raise InvalidTypeError(f"expected a sequence of {what}s, got the string {data!r}")
    dtype = getattr(data, "dtype", None)
    if dtype is not None and not isinstance(dtype, np.dtype) and hasattr(data, "to_numpy"):
        if getattr(dtype, "kind", "O") in "iuf":
            arr = np.asarray(data.to_numpy(dtype=np.float64, na_value=np.nan))
        else:
            arr = np.asarray(data.to_numpy(dtype=object))
    else:
        try:
            arr = np.asarray(data)
        except (ValueError, TypeError, OverflowError):  # ragged, or integers beyond int64
            arr = _object_vector(data)
        if not isinstance(data, np.ndarray):
            if arr.dtype.kind in "USc":
                # A list mixing numbers with strings or complex numbers: numpy
                # converted them all, so read the elements as they were given.
                arr = _object_vector(data)
            elif arr.dtype.kind in "iuf" and isinstance(data, (list, tuple)):
                # numpy reads [True, 3] as integers; a boolean is not a score.
                for i, value in enumerate(data):
                    if isinstance(value, (bool, np.bool_)):
                        raise InvalidTypeError(f"boolean {value} at position {i} is not a {what}")
    if arr.ndim == 0:
        raise InvalidTypeError(f"expected a sequence of {what}s, got {type(data).__name__} {_describe(data)}")
    if arr.ndim != 1:
        nested = f": the {what} at position 0 is {data[0]!r}" if isinstance(data, (list, tuple)) else ""
        raise InvalidTypeError(
            f"{what}s must be one-dimensional (one per response), got shape {arr.shape}{nested}"
        )
    return arr


def as_float_vector(data: Any, what: str) -> FloatArray:
    """Numbers (ratings, measurements) as a new float64 array, NaN where missing.

    Booleans become 0/1; strings, dates and other non-numbers raise
    :class:`InvalidTypeError` naming the value and its position. Infinite
    values are kept: whether they are allowed is the caller's decision.
    """
    arr = as_vector(data, what)
    if arr.dtype.kind == "b":
        return arr.astype(np.float64)
    _reject_dtype(arr, what)
    if arr.dtype.kind == "O":
        return _objects_to_float(arr, what)
    return arr.astype(np.float64, copy=True)


def _object_vector(data: Any) -> NDArray[Any]:
    """A sequence as a 1-D object array, each element kept as it is (even a list)."""
    items = list(data)
    arr = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        arr[i] = item
    return arr


def _reject_dtype(arr: NDArray[Any], what: str) -> None:
    kind = arr.dtype.kind
    if kind in "iufO":
        return
    if kind == "b":
        label = "boolean"
    elif kind == "c":
        label = "complex number"
    elif kind in "Mm":
        label = "date/time"
    elif kind in "US":
        label = "string"
    else:
        label = f"value of dtype {arr.dtype}"
    first = _describe(arr[0]) if arr.shape[0] else "(empty)"
    raise InvalidTypeError(
        f"{label} {first} at position 0 is not a {what}; {what}s must be numbers "
        f"(got an array of dtype {arr.dtype})"
    )


def validate_scores(
    scores: Any, *, scale: Scale, missing: str = "omit", what: str = "score", weights: Any = None
) -> ValidScores:
    """Check scores against ``scale`` and separate the missing ones.

    Integer arrays cost two reductions (min, max); float arrays add a NaN
    mask, one cast to a small integer type and one comparison. The caller's
    array is never modified.

    With ``weights``, they are checked as in :func:`validate_weights`; a
    masked weight makes its response missing (counted in ``n_missing``, or
    an error under ``missing="raise"``).
    """
    check_choice(missing, MISSING_POLICIES, "missing")
    arr = as_vector(scores, what)
    _reject_dtype(arr, what)
    if arr.dtype.kind == "O":
        arr = _objects_to_float(arr, what)
    n = arr.shape[0]
    missing_mask: BoolArray | None = None
    n_missing = 0
    if arr.dtype.kind == "f":
        small = np.int8 if scale.minimum >= -128 and scale.maximum <= 127 else np.int64
        as_int, nan, n_missing, exact = _cast_whole(arr, small)
        if n_missing:
            missing_mask = nan
            if missing == "raise":
                pos = int(np.argmax(nan))
                raise MissingValueError(
                    f"missing {what} at position {pos} (missing='raise'; use "
                    "missing='omit' to leave missing responses out and count them)"
                )
        # x == int(x) is false for NaN, infinities, fractions and values the integer
        # type cannot hold: when it holds everywhere but at the NaNs, the copy is exact.
        if exact + n_missing != n:
            _raise_first_invalid(arr, missing_mask, scale, what)
        if missing_mask is not None:
            np.putmask(as_int, missing_mask, scale.minimum)
        arr = as_int
    if n - n_missing and (arr.min() < scale.minimum or arr.max() > scale.maximum):
        _raise_first_invalid(arr, missing_mask, scale, what)
    if weights is None:
        return ValidScores(arr, missing_mask, n_missing)
    w, masked = _weight_values(weights, n)
    if masked is not None:
        if missing == "raise":
            raise MissingValueError(
                f"missing (masked) weight at position {int(np.argmax(masked))} (missing='raise'; use "
                "missing='omit' to leave missing responses out and count them)"
            )
        missing_mask = masked if missing_mask is None else missing_mask | masked
        n_missing = int(np.count_nonzero(missing_mask))
        arr = arr.copy()  # may be the caller's array
        np.putmask(arr, missing_mask, scale.minimum)
    return ValidScores(arr, missing_mask, n_missing, _scaled_weights(w, missing_mask))


_CHUNK = 1 << 16  # 512 KiB of float64: the temporaries of each step stay in cache


def _cast_whole(arr: NDArray[Any], small: type[np.integer[Any]]) -> tuple[NDArray[Any], BoolArray, int, int]:
    """An integer copy of float scores, their NaN mask, the NaN count and how many are exact.

    Done in cache-sized chunks: the cast, the NaN test and the comparison
    x == int(x) each read a chunk that is already in cache, instead of three
    passes over the whole array and an array-sized float temporary.
    """
    n = arr.shape[0]
    as_int = np.empty(n, dtype=small)
    nan = np.empty(n, dtype=bool)
    back = np.empty(min(n, _CHUNK), dtype=arr.dtype)
    exact = 0
    with np.errstate(invalid="ignore", over="ignore"):  # NaN / inf casts: caught by the comparison
        for start in range(0, n, _CHUNK):  # a loop over chunks, not rows
            chunk = arr[start : start + _CHUNK]
            cast = as_int[start : start + _CHUNK]
            np.copyto(cast, chunk, casting="unsafe")
            np.isnan(chunk, out=nan[start : start + _CHUNK])
            restored = back[: chunk.shape[0]]
            np.copyto(restored, cast)
            exact += int(np.count_nonzero(np.equal(chunk, restored)))
    return as_int, nan, int(np.count_nonzero(nan)), exact


def _raise_first_invalid(arr: NDArray[Any], missing_mask: BoolArray | None, scale: Scale, what: str) -> None:
    """Only on the error path: find and name the first out-of-scale or fractional score."""
    present = np.ones(arr.shape[0], dtype=bool) if missing_mask is None else ~missing_mask
    outside = present & ((arr < scale.minimum) | (arr > scale.maximum) | ~np.isfinite(arr))
    if outside.any():
        pos = int(np.argmax(outside))
        value = arr[pos]
        extra = " (scores must be finite)" if not np.isfinite(value) else ""
        raise InvalidScoreError(
            f"{what} {_describe(value)} at position {pos} is outside the {scale.label} scale{extra}"
        )
    fractional = present & (arr != np.floor(arr))
    pos = int(np.argmax(fractional))
    raise InvalidScoreError(
        f"{what} {_describe(arr[pos])} at position {pos} is not a whole number on the {scale.label} scale"
    )


# Weights whose largest value lies outside [2**-256, 2**256] are rescaled by a
# power of two (exact) before anything is squared: the sums of squares then
# neither overflow nor underflow, and NPS, SE and effective n do not depend
# on the unit of the weights. A weight below 2**-511 (after rescaling) counts
# as 0: its square would be subnormal, and at most 2**-255 of the largest
# weight, it cannot change any result.
_WEIGHT_RANGE = (2.0**-256, 2.0**256)
_NEGLIGIBLE_WEIGHT = 2.0**-511


def _weight_values(weights: Any, length: int) -> tuple[FloatArray, BoolArray | None]:
    """Checked weights as a new float64 array (0 where masked) and the mask of masked entries."""
    masked = np.ma.getmaskarray(weights) if isinstance(weights, np.ma.MaskedArray) else None
    if masked is not None and not masked.any():
        masked = None
    arr = as_vector(weights, "weight")
    _reject_dtype(arr, "weight")
    arr = _objects_to_float(arr, "weight") if arr.dtype.kind == "O" else arr.astype(np.float64, copy=True)
    check_same_length(length, arr.shape[0], "scores", "weights")
    if masked is not None:
        arr[masked] = 0.0
    finite = np.isfinite(arr)
    if not finite.all():
        pos = int(np.argmin(finite))
        raise InvalidWeightError(f"weight {_describe(arr[pos])} at position {pos} is not a finite number")
    if length and arr.min() < 0:
        pos = int(np.argmax(arr < 0))
        raise InvalidWeightError(f"weight {_describe(arr[pos])} at position {pos} is negative")
    return arr, masked


def _scaled_weights(arr: FloatArray, missing_mask: BoolArray | None) -> FloatArray:
    """Zero weight for missing responses, a positive total, and the unit rescaled if extreme."""
    if missing_mask is not None:
        arr[missing_mask] = 0.0
    used = arr.shape[0] - (0 if missing_mask is None else int(np.count_nonzero(missing_mask)))
    top = float(arr.max()) if arr.shape[0] else 0.0
    if used and not top > 0:
        raise InvalidWeightError(
            "weights of the non-missing responses sum to zero; at least one must be positive"
        )
    if top > 0 and not _WEIGHT_RANGE[0] <= top <= _WEIGHT_RANGE[1]:
        arr = np.ldexp(arr, -math.frexp(top)[1])  # the largest weight is now in [0.5, 1)
    arr[arr < _NEGLIGIBLE_WEIGHT] = 0.0
    return arr


def validate_weights(weights: Any, *, length: int, missing_mask: BoolArray | None = None) -> FloatArray:
    """Weights as a new float64 array: finite, non-negative, positive total.

    The total is taken over the responses whose score is not missing (their
    weights are set to 0). Extreme units are rescaled by a power of two (see
    ``_WEIGHT_RANGE``). A masked entry is an error here; :func:`validate_scores`
    with ``weights`` turns it into a missing response instead.
    """
    arr, masked = _weight_values(weights, length)
    if masked is not None:
        raise MissingValueError(f"missing (masked) weight at position {int(np.argmax(masked))}")
    return _scaled_weights(arr, missing_mask)


def check_same_length(expected: int, got: int, first: str, second: str) -> None:
    if expected != got:
        raise LengthMismatchError(
            f"{second} must have one entry per response: {first} have {expected}, {second} have {got}"
        )


def categorize(scores: ScoresLike, *, scale: Scale = STANDARD, missing: MissingPolicy = "omit") -> FloatArray:
    """Category code of each score: -1 detractor, 0 passive, +1 promoter.

    Parameters
    ----------
    scores : array_like
        One score per response (list, tuple, numpy array or pandas Series).
    scale : Scale, default STANDARD
        The response scale.
    missing : {"omit", "raise"}, default "omit"
        ``"omit"`` keeps missing entries as NaN (they get no category);
        ``"raise"`` raises :class:`MissingValueError` at the first one.

    Returns
    -------
    numpy.ndarray of float64
        Same length and order as ``scores``; values -1.0, 0.0, 1.0 (the
        :class:`Category` values) and NaN where the score is missing. Float so
        that a missing response can stay NaN rather than get a category.

    Raises
    ------
    InvalidScoreError, InvalidTypeError, MissingValueError
        As :func:`netpromoter.Counts.from_scores`.

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.categorize([10, 7, 3, None])
    array([ 1.,  0., -1., nan])
    >>> nps.Category(int(nps.categorize([9])[0]))
    <Category.PROMOTER: 1>
    """
    valid = validate_scores(scores, scale=check_scale(scale), missing=missing)
    codes = category_index(valid.values, scale).astype(np.float64)
    codes -= 1.0
    if valid.missing_mask is not None:
        codes[valid.missing_mask] = np.nan
    return codes
