"""Type-I error of each two-sample method under the null (docs/compare.md).

Both groups of n = 50 responses are drawn from the same distribution, so
every rejection at alpha = 0.05 is a false positive. 4,000 replicates per
setting, fixed seed; the Monte Carlo SE of a rate near 0.05 is 0.0034.
Bootstrap and Bayesian methods use 1,999 resamples / draws per test.

Run: ``python bench/type1_simulation.py`` (prints a Markdown table).
"""

from __future__ import annotations

from typing import get_args

import numpy as np

from netpromoter._stats._comparison import two_sample_arrays
from netpromoter._stats._intervals import IntervalOptions
from netpromoter.typing import TwoSampleMethod

TWO_SAMPLE_METHODS: tuple[TwoSampleMethod, ...] = get_args(TwoSampleMethod)

NULLS = {
    "balanced (d, pas, p) = (.25, .30, .45)": (0.25, 0.30, 0.45),
    "skewed (.10, .20, .70)": (0.10, 0.20, 0.70),
    "polarised (.40, .10, .50)": (0.40, 0.10, 0.50),
}


def type1_rates(n: int = 50, reps: int = 4000, seed: int = 2026) -> dict[str, dict[str, float]]:
    rates: dict[str, dict[str, float]] = {}
    for label, shares in NULLS.items():
        rng = np.random.default_rng(seed)
        xa = rng.multinomial(n, shares, size=reps).astype(float)
        xb = rng.multinomial(n, shares, size=reps).astype(float)
        rates[label] = {}
        for method in TWO_SAMPLE_METHODS:
            options = IntervalOptions(rng=np.random.default_rng(seed + 1), resamples=1999)
            arrays = two_sample_arrays(
                xa, xb, method=method, confidence=0.95, alternative="two-sided", options=options
            )
            rates[label][method] = float(np.mean(arrays.pvalue < 0.05))
    return rates


def main() -> None:
    rates = type1_rates()
    methods = list(next(iter(rates.values())))
    print("| null distribution | " + " | ".join(f"`{m}`" for m in methods) + " |")
    print("|---|" + "---|" * len(methods))
    for label, row in rates.items():
        print(f"| {label} | " + " | ".join(f"{row[m]:.4f}" for m in methods) + " |")


if __name__ == "__main__":
    main()
