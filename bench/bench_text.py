"""Comment analysis speed: 100,000 comments tokenised and scored.

Run: ``python bench/bench_text.py``. Prints the time of
``distinctive_terms`` (tokenising with case and accent folding, words and
two-word phrases, counting per group, Monroe et al. log-odds and z for every
term) on 100,000 generated comments of 3-30 words in English and Spanish,
and of ``tag_themes`` with a 12-theme lexicon on the same comments, against
a floor measured in the same run: ``collections.Counter`` over
``str.split()`` of the same texts (whitespace split only: no lower-casing, no
punctuation, no phrases, no groups, no scoring). Goal: ``distinctive_terms``
within 1 s (best of five; wall and CPU time, CPU being steadier on a loaded
machine). The first call is timed apart: it also builds the character table
once and, for a text this long, imports pyarrow if it is installed (its
split and hash table then code the words). ``min_count=2`` (rows only for
terms seen twice; the same numbers) skips building strings for the many
phrases seen once.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import best_time, race

import netpromoter as nps

N = 100_000
_PHRASES = (
    "the app is slow and support was rude price too high love new design great service fast",
    "delivery waited hours refund never arrived easy to use would recommend crashes every time",
    "la atención muy mala precio caro envío rápido excelente servicio tardó días reembolso",
    "nunca llegó fácil de usar recomiendo se cierra cada vez",
)
COMMON = [word for phrase in _PHRASES for word in phrase.split()]
LEXICON = {
    "speed": ["slow", "waited", "hours", "tardó", "días"],
    "support": ["support", "atención", "rude", "service", "servicio"],
    "price": ["price", "precio", "caro", "too high"],
    "refund": ["refund*", "reembolso*", "never arrived", "nunca llegó"],
    "bugs": ["crash*", "se cierra"],
    "delivery": ["delivery", "envío"],
    "design": ["design"],
    "ease": ["easy to use", "fácil de usar"],
    "praise": ["love", "great", "excelente"],
    "recommend": ["recommend*"],
    "apps": ["app"],
    "time": ["every time", "cada vez"],
}


def comments(n: int, seed: int = 0) -> list[str]:
    """Comments of 3-30 words: common words (Zipf) and a long tail of rare ones, mixed case."""
    rng = random.Random(seed)
    tail = [f"item{i}" for i in range(20_000)]
    vocabulary = COMMON + tail
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    words = rng.choices(vocabulary, weights, k=17 * n)
    out, at = [], 0
    for _ in range(n):
        k = rng.randint(3, 30)
        text = " ".join(words[at : at + k])
        at = (at + k) % (len(words) - 30)
        out.append(text.capitalize() + rng.choice([".", "!", "!!", "", " :(", "..."]))
    return out


def main() -> None:
    texts = comments(N)
    scores = np.random.default_rng(0).integers(0, 11, size=N)
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    nps.distinctive_terms(texts, scores=scores)
    first = time.perf_counter() - start
    floor = best_time(lambda: Counter(w for text in texts for w in text.split()), repeat=5)
    ours, ours_cpu = race({"terms": lambda: nps.distinctive_terms(texts, scores=scores)})["terms"]
    table = nps.distinctive_terms(texts, scores=scores)
    fewer = best_time(lambda: nps.distinctive_terms(texts, scores=scores, min_count=2), repeat=5)
    shown = len(nps.distinctive_terms(texts, scores=scores, min_count=2))
    tags = best_time(lambda: nps.tag_themes(texts, LEXICON), repeat=5)
    print(f"{N:,} comments, {words:,} words; {len(table):,} terms (words and two-word phrases)")
    print(f"  floor Counter(str.split())          {1000 * floor:8.1f} ms")
    print(f"  distinctive_terms (scores)          {1000 * ours:8.1f} ms", end="")
    print(f"  ratio to floor {ours / floor:.2f}  (goal: under 1 s); CPU {1000 * ours_cpu:.1f} ms")
    print(f"  ... its first call                  {1000 * first:8.1f} ms")
    label = f"... with min_count=2 ({shown:,} rows)"
    print(f"  {label:<36}{1000 * fewer:8.1f} ms  ratio to floor {fewer / floor:.2f}")
    print(f"  tag_themes (12 themes)              {1000 * tags:8.1f} ms  ratio to floor {tags / floor:.2f}")


if __name__ == "__main__":
    main()
