"""Layout-aware extraction of Aanhangsel PDFs.

Plain text extraction (pdftotext, PyPDF2) loses exactly the information the later stages
need most: which digits are superscript footnote markers, which small lines at the page
bottom are footnote bodies, and which lines are page furniture. All of that is visible in
the layout (font size, baseline, position on the page), so this extractor decides it here,
from per-glyph boxes, and hands the text stages clean running text.

Geometry is learned from the document itself (body font size, text column edges, line
pitch) rather than hard-coded, so a slightly different typesetting still works; the few
fixed ratios are relative to those measurements.

The steps, one module each, in the order `extract_pdf` runs them:

- reader.py, pdfium.py: bytes -> glyph records per page (glyphs.py), PDFium by default,
  pdfplumber as the reference;
- lines.py: glyphs -> visual lines -> segments;
- zones.py: each segment is running text, footnote zone, or furniture (footer, colophon,
  masthead);
- footnotes.py: footnote bodies by number, and markers checked against them;
- paragraphs.py: running text lines with paragraph breaks, markers as [^N] (render.py).
"""

from __future__ import annotations

from parsers.extract.pdf.footnotes import check_markers, read_footnotes
from parsers.extract.pdf.footnotes import join_note as _join_note
from parsers.extract.pdf.glyphs import Char as _Char
from parsers.extract.pdf.glyphs import body_font_size
from parsers.extract.pdf.lines import Seg, segments
from parsers.extract.pdf.paragraphs import body_lines
from parsers.extract.pdf.reader import load
from parsers.extract.pdf.render import compose_accents as _compose_accents
from parsers.extract.pdf.render import marker_numbers as _marker_numbers
from parsers.extract.pdf.zones import classify
from parsers.model import Discarded, Extracted

# The glyph record and the small pure helpers the extractor's tests check directly.
__all__ = ["_Char", "_compose_accents", "_join_note", "_marker_numbers", "extract_pdf"]


def extract_pdf(data: bytes, source: str, backend: str = "pdfium") -> Extracted:
    """Extract running text, inline footnote markers, footnote bodies and furniture.

    `backend` picks the PDF reader: "pdfium" (default, fast) or "pdfplumber" (the
    reference); both hand the analysis the same glyph records.
    """
    doc = load(data, backend)
    body_size = body_font_size(doc)
    segs: list[Seg] = []
    discarded: list[Discarded] = []
    for page_no, chars in enumerate(doc.pages):
        segs.extend(segments([c for c in chars if c.upright], page_no, body_size))
        rotated = "".join(c.text for c in chars if not c.upright).strip()
        if rotated:  # margin stamps and the like: not part of the reading order
            discarded.append(Discarded(rotated, "rotated text"))
            doc.warnings.append(f"page {page_no + 1}: rotated text set aside: {rotated[:60]!r}")

    classify(segs, doc, body_size)
    for seg in segs:
        if seg.kind == "discard":
            discarded.append(Discarded(seg.plain(), seg.reason))

    footnotes, note_discards = read_footnotes([s for s in segs if s.kind == "footnote"], doc)
    discarded.extend(note_discards)
    lines, markers = body_lines([s for s in segs if s.kind == "body"], body_size)
    check_markers(markers, footnotes, doc.warnings)
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
