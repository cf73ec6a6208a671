"""Glyphs -> visual lines -> segments: the geometry step of the PDF extractor.

A PDF has no lines, only glyphs at positions. Lines are found by vertical overlap and split
where a wide horizontal gap shows two unrelated blocks sharing a baseline (masthead column
and main column, colophon and footer); each piece (a segment) is then measured once, so the
zone and paragraph steps compare numbers instead of re-reading glyphs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from parsers.extract.pdf.glyphs import (
    BOTTOM,
    BY_TOP,
    BY_X,
    BY_X0,
    SIZE,
    TOP,
    X1,
    Char,
    median,
    mode_of_sizes,
)
from parsers.extract.pdf.render import render_in_order

# Characters this much larger than body text are the masthead's giant page number.
_GIANT_RATIO = 3.0
# A horizontal gap wider than this many font sizes separates unrelated blocks sharing a
# baseline (masthead column vs. main column, colophon vs. footer, footer vs. page number).
_SEGMENT_GAP_RATIO = 4.0


@dataclass(eq=False)
class Seg:
    """A run of glyphs on one visual line, not interrupted by a wide horizontal gap."""

    chars: list[Char]
    page: int
    row: int  # index of the visual line (vertical cluster) on its page
    kind: str = "body"
    reason: str = ""
    size: float = 0.0
    baseline: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    def measure(self) -> None:
        """Size, baseline and box of the segment's main text, taken once after grouping.

        Measured on the glyphs of the most common size only, so a raised marker or a
        larger initial does not move the baseline or the line's top that zones and
        paragraphs compare.
        """
        inked = [c for c in self.chars if not c.text.isspace()] or self.chars
        sizes = Counter(map(SIZE, inked))
        self.size = size = mode_of_sizes(sizes)
        if len(sizes) == 1:  # most segments: the test below holds for all glyphs or none
            main = inked if abs(next(iter(sizes)) - size) < 0.05 else []
        else:
            main = [c for c in inked if abs(c.size - size) < 0.05]
        bottoms = list(map(BOTTOM, main))
        self.baseline = median(bottoms)
        self.top = min(map(TOP, main))
        self.bottom = max(bottoms)
        self.x0 = min(map(BY_X0, inked))
        self.x1 = max(map(X1, inked))

    def render(self, markers: bool) -> tuple[str, list[int]]:
        """The segment's text (render.render): its glyphs are in x order and measured."""
        return render_in_order(self.chars, markers, self.size, self.baseline)

    def plain(self) -> str:
        """The segment's text without marker detection: for furniture set aside."""
        return self.render(markers=False)[0]


def segments(chars: list[Char], page: int, body_size: float) -> list[Seg]:
    """Group glyphs into visual lines by vertical overlap, then split on wide gaps.

    Overlap is measured against the line's largest glyphs, so a raised superscript joins
    the line it belongs to (it overlaps that line by ~80% and the line above by 0%).
    Giant glyphs (the masthead page number) are kept out of clustering: their box spans
    several masthead lines.
    """
    giant = _GIANT_RATIO * body_size
    giants = [c for c in chars if c.size >= giant and not c.text.isspace()]
    rest = [c for c in chars if c not in giants] if giants else chars
    rows: list[tuple[list[float], list[Char]]] = []  # ([top, bottom, size], chars)
    # The newest line and its anchor's top, bottom and height, kept in locals: almost
    # every glyph joins that line, and it is tested against it first.
    last: tuple[list[float], list[Char]] | None = None
    b0 = b1 = last_height = 0.0
    for ch in sorted(rest, key=BY_TOP):
        best, best_ratio = None, 0.0
        a0, a1 = ch.top, ch.bottom
        height = a1 - a0
        if last is not None:
            # the overlap ratio of the two spans, inlined: it runs for every glyph
            overlap = (a1 if a1 < b1 else b1) - (a0 if a0 > b0 else b0)
            shortest = height if height < last_height else last_height
            if shortest <= 0:
                ratio = 1.0 if overlap >= 0 else 0.0
            else:
                ratio = (overlap if overlap > 0.0 else 0.0) / shortest
            if ratio >= 0.99:
                best, best_ratio = last, ratio
        for row in reversed(rows[-6:]) if best is None else ():  # newest first
            r0, r1 = row[0][0], row[0][1]
            overlap = (a1 if a1 < r1 else r1) - (a0 if a0 > r0 else r0)
            shortest = height if height < r1 - r0 else r1 - r0
            if shortest <= 0:
                ratio = 1.0 if overlap >= 0 else 0.0
            else:
                ratio = (overlap if overlap > 0.0 else 0.0) / shortest
            if ratio > best_ratio:
                best, best_ratio = row, ratio
                if ratio >= 0.99:
                    break
        if ch.text.isspace():  # spaces only help word splitting; they never start a line
            if best is not None and best_ratio >= 0.5:
                best[1].append(ch)
            continue
        if best is not None and best_ratio >= 0.5:
            best[1].append(ch)
            if ch.size > best[0][2] + 0.05:
                best[0][:] = [a0, a1, ch.size]
                if best is last:
                    b0, b1, last_height = a0, a1, a1 - a0
        else:
            last = ([a0, a1, ch.size], [ch])
            rows.append(last)
            b0, b1, last_height = a0, a1, a1 - a0
    rows.sort(key=lambda r: r[0][0])

    segs: list[Seg] = []
    for index, (anchor, row_chars) in enumerate(rows):
        row_chars.sort(key=BY_X)
        start = 0  # of the current segment in row_chars
        last_x1 = None
        gap_limit = _SEGMENT_GAP_RATIO * anchor[2]
        for k, ch in enumerate(row_chars):
            if k > start and last_x1 is not None and ch.x0 - last_x1 > gap_limit:
                segs.append(Seg(row_chars[start:k], page, index))
                start = k
            if (last_x1 is None or ch.x1 > last_x1) and not ch.text.isspace():
                last_x1 = ch.x1
        if start < len(row_chars):
            segs.append(Seg(row_chars[start:], page, index))
    for ch in giants:
        reason = "masthead page number" if ch.text.isdigit() else "oversized glyph"
        segs.append(Seg([ch], page, -1, kind="discard", reason=reason))
    segs = [s for s in segs if any(not c.text.isspace() for c in s.chars)]
    for seg in segs:
        seg.measure()
    segs.sort(key=lambda s: (s.row < 0, s.row, s.x0))
    return segs
