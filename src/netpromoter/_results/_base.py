"""The one base of every result: ``to_dict`` and ``to_frame`` derived from the dataclass fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from .._input._plain import as_dict, flat_record, records_frame

__all__ = ["Result"]


class Result:
    """Base of the frozen, slotted result dataclasses.

    Serialisation is derived from the fields, so a field added to a result is
    serialised without further code. Two class-level declarations tune it:

    - ``_derived``: properties reported beside the fields (e.g. ``significant``);
    - ``_columns``: how :meth:`to_frame` names the columns of nested values
      (see :func:`~netpromoter._input._plain.flat_record`), e.g.
      ``{"result": "", "result.ci": "nps"}`` puts a row's NPS in ``nps`` and
      its interval in ``nps_low`` and ``nps_high``.
    """

    __slots__ = ()
    _derived: ClassVar[tuple[str, ...]] = ()
    _columns: ClassVar[Mapping[str, str | None]] = {}

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain, JSON-safe Python, nested results included.

        Numpy numbers become Python numbers, NaN ``None``, dates ISO 8601
        strings, intervals ``{"low": ..., "high": ...}`` and tuples lists, so
        ``json.dumps(result.to_dict(), allow_nan=False)`` works.
        """
        return as_dict(self)

    def to_frame(self) -> Any:
        """A one-row pandas DataFrame, nested values flattened to columns (needs pandas)."""
        return records_frame([flat_record(self)])
