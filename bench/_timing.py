"""Timing helper shared by the benchmarks: best of several runs, in seconds."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(func: Callable[[], object], *, repeat: int = 7) -> float:
    """Smallest wall time of ``repeat`` calls (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def race(contenders: dict[str, Callable[[], object]], *, repeat: int = 5) -> dict[str, tuple[float, float]]:
    """Smallest wall and CPU seconds of each contender, run in interleaved rounds.

    Interleaving lets load from other processes hit every contender alike; CPU
    time (all threads of this process) is the steadier measure under load.
    """
    best = dict.fromkeys(contenders, (float("inf"), float("inf")))
    for _ in range(repeat):
        for name, func in contenders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            func()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best
