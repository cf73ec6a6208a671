"""A rebuild of the sharded index that touches only what changed, with the bytes of a build
from nothing.

From the state the last build left (``state.IndexState``) and the letters published now:

1. **Letters**: a letter is *changed* when its content (key) is new or gone (an edit is
   both), or when its documents' numbers are not what they were (``numbering``: a letter
   added, edited or removed earlier on the same day moves the numbers after it on that
   day). The other letters keep every number: in the postings nothing of theirs changes,
   however many positions in date order moved.
2. **Terms**: only the terms of changed letters (old and new versions) are merged: their
   postings are read back from the files of the last build (``postings.patch``), the
   changed documents' entries dropped, the new ones added, and the term serialized again. A
   split term is re-serialized only around its changes: its pieces end at the hashes of
   their documents' numbers, so a rescan from the last piece border before the changes
   meets the old borders again after them; its other pieces stay as they are.
3. **Layout**: the posting shards and dictionary ranges are laid out again from per-term
   numbers (``layout``); a shard or range with the same terms as before, none of them
   changed, keeps its file (a positions file: none of its terms' positions changed); the
   others are written again, unchanged terms' fragments copied out of the old files (each
   file checked against its name when read).
4. **Documents**: blocks and packs are laid out again (``doc_layout``: from the letters' ids
   and pair counts); a pack with the same documents and blocks as an old one keeps its file
   and its blocks' wherever its documents now are; the others are made again, a kept
   document's compressed texts and block entry copied out of the old pack and block, a new
   one's from its analysis. Tables, filters and the manifest are made again (files with the
   same bytes keep their names).

Nothing is written until everything is known; a file the state names that is missing or not
what its name says makes the caller build from nothing (``StaleFiles``).
"""

from __future__ import annotations

import bisect
import hashlib
import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kamervragen_search import layout
from kamervragen_search.analysis import AnalyzedLetter, Fetch
from kamervragen_search.postings import (
    DOC_BITS,
    Added,
    Entry,
    First,
    Piece,
    RawEntry,
    added_by_field,
    collect,
    cut_runs,
    decode,
    decode_raw,
    encode,
    letter_terms,
    pack,
    patch,
    place_of,
    raw_entries,
    serialize,
    serialize_raw,
    top_of,
    unpack,
)
from kamervragen_search.sharded import (
    BuildReport,
    Item,
    Limits,
    SiteFiles,
    StaleFiles,
    _Output,
    add_rows,
    content_hash,
    item_of,
    layout_of,
    manifest_bytes,
    numbering_of,
    range_body,
    starts_of,
    write_filters,
    write_pack,
    write_pieces,
    write_tables,
)
from kamervragen_search.state import IndexState, LetterRow, TermTable, order_key

# A rebuild whose changed letters (added, removed, edited; moved ones do not count) hold more
# than this share of the documents is left to a build from nothing: it merges the terms of
# all those letters, in one process, where a build from nothing uses every core.
WORTH_IT = 0.5


class NotWorthIt(Exception):
    """Too much changed: a build from nothing is as quick (and as exact)."""


@dataclass
class _Letters:
    """The letters before and after, which of them changed, and where their documents are.

    A letter is changed when its content (key) is new or gone (an edit is both), or when its
    first document's number (``numbering``) is not what it was: a letter added, edited or
    removed earlier on the same day moves the numbers after it on that day. The others keep
    every number, and the posting bytes that hold them.
    """

    old: list[LetterRow]
    new: list[LetterRow]
    old_starts: list[int]  # per letter its first document's position (and the total at the end)
    new_starts: list[int]
    new_numbers: list[int]  # per letter its first document's number
    changed_old: list[int]  # indexes into old: letters whose documents are gone
    changed_new: list[int]  # indexes into new: letters whose documents are new
    empty: set[str]
    gone: set[int]  # the numbers of changed_old's documents
    low: int  # below this number nothing changed
    high: int  # above this number nothing changed


def _diff(state: IndexState, keys: list[str], fetch: Fetch) -> tuple[_Letters, dict]:
    known = {row.key: row for row in state.letters}
    fresh_keys = [k for k in dict.fromkeys(keys) if k not in known and k not in state.empty]
    analyses = fetch(fresh_keys) if fresh_keys else {}
    current = set(keys)
    empty = {k for k in state.empty if k in current}
    rows = [row for row in state.letters if row.key in current]
    add_rows(fresh_keys, analyses, rows, empty)
    rows.sort(key=order_key)
    old_numbers, new_numbers = numbering_of(state.letters), numbering_of(rows)
    if old_numbers.per_day != new_numbers.per_day:
        raise NotWorthIt("a day holds more documents than a day is numbered for")
    was = {row.key: old_numbers.number_start[i] for i, row in enumerate(state.letters)}
    now = {row.key: new_numbers.number_start[i] for i, row in enumerate(rows)}
    changed_old = [i for i, row in enumerate(state.letters) if now.get(row.key) != was[row.key]]
    changed_new = [i for i, row in enumerate(rows) if was.get(row.key) != now[row.key]]
    spans = [(old_numbers.number_start[i], state.letters[i].pairs) for i in changed_old]
    spans += [(new_numbers.number_start[i], rows[i].pairs) for i in changed_new]
    gone: set[int] = set()
    for i in changed_old:
        start = old_numbers.number_start[i]
        gone.update(range(start, start + state.letters[i].pairs))
    letters = _Letters(
        old=state.letters,
        new=rows,
        old_starts=starts_of(state.letters),
        new_starts=starts_of(rows),
        new_numbers=new_numbers.number_start,
        changed_old=changed_old,
        changed_new=changed_new,
        empty=empty,
        gone=gone,
        low=min((start for start, _ in spans), default=1 << DOC_BITS),
        high=max((start + pairs - 1 for start, pairs in spans), default=-1),
    )
    return letters, analyses


class _Files:
    """The last build's files, read on demand and checked against their names."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._cache: dict[str, bytes] = {}

    def read(self, name: str) -> bytes:
        data = self._cache.get(name)
        if data is None:
            try:
                data = (self.out_dir / name).read_bytes()
            except OSError as error:
                raise StaleFiles(f"{name} is missing") from error
            stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
            if content_hash(data) != stem:
                raise StaleFiles(f"{name} is not what its name says")
            self._cache[name] = data
        return data


@dataclass
class _Term:
    """A term made again: plain (fragments; positions None: as they were) or split
    (pieces, written)."""

    df: int
    posting: bytes = b""
    positions: bytes | None = b""
    pieces: tuple[Piece, ...] | None = None


class _Rebuild:
    def __init__(
        self,
        state: IndexState,
        letters: _Letters,
        analyses: dict[str, AnalyzedLetter],
        fetch: Fetch,
        files: _Files,
        output: _Output,
        limits: Limits,
    ) -> None:
        self.state = state
        self.old = state.table
        self.letters = letters
        self.analyses = analyses
        self.fetch = fetch
        self.files = files
        self.output = output
        self.limits = limits
        self.target = limits.piece_entries
        self.gone = letters.gone
        self.low = letters.low

    def analysis(self, keys: Iterable[str]) -> dict[str, AnalyzedLetter]:
        missing = [k for k in keys if k not in self.analyses]
        if missing:
            got = self.fetch(missing)
            if any(k not in got for k in missing):
                raise StaleFiles("a letter's analysis is no longer cached")
            self.analyses.update(got)
        return self.analyses

    # -- terms --
    def changed_terms(self) -> list[str]:
        old, new = self.letters.old, self.letters.new
        keys = [old[i].key for i in self.letters.changed_old]
        keys += [new[i].key for i in self.letters.changed_new]
        analyses = self.analysis(keys)
        terms: set[str] = set()
        for key in dict.fromkeys(keys):
            terms |= letter_terms(analyses[key])
        return sorted(terms)

    def gather_new(self) -> None:
        new, starts = self.letters.new, self.letters.new_numbers
        spans = [(self.analyses[new[i].key], starts[i]) for i in self.letters.changed_new]
        self.added = collect(spans)

    def _plain_fragments(self, index: int) -> tuple[bytes, bytes]:
        old = self.old
        posting = self.files.read(old.where[index])  # type: ignore[arg-type]
        at = old.poff[index]
        r = bisect.bisect_right(self.state.range_start, index) - 1
        positions = self.files.read(self.state.range_files[r][1])
        q = old.qoff[index]
        return posting[at : at + old.plen[index]], positions[q : q + old.qlen[index]]

    def _piece_fragments(self, piece: Piece) -> tuple[bytes, bytes]:
        """A piece's posting and positions fragments (its files hold one each, in [])."""
        return self.files.read(piece.posting)[1:-1], self.files.read(piece.positions)[1:-1]

    def _piece_entries(self, piece: Piece) -> tuple[First | None, list[Entry]]:
        return decode(*self._piece_fragments(piece))

    def _kept(self, entries: list[Entry]) -> list[Entry]:
        """The entries of kept documents."""
        gone = self.gone
        return [e for e in entries if e[0] not in gone]

    def _first(self, term: str, doc: int, fi: int, old_first: First | None) -> First:
        """Where lunr's builder first meets the term now that its first entry is (doc, fi)."""
        new_first = self.added.first.get(term)
        if new_first is not None and new_first[0] == doc:
            return new_first
        if old_first is not None and old_first[0] == doc and doc not in self.gone:
            return (doc, old_first[1], old_first[2])
        # The term's newest document lost it: find its place in the next newest one.
        starts = self.letters.new_numbers
        i = bisect.bisect_right(starts, doc) - 1
        row = self.letters.new[i]
        letter = self.analysis([row.key])[row.key]
        return (doc, fi, place_of(letter, starts[i] + row.pairs - 1 - doc, fi, term))

    def _added(self, term: str) -> dict[int, list[Added]]:
        return added_by_field(self.added.entries.get(term), self.added.positions.get(term))

    def _whole(self, term: str, kept: list[Entry], old_first: First | None) -> _Term | None:
        """The term from all its entries (the slow way: every entry decoded)."""
        packed = self.added.entries.get(term)
        merged = kept
        if packed is not None:
            merged = kept + unpack(packed, self.added.positions.get(term))
        if not merged:
            return None
        merged.sort(key=lambda e: (-e[0], e[1]))
        packed, places = pack(merged)
        first = self._first(term, merged[0][0], merged[0][1], old_first)
        made = serialize(term, packed, places, first, self.target)
        if made.pieces is not None:
            return _Term(made.df, pieces=write_pieces(made, self.output))
        return _Term(made.df, made.posting, made.positions)

    def _all_entries(self, index: int) -> tuple[First | None, list[Entry]]:
        """Every entry a term had (changed documents' ones dropped) and its first."""
        item = self.old.where[index]
        if isinstance(item, str):
            first, entries = decode(*self._plain_fragments(index))
            return first, self._kept(entries)
        old_first: First | None = None
        kept: list[Entry] = []
        for j, piece in enumerate(item):
            first, entries = self._piece_entries(piece)
            if j == 0:
                old_first = first
            kept += self._kept(entries)
        return old_first, kept

    def term(self, term: str, index: int | None) -> _Term | None:
        """The changed term made again (None: it is in no document any more)."""
        if index is not None and not isinstance(self.old.where[index], str):
            made = self._split(term, index, self.old.where[index])  # type: ignore[arg-type]
            if made is not False:
                return made  # type: ignore[return-value]
            first, kept = self._all_entries(index)
            return self._whole(term, kept, first)
        if index is None:
            posting = positions = b""
        else:
            posting, positions = self._plain_fragments(index)
        old_first, runs = patch(
            term, posting, positions, self.low, self.gone, self._added(term), self.letters.high
        )
        if not runs:
            return None
        count = sum(run.count() for run in runs)
        if count > self.target:  # it becomes a split term
            if index is None:
                return self._whole(term, [], None)
            first, kept = self._all_entries(index)
            return self._whole(term, kept, first)
        first = self._first(term, *top_of(runs), old_first)
        made_posting, made_positions = encode(term, first, runs)
        return _Term(count, made_posting, made_positions)

    def _split(self, term: str, index: int, pieces: tuple[Piece, ...]) -> _Term | None | bool:
        """A split term made again around its changes; False: made again as a whole."""
        lo, hi = self.low, self.letters.high
        leading = 0
        while leading < len(pieces) and pieces[leading].bottom > hi:
            leading += 1
        # Every border but the last piece's end (unless hard) is one a scan of the whole term
        # meets again whatever comes after it: a rescan starts at the first piece the change
        # can touch.
        start = leading
        if start == len(pieces) and not pieces[-1].hard:
            start -= 1
        end = len(pieces) - 1
        for k in range(start, len(pieces)):
            if pieces[k].bottom < lo and pieces[k].hard:
                end = k
                break
        region = pieces[start : end + 1]
        before = self.old.df[index] - sum(p.entries for p in region)
        if len(region) == 1:
            made = self._one_piece(term, start, region[0], before)
            if made is not None:
                whole = pieces[:start] + made[1] + pieces[end + 1 :]
                return _Term(made[0], pieces=whole)
        old_first: First | None = None
        kept: list[RawEntry] = []
        gone = self.gone
        for j, piece in enumerate(region):
            first, entries = decode_raw(term, *self._piece_fragments(piece))
            if start + j == 0:
                old_first = first
            kept += [e for e in entries if e[0] not in gone]
        merged = kept + raw_entries(self.added.entries.get(term), self.added.positions.get(term))
        if before + len(merged) <= self.target:
            return False  # no longer split
        merged.sort(key=lambda e: (-e[0], e[1]))
        first = None
        if start == 0 and merged:
            first = self._first(term, merged[0][0], merged[0][1], old_first)
        made = serialize_raw(term, merged, first, self.target)
        again = write_pieces(made, self.output)
        if end + 1 < len(pieces) and (not again or again[-1].bottom != pieces[end].bottom):
            raise StaleFiles(f"the pieces of {term!r} did not meet the old ones again")
        whole = pieces[:start] + again + pieces[end + 1 :]
        return _Term(before + len(merged), pieces=whole)

    def _one_piece(
        self, term: str, index: int, piece: Piece, before: int
    ) -> tuple[int, tuple[Piece, ...]] | None:
        """The quick way for a change inside one piece: patched where it changed, cut
        where the changed documents' hashes say (None: it must be done the slow way)."""
        posting, positions = self._piece_fragments(piece)
        old_first, runs = patch(
            term, posting, positions, self.low, self.gone, self._added(term), self.letters.high
        )
        count = sum(run.count() for run in runs)
        if before + count <= self.target:
            return None
        parts = cut_runs(term, runs, self.target)
        if parts is None:
            return None
        made = []
        for j, (part, top, bottom, hard, entries) in enumerate(parts):
            first = None
            if index == 0 and j == 0:
                first = self._first(term, *top_of(part), old_first)
            part_posting, part_positions = encode(term, first, part)
            made.append(
                Piece(
                    self.output.put("p", b"[" + part_posting + b"]"),
                    self.output.put("q", b"[" + part_positions + b"]"),
                    top,
                    bottom,
                    hard,
                    entries,
                )
            )
        return before + count, tuple(made)

    # -- the new term table --
    def table(self, made: list[tuple[str, _Term | None]]) -> None:
        """The new term table: the old one with the terms made again (sorted; None: the
        term is in no document any more) put in."""
        old, limits = self.old, self.limits
        new = TermTable()
        self.fresh: dict[int, _Term] = {}
        self.old_of = array("l")  # each new term's index in the old table (-1: none)
        self.changed = bytearray()  # its posting fragment (or pieces) changed
        self.moved_positions = bytearray()  # its positions fragment changed, or it is new
        at = 0

        def copy(lo: int, hi: int) -> None:
            if hi <= lo:
                return
            new.terms += old.terms[lo:hi]
            for name in ("df", "plen", "qlen", "wstep", "poff", "qoff"):
                getattr(new, name).extend(getattr(old, name)[lo:hi])
            new.kinds += old.kinds[lo:hi]
            new.wcut += old.wcut[lo:hi]
            new.where += old.where[lo:hi]
            self.old_of.extend(range(lo, hi))
            self.changed += bytes(hi - lo)
            self.moved_positions += bytes(hi - lo)

        for term, result in made:
            i = bisect.bisect_left(old.terms, term, at)
            copy(at, i)
            exists = i < len(old.terms) and old.terms[i] == term
            at = i + 1 if exists else i
            if result is None:
                continue
            self.fresh[len(new.terms)] = result
            new.terms.append(term)
            new.df.append(result.df)
            new.wstep.append(layout.dictionary_step(term))
            new.wcut.append(layout.dictionary_cut(term, limits.dictionary_bytes))
            new.poff.append(0)
            self.old_of.append(i if exists else -1)
            self.changed.append(1)
            if result.pieces is not None:  # a split term's positions are in its pieces
                same_positions = exists and old.kinds[i] == layout.SPLIT
            else:
                same_positions = exists and result.positions is None
            self.moved_positions.append(0 if same_positions else 1)
            if result.pieces is not None:
                new.plen.append(0)
                new.qlen.append(0)
                new.qoff.append(0)
                new.kinds.append(layout.SPLIT)
                new.where.append(result.pieces)
            else:
                new.plen.append(len(result.posting))
                new.qlen.append(old.qlen[i] if same_positions else len(result.positions))  # type: ignore[arg-type]
                new.qoff.append(old.qoff[i] if same_positions else 0)
                new.kinds.append(
                    layout.posting_kind(term, len(result.posting), limits.posting_bytes)
                )
                new.where.append("")
        copy(at, len(old.terms))
        self.new = new

    def _same_terms(self, a: int, b: int) -> tuple[int, int] | None:
        """Old indexes of new terms a..b-1 if they were together, the same terms."""
        oa, ob = self.old_of[a], self.old_of[b - 1]
        if oa < 0 or ob - oa != b - 1 - a or array("l", range(oa, ob + 1)) != self.old_of[a:b]:
            return None
        return oa, ob

    def postings(self) -> None:
        new, old, output = self.new, self.old, self.output
        self.touched = bytearray(self.changed)
        shards = layout.posting_layout(new.kinds, new.plen, self.limits.posting_bytes)
        old_where = old.where
        for a, b in shards:
            if new.kinds[a] == layout.SPLIT:
                continue
            run = self._same_terms(a, b) if self.changed.find(1, a, b) < 0 else None
            if run is not None:
                oa, ob = run
                name = old_where[oa]
                if (
                    isinstance(name, str)
                    and old_where[ob] == name
                    and (oa == 0 or old_where[oa - 1] != name)
                    and (ob + 1 == len(old_where) or old_where[ob + 1] != name)
                ):
                    continue  # the same shard: where and offsets copied already
            fragments = []
            for k in range(a, b):
                fresh = self.fresh.get(k)
                if fresh is not None:
                    fragments.append(fresh.posting)
                else:
                    o = self.old_of[k]
                    data = self.files.read(old_where[o])  # type: ignore[arg-type]
                    fragments.append(data[old.poff[o] : old.poff[o] + old.plen[o]])
            name = output.put("p", b"[" + b",".join(fragments) + b"]")
            offset = 1
            for k, fragment in zip(range(a, b), fragments, strict=True):
                new.where[k] = name
                new.poff[k] = offset
                offset += len(fragment) + 1
            self.touched[a:b] = b"\x01" * (b - a)

    def dictionary(self) -> None:
        new, state, output = self.new, self.state, self.output
        ranges = layout.dictionary_layout(new.wcut, new.wstep, self.limits.dictionary_bytes)
        old_starts = state.range_start
        old_total = len(self.old.terms)
        self.range_start = array("L", (s for s, _ in ranges))
        self.range_files: list[tuple[str, str]] = []
        for s, e in ranges:
            same = self._same_terms(s, e)
            old_range = None
            if same is not None and self.moved_positions.find(1, s, e) < 0:
                r = bisect.bisect_left(old_starts, same[0])
                end = old_starts[r + 1] if r + 1 < len(old_starts) else old_total
                if r < len(old_starts) and old_starts[r] == same[0] and end == same[1] + 1:
                    old_range = r
            if old_range is not None and self.touched.find(1, s, e) < 0:
                self.range_files.append(state.range_files[old_range])
                continue
            if old_range is not None:
                positions = state.range_files[old_range][1]
            else:
                positions = self._positions(s, e)
            self.range_files.append((output.put("w", range_body(new, s, e, positions)), positions))

    def _positions(self, s: int, e: int) -> str:
        new, old, state = self.new, self.old, self.state
        fragments = []
        offset = 1
        for k in range(s, e):
            if new.kinds[k] == layout.SPLIT:
                continue
            fresh = self.fresh.get(k)
            if fresh is not None and fresh.positions is not None:
                fragment = fresh.positions
            else:
                o = self.old_of[k]
                r = bisect.bisect_right(state.range_start, o) - 1
                data = self.files.read(state.range_files[r][1])
                fragment = data[old.qoff[o] : old.qoff[o] + old.qlen[o]]
            fragments.append(fragment)
            new.qoff[k] = offset
            offset += len(fragment) + 1
        return self.output.put("q", b"[" + b",".join(fragments) + b"]")

    # -- documents --
    def documents(self) -> tuple[list[str], list[str], list[list[Any]]]:
        """Blocks, packs and tables (``[documents, name]`` each) of the documents now.

        A pack laid out (``doc_layout``) with the blocks of an old pack, over the same
        documents (none changed, none gone between them), is that pack: its file and its
        blocks' stay as they are, wherever its documents now lie. The others are written.
        """
        letters, state = self.letters, self.state
        total = letters.new_starts[-1]
        # Each document's position before (-1: a new letter's), by its position now.
        back = array("l", [-1]) * total
        was = {row.key: letters.old_starts[i] for i, row in enumerate(letters.old)}
        for i, row in enumerate(letters.new):
            o = was.get(row.key)
            if o is not None:
                a = letters.new_starts[i]
                back[a : a + row.pairs] = array("l", range(o, o + row.pairs))
        old, new = layout_of(letters.old, self.limits), layout_of(letters.new, self.limits)
        old_pack_at = {old.pack_start(p): p for p in range(len(old.packs) - 1)}
        starts = letters.new_starts
        blocks_read: dict[int, dict] = {}

        def item_at(doc: int) -> Item:
            o = back[doc]
            if o < 0:
                i = bisect.bisect_right(starts, doc) - 1
                entry = self.analyses[letters.new[i].key].entry
                return item_of(entry, entry.pairs[starts[i + 1] - 1 - doc])
            b = bisect.bisect_right(old.blocks, o) - 1
            block = blocks_read.get(b)
            if block is None:
                block = blocks_read[b] = json.loads(self.files.read(state.blocks[b]))
            row, slug, label, offset, length = block["pairs"][o - old.blocks[b]]
            pack = self.files.read(state.packs[bisect.bisect_right(old.packs, b) - 1])
            return block["letters"][row], slug, label, pack[offset : offset + length]

        blocks: list[str] = []
        packs: list[str] = []
        for p in range(len(new.packs) - 1):
            spans = new.block_spans(p)
            lo, hi = spans[0][0], spans[-1][1]
            o = back[lo]
            q = old_pack_at.get(o)  # (a new document's -1 starts no pack)
            if q is not None:
                same = [(a - lo + o, b - lo + o) for a, b in spans] == old.block_spans(q)
                if same and back[lo:hi] == array("l", range(o, o + hi - lo)):
                    packs.append(state.packs[q])
                    blocks += state.blocks[old.packs[q] : old.packs[q + 1]]
                    continue
            pack_name, names = write_pack(item_at, spans, self.output)
            packs.append(pack_name)
            blocks += names
        return blocks, packs, write_tables(new, blocks, packs, self.output)


def worth_it(state: IndexState, keys: list[str]) -> bool:
    """Cheaply: do the letters gone (or changed) hold at most ``WORTH_IT`` of the documents?
    (New letters are not known before they are analysed; ``update`` counts them too.)"""
    current = set(keys)
    total = sum(row.pairs for row in state.letters)
    if not total:
        return False
    gone = sum(row.pairs for row in state.letters if row.key not in current)
    return gone <= WORTH_IT * total


def update(
    state: IndexState,
    keys: list[str],
    fetch: Fetch,
    out_dir: Path,
    limits: Limits,
    site: SiteFiles | None = None,
) -> BuildReport:
    """Rebuild the index in out_dir for the letters with these keys (see the module doc).

    Raises ``NotWorthIt`` when too much changed, ``StaleFiles`` when the files are not as
    the state says: the caller then builds from nothing (nothing has been written).
    """
    report = BuildReport(mode="incremental")
    letters, analyses = _diff(state, keys, fetch)
    changed_docs = sum(letters.old[i].pairs for i in letters.changed_old)
    changed_docs += sum(letters.new[i].pairs for i in letters.changed_new)
    if changed_docs > WORTH_IT * max(1, letters.new_starts[-1], letters.old_starts[-1]):
        raise NotWorthIt(f"{changed_docs} documents changed")
    output = _Output(out_dir, report, site, staged=True)
    rebuild = _Rebuild(state, letters, analyses, fetch, _Files(out_dir), output, limits)
    changed = rebuild.changed_terms()
    rebuild.gather_new()
    made: list[tuple[str, _Term | None]] = []
    for term in changed:
        i = bisect.bisect_left(state.table.terms, term)
        exists = i < len(state.table.terms) and state.table.terms[i] == term
        made.append((term, rebuild.term(term, i if exists else None)))
    rebuild.table(made)
    rebuild.postings()
    rebuild.dictionary()
    blocks, packs, tables = rebuild.documents()
    rows = letters.new
    filters = write_filters(rows, output)
    new_state = IndexState(
        version=state.version,
        letters=rows,
        empty=letters.empty,
        table=rebuild.new,
        range_start=rebuild.range_start,
        range_files=rebuild.range_files,
        blocks=blocks,
        packs=packs,
        tables=[name for _, name in tables],
        manifest="",
        files=state.files,
    )
    for name in new_state.names():
        output.adopt(name)
    manifest = manifest_bytes(
        rows,
        rebuild.new,
        rebuild.range_start,
        rebuild.range_files,
        tables,
        filters,
        numbering_of(rows),
    )
    output.finish(manifest)
    new_state.manifest = hashlib.sha256(manifest).hexdigest()
    report.letters = len(rows)
    report.pairs = letters.new_starts[-1]
    report.terms = len(rebuild.new.terms)
    report.state = new_state
    return report


__all__ = ["NotWorthIt", "update", "worth_it"]
