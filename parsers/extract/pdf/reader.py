"""Reading a PDF into glyph records, with every reader failure turned into a ParseError.

PDFium (pdfium.py) is the reader in use; pdfplumber is kept here as the reference it is
checked against in the tests (same records, ~10x slower), so a difference between the two
shows up as a failing test rather than as a silently different letter.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from parsers.extract.pdf.glyphs import LIGATURES, Char, Doc, Page
from parsers.extract.pdf.pdfium import read_pdfium
from parsers.model import ParseError


def load(data: bytes, backend: str = "pdfium") -> Doc:
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
    reader = _read_pdfplumber if backend == "pdfplumber" else read_pdfium
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
    return Doc(
        pages=[p.chars for p in pages],
        heights=[p.height for p in pages],
        rules=[p.rules for p in pages],
        warnings=warnings,
    )


def _read_pdfplumber(data: bytes) -> tuple[list[Page], list[str]]:
    """The same records read with pdfplumber (pdfminer.six): ~10x slower than PDFium,
    kept as a reference that the PDFium backend is checked against in the tests."""
    import pdfplumber  # only when asked for: importing pdfminer alone costs ~0.2 s

    pages: list[Page] = []
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
                pages.append(Page(chars, float(page.height), rules))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
        detail = str(exc).strip() or type(exc).__name__
        raise ParseError(f"unreadable PDF ({type(exc).__name__}: {detail[:200]})") from exc
    finally:
        pdfminer_log.removeHandler(complaints)
    return pages, [f"pdfminer: {m}" for m in dict.fromkeys(complaints.messages)]


class _Complaints(logging.Handler):
    """Collects pdfminer's warnings for one file, as the letter's own warnings."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage()[:200])
        except Exception:  # noqa: BLE001 - a malformed log call must not break extraction
            self.messages.append(str(record.msg)[:200])


def _to_char(c: dict[str, Any]) -> Char:
    """pdfplumber's glyph dict as the record the analysis reads (ligatures split as PDFium's
    reader splits them, so the two backends give the same text)."""
    text = str(c.get("text", ""))
    text = LIGATURES.get(text, text)
    return Char(
        text=text,
        x0=float(c["x0"]),
        x1=float(c["x1"]),
        top=float(c["top"]),
        bottom=float(c["bottom"]),
        size=float(c.get("size") or (float(c["bottom"]) - float(c["top"]))),
        upright=bool(c.get("upright", True)),
    )
