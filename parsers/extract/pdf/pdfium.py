"""Glyphs and horizontal rules of every page, read with PDFium (pypdfium2): the default reader.

PDFium is ~10x faster than pdfminer but reports glyph boxes differently; this module
rebuilds pdfminer's boxes from PDFium's primitives, so the analysis gets the numbers the
reference reader would give (tests/test_extract_pdf.py compares the two on every letter).
The per-glyph loop (`pdfium_chars`) is deliberately one long function: it runs ~10,000 times
a letter, and a Python call per glyph would cost more than PDFium itself.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.extract.pdf.glyphs import LIGATURES, Char, Page, Rule
from parsers.model import ParseError

# pdfium's text page marks a hyphen it takes for a line-end break with these code points.
_PDFIUM_HYPHENS = {"\x02": "-", "\ufffe": "-"}


class _Pdfium:
    """The few PDFium calls the glyph loop makes, bound once with plain C argument types.

    pypdfium2's own bindings convert every argument through typed pointers; in a loop
    over ~10,000 glyphs per letter that conversion costs more than PDFium itself, so the
    hot calls reuse preallocated out-parameters. The three calls made per glyph are bound
    without argument types at all (`untyped`): ctypes then passes what it is given as it
    is (a c_void_p, a byref(), an int as a C int), which takes about half the time of the
    typed conversion; their callers must pass exactly those.
    """

    _instance: _Pdfium | None = None

    def __init__(self) -> None:
        vp, i, d, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float

        def bind(name: str, restype: type | None, *argtypes: type) -> Callable[..., Any]:
            address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        def untyped(name: str, restype: type) -> Callable[..., Any]:
            return bind(name, restype)  # no argtypes: each argument as passed

        self.count_chars = bind("FPDFText_CountChars", i, vp)
        self.get_text = bind("FPDFText_GetText", i, vp, i, i, vp)
        # Per glyph, untyped: (text page as c_void_p, index as int[, byref(), byref()]).
        self.is_generated = untyped("FPDFText_IsGenerated", i)
        self.text_object = untyped("FPDFText_GetTextObject", vp)
        self.origin = untyped("FPDFText_GetCharOrigin", i)
        self.loose_box = bind("FPDFText_GetLooseCharBox", i, vp, i, vp)
        self.font_size = bind("FPDFText_GetFontSize", d, vp, i)
        self.matrix = bind("FPDFText_GetMatrix", i, vp, i, vp)
        self.font = bind("FPDFTextObj_GetFont", vp, vp)
        self.descent = bind("FPDFFont_GetDescent", i, vp, f, vp)
        self.glyph_width = bind("FPDFFont_GetGlyphWidth", i, vp, ctypes.c_uint, f, vp)

    @classmethod
    def get(cls) -> _Pdfium:
        """The bindings, made on first use: binding costs more than one letter's calls."""
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance


def read_pdfium(data: bytes) -> tuple[list[Page], list[str]]:
    """Glyphs and horizontal rules of every page, read with PDFium (the default backend)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - PdfiumError, but also ctypes/OS errors
        detail = str(exc).strip() or type(exc).__name__
        raise ParseError(f"unreadable PDF ({type(exc).__name__}: {detail[:200]})") from exc
    pages: list[Page] = []
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
                pages.append(Page(chars, y1 - y0, rules))
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


def _pdfium_chars(textpage: Any, left: float, top: float) -> list[Char]:
    """Every drawn glyph of a text page, boxed as pdfminer boxes it.

    PDFium's own boxes differ from pdfminer's: its "loose" box takes the font's ascent
    and descent proportionally and swells to cover an italic glyph's overhang, and its
    font size leaves out the text matrix. So the box is rebuilt from the glyph origin,
    the advance width of the character in its font, and the font descent; font, size
    and matrix are looked up once per text object, widths once per font and character.

    This loop runs for every glyph (~10,000 a letter), so it is written for speed: the
    text page goes in as a ready-made c_void_p and the origin's out-parameters as ready
    byref()s to the untyped bindings (see _Pdfium), and whatever a text object's glyphs
    share is unpacked into locals when the object changes.
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
    for mark, hyphen in _PDFIUM_HYPHENS.items():  # once for the page, not per glyph
        text = text.replace(mark, hyphen)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_p, oy_p = ctypes.byref(ox), ctypes.byref(oy)
    matrix = pdfium_c.FS_MATRIX()
    matrix_p = ctypes.byref(matrix)
    value = ctypes.c_float()
    value_p = ctypes.byref(value)
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    is_generated, text_object, origin = api.is_generated, api.text_object, api.origin
    ligatures = LIGATURES
    objects: dict[int, _TextObject] = {}
    widths: dict[int, dict[str, float]] = {}  # font -> character -> advance per unit size
    last_obj: int | None = None
    info: _TextObject | None = None
    font_widths: dict[str, float] = {}
    font = 0
    size = a = d_descent = d_size = height = 0.0
    upright = aligned = True
    chars: list[Char] = []
    append = chars.append
    for i, ch in enumerate(text):
        if ch in " \r\n" and is_generated(tp, i):
            continue  # spaces and line breaks PDFium inferred; pdfminer has none
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
        origin(tp, i, ox_p, oy_p)
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
                append(Char(ligatures.get(ch, ch), x, x_end, high, low, height, upright))
                continue
            append(
                Char(
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


def _transformed_char(text: str, x: float, y: float, advance: float, info: _TextObject) -> Char:
    """pdfminer's box for a glyph under a rotating or skewing matrix: the page-aligned
    bounding box of the transformed text-space box; its height is the glyph's size."""
    xs: list[float] = []
    ys: list[float] = []
    for u in (0.0, advance):
        for v in (info.descent, info.descent + info.size):
            xs.append(x + info.a * u + info.c * v)
            ys.append(y - (info.b * u + info.d * v))
    top, bottom = min(ys), max(ys)
    return Char(text, min(xs), max(xs), top, bottom, bottom - top, info.upright)


def _pdfium_rules(page: Any, left: float, top: float) -> list[Rule]:
    """Horizontal straight lines drawn on the page (pdfminer's "line" objects).

    Only a path of one move and one line segment counts, as in pdfminer: a thin filled
    rectangle or a polyline is not a rule. Paths inside form XObjects are included, with
    the form's matrix applied.
    """
    rules: list[Rule] = []
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
    """The point under matrix m: a path's points are in its own space, rules in page space."""
    a, b, c, d, e, f = m
    x, y = point
    return a * x + c * y + e, b * x + d * y + f
