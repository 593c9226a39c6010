"""Relative importance of correlated predictors, from covariance matrices.

Everything here works on (..., q, q) covariance (or correlation) matrices
whose last variable is the outcome and whose first p = q - 1 are the
predictors; a leading batch axis holds bootstrap replicates.

- :func:`subset_r_squared`: R^2 of the regression of the outcome on every
  one of the 2^p subsets of predictors, indexed by bit mask (bit j set:
  predictor j is in the subset). It sweeps one predictor at a time over all
  subsets at once: the subsets of the first j predictors each carry the
  covariance of the remaining variables given that subset (a Schur
  complement); adding predictor j doubles the stack, the new half updated
  by the rank-one step C - c c' / c_jj. The work is
  sum_j 2^(j+1) (q - j - 1)^2, about 12 x 2^p numbers, instead of a
  least-squares fit per subset.
- :func:`shapley_values`: LMG (Lindeman, Merenda & Gold 1980), the Shapley
  value of R^2 (Grömping 2006; R relaimpo ``type = "lmg"``).
- :func:`dominance`: complete and conditional dominance (Budescu 1993;
  Azen & Budescu 2003); general dominance is the LMG value.
- :func:`relative_weights`: Johnson's (2000) relative weights (R relaimpo
  ``type = "genizi"`` where they coincide, rwa).
"""

from __future__ import annotations

from math import comb

import numpy as np
from numpy.typing import NDArray

from ..typing import FloatArray

__all__ = [
    "bootstrap_covariances",
    "collinear_groups",
    "correlation",
    "dominance",
    "full_r_squared",
    "relative_weights",
    "shapley_values",
    "subset_r_squared",
    "subset_sizes",
    "weighted_covariance",
]

_ROW_CHUNK = 1 << 15  # rows per block of cross-products in the bootstrap


def weighted_covariance(data: FloatArray, weights: FloatArray | None = None) -> FloatArray:
    """Covariance of the columns of ``data`` (n, q), weighted by ``weights``.

    Divided by the sum of weights (the maximum-likelihood form): R^2 and the
    importance measures do not depend on the divisor.
    """
    w = np.ones(data.shape[0]) if weights is None else weights
    total = float(w.sum())
    mean = (w @ data) / total
    centred = data - mean
    cov: FloatArray = (centred * w[:, None]).T @ centred / total
    return cov


def correlation(cov: FloatArray) -> FloatArray:
    """Correlation matrices from covariance matrices (no variance may be 0)."""
    scale = np.sqrt(np.diagonal(cov, axis1=-2, axis2=-1))
    corr: FloatArray = cov / (scale[..., :, None] * scale[..., None, :])
    return corr


def collinear_groups(corr: FloatArray, tolerance: float = 1e-10) -> list[list[int]]:
    """Groups of predictors that are (nearly) linear combinations of each other.

    One group per eigenvalue of the predictors' correlation matrix below
    ``tolerance``: the predictors with a visible weight in its eigenvector.
    """
    values, vectors = np.linalg.eigh(corr)
    groups = []
    for k in np.flatnonzero(values < tolerance):
        weight = np.abs(vectors[:, k])
        groups.append([int(i) for i in np.flatnonzero(weight > 1e-6 * weight.max())])
    return groups


def subset_r_squared(corr: FloatArray) -> FloatArray:
    """R^2 of every subset of predictors: (..., q, q) correlations -> (..., 2^p).

    Index i of the result is the subset of predictors whose bits are set in i
    (bit j: predictor j); index 0, the empty model, is 0. The predictors'
    correlation matrix must be positive definite (see :func:`collinear_groups`).
    """
    batch = corr.shape[:-2]
    q = corr.shape[-1]
    # Subsets on the last axis, so that every step runs over long contiguous rows.
    state = corr.reshape(-1, q, q, 1)
    for _ in range(q - 1):  # one predictor per step; every subset is updated at once
        rest = state[:, 1:, 1:]
        swept = rest - state[:, 1:, :1] * (state[:, :1, 1:] / state[:, :1, :1])
        state = np.concatenate([rest, swept], axis=-1)  # without, then with the predictor
    r_squared: FloatArray = 1.0 - state[:, 0, 0]
    r_squared[:, 0] = 0.0  # the empty model: exactly 0
    return r_squared.reshape((*batch, -1))


def full_r_squared(corr: FloatArray) -> FloatArray:
    """R^2 of the model with every predictor, (..., q, q) -> (...)."""
    rxx = corr[..., :-1, :-1]
    rxy = corr[..., :-1, -1]
    beta = np.linalg.solve(rxx, rxy[..., None])[..., 0]
    r_squared: FloatArray = np.einsum("...i,...i->...", rxy, beta)
    return r_squared


def subset_sizes(p: int) -> NDArray[np.int8]:
    """Number of predictors in each subset of p predictors, by bit mask."""
    sizes = np.zeros(1, dtype=np.int8)
    for _ in range(p):
        sizes = np.concatenate([sizes, sizes + 1])
    return sizes


def _bit_sums(values: FloatArray, p: int) -> FloatArray:
    """For each predictor j, the sum of ``values`` over the subsets containing j: (..., 2^p) -> (..., p).

    Two passes over the data: sums over the high bits (columns of a
    2^(p-k) x 2^k matrix) and over the low bits (its rows); each predictor's
    sum is then a sum over a few thousand partial sums.
    """
    batch = values.shape[:-1]
    low = p // 2
    matrix = values.reshape((*batch, 1 << (p - low), 1 << low))
    partial = (matrix.sum(axis=-2), matrix.sum(axis=-1))  # indexed by the low bits, by the high bits
    out = np.empty((*batch, p))
    for j in range(p):
        sums, bit = (partial[0], j) if j < low else (partial[1], j - low)
        out[..., j] = sums.reshape((*batch, -1, 2, 1 << bit))[..., 1, :].sum(axis=(-2, -1))
    return out


def shapley_values(r_squared: FloatArray, p: int) -> FloatArray:
    """LMG / Shapley value of each predictor from all subsets' R^2: (..., 2^p) -> (..., p).

    phi_j = sum over S not containing j of |S|! (p - |S| - 1)! / p! x
    (R^2(S + j) - R^2(S)); they add up to the full model's R^2. Regrouped by
    subset, phi_j = sum_{T containing j} a(|T|) R^2(T) - sum_{S without j}
    b(|S|) R^2(S) with a(k) = 1 / (p C(p-1, k-1)), b(k) = 1 / (p C(p-1, k)),
    which is two weighted sums per predictor.
    """
    sizes = subset_sizes(p)
    gain = np.array([0.0] + [1.0 / (p * comb(p - 1, k - 1)) for k in range(1, p + 1)])
    base = np.array([1.0 / (p * comb(p - 1, k)) for k in range(p)] + [0.0])
    with_j = _bit_sums(r_squared * gain[sizes], p)
    weighted_base = r_squared * base[sizes]
    without_j = weighted_base.sum(axis=-1)[..., None] - _bit_sums(weighted_base, p)
    values: FloatArray = with_j - without_j
    return values


def dominance(r_squared: FloatArray, p: int) -> tuple[FloatArray, FloatArray]:
    """Complete and conditional dominance from all subsets' R^2 (one model, no batch).

    Returns
    -------
    complete : (p, p)
        1 where predictor i adds more R^2 than j to every subset of the
        others (the empty one included), 0 where j adds more to every one,
        0.5 otherwise; the diagonal is NaN. As R ``dominanceanalysis``.
    conditional : (p, p)
        ``conditional[j, k]``: the mean R^2 increment of predictor j over
        the subsets of k other predictors. Its row means are the LMG values
        (general dominance).
    """
    sizes = subset_sizes(p - 1)
    per_size = np.array([comb(p - 1, k) for k in range(p)], dtype=np.float64)
    conditional = np.empty((p, p))
    for j in range(p):  # a loop over predictors; each step is vectorised over subsets
        halves = r_squared.reshape(-1, 2, 1 << j)  # [:, 1, :] has predictor j, [:, 0, :] not
        gain = (halves[:, 1, :] - halves[:, 0, :]).ravel()
        conditional[j] = np.bincount(sizes, weights=gain, minlength=p) / per_size
    complete = np.full((p, p), 0.5)
    np.fill_diagonal(complete, np.nan)
    everything = (1 << p) - 1
    for i in range(p):  # pairs of predictors, each a comparison of two strided views
        for j in range(i + 1, p):
            # The margins over the empty set and over all the others first: if their signs
            # differ, neither dominates and the other subsets need not be looked at.
            first = r_squared[1 << i] - r_squared[1 << j]
            last = r_squared[everything & ~(1 << j)] - r_squared[everything & ~(1 << i)]
            if not (first > 0 and last > 0) and not (first < 0 and last < 0):
                continue
            cube = r_squared.reshape(1 << (p - 1 - j), 2, 1 << (j - 1 - i), 2, 1 << i)
            margin = cube[:, 0, :, 1, :] - cube[:, 1, :, 0, :]  # R^2(S + i) - R^2(S + j)
            if first > 0 and margin.min() > 0:
                complete[i, j], complete[j, i] = 1.0, 0.0
            elif first < 0 and margin.max() < 0:
                complete[i, j], complete[j, i] = 0.0, 1.0
    return complete, conditional


def relative_weights(corr: FloatArray) -> FloatArray:
    """Johnson's (2000) relative weights: (..., q, q) correlations -> (..., p).

    With R_xx = V diag(lambda) V', the predictors' closest orthonormal
    counterparts Z = X R_xx^(-1/2) have correlations Lambda = R_xx^(1/2) with
    them; beta = Lambda^(-1) r_xy are the outcome's weights on Z, and
    epsilon_j = sum_k Lambda_jk^2 beta_k^2. They add up to the full R^2.
    """
    rxx = corr[..., :-1, :-1]
    rxy = corr[..., :-1, -1]
    values, vectors = np.linalg.eigh(rxx)
    root = np.sqrt(np.maximum(values, 0.0))
    half = (vectors * root[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    inverse_half = (vectors / root[..., None, :]) @ np.swapaxes(vectors, -1, -2)
    beta = (inverse_half @ rxy[..., None])[..., 0]
    weights: FloatArray = ((half**2) @ (beta**2)[..., None])[..., 0]
    return weights


def bootstrap_covariances(
    data: FloatArray, weights: FloatArray | None, resamples: int, rng: np.random.Generator
) -> FloatArray:
    """(resamples, q, q) covariance matrices of responses resampled with replacement.

    Each replicate draws n responses with replacement (Efron 1979), as R
    ``relaimpo::boot.relimp`` does; survey weights travel with their
    responses. Replicates are built from per-response frequencies, so the
    cross-products are matrix products over blocks of responses.
    """
    n, q = data.shape
    w = np.ones(n) if weights is None else weights
    centred = data - (w @ data) / float(w.sum())  # centring first keeps the sums well conditioned
    upper = np.triu_indices(q)
    out = np.empty((resamples, q, q))
    batch = max(1, (1 << 22) // max(n, 1))
    for start in range(0, resamples, batch):  # blocks of replicates, bounded memory
        stop = min(start + batch, resamples)
        draws = rng.integers(0, n, size=(stop - start, n))
        offsets = (np.arange(stop - start) * n)[:, None]
        freq = np.bincount((draws + offsets).ravel(), minlength=(stop - start) * n)
        replicate_w = freq.reshape(stop - start, n) * w
        total = replicate_w.sum(axis=1)
        first = replicate_w @ centred
        second = np.zeros((stop - start, upper[0].shape[0]))
        for row in range(0, n, _ROW_CHUNK):  # blocks of responses, not single rows
            block = centred[row : row + _ROW_CHUNK]
            second += replicate_w[:, row : row + _ROW_CHUNK] @ (block[:, upper[0]] * block[:, upper[1]])
        with np.errstate(divide="ignore", invalid="ignore"):  # a zero-weight replicate is NaN
            mean = first / total[:, None]
            moments = second / total[:, None] - mean[:, upper[0]] * mean[:, upper[1]]
        out[start:stop][:, upper[0], upper[1]] = moments
        out[start:stop][:, upper[1], upper[0]] = moments
    return out
