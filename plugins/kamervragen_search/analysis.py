"""A letter's index terms, made once per letter and cacheable: the expensive half of a build.

Everything here is a pure function of one letter's contract object (and the versioned word
list of ``compounds``), never of the rest of the archive, so a rebuild after adding one letter
tokenizes only that letter (``cache.AnalysisCache``). The other half, ``sharded``, merges the
letters' terms into the index files.

Per pair and field: the terms in order (what lunr's builder would be given, so field length
and term frequencies follow) and, for the text fields, each term's word position (the
ordinal of the word in the field's text as lunr's tokenizer splits it, stop words counted),
for phrase queries. Besides the words' own terms a field gets:

- number words (``numbers.extra_words``: "35 925" -> "35925", Kamerstuk references), at the
  position of the number they come from;
- in the ``parts`` field, the known parts of compound words (``compounds.split``) of the
  question, the answer and the subject, which has a lower boost than the whole words.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kamervragen_search.compounds import MIN_WORD
from kamervragen_search.compounds import split as split_compound
from kamervragen_search.documents import FIELDS, LetterEntry, letter_entry
from kamervragen_search.nl_pipeline import _JS_SEPARATORS, index_term, trim
from kamervragen_search.numbering import document_order
from kamervragen_search.numbers import extra_words

# Bump when the terms made here change, so that cached analyses are made again.
ANALYSIS_VERSION = 1

FIELD_NAMES = tuple(name for name, _ in FIELDS)
# Fields whose terms carry positions (all but the compound parts).
POSITION_FIELDS = frozenset(FIELD_NAMES) - {"parts"}

_WORD = re.compile(_JS_SEPARATORS.pattern.replace("[", "[^", 1))
# lunr's separators are Python's whitespace (``str.split()``) but for "-" and "\ufeff",
# lunr's alone, and five control characters, Python's alone (a test compares them over
# every character): splitting at whitespace is several times faster than ``_WORD``.
_LUNR_ONLY = ("-", "\ufeff")
_PYTHON_ONLY = ("\x1c", "\x1d", "\x1e", "\x1f", "\x85")


def words_of(lower: str) -> list[str]:
    """The words lunr.js makes of a text (``_WORD.findall``)."""
    if any(c in lower for c in _PYTHON_ONLY):
        return _WORD.findall(lower)
    for c in _LUNR_ONLY:
        if c in lower:
            lower = lower.replace(c, " ")
    return lower.split()


Terms = tuple[str, ...]
Positions = tuple[int, ...]


class FieldTerms:
    """A field's terms in order, and their word positions (none for the parts field).

    Kept compact, because a build holds every letter's: the terms as one string (terms
    never contain spaces), the positions as an array of 32-bit numbers.
    """

    __slots__ = ("_terms", "_positions")

    def __init__(self, terms: Iterable[str], positions: Iterable[int]) -> None:
        self._terms = " ".join(terms)
        self._positions = array("I", positions)

    @property
    def terms(self) -> Terms:
        return tuple(self._terms.split(" ")) if self._terms else ()

    @property
    def positions(self) -> Positions:
        return tuple(self._positions)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FieldTerms)
            and self._terms == other._terms
            and self._positions == other._positions
        )

    def __hash__(self) -> int:
        return hash(self._terms)

    def __getstate__(self) -> tuple[str, bytes]:
        return self._terms, self._positions.tobytes()

    def __setstate__(self, state: tuple[str, bytes]) -> None:
        self._terms = state[0]
        self._positions = array("I")
        self._positions.frombytes(state[1])


@dataclass(frozen=True)
class AnalyzedPair:
    ref: str
    fields: tuple[FieldTerms, ...]  # in FIELD_NAMES order


@dataclass
class AnalyzedLetter:
    entry: LetterEntry
    pairs: tuple[AnalyzedPair, ...]  # emptied by sharded.write_index(..., consume=True)


# How the index builders get the analyses of letters, by key, a list at a time: build.py's
# reads them from the analysis cache and analyses the letters it lacks.
Fetch = Callable[[list[str]], dict[str, AnalyzedLetter]]


def analyze_text(text: str) -> tuple[FieldTerms, list[str]]:
    """The text's terms with positions, and the trimmed words that compounds may split."""
    lower = text.lower()
    # (Whole lists at a time, not a loop over the words: this runs for every word of the
    # archive.)
    found = words_of(lower)
    made = list(map(index_term, found))
    positions = [ordinal for ordinal, term in enumerate(made) if term is not None]
    terms = [term for term in made if term is not None]
    words = [word for word, term in zip(found, made, strict=True) if term is not None]
    extras = extra_words(lower)
    if extras:
        starts = [match.start() for match in _WORD.finditer(lower)]
        # Each extra word goes right after the terms of the word it starts at.
        merged = list(zip(positions, terms, strict=True))
        for offset, word in extras:
            term = index_term(word)
            if term is None:
                continue
            ordinal = bisect.bisect_right(starts, offset) - 1
            merged.insert(bisect.bisect_right(merged, (ordinal, "\uffff")), (ordinal, term))
        positions = [p for p, _ in merged]
        terms = [t for _, t in merged]
    return FieldTerms(terms, positions), words


def compound_parts(words: list[str]) -> list[str]:
    return [part for word in words if len(word) >= MIN_WORD for part in _word_parts(word)]


@lru_cache(maxsize=500_000)
def _word_parts(word: str) -> tuple[str, ...]:
    """The index terms of a word's compound parts (cached: words repeat)."""
    terms = (index_term(part) for part in split_compound(trim(word)))
    return tuple(term for term in terms if term is not None)


def analyze_entry(entry: LetterEntry) -> AnalyzedLetter:
    subject, subject_words = analyze_text(f"{entry.subject} {entry.identifiers}")
    shared = {
        "subject": subject,
        "askers": analyze_text(entry.askers)[0],
        "minister": analyze_text(entry.responders)[0],
        "ministry": analyze_text(" ".join(entry.ministries))[0],
    }
    subject_parts = compound_parts(subject_words)
    pairs = []
    for pair in entry.pairs:
        question, question_words = analyze_text(pair.question)
        answer, answer_words = analyze_text(pair.answer)
        own = {
            "question": question,
            "answer": answer,
            "footnotes": analyze_text(pair.footnotes)[0],
            "parts": FieldTerms(
                tuple(
                    compound_parts(question_words) + compound_parts(answer_words) + subject_parts
                ),
                (),
            ),
        }
        pairs.append(
            AnalyzedPair(pair.ref, tuple(own.get(name) or shared[name] for name in FIELD_NAMES))
        )
    return AnalyzedLetter(entry, tuple(pairs))


def analyze_letter(letter: dict[str, Any]) -> AnalyzedLetter:
    """One contract object (``parsers/letter.schema.json``) as search documents with terms."""
    return analyze_entry(letter_entry(letter))


def lunr_documents(letters: list[AnalyzedLetter]) -> list[dict[str, Any]]:
    """The documents as lunr's builder takes them (already terms), in the index's order.

    For the reference whole index of the tests and the benchmark: the sharded index must give
    the results lunr gives on these.
    """
    documents = []
    for letter in ordered(letters):
        for pair in letter.pairs:
            fields = zip(FIELD_NAMES, pair.fields, strict=True)
            documents.append({"ref": pair.ref, **{name: list(f.terms) for name, f in fields}})
    return documents


def ordered(letters: list[AnalyzedLetter]) -> list[AnalyzedLetter]:
    """Newest letter first (the order lunr gets them in, so equal scores list newest first)."""
    return sorted(letters, key=lambda x: document_order(x.entry.date, x.entry.id), reverse=True)
