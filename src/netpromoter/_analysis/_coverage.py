"""Exact coverage of an interval method, by enumerating every multinomial outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from .._input._options import METHODS, check_choice, check_confidence, check_integer, show
from .._input._plain import html_table, records_frame
from .._results._base import Result
from .._stats._intervals import DEFAULT_METHOD, IntervalOptions, interval_arrays
from ..errors import InvalidOptionError, InvalidOptionTypeError
from ..typing import FloatArray, Method

if TYPE_CHECKING:
    from ..typing import Prior, RNGLike

__all__ = ["CoverageResult", "exact_coverage"]


@dataclass(frozen=True, slots=True, repr=False)
class CoverageResult(Result):
    """Exact coverage and expected width at each true (promoter, detractor) share.

    Attributes
    ----------
    n : int
        Sample size.
    promoter_share, detractor_share : ndarray
        The true shares evaluated.
    coverage : ndarray
        Probability that the interval contains the true NPS.
    expected_width : ndarray
        Expected interval width in NPS points.
    method : str
    confidence : float
    """

    n: int
    promoter_share: FloatArray
    detractor_share: FloatArray
    coverage: FloatArray
    expected_width: FloatArray
    method: str
    confidence: float

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per true (promoter, detractor) share (needs pandas)."""
        shares = zip(
            self.promoter_share, self.detractor_share, self.coverage, self.expected_width, strict=True
        )
        return records_frame(
            [
                {
                    "n": self.n,
                    "promoter_share": float(p),
                    "detractor_share": float(d),
                    "coverage": float(c),
                    "expected_width": float(w),
                    "method": self.method,
                    "confidence": self.confidence,
                }
                for p, d, c, w in shares
            ]
        )

    def __repr__(self) -> str:
        return (
            f"CoverageResult(method={self.method!r}, n={self.n}, points={self.coverage.size}, "
            f"mean coverage={self.coverage.mean():.4f}, min={self.coverage.min():.4f}, "
            f"mean width={self.expected_width.mean():.2f})"
        )

    def _repr_html_(self) -> str:
        rows = [
            [f"{p:.3g}", f"{d:.3g}", f"{c:.4f}", f"{w:.2f}"]
            for p, d, c, w in zip(
                self.promoter_share, self.detractor_share, self.coverage, self.expected_width, strict=True
            )
        ]
        caption = f"Exact coverage of {self.method} at n = {self.n} (nominal {self.confidence:g})"
        return html_table(["promoters", "detractors", "coverage", "width"], rows, caption=caption)


def all_outcomes(n: int) -> FloatArray:
    """Every (D, Pas, P) with D + Pas + P = n, one per row: (n+1)(n+2)/2 rows."""
    d, p = np.triu_indices(n + 1)  # pairs with d <= p index-wise; remap to D + P <= n
    detractors = d
    promoters = p - d
    return np.stack([detractors, n - detractors - promoters, promoters], axis=1).astype(np.float64)


def _shares(promoter_share: object, detractor_share: object) -> tuple[FloatArray, FloatArray]:
    """The true shares as float arrays broadcast together, each pair summing to at most 1."""
    given = f"promoter_share={show(promoter_share)}, detractor_share={show(detractor_share)}"
    try:
        p, d = np.broadcast_arrays(
            np.atleast_1d(np.asarray(promoter_share, dtype=np.float64)),
            np.atleast_1d(np.asarray(detractor_share, dtype=np.float64)),
        )
    except TypeError:
        raise InvalidOptionTypeError(f"true shares must be numbers; got {given}") from None
    except ValueError:  # not numbers, or shapes that do not broadcast
        raise InvalidOptionError(
            f"true shares must be numbers of broadcastable shapes; got {given}"
        ) from None
    if np.any((p < 0) | (d < 0) | (p + d > 1 + 1e-12)) or not np.all(np.isfinite(p + d)):
        raise InvalidOptionError(
            f"true shares must be non-negative with promoters + detractors <= 1; got {given}"
        )
    return p, d


def exact_coverage(
    n: int,
    promoter_share: ArrayLike,
    detractor_share: ArrayLike,
    *,
    method: Method = DEFAULT_METHOD,
    confidence: float = 0.95,
    rng: RNGLike = None,
    resamples: int = 2000,
    prior: Prior | None = None,
) -> CoverageResult:
    """Exact coverage and expected width of an interval method at sample size n.

    Every outcome (D, Pas, P) of n responses is enumerated, its interval
    computed once, and weighted by its multinomial probability under each
    true share: coverage = sum of the probabilities of the outcomes whose
    interval contains the true NPS. For ``"bootstrap"`` the intervals are
    themselves random (``resamples`` replicates from ``rng``), so the result is
    exact up to that Monte Carlo error.

    Parameters
    ----------
    n : int
        Sample size (1 to 2000; the work grows as n^2).
    promoter_share, detractor_share : array_like
        True shares, broadcast together; each pair must sum to at most 1.
    method : str, default the library default
        Interval method, as in :func:`netpromoter.score`.
    confidence : float, default 0.95
    rng : int or numpy.random.Generator, optional
        Randomness of ``"bootstrap"`` (the only resampling method). The
        default ``None`` is a fixed seed, so the same call always gives the
        same result; pass a seed or a Generator for other draws.
    resamples : int, default 2000
        Bootstrap resamples per outcome, at least 100.
    prior : tuple of 3 floats, optional
        For ``"bayes"`` only: the Dirichlet prior (default Jeffreys).

    Returns
    -------
    CoverageResult

    Examples
    --------
    >>> import netpromoter as nps
    >>> r = nps.exact_coverage(20, 1/3, 1/3, method="wald")
    >>> round(float(r.coverage[0]), 4) < 0.95
    True
    """
    size = check_integer(n, "n", low=1, high=2000)
    check_choice(method, METHODS, "method")
    level = check_confidence(confidence)
    options = IntervalOptions.build(rng=rng, resamples=resamples, bootstrap="bca", prior=prior)
    p, d = _shares(promoter_share, detractor_share)
    x = all_outcomes(size)
    bounds = interval_arrays(x, x, method=method, confidence=level, options=options)
    low, high = 100.0 * bounds.low, 100.0 * bounds.high
    from scipy.special import gammaln, xlogy

    log_coef = gammaln(n + 1.0) - gammaln(x + 1.0).sum(axis=1)
    passive = 1.0 - p - d
    log_prob = (
        log_coef[None, :]
        + xlogy(x[None, :, 0], d[:, None])
        + xlogy(x[None, :, 1], np.maximum(passive, 0.0)[:, None])
        + xlogy(x[None, :, 2], p[:, None])
    )
    prob = np.exp(log_prob)
    truth = 100.0 * (p - d)
    # A bound within 1e-9 points of the truth counts as covering it (rounding).
    covers = (low[None, :] <= truth[:, None] + 1e-9) & (truth[:, None] - 1e-9 <= high[None, :])
    return CoverageResult(
        n=int(n),
        promoter_share=p.copy(),
        detractor_share=d.copy(),
        coverage=(prob * covers).sum(axis=1),
        expected_width=prob @ (high - low),
        method=method,
        confidence=level,
    )
