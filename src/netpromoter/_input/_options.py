"""Option checks: the one validation path for every keyword option of every public function.

Data (scores, weights, labels) is checked in ``_validate.py``; what a caller
chooses (a method name, a confidence level, a seed, a threshold, a scale) is
checked here, at the entry of each public function and before any work, so
an option is checked whether or not the data at hand needs it.

Two kinds of failure, both our own errors whose message names the option and
the value given:

- a value of the wrong type (``min_n="30"``, ``scale="0-10"``) raises
  :class:`~netpromoter.errors.InvalidOptionTypeError`, which is both an
  ``InvalidOptionError`` and an ``InvalidTypeError`` (so a ``TypeError``);
- a value of the right type outside its range or its choices
  (``confidence=1.5``, ``method="wilson"``) raises
  :class:`~netpromoter.errors.InvalidOptionError` (a ``ValueError``).

The allowed option strings are read from the ``Literal`` aliases of
:mod:`netpromoter.typing`, where they are defined once.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeGuard, TypeVar, cast, get_args

import numpy as np

from ..errors import InvalidOptionError, InvalidOptionTypeError
from ..typing import (
    Alternative,
    Attribution,
    BootstrapKind,
    Chart,
    CompareAlternative,
    ControlChart,
    Correction,
    DecomposeMethod,
    DominanceLevel,
    DriverMethod,
    DriverTarget,
    Frequency,
    MeanMethod,
    Method,
    MissingGroups,
    MissingPolicy,
    NPSMethod,
    Order,
    PairedMethod,
    Performance,
    QuadrantCut,
    Reference,
    ShareMethod,
)
from ._metric import Metric
from ._scale import Scale

if TYPE_CHECKING:
    from ..typing import Prior

__all__ = [
    "ALTERNATIVES",
    "ATTRIBUTIONS",
    "BOOTSTRAP_KINDS",
    "CHARTS",
    "COMPARE_ALTERNATIVES",
    "CONTROL_CHARTS",
    "CORRECTIONS",
    "DECOMPOSE_METHODS",
    "DEFAULT_SHARE_METHOD",
    "DOMINANCE_LEVELS",
    "DRIVER_METHODS",
    "DRIVER_TARGETS",
    "FREQUENCIES",
    "MEAN_METHODS",
    "METHODS",
    "MISSING_GROUPS",
    "MISSING_POLICIES",
    "ORDERS",
    "PAIRED_METHODS",
    "PERFORMANCES",
    "QUADRANT_CUTS",
    "REFERENCES",
    "SHARE_METHODS",
    "SHARE_TEST_METHODS",
    "TWO_SAMPLE_METHODS",
    "as_generator",
    "check_axes",
    "check_benchmark",
    "check_choice",
    "check_column",
    "check_confidence",
    "check_flag",
    "check_freq",
    "check_integer",
    "check_label",
    "check_margin",
    "check_method",
    "check_number",
    "check_number_mapping",
    "check_points",
    "check_prior",
    "check_probability",
    "check_resamples",
    "check_scale",
    "check_weights_pair",
    "show",
    "split_method",
]

METHODS: tuple[NPSMethod, ...] = get_args(NPSMethod)
TWO_SAMPLE_METHODS: tuple[NPSMethod, ...] = get_args(NPSMethod)
SHARE_METHODS: tuple[ShareMethod, ...] = get_args(ShareMethod)
#: Tests of shares: the NPS kernels on share counts (no detractors) reduce to binomial tests.
SHARE_TEST_METHODS: tuple[NPSMethod, ...] = ("score", "wald", "bootstrap")
MEAN_METHODS: tuple[MeanMethod, ...] = get_args(MeanMethod)
#: Default interval method of a share, chosen by the exact coverage study (docs/coverage.md).
DEFAULT_SHARE_METHOD: ShareMethod = "wilson"
#: Per metric kind: (interval methods, test methods, default interval, default test).
_KIND_METHODS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, str]] = {
    "net": (METHODS, TWO_SAMPLE_METHODS, "adjusted-bayes", "score"),
    "share": (SHARE_METHODS, SHARE_TEST_METHODS, DEFAULT_SHARE_METHOD, "score"),
    "mean": (MEAN_METHODS, MEAN_METHODS, "t", "t"),
}
PAIRED_METHODS: tuple[PairedMethod, ...] = get_args(PairedMethod)
BOOTSTRAP_KINDS: tuple[BootstrapKind, ...] = get_args(BootstrapKind)
MISSING_POLICIES: tuple[MissingPolicy, ...] = get_args(MissingPolicy)
MISSING_GROUPS: tuple[MissingGroups, ...] = get_args(MissingGroups)
ALTERNATIVES: tuple[Alternative, ...] = get_args(Alternative)
COMPARE_ALTERNATIVES: tuple[CompareAlternative, ...] = get_args(CompareAlternative)
CONTROL_CHARTS: tuple[ControlChart, ...] = get_args(ControlChart)
CORRECTIONS: tuple[Correction, ...] = get_args(Correction)
REFERENCES: tuple[Reference, ...] = get_args(Reference)
ORDERS: tuple[Order, ...] = get_args(Order)
FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)
#: Each accepted ``freq`` as the bin it names (pandas aliases to our own).
_FREQ_BINS = {"MS": "M", "ME": "M", "QS": "Q", "QE": "Q", "YE": "Y", "W-SUN": "W"}
ATTRIBUTIONS: tuple[Attribution, ...] = get_args(Attribution)
CHARTS: tuple[Chart, ...] = get_args(Chart)
DRIVER_METHODS: tuple[DriverMethod, ...] = get_args(DriverMethod)
DRIVER_TARGETS: tuple[DriverTarget, ...] = get_args(DriverTarget)
PERFORMANCES: tuple[Performance, ...] = get_args(Performance)
QUADRANT_CUTS: tuple[QuadrantCut, ...] = get_args(QuadrantCut)
DECOMPOSE_METHODS: tuple[DecomposeMethod, ...] = get_args(DecomposeMethod)
DOMINANCE_LEVELS: tuple[DominanceLevel, ...] = get_args(DominanceLevel)

_Choice = TypeVar("_Choice", bound=str)

_SHOWN = 80  # characters of a value's repr kept in a message


def show(value: object) -> str:
    """A value as a message shows it: its repr, cut short if long."""
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__}>"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _wrong_type(name: str, expected: str, value: object) -> NoReturn:
    raise InvalidOptionTypeError(f"{name} must be {expected}; got {type(value).__name__} {show(value)}")


def _wrong_value(name: str, expected: str, value: object) -> NoReturn:
    raise InvalidOptionError(f"{name} must be {expected}; got {show(value)}")


def _is_real(value: object) -> TypeGuard[numbers.Real]:
    # bool is an int to Python, but True is never meant as a number of anything.
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_integer(value: object) -> TypeGuard[numbers.Integral | np.integer[Any]]:
    return isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))


def _range_text(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        if low_open and high_open:
            return f"strictly between {low:g} and {high:g}"
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        return f"in {left}{low:g}, {high:g}{right}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high:g}"
    return ""


def _in_range(x: float, low: float | None, high: float | None, low_open: bool, high_open: bool) -> bool:
    if low is not None and (x <= low if low_open else x < low):
        return False
    return not (high is not None and (x >= high if high_open else x > high))


def check_choice(value: object, options: tuple[_Choice, ...], name: str) -> _Choice:
    """``value`` if it is one of the ``options`` strings (from a ``Literal`` alias)."""
    for option in options:
        if isinstance(value, str) and value == option:
            return option
    listed = ", ".join(repr(option) for option in options)
    raise InvalidOptionError(f"{name} must be one of {listed}; got {show(value)}")


def check_method(value: object, kind: str, role: str, *, metric: str = "NPS") -> Method:
    """A method name that works for a metric ``kind`` ("net", "share", "mean") in ``role``.

    ``role`` is ``"interval"``, ``"test"`` or ``"both"`` (segments and trend: one
    name sets the interval and the test where it names both, else the one it names).
    ``None`` picks the default of the role.
    """
    intervals, tests, default_interval, default_test = _KIND_METHODS[kind]
    allowed = intervals if role == "interval" else tests if role == "test" else intervals + tests
    if value is None:
        return cast("Method", default_test if role == "test" else default_interval)
    if isinstance(value, str) and value in allowed:
        return cast("Method", value)
    listed = ", ".join(repr(option) for option in dict.fromkeys(allowed))
    what = {"net": "a net score", "share": "a share", "mean": "a mean"}[kind]
    raise InvalidOptionError(f"method must be one of {listed} for {metric} ({what}); got {show(value)}")


def split_method(value: object, kind: str, *, metric: str = "NPS") -> tuple[Method, Method]:
    """The (interval, test) methods one ``method`` option names for segments and trend."""
    intervals, tests, default_interval, default_test = _KIND_METHODS[kind]
    chosen = None if value is None else check_method(value, kind, "both", metric=metric)
    interval = chosen if chosen in intervals else default_interval
    test = chosen if chosen in tests else default_test
    return cast("Method", interval), cast("Method", test)


def check_benchmark(value: object, metric: Metric, name: str = "benchmark") -> float:
    """A benchmark in the metric's unit: points (net), percent (share) or a scale value (mean)."""
    if metric.kind == "net":
        return check_points(value, name)
    low, high = (0.0, 100.0) if metric.kind == "share" else (float(metric.minimum), float(metric.maximum))
    return check_number(value, name, low=low, high=high)


def check_freq(value: object) -> str:
    """The date bin a ``freq`` names: "h", "D", "W", "M", "Q" or "Y" (pandas aliases mapped)."""
    if isinstance(value, str) and value.upper().startswith("W-") and value != "W-SUN":
        raise InvalidOptionError(
            f"freq {value!r}: weeks run Monday to Sunday ('W' or 'W-SUN'); "
            "other week anchors are not supported"
        )
    chosen = check_choice(value, FREQUENCIES, "freq")
    return _FREQ_BINS.get(chosen, chosen)


def check_flag(value: object, name: str) -> bool:
    """A True/False option; 0, 1, "yes" and None are not flags."""
    if not isinstance(value, (bool, np.bool_)):
        _wrong_type(name, "True or False", value)
    return bool(value)


def check_number(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite real number within the given bounds, as a float."""
    if low == 0 and low_open and high is None:
        expected = "a positive finite number"
    else:
        expected = f"a finite number {_range_text(low, high, low_open, high_open)}".rstrip()
    if not _is_real(value):
        _wrong_type(name, expected, value)
    try:
        x = float(value)
    except OverflowError:  # an int beyond the float range: not finite either
        _wrong_value(name, expected, value)
    if not math.isfinite(x) or not _in_range(x, low, high, low_open, high_open):
        _wrong_value(name, expected, value)
    return x


def check_integer(value: object, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """A whole number (int or numpy integer, not a float) within the given bounds."""
    expected = f"an integer {_range_text(low, high, False, False)}".rstrip()
    if not _is_integer(value):
        _wrong_type(name, expected, value)
    number = int(value)
    if not _in_range(number, low, high, False, False):
        _wrong_value(name, expected, value)
    return number


def check_confidence(value: object, name: str = "confidence") -> float:
    """A confidence level strictly between 0 and 1 whose normal quantiles are finite.

    Two-sided intervals use the quantile at 0.5 + confidence / 2 and one-sided
    ones the two-sided level 2 confidence - 1; within about 1e-16 of 1 (or of
    0) these round to 1 (or -1) in floating point and the quantile is
    infinite, so such levels are refused here rather than failing deeper down.
    """
    level = check_number(value, name, low=0.0, high=1.0, low_open=True, high_open=True)
    if not (0.5 + level / 2.0 < 1.0 and 2.0 * level - 1.0 > -1.0):
        raise InvalidOptionError(
            f"{name} must be strictly between 0 and 1, and not within 1e-16 of either (its normal "
            f"quantiles must be finite); got {show(value)}"
        )
    return level


def check_probability(value: object, name: str) -> float:
    """A probability strictly between 0 and 1 (e.g. power)."""
    return check_number(value, name, low=0.0, high=1.0, low_open=True, high_open=True)


def check_points(value: object, name: str) -> float:
    """An NPS in points, -100..100 (a benchmark, a baseline)."""
    expected = "an NPS in points, between -100 and 100"
    if not _is_real(value):
        _wrong_type(name, expected, value)
    if not -100.0 <= float(value) <= 100.0:  # NaN fails too
        _wrong_value(name, expected, value)
    return float(value)


def check_margin(value: object, name: str = "margin") -> float:
    """The smallest difference that matters, in NPS points: a finite number >= 0."""
    return check_number(value, name, low=0.0)


def check_label(value: object, name: str) -> Hashable:
    """A label (hashable), e.g. a segment used as reference."""
    if not isinstance(value, Hashable):
        _wrong_type(name, "a label (a hashable value such as a string or number)", value)
    try:
        hash(value)
    except TypeError:  # a tuple holding a list
        _wrong_type(name, "a label (a hashable value such as a string or number)", value)
    return value


def check_scale(value: object, name: str = "scale") -> Scale:
    """A :class:`~netpromoter.Scale` (``nps.STANDARD``, ``nps.ONE_TO_TEN`` or your own)."""
    if not isinstance(value, Scale):
        _wrong_type(name, "a netpromoter.Scale such as nps.STANDARD or nps.Scale(1, 5, 3, 5)", value)
    return value


def as_generator(rng: object) -> np.random.Generator:
    """``rng`` as a Generator; None means a fixed seed, so results are reproducible."""
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, np.random.Generator):
        return rng
    if not _is_integer(rng):
        _wrong_type("rng", "a non-negative integer seed or a numpy.random.Generator", rng)
    seed = int(rng)
    if seed < 0:
        _wrong_value("rng", "a non-negative integer seed or a numpy.random.Generator", rng)
    return np.random.default_rng(seed)


def check_resamples(value: object, name: str = "resamples") -> int:
    """Number of resamples (bootstrap replicates or Monte Carlo draws): an integer >= 100."""
    return check_integer(value, name, low=100)


def check_prior(value: object, name: str = "prior") -> Prior:
    """Dirichlet prior for (detractors, passives, promoters): three finite positive numbers."""
    expected = "three finite positive numbers (detractors, passives, promoters)"
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        _wrong_type(name, expected, value)
    values = list(value)
    if not all(_is_real(v) for v in values):
        _wrong_type(name, expected, value)
    numbers_ = [float(v) for v in values]
    if len(numbers_) != 3 or not all(math.isfinite(v) and v > 0 for v in numbers_):
        _wrong_value(name, expected, value)
    return (numbers_[0], numbers_[1], numbers_[2])


def check_number_mapping(
    values: object,
    name: str,
    *,
    low: float,
    high: float | None = None,
    key: str = "theme",
) -> dict[Hashable, float]:
    """A mapping key -> finite number in [low, high]; every bad entry is named with its key.

    One pass over a user's small mapping (themes, not responses).
    """
    expected = f"a mapping {key} -> finite number {_range_text(low, high, False, False)}"
    if not isinstance(values, Mapping):
        _wrong_type(name, expected, values)
    checked: dict[Hashable, float] = {}
    wrong_type, wrong_value = [], []
    for label, number in values.items():
        if not _is_real(number):
            wrong_type.append(label)
        elif not (math.isfinite(float(number)) and _in_range(float(number), low, high, False, False)):
            wrong_value.append(label)
        else:
            checked[label] = float(number)
    if wrong_type or wrong_value:
        bad = sorted(wrong_type + wrong_value, key=str)
        listed = ", ".join(f"{show(label)}: {show(values[label])}" for label in bad)
        error = InvalidOptionTypeError if wrong_type else InvalidOptionError
        raise error(f"{name} must be {expected}; check {key}(s) {listed}")
    return checked


def check_axes(ax: object, name: str = "ax") -> Any:
    """None (draw on a new figure) or a matplotlib Axes; matplotlib is imported only to check."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        _wrong_type(name, "a matplotlib Axes or None", ax)
    return ax


def check_column(frame: Any, column: object, name: str) -> str:
    """A column name of a (Dask or pandas) DataFrame."""
    if not isinstance(column, str):
        _wrong_type(name, "a column name (a string)", column)
    if column not in frame.columns:
        shown = ", ".join(repr(c) for c in list(frame.columns)[:10])
        raise InvalidOptionError(f"{name} must be a column of the frame ({shown}); got {show(column)}")
    return column


def _is_sequence(value: object) -> bool:
    """An array-like of values (not a number, string or mapping): one weight per response."""
    return value is not None and not isinstance(value, (str, bytes, Mapping, numbers.Number, np.generic))


def check_weights_pair(value: object, *, pair: bool, name: str = "weights") -> tuple[Any, Any]:
    """``compare``'s weights: a pair ``(weights_a, weights_b)`` for two samples, else one array.

    Returns the weights of a and of b (None where not given). The arrays
    themselves are checked with the data (``validate_weights``).
    """
    if value is None:
        return None, None
    parts: tuple[Any, ...] = tuple(value) if isinstance(value, (tuple, list)) and len(value) == 2 else ()
    if pair:
        if (
            not parts
            or not any(_is_sequence(v) for v in parts)
            or not all(v is None or _is_sequence(v) for v in parts)
        ):
            raise InvalidOptionError(
                f"{name} for two samples must be a pair (weights_a, weights_b), each one weight per "
                f"response or None; got {show(value)}"
            )
        return parts[0], parts[1]
    if parts and all(_is_sequence(v) for v in parts):
        raise InvalidOptionError(
            f"{name} with a benchmark or paired answers is one array (one weight per response of a, "
            f"or per pair), not a pair; got {show(value)}"
        )
    return value, None
