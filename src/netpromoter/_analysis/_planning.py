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


def _design_effect(given: object, expected: object, name: str = "expected") -> float:
    """The design effect to plan with: the number given, else the expected ``Counts``', else 1.

    Counts estimate it from their weights and clusters (``Counts.design_effect``);
    below 1 it is taken as 1: a plan does not count on beating simple random
    sampling.
    """
    if given is not None:
        return check_number(given, "design_effect", low=1.0)
    if not isinstance(expected, Counts):
        return 1.0
    deff = expected.design_effect
    if math.isnan(deff):
        raise InvalidOptionError(
            f"{name} counts have a single cluster, so they give no design effect; pass design_effect=... "
            f"(got {show(expected)})"
        )
    return max(deff, 1.0)


def _population(value: object) -> float | None:
    return None if value is None else check_number(value, "population", low=1.0, low_open=True)


def _correction(n: float, population: float | None, name: str = "n") -> float:
    """Finite population correction (N - n) / (N - 1) of the variance; 1 without a population."""
    if population is None:
        return 1.0
    if n > population:
        raise InvalidOptionError(f"{name} ({n:g}) cannot exceed the population ({population:g})")
    return (population - n) / (population - 1.0)


def _z_two_sided(confidence: float) -> float:
    return normal_ppf(0.5 + check_confidence(confidence) / 2.0)


def margin_of_error(
    n: float,
    *,
    expected: Expected = None,
    confidence: float = 0.95,
    design_effect: float | None = None,
    population: float | None = None,
) -> float:
    """Half-width of a Wald interval for an NPS from n responses, in points.

    E = 100 z sqrt(deff V / n (N - n) / (N - 1)), with V the variance of one
    response (without ``expected`` the worst case V = 1: half promoters, half
    detractors), deff the design effect and N the population.

    Parameters
    ----------
    n : float
        Number of responses.
    expected : (promoter_share, detractor_share) or Counts, optional
        Anticipated shares, e.g. last quarter's counts. Weighted or clustered
        counts also bring their design effect (``Counts.design_effect``).
    confidence : float, default 0.95
    design_effect : float, optional
        Variance of the design over simple random sampling (a number >= 1):
        about 1 + CV^2 of the weights (Kish), 1 + (b - 1) rho for clusters of
        b answers with intra-cluster correlation rho. Default: the expected
        counts' own (taken as 1 if below 1), or 1.
    population : float, optional
        Size N of the population sampled (customers, accounts), for the finite
        population correction (N - n) / (N - 1); n must not exceed it.
        Default: an infinite population.

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
    >>> round(nps.margin_of_error(400, design_effect=1.5), 2)  # 9.8 * sqrt(1.5)
    12.0
    >>> round(nps.margin_of_error(400, population=1000), 2)  # 9.8 * sqrt(600 / 999)
    7.6
    """
    size = _positive(n, "n")
    variance = _variance(expected) * _design_effect(design_effect, expected)
    correction = _correction(size, _population(population))
    return 100.0 * _z_two_sided(confidence) * math.sqrt(variance / size * correction)


def sample_size(
    margin: float,
    *,
    expected: Expected = None,
    confidence: float = 0.95,
    design_effect: float | None = None,
    population: float | None = None,
) -> int:
    """Responses needed for a margin of error of ``margin`` NPS points.

    n0 = z^2 deff V / (margin / 100)^2; with a population N, n = n0 N / (n0 +
    N - 1) (solving the margin with the finite population correction);
    rounded up.

    Parameters
    ----------
    margin : float
        Half-width wanted, in NPS points.
    expected, confidence, design_effect, population
        As in :func:`margin_of_error`.

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.sample_size(5)  # worst case, 95%
    1537
    >>> nps.sample_size(5, expected=(1/3, 1/3))  # a 10-point-wide interval: ~1,024 (Engelhardt 2016)
    1025
    >>> nps.sample_size(5, design_effect=1.2)  # 1,536.6 * 1.2
    1844
    >>> nps.sample_size(5, population=2000)  # 1,536.6 * 2000 / (1,536.6 + 1999)
    870
    """
    e = _positive(margin, "margin") / 100.0
    z = _z_two_sided(confidence)
    variance = _variance(expected) * _design_effect(design_effect, expected)
    return _whole_size(z * z * variance, e, "margin", margin, _population(population))


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
    design_effect: float | None = None,
    population: float | None = None,
) -> int:
    """Responses per group to detect a true NPS difference between two groups.

    n0 = (z_alpha + z_beta)^2 (deff_a V_a + deff_b V_b) / (difference / 100)^2,
    with z_alpha = z_{1 - alpha/2} (two-sided) and z_beta = z_power; with a
    population N per group, n = n0 N / (n0 + N - 1); rounded up.

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
    design_effect : float, optional
        Design effect (>= 1) of both groups; default each group's expected
        counts' own (b: ``expected_b``'s, else a's), or 1. See
        :func:`margin_of_error`.
    population : float, optional
        Population size of each group, for the finite population correction.

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
    >>> nps.sample_size_per_group(10, design_effect=1.5)
    2355
    """
    delta = _difference(difference) / 100.0
    _check_direction(float(difference), alternative)
    z_beta = normal_ppf(check_probability(power, "power"))
    v = _design_variance(expected, expected_b, design_effect)
    z = _z_alpha(confidence, alternative) + z_beta
    return _whole_size(z * z * v, delta, "difference", difference, _population(population))


def _design_variance(expected: Expected, expected_b: Expected, design_effect: object) -> float:
    """deff_a V_a + deff_b V_b, b taking a's expectation when it has none of its own."""
    other = expected if expected_b is None else expected_b
    name_b = "expected" if expected_b is None else "expected_b"
    first = _variance(expected) * _design_effect(design_effect, expected)
    return first + _variance(other, "expected_b") * _design_effect(design_effect, other, name_b)


def power(
    difference: float,
    n: float,
    *,
    n_b: float | None = None,
    confidence: float = 0.95,
    expected: Expected = None,
    expected_b: Expected = None,
    alternative: Alternative = "two-sided",
    design_effect: float | None = None,
    population: float | None = None,
) -> float:
    """Power of the two-sample z test to detect a true NPS difference.

    With shift = difference / se and se = sqrt(deff_a V_a / n f_a + deff_b V_b /
    n_b f_b) (f = (N - n) / (N - 1) the finite population corrections, 1
    without ``population``), the power is Phi(shift - z_alpha) for
    ``"greater"`` (H1: a > b), Phi(-shift - z_alpha) for ``"less"`` (H1: a <
    b), and the sum of both with z_{1 - alpha/2} for ``"two-sided"``. A
    one-sided test against the true direction has power below alpha.

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
    design_effect, population
        As in :func:`sample_size_per_group`.

    Examples
    --------
    >>> import netpromoter as nps
    >>> round(nps.power(10, 1570), 3)
    0.8
    >>> round(nps.power(10, 100, alternative="greater"), 3)  # Phi(0.1 / sqrt(2 / 100) - 1.645)
    0.174
    >>> round(nps.power(10, 100, alternative="less"), 4)  # looks the wrong way: Phi(-0.707 - 1.645)
    0.0093
    >>> round(nps.power(10, 1570, design_effect=1.5), 3)  # as if 1,047 per group
    0.628
    """
    delta = math.copysign(_difference(difference) / 100.0, float(difference))
    size_a = _positive(n, "n")
    size_b = size_a if n_b is None else _positive(n_b, "n_b")
    other = expected if expected_b is None else expected_b
    name_b = "expected" if expected_b is None else "expected_b"
    total = _population(population)
    se = math.sqrt(
        _variance(expected) * _design_effect(design_effect, expected) / size_a * _correction(size_a, total)
        + _variance(other, "expected_b")
        * _design_effect(design_effect, other, name_b)
        / size_b
        * _correction(size_b, total, "n_b")
    )
    z_alpha = _z_alpha(confidence, alternative)
    shift = delta / se if se > 0 else math.copysign(math.inf, delta)  # no variance: any difference is certain
    if alternative == "greater":
        return normal_cdf(shift - z_alpha)
    if alternative == "less":
        return normal_cdf(-shift - z_alpha)
    return normal_cdf(shift - z_alpha) + normal_cdf(-shift - z_alpha)


def _whole_size(
    numerator: float, size: float, name: str, given: object, population: float | None = None
) -> int:
    """ceil(numerator / size^2), at least 1; refused when too small a size makes it overflow.

    With a population N: n0 N / (n0 + N - 1), the size at which the finite
    population correction brings the variance down to the target.
    """
    n = numerator / (size * size) if size * size > 0 else math.inf
    if not math.isfinite(n) or n > 1e15:
        raise InvalidOptionError(f"{name} is too small to plan for (over 1e15 responses); got {show(given)}")
    if population is not None:
        n = n * population / (n + population - 1.0)
    return max(1, math.ceil(n - 1e-9))


def _difference(value: object) -> float:
    """Size of a difference in NPS points: non-zero, at most 200 (its sign is checked by the callers)."""
    number = check_number(value, "difference", low=-200.0, high=200.0)
    if number == 0:
        raise InvalidOptionError(f"difference must be non-zero NPS points; got {show(value)}")
    return abs(number)
