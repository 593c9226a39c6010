"""A deterministic example survey, generated in code (no files, no network).

The data are made up but behave like a real relationship survey: NPS differs
by channel, region and plan, dips in the summer months (a product outage in
June and July) and recovers; detractors cite complaint themes whose mix
depends on the plan and channel; about 1.5% of people skipped the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from .typing import FloatArray

__all__ = ["CHANNELS", "EXAMPLE_FIXABILITY", "PLANS", "REGIONS", "THEMES", "Survey", "example_survey"]

CHANNELS = ("web", "app", "email", "phone")
REGIONS = ("North America", "Europe", "APAC", "LATAM")
PLANS = ("free", "pro", "enterprise")
THEMES = (
    "slow support",
    "price",
    "bugs",
    "missing features",
    "onboarding",
    "billing errors",
    "performance",
    "documentation",
)

#: How quickly each theme can be fixed, 0 (hard) .. 1 (quick win): an
#: example of what a product team would estimate.
EXAMPLE_FIXABILITY: Mapping[str, float] = MappingProxyType(
    {
        "slow support": 0.7,
        "price": 0.2,
        "bugs": 0.6,
        "missing features": 0.3,
        "onboarding": 0.8,
        "billing errors": 0.9,
        "performance": 0.4,
        "documentation": 0.95,
    }
)

# Effects on a latent "advocacy" scale (logit units).
_CHANNEL_EFFECT = np.array([0.0, 0.35, -0.25, -0.45])
_REGION_EFFECT = np.array([0.15, 0.0, -0.2, 0.25])
_PLAN_EFFECT = np.array([-0.4, 0.2, 0.45])
#: Jan..Dec: a summer outage, then recovery above the starting level.
_MONTH_EFFECT = np.array([0.0, 0.05, 0.0, 0.1, 0.05, -0.35, -0.55, -0.2, 0.05, 0.15, 0.2, 0.25])
_CHANNEL_P = np.array([0.42, 0.30, 0.18, 0.10])
_REGION_P = np.array([0.40, 0.32, 0.18, 0.10])
_PLAN_P = np.array([0.50, 0.35, 0.15])
#: Population shares by region that the survey weights restore.
_REGION_TARGET = np.array([0.35, 0.30, 0.22, 0.13])
#: Base rate of each theme among detractors, and plan / channel multipliers.
_THEME_BASE = np.array([0.30, 0.28, 0.24, 0.20, 0.14, 0.10, 0.12, 0.06])
_THEME_BY_PLAN = np.array(
    [
        [0.7, 1.8, 1.0, 1.3, 1.2, 0.6, 0.9, 1.0],  # free: price, features
        [1.0, 0.9, 1.1, 1.0, 0.9, 1.2, 1.0, 1.0],  # pro
        [1.9, 0.5, 1.0, 0.8, 0.7, 2.2, 1.3, 1.0],  # enterprise: support, billing
    ]
)
_THEME_BY_CHANNEL = np.array(
    [
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],  # web
        [0.8, 1.0, 1.7, 1.0, 1.0, 0.8, 1.9, 0.7],  # app: bugs, performance
        [1.0, 1.1, 0.9, 1.0, 1.2, 1.1, 0.8, 1.3],  # email
        [1.8, 1.0, 0.8, 0.9, 0.9, 1.4, 0.7, 0.8],  # phone: support
    ]
)
_YEAR_START = np.datetime64("2025-01-01")


@dataclass(frozen=True, slots=True, repr=False)
class Survey:
    """Example survey responses, one entry per response in every column.

    Attributes
    ----------
    score : ndarray of float64
        0-10 answer to "how likely are you to recommend us?"; NaN if skipped.
    date : ndarray of datetime64[D]
        Day of the response (2025).
    channel, region, plan : ndarray of str
        Segments.
    themes : tuple of tuple of str
        Complaint themes coded from the comment (empty for most non-detractors).
    respondent : ndarray of int64
        Person id; some people answered more than once.
    weight : ndarray of float64
        Survey weight restoring the population's region mix.
    csat : ndarray of float64
        1-5 answer to "how satisfied are you?" (CSAT), asked after the NPS
        question and driven by the same experience; NaN if skipped (more
        often than the score).
    """

    score: FloatArray
    date: NDArray[np.datetime64]
    channel: NDArray[np.str_]
    region: NDArray[np.str_]
    plan: NDArray[np.str_]
    themes: tuple[tuple[str, ...], ...]
    respondent: NDArray[np.int64]
    weight: FloatArray
    csat: FloatArray

    def __len__(self) -> int:
        return int(self.score.shape[0])

    def __repr__(self) -> str:
        return (
            f"Survey({len(self)} responses, {self.date.min()} to {self.date.max()}, "
            f"{int(np.isnan(self.score).sum())} missing scores)"
        )

    def to_dict(self) -> dict[str, Any]:
        """Columns as plain Python lists."""
        return {
            "score": [None if np.isnan(s) else int(s) for s in self.score],
            "date": [str(d) for d in self.date],
            "channel": self.channel.tolist(),
            "region": self.region.tolist(),
            "plan": self.plan.tolist(),
            "themes": [list(t) for t in self.themes],
            "respondent": self.respondent.tolist(),
            "weight": self.weight.tolist(),
            "csat": [None if np.isnan(s) else int(s) for s in self.csat],
        }

    def to_frame(self) -> Any:
        """A pandas DataFrame (needs the optional ``pandas`` extra).

        Scores use the nullable ``Int64`` dtype, so a skipped answer is ``<NA>``.
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "score": pd.array(self.score, dtype="Float64").astype("Int64"),
                "date": self.date.astype("datetime64[ns]"),
                "channel": pd.Categorical(self.channel, categories=CHANNELS),
                "region": pd.Categorical(self.region, categories=REGIONS),
                "plan": pd.Categorical(self.plan, categories=PLANS),
                "themes": list(self.themes),
                "respondent": self.respondent,
                "weight": self.weight,
                "csat": pd.array(self.csat, dtype="Float64").astype("Int64"),
            }
        )


def _sigmoid(x: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-x))


def example_survey(n: int = 4000, *, seed: int = 2025) -> Survey:
    """Generate the example survey; the same ``n`` and ``seed`` give the same data.

    Parameters
    ----------
    n : int, default 4000
        Number of responses.
    seed : int, default 2025
        Seed of the generator.

    Returns
    -------
    Survey

    Examples
    --------
    >>> import netpromoter as nps
    >>> from netpromoter.datasets import example_survey
    >>> survey = example_survey()
    >>> len(survey), survey.channel[:3].tolist()
    (4000, ['app', 'app', 'web'])
    >>> round(nps.nps(survey.score), 1)
    22.8
    """
    rng = np.random.default_rng(seed)
    day = np.sort(rng.integers(0, 365, size=n))
    date = _YEAR_START + day.astype("timedelta64[D]")
    month = date.astype("datetime64[M]").astype(np.int64) % 12
    channel = rng.choice(len(CHANNELS), size=n, p=_CHANNEL_P)
    region = rng.choice(len(REGIONS), size=n, p=_REGION_P)
    plan = rng.choice(len(PLANS), size=n, p=_PLAN_P)
    advocacy = (
        0.25
        + _CHANNEL_EFFECT[channel]
        + _REGION_EFFECT[region]
        + _PLAN_EFFECT[plan]
        + _MONTH_EFFECT[month]
        + rng.normal(0.0, 0.3, size=n)
    )
    # Ordered logit: cut points put ~30% detractors, ~45% promoters at advocacy 0.
    p_detractor = _sigmoid(-0.85 - advocacy)
    p_promoter = _sigmoid(advocacy - 0.2)
    u = rng.random(n)
    category = np.where(u < p_detractor, 0, np.where(u > 1.0 - p_promoter, 2, 1))
    detractor_score = rng.choice(7, size=n, p=[0.06, 0.04, 0.07, 0.12, 0.16, 0.25, 0.30])
    passive_score = 7 + (rng.random(n) < 0.55)
    promoter_score = 9 + (rng.random(n) < 0.6)
    score = np.choose(category, [detractor_score, passive_score, promoter_score]).astype(np.float64)
    score[rng.random(n) < 0.015] = np.nan

    # Themes: each theme cited independently, with a rate set by plan and channel.
    rate = _THEME_BASE[None, :] * _THEME_BY_PLAN[plan] * _THEME_BY_CHANNEL[channel]
    rate = rate * np.select([category == 0, category == 1], [1.0, 0.25], 0.0)[:, None]
    cited = rng.random((n, len(THEMES))) < np.minimum(rate, 0.95)
    labels = np.array(THEMES, dtype=object)
    themes = tuple(tuple(labels[row].tolist()) for row in cited)

    respondent = rng.integers(1, int(0.85 * n) + 2, size=n).astype(np.int64)
    sample_share = np.bincount(region, minlength=len(REGIONS)) / n
    weight = (_REGION_TARGET / np.where(sample_share > 0, sample_share, 1.0))[region]
    # CSAT 1-5: an ordered logit on the NPS category and advocacy (drawn last, so that the
    # columns above are those of earlier versions); about two thirds answer 4-5.
    satisfaction = 1.1 * (category - 1.0) + advocacy + rng.logistic(0.0, 0.5, size=n)
    csat = 1.0 + np.searchsorted(np.array([-1.6, -0.9, -0.2, 0.9]), satisfaction).astype(np.float64)
    csat[rng.random(n) < 0.06] = np.nan
    return Survey(
        score=score,
        date=date,
        channel=np.array(CHANNELS)[channel],
        region=np.array(REGIONS)[region],
        plan=np.array(PLANS)[plan],
        themes=themes,
        respondent=respondent,
        weight=weight,
        csat=csat,
    )
