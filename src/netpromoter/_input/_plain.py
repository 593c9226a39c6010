"""Formatting shared by every result's repr and notebook HTML."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["fmt_change", "fmt_p", "fmt_points", "html_table", "records_frame"]


def records_frame(records: Sequence[Mapping[str, Any]]) -> Any:
    """A pandas DataFrame from flat records (pandas is imported only here, on demand)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame() needs pandas: pip install 'netpromoter[pandas]'") from None
    return pd.DataFrame(list(records))


def fmt_points(value: float, digits: int = 1) -> str:
    """NPS points with a sign, e.g. ``+23.4``; ``n/a`` for NaN."""
    return "n/a" if math.isnan(value) else f"{value:+.{digits}f}"


def fmt_p(value: float) -> str:
    """A p-value as people read it: ``0.032``, ``<0.001``."""
    if math.isnan(value):
        return "n/a"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


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
