"""Reference numbers computed in R, pinned as plain Python data.

One module per R package. Every table sits under the R script (or call) that
produced it, with the R and package versions, in the manner of statsmodels'
``stats/tests/results/results_proportion.py``; numbers are printed by R with
``sprintf("%.15g", ...)``. ``tests/test_reference.py`` parametrises over them.

- ``r_nps``: R package NPS (github brendan-r/NPS) one-sample intervals;
- ``r_survey``: ``survey::svymean`` / ``svyby`` linearisation SEs of weighted NPS;
- ``r_padjust``: ``stats::p.adjust`` (Holm, Bonferroni, BH);
- ``r_sandwich``: ``sandwich::vcovHC(type = "HC1")`` SE of the trend slope;
- ``r_boot``: ``boot::boot.ci(type = "bca")`` for NPS, 20,000 resamples;
- ``r_spc``: ``spc::xcusum.arl`` / ``xewma.arl`` run lengths (table only);
- ``r_sae``: Fay-Herriot EBLUP (``sae::eblupFH``, and REML in base R) with its MSE.

Tables for features that do not exist yet (clusters, monitoring) are stored
but not tested.
"""
