"""Stuart-Maxwell test of marginal homogeneity for 3 x 3 transition tables, by hand in base R.

Rows: the category before (detractor, passive, promoter); columns: after.
d = row totals - column totals (first k - 1 categories); S the covariance of d:
S_ii = n_i. + n_.i - 2 n_ii, S_ij = -(n_ij + n_ji); statistic d' S^-1 d,
chi-squared with k - 1 degrees of freedom (Stuart 1955; Maxwell 1970). When S
is singular (the third table: only detractor -> promoter moves), the
Moore-Penrose inverse and df = rank(S), as R coin's ``mh_test`` does.
"""

from __future__ import annotations

from typing import TypedDict


class StuartMaxwell(TypedDict):
    table: tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]
    statistic: float
    df: int
    pvalue: float


# Produced by (R 4.2.2, base R and MASS):
#   stuart_maxwell <- function(tab) {
#     k <- nrow(tab)
#     d <- (rowSums(tab) - colSums(tab))[-k]
#     S <- -(tab + t(tab))
#     diag(S) <- rowSums(tab) + colSums(tab) - 2 * diag(tab)
#     S <- S[-k, -k, drop = FALSE]
#     r <- qr(S)$rank
#     stat <- if (r == nrow(S)) drop(t(d) %*% solve(S) %*% d) else drop(t(d) %*% MASS::ginv(S) %*% d)
#     c(statistic = stat, df = r, pvalue = pchisq(stat, r, lower.tail = FALSE))
#   }
#   num <- function(v) sprintf("%.15g", v)
#   tables <- list(
#     matrix(c(40, 25, 10, 15, 60, 30, 5, 20, 95), 3, byrow = TRUE),
#     matrix(c(12, 3, 1, 9, 20, 4, 6, 11, 30), 3, byrow = TRUE),
#     matrix(c(10, 0, 5, 0, 10, 0, 0, 0, 10), 3, byrow = TRUE)
#   )
#   for (tab in tables) {
#     res <- stuart_maxwell(tab)
#     cat(sprintf('{"table": %s, "statistic": %s, "df": %s, "pvalue": %s},\n',
#                 paste0("((", paste(apply(tab, 1, paste, collapse = ", "), collapse = "), ("), "))"),
#                 num(res["statistic"]), num(res["df"]), num(res["pvalue"])))
#   }
# fmt: off
TABLES: list[StuartMaxwell] = [
    {"table": ((40, 25, 10), (15, 60, 30), (5, 20, 95)),
     "statistic": 6.04477611940298, "df": 2, "pvalue": 0.0486848171808619},
    {"table": ((12, 3, 1), (9, 20, 4), (6, 11, 30)),
     "statistic": 9.62059620596206, "df": 2, "pvalue": 0.00814543115841048},
    {"table": ((10, 0, 5), (0, 10, 0), (0, 0, 10)),
     "statistic": 5, "df": 1, "pvalue": 0.0253473186774683},
]
# fmt: on
