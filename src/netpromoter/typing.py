"""Types for code that calls netpromoter: every option string, and the inputs it accepts.

Each option that takes one of a few strings has a ``Literal`` alias here, and
only here: the public signatures use the alias (so a type checker catches
``method="wilson"``), and the library validates its options against the same
alias with :func:`typing.get_args` (so an unknown string raises
:class:`~netpromoter.InvalidOptionError` listing exactly these values).

The input types say what the functions accept: lists and tuples (``None`` or
NaN marking a missing answer), numpy arrays and pandas Series. They are
plain aliases, usable in your own signatures; importing this module loads
neither pandas nor ``numpy.random``.

Examples
--------
>>> from typing import get_args
>>> from netpromoter.typing import Alternative, ScoresLike
>>> get_args(Alternative)
('two-sided', 'greater', 'less')
>>> def answers() -> ScoresLike:
...     return [10, 7, 3, None]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Literal, TypeAlias, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "AlertKind",
    "Alternative",
    "Attribution",
    "BoolArray",
    "BootstrapKind",
    "Chart",
    "CompareAlternative",
    "ControlChart",
    "Correction",
    "DecomposeMethod",
    "DominanceLevel",
    "DriverMethod",
    "DriverTarget",
    "FloatArray",
    "Frequency",
    "GroupsLike",
    "IntArray",
    "LabelsLike",
    "LogOddsPrior",
    "MeanMethod",
    "Method",
    "MissingGroups",
    "MissingPolicy",
    "NPSMethod",
    "Order",
    "PairedMethod",
    "Performance",
    "Prior",
    "QuadrantCut",
    "RNGLike",
    "Reference",
    "ScoresLike",
    "ShareMethod",
    "TextsLike",
    "ThemesLike",
    "TwoSampleMethod",
    "WeightsLike",
]

# -- option strings ---------------------------------------------------------------------------

NPSMethod: TypeAlias = Literal["wald", "adjusted-wald", "score", "bayes", "adjusted-bayes", "bootstrap"]
"""Interval method of a net score such as the NPS (default ``"adjusted-bayes"``)."""

ShareMethod: TypeAlias = Literal["wilson", "jeffreys", "exact", "agresti-coull", "wald"]
"""Interval method of a share (top-box) metric such as CSAT."""

MeanMethod: TypeAlias = Literal["t"]
"""Interval and test method of a mean metric (Student's t; Welch's for two samples)."""

Method: TypeAlias = Literal[NPSMethod, ShareMethod, MeanMethod]
"""Interval method of :func:`~netpromoter.score`: :data:`NPSMethod` names for net
scores (default ``"adjusted-bayes"``), :data:`ShareMethod` names for shares,
``"t"`` for means."""

TwoSampleMethod: TypeAlias = Method
"""Test method of :func:`~netpromoter.compare` for two samples or a benchmark, and of
:func:`~netpromoter.segments` and :func:`~netpromoter.trend`: the same names as
:data:`Method` (default ``"score"``)."""

PairedMethod: TypeAlias = Literal["wald", "bootstrap", "bayes"]
"""Test method of :func:`~netpromoter.compare` for paired answers (default ``"wald"``)."""

BootstrapKind: TypeAlias = Literal["bca", "percentile"]
"""Bootstrap interval type of :func:`~netpromoter.score`."""

MissingPolicy: TypeAlias = Literal["omit", "raise"]
"""What to do with a missing score (NaN, None, ``pd.NA``): leave it out and count it, or raise."""

MissingGroups: TypeAlias = Literal["segment", "exclude"]
"""A missing group label is its own segment (labelled None), or the response is left out."""

Alternative: TypeAlias = Literal["two-sided", "greater", "less"]
"""Direction of the alternative hypothesis, as in scipy.stats."""

CompareAlternative: TypeAlias = Literal["two-sided", "greater", "less", "equivalence"]
"""Alternative of :func:`~netpromoter.compare`: those of :data:`Alternative`, or
``"equivalence"`` (H1: the two NPS differ by less than ``margin``; two one-sided tests)."""

Correction: TypeAlias = Literal["holm", "bonferroni", "fdr_bh"]
"""Multiple-testing correction of :func:`~netpromoter.segments` (or None for none)."""

Reference: TypeAlias = Literal["overall", "rest", "pairwise"]
"""What :func:`~netpromoter.segments` compares each segment with, besides a segment label."""

Order: TypeAlias = Literal["label", "nps", "lower", "shrunk"]
"""Row order of :func:`~netpromoter.segments`: by label, NPS, lower bound, or shrunk (EBLUP) NPS."""

Frequency: TypeAlias = Literal["h", "D", "W", "M", "Q", "Y", "MS", "ME", "QS", "QE", "YE", "W-SUN"]
"""Date bins of :func:`~netpromoter.trend`: hour, day, week (from Monday), month, quarter, year.

The pandas aliases "MS"/"ME", "QS"/"QE", "YE" name the same month, quarter
and year bins, and "W-SUN" (pandas' week ending on Sunday) is "W"."""

Attribution: TypeAlias = Literal["full", "split"]
"""How :func:`~netpromoter.prioritize` counts a response citing k themes: 1 or 1/k each."""

Chart: TypeAlias = Literal["cusum", "ewma"]
"""Sequential chart of :class:`~netpromoter.Monitor`."""

ControlChart: TypeAlias = Literal["laney", "p"]
"""Control chart of :func:`~netpromoter.trend`: Laney's p' chart (limits widened by the
between-period variation) or the classical p chart."""

AlertKind: TypeAlias = Literal["detractor", "drop", "rise"]
"""What an :class:`~netpromoter.Alert` reports."""

DriverMethod: TypeAlias = Literal["shapley", "johnson"]
"""Relative-importance method of :func:`~netpromoter.drivers`."""

DriverTarget: TypeAlias = Literal["score", "promoter", "detractor", "nps"]
"""What :func:`~netpromoter.drivers` explains: the score, a category indicator, or the
-1/0/+1 NPS code."""

Performance: TypeAlias = Literal["mean", "top-box"]
"""An attribute's performance in the importance x performance quadrant."""

QuadrantCut: TypeAlias = Literal["mean", "median"]
"""Where the quadrant is cut: the mean or the median over attributes."""

DecomposeMethod: TypeAlias = Literal["delta", "bootstrap"]
"""Interval method of :func:`~netpromoter.decompose`."""

DominanceLevel: TypeAlias = Literal["complete", "conditional", "general"]
"""Level of :meth:`~netpromoter.Dominance.dominates`: in every subset model, on average
within every model size, or on average over all sizes."""

LogOddsPrior: TypeAlias = Literal["pooled", "empirical"]
"""The prior of :func:`~netpromoter.distinctive_terms` besides a number or a mapping:
each term's count in the two groups, compared group against group (``"pooled"``) or, as
tidylo's empirical Bayes, the focus group against both (``"empirical"``)."""

# -- inputs -------------------------------------------------------------------------------------

ScoresLike: TypeAlias = ArrayLike | Sequence[float | None]
"""Scores, one per response: a list or tuple (None or NaN for a missing answer, as in
``[10, 7, 3, None]``), a numpy array, or a pandas Series (nullable dtypes included)."""

WeightsLike: TypeAlias = ArrayLike
"""Survey weights, one finite non-negative number per response (list, array or Series)."""

LabelsLike: TypeAlias = ArrayLike | Sequence[Hashable]
"""Labels, one per response (groups, periods, respondent ids): numbers, strings, dates or
None for missing, as a list, numpy array or pandas Series; for groups also a tuple of
such columns, or a DataFrame."""

GroupsLike: TypeAlias = LabelsLike | tuple[LabelsLike, ...]
"""Groups of responses: one column of labels, or a tuple of columns (every combination
that occurs is a group, labelled by a tuple), or a DataFrame of such columns."""

ThemesLike: TypeAlias = Iterable[Hashable | Iterable[Hashable]]
"""Themes, one entry per response: a label, an iterable of labels, or None."""

TextsLike: TypeAlias = Iterable[str | float | None]
"""Free-text comments, one per response: strings, with None or NaN for no comment (a list,
numpy array, pandas or polars Series, or pyarrow array)."""

RNGLike: TypeAlias = Union[int, "np.random.Generator", None]
"""Randomness, as in Scientific Python SPEC 7: a non-negative integer seed or a
``numpy.random.Generator``; None means a fixed seed (the same call gives the same result)."""

Prior: TypeAlias = tuple[float, float, float]
"""Dirichlet prior (detractors, passives, promoters): three positive numbers."""

# -- arrays returned ----------------------------------------------------------------------------

FloatArray: TypeAlias = NDArray[np.float64]
"""A float64 numpy array."""
BoolArray: TypeAlias = NDArray[np.bool_]
"""A boolean numpy array."""
IntArray: TypeAlias = NDArray[np.intp]
"""An integer (intp) numpy array."""
