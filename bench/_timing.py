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
