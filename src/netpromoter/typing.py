"""Option strings and array aliases, defined once and reused everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

import numpy as np
from numpy.typing import NDArray

#: Confidence-interval methods accepted by :func:`netpromoter.score`.
Method = Literal["wald", "adjusted-wald", "score", "bayes", "adjusted-bayes", "bootstrap"]
#: Bootstrap interval types.
BootstrapKind = Literal["bca", "percentile"]
#: What to do with missing scores (NaN, None, ``pd.NA``).
MissingPolicy = Literal["omit", "raise"]
#: Direction of a hypothesis test.
Alternative = Literal["two-sided", "greater", "less"]
#: Sequential chart of :class:`netpromoter.Monitor`.
Chart = Literal["cusum", "ewma"]
#: What an :class:`netpromoter.Alert` reports.
AlertKind = Literal["detractor", "drop", "rise"]

#: Relative-importance methods of :func:`netpromoter.drivers`.
DriverMethod = Literal["shapley", "johnson"]
#: What :func:`netpromoter.drivers` explains: the score, a category indicator, or the -1/0/+1 NPS code.
DriverTarget = Literal["score", "promoter", "detractor", "nps"]
#: An attribute's performance in the importance x performance quadrant.
Performance = Literal["mean", "top-box"]
#: Where the quadrant is cut: the mean or the median over attributes.
QuadrantCut = Literal["mean", "median"]
#: Interval methods of :func:`netpromoter.decompose`.
DecomposeMethod = Literal["delta", "bootstrap"]

METHODS: tuple[str, ...] = get_args(Method)
MISSING_POLICIES: tuple[str, ...] = get_args(MissingPolicy)
ALTERNATIVES: tuple[str, ...] = get_args(Alternative)
BOOTSTRAP_KINDS: tuple[str, ...] = get_args(BootstrapKind)
DRIVER_METHODS: tuple[str, ...] = get_args(DriverMethod)
DRIVER_TARGETS: tuple[str, ...] = get_args(DriverTarget)
PERFORMANCES: tuple[str, ...] = get_args(Performance)
QUADRANT_CUTS: tuple[str, ...] = get_args(QuadrantCut)
DECOMPOSE_METHODS: tuple[str, ...] = get_args(DecomposeMethod)
CHARTS: tuple[str, ...] = get_args(Chart)

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

if TYPE_CHECKING:
    # Only for annotations: touching np.random at run time would import it
    # (about 15 ms) for every user of the package.
    from typing import TypeAlias

    #: A seed or a generator, as in Scientific Python SPEC 7.
    RNGLike: TypeAlias = int | np.random.Generator | None
