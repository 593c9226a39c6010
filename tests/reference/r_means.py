"""Means of rating scales: R ``t.test`` (one sample, Welch, paired) and ``survey::svymean``.

Every number was produced by the script below (R 4.2.2, survey 4.1.1). The
samples are answers on 1-5: ``intercom`` is the issue's Intercom CSAT
example (5:10, 4:20, 3:10, 2:5, 1:5; mean 3.5), ``ces`` the published CES
counts 190/240/110/330/140 on 1-5, whose mean is 2.990099 over 1,010 answers
(the source's "2.82 out of 1000" is wrong). One-sided intervals of ``t.test``
are open on one side (``None`` here). ``t.test``'s interval is for the mean
(one sample) or the difference (Welch, paired); ``mu`` is its null value.

``SVYMEAN``: ``svymean(~y, design)`` with ``confint(m, level, df =
degf(design))``, for ``ids = ~1`` (weights only) and ``ids = ~cluster``.
"""

from __future__ import annotations

from typing import TypedDict

# The samples of the script below, copied from it.
# fmt: off
SAMPLES: dict[str, tuple[int, ...]] = {
    "intercom": (5,) * 10 + (4,) * 20 + (3,) * 10 + (2,) * 5 + (1,) * 5,
    "ces": (1,) * 190 + (2,) * 240 + (3,) * 110 + (4,) * 330 + (5,) * 140,
    "m1": (4, 5, 3, 1, 4, 2, 5, 3, 4, 5, 5, 5, 4, 5, 1, 5, 3, 3, 4, 5, 3, 5, 4, 5),
    "m2": (5, 5, 4, 3, 3, 3, 1, 4, 1, 4, 5, 4, 3, 4, 3, 3, 3, 3, 4, 3, 4, 5, 1, 4, 4, 4, 4, 3, 5, 5, 5, 4,
           5, 4, 5, 4),
    "after": (5, 5, 3, 2, 4, 3, 5, 4, 4, 5, 4, 5, 5, 5, 2, 5, 3, 4, 4, 5, 4, 5, 4, 4),
}
WEIGHTS: dict[str, tuple[float, ...]] = {
    "m1": (2.36, 2.42, 1.28, 1.89, 0.97, 2.46, 1, 2.12, 0.5, 0.97, 1.27, 0.76, 1, 0.84, 0.41, 1.23, 1.56,
           1.43, 2.73, 0.54, 1.98, 1.24, 0.37, 2.39),
    "m2": (1.06, 1.81, 1.64, 0.87, 2.12, 2.27, 1.01, 0.74, 1.87, 1.54, 2.26, 2.31, 0.35, 0.87, 2.64, 2.12,
           2.43, 2.31, 1.9, 1.17, 1.07, 1.98, 1.97, 2.78, 1.99, 1.83, 0.35, 2.08, 2.67, 2.03, 1.7, 1.21,
           2.98, 1.09, 2.41, 1.63),
}
CLUSTERS: dict[str, tuple[int, ...]] = {
    "m1": (1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8),
    "m2": (1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 5, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9, 10, 10, 10, 11, 11,
           11, 12, 12, 12, 12),
}
# fmt: on


class OneSample(TypedDict):
    sample: str  # key of SAMPLES
    mu: float
    alternative: str
    confidence: float
    mean: float  # r$estimate
    statistic: float  # r$statistic (t)
    df: float  # r$parameter
    pvalue: float
    low: float | None  # r$conf.int, for the mean
    high: float | None


class TwoSample(TypedDict):
    a: str  # keys of SAMPLES
    b: str
    mu: float
    alternative: str
    confidence: float
    statistic: float
    df: float
    pvalue: float
    low: float | None  # r$conf.int, for the difference a - b
    high: float | None


class SurveyMean(TypedDict):
    data: str  # key of WEIGHTS, CLUSTERS and SAMPLES
    ids: str  # svydesign(ids = ...)
    confidence: float
    mean: float  # coef(svymean(~y, design))
    se: float  # SE(...)
    df: float  # degf(design)
    low: float  # confint(m, level, df = degf(design))
    high: float


# Produced by (R 4.2.2, survey 4.1.1):
#   library(survey)  # survey 4.1.1 on R 4.2.2
#   num <- function(v) sprintf("%.15g", v)
#   intercom <- rep(5:1, c(10, 20, 10, 5, 5))
#   ces <- rep(1:5, c(190, 240, 110, 330, 140))
#   m1 <- c(4, 5, 3, 1, 4, 2, 5, 3, 4, 5, 5, 5, 4, 5, 1, 5, 3, 3, 4, 5, 3, 5, 4, 5)
#   m2 <- c(5, 5, 4, 3, 3, 3, 1, 4, 1, 4, 5, 4, 3, 4, 3, 3, 3, 3, 4, 3, 4, 5, 1, 4, 4, 4, 4, 3, 5, 5,
#           5, 4, 5, 4, 5, 4)
#   after <- c(5, 5, 3, 2, 4, 3, 5, 4, 4, 5, 4, 5, 5, 5, 2, 5, 3, 4, 4, 5, 4, 5, 4, 4)
#   samples <- list(intercom = intercom, ces = ces, m1 = m1, m2 = m2, after = after)
#   tail_fields <- function(r) {
#     sprintf('"statistic": %s, "df": %s, "pvalue": %s, "low": %s, "high": %s},\n', num(r$statistic),
#             num(r$parameter), num(r$p.value), num(r$conf.int[1]), num(r$conf.int[2]))
#   }
#   # one sample: t.test(y, mu, alternative, conf.level)
#   one <- list(list("intercom", 3, "two.sided", 0.95), list("intercom", 3, "two.sided", 0.90),
#               list("intercom", 3.8, "less", 0.95), list("ces", 3, "greater", 0.95),
#               list("ces", 2.9, "two.sided", 0.99), list("m1", 4.5, "less", 0.90))
#   for (o in one) {
#     r <- t.test(samples[[o[[1]]]], mu = o[[2]], alternative = o[[3]], conf.level = o[[4]])
#     cat(sprintf('    {"sample": "%s", "mu": %s, "alternative": "%s", "confidence": %s, "mean": %s, ',
#                 o[[1]], o[[2]], o[[3]], o[[4]], num(r$estimate)), tail_fields(r), sep = "")
#   }
#   cat("WELCH\n")
#   two <- list(list("intercom", "m2", 0, "two.sided", 0.95), list("m1", "m2", 0, "two.sided", 0.90),
#               list("m1", "m2", 0.2, "greater", 0.95), list("intercom", "ces", -0.3, "less", 0.95),
#               list("ces", "intercom", 0, "two.sided", 0.95))
#   for (o in two) {
#     r <- t.test(samples[[o[[1]]]], samples[[o[[2]]]], mu = o[[3]], alternative = o[[4]],
#                 conf.level = o[[5]])
#     cat(sprintf('    {"a": "%s", "b": "%s", "mu": %s, "alternative": "%s", "confidence": %s, ',
#                 o[[1]], o[[2]], o[[3]], o[[4]], o[[5]]), tail_fields(r), sep = "")
#   }
#   cat("PAIRED\n")
#   pairs <- list(list("after", "m1", 0, "two.sided", 0.95), list("after", "m1", 0.1, "greater", 0.95),
#                 list("after", "m1", 0.5, "less", 0.90))
#   for (o in pairs) {
#     r <- t.test(samples[[o[[1]]]], samples[[o[[2]]]], paired = TRUE, mu = o[[3]],
#                 alternative = o[[4]], conf.level = o[[5]])
#     cat(sprintf('    {"a": "%s", "b": "%s", "mu": %s, "alternative": "%s", "confidence": %s, ',
#                 o[[1]], o[[2]], o[[3]], o[[4]], o[[5]]), tail_fields(r), sep = "")
#   }
#   cat("SURVEY\n")
#   w1 <- c(2.36, 2.42, 1.28, 1.89, 0.97, 2.46, 1, 2.12, 0.5, 0.97, 1.27, 0.76, 1, 0.84, 0.41, 1.23,
#           1.56, 1.43, 2.73, 0.54, 1.98, 1.24, 0.37, 2.39)
#   c1 <- c(1, 1, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8)
#   w2 <- c(1.06, 1.81, 1.64, 0.87, 2.12, 2.27, 1.01, 0.74, 1.87, 1.54, 2.26, 2.31, 0.35, 0.87, 2.64,
#           2.12, 2.43, 2.31, 1.9, 1.17, 1.07, 1.98, 1.97, 2.78, 1.99, 1.83, 0.35, 2.08, 2.67, 2.03,
#           1.7, 1.21, 2.98, 1.09, 2.41, 1.63)
#   c2 <- c(1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 5, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9, 10, 10, 10,
#           11, 11, 11, 12, 12, 12, 12)
#   sets <- list(m1 = data.frame(y = m1, w = w1, cluster = c1),
#                m2 = data.frame(y = m2, w = w2, cluster = c2))
#   for (name in names(sets)) {
#     d <- sets[[name]]
#     designs <- list("~1" = svydesign(ids = ~1, weights = ~w, data = d),
#                     "~cluster" = svydesign(ids = ~cluster, weights = ~w, data = d))
#     for (ids in names(designs)) for (conf in c(0.95, 0.90)) {
#       des <- designs[[ids]]
#       m <- svymean(~y, des)
#       ci <- confint(m, level = conf, df = degf(des))
#       cat(sprintf(paste0('    {"data": "%s", "ids": "%s", "confidence": %s, "mean": %s, "se": %s, ',
#                          '"df": %s, "low": %s, "high": %s},\n'),
#                   name, ids, conf, num(coef(m)), num(SE(m)), degf(des), num(ci[1]), num(ci[2])))
#     }
#   }
# fmt: off
ONE_SAMPLE: list[OneSample] = [
    {"sample": "intercom", "mu": 3, "alternative": "two-sided", "confidence": 0.95, "mean": 3.5,
     "statistic": 2.9065917948809, "df": 49, "pvalue": 0.00547304658266395, "low": 3.1543072816987,
     "high": 3.8456927183013},
    {"sample": "intercom", "mu": 3, "alternative": "two-sided", "confidence": 0.9, "mean": 3.5,
     "statistic": 2.9065917948809, "df": 49, "pvalue": 0.00547304658266395, "low": 3.21159505514851,
     "high": 3.78840494485149},
    {"sample": "intercom", "mu": 3.8, "alternative": "less", "confidence": 0.95, "mean": 3.5,
     "statistic": -1.74395507692854, "df": 49, "pvalue": 0.0437189739342072, "low": None,
     "high": 3.78840494485149},
    {"sample": "ces", "mu": 3, "alternative": "greater", "confidence": 0.95, "mean": 2.99009900990099,
     "statistic": -0.229913974947029, "df": 1009, "pvalue": 0.590897391368765, "low": 2.9192001202069,
     "high": None},
    {"sample": "ces", "mu": 2.9, "alternative": "two-sided", "confidence": 0.99, "mean": 2.99009900990099,
     "statistic": 2.09221717201796, "df": 1009, "pvalue": 0.0366685176139721, "low": 2.87896356908096,
     "high": 3.10123445072102},
    {"sample": "m1", "mu": 4.5, "alternative": "less", "confidence": 0.9, "mean": 3.875,
     "statistic": -2.42639073804115, "df": 23, "pvalue": 0.0117483338408485, "low": None,
     "high": 4.21487215536062},
]
WELCH: list[TwoSample] = [
    {"a": "intercom", "b": "m2", "mu": 0, "alternative": "two-sided", "confidence": 0.95,
     "statistic": -0.879130628780825, "df": 79.2867397603797, "pvalue": 0.381987096419935,
     "low": -0.725329932533207, "high": 0.280885488088763},
    {"a": "m1", "b": "m2", "mu": 0, "alternative": "two-sided", "confidence": 0.9,
     "statistic": 0.481556058743311, "df": 45.0220107791428, "pvalue": 0.632453854047861,
     "low": -0.380029449904297, "high": 0.685585005459852},
    {"a": "m1", "b": "m2", "mu": 0.2, "alternative": "greater", "confidence": 0.95,
     "statistic": -0.148844599975206, "df": 45.0220107791428, "pvalue": 0.55882951439391,
     "low": -0.380029449904297, "high": None},
    {"a": "intercom", "b": "ces", "mu": -0.3, "alternative": "less", "confidence": 0.95,
     "statistic": 4.56716718020569, "df": 55.3234804801191, "pvalue": 0.999985969887988, "low": None,
     "high": 0.806552304938545},
    {"a": "ces", "b": "intercom", "mu": 0, "alternative": "two-sided", "confidence": 0.95,
     "statistic": -2.8754169899828, "df": 55.3234804801191, "pvalue": 0.00571806010386847,
     "low": -0.865233848278578, "high": -0.154568131919442},
]
PAIRED: list[TwoSample] = [
    {"a": "after", "b": "m1", "mu": 0, "alternative": "two-sided", "confidence": 0.95,
     "statistic": 2.01465221053455, "df": 23, "pvalue": 0.0557779186953877, "low": -0.00670157851589737,
     "high": 0.506701578515897},
    {"a": "after", "b": "m1", "mu": 0.1, "alternative": "greater", "confidence": 0.95,
     "statistic": 1.20879132632073, "df": 23, "pvalue": 0.11951187189562, "low": 0.0373241447350979,
     "high": None},
    {"a": "after", "b": "m1", "mu": 0.5, "alternative": "less", "confidence": 0.9,
     "statistic": -2.01465221053455, "df": 23, "pvalue": 0.0278889593476938, "low": None,
     "high": 0.413733004748505},
]
SVYMEAN: list[SurveyMean] = [
    {"data": "m1", "ids": "~1", "confidence": 0.95, "mean": 3.77669039145907, "se": 0.282599907106993,
     "df": 23, "low": 3.19208794291848, "high": 4.36129283999967},
    {"data": "m1", "ids": "~1", "confidence": 0.9, "mean": 3.77669039145907, "se": 0.282599907106993,
     "df": 23, "low": 3.29235045692444, "high": 4.26103032599371},
    {"data": "m1", "ids": "~cluster", "confidence": 0.95, "mean": 3.77669039145907, "se": 0.313408087285451,
     "df": 7, "low": 3.03559802761859, "high": 4.51778275529956},
    {"data": "m1", "ids": "~cluster", "confidence": 0.9, "mean": 3.77669039145907, "se": 0.313408087285451,
     "df": 7, "low": 3.18291413462588, "high": 4.37046664829227},
    {"data": "m2", "ids": "~1", "confidence": 0.95, "mean": 3.77783063748811, "se": 0.199124396711463,
     "df": 35, "low": 3.3735866210161, "high": 4.18207465396011},
    {"data": "m2", "ids": "~1", "confidence": 0.9, "mean": 3.77783063748811, "se": 0.199124396711463,
     "df": 35, "low": 3.44139554113231, "high": 4.11426573384391},
    {"data": "m2", "ids": "~cluster", "confidence": 0.95, "mean": 3.77783063748811, "se": 0.240951758872238,
     "df": 11, "low": 3.24749939191233, "high": 4.30816188306388},
    {"data": "m2", "ids": "~cluster", "confidence": 0.9, "mean": 3.77783063748811, "se": 0.240951758872238,
     "df": 11, "low": 3.34510903168942, "high": 4.2105522432868},
]
# fmt: on
