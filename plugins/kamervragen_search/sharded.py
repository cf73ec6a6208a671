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
- ``p/<hash>.json`` posting shards: consecutive term ranges of bounded size; a term with
  more entries than a shard holds is split over shards of its own, in pieces of whole
  documents whose borders a renumbering does not move (``postings``). Per term and field:
  documents (newest first, as differences), term frequencies, field lengths.
- ``q/<hash>.json`` positions, fetched only for phrases: one file per dictionary shard
  (and one per piece of a split term).
- ``d/<hash>.json`` document blocks of about ``doc_block`` pairs (what a result line shows),
  and document tables naming about ``doc_table`` blocks and their packs with their document
  counts (the manifest lists the tables with theirs).
- ``t/<hash>.bin`` text packs: each pair's question, answer and footnotes for snippets,
  compressed one by one, fetched by HTTP range for the results shown.
- ``f/<hash>.json`` the documents of one ministry or party, for the filters (years are
  ranges of document numbers: documents are numbered in date order).

Documents are in date order (``numbering.document_order``: a day's letters by id, its
numbers read as numbers), oldest first, and a letter's pairs from last to first. The browser
knows a document by its place in that order (its *position*); the postings hold its *number*
(``numbering``: its day and its place in the day), which rises with the position and which a
letter added, edited or removed on another day does not change. So a letter, whatever its
date, changes the posting files of its own terms (and of the letters after it on its day)
and no others. lunr gets the documents newest first (highest number first): equal scores
list newest first. A letter dated among the others moves the positions after it, but blocks,
packs and tables end where the letters' hashes say (``doc_layout``) and hold no positions:
only those around it change.

This module builds the index from nothing (``write_index``); given the letters' keys it also
returns what a rebuild starts from (``state.IndexState``), and ``incremental`` rebuilds from
that, writing the same files a build from nothing would.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import multiprocessing as mp
import os
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from kamervragen_search import layout
from kamervragen_search.analysis import FIELD_NAMES, POSITION_FIELDS, AnalyzedLetter, Fetch
from kamervragen_search.doc_layout import DocumentLayout, counts, document_layout
from kamervragen_search.documents import FIELD_ALIASES, FIELDS, LetterEntry, PairEntry
from kamervragen_search.nl_pipeline import PIPELINE
from kamervragen_search.numbering import Numbering, document_order
from kamervragen_search.postings import (
    Piece,
    Postings,
    Serialized,
    collect,
    deltas_up,
    dump,
    join,
    serialize,
)
from kamervragen_search.state import IndexState, LetterRow, TermTable, order_key

FORMAT_VERSION = 5
SUBDIRS = ("w", "p", "q", "d", "t", "f")

# lunr.js 2.3.9 Builder defaults.
B = 0.75
K1 = 1.2
BYTES_PER_ENTRY = 7  # a posting entry's share of a fragment, about (measured: 7.4)


@dataclass(frozen=True)
class Limits:
    """Sizes of the pieces, in bytes of JSON before gzip (gzip makes them about 3x smaller).

    Shards of terms end where the terms say (``layout``), not where a running size says: so
    a letter that adds a term changes the shard of that term and not the borders of every
    shard after it. posting_bytes and dictionary_bytes are the average; no shard grows past
    ``MAX_FACTOR`` times it, and a term with more entries than ``piece_entries`` (about
    posting_bytes of JSON) is split over shards of its own.
    """

    posting_bytes: int = 40_000
    dictionary_bytes: int = 40_000
    doc_block: int = 100  # documents a block holds on average (``doc_layout``)
    doc_table: int = 256  # blocks a table names on average
    pack_blocks: int = 8  # blocks a text pack holds on average

    @property
    def piece_entries(self) -> int:
        return max(2, self.posting_bytes // BYTES_PER_ENTRY)


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
    mode: str = "full"  # or "incremental"
    analysed: int = 0  # letters analysed (not found in the cache)
    state: IndexState | None = None


@dataclass
class SiteFiles:
    """The site plugin's recording write path (``kamervragen.output.Output``) and its root.

    A file's key in the site's record is its content hash (the one in its name), so the
    record says which files are as written and which were changed since.
    """

    output: Any
    root: Path

    def _relative(self, path: Path) -> str:
        return str(path.relative_to(self.root))

    def write(self, path: Path, data: bytes, key: str | None = None) -> bool:
        """Write the file unless the record has it, as written, with this key."""
        return bool(self.output.write(self._relative(path), data, key=key))

    def up_to_date(self, path: Path, key: str) -> bool:
        """True (and the file kept) if the record has it, as written, with this key."""
        return bool(self.output.up_to_date(self._relative(path), key))

    def keep(self, path: Path, key: str) -> bool:
        """Record a file that is there (checked by the caller) with this key."""
        return bool(self.output.keep(self._relative(path), key))


class StaleFiles(RuntimeError):
    """A file a rebuild relies on is missing or not what its name says."""


def _key(name: str) -> str:
    """A content-hashed file's key in the site's record: the hash in its name."""
    return "h" + name.rsplit("/", 1)[-1].split(".", 1)[0]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _holds_its_name(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return content_hash(data) == path.name.split(".", 1)[0]


class _Output:
    """Content-hashed files: written only when missing; the rest of each folder is stale.

    staged: files are held until ``commit`` (a rebuild writes nothing until it knows every
    file it keeps is there); ``adopt`` names a file that stays as it is.
    """

    def __init__(
        self,
        out_dir: Path,
        report: BuildReport,
        site: SiteFiles | None = None,
        staged: bool = False,
    ) -> None:
        self.out_dir = out_dir
        self.report = report
        self.site = site
        self.staged = staged
        self.keep: set[str] = set()
        self.pending: dict[str, bytes] = {}
        self.adopted: list[str] = []
        for sub in SUBDIRS:
            (out_dir / sub).mkdir(parents=True, exist_ok=True)

    def put(self, kind: str, data: bytes, suffix: str = ".json") -> str:
        name = f"{kind}/{content_hash(data)}{suffix}"
        if name not in self.keep:
            self.keep.add(name)
            if self.staged:
                self.pending[name] = data
            else:
                self._store(name, data)
            self._count(name, len(data))
        return name

    def adopt(self, name: str) -> None:
        if name not in self.keep:
            self.keep.add(name)
            self.adopted.append(name)

    def _count(self, name: str, size: int) -> None:
        counts = self.report.by_kind.setdefault(name.split("/", 1)[0], [0, 0])
        counts[0] += 1
        counts[1] += size
        self.report.files += 1
        self.report.bytes += size

    def _store(self, name: str, data: bytes) -> None:
        path = self.out_dir / name
        if self.site is not None:
            if self.site.write(path, data, _key(name)):
                self.report.written += 1
            return
        try:
            same = path.stat().st_size == len(data)
        except OSError:
            same = False
        if not same:
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
            self.report.written += 1

    def commit(self) -> None:
        """Check that every adopted file is there, then write the staged ones.

        With the site's record, an adopted file the record does not have as written is read
        and checked against its name.
        """
        sizes = []
        for name in self.adopted:
            try:
                sizes.append(os.stat(self.out_dir / name).st_size)
            except OSError as error:
                raise StaleFiles(f"{name} is missing") from error
        for name, size in zip(self.adopted, sizes, strict=True):
            path = self.out_dir / name
            if self.site is not None and not self.site.up_to_date(path, _key(name)):
                if not _holds_its_name(path):
                    raise StaleFiles(f"{name} is not what its name says")
                self.site.keep(path, _key(name))
            self._count(name, size)
        for name, data in self.pending.items():
            self._store(name, data)
        self.pending.clear()

    def finish(self, manifest: bytes) -> None:
        if self.staged:
            self.commit()
        for path in self.out_dir.glob("*.json"):
            if path.name != "manifest.json":  # the single index of format 1
                path.unlink()
                self.report.removed += 1
        for sub in SUBDIRS:  # names, not Paths: ~50,000 files at 100,000 letters
            folder = os.path.join(self.out_dir, sub)
            for name in os.listdir(folder):
                if f"{sub}/{name}" not in self.keep:
                    os.unlink(os.path.join(folder, name))
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


def row_of(letter: AnalyzedLetter, key: str, lengths: Iterable[int]) -> LetterRow:
    entry = letter.entry
    return LetterRow(
        key,
        entry.id,
        entry.date,
        entry.year,
        len(entry.pairs),
        tuple(entry.ministries),
        tuple(entry.parties),
        tuple(lengths),
    )


def numbering_of(rows: list[LetterRow]) -> Numbering:
    return Numbering([(row.date, row.pairs) for row in rows])


def starts_of(rows: list[LetterRow]) -> list[int]:
    """Each letter's first document position (and the total at the end)."""
    out = [0]
    for row in rows:
        out.append(out[-1] + row.pairs)
    return out


# --- terms: posting shards, positions, dictionary shards -------------------------------------
# For the worker processes of _all_serialized: set before they fork, read by them.
_FORKED: tuple[Postings, list[str], int] | None = None
# Terms from which serializing on both cores pays: at 10,000 SYNTHETIC letters (14,368 terms)
# the index from nothing (analyses cached) took 81.5 s in one process, 61.6-67.3 s with two
# (2026-12-01); at 1,000 (5,368 terms) the terms took 1.40-1.61 s in one process, 0.83-0.97 s
# with two in tasks of ``task_terms`` (2026-12-02; 8,000 before, 50,000 before that).
PARALLEL_FROM = 1_000
_CHUNK = 4000  # terms a worker's task holds at most
_TASKS_A_WORKER = 4  # a smaller index: its terms in about this many tasks a worker
# Entries a task holds at most (a term with more is a task alone). Tasks of 4,000 terms
# alone put the most common words of a letter of the alphabet into one task: at 100,000
# letters one worker serialized such a task for minutes while the other had none left, and
# its result (held whole, pickled, unpickled) took the build's memory up by ~2 GB.
_CHUNK_ENTRIES = 1_000_000


def _serialized(term: str, postings: Postings, target: int) -> Serialized:
    return serialize(
        term,
        postings.entries[term],
        postings.positions.get(term),
        postings.first[term],
        target,
    )


def _serialized_range(lo: int, hi: int) -> list[Serialized]:
    assert _FORKED is not None
    postings, terms, target = _FORKED
    return [_serialized(t, postings, target) for t in terms[lo:hi]]


def task_terms(count: int, workers: int) -> int:
    """Terms a worker's task holds at most: ``_CHUNK``, or for a small index fewer, so that
    each worker has a few tasks (with one task each, the worker given the longer one
    decides the wall time while the other waits)."""
    return max(1, min(_CHUNK, -(-count // (_TASKS_A_WORKER * workers))))


def _tasks(
    postings: Postings, terms: list[str], chunk: int | None = None
) -> Iterator[tuple[int, int]]:
    """Runs of terms of at most ``chunk`` (``_CHUNK``) terms and ``_CHUNK_ENTRIES`` entries."""
    chunk = chunk or _CHUNK
    lo = entries = 0
    for k, term in enumerate(terms):
        size = len(postings.entries[term])
        if k > lo and (k - lo >= chunk or entries + size > _CHUNK_ENTRIES):
            yield lo, k
            lo, entries = k, 0
        entries += size
    if lo < len(terms):
        yield lo, len(terms)


def _all_serialized(postings: Postings, terms: list[str], target: int) -> Iterator[Serialized]:
    """Each term's fragments, in order; made by forked processes on both cores when the
    index is large (they read the postings the parent gathered; only bytes come back)."""
    workers = min(os.cpu_count() or 1, 4)
    if len(terms) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        for term in terms:
            yield _serialized(term, postings, target)
        return
    global _FORKED
    _FORKED = (postings, terms, target)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            # At most two tasks a worker under way: results the parent has not written yet
            # are held in its memory.
            tasks = _tasks(postings, terms, task_terms(len(terms), workers))
            running = deque(
                pool.apply_async(_serialized_range, task)
                for task in itertools.islice(tasks, 2 * workers)
            )
            while running:
                chunk = running.popleft().get()
                for task in itertools.islice(tasks, 1):
                    running.append(pool.apply_async(_serialized_range, task))
                yield from chunk
                del chunk
    finally:
        _FORKED = None


def write_pieces(serialized: Serialized, output: _Output) -> tuple[Piece, ...]:
    """A split term's pieces, each a posting file and a positions file of its own."""
    assert serialized.pieces is not None
    return tuple(
        Piece(
            output.put("p", b"[" + posting + b"]"),
            output.put("q", b"[" + positions + b"]"),
            top,
            bottom,
            hard,
            entries,
        )
        for posting, positions, top, bottom, hard, entries in serialized.pieces
    )


def dictionary_arrays(terms: list[str], limits: Limits) -> tuple[bytearray, array]:
    cuts = bytearray(layout.dictionary_cut(t, limits.dictionary_bytes) for t in terms)
    steps = array("L", (layout.dictionary_step(t) for t in terms))
    return cuts, steps


def range_body(table: TermTable, start: int, end: int, positions: str) -> bytes:
    """A dictionary shard: its terms, their document frequencies, where their postings are.

    ``shards`` lists the posting files of the range's terms ([posting, positions] for the
    pieces of a split term, [posting, ""] otherwise); ``at`` where each term's first one is
    (as differences), ``split`` how many a split term has.
    """
    shards: list[list[str]] = []
    at: list[int] = []
    split: dict[str, int] = {}
    previous: str | None = None
    where = table.where
    for k in range(start, end):
        item = where[k]
        if isinstance(item, str):
            if item != previous:
                shards.append([item, ""])
                previous = item
            at.append(len(shards) - 1)
        else:
            at.append(len(shards))
            split[str(k - start)] = len(item)
            shards.extend([p.posting, p.positions] for p in item)
            previous = None
    body = {
        "terms": table.terms[start:end],
        "df": table.df[start:end].tolist(),
        "at": deltas_up(at),
        "split": split,
        "shards": shards,
        "positions": positions,
    }
    return dump(body)


def _write_terms(
    postings: Postings, terms: list[str], limits: Limits, output: _Output
) -> tuple[TermTable, list[tuple[int, int]], list[tuple[str, str]]]:
    """Posting shards, positions files and dictionary shards of all terms, from nothing."""
    table = TermTable(terms=terms)
    table.wcut, table.wstep = dictionary_arrays(terms, limits)
    ranges = layout.dictionary_layout(table.wcut, table.wstep, limits.dictionary_bytes)
    scan = layout.PostingScan(limits.posting_bytes, lambda data: output.put("p", data))
    positions_files: list[str] = []
    range_positions: list[bytes] = []
    range_size = 0
    range_index = 0
    target = limits.piece_entries
    where: list[Any] = []
    for k, serialized in enumerate(_all_serialized(postings, terms, target)):
        while k >= ranges[range_index][1]:
            positions_files.append(output.put("q", b"[" + b",".join(range_positions) + b"]"))
            range_positions.clear()
            range_size = 0
            range_index += 1
        table.df.append(serialized.df)
        if serialized.pieces is not None:
            scan.add_split()
            table.kinds.append(layout.SPLIT)
            table.plen.append(0)
            table.qlen.append(0)
            table.qoff.append(0)
            where.append(write_pieces(serialized, output))
            continue
        table.kinds.append(scan.add(terms[k], serialized.posting))
        table.plen.append(len(serialized.posting))
        table.qlen.append(len(serialized.positions))
        table.qoff.append(1 + range_size)
        range_positions.append(serialized.positions)
        range_size += len(serialized.positions) + 1
        where.append(None)
    scan.close()
    while range_index < len(ranges):
        positions_files.append(output.put("q", b"[" + b",".join(range_positions) + b"]"))
        range_positions.clear()
        range_index += 1
    names = scan.names
    table.where = [
        names[scan.shard_of[k]] if item is None else item for k, item in enumerate(where)
    ]
    table.poff = scan.offset
    files = [
        (output.put("w", range_body(table, start, end, positions)), positions)
        for (start, end), positions in zip(ranges, positions_files, strict=True)
    ]
    return table, ranges, files


# --- documents and filters -------------------------------------------------------------------
# What a document block and a text pack hold of one document: its letter's row in the block
# ([id, subject, date, ministries]), the pair's slug and label, and its compressed texts.
Item = tuple[list[Any], str, str, bytes]
ItemAt = Callable[[int], Item]


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def item_of(entry: LetterEntry, pair: PairEntry) -> Item:
    letter = [entry.id, entry.subject, entry.date, list(entry.ministries)]
    texts = _deflate(dump([pair.question, pair.answer, pair.footnotes]))
    return letter, pair.slug, pair.label, texts


def write_pack(
    item_at: ItemAt, spans: Sequence[tuple[int, int]], output: _Output
) -> tuple[str, list[str]]:
    """One text pack and its document blocks (``spans``: each block's documents, lo..hi).

    A block holds what result lines need of its pairs: per letter id, subject, date and
    ministries; per pair its letter, slug, label, and where its text (question, answer and
    footnotes: the question's first line and the snippet) lies in its text pack. A text pack
    holds the texts of its blocks, each compressed on its own (raw deflate), so that the
    browser fetches just the texts of the results it shows, with an HTTP range request (or,
    from a server without ranges, the whole pack once). Neither depends on the documents'
    positions: a rebuild keeps a pack whose documents are the same, wherever they now are,
    and copies a moved document's record out of the old pack (``item_at``).
    """
    lo, hi = spans[0][0], spans[-1][1]
    items = [item_at(doc) for doc in range(lo, hi)]
    where: list[tuple[int, int]] = []
    at = 0
    for item in items:
        where.append((at, len(item[3])))
        at += len(item[3])
    pack = output.put("t", b"".join(item[3] for item in items), ".bin")
    blocks = []
    for block_lo, block_hi in spans:
        letter_rows: dict[str, int] = {}
        letters: list[list[Any]] = []
        pairs: list[list[Any]] = []
        for doc in range(block_lo, block_hi):
            letter, slug, label, _ = items[doc - lo]
            row = letter_rows.get(letter[0])
            if row is None:
                row = letter_rows[letter[0]] = len(letters)
                letters.append(letter)
            offset, length = where[doc - lo]
            pairs.append([row, slug, label, offset, length])
        blocks.append(output.put("d", dump({"letters": letters, "pairs": pairs})))
    return pack, blocks


def write_tables(
    where: DocumentLayout, blocks: list[str], packs: list[str], output: _Output
) -> list[list[Any]]:
    """Each table of the layout as ``[documents, name]``: the file ``{"packs": [name, ...],
    "blocks": [[documents, name, pack], ...]}`` (``pack``: the block's pack in this table).

    Counts, not positions: a table whose blocks are the same keeps its bytes when documents
    before it move. The browser finds a position's table from the manifest's counts and its
    block from the table's.
    """
    out: list[list[Any]] = []
    sizes = counts(where.blocks)
    for t in range(len(where.tables) - 1):
        first_pack, end_pack = where.tables[t], where.tables[t + 1]
        rows = [
            [sizes[b], blocks[b], p - first_pack]
            for p in range(first_pack, end_pack)
            for b in range(where.packs[p], where.packs[p + 1])
        ]
        name = output.put("d", dump({"packs": packs[first_pack:end_pack], "blocks": rows}))
        out.append([sum(row[0] for row in rows), name])
    return out


def layout_of(rows: Sequence[LetterRow], limits: Limits) -> DocumentLayout:
    return document_layout(
        ((row.id, row.pairs) for row in rows),
        limits.doc_block,
        limits.pack_blocks,
        limits.doc_table,
    )


def write_filters(rows: list[LetterRow], output: _Output) -> dict[str, list[list[Any]]]:
    """Years as document ranges; ministries and parties as files of document numbers."""
    years: dict[str, list[int]] = {}
    by_value: dict[str, dict[str, list[int]]] = {"ministry": {}, "party": {}}
    doc = 0
    for row in rows:
        docs = range(doc, doc + row.pairs)
        doc += row.pairs
        if row.year:
            span = years.setdefault(row.year, [docs[0], docs[-1]])
            span[1] = docs[-1]
        for value in row.ministries:
            by_value["ministry"].setdefault(value, []).extend(docs)
        for value in row.parties:
            by_value["party"].setdefault(value, []).extend(docs)
    result: dict[str, list[list[Any]]] = {
        "year": [[y, hi - lo + 1, lo, hi] for y, (lo, hi) in sorted(years.items(), reverse=True)]
    }
    for kind, values in by_value.items():
        result[kind] = [
            [value, len(docs), output.put("f", dump(deltas_up(docs)))]
            for value, docs in sorted(values.items())
        ]
    return result


def manifest_bytes(
    rows: list[LetterRow],
    table: TermTable,
    range_start: Iterable[int],
    range_files: list[tuple[str, str]],
    tables: list[list[Any]],
    filters: dict[str, list[list[Any]]],
    numbering: Numbering,
) -> bytes:
    field_length = [0] * len(FIELD_NAMES)
    for row in rows:
        for fi, length in enumerate(row.lengths):
            field_length[fi] += length
    starts = list(range_start)
    ends = [*starts[1:], len(table.terms)] if starts else []  # no terms: no shards
    dictionary = [
        [table.terms[start], table.terms[end - 1], files[0]]
        for start, end, files in zip(starts, ends, range_files, strict=True)
    ]
    manifest = {
        "format": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "fields": [[name, boost] for name, boost in FIELDS],
        "aliases": FIELD_ALIASES,
        "pipeline": [fn.label for fn in PIPELINE],
        "positions": sorted(POSITION_FIELDS, key=FIELD_NAMES.index),
        "documents": sum(row.pairs for row in rows),
        "numbers": numbering.manifest(),
        "fieldLength": field_length,
        "b": B,
        "k1": K1,
        "dictionary": dictionary,
        "docs": {"tables": tables},
        "filters": filters,
    }
    return dump(manifest)


# --- the build from nothing ------------------------------------------------------------------
# Letters for which the postings are gathered in two processes (``_collected``): from 500
# (below, forking costs more than it saves) up to 30,000, where the half sent back (~0.2 GB
# at 10,000 letters) stays small; above, the build is the one whose memory was measured at
# 100,000 letters (2026-12-01), gathering in one process.
COLLECT_PARALLEL = range(500, 30_001)
# For the worker of _collected: set before it forks, read by it.
_LOWER: tuple[Callable[[], Sequence[tuple[AnalyzedLetter, int]]], bool] | None = None


def _collect_lower() -> Postings:
    assert _LOWER is not None
    spans, consume = _LOWER
    return collect(spans(), consume)


def _collected(
    spans: Callable[[int, int, bool], Sequence[tuple[AnalyzedLetter, int]]],
    count: int,
    consume: bool,
    may_fork: bool = True,
) -> Postings:
    """``collect`` of ``count`` letters, ``spans(lo, hi, forked)`` giving those of letters
    lo..hi (forked: for use in a forked process). A mid-sized archive's earlier half is
    gathered in a forked process while this one gathers the later half; the two are
    joined (``postings.join``): the same postings, on both cores."""
    workers = os.cpu_count() or 1
    alone = count not in COLLECT_PARALLEL or workers < 2 or not may_fork
    if alone or "fork" not in mp.get_all_start_methods():
        return collect(spans(0, count, False), consume)
    half = count // 2
    global _LOWER
    _LOWER = (lambda: spans(0, half, True), consume)
    try:
        with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
            lower = pool.submit(_collect_lower)
            upper = collect(spans(half, count, False), consume)
            return join(upper, lower.result())
    finally:
        _LOWER = None


def write_index(
    letters: Iterable[AnalyzedLetter],
    out_dir: Path,
    limits: Limits | None = None,
    consume: bool = False,
    site: SiteFiles | None = None,
    keys: Iterable[str] | None = None,
) -> BuildReport:
    """Write the sharded index of these letters into out_dir; files already there are kept.

    keys: each letter's analysis key (in the same order); given, the report carries the
    state a rebuild starts from (``report.state``, its version left for the caller to set).

    The cyclic garbage collector is paused meanwhile: millions of small acyclic objects, and
    collections triggered by their allocation would take a large share of the time.
    """
    limits = limits or Limits()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _write_index(letters, out_dir, limits, consume, site, keys)
    finally:
        if enabled:
            gc.enable()


def _write_index(
    letters: Iterable[AnalyzedLetter],
    out_dir: Path,
    limits: Limits,
    consume: bool,
    site: SiteFiles | None,
    keys: Iterable[str] | None,
) -> BuildReport:
    letters = list(letters)
    key_list = list(keys) if keys is not None else [""] * len(letters)
    empty = {key for letter, key in zip(letters, key_list, strict=True) if not letter.pairs}
    ordered = sorted(
        ((x, k) for x, k in zip(letters, key_list, strict=True) if x.pairs),
        key=lambda item: document_order(item[0].entry.date, item[0].entry.id),
    )
    del letters
    entries = [letter.entry for letter, _ in ordered]
    numbering = Numbering([(entry.date, len(entry.pairs)) for entry in entries])
    all_spans = [
        (letter, s) for (letter, _), s in zip(ordered, numbering.number_start, strict=True)
    ]
    postings = _collected(lambda lo, hi, _: all_spans[lo:hi], len(all_spans), consume)
    rows = [
        row_of(letter, key, lengths)
        for (letter, key), lengths in zip(ordered, postings.letter_lengths, strict=True)
    ]
    del ordered
    box = [postings]
    del postings
    return _write_files(rows, empty, numbering, box, entries, out_dir, limits, site, keys)


def field_lengths(letter: AnalyzedLetter) -> list[int]:
    """Per field, the number of terms over the letter's pairs."""
    lengths: list[int] = []
    for pair in letter.pairs:
        if not lengths:
            lengths = [0] * len(pair.fields)
        for fi, terms in enumerate(pair.fields):
            lengths[fi] += len(terms.terms)
    return lengths


def add_rows(
    keys: Iterable[str],
    found: dict[str, AnalyzedLetter],
    rows: list[LetterRow],
    empty: set[str],
) -> None:
    """Each key's letter as a row, or among the empty ones when it has no pairs."""
    for key in keys:
        letter = found[key]
        if letter.pairs:
            rows.append(row_of(letter, key, field_lengths(letter)))
        else:
            empty.add(key)


STREAM_BATCH = 2000  # letters whose analyses a streamed build holds at a time


class _Batches:
    """Letters (rows) by index, their analyses fetched ``size`` at a time in the direction
    they are asked for, only one batch held at a time."""

    def __init__(self, rows: list[LetterRow], fetch: Fetch, size: int, descending: bool):
        self.rows = rows
        self.fetch = fetch
        self.size = size
        self.descending = descending
        self.lo = self.hi = 0
        self.found: dict[str, AnalyzedLetter] = {}

    def letter(self, i: int) -> AnalyzedLetter:
        if not self.lo <= i < self.hi:
            self.found = {}
            if self.descending:
                self.lo, self.hi = max(0, i + 1 - self.size), i + 1
            else:
                self.lo, self.hi = i, min(len(self.rows), i + self.size)
            self.found = self.fetch([row.key for row in self.rows[self.lo : self.hi]])
        return self.found[self.rows[i].key]


class _Spans(Sequence[tuple[AnalyzedLetter, int]]):
    """What ``collect`` reads (from the last letter down), fetched as it reads it."""

    def __init__(self, batches: _Batches, starts: list[int]) -> None:
        self.batches = batches
        self.starts = starts

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> tuple[AnalyzedLetter, int]:  # type: ignore[override]
        return self.batches.letter(i), self.starts[i]


class _Entries(Sequence[LetterEntry]):
    """What the documents need of each letter (``entry``), fetched in document order."""

    def __init__(self, batches: _Batches) -> None:
        self.batches = batches

    def __len__(self) -> int:
        return len(self.batches.rows)

    def __getitem__(self, i: int) -> LetterEntry:  # type: ignore[override]
        return self.batches.letter(i).entry


def write_index_streamed(
    keys: list[str],
    fetch: Fetch,
    out_dir: Path,
    limits: Limits | None = None,
    site: SiteFiles | None = None,
    batch: int | None = None,
    forked_fetch: Callable[[], Fetch] | None = None,
) -> BuildReport:
    """``write_index`` of the letters with these analysis keys, holding the analyses of
    ``batch`` letters at a time: they are fetched three times (what orders them, their
    terms from the newest down, their texts for the documents) instead of being held all
    at once (at 100,000 letters that took the site build past 9 GB). The same files and
    state as ``write_index``. forked_fetch: makes a fetch for a forked process (given, the
    postings of a mid-sized archive are gathered on both cores: ``_collected``)."""
    limits = limits or Limits()
    batch = batch or STREAM_BATCH
    enabled = gc.isenabled()
    gc.disable()
    try:
        rows: list[LetterRow] = []
        empty: set[str] = set()
        for i in range(0, len(keys), batch):
            part = keys[i : i + batch]
            add_rows(part, fetch(part), rows, empty)
        rows.sort(key=order_key)
        numbering = numbering_of(rows)
        starts = numbering.number_start

        def spans(lo: int, hi: int, forked: bool) -> _Spans:
            # (A forked process reads the analyses through a fetch of its own: it must not
            # use this process's database connection.)
            own = forked_fetch() if forked and forked_fetch is not None else fetch
            return _Spans(_Batches(rows[lo:hi], own, batch, descending=True), starts[lo:hi])

        box = [_collected(spans, len(rows), True, forked_fetch is not None)]
        entries = _Entries(_Batches(rows, fetch, batch, descending=False))
        return _write_files(rows, empty, numbering, box, entries, out_dir, limits, site, keys)
    finally:
        if enabled:
            gc.enable()


def _write_files(
    rows: list[LetterRow],
    empty: set[str],
    numbering: Numbering,
    box: list[Postings],
    entries: Sequence[LetterEntry],
    out_dir: Path,
    limits: Limits,
    site: SiteFiles | None,
    keys: Iterable[str] | None,
) -> BuildReport:
    """The index files and state. The postings come in a one-item list that is emptied:
    with no reference left in the caller they are freed once the terms are written, before
    the documents (145 MB measured at 10,000 letters, so about 1.5 GB at 100,000), for
    the documents to reuse."""
    postings = box.pop()
    report = BuildReport()
    output = _Output(out_dir, report, site)
    rows_start = [*numbering.position_start, numbering.total]
    report.letters = len(rows)
    report.pairs = rows_start[-1]
    terms = sorted(postings.entries)
    report.terms = len(terms)
    table, ranges, range_files = _write_terms(postings, terms, limits, output)
    del postings

    letter_of = array("L")
    for i, row in enumerate(rows):
        letter_of.extend([i] * row.pairs)

    def item_at(doc: int) -> Item:
        entry = entries[letter_of[doc]]
        return item_of(entry, entry.pairs[rows_start[letter_of[doc] + 1] - 1 - doc])

    blocks: list[str] = []
    packs: list[str] = []
    where = layout_of(rows, limits)
    for p in range(len(where.packs) - 1):
        pack, names = write_pack(item_at, where.block_spans(p), output)
        packs.append(pack)
        blocks += names
    tables = write_tables(where, blocks, packs, output)
    filters = write_filters(rows, output)
    range_start = array("L", (start for start, _ in ranges))
    manifest = manifest_bytes(rows, table, range_start, range_files, tables, filters, numbering)
    output.finish(manifest)
    if keys is not None:
        report.state = IndexState(
            version="",
            letters=rows,
            empty=empty,
            table=table,
            range_start=range_start,
            range_files=range_files,
            blocks=blocks,
            packs=packs,
            tables=[name for _, name in tables],
            manifest=hashlib.sha256(manifest).hexdigest(),
        )
    return report


__all__ = [
    "BuildReport",
    "Limits",
    "SiteFiles",
    "StaleFiles",
    "order_key",
    "write_index",
    "write_index_streamed",
]
