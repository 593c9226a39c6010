"""R stats::p.adjust: Holm, Bonferroni and Benjamini-Hochberg adjusted p-values.

R's method "BH" is netpromoter's correction "fdr_bh". NA p-values (math.nan
here) stay NA and are left out of m, as p.adjust's default n = sum(!is.na(p)).
"""

from __future__ import annotations

import math
from typing import TypedDict


class Adjusted(TypedDict):
    p: tuple[float, ...]
    method: str  # p.adjust(method=...)
    adjusted: tuple[float, ...]


# Produced by (R 4.2.2, stats 4.2.2):
#   # stats::p.adjust, R 4.2.2 (stats 4.2.2)
#   pvectors <- list(
#     c(0.01, 0.02, 0.03, 0.04, 0.05),
#     c(0.0001, 0.2, 0.011, 0.04, 0.04, 0.9, 0.03, 0.5),
#     c(0.3, NA, 0.001, 0.049, 0.012, 0.8, 0.012))
#   num <- function(v) ifelse(is.na(v), "math.nan", sprintf("%.15g", v))
#   vec <- function(v) paste0("(", paste(num(v), collapse = ", "), ")")
#   for (p in pvectors) for (method in c("holm", "bonferroni", "BH")) {
#     cat(sprintf('    {"p": %s, "method": "%s", "adjusted": %s},\n',
#                 vec(p), method, vec(p.adjust(p, method))))
#   }
# fmt: off
PADJUST: list[Adjusted] = [
    {"p": (0.01, 0.02, 0.03, 0.04, 0.05), "method": "holm", "adjusted": (0.05, 0.08, 0.09, 0.09, 0.09)},
    {"p": (0.01, 0.02, 0.03, 0.04, 0.05), "method": "bonferroni", "adjusted": (0.05, 0.1, 0.15, 0.2, 0.25)},
    {"p": (0.01, 0.02, 0.03, 0.04, 0.05), "method": "BH", "adjusted": (0.05, 0.05, 0.05, 0.05, 0.05)},
    {"p": (0.0001, 0.2, 0.011, 0.04, 0.04, 0.9, 0.03, 0.5), "method": "holm", "adjusted": (0.0008, 0.6,
     0.077, 0.2, 0.2, 1, 0.18, 1)},
    {"p": (0.0001, 0.2, 0.011, 0.04, 0.04, 0.9, 0.03, 0.5), "method": "bonferroni", "adjusted": (0.0008, 1,
     0.088, 0.32, 0.32, 1, 0.24, 1)},
    {"p": (0.0001, 0.2, 0.011, 0.04, 0.04, 0.9, 0.03, 0.5), "method": "BH", "adjusted": (0.0008,
     0.266666666666667, 0.044, 0.064, 0.064, 0.9, 0.064, 0.571428571428571)},
    {"p": (0.3, math.nan, 0.001, 0.049, 0.012, 0.8, 0.012), "method": "holm", "adjusted": (0.6, math.nan,
     0.006, 0.147, 0.06, 0.8, 0.06)},
    {"p": (0.3, math.nan, 0.001, 0.049, 0.012, 0.8, 0.012), "method": "bonferroni", "adjusted": (1, math.nan,
     0.006, 0.294, 0.072, 1, 0.072)},
    {"p": (0.3, math.nan, 0.001, 0.049, 0.012, 0.8, 0.012), "method": "BH", "adjusted": (0.36, math.nan,
     0.006, 0.0735, 0.024, 0.8, 0.024)},
]
# fmt: on
