"""Type-I error of the tests for metrics beside NPS: shares (CSAT top box) and means (issue 15).

Shares: two samples and a benchmark go through the NPS kernels with
``share=True`` (``two_sample_arrays`` / ``benchmark_arrays`` on (rest, 0, top)
rows, where they are the binomial tests) for ``score``, ``wald`` and
``bootstrap``; the column "score, trinomial" is the score kernel on the
(0, rest, top) rows without ``share=True``, to show why the flag is needed.
Paired answers: the counts of per-person changes -1, 0, +1 through
``share_paired_arrays`` (``score``: Tango, McNemar at 0) and
``paired_arrays`` (``wald``, ``bootstrap``). Means of 1-5 answers go through
the t tests of ``_stats._means``. Every sample is drawn under the null
hypothesis, so every p < 0.05 (two-sided) is a false positive. 4,000
replicates per setting, fixed seed: the Monte Carlo SE of a rate near 0.05 is
0.0034, and a rate outside 0.05 +/- 3 SE = [0.0397, 0.0603] is marked (``+``
liberal, ``-`` conservative). The bootstrap uses 1,999 resamples per test.

Run: ``python bench/metric_type1_simulation.py`` (prints Markdown tables; about a minute).
"""

from __future__ import annotations

import math

import numpy as np

from netpromoter._stats._comparison import benchmark_arrays, paired_arrays, two_sample_arrays
from netpromoter._stats._intervals import IntervalOptions
from netpromoter._stats._means import (
    MeanMoments,
    mean_benchmark_arrays,
    mean_moments,
    paired_mean_arrays,
    welch_arrays,
)
from netpromoter._stats._sharetests import share_paired_arrays

REPS = 4000
SEED = 2026
ALPHA = 0.05
TOLERANCE = 3 * math.sqrt(ALPHA * (1 - ALPHA) / REPS)
#: The share test methods (``share=True``), then the score kernel without the flag.
SHARE_METHODS = ("score", "wald", "bootstrap", "score, trinomial")
PAIRED_METHODS = ("score", "wald", "bootstrap")
VALUES = np.arange(1.0, 6.0)


def mark(rate: float) -> str:
    if math.isnan(rate):
        return ""
    flag = "+" if rate > ALPHA + TOLERANCE else "-" if rate < ALPHA - TOLERANCE else ""
    return f"{rate:.4f}{flag}"


def share_rows(successes: np.ndarray, n: int | np.ndarray) -> np.ndarray:
    x = successes.astype(float)
    return np.stack([np.zeros_like(x), n - x, x], axis=1)


def options(seed: int) -> IntervalOptions:
    return IntervalOptions(rng=np.random.default_rng(seed), resamples=1999)


def rate(pvalue: np.ndarray) -> float:
    return float(np.mean(pvalue < ALPHA))


# -- shares ---------------------------------------------------------------------------------------


def share_two_sample(
    share: float, na: int, nb: int, methods: tuple[str, ...] = SHARE_METHODS, reps: int = REPS
) -> dict[str, float]:
    rng = np.random.default_rng(SEED)
    xa = share_rows(rng.binomial(na, share, size=reps), na)
    xb = share_rows(rng.binomial(nb, share, size=reps), nb)
    found = {}
    for m in methods:
        method, flag = m.split(",")[0], "," not in m
        found[m] = rate(
            two_sample_arrays(
                xa,
                xb,
                method=method,
                confidence=0.95,
                alternative="two-sided",
                options=options(SEED + 1),
                share=flag,
            ).pvalue
        )
    return found


def share_benchmark(
    share: float, n: int, methods: tuple[str, ...] = SHARE_METHODS, reps: int = REPS
) -> dict[str, float]:
    rng = np.random.default_rng(SEED)
    x = share_rows(rng.binomial(n, share, size=reps), n)
    benchmark = np.full(reps, share)  # a share, 0..1 (p - d on the (0, rest, top) rows)
    found = {}
    for m in methods:
        method, flag = m.split(",")[0], "," not in m
        found[m] = rate(
            benchmark_arrays(
                x,
                benchmark,
                method=method,
                confidence=0.95,
                alternative="two-sided",
                options=options(SEED + 1),
                share=flag,
            ).pvalue
        )
    return found


def share_paired(
    discordant: float, n: int, methods: tuple[str, ...] = PAIRED_METHODS, reps: int = REPS
) -> dict[str, float]:
    # Pairs (top box or not, before and after) with P(1, 0) = P(0, 1) = discordant, so the two
    # shares are equal. The per-person change (category a - b) is -1, 0 or +1: columns 1..3 of the
    # (k, 5) counts of changes -2..+2; the concordant pairs' split into (1, 1) and (0, 0) is not seen.
    rng = np.random.default_rng(SEED)
    cells = rng.multinomial(n, [discordant, 1 - 2 * discordant, discordant], size=reps)
    changes = np.zeros((reps, 5))
    changes[:, 1:4] = cells
    return {
        m: rate(
            share_paired_arrays(changes, confidence=0.95, alternative="two-sided").pvalue
            if m == "score"
            else paired_arrays(
                changes, method=m, confidence=0.95, alternative="two-sided", options=options(SEED + 1)
            ).pvalue
        )
        for m in methods
    }


# -- means ----------------------------------------------------------------------------------------

DISTRIBUTIONS = {
    "skewed (.05, .05, .10, .35, .45)": np.array([0.05, 0.05, 0.10, 0.35, 0.45]),
    "polarised (.30, .05, .05, .10, .50)": np.array([0.30, 0.05, 0.05, 0.10, 0.50]),
    "uniform": np.full(5, 0.2),
}


def moments(counts: np.ndarray) -> MeanMoments:
    c = counts.astype(float)
    return mean_moments(c, c, VALUES, c.sum(axis=1))


def mean_one_sample(shares: np.ndarray, n: int, reps: int = REPS) -> float:
    rng = np.random.default_rng(SEED)
    m = moments(rng.multinomial(n, shares, size=reps))
    truth = np.full(reps, float(shares @ VALUES))
    return rate(mean_benchmark_arrays(m, truth, confidence=0.95, alternative="two-sided").pvalue)


def mean_welch(a: np.ndarray, na: int, b: np.ndarray, nb: int, reps: int = REPS) -> float:
    rng = np.random.default_rng(SEED)
    ma = moments(rng.multinomial(na, a, size=reps))
    mb = moments(rng.multinomial(nb, b, size=reps))
    return rate(welch_arrays(ma, mb, confidence=0.95, alternative="two-sided").pvalue)


def mean_paired(shares: np.ndarray, n: int, reps: int = REPS) -> float:
    # Exchangeable pairs: a person's level u, then two answers u + e clipped to 1..5, e in
    # {-1, 0, 1} with probabilities (.2, .6, .2): the mean difference is 0.
    rng = np.random.default_rng(SEED)
    u = rng.choice(VALUES, p=shares, size=(reps, n))
    noise = rng.choice([-1.0, 0.0, 1.0], p=[0.2, 0.6, 0.2], size=(2, reps, n))
    a, b = np.clip(u + noise[0], 1, 5), np.clip(u + noise[1], 1, 5)
    d = (a - b + 4).astype(np.intp)
    counts = np.zeros((reps, 9))
    np.add.at(counts, (np.repeat(np.arange(reps), n), d.ravel()), 1.0)
    m = mean_moments(counts, counts, np.arange(-4.0, 5.0), counts.sum(axis=1))
    return rate(paired_mean_arrays(m, confidence=0.95, alternative="two-sided").pvalue)


# -- tables ---------------------------------------------------------------------------------------


def table(title: str, columns: tuple[str, ...], rows: dict[str, dict[str, float]]) -> str:
    lines = [
        title,
        "",
        f"| setting | {' | '.join(f'`{c}`' for c in columns)} |",
        "|---|" + "---|" * len(columns),
    ]
    for label, found in rows.items():
        lines.append(f"| {label} | " + " | ".join(mark(found[c]) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    shares = (0.3, 0.6, 0.85, 0.95)
    two = {
        f"p = {p}, n = {na} and {nb}": share_two_sample(p, na, nb)
        for p in shares
        for na, nb in ((30, 30), (100, 300))
    }
    print(table("Shares, two independent samples (`two_sample_arrays(..., share=True)`)", SHARE_METHODS, two))
    one = {f"p = {p}, n = {n}": share_benchmark(p, n) for p in shares for n in (30, 100)}
    print(
        table(
            "Shares, one sample against the true share (`benchmark_arrays(..., share=True)`)",
            SHARE_METHODS,
            one,
        )
    )
    paired = {
        f"discordant {disc} each way, n = {n}": share_paired(disc, n)
        for disc in (0.15, 0.05)
        for n in (30, 100)
    }
    print(table("Shares, paired (changes -1/0/+1; `score`: `share_paired_arrays`)", PAIRED_METHODS, paired))
    means: dict[str, dict[str, float]] = {}
    for label, dist in DISTRIBUTIONS.items():
        for n in (20, 50):
            means[f"{label}, n = {n}"] = {
                "one-sample t": mean_one_sample(dist, n),
                "Welch t (n and 3n)": mean_welch(dist, n, dist, 3 * n),
                "paired t": mean_paired(dist, n),
            }
    means["Welch, polarised n = 15 vs concentrated n = 60, equal means"] = {
        "one-sample t": math.nan,
        "Welch t (n and 3n)": mean_welch(
            np.array([0.5, 0, 0, 0, 0.5]), 15, np.array([0, 0.25, 0.5, 0.25, 0]), 60
        ),
        "paired t": math.nan,
    }
    print(
        table(
            "Means of 1-5 answers (`_stats._means`)",
            ("one-sample t", "Welch t (n and 3n)", "paired t"),
            means,
        )
    )


if __name__ == "__main__":
    main()
