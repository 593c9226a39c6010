"""Response scales and the promoter / passive / detractor categories."""

from __future__ import annotations

import enum
import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InvalidScaleError

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["ONE_TO_TEN", "STANDARD", "Category", "Scale", "category_index"]


class Category(enum.IntEnum):
    """Category of a response; the value is its contribution to NPS / 100."""

    DETRACTOR = -1
    PASSIVE = 0
    PROMOTER = 1


@dataclass(frozen=True, slots=True)
class Scale:
    """An integer response scale and where its categories start.

    Parameters
    ----------
    minimum, maximum : int
        Lowest and highest allowed score.
    detractor_max : int
        Highest score counted as a detractor.
    promoter_min : int
        Lowest score counted as a promoter. Scores strictly between
        ``detractor_max`` and ``promoter_min`` are passives (possibly none).

    Raises
    ------
    InvalidScaleError
        Unless ``minimum <= detractor_max < promoter_min <= maximum`` and all
        four are integers.

    Examples
    --------
    >>> from netpromoter import Scale
    >>> five = Scale(minimum=1, maximum=5, detractor_max=3, promoter_min=5)
    >>> five
    Scale(minimum=1, maximum=5, detractor_max=3, promoter_min=5)
    >>> five.label
    '1-5'
    """

    minimum: int = 0
    maximum: int = 10
    detractor_max: int = 6
    promoter_min: int = 9

    def __post_init__(self) -> None:
        for name in ("minimum", "maximum", "detractor_max", "promoter_min"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise InvalidScaleError(f"Scale {name} must be an integer, got {value!r}")
            object.__setattr__(self, name, int(value))
        if not self.minimum <= self.detractor_max < self.promoter_min <= self.maximum:
            raise InvalidScaleError(
                "Scale needs minimum <= detractor_max < promoter_min <= maximum, got "
                f"minimum={self.minimum}, detractor_max={self.detractor_max}, "
                f"promoter_min={self.promoter_min}, maximum={self.maximum}"
            )

    @property
    def label(self) -> str:
        """The scale as people say it, e.g. ``"0-10"``."""
        return f"{self.minimum}-{self.maximum}"

    def category_of(self, score: int) -> Category:
        """Category of one in-scale integer score.

        >>> STANDARD.category_of(8)
        <Category.PASSIVE: 0>
        """
        if score <= self.detractor_max:
            return Category.DETRACTOR
        if score >= self.promoter_min:
            return Category.PROMOTER
        return Category.PASSIVE


#: The usual 0-10 "likelihood to recommend" scale: 0-6, 7-8, 9-10.
STANDARD = Scale()
#: The 1-10 variant: detractors 1-6, passives 7-8, promoters 9-10.
ONE_TO_TEN = Scale(minimum=1, maximum=10, detractor_max=6, promoter_min=9)


def category_index(values: NDArray[Any], scale: Scale) -> NDArray[np.int8]:
    """Column of each (validated, non-missing) score: 0 detractor, 1 passive, 2 promoter.

    The column order is the one of every (k, 3) counts array in the library.
    Two comparisons on the (compact) score array, as int8. Missing (NaN)
    entries land in column 0 and must be masked by the caller.
    """
    index: NDArray[np.int8] = (values > scale.detractor_max).view(np.int8)
    return index + (values >= scale.promoter_min).view(np.int8)


def scale_without_detractors(minimum: int, maximum: int, promoter_min: int) -> Scale:
    """A scale whose lower categories are all passives: a share metric's categories.

    ``Scale`` itself insists on a detractor box (its contract since 0.1);
    a share (top box against the rest) counts the rest as passives, so that
    the -1..1 statistic p - d of the counts is the share itself. Built past
    the public check; used only through :class:`~netpromoter.Metric`.
    """
    scale = object.__new__(Scale)
    for name, value in (
        ("minimum", minimum),
        ("maximum", maximum),
        ("detractor_max", minimum - 1),
        ("promoter_min", promoter_min),
    ):
        object.__setattr__(scale, name, int(value))
    return scale
