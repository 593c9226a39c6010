"""Monitor.update() throughput against a plain-numpy floor of the same CUSUM recursion.

Run: ``python bench/bench_monitor.py``. Feeds 1,000,000 responses (in
control, then shifted by -10 points) to a default ``nps.Monitor`` and prints
responses per second of ``update()`` and of the floor, and their ratio
(goal: 1,000,000 responses well under a second; ratio <= 2). The floor
categorises the scores (two comparisons), looks up the integer scores and
runs S_t = max(0, S_{t-1} + w_t) as a cumulative sum minus its running
minimum, once, with no restarts after alarms and no validation; it is less
than any correct update() can do.

Also shown: update() with per-response detractor alerts (one Python object
per detractor, about 200,000 here), in one batch and in batches of 1,000.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps

N = 1_000_000
BASELINE = nps.Counts(2000, 3000, 5000)


def floor(scores: np.ndarray, table: np.ndarray, threshold: int) -> int:
    category = (scores > 6).view(np.int8) + (scores >= 9).view(np.int8)
    path = np.cumsum(table[category])
    path -= np.minimum(np.minimum.accumulate(path), 0)
    return int(np.argmax(path >= threshold))


def main() -> None:
    rng = np.random.default_rng(0)
    half = N // 2
    scores = np.concatenate(
        [
            rng.choice([0, 7, 10], size=half, p=[0.20, 0.30, 0.50]),
            rng.choice([0, 7, 10], size=N - half, p=[0.25, 0.30, 0.45]),
        ]
    ).astype(np.int8)
    chart_only = nps.Monitor(BASELINE, detractor_alerts=False)
    print(chart_only)
    state = chart_only.to_dict()
    table = np.asarray(state["design"]["scores"], dtype=np.int64)
    threshold = state["design"]["threshold"]

    def run(settings: dict[str, bool], batch: int = N) -> int:
        monitor = nps.Monitor.from_dict({**state, **settings})
        return sum(len(monitor.update(scores[i : i + batch])) for i in range(0, N, batch))

    alarms = run({})
    floor_t = best_time(lambda: floor(scores, table, threshold))
    ours_t = best_time(lambda: run({}))
    alerts_t = best_time(lambda: run({"detractor_alerts": True}), repeat=3)
    batched_t = best_time(lambda: run({"detractor_alerts": True}, 1000), repeat=3)
    print(f"update() on {N:,} int8 scores ({alarms} drop alarms):")
    print(f"{'':34}{'ms':>8}{'responses/s':>16}")
    for label, seconds in (
        ("numpy floor (one pass, no restart)", floor_t),
        ("update(), chart only", ours_t),
        ("update(), with detractor alerts", alerts_t),
        ("  the same in batches of 1,000", batched_t),
    ):
        print(f"{label:34}{1000 * seconds:>8.1f}{N / seconds:>16,.0f}")
    print(f"ratio update() / floor (chart only): {ours_t / floor_t:.2f}  (goal <= 2)")


if __name__ == "__main__":
    main()
