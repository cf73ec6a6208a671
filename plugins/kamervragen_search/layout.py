"""Where the term-sorted files begin and end: posting shards and dictionary shards.

Both are functions of per-term numbers only, so that a rebuild can lay out a whole archive's
terms again in a few milliseconds and find which files are as they were:

- **posting shards**: terms' posting fragments in term order; a shard ends after a term
  whose hash (with the fragment's size) is below size/average (``cut_after``), and before a
  term that would take it past ``MAX_FACTOR`` times the average; a split term's pieces are
  shards of their own. A term's *kind* says which: ``PLAIN``, ``CUT`` (a shard ends after
  it), ``SPLIT``.
- **dictionary shards**: consecutive term ranges; a range ends after a term whose hash is
  below its size/average, or once it holds ``MAX_FACTOR`` times the average.

``PostingScan`` lays shards out one term at a time (a full build streams its terms through
it); ``posting_layout`` and ``dictionary_layout`` lay out every term at once from arrays (a
rebuild); they give the same borders (tested).
"""

from __future__ import annotations

import bisect
import itertools
import re
import zlib
from array import array
from collections.abc import Callable, Sequence

from kamervragen_search.postings import MAX_FACTOR

PLAIN, CUT, SPLIT = 0, 1, 2
_NOT_PLAIN = re.compile(b"[\x01\x02]")
DICTIONARY_STEP = 12  # bytes a term costs in a dictionary shard besides its own


def cut_after(term: str, size: int, average: int, salt: bytes) -> bool:
    """True with probability size/average, decided by the term alone (a hash of it)."""
    return zlib.crc32(salt + term.encode("utf-8")) < (size << 32) // average


def posting_kind(term: str, length: int, average: int) -> int:
    """PLAIN or CUT for a term whose posting fragment has this length."""
    return CUT if cut_after(term, length + 1, average, b"p") else PLAIN


def dictionary_step(term: str) -> int:
    return len(term.encode("utf-8")) + DICTIONARY_STEP


def dictionary_cut(term: str, average: int) -> bool:
    return cut_after(term, dictionary_step(term), average, b"w")


class PostingScan:
    """Posting shards of terms given in order (``add``, ``add_split``), written by ``put``.

    Records per term the shard it went to (``shard_of``: an index into ``names``) and where
    its fragment starts in it (``offset``).
    """

    def __init__(self, average: int, put: Callable[[bytes], str]) -> None:
        self.average = average
        self.cap = MAX_FACTOR * average
        self.put = put
        self.names: list[str] = []
        self.shard_of = array("L")
        self.offset = array("L")
        self._current: list[bytes] = []
        self._size = 0

    def add(self, term: str, posting: bytes) -> int:
        """Add a term's fragment; returns its kind (PLAIN or CUT)."""
        if self._size and self._size + len(posting) > self.cap:
            self.close()
        self.shard_of.append(len(self.names))
        self.offset.append(1 + self._size)
        self._current.append(posting)
        self._size += len(posting) + 1
        kind = posting_kind(term, len(posting), self.average)
        if kind == CUT:
            self.close()
        return kind

    def add_split(self) -> None:
        """A split term: the open shard ends; the term's pieces are files of their own."""
        self.close()
        self.shard_of.append(len(self.names))
        self.offset.append(0)

    def close(self) -> None:
        if self._current:
            self.names.append(self.put(b"[" + b",".join(self._current) + b"]"))
            self._current.clear()
            self._size = 0


def posting_layout(kinds: bytearray, lengths: Sequence[int], average: int) -> list[tuple[int, int]]:
    """The posting shards of all terms: (first term, end) each, in term order.

    A split term gives one entry (term, term + 1) standing for all its pieces. The same
    borders as ``PostingScan`` (a shard also ends before a term that would take it past
    ``MAX_FACTOR * average``: with P the running sum of fragment lengths + 1, before the first
    term m > start with P[m + 1] - 1 - P[start] > cap).
    """
    cap = MAX_FACTOR * average
    total = len(kinds)
    prefix = array("Q", itertools.accumulate(itertools.chain((0,), (n + 1 for n in lengths))))
    out: list[tuple[int, int]] = []
    start = 0
    while start < total:
        found = _NOT_PLAIN.search(kinds, start)
        if found is None:
            end = total
        elif kinds[found.start()] == SPLIT:
            end = found.start()  # plain terms up to the split term
        else:
            end = found.start() + 1  # up to and with the CUT term
        a = start
        while a < end:
            limit = prefix[a] + cap + 1
            m = bisect.bisect_right(prefix, limit, a + 2, end + 1) - 1
            # m: first term (> a) that does not fit, or end when all fit.
            b = m if m < end else end
            out.append((a, b))
            a = b
        if end < total and kinds[end] == SPLIT:
            out.append((end, end + 1))
            end += 1
        start = end
    return out


def dictionary_layout(cuts: bytearray, steps: Sequence[int], average: int) -> list[tuple[int, int]]:
    """The dictionary ranges of all terms: (start, end) each.

    A range ends after the first term whose hash cuts (``cuts``) or once its steps add up to
    ``MAX_FACTOR * average``.
    """
    cap = MAX_FACTOR * average
    total = len(cuts)
    prefix = array("Q", itertools.accumulate(itertools.chain((0,), steps)))
    out: list[tuple[int, int]] = []
    start = 0
    while start < total:
        hashed = cuts.find(1, start)
        hashed = total - 1 if hashed < 0 else hashed
        full = bisect.bisect_left(prefix, prefix[start] + cap, start + 1, total + 1) - 1
        end = min(hashed, full, total - 1) + 1
        out.append((start, end))
        start = end
    return out


def dictionary_scan(terms: Sequence[str], average: int) -> list[tuple[int, int]]:
    """The dictionary ranges, term by term (the reference ``dictionary_layout`` must equal)."""
    ranges = []
    start = 0
    while start < len(terms):
        size = 0
        end = start
        while end < len(terms):
            step = dictionary_step(terms[end])
            size += step
            end += 1
            if size >= MAX_FACTOR * average or cut_after(terms[end - 1], step, average, b"w"):
                break
        ranges.append((start, end))
        start = end
    return ranges
