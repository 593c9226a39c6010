"""netpromoter: typed, fast, correct Net Promoter Score analytics.

>>> import netpromoter as nps
>>> nps.score([10, 9, 9, 8, 7, 6, 3, 10, 9, 10]).nps
40.0
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from .counts import Counts
from .errors import (
    EmptyDataWarning,
    InvalidCountsError,
    InvalidOptionError,
    InvalidScaleError,
    InvalidScoreError,
    InvalidTypeError,
    InvalidWeightError,
    LengthMismatchError,
    MissingValueError,
    NetPromoterError,
    NetPromoterWarning,
    SmallSampleWarning,
)
from .results import ConfidenceInterval, NPSResult
from .scale import ONE_TO_TEN, STANDARD, Category, Scale, categorize
from .scoring import nps, score

if TYPE_CHECKING:
    from .compare import Comparison, compare
    from .coverage import CoverageResult, exact_coverage
    from .grouped import GroupedCounts
    from .planning import margin_of_error, power, sample_size, sample_size_per_group
    from .prioritize import PriorityRow, PriorityTable, fixability_from_effort, prioritize
    from .segments import OmnibusTest, SegmentReport, SegmentRow, segments
    from .trend import MannKendall, Shift, Slope, TrendReport, TrendRow, trend

# The analysis layers load on first use (PEP 562), so that `import netpromoter`
# stays light for apps that only score: name -> submodule that defines it.
_LAZY = {
    "Comparison": "compare",
    "compare": "compare",
    "CoverageResult": "coverage",
    "exact_coverage": "coverage",
    "GroupedCounts": "grouped",
    "margin_of_error": "planning",
    "power": "planning",
    "sample_size": "planning",
    "sample_size_per_group": "planning",
    "PriorityRow": "prioritize",
    "PriorityTable": "prioritize",
    "fixability_from_effort": "prioritize",
    "prioritize": "prioritize",
    "OmnibusTest": "segments",
    "SegmentReport": "segments",
    "SegmentRow": "segments",
    "segments": "segments",
    "MannKendall": "trend",
    "Shift": "trend",
    "Slope": "trend",
    "TrendReport": "trend",
    "TrendRow": "trend",
    "trend": "trend",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'netpromoter' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f".{module_name}", __name__)
    value = getattr(module, name)
    globals()[name] = value  # later lookups skip this function
    return value


class _Package(types.ModuleType):
    """The package module: a submodule named like its function binds the function.

    Importing ``netpromoter.segments`` (from anywhere: another layer, the Dask
    helpers, user code) makes Python bind the submodule as ``netpromoter.segments``,
    which would shadow the function ``segments``; bind the function instead, as
    the eager ``from .segments import segments`` would.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0.dev0"

__all__ = [
    "ONE_TO_TEN",
    "STANDARD",
    "Category",
    "Comparison",
    "ConfidenceInterval",
    "Counts",
    "CoverageResult",
    "EmptyDataWarning",
    "GroupedCounts",
    "InvalidCountsError",
    "InvalidOptionError",
    "InvalidScaleError",
    "InvalidScoreError",
    "InvalidTypeError",
    "InvalidWeightError",
    "LengthMismatchError",
    "MannKendall",
    "MissingValueError",
    "NPSResult",
    "NetPromoterError",
    "NetPromoterWarning",
    "OmnibusTest",
    "PriorityRow",
    "PriorityTable",
    "Scale",
    "SegmentReport",
    "SegmentRow",
    "Shift",
    "Slope",
    "SmallSampleWarning",
    "TrendReport",
    "TrendRow",
    "__version__",
    "categorize",
    "compare",
    "exact_coverage",
    "fixability_from_effort",
    "margin_of_error",
    "nps",
    "power",
    "prioritize",
    "sample_size",
    "sample_size_per_group",
    "score",
    "segments",
    "trend",
]
