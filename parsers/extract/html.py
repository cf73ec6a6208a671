"""The HTML rendering of an official written-questions letter to lines.

The rendering keeps the XML's names as classes: `div.vraag`/`div.antwoord` with the label
in a heading (`h2`, "Vraag 1") or `p.nummer`, paragraphs in `p`, lists in `ul`/`ol`,
`div.kamervraagopmerking` for a Mededeling, the header in elements classed
`kamervraagkop`, `kamervraagnummer`, `kamervraagomschrijving(_kop)`, signatures in
`.ondertekening`. A footnote marker is a link classed `nootnum` (in a `sup`) where the
marker is printed; its body a `div.voet.noot` whose `span.nootnum` gives the number.
Metadata are the page's `<meta name=… content=…>` tags (DC.*, OVERHEIDop.*).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment, NavigableString, ProcessingInstruction, Tag

from parsers.extract.markup import NOTICE_LABEL, InlineReader, Letter, footnote_number, normalize
from parsers.model import Extracted, Labelled

_HEADER_CLASSES = ("kamervraagkop", "kamervraagnummer", "kamervraagomschrijving")
_NOT_TEXT = {"script", "style", "noscript", "template", "head"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def looks_like_letter(soup: BeautifulSoup) -> bool:
    return soup.find(class_=_letter_class) is not None


def _letter_class(value: str | None) -> bool:
    return bool(value) and (
        value in ("vraag", "antwoord", "kamervraagopmerking") or value.startswith(_HEADER_CLASSES)
    )


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return value.split() if isinstance(value, str) else list(value)


def extract_html(data: bytes, source: str, soup: BeautifulSoup | None = None) -> Extracted:
    soup = soup if soup is not None else BeautifulSoup(data, "lxml")
    letter = Letter(source=source, format="html")
    for meta in soup.find_all("meta"):
        letter.add_metadata(meta.get("name") or meta.get("property"), meta.get("content"))
    title = soup.find("title")
    if title is not None:
        letter.discard(title.get_text(), "HTML page title")
    walker = _Walker(letter)
    walker.notes(soup)
    walker.walk(soup.body or soup)
    if walker.outside:
        letter.discard(" ".join(walker.outside), "HTML outside the letter (page navigation)")
    if not letter.blocks:
        letter.warnings.append("the HTML holds no div.vraag, div.antwoord or opmerking")
    return letter.extracted()


class _Walker(InlineReader):
    def __init__(self, letter: Letter) -> None:
        self.letter = letter
        self.outside: list[str] = []
        self.mededeling = False

    def notes(self, soup: BeautifulSoup) -> None:
        """Footnote bodies first: their numbers are what the markers in the text link to."""
        taken: dict[int, str] = {}
        for note in soup.find_all(class_="noot"):
            if "voet" not in _classes(note) and not note.find(class_="nootnum"):
                continue
            mark = note.find(class_="nootnum")
            number = footnote_number(mark.get_text() if mark else None, taken, self.letter)
            taken[number] = ""
            caption = note.find(class_="note-close")
            if caption is not None:
                caption = caption if caption.name in _HEADINGS else caption.parent
                self.letter.discard(caption.get_text(" "), "footnote pop-up caption")
                caption.extract()
            if mark is not None:
                (mark.parent if mark.parent.name == "sup" else mark).extract()
            self.letter.add_footnote(number, self.inline(note))
            note.extract()

    def walk(self, element: Tag) -> None:
        for child in element.children:
            if isinstance(child, Comment | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                if child.strip():
                    self.outside.append(normalize(str(child)))
                continue
            if not isinstance(child, Tag) or child.name in _NOT_TEXT:
                continue
            classes = _classes(child)
            if any(c.startswith(_HEADER_CLASSES) for c in classes):
                text = self.inline(child)
                self.letter.add_header(text)
                if text.startswith("Mededeling van"):
                    self.mededeling = True
            elif "vraag" in classes:
                self.block("question", child)
            elif "antwoord" in classes:
                self.block("answer", child)
            elif "kamervraagopmerking" in classes:
                self.remark(child)
            elif "ondertekening" in classes:
                self.letter.discard(self.inline(child), "ondertekening: the signature")
            else:
                self.walk(child)

    def _label(self, element: Tag) -> Tag | None:
        first = next(iter(element.find_all(True, recursive=False)), None)
        if first is not None and (
            first.name in _HEADINGS or {"nummer", "nr"} & set(_classes(first))
        ):
            return first
        return None

    def block(self, kind: str, element: Tag) -> None:
        label = self._label(element)
        block = self.letter.start_block(kind, self.inline(label) if label is not None else "")
        self.body(block, element, skip=label)

    def remark(self, element: Tag) -> None:
        label = self._label(element)
        first = next(iter(element.find_all(True, recursive=False)), None)
        if label is None and first is not None and NOTICE_LABEL.match(self.inline(first)):
            label = first
        answered = any(b.kind in ("question", "answer") for b in self.letter.blocks)
        if label is None and answered and not self.mededeling:
            self.letter.discard(self.inline(element), "kamervraagopmerking: askers' note, no field")
            return
        block = self.letter.start_block("notice", self.inline(label) if label else "")
        self.body(block, element, skip=label)

    def body(self, block: Labelled, element: Tag, skip: Tag | None = None) -> None:
        for child in element.children:
            if child is skip or isinstance(child, Comment | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                self.letter.add_paragraph(block, str(child))
                continue
            if not isinstance(child, Tag) or child.name in _NOT_TEXT:
                continue
            if child.name in ("ul", "ol"):
                for item in child.find_all("li", recursive=False):
                    if item.find(["p", "ul", "ol"]) is not None:
                        self.body(block, item)
                    else:
                        self.letter.add_paragraph(block, self.inline(item))
            elif child.name == "table":
                for row in child.find_all("tr"):
                    cells = [self.inline(cell) for cell in row.find_all(["td", "th"])]
                    self.letter.add_paragraph(block, " | ".join(c for c in cells if c))
            elif "ondertekening" in _classes(child):
                self.letter.discard(self.inline(child), "ondertekening: the signature")
            elif child.find(["p", "ul", "ol", "table", "div"]) is not None:
                self.body(block, child)
            else:
                self.letter.add_paragraph(block, self.inline(child))

    def _inline(self, element: Tag, parts: list[str]) -> None:
        for child in element.children:
            if isinstance(child, Comment | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag) and child.name not in _NOT_TEXT:
                number = normalize(child.get_text())
                if number.isdigit() and (
                    "nootnum" in _classes(child)
                    or (child.name == "sup" and child.find(class_="nootnum") is not None)
                ):
                    parts.append(f"[^{int(number)}]")
                elif child.name == "br":
                    parts.append(" ")
                else:
                    if child.name in ("p", "li", "div", "td", "th"):
                        parts.append(" ")
                    self._inline(child, parts)
