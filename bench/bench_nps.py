"""nps() on 10 million responses against the least a validating numpy version must do.

Run: ``python bench/bench_nps.py``. Prints, per dtype, the time of
``netpromoter.nps`` and of the floor measured in the same run, and their
ratio (goal: <= 1.5). The floor is a range check (min and max) plus the two
counts NPS needs (promoters, detractors); for floats the NaN count too, since
passives = n - promoters - detractors - missing. It does *not* reject
fractional scores such as 7.5, which a correct implementation must, so the
floor is a little lower than any correct implementation can reach.

Also measures ``import netpromoter`` on top of ``import numpy`` (goal: <= 50 ms)
in fresh interpreters.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time

import netpromoter as nps

N = 10_000_000


def floor_int(x: np.ndarray) -> tuple[int, int, int]:
    if x.min() < 0 or x.max() > 10:
        raise ValueError("out of range")
    promoters = int(np.count_nonzero(x >= 9))
    detractors = int(np.count_nonzero(x <= 6))
    return detractors, x.size - promoters - detractors, promoters


def floor_float(x: np.ndarray) -> tuple[int, int, int]:
    missing = int(np.count_nonzero(np.isnan(x)))
    if np.fmin.reduce(x) < 0 or np.fmax.reduce(x) > 10:
        raise ValueError("out of range")
    promoters = int(np.count_nonzero(x >= 9))
    detractors = int(np.count_nonzero(x <= 6))
    return detractors, x.size - missing - promoters - detractors, promoters


def import_ms(statement: str, repeat: int = 7) -> float:
    code = "import time; t = time.perf_counter(); " + statement + "; print((time.perf_counter() - t) * 1000)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    ]
    return min(runs)


def main() -> None:
    rng = np.random.default_rng(0)
    base = rng.integers(0, 11, size=N)
    data = {
        "int8": base.astype(np.int8),
        "int64": base.astype(np.int64),
        "float64 (1% NaN)": np.where(rng.random(N) < 0.01, np.nan, base.astype(np.float64)),
    }
    print(f"nps() on {N:,} responses: time vs the numpy floor (range check + two counts)")
    print(f"{'dtype':<18}{'nps() ms':>10}{'floor ms':>10}{'ratio':>8}  (goal <= 1.5)")
    for name, x in data.items():
        floor = floor_float if x.dtype.kind == "f" else floor_int
        counts = nps.Counts.from_scores(x)
        d, pas, p = floor(x)
        assert (counts.detractors, counts.passives, counts.promoters) == (d, pas, p)
        ours = best_time(lambda x=x: nps.nps(x))
        base_t = best_time(lambda x=x, f=floor: f(x))
        print(f"{name:<18}{1000 * ours:>10.1f}{1000 * base_t:>10.1f}{ours / base_t:>8.2f}")

    numpy_ms = import_ms("import numpy")
    both_ms = import_ms("import numpy; import netpromoter")
    print(
        f"\nimport netpromoter on top of numpy: {both_ms - numpy_ms:.1f} ms "
        f"(numpy alone {numpy_ms:.1f} ms; goal <= 50 ms)"
    )
    scipy_loaded = subprocess.run(
        [sys.executable, "-c", "import sys, netpromoter; print('scipy' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"scipy imported by 'import netpromoter': {scipy_loaded}")


if __name__ == "__main__":
    main()
