"""``drivers()``: which parts of the experience move the score, and by how much."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .._input._options import (
    DOMINANCE_LEVELS,
    DRIVER_METHODS,
    DRIVER_TARGETS,
    MISSING_POLICIES,
    PERFORMANCES,
    QUADRANT_CUTS,
    as_generator,
    check_choice,
    check_confidence,
    check_number,
    check_resamples,
    check_scale,
)
from .._input._plain import html_table, records_frame
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import as_float_vector, check_same_length, validate_scores, validate_weights
from .._results._base import Result
from .._results._rows import RowTable
from .._results._values import ConfidenceInterval
from .._stats._drivers import (
    bootstrap_covariances,
    collinear_groups,
    correlation,
    dominance,
    full_r_squared,
    relative_weights,
    shapley_values,
    subset_r_squared,
    weighted_covariance,
)
from ..errors import (
    DegenerateDataError,
    InvalidOptionError,
    InvalidScoreError,
    InvalidTypeError,
    MissingValueError,
)
from ..typing import BoolArray, FloatArray

if TYPE_CHECKING:
    from ..typing import (
        DominanceLevel,
        DriverMethod,
        DriverTarget,
        MissingPolicy,
        Performance,
        QuadrantCut,
        RNGLike,
        ScoresLike,
        WeightsLike,
    )

__all__ = ["Dominance", "DriverRow", "DriverTable", "QuadrantRow", "QuadrantTable", "drivers"]

#: Most attributes for the exact Shapley method: 2^22 subsets take about 250 MB.
MAX_SHAPLEY_ATTRIBUTES = 22
# Replicates per block in the bootstrap: about 2^23 numbers of subset state at a time.
_STATE_BUDGET = 1 << 23


@dataclass(frozen=True, slots=True)
class DriverRow(Result):
    """One attribute's importance.

    Attributes
    ----------
    attribute : str
    importance : float
        Its share of R^2 (the rows add up to ``table.r_squared``).
    relative : float
        importance / R^2 (the rows add up to 1).
    rank : int
        1 for the most important attribute.
    se : float or None
        Bootstrap standard error of ``importance`` (None without ``resamples``).
    ci : ConfidenceInterval or None
        Bootstrap percentile interval of ``importance``.
    mean : float
        The attribute's (weighted) mean over the responses used: its performance.
    top_box : float
        (Weighted) share of those responses at or above the top-box threshold.
    missing : int
        Responses with this attribute missing.

    In ``to_frame()`` the interval is in ``ci_low`` and ``ci_high``.
    """

    attribute: str
    importance: float
    relative: float
    rank: int
    se: float | None
    ci: ConfidenceInterval | None
    mean: float
    top_box: float
    missing: int


@dataclass(frozen=True, slots=True, repr=False)
class Dominance(Result):
    """Dominance analysis (Budescu 1993; Azen & Budescu 2003), attributes in input order.

    Attributes
    ----------
    attributes : tuple of str
    complete : tuple of tuples
        ``complete[i][j]`` is 1 if attribute i adds more R^2 than j to every
        subset of the other attributes (the empty one included), 0 if j adds
        more to every one, 0.5 if neither; None on the diagonal.
    conditional : tuple of tuples
        ``conditional[i][k]``: the mean R^2 that attribute i adds to models
        of k other attributes (k = 0 is its own R^2).
    general : tuple of float
        The mean of each row of ``conditional``: the Shapley (LMG) values.
    """

    attributes: tuple[str, ...]
    complete: tuple[tuple[float | None, ...], ...]
    conditional: tuple[tuple[float, ...], ...]
    general: tuple[float, ...]

    def dominates(self, a: str, b: str, *, level: DominanceLevel = "complete") -> bool:
        """Whether attribute ``a`` dominates ``b`` at ``level``.

        ``"complete"``: in every subset model; ``"conditional"``: on average
        within every model size; ``"general"``: on average over all sizes.
        Complete implies conditional implies general.
        """
        check_choice(level, DOMINANCE_LEVELS, "level")
        i, j = self._position(a), self._position(b)
        if level == "complete":
            return self.complete[i][j] == 1.0
        if level == "conditional":
            return all(x > y for x, y in zip(self.conditional[i], self.conditional[j], strict=True))
        return self.general[i] > self.general[j]

    def _position(self, name: str) -> int:
        try:
            return self.attributes.index(name)
        except ValueError:
            raise KeyError(name) from None

    def __repr__(self) -> str:
        pairs = [
            f"{a} > {b}"
            for i, a in enumerate(self.attributes)
            for j, b in enumerate(self.attributes)
            if self.complete[i][j] == 1.0
        ]
        return f"Dominance({len(self.attributes)} attributes; complete: {', '.join(pairs) or 'none'})"

    def to_frame(self, level: str = "conditional") -> Any:
        """A pandas DataFrame: ``"complete"`` (attribute x attribute) or
        ``"conditional"`` (attribute x model size, with the general mean)."""
        check_choice(level, ("complete", "conditional"), "level")
        if level == "complete":
            records = [
                {"attribute": name, **dict(zip(self.attributes, row, strict=True))}
                for name, row in zip(self.attributes, self.complete, strict=True)
            ]
        else:
            records = [
                {"attribute": name, **{f"size {k}": v for k, v in enumerate(row)}, "general": general}
                for name, row, general in zip(self.attributes, self.conditional, self.general, strict=True)
            ]
        return records_frame(records).set_index("attribute")


@dataclass(frozen=True, slots=True)
class QuadrantRow(Result):
    """One attribute in the importance x performance grid (Martilla & James 1977)."""

    attribute: str
    importance: float
    performance: float
    quadrant: str


@dataclass(frozen=True, slots=True, repr=False)
class QuadrantTable(RowTable[QuadrantRow]):
    """Importance (share of R^2) against performance, cut into four quadrants.

    ``quadrant`` is ``"concentrate here"`` (important, below the performance
    cut), ``"keep up the good work"`` (important, performing),
    ``"low priority"`` or ``"possible overkill"`` (less important, below or
    above the cut). A value equal to a cut counts as high.
    """

    _key: ClassVar[str] = "attribute"

    rows: tuple[QuadrantRow, ...]
    performance: str
    cut: str
    importance_cut: float
    performance_cut: float

    def __repr__(self) -> str:
        focus = [row.attribute for row in self.rows if row.quadrant == "concentrate here"]
        return f"QuadrantTable({len(self.rows)} attributes; concentrate here: {', '.join(focus) or 'none'})"

    def _repr_html_(self) -> str:
        body = [
            [r.attribute, f"{100 * r.importance:.1f}%", f"{r.performance:.3g}", r.quadrant] for r in self.rows
        ]
        return html_table(
            ["attribute", "importance", f"performance ({self.performance})", "quadrant"],
            body,
            caption=f"Importance x performance, cut at the {self.cut}",
        )


def _quadrant(important: bool, performing: bool) -> str:
    if important:
        return "keep up the good work" if performing else "concentrate here"
    return "possible overkill" if performing else "low priority"


@dataclass(frozen=True, slots=True, repr=False)
class DriverTable(RowTable[DriverRow]):
    """Key-driver analysis: each attribute's share of the explained variance.

    Iterating yields :class:`DriverRow` objects, most important first;
    ``table[name]`` finds an attribute's row.

    Attributes
    ----------
    rows : tuple of DriverRow
    r_squared : float
        R^2 of the regression of the outcome on all attributes.
    r_squared_ci : ConfidenceInterval or None
        Its bootstrap percentile interval (with ``resamples``).
    method, target : str
        As given to :func:`drivers`.
    n : int
        Responses used (complete on the outcome and every attribute).
    missing : int
        Responses left out because a value was missing.
    effective_n : float
        Kish effective sample size of the responses used (``n`` unweighted).
    confidence : float
        Level of the bootstrap intervals.
    resamples : int or None
        Bootstrap replicates requested (None: no intervals).
    dominance : Dominance or None
        Complete, conditional and general dominance (``method="shapley"``).
    """

    _key: ClassVar[str] = "attribute"

    rows: tuple[DriverRow, ...]
    r_squared: float
    r_squared_ci: ConfidenceInterval | None
    method: str
    target: str
    n: int
    missing: int
    effective_n: float
    confidence: float
    resamples: int | None
    dominance: Dominance | None

    def quadrant(self, *, performance: Performance = "mean", cut: QuadrantCut = "mean") -> QuadrantTable:
        """Importance x performance grid (Martilla & James 1977).

        Parameters
        ----------
        performance : {"mean", "top-box"}, default "mean"
            The attribute's mean rating, or its top-box share.
        cut : {"mean", "median"}, default "mean"
            Where the axes are cut: the mean (or median) of the attributes'
            relative importance and of their performance.

        Examples
        --------
        >>> import netpromoter as nps
        >>> table = nps.drivers(
        ...     [10, 9, 7, 3, 8, 10, 2, 6, 9, 5, 9, 4],
        ...     {
        ...         "support": [3, 3, 2, 1, 2, 3, 1, 2, 3, 1, 2, 1],
        ...         "price": [3, 4, 4, 2, 3, 3, 3, 2, 5, 4, 2, 3],
        ...         "app": [4, 5, 3, 2, 3, 4, 1, 4, 5, 3, 5, 2],
        ...     },
        ... )
        >>> [(row.attribute, row.quadrant) for row in table.quadrant()]
        [('support', 'concentrate here'), ('app', 'keep up the good work'), ('price', 'possible overkill')]
        """
        check_choice(performance, PERFORMANCES, "performance")
        check_choice(cut, QUADRANT_CUTS, "cut")
        importance = np.array([row.relative for row in self.rows])
        values = np.array([row.mean if performance == "mean" else row.top_box for row in self.rows])
        centre = np.mean if cut == "mean" else np.median
        importance_cut, performance_cut = float(centre(importance)), float(centre(values))
        rows = tuple(
            QuadrantRow(
                attribute=row.attribute,
                importance=row.relative,
                performance=float(value),
                quadrant=_quadrant(row.relative >= importance_cut, value >= performance_cut),
            )
            for row, value in zip(self.rows, values, strict=True)
        )
        return QuadrantTable(rows, str(performance), str(cut), importance_cut, performance_cut)

    def __repr__(self) -> str:
        top = ", ".join(f"{row.attribute} ({100 * row.relative:.0f}%)" for row in self.rows[:3])
        return (
            f"DriverTable({len(self.rows)} attributes, R^2 = {self.r_squared:.3f}, {self.method}, "
            f"n = {self.n:,}; top: {top})"
        )

    def __str__(self) -> str:
        width = max([len("attribute"), *(len(row.attribute) for row in self.rows)])
        header = f"{'attribute':<{width}}  importance  relative"
        if self.resamples is not None:
            header += f"  {100 * self.confidence:g}% CI"
        lines = [
            f"Drivers of the {self.target} ({self.method}): R^2 = {self.r_squared:.3f}, n = {self.n:,}"
            + (f" ({self.missing:,} left out for missing values)" if self.missing else ""),
            header,
        ]
        for row in self.rows:
            line = f"{row.attribute:<{width}}  {row.importance:10.4f}  {100 * row.relative:7.1f}%"
            if row.ci is not None:
                line += f"  {row.ci.low:.4f} to {row.ci.high:.4f}"
            lines.append(line)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        header = ["rank", "attribute", "importance", "relative", "mean", "top box"]
        if self.resamples is not None:
            header.insert(4, f"{100 * self.confidence:g}% CI")
        body = []
        for r in self.rows:
            cells = [
                str(r.rank),
                r.attribute,
                f"{r.importance:.4f}",
                f"{100 * r.relative:.1f}%",
                f"{r.mean:.3g}",
                f"{100 * r.top_box:.0f}%",
            ]
            if r.ci is not None:
                cells.insert(4, f"{r.ci.low:.4f} to {r.ci.high:.4f}")
            body.append(cells)
        caption = (
            f"Key drivers of the {self.target} ({self.method}): R^2 = {self.r_squared:.3f}, n = {self.n:,}"
        )
        return html_table(header, body, caption=caption)


def _columns(attributes: Any) -> list[tuple[str, Any]]:
    """(name, values) pairs from a mapping, a pandas or polars DataFrame, or a pyarrow Table."""
    if isinstance(attributes, Mapping):
        items = list(attributes.items())
    elif hasattr(attributes, "column_names") and hasattr(attributes, "column"):  # pyarrow Table
        items = [(name, attributes.column(i)) for i, name in enumerate(attributes.column_names)]
    elif hasattr(attributes, "columns") and hasattr(attributes, "iloc"):  # pandas DataFrame
        items = [(name, attributes.iloc[:, i]) for i, name in enumerate(attributes.columns)]
    elif hasattr(attributes, "columns") and hasattr(attributes, "get_column"):  # polars DataFrame
        items = [(name, attributes.get_column(name)) for name in attributes.columns]
    else:
        raise InvalidTypeError(
            "attributes must be a mapping name -> values (one per response) or a data frame, "
            f"got {type(attributes).__name__}"
        )
    if not items:
        raise InvalidTypeError("attributes must hold at least one attribute")
    names = [str(name) for name, _ in items]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidTypeError(
            f"attribute names must be distinct; repeated: {', '.join(map(repr, repeated))}"
        )
    return [(name, values) for name, (_, values) in zip(names, items, strict=True)]


def _attribute(name: str, values: Any, n: int) -> FloatArray:
    """One attribute's values as float64 (NaN = missing), checked and named in errors."""
    try:
        column = as_float_vector(values, "number")
    except InvalidTypeError as error:
        raise InvalidTypeError(f"attribute {name!r}: {error}") from None
    check_same_length(n, column.shape[0], "scores", f"values of attribute {name!r}")
    infinite = np.isinf(column)
    if infinite.any():
        pos = int(np.argmax(infinite))
        raise InvalidScoreError(f"attribute {name!r} value {column[pos]} at position {pos} is not finite")
    return column


def _check_top_box(top_box: Any) -> float | None:
    return None if top_box is None else check_number(top_box, "top_box")


def _outcome(outcome: Any, target: str, scale: Scale | None, missing: str) -> FloatArray:
    """The outcome the regression explains, NaN where missing; checked on the one validation path."""
    if scale is None:
        if target != "score":
            raise InvalidOptionError(
                f"target={target!r} needs the scale that defines the categories; got scale=None"
            )
        values = as_float_vector(outcome, "number")
        bad = ~np.isfinite(values) & ~np.isnan(values)
        if bad.any():
            pos = int(np.argmax(bad))
            raise InvalidScoreError(f"outcome {values[pos]} at position {pos} is not finite")
        if missing == "raise" and np.isnan(values).any():
            pos = int(np.argmax(np.isnan(values)))
            raise MissingValueError(
                f"missing outcome at position {pos} (missing='raise'; use missing='omit' to leave "
                "incomplete responses out and count them)"
            )
        return values
    valid = validate_scores(outcome, scale=scale, missing=missing)
    if target == "score":
        y = np.asarray(valid.values, dtype=np.float64)
    else:
        code = category_index(valid.values, scale)  # 0 detractor, 1 passive, 2 promoter
        if target == "promoter":
            y = np.asarray(code == 2, dtype=np.float64)
        elif target == "detractor":
            y = np.asarray(code == 0, dtype=np.float64)
        else:
            y = code.astype(np.float64) - 1.0  # the NPS code -1, 0, +1
    if valid.missing_mask is not None:
        y[valid.missing_mask] = np.nan
    return y


def _check_model(data: FloatArray, w: FloatArray, names: list[str], target: str, missing: int) -> None:
    """Clear errors for what a regression cannot use: too few responses, constant or collinear columns."""
    p = len(names)
    positive = w > 0
    used = int(positive.sum())
    if used < p + 2:
        left_out = f" ({missing:,} left out for missing values)" if missing else ""
        raise DegenerateDataError(
            f"key-driver analysis of {p} attribute(s) needs at least {p + 2} complete responses "
            f"(one more than the model's {p + 1} coefficients); got {used}{left_out}"
        )
    kept = data[positive]
    constant = np.ptp(kept, axis=0) == 0
    if constant[-1]:
        raise DegenerateDataError(
            f"the outcome ({target}) is the same for every response used: there is nothing to explain"
        )
    if constant[:-1].any():
        found = [names[i] for i in np.flatnonzero(constant[:-1])]
        raise DegenerateDataError(
            f"attribute(s) {', '.join(map(repr, found))} take one value only; a constant attribute "
            "explains nothing: drop it"
        )


def _collinearity(corr: FloatArray, names: list[str]) -> None:
    groups = collinear_groups(corr[:-1, :-1])
    if groups:
        found = ", ".join(repr(names[i]) for i in groups[0])
        raise DegenerateDataError(
            f"attributes {found} are collinear: one is (almost) a linear combination of the others, "
            "so their shares of R^2 cannot be told apart; drop one or combine them"
        )


def _bootstrap(
    data: FloatArray, w: FloatArray | None, method: str, resamples: int, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """(replicates, p) importances and (replicates,) R^2; degenerate replicates are NaN."""
    p = data.shape[1] - 1
    covs = bootstrap_covariances(data, w, resamples, rng)
    variances = np.diagonal(covs, axis1=-2, axis2=-1)
    # A column constant in a replicate leaves rounding noise (~1e-17) as its variance.
    floor = 1e-12 * np.diagonal(weighted_covariance(data, w))
    usable = np.all(variances > floor, axis=1) & np.all(np.isfinite(covs), axis=(1, 2))
    importance = np.full((resamples, p), np.nan)
    r_squared = np.full(resamples, np.nan)
    corr = correlation(covs[usable])
    # A replicate in which attributes are collinear has no decomposition either.
    well_posed = np.linalg.eigvalsh(corr[:, :-1, :-1])[:, 0] > 1e-10
    index = np.flatnonzero(usable)[well_posed]
    corr = corr[well_posed]
    if method == "johnson":
        importance[index] = relative_weights(corr)
        r_squared[index] = full_r_squared(corr)
        return importance, r_squared
    block = max(1, _STATE_BUDGET // (8 << p))
    for start in range(0, index.shape[0], block):  # blocks of replicates bound the memory
        subsets = subset_r_squared(corr[start : start + block])
        importance[index[start : start + block]] = shapley_values(subsets, p)
        r_squared[index[start : start + block]] = subsets[:, -1]
    return importance, r_squared


def drivers(
    outcome: ScoresLike,
    attributes: Any,
    *,
    method: DriverMethod = "shapley",
    weights: WeightsLike | None = None,
    target: DriverTarget = "score",
    scale: Scale | None = STANDARD,
    missing: MissingPolicy = "omit",
    top_box: float | None = None,
    resamples: int | None = None,
    confidence: float = 0.95,
    rng: RNGLike = None,
) -> DriverTable:
    """Key-driver analysis: how much of the score each attribute explains.

    Regresses the outcome on the attributes (ratings of support, price,
    product, ...) and splits the model's R^2 between them, so that
    correlated attributes share credit fairly instead of the regression
    coefficients' arbitrary split.

    Parameters
    ----------
    outcome : array_like
        One score per response (0-10 on the standard scale), or any numbers
        with ``scale=None``.
    attributes : mapping or DataFrame
        Attribute name -> one rating per response (any numbers; booleans
        count as 0/1), or a pandas / polars DataFrame or pyarrow Table whose
        columns are the attributes.
    method : {"shapley", "johnson"}, default "shapley"
        ``"shapley"``: exact Shapley value regression, i.e. LMG, the
        importance averaged over every order of entry (all 2^p subsets; up
        to 22 attributes). ``"johnson"``: Johnson's relative weights, an
        approximation (see Notes).
    weights : array_like, optional
        Survey weights: weighted least squares, weighted means.
    target : {"score", "promoter", "detractor", "nps"}, default "score"
        What is explained: the score itself, the promoter or the detractor
        indicator (a linear probability model), or each response's NPS code
        (-1, 0, +1).
    scale : Scale or None, default STANDARD
        The outcome's scale (it sets the categories). None: the outcome is
        any finite numbers (a mean rating, a spend), explained as they are
        (``target="score"`` only).
    missing : {"omit", "raise"}, default "omit"
        A response with a missing outcome or attribute is left out and
        counted (``table.missing``, and per attribute ``row.missing``), or
        raises :class:`MissingValueError` naming the attribute and position.
    top_box : float, optional
        An attribute value at or above this counts as top box (performance
        for :meth:`DriverTable.quadrant`); by default each attribute's
        highest observed value.
    resamples : int, optional
        Bootstrap replicates (>= 100) for intervals of each importance and
        of R^2: responses are resampled with replacement, as R
        ``relaimpo::boot.relimp``; percentile intervals. Default: none.
    confidence : float, default 0.95
        Level of the bootstrap intervals.
    rng : int or numpy.random.Generator, optional
        Randomness of the bootstrap (None: a fixed seed).

    Returns
    -------
    DriverTable
        Rows most important first; ``r_squared``, ``dominance`` (Shapley
        only) and :meth:`~DriverTable.quadrant`.

    Raises
    ------
    DegenerateDataError
        Fewer than p + 2 complete responses, a constant outcome or
        attribute, or collinear attributes (each named).
    InvalidOptionError
        An unknown ``method``, ``target`` or ``missing``; more than 22
        attributes with ``method="shapley"``; bad ``resamples``,
        ``confidence`` or ``top_box``.
    InvalidScoreError, InvalidTypeError, MissingValueError, LengthMismatchError
        Bad outcome scores or attribute values, with their position.

    Notes
    -----
    R^2(S) of every subset S of attributes comes from the (weighted)
    correlation matrix by sweeping one attribute at a time over all subsets
    at once, so there is no least-squares fit per subset. The Shapley value
    (LMG; Lindeman, Merenda & Gold 1980; Grömping 2006) of attribute j is

        phi_j = sum_{S not containing j} |S|! (p - |S| - 1)! / p!
                (R^2(S + j) - R^2(S)),

    the mean gain in R^2 from adding j over all p! orders of entry; the
    phi_j add up to R^2 and equal Budescu's (1993) general dominance.
    ``table.dominance`` also gives complete and conditional dominance
    (Azen & Budescu 2003).

    Johnson's (2000) relative weights regress the outcome on the closest
    orthogonal counterparts of the attributes and map the squared weights
    back. They are fast for many attributes but are not a decomposition of
    any model's R^2: Thomas, Zumbo, Kwan & Schweitzer (2014) show that the
    mapping back is unjustified and the weights can mislead. Use them only
    where the exact method is too slow.

    Checked against R: ``relaimpo::calc.relimp(type = "lmg")`` and
    ``type = "genizi"`` (equal to Johnson's weights on those data) on
    ``datasets::swiss``, and the ``rwa`` package on ``mtcars``.

    References
    ----------
    Lindeman, Merenda & Gold (1980), Introduction to Bivariate and
    Multivariate Analysis. Grömping (2006), Relative importance for linear
    regression in R: the package relaimpo, J. Stat. Softw. 17(1). Budescu
    (1993), Psychol. Bull. 114:542. Azen & Budescu (2003), Psychol. Methods
    8:129. Johnson (2000), Multivariate Behav. Res. 35:1. Thomas, Zumbo,
    Kwan & Schweitzer (2014), Multivariate Behav. Res. 49:329.

    Examples
    --------
    >>> import netpromoter as nps
    >>> scores = [10, 9, 7, 3, 8, 10, 2, 6, 9, 5, 9, 4]
    >>> ratings = {
    ...     "support": [3, 3, 2, 1, 2, 3, 1, 2, 3, 1, 2, 1],
    ...     "price": [3, 4, 4, 2, 3, 3, 3, 2, 5, 4, 2, 3],
    ...     "app": [4, 5, 3, 2, 3, 4, 1, 4, 5, 3, 5, 2],
    ... }
    >>> table = nps.drivers(scores, ratings)
    >>> [(row.attribute, round(row.relative, 3)) for row in table]
    [('support', 0.539), ('app', 0.435), ('price', 0.026)]
    >>> round(table.r_squared, 3)
    0.885
    >>> table.dominance.dominates("support", "app")
    True
    """
    check_choice(method, DRIVER_METHODS, "method")
    check_choice(target, DRIVER_TARGETS, "target")
    check_choice(missing, MISSING_POLICIES, "missing")
    if scale is not None:
        check_scale(scale)
    level = check_confidence(confidence)
    threshold = _check_top_box(top_box)
    replicates = None if resamples is None else check_resamples(resamples)
    checked_rng = as_generator(rng)  # checked whether or not resampling uses it
    generator = None if replicates is None else checked_rng
    columns = _columns(attributes)
    names = [name for name, _ in columns]
    p = len(names)
    if method == "shapley" and p > MAX_SHAPLEY_ATTRIBUTES:
        raise InvalidOptionError(
            f"method='shapley' evaluates all 2^p subsets and takes at most {MAX_SHAPLEY_ATTRIBUTES} "
            f"attributes; got {p}: use method='johnson'"
        )

    y = _outcome(outcome, target, scale, missing)
    n = y.shape[0]
    matrix = np.empty((n, p + 1))
    for j, (name, values) in enumerate(columns):  # a loop over attributes, not responses
        matrix[:, j] = _attribute(name, values, n)
    matrix[:, p] = y
    gaps = np.isnan(matrix[:, :p])
    per_attribute = gaps.sum(axis=0)
    if missing == "raise" and per_attribute.any():
        j = int(np.flatnonzero(per_attribute)[0])
        pos = int(np.argmax(gaps[:, j]))
        raise MissingValueError(
            f"missing value of attribute {names[j]!r} at position {pos} (missing='raise'; use "
            "missing='omit' to leave incomplete responses out and count them)"
        )
    dropped: BoolArray = np.asarray(gaps.any(axis=1) | np.isnan(y))
    w_all = None if weights is None else validate_weights(weights, length=n, missing_mask=dropped)
    used = ~dropped
    n_dropped = int(dropped.sum())
    data = matrix[used]
    w = np.ones(data.shape[0]) if w_all is None else w_all[used]
    _check_model(data, w, names, target, n_dropped)

    corr = correlation(weighted_covariance(data, w))
    _collinearity(corr, names)
    complete_dominance: Dominance | None = None
    if method == "shapley":
        subsets = subset_r_squared(corr)
        importance = shapley_values(subsets, p)
        r_squared = float(subsets[-1])
        complete, conditional = dominance(subsets, p)
        complete_dominance = Dominance(
            attributes=tuple(names),
            complete=tuple(
                tuple(None if i == j else float(v) for j, v in enumerate(row))
                for i, row in enumerate(complete)
            ),
            conditional=tuple(tuple(float(v) for v in row) for row in conditional),
            general=tuple(float(v) for v in importance),
        )
    else:
        importance = relative_weights(corr)
        r_squared = float(full_r_squared(corr))

    total = float(w.sum())
    means = (w @ data[:, :p]) / total
    tops = np.full(p, threshold) if threshold is not None else data[w > 0, :p].max(axis=0)
    top_share = (w @ (data[:, :p] >= tops)) / total

    se: FloatArray | None = None
    low = high = None
    r_squared_ci = None
    if replicates is not None and generator is not None:
        draws, r_draws = _bootstrap(data, None if w_all is None else w, method, replicates, generator)
        tail = 0.5 * (1.0 - level)
        ok = ~np.isnan(r_draws)
        if ok.sum() < 2:
            raise DegenerateDataError(
                f"only {int(ok.sum())} of {replicates} bootstrap replicates could be analysed (in the "
                "others an attribute or the outcome was constant): too few responses for intervals"
            )
        se = draws[ok].std(axis=0, ddof=1)
        low, high = np.quantile(draws[ok], [tail, 1.0 - tail], axis=0)
        r_low, r_high = np.quantile(r_draws[ok], [tail, 1.0 - tail])
        r_squared_ci = ConfidenceInterval(float(r_low), float(r_high))

    order = sorted(range(p), key=lambda j: (-float(importance[j]), j))
    rows = tuple(
        DriverRow(
            attribute=names[j],
            importance=float(importance[j]),
            relative=float(importance[j]) / r_squared if r_squared > 0 else math.nan,
            rank=rank,
            se=None if se is None else float(se[j]),
            ci=None if low is None or high is None else ConfidenceInterval(float(low[j]), float(high[j])),
            mean=float(means[j]),
            top_box=float(top_share[j]),
            missing=int(per_attribute[j]),
        )
        for rank, j in enumerate(order, start=1)
    )
    return DriverTable(
        rows=rows,
        r_squared=r_squared,
        r_squared_ci=r_squared_ci,
        method=str(method),
        target=str(target),
        n=int(used.sum()),
        missing=n_dropped,
        effective_n=total**2 / float((w * w).sum()),
        confidence=level,
        resamples=replicates,
        dominance=complete_dominance,
    )
