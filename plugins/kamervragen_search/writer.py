"""The whole index in one piece: lunr's serialized index of every pair, and its pair store.

The site no longer ships it (``sharded`` replaces it: one lunr index must be downloaded
whole, ~650 B gzipped per pair). It stays as the reference the sharded index is measured
against: the benchmark's single-index figures (``write_whole_index``), and the fast builder
``build_index``, which writes byte for byte what lunr's own Builder writes
(``build_index_with_lunr``) for the same documents (``analysis.lunr_documents``).
"""

from __future__ import annotations

import gc
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.builder import Builder

from kamervragen_search.analysis import AnalyzedLetter, lunr_documents
from kamervragen_search.documents import FIELDS, LetterEntry
from kamervragen_search.nl_pipeline import PIPELINE
from kamervragen_search.numbering import document_order
from kamervragen_search.postings import dump


class _SerializingBuilder(Builder):
    """A lunr Builder for an index that is only serialized, never queried in Python.

    ``build()`` also makes the token set for Python-side queries; lunr.js rebuilds it from
    the inverted index on load and it is not serialized, so it is skipped. Overrides a
    private method of lunr 0.8. Used only by ``build_index_with_lunr``.
    """

    def _create_token_set(self) -> None:
        self.token_set = None


def _documents(letters: Iterable[AnalyzedLetter]) -> Iterator[dict[str, Any]]:
    yield from lunr_documents(list(letters))


def build_index_with_lunr(letters: Iterable[AnalyzedLetter]) -> dict[str, Any]:
    """The index as lunr's own Builder makes it: the reference ``build_index`` must equal.

    Slow (token objects, per-token metadata copies, vectors grown by binary insertion); kept
    so that a test can check the fast builder against lunr on any set of letters.
    """
    builder = _SerializingBuilder()
    # Documents arrive as index terms (analysis.lunr_documents), so the indexing pipeline
    # stays empty. The search pipeline is what the index stores and what lunr.js runs every
    # query term through: the same Dutch functions, under the names lunr.js knows.
    builder.search_pipeline.add(*PIPELINE)
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for document in _documents(letters):
        builder.add(document)
    return builder.build().serialize()


# lunr 0.8 Builder defaults (b, k1), the same in lunr.js 2.3.9.
_B = 0.75
_K1 = 1.2


def build_index(letters: Iterable[AnalyzedLetter]) -> dict[str, Any]:
    """lunr index over every pair, serialized; processed exactly as lunr.js will query it.

    The cyclic garbage collector is paused meanwhile: the index is a million small acyclic
    dicts and lists, and collections triggered by their allocation took a third of the time
    (1000 letters: 3.4 s with, 2.4 s without); nothing here makes reference cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_index(letters)
    finally:
        if enabled:
            gc.enable()


def _build_index(letters: Iterable[AnalyzedLetter]) -> dict[str, Any]:
    """``build_index`` itself.

    The same dictionary lunr's Builder gives (``build_index_with_lunr``): the same terms,
    term indexes, postings, field lengths and BM25 scores, computed in the same order with
    the same floating-point operations, so the serialized index is byte for byte the same.
    Documents arrive as index terms (analysis.lunr_documents), so the indexing pipeline is
    empty; lunr would lower-case each term (its tokenizer does, for lists too), and so does
    this. The search pipeline stored is what lunr.js runs every query term through.
    """
    field_names = [name for name, _ in FIELDS]
    inverted: dict[str, dict[str, Any]] = {}
    # "field/ref" -> term counts (in order of first occurrence) and the field's length.
    frequencies: dict[str, dict[str, int]] = {}
    lengths: dict[str, int] = {}
    document_count = 0
    # The fields a letter's pairs share arrive as the same list object for every pair: their
    # counts are made once and the same dict is kept for each pair (and scored once below).
    previous: dict[str, tuple[list[str], dict[str, int]]] = {}
    for document in _documents(letters):
        ref = str(document["ref"])
        document_count += 1
        for field_name in field_names:
            source = document[field_name]
            seen = previous.get(field_name)
            if seen is not None and seen[0] is source:
                counts = seen[1]
            else:
                counts = Counter(map(str.lower, source))
                previous[field_name] = (source, counts)
            key = f"{field_name}/{ref}"
            frequencies[key] = counts
            lengths[key] = len(source)
            for term in counts:
                posting = inverted.get(term)
                if posting is None:
                    posting = {name: {} for name in field_names}
                    posting["_index"] = len(inverted)
                    inverted[term] = posting
                postings = posting[field_name]
                if ref not in postings:
                    postings[ref] = {}

    totals: dict[str, int] = dict.fromkeys(field_names, 0)
    documents_with_field: dict[str, int] = dict.fromkeys(field_names, 0)
    for key, length in lengths.items():
        field_name = key.split("/", 1)[0]
        documents_with_field[field_name] += 1
        totals[field_name] += length
    average = {name: totals[name] / documents_with_field[name] for name in field_names}

    # Per term: its index and idf, as lunr's Idf computes it.
    term_info: dict[str, tuple[int, float]] = {}
    for term, posting in inverted.items():
        with_term = 0
        for name in field_names:
            with_term += len(posting[name])
        x = (document_count - with_term + 0.5) / (with_term + 0.5)
        term_info[term] = (posting["_index"], math.log(1 + abs(x)))

    boosts = dict(FIELDS)
    k1_plus_one = _K1 + 1
    field_vectors = []
    scored_once: dict[tuple[str, int], list[Any]] = {}
    for key, counts in frequencies.items():
        field_name = key.split("/", 1)[0]
        cached = (field_name, id(counts))
        elements = scored_once.get(cached)
        if elements is None and not counts:
            elements = []  # no terms: lunr computes nothing (the average may be 0 here)
        elif elements is None:
            boost = boosts[field_name]
            # lunr: idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average)) + tf),
            # times the field boost (the document boost is 1), rounded to 3 decimals.
            norm = _K1 * (1 - _B + _B * (lengths[key] / average[field_name]))
            scored = []
            for term, tf in counts.items():
                index, term_idf = term_info[term]
                scored.append(
                    (index, round(term_idf * (k1_plus_one * tf) / (norm + tf) * boost, 3))
                )
            scored.sort()
            elements = [x for item in scored for x in item]
            scored_once[cached] = elements
        field_vectors.append([key, list(elements)])

    return {
        "version": LUNR_JS_VERSION,
        "fields": field_names,
        "fieldVectors": field_vectors,
        "invertedIndex": [[term, inverted[term]] for term in sorted(inverted)],
        "pipeline": [fn.label for fn in PIPELINE],
    }


def store(letters: list[LetterEntry]) -> dict[str, Any]:
    """The pair store, as arrays rather than objects: it is downloaded whole with the index.

    ``ministries`` and ``parties`` are lookup tables; ``letters`` rows are
    ``[id, subject, date, year, [ministry indexes], [party indexes]]``; ``pairs`` rows are
    ``[letter row, slug, label, question, answer, footnotes]`` and a pair's ref (its
    permalink, the lunr ref) is ``brief/<id>/<slug>/``.
    """
    ministry_names = sorted({m for letter in letters for m in letter.ministries})
    party_names = sorted({p for letter in letters for p in letter.parties})
    ministry_at = {m: i for i, m in enumerate(ministry_names)}
    party_at = {p: i for i, p in enumerate(party_names)}
    letter_rows, pair_rows = [], []
    for row, letter in enumerate(letters):
        letter_rows.append(
            [
                letter.id,
                letter.subject,
                letter.date,
                letter.year,
                [ministry_at[m] for m in letter.ministries],
                [party_at[p] for p in letter.parties],
            ]
        )
        for pair in letter.pairs:
            pair_rows.append(
                [row, pair.slug, pair.label, pair.question, pair.answer, pair.footnotes]
            )
    return {
        "ministries": ministry_names,
        "parties": party_names,
        "letters": letter_rows,
        "pairs": pair_rows,
    }


def write_whole_index(letters: list[AnalyzedLetter], out_dir: Path) -> tuple[int, int]:
    """index.json and docs.json of the single-index format; returns their sizes in bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    index_data = dump(build_index(letters))
    entries = sorted(
        (x.entry for x in letters), key=lambda x: document_order(x.date, x.id), reverse=True
    )
    store_data = dump(store(entries))
    (out_dir / "index.json").write_bytes(index_data)
    (out_dir / "docs.json").write_bytes(store_data)
    return len(index_data), len(store_data)
