"""Key-driver speed: exact Shapley (LMG) importance over all 2^p subsets.

Run: ``python bench/bench_drivers.py``. For p = 15 and p = 20 attributes
(1-5 ratings, correlated through a common factor) on 5,000 responses with
0-10 scores, times the whole ``nps.drivers()`` call (validation, weighted
covariance, R^2 of every subset, Shapley values, complete and conditional
dominance) against the floor of one least-squares fit of the full model
(``np.linalg.lstsq`` on the same 5,000 x (p + 1) design), measured in the
same run, with one BLAS thread. Goals: p = 15 within 0.1 s, p = 20 within 2 s. For scale: R
relaimpo needs about 2.1 s at p = 15 and R dominanceanalysis about 50 s at
p = 12 (issue 17). Also Johnson's weights and a 1,000-replicate bootstrap
at p = 15.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# One BLAS thread for both sides: on a busy two-core machine a threaded least-squares
# floor swings by a factor of 100 between runs. Set the variable to override.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps

N = 5_000
GOALS = {15: 0.1, 20: 2.0}


def survey(p: int, seed: int = 0) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    factor = rng.normal(size=(N, 1))
    latent = 0.6 * factor + rng.normal(size=(N, p))
    ratings = np.clip(np.rint(3 + latent), 1, 5)
    effect = rng.uniform(0.0, 1.0, size=p)
    scores = np.clip(np.rint(ratings @ effect / effect.sum() * 2 + rng.normal(size=N)), 0, 10)
    return scores.astype(int), {f"attribute_{j:02d}": ratings[:, j] for j in range(p)}


def case(p: int, goal: float) -> None:
    scores, attributes = survey(p)
    design = np.column_stack([np.ones(N), *attributes.values()])
    outcome = scores.astype(float)
    floor = best_time(lambda: np.linalg.lstsq(design, outcome, rcond=None), repeat=21)
    repeat = 7 if p < 20 else 3
    ours = best_time(lambda: nps.drivers(scores, attributes), repeat=repeat)
    johnson = best_time(lambda: nps.drivers(scores, attributes, method="johnson"), repeat=repeat)
    verdict = "ok" if ours <= goal else "SLOW"
    print(f"  p = {p}: {2**p:>9,} subsets")
    print(f"    floor: one least-squares fit      {1000 * floor:9.2f} ms")
    print(f"    drivers(method='shapley')         {1000 * ours:9.2f} ms", end="")
    print(f"  ratio to floor {ours / floor:6.1f}  (goal <= {goal:g} s: {verdict})")
    print(f"    drivers(method='johnson')         {1000 * johnson:9.2f} ms")


def main() -> None:
    print(f"nps.drivers() on {N:,} responses (best of several runs, one BLAS thread)")
    for p, goal in GOALS.items():
        case(p, goal)
    scores, attributes = survey(15)
    booted = best_time(lambda: nps.drivers(scores, attributes, resamples=1000), repeat=1)
    print(f"\n  p = 15 with 1,000 bootstrap replicates (intervals for every importance): {booted:.2f} s")


if __name__ == "__main__":
    main()
