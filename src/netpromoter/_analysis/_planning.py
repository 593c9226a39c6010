"""Sample-size and power planning, in NPS points."""

from __future__ import annotations

import math
import numbers
from typing import Any

from .._counts._counts import Counts
from .._input._validate import check_choice, check_confidence
from .._stats._normal import normal_cdf, normal_ppf
from ..errors import InvalidOptionError
from ..typing import ALTERNATIVES, Alternative

__all__ = ["margin_of_error", "power", "sample_size", "sample_size_per_group"]

Expected = tuple[float, float] | Counts | None


def _variance(expected: Expected, name: str = "expected") -> float:
    """Variance of one response coded -1/0/+1: V = p + d - (p - d)^2; worst case 1."""
    if expected is None:
        return 1.0  # half promoters, half detractors
    if isinstance(expected, Counts):
        if expected.total == 0:
            raise InvalidOptionError(f"{name} counts are empty")
        p, d = expected.promoter_share, expected.detractor_share
    else:
        try:
            p, d = (float(v) for v in expected)
        except (TypeError, ValueError):
            raise InvalidOptionError(
                f"{name} must be (promoter_share, detractor_share) or Counts, got {expected!r}"
            ) from None
        if not (0 <= p <= 1 and 0 <= d <= 1 and p + d <= 1 + 1e-12):
            raise InvalidOptionError(f"{name} shares must be in [0, 1] with sum <= 1, got {expected!r}")
    return max(p + d - (p - d) ** 2, 0.0)


def _positive(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not float(value) > 0:
        raise InvalidOptionError(f"{name} must be a positive number, got {value!r}")
    return float(value)


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
    return max(1, math.ceil(z * z * _variance(expected) / (e * e) - 1e-9))


def _z_alpha(confidence: float, alternative: str) -> float:
    check_choice(alternative, ALTERNATIVES, "alternative")
    level = check_confidence(confidence)
    return normal_ppf(0.5 + level / 2.0 if alternative == "two-sided" else level)


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
        The smallest difference worth detecting, in NPS points.
    power : float, default 0.8
        Probability of detecting it.
    confidence : float, default 0.95
        1 - alpha.
    expected, expected_b : (promoter_share, detractor_share) or Counts, optional
        Anticipated shares of each group (b defaults to a's); worst case V = 1.
    alternative : {"two-sided", "greater", "less"}

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.sample_size_per_group(10)  # worst case: (1.96 + 0.84)^2 * 2 / 0.1^2
    1570
    """
    delta = abs(_positive(abs(difference), "difference")) / 100.0
    z_beta = normal_ppf(_probability(power, "power"))
    v = _variance(expected) + _variance(expected if expected_b is None else expected_b, "expected_b")
    z = _z_alpha(confidence, alternative) + z_beta
    return max(1, math.ceil(z * z * v / (delta * delta) - 1e-9))


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

    Power = Phi(|difference| / se - z_alpha) (+ the far tail when two-sided),
    se = sqrt(V_a / n + V_b / n_b).

    Examples
    --------
    >>> import netpromoter as nps
    >>> round(nps.power(10, 1570), 3)
    0.8
    """
    delta = _positive(abs(difference), "difference") / 100.0
    size_a = _positive(n, "n")
    size_b = size_a if n_b is None else _positive(n_b, "n_b")
    se = math.sqrt(
        _variance(expected) / size_a
        + _variance(expected if expected_b is None else expected_b, "expected_b") / size_b
    )
    z_alpha = _z_alpha(confidence, alternative)
    shift = delta / se
    result = normal_cdf(shift - z_alpha)
    if alternative == "two-sided":
        result += normal_cdf(-shift - z_alpha)
    return result


def _probability(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < float(value) < 1:
        raise InvalidOptionError(f"{name} must be strictly between 0 and 1, got {value!r}")
    return float(value)
