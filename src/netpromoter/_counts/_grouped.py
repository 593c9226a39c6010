"""GroupedCounts: category counts for many groups, from one vectorised pass."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._input._align import align_inputs
from .._input._labels import Factorized, factorize
from .._input._options import MISSING_GROUPS, MISSING_POLICIES, check_choice, check_scale, show
from .._input._plain import fmt_label, fmt_points, html_table, plain, records_frame
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import check_same_length, validate_scores
from ..errors import InvalidCountsError
from ..typing import FloatArray, IntArray
from ._clusters import Codes, cluster_codes, cluster_cross_products, group_cross_products
from ._counts import Counts, trusted_counts

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ..typing import (
        Frequency,
        GroupsLike,
        LabelsLike,
        MissingGroups,
        MissingPolicy,
        ScoresLike,
        WeightsLike,
    )

__all__ = ["MISSING_LABEL", "GroupedCounts"]

#: Label of the segment of responses whose group label is missing.
MISSING_LABEL = None
_COLUMNS = ("detractors", "passives", "promoters")


def _combine(columns: Sequence[Factorized], missing_groups: str) -> Factorized:
    """Several grouping columns as one: a code per combination that occurs.

    Columns are combined one at a time, each step keeping only the
    combinations present, so memory stays proportional to the rows (and to
    the product of the label counts only while that product is small):
    2 columns of 100,000 labels each cost a sort, not a 10**10 table.
    """
    if len(columns) == 1 and (missing_groups == "exclude" or not columns[0].has_missing):
        return columns[0]
    sizes, codes = [], []
    for column in columns:
        code = column.codes
        size = len(column.labels)
        if missing_groups == "segment" and column.has_missing:
            code = np.where(code < 0, size, code)  # missing: one more level, sorted last
            size += 1
        sizes.append(max(size, 1))
        codes.append(code)
    valid = np.ones(codes[0].shape[0], dtype=bool)
    for code in codes:
        valid &= code >= 0
    rows = int(np.count_nonzero(valid))
    combined = np.zeros(rows, dtype=np.int64)
    levels = np.zeros((1, 0), dtype=np.int64)  # per present combination, each column's level
    for code, size in zip(codes, sizes, strict=True):  # a loop over columns, not rows
        flat = combined * size + code[valid]  # < rows * size: no overflow below 2**63
        if levels.shape[0] * size <= max(4 * rows, 1 << 16):
            present = np.bincount(flat, minlength=levels.shape[0] * size) > 0
            distinct = np.flatnonzero(present)
            combined = (np.cumsum(present) - 1)[flat]
        else:
            distinct, inverse = np.unique(flat, return_inverse=True)
            combined = inverse.reshape(-1)
        levels = np.column_stack([levels[distinct // size], distinct % size])
    final = np.full(codes[0].shape[0], -1, dtype=np.intp)
    final[valid] = combined
    labels: list[Hashable] = []
    for parts in levels.tolist():  # one tuple per group that occurs
        values = tuple(
            col.labels[part] if part < len(col.labels) else MISSING_LABEL
            for col, part in zip(columns, parts, strict=True)
        )
        labels.append(values if len(values) > 1 else values[0])
    return Factorized(final, tuple(labels), has_missing=rows < final.shape[0])


def _numbers(values: Any, name: str) -> FloatArray:
    """A table column as float64; anything that is not numbers (or a ragged table) is our error."""
    try:
        array: FloatArray = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidCountsError(f"{name} must be numbers, one row per group; got {show(values)}") from None
    if array.size % (3 if name in ("counts", "squared_weights") else 1):
        raise InvalidCountsError(
            f"{name} need one row of 3 numbers per group; got shape {array.shape}: {show(values)}"
        )
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise InvalidCountsError(f"{name} must be finite and non-negative; got {show(values)}")
    return array


# Relative slack for rounding in the sums of (squared) weights.
_SLACK = 1e-6


def _check_table(
    labels: tuple[Hashable, ...],
    table: FloatArray,
    square: FloatArray,
    sizes: FloatArray,
    gaps: FloatArray,
    excluded: Any,
    squares: Any,
) -> int:
    """Counts some data could have produced; ``excluded`` as an int.

    Weighted rows must satisfy what any non-negative weights do: per
    category, sum w^2 <= (sum w)^2, and over the row (sum w)^2 <= n sum w^2,
    i.e. Kish's effective size between 1 and n.
    """
    k = table.shape[0]
    shapes = (("counts", table, (k, 3)), ("squared_weights", square, (k, 3)), ("n", sizes, (k,)))
    for name, values, shape in (*shapes, ("missing", gaps, (k,))):
        if values.shape != shape or not np.all(np.isfinite(values)) or np.any(values < 0):
            raise InvalidCountsError(f"{name} must be finite, non-negative, one entry per group")
    for name, values in (("n", sizes), ("missing", gaps)):
        if not np.array_equal(values, np.rint(values)):
            i = int(np.argmax(values != np.rint(values)))
            raise InvalidCountsError(
                f"{name} must be whole numbers; got {values[i]:g} for group {labels[i]!r}"
            )
    if isinstance(excluded, bool) or not isinstance(excluded, (int, np.integer)) or excluded < 0:
        raise InvalidCountsError(f"excluded must be a non-negative whole number, got {excluded!r}")
    with np.errstate(over="ignore"):
        total = table.sum(axis=1)
        overflow = ~np.isfinite(total) | ~np.isfinite(square.sum(axis=1))
    if overflow.any():
        raise InvalidCountsError(
            f"group {labels[int(np.argmax(overflow))]!r}: the sums of weights overflow when added; "
            "rescale the weights (e.g. to a mean of 1)"
        )
    if squares is None:
        if not np.array_equal(table, np.rint(table)):
            raise InvalidCountsError(
                "unweighted counts must be whole numbers; give squares for weighted sums"
            )
        if not np.array_equal(sizes, total):
            i = int(np.argmax(sizes != total))
            raise InvalidCountsError(
                f"n = {sizes[i]:g} for group {labels[i]!r} differs from its {total[i]:g} unweighted "
                "responses; give squared_weights for weighted sums"
            )
        return int(excluded)
    with np.errstate(divide="ignore", invalid="ignore"):  # ratios, so that nothing overflows
        fits = np.all((table > 0) == (square > 0), axis=1)
        fits &= np.all((table == 0) | (square / table <= table * (1 + _SLACK)), axis=1)
        squares_total = square.sum(axis=1)
        fits &= (squares_total == 0) | (total / squares_total * total <= sizes * (1 + _SLACK))
    if not fits.all():
        i = int(np.argmin(fits))
        raise InvalidCountsError(
            f"group {labels[i]!r}: sums of weights {table[i].tolist()} and of squared weights "
            f"{square[i].tolist()} are impossible for n = {sizes[i]:g} responses (each category's "
            "squared weights cannot exceed its squared sum, and Kish's effective n must be at most n)"
        )
    return int(excluded)


def _as_columns(groups: Any) -> list[Any]:
    """A tuple of columns means several grouping variables; a (pandas, polars, Arrow) DataFrame too."""
    if isinstance(groups, tuple):
        return list(groups)
    if hasattr(groups, "columns") and hasattr(groups, "iloc"):  # a pandas DataFrame
        return [groups.iloc[:, i] for i in range(groups.shape[1])]
    root = type(groups).__module__.partition(".")[0]
    if root == "polars" and hasattr(groups, "get_columns"):  # a polars DataFrame
        return list(groups.get_columns())
    if root == "pyarrow" and hasattr(groups, "column_names"):  # a pyarrow Table
        return list(groups.columns)
    return [groups]


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class GroupedCounts:
    """Counts per group: labels and a (k, 3) array of (weighted) category counts.

    Built from responses in one pass (``from_scores``) or from an aggregated
    table (``from_table``). Two ``GroupedCounts`` merge with ``+``, labels
    aligned by value, so counts computed on separate partitions add up.
    Frozen: the attributes cannot be reassigned and the arrays are read-only.

    Attributes
    ----------
    labels : tuple
        Group labels in display order (sorted; a categorical's own order;
        combinations as tuples; ``None`` for a missing label, last).
    sums, squares : ndarray, shape (k, 3)
        Sum of weights and of squared weights per group and category
        (detractors, passives, promoters).
    n : ndarray of int, shape (k,)
        Responses per group.
    missing : ndarray of int, shape (k,)
        Missing scores per group (left out).
    excluded : int
        Responses left out because their group label was missing
        (``missing_groups="exclude"``).
    cross_products : ndarray, shape (k, 3, 3), or None
        Clustered counts (``clusters=``): per group, ``sum_c A_gc A_gc'`` over
        the clusters c, ``A_gc`` cluster c's (weighted) category totals in
        group g. None when unclustered.
    clusters : ndarray of int, shape (k,), or None
        Clusters with a response in each group.
    total_cross_products : ndarray, shape (3, 3), or None
        ``sum_c A_c A_c'`` over every response in a group: a cluster's
        answers in several groups add up before the product, so this is not
        the sum of the groups' matrices.
    total_clusters : int or None
        Clusters of the whole design, m (every id given). Each group is a
        domain of that design: its variance carries m / (m - 1), as
        ``survey::svyby``.

    Notes
    -----
    Clustered grouped counts merge with ``+`` when no cluster has responses
    in both parts (partition the data by cluster). Merged with unclustered
    grouped counts, every response of those is a cluster of its own.

    Examples
    --------
    >>> import netpromoter as nps
    >>> g = nps.GroupedCounts.from_scores([10, 9, 3, 8, 10], ["web", "app", "web", "web", "app"])
    >>> g.labels
    ('app', 'web')
    >>> g["web"]
    Counts(detractors=1, passives=1, promoters=1)
    >>> (g + g)["app"].promoters
    4
    """

    labels: tuple[Hashable, ...]
    sums: FloatArray
    squares: FloatArray
    n: IntArray
    missing: IntArray
    excluded: int
    cross_products: FloatArray | None
    clusters: IntArray | None
    total_cross_products: FloatArray | None
    total_clusters: int | None

    def __init__(
        self,
        labels: Sequence[Hashable],
        sums: ArrayLike,
        squares: ArrayLike | None = None,
        *,
        n: ArrayLike | None = None,
        missing: ArrayLike | None = None,
        excluded: int = 0,
        cross_products: ArrayLike | None = None,
        clusters: ArrayLike | None = None,
        total_cross_products: ArrayLike | None = None,
        total_clusters: int | None = None,
    ) -> None:
        table = _numbers(sums, "counts").reshape(-1, 3)
        k = table.shape[0]
        if len(labels) != k:
            raise InvalidCountsError(f"{len(labels)} labels for {k} rows of counts")
        if len(set(labels)) != k:
            raise InvalidCountsError("group labels must be distinct")
        square = table.copy() if squares is None else _numbers(squares, "squared_weights").reshape(-1, 3)
        if n is None and squares is not None and not np.array_equal(square, table):
            raise InvalidCountsError("weighted sums need n, the number of responses per group")
        sizes = np.rint(table.sum(axis=1)) if n is None else _numbers(n, "n")
        gaps = np.zeros(k) if missing is None else _numbers(missing, "missing")
        excluded = _check_table(tuple(labels), table, square, sizes, gaps, excluded, squares)
        arrays = {
            "sums": table,
            "squares": square,
            "n": sizes.astype(np.intp),
            "missing": gaps.astype(np.intp),
        }
        for name, array in arrays.items():
            array.flags.writeable = False
            object.__setattr__(self, name, array)
        object.__setattr__(self, "labels", tuple(labels))
        object.__setattr__(self, "excluded", int(excluded))
        design = (cross_products, clusters, total_cross_products, total_clusters)
        if all(part is None for part in design):
            for name in ("cross_products", "clusters", "total_cross_products", "total_clusters"):
                object.__setattr__(self, name, None)
            return
        if any(part is None for part in design):
            raise InvalidCountsError(
                "clustered grouped counts need cross_products, clusters, total_cross_products "
                "and total_clusters (or none of them)"
            )
        products = np.array(cross_products, dtype=np.float64).reshape(-1, 3, 3)
        per_group = np.asarray(clusters, dtype=np.float64).reshape(-1)
        whole = np.array(total_cross_products, dtype=np.float64).reshape(3, 3)
        for name, values in (("cross_products", products), ("clusters", per_group)):
            if values.shape[0] != k or not np.all(np.isfinite(values)) or np.any(values < 0):
                raise InvalidCountsError(f"{name} must be finite, non-negative, one entry per group")
        if not np.all(np.isfinite(whole)) or np.any(whole < 0):
            raise InvalidCountsError(
                "total_cross_products must be a 3x3 matrix of finite non-negative numbers"
            )
        design_size = float(total_clusters)  # type: ignore[arg-type]
        if design_size < 0 or design_size != int(design_size):
            raise InvalidCountsError(f"total_clusters must be a whole number >= 0; got {total_clusters!r}")
        for name, array in (
            ("cross_products", products),
            ("clusters", per_group.astype(np.intp)),
            ("total_cross_products", whole),
        ):
            array.flags.writeable = False
            object.__setattr__(self, name, array)
        object.__setattr__(self, "total_clusters", int(design_size))

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_scores(
        cls,
        scores: ScoresLike,
        groups: GroupsLike,
        weights: WeightsLike | None = None,
        *,
        clusters: LabelsLike | None = None,
        scale: Scale = STANDARD,
        missing: MissingPolicy = "omit",
        missing_groups: MissingGroups = "segment",
    ) -> GroupedCounts:
        """Count responses per group with one ``np.bincount``.

        Parameters
        ----------
        scores : array_like
            One score per response.
        groups : array_like, tuple of array_like, or DataFrame
            The group of each response; a tuple of columns (or a DataFrame)
            groups by every combination that occurs, labelled by tuples.
        weights : array_like, optional
            As in :meth:`Counts.from_scores`. pandas ``groups`` and ``weights``
            are paired with ``scores`` by index label (see the pandas how-to).
        clusters : array_like, optional
            One cluster id per response (respondent, account, store); see
            :meth:`Counts.from_scores`. Adds the per-group and whole-design
            cross-products (one sort of the responses by cluster and group).
        scale, missing
            As in :meth:`Counts.from_scores`.
        missing_groups : {"segment", "exclude"}, default "segment"
            A missing label (None, NaN, ``pd.NA``) becomes its own group
            labelled ``None``, or is left out and counted in ``excluded``.

        Examples
        --------
        >>> import netpromoter as nps
        >>> g = nps.GroupedCounts.from_scores(
        ...     [10, 9, 3, 8], ["web", "app", "web", "web"], clusters=["ann", "ann", "bob", "bob"]
        ... )
        >>> g["web"], g.total_clusters
        (Counts(detractors=1, passives=1, promoters=1, clusters=2), 2)
        """
        check_choice(missing_groups, MISSING_GROUPS, "missing_groups")
        check_choice(missing, MISSING_POLICIES, "missing")
        scale = check_scale(scale)
        found = count_table(
            scores,
            groups,
            weights,
            clusters=clusters,
            scale=scale,
            missing=missing,
            missing_groups=missing_groups,
            columns=lambda values: category_index(values, scale),
            width=3,
        )
        if found.design is None:
            return cls(
                found.labels,
                found.sums,
                found.squares,
                n=found.n,
                missing=found.missing,
                excluded=found.excluded,
            )
        products, present, whole, m = found.design
        return cls(
            found.labels,
            found.sums,
            found.squares,
            n=found.n,
            missing=found.missing,
            excluded=found.excluded,
            cross_products=products,
            clusters=present,
            total_cross_products=whole,
            total_clusters=m,
        )

    @classmethod
    def from_table(
        cls,
        labels: Sequence[Hashable],
        detractors: ArrayLike,
        passives: ArrayLike,
        promoters: ArrayLike,
        *,
        squared_weights: ArrayLike | None = None,
        n: ArrayLike | None = None,
        missing: ArrayLike | None = None,
    ) -> GroupedCounts:
        """From an already aggregated table (a SQL GROUP BY, a Spark job).

        ``squared_weights`` is a (k, 3) array of sums of squared weights for
        weighted sums; omit it for plain counts.

        Examples
        --------
        >>> import netpromoter as nps
        >>> g = nps.GroupedCounts.from_table(["eu", "us"], [10, 20], [30, 30], [60, 50])
        >>> round(g["us"].nps, 1)
        30.0
        """
        columns = [
            _numbers(c, name).reshape(-1)
            for c, name in zip((detractors, passives, promoters), _COLUMNS, strict=True)
        ]
        if len({c.shape[0] for c in columns}) > 1:
            sizes = ", ".join(f"{name} {c.shape[0]}" for c, name in zip(columns, _COLUMNS, strict=True))
            raise InvalidCountsError(
                f"detractors, passives and promoters need one entry per group; got {sizes}"
            )
        return cls(labels, np.stack(columns, axis=1), squared_weights, n=n, missing=missing)

    @classmethod
    def from_frame(
        cls,
        frame: Any,
        score: str,
        *,
        by: str | Sequence[str] | None = None,
        weight: str | None = None,
        period: str | None = None,
        freq: Frequency | None = None,
        scale: Scale = STANDARD,
    ) -> GroupedCounts:
        """Count a data frame per group inside its own engine (one grouped aggregation).

        Parameters
        ----------
        frame : DataFrame
            A pandas, polars (eager or lazy), pyarrow, DuckDB, Dask or PySpark
            table: anything `narwhals` wraps (``pip install 'netpromoter[frames]'``).
        score : str
            The score column; null and NaN are missing (counted per group).
        by : str or list of str, optional
            Grouping column(s); several give tuple labels. A missing value is
            a group labelled None.
        weight : str, optional
            A column of non-negative weights.
        period : str, optional
            A period column, grouped after ``by`` (last in tuple labels).
            Dates are binned by ``freq`` on their local wall-clock time and
            labelled by their bin's first day; a missing period is left out
            and counted in ``excluded``.
        freq : {"h", "D", "W", "M", "Q", "Y", "MS", "ME", "QS", "QE", "YE", "W-SUN"}, optional
            As in :func:`netpromoter.trend`; required for date periods.
        scale : Scale, default STANDARD
            The response scale.

        Returns
        -------
        GroupedCounts
            Equal to :meth:`from_scores` on the same columns (periods binned
            as :func:`netpromoter.trend` bins them). Only a small table of
            counts (at most five rows per group) leaves the engine.

        Raises
        ------
        InvalidScoreError, InvalidWeightError, InvalidOptionError, InvalidTypeError
            As :meth:`Counts.from_frame`.

        Examples
        --------
        >>> import polars as pl
        >>> import netpromoter as nps
        >>> frame = pl.LazyFrame({"nps": [10, 9, 3, 8, 10], "channel": ["web", "app", "web", "web", "app"]})
        >>> g = nps.GroupedCounts.from_frame(frame, "nps", by="channel")
        >>> g.labels
        ('app', 'web')
        >>> g["web"]
        Counts(detractors=1, passives=1, promoters=1)
        """
        from ._frames import frame_counts

        return frame_counts(frame, score, by=by, weight=weight, period=period, freq=freq, scale=scale)

    # -- access ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.labels)

    def __iter__(self) -> Iterator[tuple[Hashable, Counts]]:
        for i, label in enumerate(self.labels):
            yield label, self.counts(i)

    def index(self, label: Hashable) -> int:
        try:
            return self.labels.index(label)
        except ValueError:
            raise KeyError(label) from None

    def __getitem__(self, label: Hashable) -> Counts:
        return self.counts(self.index(label))

    def counts(self, i: int) -> Counts:
        """The ``Counts`` of the i-th group (trusted: the arrays were checked when built)."""
        d, pas, p = self.sums[i].tolist()
        squares = self.squares[i].tolist()
        # Weights of only 0 and 1 have squares equal to sums: n tells them apart.
        weighted = squares != [d, pas, p] or int(self.n[i]) != d + pas + p
        clustered = self.cross_products is not None and self.clusters is not None
        return trusted_counts(
            d,
            pas,
            p,
            int(self.missing[i]),
            (squares[0], squares[1], squares[2]) if weighted else None,
            int(self.n[i]) if weighted else int(d + pas + p),
            self.cross_products[i].tolist() if clustered else None,  # type: ignore[index]
            int(self.clusters[i]) if clustered else None,  # type: ignore[index]
        )

    def total(self) -> Counts:
        """All groups together (what ``Counts.from_scores`` gives for the same data).

        Clustered: with the whole design's cross-products and its number of
        clusters (every id given, also of responses left out).
        """
        return self.pooled().counts(0)

    def pooled(self) -> GroupedCounts:
        """One group holding every response (labelled "all")."""
        design: dict[str, Any] = {}
        if self.total_cross_products is not None and self.total_clusters is not None:
            design = {
                "cross_products": self.total_cross_products[None, :, :],
                "clusters": [self.total_clusters],
                "total_cross_products": self.total_cross_products,
                "total_clusters": self.total_clusters,
            }
        return GroupedCounts(
            ["all"],
            self.sums.sum(axis=0, keepdims=True),
            self.squares.sum(axis=0, keepdims=True),
            n=[self.n.sum()],
            missing=[self.missing.sum()],
            **design,
        )

    def design_sizes(self) -> FloatArray | None:
        """The whole design's number of clusters m, once per group (None if unclustered).

        Each group is a domain of the design, so its clustered variance carries
        m / (m - 1) with this m, as ``survey::svyby``.
        """
        if self.total_clusters is None:
            return None
        return np.full(len(self), float(self.total_clusters))

    def _cluster_parts(self) -> tuple[FloatArray, FloatArray, FloatArray, int]:
        """Cross-products and clusters (per group and whole); unclustered: one cluster per response."""
        if (
            self.cross_products is not None
            and self.clusters is not None
            and self.total_cross_products is not None
            and self.total_clusters is not None
        ):
            return (
                self.cross_products,
                self.clusters.astype(np.float64),
                self.total_cross_products,
                self.total_clusters,
            )
        eye = np.eye(3)
        per_group = self.squares[:, :, None] * eye[None, :, :]
        rows = self.n + self.missing
        return (
            per_group,
            rows.astype(np.float64),
            np.diag(self.squares.sum(axis=0)),
            int(rows.sum()) + self.excluded,
        )

    @property
    def nps(self) -> FloatArray:
        """NPS per group, in points (NaN for a group with no scores)."""
        total = self.sums.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            value: FloatArray = 100.0 * (self.sums[:, 2] - self.sums[:, 0]) / total
        return value

    # -- merging -------------------------------------------------------------------------------
    def __add__(self, other: object) -> GroupedCounts:
        if not isinstance(other, GroupedCounts):
            return NotImplemented
        labels = _merged_labels(self.labels, other.labels)
        position = {label: i for i, label in enumerate(labels)}
        k = len(labels)
        arrays = {name: np.zeros((k, 3)) for name in ("sums", "squares")}
        n, missing = np.zeros(k), np.zeros(k)
        clustered = self.total_clusters is not None or other.total_clusters is not None
        products, clusters = np.zeros((k, 3, 3)), np.zeros(k)
        whole, m = np.zeros((3, 3)), 0
        for part in (self, other):
            rows = np.array([position[label] for label in part.labels], dtype=np.intp)
            if rows.size:
                np.add.at(arrays["sums"], rows, part.sums)
                np.add.at(arrays["squares"], rows, part.squares)
                np.add.at(n, rows, part.n)
                np.add.at(missing, rows, part.missing)
            if clustered:  # exact when no cluster has responses in both parts
                part_products, part_clusters, part_whole, part_m = part._cluster_parts()
                if rows.size:
                    np.add.at(products, rows, part_products)
                    np.add.at(clusters, rows, part_clusters)
                whole, m = whole + part_whole, m + part_m
        design: dict[str, Any] = {}
        if clustered:
            design = {
                "cross_products": products,
                "clusters": clusters,
                "total_cross_products": whole,
                "total_clusters": m,
            }
        return GroupedCounts(
            labels,
            arrays["sums"],
            arrays["squares"],
            n=n,
            missing=missing,
            excluded=self.excluded + other.excluded,
            **design,
        )

    def __radd__(self, other: object) -> GroupedCounts:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GroupedCounts):
            return NotImplemented
        return (
            self.labels == other.labels
            and np.array_equal(self.sums, other.sums)
            and np.array_equal(self.squares, other.squares)
            and np.array_equal(self.n, other.n)
            and np.array_equal(self.missing, other.missing)
            and self.excluded == other.excluded
            and _same(self.cross_products, other.cross_products)
            and _same(self.clusters, other.clusters)
            and _same(self.total_cross_products, other.total_cross_products)
            and self.total_clusters == other.total_clusters
        )

    __hash__ = None  # type: ignore[assignment]

    # -- display ---------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-safe Python in the layout of :meth:`from_table`, one entry per group.

        Everything is kept (squared weights, responses, missing scores,
        excluded responses), so :meth:`from_dict` rebuilds equal counts. Labels
        stay as they are, except that tuples become lists and dates ISO 8601
        strings (``"2025-07"``).

        Examples
        --------
        >>> import netpromoter as nps
        >>> g = nps.GroupedCounts.from_table(["eu", "us"], [10, 20], [30, 30], [60, 50])
        >>> d = g.to_dict()
        >>> d["labels"], d["promoters"], d["n"]
        (['eu', 'us'], [60.0, 50.0], [100, 100])
        >>> nps.GroupedCounts.from_dict(d) == g
        True
        """
        record = {
            "labels": plain(self.labels),
            "detractors": plain(self.sums[:, 0]),
            "passives": plain(self.sums[:, 1]),
            "promoters": plain(self.sums[:, 2]),
            "squared_weights": plain(self.squares),
            "n": plain(self.n),
            "missing": plain(self.missing),
            "excluded": self.excluded,
        }
        if self.total_clusters is not None:  # clustered: the design too
            record["cross_products"] = plain(self.cross_products)
            record["clusters"] = plain(self.clusters)
            record["total_cross_products"] = plain(self.total_cross_products)
            record["total_clusters"] = self.total_clusters
        return record

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupedCounts:
        """Grouped counts from :meth:`to_dict` output (e.g. after a JSON round trip).

        Labels that are lists become tuples again (combinations of grouping
        columns). Date labels come back as their ISO strings (``"2025-07"``):
        convert them with ``numpy.datetime64`` to use them as dates again.
        """
        labels = [tuple(label) if isinstance(label, list) else label for label in data["labels"]]
        columns = [
            np.asarray(data[name], dtype=np.float64) for name in ("detractors", "passives", "promoters")
        ]
        return cls(
            labels,
            np.stack(columns, axis=1),
            data.get("squared_weights"),
            n=data.get("n"),
            missing=data.get("missing"),
            excluded=data.get("excluded", 0),
            cross_products=data.get("cross_products"),
            clusters=data.get("clusters"),
            total_cross_products=data.get("total_cross_products"),
            total_clusters=data.get("total_clusters"),
        )

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per group (needs pandas)."""
        return records_frame(
            [
                {
                    "group": label,
                    "n": int(self.n[i]),
                    "missing": int(self.missing[i]),
                    "detractors": float(self.sums[i, 0]),
                    "passives": float(self.sums[i, 1]),
                    "promoters": float(self.sums[i, 2]),
                    "nps": float(self.nps[i]),
                }
                for i, label in enumerate(self.labels)
            ]
        )

    def __repr__(self) -> str:
        shown = ", ".join(repr(label) for label in self.labels[:5]) + (", ..." if len(self) > 5 else "")
        return f"GroupedCounts({len(self)} groups: {shown}; n = {int(self.n.sum()):,})"

    def _repr_html_(self) -> str:
        rows = [
            [
                fmt_label(label),
                f"{int(self.n[i]):,}",
                *(f"{v:,.6g}" for v in self.sums[i]),
                fmt_points(self.nps[i]),
            ]
            for i, label in enumerate(self.labels)
        ]
        return html_table(
            ["group", "n", "detractors", "passives", "promoters", "NPS"],
            rows,
            caption=f"GroupedCounts: {len(self)} groups",
        )


@dataclass(frozen=True, slots=True)
class CountTable:
    """Per-group (k, width) sums and squares of weights, responses, missing, excluded, design."""

    labels: Sequence[Hashable]
    sums: FloatArray
    squares: FloatArray | None
    n: IntArray
    missing: IntArray
    excluded: int
    design: tuple[FloatArray, IntArray, FloatArray, int] | None


def count_table(
    scores: Any,
    groups: Any,
    weights: Any,
    *,
    clusters: Any,
    scale: Scale,
    missing: str,
    missing_groups: str,
    columns: Callable[[Any], Any],
    width: int,
) -> CountTable:
    """Count responses by group and column in one pass (``GroupedCounts.from_scores``'s engine).

    ``columns`` maps the validated scores to a column 0..width-1: the category
    (width 3) for counts, the scale value's offset (width K) for a mean's
    histogram. ``squares`` is None for unweighted data.
    """
    given = _as_columns(groups)
    scores, *given, weights, clusters = align_inputs(
        [
            ("scores", scores),
            *(("groups", column) for column in given),
            ("weights", weights),
            ("clusters", clusters),
        ]
    )
    valid = validate_scores(scores, scale=scale, missing=missing, weights=weights)
    factors = [factorize(column, compress=len(given) > 1) for column in given]
    for column in factors:
        check_same_length(valid.length, column.codes.shape[0], "scores", "groups")
    found = _combine(factors, missing_groups)
    k = len(found.labels)
    # Bin = group * (width + 1) + column; column `width` holds missing scores; group
    # k holds excluded responses (missing label). One bincount gives everything.
    code = found.codes
    if found.has_missing:
        code = np.where(code < 0, k, code)
    step = width + 1
    column = columns(valid.values)
    index = np.multiply(code, step, dtype=np.intp)
    index += column
    if valid.missing_mask is not None:
        index[valid.missing_mask] = code[valid.missing_mask] * step + width
    size = step * (k + 1)
    counted = np.bincount(index, minlength=size).reshape(k + 1, step)  # responses per bin
    square: FloatArray | None = None
    w = valid.weights
    design = (
        None if clusters is None else _cluster_design(clusters, code, k, column, w, valid.missing_mask, width)
    )
    if w is None:
        table: FloatArray = counted.astype(np.float64)
    else:
        table = np.bincount(index, weights=w, minlength=size).astype(np.float64, copy=False)
        table = table.reshape(k + 1, step)
        square = np.bincount(index, weights=w * w, minlength=size).astype(np.float64, copy=False)
        square = square.reshape(k + 1, step)[:k, :width]
    responses = counted[:k, :width].sum(axis=1)
    missing_per_group = counted[:k, width]
    excluded = int(counted[k].sum())
    labels: Sequence[Hashable] = found.labels
    sums = table[:k, :width]
    if found.may_be_unused:  # drop the labels no response has
        used = (responses + missing_per_group) > 0
        labels = [label for label, keep in zip(found.labels, used, strict=True) if keep]
        sums, responses, missing_per_group = sums[used], responses[used], missing_per_group[used]
        square = None if square is None else square[used]
        if design is not None:
            design = (design[0][used], design[1][used], design[2], design[3])
    return CountTable(labels, sums, square, responses, missing_per_group, excluded, design)


def _cluster_design(
    clusters: Any,
    code: Codes,
    k: int,
    category: Codes,
    weights: FloatArray | None,
    missing_mask: Any,
    width: int = 3,
) -> tuple[FloatArray, IntArray, FloatArray, int]:
    """Per-group and whole-design cross-products, clusters per group, and m.

    ``code`` is each response's group (k: left out); m counts every cluster id
    given, so each group is a domain of the whole design.
    """
    ids, m = cluster_codes(clusters, code.shape[0])
    answered = np.ones(code.shape[0]) if weights is None else weights
    if missing_mask is not None:
        answered = np.where(missing_mask, 0.0, answered)  # the cluster is there, the answer is not
    grouped = (code >= 0) & (code < k)
    ids, group, category, answered = ids[grouped], code[grouped], category[grouped], answered[grouped]
    products, present = group_cross_products(ids, group, category, answered, k, columns=width)
    return products, present, cluster_cross_products(ids, m, category, answered, columns=width), m


def _merged_labels(first: Sequence[Hashable], second: Sequence[Hashable]) -> list[Hashable]:
    """The union of two label orders, keeping the order both agree on.

    Where one side has a label the other lacks, its place comes from that
    side's own order; between labels neither side orders, the natural sort
    decides (None last). Sorted inputs therefore merge sorted, and a
    categorical's category order survives (a loop over labels, not rows).
    """
    if set(second) <= set(first):
        return list(first)
    at_first = {label: i for i, label in enumerate(first)}
    at_second = {label: i for i, label in enumerate(second)}
    merged: list[Hashable] = []
    seen: set[Hashable] = set()
    i = j = 0
    while i < len(first) or j < len(second):
        a = first[i] if i < len(first) else None
        b = second[j] if j < len(second) else None
        if i < len(first) and a in seen:
            i += 1
        elif j < len(second) and b in seen:
            j += 1
        elif j == len(second) or (i < len(first) and _goes_first(a, b, at_first, at_second, i, j)):
            merged.append(a)
            seen.add(a)
            i += 1
        else:
            merged.append(b)
            seen.add(b)
            j += 1
    return merged


def _goes_first(
    a: Hashable, b: Hashable, at_first: dict[Hashable, int], at_second: dict[Hashable, int], i: int, j: int
) -> bool:
    """Whether the first order's next label ``a`` comes before the second's next label ``b``."""
    b_later_in_first = at_first.get(b, -1) > i
    a_later_in_second = at_second.get(a, -1) > j
    if b_later_in_first != a_later_in_second:
        return b_later_in_first  # one order says which comes first
    try:
        return bool(_sort_key(a) <= _sort_key(b))
    except TypeError:  # labels of mixed types: the first operand leads
        return True


def _same(a: Any, b: Any) -> bool:
    """Equal optional arrays: both None, or equal values."""
    return (a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))


def _sort_key(label: Hashable) -> tuple[int, Any]:
    # Missing labels sort last, whatever the other labels are.
    return (1, 0) if label is MISSING_LABEL else (0, label)
