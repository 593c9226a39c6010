"""Log-odds ratios with a Dirichlet prior ("Fightin' Words"), vectorised over a vocabulary.

Monroe, Colaresi & Quinn (2008), section 3.5: with y_w^i the count of term w
in corpus i, n^i the corpus size and alpha_w the prior pseudo-count of w
(alpha_0 = sum of alpha_w), the log-odds ratio of w in corpus i versus j is

    delta_w = log((y_w^i + a_w) / (n^i + a_0 - y_w^i - a_w))
            - log((y_w^j + a_w) / (n^j + a_0 - y_w^j - a_w))        (eq. 16)

with variance approximately 1 / (y_w^i + a_w) + 1 / (y_w^j + a_w) (eq. 18),
and z_w = delta_w / sqrt(variance) (eq. 22).
"""

from __future__ import annotations

import numpy as np

from ..typing import FloatArray

__all__ = ["fightin_words", "log_odds_against_all"]


def fightin_words(
    focus: FloatArray,
    reference: FloatArray,
    prior: FloatArray,
    *,
    totals: tuple[float, float] | None = None,
    prior_total: float | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Monroe et al.'s delta and z of every term, ``focus`` versus ``reference``.

    ``focus``, ``reference`` and ``prior`` hold each term's count in the two
    corpora and its pseudo-count. The corpus sizes n and alpha_0 are their
    sums over these terms, unless ``totals`` (n of each corpus) and
    ``prior_total`` (alpha_0) give them for a larger vocabulary of which only
    some terms are scored. Matches the reference implementation
    jmhessel/FightingWords (``bayes_compare_language``) with the same
    vocabulary and priors.

    Examples
    --------
    >>> import numpy as np
    >>> delta, z = fightin_words(np.array([10.0, 5]), np.array([5.0, 10]), np.full(2, 0.5))
    >>> np.round(delta, 4).tolist(), np.round(z, 4).tolist()
    ([1.2933, -1.2933], [2.457, -2.457])
    """
    a0 = prior.sum() if prior_total is None else prior_total
    n_focus, n_reference = (focus.sum(), reference.sum()) if totals is None else totals
    with np.errstate(divide="ignore", invalid="ignore"):
        focus_odds = np.log(focus + prior) - np.log(n_focus + a0 - focus - prior)
        reference_odds = np.log(reference + prior) - np.log(n_reference + a0 - reference - prior)
        delta = focus_odds - reference_odds
        z = delta / np.sqrt(1.0 / (focus + prior) + 1.0 / (reference + prior))
    return delta, z


def log_odds_against_all(
    counts: FloatArray, prior: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """Each set's weighted log-odds against all sets pooled, as R ``tidylo::bind_log_odds``.

    ``counts`` is (sets, terms). The default prior is empirical Bayes: each
    term's pseudo-count in every set is its total count over all sets (a
    method-of-moments Dirichlet estimate, Minka 2012); ``prior`` (one
    pseudo-count per term) replaces it, e.g. ones for tidylo's
    ``uninformative = TRUE``. With y = counts + prior, n_i the total of set
    i and y_w of term w: delta = log(y_wi / (n_i - y_wi)) - log(y_w / (sum(y)
    - y_w)) and z = delta / sqrt(1 / y_wi + 1 / y_w). Returns (delta, z),
    both (sets, terms).

    tidylo works on a tidy table, whose absent (set, term) pairs get no
    pseudo-count; here every pair is present, so the two agree whenever
    every pair has a row (as in its ``mtcars`` example).

    Examples
    --------
    >>> import numpy as np
    >>> counts = np.array([[12.0, 2, 4], [3, 10, 1]])  # mtcars: vs (rows) by gear (columns)
    >>> np.round(log_odds_against_all(counts)[1], 7).tolist()
    [[1.1728347, -1.3767516, 0.4033125], [-1.1354777, 1.5661168, -0.436234]]
    """
    alpha = counts.sum(axis=0) if prior is None else prior
    pseudo = counts + alpha
    term_total = pseudo.sum(axis=0)
    set_total = pseudo.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(pseudo / (set_total - pseudo)) - np.log(term_total / (pseudo.sum() - term_total))
        z = delta / np.sqrt(1.0 / pseudo + 1.0 / term_total)
    return delta, z
