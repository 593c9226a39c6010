"""What every report shares: iterate over its rows, count them, find one by its key."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, ClassVar, Generic, TypeVar, overload

import numpy as np

from .._input._plain import flat_record, records_frame
from ._base import Result

__all__ = ["LazyRows", "RowTable"]

Row = TypeVar("Row")


def _matches(value: Any, key: Hashable) -> bool:
    """A row's key equals ``key``; a date label also matches its string form."""
    return bool(value == key) or (isinstance(value, np.datetime64) and str(value) == str(key))


class LazyRows(Sequence[Row]):
    """An immutable sequence of report rows, each built on first access.

    A report over 100,000 segments keeps its numbers in arrays; a row object
    (with its nested results) is made only when it is read, then kept, so
    ``rows[i] is rows[i]``. ``keys`` are the rows' labels, in row order, for
    lookups that build nothing; ``source`` the object holding the arrays.
    It compares equal to a tuple of the same rows.

    Examples
    --------
    >>> rows = LazyRows(lambda i: i * i, ("a", "b", "c"))
    >>> len(rows), rows[2], list(rows)
    (3, 4, [0, 1, 4])
    >>> rows.find("b")
    1
    """

    __slots__ = ("_build", "_built", "_keys", "source")

    def __init__(
        self, build: Callable[[int], Row], keys: Sequence[Hashable], *, source: object = None
    ) -> None:
        self._build = build
        self._keys = tuple(keys)
        self.source = source  # the arrays the rows come from, for whole-table views (to_frame)
        self._built: list[Row | None] = [None] * len(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, i: int) -> Row: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, i: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        position = range(len(self))[i]  # IndexError, negative indices
        row = self._built[position]
        if row is None:
            row = self._build(position)
            self._built[position] = row
        return row

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self)):
            yield self[i]

    @property
    def keys(self) -> tuple[Hashable, ...]:
        """The rows' labels, in row order."""
        return self._keys

    def find(self, key: Hashable) -> int:
        """Position of the row labelled ``key`` (KeyError if none)."""
        for i, value in enumerate(self._keys):
            if _matches(value, key):
                return i
        raise KeyError(key)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyRows, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"LazyRows({len(self)} rows)"


class RowTable(Result, Generic[Row]):
    """Mixin for frozen report dataclasses with a ``rows`` tuple (or :class:`LazyRows`).

    ``report[key]`` finds the row whose ``_key`` attribute equals ``key``; a
    date label also matches its string form (``report["2025-07"]``).
    ``to_frame()`` has one row per report row, its columns derived from the
    rows' fields (see :class:`~netpromoter._results._base.Result`).
    """

    __slots__ = ()
    _key: ClassVar[str]
    rows: Sequence[Row]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: Hashable) -> Row:
        if isinstance(self.rows, LazyRows):
            found: Row = self.rows[self.rows.find(key)]
            return found
        for row in self.rows:
            if _matches(getattr(row, self._key), key):
                return row
        raise KeyError(key)

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per report row (needs pandas)."""
        return records_frame([flat_record(row) for row in self.rows])
