"""Body lines and paragraph breaks: the running text as the text stages expect it.

Print shows a paragraph break by white space, not by a character; the text stages need a
blank line there (a question's end, a list item's start). So the break is read from the
layout: a larger vertical step than the line pitch, or a line that stops short after a
sentence although the next line's first word would have fitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.extract.pdf.glyphs import BY_X0, Char, mode
from parsers.extract.pdf.lines import Seg
from parsers.extract.pdf.render import CID, WORD_GAP_RATIO

# Vertical gap (top to top) above this many line pitches is a blank line in print.
_PARAGRAPH_PITCH_RATIO = 1.4
_TERMINAL = tuple(".:?!»")
_MARKER_TAIL = re.compile(r"(\[\^\d+\])+$")
_BULLETS = ("•", "\u25aa", "\u25cf", "\u2013 ", "- ")


@dataclass
class _BodyLine:
    """A running-text row with the geometry the paragraph rules compare."""

    text: str
    page: int
    top: float
    x0: float
    x1: float
    size: float
    first_word_width: float


def body_lines(segs: list[Seg], body_size: float) -> tuple[list[str], list[int]]:
    """The running text, one printed row a line with "" at paragraph breaks, and the
    footnote numbers of its markers in reading order (for check_markers)."""
    rows: dict[tuple[int, int], list[Seg]] = {}
    for seg in segs:
        rows.setdefault((seg.page, seg.row), []).append(seg)
    lines: list[_BodyLine] = []
    markers: list[int] = []
    for (page, _row), row_segs in sorted(rows.items()):
        row_segs.sort(key=BY_X0)
        texts = []
        for seg in row_segs:
            text, numbers = seg.render(markers=True)
            texts.append(text)
            markers.extend(numbers)
        text = " ".join(t for t in texts if t)
        text = _bullet(text, row_segs[0])
        main = max(row_segs, key=lambda s: len(s.chars))
        lines.append(
            _BodyLine(
                text=text,
                page=page,
                top=min(s.top for s in row_segs),
                x0=row_segs[0].x0,
                x1=row_segs[-1].x1,
                size=main.size,
                first_word_width=_first_word_width(row_segs[0]),
            )
        )
    return _paragraphs(lines, body_size), markers


def _bullet(text: str, seg: Seg) -> str:
    """An unmapped glyph opening a line, followed by a gap, is the list bullet."""
    if text.startswith("\ufffd"):
        first = min(seg.chars, key=BY_X0)
        if CID.match(first.text):
            return "•" + text[1:]
    return text


def _first_word_width(seg: Seg) -> float:
    """Width of a line's first word: would it have fitted at the end of the line before?"""
    chars = sorted(seg.chars, key=BY_X0)
    start = chars[0].x0
    end = start
    prev: Char | None = None
    for ch in chars:
        if ch.text.isspace():
            break
        if prev is not None and ch.x0 - prev.x1 > WORD_GAP_RATIO * ch.size:
            break
        end = ch.x1
        prev = ch
    return end - start


def _paragraphs(lines: list[_BodyLine], body_size: float) -> list[str]:
    """Insert "" between lines where the layout shows a paragraph break.

    Two signals: a vertical gap clearly larger than the normal line pitch, and a line
    that stops short although the next line's first word would have fitted, ending in
    terminal punctuation, before a line that starts with a capital or a bullet. A bullet
    item always starts a paragraph, and so does a line back at the margin after an
    indented bullet continuation.
    """
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.05]
    pitch = _line_pitch(body) or body_size * 1.12
    left = mode([round(ln.x0, 1) for ln in body]) if body else 0.0
    right = max((ln.x1 for ln in body), default=0.0)
    space = 0.28 * body_size
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and _is_break(lines[i - 1], line, pitch, left, right, space):
            out.append("")
        elif (
            i
            and i + 1 < len(lines)
            and _is_page_top_heading(lines[i - 1], line, lines[i + 1], right)
        ):
            out.append("")
        out.append(line.text)
    return out


def _is_page_top_heading(prev: _BodyLine, line: _BodyLine, nxt: _BodyLine, right: float) -> bool:
    """A page's first line that is a line on its own ("Vraag 5") after a finished sentence.

    The blank line before it falls on the page break and is not printed, so the vertical
    gap signal is missing; a line this short after a sentence end starts a new block.
    """
    if prev.page == line.page or nxt.page != line.page or not line.text:
        return False
    if not _ends_sentence(prev.text) or not line.text[0].isupper():
        return False
    return line.x1 + 0.28 * line.size + nxt.first_word_width < right - 1


def _ends_sentence(text: str) -> bool:
    """Ends in terminal punctuation, also before closing quotes or trailing markers."""
    bare = _MARKER_TAIL.sub("", text).rstrip("’”)\"'")
    return bare.endswith(_TERMINAL) or text.endswith(_TERMINAL)


def _is_break(
    prev: _BodyLine, line: _BodyLine, pitch: float, left: float, right: float, space: float
) -> bool:
    """Whether the layout shows a paragraph break before `line` (see _paragraphs)."""
    if not line.text:
        return False
    if prev.page == line.page and line.top - prev.top > _PARAGRAPH_PITCH_RATIO * pitch:
        return True
    if line.text.startswith(_BULLETS):
        return True
    if prev.x0 > left + 3 and abs(line.x0 - left) < 1.5 and prev.size == line.size:
        if prev.page == line.page or prev.text.endswith(_TERMINAL):
            return True  # back at the margin after an indented bullet continuation
    if not _ends_sentence(prev.text):
        return False
    first = line.text[0]
    if not (first.isupper() or first in "•«(" or first.isdigit()):
        return False
    return prev.x1 + space + line.first_word_width < right - 1


def _line_pitch(lines: list[_BodyLine]) -> float | None:
    """The normal distance between consecutive lines on a page (the most common step)."""
    steps = [
        round(b.top - a.top, 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and b.top > a.top
    ]
    return mode(steps) if steps else None
