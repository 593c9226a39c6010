"""Sample-size and power planning, in NPS points."""

from __future__ import annotations

import math

from .._counts._counts import Counts
from .._input._options import (
    ALTERNATIVES,
    check_choice,
    check_confidence,
    check_number,
    check_probability,
    show,
)
from .._stats._normal import normal_cdf, normal_ppf
from ..errors import InvalidOptionError, InvalidOptionTypeError
from ..typing import Alternative

__all__ = ["margin_of_error", "power", "sample_size", "sample_size_per_group"]

Expected = tuple[float, float] | Counts | None


def _variance(expected: object, name: str = "expected") -> float:
    """Variance of one response coded -1/0/+1: V = p + d - (p - d)^2; worst case 1."""
    if expected is None:
        return 1.0  # half promoters, half detractors
    if isinstance(expected, Counts):
        if expected.total == 0:
            raise InvalidOptionError(f"{name} counts are empty; got {show(expected)}")
        p, d = expected.promoter_share, expected.detractor_share
    else:
        pair = tuple(expected) if isinstance(expected, (tuple, list)) else ()
        if len(pair) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair):
            raise InvalidOptionTypeError(
                f"{name} must be (promoter_share, detractor_share) or Counts; got {show(expected)}"
            )
        p, d = float(pair[0]), float(pair[1])
        if not (0 <= p <= 1 and 0 <= d <= 1 and p + d <= 1 + 1e-12):  # NaN fails too
            raise InvalidOptionError(f"{name} shares must be in [0, 1] with sum <= 1; got {show(expected)}")
    return max(p + d - (p - d) ** 2, 0.0)


def _positive(value: object, name: str) -> float:
    return check_number(value, name, low=0.0, low_open=True)


def _z_two_sided(confidence: float) -> float:
    return normal_ppf(0.5 + check_confidence(confidence) / 2.0)


def margin_of_error(n: float, *, expected: Expected = None, confidence: float = 0.95) -> float:
    """Half-width of a Wald interval for an NPS from n responses, in points.

    E = 100 z sqrt(V / n), with V the variance of one response; without
    ``expected`` the worst case V = 1 (half promoters, half detractors).

    Parameters
    ----------
    n : float
        Number of responses (or effective sample size).
    expected : (promoter_share, detractor_share) or Counts, optional
        Anticipated shares, e.g. last quarter's counts.
    confidence : float, default 0.95

    Returns
    -------
    float

    Examples
    --------
    >>> import netpromoter as nps
    >>> round(nps.margin_of_error(400), 2)  # worst case: 196 / sqrt(n)
    9.8
    >>> round(nps.margin_of_error(400, expected=(1/3, 1/3)), 2)  # ~160 / sqrt(n)
    8.0
    """
    size = _positive(n, "n")
    return 100.0 * _z_two_sided(confidence) * math.sqrt(_variance(expected) / size)


def sample_size(margin: float, *, expected: Expected = None, confidence: float = 0.95) -> int:
    """Responses needed for a margin of error of ``margin`` NPS points.

    n = z^2 V / (margin / 100)^2, rounded up.

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.sample_size(5)  # worst case, 95%
    1537
    >>> nps.sample_size(5, expected=(1/3, 1/3))  # a 10-point-wide interval: ~1,024 (Engelhardt 2016)
    1025
    """
    e = _positive(margin, "margin") / 100.0
    z = _z_two_sided(confidence)
    return _whole_size(z * z * _variance(expected), e, "margin", margin)


def _z_alpha(confidence: float, alternative: str) -> float:
    check_choice(alternative, ALTERNATIVES, "alternative")
    level = check_confidence(confidence)
    return normal_ppf(0.5 + level / 2.0 if alternative == "two-sided" else level)


def _check_direction(difference: float, alternative: str) -> None:
    """A one-sided test looks one way: "greater" detects a > b, "less" a < b."""
    if (alternative == "greater" and difference < 0) or (alternative == "less" and difference > 0):
        wanted = "positive" if alternative == "greater" else "negative"
        raise InvalidOptionError(
            f"difference {difference!r} cannot be detected with alternative={alternative!r}: "
            f"that test needs a {wanted} difference (a - b)"
        )


def sample_size_per_group(
    difference: float,
    *,
    power: float = 0.8,
    confidence: float = 0.95,
    expected: Expected = None,
    expected_b: Expected = None,
    alternative: Alternative = "two-sided",
) -> int:
    """Responses per group to detect a true NPS difference between two groups.

    n = (z_alpha + z_beta)^2 (V_a + V_b) / (difference / 100)^2, rounded up,
    with z_alpha = z_{1 - alpha/2} (two-sided) and z_beta = z_power.

    Parameters
    ----------
    difference : float
        The smallest difference worth detecting (a - b), in NPS points. Its sign
        only matters for a one-sided test, which must look its way.
    power : float, default 0.8
        Probability of detecting it.
    confidence : float, default 0.95
        1 - alpha.
    expected, expected_b : (promoter_share, detractor_share) or Counts, optional
        Anticipated shares of each group (b defaults to a's); worst case V = 1.
    alternative : {"two-sided", "greater", "less"}
        ``"greater"`` needs a positive ``difference``, ``"less"`` a negative one.

    Raises
    ------
    InvalidOptionError
        A zero difference, or one against the direction of a one-sided test.

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.sample_size_per_group(10)  # worst case: (1.96 + 0.84)^2 * 2 / 0.1^2
    1570
    >>> nps.sample_size_per_group(-10, alternative="less")  # (1.645 + 0.84)^2 * 2 / 0.1^2
    1237
    """
    delta = _difference(difference) / 100.0
    _check_direction(float(difference), alternative)
    z_beta = normal_ppf(check_probability(power, "power"))
    v = _variance(expected) + _variance(expected if expected_b is None else expected_b, "expected_b")
    z = _z_alpha(confidence, alternative) + z_beta
    return _whole_size(z * z * v, delta, "difference", difference)


def power(
    difference: float,
    n: float,
    *,
    n_b: float | None = None,
    confidence: float = 0.95,
    expected: Expected = None,
    expected_b: Expected = None,
    alternative: Alternative = "two-sided",
) -> float:
    """Power of the two-sample z test to detect a true NPS difference.

    With shift = difference / se and se = sqrt(V_a / n + V_b / n_b), the power
    is Phi(shift - z_alpha) for ``"greater"`` (H1: a > b), Phi(-shift - z_alpha)
    for ``"less"`` (H1: a < b), and the sum of both with z_{1 - alpha/2} for
    ``"two-sided"``. A one-sided test against the true direction has power
    below alpha.

    Parameters
    ----------
    difference : float
        The true difference a - b, in NPS points (not 0).
    n, n_b : float
        Responses in a and in b (``n_b`` defaults to ``n``).
    confidence : float, default 0.95
        1 - alpha.
    expected, expected_b : (promoter_share, detractor_share) or Counts, optional
        Anticipated shares of each group (b defaults to a's); worst case V = 1.
    alternative : {"two-sided", "greater", "less"}

    Examples
    --------
    >>> import netpromoter as nps
    >>> round(nps.power(10, 1570), 3)
    0.8
    >>> round(nps.power(10, 100, alternative="greater"), 3)  # Phi(0.1 / sqrt(2 / 100) - 1.645)
    0.174
    >>> round(nps.power(10, 100, alternative="less"), 4)  # looks the wrong way: Phi(-0.707 - 1.645)
    0.0093
    """
    delta = math.copysign(_difference(difference) / 100.0, float(difference))
    size_a = _positive(n, "n")
    size_b = size_a if n_b is None else _positive(n_b, "n_b")
    se = math.sqrt(
        _variance(expected) / size_a
        + _variance(expected if expected_b is None else expected_b, "expected_b") / size_b
    )
    z_alpha = _z_alpha(confidence, alternative)
    shift = delta / se if se > 0 else math.copysign(math.inf, delta)  # no variance: any difference is certain
    if alternative == "greater":
        return normal_cdf(shift - z_alpha)
    if alternative == "less":
        return normal_cdf(-shift - z_alpha)
    return normal_cdf(shift - z_alpha) + normal_cdf(-shift - z_alpha)


def _whole_size(numerator: float, size: float, name: str, given: object) -> int:
    """ceil(numerator / size^2), at least 1; refused when too small a size makes it overflow."""
    n = numerator / (size * size) if size * size > 0 else math.inf
    if not math.isfinite(n) or n > 1e15:
        raise InvalidOptionError(f"{name} is too small to plan for (over 1e15 responses); got {show(given)}")
    return max(1, math.ceil(n - 1e-9))


def _difference(value: object) -> float:
    """Size of a difference in NPS points: non-zero, at most 200 (its sign is checked by the callers)."""
    number = check_number(value, "difference", low=-200.0, high=200.0)
    if number == 0:
        raise InvalidOptionError(f"difference must be non-zero NPS points; got {show(value)}")
    return abs(number)
