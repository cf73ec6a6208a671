"""First stage: bytes of any supported format to `Extracted` lines.

The format is told from the content (a PDF starts with %PDF-, a .docx is a zip archive,
whatever the name), so a mislabelled file is still read the right way.
"""

from __future__ import annotations

from parsers.extract.docx import extract_docx, is_docx
from parsers.extract.text import extract_text
from parsers.model import Extracted


def extract(data: bytes, source: str) -> Extracted:
    if is_docx(data):
        return extract_docx(data, source)
    if data.lstrip()[:5] == b"%PDF-":
        from parsers.extract.pdf import extract_pdf

        return extract_pdf(data, source)
    return extract_text(data, source)


__all__ = ["extract"]
