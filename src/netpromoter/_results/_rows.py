"""What every report shares: iterate over its rows, count them, find one by its key."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

import numpy as np

from .._input._plain import flat_record, records_frame
from ._base import Result

__all__ = ["RowTable"]

Row = TypeVar("Row")


class RowTable(Result, Generic[Row]):
    """Mixin for frozen report dataclasses with a ``rows`` tuple.

    ``report[key]`` finds the row whose ``_key`` attribute equals ``key``; a
    date label also matches its string form (``report["2025-07"]``).
    ``to_frame()`` has one row per report row, its columns derived from the
    rows' fields (see :class:`~netpromoter._results._base.Result`).
    """

    __slots__ = ()
    _key: ClassVar[str]
    rows: tuple[Row, ...]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: Hashable) -> Row:
        for row in self.rows:
            value: Any = getattr(row, self._key)
            if value == key or (isinstance(value, np.datetime64) and str(value) == str(key)):
                return row
        raise KeyError(key)

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per report row (needs pandas)."""
        return records_frame([flat_record(row) for row in self.rows])
