"""Themes cited per response, flattened once: offsets and theme codes (a sparse membership).

``themes[i]`` may be a label, an iterable of labels, a string of labels
joined by ``sep``, or missing (None, NaN, ``pd.NA``, an empty list). The
result is one array of theme codes, response after response, and the offsets
where each response's codes start, as in Arrow's list layout: everything
after this step is a bincount over the codes.

Paths, fastest first, none of which loops over responses in Python bytecode:

- pyarrow list or string arrays (and polars Series, pandas Arrow-backed
  Series, which convert to Arrow without a copy): Arrow's own flatten,
  split and dictionary encoding;
- Python lists of lists or tuples: C-level ``map``/``chain`` to flatten, one
  dictionary pass to code the labels;
- joined strings: one ``join`` and one ``split`` over all of them;
- anything else (mixed entries, sets, 0-d arrays): one normalising pass.

A theme cited twice by one response counts once; missing labels inside a
list (None, NaN, ``pd.NA``) are skipped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InvalidOptionError, InvalidOptionTypeError, InvalidTypeError
from ..typing import IntArray

__all__ = ["ThemeLists", "theme_lists"]

_SHIFT_DEDUPE_LIMIT = 8  # longest list for which duplicates are found by shifted comparisons


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
    flat = list(itertools.chain.from_iterable(items))
    try:
        index = dict.fromkeys(flat)
    except TypeError:  # an unhashable item (a 0-d array, a nested list): normalise, or name it
        response = np.repeat(np.arange(lengths.shape[0]), lengths).tolist()
        flat = [_label(label, at) for label, at in zip(flat, response, strict=True)]
        index = dict.fromkeys(flat)
    keys = list(index)
    number = {key: code for code, key in enumerate(keys)}
    codes = np.fromiter(map(number.__getitem__, flat), dtype=np.intp, count=len(flat))
    missing = np.array([_is_missing(key) or key == "" for key in keys], dtype=bool)
    return _finish(keys, missing, codes, lengths)


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
    strings = items if kinds == {str} else [item if type(item) is str else "" for item in items]
    distinct = list(dict.fromkeys(strings))
    number = {text: code for code, text in enumerate(distinct)}
    which = np.fromiter(map(number.__getitem__, strings), dtype=np.intp, count=len(strings))
    lengths = np.fromiter(map(str.count, distinct, itertools.repeat(sep)), dtype=np.intp, count=len(distinct))
    lengths += 1
    pieces = sep.join(distinct).split(sep) if distinct else []
    spelled = list(dict.fromkeys(pieces))
    position = {key: code for code, key in enumerate(spelled)}
    codes = np.fromiter(map(position.__getitem__, pieces), dtype=np.intp, count=len(pieces))
    # Strip the spaces around each label once per distinct spelling, not per piece.
    stripped = [key.strip() for key in spelled]
    keys = list(dict.fromkeys(stripped))
    label = {key: code for code, key in enumerate(keys)}
    codes = np.array([label[key] for key in stripped], dtype=np.intp)[codes] if codes.shape[0] else codes
    missing = np.array([key == "" for key in keys], dtype=bool)  # empty strings, trailing separators
    return _expand(_finish(keys, missing, codes, lengths), which)


def _expand(distinct: ThemeLists, which: IntArray) -> ThemeLists:
    """The themes of each response, given which distinct entry it holds (a ragged gather)."""
    lengths = distinct.lengths()[which]
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.intp)
    shift = np.repeat(distinct.offsets[:-1][which] - offsets[:-1], lengths)
    codes = distinct.codes[np.arange(offsets[-1]) + shift]
    return ThemeLists(distinct.labels, codes, offsets)


def _finish(
    keys: list[Any], missing: Any, codes: IntArray, lengths: IntArray, response: IntArray | None = None
) -> ThemeLists:
    """Drop missing labels and repeats within a response; renumber the labels kept."""
    keep = ~missing[codes] if missing.any() else np.ones(codes.shape[0], dtype=bool)
    if codes.shape[0] and int(lengths.max()) > 1:
        keep &= ~_repeated(codes, lengths, response)
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.intp)
    if not keep.all():
        offsets = np.concatenate(([0], np.cumsum(keep))).astype(np.intp)[offsets]
        codes = codes[keep]
    used = np.zeros(len(keys), dtype=bool)
    used[codes] = True
    if not used.all():  # missing labels, or labels only ever repeated: renumber densely
        renumber = np.cumsum(used) - 1
        codes = renumber[codes]
        keys = [key for key, kept in zip(keys, used.tolist(), strict=True) if kept]
    return ThemeLists(tuple(keys), codes.astype(np.intp, copy=False), offsets)


def _repeated(codes: IntArray, lengths: IntArray, response: IntArray | None) -> Any:
    """Whether each code already appeared earlier in its response."""
    if response is None:
        response = np.repeat(np.arange(lengths.shape[0]), lengths)
    longest = int(lengths.max())
    repeated = np.zeros(codes.shape[0], dtype=bool)
    if longest <= _SHIFT_DEDUPE_LIMIT:  # compare each code with the few before it
        for shift in range(1, longest):
            same = (response[shift:] == response[:-shift]) & (codes[shift:] == codes[:-shift])
            repeated[shift:] |= same
        return repeated
    key = response.astype(np.int64) * (int(codes.max()) + 1) + codes
    _, first = np.unique(key, return_index=True)
    repeated[:] = True
    repeated[first] = False
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
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if sep is None:  # one label per response
            values, parents = array, np.arange(n)
        else:
            split = pc.split_pattern(array, sep)
            values = pc.utf8_trim_whitespace(pc.list_flatten(split))
            parents = np.asarray(pc.list_parent_indices(split).to_numpy(zero_copy_only=False), dtype=np.intp)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        values = pc.list_flatten(array)
        parents = np.asarray(pc.list_parent_indices(array).to_numpy(zero_copy_only=False), dtype=np.intp)
        if pa.types.is_string_view(values.type):
            values = values.cast(pa.large_string())
    else:
        values, parents = array, np.arange(n)
    encoded = pc.dictionary_encode(values)
    keys = encoded.dictionary.to_pylist()
    codes = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.intp)
    missing = np.array([_is_missing(key) or key == "" for key in keys] + [True], dtype=bool)
    codes = np.where(codes < 0, len(keys), codes)  # nulls: a last, missing label
    lengths = np.bincount(parents, minlength=n).astype(np.intp)
    return _finish([*keys, None], missing, codes, lengths, parents)
