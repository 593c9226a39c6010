"""Group labels to integer codes: the first step of every grouped count.

Fast paths, none of which imports pandas:

- integer labels: a presence count over the label range (one bincount);
- pandas categoricals: their own codes and categories (category order kept);
- numpy string arrays: a vectorised 64-bit digest of each string's words
  (one ``einsum``), factorised through a direct-addressed table, then every
  row compared exactly with its code's string; any difference (two strings
  sharing a digest) falls back to the exact sort-based ``np.unique``;
- anything else (object arrays, floats, dates, booleans): ``np.unique``, or
  a dictionary pass for Python objects.

Missing labels (None, NaN, ``pd.NA``, NaT, masked entries) get code -1.
Integers stay integers when some are missing (a list with None, nullable
``Int64``, a masked integer array), and are coded in a type wide enough for
their span, so int8 labels from -100 to 100 neither wrap around nor crash.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InvalidTypeError
from ..typing import BoolArray, IntArray
from ._validate import arrow_of, as_vector

__all__ = ["Factorized", "factorize", "integer_offsets", "integer_values"]

_DENSE_LIMIT = 1 << 24  # integer labels spanning more than this use np.unique


@dataclass(frozen=True, slots=True)
class Factorized:
    """``codes[i]`` indexes ``labels`` (-1: missing label); labels in display order.

    ``may_be_unused``: some labels may have no row (integer ranges, categories);
    the caller drops empty ones after counting, which saves a pass here.
    ``has_missing``: whether any code is -1.
    """

    codes: NDArray[np.integer[Any]]
    labels: tuple[Hashable, ...]
    may_be_unused: bool = False
    has_missing: bool = False


def _is_missing_label(value: Any) -> bool:
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    return isinstance(value, (np.datetime64, np.timedelta64)) and np.isnat(value)


def _plain(value: Any) -> Hashable:
    """numpy scalars as Python values, so labels print and compare naturally."""
    if isinstance(value, np.generic) and not isinstance(value, (np.datetime64, np.timedelta64)):
        plain: Hashable = value.item()
        return plain
    result: Hashable = value
    return result


def integer_offsets(values: NDArray[np.integer[Any]], low: int) -> NDArray[np.integer[Any]]:
    """``values - low`` as non-negative codes, for values in ``[low, low + 2**24)``.

    Computed without wrap-around in any integer dtype: narrow types are widened
    to intp; 64-bit ones subtract in unsigned arithmetic, whose modular result
    is the true difference because it is known to be small.
    """
    out: NDArray[np.integer[Any]]
    if values.dtype.itemsize < 8:
        out = np.subtract(values, low, dtype=np.intp)
    elif low == 0:
        out = values.view(np.int64)
    else:
        out = (values.view(np.uint64) - np.uint64(low % 2**64)).view(np.int64)
    return out


def _with_missing(codes: NDArray[np.integer[Any]], missing: BoolArray) -> IntArray:
    out = np.full(missing.shape[0], -1, dtype=np.intp)
    out[~missing] = codes
    return out


def _from_integers(values: NDArray[Any], compress: bool, missing: BoolArray | None = None) -> Factorized:
    """Integer labels; ``missing`` marks entries that are missing (their values are placeholders)."""
    n = values.shape[0]
    present = values if missing is None else values[~missing]
    has_missing = missing is not None
    if present.shape[0] == 0:
        return Factorized(np.full(n, -1, dtype=np.intp), (), has_missing=n > 0)
    low, high = int(present.min()), int(present.max())
    if high - low < _DENSE_LIMIT:
        shifted = integer_offsets(present, low)
        if not compress:  # every value of the range is a candidate label
            codes = shifted if missing is None else _with_missing(shifted, missing)
            return Factorized(codes, tuple(range(low, high + 1)), may_be_unused=True, has_missing=has_missing)
        used = np.bincount(shifted, minlength=high - low + 1) > 0
        remap = np.cumsum(used) - 1
        codes = remap[shifted]
        labels: tuple[Hashable, ...] = tuple(low + int(i) for i in np.flatnonzero(used))
    else:
        uniques, inverse = np.unique(present, return_inverse=True)
        codes, labels = inverse.astype(np.intp), tuple(_plain(v) for v in uniques)
    return Factorized(
        codes if missing is None else _with_missing(codes, missing), labels, has_missing=has_missing
    )


def _nullable_integers(data: Any) -> tuple[NDArray[Any], BoolArray | None] | None:
    """A nullable integer column (pandas ``Int64``, ``int64[pyarrow]``, polars, pyarrow): values, mask."""
    arrow = arrow_of(data)
    if arrow is not None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_integer(arrow.type):
            return None
        nulls = np.asarray(arrow.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        values = np.asarray(pc.fill_null(arrow, 0).to_numpy(zero_copy_only=False))
        return values, (nulls if nulls.any() else None)
    dtype = getattr(data, "dtype", None)
    if (
        dtype is None
        or isinstance(dtype, np.dtype)
        or getattr(dtype, "kind", "") not in ("i", "u")
        or not hasattr(dtype, "numpy_dtype")
        or not hasattr(data, "isna")
    ):
        return None
    missing = np.asarray(data.isna(), dtype=bool)
    values = np.asarray(data.to_numpy(dtype=dtype.numpy_dtype, na_value=0))
    return values, (missing if missing.any() else None)


def _object_integers(values: NDArray[Any]) -> tuple[NDArray[Any], BoolArray | None] | None:
    """Python objects that are all integers or missing (e.g. ``[1, 3, None]``) as int64 and a mask."""
    missing = np.zeros(values.shape[0], dtype=bool)
    for i, value in enumerate(values):  # Python objects; stops at the first non-integer
        if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
            continue
        if not _is_missing_label(value):
            return None
        missing[i] = True
    present = values[~missing]
    if present.shape[0] == 0:
        return None
    ints = np.zeros(values.shape[0], dtype=np.int64)
    try:
        ints[~missing] = present.astype(np.int64)
    except OverflowError:  # beyond int64: leave them to the general path
        return None
    return ints, (missing if missing.any() else None)


def integer_values(data: Any, what: str) -> tuple[NDArray[Any], BoolArray | None] | None:
    """Integer labels as an integer array and a missing mask (None if none missing); None if not integers."""
    nullable = _nullable_integers(data)
    if nullable is not None:
        return nullable
    values = as_vector(data, what)
    if values.dtype.kind in "iu":
        return values, None
    return _object_integers(values) if values.dtype.kind == "O" else None


_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93)
_SAMPLE = 100_000  # rows whose distinct digests seed the table (every label above 0.01% of rows)
_BLOCK = 8_192  # rows per block of the coding pass (the block's words stay in cache)


def _string_words(values: NDArray[Any]) -> NDArray[Any]:
    """Each fixed-width string as a row of machine words (8 bytes where possible)."""
    values = np.ascontiguousarray(values)
    size = values.dtype.itemsize
    word = np.uint64 if size % 8 == 0 else np.uint32 if size % 4 == 0 else np.uint8
    return values.view(word).reshape(values.shape[0], size // np.dtype(word).itemsize)


def _multipliers(count: int) -> NDArray[np.uint64]:
    """``count`` odd pseudo-random 64-bit multipliers (splitmix64 of 1, 2, ...)."""
    state = np.arange(1, count + 1, dtype=np.uint64) * np.uint64(_MULTIPLIERS[0])
    with np.errstate(over="ignore"):
        state = (state ^ (state >> np.uint64(30))) * np.uint64(_MULTIPLIERS[1])
        state = (state ^ (state >> np.uint64(27))) * np.uint64(_MULTIPLIERS[2])
    odd: NDArray[np.uint64] = (state ^ (state >> np.uint64(31))) | np.uint64(1)
    return odd


def _digest(
    words: NDArray[Any], out: NDArray[np.uint64] | None = None, multipliers: NDArray[np.uint64] | None = None
) -> NDArray[np.uint64]:
    """A 64-bit digest of each row, sum_j m_j w_j modulo 2^64: one ``einsum`` over the row's words.

    Equal rows have equal digests; unequal rows rarely do, and every code is
    checked exactly afterwards. ``multipliers``: ``_multipliers`` of the row
    width, computed once by callers that digest block by block.
    """
    m = _multipliers(words.shape[1]) if multipliers is None else multipliers
    digest: NDArray[np.uint64] = np.einsum("ij,j->i", words, m, dtype=np.uint64, casting="unsafe", out=out)
    return digest


def _sampled_codes(words: NDArray[Any], values: NDArray[Any]) -> tuple[IntArray, IntArray] | None:
    """Codes (labels in sorted order) of every row, and a row of each label; None unless exact.

    The distinct digests of a sample seed a direct-addressed table (the
    digest's top bits, else multiplicative hashing, tried until they get
    distinct slots); one pass in blocks then digests each row, looks its code
    up and compares the row with that code's string. The digests cover only
    the words that vary within the sample (labels often share a prefix). None
    if a row differs (a label the sample missed, words that vary outside the
    sample, or a digest shared by two strings) or if the sample holds too
    many distinct digests for a table.
    """
    n = words.shape[0]
    rows = np.arange(0, n, max(1, n // _SAMPLE))
    sampled = words[rows]
    varying = np.flatnonzero((sampled != sampled[0]).any(axis=0))
    low, high = (int(varying[0]), int(varying[-1]) + 1) if varying.size else (0, words.shape[1])
    multipliers = _multipliers(high - low)
    sample, first = np.unique(_digest(sampled[:, low:high], multipliers=multipliers), return_index=True)
    bits = max(16, 2 * int(sample.shape[0]).bit_length() + 2)
    if bits > 24:
        return None
    shift = np.uint64(64 - bits)
    multiplier = next(
        (
            m
            for m in (1, *_MULTIPLIERS)
            if np.unique((sample * np.uint64(m)) >> shift).shape[0] == sample.shape[0]
        ),
        None,
    )
    if multiplier is None:
        return None
    order = np.argsort(values[rows[first]], kind="stable")
    table = np.zeros(1 << bits, dtype=np.intp)
    table[((sample[order] * np.uint64(multiplier)) >> shift).view(np.int64)] = np.arange(order.shape[0])
    labels = np.ascontiguousarray(words[rows[first[order]]])  # each label's words, by code
    codes = np.empty(n, dtype=np.intp)
    slots, spare = np.empty(min(n, _BLOCK), dtype=np.uint64), np.empty(min(n, _BLOCK), dtype=np.uint64)
    for start in range(0, n, _BLOCK):  # blocks of rows, each coded and compared whole
        block = words[start : start + _BLOCK]
        size = block.shape[0]
        if high - low <= 2:  # one or two words: two products beat einsum's per-row overhead
            slot = np.multiply(block[:, low], multipliers[0], out=slots[:size])
            if high - low == 2:
                slot += np.multiply(block[:, low + 1], multipliers[1], out=spare[:size])
        else:
            slot = _digest(block[:, low:high], out=slots[:size], multipliers=multipliers)
        if multiplier != 1:
            slot *= np.uint64(multiplier)
        slot >>= shift
        found = np.take(table, slot.view(np.int64), out=codes[start : start + _BLOCK], mode="clip")
        if not np.array_equal(block, np.take(labels, found, axis=0)):
            return None
    return codes, rows[first[order]]


def _same_rows(words: NDArray[Any], codes: IntArray, labels: NDArray[Any]) -> bool:
    """Whether each row of ``words`` equals row ``codes[i]`` of ``labels``, block by block."""
    for start in range(0, words.shape[0], _BLOCK):  # blocks of rows, each compared whole
        block = words[start : start + _BLOCK]
        if not np.array_equal(block, np.take(labels, codes[start : start + _BLOCK], axis=0)):
            return False
    return True


def _digest_groups(digest: NDArray[np.uint64]) -> tuple[IntArray, IntArray, IntArray]:
    """Rows in digest order, each sorted row's index into the distinct digests, the first row of each.

    As ``np.unique(digest, return_index=True, return_inverse=True)`` (whose
    inverse is the index scattered back by the order), faster:
    each row's position goes into the low bits of its digest, so one
    ``np.sort`` of values orders the rows (digests that agree above those bits
    then sort by position, and the rare runs that mix different digests are
    sorted again by the whole digest).
    """
    n = digest.shape[0]
    low = np.uint64((1 << max(n - 1, 1).bit_length()) - 1)
    packed = digest & ~low
    packed |= np.arange(n, dtype=np.uint64)
    packed.sort()
    order = (packed & low).view(np.int64)
    packed &= ~low
    whole = digest[order]
    first = np.empty(n, dtype=bool)  # the first sorted row of each distinct digest
    first[0] = True
    np.not_equal(whole[1:], whole[:-1], out=first[1:])
    if (first[1:] & (packed[1:] == packed[:-1])).any():  # different digests under one truncation
        run = np.empty(n, dtype=np.intp)  # each sorted row's run of equal truncated digests
        run[0] = 0
        np.cumsum(packed[1:] != packed[:-1], out=run[1:])
        rows = np.flatnonzero(np.isin(run, run[1:][first[1:] & (run[1:] == run[:-1])]))
        again = np.lexsort((order[rows], whole[rows]))  # by whole digest, then position
        order[rows], whole[rows] = order[rows][again], whole[rows][again]
        np.not_equal(whole[1:], whole[:-1], out=first[1:])
    number = first.astype(np.intp)
    np.cumsum(number, out=number)
    number -= 1
    return order, number, order[first]


def _from_strings(values: NDArray[Any]) -> Factorized:
    """numpy fixed-width strings: digests, distinct ones coded, each row compared exactly.

    Labels come out sorted. The codes come from a sampled table, else from
    grouping all digests by one sort; either way every row is compared with
    its label's string, and a difference (two strings sharing a digest: almost
    never) leaves the column to the exact sort-based ``np.unique``.
    """
    n = values.shape[0]
    if n == 0:
        return Factorized(np.zeros(0, dtype=np.intp), ())
    words = _string_words(values)
    found = _sampled_codes(words, values)
    if found is None:
        rows, number, first = _digest_groups(_digest(words))
        order = np.argsort(values[first], kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.shape[0])
        codes = np.empty(n, dtype=np.intp)
        codes[rows] = rank[number]
        if not _same_rows(words, codes, np.ascontiguousarray(words[first[order]])):
            uniques, inverse = np.unique(values, return_inverse=True)
            return Factorized(inverse.reshape(-1).astype(np.intp), tuple(uniques.tolist()))
        found = codes, first[order]
    codes, representative = found
    return Factorized(codes, tuple(values[representative].tolist()))


def _from_objects(values: NDArray[Any], what: str = "group label") -> Factorized:
    index: dict[Hashable, int] = {}
    codes = np.empty(values.shape[0], dtype=np.intp)
    for i, value in enumerate(values):  # Python objects: a dictionary pass
        if _is_missing_label(value):
            codes[i] = -1
            continue
        key = _plain(value)
        try:
            codes[i] = index.setdefault(key, len(index))
        except TypeError:  # unhashable: a list, a dict, a set
            raise InvalidTypeError(
                f"{what} {value!r} at position {i} is a {type(value).__name__}, which cannot be a label; "
                "labels must be hashable (strings, numbers, dates, tuples)"
            ) from None
    labels = list(index)
    try:
        order = sorted(range(len(labels)), key=lambda j: labels[j])  # type: ignore[arg-type, return-value]
    except TypeError:  # labels of mixed types: keep first-seen order
        order = list(range(len(labels)))
    rank = np.empty(len(labels) + 1, dtype=np.intp)
    rank[order] = np.arange(len(labels))
    rank[-1] = -1  # code -1 (missing) maps to -1, also when every label is missing
    missing = bool((codes < 0).any())
    return Factorized(rank[codes], tuple(labels[j] for j in order), has_missing=missing)


def _from_categorical(data: Any, compress: bool) -> Factorized:
    categorical = data.cat if hasattr(data, "cat") else data
    codes = np.asarray(categorical.codes)
    categories = tuple(_plain(c) for c in categorical.categories)
    missing = bool((codes < 0).any())
    if not compress:
        return Factorized(codes, categories, may_be_unused=True, has_missing=missing)
    present = np.bincount(codes[codes >= 0], minlength=len(categories)) > 0
    remap = np.where(present, np.cumsum(present) - 1, -1)
    codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    kept = tuple(c for c, keep in zip(categories, present, strict=True) if keep)
    return Factorized(codes, kept, has_missing=missing)


def _is_arrow_backed(data: Any) -> bool:
    dtype = getattr(data, "dtype", None)
    return getattr(dtype, "storage", None) == "pyarrow" or type(dtype).__name__ == "ArrowDtype"


def _from_arrow(data: Any) -> Factorized:
    """Arrow-backed strings: Arrow's own hash dictionary encoding (pyarrow is already loaded)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(data, (pa.Array, pa.ChunkedArray)):
        array = data
    else:
        array = pa.array(data.array if hasattr(data, "array") else data)  # zero-copy: already Arrow
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_string_view(array.type):
        array = array.cast(pa.large_string())
    encoded = pc.dictionary_encode(array)
    indices = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.intp)
    labels = encoded.dictionary.to_pylist()
    try:
        order = sorted(range(len(labels)), key=lambda j: labels[j])
    except TypeError:
        order = list(range(len(labels)))
    rank = np.empty(len(labels) + 1, dtype=np.intp)
    rank[order] = np.arange(len(labels))
    rank[-1] = -1  # index -1 (missing) maps to -1
    missing = bool(encoded.null_count)
    return Factorized(rank[indices], tuple(labels[j] for j in order), has_missing=missing)


def _from_pandas_strings(series: Any) -> Factorized:
    """A pandas string column through the vectorised hash path; <NA> is missing."""
    missing = np.asarray(series.isna(), dtype=bool)
    present = np.asarray(series.to_numpy(dtype=object, na_value=""), dtype=str)
    if not missing.any():
        return _from_strings(present)
    found = _from_strings(present[~missing])
    codes = np.full(missing.shape[0], -1, dtype=np.intp)
    codes[~missing] = found.codes
    return Factorized(codes, found.labels, has_missing=True)


def factorize(groups: Any, *, compress: bool = True, what: str = "group label") -> Factorized:
    """Codes and labels of one grouping column (see the module docstring).

    ``compress=False`` lets integer and categorical columns keep labels that
    no row uses (``may_be_unused``), for callers that drop them after counting.
    ``what`` names the input in errors ("group label", "respondent", ...).
    """
    arrow = arrow_of(groups)
    if arrow is not None:
        import pyarrow as pa

        kind = arrow.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
            return _from_arrow(arrow)
        groups = arrow  # integers (with nulls) and the rest: as for numpy below
    dtype = getattr(groups, "dtype", None)
    if getattr(dtype, "name", "") == "category":
        return _from_categorical(groups, compress)
    if (
        dtype is not None
        and not isinstance(dtype, np.dtype)
        and getattr(dtype, "kind", "") == "O"
        and "str" in getattr(dtype, "name", "")
        and hasattr(groups, "isna")
    ):
        return _from_arrow(groups) if _is_arrow_backed(groups) else _from_pandas_strings(groups)
    nullable = _nullable_integers(groups)
    if nullable is not None:
        return _from_integers(nullable[0], compress, nullable[1])
    values = as_vector(groups, what)
    kind = values.dtype.kind
    if kind in "iu":
        return _from_integers(values, compress)
    if kind in "US":
        return _from_strings(values)
    if kind == "b":
        found = _from_integers(values.astype(np.int8), compress=True)
        return Factorized(found.codes, tuple(bool(v) for v in found.labels))
    if kind in "fMm":
        missing = np.isnan(values) if kind == "f" else np.isnat(values)
        present = values[~missing] if missing.any() else values
        uniques, inverse = np.unique(present, return_inverse=True)
        codes = np.full(values.shape[0], -1, dtype=np.intp)
        codes[~missing] = inverse
        return Factorized(codes, tuple(_plain(v) for v in uniques), has_missing=bool(missing.any()))
    integers = _object_integers(values) if kind == "O" else None
    if integers is not None:
        return _from_integers(integers[0], compress, integers[1])
    return _from_objects(values, what)
