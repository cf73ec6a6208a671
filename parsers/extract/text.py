"""Decode text files of every origin into lines, and tell which kind of text they are.

The kind (PDF text, Word text, OCR, Markdown) decides which cleaning heuristics apply, and
it is told from the content: corpus files carry no reliable extension or header for it.
"""

from __future__ import annotations

import re
import unicodedata

from parsers import patterns as p
from parsers.model import Extracted, ParseError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MARKDOWN = re.compile(r"^(?:#{1,6} |\*\*.+\*\*\s*$|-{5,}\s*$)", re.M)
_OCR_HINT = re.compile(
    r"\((?:Ingezonden|Ontvangen)\b|\bVRAGEN van\b|\bANTWOORD van\b|Sdu Uitgeverij"
)
# Every _OCR_HINT match holds one of these (keep the two together): most texts hold none,
# and finding that by substring search spares the pattern's attempt at every position.
_OCR_HINT_WORDS = ("(Ingezonden", "(Ontvangen", "VRAGEN van", "ANTWOORD van", "Sdu Uitgeverij")
_WORD_HINT = re.compile(r"\A\s*(?:AH \d+|\d{4}Z\d{5})\s*$", re.M)
_ACCENTS = {
    "´": "\u0301",
    "`": "\u0300",
    "¨": "\u0308",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "¸": "\u0327",
    "ˇ": "\u030c",
}


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to str: UTF-8 (with or without BOM) first, then Windows-1252, never a crash."""
    if not data.strip():
        raise ParseError("empty file")
    if b"\x00" in data[:4096] or len(_CONTROL.findall(data[:4096].decode("latin-1"))) > 8:
        raise ParseError("binary data, not a text letter or PDF")
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append("file is not UTF-8; read as Windows-1252 (Latin-1)")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\ufeff", "")
    return fix_spaced_accents(text), warnings


def fix_spaced_accents(text: str) -> str:
    """PDF text puts some accents beside their letter ("Kostic ´"): put them back on it.

    Most texts have no spacing accent at all: looking for the seven characters first spares
    the pattern's attempt at every letter of the text (it starts with any letter).
    """
    if not any(accent in text for accent in _ACCENTS):
        return text

    def compose(match: re.Match[str]) -> str:
        combined = unicodedata.normalize("NFC", match["letter"] + _ACCENTS[match["accent"]])
        return combined if len(combined) == 1 else match[0]

    return p.SPACED_ACCENT.sub(compose, text)


def detect_text_format(text: str) -> str:
    """Which extractor produced this text; decides the cleaning rules, not the meaning."""
    head = text[:3000]
    if _WORD_HINT.search(text[:200]):
        return "word-text"
    if (
        any(word in head for word in _OCR_HINT_WORDS)
        and _OCR_HINT.search(head)
        and "(ingezonden" not in head
    ):
        return "ocr-text"
    if len(_MARKDOWN.findall(text)) >= 2:
        return "pdf-markdown"
    if _paragraph_per_line(text):
        return "word-text"
    return "pdf-text"


def _paragraph_per_line(text: str) -> bool:
    """Word text without its export header: one paragraph a line, no page furniture.

    PDF text wraps its lines (a line that does not end a sentence, followed by one in lower
    case, in 40-60% of lines; PyPDF2 in 5-20%) and carries footers and colophons; Word text
    has neither (0-5% in the corpus).
    """
    # The first 300 lines show the shape (PDF text wraps on every page).
    lines = [x.strip() for x in text.split("\n", 600)[:600] if x.strip()][:300]
    if len(lines) < 3:
        return False
    allowed = 0.12 * (len(lines) - 1)
    wraps = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if b[:1].islower() and not p.SENTENCE_END.search(a):
            wraps += 1
            if wraps > allowed:
                return False
    return not any(
        p.FOOTER_LINE.match(x) or (p.FOOTER_RUNNING.search(x) and len(x) < 90) for x in lines
    )


def extract_text(data: bytes, source: str) -> Extracted:
    text, warnings = decode(data)
    fmt = detect_text_format(text)
    lines = text.split("\n")
    if fmt == "pdf-markdown":
        lines = [_strip_markdown(line) for line in lines]
    if len([line for line in lines if line.strip()]) == 1 and len(text) > 2000:
        warnings.append("text has no line breaks (whitespace collapsed); layout cues are lost")
    return Extracted(source=source, format=fmt, lines=lines, warnings=warnings)


def _strip_markdown(line: str) -> str:
    """Markdown converters add emphasis and heading marks the letter never printed."""
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
    line = re.sub(r"(?<!\w)_(\S(?:.*?\S)?)_(?!\w)", r"\1", line)
    return line.rstrip()
