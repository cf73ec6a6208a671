"""Zones of a page: running text, the footnote area, and furniture to set aside.

Page footers, colophons and margin stamps are not part of the letter, and footnote bodies
at a page's foot interrupt the running text; both are told apart here by position against
the measured text column (and the short rule typesetters draw above footnotes), before any
text is rendered, so the later stages only ever see the letter's running text.
"""

from __future__ import annotations

from collections.abc import Iterable

from parsers.extract.pdf.footnotes import SMALL_PRINT_RATIO, note_number
from parsers.extract.pdf.glyphs import Doc, mode, percentile
from parsers.extract.pdf.lines import Seg

# Page bottom band holding the running footer and the colophon, as a fraction of height.
_FOOTER_BAND = 0.88


def classify(segs: list[Seg], doc: Doc, body_size: float) -> None:
    """Set each segment's kind: "body", "footnote", or "discard" with the reason.

    The text column (left edge: the most common start of body-size segments; right edge:
    their 90th percentile end) is measured over the whole letter, because a page with
    little text says little about its own column. Below the footer band is furniture;
    small text left of the column in the lower half is the colophon. The footnote zone
    starts below the short footnote rule, or, on a page without one, at the small-print
    block that opens with a footnote number.
    """
    body = [s for s in segs if s.kind == "body" and abs(s.size - body_size) < 0.05]
    left = mode([round(s.x0, 1) for s in body]) if body else 0.0
    right = percentile([s.x1 for s in body], 0.9) if body else 0.0
    measure = max(right - left, 1.0)
    for page_no, height in enumerate(doc.heights):
        page_segs = [s for s in segs if s.page == page_no and s.kind == "body"]
        band = _FOOTER_BAND * height
        for seg in page_segs:
            if seg.top >= band:
                in_margin = seg.x1 < left - 2
                seg.kind = "discard"
                seg.reason = "colophon" if in_margin else "page footer"
            elif seg.x1 < left - 2 and seg.top > height / 2 and seg.size < body_size:
                seg.kind, seg.reason = "discard", "colophon"
        note_top = _footnote_rule(doc.rules[page_no], left, measure, band)
        remaining = [s for s in page_segs if s.kind == "body"]
        if note_top is None:
            note_top = _small_print_block(remaining, body_size)
        if note_top is not None:
            for seg in remaining:
                if seg.top > note_top:
                    seg.kind = "footnote"


def _footnote_rule(
    rules: Iterable[tuple[float, float, float]], left: float, measure: float, band: float
) -> float | None:
    """The short rule that typesetters draw above footnotes: starts at the text column's
    left edge and is much shorter than the column (a full-width rule is masthead decor)."""
    ys = [
        y for x0, x1, y in rules if abs(x0 - left) < 3 and 10 < x1 - x0 < 0.4 * measure and y < band
    ]
    return max(ys) if ys else None


def _small_print_block(segs: list[Seg], body_size: float) -> float | None:
    """Fallback without a rule: the run of small-print lines at the page bottom, if its
    first line starts with a footnote number."""
    rows = sorted({s.row for s in segs})
    block: list[Seg] = []
    for row in reversed(rows):
        row_segs = [s for s in segs if s.row == row]
        if all(s.size < SMALL_PRINT_RATIO * body_size for s in row_segs):
            block = row_segs + block
        else:
            break
    while block:
        first = block[0]
        if note_number(first) is not None:
            return first.top - 0.5
        block = [s for s in block if s.row != first.row]
    return None
