"""``Monitor``: alerts as responses arrive, with a stated false-alarm rate.

A small pure object for apps to embed: no I/O, no clock, no threads. The app
feeds responses with :meth:`Monitor.update` and persists the state with
:meth:`Monitor.to_dict` / :meth:`Monitor.from_dict`.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._counts._counts import Counts, to_counts
from .._input._labels import factorize
from .._input._options import (
    CHARTS,
    check_choice,
    check_confidence,
    check_flag,
    check_integer,
    check_number,
    check_scale,
    show,
)
from .._input._plain import as_dict, fmt_p, fmt_p_after, fmt_points, html_table, plain
from .._input._scale import STANDARD, Scale, category_index
from .._input._validate import as_vector, check_same_length, validate_scores
from .._results._base import Result
from .._results._values import ConfidenceInterval, NPSResult
from .._stats._comparison import two_sample_arrays
from .._stats._cusum import (
    CusumDesign,
    EwmaDesign,
    cusum_design,
    cusum_run,
    ewma_design,
    ewma_run,
    shifted_shares,
)
from .._stats._intervals import IntervalOptions, effective_counts
from ..errors import InvalidCountsError, InvalidOptionError, InvalidOptionTypeError, InvalidTypeError
from ..typing import BoolArray, FloatArray, IntArray

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..typing import AlertKind, Chart, LabelsLike, ScoresLike

__all__ = ["Alert", "Monitor", "WindowCheck"]

_FORMAT = "netpromoter.Monitor/1"
_KIND_ORDER = {"detractor": 0, "drop": 1, "rise": 1}
Respondent = str | int | None


@dataclass(frozen=True, slots=True)
class Alert(Result):
    """Something to act on, at one response of the stream.

    Attributes
    ----------
    kind : {"detractor", "drop", "rise"}
        ``"detractor"``: this response is in the alert range (a per-response
        trigger); ``"drop"`` / ``"rise"``: the chart signals that NPS has moved
        in that direction, at this response.
    position : int
        0-based index of the response in the whole stream (across updates).
    respondent : str, int or None
        Who answered, for detractor alerts with ``respondents`` given; None
        for chart alarms, which are about the stream, not a person.
    """

    kind: AlertKind
    position: int
    respondent: Respondent = None


@dataclass(frozen=True, slots=True, repr=False)
class WindowCheck(Result):
    """A latest window of responses compared with a reference window.

    Attributes
    ----------
    direction : {"drop", "rise"}
        The direction watched (the monitor's).
    alarm : bool
        True when both windows have ``min_n`` responses and the score test
        rejects "the change is not beyond ``margin`` in ``direction``".
    enough_data : bool
        Both windows have at least ``min_n`` responses.
    difference : float
        NPS of the latest window minus the reference's, in points.
    ci : ConfidenceInterval
        One-sided score interval for the difference (open towards the
        direction watched: (-200, upper) for a drop, (lower, 200) for a rise).
    pvalue : float
        One-sided score test of H0: difference >= -margin (drop) or
        difference <= margin (rise).
    margin, min_n, confidence
        The settings used.
    latest, reference : Counts
        The two windows (nested in ``to_dict()``; ``latest_n``,
        ``latest_nps``, ``reference_n``, ... in ``to_frame()``).
    """

    direction: str
    alarm: bool
    enough_data: bool
    difference: float
    ci: ConfidenceInterval
    pvalue: float
    margin: float
    min_n: int
    confidence: float
    latest: Counts
    reference: Counts

    def __repr__(self) -> str:
        verdict = "ALARM" if self.alarm else ("no alarm" if self.enough_data else "too few responses")
        return (
            f"WindowCheck({verdict}: {self.direction}, difference {fmt_points(self.difference)} "
            f"(p {fmt_p_after(self.pvalue)}), n = {self.latest.n:,} vs {self.reference.n:,})"
        )

    def _repr_html_(self) -> str:
        bound = self.ci.high if self.direction == "drop" else self.ci.low
        side = "upper" if self.direction == "drop" else "lower"
        rows = [
            ["Latest NPS", f"{fmt_points(self.latest.nps)} (n = {self.latest.n:,})"],
            ["Reference NPS", f"{fmt_points(self.reference.nps)} (n = {self.reference.n:,})"],
            ["Difference", fmt_points(self.difference)],
            [f"{100 * self.confidence:g}% {side} bound", fmt_points(bound)],
            [f"p ({self.direction} beyond {self.margin:g} points)", fmt_p(self.pvalue)],
            ["Alarm", "yes" if self.alarm else ("no" if self.enough_data else f"no (min_n = {self.min_n})")],
        ]
        return html_table(["", ""], rows, caption=f"Window check ({self.direction})")


# -- option checks -----------------------------------------------------------------------------------


def _real(value: Any, name: str) -> float:
    return check_number(value, name)


def _flag(value: Any, name: str) -> bool:
    return check_flag(value, name)


def _whole(value: Any, name: str, minimum: int) -> int:
    return check_integer(value, name, low=minimum)


def _check_baseline(baseline: Any) -> Counts:
    counts = baseline.counts if isinstance(baseline, NPSResult) else baseline
    if not isinstance(counts, Counts):
        raise InvalidTypeError(
            f"baseline must be Counts or an NPSResult (e.g. nps.Counts.from_scores(history)), "
            f"got {type(baseline).__name__}"
        )
    if not (counts.detractors > 0 and counts.promoters > 0):
        raise InvalidCountsError(
            "baseline needs both detractors and promoters (the chart compares their shares), got "
            f"detractors={counts.detractors!r}, promoters={counts.promoters!r}"
        )
    return counts


def _check_shift(shift: Any, shares: FloatArray) -> float:
    value = _real(shift, "shift")
    if value == 0:
        raise InvalidOptionError("shift must be a non-zero change in NPS points (negative for a drop), got 0")
    shrinking, name = (shares[2], "promoter") if value < 0 else (shares[0], "detractor")
    if abs(value) / 200.0 >= shrinking:
        raise InvalidOptionError(
            f"shift={shift!r} would take the {name} share below 0: a shift of s points moves s/200 "
            f"of the share, and the baseline {name} share is {shrinking:.4g} "
            f"(|shift| must be below {200 * shrinking:.4g})"
        )
    return value


def _check_arl0(arl0: Any) -> float:
    value = _real(arl0, "arl0")
    if not 1.0 < value <= 1e9:
        raise InvalidOptionError(
            f"arl0 must be more than 1 and at most 1e9 responses between false alarms, got {arl0!r}"
        )
    return value


def _check_smoothing(smoothing: Any) -> float:
    value = _real(smoothing, "smoothing")
    if not 0.0 < value <= 0.5:
        raise InvalidOptionError(
            f"smoothing must be in (0, 0.5] (the EWMA weight of each new response), got {smoothing!r}"
        )
    return value


def _check_alert_scores(alert_scores: Any, scale: Scale) -> tuple[int, int]:
    if alert_scores is None:
        return scale.minimum, scale.detractor_max
    pair = tuple(alert_scores) if isinstance(alert_scores, (tuple, list)) else ()
    if len(pair) != 2 or not all(
        isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, (bool, np.bool_))
        for value in pair
    ):
        raise InvalidOptionTypeError(
            f"alert_scores must be a pair (lowest, highest) of integer scores; got {show(alert_scores)}"
        )
    low, high = pair
    if not scale.minimum <= low <= high <= scale.maximum:
        raise InvalidOptionError(
            f"alert_scores must satisfy {scale.minimum} <= lowest <= highest <= {scale.maximum} "
            f"on the {scale.label} scale, got {alert_scores!r}"
        )
    return int(low), int(high)


def _respondent_ids(respondents: Any, n: int) -> tuple[NDArray[Any], BoolArray]:
    """Respondent ids as an int64, str or object array of str/int, and a mask of anonymous entries.

    Ids must be strings or integers (they go into alerts and the saved state,
    which must be JSON-safe); whole floats (a pandas column with missing ids)
    are read as integers; None, NaN and ``pd.NA`` are anonymous.
    """
    ids = as_vector(respondents, "respondent")
    check_same_length(n, ids.shape[0], "scores", "respondents")
    kind = ids.dtype.kind
    if kind in "iuU":
        return ids, np.zeros(n, dtype=bool)
    if kind == "f":
        anonymous = np.isnan(ids)
        bad = ~anonymous & (ids != np.floor(ids))
        if bad.any():
            pos = int(np.argmax(bad))
            raise InvalidTypeError(
                f"respondent {ids[pos]!r} at position {pos} is not a whole number or a string"
            )
        return np.where(anonymous, 0, ids).astype(np.int64), anonymous
    if kind != "O":
        raise InvalidTypeError(f"respondents must be strings or integers, got an array of dtype {ids.dtype}")
    out = np.empty(n, dtype=object)
    anonymous = np.zeros(n, dtype=bool)
    for i, value in enumerate(ids):  # Python objects already: classified one by one
        if (
            value is None
            or type(value).__name__ == "NAType"
            or (isinstance(value, float) and math.isnan(value))
        ):
            anonymous[i] = True
        elif isinstance(value, (str, np.str_)):
            out[i] = str(value)
        elif isinstance(value, (int, np.integer, float, np.floating)) and not isinstance(value, bool):
            if value != int(value):
                raise InvalidTypeError(
                    f"respondent {value!r} at position {i} is not a whole number or a string"
                )
            out[i] = int(value)
        else:
            raise InvalidTypeError(
                f"respondent {value!r} at position {i} must be a string or an integer (ids are saved as JSON)"
            )
    return out, anonymous


# -- the monitor ---------------------------------------------------------------------------------------


class Monitor:
    """Continuous monitoring: detractor alerts and drop (or rise) alarms as responses arrive.

    Parameters
    ----------
    baseline : Counts or NPSResult
        In-control counts (e.g. the last quarter). Their shares are taken as
        the truth when the chart is designed, so use thousands of responses.
    shift : float, default -10.0
        Change in NPS points to detect fast; negative watches for a drop,
        positive for a rise. A shift of s moves s/200 of the share between
        promoters and detractors, passives unchanged.
    arl0 : float, default 5000
        Designed mean number of in-control responses between false alarms.
        The chart's threshold is the first whose exact in-control average run
        length reaches it (``monitor.arl0`` is the value achieved).
    scale : Scale, default STANDARD
        The response scale.
    chart : {"cusum", "ewma"}, default "cusum"
        ``"cusum"``: per-response CUSUM of the multinomial log-likelihood ratio
        between the baseline and the shifted shares (the fastest detector of
        that shift at a given false-alarm rate; Moustakides 1986). ``"ewma"``:
        a one-sided EWMA of the responses coded -1/0/+1.
    smoothing : float, default 0.01
        EWMA weight of each new response, in (0, 0.5] (``chart="ewma"`` only).
    detractor_alerts : bool, default True
        Give an ``Alert("detractor", ...)`` for every response in ``alert_scores``.
    alert_scores : (int, int), optional
        Lowest and highest score that triggers a detractor alert; default the
        scale's detractor range (0-6).
    cooldown : int, default 0
        No second detractor alert for the same respondent within this many
        responses of the stream after their last alert. It counts responses:
        the monitor has no clock.
    deduplicate : bool, default False
        At most one detractor alert per respondent, ever ("never more than one
        alert of the same type for the same customer").

    Raises
    ------
    InvalidOptionError
        For an option outside its range, named with its value.
    InvalidCountsError
        If the baseline has no detractors or no promoters.
    InvalidTypeError
        If the baseline is not counts.

    Notes
    -----
    CUSUM: a response of category j adds w_j = log(p1_j / p0_j), rescaled to
    integers (36, 0, -17 for the default design), and S_t = max(0, S_{t-1} +
    w_t) alarms at S_t >= H, then restarts from 0. The run length of the
    integer chart is a finite Markov chain, so ``arl0`` and ``arl1`` (from
    S = 0, before and after the shift) are exact, by one banded linear
    solve (Brook & Evans 1972); H is bisected for the requested ``arl0``.
    With the default design (baseline 20/30/50, shift -10) the chart
    needs 338.7 responses on average to detect the drop; at the same
    false-alarm rate a batch chart on groups of 100 needs 437 and a CUSUM of
    the detractor share alone 367 (docs: Monitoring).

    EWMA: z_t = (1 - l) z_{t-1} + l y_t, from the baseline NPS, alarm below
    NPS0 - L sigma0 sqrt(l / (2 - l)) (above, for a rise), with L solved for
    ``arl0`` by a Markov-chain approximation (Lucas & Saccucci 1990).

    Missing scores take a position in the stream but change nothing.

    References
    ----------
    Page, E. S. (1954). Continuous inspection schemes. *Biometrika* 41, 100-115.
    Brook, D. & Evans, D. A. (1972). An approach to the probability
    distribution of CUSUM run length. *Biometrika* 59, 539-549.
    Reynolds, M. R. & Stoumbos, Z. G. (1999). A CUSUM chart for monitoring a
    proportion when inspecting continuously. *J. Quality Technology* 31, 87-108.
    Lucas, J. M. & Saccucci, M. S. (1990). Exponentially weighted moving
    average control schemes. *Technometrics* 32, 1-12.

    Examples
    --------
    >>> import netpromoter as nps
    >>> monitor = nps.Monitor(nps.Counts(2000, 3000, 5000), shift=-10, arl0=5000)
    >>> round(monitor.arl0), round(monitor.arl1, 1)
    (5023, 338.7)
    >>> monitor.update([10, 9, 3, 8], respondents=["a", "b", "c", "d"])
    (Alert(kind='detractor', position=2, respondent='c'),)
    >>> state = monitor.to_dict()  # JSON-safe; store it between requests
    >>> restored = nps.Monitor.from_dict(state)
    >>> [alert for alert in restored.update([0] * 20) if alert.kind == "drop"]
    [Alert(kind='drop', position=19, respondent=None)]
    """

    __slots__ = (
        "_alert_high",
        "_alert_low",
        "_arl0_requested",
        "_baseline",
        "_chart",
        "_cooldown",
        "_deduplicate",
        "_design",
        "_detractor_alerts",
        "_last_alert",
        "_position",
        "_pruned_size",
        "_scale",
        "_shift",
        "_smoothing",
        "_statistic",
    )

    def __init__(
        self,
        baseline: Counts | NPSResult,
        *,
        shift: float = -10.0,
        arl0: float = 5000,
        scale: Scale = STANDARD,
        chart: Chart = "cusum",
        smoothing: float = 0.01,
        detractor_alerts: bool = True,
        alert_scores: tuple[int, int] | None = None,
        cooldown: int = 0,
        deduplicate: bool = False,
    ) -> None:
        counts = _check_baseline(baseline)
        check_scale(scale)
        shares = counts.as_array() / counts.total
        self._shift = _check_shift(shift, shares)
        self._arl0_requested = _check_arl0(arl0)
        check_choice(chart, CHARTS, "chart")
        self._chart: str = chart
        self._smoothing = _check_smoothing(smoothing)
        self._detractor_alerts = _flag(detractor_alerts, "detractor_alerts")
        self._alert_low, self._alert_high = _check_alert_scores(alert_scores, scale)
        self._cooldown = _whole(cooldown, "cooldown", 0)
        self._deduplicate = _flag(deduplicate, "deduplicate")
        self._baseline = counts
        self._scale = scale
        shifted = shifted_shares(shares, self._shift)
        self._design: CusumDesign | EwmaDesign
        if chart == "cusum":
            self._design = cusum_design(shares, shifted, self._arl0_requested)
            self._statistic: float = 0
        else:
            self._design = ewma_design(
                self._ewma_values(), shares, shifted, self._smoothing, self._arl0_requested
            )
            self._statistic = self._design.start
        self._position = 0
        self._last_alert: dict[str | int, int] = {}
        self._pruned_size = 0

    # -- design ---------------------------------------------------------------------------------------
    def _ewma_values(self) -> FloatArray:
        # The chart watches upwards: a drop is a rise of -y, so detractors count +1.
        sign = -1.0 if self._shift < 0 else 1.0
        return np.array([-sign, 0.0, sign])

    @property
    def direction(self) -> AlertKind:
        """``"drop"`` or ``"rise"``: what the chart watches for (the sign of ``shift``)."""
        drop: AlertKind = "drop"
        rise: AlertKind = "rise"
        return drop if self._shift < 0 else rise

    @property
    def arl0(self) -> float:
        """Average run length in control: mean responses between false alarms (exact for the CUSUM)."""
        return float(self._design.arl0)

    @property
    def arl1(self) -> float:
        """Average run length after the designed shift, from a fresh start: responses to detect it."""
        return float(self._design.arl1)

    @property
    def threshold(self) -> float:
        """CUSUM: decision limit h in log-likelihood-ratio units; EWMA: control limit in NPS points."""
        if isinstance(self._design, CusumDesign):
            return self._design.threshold * self._design.unit
        return self._design.limit * (100.0 if self._shift > 0 else -100.0)

    @property
    def statistic(self) -> float:
        """Current chart value: CUSUM S in log-likelihood-ratio units; EWMA: smoothed NPS in points."""
        if isinstance(self._design, CusumDesign):
            return self._statistic * self._design.unit
        return self._statistic * (100.0 if self._shift > 0 else -100.0)

    @property
    def position(self) -> int:
        """Number of responses seen so far (the position the next response will get)."""
        return self._position

    @property
    def baseline(self) -> Counts:
        """The in-control counts the chart was designed for."""
        return self._baseline

    @property
    def shift(self) -> float:
        """The designed change, in NPS points."""
        return self._shift

    @property
    def chart(self) -> str:
        """``"cusum"`` or ``"ewma"``."""
        return self._chart

    # -- streaming ------------------------------------------------------------------------------------
    def update(
        self,
        scores: ScoresLike,
        *,
        respondents: LabelsLike | None = None,
    ) -> tuple[Alert, ...]:
        """Feed the next responses, in arrival order; return the alerts they raise.

        Parameters
        ----------
        scores : array_like
            The next scores (one per response); missing ones (NaN, None) take a
            position but change nothing.
        respondents : array_like, optional
            An id per response (strings or integers; None for anonymous), for
            detractor alerts, ``cooldown`` and ``deduplicate``.

        Returns
        -------
        tuple of Alert
            In stream order; at one position a detractor alert comes before a
            chart alarm. Feeding a stream in one batch or in many gives the
            same alerts.

        Raises
        ------
        InvalidScoreError, InvalidTypeError, LengthMismatchError
            For bad scores or ids; the monitor is then left unchanged.
        """
        valid = validate_scores(scores, scale=self._scale, missing="omit")
        n = valid.length
        ids, anonymous = (None, None) if respondents is None else _respondent_ids(respondents, n)
        index = category_index(valid.values, self._scale)
        if valid.missing_mask is not None:
            index[valid.missing_mask] = 3  # a fourth category that changes nothing
        if isinstance(self._design, CusumDesign):
            increments = np.array([*self._design.scores, 0], dtype=np.int64)[index]
            alarms, statistic = cusum_run(increments, int(self._statistic), self._design.threshold)
            new_statistic: float = statistic
        else:
            values = np.append(self._ewma_values(), np.nan)[index]
            alarms, new_statistic = ewma_run(
                values, self._design.start, self._statistic, self._design.smoothing, self._design.limit
            )
        detractor_positions: IntArray = np.zeros(0, dtype=np.intp)
        who: list[Respondent] = []
        if self._detractor_alerts and n:
            in_range = (valid.values >= self._alert_low) & (valid.values <= self._alert_high)
            if valid.missing_mask is not None:
                in_range &= ~valid.missing_mask
            detractor_positions, who = self._detractor_alerts_for(np.flatnonzero(in_range), ids, anonymous)
        start = self._position
        self._position += n
        self._statistic = new_statistic
        self._prune()
        return _merge(detractor_positions + start, who, [a + start for a in alarms], self.direction)

    def _detractor_alerts_for(
        self, candidates: IntArray, ids: NDArray[Any] | None, anonymous: BoolArray | None
    ) -> tuple[IntArray, list[Respondent]]:
        """Which candidate responses alert, and who they are (cooldown and de-duplication applied)."""
        if ids is None or anonymous is None:
            return candidates, [None] * candidates.shape[0]
        named = ~anonymous[candidates]
        found = factorize(ids[candidates[named]])
        labels: tuple[Any, ...] = found.labels
        codes = np.full(candidates.shape[0], -1, dtype=np.intp)
        codes[named] = found.codes
        if self._cooldown == 0 and not self._deduplicate:
            keep = np.ones(candidates.shape[0], dtype=bool)
        else:
            keep = self._apply_cooldown(candidates + self._position, codes, labels)
        positions = candidates[keep]
        kept_codes = codes[keep]
        who: list[Respondent] = [labels[c] if c >= 0 else None for c in kept_codes.tolist()]
        return positions, who

    def _apply_cooldown(self, positions: IntArray, codes: IntArray, labels: tuple[Any, ...]) -> BoolArray:
        """Greedy per respondent: alert, then stay silent for ``cooldown`` responses (or for ever).

        Vectorised over respondents; the loop follows each respondent's chain of
        alerts one step per pass, so it runs as many times as the most alerted
        respondent of the batch has alerts.
        """
        m = positions.shape[0]
        keep = codes < 0  # anonymous responses always alert
        named = np.flatnonzero(~keep)
        if named.shape[0] == 0:
            return keep
        order = named[np.argsort(codes[named], kind="stable")]  # by respondent, then stream order
        group, pos = codes[order], positions[order]
        never = np.iinfo(np.int64).min // 2
        previous = np.array([self._last_alert.get(label, never) for label in labels], dtype=np.int64)
        first = np.ones(order.shape[0], dtype=bool)
        first[1:] = group[1:] != group[:-1]
        if self._deduplicate:
            chosen = first & (previous[group] == never)
        else:
            gap = min(self._cooldown, 1 << 60)  # beyond any stream: keeps int64 sums exact
            # Sort key per (respondent, position); positions are relative to the batch.
            base = int(positions.min())
            span = int(positions.max()) - base + 1
            gap_eff = min(gap, span)
            stride = span + gap_eff + 1
            key = group.astype(np.int64) * stride + (pos - base)
            # The next alert after one at k: the first later response beyond the cooldown.
            nxt = np.searchsorted(key, key + gap_eff, side="right")
            # Each respondent's first alert: the first response beyond the saved one's cooldown.
            earliest = np.clip(previous + gap + 1 - base, 0, stride - 1)
            group_start = np.flatnonzero(first)
            start_group = group[group_start]
            begin = np.searchsorted(
                key, start_group.astype(np.int64) * stride + earliest[start_group], side="left"
            )
            chosen = np.zeros(order.shape[0], dtype=bool)
            frontier = begin[begin < order.shape[0]]
            frontier = frontier[group[frontier] == start_group[begin < order.shape[0]]]
            while frontier.shape[0]:  # one pass per alert of the most alerted respondent
                chosen[frontier] = True
                step = nxt[frontier]
                inside = step < order.shape[0]
                frontier, step = frontier[inside], step[inside]
                frontier = step[group[step] == group[frontier]]
        if chosen.any():
            latest = np.zeros(m, dtype=bool)
            latest[order[chosen]] = True
            # Remember each alerted respondent's latest alert (the last chosen in their run).
            alerted_groups = group[chosen]
            alerted_pos = pos[chosen]
            last = np.ones(alerted_groups.shape[0], dtype=bool)
            last[:-1] = alerted_groups[1:] != alerted_groups[:-1]
            for code, where in zip(alerted_groups[last].tolist(), alerted_pos[last].tolist(), strict=True):
                self._last_alert[labels[code]] = where  # one entry per alerted respondent
            keep |= latest
        return keep

    def _relevant_alerts(self) -> dict[str | int, int]:
        """The saved alerts that can still silence one: all (deduplicate) or those within the cooldown."""
        if self._deduplicate:
            return self._last_alert
        if self._cooldown == 0:
            return {}
        horizon = self._position - self._cooldown
        return {who: at for who, at in self._last_alert.items() if at >= horizon}

    def _prune(self) -> None:
        # Amortised: forget expired cooldowns only when the table has doubled.
        if not self._deduplicate and len(self._last_alert) > 2 * self._pruned_size + 1024:
            self._last_alert = self._relevant_alerts()
            self._pruned_size = len(self._last_alert)

    # -- window checks --------------------------------------------------------------------------------
    def check(
        self,
        latest: Counts | NPSResult | ScoresLike,
        reference: Counts | NPSResult | ScoresLike | None = None,
        *,
        min_n: int = 30,
        margin: float = 0.0,
        confidence: float = 0.95,
    ) -> WindowCheck:
        """Compare the latest window with a reference window, in the direction watched.

        "Last day vs the previous 7 days", "last week vs the previous 28 days":
        the one-sided score test (the library's two-sample score test, as
        :func:`netpromoter.compare` with ``method="score"``) of H0: the latest
        NPS is not below the reference by more than ``margin`` points (for a
        drop; above, for a rise).

        Parameters
        ----------
        latest : Counts, NPSResult or array_like of scores
            The latest window.
        reference : Counts, NPSResult or array_like of scores, optional
            The reference window; default the monitor's baseline.
        min_n : int, default 30
            Least number of responses in each window for an alarm.
        margin : float, default 0.0
            Change (points, >= 0) that is too small to act on.
        confidence : float, default 0.95
            One minus the false-alarm probability of one check.

        Returns
        -------
        WindowCheck

        Examples
        --------
        >>> import netpromoter as nps
        >>> monitor = nps.Monitor(nps.Counts(200, 300, 500))
        >>> check = monitor.check(nps.Counts(30, 30, 40), nps.Counts(150, 300, 550))
        >>> check.alarm, round(check.difference, 1)
        (True, -30.0)
        >>> monitor.check(nps.Counts(30, 30, 40), margin=25).alarm
        False
        """
        level = check_confidence(confidence)
        need = _whole(min_n, "min_n", 1)
        slack = check_number(margin, "margin", low=0.0)
        new = self._window(latest)
        old = self._baseline if reference is None else self._window(reference)
        enough = new.n >= need and old.n >= need
        drop = self._shift < 0
        nan = math.nan
        difference, low, high, pvalue = nan, nan, nan, nan
        if new.total > 0 and old.total > 0:
            xa = effective_counts(new.as_array()[None, :], new.squared_array()[None, :])
            xb = effective_counts(old.as_array()[None, :], old.squared_array()[None, :])
            arrays = two_sample_arrays(
                xa,
                xb,
                method="score",
                confidence=level,
                alternative="less" if drop else "greater",
                options=IntervalOptions(),
            )
            difference = 100.0 * float(arrays.difference[0])
            low, high = 100.0 * float(arrays.low[0]), 100.0 * float(arrays.high[0])
            pvalue = float(arrays.pvalue[0])
            if slack > 0:
                pvalue = _margin_pvalue(xa, xb, slack, drop)
        alarm = bool(enough and pvalue < 1.0 - level)
        return WindowCheck(
            direction=self.direction,
            alarm=alarm,
            enough_data=enough,
            difference=difference,
            ci=ConfidenceInterval(low, high),
            pvalue=pvalue,
            margin=slack,
            min_n=need,
            confidence=level,
            latest=new,
            reference=old,
        )

    def _window(self, window: Any) -> Counts:
        if isinstance(window, NPSResult):
            return window.counts
        return to_counts(window, scale=self._scale)

    # -- state ----------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The whole monitor (settings, design and state) as JSON-safe Python types.

        The baseline is saved as :meth:`Counts.to_dict` gives it, the scale and
        the design field by field, so nothing they hold is left out; every
        value is plain Python (``json.dumps(state, allow_nan=False)`` works).
        The same stream gives the same dictionary however it was cut into
        batches; :meth:`from_dict` restores a monitor that continues identically.
        """
        saved = sorted(self._relevant_alerts().items(), key=lambda item: item[1])
        state = {
            "format": _FORMAT,
            "baseline": self._baseline.to_dict(),
            "scale": as_dict(self._scale),
            "shift": self._shift,
            "arl0": self._arl0_requested,
            "chart": self._chart,
            "smoothing": self._smoothing,
            "detractor_alerts": self._detractor_alerts,
            "alert_scores": [self._alert_low, self._alert_high],
            "cooldown": self._cooldown,
            "deduplicate": self._deduplicate,
            "design": as_dict(self._design),
            "position": self._position,
            "statistic": self._statistic,
            "last_alerts": [[who, at] for who, at in saved],
        }
        result: dict[str, Any] = plain(state)
        return result

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> Monitor:
        """A monitor from :meth:`to_dict` output, continuing where it stopped.

        The design is restored as saved (not recomputed), so a monitor saved by
        one version of the library keeps its threshold in another.

        Raises
        ------
        InvalidOptionError
            If ``state`` is not a saved monitor (the key at fault is named).
        """
        if not isinstance(state, dict) or state.get("format") != _FORMAT:
            raise InvalidOptionError(f"state is not a saved Monitor: expected 'format': {_FORMAT!r}")
        try:
            monitor = cls.__new__(cls)
            counts = Counts.from_dict(state["baseline"])
            monitor._baseline = _check_baseline(counts)
            monitor._scale = Scale(**state["scale"])
            shares = counts.as_array() / counts.total
            monitor._shift = _check_shift(state["shift"], shares)
            monitor._arl0_requested = _check_arl0(state["arl0"])
            check_choice(state["chart"], CHARTS, "chart")
            monitor._chart = state["chart"]
            monitor._smoothing = _check_smoothing(state["smoothing"])
            monitor._detractor_alerts = _flag(state["detractor_alerts"], "detractor_alerts")
            monitor._alert_low, monitor._alert_high = _check_alert_scores(
                tuple(state["alert_scores"]), monitor._scale
            )
            monitor._cooldown = _whole(state["cooldown"], "cooldown", 0)
            monitor._deduplicate = _flag(state["deduplicate"], "deduplicate")
            design = state["design"]
            if monitor._chart == "cusum":
                monitor._design = CusumDesign(
                    scores=tuple(_whole_signed(v, "design scores") for v in design["scores"]),
                    unit=_real(design["unit"], "design unit"),
                    threshold=_whole(design["threshold"], "design threshold", 1),
                    arl0=_real(design["arl0"], "design arl0"),
                    arl1=_real(design["arl1"], "design arl1"),
                )
                if len(monitor._design.scores) != 3:
                    raise InvalidOptionError("design scores must hold one score per category (3)")
                monitor._statistic = _whole(state["statistic"], "statistic", 0)
            else:
                monitor._design = EwmaDesign(
                    smoothing=_check_smoothing(design["smoothing"]),
                    start=_real(design["start"], "design start"),
                    limit=_real(design["limit"], "design limit"),
                    width=_real(design["width"], "design width"),
                    arl0=_real(design["arl0"], "design arl0"),
                    arl1=_real(design["arl1"], "design arl1"),
                )
                monitor._statistic = _real(state["statistic"], "statistic")
            monitor._position = _whole(state["position"], "position", 0)
            last: dict[str | int, int] = {}
            for who, at in state["last_alerts"]:
                if not isinstance(who, (str, int)) or isinstance(who, bool):
                    raise InvalidOptionError(f"last_alerts respondent {who!r} must be a string or an integer")
                last[who] = _whole(at, "last_alerts position", 0)
            monitor._last_alert = last
            monitor._pruned_size = len(last)
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, InvalidOptionError):
                raise
            raise InvalidOptionError(f"state is not a valid saved Monitor: {error!r}") from None
        return monitor

    def __repr__(self) -> str:
        if isinstance(self._design, CusumDesign):
            limit = f"h = {self.threshold:.3f}"
        else:
            limit = f"smoothing {self._design.smoothing:g}, limit {self.threshold:+.2f}"
        return (
            f"Monitor({self.direction} of {abs(self._shift):g} points from NPS "
            f"{fmt_points(self._baseline.nps)}; "
            f"{self._chart}, {limit}; arl0 = {self.arl0:,.0f}, arl1 = {self.arl1:,.1f} responses; "
            f"{self._position:,} responses seen)"
        )


def _whole_signed(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidOptionError(f"{name} must be integers, got {value!r}")
    return int(value)


def _margin_pvalue(xa: FloatArray, xb: FloatArray, margin: float, drop: bool) -> float:
    """One-sided score-test p-value of H0: difference >= -margin (drop) or <= margin (rise)."""
    from scipy.special import ndtr

    from .._stats._twosample import two_sample_score_z

    null = np.array([-margin / 100.0 if drop else margin / 100.0])
    z = float(two_sample_score_z(xa, xb, null)[0])
    return float(ndtr(z if drop else -z))


def _merge(
    detractors: IntArray, who: list[Respondent], alarms: list[int], direction: AlertKind
) -> tuple[Alert, ...]:
    """Detractor alerts and chart alarms in stream order (detractor first at one position)."""
    kinds: list[AlertKind] = ["detractor"] * len(who)
    people = list(map(Alert, kinds, detractors.tolist(), who))
    if not alarms:
        return tuple(people)
    # Few alarms, many detractor alerts: splice each alarm in after the alerts up to its position.
    cuts = np.searchsorted(detractors, np.asarray(alarms), side="right").tolist()
    merged: list[Alert] = []
    done = 0
    for cut, at in zip(cuts, alarms, strict=True):  # one pass per alarm
        merged.extend(people[done:cut])
        merged.append(Alert(direction, at))
        done = cut
    merged.extend(people[done:])
    return tuple(merged)
