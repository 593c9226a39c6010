"""Accuracy of the exact Dirichlet quantile (the "bayes" and "adjusted-bayes" bounds).

Run: ``python bench/dirichlet_accuracy.py`` (about a minute). Prints the
largest difference, on the -1..1 scale (goal <= 1e-7, i.e. 1e-5 NPS points),
between ``dirichlet_difference_quantile`` and

1. the previous implementation (tanh-sinh over S on 181 fixed nodes, root
   finding to 1e-13), kept in tests/test_dirichlet.py as the oracle, over a
   grid of counts: n from 1 to 10^7, shares from 0 to 0.95, both priors,
   confidence 0.8 to 0.999, both tails; except lopsided rows (n >= 10^4,
   p/d or d/p < 1/5), where that oracle's grid in s is too coarse;
2. for those lopsided rows (every count >= 100 and n <= 10^6, where its own
   conditioning and quad's tolerances are sound), an independent adaptive
   quadrature conditioning on R = theta_P / (theta_P + theta_D)
   (scipy.integrate.quad, brentq); and how far the previous implementation
   was from it.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_dirichlet import quad_quantile, reference_quantile

from netpromoter._stats._dirichlet import dirichlet_difference_quantile, dirichlet_difference_sd
from netpromoter._stats._intervals import ADJUSTED_PRIOR, JEFFREYS_PRIOR

SIZES = (1, 2, 4, 12, 40, 150, 1_000, 10_000, 100_000, 1_000_000, 10_000_000)
SHARES = (0.0, 0.001, 0.01, 0.05, 0.2, 0.45, 0.8, 0.95)
CONFIDENCES = (0.8, 0.9, 0.95, 0.99, 0.999)
PRIORS = {
    "adjusted (0.6, 1.2, 0.6)": np.asarray(ADJUSTED_PRIOR),
    "Jeffreys (1/2, 1/2, 1/2)": np.asarray(JEFFREYS_PRIOR),
}


def grid() -> np.ndarray:
    rows = [
        np.array([d, 1 - d - p, p]) * n
        for n in SIZES
        for d, p in itertools.product(SHARES, SHARES)
        if d + p <= 1 + 1e-12
    ]
    counts = np.unique(np.round(np.array(rows)), axis=0)
    return counts[counts.sum(axis=1) > 0]


def main() -> None:
    counts = grid()
    d, p = counts[:, 0], counts[:, 2]
    lopsided = (counts.sum(axis=1) >= 10_000) & (np.minimum(d, p) < 0.2 * np.maximum(d, p))
    probabilities = np.array([q for c in CONFIDENCES for q in ((1 - c) / 2, (1 + c) / 2)])
    print(f"{len(counts)} count rows x {len(probabilities)} probabilities x {len(PRIORS)} priors")
    for name, prior in PRIORS.items():
        alpha = counts + prior
        start = time.perf_counter()
        new = dirichlet_difference_quantile(probabilities, alpha)
        elapsed = time.perf_counter() - start
        old = np.stack([reference_quantile(q, alpha) for q in probabilities], axis=1)
        error = np.abs(new - old)
        print(f"\nprior {name}: {new.size:,} quantiles in {elapsed:.2f} s")
        print(
            f"  vs previous implementation, {int((~lopsided).sum())} rows: max {error[~lopsided].max():.1e}"
        )
        for n in SIZES:
            rows = ~lopsided & (counts.sum(axis=1) == n)
            if rows.any():
                print(f"    n = {n:>10,}: max {error[rows].max():.1e}")
        sound = np.flatnonzero(lopsided & (counts.min(axis=1) >= 100) & (counts.sum(axis=1) <= 1_000_000))
        worst_new = worst_old = 0.0
        for i in sound:
            a_d, a_pas, a_p = (float(a) for a in alpha[i])
            sd = float(dirichlet_difference_sd(alpha[i : i + 1])[0])
            for j in (0, len(probabilities) - 1, 4, 5):  # 0.9995, 0.0005, 0.025 and 0.975 quantiles
                truth = quad_quantile(probabilities[j], (a_d, a_pas, a_p), new[i, j], 20 * sd)
                worst_new = max(worst_new, abs(new[i, j] - truth))
                worst_old = max(worst_old, abs(old[i, j] - truth))
        print(
            f"  lopsided rows vs independent quadrature, {sound.size} rows x 4 quantiles: "
            f"max {worst_new:.1e} (previous implementation: {worst_old:.1e})"
        )


if __name__ == "__main__":
    main()
