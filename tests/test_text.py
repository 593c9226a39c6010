"""Comments to words, distinctive terms (Monroe et al. 2008) and lexicon themes."""

from __future__ import annotations

import functools
import math
import random
import unicodedata
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netpromoter as nps
from netpromoter._input import _text
from netpromoter._input._text import _each, count_grams, fold, term_key, tokenize
from netpromoter._stats._logodds import fightin_words, log_odds_against_all

# -- reference numbers -------------------------------------------------------------------------

# Monroe, Colaresi & Quinn (2008), informative Dirichlet prior: pseudo-count of each
# term = its background count + 0.01. z-scores from the reference implementation
# jmhessel/FightingWords, bayes_compare_language(l1, l2, prior=background + 0.01), with
# the vocabulary of the two corpora (the, and, cat, dog, purr, bark, leash, quantum).
CORPUS_A = {"the": 500, "cat": 40, "dog": 6, "purr": 9, "quantum": 1, "and": 300}
CORPUS_B = {"the": 520, "cat": 5, "dog": 44, "bark": 11, "and": 290, "leash": 7}
BACKGROUND = {"the": 1e5, "and": 8e4, "cat": 50, "dog": 50, "purr": 5, "bark": 5, "leash": 5, "quantum": 5}
FIGHTIN_WORDS_Z = {"cat": 2.8790441554595216, "dog": -3.068637214930627, "purr": 1.9757749829094806}

# R: library(dplyr); library(tidylo)
#    mtcars %>% count(vs, gear) %>% bind_log_odds(vs, gear, n)
# rows (vs, gear): (0, 3) n 12, (0, 4) 2, (0, 5) 4, (1, 3) 3, (1, 4) 10, (1, 5) 1
MTCARS_VS_GEAR = np.array([[12.0, 2, 4], [3, 10, 1]])
TIDYLO_WEIGHTED_LOG_ODDS = np.array([[1.1728347, -1.3767516, 0.4033125], [-1.1354777, 1.5661168, -0.4362340]])


def _corpus_texts(counts: dict[str, int]) -> list[str]:
    """One comment per word occurrence, shuffled: the counts are all that matters with ngrams=1."""
    words = [word for word, n in counts.items() for _ in range(n)]
    random.Random(0).shuffle(words)
    return words


def test_fightin_words_kernel_reproduces_the_reference_implementation() -> None:
    vocabulary = list(BACKGROUND)
    focus = np.array([CORPUS_A.get(w, 0) for w in vocabulary], dtype=float)
    reference = np.array([CORPUS_B.get(w, 0) for w in vocabulary], dtype=float)
    prior = np.array([BACKGROUND[w] for w in vocabulary]) + 0.01
    _, z = fightin_words(focus, reference, prior)
    for word, expected in FIGHTIN_WORDS_Z.items():
        assert z[vocabulary.index(word)] == pytest.approx(expected, abs=1e-9)


def test_distinctive_terms_with_background_counts_reproduces_monroe_et_al() -> None:
    texts = _corpus_texts(CORPUS_A) + _corpus_texts(CORPUS_B)
    groups = ["A"] * sum(CORPUS_A.values()) + ["B"] * sum(CORPUS_B.values())
    table = nps.distinctive_terms(texts, groups, focus="A", background=BACKGROUND, prior=0.01, ngrams=1)
    for word, expected in FIGHTIN_WORDS_Z.items():
        assert table[word].z == pytest.approx(expected, abs=1e-9)
    assert table["cat"].focus_count == 40 and table["cat"].reference_count == 5
    assert table.prior == "informative" and len(table) == 8
    # The same prior given term by term.
    pseudo = {word: count + 0.01 for word, count in BACKGROUND.items()}
    by_mapping = nps.distinctive_terms(texts, groups, focus="A", prior=pseudo, ngrams=1)
    assert by_mapping.z == table.z and by_mapping.terms == table.terms


def test_empirical_prior_kernel_matches_tidylo_on_mtcars() -> None:
    _, z = log_odds_against_all(MTCARS_VS_GEAR)
    np.testing.assert_allclose(z, TIDYLO_WEIGHTED_LOG_ODDS, atol=5e-8)  # R prints 7 decimals


@pytest.mark.parametrize(("focus", "reference", "row"), [(0, 1, 0), (1, 0, 1)])
def test_distinctive_terms_empirical_prior_matches_tidylo(focus: int, reference: int, row: int) -> None:
    gears = [(3, 12, 3), (4, 2, 10), (5, 4, 1)]  # gear, cars with vs = 0, cars with vs = 1
    texts = [str(g) for g, a, b in gears for _ in range(a + b)]
    vs = [v for _, a, b in gears for v in [0] * a + [1] * b]
    table = nps.distinctive_terms(texts, vs, focus=focus, reference=reference, prior="empirical")
    z = [table[str(g)].z for g, _, _ in gears]
    np.testing.assert_allclose(z, TIDYLO_WEIGHTED_LOG_ODDS[row], atol=5e-8)
    assert table.prior == "empirical"


def test_pooled_prior_is_each_terms_count_in_the_two_groups() -> None:
    texts = ["slow slow app", "app app fast", "slow support", "great app"]
    groups = ["d", "p", "d", "p"]
    pooled = nps.distinctive_terms(texts, groups, focus="d", prior="pooled")
    counts = {row.term: row.focus_count + row.reference_count for row in pooled}
    by_hand = nps.distinctive_terms(texts, groups, focus="d", prior=counts)
    assert pooled.terms == by_hand.terms and pooled.z == by_hand.z and pooled.prior == "pooled"
    # "great", 60 times in the reference group and never in the focus group: with the small
    # uniform prior its variance 1/60 + 1/0.01 keeps z near -1; the pooled prior gives it weight.
    texts = ["slow"] * 20 + ["app"] * 60 + ["app"] * 20 + ["great"] * 60
    groups = ["d"] * 80 + ["p"] * 80
    uniform = nps.distinctive_terms(texts, groups, focus="d", ngrams=1)
    pooled = nps.distinctive_terms(texts, groups, focus="d", prior="pooled", ngrams=1)
    # uniform: (log(0.01 / 80.02) - log(60.01 / 20.02)) / sqrt(1 / 0.01 + 1 / 60.01) = -1.0084
    great = (math.log(0.01 / 80.02) - math.log(60.01 / 20.02)) / math.sqrt(1 / 0.01 + 1 / 60.01)
    assert uniform["great"].z == pytest.approx(great, rel=1e-12) and pooled["great"].z < -6


def test_uniform_prior_by_hand() -> None:
    # focus: "slow" twice, "app" once (n = 3); reference: "app" twice, "fast" once (n = 3).
    # alpha = 0.5 for each of the 3 terms, a0 = 1.5.
    table = nps.distinctive_terms(
        ["slow slow app", "app app fast"], ["d", "p"], focus="d", prior=0.5, ngrams=1
    )
    delta = math.log(2.5 / (3 + 1.5 - 2.5)) - math.log(0.5 / (3 + 1.5 - 0.5))
    z = delta / math.sqrt(1 / 2.5 + 1 / 0.5)
    assert table["slow"].log_odds == pytest.approx(delta, rel=1e-12)
    assert table["slow"].z == pytest.approx(z, rel=1e-12)
    # app (1 vs 2): delta = log(1.5 / 3) - log(2.5 / 2), z = delta / sqrt(1 / 1.5 + 1 / 2.5) = -0.887;
    # fast (0 vs 1): delta = log(0.5 / 4) - log(1.5 / 3), z = delta / sqrt(1 / 0.5 + 1 / 1.5) = -0.849.
    app = (math.log(1.5 / 3) - math.log(2.5 / 2)) / math.sqrt(1 / 1.5 + 1 / 2.5)
    assert table["app"].z == pytest.approx(app, rel=1e-12)
    assert table.terms == ("slow", "fast", "app")  # highest z first


# -- tokenising --------------------------------------------------------------------------------


def test_words_are_lower_cased_split_on_non_word_characters_with_accents_kept_for_display() -> None:
    words = tokenize(["¡Atención MUY mala!! (muy)", "atencion; l'app—won't load 😡 café_2"])
    assert words.display == ("atención", "muy", "mala", "l", "app", "won", "t", "load", "café_2")
    # "Atención" and "atencion" are one term, shown as its first (and equally frequent) spelling.
    assert words.codes.tolist() == [0, 1, 2, 1, 0, 3, 4, 5, 6, 7, 8]
    assert words.offsets.tolist() == [0, 4, 11]


def test_a_term_is_shown_as_its_most_frequent_spelling() -> None:
    words = tokenize(["atencion", "Atención", "ATENCIÓN", "atención"])
    assert words.display == ("atención",) and words.keys == ("atencion",)


def test_combining_accents_stay_in_their_word_and_fold_like_precomposed_ones() -> None:
    decomposed = "cafe\u0301 ok"  # e + COMBINING ACUTE ACCENT
    words = tokenize([decomposed, "Café"])
    assert words.keys == ("cafe", "ok") and words.display == ("café", "ok")
    assert fold("ÉLÈVE") == "eleve" and fold("Straße") == "strasse" and fold("ﬁn") == "fin"


word_characters = st.characters(categories=("L", "M", "N", "Pc"))


@given(st.lists(st.text(word_characters, min_size=1, max_size=8), max_size=20))
def test_words_are_folded_and_composed_all_at_once_as_one_by_one(words: list[str]) -> None:
    # Joined by newlines, the words fold (case, NFKD, accents) and compose (NFC) as each alone.
    assert _each(fold, words) == [fold(word) for word in words]
    nfc = functools.partial(unicodedata.normalize, "NFC")
    assert _each(nfc, words) == [nfc(word) for word in words]


comments = st.lists(
    st.one_of(st.none(), st.text(st.characters(codec="utf-8") | st.sampled_from("aé \t!"), max_size=15)),
    max_size=12,
)


def _fields(words: Any) -> tuple[Any, ...]:
    arrays = (words.codes, words.offsets, words.missing)
    return (words.keys, words.display, *(a.tolist() for a in arrays))


@given(comments)
def test_long_texts_coded_by_arrow_give_the_same_words(texts: list[str | None]) -> None:
    # From _ARROW_TEXT characters on, the words are split and coded by Arrow when pyarrow is
    # there; a lone surrogate (which UTF-8 cannot hold) sends the text to str.split.
    odd = [*texts, "\ud800 x"]
    with patch.object(_text, "_ARROW_TEXT", 10**12):
        by_python = _fields(tokenize(texts)), _fields(tokenize(odd))
    with patch.object(_text, "_ARROW_TEXT", 0):
        assert (_fields(tokenize(texts)), _fields(tokenize(odd))) == by_python


def test_words_of_other_scripts() -> None:
    words = tokenize(["Доставка медленная", "配送 遅い", "διαδικτυακή υπηρεσία"])
    assert words.display == ("доставка", "медленная", "配送", "遅い", "διαδικτυακή", "υπηρεσία")


def test_missing_comments_are_empty_and_counted_never_dropped() -> None:
    import pandas as pd

    words = tokenize(["fine", None, float("nan"), pd.NA, np.nan, "", "  !! "])
    assert words.n_texts == 7 and words.missing.tolist() == [1, 2, 3, 4]
    assert words.empty == 6  # the four missing, the empty string and the punctuation


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["ok", 42], "comment 42 at position 1 is not a string"),
        (["ok", b"bytes"], "comment b'bytes' at position 1 is not a string"),
        ("just one string", "got the string 'just one string'"),
        (np.array([["a", "b"]]), "one-dimensional"),
        (42, "got int"),
    ],
)
def test_bad_comments_are_named_with_their_position(texts: Any, message: str) -> None:
    with pytest.raises(nps.InvalidTypeError, match=message):
        nps.distinctive_terms(texts, scores=[1, 10])


def test_stop_words_are_the_users_folded_and_n_grams_span_them() -> None:
    words = tokenize(["The app is SLOW", "el envío"], stop_words={"the", "is", "ENVIO", "el"})
    assert words.display == ("app", "slow") and words.offsets.tolist() == [0, 2, 2]
    grams = count_grams(words, np.array([0, 0]), 1, max_words=2)
    assert grams.display == ("app", "slow", "app slow")
    with pytest.raises(nps.InvalidOptionError, match="stop word 'too slow' at position 0 must be one word"):
        tokenize(["x"], stop_words=["too slow"])
    with pytest.raises(nps.InvalidOptionTypeError, match="stop_words must be a collection"):
        tokenize(["x"], stop_words="the")
    with pytest.raises(nps.InvalidOptionTypeError, match="stop word 3 at position 1 is not a string"):
        tokenize(["x"], stop_words=["a", 3])  # type: ignore[list-item]


def test_n_grams_stay_inside_one_comment() -> None:
    words = tokenize(["very late", "delivery again", "late delivery"])
    grams = count_grams(words, np.array([0, 0, 0]), 1, max_words=3)
    assert "late delivery" in grams.display
    assert grams.counts[0, grams.display.index("late delivery")] == 1  # not 2: no pair across comments
    assert "very late delivery" not in grams.display


def test_inputs_of_every_kind_give_the_same_table() -> None:
    import pandas as pd
    import pyarrow as pa

    texts = ["Slow app", None, "love it", "slow SLOW", "great app"]
    scores = [0, 5, 10, 3, 9]
    expected = nps.distinctive_terms(texts, scores=scores)
    for variant in (
        np.array(texts, dtype=object),
        pd.Series(texts),
        pd.Series(texts, dtype="string"),
        pa.array(texts),
        pa.chunked_array([texts[:2], texts[2:]]),
        tuple(texts),
    ):
        assert nps.distinctive_terms(variant, scores=scores) == expected


# -- distinctive_terms -------------------------------------------------------------------------

COMMENTS = [
    "Support was slow and rude",
    "slow app, slow support",
    "Too expensive. Slow delivery",
    None,
    "Love the app",
    "love it, great support",
    "Great app, fast delivery",
    "ok",
]
SCORES = [1, 3, 5, 0, 10, 9, 10, 8]


def test_detractors_against_promoters_by_default_from_scores() -> None:
    table = nps.distinctive_terms(COMMENTS, scores=SCORES)
    assert table.focus == nps.Category.DETRACTOR and table.reference == nps.Category.PROMOTER
    assert table.focus_responses == 4 and table.reference_responses == 3  # the passive is in neither
    assert table.empty == 1 and table.missing == 1  # the None comment of a detractor
    assert table.terms[0] == "slow" and table["slow"].focus_count == 4
    assert table.bottom(2)[0].z < 0 and table.bottom(2)[0].term in {"love", "great", "app", "great app"}
    assert list(table.z) == sorted(table.z, reverse=True)
    assert table.top(3) == tuple(table)[:3] and table.bottom(1) == (tuple(table)[-1],)
    assert table.top(0) == () and table.bottom(0) == ()
    promoters = nps.distinctive_terms(
        COMMENTS, scores=SCORES, focus=nps.Category.PROMOTER, reference=nps.Category.DETRACTOR
    )
    assert promoters["slow"].z == pytest.approx(-table["slow"].z)


def test_pandas_comments_and_scores_are_paired_by_index() -> None:
    import pandas as pd

    texts = pd.Series(COMMENTS, index=range(8))
    scores = pd.Series(SCORES, index=range(8))
    expected = nps.distinctive_terms(texts, scores=scores)
    assert nps.distinctive_terms(texts, scores=scores[::-1]) == expected
    with pytest.raises(nps.LengthMismatchError, match="different index labels"):
        nps.distinctive_terms(texts, scores=pd.Series(SCORES, index=range(10, 18)))


def test_groups_with_one_focus_against_all_others() -> None:
    groups = ["web", "web", "app", "app", None, "store", "web", "app"]
    table = nps.distinctive_terms(COMMENTS, groups, focus="web")
    assert table.reference is None
    assert table.focus_responses == 3 and table.reference_responses == 4  # missing label: neither
    pair = nps.distinctive_terms(COMMENTS, groups, focus="web", reference="app")
    assert pair.reference_responses == 3


def test_lookup_ignores_case_and_accents_and_raises_key_error_otherwise() -> None:
    table = nps.distinctive_terms(["Atención pésima", "buena atención"], ["d", "p"], focus="d")
    assert table["ATENCION"] == table["atención"] == table["Atención"]
    assert table["Pesima"].term == "pésima" and table["buena  ATENCIÓN"].term == "buena atención"
    with pytest.raises(KeyError):
        table["nothing"]
    with pytest.raises(KeyError):
        table[3]


@pytest.mark.parametrize("prior", [{}, {"prior": 0.5}, {"background": {"slow": 3}}, {"prior": "empirical"}])
def test_min_count_hides_rows_and_changes_no_number(prior: dict[str, Any]) -> None:
    table = nps.distinctive_terms(COMMENTS, scores=SCORES, ngrams=3, min_count=2, **prior)
    full = nps.distinctive_terms(COMMENTS, scores=SCORES, ngrams=3, **prior)
    assert all(f + r >= 2 for f, r in zip(table.focus_counts, table.reference_counts, strict=True))
    assert "slow" in table.terms and "rude" not in table.terms
    assert "slow support" not in table.terms  # seen once
    assert [(row.term, row.z, row.log_odds) for row in table] == [
        (row.term, row.z, row.log_odds) for row in full if row.focus_count + row.reference_count >= 2
    ]


def test_longer_n_grams() -> None:
    three = nps.distinctive_terms(COMMENTS, scores=SCORES, ngrams=3)
    assert "support was slow" in three.terms


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"focus": "web"}, nps.InvalidOptionError, "give groups \\(one label per response\\) or scores"),
        ({"groups": ["a"] * 8}, nps.InvalidOptionError, "focus must name the group"),
        (
            {"groups": ["a"] * 8, "focus": "b"},
            nps.InvalidOptionError,
            "focus 'b' is not one of the group labels",
        ),
        ({"groups": ["a", "b"] * 4, "focus": "a", "reference": "a"}, nps.InvalidOptionError, "focus group"),
        ({"groups": ["a"] * 7, "focus": "a"}, nps.LengthMismatchError, "groups have 7"),
        ({"scores": SCORES, "groups": SCORES}, nps.InvalidOptionError, "not both"),
        (
            {"scores": SCORES, **{"prior": 0}},
            nps.InvalidOptionError,
            "prior must be a positive finite number; got 0",
        ),
        ({"scores": SCORES, **{"prior": float("nan")}}, nps.InvalidOptionError, "prior must be"),
        ({"scores": SCORES, **{"prior": True}}, nps.InvalidOptionTypeError, "prior must be"),
        (
            {"scores": SCORES, **{"prior": "tidylo"}},
            nps.InvalidOptionError,
            "prior must be one of 'pooled', 'empirical'",
        ),
        ({"scores": SCORES, **{"prior": {"slow": 1.0}}}, nps.InvalidOptionError, "no pseudo-count for term"),
        (
            {"scores": SCORES, **{"prior": {"slow": -1.0}}},
            nps.InvalidOptionError,
            "check term\\(s\\) 'slow': -1.0",
        ),
        (
            {"scores": SCORES, **{"prior": {"slow": 0}}},
            nps.InvalidOptionError,
            "> 0; check term\\(s\\) 'slow': 0",
        ),
        (
            {"scores": SCORES, **{"background": {"slow": -1}}},
            nps.InvalidOptionError,
            "background must be a mapping term",
        ),
        ({"scores": SCORES, **{"background": {3: 1}}}, nps.InvalidOptionTypeError, "got the term 3"),
        (
            {"scores": SCORES, **{"background": {"": 1}}},
            nps.InvalidOptionError,
            "background term '' has no word",
        ),
        (
            {"scores": SCORES, **{"background": [1]}},
            nps.InvalidOptionTypeError,
            "background must be a mapping",
        ),
        (
            {"scores": SCORES, **{"prior": "empirical", "background": {"a": 1}}},
            nps.InvalidOptionError,
            "numeric",
        ),
        (
            {"scores": SCORES, **{"prior": {"a": 1}, "background": {"a": 1}}},
            nps.InvalidOptionError,
            "numeric",
        ),
        (
            {"scores": SCORES, **{"ngrams": 0}},
            nps.InvalidOptionError,
            "ngrams must be an integer >= 1; got 0",
        ),
        (
            {"scores": SCORES, **{"min_count": 1.5}},
            nps.InvalidOptionTypeError,
            "min_count must be an integer",
        ),
        ({"scores": SCORES, **{"focus": ["x"]}}, nps.InvalidOptionTypeError, "focus must be a label"),
        ({"scores": SCORES, **{"scale": "0-10"}}, nps.InvalidOptionTypeError, "scale must be"),
        ({"scores": [*SCORES[:-1], 11]}, nps.InvalidScoreError, "score 11 at position 7"),
    ],
)
def test_bad_options_get_our_error(options: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        nps.distinctive_terms(COMMENTS, **options)


def test_background_terms_are_matched_like_comments_and_equal_keys_add_up() -> None:
    base = nps.distinctive_terms(COMMENTS, scores=SCORES, background={"slow": 10.0})
    same = nps.distinctive_terms(COMMENTS, scores=SCORES, background={"SLOW": 4.0, "slow!": 6.0})
    assert base == same and base.prior == "informative"


def test_no_words_at_all_gives_an_empty_table() -> None:
    table = nps.distinctive_terms([None, "", "!!"], scores=[0, 10, 3])
    assert len(table) == 0 and table.empty == 3 and table.missing == 1
    assert "0 terms" in repr(table) and "<table" in table._repr_html_()


def test_results_render_and_convert() -> None:
    table = nps.distinctive_terms(COMMENTS, scores=SCORES)
    assert repr(table).startswith("TermTable(") and "detractors vs promoters" in repr(table)
    html = table._repr_html_()
    assert "<td>slow</td>" in html and "detractors" in html
    frame = table.to_frame()
    assert list(frame.columns) == ["term", "focus_count", "reference_count", "log_odds", "z"]
    assert frame["term"].tolist() == list(table.terms)
    record = table.to_dict()  # columns, JSON-safe
    assert record["terms"][0] == table.top(1)[0].term and record["focus_responses"] == 4
    assert record["focus"] == -1 and record["reference"] == 1  # the categories' values
    assert table.top(1)[0].to_dict() == {
        "term": "slow",
        "focus_count": 4,
        "reference_count": 0,
        "log_odds": table.log_odds[0],
        "z": table.z[0],
    }
    big = nps.distinctive_terms([f"w{i} common" for i in range(30)], ["a", "b"] * 15, focus="a")
    assert "top and bottom 10 of" in big._repr_html_()


text_lists = st.lists(
    st.one_of(st.none(), st.text(alphabet="abcAÁé .,-", max_size=12)), min_size=2, max_size=25
)


@given(text_lists, st.randoms(use_true_random=False))
def test_swapping_the_groups_mirrors_every_z_and_order_of_comments_does_not_matter(
    texts: list[str | None], rng: random.Random
) -> None:
    groups = [i % 2 for i in range(len(texts))]
    table = nps.distinctive_terms(texts, groups, focus=0, reference=1)
    swapped = nps.distinctive_terms(texts, groups, focus=1, reference=0)
    for row in table:
        other = swapped[row.term]
        assert other.z == pytest.approx(-row.z, abs=1e-12, nan_ok=True)  # NaN: one term only
        assert (other.focus_count, other.reference_count) == (row.reference_count, row.focus_count)
    order = list(range(len(texts)))
    rng.shuffle(order)
    shuffled = nps.distinctive_terms(
        [texts[i] for i in order], [groups[i] for i in order], focus=0, reference=1
    )
    # (a spelling tie may be shown differently: the first seen wins)
    assert {term_key(r.term): (r.focus_count, r.reference_count) for r in shuffled} == {
        term_key(r.term): (r.focus_count, r.reference_count) for r in table
    }
    assert sorted(shuffled.z) == pytest.approx(sorted(table.z), abs=1e-12, nan_ok=True)
    assert table.missing == sum(t is None for t in texts)


# -- tag_themes --------------------------------------------------------------------------------

LEXICON = {
    "speed": ["slow", "too long", "wait*"],
    "price": ["expensive", "price", "NOT price match"],
    "support": "support",
}


def test_themes_match_whole_words_ignoring_case_accents_and_punctuation() -> None:
    tagged = nps.tag_themes(
        [
            "SLOW support!",  # speed, support
            "slowly, but fine",  # "slow" is a whole word only
            "Too... long; waited",  # a phrase across punctuation, a prefix
            "Precio caro",  # nothing in this lexicon
            "expensive, EXPENSIVE, slow",  # each theme once, in lexicon order
            "Price match saved me; support",  # the exclusion wins over "price"
            None,
            float("nan"),
        ],
        LEXICON,
    )
    assert tagged == [
        ("speed", "support"),
        (),
        ("speed",),
        (),
        ("speed", "price"),
        ("support",),
        (),
        (),
    ]


def test_accents_in_the_lexicon_or_the_comment_do_not_matter() -> None:
    lexicon = {"atención": ["atención", "mala atencion"], "envío": ["envio*"]}
    assert nps.tag_themes(["MALA ATENCIÓN", "envíos tardíos", "Atencion"], lexicon) == [
        ("atención",),
        ("envío",),
        ("atención",),
    ]


def test_a_phrase_does_not_run_across_comments() -> None:
    assert nps.tag_themes(["it was too", "long ago"], {"speed": ["too long"]}) == [(), ()]


def test_tags_feed_prioritize() -> None:
    comments = ["slow and expensive", "slow", "great", "expensive"]
    tagged = nps.tag_themes(comments, LEXICON)
    table = nps.prioritize(
        tagged, scores=[2, 5, 10, 9], fixability={"speed": 0.5, "price": 0.2, "support": 1}
    )
    assert table["speed"].mentions == 2 and table["price"].mentions == 1


@pytest.mark.parametrize(
    ("lexicon", "error", "message"),
    [
        (
            {"speed": ["slow", ""]},
            nps.InvalidOptionError,
            "theme 'speed': pattern '' at position 1 has no words",
        ),
        ({"speed": ["!!"]}, nps.InvalidOptionError, "pattern '!!' at position 0 has no words"),
        ({"speed": ["NOT "]}, nps.InvalidOptionError, "pattern 'NOT ' at position 0 has no words"),
        ({"speed": ["NOT slow"]}, nps.InvalidOptionError, "theme 'speed' has no keyword or phrase"),
        ({"speed": []}, nps.InvalidOptionError, "theme 'speed' has no keyword"),
        ({3: ["slow"]}, nps.InvalidTypeError, "theme name 3 at position 0 of the lexicon is not a string"),
        ({"a": "x", None: ["slow"]}, nps.InvalidTypeError, "theme name None at position 1"),
        ({"": ["slow"]}, nps.InvalidOptionError, "theme name at position 0 of the lexicon is empty"),
        ({"speed": ["slow", 3]}, nps.InvalidTypeError, "pattern 3 at position 1 is not a string"),
        ({"speed": 3}, nps.InvalidTypeError, "patterns must be a string or a list"),
        (["slow"], nps.InvalidTypeError, "lexicon must be a mapping"),
    ],
)
def test_bad_lexicons_are_rejected_naming_the_theme_and_pattern(
    lexicon: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        nps.tag_themes(["slow"], lexicon)


def test_an_empty_lexicon_tags_nothing() -> None:
    assert nps.tag_themes(["slow", None], {}) == [(), ()]


@given(st.lists(st.one_of(st.none(), st.text(alphabet="slowtpricéS .,!-", max_size=20)), max_size=12))
def test_tagging_a_batch_equals_tagging_each_comment(texts: list[str | None]) -> None:
    lexicon = {"speed": ["slow", "too slow", "s*"], "price": ["price", "NOT price price"], "t": ["t"]}
    batch = nps.tag_themes(texts, lexicon)
    assert batch == [nps.tag_themes([t], lexicon)[0] for t in texts]
    for themes in batch:
        assert len(set(themes)) == len(themes)
        assert list(themes) == [name for name in lexicon if name in themes]  # lexicon order


def test_the_why_how_to_runs_and_shows_what_it_says() -> None:
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "howto" / "why.md"
    namespace: dict[str, Any] = {}
    for block in re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S):
        exec(compile(block, str(page), "exec"), namespace)
    terms, tags, table = namespace["terms"], namespace["tags"], namespace["table"]
    # The numbers the page prints in its comments.
    assert [(r.term, r.focus_count, r.reference_count, round(r.z, 1)) for r in terms.top(4)] == [
        ("excel", 254, 0, 5.9),
        ("precio", 225, 0, 5.6),
        ("demasiado", 225, 0, 5.6),
        ("caro", 225, 0, 5.6),
    ]
    assert [(r.term, round(r.z, 1)) for r in terms.bottom(3)] == [
        ("app", -15.9),
        ("excelente atención", -15.8),
        ("atención", -15.8),
    ]
    assert (terms.focus_responses, terms.reference_responses, terms.empty) == (1076, 1975, 557)
    assert tags[:3] == [("slow support",), (), ()]
    assert all(set(tag) == set(themes) for tag, themes in zip(tags, namespace["survey"].themes, strict=True))
    row = table["slow support"]
    assert (round(row.frequency, 3), round(row.nps_uplift, 1), round(row.nps_if_fixed, 1)) == (
        0.288,
        7.9,
        30.7,
    )
    assert round(row.uplift_per_day or 0.0, 2) == 0.39
    assert (round(row.impact, 1), round(row.impact_low, 1), round(row.impact_high, 1)) == (
        -11.2,
        -11.6,
        -10.7,
    )
    assert round(table.combined_uplift(["slow support", "bugs"]), 1) == 13.7
    assert round(table["slow support"].nps_uplift + table["bugs"].nps_uplift, 1) == 15.9
    assert [(s.theme, s.cumulative_effort, round(s.cumulative_uplift, 1)) for s in table.plan[:4]] == [
        ("billing errors", 5.0, 2.3),
        ("onboarding", 15.0, 6.6),
        ("slow support", 35.0, 12.8),
        ("bugs", 65.0, 17.1),
    ]
    assert table.cited_together[0] == (("price",), 101.0) and round(table.overall_nps, 1) == 22.8
