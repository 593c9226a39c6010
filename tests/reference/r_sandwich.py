"""R sandwich: HC1 standard error of the least-squares NPS trend slope.

The slope is ``lm(y ~ t)`` (``weights = w`` when weighted) with y coded
-100/0/+100 per response and t the period index 0, 1, 2, ...; its SE is
``sqrt(diag(sandwich::vcovHC(fit, type = "HC1")))["t"]`` (HC1: factor
n / (n - 2), n responses), as ``netpromoter.trend(...).slope``.
"""

from __future__ import annotations

from typing import TypedDict


class TrendData(TypedDict):
    scores: tuple[int, ...]  # 0-10 scale
    periods: tuple[int, ...]  # period index, every period present
    weights: tuple[float, ...]  # used by the weighted fits only


class SlopeHC1(TypedDict):
    data: str  # key of DATA (of r_survey.DATA for CLUSTERED_SLOPES)
    weighted: bool
    slope: float  # coef(fit)[["t"]], NPS points per period
    se: float  # HC1 SE of the slope


# The data sets of the script below (score, t, w), copied from it by machine.
# fmt: off
DATA: dict[str, TrendData] = {
    "t1": {
        "scores": (10, 9, 6, 10, 6, 8, 8, 8, 5, 6, 10, 4, 8, 0, 8, 4, 1, 10, 6, 10, 7, 10, 8, 9, 10, 6, 9, 4,
                   8, 6),
        "periods": (0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4,
                    4),
        "weights": (2.37, 0.59, 1.5, 0.49, 1.57, 2.69, 2.38, 1.58, 2.79, 1.62, 1.0, 0.68, 2.51, 0.71, 2.05,
                    2.63, 1.0, 2.33, 0.62, 0.4, 2.13, 1.47, 2.87, 2.83, 2.34, 2.41, 2.15, 2.35, 1.12, 2.89),
    },
    "t2": {
        "scores": (10, 10, 10, 10, 2, 7, 7, 5, 10, 10, 8, 4, 8, 6, 8, 8, 10, 8, 3, 8, 8, 7, 4, 10),
        "periods": (0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3),
        "weights": (0.51, 2.27, 1.77, 2.55, 2.13, 0.47, 0.37, 0.53, 2.13, 0.72, 0.73, 1.32, 0.36, 2.9, 2.21,
                    2.03, 2.43, 3.0, 0.64, 2.46, 2.57, 1.69, 1.05, 2.43),
    },
}
# fmt: on

# Produced by (R 4.2.2, sandwich 3.0.2):
#   library(sandwich)  # sandwich 3.0.2 on R 4.2.2
#   sets <- list(
#     t1 = data.frame(
#       score = c(10, 9, 6, 10, 6, 8, 8, 8, 5, 6, 10, 4, 8, 0, 8, 4, 1, 10, 6, 10, 7, 10, 8, 9, 10, 6, 9, 4,
#                 8, 6),
#       t = c(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4),
#       w = c(2.37, 0.59, 1.5, 0.49, 1.57, 2.69, 2.38, 1.58, 2.79, 1.62, 1.0, 0.68, 2.51, 0.71, 2.05,
#             2.63, 1.0, 2.33, 0.62, 0.4, 2.13, 1.47, 2.87, 2.83, 2.34, 2.41, 2.15, 2.35, 1.12, 2.89)),
#     t2 = data.frame(
#       score = c(10, 10, 10, 10, 2, 7, 7, 5, 10, 10, 8, 4, 8, 6, 8, 8, 10, 8, 3, 8, 8, 7, 4, 10),
#       t = c(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3),
#       w = c(0.51, 2.27, 1.77, 2.55, 2.13, 0.47, 0.37, 0.53, 2.13, 0.72, 0.73, 1.32, 0.36, 2.9, 2.21,
#             2.03, 2.43, 3.0, 0.64, 2.46, 2.57, 1.69, 1.05, 2.43)))
#   num <- function(v) sprintf("%.15g", v)
#   for (name in names(sets)) {
#     d <- sets[[name]]
#     d$y <- ifelse(d$score <= 6, -100, ifelse(d$score >= 9, 100, 0))
#     fits <- list(unweighted = lm(y ~ t, data = d), weighted = lm(y ~ t, data = d, weights = w))
#     for (kind in names(fits)) {
#       fit <- fits[[kind]]
#       se <- sqrt(diag(vcovHC(fit, type = "HC1")))[["t"]]
#       cat(sprintf('    {"data": "%s", "weighted": %s, "slope": %s, "se": %s},\n',
#                   name, if (kind == "weighted") "True" else "False", num(coef(fit)[["t"]]), num(se)))
#     }
#   }
# fmt: off
SLOPES: list[SlopeHC1] = [
    {"data": "t1", "weighted": False, "slope": -2.86532951289397, "se": 12.1701405785587},
    {"data": "t1", "weighted": True, "slope": -0.167333221736713, "se": 12.9332792165236},
    {"data": "t2", "weighted": False, "slope": -26.3157894736842, "se": 12.799674606629},
    {"data": "t2", "weighted": True, "slope": -20.8490069447628, "se": 12.7418328988155},
]
# fmt: on


# Clustered (issue 13): sqrt(diag(sandwich::vcovCL(fit, cluster = ~cluster, type = "HC1")))["t"],
# i.e. G / (G - 1) (n - 1) / (n - 2) with G clusters, on the data sets w2 and w3 of
# r_survey.DATA with the period index t = 0, 1, 2 for the groups a, b, c. Produced by
# (R 4.2.2, sandwich 3.0.2):
#   library(sandwich)  # sandwich 3.0.2 on R 4.2.2
#   # the data sets w2 and w3 of r_survey.DATA (score, w, cluster, g), as in r_survey.py
#   sets <- list(
#     w2 = data.frame(
#       score = c(8, 7, 10, 7, 10, 8, 8, 10, 10, 4, 7, 6, 10, 9, 8, 10, 8, 9, 7, 0, 9, 8, 8, 7),
#       w = c(0.98, 1.84, 1.2, 1.45, 0.85, 1.66, 1.88, 1.43, 1.39, 2.85, 0.43, 1.18, 1.7, 1.92, 0.41,
#             0.95, 0.45, 0.32, 1.17, 1.4, 2.62, 0.34, 2.23, 1.53),
#       cluster = c(2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 7, 7, 8, 8, 9, 9, 9, 10, 10, 10),
#       g = c("b", "a", "a", "a", "c", "b", "b", "a", "c", "c", "c", "a", "a", "c", "c", "b", "c", "a",
#             "b", "b", "a", "a", "b", "b")),
#     w3 = data.frame(
#       score = c(6, 7, 9, 8, 0, 10, 7, 8, 5, 8, 10, 7, 10, 9, 9, 10, 8, 5, 9, 9, 10, 5, 7, 10, 9, 6, 8,
#                 8, 5, 9, 2, 2, 7, 8, 9, 10),
#       w = c(0.92, 0.7, 0.66, 0.5, 0.72, 0.89, 2.86, 2.66, 0.68, 2.41, 0.32, 2.09, 1.14, 1.27, 0.91,
#             1.82, 2.81, 2.54, 2.5, 1.68, 2.93, 2.57, 1.99, 2.7, 0.54, 0.89, 2.75, 0.79, 0.52, 1.35,
#             2.24, 1.91, 1.74, 2.31, 2.55, 0.36),
#       cluster = c(1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4, 6, 6, 6, 6, 7, 9, 9, 9, 9, 10, 11, 11, 13, 13, 14,
#                   14, 14, 15, 16, 16, 16, 16, 17, 17, 18),
#       g = c("c", "c", "c", "c", "c", "c", "b", "c", "c", "b", "a", "c", "b", "a", "a", "a", "b", "c",
#             "a", "c", "a", "b", "b", "b", "c", "c", "b", "a", "b", "c", "c", "a", "c", "a", "a", "c")))
#   num <- function(v) sprintf("%.15g", v)
#   for (name in names(sets)) {
#     d <- sets[[name]]
#     d$y <- ifelse(d$score <= 6, -100, ifelse(d$score >= 9, 100, 0))
#     d$t <- match(d$g, c("a", "b", "c")) - 1  # the period index of the groups a, b, c
#     fits <- list(unweighted = lm(y ~ t, data = d), weighted = lm(y ~ t, data = d, weights = w))
#     for (kind in names(fits)) {
#       fit <- fits[[kind]]
#       se <- sqrt(diag(vcovCL(fit, cluster = ~cluster, type = "HC1")))[["t"]]
#       cat(sprintf('    {"data": "%s", "weighted": %s, "slope": %s, "se": %s},\n',
#                   name, if (kind == "weighted") "True" else "False", num(coef(fit)[["t"]]), num(se)))
#     }
#   }
# fmt: off
CLUSTERED_SLOPES: list[SlopeHC1] = [
    {"data": "w2", "weighted": False, "slope": -9.47368421052632, "se": 14.3217867425799},
    {"data": "w2", "weighted": True, "slope": -19.8817532811672, "se": 22.3530714560255},
    {"data": "w3", "weighted": False, "slope": -27.9523293607801, "se": 13.362009301959},
    {"data": "w3", "weighted": True, "slope": -35.2493677358843, "se": 11.4930211618888},
]
# fmt: on
