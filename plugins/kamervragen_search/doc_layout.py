"""Where the document files begin and end: blocks, text packs and their tables.

Documents are in date order, and a letter dated among the others moves the position of every
document after it. Cut every ``doc_block`` positions, every block, pack and table after such a
letter held other documents than before and was written again: at 100,000 letters about
7,000 files for one letter added in the middle. So the borders are where the letters say, as
the posting shards' are where the terms say (``layout``):

- a **block** ends after a letter whose hash is below its pairs / ``doc_block``
  (``layout.cut_after``), or once it holds ``MAX_FACTOR`` times that (in the middle of a letter
  if it must);
- a **pack** (the texts of its blocks) ends after a block whose last document's hash says so,
  ``pack_blocks`` blocks on average, ``MAX_FACTOR`` times that at most;
- a **table** (naming its packs and blocks with their document counts) ends after a pack the
  same way, ``doc_table`` blocks on average.

A letter added, edited or removed thus changes the block, pack and table it lies in (and
where a size cut follows, those up to the next hash cut), not the others; the manifest lists
the tables with their document counts, so positions are known without naming them anywhere
else. A function of (letter id, pairs) per letter only: a rebuild lays out old and new
documents again in milliseconds and keeps every pack laid out as before.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from kamervragen_search.layout import cut_after
from kamervragen_search.postings import MAX_FACTOR


@dataclass(frozen=True)
class DocumentLayout:
    """``blocks``: each block's first position, then the number of documents; ``packs``: each
    pack's first block, then the number of blocks; ``tables``: each table's first pack, then
    the number of packs."""

    blocks: array
    packs: array
    tables: array

    def block_spans(self, pack: int) -> list[tuple[int, int]]:
        """(first position, end) of each block of this pack."""
        blocks = self.blocks
        return [(blocks[b], blocks[b + 1]) for b in range(self.packs[pack], self.packs[pack + 1])]

    def pack_start(self, pack: int) -> int:
        return self.blocks[self.packs[pack]]


def _cuts(keys: list[str], average: int, salt: bytes) -> array:
    """Group consecutive items by their keys: starts of each group, then len(keys)."""
    cap = MAX_FACTOR * average
    starts = array("L", [0])
    size = 0
    for i, key in enumerate(keys):
        size += 1
        if size >= cap or cut_after(key, 1, average, salt):
            starts.append(i + 1)
            size = 0
    if size:
        starts.append(len(keys))
    return starts


def document_layout(
    letters: Iterable[tuple[str, int]], doc_block: int, pack_blocks: int, doc_table: int
) -> DocumentLayout:
    """The layout of the documents of these letters (id, pairs), in document order."""
    cap = MAX_FACTOR * doc_block
    blocks = array("L")
    ends: list[str] = []  # per block, its last document's identity
    size = 0
    position = 0
    for letter_id, pairs in letters:
        done = 0
        while pairs - done > cap - size:
            if not size:
                blocks.append(position)
            take = cap - size
            done += take
            position += take
            ends.append(f"{letter_id}\x00{done}")
            size = 0
        if pairs - done:
            if not size:
                blocks.append(position)
            size += pairs - done
            position += pairs - done
        if size and cut_after(letter_id, pairs, doc_block, b"b"):
            ends.append(f"{letter_id}\x00{pairs}")
            size = 0
        last = f"{letter_id}\x00{pairs}"
    if size:
        ends.append(last)
    blocks.append(position)
    packs = _cuts(ends, pack_blocks, b"k")
    pack_ends = [ends[packs[p + 1] - 1] for p in range(len(packs) - 1)]
    tables = _cuts(pack_ends, max(1, doc_table // pack_blocks), b"t")
    return DocumentLayout(blocks=blocks, packs=packs, tables=tables)


def counts(starts: array) -> list[int]:
    """Sizes of the groups whose starts (then the end) these are."""
    return [b - a for a, b in itertools.pairwise(starts)]
