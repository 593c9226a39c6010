"""R boot: BCa bootstrap interval of NPS from one data set, 20,000 resamples.

The data are counts (detractors, passives, promoters) = COUNTS, as responses
coded -100/0/+100. ``boot.ci`` computes the bias correction as
``qnorm(mean(t < t0))``; NPS is discrete, so some replicates equal t0 exactly
(P_TIE of them), and netpromoter (like scipy.stats.bootstrap) counts those
ties half. The "mid-rank" rows replay boot.ci's BCa from the same replicates
with that one change, to separate the convention from Monte Carlo error.
"""

from __future__ import annotations

from typing import TypedDict


class BCaInterval(TypedDict):
    convention: str  # "boot.ci" (w = qnorm(mean(t < t0))) or "mid-rank" (ties count half)
    confidence: float
    low: float  # NPS points
    high: float
    low_level: float  # adjusted level of the lower end, pnorm(w + (w + z)/(1 - a (w + z)))
    high_level: float  # ... and of the upper end


COUNTS = (55, 70, 125)
RESAMPLES = 20000
SEED = 20240601  # set.seed() before boot()

# Produced by (R 4.2.2, boot 1.3-28.1):
#   library(boot)  # boot 1.3-28.1 on R 4.2.2
#   counts <- c(55, 70, 125)  # detractors, passives, promoters
#   y <- rep(c(-100, 0, 100), counts)
#   # NPS as an exact function of the resampled counts, so that ties with t0 are exact
#   statistic <- function(y, i) 100 * (sum(y[i] > 0) - sum(y[i] < 0)) / length(i)
#   set.seed(20240601)
#   b <- boot(y, statistic, R = 20000)
#   # L: exact empirical influence values of the mean (the jackknife's up to scale), so that the
#   # acceleration is exact, as in netpromoter, rather than estimated by regression on b$t.
#   L <- y - mean(y)
#   ci <- boot.ci(b, conf = c(0.95, 0.90), type = "bca", L = L)
#   stopifnot(all(ci$bca == boot.ci(b, conf = c(0.95, 0.90), type = "bca")$bca))  # same with default L
#   # Mid-rank variant from the same replicates: boot's bca.ci takes w = qnorm(mean(t < t0));
#   # here ties with t0 count half (as scipy.stats.bootstrap's percentileofscore(kind="rank")).
#   a <- sum(L^3) / (6 * sum(L^2)^1.5)
#   z <- qnorm(c(0.025, 0.975, 0.05, 0.95))
#   level <- function(w) pnorm(w + (w + z) / (1 - a * (w + z)))
#   strict_level <- level(qnorm(mean(b$t < b$t0)))  # bca.ci's adjusted levels, exactly
#   stopifnot(all(abs(20001 * strict_level - c(t(ci$bca[, 2:3]))) < 0.01))
#   mid_level <- level(qnorm(mean(b$t < b$t0) + 0.5 * mean(b$t == b$t0)))
#   mid <- boot:::norm.inter(b$t, mid_level)[, 2]
#   num <- function(v) sprintf("%.15g", v)
#   cat(sprintf("t0 = %s; sd(b$t) = %s; mean(b$t < t0) = %s;\nmean(b$t == t0) = %s; a = %s\n",
#               num(b$t0), num(sd(b$t)), num(mean(b$t < b$t0)), num(mean(b$t == b$t0)), num(a)))
#   for (j in 1:2) {
#     cat(sprintf(paste0('    {"convention": "boot.ci", "confidence": %s, "low": %s, "high": %s,',
#                        ' "low_level": %s, "high_level": %s},\n'),
#                 ci$bca[j, 1], num(ci$bca[j, 4]), num(ci$bca[j, 5]),
#                 num(strict_level[2 * j - 1]), num(strict_level[2 * j])))
#   }
#   for (j in 1:2) {
#     cat(sprintf(paste0('    {"convention": "mid-rank", "confidence": %s, "low": %s, "high": %s,',
#                        ' "low_level": %s, "high_level": %s},\n'),
#                 c(0.95, 0.90)[j], num(mid[2 * j - 1]), num(mid[2 * j]),
#                 num(mid_level[2 * j - 1]), num(mid_level[2 * j])))
#   }
# which printed:
#   t0 = 28; sd(b$t) = 5.08054919584552; mean(b$t < t0) = 0.481;
#   mean(b$t == t0) = 0.0316; a = -0.0057613965363695
T0 = 28  # b$t0
SD = 5.08054919584552  # sd(b$t): the bootstrap SE
P_BELOW = 0.481  # mean(b$t < b$t0)
P_TIE = 0.0316  # mean(b$t == b$t0)
ACCELERATION = -0.0057613965363695  # sum(L^3) / (6 * sum(L^2)^1.5)
# fmt: off
BCA: list[BCaInterval] = [
    {"convention": "boot.ci", "confidence": 0.95, "low": 17.2, "high": 37.2, "low_level": 0.0188204027725932,
     "high_level": 0.967396509395196},
    {"convention": "boot.ci", "confidence": 0.9, "low": 18.8, "high": 35.6, "low_level": 0.0394752831453155,
     "high_level": 0.937608326319916},
    {"convention": "mid-rank", "confidence": 0.95, "low": 17.6, "high": 37.6, "low_level": 0.022827115296836,
     "high_level": 0.972710589983562},
    {"convention": "mid-rank", "confidence": 0.9, "low": 19.6, "high": 36, "low_level": 0.0467920056685194,
     "high_level": 0.946684121613682},
]
# fmt: on
