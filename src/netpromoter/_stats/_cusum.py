"""Sequential charts on categorical responses: design by exact run lengths, and their recursions.

Per-response CUSUM (Page 1954) of the multinomial log-likelihood ratio
between the in-control shares p0 and the shifted shares p1: a response in
category j adds w_j = log(p1_j / p0_j) and S_t = max(0, S_{t-1} + w_t). The
scores are rescaled to small integers (16 to 31 units for the smallest),
so the statistic lives on the integers 0, 1, ..., H - 1 before an alarm at
S >= H: a finite Markov chain whose average run length (ARL) is the solution
of one banded linear system, exactly (Brook & Evans 1972). The chart that
runs is the integer one, so the reported ARLs are those of the chart in use,
and its arithmetic is exact, so a stream fed in one batch or many gives the
same alarms. The threshold H is the smallest whose in-control ARL reaches
the requested one, found by bisection.

An EWMA of the response values (Roberts 1959), one-sided with asymptotic
limits, is designed the same way with its ARL from a Markov chain on a fine
grid (Brook & Evans 1972; Lucas & Saccucci 1990), linearly interpolated and
extrapolated to zero grid width (Richardson).

Also the ARL of the normal-theory tabular CUSUM that ``trend()`` runs on
period z-scores, by the Nystrom method (Gauss-Legendre), as R
``spc::xcusum.arl``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..typing import FloatArray

__all__ = [
    "CusumDesign",
    "EwmaDesign",
    "absorbing_arl",
    "batch_chart_arl",
    "cusum_arl",
    "cusum_design",
    "cusum_run",
    "cusum_threshold",
    "ewma_arl",
    "ewma_design",
    "ewma_run",
    "integer_scores",
    "llr_scores",
    "normal_cusum_arl",
    "shifted_shares",
]

Int64Array = NDArray[np.int64]

#: Units of the smallest non-zero |score| searched when rounding the LLR scores to integers.
_UNITS = range(16, 32)
#: LAPACK's banded LU switches to a blocked (multithreaded BLAS) code from this
#: lower bandwidth on; below it the small chains here solve in well under a millisecond.
_BLOCKED_BAND = 32


# -- shares and scores -----------------------------------------------------------------------------


def shifted_shares(shares: ArrayLike, shift: float) -> FloatArray:
    """Shares (detractors, passives, promoters) after an NPS change of ``shift`` points.

    A change of s points moves s / 200 of the share between promoters and
    detractors, passives unchanged: NPS = p - d changes by s / 100.
    """
    moved = shift / 200.0
    out: FloatArray = np.array(shares, dtype=np.float64) + np.array([-moved, 0.0, moved])
    return out


def llr_scores(p0: ArrayLike, p1: ArrayLike) -> FloatArray:
    """Log-likelihood-ratio score log(p1_j / p0_j) of each category (0 where both shares are 0)."""
    a, b = np.asarray(p0, dtype=np.float64), np.asarray(p1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where((a == 0) & (b == 0), 0.0, np.log(b / a))
    return w


def integer_scores(weights: ArrayLike) -> tuple[Int64Array, float]:
    """Integer scores proportional to ``weights``, and the unit (weight of one integer step).

    The smallest non-zero |weight| becomes b units, b in 16..31 chosen to make
    the largest relative rounding error smallest (the smallest b on ties).
    For the default design, (0.22314, 0, -0.10536) become (36, 0, -17), a
    ratio off by 1e-4.
    """
    w = np.asarray(weights, dtype=np.float64)
    magnitudes = np.abs(w[w != 0])
    smallest = float(magnitudes.min())
    best_error, best_unit = math.inf, smallest / _UNITS[0]
    for units in _UNITS:  # a loop over 16 candidate units, not over data
        unit = smallest / units
        exact = magnitudes / unit
        error = float(np.max(np.abs(exact - np.rint(exact)) / exact))
        if error < best_error - 1e-12:
            best_error, best_unit = error, unit
    return np.rint(w / best_unit).astype(np.int64), best_unit


def absorbing_arl(
    rows: Int64Array, cols: Int64Array, probabilities: FloatArray, size: int, starts: Int64Array
) -> FloatArray:
    """Expected steps to absorption from each state in ``starts``: L = (I - Q)^-1 1.

    Q holds the transition probabilities among the ``size`` transient states
    (entries ``(rows, cols)``, duplicates added); the rest of each row's mass is
    absorption. Banded LU when one bandwidth is below 32 (solving the
    transposed system, rows of the inverse, when that is the upper one),
    else sparse LU: both avoid LAPACK's blocked banded code, whose threaded
    BLAS calls cost a thousand times more than the arithmetic on a busy machine.
    """
    from scipy.linalg import solve_banded

    offset = cols - rows
    up = max(int(offset.max(initial=0)), 0)
    down = max(-int(offset.min(initial=0)), 0)
    ones = np.ones(size)
    if min(up, down) >= _BLOCKED_BAND:
        import scipy.sparse as sparse
        from scipy.sparse.linalg import spsolve

        matrix = sparse.identity(size, format="csc") - sparse.csc_matrix(
            (probabilities, (rows, cols)), shape=(size, size)
        )
        solution: FloatArray = spsolve(matrix, ones)[starts]
        return solution
    transposed = down >= _BLOCKED_BAND
    if transposed:
        rows, cols, up, down = cols, rows, down, up
    # Banded storage: element (i, j) of I - Q sits at band[up + i - j, j].
    band = np.zeros((up + down + 1, size))
    band[up] = 1.0
    np.add.at(band, (up + rows - cols, cols), -probabilities)
    if not transposed:
        return solve_banded((down, up), band, ones, check_finite=False)[starts]  # type: ignore[no-any-return]
    unit_rows = np.zeros((size, starts.shape[0]))
    unit_rows[starts, np.arange(starts.shape[0])] = 1.0
    inverse_rows = solve_banded((down, up), band, unit_rows, check_finite=False)
    return inverse_rows.sum(axis=0)  # type: ignore[no-any-return]


# -- CUSUM on integer scores: exact run lengths --------------------------------------------------------


def cusum_arl(scores: ArrayLike, probabilities: ArrayLike, threshold: int) -> float:
    """Exact ARL of the integer CUSUM from S = 0, alarm at S >= ``threshold``.

    States 0..H-1; from state i a response of category j moves to
    max(0, i + w_j), or ends the run if that reaches H. The vector of ARLs
    from each state solves (I - Q) L = 1 (Brook & Evans 1972), a banded
    system (bandwidths: the largest down and up steps).
    """
    w = np.asarray(scores, dtype=np.int64)
    p = np.asarray(probabilities, dtype=np.float64)
    h = int(threshold)
    if h <= 0:
        return 1.0
    state = np.arange(h)
    rows, cols, probs = [], [], []
    for step, prob in zip(w.tolist(), p.tolist(), strict=True):  # one pass per category
        target = np.maximum(state + step, 0)
        inside = target < h
        rows.append(state[inside])
        cols.append(target[inside])
        probs.append(np.full(int(inside.sum()), prob))
    arl = absorbing_arl(
        np.concatenate(rows), np.concatenate(cols), np.concatenate(probs), h, np.zeros(1, np.int64)
    )
    return float(arl[0])


def cusum_threshold(scores: ArrayLike, probabilities: ArrayLike, arl0: float) -> int:
    """Smallest integer threshold H whose in-control ARL reaches ``arl0`` (bisection).

    The ARL grows with H, roughly exponentially; H is bracketed by doubling,
    then bisected.
    """
    low, high = 0, 1  # ARL(0) = 1 < arl0 for any arl0 > 1
    while cusum_arl(scores, probabilities, high) < arl0:
        low, high = high, 2 * high
    while high - low > 1:
        middle = (low + high) // 2
        if cusum_arl(scores, probabilities, middle) >= arl0:
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True, slots=True)
class CusumDesign:
    """A per-response LLR CUSUM: integer scores per category, threshold, exact ARLs."""

    scores: tuple[int, ...]
    unit: float
    threshold: int
    arl0: float
    arl1: float


def cusum_design(p0: ArrayLike, p1: ArrayLike, arl0: float) -> CusumDesign:
    """The LLR CUSUM for p0 -> p1 whose in-control ARL is the first to reach ``arl0``."""
    scores, unit = integer_scores(llr_scores(p0, p1))
    threshold = cusum_threshold(scores, p0, arl0)
    return CusumDesign(
        scores=tuple(int(s) for s in scores),
        unit=unit,
        threshold=threshold,
        arl0=cusum_arl(scores, p0, threshold),
        arl1=cusum_arl(scores, p1, threshold),
    )


_FIRST_CHUNK = 4096
_MAX_CHUNK = 1 << 20


def cusum_run(increments: Int64Array, start: int, threshold: int) -> tuple[list[int], int]:
    """Alarm indices of S_t = max(0, S_{t-1} + w_t) from S = ``start``, restarting at 0 after each.

    With C the running sum of the increments, a stretch that starts after
    index b (where S_b = 0, or S = ``start`` before the batch) has
    S_t = C_t - min(C_b, min_{b<u<=t} C_u): Lindley's recursion unrolled
    into one cumulative sum for the whole batch and a running minimum per
    stretch. The running minimum is taken over windows that double while no
    alarm occurs and restart at twice the last gap after one, so the Python
    loop runs about once per alarm. Integer arithmetic: the result does not
    depend on how the stream is cut into batches. Returns the indices and
    the final S.
    """
    n = increments.shape[0]
    alarms: list[int] = []
    if n == 0:
        return alarms, int(start)
    total = np.cumsum(increments)
    reach = total - threshold  # S_t >= threshold  <=>  C_t - threshold >= running minimum
    floor = -int(start)  # the running minimum the stretch starts from (C before the batch is 0)
    position, window = 0, _FIRST_CHUNK
    lowest = np.empty(0, dtype=np.int64)
    while position < n:  # one iteration per window or per alarm
        stop = min(n, position + window)
        lowest = np.minimum.accumulate(total[position:stop])
        np.minimum(lowest, floor, out=lowest)
        crossed = reach[position:stop] >= lowest
        hit = int(np.argmax(crossed))
        if crossed[hit]:
            alarms.append(position + hit)
            floor = int(total[position + hit])
            position += hit + 1
            window = max(256, 2 * (hit + 1))
            lowest = np.empty(0, dtype=np.int64)
        else:
            floor = int(lowest[-1])
            position = stop
            window = min(2 * window, _MAX_CHUNK)
    final = int(total[-1]) - floor if lowest.shape[0] else 0
    return alarms, final


# -- EWMA ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EwmaDesign:
    """A one-sided EWMA of values v (alarm when z >= limit), its width in sigma units and ARLs."""

    smoothing: float
    start: float
    limit: float
    width: float
    arl0: float
    arl1: float


def _ewma_grid_arl(
    values: FloatArray, probabilities: FloatArray, smoothing: float, limit: float, start: float, cells: int
) -> float:
    """ARL of z_t = (1 - l) z_{t-1} + l v_t, alarm at z >= limit, on a grid of ``cells`` steps.

    Grid points g_k = min(v) + k * width, k = 0..cells, g_cells = limit (absorbing).
    The next value from g_k falls between two grid points and its probability
    is split between them by linear interpolation.
    """
    lam = smoothing
    low = float(values.min())
    width = (limit - low) / cells
    grid = low + width * np.arange(cells)
    state = np.arange(cells)
    rows, cols, probs = [], [], []
    for value, prob in zip(values.tolist(), probabilities.tolist(), strict=True):
        nxt = (1.0 - lam) * grid + lam * value
        where = (nxt - low) / width
        left = np.clip(np.floor(where).astype(np.int64), 0, cells - 1)
        frac = np.clip(where - left, 0.0, 1.0)
        alive = nxt < limit
        for target, weight in ((left, 1.0 - frac), (left + 1, frac)):
            keep = alive & (target < cells) & (weight > 0)
            rows.append(state[keep])
            cols.append(target[keep])
            probs.append(prob * weight[keep])
    # L at the two grid points around the start, interpolated like every other step.
    where = min(max((start - low) / width, 0.0), cells - 1.0)
    left = min(math.floor(where), cells - 2)
    arl = absorbing_arl(
        np.concatenate(rows), np.concatenate(cols), np.concatenate(probs), cells, np.array([left, left + 1])
    )
    frac = where - left
    return float((1.0 - frac) * arl[0] + frac * arl[1])


def ewma_arl(
    values: ArrayLike,
    probabilities: ArrayLike,
    smoothing: float,
    limit: float,
    start: float,
    *,
    sigma: float,
) -> float:
    """ARL of the one-sided EWMA from ``start``, alarm at z >= ``limit``.

    Markov chain on a grid of about 48 cells per asymptotic standard
    deviation sigma sqrt(l / (2 - l)) of z (at least 256 cells), Richardson-
    extrapolated from that grid and one twice as coarse (the interpolation
    scheme's error is first order in the cell width). The seeded simulations
    in the tests agree within their sampling error.
    """
    v = np.asarray(values, dtype=np.float64)
    p = np.asarray(probabilities, dtype=np.float64)
    spread = sigma * math.sqrt(smoothing / (2.0 - smoothing))
    cells = max(256, 2 * math.ceil(24.0 * (limit - float(v.min())) / spread))
    fine = _ewma_grid_arl(v, p, smoothing, limit, start, cells)
    coarse = _ewma_grid_arl(v, p, smoothing, limit, start, cells // 2)
    return max(2.0 * fine - coarse, 1.0)


def ewma_design(
    values: ArrayLike,
    p0: ArrayLike,
    p1: ArrayLike,
    smoothing: float,
    arl0: float,
) -> EwmaDesign:
    """One-sided upper EWMA of ``values`` whose in-control ARL is ``arl0`` (Brent on log ARL).

    The limit is mu0 + L sigma0 sqrt(l / (2 - l)) (asymptotic limits; Lucas &
    Saccucci 1990); L is solved for ``arl0`` on (0, L_max), where L_max puts
    the limit at max(v), which z can never reach.
    """
    from scipy.optimize import brentq

    v = np.asarray(values, dtype=np.float64)
    q0 = np.asarray(p0, dtype=np.float64)
    mean = float(q0 @ v)
    sigma = math.sqrt(max(float(q0 @ (v * v)) - mean * mean, 0.0))
    spread = sigma * math.sqrt(smoothing / (2.0 - smoothing))

    def excess(width: float) -> float:
        limit = mean + width * spread
        return math.log(ewma_arl(v, q0, smoothing, limit, mean, sigma=sigma)) - math.log(arl0)

    # Bracket by unit steps: far out the ARL is astronomically large and the
    # linear system loses its accuracy, so the bracket stays near the root.
    top = (float(v.max()) - mean) / spread * (1.0 - 1e-9)
    low, high = 1e-6, min(1.0, top)
    if excess(low) >= 0:
        width = low
    else:
        while excess(high) < 0 and high < top:
            low, high = high, min(high + 1.0, top)
        width = float(brentq(excess, low, high, xtol=1e-10, rtol=1e-12))
    limit = mean + width * spread
    return EwmaDesign(
        smoothing=smoothing,
        start=mean,
        limit=limit,
        width=width,
        arl0=ewma_arl(v, q0, smoothing, limit, mean, sigma=sigma),
        arl1=ewma_arl(v, np.asarray(p1, dtype=np.float64), smoothing, limit, mean, sigma=sigma),
    )


def ewma_run(
    values: FloatArray, start: float, state: float, smoothing: float, limit: float
) -> tuple[list[int], float]:
    """Alarm indices of z_t = (1 - l) z_{t-1} + l v_t from z = ``state``, alarm at z >= ``limit``.

    After an alarm z restarts at ``start``. NaN values (missing responses)
    leave z unchanged. Chunks as in :func:`cusum_run`; within a chunk the
    recursion is ``scipy.signal.lfilter``, whose step is the same floating
    point operation wherever a batch is cut.
    """
    from scipy.signal import lfilter

    lam = smoothing
    b, a = np.array([lam]), np.array([1.0, -(1.0 - lam)])
    missing = np.isnan(values)
    n = values.shape[0]
    alarms: list[int] = []
    z, position, chunk = float(state), 0, _FIRST_CHUNK
    while position < n:
        stop = min(n, position + chunk)
        part = values[position:stop]
        if missing[position:stop].any():
            path = _ewma_with_gaps(part, z, lam)
        else:
            path = lfilter(b, a, part, zi=np.array([(1.0 - lam) * z]))[0]
        hit = int(np.argmax(path >= limit))
        if path[hit] >= limit:
            alarms.append(position + hit)
            z, position = float(start), position + hit + 1
            chunk = max(256, 4 * (hit + 1))
        else:
            z, position = float(path[-1]), stop
            chunk = min(2 * chunk, _MAX_CHUNK)
    return alarms, z


def _ewma_with_gaps(part: FloatArray, z: float, lam: float) -> FloatArray:
    """The EWMA path over a chunk with missing values: filter the present ones, carry z over gaps."""
    from scipy.signal import lfilter

    present = ~np.isnan(part)
    path = np.full(part.shape[0], z)
    if present.any():
        filtered = lfilter(
            np.array([lam]), np.array([1.0, -(1.0 - lam)]), part[present], zi=[(1.0 - lam) * z]
        )
        path[present] = filtered[0]
        # A gap holds the last value: forward-fill from the latest present index.
        index = np.where(present, np.arange(part.shape[0]), -1)
        np.maximum.accumulate(index, out=index)
        path = np.where(index >= 0, path[np.maximum(index, 0)], z)
    return path


# -- other charts, for comparison and for trend() ---------------------------------------------------


def batch_chart_arl(p0: ArrayLike, p1: ArrayLike, group_size: int, arl0: float) -> float:
    """Responses to a signal of a one-sided Shewhart chart on the NPS of groups of ``group_size``.

    Normal theory: the false-alarm rate per group is group_size / arl0, so the
    limit is NPS0 -/+ z sqrt(V0 / m) in the direction of the change, and the
    ARL1 in responses is m / P1(signal) (V = p + d - (p - d)^2 per response).
    """
    from scipy.special import ndtr, ndtri

    m = float(group_size)
    d0, _, q0 = np.asarray(p0, dtype=np.float64).tolist()
    d1, _, q1 = np.asarray(p1, dtype=np.float64).tolist()
    mu0, mu1 = q0 - d0, q1 - d1
    v0, v1 = q0 + d0 - mu0 * mu0, q1 + d1 - mu1 * mu1
    z = float(ndtri(1.0 - m / arl0))
    direction = 1.0 if mu1 > mu0 else -1.0
    limit = mu0 + direction * z * math.sqrt(v0 / m)
    power = float(ndtr(direction * (mu1 - limit) / math.sqrt(v1 / m)))
    return m / power


def _one_sided_normal_arl(k: float, h: float, mean: float, nodes: int) -> float:
    """ARL of C_t = max(0, C_{t-1} + X_t - k), X ~ N(mean, 1), alarm at C > h, from 0 (Nystrom).

    L(x) = 1 + L(0) Phi(k - x - mean) + int_0^h L(y) phi(y - x + k - mean) dy,
    Gauss-Legendre nodes on (0, h) plus the point x = 0.
    """
    from scipy.special import ndtr

    t, weights = np.polynomial.legendre.leggauss(nodes)
    y = 0.5 * h * (t + 1.0)
    w = 0.5 * h * weights
    x = np.append(y, 0.0)
    diff = y[None, :] - x[:, None] + k - mean
    matrix = -w[None, :] * np.exp(-0.5 * diff * diff) / math.sqrt(2.0 * math.pi)
    matrix = np.hstack([matrix, -ndtr(k - x - mean)[:, None]])
    matrix[np.arange(nodes + 1), np.arange(nodes + 1)] += 1.0
    arl = np.linalg.solve(matrix, np.ones(nodes + 1))
    return float(arl[-1])


def normal_cusum_arl(k: float, h: float, *, shift: float = 0.0, sided: str = "two", nodes: int = 48) -> float:
    """ARL (in periods) of the tabular CUSUM on N(shift, 1) z-scores with reference k and limit h.

    ``sided="two"`` combines the upper and lower charts by 1/ARL = 1/ARL+ +
    1/ARL- (Lucas & Crosier 1982), as R ``spc::xcusum.arl(k, h, mu, sided =
    "two")``: (0.5, 5) gives 465.44 in control.
    """
    upper = _one_sided_normal_arl(k, h, shift, nodes)
    if sided != "two":
        return upper
    lower = _one_sided_normal_arl(k, h, -shift, nodes)
    return 1.0 / (1.0 / upper + 1.0 / lower)
