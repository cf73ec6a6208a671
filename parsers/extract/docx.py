"""Word documents (.docx) read as Word shows them: paragraphs, list numbers, footnotes.

A Word letter's text export loses three things the parser needs: the list numbers Word
draws in front of numbered paragraphs (they are in numbering.xml, not in the text, so
question 3 prints as a bare paragraph), the footnote bodies (in the footnotes part), and
where each footnote reference stands. Reading the .docx itself keeps all three: numbered
paragraphs get their number back ("3. Kunt u …"), references become ``[^N]`` with N as
Word numbers them (1, 2, 3 … in reading order), and the bodies become the footnotes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from parsers.model import Extracted, ParseError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def is_docx(data: bytes) -> bool:
    """A .docx is a zip archive with word/document.xml, whatever the file is called."""
    return data[:4] == b"PK\x03\x04"


def extract_docx(data: bytes, source: str) -> Extracted:
    try:
        import docx
    except ImportError as error:  # pragma: no cover - python-docx is a dependency
        raise ParseError(f"cannot read Word documents: {error}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ParseError("zip archive but not a Word document (no word/document.xml)")
        document = docx.Document(io.BytesIO(data))
    except ParseError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ParseError(f"damaged Word document: {error}") from None
    except Exception as error:  # lxml syntax errors and python-docx's own
        raise ParseError(f"unreadable Word document ({type(error).__name__}: {error})") from None

    numbering = _Numbering(document)
    references = _References()
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):  # a table: one line per row, cells separated by " | "
            for row in block.rows:
                cells = [
                    " ".join(_paragraph_text(p._p, references) for p in cell.paragraphs)
                    for cell in row.cells
                ]
                lines.append(" | ".join(c.strip() for c in cells if c.strip()))
            lines.append("")
            continue
        text = _paragraph_text(block._p, references)
        label = numbering.label(block)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        lines.extend(text.split("\n"))
    bodies = _footnote_bodies(document, references)
    return Extracted(
        source=source, format="docx", lines=lines, footnotes=bodies, layout=True, warnings=[]
    )


@dataclass
class _References:
    """Footnote references in reading order: Word numbers them 1, 2, 3 … as they appear."""

    numbers: dict[str, int] = field(default_factory=dict)  # footnote id -> shown number

    def number(self, footnote_id: str) -> int:
        if footnote_id not in self.numbers:
            self.numbers[footnote_id] = len(self.numbers) + 1
        return self.numbers[footnote_id]


def _paragraph_text(p, references: _References) -> str:  # noqa: ANN001 - an lxml element
    parts: list[str] = []
    for element in p.iter():
        tag = element.tag
        if tag == f"{W}t":
            parts.append(element.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}footnoteReference":
            footnote_id = element.get(f"{W}id")
            if footnote_id is not None and element.get(f"{W}customMarkFollows") not in (
                "1",
                "true",
            ):
                parts.append(f"[^{references.number(footnote_id)}]")
    text = "".join(parts).replace("\u00a0", " ").replace("\u00ad", "")
    return re.sub(r"[ \t]+", " ", text)


def _footnote_bodies(document, references: _References) -> dict[int, str]:  # noqa: ANN001
    """Bodies of the referenced footnotes from the footnotes part, by their shown number."""
    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == _FOOTNOTES),
        None,
    )
    if part is None:
        return {}
    from lxml import etree

    root = etree.fromstring(part.blob)
    bodies: dict[int, str] = {}
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        number = references.numbers.get(note.get(f"{W}id", ""))
        if number is None:
            continue
        texts = []
        for p in note.iter(f"{W}p"):
            texts.append(_paragraph_text(p, _References()).strip())
        body = " ".join(t for t in texts if t)
        if body:
            bodies[number] = body
    return bodies


class _Numbering:
    """Word's list numbers: numbering.xml levels, counted as Word counts them."""

    def __init__(self, document) -> None:  # noqa: ANN001
        self.abstract: dict[str, dict[int, dict[str, str]]] = {}
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = {
                    "start": _val(lvl, "start") or "1",
                    "format": _val(lvl, "numFmt") or "decimal",
                    "text": _val(lvl, "lvlText") or "",
                }
            self.abstract[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            overrides = {}
            for override in num.iter(f"{W}lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    overrides[int(override.get(f"{W}ilvl", "0"))] = int(start)
            self.instances[num.get(f"{W}numId", "")] = (_val(num, "abstractNumId") or "", overrides)
        for style in document.styles:
            element = getattr(style, "element", None)
            num_pr = element.find(f"{W}pPr/{W}numPr") if element is not None else None
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                if num_id is not None:
                    self.styles[style.style_id] = (num_id, int(_val(num_pr, "ilvl") or 0))

    def label(self, paragraph) -> str | None:  # noqa: ANN001
        """The number Word draws before this paragraph ("3.", "b)"), or None."""
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(f"{W}numPr") if p_pr is not None else None
        num_id, level = None, 0
        if num_pr is not None:
            num_id = _val(num_pr, "numId")
            level = int(_val(num_pr, "ilvl") or 0)
        style_id = paragraph._p.style
        if num_id is None and style_id in self.styles:
            num_id, level = self.styles[style_id]
        if num_id is None or num_id == "0" or num_id not in self.instances:
            return None
        abstract_id, overrides = self.instances[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level not in levels:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1  # "restart numbering" is a new instance
        start = int(levels[level]["start"])
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [x for x in counters if x > level]:
            del counters[deeper]
        if levels[level]["format"] in ("bullet", "none"):
            return "•" if levels[level]["format"] == "bullet" else None

        def shown(match: re.Match[str]) -> str:
            lvl = int(match[1]) - 1
            fmt = levels.get(lvl, {}).get("format", "decimal")
            value = counters.get(lvl, int(levels.get(lvl, {}).get("start", "1")))
            return _format(value, fmt)

        return re.sub(r"%(\d)", shown, levels[level]["text"]).strip() or None


def _val(element, name: str) -> str | None:  # noqa: ANN001
    child = element.find(f"{W}{name}")
    return None if child is None else child.get(f"{W}val")


def _format(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out += letters
            value -= number
    return out
