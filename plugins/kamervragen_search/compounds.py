"""Dutch compounds split into known parts, so that "toeslag" finds "huurtoeslag".

Dutch writes compounds as one word ("stikstofuitstoot", "kinderopvangtoeslag"), so a reader
who searches a part finds nothing with whole-word matching. At index time each long word is
split into parts that are Dutch words (``data/nl_words.tsv``, from wordfreq's Dutch list,
source named in the file), and the parts are indexed in a field of their own with a lower
boost than the whole word (``documents.FIELDS``). The split depends only on the word and the
list, never on the rest of the archive, so a letter's index terms can be cached on their own.

The split: the place (with an optional linking "s", "e" or "en": "arbeid-s-markt") whose two
sides are known words, or whose right side splits again, with the highest mean Zipf
frequency of the parts; taken only when that mean is not much below the whole word's own
frequency (Koehn and Knight's rule, with a margin): "minister" is a frequent word and stays
whole although "mini" and "ster" are words, "huurtoeslag" (rarer than "huur" and "toeslag")
is split. Parts of parts are kept too ("kinderopvangtoeslag" gives "kinderopvang",
"toeslag", "kinder", "opvang").
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from kamervragen_search.nl_pipeline import STOP_WORDS

WORDS_FILE = Path(__file__).with_name("data") / "nl_words.tsv"
MIN_WORD = 8  # shorter words are not split
MIN_PART = 4
LINKS = ("", "s", "e", "en")
# How far the parts' mean Zipf frequency may lie below the whole word's and still split it.
MARGIN = 0.6
PART_PENALTY = 1.0
# Parts of a cut into three or more must be this long ("vrijheid-s-bene-ming" is no split).
MIN_PART_OF_MANY = 5


@cache
def known_words() -> dict[str, float]:
    words: dict[str, float] = {}
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, zipf = line.split("\t")
            words[word] = float(zipf)
    return words


@lru_cache(maxsize=300_000)
def _best_split(word: str, depth: int) -> tuple[float, list[str], float] | None:
    """(score, parts, sum of the parts' Zipf) of the best cut of word into known words.

    The score is the parts' mean Zipf frequency less PART_PENALTY for each part beyond two,
    so that "stikstof" + "uitstoot" beats "stik" + "stof" + "uitstoot". Cached: the right
    sides of one word are cut again and again, and so are the words of an archive.
    """
    words = known_words()
    best: tuple[float, list[str], float] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[:i]
        lefts = []
        for link in LINKS:
            if link and not head.endswith(link):
                continue
            left = head[: len(head) - len(link)]
            left_zipf = words.get(left)
            if left_zipf is not None and len(left) >= MIN_PART and left not in STOP_WORDS:
                lefts.append((left, left_zipf))
        if not lefts:
            continue  # no known word ends here: the right side need not be looked at
        right = word[i:]
        right_zipf = words.get(right)
        tails = [([right], right_zipf)] if right_zipf is not None else []
        if depth > 0 and len(right) >= MIN_WORD:
            inner = _best_split(right, depth - 1)
            if inner is not None:
                tails.append((inner[1], inner[2]))
        for left, left_zipf in lefts:
            for parts, zipf_sum in tails:
                total = left_zipf + zipf_sum
                n = len(parts) + 1
                if n > 2 and min(len(left), *map(len, parts)) < MIN_PART_OF_MANY:
                    continue
                score = total / n - PART_PENALTY * (n - 2)
                if best is None or score > best[0]:
                    best = (score, [left, *parts], total)
    return best


@lru_cache(maxsize=300_000)
def split(word: str) -> tuple[str, ...]:
    """The known parts of a lower-case word, outermost first; () when it is not a compound."""
    if len(word) < MIN_WORD or not word.isalpha():
        return ()
    found = _best_split(word, depth=2)
    if found is None or found[2] / len(found[1]) < known_words().get(word, 0.0) - MARGIN:
        return ()
    parts: list[str] = []
    for part in found[1]:
        parts.append(part)
        parts.extend(split(part))
    return tuple(parts)
