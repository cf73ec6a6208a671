"""First stage: bytes of any supported format to `Extracted` lines.

The format is told from the content, whatever the file is called: a PDF starts with %PDF-,
a .docx is a zip archive, the official XML with its root element, the HTML rendering with
<html> and the letter's classes; anything else is text.
"""

from __future__ import annotations

import re

from parsers.extract.docx import extract_docx, is_docx
from parsers.extract.text import extract_text
from parsers.model import Extracted, ParseError

_MARKUP = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml|!DOCTYPE|!--|html\b|[a-z][\w.-]*[\s>/])", re.I
)
_HTML = re.compile(rb"<html\b|<!DOCTYPE\s+html", re.I)


def extract(data: bytes, source: str) -> Extracted:
    if is_docx(data):
        return extract_docx(data, source)
    if data.lstrip()[:5] == b"%PDF-":
        from parsers.extract.pdf import extract_pdf

        return extract_pdf(data, source)
    if _MARKUP.match(data[:512]):
        return _extract_markup(data, source)
    return extract_text(data, source)


def _extract_markup(data: bytes, source: str) -> Extracted:
    from parsers.extract import xml

    root = xml.root_name(data)
    if root in xml.LETTER_ROOTS:
        return xml.extract_xml(data, source)
    if root == "metadata_gegevens":
        raise ParseError("metadata.xml (OVERHEIDop metadata), not a letter")
    if root is not None and root != "html":
        raise ParseError(f"XML that is not a written-questions publication (root <{root}>)")
    if _HTML.search(data[:4096]):
        from bs4 import BeautifulSoup

        from parsers.extract import html

        soup = BeautifulSoup(data, "lxml")
        if not html.looks_like_letter(soup):
            raise ParseError("HTML page without a letter (no div.vraag/antwoord): an error page?")
        return html.extract_html(data, source, soup)
    if re.search(rb"<(?:kamervragen|vragen|reactie|officiele-publicatie)\b", data[:4096]):
        return xml.extract_xml(data, source)  # broken XML of a letter: read leniently
    return extract_text(data, source)


__all__ = ["extract"]
