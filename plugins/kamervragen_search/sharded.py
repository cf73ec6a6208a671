"""The search index cut by term, so the browser loads only what a query needs.

lunr's score is a sum over the query's terms (``lunr.Index.prototype.query``: per field,
``queryVector.similarity(fieldVector)``, and ``Vector.similarity`` divides by the *query*
vector's magnitude only). A term's contribution therefore depends only on that term's
postings and weights, and an index made of just the query's terms gives exactly the scores of
the whole index. The browser (``theme/static/js/search-index.js``) loads those terms and
builds a ``lunr.Index`` of them, then lets lunr.js run the query.

The weights themselves are computed in the browser from what is stored here, with lunr.js's
own BM25 arithmetic (``lunr.Builder.prototype.createFieldVectors``): term frequency, field
length, the number of documents and the fields' total lengths (in the manifest). Stored
weights would change with every letter added (the document count and average lengths are
in every weight), so every file would change on every build; stored counts change only
where a letter's terms are. The term order lunr's vectors are summed in (``_index``: the
order in which lunr's builder first met each term) is stored as each term's first
occurrence (document, field, place in the field), which a new letter does not change for
terms it does not contain.

Files, under the search directory (every name but the manifest holds its content's hash, so
a file that exists is never written again and browsers may cache it for ever):

- ``manifest.json``: format, fields and boosts, query aliases, the pipeline, document count
  and field lengths, the dictionary shards, the document tables, filter values.
- ``w/<hash>.json`` dictionary shards: consecutive ranges of the sorted terms, each term
  with its document frequency and where its postings are. Wildcards and fuzzy terms are
  expanded on the shards their range can touch.
- ``p/<hash>.json`` posting shards: consecutive term ranges of bounded size; a term larger
  than the bound is split over shards of its own. Per term and field: documents (newest
  first, as differences), term frequencies, field lengths.
- ``q/<hash>.json`` positions, fetched only for phrases: one file per dictionary shard
  (and one per piece of a split term).
- ``d/<hash>.json`` document blocks of ``doc_block`` pairs (what a result line shows), and
  document tables listing the blocks' names, ``doc_table`` blocks each.
- ``t/<hash>.bin`` text packs: each pair's question, answer and footnotes for snippets,
  compressed one by one, fetched by HTTP range for the results shown.
- ``f/<hash>.json`` the documents of one ministry or party, for the filters (years are
  ranges of document numbers: documents are numbered in date order).

Documents are numbered by (date, letter id), oldest first, and a letter's pairs from last to
first, so that a letter added with a later date than all others leaves every number, and so
every file that does not contain its terms, as it was. lunr gets the documents newest first
(highest number first): equal scores list newest first.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from kamervragen_search.analysis import FIELD_NAMES, POSITION_FIELDS, AnalyzedLetter
from kamervragen_search.documents import FIELD_ALIASES, FIELDS
from kamervragen_search.nl_pipeline import PIPELINE

FORMAT_VERSION = 2
SUBDIRS = ("w", "p", "q", "d", "t", "f")

# lunr.js 2.3.9 Builder defaults.
B = 0.75
K1 = 1.2

# One posting entry packed in 64 bits: document, field, term frequency, field length.
_LENGTH_BITS = 24
_TF_SHIFT = 24
_TF_BITS = 14
_FIELD_SHIFT = 38
_DOC_SHIFT = 42
_DOC_BITS = 22  # up to 4 million pairs
_POSITION_FIELD_INDEXES = frozenset(i for i, n in enumerate(FIELD_NAMES) if n in POSITION_FIELDS)


@dataclass(frozen=True)
class Limits:
    """Sizes of the pieces, in bytes of JSON before gzip (gzip makes them about 3x smaller).

    Shards of terms end where the terms say (``_cut_after``), not where a running size
    says: so a letter that adds a term changes the shard of that term and not the borders
    of every shard after it. posting_bytes and dictionary_bytes are the average; no shard
    grows past MAX_FACTOR times it, and a term larger than posting_bytes is split over
    shards of its own.
    """

    posting_bytes: int = 40_000
    dictionary_bytes: int = 40_000
    doc_block: int = 100
    doc_table: int = 256
    pack_blocks: int = 8  # must divide doc_table

    def __post_init__(self) -> None:
        if self.doc_table % self.pack_blocks:
            raise ValueError("search: pack_blocks must divide doc_table")


MAX_FACTOR = 3


def _cut_after(term: str, size: int, average: int, salt: bytes) -> bool:
    """True with probability size/average, decided by the term alone (a hash of it)."""
    return zlib.crc32(salt + term.encode("utf-8")) < (size << 32) // average


@dataclass
class BuildReport:
    pairs: int = 0
    letters: int = 0
    terms: int = 0
    files: int = 0
    bytes: int = 0
    written: int = 0
    removed: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [files, bytes]


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class SiteFiles:
    """The site plugin's recording write path (``kamervragen.output.Output``) and its root."""

    output: Any
    root: Path

    def keep(self, path: Path) -> bool:
        return bool(self.output.keep(str(path.relative_to(self.root))))

    def write(self, path: Path, data: bytes) -> bool:
        return bool(self.output.write(str(path.relative_to(self.root)), data))


class _Output:
    """Content-hashed files: written only when missing; the rest of each folder is stale."""

    def __init__(self, out_dir: Path, report: BuildReport, site: SiteFiles | None = None) -> None:
        self.out_dir = out_dir
        self.report = report
        self.site = site
        self.keep: set[str] = set()
        for sub in SUBDIRS:
            (out_dir / sub).mkdir(parents=True, exist_ok=True)

    def put(self, kind: str, data: bytes, suffix: str = ".json") -> str:
        name = f"{kind}/{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
        if name not in self.keep:
            self.keep.add(name)
            path = self.out_dir / name
            if self.site is not None:
                if not self.site.keep(path):
                    self.site.write(path, data)
                    self.report.written += 1
            elif not path.exists():
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(data)
                tmp.replace(path)
                self.report.written += 1
            counts = self.report.by_kind.setdefault(kind, [0, 0])
            counts[0] += 1
            counts[1] += len(data)
            self.report.files += 1
            self.report.bytes += len(data)
        return name

    def finish(self, manifest: bytes) -> None:
        for path in self.out_dir.glob("*.json"):
            if path.name != "manifest.json":  # the single index of format 1
                path.unlink()
                self.report.removed += 1
        for sub in SUBDIRS:
            for path in (self.out_dir / sub).iterdir():
                if f"{sub}/{path.name}" not in self.keep:
                    path.unlink()
                    self.report.removed += 1
        path = self.out_dir / "manifest.json"
        if self.site is not None:
            self.report.written += self.site.write(path, manifest)
        elif not path.exists() or path.read_bytes() != manifest:
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(manifest)
            tmp.replace(path)
            self.report.written += 1
        self.report.files += 1
        self.report.bytes += len(manifest)


@dataclass
class _Numbered:
    """Documents by number: ascending (date, id); a letter's pairs from last to first."""

    letters: list[AnalyzedLetter]
    letter_of: list[int]  # doc -> index in letters
    pair_of: list[int]  # doc -> index in the letter's pairs


def number_documents(letters: Iterable[AnalyzedLetter]) -> _Numbered:
    ordered = sorted(
        (x for x in letters if x.pairs), key=lambda x: (x.entry.date or "", x.entry.id)
    )
    letter_of: list[int] = []
    pair_of: list[int] = []
    for i, letter in enumerate(ordered):
        for j in reversed(range(len(letter.pairs))):
            letter_of.append(i)
            pair_of.append(j)
    return _Numbered(ordered, letter_of, pair_of)


class _Postings:
    """Every term's postings, packed: one 64-bit number per (term, field, document)."""

    def __init__(self) -> None:
        self.entries: dict[str, array] = {}
        self.positions: dict[str, array] = {}
        self.first: dict[str, tuple[int, int, int]] = {}
        self.total_length = [0] * len(FIELD_NAMES)


def collect(numbered: _Numbered, consume: bool = False) -> _Postings:
    """Postings in lunr's insertion order: documents from the highest number down.

    consume: each letter's terms are let go once its pairs are in (``pairs`` emptied), so
    that a large build does not hold every letter's terms and all postings at once.
    """
    if len(numbered.letter_of) >= 1 << _DOC_BITS:
        raise ValueError(f"search: {len(numbered.letter_of)} pairs is more than the index holds")
    postings = _Postings()
    entries, positions, first = postings.entries, postings.positions, postings.first
    totals = postings.total_length
    # Fields shared by a letter's pairs arrive as the same object: counted once.
    seen: dict[int, tuple[Any, Counter[str], dict[str, list[int]], int]] = {}
    for doc in range(len(numbered.letter_of) - 1, -1, -1):
        letter = numbered.letters[numbered.letter_of[doc]]
        pair = letter.pairs[numbered.pair_of[doc]]
        if consume and numbered.pair_of[doc] == len(letter.pairs) - 1:
            letter.pairs = ()  # its last pair (numbered first): done with this letter
            seen.clear()
        for fi, terms in enumerate(pair.fields):
            cached = seen.get(fi)
            if cached is not None and cached[0] is terms:
                counts, where = cached[1], cached[2]
            else:
                words = terms.terms
                counts = Counter(words)
                where = {}
                if fi in _POSITION_FIELD_INDEXES:
                    for term, position in zip(words, terms.positions, strict=True):
                        where.setdefault(term, []).append(position)
                seen[fi] = (terms, counts, where, len(words))
            length = seen[fi][3]
            totals[fi] += length
            if length >> _LENGTH_BITS:
                raise ValueError(f"search: field {FIELD_NAMES[fi]} of {pair.ref} is too long")
            head = (doc << _DOC_SHIFT) | (fi << _FIELD_SHIFT) | length
            for j, (term, tf) in enumerate(counts.items()):
                packed = entries.get(term)
                if packed is None:
                    packed = entries[term] = array("Q")
                    first[term] = (doc, fi, j)
                if tf >> _TF_BITS:
                    raise ValueError(f"search: {term!r} is too frequent in {pair.ref}")
                packed.append(head | (tf << _TF_SHIFT))
                if where:
                    places = where[term]
                    store = positions.get(term)
                    if store is None:
                        store = positions[term] = array("I")
                    store.append(len(places))
                    store.extend(places)
    return postings


_LENGTH_MASK = (1 << _LENGTH_BITS) - 1
_TF_MASK = (1 << _TF_BITS) - 1
_FIELD_MASK = 0xF


def _deltas(values: list[int]) -> list[int]:
    """Descending numbers as the first one and the differences after it."""
    return values[:1] + [a - b for a, b in itertools.pairwise(values)]


def _term_pieces(
    term: str, packed: array, places: array | None, first: tuple[int, int, int], limit: int
) -> list[tuple[bytes, bytes]]:
    """A term's posting and positions as JSON fragments: one, or several for a large term.

    A posting fragment is ``[term, [doc, field, place] of first occurrence, [[field,
    documents as differences, term frequencies (empty when all are 1), field lengths], ...]]``;
    its positions fragment ``[term, [[field, [[position, difference, ...] per document]],
    ...]]``, in the same order, for the fields that keep positions.
    """
    count = len(packed)
    # Positions per entry, in entry order (only entries of position fields have any).
    starts: list[int] = []
    if places is not None:
        at = 0
        for value in packed:
            if (value >> _FIELD_SHIFT) & _FIELD_MASK in _POSITION_FIELD_INDEXES:
                starts.append(at)
                at += places[at] + 1
            else:
                starts.append(-1)

    def fragment(lo: int, hi: int) -> tuple[bytes, bytes]:
        by_field: dict[int, tuple[list[int], list[int], list[int], list[list[int]]]] = {}
        for k in range(lo, hi):
            value = packed[k]
            fi = (value >> _FIELD_SHIFT) & _FIELD_MASK
            group = by_field.get(fi)
            if group is None:
                group = by_field[fi] = ([], [], [], [])
            group[0].append(value >> _DOC_SHIFT)
            group[1].append((value >> _TF_SHIFT) & _TF_MASK)
            group[2].append(value & _LENGTH_MASK)
            if places is not None and starts[k] >= 0:
                s = starts[k]
                where = places[s + 1 : s + 1 + places[s]].tolist()
                group[3].append(_deltas_up(where))
        fields = []
        position_fields = []
        for fi in sorted(by_field):
            docs, tfs, lengths, where = by_field[fi]
            fields.append([fi, _deltas(docs), [] if all(t == 1 for t in tfs) else tfs, lengths])
            if where:
                position_fields.append([fi, where])
        return _dump([term, list(first), fields]), _dump([term, position_fields])

    whole = fragment(0, count)
    if len(whole[0]) <= limit or count < 2:
        return [whole]
    # Pieces end where the documents say (a hash of term and document), so that a new
    # document changes the piece it falls in, not the borders of all pieces after it.
    per_entry = len(whole[0]) / count
    threshold = int(per_entry * (1 << 32) / limit)
    salt = term.encode("utf-8") + b"\0"
    cuts = []
    lo = 0
    for k in range(count):
        doc = packed[k] >> _DOC_SHIFT
        if (k - lo + 1) * per_entry >= MAX_FACTOR * limit or (
            zlib.crc32(salt + str(doc).encode()) < threshold
        ):
            cuts.append((lo, k + 1))
            lo = k + 1
    if lo < count:
        cuts.append((lo, count))
    return [fragment(a, b) for a, b in cuts]


def _deltas_up(values: list[int]) -> list[int]:
    """Ascending numbers as the first one and the differences after it."""
    return values[:1] + [b - a for a, b in itertools.pairwise(values)]


# For the worker processes of _all_pieces: set before they fork, read by them.
_FORKED: tuple[_Postings, list[str], int] | None = None
PARALLEL_FROM = 50_000  # terms; below this one process is quicker
_CHUNK = 4000


def _pieces_of(term: str, postings: _Postings, limit: int) -> list[tuple[bytes, bytes]]:
    return _term_pieces(
        term,
        postings.entries[term],
        postings.positions.get(term),
        postings.first[term],
        limit,
    )


def _pieces_range(lo: int) -> list[list[tuple[bytes, bytes]]]:
    assert _FORKED is not None
    postings, terms, limit = _FORKED
    return [_pieces_of(t, postings, limit) for t in terms[lo : lo + _CHUNK]]


def _all_pieces(
    postings: _Postings, terms: list[str], limits: Limits
) -> Iterator[list[tuple[bytes, bytes]]]:
    """Each term's JSON pieces, in order; made by forked processes on both cores when the
    index is large (they read the postings the parent gathered; only bytes come back)."""
    workers = min(os.cpu_count() or 1, 4)
    if len(terms) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        for term in terms:
            yield _pieces_of(term, postings, limits.posting_bytes)
        return
    global _FORKED
    _FORKED = (postings, terms, limits.posting_bytes)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            for chunk in pool.imap(_pieces_range, range(0, len(terms), _CHUNK)):
                yield from chunk
    finally:
        _FORKED = None


def _dictionary_ranges(terms: list[str], limits: Limits) -> list[tuple[int, int]]:
    """Where the dictionary shards begin and end in the sorted terms (decided by the terms)."""
    ranges = []
    start = 0
    while start < len(terms):
        size = 0
        end = start
        while end < len(terms):
            step = len(terms[end].encode("utf-8")) + 12
            size += step
            end += 1
            if size >= MAX_FACTOR * limits.dictionary_bytes or _cut_after(
                terms[end - 1], step, limits.dictionary_bytes, b"w"
            ):
                break
        ranges.append((start, end))
        start = end
    return ranges


def _write_postings(
    postings: _Postings,
    terms: list[str],
    ranges: list[tuple[int, int]],
    output: _Output,
    limits: Limits,
) -> tuple[list[tuple[int, int, int]], list[list[str]], list[str]]:
    """Posting shards and positions files.

    Returns per sorted term (df, first shard, number of shards); per posting shard [posting
    name, positions name] (the positions name only for the pieces of a split term); and per
    dictionary shard the positions file of its other terms. Positions are fetched for phrases
    only, so one file per dictionary shard holds them, instead of one per posting shard:
    it changes exactly when the dictionary shard does.
    """
    where: list[tuple[int, int, int]] = []
    shards: list[list[str]] = []
    current: list[bytes] = []
    size = 0
    positions_of: list[str] = []
    range_positions: list[bytes] = []
    range_index = 0

    def close() -> None:
        nonlocal size
        if current:
            shards.append([output.put("p", b"[" + b",".join(current) + b"]"), ""])
            current.clear()
            size = 0

    def close_range() -> None:
        positions_of.append(output.put("q", b"[" + b",".join(range_positions) + b"]"))
        range_positions.clear()

    for k, (term, pieces) in enumerate(
        zip(terms, _all_pieces(postings, terms, limits), strict=True)
    ):
        while k >= ranges[range_index][1]:
            close_range()
            range_index += 1
        packed = postings.entries[term]
        if len(pieces) > 1:
            close()
            where.append((len(packed), len(shards), len(pieces)))
            for posting, places in pieces:
                current.append(posting)
                close()
                shards[-1][1] = output.put("q", b"[" + places + b"]")
            continue
        posting, places = pieces[0]
        range_positions.append(places)
        if size and size + len(posting) > MAX_FACTOR * limits.posting_bytes:
            close()
        where.append((len(packed), len(shards), 1))
        current.append(posting)
        size += len(posting) + 1
        if _cut_after(term, len(posting) + 1, limits.posting_bytes, b"p"):
            close()
    close()
    while range_index < len(ranges):
        close_range()
        range_index += 1
    return where, shards, positions_of


def _write_dictionary(
    terms: list[str],
    ranges: list[tuple[int, int]],
    where: list[tuple[int, int, int]],
    shards: list[list[str]],
    positions_of: list[str],
    output: _Output,
) -> list[list[str]]:
    """Dictionary shards over consecutive term ranges; returns [first, last, name] each."""
    table: list[list[str]] = []
    for (start, end), positions in zip(ranges, positions_of, strict=True):
        base = where[start][1]
        top = where[end - 1][1] + where[end - 1][2]
        at = [w[1] - base for w in where[start:end]]
        split = {str(k): w[2] for k, w in enumerate(where[start:end]) if w[2] > 1}
        body = {
            "terms": terms[start:end],
            "df": [w[0] for w in where[start:end]],
            "at": _deltas_up(at),
            "split": split,
            "shards": shards[base:top],
            "positions": positions,
        }
        table.append([terms[start], terms[end - 1], output.put("w", _dump(body))])
    return table


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _write_documents(numbered: _Numbered, output: _Output, limits: Limits) -> list[str]:
    """Document blocks, text packs and the tables that name them; returns the tables.

    A block holds what result lines need of ``doc_block`` pairs: per letter id, subject, date
    and ministries; per pair its letter, slug, label, and where its text (question, answer
    and footnotes: the question's first line and the snippet) lies in its text pack. A text pack
    holds the texts of ``pack_blocks`` blocks, each compressed on its own (raw deflate), so
    that the browser fetches just the texts of the results it shows, with an HTTP range
    request (or, from a server without ranges, the whole pack once). A table names
    ``doc_table`` blocks and their packs: ``{"blocks": [...], "packs": [...]}``. A letter
    added after all others changes only the last block, pack and table.
    """
    total = len(numbered.letter_of)
    per_pack = limits.doc_block * limits.pack_blocks
    per_table = limits.doc_block * limits.doc_table
    tables: list[str] = []
    for table_lo in range(0, total, per_table):
        block_names: list[str] = []
        pack_names: list[str] = []
        for pack_lo in range(table_lo, min(total, table_lo + per_table), per_pack):
            records: list[bytes] = []
            where: list[tuple[int, int]] = []
            at = 0
            for doc in range(pack_lo, min(total, pack_lo + per_pack)):
                letter = numbered.letters[numbered.letter_of[doc]]
                pair = letter.entry.pairs[numbered.pair_of[doc]]
                record = _deflate(_dump([pair.question, pair.answer, pair.footnotes]))
                records.append(record)
                where.append((at, len(record)))
                at += len(record)
            pack_names.append(output.put("t", b"".join(records), ".bin"))
            for lo in range(pack_lo, min(total, pack_lo + per_pack), limits.doc_block):
                block_names.append(
                    output.put("d", _dump(_block(numbered, lo, limits, where, pack_lo)))
                )
        tables.append(output.put("d", _dump({"blocks": block_names, "packs": pack_names})))
    return tables


def _block(
    numbered: _Numbered, lo: int, limits: Limits, where: list[tuple[int, int]], pack_lo: int
) -> dict[str, Any]:
    letter_rows: dict[int, int] = {}
    letters: list[list[Any]] = []
    pairs: list[list[Any]] = []
    for doc in range(lo, min(len(numbered.letter_of), lo + limits.doc_block)):
        li = numbered.letter_of[doc]
        row = letter_rows.get(li)
        if row is None:
            entry = numbered.letters[li].entry
            row = letter_rows[li] = len(letters)
            letters.append([entry.id, entry.subject, entry.date, list(entry.ministries)])
        pair = numbered.letters[li].entry.pairs[numbered.pair_of[doc]]
        offset, length = where[doc - pack_lo]
        pairs.append([row, pair.slug, pair.label, offset, length])
    return {"letters": letters, "pairs": pairs}


def _filters(numbered: _Numbered, output: _Output) -> dict[str, list[list[Any]]]:
    """Years as document ranges; ministries and parties as files of document numbers."""
    years: dict[str, list[int]] = {}
    by_value: dict[str, dict[str, list[int]]] = {"ministry": {}, "party": {}}
    for doc, li in enumerate(numbered.letter_of):
        entry = numbered.letters[li].entry
        if entry.year:
            span = years.setdefault(entry.year, [doc, doc])
            span[1] = doc
        for value in entry.ministries:
            by_value["ministry"].setdefault(value, []).append(doc)
        for value in entry.parties:
            by_value["party"].setdefault(value, []).append(doc)
    result: dict[str, list[list[Any]]] = {
        "year": [[y, hi - lo + 1, lo, hi] for y, (lo, hi) in sorted(years.items(), reverse=True)]
    }
    for kind, values in by_value.items():
        result[kind] = [
            [value, len(docs), output.put("f", _dump(_deltas_up(docs)))]
            for value, docs in sorted(values.items())
        ]
    return result


def write_index(
    letters: Iterable[AnalyzedLetter],
    out_dir: Path,
    limits: Limits | None = None,
    consume: bool = False,
    site: SiteFiles | None = None,
) -> BuildReport:
    """Write the sharded index of these letters into out_dir; files already there are kept.

    The cyclic garbage collector is paused meanwhile: millions of small acyclic objects, and
    collections triggered by their allocation would take a large share of the time.
    """
    limits = limits or Limits()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _write_index(letters, out_dir, limits, consume, site)
    finally:
        if enabled:
            gc.enable()


def _write_index(
    letters: Iterable[AnalyzedLetter],
    out_dir: Path,
    limits: Limits,
    consume: bool,
    site: SiteFiles | None,
) -> BuildReport:
    report = BuildReport()
    output = _Output(out_dir, report, site)
    numbered = number_documents(letters)
    report.letters = len(numbered.letters)
    report.pairs = len(numbered.letter_of)
    postings = collect(numbered, consume)
    terms = sorted(postings.entries)
    ranges = _dictionary_ranges(terms, limits)
    where, shards, positions_of = _write_postings(postings, terms, ranges, output, limits)
    report.terms = len(terms)
    dictionary = _write_dictionary(terms, ranges, where, shards, positions_of, output)
    field_length = postings.total_length
    del postings
    tables = _write_documents(numbered, output, limits)
    filters = _filters(numbered, output)
    manifest = {
        "format": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "fields": [[name, boost] for name, boost in FIELDS],
        "aliases": FIELD_ALIASES,
        "pipeline": [fn.label for fn in PIPELINE],
        "positions": sorted(POSITION_FIELDS, key=FIELD_NAMES.index),
        "documents": report.pairs,
        "fieldLength": field_length,
        "b": B,
        "k1": K1,
        "dictionary": dictionary,
        "docs": {
            "block": limits.doc_block,
            "table": limits.doc_table,
            "pack": limits.pack_blocks,
            "tables": tables,
        },
        "filters": filters,
    }
    output.finish(_dump(manifest))
    return report
