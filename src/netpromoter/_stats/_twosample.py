"""Score test and interval for the difference of two independent NPS.

Under H0: NPS_a - NPS_b = delta, the restricted maximum-likelihood estimate
gives sample a the NPS Delta + delta and sample b the NPS Delta, with Delta
maximising the sum of the two profile log-likelihoods. Each profile is in
closed form (Tango's constrained MLE of the detractor share, see _tango),
and so are its first two derivatives in Delta (implicit differentiation of
the quadratic the share solves), so Delta comes from a safeguarded Newton
iteration: a handful of steps from the pooled estimate, bisection of a
shrinking bracket whenever a step would leave it (the objective is concave).
The statistic

    z(delta) = (NPS^_a - NPS^_b - delta) / sqrt(V~_a / n_a + V~_b / n_b),

with V~ = p~ + d~ - (p~ - d~)^2 at the restricted estimate, is the
Miettinen & Nurminen (1985) construction (without their n/(n-1) factor)
applied to two trinomial differences; the interval is {delta : |z| < z_crit},
each bound found by a safeguarded secant iteration on the decreasing z from
the Wald bound, bisecting its bracket whenever a step leaves it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..typing import FloatArray, IntArray
from ._tango import restricted_detractor_share

__all__ = [
    "ProfileSample",
    "common_delta",
    "newton_maximum",
    "profile_loglik",
    "profile_slopes",
    "restricted_shares",
    "solve_decreasing",
    "two_sample_score_interval",
    "two_sample_score_z",
]

_NEWTON_STEPS = 100  # a cap: Newton needs about 5, a bisection from [-1, 1] to 1e-15 about 50
_ACCEPT = 1e-8  # a Newton step this small is taken as the last (see newton_maximum)
_TOLERANCE = 1e-12  # on the -1..1 scale; the restricted estimate enters z only through V~


def restricted_shares(x: FloatArray, delta: FloatArray) -> FloatArray:
    """(d, pas, p) maximising the likelihood of ``x`` under p - d = delta, per row."""
    d = restricted_detractor_share(x, delta)
    p = d + delta
    return np.stack([d, np.maximum(1.0 - d - p, 0.0), p], axis=1)


def profile_loglik(x: FloatArray, delta: FloatArray) -> FloatArray:
    from scipy.special import xlogy

    shares = restricted_shares(x, delta)
    value: FloatArray = xlogy(x, shares).sum(axis=1)
    return value


class ProfileSample:
    """Rows of counts prepared once for profile slopes: contiguous shares, rows with every category."""

    __slots__ = ("every", "full", "n", "s_d", "s_p", "s_pas", "x")

    def __init__(self, x: FloatArray) -> None:
        d, pas, p = (np.ascontiguousarray(x[:, j], dtype=np.float64) for j in range(3))
        self.x = x
        self.n = d + pas + p
        with np.errstate(invalid="ignore", divide="ignore"):
            self.s_d, self.s_pas, self.s_p = d / self.n, pas / self.n, p / self.n
        self.full = (d > 0) & (pas > 0) & (p > 0)
        self.every = bool(self.full.all())

    def take(self, rows: IntArray) -> ProfileSample:
        if rows.shape[0] == self.n.shape[0]:  # every row, in order: nothing to copy
            return self
        part = object.__new__(ProfileSample)
        for name in ("n", "s_d", "s_p", "s_pas", "full", "x"):
            setattr(part, name, getattr(self, name)[rows])
        part.every = bool(part.full.all())
        return part

    def slopes(self, delta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """First and second derivatives of the profile log-likelihoods at ``delta``."""
        if self.every:
            return _full_slopes(self.n, self.s_d, self.s_pas, self.s_p, delta)
        partial = ~self.full
        if partial.all():
            return profile_slopes(self.x, delta)
        # Every row by the fast formula, then the few rows missing a category again.
        first, second = _full_slopes(self.n, self.s_d, self.s_pas, self.s_p, delta)
        first[partial], second[partial] = profile_slopes(self.x[partial], delta[partial])
        return first, second

    def variance(self, delta: FloatArray) -> FloatArray:
        """V~ = p~ + d~ - delta^2 at the restricted estimate for ``delta``."""
        shares = restricted_shares(self.x, delta)
        return _variance(shares)


def _full_slopes(
    n: FloatArray, s_d: FloatArray, s_pas: FloatArray, s_p: FloatArray, delta: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """:func:`profile_slopes` for rows with responses in every category (the common case).

    Every share is then positive at the maximum, so no masks are needed.
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        b1 = 2.0 - s_p + s_d
        b = b1 * delta - (s_d + s_p)
        c = s_d * (delta * delta - delta)
        root = np.sqrt(b * b - 8.0 * c)
        t = np.where(b > 0, -2.0 * c / (root + b), 0.25 * (root - b))
        theta_p = t + delta
        theta_pas = 1.0 - t - theta_p
        first = s_p / theta_p - s_pas / theta_pas
        t1 = (s_d * (1.0 - 2.0 * delta) - b1 * t) / root
        t2 = -(4.0 * t1 * t1 + 2.0 * b1 * t1 + 2.0 * s_d) / root
        q_d, q_pas, q_p = t1 / t, (-2.0 * t1 - 1.0) / theta_pas, (t1 + 1.0) / theta_p
        second = (
            s_d * (t2 / t - q_d * q_d)
            + s_pas * (-2.0 * t2 / theta_pas - q_pas * q_pas)
            + s_p * (t2 / theta_p - q_p * q_p)
        )
    return n * first, n * second


def profile_slopes(x: FloatArray, delta: FloatArray) -> tuple[FloatArray, FloatArray]:
    """First and second derivatives in delta of each row's profile log-likelihood.

    The first is the Lagrange multiplier of p - d = delta (envelope theorem):
    with shares theta and the multiplier lambda of sum theta = 1, the
    stationarity conditions x_P / theta_P = lambda + mu, x_Pas / theta_Pas =
    lambda, x_D / theta_D = lambda - mu hold for every category with
    responses (a category without may sit on its bound, theta = 0), so mu is
    x_P / theta_P - x_Pas / theta_Pas, or x_Pas / theta_Pas - x_D / theta_D
    without promoters, or (x_P / theta_P - x_D / theta_D) / 2 without
    passives. The second comes from the closed form: with s = x / n
    the restricted detractor share t solves 2 t^2 + b t + c = 0 (Tango's
    quadratic divided by n), b = -s_D - s_P + (2 - s_P + s_D) delta, c = -s_D
    delta (1 - delta); differentiating it, t' = -(b' t + c') / R and
    t'' = -(4 t'^2 + 2 b' t' + c'') / R with R = 4t + b = sqrt(b^2 - 8c), and
    l'' = sum_j x_j (theta_j'' / theta_j - (theta_j' / theta_j)^2) over the
    shares (t, 1 - 2t - delta, t + delta). NaN marks a kink or an edge of the
    parameter space (callers fall back on the log-likelihood there).
    """
    n = x[:, 0] + x[:, 1] + x[:, 2]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        s_d, s_pas, s_p = x[:, 0] / n, x[:, 1] / n, x[:, 2] / n
        b = -s_d - s_p + (2.0 - s_p + s_d) * delta
        c = -s_d * delta * (1.0 - delta)
        root = np.sqrt(np.maximum(b * b - 8.0 * c, 0.0))
        # The larger root, without cancellation when b > 0 (product of the roots: c / 2).
        t = np.where(b > 0, -2.0 * c / (root + b), (root - b) / 4.0)
        t = np.clip(t, np.maximum(-delta, 0.0), np.maximum((1.0 - delta) / 2.0, 0.0))
        shares = (t, np.maximum(1.0 - 2.0 * t - delta, 0.0), t + delta)
        ratio = [
            np.where(count > 0, count / share, 0.0)
            for count, share in zip((s_d, s_pas, s_p), shares, strict=True)
        ]
        # Choose the conditions that hold: a category with responses has a positive share.
        first = np.where(
            s_pas > 0,
            np.where(
                s_p > 0,
                ratio[2] - ratio[1],
                np.where(s_d > 0, ratio[1] - ratio[0], -np.sign(delta) * ratio[1]),
            ),
            0.5 * (ratio[2] - ratio[0]),
        )
        first = np.where((s_d + s_p > 0) | (delta != 0), first, np.nan)  # all passives: a kink at 0
        b1 = 2.0 - s_p + s_d
        c1 = -s_d * (1.0 - 2.0 * delta)
        t1 = -(b1 * t + c1) / root
        t2 = -(4.0 * t1 * t1 + 2.0 * b1 * t1 + 2.0 * s_d) / root
        second = np.zeros_like(delta)
        for count, share, slope, curve in (
            (s_d, shares[0], t1, t2),
            (s_pas, shares[1], -2.0 * t1 - 1.0, -2.0 * t2),
            (s_p, shares[2], t1 + 1.0, t2),
        ):
            change = slope / share
            second += np.where(count > 0, count * (curve / share - change * change), 0.0)
    return n * first, n * second


def newton_maximum(
    slopes: Callable[[IntArray, FloatArray], tuple[FloatArray, FloatArray]],
    start: FloatArray,
    low: FloatArray,
    high: FloatArray,
    value: Callable[[IntArray, FloatArray], FloatArray] | None = None,
) -> FloatArray:
    """Argmax on [low, high] of concave functions, one per row, from their derivatives.

    ``slopes(rows, x)`` gives the first and second derivatives of the given
    rows at ``x``. Newton steps from ``start`` (moved off the edges, where the
    log-likelihoods are singular); the derivative's sign shrinks each row's
    bracket, and a step that would leave the bracket, or that does not halve
    the step before last (``rtsafe``, Press et al., *Numerical Recipes* 9.4),
    is replaced by bisection, so every row converges (to the edge when the
    maximum is there). Where the first derivative is NaN (a kink),
    ``value(rows, x)``, the functions themselves, tell which side is higher.
    Rows stop once a step is below 1e-12; only unfinished rows are evaluated again.
    """
    edges = (low.astype(np.float64), high.astype(np.float64))
    low, high = low.astype(np.float64, copy=True), high.astype(np.float64, copy=True)
    margin = 1e-3 * (high - low)
    x = np.clip(start, low + margin, high - margin)
    step = high - low  # the step before last, for the halving test
    last = step.copy()
    active = np.flatnonzero(high > low)
    for _ in range(_NEWTON_STEPS):
        if active.size == 0:
            break
        point, lo, hi = x[active], low[active], high[active]
        first, second = slopes(active, point)
        unknown = np.isnan(first)
        if unknown.any() and value is not None:
            # A kink: which side is higher, from the function itself.
            rows, at = active[unknown], point[unknown]
            width = 1e-9 * np.maximum(hi[unknown] - lo[unknown], 1e-6)
            here = value(rows, at)
            left = value(rows, np.maximum(at - width, lo[unknown]))
            right = value(rows, np.minimum(at + width, hi[unknown]))
            first[unknown] = np.where(right > here, 1.0, np.where(left > here, -1.0, 0.0))
        up = first > 0
        lo = np.where(up, point, lo)
        hi = np.where(up | ~(first < 0), hi, point)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            newton = point - first / second
            usable = (
                np.isfinite(newton)
                & (second < 0)
                & (newton >= lo)
                & (newton <= hi)
                & (np.abs(2.0 * first) <= np.abs(step[active] * second))
            )
        new = np.where(usable, newton, 0.5 * (lo + hi))
        new = np.where(first == 0, point, new)  # exactly at the maximum
        step[active], last[active] = last[active], new - point
        x[active], low[active], high[active] = new, lo, hi
        # Newton converges quadratically: after an accepted step below 1e-8 the error is
        # of order 1e-16 times the curvature ratio, so no further evaluation is needed.
        done = (np.abs(new - point) <= _TOLERANCE) | (hi - lo <= _TOLERANCE) | (first == 0)
        done |= usable & (np.abs(new - point) <= _ACCEPT)
        active = active[~done]
    if value is not None:
        x = _edge_if_higher(x, *edges, value)
    return x


def _edge_if_higher(
    x: FloatArray, low: FloatArray, high: FloatArray, value: Callable[[IntArray, FloatArray], FloatArray]
) -> FloatArray:
    """The nearer edge where it is at least as high as ``x``: a maximum on the edge itself.

    Newton steps toward an edge maximum (where the derivative never vanishes)
    can stop a few 1e-8 short of it; rows within 1e-6 of an edge compare the two.
    """
    edge = np.where(x - low < high - x, low, high)
    near = np.flatnonzero((np.abs(x - edge) <= 1e-6) & (x != edge))
    if near.size == 0:
        return x
    with np.errstate(invalid="ignore", divide="ignore"):
        at_edge, here = value(near, edge[near]), value(near, x[near])
    better = np.nan_to_num(at_edge, nan=-np.inf) >= np.nan_to_num(here, nan=-np.inf)
    out: FloatArray = x.copy()
    out[near[better]] = edge[near[better]]
    return out


def _common_delta(
    a: ProfileSample, b: ProfileSample, shift: FloatArray, start: FloatArray | None = None
) -> FloatArray:
    """Delta maximising loglik_a(Delta + shift) + loglik_b(Delta), per row (safeguarded Newton)."""
    low = np.maximum(-1.0, -1.0 - shift)
    high = np.minimum(1.0, 1.0 - shift)
    if start is None:
        with np.errstate(invalid="ignore", divide="ignore"):
            pooled = (a.n * (a.s_p - a.s_d - shift) + b.n * (b.s_p - b.s_d)) / (a.n + b.n)
        start = np.where(np.isfinite(pooled), pooled, 0.0)

    def slopes(rows: IntArray, delta: FloatArray) -> tuple[FloatArray, FloatArray]:
        first_a, second_a = a.take(rows).slopes(delta + shift[rows])
        first_b, second_b = b.take(rows).slopes(delta)
        return first_a + first_b, second_a + second_b

    def value(rows: IntArray, delta: FloatArray) -> FloatArray:
        both: FloatArray = profile_loglik(a.x[rows], delta + shift[rows]) + profile_loglik(b.x[rows], delta)
        return both

    return newton_maximum(slopes, start, low, high, value)


def common_delta(xa: FloatArray, xb: FloatArray, shift: FloatArray) -> FloatArray:
    """Delta maximising loglik_a(Delta + shift) + loglik_b(Delta) (safeguarded Newton)."""
    return _common_delta(ProfileSample(xa), ProfileSample(xb), shift)


def _variance(shares: FloatArray) -> FloatArray:
    diff = shares[:, 2] - shares[:, 0]
    v: FloatArray = np.maximum(shares[:, 2] + shares[:, 0] - diff * diff, 0.0)
    return v


def _score_z(a: ProfileSample, b: ProfileSample, shift: FloatArray, common: FloatArray) -> FloatArray:
    """z(shift) given the restricted common NPS ``common`` of each row."""
    variance = a.variance(common + shift) / a.n + b.variance(common) / b.n
    with np.errstate(invalid="ignore", divide="ignore"):
        numerator = (a.s_p - a.s_d) - (b.s_p - b.s_d) - shift
        z: FloatArray = np.where(
            variance > 0,
            numerator / np.sqrt(np.where(variance > 0, variance, 1.0)),
            np.where(np.abs(numerator) < 1e-12, 0.0, np.sign(numerator) * np.inf),
        )
    return z


def two_sample_score_z(xa: FloatArray, xb: FloatArray, shift: FloatArray) -> FloatArray:
    """The score statistic z(shift) for H0: NPS_a - NPS_b = shift (on -1..1), per row."""
    a, b = ProfileSample(xa), ProfileSample(xb)
    return _score_z(a, b, shift, _common_delta(a, b, shift))


def solve_decreasing(
    func: Callable[[IntArray, FloatArray], FloatArray],
    low: FloatArray,
    high: FloatArray,
    start: FloatArray,
    scale: FloatArray,
    tolerance: float,
) -> FloatArray:
    """Root on [low, high] of decreasing functions, one per row (the edge if none).

    ``func(rows, x)`` evaluates the given rows at ``x``; ``scale`` is a guess
    of -1 / slope, which turns the first value into a second point. Secant
    steps follow, each row's bracket shrinking by the sign of every value;
    a step outside the bracket (or from a non-finite value) is a bisection.
    Rows stop when a step is below ``tolerance``.
    """
    x = np.clip(start, low, high).astype(np.float64, copy=True)
    low, high = low.astype(np.float64, copy=True), high.astype(np.float64, copy=True)
    previous = np.full_like(x, np.nan)
    f_previous = np.full_like(x, np.nan)
    value = np.full_like(x, np.nan)
    active = np.arange(x.shape[0])
    for iteration in range(_NEWTON_STEPS):
        if active.size == 0:
            break
        point = x[active]
        f = func(active, point)
        lo = np.where(f > 0, point, low[active])
        hi = np.where(f < 0, point, high[active])
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            if iteration == 0:
                step = point + f * scale[active]
            else:
                before, f_before = previous[active], f_previous[active]
                step = point - f * (point - before) / (f - f_before)
        usable = np.isfinite(step) & (step >= lo) & (step <= hi)
        new = np.where(usable, step, 0.5 * (lo + hi))
        new = np.where(f == 0, point, new)
        previous[active], f_previous[active], value[active] = point, f, f
        x[active], low[active], high[active] = new, lo, hi
        done = (np.abs(new - point) <= tolerance) | (hi - lo <= tolerance) | (f == 0)
        active = active[~done]
    return x


def _bound_function(
    a: ProfileSample, b: ProfileSample, target: float, k: int
) -> Callable[[IntArray, FloatArray], FloatArray]:
    """z(shift) - target for rows of (a, b), each restricted estimate started from the last."""
    previous = np.full(k, np.nan)

    def shifted(rows: IntArray, shift: FloatArray) -> FloatArray:
        part_a, part_b = a.take(rows), b.take(rows)
        last = previous[rows]
        start = np.where(np.isfinite(last), last, 0.0) if np.isfinite(last).any() else None
        common = _common_delta(part_a, part_b, shift, start)
        previous[rows] = common
        # Infinite z (zero variance at the edge) becomes a large finite value for the secant.
        value: FloatArray = np.clip(_score_z(part_a, part_b, shift, common), -1e6, 1e6) - target
        return value

    return shifted


def two_sample_score_interval(
    xa: FloatArray, xb: FloatArray, z_low: float, z_high: float
) -> tuple[FloatArray, FloatArray]:
    """{shift : -z_high < z(shift) < z_low}: bounds on -2..2 (z decreases in shift).

    ``z_low`` sets the lower bound (where z falls to z_low), ``z_high`` the
    upper one; an infinite value gives the edge of the parameter space, and so
    does a bound with no root in [-2, 2] (that side is all inside). Each bound
    starts from the Wald one (:func:`solve_decreasing`); steps stop below
    1e-10. Each evaluation's restricted estimate starts from the row's previous
    one, which is close: the bound moves little between secant steps.
    """
    k = xa.shape[0]
    a, b = ProfileSample(xa), ProfileSample(xb)
    with np.errstate(invalid="ignore", divide="ignore"):
        ea, eb = a.s_p - a.s_d, b.s_p - b.s_d
        wald = np.sqrt(
            np.maximum(a.s_p + a.s_d - ea * ea, 0.0) / a.n + np.maximum(b.s_p + b.s_d - eb * eb, 0.0) / b.n
        )
    observed = ea - eb
    usable = np.isfinite(observed)
    scale = np.where(np.isfinite(wald) & (wald > 0), wald, 0.1)
    centre = np.where(usable, observed, 0.0)
    bounds = []
    for target, edge in ((z_low, -2.0), (-z_high, 2.0)):
        if not np.isfinite(target):
            bounds.append(np.full(k, edge))
            continue
        shifted = _bound_function(a, b, target, k)
        root = solve_decreasing(
            shifted, np.full(k, -2.0), np.full(k, 2.0), centre - target * scale, scale, 1e-10
        )
        bounds.append(np.where(usable, root, np.nan))
    return bounds[0], bounds[1]
