"""R spc: average run lengths of CUSUM and EWMA charts for a normal mean (table only).

For the pending monitoring feature; no test reads these yet. ``xcusum.arl``
solves the ARL integral equation by Gauss-Legendre collocation (default
r = 30 nodes); with r = 60 and r = 100 the first two values agree to 1e-12
relative (465.443506032098, 465.443506032038). Two-sided CUSUM ARL is half
the one-sided one at mu = 0 (1/ARL = 1/ARL+ + 1/ARL-).
"""

from __future__ import annotations

from typing import TypedDict


class RunLength(TypedDict):
    call: str  # the R call, verbatim
    arl: float  # zero-state average run length, in observations


# Produced by (R 4.2.2, spc 0.6.7):
#   library(spc)  # spc 0.6.7 on R 4.2.2
#   num <- function(v) sprintf("%.15g", v)
#   calls <- c(
#     'xcusum.arl(k = 0.5, h = 5, mu = 0, sided = "two")',
#     'xcusum.arl(k = 0.5, h = 5, mu = 0, sided = "one")',
#     'xcusum.arl(k = 0.5, h = 5, mu = 1, sided = "one")',
#     'xcusum.arl(k = 0.5, h = 5, mu = 1, sided = "two")',
#     'xewma.arl(l = 0.1, c = 2.814, mu = 0, sided = "two")')
#   for (call in calls) {
#     cat(sprintf('    {"call": %s, "arl": %s},\n',
#                 encodeString(call, quote = "'"), num(eval(parse(text = call)))))
#   }
# fmt: off
ARL: list[RunLength] = [
    {"call": 'xcusum.arl(k = 0.5, h = 5, mu = 0, sided = "two")', "arl": 465.44350603212},
    {"call": 'xcusum.arl(k = 0.5, h = 5, mu = 0, sided = "one")', "arl": 930.887012064239},
    {"call": 'xcusum.arl(k = 0.5, h = 5, mu = 1, sided = "one")', "arl": 10.3759753002077},
    {"call": 'xcusum.arl(k = 0.5, h = 5, mu = 1, sided = "two")', "arl": 10.3759699215936},
    {"call": 'xewma.arl(l = 0.1, c = 2.814, mu = 0, sided = "two")', "arl": 499.579550082584},
]
# fmt: on
