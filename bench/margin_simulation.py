"""Size of the margin tests at the boundary of their null hypothesis (docs/methods.md).

For each design and method, samples are drawn with the true difference on
the boundary of each alternative's null hypothesis (margin 5 points): +5 for
"greater", "two-sided" and "equivalence", -5 for "less". The share of
p < 0.05 should be 0.05. n = 5,000 answers a sample (NPS +20, 30% passives;
paired: per-person changes -2..+2 with shares .05/.15/.6/.15/.05 shifted to
the mean); 4,000 replicates (Monte Carlo SE 0.0034), 2,000 for the
resampling and Bayesian methods (SE 0.0049), with 999 resamples or draws.

Run: ``python bench/margin_simulation.py`` (prints a Markdown table).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

import numpy as np

from netpromoter._stats._comparison import NullTest, benchmark_test, paired_test, two_sample_test
from netpromoter._stats._intervals import IntervalOptions
from netpromoter.typing import PairedMethod, TwoSampleMethod

MARGIN = 0.05
BOUNDARY = {"greater": MARGIN, "less": -MARGIN, "two-sided": MARGIN, "equivalence": MARGIN}
N = 5000
CHANGES = np.array([0.05, 0.15, 0.6, 0.15, 0.05])


def trinomial(value: float) -> np.ndarray:
    return np.array([(0.7 - value) / 2, 0.3, (0.7 + value) / 2])


def rates(
    build: Callable[[float, np.random.Generator, IntervalOptions], NullTest], seed: int
) -> dict[str, float]:
    tests = {}
    for truth in (MARGIN, -MARGIN):
        rng = np.random.default_rng(seed + (truth > 0))
        tests[truth] = build(truth, rng, IntervalOptions(rng=np.random.default_rng(seed + 2), resamples=999))
    return {
        side: float(np.mean(tests[truth].decide(MARGIN, side)[0] < 0.05)) for side, truth in BOUNDARY.items()
    }


def main() -> None:
    methods: tuple[TwoSampleMethod, ...] = get_args(TwoSampleMethod)
    paired_methods: tuple[PairedMethod, ...] = get_args(PairedMethod)
    print("| design | method | " + " | ".join(f'`"{side}"`' for side in BOUNDARY) + " |")
    print("|---|---|" + "---|" * len(BOUNDARY))
    for method in methods:
        reps = 4000 if method in ("score", "wald", "adjusted-wald") else 2000

        def two(truth: float, rng: np.random.Generator, options: IntervalOptions) -> NullTest:
            xa = rng.multinomial(N, trinomial(0.2 + truth), size=reps).astype(float)  # noqa: B023
            xb = rng.multinomial(N, trinomial(0.2), size=reps).astype(float)  # noqa: B023
            return two_sample_test(xa, xb, method=method, options=options)  # noqa: B023

        row = rates(two, 100)
        print(f"| two samples | `{method}` | " + " | ".join(f"{row[side]:.4f}" for side in BOUNDARY) + " |")
    for method in methods:
        reps = 4000 if method in ("score", "wald", "adjusted-wald") else 2000

        def one(truth: float, rng: np.random.Generator, options: IntervalOptions) -> NullTest:
            x = rng.multinomial(N, trinomial(0.2 + truth), size=reps).astype(float)  # noqa: B023
            return benchmark_test(x, np.full(reps, 0.2), method=method, options=options)  # noqa: B023

        row = rates(one, 200)
        print(f"| benchmark | `{method}` | " + " | ".join(f"{row[side]:.4f}" for side in BOUNDARY) + " |")
    for paired_method in paired_methods:
        reps = 4000 if paired_method == "wald" else 2000

        def pairs(truth: float, rng: np.random.Generator, options: IntervalOptions) -> NullTest:
            shares = CHANGES + np.array([0.0, -truth / 2, 0.0, truth / 2, 0.0])
            counts = rng.multinomial(N, shares, size=reps).astype(float)  # noqa: B023
            return paired_test(counts, method=paired_method, options=options)  # noqa: B023

        row = rates(pairs, 300)
        print(f"| paired | `{paired_method}` | " + " | ".join(f"{row[side]:.4f}" for side in BOUNDARY) + " |")


if __name__ == "__main__":
    main()
