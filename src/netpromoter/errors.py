"""Errors and warnings raised by netpromoter.

Every error derives from :class:`NetPromoterError` and from the built-in
exception a caller would expect (``ValueError`` for bad values, ``TypeError``
for bad types), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = [
    "DegenerateDataError",
    "EmptyDataWarning",
    "InvalidCountsError",
    "InvalidOptionError",
    "InvalidOptionTypeError",
    "InvalidScaleError",
    "InvalidScoreError",
    "InvalidTypeError",
    "InvalidWeightError",
    "LengthMismatchError",
    "MissingValueError",
    "NetPromoterError",
    "NetPromoterWarning",
    "SmallSampleWarning",
]


class NetPromoterError(Exception):
    """Base class of every error raised by netpromoter."""


class InvalidScoreError(NetPromoterError, ValueError):
    """A score is outside the scale, fractional or infinite."""


class InvalidTypeError(NetPromoterError, TypeError):
    """An input has the wrong type or shape (strings, 2-D arrays, dates, ...)."""


class MissingValueError(NetPromoterError, ValueError):
    """A missing value was found under ``missing="raise"``."""


class InvalidWeightError(NetPromoterError, ValueError):
    """Weights are negative, non-finite or sum to zero."""


class LengthMismatchError(NetPromoterError, ValueError):
    """Two inputs that must align response by response differ in length, or in pandas index labels."""


class InvalidScaleError(NetPromoterError, ValueError):
    """A :class:`~netpromoter.Scale` with inconsistent bounds."""


class InvalidCountsError(NetPromoterError, ValueError):
    """Category counts that cannot be counts (negative, non-finite, ...)."""


class InvalidOptionError(NetPromoterError, ValueError):
    """An option is outside its allowed values (unknown method, confidence not in (0, 1))."""


class InvalidOptionTypeError(InvalidOptionError, InvalidTypeError):
    """An option of the wrong type (``min_n="30"``, ``scale="0-10"``).

    Both an :class:`InvalidOptionError` and an :class:`InvalidTypeError`, so
    ``except ValueError`` and ``except TypeError`` both catch it.
    """


class DegenerateDataError(NetPromoterError, ValueError):
    """Data that cannot support the analysis asked for: a constant or collinear
    attribute, fewer responses than a model needs, a period with no responses."""


class NetPromoterWarning(RuntimeWarning):
    """Base class of the domain warnings netpromoter emits."""


class SmallSampleWarning(NetPromoterWarning):
    """A result rests on very few responses."""


class EmptyDataWarning(NetPromoterWarning):
    """A group or period has no responses; its results are NaN."""
