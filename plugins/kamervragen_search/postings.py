"""Postings: gathering them from the letters' terms, and each term's JSON fragments.

A term's postings are one 64-bit number per (document, field) it occurs in (document, field,
term frequency, field length), in lunr's insertion order: documents from the highest number
down, fields in order; with the word positions of the text fields beside them. They become a
**posting fragment** ``[term, first, [[field, documents as differences, term frequencies
(empty when all are 1), field lengths], ...]]`` and a **positions fragment** ``[term,
[[field, [[position, difference, ...] per document]], ...]]``; ``first`` (where lunr's builder
first met the term: document, field, place among the field's distinct terms) decides the
order lunr sums the terms' weights in.

A term with more entries than ``piece_entries`` is **split** into pieces of whole documents,
which end where the documents say: after a document whose hash (of the term and the
document's number, which a letter added on another day does not change: ``numbering``) is
below a threshold, or at the latest at ``PIECE_FACTOR`` times the average. So a new document
changes the piece it falls in and not the borders of all pieces after it, and a rebuild
re-serializes only the pieces around its changes (``incremental``). Only the first piece
carries ``first``.

Document here means its number (``numbering``), not its position in date order.

The fragments can be read back (``decode``): a rebuild gets an existing term's postings from
the files a previous build wrote instead of from every letter.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import json
import operator
import zlib
from array import array
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kamervragen_search.analysis import FIELD_NAMES, POSITION_FIELDS, AnalyzedLetter

# One posting entry packed in 64 bits: document number (``numbering``), field, term
# frequency, field length.
LENGTH_BITS = 20
TF_SHIFT = 20
TF_BITS = 12
FIELD_SHIFT = 32
DOC_SHIFT = 36
DOC_BITS = 28
LENGTH_MASK = (1 << LENGTH_BITS) - 1
TF_MASK = (1 << TF_BITS) - 1
FIELD_MASK = 0xF
POSITION_FIELD_INDEXES = frozenset(i for i, n in enumerate(FIELD_NAMES) if n in POSITION_FIELDS)
MAX_FACTOR = 3
# A piece ended by size (no document's hash cut it within PIECE_FACTOR times the average)
# makes a rebuild that touches it decode and cut again the pieces up to the next border a
# hash set. With 3, about one changed split term in eight took that slow way (it is e^-f of
# the pieces and f e^-f of the entries); with 8 it is a rare case. A split term's pieces
# are fetched together for a query, so a larger largest piece costs no more bytes.
PIECE_FACTOR = 8

First = tuple[int, int, int]  # document, field, place among the field's distinct terms


# One encoder for every fragment (json.dumps with options makes one a call) and no check
# for cycles (the data are lists of numbers and strings): 15-25 % less a fragment, the same
# bytes.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def dump(data: Any) -> bytes:
    return _ENCODE(data).encode("utf-8")


@dataclass
class Postings:
    """Terms' postings, packed: one 64-bit number per (term, field, document).

    ``positions[term]`` holds, for each entry of a position field in entry order, the number
    of positions and then the positions. ``letter_lengths`` is, per letter gathered (in the
    order given), the summed length of each field over its pairs.
    """

    entries: dict[str, array] = field(default_factory=dict)
    positions: dict[str, array] = field(default_factory=dict)
    first: dict[str, First] = field(default_factory=dict)
    total_length: list[int] = field(default_factory=lambda: [0] * len(FIELD_NAMES))
    letter_lengths: list[list[int]] = field(default_factory=list)


def collect(spans: Sequence[tuple[AnalyzedLetter, int]], consume: bool = False) -> Postings:
    """Postings of these letters, each with the number of its first document.

    Documents are gathered from the highest number down (lunr's insertion order); a letter
    of n pairs starting at document s holds documents s .. s+n-1, its last pair first. The
    spans must be in ascending order of document. consume: each letter's terms are let go
    once its pairs are in (``pairs`` emptied), so that a large build does not hold every
    letter's terms and all postings at once.
    """
    postings = Postings()
    entries, positions, first = postings.entries, postings.positions, postings.first
    # (Bound once: the loop below runs once per term of every field of every pair.)
    entries_get, positions_get = entries.get, positions.get
    totals = postings.total_length
    postings.letter_lengths = [[] for _ in range(len(spans))]  # not iterated: may be lazy
    for li in range(len(spans) - 1, -1, -1):
        letter, start = spans[li]
        lengths = [0] * len(FIELD_NAMES)
        # Fields shared by a letter's pairs arrive as the same object: counted once.
        seen: dict[int, tuple[Any, Counter[str], dict[str, list[int]], int]] = {}
        count = len(letter.pairs)
        if start + count > 1 << DOC_BITS:
            raise ValueError(f"search: {start + count} pairs is more than the index holds")
        for j, pair in enumerate(letter.pairs):
            doc = start + count - 1 - j
            for fi, terms in enumerate(pair.fields):
                cached = seen.get(fi)
                if cached is not None and cached[0] is terms:
                    counts, where, length = cached[1], cached[2], cached[3]
                else:
                    words = terms.terms
                    counts = Counter(words)
                    where = {}
                    if fi in POSITION_FIELD_INDEXES:
                        for term, position in zip(words, terms.positions, strict=True):
                            places = where.get(term)
                            if places is None:
                                where[term] = [position]
                            else:
                                places.append(position)
                    length = len(words)
                    if counts and max(counts.values()) >> TF_BITS:
                        term = max(counts, key=counts.__getitem__)
                        raise ValueError(f"search: {term!r} is too frequent in {pair.ref}")
                    seen[fi] = (terms, counts, where, length)
                totals[fi] += length
                lengths[fi] += length
                if length >> LENGTH_BITS:
                    raise ValueError(f"search: field {FIELD_NAMES[fi]} of {pair.ref} is too long")
                head = (doc << DOC_SHIFT) | (fi << FIELD_SHIFT) | length
                place = 0
                for term, tf in counts.items():
                    packed = entries_get(term)
                    if packed is None:
                        packed = entries[term] = array("Q")
                        first[term] = (doc, fi, place)
                    place += 1
                    packed.append(head | (tf << TF_SHIFT))
                    if where:
                        places = where[term]
                        store = positions_get(term)
                        if store is None:
                            store = positions[term] = array("I")
                        store.append(len(places))
                        store.extend(places)
        postings.letter_lengths[li] = lengths
        if consume:
            letter.pairs = ()
    return postings


def join(upper: Postings, lower: Postings) -> Postings:
    """``collect`` of letters gathered in two parts, from the two parts: ``upper`` of the
    later letters (the higher documents, which lunr's order meets first), ``lower`` of the
    earlier ones. ``upper`` is extended and returned."""
    entries, positions, first = upper.entries, upper.positions, upper.first
    for term, packed in lower.entries.items():
        mine = entries.get(term)
        if mine is None:
            entries[term] = packed
            first[term] = lower.first[term]
        else:
            mine.extend(packed)
    for term, places in lower.positions.items():
        mine = positions.get(term)
        if mine is None:
            positions[term] = places
        else:
            mine.extend(places)
    upper.total_length = [
        a + b for a, b in zip(upper.total_length, lower.total_length, strict=True)
    ]
    upper.letter_lengths = lower.letter_lengths + upper.letter_lengths
    return upper


def letter_terms(letter: AnalyzedLetter) -> set[str]:
    """The distinct terms of a letter (all fields)."""
    out: set[str] = set()
    seen: set[int] = set()
    for pair in letter.pairs:
        for terms in pair.fields:
            if id(terms) not in seen:
                seen.add(id(terms))
                out.update(terms.terms)
    return out


def place_of(letter: AnalyzedLetter, pair_index: int, fi: int, term: str) -> int:
    """The term's place among the distinct terms of one field of one pair (for ``first``)."""
    distinct = dict.fromkeys(letter.pairs[pair_index].fields[fi].terms)
    return list(distinct).index(term)


# --- fragments -------------------------------------------------------------------------------
def _deltas(values: list[int]) -> list[int]:
    """Descending numbers as the first one and the differences after it."""
    return values[:1] + [a - b for a, b in itertools.pairwise(values)]


def deltas_up(values: list[int]) -> list[int]:
    """Ascending numbers as the first one and the differences after it."""
    return values[:1] + [b - a for a, b in itertools.pairwise(values)]


def _starts(packed: array, places: array | None) -> list[int]:
    """Where each entry's positions begin in places (-1: a field without positions)."""
    starts: list[int] = []
    if places is None:
        return starts
    at = 0
    for value in packed:
        if (value >> FIELD_SHIFT) & FIELD_MASK in POSITION_FIELD_INDEXES:
            starts.append(at)
            at += places[at] + 1
        else:
            starts.append(-1)
    return starts


def _steps(places: array | None) -> list[int]:
    """Each number of places minus the one before it (``steps[i] = places[i + 1] -
    places[i]``), made once for a term: an entry's positions as differences are then its
    first position and a slice of these (a count is never read as a position)."""
    if places is None:
        return []
    return list(map(operator.sub, places[1:], places))


def _fragment(
    term: str,
    packed: array,
    places: array | None,
    starts: list[int],
    first: First | None,
    lo: int,
    hi: int,
    steps: list[int],
) -> tuple[bytes, bytes]:
    """Posting and positions fragments of entries lo..hi of a term (``steps``: ``_steps``
    of places, made once for all of a term's ranges)."""
    by_field: dict[int, tuple[list[int], list[int], list[int], list[list[int]]]] = {}
    for k in range(lo, hi):
        value = packed[k]
        fi = (value >> FIELD_SHIFT) & FIELD_MASK
        group = by_field.get(fi)
        if group is None:
            group = by_field[fi] = ([], [], [], [])
        group[0].append(value >> DOC_SHIFT)
        group[1].append((value >> TF_SHIFT) & TF_MASK)
        group[2].append(value & LENGTH_MASK)
        if places is not None:
            s = starts[k]
            if s >= 0:
                n = places[s]
                group[3].append([places[s + 1], *steps[s + 1 : s + n]] if n else [])
    fields, position_fields = _fields(by_field)
    head = list(first) if first is not None else None
    return dump([term, head, fields]), dump([term, [list(f) for f in position_fields]])


def _fields(
    by_field: dict[int, tuple[list[int], list[int], list[int], list[Any]]],
) -> tuple[list[list[Any]], list[tuple[int, list[Any]]]]:
    """A fragment's fields (in field order: documents as differences, term frequencies
    empty when all are 1, lengths) and its position fields, from the entries by field."""
    fields = []
    position_fields = []
    for fi in sorted(by_field):
        docs, tfs, lengths, where = by_field[fi]
        fields.append([fi, _deltas(docs), [] if tfs.count(1) == len(tfs) else tfs, lengths])
        if where:
            position_fields.append((fi, where))
    return fields, position_fields


@dataclass(frozen=True)
class Piece:
    """One piece of a split term: its posting and positions files, and what a rebuild needs
    to know without reading them: its highest and lowest document, whether it ended at a
    document's hash (``hard``: the next piece starts the same whatever came before), and
    its number of entries."""

    posting: str
    positions: str
    top: int
    bottom: int
    hard: bool
    entries: int


@dataclass
class Serialized:
    """A term made into fragments: one posting and one positions fragment, or pieces.

    ``pieces`` holds, per piece, its fragments and (top, bottom, hard, entries); they become
    ``Piece`` once written.
    """

    term: str
    df: int
    posting: bytes = b""
    positions: bytes = b""
    pieces: list[tuple[bytes, bytes, int, int, bool, int]] | None = None


def _salt(term: str) -> int:
    return zlib.crc32(term.encode("utf-8") + b"\0")


def piece_cuts(
    term: str, packed: array, lo: int, hi: int, target: int
) -> list[tuple[int, int, bool]]:
    """Where a split term's pieces end: (start, end, ended at a document's hash) each.

    A piece ends after a document whose hash with the term is below (its entries / target)
    of the range: on average every ``target`` entries, decided by the document alone; or,
    failing that, once it holds ``PIECE_FACTOR * target`` entries.
    """
    salt = _salt(term)
    out: list[tuple[int, int, bool]] = []
    start = k = lo
    while k < hi:
        doc = packed[k] >> DOC_SHIFT
        end = k + 1
        while end < hi and packed[end] >> DOC_SHIFT == doc:
            end += 1
        hard = _hash_cut(salt, doc, end - k, target)
        k = end
        if hard or k - start >= PIECE_FACTOR * target:
            out.append((start, k, hard))
            start = k
    if start < hi:
        out.append((start, hi, False))
    return out


def serialize(
    term: str,
    packed: array,
    places: array | None,
    first: First | None,
    target: int,
    force_split: bool = False,
) -> Serialized:
    """A term's fragments: whole when it has at most ``target`` entries, else in pieces.

    force_split: cut into pieces whatever the count; no build path uses it any more (a
    rebuild's slow path has ``serialize_raw``): it is the reference ``serialize_raw`` is
    tested against (``tests/search/test_postings_bytes.py``).
    """
    count = len(packed)
    starts = _starts(packed, places)
    steps = _steps(places)
    if count <= target and not force_split:
        posting, positions = _fragment(term, packed, places, starts, first, 0, count, steps)
        return Serialized(term, count, posting, positions)
    pieces = []
    for i, (a, b, hard) in enumerate(piece_cuts(term, packed, 0, count, target)):
        posting, positions = _fragment(
            term, packed, places, starts, first if i == 0 else None, a, b, steps
        )
        top, bottom = packed[a] >> DOC_SHIFT, packed[b - 1] >> DOC_SHIFT
        pieces.append((posting, positions, top, bottom, hard, b - a))
    return Serialized(term, count, pieces=pieces)


# --- reading fragments back ------------------------------------------------------------------
Entry = tuple[int, int, int, int, tuple[int, ...] | None]  # doc, field, tf, length, positions


def decode(posting: bytes, positions: bytes) -> tuple[First | None, list[Entry]]:
    """A posting fragment and its positions fragment as entries (in the fragment's order)."""
    _, first, fields = json.loads(posting)
    _, position_fields = json.loads(positions)
    where = {fi: lists for fi, lists in position_fields}
    out: list[Entry] = []
    for fi, docs, tfs, lengths in fields:
        lists = where.get(fi)
        doc = 0
        for i, step in enumerate(docs):
            doc = step if i == 0 else doc - step
            at: tuple[int, ...] | None = None
            if lists is not None:
                at = tuple(itertools.accumulate(lists[i]))
            out.append((doc, fi, tfs[i] if tfs else 1, lengths[i], at))
    return (tuple(first) if first is not None else None), out  # type: ignore[return-value]


def pack(entries: Iterable[Entry]) -> tuple[array, array]:
    """Entries (sorted by document down, then field) as packed numbers and positions."""
    packed = array("Q")
    places = array("I")
    for doc, fi, tf, length, at in entries:
        packed.append((doc << DOC_SHIFT) | (fi << FIELD_SHIFT) | (tf << TF_SHIFT) | length)
        if at is not None:
            places.append(len(at))
            places.extend(at)
    return packed, places


def unpack(packed: array, places: array | None) -> list[Entry]:
    """The inverse of ``pack``, for entries gathered by ``collect``."""
    starts = _starts(packed, places)
    out: list[Entry] = []
    for k, value in enumerate(packed):
        at: tuple[int, ...] | None = None
        if places is not None and starts[k] >= 0:
            s = starts[k]
            at = tuple(places[s + 1 : s + 1 + places[s]])
        out.append(
            (
                value >> DOC_SHIFT,
                (value >> FIELD_SHIFT) & FIELD_MASK,
                (value >> TF_SHIFT) & TF_MASK,
                value & LENGTH_MASK,
                at,
            )
        )
    return out


# --- positions as stored ----------------------------------------------------------------------
# A rebuild moves a document's positions from an old fragment to a new one as the bytes they
# are stored as (the differences, without brackets): decoding and encoding them again was
# most of a rebuild's time at archive size (a common term's piece holds thousands of lists).
def number_bytes(values: Iterable[int]) -> bytes:
    """Numbers as JSON writes them in a list, without the brackets."""
    return ",".join(map(str, values)).encode()


def split_positions(term: str, fragment: bytes) -> dict[int, list[bytes]]:
    """A positions fragment's lists by field, each document's list as its stored bytes.

    A list holds only numbers (no brackets), so each field's lists end at its first ``]]]``
    and are separated by ``],[``.
    """
    prefix = b"[" + dump(term) + b",["
    if not (fragment.startswith(prefix) and fragment.endswith(b"]]")):
        raise ValueError(f"search: the positions fragment of {term!r} is not one")
    body = fragment[len(prefix) : -2]
    out: dict[int, list[bytes]] = {}
    at, end = 0, len(body)
    while at < end:
        comma = body.index(b",", at)
        fi = int(body[at + 1 : comma])
        if body.startswith(b"[]]", comma + 1):
            out[fi] = []
            at = comma + 4
        else:
            close = body.index(b"]]]", comma)
            out[fi] = body[comma + 3 : close].split(b"],[")
            at = close + 3
        at += 1  # the comma before the next field
    return out


def join_positions(term: str, fields: Iterable[tuple[int, list[bytes]]]) -> bytes:
    """The inverse of ``split_positions``: the bytes ``dump`` gives for the decoded lists."""
    parts = [
        (b"[%d,[[" % fi + b"],[".join(lists) + b"]]]") if lists else b"[%d,[]]" % fi
        for fi, lists in fields
    ]
    return b"[" + dump(term) + b",[" + b",".join(parts) + b"]]"


def split_posting(
    term: str, fragment: bytes
) -> tuple[First | None, list[tuple[int, list[bytes], list[bytes], list[bytes]]]]:
    """A posting fragment's first and its fields, each list as its stored numbers (bytes)."""
    prefix = b"[" + dump(term) + b","
    if not (fragment.startswith(prefix) and fragment.endswith(b"]]")):
        raise ValueError(f"search: the posting fragment of {term!r} is not one")
    at = len(prefix)
    first: First | None = None
    if fragment.startswith(b"null", at):
        at += 4
    else:
        close = fragment.index(b"]", at)
        first = tuple(map(int, fragment[at + 1 : close].split(b",")))  # type: ignore[assignment]
        at = close + 1
    at += 2  # ",["
    end = len(fragment) - 2
    fields = []
    while at < end:
        comma = fragment.index(b",", at)
        lists: list[list[bytes]] = []
        p = comma + 1  # each list's "["
        for _ in range(3):
            close = fragment.index(b"]", p)
            body = fragment[p + 1 : close]
            lists.append(body.split(b",") if body else [])
            p = close + 2
        fields.append((int(fragment[at + 1 : comma]), lists[0], lists[1], lists[2]))
        at = close + 3  # past "]]" and the comma before the next field
    return first, fields


RawEntry = tuple[int, int, int, int, bytes | None]  # doc, field, tf, length, stored positions


def decode_raw(term: str, posting: bytes, positions: bytes) -> tuple[First | None, list[RawEntry]]:
    """Like ``decode``, the positions left as stored (entries in the fragment's order)."""
    _, first, fields = json.loads(posting)
    where = split_positions(term, positions)
    out: list[RawEntry] = []
    for fi, docs, tfs, lengths in fields:
        lists = where.get(fi)
        out.extend(
            zip(
                itertools.accumulate(docs, operator.sub),
                itertools.repeat(fi),
                tfs or itertools.repeat(1),
                lengths,
                lists if lists is not None else itertools.repeat(None),
                strict=False,
            )
        )
    return (tuple(first) if first is not None else None), out  # type: ignore[return-value]


def raw_entries(packed: array | None, places: array | None) -> list[RawEntry]:
    """New entries of a term (from ``collect``) in the form ``decode_raw`` gives."""
    if packed is None:
        return []
    return [
        (doc, fi, tf, length, number_bytes(deltas_up(list(at))) if at is not None else None)
        for doc, fi, tf, length, at in unpack(packed, places)
    ]


def serialize_raw(
    term: str, entries: list[RawEntry], first: First | None, target: int
) -> Serialized:
    """``serialize(..., force_split=True)`` of entries sorted by document down, then field."""
    docs = array("Q", [e[0] << DOC_SHIFT for e in entries])
    pieces = []
    for i, (a, b, hard) in enumerate(piece_cuts(term, docs, 0, len(entries), target)):
        posting, positions = _fragment_raw(term, entries[a:b], first if i == 0 else None)
        pieces.append((posting, positions, entries[a][0], entries[b - 1][0], hard, b - a))
    return Serialized(term, len(entries), pieces=pieces)


def _fragment_raw(term: str, entries: list[RawEntry], first: First | None) -> tuple[bytes, bytes]:
    """``_fragment`` of entries whose positions are as stored."""
    by_field: dict[int, tuple[list[int], list[int], list[int], list[bytes]]] = {}
    for doc, fi, tf, length, at in entries:
        group = by_field.get(fi)
        if group is None:
            group = by_field[fi] = ([], [], [], [])
        group[0].append(doc)
        group[1].append(tf)
        group[2].append(length)
        if at is not None:
            group[3].append(at)
    fields, position_fields = _fields(by_field)
    head = list(first) if first is not None else None
    return dump([term, head, fields]), join_positions(term, position_fields)


# --- patching fragments where they changed ---------------------------------------------------
# A rebuild changes a term's postings only in documents from some number ``lo`` up to ``hi``
# (every changed document is there). Documents are stored from the highest down, so in each
# field the changed ones are a run of the list: it is decoded, merged and encoded again; the
# documents above it and below it (the tail) are copied as they are but for the differences
# at the run's ends. Positions stay as stored (``split_positions``).
Added = tuple[int, int, int, bytes | None]  # doc, tf, length, positions as stored


@dataclass
class FieldRun:
    """One field of a fragment: the documents above every change as stored (``above``: the
    first one's number and the differences after it, as stored bytes; empty when there are
    none), a decoded head (documents from the highest down: doc, tf, length, positions as
    stored) and the rest as stored (``tail_first`` the number of its first document, None
    when there is no rest; ``tail_deltas`` the stored differences after it)."""

    fi: int
    head: list[Added]
    tail_first: int | None = None
    tail_deltas: list[bytes] = field(default_factory=list)
    tail_tfs: list[bytes] | None = None  # None: all 1
    tail_lengths: list[bytes] = field(default_factory=list)
    tail_lists: list[bytes] | None = None
    above: list[bytes] = field(default_factory=list)
    above_tfs: list[bytes] | None = None  # None: all 1
    above_lengths: list[bytes] = field(default_factory=list)
    above_lists: list[bytes] | None = None
    above_last: int = -1  # the number of the lowest document above
    tail_last: int = -1  # the number of the tail's last document

    def count(self) -> int:
        tail = 0 if self.tail_first is None else 1 + len(self.tail_deltas)
        return len(self.above) + len(self.head) + tail

    def top(self) -> int:
        if self.above:
            return int(self.above[0])
        return self.head[0][0] if self.head else self.tail_first  # type: ignore[return-value]

    def bottom(self) -> int:
        if self.tail_first is not None:
            return self.tail_last
        return self.head[-1][0] if self.head else self.above_last

    def encode(self) -> tuple[bytes, list[bytes] | None]:
        """``[field,documents,tfs,lengths]`` as JSON and, for a position field, its lists."""
        docs = [e[0] for e in self.head]
        deltas = [b"%d" % d for d in _deltas(docs)]
        tfs = [b"%d" % e[1] for e in self.head]
        lengths = [b"%d" % e[2] for e in self.head]
        lists = [e[3] for e in self.head]
        if self.above:
            if deltas:
                deltas[0] = b"%d" % (self.above_last - docs[0])
            n = len(self.above)
            deltas = self.above + deltas
            tfs = (self.above_tfs if self.above_tfs is not None else [b"1"] * n) + tfs
            lengths = self.above_lengths + lengths
            lists = (self.above_lists or []) + lists
            docs = docs or [self.above_last]
        if self.tail_first is not None:
            deltas.append(b"%d" % (docs[-1] - self.tail_first if docs else self.tail_first))
            deltas += self.tail_deltas
            n = 1 + len(self.tail_deltas)
            tfs += self.tail_tfs if self.tail_tfs is not None else [b"1"] * n
            lengths += self.tail_lengths
            lists += self.tail_lists or []
        group = b"[%d,[%s],[%s],[%s]]" % (
            self.fi,
            b",".join(deltas),
            b"" if tfs.count(b"1") == len(tfs) else b",".join(tfs),
            b",".join(lengths),
        )
        return group, (lists if self.fi in POSITION_FIELD_INDEXES else None)  # type: ignore[return-value]


def added_by_field(packed: array | None, places: array | None) -> dict[int, list[Added]]:
    """New entries of a term (from ``collect``) by field, in the form of a run's head."""
    out: dict[int, list[Added]] = {}
    for doc, fi, tf, length, at in raw_entries(packed, places):
        out.setdefault(fi, []).append((doc, tf, length, at))
    return out


def patch(
    term: str,
    posting: bytes,
    positions: bytes,
    lo: int,
    gone: Container[int],
    added: dict[int, list[Added]],
    hi: int | None = None,
) -> tuple[First | None, list[FieldRun]]:
    """A fragment's fields with the documents from lo up decoded, the ones in ``gone``
    dropped and the added ones merged in. Documents above hi (every change is at or below
    it) are kept as stored, not decoded."""
    if posting:
        first, fields = split_posting(term, posting)
        where = split_positions(term, positions)
    else:
        first, fields, where = None, [], {}
    groups = {group[0]: group for group in fields}
    runs: list[FieldRun] = []
    for fi in sorted(groups.keys() | added.keys()):
        group = groups.get(fi)
        deltas: list[bytes] = group[1] if group else []
        tfs: list[bytes] = group[2] if group else []
        lengths: list[bytes] = group[3] if group else []
        lists = where.get(fi)
        n = len(deltas)
        docs = list(itertools.accumulate(map(int, deltas), operator.sub))
        # docs fall: the first entry at or below hi, then the first below lo.
        top = 0 if hi is None else bisect.bisect_left(docs, -hi, key=operator.neg)
        stop = bisect.bisect_left(docs, 1 - lo, top, key=operator.neg)
        head: list[Added] = [
            (
                docs[i],
                int(tfs[i]) if tfs else 1,
                int(lengths[i]),
                lists[i] if lists is not None else None,
            )
            for i in range(top, stop)
            if docs[i] not in gone
        ]
        more = added.get(fi)
        if more:
            head = sorted(head + more, key=lambda e: -e[0])
        run = FieldRun(fi, head)
        if top:
            run.above = deltas[:top]
            run.above_tfs = tfs[:top] if tfs else None
            run.above_lengths = lengths[:top]
            run.above_lists = lists[:top] if lists is not None else None
            run.above_last = docs[top - 1]
        if stop < n:
            run.tail_first = docs[stop]
            run.tail_last = docs[-1]
            run.tail_deltas = deltas[stop + 1 :]
            run.tail_tfs = tfs[stop:] if tfs else None
            run.tail_lengths = lengths[stop:]
            run.tail_lists = lists[stop:] if lists is not None else None
        if run.count():
            runs.append(run)
    return first, runs


def top_of(runs: list[FieldRun]) -> tuple[int, int]:
    """The first entry of these fields in lunr's order: (document, field)."""
    doc = max(run.top() for run in runs)
    return doc, min(run.fi for run in runs if run.top() == doc)


def encode(term: str, first: First | None, runs: list[FieldRun]) -> tuple[bytes, bytes]:
    """Posting and positions fragments of these fields: the bytes ``_fragment`` gives."""
    groups, position_fields = [], []
    for run in runs:
        group, places = run.encode()
        groups.append(group)
        if places is not None:
            position_fields.append((run.fi, places))
    head = dump(list(first)) if first is not None else b"null"
    posting = b"[" + dump(term) + b"," + head + b",[" + b",".join(groups) + b"]]"
    return posting, join_positions(term, position_fields)


def cut_runs(
    term: str, runs: list[FieldRun], target: int
) -> list[tuple[list[FieldRun], int, int, bool, int]] | None:
    """A part of a split term that starts a piece, in pieces: (fields, top, bottom, hard,
    entries) each. Only for a part whose documents after the decoded heads hold no piece
    border and that is too small for a border by size (fewer than ``PIECE_FACTOR * target``
    entries): then the borders are the heads' documents whose hash cuts, and the end. None
    when the part is too large.
    """
    total = sum(run.count() for run in runs)
    if total >= PIECE_FACTOR * target:
        return None
    # Documents kept as stored above the heads (``above``) end no piece: they were inside
    # the piece this part was, with the same entries.
    salt = _salt(term)
    per_doc: dict[int, int] = {}
    for run in runs:
        for entry in run.head:
            per_doc[entry[0]] = per_doc.get(entry[0], 0) + 1
    tails = [run.tail_first for run in runs if run.tail_first is not None]
    highest_tail = max(tails) if tails else -1
    cuts = [
        doc
        for doc in sorted(per_doc, reverse=True)
        if doc > highest_tail and _hash_cut(salt, doc, per_doc[doc], target)
    ]
    parts: list[tuple[list[FieldRun], int, int, bool, int]] = []
    rest = runs
    for doc in cuts:
        part = []
        remaining = []
        for run in rest:
            upper = [e for e in run.head if e[0] >= doc]
            lower = [e for e in run.head if e[0] < doc]
            if upper or run.above:
                part.append(
                    dataclasses.replace(
                        run,
                        head=upper,
                        tail_first=None,
                        tail_deltas=[],
                        tail_tfs=None,
                        tail_lengths=[],
                        tail_lists=None,
                    )
                )
            if lower or run.tail_first is not None:
                remaining.append(
                    FieldRun(
                        run.fi,
                        lower,
                        run.tail_first,
                        run.tail_deltas,
                        run.tail_tfs,
                        run.tail_lengths,
                        run.tail_lists,
                        tail_last=run.tail_last,
                    )
                )
        top = max(r.top() for r in part)
        parts.append((part, top, doc, True, sum(r.count() for r in part)))
        rest = remaining
    if rest:
        bottom = min(run.bottom() for run in rest)
        count_at_bottom = sum(1 for run in rest if run.bottom() == bottom)
        hard = _hash_cut(salt, bottom, count_at_bottom, target)
        top = max(run.top() for run in rest)
        parts.append((rest, top, bottom, hard, sum(r.count() for r in rest)))
    return parts


def _hash_cut(salt: int, doc: int, entries: int, target: int) -> bool:
    """The rule of ``piece_cuts``: does a split term's piece end after this document?"""
    return zlib.crc32(b"%d" % doc, salt) < (entries << 32) // target
