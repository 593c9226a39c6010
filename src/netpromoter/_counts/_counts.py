"""Category counts: the sufficient statistic every inference is built on."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .._input._align import align_inputs
from .._input._options import MISSING_POLICIES, check_choice, check_scale, show
from .._input._plain import as_dict, flat_record, html_table, records_frame
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import validate_scores
from ..errors import InvalidCountsError, InvalidOptionError
from ._clusters import cluster_codes, cluster_cross_products, linearisation_variance

if TYPE_CHECKING:
    from ..typing import FloatArray, LabelsLike, MissingPolicy, ScoresLike, WeightsLike

__all__ = ["Counts", "trusted_counts"]

_CATEGORIES = ("detractors", "passives", "promoters")


def _check_amount(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidCountsError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InvalidCountsError(f"{name} must be finite and non-negative, got {value!r}")
    return number


def _check_whole(value: Any, name: str) -> int:
    number = _check_amount(value, name)
    if number != int(number):
        raise InvalidCountsError(f"{name} must be a whole number, got {value!r}")
    return int(number)


def _three(squared_weights: object) -> tuple[object, ...]:
    """The squared weights as given: one sum per category, three in all."""
    values = tuple(squared_weights) if isinstance(squared_weights, (tuple, list, np.ndarray)) else ()
    if len(values) != 3:
        raise InvalidCountsError(
            f"squared_weights needs one sum per category (3 numbers); got {show(squared_weights)}"
        )
    return values


_SLACK = 1e-6  # relative rounding allowed in sums of (squared) weights


def _check_weighted(sums: tuple[float, ...], squares: tuple[float, ...], n: int) -> None:
    """Sums of weights and of squared weights that n non-negative weights can have.

    Per category sum w^2 <= (sum w)^2; over all, (sum w)^2 <= n sum w^2, i.e.
    Kish's effective n lies between 1 and n.
    """
    sums, squares = tuple(float(s) for s in sums), tuple(float(q) for q in squares)  # floats: no huge ints
    if not (math.isfinite(sum(sums)) and math.isfinite(sum(squares))):
        raise InvalidCountsError(
            f"sums of weights {sums} and of squared weights {squares} overflow when added; "
            "rescale the weights (e.g. to a mean of 1)"
        )
    for name, s, q in zip(_CATEGORIES, sums, squares, strict=True):
        if (s > 0) != (q > 0):
            raise InvalidCountsError(
                f"{name}: the sum of weights ({s}) and of squared weights ({q}) "
                "must both be zero or both be positive"
            )
        if s > 0 and q / s > s * (1 + _SLACK):  # q > s^2, as a ratio: no overflow
            raise InvalidCountsError(
                f"{name}: squared weights ({q}) cannot exceed the squared sum of weights ({s}^2 = {s * s})"
            )
    total, total_squares = sum(sums), sum(squares)
    if total_squares > 0 and total / total_squares * total > n * (1 + _SLACK):
        raise InvalidCountsError(
            f"sums of weights {tuple(sums)} and of squared weights {tuple(squares)} give an effective n "
            f"of {total / total_squares * total:.6g}, more than the n = {n} responses"
        )


Products = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]


def _check_products(value: object, sums: tuple[float, ...], squares: tuple[float, ...]) -> Products:
    """A 3x3 matrix sum_c A_c A_c' that per-cluster category totals A_c can have given.

    Symmetric and non-negative, with each diagonal entry between the category's
    sum of squared weights (every cluster a single response) and its squared sum
    (one cluster), up to rounding.
    """
    try:
        matrix = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        matrix = np.zeros(0)
    if matrix.shape != (3, 3) or not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise InvalidCountsError(
            f"cross_products must be a 3x3 matrix of finite non-negative numbers; got {show(value)}"
        )
    scale = max(float(np.abs(matrix).max()), 1e-300)
    if not np.allclose(matrix, matrix.T, rtol=1e-9, atol=1e-12 * scale):
        raise InvalidCountsError(f"cross_products must be symmetric; got {show(value)}")
    diagonal = np.diag(matrix)
    low, high = np.array(squares), np.array(sums) ** 2
    slack = 1e-9 * np.maximum(high, 1e-300)
    if np.any(diagonal < low - slack) or np.any(diagonal > high + slack):
        raise InvalidCountsError(
            "cross_products: each diagonal entry must lie between the category's sum of squared "
            f"weights and its squared sum; got {show(value)}"
        )
    symmetric = (matrix + matrix.T) / 2.0
    rows = [tuple(_tidy(float(v)) for v in row) for row in symmetric]
    return (
        (rows[0][0], rows[0][1], rows[0][2]),
        (rows[1][0], rows[1][1], rows[1][2]),
        (rows[2][0], rows[2][1], rows[2][2]),
    )


def _tidy(x: float) -> float:
    """Whole floats as ints, so that unweighted counts print as 12, not 12.0."""
    return int(x) if x == int(x) else x


@dataclass(frozen=True, slots=True, init=False, repr=False)
class Counts:
    """(Weighted) numbers of detractors, passives and promoters.

    Everything netpromoter estimates depends on the data only through these
    numbers, so counts are what inference works on. They merge with ``+``:
    the counts of two parts add up to the counts of the whole, which is how
    data spread over partitions, files or machines is combined.

    Parameters
    ----------
    detractors, passives, promoters : float
        Number of responses in each category; for weighted data, the sum of
        the weights. Without ``squared_weights`` they must be whole numbers.
    missing : int, default 0
        How many inputs were missing and left out (reported, never used).
    squared_weights : tuple of 3 floats, optional
        Sum of squared weights per category (weighted data). Omitted means
        every response has weight 1.
    n : int, optional
        Number of responses behind weighted sums. Required with
        ``squared_weights``; otherwise the total.
    cross_products : 3x3 nested sequence of floats, optional
        Clustered responses (respondents answering several times, accounts,
        stores): ``sum_c A_c A_c'`` over the clusters c, with ``A_c`` the
        cluster's (weighted) detractors, passives and promoters. Given with
        ``clusters``; :meth:`from_scores` computes both.
    clusters : int, optional
        Number of clusters m (with ``cross_products``).

    Raises
    ------
    InvalidCountsError
        For negative, non-finite or (unweighted) fractional counts, and cross
        products that no clusters can have.

    Notes
    -----
    Clustered counts merge with ``+`` when no cluster has responses in both
    parts (partition the data by cluster): the cross-products and the numbers
    of clusters then add up. Unclustered counts merged with clustered ones
    count each of their responses (missing ones included) as a cluster of its
    own, which is what unclustered data means.

    Examples
    --------
    >>> from netpromoter import Counts
    >>> c = Counts(20, 30, 50)
    >>> c.nps, c.total, c.promoter_share
    (30.0, 100, 0.5)
    >>> c + Counts(5, 5, 0)
    Counts(detractors=25, passives=35, promoters=50)
    >>> Counts.from_scores([10, 9, 7, 3, None])
    Counts(detractors=1, passives=1, promoters=2, missing=1)
    """

    #: Properties that ``to_dict`` and ``to_frame`` report beside the fields.
    _derived: ClassVar[tuple[str, ...]] = ("nps", "effective_n")
    #: The 3x3 matrix is not a table column (``to_frame``); ``clusters`` is.
    _columns: ClassVar[Mapping[str, str | None]] = {"cross_products": None}

    detractors: float
    passives: float
    promoters: float
    missing: int
    squared_weights: tuple[float, float, float]
    n: int
    cross_products: Products | None
    clusters: int | None

    def __init__(
        self,
        detractors: float,
        passives: float,
        promoters: float,
        *,
        missing: int = 0,
        squared_weights: tuple[float, float, float] | None = None,
        n: int | None = None,
        cross_products: Sequence[Sequence[float]] | None = None,
        clusters: int | None = None,
    ) -> None:
        sums: tuple[float, ...]
        if squared_weights is None:
            given = (detractors, passives, promoters)
            sums = tuple(_check_whole(v, k) for k, v in zip(_CATEGORIES, given, strict=True))
            squares: tuple[float, ...] = sums
            size = int(sum(sums))
            if n is not None and _check_whole(n, "n") != size:
                raise InvalidCountsError(f"n={n} differs from the total {size} of unweighted counts")
        else:
            given = (detractors, passives, promoters)
            sums = tuple(_tidy(_check_amount(v, k)) for k, v in zip(_CATEGORIES, given, strict=True))
            given_squares = _three(squared_weights)
            squares = tuple(
                _tidy(_check_amount(v, f"squared_weights of {k}"))
                for k, v in zip(_CATEGORIES, given_squares, strict=True)
            )
            if n is None:
                raise InvalidCountsError("weighted counts need n, the number of responses")
            size = _check_whole(n, "n")
            _check_weighted(sums, squares, size)
        object.__setattr__(self, "detractors", sums[0])
        object.__setattr__(self, "passives", sums[1])
        object.__setattr__(self, "promoters", sums[2])
        object.__setattr__(self, "missing", _check_whole(missing, "missing"))
        object.__setattr__(self, "squared_weights", (squares[0], squares[1], squares[2]))
        object.__setattr__(self, "n", size)
        if (cross_products is None) != (clusters is None):
            raise InvalidCountsError("clustered counts need both cross_products and clusters (or neither)")
        products = None if cross_products is None else _check_products(cross_products, sums, squares)
        object.__setattr__(self, "cross_products", products)
        object.__setattr__(self, "clusters", None if clusters is None else _check_whole(clusters, "clusters"))

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_scores(
        cls,
        scores: ScoresLike,
        weights: WeightsLike | None = None,
        *,
        clusters: LabelsLike | None = None,
        scale: Scale = STANDARD,
        missing: MissingPolicy = "omit",
    ) -> Counts:
        """Count the responses in one vectorised pass.

        Parameters
        ----------
        scores : array_like
            One score per response; NaN, None and ``pd.NA`` are missing.
        weights : array_like, optional
            One non-negative weight per response (survey weights). A masked
            entry makes its response missing. pandas Series are paired with
            ``scores`` by index label (see the pandas how-to).
        clusters : array_like, optional
            One cluster id per response (respondent, account, store): answers
            sharing an id are not independent. The counts then carry the
            per-cluster cross-products and the number of clusters (every id
            given, also of responses whose score is missing; a missing id is a
            cluster of its own), from which every interval gets the
            cluster-robust variance. See :func:`netpromoter.score`.
        scale : Scale, default STANDARD
            The response scale.
        missing : {"omit", "raise"}, default "omit"
            ``"omit"`` leaves missing scores out and counts them in
            ``missing``; ``"raise"`` raises at the first one.

        Returns
        -------
        Counts

        Raises
        ------
        InvalidScoreError, InvalidTypeError, MissingValueError, InvalidWeightError,
        LengthMismatchError

        Examples
        --------
        >>> from netpromoter import Counts, ONE_TO_TEN
        >>> Counts.from_scores([1, 6, 7, 10], scale=ONE_TO_TEN)
        Counts(detractors=2, passives=1, promoters=1)
        >>> Counts.from_scores([10, 0], weights=[3.0, 1.0])
        Counts(detractors=1, passives=0, promoters=3, squared_weights=(1, 0, 9), n=2)
        >>> c = Counts.from_scores([10, 9, 3, 10], clusters=["ann", "ann", "bob", "cy"])
        >>> c
        Counts(detractors=1, passives=0, promoters=3, clusters=3)
        >>> c.cross_products  # ann: 2 promoters; bob: 1 detractor; cy: 1 promoter
        ((1, 0, 0), (0, 0, 0), (0, 0, 5))
        """
        scores, weights, clusters = align_inputs(
            [("scores", scores), ("weights", weights), ("clusters", clusters)]
        )
        valid = validate_scores(scores, scale=check_scale(scale), missing=missing, weights=weights)
        x = valid.values
        used = valid.length - valid.n_missing
        if clusters is not None:
            return cls._clustered(valid, clusters, scale)
        if valid.weights is None:
            # Range-checked already, so two comparisons give all three counts;
            # missing positions hold scale.minimum: a detractor value, except on a
            # share's scale (no detractors), where it is a passive one.
            promoters = int(np.count_nonzero(x >= scale.promoter_min))
            filled_as_detractors = valid.n_missing if scale.minimum <= scale.detractor_max else 0
            detractors = int(np.count_nonzero(x <= scale.detractor_max)) - filled_as_detractors
            return cls(detractors, used - detractors - promoters, promoters, missing=valid.n_missing)
        w = valid.weights
        index = category_index(x, scale)
        if valid.missing_mask is not None:
            index[valid.missing_mask] = 3  # a fourth bin that is dropped
        sums = np.bincount(index, weights=w, minlength=4)
        squares = np.bincount(index, weights=w * w, minlength=4)
        return cls(
            float(sums[0]),
            float(sums[1]),
            float(sums[2]),
            missing=valid.n_missing,
            squared_weights=(float(squares[0]), float(squares[1]), float(squares[2])),
            n=used,
        )

    @classmethod
    def from_frame(
        cls, frame: Any, score: str, *, weight: str | None = None, scale: Scale = STANDARD
    ) -> Counts:
        """Count a data frame's score column inside its own engine.

        Parameters
        ----------
        frame : DataFrame
            A pandas, polars (eager or lazy), pyarrow, DuckDB, Dask or PySpark
            table: anything `narwhals` wraps (``pip install 'netpromoter[frames]'``).
        score : str
            The score column. Null and NaN are missing (counted in ``missing``).
        weight : str, optional
            A column of non-negative weights.
        scale : Scale, default STANDARD
            The response scale.

        Returns
        -------
        Counts
            Equal to :meth:`from_scores` on the same columns. Only the counts
            leave the engine.

        Raises
        ------
        InvalidScoreError
            Out-of-scale, fractional or infinite scores: how many and one of them.
        InvalidWeightError
            Missing, negative or infinite weights of non-missing scores.
        InvalidOptionError
            A column the frame does not have (the message lists its columns).
        InvalidTypeError
            A score or weight column that does not hold numbers.

        Examples
        --------
        >>> import pandas as pd
        >>> from netpromoter import Counts
        >>> Counts.from_frame(pd.DataFrame({"nps": [10, 9, 7, 3, None]}), "nps")
        Counts(detractors=1, passives=1, promoters=2, missing=1)
        """
        from ._frames import frame_total

        return frame_total(frame, score, weight=weight, scale=scale)

    @classmethod
    def _clustered(cls, valid: Any, clusters: Any, scale: Scale) -> Counts:
        """Counts with cross-products: two bincounts over the cluster codes."""
        codes, m = cluster_codes(clusters, valid.length)
        index = category_index(valid.values, scale)
        weighted = valid.weights is not None
        w = np.ones(valid.length) if valid.weights is None else valid.weights
        if valid.missing_mask is not None:
            w = np.where(valid.missing_mask, 0.0, w)  # counted as clusters, not as answers
        sums = np.bincount(index, weights=w, minlength=3)
        products = cluster_cross_products(codes, m, index, w)
        squares = None
        if weighted:
            squared = np.bincount(index, weights=w * w, minlength=3)
            squares = (float(squared[0]), float(squared[1]), float(squared[2]))
        else:
            sums = np.rint(sums)
        return cls(
            float(sums[0]),
            float(sums[1]),
            float(sums[2]),
            missing=valid.n_missing,
            squared_weights=squares,
            n=valid.length - valid.n_missing,
            cross_products=products.tolist(),
            clusters=m,
        )

    # -- derived quantities ---------------------------------------------------------------
    @property
    def total(self) -> float:
        """Sum of the three categories (the number of responses if unweighted)."""
        return self.detractors + self.passives + self.promoters

    def _share(self, amount: float) -> float:
        total = self.total
        return amount / total if total > 0 else math.nan

    @property
    def promoter_share(self) -> float:
        """Promoters / total, in 0..1 (NaN when empty)."""
        return self._share(self.promoters)

    @property
    def passive_share(self) -> float:
        """Passives / total, in 0..1 (NaN when empty)."""
        return self._share(self.passives)

    @property
    def detractor_share(self) -> float:
        """Detractors / total, in 0..1 (NaN when empty)."""
        return self._share(self.detractors)

    @property
    def nps(self) -> float:
        """Net Promoter Score in points, -100..100 (NaN when empty)."""
        return 100.0 * self._share(self.promoters - self.detractors)

    @property
    def weighted(self) -> bool:
        """True unless every response has weight 1.

        Weights of only 0 and 1 have squares equal to their sums; ``n``
        (larger than the total) tells them apart.
        """
        sums = (self.detractors, self.passives, self.promoters)
        return self.squared_weights != sums or self.n != self.total

    @property
    def effective_n(self) -> float:
        """Kish's effective sample size (sum w)^2 / sum w^2; the total if unweighted.

        Kish, L. (1965). *Survey Sampling*. Wiley.
        """
        squares = sum(self.squared_weights)
        return self.total / squares * self.total if squares > 0 else 0.0  # no overflow for huge sums

    @property
    def design_effect(self) -> float:
        """Variance of the NPS under this design over the variance V / n of unweighted independent answers.

        The design is the weights and the clusters: the variance is the one
        every interval uses (linearisation, cluster-robust with clusters), V =
        p + d - (p - d)^2 from the (weighted) shares and n the number of
        responses, so ``n / design_effect`` is the size of the equivalent
        simple random sample (Kish 1965). 1 for unweighted, unclustered counts.
        With weights alone it is close to Kish's ``n / effective_n`` when the
        answers do not depend on the weights. Where the variance is 0 (one
        category only) it is Kish's ``n / effective_n``; NaN when empty or with
        a single cluster (no variance to estimate).

        Examples
        --------
        >>> from netpromoter import Counts
        >>> Counts(20, 30, 50).design_effect
        1.0
        >>> c = Counts.from_scores([10, 10, 9, 3, 2, 8], clusters=[1, 1, 1, 2, 2, 3])
        >>> round(c.design_effect, 4)  # each person answered alike: fewer independent answers
        3.6379
        """
        total = self.total
        if not total > 0 or self.clusters == 1:
            return math.nan
        if self.cross_products is None and not self.weighted:
            return 1.0
        sums = self.as_array()[None, :]
        share = sums[0] / total
        v = share[2] + share[0] - (share[2] - share[0]) ** 2
        unclustered = np.diag(self.squared_array())[None, :, :]
        variance = linearisation_variance(sums, unclustered, np.ones(1))[0]
        if self.cross_products is not None and self.clusters is not None:
            m = float(self.clusters)
            clustered = linearisation_variance(sums, np.array([self.cross_products]), np.array([m / (m - 1)]))
            if clustered[0] > 0:  # exactly 0 (every cluster at the overall mix): weights only
                variance = clustered[0]
        if v > 0 and variance > 0:
            return float(self.n * variance / v)
        return self.n / self.effective_n

    def as_array(self) -> FloatArray:
        """The three (weighted) counts as a float array, detractors first."""
        return np.array([self.detractors, self.passives, self.promoters], dtype=np.float64)

    def squared_array(self) -> FloatArray:
        """The sums of squared weights as a float array, detractors first."""
        return np.array(self.squared_weights, dtype=np.float64)

    # -- merging ----------------------------------------------------------------------------
    def _cluster_parts(self) -> tuple[FloatArray, int]:
        """Cross-products and number of clusters; unclustered: every response its own cluster."""
        if self.cross_products is not None and self.clusters is not None:
            return np.array(self.cross_products, dtype=np.float64), self.clusters
        return np.diag(self.squared_array()), self.n + self.missing

    def __add__(self, other: object) -> Counts:
        if not isinstance(other, Counts):
            return NotImplemented
        if self.clusters is not None or other.clusters is not None:
            # Exact when no cluster has responses in both parts.
            (pa, ma), (pb, mb) = self._cluster_parts(), other._cluster_parts()
            weighted = self.weighted or other.weighted
            squares = tuple(a + b for a, b in zip(self.squared_weights, other.squared_weights, strict=True))
            return Counts(
                self.detractors + other.detractors,
                self.passives + other.passives,
                self.promoters + other.promoters,
                missing=self.missing + other.missing,
                squared_weights=(squares[0], squares[1], squares[2]) if weighted else None,
                n=self.n + other.n,
                cross_products=(pa + pb).tolist(),
                clusters=ma + mb,
            )
        if not (self.weighted or other.weighted):
            return Counts(
                self.detractors + other.detractors,
                self.passives + other.passives,
                self.promoters + other.promoters,
                missing=self.missing + other.missing,
            )
        sq = tuple(a + b for a, b in zip(self.squared_weights, other.squared_weights, strict=True))
        return Counts(
            self.detractors + other.detractors,
            self.passives + other.passives,
            self.promoters + other.promoters,
            missing=self.missing + other.missing,
            squared_weights=(sq[0], sq[1], sq[2]),
            n=self.n + other.n,
        )

    def __radd__(self, other: object) -> Counts:
        # Lets sum(list_of_counts) start from the integer 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    # -- display ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Every field as plain Python (JSON-safe), plus ``nps`` and ``effective_n``.

        :meth:`from_dict` rebuilds equal counts from it.

        Examples
        --------
        >>> from netpromoter import Counts
        >>> Counts(1, 2, 3, missing=4).to_dict()
        {'detractors': 1, 'passives': 2, 'promoters': 3, 'missing': 4,
         'squared_weights': [1, 2, 3], 'n': 6, 'cross_products': None, 'clusters': None,
         'nps': 33.33333333333333, 'effective_n': 6.0}

        Clustered counts hold ``cross_products`` as a list of three rows.
        """
        return as_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Counts:
        """Counts from :meth:`to_dict` output (e.g. after a JSON round trip).

        Derived entries (``nps``, ``effective_n``) are ignored; the entries are
        validated as by the constructor.

        Examples
        --------
        >>> import json
        >>> from netpromoter import Counts
        >>> c = Counts.from_scores([10, 0], weights=[3.0, 1.0])
        >>> Counts.from_dict(json.loads(json.dumps(c.to_dict()))) == c
        True
        """
        sums = (data["detractors"], data["passives"], data["promoters"])
        squares = data.get("squared_weights")
        weighted = squares is not None and tuple(squares) != sums  # unweighted: squares equal the counts
        return cls(
            *sums,
            missing=data.get("missing", 0),
            squared_weights=squares if weighted else None,
            n=data.get("n"),
            cross_products=data.get("cross_products"),
            clusters=data.get("clusters"),
        )

    def to_frame(self) -> Any:
        """A one-row pandas DataFrame of the counts (needs pandas)."""
        return records_frame([flat_record(self)])

    def __repr__(self) -> str:
        text = (
            f"Counts(detractors={self.detractors!r}, passives={self.passives!r}, promoters={self.promoters!r}"
        )
        if self.missing:
            text += f", missing={self.missing}"
        if self.weighted:
            text += f", squared_weights={self.squared_weights!r}, n={self.n}"
        if self.clusters is not None:
            text += f", clusters={self.clusters}"
        return text + ")"

    def _repr_html_(self) -> str:
        rows = [
            ("Detractors", self.detractors, self.detractor_share),
            ("Passives", self.passives, self.passive_share),
            ("Promoters", self.promoters, self.promoter_share),
        ]
        body = [[name, f"{count:,.6g}", f"{100 * share:.1f}%"] for name, count, share in rows]
        body.append(["NPS", "", f"{self.nps:+.1f}"])
        caption = f"Counts: n = {self.n:,}" + (f", {self.missing:,} missing" if self.missing else "")
        if self.clusters is not None:
            caption += f", {self.clusters:,} clusters"
        return html_table(["", "count", "share"], body, caption=caption)


def trusted_counts(
    detractors: float,
    passives: float,
    promoters: float,
    missing: int,
    squared_weights: tuple[float, float, float] | None,
    n: int,
    cross_products: Sequence[Sequence[float]] | None = None,
    clusters: int | None = None,
) -> Counts:
    """``Counts`` from values already checked (rows of a ``GroupedCounts``): no validation.

    The fast path for building one ``Counts`` per group: the arrays they come
    from were validated once, so the per-row type and range checks of the
    constructor are skipped. ``squared_weights`` None means unweighted, and the
    counts must then be whole numbers (they are shown as ints); clustered
    counts give ``cross_products`` (symmetric 3x3) and ``clusters``.
    """
    counts = object.__new__(Counts)
    sums: tuple[float, float, float]
    if squared_weights is None:
        sums = (int(detractors), int(passives), int(promoters))
        squared_weights = sums
    else:
        sums = (_tidy(detractors), _tidy(passives), _tidy(promoters))
        squared_weights = (
            _tidy(squared_weights[0]),
            _tidy(squared_weights[1]),
            _tidy(squared_weights[2]),
        )
    object.__setattr__(counts, "detractors", sums[0])
    object.__setattr__(counts, "passives", sums[1])
    object.__setattr__(counts, "promoters", sums[2])
    object.__setattr__(counts, "missing", missing)
    object.__setattr__(counts, "squared_weights", squared_weights)
    object.__setattr__(counts, "n", n)
    products: Products | None = None
    if cross_products is not None:
        matrix = np.asarray(cross_products, dtype=np.float64)
        rows = [tuple(_tidy(float(v)) for v in row) for row in ((matrix + matrix.T) / 2.0).tolist()]
        products = (
            (rows[0][0], rows[0][1], rows[0][2]),
            (rows[1][0], rows[1][1], rows[1][2]),
            (rows[2][0], rows[2][1], rows[2][2]),
        )
    object.__setattr__(counts, "cross_products", products)
    object.__setattr__(counts, "clusters", clusters)
    return counts


def to_counts(
    data: Any,
    weights: Any = None,
    *,
    clusters: Any = None,
    scale: Scale = STANDARD,
    missing: MissingPolicy = "omit",
) -> Counts:
    """``Counts`` as given, or counted from scores: the entry of every inference.

    The scale and missing policy are checked even when ``data`` is already counts.
    """
    check_scale(scale)
    check_choice(missing, MISSING_POLICIES, "missing")
    if isinstance(data, Counts):
        if weights is not None:
            raise InvalidOptionError(
                "weights cannot be combined with Counts: build weighted counts with "
                "Counts.from_scores(scores, weights)"
            )
        if clusters is not None:
            raise InvalidOptionError(
                "clusters cannot be combined with Counts: build clustered counts with "
                "Counts.from_scores(scores, clusters=...)"
            )
        return data
    return Counts.from_scores(data, weights, clusters=clusters, scale=scale, missing=missing)
