"""R (4.2.2, base stats) for CSAT, CES and other rating metrics through the public API.

Samples (1-5 ratings):

    a <- c(rep(5,10), rep(4,20), rep(3,10), rep(2,5), rep(1,5))   # Intercom's CSAT example
    b <- c(rep(5,5), rep(4,15), rep(3,15), rep(2,10), rep(1,5))

Each number below is printed by the R call beside it (``print(..., digits = 15)``).
"""

from __future__ import annotations

A = [5] * 10 + [4] * 20 + [3] * 10 + [2] * 5 + [1] * 5
B = [5] * 5 + [4] * 15 + [3] * 15 + [2] * 10 + [1] * 5

# Intercom's published example (CSAT 60%): the numbers, reproduced in R.
INTERCOM = {
    # prop.test(30, 50, correct = FALSE)$conf.int
    "wilson": (46.18144, 72.39161),
    # binom.test(30, 50)$conf.int
    "exact": (45.17940, 73.59216),
    # t.test(a)$conf.int; mean(a) = 3.5
    "t": (3.154307, 3.845693),
}

# prop.test(c(30, 20), c(50, 50), correct = FALSE): X-squared, p-value
TWO_SHARES_30_20 = (4.0, 0.0455002638963585)
# prop.test(c(45, 25), c(50, 50), correct = FALSE)
TWO_SHARES_45_25 = (19.0476190476190, 1.27496749210971e-05)
# prop.test(45, 50, p = 0.6, correct = FALSE): X-squared, p-value, conf.int
SHARE_VS_60 = (18.75, 1.49023357924277e-05, 0.786397685625204, 0.956524235068110)
# G test of the 2x2 table (45, 5 | 25, 25): O <- matrix(c(45,5,25,25), 2, byrow = TRUE);
# E <- outer(rowSums(O), colSums(O)) / sum(O); G <- 2 * sum(O * log(O / E));
# c(G, pchisq(G, 1, lower.tail = FALSE))
G_TEST_45_25 = (20.3498450158393, 6.44983119783159e-06)
# mcnemar.test(table(a >= 4, b >= 4), correct = FALSE): chi-squared, p-value (a, b as pairs)
MCNEMAR_TOP_BOX = (10.0, 0.00156540225800255)
# t.test(a, b): t, df, p-value, conf.int (Welch)
WELCH_A_B = (
    1.6915418613244950,
    97.6669675569479097,
    0.0939219035806995,
    -0.0692883050801986,
    0.8692883050801985,
)
# t.test(a, mu = 3.2)
ONE_SAMPLE_A_32 = (1.7439550769285381, 49.0, 0.0874379478684145, 3.1543072816987046, 3.8456927183012954)
# t.test(a, b, paired = TRUE)
PAIRED_A_B = (5.71547606649408, 49.0, 6.40212178579602e-07, 0.259359030551453, 0.540640969448547)

# Kendall and Spearman on 20 respondents' NPS and CSAT answers:
#   x <- c(10,9,9,8,7,6,3,10,9,10,0,5,7,8,9,10,2,6,9,9)
#   y <- c(5,4,5,4,3,3,1,5,4,5,1,2,4,3,4,5,2,3,5,4)
#   ct <- cor.test(x, y, method = "kendall", exact = FALSE)  # estimate, statistic (z), p.value
#   cor(x, y, method = "spearman")
RANK_X = [10, 9, 9, 8, 7, 6, 3, 10, 9, 10, 0, 5, 7, 8, 9, 10, 2, 6, 9, 9]
RANK_Y = [5, 4, 5, 4, 3, 3, 1, 5, 4, 5, 1, 2, 4, 3, 4, 5, 2, 3, 5, 4]
KENDALL = (0.868766864911141, 4.73870417387944, 2.15089238835451e-06)
SPEARMAN = 0.92972822683999
