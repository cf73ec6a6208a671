"""A segment's glyphs to text: word spaces, accents put back, superscript digits as [^N].

Plain text extraction loses which digits are superscript footnote markers; here they are
told by size and raise against the segment's own body size and baseline, so a marker
glued to a word ("kosten3") still comes out as "kosten[^3]" and a number in the text does
not.
"""

from __future__ import annotations

import re
import unicodedata

from parsers.extract.pdf.glyphs import BY_X, Char, median, size_mode

# Superscripts are ~0.64x (markers 5.5 in 8.5 body, numbers 4.5 in 6.9 notes); anything up
# to 0.8x counts, so a slightly larger superscript still does but normal text never does.
SUPERSCRIPT_RATIO = 0.8
# A superscript's bottom sits well above the line's baseline (about 0.45x the body size
# here); 0.15x keeps subscripts and mere rounding noise out.
_RAISE_RATIO = 0.15
# A gap between glyphs wider than this fraction of the font size is a word space (a real
# space is ~0.28x in Univers; kerning gaps are ~0).
WORD_GAP_RATIO = 0.15
# Spacing accents that some PDFs place over a letter as a separate glyph.
_SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # ´ acute
    "\u02ca": "\u0301",
    "`": "\u0300",  # grave
    "\u02cb": "\u0300",
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u02c7": "\u030c",  # ˇ caron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02da": "\u030a",  # ˚ ring
    "\u02dd": "\u030b",  # ˝ double acute
    "\u00af": "\u0304",  # ¯ macron
    "\u02d9": "\u0307",  # ˙ dot above
    "\u02db": "\u0328",  # ˛ ogonek
}
CID = re.compile(r"^\(cid:(\d+)\)$")


def _is_marker_char(ch: Char, size: float, baseline: float) -> bool:
    """Small and raised against the segment's main text: a footnote marker's glyph."""
    return (
        ch.size <= SUPERSCRIPT_RATIO * size
        and ch.bottom < baseline - _RAISE_RATIO * size
        and not ch.text.isspace()
    )


def compose_accents(chars: list[Char]) -> list[Char]:
    """Put separately drawn accents back on their letter (c + ´ -> ć).

    The accent glyph sits over the letter, so the letter is found by horizontal position,
    not by text order (text order may put it after a space: "Kostic ´").
    """
    unknown = {c.text for c in chars} - _NOT_ACCENTS
    if not unknown or not _any_accent(unknown):
        return chars
    accents = [c for c in chars if _is_accent(c.text)]
    out = [c for c in chars if c not in accents]
    for acc in accents:
        centre = (acc.x0 + acc.x1) / 2
        letters = [c for c in out if c.text.isalpha() and c.x0 - 1 <= centre <= c.x1 + 1]
        if not letters:
            out.append(acc)  # a free-standing accent is just a character
            continue
        base = min(letters, key=lambda c: abs((c.x0 + c.x1) / 2 - centre))
        mark = _SPACING_ACCENTS.get(acc.text, acc.text)
        base.text = unicodedata.normalize("NFC", base.text + mark)
    out.sort(key=BY_X)
    return out


_ACCENTS: dict[str, bool] = {}
# Glyph texts known not to be accents: almost every segment has none, and a set difference
# over its distinct texts settles that without a Python call per glyph.
_NOT_ACCENTS: set[str] = set()


def _any_accent(texts: set[str]) -> bool:
    """Whether any of these texts is an accent; the ones that are not are remembered."""
    found = False
    for text in texts:
        if _is_accent(text):
            found = True
        else:
            _NOT_ACCENTS.add(text)
    return found


def _is_accent(text: str) -> bool:
    """Memoised: asked once per glyph of every segment, of a few dozen distinct texts."""
    known = _ACCENTS.get(text)
    if known is None:
        known = _ACCENTS[text] = text in _SPACING_ACCENTS or _is_combining(text)
    return known


def _is_combining(text: str) -> bool:
    """A combining mark drawn as a glyph of its own (PDFs that place accents separately)."""
    return len(text) == 1 and unicodedata.combining(text) > 0


def render(chars: list[Char], markers: bool) -> tuple[str, list[int]]:
    """Glyphs of one segment to text; with markers=True superscript digits become [^N].

    Separators between adjacent superscript numbers ("2, 3") are dropped, giving
    "[^2][^3]"; a superscript that is not a number stays as text.
    """
    return render_in_order(sorted(chars, key=BY_X), markers)


def render_in_order(
    chars: list[Char], markers: bool, size: float | None = None, baseline: float | None = None
) -> tuple[str, list[int]]:
    """render() for glyphs already in x order (a segment's, see Seg.render).

    `size` and `baseline` are the glyphs' own measurements when the caller has them
    (Seg.measure takes the same ones); they are used only while putting accents back
    changed nothing, since that drops the accent glyphs. Every segment is measured anyway,
    and measuring again here was a quarter of the rendering time.
    """
    composed = compose_accents(chars)
    if composed is not chars or size is None or baseline is None:
        inked = [c for c in composed if not c.text.isspace()]
        if not inked:
            return "", []
        size = size_mode(inked)
        baseline = median([c.bottom for c in inked if abs(c.size - size) < 0.05])
    chars = composed
    out: list[str] = []
    numbers: list[int] = []
    pending_space = False
    prev: Char | None = None
    prev_size = prev_x1 = 0.0  # of prev, in locals: read for every glyph
    count = len(chars)
    skip_to = 0  # past a marker run taken as a whole
    for i, ch in enumerate(chars):
        if i < skip_to:
            continue
        text = ch.text
        if text.isspace():
            pending_space = True
            continue
        if prev is not None:
            size_now = ch.size
            smaller = prev_size if prev_size < size_now else size_now  # min(), inlined
            if ch.x0 - prev_x1 > WORD_GAP_RATIO * smaller:
                pending_space = True
        if markers and text.isdigit() and _is_marker_char(ch, size, baseline):
            run: list[Char] = []
            j = i
            while j < count and (
                chars[j].text.isspace() or _is_marker_char(chars[j], size, baseline)
            ):
                run.append(chars[j])
                j += 1
            while run and not run[-1].text.isdigit():  # a trailing separator is not ours
                run.pop()
                j -= 1
            group = marker_numbers(run)
            if group:
                if pending_space and out:
                    out.append(" ")
                pending_space = False
                out.extend(f"[^{n}]" for n in group)
                numbers.extend(group)
                prev = run[-1]
                prev_size, prev_x1 = prev.size, prev.x1
                skip_to = j
                continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append("\ufffd" if text.startswith("(cid:") and CID.match(text) else text)
        prev = ch
        prev_size, prev_x1 = ch.size, ch.x1
    return "".join(out).strip(), numbers


def marker_numbers(run: list[Char]) -> list[int]:
    """Split a superscript run like "2, 3" or "2,3" into its numbers."""
    text = "".join(" " if c.text.isspace() else c.text for c in run)
    if not re.fullmatch(r"\d+(\s*[,;–\-]\s*\d+)*\s*", text):
        return []
    return [int(n) for n in re.findall(r"\d+", text)]
