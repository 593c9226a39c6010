"""Free-text comments to words and n-grams: tokenising, accent folding, phrase matching.

A word is a maximal run of word characters: letters, digits, marks (so that
an accent typed as a combining character stays inside its word) and ``_``;
everything else separates words. Words are lower-cased for display and
*folded* for matching: case-folded, compatibility-decomposed (NFKD) and
stripped of the combining diacritics U+0300-U+036F, so "Atención",
"atencion" and "ATENCIÓN" are one term, shown as its most frequent spelling
("atención"). No stop-word list is built in.

Vectorised: the texts are joined once, classified character by character
with a lookup table over their UTF-32 code points, split in one call, and
coded through one dictionary (a long text, when pyarrow is installed, by
Arrow's split and hash table: no string per word); accents are folded per
distinct word, not per occurrence, all distinct words in one call.
Non-string comments (None, NaN, ``pd.NA``) are empty texts, counted in
``missing``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InvalidOptionError, InvalidOptionTypeError, InvalidTypeError
from ..typing import IntArray

__all__ = [
    "Grams",
    "Words",
    "count_grams",
    "find_phrases",
    "fold",
    "phrase_words",
    "term_key",
    "text_list",
    "tokenize",
]

_DIACRITICS = re.compile("[\u0300-\u036f]+")
# Word characters as the tokeniser sees them; the star marks a prefix in a lexicon pattern.
_WORD = r"[\w\u0300-\u036f]+"
_PATTERN_WORD = re.compile(_WORD + r"\*?")
_SPACE = np.uint32(ord(" "))
_ARROW_TEXT = 2_000_000  # characters: from this many, words are coded by Arrow (when pyarrow is installed)


def fold(word: str) -> str:
    """The matching form of a word: case-folded, NFKD, without combining diacritics.

    Examples
    --------
    >>> fold("Atención"), fold("ÉLÈVE"), fold("Straße")
    ('atencion', 'eleve', 'strasse')
    """
    stripped = _DIACRITICS.sub("", unicodedata.normalize("NFKD", word.casefold()))
    return unicodedata.normalize("NFC", stripped)


def term_key(term: str) -> str:
    """A term (one word or several) as the tokeniser would key it: folded words joined by one space.

    Examples
    --------
    >>> term_key("  Late-DELIVERY ")
    'late delivery'
    """
    return " ".join(fold(word) for word, _ in phrase_words(term))


def phrase_words(pattern: str) -> list[tuple[str, bool]]:
    """The folded words of a pattern, each with whether it ends in ``*`` (a prefix).

    Examples
    --------
    >>> phrase_words("Refund* not received")
    [('refund', True), ('not', False), ('received', False)]
    """
    words = []
    for match in _PATTERN_WORD.findall(pattern):
        prefix = match.endswith("*")
        word = fold(match[:-1] if prefix else match)
        if word:
            words.append((word, prefix))
    return words


def _is_missing_text(value: Any) -> bool:
    # pd.NA is recognised by its type name so that pandas is never imported.
    if value is None or type(value).__name__ == "NAType":
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def text_list(texts: Any, what: str = "comment") -> tuple[list[str], list[int]]:
    """Texts as a list of strings (missing ones empty) and the positions of the missing ones.

    Accepts lists, tuples, numpy arrays, pandas and polars Series and pyarrow
    arrays. A value that is neither a string nor missing raises, naming it
    and its position.
    """
    if isinstance(texts, (str, bytes)):
        raise InvalidTypeError(f"expected a sequence of {what}s (one per response), got the string {texts!r}")
    if hasattr(texts, "to_pylist"):  # pyarrow Array / ChunkedArray
        items = texts.to_pylist()
    elif hasattr(texts, "to_list"):  # polars (and pandas) Series
        items = texts.to_list()
    elif isinstance(texts, np.ndarray):
        if texts.ndim != 1:
            raise InvalidTypeError(
                f"{what}s must be one-dimensional (one per response), got shape {texts.shape}"
            )
        items = texts.tolist()
    elif isinstance(texts, Iterable):
        items = list(texts)
    else:
        raise InvalidTypeError(
            f"expected a sequence of {what}s (one per response), got {type(texts).__name__}"
        )
    if all(type(item) is str for item in items):
        return items, []
    strings: list[str] = []
    missing: list[int] = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            strings.append(item)
        elif _is_missing_text(item):
            strings.append("")
            missing.append(i)
        else:
            raise InvalidTypeError(
                f"{what} {item!r} at position {i} is not a string; {what}s must be strings "
                "(None and NaN count as empty)"
            )
    return strings, missing


@functools.cache
def _lower_table() -> NDArray[np.uint32]:
    """Each Basic Multilingual Plane character lower-cased, or a space if it is not a word character.

    Built once. A character whose lower case is several characters (only
    U+0130, capital I with dot) keeps the first, which folds the same way.
    """
    table = np.full(0x10000, _SPACE, dtype=np.uint32)
    for code in range(0x10000):
        char = chr(code)
        if _is_word_char(char):
            table[code] = ord(char.lower()[0])
    return table


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def _lower_words(points: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """The text's code points lower-cased, with every non-word character made a space."""
    table = _lower_table()
    if not points.shape[0] or points.max() <= 0xFFFF:
        plain: NDArray[np.uint32] = table[points]
        return plain
    out: NDArray[np.uint32] = table[np.minimum(points, np.uint32(0xFFFF))]
    astral = points > 0xFFFF  # emoji and rare scripts: classify each distinct one
    distinct = np.unique(points[astral])
    lowered = np.array(
        [ord(chr(int(c)).lower()[0]) if _is_word_char(chr(int(c))) else _SPACE for c in distinct],
        dtype=np.uint32,
    )
    out[astral] = lowered[np.searchsorted(distinct, points[astral])]
    return out


@dataclass(frozen=True, slots=True)
class Words:
    """The words of n texts, as term codes.

    ``codes[offsets[i]:offsets[i + 1]]`` are the words of text ``i`` in
    order; ``keys[c]`` is term ``c``'s folded form and ``display[c]`` its
    most frequent lower-cased spelling. The texts at ``missing`` were not
    strings (None, NaN): they have no words.
    """

    keys: tuple[str, ...]
    display: tuple[str, ...]
    codes: IntArray
    offsets: IntArray
    missing: IntArray

    @property
    def n_texts(self) -> int:
        return int(self.offsets.shape[0]) - 1

    @property
    def empty(self) -> int:
        """Texts without a word (missing ones included)."""
        return int(np.count_nonzero(self.offsets[1:] == self.offsets[:-1]))

    def text_of_word(self) -> IntArray:
        """The text each word comes from."""
        return np.repeat(np.arange(self.n_texts), np.diff(self.offsets))


def tokenize(texts: Any, *, stop_words: Iterable[str] | None = None, what: str = "comment") -> Words:
    """Split texts into words (see the module docstring); ``stop_words`` are left out.

    Examples
    --------
    >>> words = tokenize(["Atención muy MALA", None, "mala atencion!"])
    >>> words.display, words.codes.tolist(), words.offsets.tolist(), words.missing.tolist()
    (('atención', 'muy', 'mala'), [0, 1, 2, 2, 0], [0, 3, 3, 5], [1])
    """
    strings, missing = text_list(texts, what)
    n = len(strings)
    body = " ".join(strings)  # one separator keeps words of adjacent texts apart
    points = _lower_words(np.frombuffer(body.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    # The words as typed (lower-cased), distinct ones first seen first, and each word's code.
    spellings, raw_codes = _coded_words(str(points.data, "utf-32-le", "surrogatepass"))
    word = points != _SPACE
    starts = np.flatnonzero(word[1:] > word[:-1]) + 1  # a word character after a space
    if word.shape[0] and word[0]:
        starts = np.concatenate(([0], starts))
    lengths = np.fromiter(map(len, strings), dtype=np.intp, count=n)
    text_starts = np.concatenate(([0], np.cumsum(lengths + 1)))  # first character of each text
    offsets = np.searchsorted(starts, text_starts).astype(np.intp)

    # Fold each distinct spelling once: display form (composed), folded key.
    shown = _each(functools.partial(unicodedata.normalize, "NFC"), spellings)
    shown_index: dict[str, int] = {}
    shown_of_raw = np.fromiter(
        (shown_index.setdefault(s, len(shown_index)) for s in shown), dtype=np.intp, count=len(shown)
    )
    shown_forms = list(shown_index)
    dropped = set() if stop_words is None else _stop_keys(stop_words)
    key_index: dict[str, int] = {}
    key_of_shown = np.fromiter(
        (
            -1 if not key or key in dropped else key_index.setdefault(key, len(key_index))
            for key in _each(fold, shown_forms)
        ),
        dtype=np.intp,
        count=len(shown_forms),
    )
    keys = tuple(key_index)

    # A term is shown as its most frequent spelling (ties: the first seen).
    shown_count = np.bincount(shown_of_raw, weights=np.bincount(raw_codes, minlength=len(spellings)))
    kept = np.flatnonzero(key_of_shown >= 0)
    order = kept[np.lexsort((kept, -shown_count[kept], key_of_shown[kept]))]
    first = np.ones(order.shape[0], dtype=bool)
    first[1:] = key_of_shown[order[1:]] != key_of_shown[order[:-1]]
    display = tuple(shown_forms[i] for i in order[first].tolist())

    codes = key_of_shown[shown_of_raw[raw_codes]] if raw_codes.shape[0] else raw_codes
    if (codes < 0).any():  # stop words (and stray marks) leave their texts
        keep = codes >= 0
        offsets = np.concatenate(([0], np.cumsum(keep)))[offsets].astype(np.intp)
        codes = codes[keep]
    return Words(keys, display, codes, offsets, np.array(missing, dtype=np.intp))


def _coded_words(lowered: str) -> tuple[list[str], IntArray]:
    """The words of a text whose only separators are spaces: the distinct ones and each word's code.

    A long text (from ``_ARROW_TEXT`` characters) is split and coded by
    Arrow when pyarrow is installed (a hash table in C, no string per
    word), else by ``str.split`` and one dictionary pass; both give the same.
    """
    if len(lowered) >= _ARROW_TEXT:
        coded = _arrow_coded_words(lowered)
        if coded is not None:
            return coded
    return _factorize(lowered.split())


def _arrow_coded_words(lowered: str) -> tuple[list[str], IntArray] | None:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    lowered = lowered.strip(" ")
    if not lowered:
        return [], np.zeros(0, dtype=np.intp)
    try:
        text = pa.array([lowered], type=pa.large_string())
    except (pa.ArrowException, UnicodeError):  # lone surrogates, which UTF-8 cannot hold
        return None
    # Words hold no ASCII whitespace and UTF-8 never encodes another character with its bytes.
    encoded = pc.dictionary_encode(pc.list_flatten(pc.ascii_split_whitespace(text)))
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    return encoded.dictionary.to_pylist(), codes


def _factorize(values: list[str]) -> tuple[list[str], IntArray]:
    """The distinct values in order of first appearance, and each value's index among them.

    One dictionary pass: ``setdefault`` maps each value to the position where
    it first appeared; a lookup table turns those positions into codes.
    """
    first: dict[str, int] = {}
    at = np.fromiter(map(first.setdefault, values, itertools.count()), dtype=np.intp, count=len(values))
    code_at = np.zeros(len(values), dtype=np.intp)
    code_at[np.fromiter(first.values(), dtype=np.intp, count=len(first))] = np.arange(len(first))
    return list(first), code_at[at]


def _each(transform: Callable[[str], str], words: list[str]) -> list[str]:
    """``transform`` (case folding, Unicode normalisation) of each word, in one call on all of them.

    The words are joined by newlines: no word holds one, and case folding and
    normalisation act character by character or within a run of combining
    marks, which a newline ends, so the pieces are the words transformed.
    """
    return transform("\n".join(words)).split("\n") if words else []


def _stop_keys(stop_words: Iterable[str]) -> set[str]:
    if isinstance(stop_words, (str, bytes)) or not isinstance(stop_words, Iterable):
        raise InvalidOptionTypeError(
            f"stop_words must be a collection of words such as {{'the', 'and'}}; got {stop_words!r}"
        )
    keys = set()
    for i, word in enumerate(stop_words):
        if not isinstance(word, str):
            raise InvalidOptionTypeError(f"stop_words: stop word {word!r} at position {i} is not a string")
        parts = term_key(word).split(" ")
        if len(parts) != 1 or not parts[0]:
            raise InvalidOptionError(f"stop_words: stop word {word!r} at position {i} must be one word")
        keys.add(parts[0])
    return keys


@dataclass(frozen=True, slots=True)
class Grams:
    """Counts of terms (words and n-grams) per group: ``counts[g, t]``.

    Terms are the words first (in ``Words`` code order), then the two-word
    n-grams, and so on; only terms counted at least ``min_count`` times over
    the groups are kept. ``keys`` (the folded forms) is None unless asked for.
    ``totals[g]`` counts every term of group g and ``terms`` every distinct
    term counted, kept or not.
    """

    display: tuple[str, ...]
    keys: tuple[str, ...] | None
    counts: NDArray[np.float64]
    totals: NDArray[np.float64]
    terms: int


def count_grams(
    words: Words,
    group_of_text: IntArray,
    groups: int,
    *,
    max_words: int = 2,
    min_count: int = 1,
    keys: bool = False,
) -> Grams:
    """Occurrences of every 1..max_words-word sequence within a text, per group of texts.

    ``group_of_text[i]`` is text i's group in ``0..groups - 1``, or -1 to leave it
    out. A sequence spans adjacent words of one text (stop words removed).
    Strings are built only for the terms kept.
    """
    text = words.text_of_word()
    group = group_of_text[text] if text.shape[0] else np.zeros(0, dtype=np.intp)
    vocabulary = len(words.keys)
    counted = group >= 0
    unigram = np.bincount(
        group[counted] * vocabulary + words.codes[counted], minlength=groups * vocabulary
    ).reshape(groups, vocabulary)
    used = unigram.sum(axis=0)
    kept = np.flatnonzero(used >= max(min_count, 1))
    blocks = [unigram[:, kept].astype(np.float64)]
    totals = unigram.sum(axis=1).astype(np.float64)
    terms = int(np.count_nonzero(used))
    display = [words.display[i] for i in kept.tolist()]
    key_list = [words.keys[i] for i in kept.tolist()] if keys else []

    # An (s-1)-gram starting at p plus the word at p + s - 1 gives the s-gram at p.
    previous = words.codes  # id of the (s-1)-gram starting at each position; -1 if none
    previous_display: Sequence[str] | dict[int, str] = words.display
    previous_keys: Sequence[str] | dict[int, str] = words.keys
    for size in range(2, max_words + 1):
        span = text.shape[0] - size + 1
        if span <= 0:
            break
        start = np.flatnonzero(
            (text[:span] == text[size - 1 :]) & (previous[:span] >= 0) & (group[:span] >= 0)
        )
        pair = previous[start].astype(np.int64) * vocabulary + words.codes[start + size - 1]
        last = size == max_words
        if last:  # no ids needed for a next level: a plain sort of (pair, group) keys counts them
            tallied, tally = np.unique(pair * groups + group[start], return_counts=True)
            pair_of, group_of = np.divmod(tallied, groups)
            new = np.ones(pair_of.shape[0], dtype=bool)
            new[1:] = pair_of[1:] != pair_of[:-1]
            distinct = pair_of[new]
            counts = np.zeros((groups, distinct.shape[0]), dtype=np.int64)
            counts[group_of, np.cumsum(new) - 1] = tally
        else:
            distinct, inverse = np.unique(pair, return_inverse=True)
            inverse = inverse.reshape(-1)
            counts = np.bincount(
                group[start] * distinct.shape[0] + inverse, minlength=groups * distinct.shape[0]
            )
            counts = counts.reshape(groups, distinct.shape[0])
        kept = np.flatnonzero(counts.sum(axis=0) >= min_count)
        blocks.append(counts[:, kept].astype(np.float64))
        totals += counts.sum(axis=1)
        terms += int(distinct.shape[0])
        # A kept n-gram's first n-1 words are kept too (counted at least as often).
        head, tail = np.divmod(distinct[kept], vocabulary)
        heads, tails = head.tolist(), tail.tolist()
        level = [f"{previous_display[h]} {words.display[t]}" for h, t in zip(heads, tails, strict=True)]
        display += level
        previous_display = {} if last else dict(zip(kept.tolist(), level, strict=True))
        if keys:
            level = [f"{previous_keys[h]} {words.keys[t]}" for h, t in zip(heads, tails, strict=True)]
            key_list += level
            previous_keys = {} if last else dict(zip(kept.tolist(), level, strict=True))
        if last:
            break
        previous = np.full(text.shape[0], -1, dtype=np.intp)
        previous[start] = inverse
    key_tuple = tuple(key_list) if keys else None
    return Grams(tuple(display), key_tuple, np.concatenate(blocks, axis=1), totals, terms)


def find_phrases(words: Words, phrases: Sequence[Sequence[tuple[str, bool]]]) -> tuple[IntArray, IntArray]:
    """Where each phrase occurs: (text, phrase) pairs, one per occurrence.

    A phrase is a sequence of folded words, each exact or a prefix
    (``(word, True)``); it matches adjacent words of one text. All phrases
    are found together: one pass over the words finds every candidate start,
    then each further word of the phrases is checked for all candidates at once.
    """
    vocabulary = len(words.keys)
    ordered = sorted(range(vocabulary), key=words.keys.__getitem__)
    sorted_keys = [words.keys[i] for i in ordered]
    lookup = {key: i for i, key in enumerate(words.keys)}

    def codes_of(word: str, prefix: bool) -> list[int]:
        if not prefix:
            code = lookup.get(word)
            return [] if code is None else [code]
        low = bisect.bisect_left(sorted_keys, word)
        high = bisect.bisect_left(sorted_keys, word + "\U0010ffff")
        return ordered[low:high]

    # (position in phrase, word code, phrase) for every allowed word, as one sorted key
    length = np.array([len(p) for p in phrases], dtype=np.intp)
    allowed: list[tuple[int, int, int]] = [
        (j, code, k)
        for k, phrase in enumerate(phrases)
        for j, w in enumerate(phrase)
        for code in codes_of(*w)
    ]
    if not allowed or words.codes.shape[0] == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    table = np.array(allowed, dtype=np.int64)
    first = table[table[:, 0] == 0]
    first = first[np.argsort(first[:, 1], kind="stable")]
    # Candidates: every word that starts some phrase, once per phrase it starts.
    per_code = np.bincount(first[:, 1], minlength=vocabulary)
    begin = np.concatenate(([0], np.cumsum(per_code)))
    repeats = per_code[words.codes]
    position = np.repeat(np.arange(words.codes.shape[0]), repeats)
    rank = np.arange(position.shape[0]) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    phrase = first[begin[words.codes[position]] + rank, 2]
    text = words.text_of_word()
    n_phrases, n_words = len(phrases), words.codes.shape[0]
    later = np.unique((table[:, 0] * vocabulary + table[:, 1]) * n_phrases + table[:, 2])
    for j in range(1, int(length.max())):
        needs = length[phrase] > j
        at = position + j
        ok = ~needs | ((at < n_words) & (text[np.minimum(at, n_words - 1)] == text[position]))
        check = needs & ok
        key = (j * vocabulary + words.codes[np.minimum(at[check], n_words - 1)]) * n_phrases + phrase[check]
        found = np.zeros(check.shape[0], dtype=bool)
        found[check] = later[np.minimum(np.searchsorted(later, key), later.shape[0] - 1)] == key
        keep = ~needs | found
        position, phrase = position[keep], phrase[keep]
    return text[position], phrase
