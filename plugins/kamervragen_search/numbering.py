"""Document numbers in the posting files that a letter dated among the others does not move.

The documents (pairs) are in date order, oldest first: their place in that order (the
*position*, 0 .. pairs - 1) is what the document blocks, text packs and filters are cut by.
But a letter added with a date among the others moves the position of every document after
it, and the postings hold document numbers in every term: with positions there, one letter
filled in later changed the posting files of most terms (measured at 50,000 letters: 13,221
of 24,029 files written, 34.5 s).

So the postings hold another number, the document's **number**: its day times ``per_day``
plus its place among that day's documents. A letter added, edited or removed renumbers only
the documents after it *on its own day*; the other documents keep their numbers, and the
terms they hold keep their bytes. Numbers keep the date order (a later document has a
higher number), so lunr's order (newest first) is the same in numbers and positions. The
browser turns numbers into positions with ``days`` in the manifest (``manifest_numbers``).

``per_day`` is the smallest power of two (at least ``MIN_PER_DAY``) above the largest day's
documents; a day that outgrows it doubles it and every number changes (a rebuild then builds
from nothing). A day is the calendar day of the letter's date counted from ``EPOCH``; a date
before it, or one that cannot be read, takes the day after the previous date's (so that
numbers always rise with the date order).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence

EPOCH = dt.date(1945, 1, 1).toordinal()
MIN_PER_DAY = 256
NUMBER_BITS = 28  # postings.DOC_BITS


_DIGITS = re.compile(r"(\d+)")


def document_order(date: str | None, letter_id: str) -> tuple[str, tuple[str | int, ...], str]:
    """Letters in date order, a day's letters in the order of their ids read with their
    numbers as numbers (``ah-tk-20232024-999`` before ``-1076``: the order they were
    published in). A letter published later for an earlier day then mostly comes last on its
    day and moves no other letter's numbers; in the ids' character order it came before
    most of them (measured at 100,000 SYNTHETIC letters: all 11 others of its day moved, and
    their terms were merged again)."""
    parts = _DIGITS.split(letter_id)
    return (date or "", tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), letter_id)


def _day_of(date: str) -> int | None:
    try:
        return dt.date.fromisoformat(date[:10]).toordinal() - EPOCH
    except ValueError:
        return None


def day_numbers(dates: Sequence[str]) -> list[int]:
    """Each distinct date (given in ascending order) as a day number, strictly rising."""
    out: list[int] = []
    previous = -1
    for date in dates:
        day = _day_of(date)
        previous = day if day is not None and day > previous else previous + 1
        out.append(previous)
    return out


class Numbering:
    """Numbers and positions of the documents of letters in date order.

    ``letters`` is (date, pairs) per letter in document order (``state.order_key``):
    ``number_start[i]`` and ``position_start[i]`` are letter i's first document's number and
    position (its pairs take the ones after it).
    """

    def __init__(self, letters: Sequence[tuple[str | None, int]]) -> None:
        groups = [
            (date, sum(pairs for _, pairs in group))
            for date, group in itertools.groupby(letters, key=lambda x: x[0] or "")
        ]
        largest = max((pairs for _, pairs in groups), default=0)
        per_day = MIN_PER_DAY
        while per_day < largest:
            per_day *= 2
        self.per_day = per_day
        self.days = day_numbers([date for date, _ in groups])
        self.day_pairs = [pairs for _, pairs in groups]
        self.number_start: list[int] = []
        self.position_start: list[int] = []
        position = 0
        group = -1
        current: str | None = None
        number = 0
        for date, pairs in letters:
            if group < 0 or (date or "") != current:
                group += 1
                current = date or ""
                number = self.days[group] * per_day
            self.number_start.append(number)
            self.position_start.append(position)
            number += pairs
            position += pairs
        self.total = position
        if self.days and (self.days[-1] + 1) * per_day > 1 << NUMBER_BITS:
            raise ValueError(
                f"search: documents dated up to day {self.days[-1]} with {per_day} a day are"
                " more than the index numbers"
            )

    def manifest(self) -> dict[str, object]:
        """What the browser needs to turn numbers into positions, compactly (a real archive
        has pairs on most working days): ``days`` is the first day with pairs, then per day
        from it the number of pairs, a run of k days without any given as -k."""
        out: list[int] = []
        next_day = self.days[0] if self.days else 0
        for day, pairs in zip(self.days, self.day_pairs, strict=True):
            if day > next_day:
                out.append(next_day - day)
            out.append(pairs)
            next_day = day + 1
        return {"perDay": self.per_day, "days": [self.days[0] if self.days else 0, *out]}
