"""What a rating question measures: a share (top box), a net score or a mean."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Literal

from ..errors import InvalidScaleError
from ._scale import Scale, scale_without_detractors

__all__ = ["CES", "CSAT", "ENPS_FIVE", "NPS", "Metric", "MetricKind"]

MetricKind = Literal["share", "net", "mean"]
_KINDS: tuple[MetricKind, ...] = ("share", "net", "mean")


def _integer(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidScaleError(f"Metric {what} must be an integer, got {value!r}")
    return int(value)


def _box(values: object, what: str, minimum: int, maximum: int) -> tuple[int, ...]:
    """A box as a sorted tuple of scale values; every value on the scale, none twice, no gap."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (tuple, list, range)):
        raise InvalidScaleError(f"Metric {what} must be a tuple of scale values, e.g. (4, 5); got {values!r}")
    box = tuple(_integer(v, f"{what} value") for v in values)
    outside = [v for v in box if not minimum <= v <= maximum]
    if outside:
        raise InvalidScaleError(f"Metric {what} value {outside[0]} is outside the {minimum}-{maximum} scale")
    if len(set(box)) != len(box):
        raise InvalidScaleError(f"Metric {what} {box} names a value twice")
    ordered = tuple(sorted(box))
    if ordered and ordered[-1] - ordered[0] + 1 != len(ordered):
        raise InvalidScaleError(
            f"Metric {what} {box} leaves a gap: a box is a run of consecutive values, e.g. (4, 5)"
        )
    return ordered


@dataclass(frozen=True, slots=True)
class Metric:
    """What a rating question measures, and on which scale.

    Three kinds cover the scores surveys report:

    - a **share** (top box): the percentage of responses in ``top``, e.g.
      CSAT as the share of 4-5 on 1-5 (:data:`CSAT`), CES as the share of
      5-7 on 1-7 (:data:`CES`);
    - a **net** score: % in ``top`` minus % in ``bottom``, in points, as the
      NPS (:data:`NPS`: 9-10 minus 0-6 on 0-10) or the 5-point eNPS
      (:data:`ENPS_FIVE`: 5 minus 1-3 on 1-5);
    - a **mean** of the scale values, e.g. the average 1-5 rating.

    Build them with :meth:`share`, :meth:`net` and :meth:`mean`; pass one as
    ``metric=`` to :func:`~netpromoter.score`, :func:`~netpromoter.compare`,
    :func:`~netpromoter.segments` and :func:`~netpromoter.trend`.

    Attributes
    ----------
    name : str
        What the results print, e.g. ``"CSAT"``.
    kind : {"share", "net", "mean"}
    minimum, maximum : int
        The scale; scores outside it are rejected.
    top, bottom : tuple of int
        The boxes, runs of consecutive scale values: ``top`` ends at the
        maximum, ``bottom`` (net scores only) starts at the minimum, and the
        two do not overlap. Empty for means.

    Raises
    ------
    InvalidScaleError
        Non-integer or inverted bounds, a box value off the scale or named
        twice, a box with a gap, overlapping boxes, a top box that does not
        reach the maximum or a bottom box that does not start at the minimum.

    Examples
    --------
    >>> import netpromoter as nps
    >>> nps.CSAT
    Metric.share(1, 5, top=(4, 5), name='CSAT')
    >>> nps.Metric.net(1, 5, top=(4, 5), bottom=(1, 2), name="CSAT net")
    Metric.net(1, 5, top=(4, 5), bottom=(1, 2), name='CSAT net')
    >>> nps.Metric.mean(1, 7).unit
    ''
    >>> nps.Metric.share(1, 5, top=(3, 5))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    netpromoter.errors.InvalidScaleError: Metric top (3, 5) leaves a gap: ...
    """

    name: str
    kind: MetricKind
    minimum: int
    maximum: int
    top: tuple[int, ...] = ()
    bottom: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidScaleError(f"Metric name must be a non-empty string, got {self.name!r}")
        if self.kind not in _KINDS:
            raise InvalidScaleError(f"Metric kind must be one of {_KINDS}, got {self.kind!r}")
        low, high = _integer(self.minimum, "minimum"), _integer(self.maximum, "maximum")
        if not low < high:
            raise InvalidScaleError(f"Metric needs minimum < maximum, got {low} and {high}")
        top = _box(self.top, "top", low, high)
        bottom = _box(self.bottom, "bottom", low, high)
        if self.kind == "mean" and (top or bottom):
            raise InvalidScaleError("a mean metric has no boxes; give top/bottom to a share or net metric")
        if self.kind != "mean":
            if not top:
                raise InvalidScaleError(
                    f"a {self.kind} metric needs a top box, e.g. top=({high - 1}, {high})"
                )
            if top[-1] != high:
                raise InvalidScaleError(
                    f"Metric top {top} must reach the top of the {low}-{high} scale ({high})"
                )
            if top[0] == low:
                raise InvalidScaleError(f"Metric top {top} covers the whole {low}-{high} scale")
        if self.kind == "share" and bottom:
            raise InvalidScaleError("a share metric has a top box only; use Metric.net for top minus bottom")
        if self.kind == "net":
            if not bottom:
                raise InvalidScaleError(f"a net metric needs a bottom box, e.g. bottom=({low},)")
            if bottom[0] != low:
                raise InvalidScaleError(
                    f"Metric bottom {bottom} must start at the bottom of the {low}-{high} scale ({low})"
                )
            if bottom[-1] >= top[0]:
                raise InvalidScaleError(f"Metric boxes overlap: bottom {bottom} and top {top}")
        for name, value in (("minimum", low), ("maximum", high), ("top", top), ("bottom", bottom)):
            object.__setattr__(self, name, value)

    @classmethod
    def share(
        cls, minimum: int, maximum: int, *, top: tuple[int, ...], name: str = "Top-box share"
    ) -> Metric:
        """The percentage of responses in the ``top`` box, e.g. ``Metric.share(1, 5, top=(4, 5))``.

        >>> Metric.share(1, 5, top=(4, 5), name="CSAT").label
        'CSAT (share of 4-5 on 1-5)'
        """
        return cls(name, "share", minimum, maximum, top=top)

    @classmethod
    def net(
        cls,
        minimum: int,
        maximum: int,
        *,
        top: tuple[int, ...],
        bottom: tuple[int, ...],
        name: str = "Net score",
    ) -> Metric:
        """% in ``top`` minus % in ``bottom``, in points (-100..100): the NPS's form.

        >>> Metric.net(0, 10, top=(9, 10), bottom=tuple(range(7)), name="NPS") == NPS
        True
        """
        return cls(name, "net", minimum, maximum, top=top, bottom=bottom)

    @classmethod
    def mean(cls, minimum: int, maximum: int, *, name: str = "Mean") -> Metric:
        """The mean score, in scale units, e.g. ``Metric.mean(1, 5, name="CSAT mean")``.

        >>> Metric.mean(1, 5, name="CSAT mean").label
        'CSAT mean (mean of 1-5)'
        """
        return cls(name, "mean", minimum, maximum)

    @property
    def scale(self) -> Scale:
        """The categories the counting uses.

        Net: detractors = ``bottom``, promoters = ``top``. Share: no
        detractors, passives = the rest, promoters = ``top``, so the counts'
        p - d is the share. Mean: the scale bounds (its categories are unused).
        """
        if self.kind == "net":
            return Scale(self.minimum, self.maximum, self.bottom[-1], self.top[0])
        if self.kind == "share":
            return scale_without_detractors(self.minimum, self.maximum, self.top[0])
        return Scale(self.minimum, self.maximum, self.minimum, self.maximum)

    @property
    def unit(self) -> str:
        """The estimates' unit: ``"%"`` (shares), ``"points"`` (net scores), ``""`` (means: scale units)."""
        return {"share": "%", "net": "points", "mean": ""}[self.kind]

    @property
    def label(self) -> str:
        """The metric as a sentence fragment, e.g. ``'CSAT (share of 4-5 on 1-5)'``."""
        scale = f"{self.minimum}-{self.maximum}"
        if self.kind == "share":
            return f"{self.name} (share of {_span(self.top)} on {scale})"
        if self.kind == "net":
            return f"{self.name} ({_span(self.top)} minus {_span(self.bottom)} on {scale})"
        return f"{self.name} (mean of {scale})"

    @property
    def boxes(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """The boxes the scale falls into, low to high, as (label, values).

        Net: bottom, middle (if any), top (for the NPS: detractors, passives,
        promoters); share: the rest, then the top box; mean: every value.

        >>> NPS.boxes[2]
        ('promoters (9-10)', (9, 10))
        >>> CSAT.boxes
        (('rest (1-3)', (1, 2, 3)), ('top (4-5)', (4, 5)))
        """
        values = tuple(range(self.minimum, self.maximum + 1))
        if self.kind == "mean":
            return tuple((str(v), (v,)) for v in values)
        names = ("detractors", "passives", "promoters") if self.name == "NPS" else ("bottom", "middle", "top")
        top = self.top
        if self.kind == "share":
            rest = tuple(v for v in values if v < top[0])
            return ((f"rest ({_span(rest)})", rest), (f"{names[2]} ({_span(top)})", top))
        bottom = self.bottom
        middle = tuple(v for v in values if bottom[-1] < v < top[0])
        found = [(f"{names[0]} ({_span(bottom)})", bottom)]
        if middle:
            found.append((f"{names[1]} ({_span(middle)})", middle))
        found.append((f"{names[2]} ({_span(top)})", top))
        return tuple(found)

    def format(self, value: float) -> str:
        """One estimate (or bound) in the metric's unit: ``'76.4%'``, ``'+40.0'``, ``'3.50'``.

        >>> CSAT.format(76.44), NPS.format(40), Metric.mean(1, 5).format(3.5)
        ('76.4%', '+40.0', '3.50')
        """
        if not math.isfinite(value):
            return "n/a"
        if self.kind == "share":
            return f"{value:.1f}%"
        if self.kind == "net":
            return f"{value:+.1f}"
        return f"{value:.2f}"

    def __repr__(self) -> str:
        name = f"name={self.name!r}"
        bounds = f"{self.minimum}, {self.maximum}"
        if self.kind == "share":
            return f"Metric.share({bounds}, top={self.top}, {name})"
        if self.kind == "net":
            return f"Metric.net({bounds}, top={self.top}, bottom={self.bottom}, {name})"
        return f"Metric.mean({bounds}, {name})"


def _span(box: tuple[int, ...]) -> str:
    return str(box[0]) if len(box) == 1 else f"{box[0]}-{box[-1]}"


#: The Net Promoter Score: % of 9-10 minus % of 0-6 on 0-10, in points.
NPS = Metric.net(0, 10, top=(9, 10), bottom=(0, 1, 2, 3, 4, 5, 6), name="NPS")
#: Customer satisfaction: the share of 4-5 ("satisfied", "very satisfied") on 1-5, in percent.
CSAT = Metric.share(1, 5, top=(4, 5), name="CSAT")
#: Customer effort: the share of 5-7 ("agree" that it was easy) on 1-7, in percent.
CES = Metric.share(1, 7, top=(5, 6, 7), name="CES")
#: The 5-point employee NPS: % of 5 minus % of 1-3 on 1-5 (4 is passive).
ENPS_FIVE = Metric.net(1, 5, top=(5,), bottom=(1, 2, 3), name="eNPS")
