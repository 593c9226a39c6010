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


def best_times(func: Callable[[], object], *, repeat: int = 7) -> tuple[float, float]:
    """Smallest wall time and smallest CPU time of this process (all its threads) over ``repeat`` calls.

    CPU time is steadier than wall time on a loaded machine; for a multi-threaded
    library it adds up its threads, so report both.
    """
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu
