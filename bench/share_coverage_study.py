"""Exact coverage study of the share (top-box) interval methods (issue 15: CSAT, CES).

For every n in 10, 11, ..., 150 and true shares 0.01, 0.02, ..., 0.99, every
binomial outcome x = 0..n is enumerated (``_stats._shares.exact_share_coverage``):
coverage is the total probability of the outcomes whose interval contains the
true share, the expected width the probability-weighted mean width. Printed
per method, as Markdown (docs/coverage.md holds the output): mean coverage,
mean |coverage - 0.95|, minimum coverage at n >= 30, mean width in
percentage points, and whether the issue's criteria (mean |coverage - 0.95|
<= 0.005, minimum at n >= 30 >= 0.94) are met.

Options:
  --grids   the same summaries on other designs: the NPS study's sizes and
            shares, shares 0.05..0.95 only, a 0.005 share grid, and the
            CSAT range 0.70..0.99.
  --bands   mean |coverage - 0.95| and mean coverage by band of n.

Run: ``python bench/share_coverage_study.py [--grids | --bands]`` (about 2 s).
"""

from __future__ import annotations

import sys

import numpy as np

from netpromoter._stats._shares import exact_share_coverage

METHODS = ("wilson", "jeffreys", "exact", "agresti-coull", "wald")
SIZES = tuple(range(10, 151))
SHARES = np.round(np.arange(0.01, 0.995, 0.01), 2)
GOAL = {"mad": 0.005, "min30": 0.940}


def study(method: str, sizes: tuple[int, ...] = SIZES, shares: np.ndarray = SHARES) -> dict[str, float]:
    result = exact_share_coverage(sizes, shares, method=method)
    coverage = result.coverage
    large = coverage[np.asarray(sizes) >= 30]
    return {
        "mean": float(coverage.mean()),
        "mad": float(np.abs(coverage - 0.95).mean()),
        "min30": float(large.min()) if large.size else float("nan"),
        "width": float(100.0 * result.expected_width.mean()),
    }


def passes(r: dict[str, float]) -> bool:
    return r["mad"] <= GOAL["mad"] and r["min30"] >= GOAL["min30"]


HEADER = (
    "| method | mean coverage | mean abs(cov - 0.95) | min coverage, n >= 30 | mean width (points) "
    "| criteria met |\n|---|---|---|---|---|---|"
)


def table(sizes: tuple[int, ...] = SIZES, shares: np.ndarray = SHARES) -> str:
    lines = [HEADER]
    for method in METHODS:
        r = study(method, sizes, shares)
        lines.append(
            f"| `{method}` | {r['mean']:.4f} | {r['mad']:.4f} | {r['min30']:.4f} | "
            f"{r['width']:.2f} | {'yes' if passes(r) else 'no'} |"
        )
    return "\n".join(lines)


def bands() -> str:
    edges = ((10, 29), (30, 59), (60, 99), (100, 150))
    head = " | ".join(f"n {a}-{b}" for a, b in edges)
    lines = [f"| method | {head} |", "|---|" + "---|" * len(edges)]
    sizes = np.asarray(SIZES)
    for method in METHODS:
        coverage = exact_share_coverage(SIZES, SHARES, method=method).coverage
        cells = []
        for a, b in edges:
            band = coverage[(sizes >= a) & (sizes <= b)]
            cells.append(f"{np.abs(band - 0.95).mean():.4f} ({band.mean():.4f})")
        lines.append(f"| `{method}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    if "--bands" in sys.argv:
        print("mean abs(coverage - 0.95) (mean coverage) by band of n, shares 0.01..0.99\n")
        print(bands())
        return
    if "--grids" in sys.argv:
        designs = {
            "NPS study's design: n in {10, 20, 30, 50, 100}, shares 0.05, 0.15, ..., 0.95": (
                (10, 20, 30, 50, 100),
                np.round(np.arange(0.05, 0.96, 0.1), 2),
            ),
            "n = 10..150, shares 0.05, 0.06, ..., 0.95": (SIZES, np.round(np.arange(0.05, 0.955, 0.01), 2)),
            "n = 10..150, shares 0.005, 0.010, ..., 0.995": (
                SIZES,
                np.round(np.arange(0.005, 0.9975, 0.005), 3),
            ),
            "n = 10..150, shares 0.70, 0.71, ..., 0.99 (where CSAT usually lies)": (
                SIZES,
                np.round(np.arange(0.70, 0.995, 0.01), 2),
            ),
        }
        for label, (sizes, shares) in designs.items():
            print(f"{label}\n")
            print(table(sizes, shares) + "\n")
        return
    print(
        f"Exact coverage, nominal 95%, n = 10..150 ({len(SIZES)} sizes), shares 0.01..0.99 ({SHARES.size})\n"
    )
    print(table())


if __name__ == "__main__":
    main()
