"""The weighted histogram of a rating question: every metric of its scale from one pass."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._input._align import align_inputs
from .._input._metric import NPS, Metric
from .._input._options import check_scale, show
from .._input._plain import as_dict
from .._input._scale import STANDARD, Scale
from .._input._validate import validate_scores
from ..errors import InvalidCountsError, InvalidOptionError, InvalidOptionTypeError
from ._clusters import cluster_codes
from ._counts import Counts

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ..typing import FloatArray, LabelsLike, MissingPolicy, ScoresLike, WeightsLike

__all__ = ["RatingCounts", "check_metric", "metric_counts", "metric_scale"]

_SLACK = 1e-6  # relative rounding allowed in sums of (squared) weights


def check_metric(metric: object, name: str = "metric") -> Metric:
    """``metric`` if it is a :class:`Metric`, else our error naming what was given."""
    if not isinstance(metric, Metric):
        raise InvalidOptionTypeError(
            f"{name} must be a netpromoter Metric (nps.NPS, nps.CSAT, nps.CES or Metric.share/net/mean), "
            f"got {show(metric)}"
        )
    return metric


def metric_scale(metric: object, scale: Scale) -> Scale:
    """The categories to count: ``scale`` for the NPS, else the metric's own (``scale`` left default)."""
    checked = check_metric(metric)
    check_scale(scale)
    if checked == NPS:
        return scale
    if scale != STANDARD:
        raise InvalidOptionError(
            f"scale applies to the NPS; metric {checked.name} carries its own scale: leave scale out"
        )
    return checked.scale


def _vector(values: object, size: int, what: str, *, whole: bool) -> FloatArray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        arr = np.zeros(0)
    if arr.shape != (size,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise InvalidCountsError(
            f"{what} needs {size} finite non-negative numbers, one per scale value; got {show(values)}"
        )
    if whole and np.any(arr != np.rint(arr)):
        position = int(np.argmax(arr != np.rint(arr)))
        raise InvalidCountsError(
            f"{what}: unweighted counts are whole numbers; got {arr[position]!r} at position {position}"
        )
    return arr


@dataclass(frozen=True, slots=True, init=False, repr=False)
class RatingCounts:
    """The (weighted) number of responses at each value of a rating scale.

    The sufficient statistic of a rating question: every share, net score and
    mean of the scale comes from it without a second pass over the data
    (:meth:`counts` collapses it into a metric's boxes). Like :class:`Counts`
    it merges with ``+`` (partitions, files, machines).

    Parameters
    ----------
    minimum, maximum : int
        The scale.
    weights : sequence of float
        Responses (sum of weights) at each value ``minimum, ..., maximum``.
    squared_weights : sequence of float, optional
        Sum of squared weights at each value (weighted data; needs ``n``).
    n : int, optional
        Number of responses (required with ``squared_weights``).
    missing : int, default 0
        Missing responses left out (counted, never used).
    cross_products : (K, K) nested sequence, optional
        Clustered responses: ``sum_c A_c A_c'`` over the clusters, ``A_c`` the
        cluster's per-value totals; with ``clusters``.
    clusters : int, optional
        Number of clusters.

    Examples
    --------
    >>> import netpromoter as nps
    >>> r = nps.RatingCounts.from_scores([5, 4, 4, 3, 1, None], metric=nps.CSAT)
    >>> r
    RatingCounts(1-5: 1, 0, 1, 2, 1; missing=1)
    >>> r.mean
    3.4
    >>> r.counts(nps.CSAT)  # top box 4-5 against the rest
    Counts(detractors=0, passives=2, promoters=3, missing=1)
    >>> r.counts(nps.Metric.net(1, 5, top=(4, 5), bottom=(1, 2))).nps
    40.0
    """

    minimum: int
    maximum: int
    weights: tuple[float, ...]
    squared_weights: tuple[float, ...]
    n: int
    missing: int
    cross_products: tuple[tuple[float, ...], ...] | None
    clusters: int | None

    def __init__(
        self,
        minimum: int,
        maximum: int,
        weights: ArrayLike,
        *,
        squared_weights: ArrayLike | None = None,
        n: int | None = None,
        missing: int = 0,
        cross_products: Sequence[Sequence[float]] | None = None,
        clusters: int | None = None,
    ) -> None:
        metric = Metric.mean(minimum, maximum)  # checks the bounds
        size = metric.maximum - metric.minimum + 1
        sums = _vector(weights, size, "weights", whole=squared_weights is None)
        squares = (
            sums
            if squared_weights is None
            else _vector(squared_weights, size, "squared_weights", whole=False)
        )
        if squared_weights is None:
            count = int(sums.sum())
            if n is not None and n != count:
                raise InvalidCountsError(f"n={n} differs from the total {count} of unweighted counts")
        else:
            if n is None or isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
                raise InvalidCountsError(f"weighted counts need n, the number of responses; got {n!r}")
            count = int(n)
            if np.any((sums > 0) != (squares > 0)) or np.any(squares > sums * sums * (1 + _SLACK)):
                raise InvalidCountsError(
                    f"weights {show(weights)} and squared_weights {show(squared_weights)} "
                    "do not come from non-negative weights (each sum of squares is at most the squared sum)"
                )
        if isinstance(missing, bool) or not isinstance(missing, (int, np.integer)) or missing < 0:
            raise InvalidCountsError(f"missing must be a whole number >= 0, got {missing!r}")
        if (cross_products is None) != (clusters is None):
            raise InvalidCountsError(
                "clustered counts need both cross_products and clusters (or neither); got "
                f"cross_products={show(cross_products)}, clusters={clusters!r}"
            )
        products = None
        if cross_products is not None:
            matrix = np.asarray(cross_products, dtype=np.float64)
            if matrix.shape != (size, size) or not np.all(np.isfinite(matrix)):
                raise InvalidCountsError(
                    f"cross_products must be a {size}x{size} matrix; got {show(cross_products)}"
                )
            products = tuple(tuple(_tidy(v) for v in row) for row in ((matrix + matrix.T) / 2).tolist())
        object.__setattr__(self, "minimum", metric.minimum)
        object.__setattr__(self, "maximum", metric.maximum)
        object.__setattr__(self, "weights", tuple(_tidy(v) for v in sums.tolist()))
        object.__setattr__(self, "squared_weights", tuple(_tidy(v) for v in squares.tolist()))
        object.__setattr__(self, "n", count)
        object.__setattr__(self, "missing", int(missing))
        object.__setattr__(self, "cross_products", products)
        object.__setattr__(self, "clusters", None if clusters is None else int(clusters))

    @classmethod
    def from_scores(
        cls,
        scores: ScoresLike,
        weights: WeightsLike | None = None,
        *,
        metric: Metric = NPS,
        clusters: LabelsLike | None = None,
        missing: MissingPolicy = "omit",
    ) -> RatingCounts:
        """Count each scale value in one pass (one ``bincount``; two with weights).

        ``metric`` gives the scale (its boxes do not matter here: any metric of
        the same scale collapses the result). Missing values, weights and
        clusters are handled as in :meth:`Counts.from_scores`.

        >>> import netpromoter as nps
        >>> nps.RatingCounts.from_scores([1, 7, 7], metric=nps.CES).weights
        (1, 0, 0, 0, 0, 0, 2)
        """
        check_metric(metric)
        scores, weights, clusters = align_inputs(
            [("scores", scores), ("weights", weights), ("clusters", clusters)]
        )
        valid = validate_scores(scores, scale=metric.scale, missing=missing, weights=weights)
        size = metric.maximum - metric.minimum + 1
        index = valid.values.astype(np.intp) - metric.minimum
        w = np.ones(valid.length) if valid.weights is None else valid.weights
        if valid.missing_mask is not None:
            w = np.where(valid.missing_mask, 0.0, w)
        sums = np.bincount(index, weights=w, minlength=size)
        used = valid.length - valid.n_missing
        squares = None if valid.weights is None else np.bincount(index, weights=w * w, minlength=size)
        products = None
        m = None
        if clusters is not None:
            codes, m = cluster_codes(clusters, valid.length)
            totals = np.bincount(codes * size + index, weights=w, minlength=size * m).reshape(m, size)
            products = (totals.T @ totals).tolist()
        return cls(
            metric.minimum,
            metric.maximum,
            np.rint(sums) if squares is None else sums,
            squared_weights=None if squares is None else squares,
            n=used,
            missing=valid.n_missing,
            cross_products=products,
            clusters=m,
        )

    # -- derived ---------------------------------------------------------------------------------
    @property
    def values(self) -> tuple[int, ...]:
        """The scale values, ``minimum .. maximum``."""
        return tuple(range(self.minimum, self.maximum + 1))

    @property
    def total(self) -> float:
        """Sum of the weights (the number of responses if unweighted)."""
        return float(sum(self.weights))

    @property
    def weighted(self) -> bool:
        """Whether any weight differs from 1."""
        return self.squared_weights != self.weights

    @property
    def effective_n(self) -> float:
        """Kish's effective sample size, (sum w)^2 / sum w^2 (``n`` if unweighted)."""
        squares = float(sum(self.squared_weights))
        return self.total**2 / squares if squares > 0 else 0.0

    @property
    def mean(self) -> float:
        """The (weighted) mean score; NaN when empty."""
        total = self.total
        if not total > 0:
            return math.nan
        return float(np.dot(self.as_array(), np.arange(self.minimum, self.maximum + 1)) / total)

    def as_array(self) -> FloatArray:
        """The weights per value as a (K,) float array."""
        return np.array(self.weights, dtype=np.float64)

    def squared_array(self) -> FloatArray:
        """The squared weights per value as a (K,) float array."""
        return np.array(self.squared_weights, dtype=np.float64)

    def counts(self, metric: Metric) -> Counts:
        """The :class:`Counts` of a share or net ``metric`` of this scale (its boxes).

        Share metrics count the top box as promoters and the rest as passives
        (no detractors), so ``counts.nps`` is the share in percent.
        """
        check_metric(metric)
        if (metric.minimum, metric.maximum) != (self.minimum, self.maximum):
            raise InvalidOptionError(
                f"metric {metric.name} is on the {metric.minimum}-{metric.maximum} scale; "
                f"these counts are on {self.minimum}-{self.maximum}"
            )
        if metric.kind == "mean":
            raise InvalidOptionError(f"metric {metric.name} is a mean: it has no boxes to count")
        scale = metric.scale
        values = np.arange(self.minimum, self.maximum + 1)
        category = (values > scale.detractor_max).astype(np.intp) + (values >= scale.promoter_min)
        collapse = np.zeros((3, values.shape[0]))
        collapse[category, np.arange(values.shape[0])] = 1.0
        sums = collapse @ self.as_array()
        squares = collapse @ self.squared_array()
        products = None
        if self.cross_products is not None:
            products = (collapse @ np.array(self.cross_products) @ collapse.T).tolist()
        return Counts(
            float(sums[0]),
            float(sums[1]),
            float(sums[2]),
            missing=self.missing,
            squared_weights=(float(squares[0]), float(squares[1]), float(squares[2]))
            if self.weighted
            else None,
            n=self.n,
            cross_products=products,
            clusters=self.clusters,
        )

    def __add__(self, other: object) -> RatingCounts:
        if not isinstance(other, RatingCounts):
            return NotImplemented
        if (other.minimum, other.maximum) != (self.minimum, self.maximum):
            raise InvalidCountsError(
                f"cannot add counts on the {self.minimum}-{self.maximum} and "
                f"{other.minimum}-{other.maximum} scales"
            )
        clustered = self.cross_products is not None or other.cross_products is not None
        products = clusters = None
        if clustered:
            products = (_products(self) + _products(other)).tolist()
            clusters = _clusters(self) + _clusters(other)
        weighted = self.weighted or other.weighted
        return RatingCounts(
            self.minimum,
            self.maximum,
            self.as_array() + other.as_array(),
            squared_weights=(self.squared_array() + other.squared_array()).tolist() if weighted else None,
            n=self.n + other.n,
            missing=self.missing + other.missing,
            cross_products=products,
            clusters=clusters,
        )

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain JSON-safe Python; :meth:`from_dict` rebuilds equal counts."""
        return as_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RatingCounts:
        """Counts from :meth:`to_dict` output."""
        weighted = list(data["squared_weights"]) != list(data["weights"])
        return cls(
            data["minimum"],
            data["maximum"],
            data["weights"],
            squared_weights=data["squared_weights"] if weighted else None,
            n=data["n"],
            missing=data.get("missing", 0),
            cross_products=data.get("cross_products"),
            clusters=data.get("clusters"),
        )

    def __repr__(self) -> str:
        body = ", ".join(f"{v:g}" for v in self.weights)
        text = f"RatingCounts({self.minimum}-{self.maximum}: {body}"
        if self.missing:
            text += f"; missing={self.missing}"
        if self.weighted:
            text += f"; n={self.n}"
        if self.clusters is not None:
            text += f"; clusters={self.clusters}"
        return text + ")"


def _tidy(x: float) -> float:
    return int(x) if x == int(x) else x


def _products(counts: RatingCounts) -> FloatArray:
    """Cross-products; unclustered counts: every response (missing included) a cluster of its own."""
    if counts.cross_products is not None:
        return np.array(counts.cross_products, dtype=np.float64)
    return np.diag(counts.squared_array())


def _clusters(counts: RatingCounts) -> int:
    return counts.clusters if counts.clusters is not None else counts.n + counts.missing


def metric_counts(
    data: Any,
    weights: Any,
    *,
    metric: Metric,
    clusters: Any,
    missing: MissingPolicy,
) -> tuple[Counts, RatingCounts | None]:
    """The counts of ``metric``, and the rating histogram when there is one.

    Share and net metrics run on :class:`Counts` in their boxes (counted as
    ``Counts.from_scores`` counts them, or collapsed from given ratings); a
    mean metric needs the histogram, and its ``Counts`` hold every response in
    the middle category (a mean has no boxes), which keeps ``n``, weights and
    clusters.
    """
    if isinstance(data, RatingCounts):
        if weights is not None or clusters is not None:
            raise InvalidOptionError("weights and clusters are already inside RatingCounts")
        ratings = data
    elif isinstance(data, Counts):
        if metric.kind == "mean":
            raise InvalidOptionError(
                f"metric {metric.name} is a mean: give scores or RatingCounts, "
                "not Counts (which hold boxes only)"
            )
        if metric.kind == "share" and data.detractors:
            raise InvalidOptionError(
                f"Counts for the share metric {metric.name} have no detractors (top box = promoters, "
                "the rest = passives); build them with RatingCounts.from_scores(...).counts(metric)"
            )
        if weights is not None or clusters is not None:
            raise InvalidOptionError(
                "weights and clusters cannot be combined with Counts: count them into the Counts"
            )
        return data, None
    elif metric.kind != "mean":  # the boxes' counts directly, as GroupedCounts count each group
        return Counts.from_scores(data, weights, clusters=clusters, scale=metric.scale, missing=missing), None
    else:
        ratings = RatingCounts.from_scores(data, weights, metric=metric, clusters=clusters, missing=missing)
    if metric.kind == "mean":
        return _middle(ratings), ratings
    return ratings.counts(metric), ratings


def _middle(ratings: RatingCounts) -> Counts:
    """Every response of a mean metric in the middle category (a mean has no boxes)."""
    total = ratings.as_array().sum()
    squares = ratings.squared_array().sum()
    products = None
    if ratings.cross_products is not None:
        inner = float(np.array(ratings.cross_products).sum())
        products = [[0.0, 0.0, 0.0], [0.0, inner, 0.0], [0.0, 0.0, 0.0]]
    return Counts(
        0.0,
        float(total),
        0.0,
        missing=ratings.missing,
        squared_weights=(0.0, float(squares), 0.0) if ratings.weighted else None,
        n=ratings.n,
        cross_products=products,
        clusters=ratings.clusters,
    )
