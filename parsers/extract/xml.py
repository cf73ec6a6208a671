"""The official XML of a written-questions letter (KOOP's officiele-publicatie) to lines.

Element names as KOOP publishes them: `kamervragen` holds `kamervraagkop` (house, session),
`kamervraagnummer`, `kamervraagomschrijving type="vraag|antwoord|mededeling"` (the header
sentences, dates as `datum isodatum=…`), then `vraag`/`antwoord` with their label in `nr`
and paragraphs in `al` (lists in `lijst`/`li`, tables, `nadruk`, `extref`),
`kamervraagopmerking` (a Mededeling, or the askers' note) and `ondertekening`. A footnote
is a `noot` (`noot.nr`, `noot.al`) standing where its marker is printed; a second marker
for the same note is a `nootref refid=…`. Older documents say `vragen`/`reactie`,
`omschr`, `vraagnummer`, `nummer`, `toelicht`, and may give a note's number as `nr="…"`.
Embedded `<meta name=… content=…>` are kept as metadata.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, NavigableString, ProcessingInstruction, Tag
from bs4.builder import XMLParsedAsHTMLWarning
from lxml import etree

from parsers import patterns as p
from parsers.extract.markup import NOTICE_LABEL, InlineReader, Letter, footnote_number, normalize
from parsers.model import Extracted, Labelled, ParseError

# Root elements of a written-questions publication, modern and old.
LETTER_ROOTS = {"officiele-publicatie", "kamervragen", "vragen", "reactie"}
_HEADER = {"kamervraagkop", "kamervraagnummer", "vraagnummer", "kamervraagomschrijving", "omschr"}
_REMARK = {"kamervraagopmerking", "toelicht"}
_LABEL = {"nr", "nummer"}
_PARAGRAPH = {"al", "tussenkop", "kop", "titel", "li.nr", "noot.al"}
_SKIP = {"metadata", "meta", "sys.gegevens"}
# A DOCTYPE (with entity definitions) is dropped before reading: entities are never
# expanded, external ones least of all, and the XML reader needs none of them.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.S | re.I)
_DATE_KIND = {
    "vraag": "overheidop.datumindiening",
    "antwoord": "overheidop.datumontvangst",
    "mededeling": "overheidop.datumontvangst",
}


def root_name(data: bytes) -> str | None:
    """The root element's local name, or None when the bytes are not well-formed XML."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.QName(etree.fromstring(data, parser)).localname
    except (etree.XMLSyntaxError, ValueError):
        return None


def extract_xml(data: bytes, source: str) -> Extracted:
    letter = Letter(source=source, format="xml")
    if root_name(data) is None:
        letter.warnings.append("the XML is not well-formed; read it leniently")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(_DOCTYPE.sub(b"", data, count=1), "lxml-xml")
    root = next((t for t in soup.children if isinstance(t, Tag)), None)
    if root is None or root.name not in LETTER_ROOTS:
        name = root.name if root is not None else "none"
        raise ParseError(f"XML that is not a written-questions publication (root <{name}>)")
    for meta in soup.find_all("meta"):
        letter.add_metadata(meta.get("name"), meta.get("content"))
    notes = _number_notes(root, letter)
    _Walker(letter, notes).container(root)
    if not letter.blocks:
        letter.warnings.append("the XML holds no vraag, antwoord or kamervraagopmerking")
    return letter.extracted()


def _number_notes(root: Tag, letter: Letter) -> dict[str, int]:
    """Every note's number by its id, first: a nootref may point forward."""
    numbers: dict[str, int] = {}
    taken: dict[int, str] = {}
    for note in root.find_all("noot"):
        raw = note.get("nr")
        label = note.find("noot.nr")
        if raw is None and label is not None:
            raw = label.get_text()
        if raw is None and note.get("id"):
            raw = re.sub(r"\D", "", note["id"]) or None
        number = footnote_number(raw, taken, letter)
        taken[number] = ""
        note["_number"] = str(number)
        if note.get("id"):
            numbers[note["id"]] = number
    return numbers


class _Walker(InlineReader):
    def __init__(self, letter: Letter, notes: dict[str, int]) -> None:
        self.letter = letter
        self.notes = notes
        self.loose: list[tuple[Labelled | None, str]] = []
        self.mededeling = False  # the header announces a Mededeling

    # --- structure -------------------------------------------------------------
    def container(self, element: Tag) -> None:
        for child in element.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment | ProcessingInstruction) and child.strip():
                    self.loose.append((self._last(), str(child)))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            name = child.name
            if name in _HEADER:
                self.header(child)
            elif name == "vraag":
                self.block("question", child)
            elif name == "antwoord":
                self.block("answer", child)
            elif name in _REMARK:
                self.remark(child)
            elif name == "ondertekening":
                self.signature(child)
            elif name == "noot":
                self.footnote(child)
            elif name in _PARAGRAPH or not child.find(True):
                self.loose.append((self._last(), self.inline(child)))
            else:
                self.container(child)
        if element.parent is not None and element.parent.name == "[document]":
            self._place_loose()

    def _last(self) -> Labelled | None:
        return self.letter.blocks[-1] if self.letter.blocks else None

    def header(self, element: Tag) -> None:
        parts = element.find_all(recursive=False)
        if element.name == "kamervraagkop" and parts:
            for part in parts:
                self.letter.add_header(self.inline(part))
        else:
            self.letter.add_header(self.inline(element))
        kind = element.get("type", "vraag" if element.name == "omschr" else "")
        if kind == "mededeling" or normalize(element.get_text()).startswith("Mededeling van"):
            self.mededeling = True
        date = element.find("datum")
        if date is not None and date.get("isodatum") and kind in _DATE_KIND:
            self.letter.add_metadata(_DATE_KIND[kind], date["isodatum"])
        if element.name in ("kamervraagnummer", "vraagnummer"):
            number = normalize(element.get_text())
            if p.ZAAK_ID.match(number):
                self.letter.add_metadata("overheidop.vraagnummer", number)

    def block(self, kind: str, element: Tag) -> None:
        label = next((c for c in element.find_all(recursive=False) if c.name in _LABEL), None)
        block = self.letter.start_block(kind, self.inline(label) if label is not None else "")
        self.body(block, element, skip=label)

    def remark(self, element: Tag) -> None:
        """A Mededeling (the notice that an answer is late) or the askers' own note."""
        children = element.find_all(recursive=False)
        heading = next(
            (c for c in children[:1] if NOTICE_LABEL.match(normalize(c.get_text()))), None
        )
        answered = any(b.kind in ("question", "answer") for b in self.letter.blocks)
        if heading is None and answered and not self.mededeling:
            reason = f"{element.name}: askers' note, no field"
            self.letter.discard(self.inline(element), reason)
            return
        printed = self.inline(heading) if heading is not None else ""
        block = self.letter.start_block("notice", printed)
        self.body(block, element, skip=heading)

    def body(self, block: Labelled, element: Tag, skip: Tag | None = None) -> None:
        for child in element.children:
            if child is skip:
                continue
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment | ProcessingInstruction) and child.strip():
                    self.letter.add_paragraph(block, str(child))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name == "lijst":
                self.items(block, child)
            elif child.name == "table":
                self.table(block, child)
            elif child.name == "noot":
                self.footnote(child)
            elif child.name == "ondertekening":
                self.signature(child)
            elif child.name in _PARAGRAPH or not any(
                c.name in ("al", "lijst", "table") for c in child.find_all(True)
            ):
                self.letter.add_paragraph(block, self.inline(child))
            else:
                self.body(block, child)

    def items(self, block: Labelled, lijst: Tag) -> None:
        """Each list item a paragraph of its own, its bullet or number in front, as printed."""
        for item in lijst.find_all("li", recursive=False):
            mark = item.find("li.nr", recursive=False)
            first = True
            for child in item.find_all(recursive=False):
                if child is mark:
                    continue
                if child.name == "lijst":
                    self.items(block, child)
                    continue
                text = self.inline(child)
                if first and mark is not None:
                    text = f"{self.inline(mark)} {text}"
                self.letter.add_paragraph(block, text)
                first = False
            if first and mark is not None:
                self.letter.add_paragraph(block, self.inline(mark))

    def table(self, block: Labelled, table: Tag) -> None:
        for row in table.find_all("row"):
            cells = [normalize(self.inline(entry)) for entry in row.find_all("entry")]
            self.letter.add_paragraph(block, " | ".join(c for c in cells if c))

    def signature(self, element: Tag) -> None:
        """The signature's lines (functie, naam) sit in elements of their own: keep them apart."""
        parts = [self.inline(c) if isinstance(c, Tag) else str(c) for c in element.children]
        self.letter.discard(" ".join(parts), "ondertekening: the signature")

    def footnote(self, note: Tag) -> int:
        """Records a note's body; the caller puts its marker where the note stands."""
        number = int(note["_number"])
        body = note.find_all("noot.al") or [
            c for c in note.children if getattr(c, "name", None) != "noot.nr"
        ]
        texts = [self.inline(b) if isinstance(b, Tag) else str(b) for b in body]
        self.letter.add_footnote(number, " ".join(t for t in texts if t.strip()))
        return number

    def _place_loose(self) -> None:
        """Text outside any vraag/antwoord: a notice when the letter has no blocks (old
        mededelingen), else part of the block it follows."""
        if not self.loose:
            return
        if not self.letter.blocks:
            block = self.letter.start_block("notice", "")
            for _, text in self.loose:
                self.letter.add_paragraph(block, text)
            return
        for after, text in self.loose:
            if after is None:
                self.letter.discard(text, "text before the first question, outside any element")
            else:
                self.letter.add_paragraph(after, text)

    # --- inline text -------------------------------------------------------------
    def _inline(self, element: Tag, parts: list[str]) -> None:
        for child in element.children:
            if isinstance(child, Comment | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name == "noot":
                parts.append(f"[^{self.footnote(child)}]")
            elif child.name == "nootref":
                number = self.notes.get(child.get("refid", ""))
                if number is None and (child.get("nr") or "").isdigit():
                    number = int(child["nr"])
                if number is None:
                    self.letter.warnings.append(
                        f"nootref to {child.get('refid')!r}: no note has that id"
                    )
                else:
                    parts.append(f"[^{number}]")
            elif child.name in ("al", "li", "row", "entry", "tekstregel"):
                parts.append(" ")
                self._inline(child, parts)
                parts.append(" ")
            else:
                self._inline(child, parts)
