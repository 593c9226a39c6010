"""Binomial intervals for a share metric (CSAT, CES top box), computed in R 4.2.2.

``"wilson"`` is ``prop.test(x, n, correct = FALSE)$conf.int`` for whole
counts and its closed form otherwise; ``"exact"`` is ``binom.test(x,
n)$conf.int`` for whole counts and the same beta quantiles (``qbeta``)
otherwise; ``"jeffreys"`` is ``qbeta`` of Beta(x + 1/2, n - x + 1/2) with Brown,
Cai & DasGupta's boundary rule; ``"agresti-coull"`` (the ``binom`` package is
not installed) and ``"wald"`` are their formulas, clipped to [0, 1]. Two cases
have non-integer counts, as the effective counts of weighted data do.
The first case is the issue's Intercom example (CSAT: 30 of 50 answers 4 or 5).

The tests of ``_stats._sharetests``: ``ONE_SAMPLE`` is ``prop.test(x, n, p,
correct = FALSE)`` (the binomial score test, chi2 = z^2), ``TWO_SAMPLE``
``prop.test(c(xa, xb), c(na, nb), correct = FALSE)`` (the pooled score test)
and ``PAIRED`` ``mcnemar.test(..., correct = FALSE)`` from the numbers of
people who gained and lost the top box.
"""

from __future__ import annotations

from typing import TypedDict


class ShareInterval(TypedDict):
    x: float  # successes (top-box answers)
    n: float  # trials (answers)
    confidence: float
    method: str  # netpromoter's share method
    low: float
    high: float


class OneSampleTest(TypedDict):
    x: float
    n: float
    benchmark: float  # prop.test(p = ...)
    chi2: float  # r$statistic
    pvalue: float


class TwoSampleTest(TypedDict):
    xa: float
    na: float
    xb: float
    nb: float
    chi2: float
    pvalue: float


class PairedTest(TypedDict):
    gained: float  # people out of the top box before, in it after
    lost: float
    unchanged: float
    chi2: float
    pvalue: float


# Produced by (R 4.2.2):
#   cases <- list(c(30, 50), c(0, 20), c(20, 20), c(1, 10), c(9, 10), c(7, 9), c(150, 1000),
#                 c(45.5, 61.25), c(0.7, 3.2))
#   num <- function(v) sprintf("%.15g", v)
#   for (cs in cases) for (conf in c(0.95, 0.90)) {
#     x <- cs[1]; n <- cs[2]; a <- 1 - conf; z <- qnorm(1 - a / 2)
#     whole <- x == round(x)
#     # wilson: prop.test for whole counts; the same formula otherwise
#     if (whole) {
#       w <- prop.test(x, n, conf.level = conf, correct = FALSE)$conf.int
#     } else {
#       p <- x / n
#       w <- (p + z^2 / (2 * n) + c(-1, 1) * z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))) /
#         (1 + z^2 / n)
#     }
#     j <- qbeta(c(a / 2, 1 - a / 2), x + 0.5, n - x + 0.5)
#     if (x == 0) j[1] <- 0
#     if (x == n) j[2] <- 1
#     if (whole) {
#       e <- binom.test(x, n, conf.level = conf)$conf.int
#     } else {
#       e <- c(if (x == 0) 0 else qbeta(a / 2, x, n - x + 1),
#              if (x == n) 1 else qbeta(1 - a / 2, x + 1, n - x))
#     }
#     nt <- n + z^2; pt <- (x + z^2 / 2) / nt
#     ac <- pmin(pmax(pt + c(-1, 1) * z * sqrt(pt * (1 - pt) / nt), 0), 1)
#     p <- x / n
#     wd <- pmin(pmax(p + c(-1, 1) * z * sqrt(p * (1 - p) / n), 0), 1)
#     out <- list(wilson = w, jeffreys = j, exact = e, "agresti-coull" = ac, wald = wd)
#     for (m in names(out)) {
#       cat(sprintf('    {"x": %s, "n": %s, "confidence": %s, "method": "%s", "low": %s, "high": %s},\n',
#                   num(x), num(n), conf, m, num(out[[m]][1]), num(out[[m]][2])))
#     }
#   }
#   cat("TESTS\n")
#   # one sample: prop.test(x, n, p, correct = FALSE); two samples: prop.test(c(xa, xb), c(na, nb),
#   # correct = FALSE); paired: mcnemar.test(table, correct = FALSE) with b gained, c lost the top box
#   one <- list(c(30, 50, 0.45), c(30, 50, 0.7), c(12, 80, 0.1), c(95, 100, 0.9), c(0, 25, 0.05))
#   for (o in one) {
#     r <- prop.test(o[1], o[2], p = o[3], correct = FALSE)
#     cat(sprintf('    {"x": %s, "n": %s, "benchmark": %s, "chi2": %s, "pvalue": %s},\n',
#                 num(o[1]), num(o[2]), num(o[3]), num(r$statistic), num(r$p.value)))
#   }
#   cat("TWO\n")
#   two <- list(c(30, 50, 45, 60), c(88, 100, 250, 300), c(5, 30, 12, 25), c(29, 30, 20, 30))
#   for (o in two) {
#     r <- prop.test(c(o[1], o[3]), c(o[2], o[4]), correct = FALSE)
#     cat(sprintf('    {"xa": %s, "na": %s, "xb": %s, "nb": %s, "chi2": %s, "pvalue": %s},\n',
#                 num(o[1]), num(o[2]), num(o[3]), num(o[4]), num(r$statistic), num(r$p.value)))
#   }
#   cat("PAIRED\n")
#   pairs <- list(c(9, 3, 28), c(2, 11, 50), c(15, 14, 71))  # gained, lost, unchanged
#   for (o in pairs) {
#     r <- mcnemar.test(matrix(c(o[3], o[2], o[1], 0), 2), correct = FALSE)
#     cat(sprintf('    {"gained": %s, "lost": %s, "unchanged": %s, "chi2": %s, "pvalue": %s},\n',
#                 num(o[1]), num(o[2]), num(o[3]), num(r$statistic), num(r$p.value)))
#   }
# fmt: off
INTERVALS: list[ShareInterval] = [
    {"x": 30, "n": 50, "confidence": 0.95, "method": "wilson", "low": 0.461814377475894,
     "high": 0.723916102697435},
    {"x": 30, "n": 50, "confidence": 0.95, "method": "jeffreys", "low": 0.461743589443028,
     "high": 0.727047630280568},
    {"x": 30, "n": 50, "confidence": 0.95, "method": "exact", "low": 0.45179402847918,
     "high": 0.735921604905463},
    {"x": 30, "n": 50, "confidence": 0.95, "method": "agresti-coull", "low": 0.461634140667154,
     "high": 0.724096339506175},
    {"x": 30, "n": 50, "confidence": 0.95, "method": "wald", "low": 0.464209711910859,
     "high": 0.73579028808914},
    {"x": 30, "n": 50, "confidence": 0.9, "method": "wilson", "low": 0.483752705935233,
     "high": 0.705980656907513},
    {"x": 30, "n": 50, "confidence": 0.9, "method": "jeffreys", "low": 0.483895996167733,
     "high": 0.707766244826467},
    {"x": 30, "n": 50, "confidence": 0.9, "method": "exact", "low": 0.473880251130344,
     "high": 0.716869409084147},
    {"x": 30, "n": 50, "confidence": 0.9, "method": "agresti-coull", "low": 0.4836402734543,
     "high": 0.706093089388446},
    {"x": 30, "n": 50, "confidence": 0.9, "method": "wald", "low": 0.486041197884244,
     "high": 0.713958802115756},
    {"x": 0, "n": 20, "confidence": 0.95, "method": "wilson", "low": 0, "high": 0.161125158052819},
    {"x": 0, "n": 20, "confidence": 0.95, "method": "jeffreys", "low": 0, "high": 0.116638982904875},
    {"x": 0, "n": 20, "confidence": 0.95, "method": "exact", "low": 0, "high": 0.168433470983085},
    {"x": 0, "n": 20, "confidence": 0.95, "method": "agresti-coull", "low": 0, "high": 0.189809560542489},
    {"x": 0, "n": 20, "confidence": 0.95, "method": "wald", "low": 0, "high": 0},
    {"x": 0, "n": 20, "confidence": 0.9, "method": "wilson", "low": 0, "high": 0.119157837360964},
    {"x": 0, "n": 20, "confidence": 0.9, "method": "jeffreys", "low": 0, "high": 0.0904764265378722},
    {"x": 0, "n": 20, "confidence": 0.9, "method": "exact", "low": 0, "high": 0.139108340668265},
    {"x": 0, "n": 20, "confidence": 0.9, "method": "agresti-coull", "low": 0, "high": 0.14128771121032},
    {"x": 0, "n": 20, "confidence": 0.9, "method": "wald", "low": 0, "high": 0},
    {"x": 20, "n": 20, "confidence": 0.95, "method": "wilson", "low": 0.838874841947181, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.95, "method": "jeffreys", "low": 0.883361017095125, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.95, "method": "exact", "low": 0.831566529016915, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.95, "method": "agresti-coull", "low": 0.810190439457511, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.95, "method": "wald", "low": 1, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.9, "method": "wilson", "low": 0.880842162639035, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.9, "method": "jeffreys", "low": 0.909523573462128, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.9, "method": "exact", "low": 0.860891659331735, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.9, "method": "agresti-coull", "low": 0.85871228878968, "high": 1},
    {"x": 20, "n": 20, "confidence": 0.9, "method": "wald", "low": 1, "high": 1},
    {"x": 1, "n": 10, "confidence": 0.95, "method": "wilson", "low": 0.0178762130950729,
     "high": 0.404150026795238},
    {"x": 1, "n": 10, "confidence": 0.95, "method": "jeffreys", "low": 0.0110116737631612,
     "high": 0.381314771066616},
    {"x": 1, "n": 10, "confidence": 0.95, "method": "exact", "low": 0.00252857854446179,
     "high": 0.445016117028195},
    {"x": 1, "n": 10, "confidence": 0.95, "method": "agresti-coull", "low": 0, "high": 0.425967737394832},
    {"x": 1, "n": 10, "confidence": 0.95, "method": "wald", "low": 0, "high": 0.285938509691368},
    {"x": 1, "n": 10, "confidence": 0.9, "method": "wilson", "low": 0.0226349087308672,
     "high": 0.347718667335858},
    {"x": 1, "n": 10, "confidence": 0.9, "method": "jeffreys", "low": 0.0178919880557478,
     "high": 0.330562803260134},
    {"x": 1, "n": 10, "confidence": 0.9, "method": "exact", "low": 0.0051161968918237,
     "high": 0.394163302436505},
    {"x": 1, "n": 10, "confidence": 0.9, "method": "agresti-coull", "low": 0.00592825775468603,
     "high": 0.364425318312039},
    {"x": 1, "n": 10, "confidence": 0.9, "method": "wald", "low": 0, "high": 0.256044516362667},
    {"x": 9, "n": 10, "confidence": 0.95, "method": "wilson", "low": 0.595849973204762,
     "high": 0.982123786904927},
    {"x": 9, "n": 10, "confidence": 0.95, "method": "jeffreys", "low": 0.618685228933384,
     "high": 0.988988326236839},
    {"x": 9, "n": 10, "confidence": 0.95, "method": "exact", "low": 0.554983882971805,
     "high": 0.997471421455538},
    {"x": 9, "n": 10, "confidence": 0.95, "method": "agresti-coull", "low": 0.574032262605168, "high": 1},
    {"x": 9, "n": 10, "confidence": 0.95, "method": "wald", "low": 0.714061490308632, "high": 1},
    {"x": 9, "n": 10, "confidence": 0.9, "method": "wilson", "low": 0.652281332664142,
     "high": 0.977365091269133},
    {"x": 9, "n": 10, "confidence": 0.9, "method": "jeffreys", "low": 0.669437196739865,
     "high": 0.982108011944252},
    {"x": 9, "n": 10, "confidence": 0.9, "method": "exact", "low": 0.605836697563495,
     "high": 0.994883803108176},
    {"x": 9, "n": 10, "confidence": 0.9, "method": "agresti-coull", "low": 0.635574681687961,
     "high": 0.994071742245314},
    {"x": 9, "n": 10, "confidence": 0.9, "method": "wald", "low": 0.743955483637333, "high": 1},
    {"x": 7, "n": 9, "confidence": 0.95, "method": "wilson", "low": 0.452588969106989,
     "high": 0.936774892882153},
    {"x": 7, "n": 9, "confidence": 0.95, "method": "jeffreys", "low": 0.456175566880653,
     "high": 0.950698077023406},
    {"x": 7, "n": 9, "confidence": 0.95, "method": "exact", "low": 0.399906426283688,
     "high": 0.971855026522102},
    {"x": 7, "n": 9, "confidence": 0.95, "method": "agresti-coull", "low": 0.442792373064135,
     "high": 0.946571488925007},
    {"x": 7, "n": 9, "confidence": 0.95, "method": "wald", "low": 0.506166158497586, "high": 1},
    {"x": 7, "n": 9, "confidence": 0.9, "method": "wilson", "low": 0.503642782376754,
     "high": 0.923505262445604},
    {"x": 7, "n": 9, "confidence": 0.9, "method": "jeffreys", "low": 0.508363034852586,
     "high": 0.932688386431297},
    {"x": 7, "n": 9, "confidence": 0.9, "method": "exact", "low": 0.45035835049339,
     "high": 0.958976832493003},
    {"x": 7, "n": 9, "confidence": 0.9, "method": "agresti-coull", "low": 0.496225253991205,
     "high": 0.930922790831153},
    {"x": 7, "n": 9, "confidence": 0.9, "method": "wald", "low": 0.549834121353893, "high": 1},
    {"x": 150, "n": 1000, "confidence": 0.95, "method": "wilson", "low": 0.129210072513088,
     "high": 0.1734686584268},
    {"x": 150, "n": 1000, "confidence": 0.95, "method": "jeffreys", "low": 0.128893044207088,
     "high": 0.173129333436256},
    {"x": 150, "n": 1000, "confidence": 0.95, "method": "exact", "low": 0.128424811116173,
     "high": 0.173658128567036},
    {"x": 150, "n": 1000, "confidence": 0.95, "method": "agresti-coull", "low": 0.129169732143908,
     "high": 0.173508998795981},
    {"x": 150, "n": 1000, "confidence": 0.95, "method": "wald", "low": 0.127868890682153,
     "high": 0.172131109317847},
    {"x": 150, "n": 1000, "confidence": 0.9, "method": "wilson", "low": 0.132372420338811,
     "high": 0.169516349929021},
    {"x": 150, "n": 1000, "confidence": 0.9, "method": "jeffreys", "low": 0.132181799975205,
     "high": 0.169312094571252},
    {"x": 150, "n": 1000, "confidence": 0.9, "method": "exact", "low": 0.13170833153137,
     "high": 0.169836421758696},
    {"x": 150, "n": 1000, "confidence": 0.9, "method": "agresti-coull", "low": 0.132348489533873,
     "high": 0.16954028073396},
    {"x": 150, "n": 1000, "confidence": 0.9, "method": "wald", "low": 0.131426987578824,
     "high": 0.168573012421176},
    {"x": 45.5, "n": 61.25, "confidence": 0.95, "method": "wilson", "low": 0.62138570354392,
     "high": 0.835663509040969},
    {"x": 45.5, "n": 61.25, "confidence": 0.95, "method": "jeffreys", "low": 0.624003536599583,
     "high": 0.839375609220192},
    {"x": 45.5, "n": 61.25, "confidence": 0.95, "method": "exact", "low": 0.615151733020744,
     "high": 0.846053951567043},
    {"x": 45.5, "n": 61.25, "confidence": 0.95, "method": "agresti-coull", "low": 0.620487377255631,
     "high": 0.836561835329259},
    {"x": 45.5, "n": 61.25, "confidence": 0.95, "method": "wald", "low": 0.633402313342761,
     "high": 0.852311972371524},
    {"x": 45.5, "n": 61.25, "confidence": 0.9, "method": "wilson", "low": 0.642104811988172,
     "high": 0.823062058517014},
    {"x": 45.5, "n": 61.25, "confidence": 0.9, "method": "jeffreys", "low": 0.643830388970759,
     "high": 0.825286981928083},
    {"x": 45.5, "n": 61.25, "confidence": 0.9, "method": "exact", "low": 0.635045055972461,
     "high": 0.83223087094484},
    {"x": 45.5, "n": 61.25, "confidence": 0.9, "method": "agresti-coull", "low": 0.641547918883583,
     "high": 0.823618951621603},
    {"x": 45.5, "n": 61.25, "confidence": 0.9, "method": "wald", "low": 0.65099975428562,
     "high": 0.834714531428665},
    {"x": 0.7, "n": 3.2, "confidence": 0.95, "method": "wilson", "low": 0.0304606881048244,
     "high": 0.713910464828715},
    {"x": 0.7, "n": 3.2, "confidence": 0.95, "method": "jeffreys", "low": 0.0164441614049388,
     "high": 0.735209962017216},
    {"x": 0.7, "n": 3.2, "confidence": 0.95, "method": "exact", "low": 0.00133936770467362,
     "high": 0.837705817551397},
    {"x": 0.7, "n": 3.2, "confidence": 0.95, "method": "agresti-coull", "low": 0.0151494328872137,
     "high": 0.729221720046326},
    {"x": 0.7, "n": 3.2, "confidence": 0.95, "method": "wald", "low": 0, "high": 0.671691535333624},
    {"x": 0.7, "n": 3.2, "confidence": 0.9, "method": "wilson", "low": 0.0395467629550381,
     "high": 0.655654870223746},
    {"x": 0.7, "n": 3.2, "confidence": 0.9, "method": "jeffreys", "low": 0.0296575710280735,
     "high": 0.664837589705361},
    {"x": 0.7, "n": 3.2, "confidence": 0.9, "method": "exact", "low": 0.00361741131240004,
     "high": 0.78311665360454},
    {"x": 0.7, "n": 3.2, "confidence": 0.9, "method": "agresti-coull", "low": 0.0252754981044757,
     "high": 0.669926135074309},
    {"x": 0.7, "n": 3.2, "confidence": 0.9, "method": "wald", "low": 0, "high": 0.598870519084597},
]
ONE_SAMPLE: list[OneSampleTest] = [
    {"x": 30, "n": 50, "benchmark": 0.45, "chi2": 4.54545454545455, "pvalue": 0.0330062576612324},
    {"x": 30, "n": 50, "benchmark": 0.7, "chi2": 2.38095238095238, "pvalue": 0.122822648101392},
    {"x": 12, "n": 80, "benchmark": 0.1, "chi2": 2.22222222222222, "pvalue": 0.136037128114145},
    {"x": 95, "n": 100, "benchmark": 0.9, "chi2": 2.77777777777778, "pvalue": 0.0955807045456298},
    {"x": 0, "n": 25, "benchmark": 0.05, "chi2": 1.31578947368421, "pvalue": 0.251349108810223},
]
TWO_SAMPLE: list[TwoSampleTest] = [
    {"xa": 30, "na": 50, "xb": 45, "nb": 60, "chi2": 2.82857142857143, "pvalue": 0.0926006978206754},
    {"xa": 88, "na": 100, "xb": 250, "nb": 300, "chi2": 1.24705732646179, "pvalue": 0.264115257100072},
    {"xa": 5, "na": 30, "xb": 12, "nb": 25, "chi2": 6.26909184726522, "pvalue": 0.0122862098949475},
    {"xa": 29, "na": 30, "xb": 20, "nb": 30, "chi2": 9.01669758812616, "pvalue": 0.00267524305469983},
]
PAIRED: list[PairedTest] = [
    {"gained": 9, "lost": 3, "unchanged": 28, "chi2": 3, "pvalue": 0.0832645166635506},
    {"gained": 2, "lost": 11, "unchanged": 50, "chi2": 6.23076923076923, "pvalue": 0.0125549185969665},
    {"gained": 15, "lost": 14, "unchanged": 71, "chi2": 0.0344827586206897, "pvalue": 0.852683684334643},
]
# fmt: on
