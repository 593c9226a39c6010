"""Themes cited per response, flattened once: offsets and theme codes (a sparse membership).

``themes[i]`` may be a label, an iterable of labels, a string of labels
joined by ``sep``, or missing (None, NaN, ``pd.NA``, an empty list). The
result is one array of theme codes, response after response, and the offsets
where each response's codes start, as in Arrow's list layout: everything
after this step is a bincount over the codes.

Paths, fastest first, none of which loops over responses in Python bytecode:

- pyarrow list or string arrays (and polars Series, pandas Arrow-backed
  Series, which convert to Arrow without a copy): Arrow's own flatten,
  split and dictionary encoding, and the offsets of the lists;
- Python lists of lists or tuples: C-level ``map``/``chain`` to flatten, one
  dictionary pass to code the labels;
- joined strings: many of them (``_ARROW_JOINED``) go to Arrow when pyarrow
  is installed, the others are coded by one dictionary pass and each
  distinct string split once (one ``join`` and one ``split``);
- anything else (mixed entries, sets, 0-d arrays): one normalising pass.

A theme cited twice by one response counts once (found by comparing each
code with the few before it); missing labels inside a list (None, NaN,
``pd.NA``) are skipped. Spaces around joined labels are stripped by
``str.strip`` in every path.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InvalidOptionError, InvalidOptionTypeError, InvalidTypeError
from ..typing import BoolArray, IntArray

__all__ = ["ThemeLists", "theme_lists"]

_SHIFT_DEDUPE_LIMIT = 8  # longest list for which duplicates are found by shifted comparisons
_ARROW_JOINED = 100_000  # joined strings: from this many, split by Arrow (when pyarrow is installed)


@dataclass(frozen=True, slots=True)
class ThemeLists:
    """The themes of n responses: ``codes[offsets[i]:offsets[i + 1]]`` index ``labels``.

    Each response's codes are distinct, in the order first cited.
    """

    labels: tuple[Hashable, ...]
    codes: IntArray
    offsets: IntArray

    @property
    def n(self) -> int:
        return int(self.offsets.shape[0]) - 1

    def lengths(self) -> IntArray:
        """How many themes each response cites."""
        return np.diff(self.offsets)

    def response_of(self) -> IntArray:
        """The response of each (response, theme) pair."""
        return np.repeat(np.arange(self.n), self.lengths())


def _is_missing(value: Any) -> bool:
    # pd.NA and NaT are recognised by their type names so that pandas is never imported.
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def theme_lists(themes: Any, *, sep: str | None = None) -> ThemeLists:
    """Flatten per-response themes (see the module docstring).

    Examples
    --------
    >>> found = theme_lists([["price", "bugs"], None, "price", ["bugs", "bugs"]])
    >>> found.labels, found.codes.tolist(), found.offsets.tolist()
    (('price', 'bugs'), [0, 1, 0, 1], [0, 2, 2, 3, 4])
    >>> theme_lists(["price, bugs", "", None], sep=",").codes.tolist()
    [0, 1]
    """
    if sep is not None and not isinstance(sep, str):
        raise InvalidOptionTypeError(f"sep must be a non-empty string such as ','; got {sep!r}")
    if sep == "":
        raise InvalidOptionError(f"sep must be a non-empty string such as ','; got {sep!r}")
    if isinstance(themes, (str, bytes)):
        raise InvalidTypeError("themes must be a sequence with one entry per response, got a string")
    arrow = _as_arrow(themes)
    if arrow is not None:
        return _from_arrow(arrow, sep)
    if hasattr(themes, "to_list"):  # pandas Series of Python objects
        items = themes.to_list()
    elif isinstance(themes, np.ndarray):
        if themes.ndim != 1:
            raise InvalidTypeError(
                f"themes must be one entry per response, got an array of shape {themes.shape}"
            )
        items = themes.tolist() if themes.dtype.kind != "O" else list(themes)
    elif isinstance(themes, Iterable):
        items = list(themes)
    else:
        raise InvalidTypeError(
            f"themes must be a sequence with one entry per response, got {type(themes).__name__}"
        )
    kinds = set(map(type, items))
    if sep is not None and kinds <= {str, type(None), float}:
        return _from_joined(items, sep, kinds)
    if not kinds <= {list, tuple}:
        items = [_entry(item, i, sep) for i, item in enumerate(items)]
    return _from_lists(items)


def _entry(item: Any, position: int, sep: str | None) -> Any:
    """One response's themes as a list or tuple (the slow, general path)."""
    if isinstance(item, (list, tuple)):
        return item
    if isinstance(item, str):
        return [piece.strip() for piece in item.split(sep)] if sep is not None else (item,)
    if isinstance(item, np.ndarray):
        if item.ndim == 0:  # a 0-d array holds one label
            return (item.item(),)
        if item.ndim == 1:
            return item.tolist()
        raise InvalidTypeError(f"theme {item!r} at position {position} is not a label or a list of labels")
    if _is_missing(item):
        return ()
    if isinstance(item, bytes) or not isinstance(item, Iterable):
        if not isinstance(item, Hashable):
            raise InvalidTypeError(f"theme {item!r} at position {position} is not a label")
        return (item,)
    if isinstance(item, dict):
        raise InvalidTypeError(f"theme {item!r} at position {position} is not a label or a list of labels")
    return list(item)  # sets, generators, pandas arrays, ...


def _from_lists(items: list[Any]) -> ThemeLists:
    lengths = np.fromiter(map(len, items), dtype=np.intp, count=len(items))
    total = int(lengths.sum())
    try:
        keys, codes = _factorize(itertools.chain.from_iterable(items), total)
    except TypeError:  # an unhashable item (a 0-d array, a nested list): normalise, or name it
        response = np.repeat(np.arange(lengths.shape[0]), lengths).tolist()
        flat = itertools.chain.from_iterable(items)
        keys, codes = _factorize(map(_label, flat, response), total)
    missing = np.array([_is_missing(key) or key == "" for key in keys], dtype=bool)
    return _finish(keys, missing, codes, lengths)


def _factorize(values: Iterable[Any], count: int | None = None) -> tuple[list[Any], IntArray]:
    """The distinct values in order of first appearance, and each value's index among them.

    One dictionary pass: ``setdefault`` maps each value to the position where
    it first appeared; a lookup table turns those positions into codes.
    ``count`` is the number of values when they are not a sized collection.
    """
    if count is None:
        count = len(values)  # type: ignore[arg-type]
    first: dict[Any, int] = {}
    at = np.fromiter(map(first.setdefault, values, itertools.count()), dtype=np.intp, count=count)
    code_at = np.zeros(count, dtype=np.intp)
    code_at[np.fromiter(first.values(), dtype=np.intp, count=len(first))] = np.arange(len(first))
    return list(first), code_at[at]


def _label(value: Any, position: int) -> Hashable:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        label: Hashable = value.item()
        return label
    if not isinstance(value, Hashable) or isinstance(value, (list, dict, set)):
        raise InvalidTypeError(f"theme {value!r} at position {position} is not a label")
    return value


def _from_joined(items: list[Any], sep: str, kinds: set[type]) -> ThemeLists:
    """Strings of labels joined by ``sep``: each distinct string is split once.

    Exports repeat the same few strings ("price, bugs") many times, so the
    strings are coded first (one dictionary pass), the distinct ones split
    with one join and one split, and their themes copied to every response.
    """
    if float in kinds:
        for i, item in enumerate(items):
            if type(item) is float and not math.isnan(item):
                raise InvalidTypeError(f"theme {item!r} at position {i} is not a label")
    if len(items) >= _ARROW_JOINED:
        arrow = _arrow_strings(items)
        if arrow is not None:
            return _from_arrow(arrow, sep)
    strings = items if kinds == {str} else [item if type(item) is str else "" for item in items]
    distinct, which = _factorize(strings)
    lengths = np.fromiter(map(str.count, distinct, itertools.repeat(sep)), dtype=np.intp, count=len(distinct))
    lengths += 1
    spelled, codes = _factorize(sep.join(distinct).split(sep) if distinct else [])
    keys, relabel = _stripped(spelled)
    codes = relabel[codes]
    missing = np.array([key == "" for key in keys], dtype=bool)  # empty strings, trailing separators
    return _expand(_finish(keys, missing, codes, lengths), which)


def _stripped(spelled: list[str]) -> tuple[list[str], IntArray]:
    """The labels of the distinct spellings of pieces, stripped of spaces as ``str.strip`` does.

    Stripping once per spelling, not per piece. The empty label (an empty
    string, a trailing separator) comes last, so dropping it renumbers nothing.
    """
    keys, relabel = _factorize([key.strip() for key in spelled])
    if "" in keys[:-1]:
        empty = keys.index("")
        relabel = np.where(relabel == empty, len(keys) - 1, relabel - (relabel > empty))
        keys = [*keys[:empty], *keys[empty + 1 :], ""]
    return keys, relabel


def _arrow_strings(items: list[Any]) -> Any:
    """The strings (None and NaN as nulls) as an Arrow array; None without pyarrow or for odd strings."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    try:
        return pa.array(items, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, UnicodeError):  # e.g. lone surrogates, which UTF-8 cannot hold
        return None


def _expand(distinct: ThemeLists, which: IntArray) -> ThemeLists:
    """The themes of each response, given which distinct entry it holds (a ragged gather)."""
    lengths = distinct.lengths()[which]
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.intp)
    shift = np.repeat(distinct.offsets[:-1][which] - offsets[:-1], lengths)
    codes = distinct.codes[np.arange(offsets[-1]) + shift]
    return ThemeLists(distinct.labels, codes, offsets)


def _finish(keys: list[Any], missing: Any, codes: IntArray, lengths: IntArray) -> ThemeLists:
    """Drop missing labels and repeats within a response.

    Every key is cited (``codes`` holds each of them at least once). The
    missing labels are moved last, so the others keep their codes.
    """
    keep: BoolArray | None = None
    if missing.any():
        kept_labels = int(np.count_nonzero(~missing))
        if not missing[kept_labels:].all():  # not last yet: renumber once
            order = np.argsort(missing, kind="stable")
            rank = np.empty(len(keys), dtype=np.intp)
            rank[order] = np.arange(len(keys))
            codes, keys = rank[codes], [keys[i] for i in order.tolist()]
        keys = keys[:kept_labels]
        keep = codes < kept_labels
    offsets = np.zeros(lengths.shape[0] + 1, dtype=np.intp)
    np.cumsum(lengths, out=offsets[1:])
    if codes.shape[0] and int(lengths.max()) > 1:
        repeated = _repeated(codes, offsets, lengths)
        if repeated is not None:
            keep = ~repeated if keep is None else keep & ~repeated
    if keep is not None and not keep.all():
        # Each offset moves back by the pairs dropped before it: count them per response.
        dropped = np.bincount(
            np.searchsorted(offsets, np.flatnonzero(~keep), side="right"), minlength=len(offsets)
        )
        offsets -= np.cumsum(dropped, out=dropped)
        codes = codes[keep]
    return ThemeLists(tuple(keys), codes.astype(np.intp, copy=False), offsets)


def _repeated(codes: IntArray, offsets: IntArray, lengths: IntArray) -> BoolArray | None:
    """Whether each code already appeared earlier in its response (None: no repeats at all)."""
    longest = int(lengths.max())
    m = codes.shape[0]
    if longest > _SHIFT_DEDUPE_LIMIT:  # one sort of (response, code) keys
        response = np.repeat(np.arange(lengths.shape[0]), lengths)
        key = response.astype(np.int64) * (int(codes.max()) + 1) + codes
        _, first = np.unique(key, return_index=True)
        if first.shape[0] == m:
            return None
        every = np.ones(m, dtype=bool)
        every[first] = False
        return every
    # Compare each code with the few before it; ``within[j]`` says whether pairs j - shift .. j
    # belong to one response (no response starts after j - shift), from the starts alone.
    follows = np.ones(m + 1, dtype=bool)
    follows[offsets[:-1]] = False  # a response's first pair does not follow the pair before it
    follows = follows[:m]
    repeated: BoolArray | None = None
    within = follows[1:]
    for shift in range(1, longest):
        if shift > 1:
            within = within[1:] & follows[1 : m - shift + 1]
        same = within & (codes[shift:] == codes[:-shift])
        if same.any():
            if repeated is None:
                repeated = np.zeros(m, dtype=bool)
            repeated[shift:] |= same
    return repeated


def _as_arrow(themes: Any) -> Any:
    """An Arrow array for Arrow, polars and Arrow-backed pandas input; None otherwise."""
    module = type(themes).__module__
    if module.startswith("pyarrow"):
        return themes
    if module.startswith("polars") and hasattr(themes, "to_arrow"):
        return themes.to_arrow()
    dtype = getattr(themes, "dtype", None)
    if type(dtype).__name__ == "ArrowDtype" or getattr(dtype, "storage", None) == "pyarrow":
        import pyarrow as pa

        return pa.array(themes.array)
    return None


def _from_arrow(array: Any, sep: str | None) -> ThemeLists:
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not isinstance(array, pa.Array):
        raise InvalidTypeError(f"themes must be an Arrow array, got {type(array).__name__}")
    n = len(array)
    kind = array.type
    if pa.types.is_string_view(kind):
        array, kind = array.cast(pa.large_string()), pa.large_string()
    joined = sep is not None and (pa.types.is_string(kind) or pa.types.is_large_string(kind))
    if joined:
        empty = pc.equal(array, "")
        if pc.any(empty).as_py():  # an empty string cites nothing: a null splits into no pieces
            array = pc.if_else(empty, pa.scalar(None, kind), array)
        split = pc.split_pattern(array, sep)
        values, lengths = pc.list_flatten(split), _value_lengths(split)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        values, lengths = pc.list_flatten(array), _value_lengths(array)
        if pa.types.is_string_view(values.type):
            values = values.cast(pa.large_string())
    else:  # one label per response
        values, lengths = array, np.ones(n, dtype=np.intp)
    encoded = pc.dictionary_encode(values)
    keys = encoded.dictionary.to_pylist()
    codes = np.asarray(encoded.indices.fill_null(len(keys)).to_numpy(zero_copy_only=False))
    if joined:  # pieces are never null
        keys, relabel = _stripped(keys)
        codes = relabel[codes]
    elif encoded.indices.null_count:  # nulls: a last, missing label
        keys.append(None)
    missing = np.array([_is_missing(key) or key == "" for key in keys], dtype=bool)
    return _finish(keys, missing, codes, lengths)


def _value_lengths(lists: Any) -> IntArray:
    """How many values each entry of an Arrow list array holds (a null list holds none)."""
    import pyarrow.compute as pc

    counted = pc.fill_null(pc.list_value_length(lists), 0)
    return np.asarray(counted.to_numpy(zero_copy_only=False), dtype=np.intp)
