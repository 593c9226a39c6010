"""Why detractors are unhappy: ``distinctive_terms()`` and ``tag_themes()`` on free-text comments."""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, get_args

import numpy as np

from .._input._align import align_inputs
from .._input._labels import factorize
from .._input._options import (
    check_choice,
    check_integer,
    check_label,
    check_number,
    check_number_mapping,
    check_scale,
    show,
)
from .._input._plain import html_table
from .._input._scale import STANDARD, Category, Scale, category_index
from .._input._text import count_grams, find_phrases, phrase_words, term_key, tokenize
from .._input._validate import check_same_length, validate_scores
from .._results._base import Result
from .._results._rows import RowTable
from .._stats._logodds import fightin_words, log_odds_against_all
from ..errors import InvalidOptionError, InvalidOptionTypeError, InvalidTypeError
from ..typing import LogOddsPrior

if TYPE_CHECKING:
    from ..typing import IntArray, LabelsLike, ScoresLike, TextsLike

__all__ = ["TermRow", "TermTable", "distinctive_terms", "tag_themes"]

_CATEGORIES = (Category.DETRACTOR, Category.PASSIVE, Category.PROMOTER)  # category_index order


@dataclass(frozen=True, slots=True)
class TermRow(Result):
    """One term (a word or an n-gram) and how much more the focus group uses it.

    Attributes
    ----------
    term : str
        Lower-cased, accents kept (its most frequent spelling); n-grams are
        words joined by one space.
    focus_count, reference_count : int
        Occurrences in the focus group's and the reference group's comments.
    log_odds : float
        Monroe et al.'s delta: log-odds of the term in the focus comments
        minus in the reference comments, smoothed by the prior (natural log).
    z : float
        ``log_odds`` over its standard error: large positive values mark the
        focus group's words, large negative ones the reference group's.
    """

    term: str
    focus_count: int
    reference_count: int
    log_odds: float
    z: float


@dataclass(frozen=True, slots=True, repr=False)
class TermTable(RowTable[TermRow]):
    """Terms ranked by z, highest first: the focus group's words on top, the reference's at the bottom.

    Iterating yields :class:`TermRow` objects; the table keeps its columns
    (``terms``, ``focus_counts``, ``reference_counts``, ``log_odds``, ``z``,
    in row order) and builds rows on request, so that a table of a million
    terms costs no more than its columns. ``table["Atención"]`` finds a
    term whatever its case or accents. ``focus_responses`` and
    ``reference_responses`` count the responses of each group, ``empty``
    those of them without a word (``missing``: their comment was not a
    string, e.g. None or NaN).
    """

    _key: ClassVar[str] = "term"

    terms: tuple[str, ...]
    focus_counts: tuple[int, ...]
    reference_counts: tuple[int, ...]
    log_odds: tuple[float, ...]
    z: tuple[float, ...]
    focus: Hashable
    reference: Hashable
    prior: float | str
    focus_responses: int
    reference_responses: int
    empty: int
    missing: int

    @property
    def rows(self) -> tuple[TermRow, ...]:  # type: ignore[override]
        """Every row, highest z first (built on each call: iterate once)."""
        return self._rows(slice(None))

    def _rows(self, part: slice) -> tuple[TermRow, ...]:
        columns = (self.terms, self.focus_counts, self.reference_counts, self.log_odds, self.z)
        return tuple(map(TermRow, *(column[part] for column in columns)))

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, term: Hashable) -> TermRow:
        if isinstance(term, str):
            shown = " ".join(word for word, _ in phrase_words(term.lower()))
            try:
                return self._rows(_at(self.terms.index(shown)))[0]
            except ValueError:  # not typed as shown: compare folded forms
                key = term_key(term)
                for i, candidate in enumerate(self.terms):
                    if term_key(candidate) == key:
                        return self._rows(_at(i))[0]
        raise KeyError(term)

    def top(self, k: int = 10) -> tuple[TermRow, ...]:
        """The k terms most typical of the focus group (highest z first)."""
        return self._rows(slice(0, check_integer(k, "k", low=0)))

    def bottom(self, k: int = 10) -> tuple[TermRow, ...]:
        """The k terms most typical of the reference group (lowest z first)."""
        k = check_integer(k, "k", low=0)
        return self._rows(slice(len(self.terms) - 1, len(self.terms) - 1 - k, -1) if k else slice(0, 0))

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per term (needs pandas)."""
        import pandas as pd

        columns = {
            "term": self.terms,
            "focus_count": self.focus_counts,
            "reference_count": self.reference_counts,
        }
        return pd.DataFrame({**columns, "log_odds": self.log_odds, "z": self.z})

    def __repr__(self) -> str:
        top = ", ".join(f"{row.term} ({row.z:+.1f})" for row in self.top(3))
        bottom = ", ".join(f"{row.term} ({row.z:+.1f})" for row in self.bottom(3))
        return (
            f"TermTable({len(self)} terms, {_label(self.focus)} vs {_label(self.reference)}; "
            f"top: {top}; bottom: {bottom})"
        )

    def _repr_html_(self) -> str:
        header = ["term", _label(self.focus), _label(self.reference), "log-odds", "z"]
        shown = self.rows if len(self) <= 20 else self.top(10) + self.bottom(10)[::-1]
        body = [
            [r.term, f"{r.focus_count:,}", f"{r.reference_count:,}", f"{r.log_odds:+.2f}", f"{r.z:+.2f}"]
            for r in shown
        ]
        caption = (
            f"Distinctive terms: {self.focus_responses:,} {_label(self.focus)} vs "
            f"{self.reference_responses:,} {_label(self.reference)} responses"
            + ("" if len(self) <= 20 else f" (top and bottom 10 of {len(self):,})")
        )
        return html_table(header, body, caption=caption)


def _at(i: int) -> slice:
    return slice(i, i + 1)


def _pick(values: tuple[str, ...], positions: list[int]) -> tuple[str, ...]:
    """``values`` at ``positions``, gathered in C (itemgetter returns a bare value for one)."""
    if len(positions) < 2:
        return tuple(values[i] for i in positions)
    picked: tuple[str, ...] = operator.itemgetter(*positions)(values)
    return picked


def _label(value: Hashable) -> str:
    if isinstance(value, Category):
        return value.name.lower() + "s"
    return "all others" if value is None else str(value)


def _keyed(mapping: object, name: str, *, positive: bool) -> dict[str, float]:
    """A mapping term -> number, its terms keyed as the tokeniser keys them (equal keys add up)."""
    checked = check_number_mapping(mapping, name, low=0.0, key="term")
    keyed: dict[str, float] = {}
    for term, value in checked.items():
        if not isinstance(term, str):
            raise InvalidOptionTypeError(
                f"{name} must map terms (strings) to numbers; got the term {show(term)}"
            )
        key = term_key(term)
        if not key:
            raise InvalidOptionError(f"{name} term {show(term)} has no word")
        if positive and value == 0:
            raise InvalidOptionError(
                f"{name} must be a mapping term -> number > 0; check term(s) {show(term)}: 0"
            )
        keyed[key] = keyed.get(key, 0.0) + value
    return keyed


def _groups_of(
    n: int, groups: Any, scores: Any, focus: Hashable, reference: Hashable, scale: Scale
) -> tuple[IntArray, Hashable, Hashable]:
    """Each response's side: 0 focus, 1 reference, -1 neither; and the two labels."""
    if scores is not None:
        if groups is not None:
            raise InvalidOptionError("give groups or scores, not both")
        valid = validate_scores(scores, scale=scale)
        check_same_length(n, valid.length, "texts", "scores")
        codes = category_index(valid.values, scale).astype(np.intp)
        if valid.missing_mask is not None:
            codes[valid.missing_mask] = -1
        labels: tuple[Hashable, ...] = _CATEGORIES
        focus = Category.DETRACTOR if focus is None else focus
        reference = Category.PROMOTER if reference is None else reference
    elif groups is None:
        raise InvalidOptionError("give groups (one label per response) or scores")
    else:
        found = factorize(groups)
        codes = np.asarray(found.codes, dtype=np.intp)
        check_same_length(n, codes.shape[0], "texts", "groups")
        labels = found.labels
        if focus is None:
            raise InvalidOptionError(f"focus must name the group to describe, one of {list(labels)!r}")
    side = np.full(n, -1, dtype=np.intp)
    focus_code = _position(labels, check_label(focus, "focus"), "focus")
    side[codes == focus_code] = 0
    if reference is None:
        side[(codes >= 0) & (codes != focus_code)] = 1
    else:
        reference_code = _position(labels, check_label(reference, "reference"), "reference")
        if reference_code == focus_code:
            raise InvalidOptionError(f"reference {show(reference)} is the focus group itself")
        side[codes == reference_code] = 1
    return side, focus, reference


def _position(labels: tuple[Hashable, ...], label: Hashable, name: str) -> int:
    for i, candidate in enumerate(labels):
        if candidate == label:
            return i
    shown = ", ".join(repr(v) for v in labels[:10]) + (", ..." if len(labels) > 10 else "")
    raise InvalidOptionError(f"{name} {show(label)} is not one of the group labels ({shown})")


def distinctive_terms(
    texts: TextsLike,
    groups: LabelsLike | None = None,
    *,
    focus: Hashable = None,
    reference: Hashable = None,
    scores: ScoresLike | None = None,
    scale: Scale = STANDARD,
    prior: float | Mapping[str, float] | LogOddsPrior = 0.01,
    background: Mapping[str, float] | None = None,
    stop_words: Iterable[str] | None = None,
    ngrams: int = 2,
    min_count: int = 1,
) -> TermTable:
    """The words and phrases that set one group's comments apart from another's.

    Parameters
    ----------
    texts : sequence of str
        One comment per response (list, numpy array, pandas or polars
        Series, pyarrow array). None, NaN and ``pd.NA`` are empty comments:
        they stay in their group and are counted in ``empty`` and ``missing``.
    groups : array_like, optional
        One group label per response. Or give ``scores`` instead.
    focus : label
        The group whose comments are described. With ``scores`` it defaults
        to ``nps.Category.DETRACTOR``.
    reference : label, optional
        The group it is compared with; None compares with every other
        response that has a group. With ``scores`` it defaults to
        ``nps.Category.PROMOTER`` (detractors vs promoters).
    scores : array_like, optional
        Scores of the same responses, instead of ``groups``: the groups are
        then the categories ``nps.Category.DETRACTOR``, ``PASSIVE`` and
        ``PROMOTER``; responses with a missing score belong to none.
    scale : Scale, default STANDARD
        The scale of ``scores``.
    prior : float, mapping, "pooled" or "empirical", default 0.01
        Dirichlet pseudo-counts: one number for every term (uniform), or a
        mapping term -> pseudo-count that covers every term. ``"pooled"`` is
        Monroe et al.'s informative prior taken from the comments themselves:
        each term's pseudo-count is its count in the two groups together.
        ``"empirical"`` is the empirical-Bayes prior of R's tidylo (the same
        pseudo-counts), comparing the focus group with the two groups pooled,
        as ``tidylo::bind_log_odds`` does.
    background : mapping, optional
        Informative prior: counts of the terms in a background corpus
        (e.g. last year's comments); a term's pseudo-count is its background
        count plus the number ``prior`` (Monroe et al.'s informative prior,
        section 3.5.1). Terms are matched as the comments are (case,
        accents, punctuation ignored).
    stop_words : collection of str, optional
        Words to leave out before n-grams are formed (none by default).
    ngrams : int, default 2
        Longest word sequence counted as a term: 1 for single words, 2 adds
        two-word phrases ("too slow"), and so on.
    min_count : int, default 1
        Show only terms used at least this often in the two groups together.
        It changes no number: n and a_0 below still count every term. On
        large corpora ``min_count=2`` drops the many phrases seen once
        (they can never be distinctive), making the table smaller and the
        call faster.

    Returns
    -------
    TermTable
        One row per term used in the two groups, highest ``z`` first (ties:
        words before phrases, then first appearance).

    Raises
    ------
    InvalidOptionError
        Neither or both of ``groups`` and ``scores``; a ``focus`` or
        ``reference`` that is not a label; a non-positive prior, a term
        missing from a mapping prior, a negative background count.
    InvalidTypeError
        A comment that is neither a string nor missing (naming its position).
    LengthMismatchError
        ``texts`` and ``groups`` (or ``scores``) of different lengths.

    Notes
    -----
    Words are runs of letters, digits and marks; matching ignores case and
    accents ("atención" = "Atencion"), and a term is shown as its most
    frequent lower-cased spelling. With y_w^f, y_w^r the counts of term w in
    the two groups, n^f, n^r their totals (words and phrases together, as in
    the reference implementation) and a_w the prior (a_0 their sum over the
    terms counted):

        delta_w = log((y_w^f + a_w) / (n^f + a_0 - y_w^f - a_w))
                - log((y_w^r + a_w) / (n^r + a_0 - y_w^r - a_w)),
        z_w = delta_w / sqrt(1 / (y_w^f + a_w) + 1 / (y_w^r + a_w)).

    Rank terms by ``z``, not ``log_odds``: a rare word can have a large
    log-odds ratio by chance; z accounts for how often it was seen. A
    ``|z|`` above 1.96 is a common cut-off, but with thousands of terms some
    pass it by chance: read it as a ranking, not a test. With the small
    uniform prior a word that only one group uses gets a modest z, since
    1 / (0 + a_w) dominates its variance; ``prior="pooled"`` (or
    ``background`` counts) lets such words rank by how often they are used.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' Words:
    lexical feature selection and evaluation for identifying the content of
    political conflict. *Political Analysis* 16(4), 372-403.
    Checked against the reference implementation jmhessel/FightingWords and
    R ``tidylo::bind_log_odds`` (Schnoebelen, Silge & Hayes).

    Examples
    --------
    >>> import netpromoter as nps
    >>> comments = ["Support was slow", "slow app, slow support", "Love the app",
    ...             "love it", "Great support"]
    >>> table = nps.distinctive_terms(comments, scores=[2, 4, 10, 9, 9])
    >>> [(row.term, row.focus_count, row.reference_count) for row in table.top(2)]
    [('slow', 3, 0), ('support', 2, 1)]
    >>> table["Slow"].z > 0 > table["love"].z
    True
    """
    # Options first, whatever the data.
    max_words = check_integer(ngrams, "ngrams", low=1)
    shown_count = check_integer(min_count, "min_count", low=1)
    check_scale(scale)
    given: dict[str, float] | None = None
    uniform = math.nan
    if isinstance(prior, str):
        check_choice(prior, get_args(LogOddsPrior), "prior")
    elif isinstance(prior, Mapping):
        given = _keyed(prior, "prior", positive=True)
    else:
        uniform = check_number(prior, "prior", low=0.0, low_open=True)
    extra = None if background is None else _keyed(background, "background", positive=False)
    if extra is not None and not math.isfinite(uniform):
        raise InvalidOptionError(
            f"background counts need a numeric prior (e.g. 0.01); got prior={show(prior)}"
        )

    words = tokenize(texts, stop_words=stop_words)
    n = words.n_texts
    # pandas inputs are paired by index, as everywhere in the library
    groups, scores = align_inputs([("texts", texts), ("groups", groups), ("scores", scores)])[1:]
    side, focus, reference = _groups_of(n, groups, scores, focus, reference, scale)
    informative = given is not None or extra is not None
    # A uniform prior needs only the number of terms, so rare terms need no strings;
    # other priors need every term (min_count then only hides rows).
    cut = shown_count if math.isfinite(uniform) and extra is None else 1
    grams = count_grams(words, side, 2, max_words=max_words, min_count=cut, keys=informative)
    keys = grams.keys or ()
    in_focus, in_reference = grams.counts[0], grams.counts[1]

    shown_prior: float | str
    if prior == "empirical":
        delta_all, z_all = log_odds_against_all(grams.counts)
        delta, z = delta_all[0], z_all[0]
        shown_prior = "empirical"
    else:
        if prior == "pooled":  # Monroe et al.'s informative prior from the two groups' own words
            alpha = in_focus + in_reference
            shown_prior = "pooled"
        elif given is not None:
            absent = [grams.display[i] for i, key in enumerate(keys) if key not in given]
            if absent:
                raise InvalidOptionError(
                    f"prior has no pseudo-count for term {absent[0]!r} ({len(absent)} term(s) missing); "
                    "give background counts with a numeric prior to cover every term"
                )
            alpha = np.array([given[key] for key in keys], dtype=np.float64)
            shown_prior = "informative"
        else:
            alpha = np.full(len(grams.display), uniform)
            shown_prior = uniform
            if extra is not None:
                alpha += np.array([extra.get(key, 0.0) for key in keys], dtype=np.float64)
                shown_prior = "informative"
        # n and alpha_0 are over every term, also those left out of the table by min_count
        prior_total = uniform * grams.terms if isinstance(shown_prior, float) else None
        totals = (float(grams.totals[0]), float(grams.totals[1]))
        delta, z = fightin_words(in_focus, in_reference, alpha, totals=totals, prior_total=prior_total)

    shown = np.flatnonzero(in_focus + in_reference >= shown_count)
    order = shown[np.argsort(-z[shown], kind="stable")]  # NaN (a one-term vocabulary) last
    chosen = side >= 0
    empty = (words.offsets[1:] == words.offsets[:-1]) & chosen
    return TermTable(
        terms=_pick(grams.display, order.tolist()),
        focus_counts=tuple(in_focus[order].astype(np.int64).tolist()),
        reference_counts=tuple(in_reference[order].astype(np.int64).tolist()),
        log_odds=tuple(delta[order].tolist()),
        z=tuple(z[order].tolist()),
        focus=focus,
        reference=reference,
        prior=shown_prior,
        focus_responses=int(np.count_nonzero(side == 0)),
        reference_responses=int(np.count_nonzero(side == 1)),
        empty=int(np.count_nonzero(empty)),
        missing=int(np.count_nonzero(side[words.missing] >= 0)),
    )


_NOT = "NOT "


def _compile(lexicon: Any) -> tuple[list[str], list[list[tuple[str, bool]]], IntArray, IntArray]:
    """Theme names, every pattern's words, each pattern's theme, and whether it excludes."""
    if not isinstance(lexicon, Mapping):
        raise InvalidTypeError(
            "lexicon must be a mapping theme -> keywords or phrases, e.g. {'price': ['expensive', 'price*']}"
        )
    names: list[str] = []
    phrases: list[list[tuple[str, bool]]] = []
    theme_of: list[int] = []
    excludes: list[bool] = []
    for t, (name, patterns) in enumerate(lexicon.items()):
        if not isinstance(name, str):
            raise InvalidTypeError(f"theme name {name!r} at position {t} of the lexicon is not a string")
        if not name:
            raise InvalidOptionError(f"theme name at position {t} of the lexicon is empty")
        listed = [patterns] if isinstance(patterns, str) else patterns
        if not isinstance(listed, Iterable):
            raise InvalidTypeError(f"theme {name!r}: patterns must be a string or a list of strings")
        including = 0
        for j, pattern in enumerate(listed):
            if not isinstance(pattern, str):
                raise InvalidTypeError(f"theme {name!r}: pattern {pattern!r} at position {j} is not a string")
            exclude = pattern.startswith(_NOT)
            words = phrase_words(pattern[len(_NOT) :] if exclude else pattern)
            if not words:
                raise InvalidOptionError(f"theme {name!r}: pattern {pattern!r} at position {j} has no words")
            phrases.append(words)
            theme_of.append(t)
            excludes.append(exclude)
            including += not exclude
        if not including:
            raise InvalidOptionError(f"theme {name!r} has no keyword or phrase to look for")
        names.append(name)
    return names, phrases, np.array(theme_of, dtype=np.intp), np.array(excludes, dtype=bool)


def tag_themes(texts: TextsLike, lexicon: Mapping[str, str | Iterable[str]]) -> list[tuple[str, ...]]:
    """The themes each comment mentions, from a lexicon of keywords and phrases.

    Parameters
    ----------
    texts : sequence of str
        One comment per response (list, numpy array, pandas or polars
        Series, pyarrow array); None, NaN and ``pd.NA`` mention nothing.
    lexicon : mapping
        Theme name -> keywords and phrases (a string or a list of strings).
        Matching ignores case and accents and works on whole words:
        ``"slow"`` matches "Slow!" but not "slowly"; ``"refund*"`` matches
        any word starting with "refund"; a phrase (``"on hold"``) matches
        its words in a row, whatever punctuation lies between them. A
        pattern starting with ``"NOT "`` excludes: a comment that contains
        it does not get the theme, whatever else it says.

    Returns
    -------
    list of tuple of str
        Per comment, the themes it mentions, each once, in lexicon order
        (an empty tuple for none): ready for :func:`prioritize`.

    Raises
    ------
    InvalidTypeError
        A theme name or pattern that is not a string, a comment that is
        neither a string nor missing.
    InvalidOptionError
        A pattern without a word (e.g. ``""`` or ``"!!"``), or a theme with
        only exclusions, naming the theme and the pattern.

    Notes
    -----
    Deterministic and transparent: the same lexicon always tags the same
    comments the same way, and a tag can be traced to the words that set
    it. Words are split as in :func:`distinctive_terms`, whose output is a
    good place to find the keywords.

    Examples
    --------
    >>> import netpromoter as nps
    >>> lexicon = {
    ...     "speed": ["slow", "too long", "wait*"],
    ...     "price": ["expensive", "price", "NOT price match"],
    ... }
    >>> nps.tag_themes(["Too LONG a wait, and expensive", "They did a price match", None], lexicon)
    [('speed', 'price'), (), ()]
    """
    names, phrases, theme_of, excludes = _compile(lexicon)
    words = tokenize(texts)
    text, phrase = find_phrases(words, phrases)
    k = len(names)
    key = text * k + theme_of[phrase]
    found = np.setdiff1d(key[~excludes[phrase]], key[excludes[phrase]])  # sorted: by text, then theme
    per_text = np.bincount(found // k, minlength=words.n_texts) if k else np.zeros(words.n_texts, np.intp)
    tagged = [names[t] for t in (found % k).tolist()] if k else []
    ends = np.cumsum(per_text).tolist()
    return [tuple(tagged[a:b]) for a, b in zip([0, *ends], ends, strict=False)]
