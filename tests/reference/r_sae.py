"""Fay-Herriot EBLUP (REML) and its Prasad-Rao MSE: the issue's R sae::eblupFH numbers and base R.

Eight segments (detractors, passives, promoters); each segment's direct
estimate is its NPS in points and its sampling variance the pooled variance
of one response (p + d - (p - d)^2 over all segments) x 10^4 / n.
``sae::eblupFH(y ~ 1, vardir = psi, method = "REML")`` gave the EBLUPs
below to four decimals (quoted in issue 18; sae is not installable here).
The base-R check maximises the REML log-likelihood over sigma2_u
(``optimize``, polished by ``uniroot`` on its derivative) and applies the
Prasad-Rao MSE with the REML g3 term, as ``sae::mseFH``.
"""

from __future__ import annotations

COUNTS: tuple[tuple[int, int, int], ...] = (
    (30, 50, 120),
    (12, 20, 28),
    (5, 6, 9),
    (2, 3, 5),
    (40, 60, 100),
    (1, 2, 4),
    (9, 11, 10),
    (0, 1, 3),
)

# sae::eblupFH(y ~ 1, vardir = psi, method = "REML")$eblup, as quoted in issue 18 (4 decimals).
SAE_EBLUP: tuple[float, ...] = (41.5268, 28.9429, 28.4515, 30.8776, 30.2509, 32.1456, 22.3662, 33.5222)

# Produced by (Rscript, base R only):
#   # Fay-Herriot EBLUP by REML in base R (independent of sae::eblupFH), R.version.string below.
#   counts <- rbind(c(30, 50, 120), c(12, 20, 28), c(5, 6, 9), c(2, 3, 5),
#                   c(40, 60, 100), c(1, 2, 4), c(9, 11, 10), c(0, 1, 3))
#   n <- rowSums(counts)
#   y <- 100 * (counts[, 3] - counts[, 1]) / n                 # direct NPS, points
#   pooled <- colSums(counts) / sum(counts)
#   V <- pooled[3] + pooled[1] - (pooled[3] - pooled[1])^2      # pooled variance of one response
#   psi <- 1e4 * V / n                                          # sampling variances, points^2
#   reml <- function(A) {                                       # REML log-likelihood, X = 1
#     w <- 1 / (A + psi); mu <- sum(w * y) / sum(w)
#     -0.5 * (sum(log(A + psi)) + log(sum(w)) + sum(w * (y - mu)^2))
#   }
#   A <- optimize(reml, c(0, 1e4), maximum = TRUE, tol = 1e-12)$maximum
#   score <- function(A) {                                      # d reml / dA, to polish the optimum
#     w <- 1 / (A + psi); mu <- sum(w * y) / sum(w); Py <- w * (y - mu)
#     -0.5 * (sum(w) - sum(w^2) / sum(w)) + 0.5 * sum(Py^2)
#   }
#   A <- uniroot(score, c(A / 2, 2 * A), tol = 1e-14)$root
#   w <- 1 / (A + psi); mu <- sum(w * y) / sum(w); B <- psi / (A + psi)
#   eblup <- y - B * (y - mu)
#   mse <- (1 - B) * psi + B^2 / sum(w) + 2 * B^2 * (2 / sum(w^2)) / (A + psi)  # Prasad-Rao, REML
#   cat(R.version.string, "\n")
#   cat(sprintf("A = %.12g, mu = %.12g\n", A, mu))
#   cat(sprintf("eblup = c(%s)\n", paste(sprintf("%.10f", eblup), collapse = ", ")))
#   cat(sprintf("mse = c(%s)\n", paste(sprintf("%.10f", mse), collapse = ", ")))
# Output:
#   R version 4.2.2 Patched (2022-11-10 r83330)
#   A = 90.3736188869, mu = 31.0104502994
#   eblup = c(41.5267694727, 28.9428698169, 28.4514905297, 30.8775909053, 30.2508677478,
#             32.1455931091, 22.3662235469, 33.5221972665)
#   mse = c(35.3114154846, 86.9122043393, 120.5131850959, 126.0742713248, 35.3114154846,
#           126.4325751856, 112.0787379013, 125.7528356087)
BASE_R_VARIANCE = 90.3736188869  # A, the between-segment variance (points^2)
BASE_R_MEAN = 31.0104502994
# fmt: off
BASE_R_EBLUP: tuple[float, ...] = (
    41.5267694727, 28.9428698169, 28.4514905297, 30.8775909053,
    30.2508677478, 32.1455931091, 22.3662235469, 33.5221972665,
)
BASE_R_MSE: tuple[float, ...] = (
    35.3114154846, 86.9122043393, 120.5131850959, 126.0742713248,
    35.3114154846, 126.4325751856, 112.0787379013, 125.7528356087,
)
# fmt: on
