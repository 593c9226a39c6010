"""Plain values and formatting shared by every result: ``to_dict``, ``to_frame``, repr, HTML.

Stage 1, so that counts (stage 2) and results (stage 4) serialise the same way.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import html
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "MISSING_TEXT",
    "as_dict",
    "flat_record",
    "fmt_change",
    "fmt_label",
    "fmt_p",
    "fmt_p_after",
    "fmt_points",
    "fmt_share",
    "html_table",
    "plain",
    "records_frame",
    "text_table",
]


def plain(value: Any) -> Any:
    """``value`` as JSON-safe Python: what ``json.dumps(..., allow_nan=False)`` accepts.

    Numpy scalars become Python numbers; NaN, infinities, ``None``, NaT and
    ``pd.NA`` become ``None``; dates (numpy, pandas, ``datetime``) ISO 8601
    strings at their own precision (``"2025-07"`` for a month); enums their
    value; tuples, lists and arrays lists; named tuples (``ConfidenceInterval``)
    a dict of their fields; dataclasses their ``to_dict()`` (or :func:`as_dict`).
    Strings, ints and bools stay as they are, so labels stay readable; another
    object becomes its ``str``.

    Examples
    --------
    >>> import numpy as np
    >>> plain((np.int64(3), np.float64("nan"), np.datetime64("2025-07", "M"), "web"))
    [3, None, '2025-07', 'web']
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, enum.Enum):  # before str and int: StrEnum, IntEnum (Category)
        return plain(value.value)
    if isinstance(value, str):
        return str(value)  # numpy's str_ too
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(np.datetime_as_string(value))
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing markers (NaT is a datetime)
        return None
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        method = getattr(value, "to_dict", None)
        return method() if callable(method) else as_dict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return {name: plain(item) for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, Mapping):
        return {_plain_key(key): plain(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "M":
            return [None if text == "NaT" else text for text in np.datetime_as_string(value).tolist()]
        return [plain(item) for item in value.tolist()]
    if isinstance(value, (tuple, list, set, frozenset, Sequence)):  # Sequence: a report's lazy rows
        return [plain(item) for item in value]
    return str(value)


def _plain_key(key: Any) -> str | int | float | bool | None:
    """A mapping key JSON accepts; anything else by its plain value's text."""
    value = plain(key)
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def as_dict(obj: Any) -> dict[str, Any]:
    """A dataclass as plain values: every field, then the properties named in ``_derived``.

    Nested results, intervals and rows are converted recursively by :func:`plain`,
    so nothing a field holds is lost and the dict is JSON-safe.
    """
    record = {field.name: plain(getattr(obj, field.name)) for field in dataclasses.fields(obj)}
    for name in getattr(obj, "_derived", ()):
        record[name] = plain(getattr(obj, name))
    return record


def flat_record(obj: Any) -> dict[str, Any]:
    """One table row from a dataclass: nested results and intervals flattened to columns.

    A column is named by the path to its value, joined by ``_`` (``ci_low``,
    ``other_nps``). Each class may declare ``_columns``, a mapping from a field
    (or a dotted path into a nested result) to the name that replaces it on
    the path: ``""`` drops the name (``{"result": ""}`` puts a row's NPS in
    ``nps``), ``None`` leaves the value out (a copy of another column). An
    outer class's declaration for a path overrides the nested class's own.
    Fields that are ``None`` give no column (an empty cell in the frame);
    values keep their own types (dates stay dates for pandas).
    """
    record: dict[str, Any] = {}
    _flatten(obj, "", {}, record)
    return record


def _join(prefix: str, name: str) -> str:
    return f"{prefix}_{name}" if prefix and name else prefix or name


def _nested(value: Any) -> bool:
    return (dataclasses.is_dataclass(value) and not isinstance(value, type)) or (
        isinstance(value, tuple) and hasattr(value, "_fields")
    )


def _flatten(obj: Any, prefix: str, outer: Mapping[str, str | None], record: dict[str, Any]) -> None:
    if dataclasses.is_dataclass(obj):
        names = [field.name for field in dataclasses.fields(obj)] + list(getattr(obj, "_derived", ()))
        columns = {**getattr(obj, "_columns", {}), **outer}
    else:  # a named tuple
        names, columns = list(obj._fields), dict(outer)
    for name in names:
        label = columns.get(name, name)
        value = getattr(obj, name)
        if label is None or value is None:
            continue
        key = _join(prefix, label)
        if _nested(value):
            inner = {path[len(name) + 1 :]: v for path, v in columns.items() if path.startswith(f"{name}.")}
            _flatten(value, key, inner, record)
        elif key in record:
            raise ValueError(f"{type(obj).__name__}: two values for the column {key!r}; declare _columns")
        else:
            record[key] = value


def records_frame(records: Sequence[Mapping[str, Any]]) -> Any:
    """A pandas DataFrame from flat records (pandas is imported only here, on demand).

    Records may lack some columns (a row whose optional result is None); the
    columns keep the order they have in the records, and missing cells are NaN.
    """
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame() needs pandas: pip install 'netpromoter[pandas]'") from None
    order: list[str] = []
    for record in records:
        if set(order).issuperset(record):
            continue
        previous = -1  # a new column goes right after the one before it in its record
        for key in record:
            if key in order:
                previous = order.index(key)
            else:
                previous += 1
                order.insert(previous, key)
    return pd.DataFrame(list(records), columns=order)


def fmt_points(value: float, digits: int = 1) -> str:
    """NPS points with a sign, e.g. ``+23.4``; ``n/a`` for NaN."""
    return "n/a" if math.isnan(value) else f"{value:+.{digits}f}"


#: How a missing group label (``None``) is shown in text, HTML and plots.
MISSING_TEXT = "(missing)"


def fmt_label(label: Any) -> str:
    """A segment label as people read it: tuples joined by " / ", None as "(missing)".

    Examples
    --------
    >>> fmt_label(("EMEA", None)), fmt_label(3), fmt_label(None)
    ('EMEA / (missing)', '3', '(missing)')
    """
    if label is None:
        return MISSING_TEXT
    if isinstance(label, tuple):
        return " / ".join(fmt_label(part) for part in label)
    return str(label)


def fmt_p(value: float) -> str:
    """A p-value as people read it: ``0.032``, ``<0.001``."""
    if math.isnan(value):
        return "n/a"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def text_table(header: Sequence[str], body: Sequence[Sequence[str]], caption: str) -> str:
    """A caption, a blank line and aligned columns (the first left, the others right).

    >>> print(text_table(["a", "n"], [["x", "10"], ["yy", "2"]], "Counts"))
    Counts
    <BLANKLINE>
    a      n
    x     10
    yy     2
    """
    widths = [max([len(h), *(len(cells[c]) for cells in body)]) for c, h in enumerate(header)]
    lines = [caption, ""]
    for cells in [header, *body]:
        lines.append(
            "  ".join(
                cell.ljust(width) if c == 0 else cell.rjust(width)
                for c, (cell, width) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)


def fmt_p_after(value: float) -> str:
    """A p-value after the letter p: ``"= 0.032"``, or ``"< 0.001"`` (never ``"= < 0.001"``)."""
    text = fmt_p(value)
    return text if text.startswith("<") else f"= {text}"


def fmt_share(value: float, low: float = math.nan, high: float = math.nan) -> str:
    """A share (0..1) as a percentage with its interval, all at one precision.

    One decimal, or more when the interval would otherwise print as a single
    value; ``n/a`` for NaN.

    Examples
    --------
    >>> fmt_share(0.229, 0.2261, 0.2322), fmt_share(0.229, 0.2288, 0.2292), fmt_share(0.5)
    ('22.9% (22.6-23.2%)', '22.90% (22.88-22.92%)', '50.0%')
    """
    if math.isnan(value):
        return "n/a"
    if math.isnan(low) or math.isnan(high):
        return f"{100 * value:.1f}%"
    digits = 1
    while digits < 4 and f"{100 * low:.{digits}f}" == f"{100 * high:.{digits}f}" and high > low:
        digits += 1
    return f"{100 * value:.{digits}f}% ({100 * low:.{digits}f}-{100 * high:.{digits}f}%)"


def fmt_change(difference: float, pvalue: float) -> str:
    """A change with its p-value, e.g. ``+8.5 (p 0.214)``."""
    return f"{fmt_points(difference)} (p {fmt_p(pvalue)})"


def html_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str = "",
    marked: Sequence[bool] | None = None,
) -> str:
    """A small HTML table; rows flagged in ``marked`` are shown in bold."""
    esc = html.escape
    parts = ['<table class="netpromoter">']
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th>{esc(str(h))}</th>" for h in header) + "</tr></thead>")
    parts.append("<tbody>")
    for i, row in enumerate(rows):
        style = ' style="font-weight:bold"' if marked is not None and marked[i] else ""
        cells = "".join(f"<td>{esc(str(cell))}</td>" for cell in row)
        parts.append(f"<tr{style}>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)
