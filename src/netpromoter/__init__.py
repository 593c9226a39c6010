"""netpromoter: typed, fast, correct Net Promoter Score analytics.

>>> import netpromoter as nps
>>> nps.score([10, 9, 9, 8, 7, 6, 3, 10, 9, 10]).nps
40.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._analysis._score import nps, score
from ._counts._counts import Counts
from ._counts._ratings import RatingCounts
from ._input._metric import CES, CSAT, ENPS_FIVE, NPS, Metric
from ._input._scale import ONE_TO_TEN, STANDARD, Category, Scale
from ._input._validate import categorize
from ._results._values import ConfidenceInterval, NPSResult
from .errors import (
    DegenerateDataError,
    EmptyDataWarning,
    InvalidCountsError,
    InvalidOptionError,
    InvalidOptionTypeError,
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

if TYPE_CHECKING:
    from ._analysis._compare import Comparison, compare
    from ._analysis._coverage import CoverageResult, exact_coverage
    from ._analysis._crosstab import CrossTab, crosstab
    from ._analysis._decompose import (
        Decomposition,
        DecompositionRow,
        ThemeContributionRow,
        ThemeContributions,
        decompose,
        theme_contributions,
    )
    from ._analysis._drivers import Dominance, DriverRow, DriverTable, QuadrantRow, QuadrantTable, drivers
    from ._analysis._monitor import Alert, Monitor, WindowCheck
    from ._analysis._paired import Pairs, TransitionRow, TransitionTable, pairs, transitions
    from ._analysis._planning import margin_of_error, power, sample_size, sample_size_per_group
    from ._analysis._prioritize import (
        PlanStep,
        PriorityRow,
        PriorityTable,
        fixability_from_effort,
        prioritize,
    )
    from ._analysis._scorecard import Scorecard, scorecard
    from ._analysis._segments import OmnibusTest, SegmentReport, SegmentRow, Shrinkage, segments
    from ._analysis._text import TermRow, TermTable, distinctive_terms, tag_themes
    from ._analysis._trend import MannKendall, Shift, Slope, TrendReport, TrendRow, trend
    from ._counts._grouped import GroupedCounts

# The heavier verbs load on first use (PEP 562), so that `import netpromoter`
# stays light for apps that only score: public name -> private module defining it.
# No public name is also a module's name, so no import can shadow one.
_LAZY = {
    "Comparison": "_analysis._compare",
    "compare": "_analysis._compare",
    "CrossTab": "_analysis._crosstab",
    "crosstab": "_analysis._crosstab",
    "Scorecard": "_analysis._scorecard",
    "scorecard": "_analysis._scorecard",
    "CoverageResult": "_analysis._coverage",
    "exact_coverage": "_analysis._coverage",
    "Decomposition": "_analysis._decompose",
    "DecompositionRow": "_analysis._decompose",
    "ThemeContributionRow": "_analysis._decompose",
    "ThemeContributions": "_analysis._decompose",
    "decompose": "_analysis._decompose",
    "theme_contributions": "_analysis._decompose",
    "Dominance": "_analysis._drivers",
    "DriverRow": "_analysis._drivers",
    "DriverTable": "_analysis._drivers",
    "QuadrantRow": "_analysis._drivers",
    "QuadrantTable": "_analysis._drivers",
    "drivers": "_analysis._drivers",
    "GroupedCounts": "_counts._grouped",
    "Alert": "_analysis._monitor",
    "Monitor": "_analysis._monitor",
    "WindowCheck": "_analysis._monitor",
    "Pairs": "_analysis._paired",
    "TransitionRow": "_analysis._paired",
    "TransitionTable": "_analysis._paired",
    "pairs": "_analysis._paired",
    "transitions": "_analysis._paired",
    "margin_of_error": "_analysis._planning",
    "power": "_analysis._planning",
    "sample_size": "_analysis._planning",
    "sample_size_per_group": "_analysis._planning",
    "PlanStep": "_analysis._prioritize",
    "PriorityRow": "_analysis._prioritize",
    "PriorityTable": "_analysis._prioritize",
    "fixability_from_effort": "_analysis._prioritize",
    "prioritize": "_analysis._prioritize",
    "OmnibusTest": "_analysis._segments",
    "SegmentReport": "_analysis._segments",
    "SegmentRow": "_analysis._segments",
    "Shrinkage": "_analysis._segments",
    "segments": "_analysis._segments",
    "TermRow": "_analysis._text",
    "TermTable": "_analysis._text",
    "distinctive_terms": "_analysis._text",
    "tag_themes": "_analysis._text",
    "MannKendall": "_analysis._trend",
    "Shift": "_analysis._trend",
    "Slope": "_analysis._trend",
    "TrendReport": "_analysis._trend",
    "TrendRow": "_analysis._trend",
    "trend": "_analysis._trend",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'netpromoter' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0.dev0"

__all__ = [
    "CES",
    "CSAT",
    "ENPS_FIVE",
    "NPS",
    "ONE_TO_TEN",
    "STANDARD",
    "Alert",
    "Category",
    "Comparison",
    "ConfidenceInterval",
    "Counts",
    "CoverageResult",
    "CrossTab",
    "Decomposition",
    "DecompositionRow",
    "DegenerateDataError",
    "Dominance",
    "DriverRow",
    "DriverTable",
    "EmptyDataWarning",
    "GroupedCounts",
    "InvalidCountsError",
    "InvalidOptionError",
    "InvalidOptionTypeError",
    "InvalidScaleError",
    "InvalidScoreError",
    "InvalidTypeError",
    "InvalidWeightError",
    "LengthMismatchError",
    "MannKendall",
    "Metric",
    "MissingValueError",
    "Monitor",
    "NPSResult",
    "NetPromoterError",
    "NetPromoterWarning",
    "OmnibusTest",
    "Pairs",
    "PlanStep",
    "PriorityRow",
    "PriorityTable",
    "QuadrantRow",
    "QuadrantTable",
    "RatingCounts",
    "Scale",
    "Scorecard",
    "SegmentReport",
    "SegmentRow",
    "Shift",
    "Shrinkage",
    "Slope",
    "SmallSampleWarning",
    "TermRow",
    "TermTable",
    "ThemeContributionRow",
    "ThemeContributions",
    "TransitionRow",
    "TransitionTable",
    "TrendReport",
    "TrendRow",
    "WindowCheck",
    "__version__",
    "categorize",
    "compare",
    "crosstab",
    "decompose",
    "distinctive_terms",
    "drivers",
    "exact_coverage",
    "fixability_from_effort",
    "margin_of_error",
    "nps",
    "pairs",
    "power",
    "prioritize",
    "sample_size",
    "sample_size_per_group",
    "score",
    "scorecard",
    "segments",
    "tag_themes",
    "theme_contributions",
    "transitions",
    "trend",
]
