"""netpromoter: typed, fast, correct Net Promoter Score analytics.

>>> import netpromoter as nps
>>> nps.score([10, 9, 9, 8, 7, 6, 3, 10, 9, 10]).nps
40.0
"""

from __future__ import annotations

from .compare import Comparison, compare
from .counts import Counts
from .coverage import CoverageResult, exact_coverage
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
from .grouped import GroupedCounts
from .planning import margin_of_error, power, sample_size, sample_size_per_group
from .prioritize import PriorityRow, PriorityTable, fixability_from_effort, prioritize
from .results import ConfidenceInterval, NPSResult
from .scale import ONE_TO_TEN, STANDARD, Category, Scale, categorize
from .scoring import nps, score
from .segments import OmnibusTest, SegmentReport, SegmentRow, segments
from .trend import MannKendall, Shift, Slope, TrendReport, TrendRow, trend

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
