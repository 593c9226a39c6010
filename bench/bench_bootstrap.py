"""Bootstrap cost: independent of n, and far below resampling raw responses.

Run: ``python bench/bench_bootstrap.py``. Prints

1. ``score(method="bootstrap")`` with 10,000 BCa resamples on the counts of
   n = 1,000 and n = 1,000,000 responses (the counting pass excluded: it is
   timed separately and is the only part that grows with n), and their ratio
   (goal: <= 1.5);
2. the same call against ``scipy.stats.bootstrap`` resampling the 100,000 raw
   responses coded -100/0/+100 (10,000 percentile resamples, batches of 100),
   and the speed-up (goal: >= 100x).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps

RESAMPLES = 10_000


def main() -> None:
    rng = np.random.default_rng(0)
    shares = [0.3, 0.2, 0.5]
    timings = {}
    for n in (1_000, 1_000_000):
        scores = rng.choice([3, 7, 10], size=n, p=shares)
        counting = best_time(lambda s=scores: nps.Counts.from_scores(s), repeat=5)
        counts = nps.Counts.from_scores(scores)
        timings[n] = best_time(
            lambda c=counts: nps.score(c, method="bootstrap", resamples=RESAMPLES, rng=1), repeat=5
        )
        print(
            f"n = {n:>9,}: bootstrap on counts {1000 * timings[n]:7.1f} ms "
            f"(counting pass {1000 * counting:6.2f} ms, not included)"
        )
    ratio = timings[1_000_000] / timings[1_000]
    print(f"cost ratio n = 1,000,000 vs n = 1,000: {ratio:.2f} (goal <= 1.5)\n")

    from scipy import stats

    n = 100_000
    y = 100.0 * rng.choice([-1.0, 0.0, 1.0], size=n, p=shares)
    start = time.perf_counter()
    stats.bootstrap(
        (y,), np.mean, n_resamples=RESAMPLES, method="percentile", batch=100, rng=np.random.default_rng(2)
    )
    scipy_time = time.perf_counter() - start
    counts = nps.Counts.from_scores(np.where(y > 0, 10, np.where(y < 0, 0, 7)))
    ours = best_time(lambda: nps.score(counts, method="bootstrap", resamples=RESAMPLES, rng=1), repeat=5)
    print(
        f"n = {n:,}: scipy.stats.bootstrap on raw responses {scipy_time:.2f} s, "
        f"netpromoter {1000 * ours:.1f} ms: {scipy_time / ours:,.0f}x faster (goal >= 100x)"
    )


if __name__ == "__main__":
    main()
