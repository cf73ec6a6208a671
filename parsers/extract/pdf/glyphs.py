"""The glyph record every stage of the PDF extractor works on, and the statistics over glyphs.

Both readers (pdfium.py, and pdfplumber in reader.py) hand the analysis the same records in
the same page coordinates, so every later decision (lines, zones, markers) is made on one
kind of input whichever reader produced it. The statistics are here because geometry is
learned from the document itself (body font size, text column, line pitch): the same few
measurements are taken by lines, zones and paragraphs alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

# Ligature glyphs as their letters: "ﬁnanciën" must be found by a search for "financiën".
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Sort keys, as C-level getters: glyphs are sorted tens of thousands of times a letter, and
# a lambda building the same tuple costs a Python call per glyph.
BY_TOP = attrgetter("top", "x0")
BY_X = attrgetter("x0", "top")
BY_X0 = attrgetter("x0")
SIZE = attrgetter("size")
TOP = attrgetter("top")
BOTTOM = attrgetter("bottom")
X1 = attrgetter("x1")
_COUNT = itemgetter(1)


@dataclass(eq=False, slots=True)  # identity: two overprinted glyphs are still two
class Char:
    """One drawn glyph: its text and its box on the page (x to the right, y downwards).

    `size` is the box's height, which is what the font size looks like on the page (after
    the text matrix); every ratio in the extractor compares these sizes.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upright: bool = True


# A horizontal rule as (x0, x1, top), in the same top-down page coordinates as the glyphs.
Rule = tuple[float, float, float]


@dataclass
class Page:
    """One page as a backend reports it: the only input the analysis below looks at.

    Coordinates follow pdfminer's convention (origin at the media box's top-left, y
    growing downwards; a glyph's box is its advance width by its font size, standing on
    the font's descent), so both backends feed the same numbers into the same decisions.
    """

    chars: list[Char]
    height: float
    rules: list[Rule]


@dataclass
class Doc:
    """The whole letter as the analysis sees it: glyphs, page heights and rules per page,
    and the warnings collected on the way (they end up in the parsed letter)."""

    pages: list[list[Char]]
    heights: list[float]
    rules: list[list[Rule]]  # (x0, x1, y) of horizontal rules
    warnings: list[str] = field(default_factory=list)


def body_font_size(doc: Doc) -> float:
    """The letter's body text size: the most common size over all inked glyphs, since the
    running text outweighs mastheads, footnotes and footers in every letter."""
    inked = (c.size for chars in doc.pages for c in chars if not c.text.isspace())
    return mode_of_sizes(Counter(inked))


# --- small statistics helpers ---------------------------------------------------------------


def median(values: list[float]) -> float:
    """The middle value (0.0 for none): a line's baseline, robust against raised markers."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def size_mode(chars: list[Char]) -> float:
    """The most common font size, rounded to 0.01 (ties: the first seen).

    Same answer as counting rounded sizes glyph by glyph, but a page has only a handful of
    distinct sizes, so rounding them after counting saves ~10^5 round() calls a letter.
    Merging in first-seen order keeps most_common's tie-break (first inserted wins), and so
    does max() over the merged counts, which is what most_common(1) does underneath; a
    segment usually has a single size, which needs no counting at all.
    """
    return mode_of_sizes(Counter(map(SIZE, chars)))


def mode_of_sizes(sizes: Counter[float]) -> float:
    """size_mode from the glyphs' sizes already counted (in the glyphs' order)."""
    if len(sizes) == 1:
        return round(next(iter(sizes)), 2)
    rounded: dict[float, int] = {}
    for size, n in sizes.items():
        key = round(size, 2)
        rounded[key] = rounded.get(key, 0) + n
    return max(rounded.items(), key=_COUNT)[0]


def mode(values: list[float]) -> float:
    """The most common value (ties: the first seen): the text column's left edge, the line
    pitch; indented and short lines are many kinds, the normal one is the most frequent."""
    return Counter(values).most_common(1)[0][0]


def percentile(values: list[float], q: float) -> float:
    """The q-th value in sorted order (no interpolation): the column's right edge, without
    the few lines that run into the margin."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
