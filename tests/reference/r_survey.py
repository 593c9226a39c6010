"""R survey: design-based (linearisation) SE of a weighted NPS, overall and per group.

With y coded -100/0/+100 per response, NPS is ``svymean(~y, design)``.
netpromoter's weighted SE is the same linearisation without survey's
n/(n - 1) factor, so ``se * sqrt(n / (n - 1))`` is svymean's SE (n responses).
``svyby(~y, ~g, design, svymean)`` estimates each group as a domain of the
whole design, so its factor is N/(N - 1) with N the responses of all groups.
With ``ids = ~cluster`` (``clusters=``) netpromoter's SE carries survey's
m/(m - 1) itself (m clusters; of the whole design for a group), so the two
are equal as they stand.
"""

from __future__ import annotations

from typing import TypedDict


class WeightedData(TypedDict):
    scores: tuple[int, ...]  # 0-10 scale
    weights: tuple[float, ...]
    clusters: tuple[int, ...] | None  # repeat respondents (ids = ~cluster)
    groups: tuple[str, ...]


class SurveyMean(TypedDict):
    data: str  # key of DATA
    nps: float  # coef(svymean(...)), NPS points
    se: float  # SE(svymean(...)), NPS points


class SurveyByRow(TypedDict):
    data: str
    group: str
    nps: float  # svyby(...)$y
    se: float  # svyby(...)$se


# Every number in this module was produced by this script (R 4.2.2, survey 4.1.1);
# DATA holds its data sets (score, w, cluster, g), copied from it by machine:
#   library(survey)  # survey 4.1.1 on R 4.2.2
#   sets <- list(
#     w1 = data.frame(
#       score = c(9, 7, 7, 10, 10, 5, 4, 6, 8, 6, 9, 9),
#       w = c(0.58, 1.83, 0.31, 1.56, 2.93, 2.46, 1.91, 1.18, 0.86, 1.5, 1.05, 2.66),
#       cluster = NA,
#       g = c("c", "a", "b", "a", "c", "c", "b", "a", "a", "a", "a", "a")),
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
#   out <- function(kind, name, ids, group, m) {
#     cat(sprintf('    {"kind": "%s", "data": "%s", "ids": "%s", "group": %s, "nps": %s, "se": %s},\n',
#                 kind, name, ids, group, num(m[1]), num(m[2])))
#   }
#   for (name in names(sets)) {
#     d <- sets[[name]]
#     d$y <- ifelse(d$score <= 6, -100, ifelse(d$score >= 9, 100, 0))
#     designs <- list("~1" = svydesign(ids = ~1, weights = ~w, data = d))
#     if (!anyNA(d$cluster)) designs[["~cluster"]] <- svydesign(ids = ~cluster, weights = ~w, data = d)
#     for (ids in names(designs)) {
#       des <- designs[[ids]]
#       m <- svymean(~y, des)
#       out("svymean", name, ids, "None", c(coef(m), SE(m)))
#       by <- svyby(~y, ~g, des, svymean)
#       for (i in seq_len(nrow(by))) out("svyby", name, ids, sprintf('"%s"', by$g[i]), c(by$y[i], by$se[i]))
#     }
#   }
# fmt: off
DATA: dict[str, WeightedData] = {
    "w1": {
        "scores": (9, 7, 7, 10, 10, 5, 4, 6, 8, 6, 9, 9),
        "weights": (0.58, 1.83, 0.31, 1.56, 2.93, 2.46, 1.91, 1.18, 0.86, 1.5, 1.05, 2.66),
        "clusters": None,
        "groups": ("c", "a", "b", "a", "c", "c", "b", "a", "a", "a", "a", "a"),
    },
    "w2": {
        "scores": (8, 7, 10, 7, 10, 8, 8, 10, 10, 4, 7, 6, 10, 9, 8, 10, 8, 9, 7, 0, 9, 8, 8, 7),
        "weights": (0.98, 1.84, 1.2, 1.45, 0.85, 1.66, 1.88, 1.43, 1.39, 2.85, 0.43, 1.18, 1.7, 1.92, 0.41,
                    0.95, 0.45, 0.32, 1.17, 1.4, 2.62, 0.34, 2.23, 1.53),
        "clusters": (2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 7, 7, 8, 8, 9, 9, 9, 10, 10, 10),
        "groups": ("b", "a", "a", "a", "c", "b", "b", "a", "c", "c", "c", "a", "a", "c", "c", "b", "c", "a",
                   "b", "b", "a", "a", "b", "b"),
    },
    "w3": {
        "scores": (6, 7, 9, 8, 0, 10, 7, 8, 5, 8, 10, 7, 10, 9, 9, 10, 8, 5, 9, 9, 10, 5, 7, 10, 9, 6, 8, 8,
                   5, 9, 2, 2, 7, 8, 9, 10),
        "weights": (0.92, 0.7, 0.66, 0.5, 0.72, 0.89, 2.86, 2.66, 0.68, 2.41, 0.32, 2.09, 1.14, 1.27, 0.91,
                    1.82, 2.81, 2.54, 2.5, 1.68, 2.93, 2.57, 1.99, 2.7, 0.54, 0.89, 2.75, 0.79, 0.52, 1.35,
                    2.24, 1.91, 1.74, 2.31, 2.55, 0.36),
        "clusters": (1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4, 6, 6, 6, 6, 7, 9, 9, 9, 9, 10, 11, 11, 13, 13, 14, 14,
                     14, 15, 16, 16, 16, 16, 17, 17, 18),
        "groups": ("c", "c", "c", "c", "c", "c", "b", "c", "c", "b", "a", "c", "b", "a", "a", "a", "b", "c",
                   "a", "c", "a", "b", "b", "b", "c", "c", "b", "a", "b", "c", "c", "a", "c", "a", "a",
                   "c"),
    },
}
# fmt: on

# svymean(~y, svydesign(ids = ~1, weights = ~w, data = d)): coef and SE (script above).
# fmt: off
SVYMEAN: list[SurveyMean] = [
    {"data": "w1", "nps": 9.18746680828465, "se": 31.4022175549902},
    {"data": "w2", "nps": 21.597265382225, "se": 17.5742531246342},
    {"data": "w3", "nps": 14.8230848505668, "se": 13.9549829533876},
]
# fmt: on

# svyby(~y, ~g, svydesign(ids = ~1, weights = ~w, data = d), svymean): y and se (script above).
# fmt: off
SVYBY: list[SurveyByRow] = [
    {"data": "w1", "group": "a", "nps": 24.3421052631579, "se": 33.9313100132443},
    {"data": "w1", "group": "b", "nps": -86.0360360360361, "se": 17.7459147331052},
    {"data": "w1", "group": "c", "nps": 17.5879396984925, "se": 66.4511176189987},
    {"data": "w2", "group": "a", "nps": 50.4139072847682, "se": 23.6997624741191},
    {"data": "w2", "group": "b", "nps": -3.8135593220339, "se": 14.5093959614782},
    {"data": "w2", "group": "c", "nps": 15.7831325301205, "se": 48.2974043146816},
    {"data": "w3", "group": "a", "nps": 60.0231080300404, "se": 23.3146991086114},
    {"data": "w3", "group": "b", "nps": 3.79746835443038, "se": 20.1550306375427},
    {"data": "w3", "group": "c", "nps": -11.8620037807183, "se": 20.9105566842489},
]
# fmt: on

# svymean(~y, svydesign(ids = ~cluster, weights = ~w, data = d)): coef and SE (script above).
# fmt: off
CLUSTER_SVYMEAN: list[SurveyMean] = [
    {"data": "w2", "nps": 21.597265382225, "se": 14.4573793778966},
    {"data": "w3", "nps": 14.8230848505668, "se": 13.4848453387593},
]
# fmt: on

# svyby(~y, ~g, svydesign(ids = ~cluster, weights = ~w, data = d), svymean) (script above).
# fmt: off
CLUSTER_SVYBY: list[SurveyByRow] = [
    {"data": "w2", "group": "a", "nps": 50.4139072847682, "se": 17.0224857921295},
    {"data": "w2", "group": "b", "nps": -3.8135593220339, "se": 14.7917484497309},
    {"data": "w2", "group": "c", "nps": 15.7831325301205, "se": 50.8725919509927},
    {"data": "w3", "group": "a", "nps": 60.0231080300404, "se": 21.8712089533326},
    {"data": "w3", "group": "b", "nps": 3.79746835443038, "se": 20.8380868581036},
    {"data": "w3", "group": "c", "nps": -11.8620037807183, "se": 8.51152523707818},
]
# fmt: on


class DesignEffect(TypedDict):
    data: str
    clustered: float  # deff(svymean(~y, svydesign(ids = ~cluster, weights = ~w), deff = "replace"))
    weighted: float  # the same with ids = ~1


class Contrast(TypedDict):
    a: str  # key of DATA: sample a
    b: str  # key of DATA: sample b
    difference: float  # NPS(a) - NPS(b), points
    se: float


# More of survey for clusters= (issue 13): unweighted clustered designs, missing
# scores, a domain of two groups, design effects and the difference of two
# independent clustered samples. Every number below was printed by this script
# (R 4.2.2, survey 4.1.1), run on the data sets w2 and w3 of DATA:
#   library(survey)  # survey 4.1.1 on R 4.2.2
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
#   mean_row <- function(name, m) {
#     cat(sprintf('    {"data": "%s", "nps": %s, "se": %s},\n', name, num(coef(m)), num(SE(m))))
#   }
#   tables <- list(unweighted = "", by = "", missing = "", window = "", deff = "")
#   for (name in names(sets)) {
#     d <- sets[[name]]
#     d$y <- ifelse(d$score <= 6, -100, ifelse(d$score >= 9, 100, 0))
#     d$one <- 1  # unweighted: every weight 1
#     des1 <- svydesign(ids = ~cluster, weights = ~one, data = d)
#     tables$unweighted <- c(tables$unweighted, capture.output(mean_row(name, svymean(~y, des1))))
#     by <- svyby(~y, ~g, des1, svymean)
#     for (i in seq_len(nrow(by))) {
#       tables$by <- c(tables$by, sprintf('    {"data": "%s", "group": "%s", "nps": %s, "se": %s},',
#                                         name, by$g[i], num(by$y[i]), num(by$se[i])))
#     }
#     desw <- svydesign(ids = ~cluster, weights = ~w, data = d)
#     # responses 3 and 4 (1-based) skipped the question; their clusters stay in the design
#     dm <- d; dm$y[c(3, 4)] <- NA
#     mm <- svymean(~y, svydesign(ids = ~cluster, weights = ~w, data = dm), na.rm = TRUE)
#     tables$missing <- c(tables$missing, capture.output(mean_row(name, mm)))
#     # groups a and b together (a rolling window of two periods): a domain of the whole design
#     ab <- svymean(~y, subset(desw, g %in% c("a", "b")))
#     tables$window <- c(tables$window, capture.output(mean_row(name, ab)))
#     # design effects against a with-replacement simple random sample of the same size
#     dc <- deff(svymean(~y, desw, deff = "replace"))
#     dw <- deff(svymean(~y, svydesign(ids = ~1, weights = ~w, data = d), deff = "replace"))
#     tables$deff <- c(tables$deff, sprintf('    {"data": "%s", "clustered": %s, "weighted": %s},',
#                                           name, num(dc), num(dw)))
#   }
#   for (t in names(tables)) { cat("#", t, "\n"); cat(tables[[t]][-1], sep = "\n"); cat("\n") }
#   # two independent samples, w2 (a) and w3 (b): the samples are strata, clusters nested in them
#   both <- rbind(transform(sets$w2, s = "a"), transform(sets$w3, s = "b"))
#   both$y <- ifelse(both$score <= 6, -100, ifelse(both$score >= 9, 100, 0))
#   desb <- svydesign(ids = ~cluster, strata = ~s, weights = ~w, nest = TRUE, data = both)
#   con <- svycontrast(svyby(~y, ~s, desb, svymean, covmat = TRUE), c(1, -1))
#   cat(sprintf('    {"a": "w2", "b": "w3", "difference": %s, "se": %s},\n', num(coef(con)), num(SE(con))))

# svymean(~y, svydesign(ids = ~cluster, weights = ~one)), every weight 1 (# unweighted above).
# fmt: off
CLUSTER_SVYMEAN_UNWEIGHTED: list[SurveyMean] = [
    {"data": "w2", "nps": 25, "se": 12.1030729568982},
    {"data": "w3", "nps": 16.6666666666667, "se": 13.4691877344023},
]
# fmt: on

# svyby(~y, ~g, svydesign(ids = ~cluster, weights = ~one), svymean) (# by above).
# fmt: off
CLUSTER_SVYBY_UNWEIGHTED: list[SurveyByRow] = [
    {"data": "w2", "group": "a", "nps": 44.4444444444444, "se": 17.1733675842513},
    {"data": "w2", "group": "b", "nps": 0, "se": 18.75},
    {"data": "w2", "group": "c", "nps": 28.5714285714286, "se": 30.9168518521288},
    {"data": "w3", "group": "a", "nps": 60, "se": 21.3139793160666},
    {"data": "w3", "group": "b", "nps": 0, "se": 23.0021853114118},
    {"data": "w3", "group": "c", "nps": 0, "se": 14.9144868481503},
]
# fmt: on

#: 0-based positions of the responses whose score is missing in CLUSTER_MISSING (R: 3 and 4).
MISSING_POSITIONS = (2, 3)

# svymean(~y, ..., na.rm = TRUE) with those scores missing, weighted, ids = ~cluster (# missing above).
# fmt: off
CLUSTER_MISSING: list[SurveyMean] = [
    {"data": "w2", "nps": 19.4717236708432, "se": 15.778917158705},
    {"data": "w3", "nps": 13.9677532422012, "se": 13.798986885945},
]
# fmt: on

# svymean(~y, subset(design, g %in% c("a", "b"))), weighted, ids = ~cluster (# window above).
# fmt: off
CLUSTER_DOMAIN_AB: list[SurveyMean] = [
    {"data": "w2", "nps": 23.6180904522613, "se": 5.95135980561255},
    {"data": "w3", "nps": 30.0593631948192, "se": 17.8972822194876},
]
# fmt: on

# deff = "replace" of svymean, clustered and weighted only (# deff above).
# fmt: off
DESIGN_EFFECTS: list[DesignEffect] = [
    {"data": "w2", "clustered": 0.948562525064779, "weighted": 1.40165316654087},
    {"data": "w3", "clustered": 1.11169810975807, "weighted": 1.19056619851924},
]
# fmt: on

# svycontrast(svyby(~y, ~s, svydesign(ids = ~cluster, strata = ~s, weights = ~w, nest = TRUE),
# svymean, covmat = TRUE), c(1, -1)): w2 and w3 as two independent samples (last line above).
# fmt: off
CLUSTER_CONTRAST: list[Contrast] = [
    {"a": "w2", "b": "w3", "difference": 6.77418053165817, "se": 19.7701004622305},
]
# fmt: on
