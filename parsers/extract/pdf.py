"""Layout-aware extraction of Aanhangsel PDFs.

Plain text extraction (pdftotext, PyPDF2) loses exactly the information the later stages
need most: which digits are superscript footnote markers, which small lines at the page
bottom are footnote bodies, and which lines are page furniture. All of that is visible in
the layout (font size, baseline, position on the page), so this extractor decides it here,
from pdfplumber's per-character boxes, and hands the text stages clean running text.

Geometry is learned from the document itself (body font size, text column edges, line
pitch) rather than hard-coded, so a slightly different typesetting still works; the few
fixed ratios below are relative to those measurements.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.model import Discarded, Extracted, ParseError

# Superscripts are ~0.64x (markers 5.5 in 8.5 body, numbers 4.5 in 6.9 notes); anything up
# to 0.8x counts, so a slightly larger superscript still does but normal text never does.
_SUPERSCRIPT_RATIO = 0.8
# A superscript's bottom sits well above the line's baseline (about 0.45x the body size
# here); 0.15x keeps subscripts and mere rounding noise out.
_RAISE_RATIO = 0.15
# Footnote text is ~0.81x the body size; below 0.9x a line is "small print".
_SMALL_PRINT_RATIO = 0.9
# Characters this much larger than body text are the masthead's giant page number.
_GIANT_RATIO = 3.0
# A horizontal gap wider than this many font sizes separates unrelated blocks sharing a
# baseline (masthead column vs. main column, colophon vs. footer, footer vs. page number).
_SEGMENT_GAP_RATIO = 4.0
# A gap between glyphs wider than this fraction of the font size is a word space (a real
# space is ~0.28x in Univers; kerning gaps are ~0).
_WORD_GAP_RATIO = 0.15
# Vertical gap (top to top) above this many line pitches is a blank line in print.
_PARAGRAPH_PITCH_RATIO = 1.4
# Page bottom band holding the running footer and the colophon, as a fraction of height.
_FOOTER_BAND = 0.88

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
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
_CID = re.compile(r"^\(cid:(\d+)\)$")
_TERMINAL = tuple(".:?!»")
_MARKER_TAIL = re.compile(r"(\[\^\d+\])+$")
_BULLETS = ("•", "\u25aa", "\u25cf", "\u2013 ", "- ")
_URLISH = re.compile(r"(https?://|www\.)\S*$", re.IGNORECASE)
_URL_CONTINUATION = re.compile(r"^[\w/\-.?=&%#~+:;,@!$*'()]+")
# Sort keys, as C-level getters: glyphs are sorted tens of thousands of times a letter, and
# a lambda building the same tuple costs a Python call per glyph.
_BY_TOP = attrgetter("top", "x0")
_BY_X = attrgetter("x0", "top")
_BY_X0 = attrgetter("x0")
_SIZE = attrgetter("size")
_TOP = attrgetter("top")
_BOTTOM = attrgetter("bottom")
_X1 = attrgetter("x1")
_COUNT = itemgetter(1)


@dataclass(eq=False, slots=True)  # identity: two overprinted glyphs are still two
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upright: bool = True


@dataclass(eq=False)
class _Seg:
    """A run of glyphs on one visual line, not interrupted by a wide horizontal gap."""

    chars: list[_Char]
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
        inked = [c for c in self.chars if not c.text.isspace()] or self.chars
        self.size = size = _size_mode(inked)
        main = [c for c in inked if abs(c.size - size) < 0.05]
        bottoms = list(map(_BOTTOM, main))
        self.baseline = _median(bottoms)
        self.top = min(map(_TOP, main))
        self.bottom = max(bottoms)
        self.x0 = min(map(_BY_X0, inked))
        self.x1 = max(map(_X1, inked))

    def plain(self) -> str:
        return _render(self.chars, markers=False)[0]


@dataclass
class _BodyLine:
    text: str
    page: int
    top: float
    x0: float
    x1: float
    size: float
    first_word_width: float


@dataclass
class _Doc:
    pages: list[list[_Char]]
    heights: list[float]
    rules: list[list[tuple[float, float, float]]]  # (x0, x1, y) of horizontal rules
    warnings: list[str] = field(default_factory=list)


def extract_pdf(data: bytes, source: str, backend: str = "pdfium") -> Extracted:
    """Extract running text, inline footnote markers, footnote bodies and furniture.

    `backend` picks the PDF reader: "pdfium" (default, fast) or "pdfplumber" (the
    reference); both hand the analysis the same glyph records.
    """
    doc = _load(data, backend)
    body_size = _body_size(doc)
    segs: list[_Seg] = []
    discarded: list[Discarded] = []
    for page_no, chars in enumerate(doc.pages):
        segs.extend(_segments([c for c in chars if c.upright], page_no, body_size))
        rotated = "".join(c.text for c in chars if not c.upright).strip()
        if rotated:  # margin stamps and the like: not part of the reading order
            discarded.append(Discarded(rotated, "rotated text"))
            doc.warnings.append(f"page {page_no + 1}: rotated text set aside: {rotated[:60]!r}")

    _classify(segs, doc, body_size)
    for seg in segs:
        if seg.kind == "discard":
            discarded.append(Discarded(seg.plain(), seg.reason))

    footnotes, note_discards = _footnotes([s for s in segs if s.kind == "footnote"], doc)
    discarded.extend(note_discards)
    lines, markers = _body_lines([s for s in segs if s.kind == "body"], body_size)
    _check_markers(markers, footnotes, doc.warnings)
    unmapped = sum(t.count("\ufffd") for t in [*lines, *footnotes.values()])
    if unmapped:
        doc.warnings.append(f"{unmapped} glyph(s) without a Unicode mapping shown as U+FFFD")
    return Extracted(
        source=source,
        format="pdf",
        lines=lines,
        footnotes=footnotes,
        discarded=discarded,
        layout=True,
        warnings=doc.warnings,
    )


# --- loading ---------------------------------------------------------------------------------

# A horizontal rule as (x0, x1, top), in the same top-down page coordinates as the glyphs.
_Rule = tuple[float, float, float]


@dataclass
class _Page:
    """One page as a backend reports it: the only input the analysis below looks at.

    Coordinates follow pdfminer's convention (origin at the media box's top-left, y
    growing downwards; a glyph's box is its advance width by its font size, standing on
    the font's descent), so both backends feed the same numbers into the same decisions.
    """

    chars: list[_Char]
    height: float
    rules: list[_Rule]


def _load(data: bytes, backend: str = "pdfium") -> _Doc:
    """Read every page's glyphs, turning any reader failure into a ParseError.

    Both readers recover silently from a lot of damage (they rebuild a missing xref by
    scanning), so a truncated file is caught up front by its missing end marker rather
    than by waiting for an exception that may never come.
    """
    if not data:
        raise ParseError("empty input (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise ParseError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise ParseError("truncated or corrupt PDF (no %%EOF end marker)")
    reader = _read_pdfplumber if backend == "pdfplumber" else _read_pdfium
    pages, warnings = reader(data)
    if not pages:
        raise ParseError("PDF has no pages")
    blank = [
        f"page {number} has no text layer"
        for number, page in enumerate(pages, start=1)
        if not any(not c.text.isspace() for c in page.chars)
    ]
    warnings = blank + warnings
    if not any(not c.text.isspace() for page in pages for c in page.chars):
        raise ParseError("PDF has no text layer (scanned?)")
    return _Doc(
        pages=[p.chars for p in pages],
        heights=[p.height for p in pages],
        rules=[p.rules for p in pages],
        warnings=warnings,
    )


# pdfium's text page marks a hyphen it takes for a line-end break with these code points.
_PDFIUM_HYPHENS = {"\x02": "-", "\ufffe": "-"}


class _Pdfium:
    """The few PDFium calls the glyph loop makes, bound once with plain C argument types.

    pypdfium2's own bindings convert every argument through typed pointers; in a loop
    over ~10,000 glyphs per letter that conversion costs more than PDFium itself, so the
    hot calls take raw addresses and reuse preallocated out-parameters.
    """

    _instance: _Pdfium | None = None

    def __init__(self) -> None:
        vp, i, d, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float

        def bind(name: str, restype: type | None, *argtypes: type) -> Callable[..., Any]:
            address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        self.count_chars = bind("FPDFText_CountChars", i, vp)
        self.get_text = bind("FPDFText_GetText", i, vp, i, i, vp)
        self.is_generated = bind("FPDFText_IsGenerated", i, vp, i)
        self.text_object = bind("FPDFText_GetTextObject", vp, vp, i)
        self.origin = bind("FPDFText_GetCharOrigin", i, vp, i, vp, vp)
        self.loose_box = bind("FPDFText_GetLooseCharBox", i, vp, i, vp)
        self.font_size = bind("FPDFText_GetFontSize", d, vp, i)
        self.matrix = bind("FPDFText_GetMatrix", i, vp, i, vp)
        self.font = bind("FPDFTextObj_GetFont", vp, vp)
        self.descent = bind("FPDFFont_GetDescent", i, vp, f, vp)
        self.glyph_width = bind("FPDFFont_GetGlyphWidth", i, vp, ctypes.c_uint, f, vp)

    @classmethod
    def get(cls) -> _Pdfium:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance


def _read_pdfium(data: bytes) -> tuple[list[_Page], list[str]]:
    """Glyphs and horizontal rules of every page, read with PDFium (the default backend)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PdfiumError, but also ctypes/OS errors
        detail = str(exc).strip() or type(exc).__name__
        raise ParseError(f"unreadable PDF ({type(exc).__name__}: {detail[:200]})") from exc
    pages: list[_Page] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                x0, y0, _x1, y1 = page.get_mediabox()
                textpage = page.get_textpage()
                try:
                    chars = _pdfium_chars(textpage.raw, x0, y1)
                finally:
                    textpage.close()
                rules = _pdfium_rules(page.raw, x0, y1)
                pages.append(_Page(chars, y1 - y0, rules))
            finally:
                page.close()
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged page may fail in many ways
        detail = str(exc).strip() or type(exc).__name__
        raise ParseError(f"unreadable PDF ({type(exc).__name__}: {detail[:200]})") from exc
    finally:
        pdf.close()
    return pages, []


def _pdfium_chars(textpage: Any, left: float, top: float) -> list[_Char]:
    """Every drawn glyph of a text page, boxed as pdfminer boxes it.

    PDFium's own boxes differ from pdfminer's: its "loose" box takes the font's ascent
    and descent proportionally and swells to cover an italic glyph's overhang, and its
    font size leaves out the text matrix. So the box is rebuilt from the glyph origin,
    the advance width of the character in its font, and the font descent; font, size
    and matrix are looked up once per text object, widths once per font and character.

    This loop runs for every glyph (~10,000 a letter), so it is written for speed: the
    text page goes in as a ready-made c_void_p and the origin's out-parameters as plain
    addresses (ctypes converts a byref() argument about twice as slowly), and whatever a
    text object's glyphs share is unpacked into locals when the object changes.
    """
    api = _Pdfium.get()
    tp = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
    count = api.count_chars(tp)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    api.get_text(tp, 0, count, buffer)
    text = buffer.raw[: 2 * count].decode("utf-16-le", "replace")
    if len(text) != count:  # characters outside the BMP: ask for each code point
        get_unicode = pdfium_c.FPDFText_GetUnicode
        text = "".join(chr(get_unicode(textpage, i) or 0xFFFD) for i in range(count))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_at, oy_at = ctypes.addressof(ox), ctypes.addressof(oy)
    matrix = pdfium_c.FS_MATRIX()
    matrix_p = ctypes.byref(matrix)
    value = ctypes.c_float()
    value_p = ctypes.byref(value)
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    is_generated, text_object, origin = api.is_generated, api.text_object, api.origin
    hyphens, ligatures = _PDFIUM_HYPHENS, _LIGATURES
    objects: dict[int, _TextObject] = {}
    widths: dict[int, dict[str, float]] = {}  # font -> character -> advance per unit size
    last_obj: int | None = None
    info: _TextObject | None = None
    font_widths: dict[str, float] = {}
    font = 0
    size = a = d_descent = d_size = height = 0.0
    upright = aligned = True
    chars: list[_Char] = []
    append = chars.append
    for i, ch in enumerate(text):
        if ch in " \r\n" and is_generated(tp, i):
            continue  # spaces and line breaks PDFium inferred; pdfminer has none
        ch = hyphens.get(ch, ch)
        obj = text_object(tp, i) or 0
        if obj != last_obj or info is None:
            info = objects.get(obj)
            if info is None:
                info = objects[obj] = _text_object(api, tp, i, obj, matrix_p, value_p)
            last_obj = obj
            font, size, a, height = info.font, info.size, info.a, info.height
            upright, aligned = info.upright, info.axis_aligned
            d_descent, d_size = info.d * info.descent, info.d * info.size
            font_widths = widths.setdefault(font, {})
        origin(tp, i, ox_at, oy_at)
        width = font_widths.get(ch)  # advance per unit of font size, in text space
        if width is None:
            width = 0.0
            if font and len(ch) == 1 and api.glyph_width(font, ord(ch), 1.0, value_p):
                width = value.value
            if width > 0.0:
                font_widths[ch] = width
            elif a and size:  # no width for this code point: PDFium's box edge
                api.loose_box(tp, i, rect_p)
                width = (rect.right - ox.value) / (a * size)
        advance = width * size
        x, y = ox.value - left, top - oy.value  # from here on y grows downwards
        if aligned:
            x_end = x + a * advance
            low = y - d_descent  # the box's edge on the descent side
            high = low - d_size
            if x <= x_end and high <= low:  # upright text, the usual case: no min/max
                append(_Char(ligatures.get(ch, ch), x, x_end, high, low, height, upright))
                continue
            append(
                _Char(
                    ligatures.get(ch, ch),
                    min(x, x_end),
                    max(x, x_end),
                    min(low, high),
                    max(low, high),
                    height,
                    upright,
                )
            )
        else:
            append(_transformed_char(ligatures.get(ch, ch), x, y, advance, info))
    return chars


@dataclass
class _TextObject:
    """What every glyph of one PDFium text object shares: font, size, matrix."""

    font: int
    size: float  # Tf size, in text space units
    descent: float  # text space units below the baseline (negative), for this size
    a: float  # the text matrix without the font size (PDFium reports the two apart)
    b: float
    c: float
    d: float
    height: float  # pdfminer's "size": the height of a glyph box on the page
    upright: bool
    axis_aligned: bool


def _text_object(
    api: _Pdfium, textpage: Any, index: int, obj: int, matrix_p: Any, value_p: Any
) -> _TextObject:
    size = api.font_size(textpage, index)
    api.matrix(textpage, index, matrix_p)
    matrix = matrix_p._obj
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    font = (api.font(obj) or 0) if obj else 0
    descent = 0.0
    if font and api.descent(font, 1.0, value_p):
        ratio = value_p._obj.value
        descent = -abs(ratio) * size  # pdfminer forces a positive descent negative
    info = _TextObject(
        font=font,
        size=size,
        descent=descent,
        a=a,
        b=b,
        c=c,
        d=d,
        height=0.0,
        upright=a * d > 0 and b * c <= 0,
        axis_aligned=b == 0 and c == 0,
    )
    info.height = _transformed_char("", 0.0, 0.0, 0.0, info).size
    return info


def _transformed_char(text: str, x: float, y: float, advance: float, info: _TextObject) -> _Char:
    """pdfminer's box for a glyph under a rotating or skewing matrix: the page-aligned
    bounding box of the transformed text-space box; its height is the glyph's size."""
    xs: list[float] = []
    ys: list[float] = []
    for u in (0.0, advance):
        for v in (info.descent, info.descent + info.size):
            xs.append(x + info.a * u + info.c * v)
            ys.append(y - (info.b * u + info.d * v))
    top, bottom = min(ys), max(ys)
    return _Char(text, min(xs), max(xs), top, bottom, bottom - top, info.upright)


def _pdfium_rules(page: Any, left: float, top: float) -> list[_Rule]:
    """Horizontal straight lines drawn on the page (pdfminer's "line" objects).

    Only a path of one move and one line segment counts, as in pdfminer: a thin filled
    rectangle or a polyline is not a rule. Paths inside form XObjects are included, with
    the form's matrix applied.
    """
    rules: list[_Rule] = []
    stack: list[tuple[Any, bool, tuple[float, ...]]] = [(page, True, (1, 0, 0, 1, 0, 0))]
    matrix = pdfium_c.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    while stack:
        parent, is_page, outer = stack.pop()
        if is_page:
            count = pdfium_c.FPDFPage_CountObjects(parent)
        else:
            count = pdfium_c.FPDFFormObj_CountObjects(parent)
        for index in range(count):
            if is_page:
                obj = pdfium_c.FPDFPage_GetObject(parent, index)
            else:
                obj = pdfium_c.FPDFFormObj_GetObject(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                continue
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, False, m))
                continue
            segments = pdfium_c.FPDFPath_CountSegments(obj)
            if segments not in (2, 3):
                continue
            points: list[tuple[float, float]] = []
            kinds: list[int] = []
            for s in range(segments):
                segment = pdfium_c.FPDFPath_GetPathSegment(obj, s)
                kinds.append(pdfium_c.FPDFPathSegment_GetType(segment))
                if pdfium_c.FPDFPathSegment_GetClose(segment):
                    kinds.append(-1)
                pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(px), ctypes.byref(py))
                points.append((px.value, py.value))
            if kinds[:2] != [pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO]:
                continue
            (x0, y0), (x1, y1) = (_apply(m, p) for p in points[:2])
            if abs(y0 - y1) < 1.0:
                rules.append((min(x0, x1) - left, max(x0, x1) - left, top - max(y0, y1)))
    return rules


def _compose(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix m then n (PDF's row-vector convention: a point is p * m * n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: tuple[float, ...], point: tuple[float, float]) -> tuple[float, float]:
    a, b, c, d, e, f = m
    x, y = point
    return a * x + c * y + e, b * x + d * y + f


def _read_pdfplumber(data: bytes) -> tuple[list[_Page], list[str]]:
    """The same records read with pdfplumber (pdfminer.six): ~10x slower than PDFium,
    kept as a reference that the PDFium backend is checked against in the tests."""
    import pdfplumber  # only when asked for: importing pdfminer alone costs ~0.2 s

    pages: list[_Page] = []
    # pdfminer reports the damage it worked around only through logging; collect it so a
    # damaged but readable file says so in the result.
    complaints = _Complaints()
    pdfminer_log = logging.getLogger("pdfminer")
    pdfminer_log.addHandler(complaints)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                rules = [
                    (float(ln["x0"]), float(ln["x1"]), float(ln["top"]))
                    for ln in page.lines
                    if abs(float(ln["top"]) - float(ln["bottom"])) < 1.0
                ]
                chars = [_to_char(c) for c in page.chars]
                pages.append(_Page(chars, float(page.height), rules))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
        detail = str(exc).strip() or type(exc).__name__
        raise ParseError(f"unreadable PDF ({type(exc).__name__}: {detail[:200]})") from exc
    finally:
        pdfminer_log.removeHandler(complaints)
    return pages, [f"pdfminer: {m}" for m in dict.fromkeys(complaints.messages)]


class _Complaints(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage()[:200])
        except Exception:  # noqa: BLE001 - a malformed log call must not break extraction
            self.messages.append(str(record.msg)[:200])


def _to_char(c: dict) -> _Char:
    text = str(c.get("text", ""))
    text = _LIGATURES.get(text, text)
    return _Char(
        text=text,
        x0=float(c["x0"]),
        x1=float(c["x1"]),
        top=float(c["top"]),
        bottom=float(c["bottom"]),
        size=float(c.get("size") or (float(c["bottom"]) - float(c["top"]))),
        upright=bool(c.get("upright", True)),
    )


def _body_size(doc: _Doc) -> float:
    return _size_mode([c for chars in doc.pages for c in chars if not c.text.isspace()])


# --- geometry: glyphs -> visual lines -> segments -------------------------------------------


def _segments(chars: list[_Char], page: int, body_size: float) -> list[_Seg]:
    """Group glyphs into visual lines by vertical overlap, then split on wide gaps.

    Overlap is measured against the line's largest glyphs, so a raised superscript joins
    the line it belongs to (it overlaps that line by ~80% and the line above by 0%).
    Giant glyphs (the masthead page number) are kept out of clustering: their box spans
    several masthead lines.
    """
    giants = [c for c in chars if c.size >= _GIANT_RATIO * body_size and not c.text.isspace()]
    rest = [c for c in chars if c not in giants] if giants else chars
    rows: list[tuple[list[float], list[_Char]]] = []  # ([top, bottom, size], chars)
    for ch in sorted(rest, key=_BY_TOP):
        best, best_ratio = None, 0.0
        a0, a1 = ch.top, ch.bottom
        if rows:  # the current line is almost always the last one: try it on its own first
            anchor = rows[-1][0]
            b0, b1 = anchor[0], anchor[1]
            overlap = (a1 if a1 < b1 else b1) - (a0 if a0 > b0 else b0)
            shortest = a1 - a0 if a1 - a0 < b1 - b0 else b1 - b0
            if shortest <= 0:
                ratio = 1.0 if overlap >= 0 else 0.0
            else:
                ratio = (overlap if overlap > 0.0 else 0.0) / shortest
            if ratio >= 0.99:
                best, best_ratio = rows[-1], ratio
        for row in reversed(rows[-6:]) if best is None else ():  # newest first
            b0, b1 = row[0][0], row[0][1]
            # the overlap ratio of the two spans, inlined: it runs for every glyph against
            # up to six lines
            overlap = (a1 if a1 < b1 else b1) - (a0 if a0 > b0 else b0)
            shortest = a1 - a0 if a1 - a0 < b1 - b0 else b1 - b0
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
                best[0][:] = [ch.top, ch.bottom, ch.size]
        else:
            rows.append(([ch.top, ch.bottom, ch.size], [ch]))
    rows.sort(key=lambda r: r[0][0])

    segs: list[_Seg] = []
    for index, (anchor, row_chars) in enumerate(rows):
        row_chars.sort(key=_BY_X)
        current: list[_Char] = []
        last_x1 = None
        gap_limit = _SEGMENT_GAP_RATIO * anchor[2]
        for ch in row_chars:
            if current and last_x1 is not None and ch.x0 - last_x1 > gap_limit:
                segs.append(_Seg(current, page, index))
                current = []
            current.append(ch)
            if (last_x1 is None or ch.x1 > last_x1) and not ch.text.isspace():
                last_x1 = ch.x1
        if current:
            segs.append(_Seg(current, page, index))
    for ch in giants:
        reason = "masthead page number" if ch.text.isdigit() else "oversized glyph"
        segs.append(_Seg([ch], page, -1, kind="discard", reason=reason))
    segs = [s for s in segs if any(not c.text.isspace() for c in s.chars)]
    for seg in segs:
        seg.measure()
    segs.sort(key=lambda s: (s.row < 0, s.row, s.x0))
    return segs


# --- classification: body, footnote area, furniture -----------------------------------------


def _classify(segs: list[_Seg], doc: _Doc, body_size: float) -> None:
    body = [s for s in segs if s.kind == "body" and abs(s.size - body_size) < 0.05]
    left = _mode([round(s.x0, 1) for s in body]) if body else 0.0
    right = _percentile([s.x1 for s in body], 0.9) if body else 0.0
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


def _small_print_block(segs: list[_Seg], body_size: float) -> float | None:
    """Fallback without a rule: the run of small-print lines at the page bottom, if its
    first line starts with a footnote number."""
    rows = sorted({s.row for s in segs})
    block: list[_Seg] = []
    for row in reversed(rows):
        row_segs = [s for s in segs if s.row == row]
        if all(s.size < _SMALL_PRINT_RATIO * body_size for s in row_segs):
            block = row_segs + block
        else:
            break
    while block:
        first = block[0]
        if _note_number(first) is not None:
            return first.top - 0.5
        block = [s for s in block if s.row != first.row]
    return None


# --- rendering glyphs to text ---------------------------------------------------------------


def _is_marker_char(ch: _Char, size: float, baseline: float) -> bool:
    return (
        ch.size <= _SUPERSCRIPT_RATIO * size
        and ch.bottom < baseline - _RAISE_RATIO * size
        and not ch.text.isspace()
    )


def _compose_accents(chars: list[_Char]) -> list[_Char]:
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
    out.sort(key=_BY_X)
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
    return len(text) == 1 and unicodedata.combining(text) > 0


def _render(chars: list[_Char], markers: bool) -> tuple[str, list[int]]:
    """Glyphs of one segment to text; with markers=True superscript digits become [^N].

    Separators between adjacent superscript numbers ("2, 3") are dropped, giving
    "[^2][^3]"; a superscript that is not a number stays as text.
    """
    chars = _compose_accents(sorted(chars, key=_BY_X))
    inked = [c for c in chars if not c.text.isspace()]
    if not inked:
        return "", []
    size = _size_mode(inked)
    baseline = _median([c.bottom for c in inked if abs(c.size - size) < 0.05])
    out: list[str] = []
    numbers: list[int] = []
    pending_space = False
    prev: _Char | None = None
    i = 0
    count = len(chars)
    while i < count:
        ch = chars[i]
        text = ch.text
        if text.isspace():
            pending_space = True
            i += 1
            continue
        if prev is not None:
            smaller = prev.size if prev.size < ch.size else ch.size  # min(), inlined
            if ch.x0 - prev.x1 > _WORD_GAP_RATIO * smaller:
                pending_space = True
        if markers and text.isdigit() and _is_marker_char(ch, size, baseline):
            run: list[_Char] = []
            j = i
            while j < count and (
                chars[j].text.isspace() or _is_marker_char(chars[j], size, baseline)
            ):
                run.append(chars[j])
                j += 1
            while run and not run[-1].text.isdigit():  # a trailing separator is not ours
                run.pop()
                j -= 1
            group = _marker_numbers(run)
            if group:
                if pending_space and out:
                    out.append(" ")
                pending_space = False
                out.extend(f"[^{n}]" for n in group)
                numbers.extend(group)
                prev = run[-1]
                i = j
                continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append("\ufffd" if text.startswith("(cid:") and _CID.match(text) else text)
        prev = ch
        i += 1
    return "".join(out).strip(), numbers


def _marker_numbers(run: list[_Char]) -> list[int]:
    """Split a superscript run like "2, 3" or "2,3" into its numbers."""
    text = "".join(" " if c.text.isspace() else c.text for c in run)
    if not re.fullmatch(r"\d+(\s*[,;–\-]\s*\d+)*\s*", text):
        return []
    return [int(n) for n in re.findall(r"\d+", text)]


# --- footnote bodies ------------------------------------------------------------------------


def _note_number(seg: _Seg) -> tuple[int, list[_Char]] | None:
    """A footnote line starts with its number in superscript size; return it and the
    remaining glyphs. A line holding only the number also counts (body on the next line)."""
    chars = sorted(seg.chars, key=_BY_X)
    inked = [c for c in chars if not c.text.isspace()]
    if not inked:
        return None
    # The reference size is the note text, not the number, even when the number is alone.
    ref = max(c.size for c in inked)
    digits: list[_Char] = []
    for c in inked:
        if c.text.isdigit() and c.size <= _SUPERSCRIPT_RATIO * ref:
            digits.append(c)
        else:
            break
    if not digits:
        if all(c.text.isdigit() for c in inked) and seg.size < _SMALL_PRINT_RATIO * ref + 1:
            digits = inked  # number alone on its own line, at note size
        else:
            return None
    rest = [c for c in chars if c not in digits]
    return int("".join(c.text for c in digits)), rest


def _footnotes(segs: list[_Seg], doc: _Doc) -> tuple[dict[int, str], list[Discarded]]:
    notes: dict[int, list[str]] = {}
    discarded: list[Discarded] = []
    current: int | None = None
    pending_number: int | None = None
    rows: dict[tuple[int, int], list[_Seg]] = {}
    for seg in segs:
        rows.setdefault((seg.page, seg.row), []).append(seg)
    last_page = -1
    for (page, _row), row_segs in sorted(rows.items()):
        row_segs.sort(key=_BY_X0)
        first = row_segs[0]
        parsed = _note_number(first)
        if page != last_page:
            if pending_number is not None:
                doc.warnings.append(f"footnote {pending_number} has a number but no text")
                notes.setdefault(pending_number, [])
                pending_number = None
            last_page = page
        rest_chars = [c for s in row_segs[1:] for c in s.chars]
        if parsed is not None:
            number, rest = parsed
            text = _render(rest + rest_chars, markers=False)[0]
            if number in notes:
                doc.warnings.append(f"footnote {number} printed twice; second copy discarded")
                discarded.append(Discarded(f"{number} {text}", f"duplicate footnote {number}"))
                current = None
                continue
            if not text:
                pending_number = number
                notes[number] = []
                current = number
                continue
            notes[number] = [text]
            current = number
            pending_number = None
            continue
        text = _render(first.chars + rest_chars, markers=False)[0]
        if pending_number is not None:
            notes[pending_number].append(text)
            pending_number = None
        elif current is not None:
            notes[current].append(text)  # continuation, also across a page break
        else:
            doc.warnings.append(f"footnote text without a number on page {page + 1}: {text!r}")
            discarded.append(Discarded(text, "footnote text without number"))
    return {n: _join_note(parts) for n, parts in notes.items()}, discarded


def _join_note(parts: list[str]) -> str:
    """Join a note's printed lines into one string.

    A URL broken over two lines is glued back without a space (and keeps its hyphens,
    which belong to the URL); otherwise a line-end hyphen is dropped only between a
    lowercase letter and a lowercase continuation.
    """
    text = ""
    for part in parts:
        if not text:
            text = part
            continue
        if not part:
            continue
        tail = text.split(" ")[-1]
        if _URLISH.search(tail) and _continues_url(tail, part):
            text += part
        elif text.endswith("-") and len(text) >= 2 and text[-2].islower() and part[0].islower():
            text = text[:-1] + part
        else:
            text += " " + part
    return text


def _continues_url(url: str, nxt: str) -> bool:
    head = _URL_CONTINUATION.match(nxt)
    if not head:
        return False
    token = nxt.split(" ")[0]
    if url.endswith(("/", "-", "_", ".", "=", "?", "&", "#", "%", "~")):
        return True
    return any(ch in token for ch in "/=?&%#_") or bool(re.search(r"\.\w", token))


# --- body lines and paragraph breaks --------------------------------------------------------


def _body_lines(segs: list[_Seg], body_size: float) -> tuple[list[str], list[int]]:
    rows: dict[tuple[int, int], list[_Seg]] = {}
    for seg in segs:
        rows.setdefault((seg.page, seg.row), []).append(seg)
    lines: list[_BodyLine] = []
    markers: list[int] = []
    for (page, _row), row_segs in sorted(rows.items()):
        row_segs.sort(key=_BY_X0)
        texts = []
        for seg in row_segs:
            text, numbers = _render(seg.chars, markers=True)
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


def _bullet(text: str, seg: _Seg) -> str:
    """An unmapped glyph opening a line, followed by a gap, is the list bullet."""
    if text.startswith("\ufffd"):
        first = min(seg.chars, key=_BY_X0)
        if _CID.match(first.text):
            return "•" + text[1:]
    return text


def _first_word_width(seg: _Seg) -> float:
    chars = sorted(seg.chars, key=_BY_X0)
    start = chars[0].x0
    end = start
    prev: _Char | None = None
    for ch in chars:
        if ch.text.isspace():
            break
        if prev is not None and ch.x0 - prev.x1 > _WORD_GAP_RATIO * ch.size:
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
    left = _mode([round(ln.x0, 1) for ln in body]) if body else 0.0
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
    bare = _MARKER_TAIL.sub("", text).rstrip("’”)\"'")
    return bare.endswith(_TERMINAL) or text.endswith(_TERMINAL)


def _is_break(
    prev: _BodyLine, line: _BodyLine, pitch: float, left: float, right: float, space: float
) -> bool:
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
    steps = [
        round(b.top - a.top, 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and b.top > a.top
    ]
    return _mode(steps) if steps else None


def _check_markers(markers: list[int], footnotes: dict[int, str], warnings: list[str]) -> None:
    seen: list[int] = []
    for n in markers:
        if n not in seen:
            seen.append(n)
    for n in seen:
        if n not in footnotes:
            warnings.append(f"footnote marker [^{n}] has no footnote body")
    for n in footnotes:
        if n not in seen:
            warnings.append(f"footnote {n} has no marker in the text")
    out_of_order = [b for a, b in zip(seen, seen[1:], strict=False) if b < a]
    if out_of_order:
        warnings.append(
            "footnote markers out of order: " + ", ".join(f"[^{n}]" for n in out_of_order)
        )
    for n, body in footnotes.items():
        if not body:
            warnings.append(f"footnote {n} has an empty body")


# --- small statistics helpers ---------------------------------------------------------------


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _size_mode(chars: list[_Char]) -> float:
    """The most common font size, rounded to 0.01 (ties: the first seen).

    Same answer as counting rounded sizes glyph by glyph, but a page has only a handful of
    distinct sizes, so rounding them after counting saves ~10^5 round() calls a letter.
    Merging in first-seen order keeps most_common's tie-break (first inserted wins), and so
    does max() over the merged counts, which is what most_common(1) does underneath; a
    segment usually has a single size, which needs no counting at all.
    """
    sizes = Counter(map(_SIZE, chars))
    if len(sizes) == 1:
        return round(next(iter(sizes)), 2)
    rounded: dict[float, int] = {}
    for size, n in sizes.items():
        key = round(size, 2)
        rounded[key] = rounded.get(key, 0) + n
    return max(rounded.items(), key=_COUNT)[0]


def _mode(values: list[float]) -> float:
    return Counter(values).most_common(1)[0][0]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
