"""The exact posterior of p - d under a Dirichlet: quantiles, CDF and moments.

Each is checked against an independent computation:

- ``reference_cdf`` and ``reference_quantile``: the previous implementation
  (tanh-sinh quadrature over S = theta_P + theta_D on 181 fixed nodes,
  scipy's bracketing root finder to 1e-13), kept here as the oracle. It is accurate except when
  promoters and detractors are lopsided at large n, where its fixed grid in s
  is too coarse for the step of the integrand (errors up to 2e-5);
- ``quad_quantile``: conditioning on R = theta_P / S instead, with adaptive
  ``scipy.integrate.quad`` and ``brentq``, for those lopsided rows;
- the cumulants: exact rational arithmetic on the Dirichlet's raw moments.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

from netpromoter._stats import _dirichlet
from netpromoter._stats._dirichlet import (
    dirichlet_difference_cdf,
    dirichlet_difference_quantile,
    dirichlet_difference_sd,
)
from netpromoter._stats._intervals import ADJUSTED_PRIOR, JEFFREYS_PRIOR

FloatArray = NDArray[np.float64]

# -- the previous implementation, kept as the oracle -------------------------------------------

_STEP = 1.0 / 16.0
_K = np.arange(-90, 91) * _STEP
_U = 0.5 * np.pi * np.sinh(_K)
_HALF_ONE_PLUS = 1.0 / (1.0 + np.exp(-2.0 * _U))
_HALF_ONE_MINUS = 1.0 / (1.0 + np.exp(2.0 * _U))
_WEIGHT = _STEP * 0.5 * np.pi * np.cosh(_K) / np.cosh(_U) ** 2


def _reference_cdf(t: FloatArray, alpha: FloatArray, s_low: FloatArray, s_high: FloatArray) -> FloatArray:
    from scipy.special import betainc, betaln

    a_d, a_pas, a_p = alpha[:, 0:1], alpha[:, 1:2], alpha[:, 2:3]
    a_s = a_p + a_d
    start = np.maximum(np.abs(t), s_low)[:, None]
    stop = s_high[:, None]
    length = np.maximum(stop - start, 0.0)
    s = start + length * _HALF_ONE_PLUS[None, :]
    one_minus_s = (1.0 - stop) + length * _HALF_ONE_MINUS[None, :]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        log_density = (a_s - 1.0) * np.log(s) + (a_pas - 1.0) * np.log(one_minus_s) - betaln(a_s, a_pas)
        share = np.clip(0.5 * (1.0 + t[:, None] / s), 0.0, 1.0)
        integrand = np.exp(log_density) * betainc(a_p, a_d, share)
    integrand = np.where(np.isfinite(integrand), integrand, 0.0)
    integral = (integrand * _WEIGHT[None, :]).sum(axis=1) * 0.5 * length[:, 0]
    below = np.where(t >= 0, betainc(a_s[:, 0], a_pas[:, 0], np.clip(t, 0.0, 1.0)), 0.0)
    cdf: FloatArray = np.clip(below + integral, 0.0, 1.0)
    return cdf


def reference_cdf(t: FloatArray, alpha: FloatArray) -> FloatArray:
    """The previous ``dirichlet_difference_cdf``."""
    from scipy.special import betaincinv

    a_s, a_pas = alpha[:, 0] + alpha[:, 2], alpha[:, 1]
    return _reference_cdf(t, alpha, betaincinv(a_s, a_pas, 1e-14), betaincinv(a_s, a_pas, 1.0 - 1e-14))


def reference_quantile(probability: float | FloatArray, alpha: FloatArray) -> FloatArray:
    """The previous ``dirichlet_difference_quantile`` (~20 CDF evaluations); a probability per row allowed."""
    from scipy.optimize.elementwise import find_root
    from scipy.special import betaincinv

    a_s, a_pas = alpha[:, 0] + alpha[:, 2], alpha[:, 1]
    s_low, s_high = betaincinv(a_s, a_pas, 1e-14), betaincinv(a_s, a_pas, 1.0 - 1e-14)

    def minus(t: FloatArray, *args: FloatArray) -> FloatArray:
        a_d, a_pas, a_p, low, high, p = (np.ravel(a) for a in args)
        cdf = _reference_cdf(t.ravel(), np.stack([a_d, a_pas, a_p], axis=1), low, high)
        return (cdf - p).reshape(t.shape)

    k = alpha.shape[0]
    result = find_root(
        minus,
        (np.full(k, -1.0), np.ones(k)),
        args=(alpha[:, 0], alpha[:, 1], alpha[:, 2], s_low, s_high, np.broadcast_to(probability, (k,))),
        tolerances={"xatol": 1e-13, "xrtol": 0.0, "fatol": 0.0, "frtol": 0.0},
    )
    return np.asarray(result.x, dtype=np.float64)


# -- an independent route: condition on R, adaptive quadrature -----------------------------------


def quad_cdf(t: float, alpha: tuple[float, float, float]) -> float:
    """P(Delta <= t) = int f_R(r) P(S (2r - 1) <= t) dr, with S ~ Beta(a_P + a_D, a_Pas)."""
    from scipy import integrate, special

    a_d, a_pas, a_p = alpha
    a_s, log_beta = a_d + a_p, special.betaln(a_p, a_d)

    def integrand(r: float) -> float:
        w = 2.0 * r - 1.0
        bound = t / w if w != 0.0 else math.copysign(math.inf, t)
        if w > 0:  # S <= t / w
            inner = 0.0 if bound <= 0 else 1.0 if bound >= 1 else special.betainc(a_s, a_pas, bound)
        else:  # S >= t / w
            inner = 1.0 if bound <= 0 else 0.0 if bound >= 1 else special.betaincc(a_s, a_pas, bound)
        if inner == 0.0 or not 0.0 < r < 1.0:
            return 0.0
        return float(inner * math.exp((a_p - 1) * math.log(r) + (a_d - 1) * math.log1p(-r) - log_beta))

    # Panels between quantiles of R, so that quad sees the bulk however narrow it is.
    edges = special.betaincinv(a_p, a_d, np.concatenate([[1e-17], np.linspace(0, 1, 41)[1:-1], [1 - 1e-17]]))
    edges = np.unique(np.concatenate([edges, [0.5 * (1 + t)]]).clip(edges[0], edges[-1]))
    return sum(
        float(integrate.quad(integrand, lo, hi, epsabs=1e-15, epsrel=1e-13, limit=200)[0])
        for lo, hi in itertools.pairwise(edges)
    )


def quad_quantile(probability: float, alpha: tuple[float, float, float], near: float, spread: float) -> float:
    from scipy.optimize import brentq

    return float(
        brentq(
            lambda t: quad_cdf(t, alpha) - probability, near - spread, near + spread, xtol=1e-15, rtol=1e-15
        )
    )


# -- accuracy ----------------------------------------------------------------------------------------


def counts_grid() -> FloatArray:
    """Small to large n, shares from 0 to 0.9 (zeros included), all three orientations."""
    shares = (0.0, 0.002, 0.05, 0.2, 0.45, 0.8)
    rows = [
        np.array([d, 1 - d - p, p]) * n
        for n in (1, 4, 12, 40, 150, 1_000, 10_000, 100_000, 10_000_000)
        for d, p in itertools.product(shares, shares)
        if d + p <= 1
    ]
    grid = np.unique(np.round(np.array(rows)), axis=0)
    nonempty: FloatArray = grid[grid.sum(axis=1) > 0]
    return nonempty


def lopsided(counts: FloatArray) -> NDArray[np.bool_]:
    """Rows where the oracle's grid in s is too coarse: n >= 10^4 and p/d or d/p below 1/5."""
    d, p = counts[:, 0], counts[:, 2]
    rows: NDArray[np.bool_] = (counts.sum(axis=1) >= 10_000) & (np.minimum(d, p) < 0.2 * np.maximum(d, p))
    return rows


@pytest.mark.parametrize("prior", [ADJUSTED_PRIOR, JEFFREYS_PRIOR], ids=["adjusted", "jeffreys"])
def test_quantiles_equal_the_previous_exact_computation_on_a_grid(
    prior: FloatArray | tuple[float, ...],
) -> None:
    # The bound: 1e-7 on the -1..1 scale (1e-5 NPS points), both tails,
    # confidence 0.8 to 0.999, n from 1 to 10^7, shares down to zero.
    counts = counts_grid()
    alpha = counts[~lopsided(counts)] + np.asarray(prior)
    probabilities = np.array([q for c in (0.8, 0.95, 0.999) for q in ((1 - c) / 2, (1 + c) / 2)])
    got = dirichlet_difference_quantile(probabilities, alpha).ravel()  # row-major (row, probability) pairs
    # |got - oracle's root| <= 1e-7 exactly when the oracle's CDF crosses p within 1e-7 of got
    # (two CDF evaluations instead of its ~20-step root finder; bench/dirichlet_accuracy.py
    # runs the root finder itself and prints the differences: at most 3.4e-9).
    p, rows = np.tile(probabilities, len(alpha)), np.repeat(alpha, len(probabilities), axis=0)
    assert np.all(reference_cdf(got - 1e-7, rows) <= p)
    assert np.all(p <= reference_cdf(got + 1e-7, rows))


@pytest.mark.parametrize(
    ("counts", "probability"),
    # Lopsided at large n: the previous computation was off by 1.9e-5, 1.9e-5, 8.9e-6, 1.0e-7 here.
    [
        ((600_000, 397_000, 3_000), 0.1),
        ((3_000, 397_000, 600_000), 0.9),
        ((300, 39_700, 60_000), 0.025),
        ((6_000, 3_800, 200), 0.1),
    ],
)
def test_lopsided_large_samples_equal_an_independent_quadrature(
    counts: tuple[int, int, int], probability: float
) -> None:
    alpha = np.asarray(counts, dtype=np.float64) + ADJUSTED_PRIOR
    got = dirichlet_difference_quantile(probability, alpha[None, :])[0]
    a_d, a_pas, a_p = (float(a) for a in alpha)
    sd = float(dirichlet_difference_sd(alpha[None, :])[0])
    assert got == pytest.approx(quad_quantile(probability, (a_d, a_pas, a_p), got, 20 * sd), abs=1e-9)


@given(
    st.tuples(*[st.integers(0, 10**6)] * 3),
    st.sampled_from([tuple(ADJUSTED_PRIOR), JEFFREYS_PRIOR, (1.0, 1.0, 1.0), (0.2, 3.0, 0.2)]),
    st.floats(1e-4, 1 - 1e-4),
)
def test_the_quantile_inverts_the_cdf_and_mirrors(
    counts: tuple[int, int, int], prior: tuple[float, float, float], probability: float
) -> None:
    alpha = np.asarray(counts, dtype=np.float64)[None, :] + np.asarray(prior)
    q = dirichlet_difference_quantile(probability, alpha)
    # The exact quantile is within 1e-9 of q: the CDF crosses the probability there.
    assert (
        dirichlet_difference_cdf(q - 1e-9, alpha)[0]
        <= probability
        <= dirichlet_difference_cdf(q + 1e-9, alpha)[0]
    )
    # theta_P - theta_D with promoters and detractors swapped is its negative.
    assert -dirichlet_difference_quantile(1 - probability, alpha[:, ::-1])[0] == pytest.approx(q[0], abs=1e-9)


def test_the_closed_form_agrees_with_the_quadrature_wherever_it_is_used() -> None:
    # Large samples take the Cornish-Fisher expansion (no quadrature); Newton's
    # method on the quadrature CDF, run to convergence, must give the same bounds.
    from scipy.special import ndtri

    rng = np.random.default_rng(3)
    n = np.exp(rng.uniform(np.log(1e3), np.log(1e7), 400))
    alpha = np.round(rng.dirichlet([0.7, 0.7, 0.7], size=400) * n[:, None]) + ADJUSTED_PRIOR
    probability = np.array([0.0005, 0.025, 0.1, 0.9, 0.975, 0.9995])
    closed, error, _ = _dirichlet._cornish_fisher(ndtri(probability), *_dirichlet._cumulants(alpha))
    used = error <= _dirichlet._CF_TOLERANCE
    assert used.mean() > 0.5  # most of this sample
    row, column = np.nonzero(used)
    rows = _dirichlet._prepare(alpha[row])
    sign = np.where(rows.mirror, -1.0, 1.0)
    p = np.where(rows.mirror, 1 - probability[column], probability[column])
    exact = sign * _dirichlet._newton(p, sign * closed[used], np.full(row.size, 1e-15), rows)
    assert np.abs(closed[used] - exact).max() <= 1e-9


def test_cumulants_equal_exact_rational_moments() -> None:
    # E[theta_P^j theta_D^m] = a_P^(j) a_D^(m) / A^(j + m) (rising factorials), in Fractions.
    a_d, a_pas, a_p = 3, 5, 2
    total = a_d + a_pas + a_p

    def rising(x: int, n: int) -> Fraction:
        return Fraction(math.prod(range(x, x + n)))

    raw = [
        sum(math.comb(r, j) * (-1) ** (r - j) * rising(a_p, j) * rising(a_d, r - j) for j in range(r + 1))
        / rising(total, r)
        for r in range(8)
    ]
    kappa = [Fraction(0)] * 8
    for r in range(1, 8):
        kappa[r] = raw[r] - sum(math.comb(r - 1, m - 1) * kappa[m] * raw[r - m] for m in range(1, r))
    mean, cumulants = _dirichlet._cumulants(np.array([[a_d, a_pas, a_p]], dtype=np.float64))
    assert mean[0] == pytest.approx(float(kappa[1]), rel=1e-15)
    assert cumulants[0] == pytest.approx([float(k) for k in kappa[2:]], rel=1e-12)
    assert np.sqrt(cumulants[0, 0]) == pytest.approx(dirichlet_difference_sd(np.array([[3.0, 5.0, 2.0]]))[0])


def test_degenerate_rows_give_nan_or_the_edge() -> None:
    alpha = np.array([[np.nan, 1.0, 1.0], [5e11, 1.0, 2.5], [1e-300, 1.0, 1.0]])
    q = dirichlet_difference_quantile(np.array([0.3, 0.5]), alpha)
    assert np.isnan(q[0]).all()
    assert q[1] == pytest.approx(-1.0, abs=1e-9)  # all but 3.5 in 5e11 are detractors
    assert q[2] == pytest.approx([0.3, 0.5], abs=1e-7)  # theta_D ~ 0, so Delta ~ theta_P ~ uniform
