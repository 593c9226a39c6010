"""Exact coverage study of every interval method (issue: intervals at every sample size).

For n in {10, 20, 30, 50, 100} and true (promoter, detractor) shares on the
grid 0.05, 0.15, ..., 0.95 with promoters + detractors < 1 (45 points inside
the simplex), every multinomial outcome is enumerated with
``netpromoter.exact_coverage``. Printed per method: mean coverage, mean
|coverage - 0.95|, minimum coverage at n >= 30, and mean expected width in
NPS points, as a Markdown table (docs/coverage.md holds the output).

The bootstrap's intervals are random (2,000 BCa resamples, seed 0), so its
row is exact up to that Monte Carlo error.

Options:
  --quick    n = 10, 30 only.
  --sweep    the trade-off of the "bayes" interval with Dirichlet(a, 2a, a)
             priors, a = 0.5 ... 0.7 (how the "adjusted-bayes" prior was chosen).
  --holdout  every method on sizes and shares the choice was *not* made on:
             n in {15, 25, 40, 75, 150}, shares 0.1, 0.2, ..., 0.9 inside the simplex.

Run: ``python bench/coverage_study.py [--quick | --sweep | --holdout]``.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import netpromoter as nps

METHODS = ["wald", "adjusted-wald", "score", "bayes", "adjusted-bayes", "bootstrap"]
SIZES = (10, 20, 30, 50, 100)
GOAL = {"mad": 0.005, "min30": 0.940, "width": 48.0}


HOLDOUT_SIZES = (15, 25, 40, 75, 150)


def simplex_grid(start: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    values = np.round(np.arange(start, 1.0 - 1e-9, 0.1), 2)
    p, d = np.meshgrid(values, values, indexing="ij")
    inside = p + d < 1 - 1e-9
    return p[inside], d[inside]


def study(
    method: str,
    sizes: tuple[int, ...] = SIZES,
    *,
    prior: tuple[float, float, float] | None = None,
    grid_start: float = 0.05,
) -> dict[str, float]:
    p, d = simplex_grid(grid_start)
    results = [
        nps.exact_coverage(n, p, d, method=method, rng=0, prior=prior)  # type: ignore[arg-type]
        for n in sizes
    ]
    coverage = np.concatenate([r.coverage for r in results])
    width = np.concatenate([r.expected_width for r in results])
    large = np.concatenate([r.coverage for r in results if r.n >= 30])
    return {
        "mean": float(coverage.mean()),
        "mad": float(np.abs(coverage - 0.95).mean()),
        "min30": float(large.min()) if large.size else float("nan"),
        "width": float(width.mean()),
    }


def row(label: str, r: dict[str, float]) -> str:
    met = r["mad"] <= GOAL["mad"] and r["min30"] >= GOAL["min30"] and r["width"] <= GOAL["width"]
    return (
        f"| {label} | {r['mean']:.4f} | {r['mad']:.4f} | {r['min30']:.4f} | "
        f"{r['width']:.2f} | {'yes' if met else 'no'} |"
    )


def main() -> None:
    header = (
        "| method | mean coverage | mean abs(cov - 0.95) | min coverage, n >= 30 | mean width | goal met |\n"
        "|---|---|---|---|---|---|"
    )
    if "--sweep" in sys.argv:
        print("bayes with Dirichlet(a, 2a, a) priors, study grid\n")
        print(header.replace("| method |", "| prior |"))
        for a in (0.5, 0.55, 0.6, 0.65, 0.7):
            r = study("bayes", prior=(a, 2 * a, a))
            print(row(f"({a:g}, {2 * a:g}, {a:g})", r), flush=True)
        return
    holdout = "--holdout" in sys.argv
    sizes = HOLDOUT_SIZES if holdout else (10, 30) if "--quick" in sys.argv else SIZES
    start_share = 0.1 if holdout else 0.05
    points = simplex_grid(start_share)[0].size
    print(f"Exact coverage, nominal 95%, n in {sizes}, {points} true (p, d) points\n")
    print(header)
    for method in METHODS:
        start = time.perf_counter()
        r = study(method, sizes, grid_start=start_share)
        print(row(f"`{method}`", r), flush=True)
        print(f"<!-- {method}: {time.perf_counter() - start:.1f} s -->", file=sys.stderr)


if __name__ == "__main__":
    main()
