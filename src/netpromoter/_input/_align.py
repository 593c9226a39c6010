"""Pairing inputs response by response: by position, or by pandas index label.

Every verb that takes several per-response inputs (scores with weights,
groups, periods or respondents; the two halves of a paired comparison)
passes them through :func:`align_inputs` first, so that pandas objects pair
the way pandas users expect:

- pandas Series/DataFrames with equal indexes pair as they are;
- with the same index labels in another order, each is reordered to the
  first pandas input's index (usually the scores'), as pandas arithmetic
  would align them;
- with different labels (or duplicate labels in a different order) there is
  no pairing to guess: :class:`~netpromoter.LengthMismatchError` names both
  inputs and says how to pair by position instead.

Anything else (lists, numpy, polars, pyarrow, ``pd.Index``) has no index and
pairs by position, also with a Series. pandas is never imported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import LengthMismatchError

__all__ = ["align_inputs"]


def _index_of(data: Any) -> Any:
    """The index of a pandas Series or DataFrame; None for anything else."""
    if data is None or not type(data).__module__.startswith("pandas"):
        return None
    index = getattr(data, "index", None)
    if index is None or callable(index) or not hasattr(data, "iloc"):
        return None
    return index


def _preview(index: Any) -> str:
    shown = ", ".join(repr(label) for label in list(index[:3]))
    return f"[{shown}{', ...' if len(index) > 3 else ''}]"


def align_inputs(named: Sequence[tuple[str, Any]]) -> list[Any]:
    """The inputs in the order given, pandas ones reordered to the first pandas input's index.

    ``named`` holds ``(name, data)`` pairs; names only appear in errors.
    ``None`` entries and inputs of another length pass through unchanged
    (the length check that follows names them).

    Raises
    ------
    LengthMismatchError
        Two pandas inputs of the same length whose index labels differ.
    """
    reference_name, reference = "", None
    for name, data in named:
        index = _index_of(data)
        if index is not None:
            reference_name, reference = name, index
            break
    if reference is None:
        return [data for _, data in named]
    out = []
    for name, data in named:
        index = _index_of(data)
        if index is None or index is reference or len(index) != len(reference) or index.equals(reference):
            out.append(data)
            continue
        positions = np.asarray(index.get_indexer(reference)) if index.is_unique else None
        if positions is None or not reference.is_unique or (positions < 0).any():
            raise LengthMismatchError(
                f"{name} and {reference_name} are pandas objects with different index labels "
                f"({name}: {_preview(index)}, {reference_name}: {_preview(reference)}); responses "
                "are paired by index label, so they must have the same labels; call "
                ".reset_index(drop=True) on both to pair them by position"
            )
        out.append(data.iloc[positions])
    return out
