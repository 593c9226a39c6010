"""Paired answers on a share metric (CSAT, CES top box): Tango's score test, McNemar's at 0.

For two answers per person the top-box indicator changes by -1 (lost), 0 or
+1 (gained). Those counts are a trinomial whose p - d is exactly the
difference of the two shares, and Tango's (1998) score test and interval of
``_tango``, the one-sample ``"score"`` method of ``_comparison.benchmark_arrays``,
were written for precisely this paired difference of proportions; at a
difference of 0 the test is McNemar's (R ``mcnemar.test(correct = FALSE)``).
``_comparison.paired_arrays``'s ``"wald"`` on the same changes divides by the
sample SD of the changes instead and is liberal in small samples (exact level
0.072 at 30 pairs with 15% changing each way, against 0.043 here;
docs/methods.md).

Independent samples and benchmarks of shares need no kernel of their own:
``two_sample_arrays`` and ``benchmark_arrays`` with ``share=True`` run the
NPS kernels on (rest, 0, top) rows, where they are the binomial tests
(tests/test_sharetests.py checks them against R and a closed-form score test).
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray
from ._comparison import ComparisonArrays, benchmark_arrays
from ._intervals import IntervalOptions

__all__ = ["share_paired_arrays"]


def share_paired_arrays(
    changes: FloatArray,
    *,
    confidence: float,
    alternative: str,
    margin: float | FloatArray = 0.0,
    options: IntervalOptions | None = None,
) -> ComparisonArrays:
    """Tango's score tests of share_a - share_b = 0 (or beyond ``margin``) for paired answers.

    ``changes`` are the (k, 5) counts of per-person changes -2..+2 as for
    ``_comparison.paired_arrays``; for a share only -1, 0, +1 occur (top box
    lost, kept or not, gained). Their (-1, 0, +1) counts are a trinomial whose
    p - d is the difference of the shares, and the test is the one-sample
    ``"score"`` test of ``_comparison.benchmark_arrays`` against 0 on them:
    Tango's (1998) score test and interval for a paired difference of
    proportions, McNemar's test at a difference of 0.

    Examples
    --------
    Of 40 people 9 reached the top box and 3 left it (R
    ``mcnemar.test(matrix(c(20, 3, 9, 8), 2), correct = FALSE)``:
    McNemar's chi-squared = 3, p = 0.08326452):

    >>> import numpy as np
    >>> changes = np.array([[0.0, 3.0, 28.0, 9.0, 0.0]])  # -2, -1, 0, +1, +2
    >>> r = share_paired_arrays(changes, confidence=0.95, alternative="two-sided")
    >>> round(float(r.statistic[0]) ** 2, 6), round(float(r.pvalue[0]), 8)
    (3.0, 0.08326452)
    """
    trinomial = np.ascontiguousarray(changes[:, 1:4], dtype=np.float64)
    return benchmark_arrays(
        trinomial,
        np.zeros(trinomial.shape[0]),
        method="score",
        confidence=confidence,
        alternative=alternative,
        options=options or IntervalOptions(),
        margin=margin,
    )
