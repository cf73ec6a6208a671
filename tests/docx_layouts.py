"""SYNTHETIC test data: corpus letters written as real Word documents (.docx).

Each letter's parse (tests/layouts.py's sources) is written with python-docx and lxml the
way Word stores it: questions as numbered list paragraphs whose numbers live only in
numbering.xml (an abstractNum with its level text, "%1." / "%1)" / "Vraag %1:", or a
numbered paragraph style), "restart numbering" as a new list instance with a start
override, footnote references as w:footnoteReference runs (with ids that are not the
numbers Word shows) and the bodies in a footnotes part. Every document says SYNTHETIC in
its core properties. Each must parse to the same questions, answers and footnotes as the
letter it was made from (tests/test_docx.py).

    .venv/bin/python -m tests.docx_layouts [OUT_DIR]   # the table; with OUT_DIR, the files
"""

from __future__ import annotations

import copy
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.layouts import MARKER, Layout, Source, _header_lines, _sequence, differences, facts

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
ID_OFFSET = 40  # footnote ids Word assigns are not the numbers it shows


@dataclass(frozen=True)
class DocxLayout:
    name: str
    numbering: str | None = "%1."  # level text of the question list; None: typed labels
    style_numbering: bool = False  # numbered through the "List Number" paragraph style
    question: str = "Vraag {n}"  # typed label when there is no numbering
    answer: str = "Antwoord"  # "Antwoord" alone, or a template with {n}
    header: str = "ah+zaak"


DOCX_LAYOUTS = [
    DocxLayout("list-dot-lone-antwoord"),
    DocxLayout("list-paren-antwoord-op-vraag", numbering="%1)", answer="Antwoord op vraag {n}"),
    DocxLayout("list-vraag-label", numbering="Vraag %1:", answer="Antwoord vraag {n}"),
    DocxLayout("list-number-style", style_numbering=True, header="none"),
    DocxLayout("typed-labels", numbering=None, answer="Antwoord op vraag {n}", header="zaak"),
]


def _p(doc, text: str = ""):  # noqa: ANN001, ANN202
    return doc.add_paragraph(text)


def _add_text(paragraph, text: str, notes: dict[int, int]) -> None:  # noqa: ANN001
    """Text with [^N] markers as runs and w:footnoteReference runs (id = N + offset)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    position = 0
    for match in MARKER.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        run = paragraph.add_run()
        r_pr = OxmlElement("w:rPr")
        style = OxmlElement("w:vertAlign")
        style.set(qn("w:val"), "superscript")
        r_pr.append(style)
        run._r.append(r_pr)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(notes[int(match[1])]))
        run._r.append(reference)
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _numbered(paragraph, num_id: int) -> None:  # noqa: ANN001
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    p_pr.append(num_pr)


class _Lists:
    """Question lists in numbering.xml: one abstractNum, a new instance per restart."""

    def __init__(self, doc, level_text: str) -> None:  # noqa: ANN001
        from lxml import etree

        self.root = doc.part.numbering_part.element
        self.abstract_id = 90
        abstract = etree.SubElement(self.root, f"{W}abstractNum")
        abstract.set(f"{W}abstractNumId", str(self.abstract_id))
        lvl = etree.SubElement(abstract, f"{W}lvl")
        lvl.set(f"{W}ilvl", "0")
        for name, value in (("start", "1"), ("numFmt", "decimal"), ("lvlText", level_text)):
            etree.SubElement(lvl, f"{W}{name}").set(f"{W}val", value)
        # abstractNum elements come before num elements in numbering.xml
        first_num = self.root.find(f"{W}num")
        if first_num is not None:
            first_num.addprevious(abstract)
        self.next_id = 90
        self.current: int | None = None

    def instance(self, start: int | None = None) -> int:
        from lxml import etree

        num = etree.SubElement(self.root, f"{W}num")
        num.set(f"{W}numId", str(self.next_id))
        etree.SubElement(num, f"{W}abstractNumId").set(f"{W}val", str(self.abstract_id))
        if start is not None:
            override = etree.SubElement(num, f"{W}lvlOverride")
            override.set(f"{W}ilvl", "0")
            etree.SubElement(override, f"{W}startOverride").set(f"{W}val", str(start))
        self.next_id += 1
        self.current = self.next_id - 1
        return self.current


def _footnotes_part(doc, bodies: dict[int, str | None], notes: dict[int, int]) -> None:  # noqa: ANN001
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    root = etree.Element(f"{W}footnotes", nsmap={"w": W_NS})
    for kind, note_id in (("separator", "-1"), ("continuationSeparator", "0")):
        note = etree.SubElement(root, f"{W}footnote")
        note.set(f"{W}type", kind)
        note.set(f"{W}id", note_id)
        etree.SubElement(etree.SubElement(etree.SubElement(note, f"{W}p"), f"{W}r"), f"{W}{kind}")
    for number, body in sorted(bodies.items()):
        note = etree.SubElement(root, f"{W}footnote")
        note.set(f"{W}id", str(notes[number]))
        p = etree.SubElement(note, f"{W}p")
        run = etree.SubElement(p, f"{W}r")
        etree.SubElement(run, f"{W}footnoteRef")
        if body:
            text = etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t")
            text.text = " " + body
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, blob, doc.part.package)
    doc.part.relate_to(part, FOOTNOTES_REL)


def laid_out_docx(letter: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """Footnotes referred to outside the items (in the header) get their reference at the
    header's end; Word numbers all references in reading order, so they are renumbered."""
    in_items: list[int] = []
    for _, item in _sequence(letter, Layout("docx")):
        in_items += [int(n) for n in MARKER.findall(item["text"]) if int(n) not in in_items]
    header_refs = sorted(n["number"] for n in letter["footnotes"] if n["number"] not in in_items)
    seen = header_refs + in_items
    mapping = dict(zip(seen, sorted(seen), strict=True))

    def renumber(text: str) -> str:
        return MARKER.sub(lambda m: f"[^{mapping[int(m[1])]}]", text)

    letter = copy.deepcopy(letter)
    for item in letter["questions"] + letter["answers"]:
        item["text"] = renumber(item["text"])
    for note in letter["footnotes"]:
        note["number"] = mapping[note["number"]]
    letter["footnotes"].sort(key=lambda n: n["number"])
    return letter, [mapping[n] for n in header_refs]


def build(letter: dict[str, Any], layout: DocxLayout, origin: str = "") -> bytes:
    """The letter as a .docx in `layout` (SYNTHETIC test data, said in its properties)."""
    import docx

    letter, header_refs = laid_out_docx(letter)
    doc = docx.Document()
    doc.core_properties.title = f"SYNTHETIC test data: {letter.get('id', '')}"
    doc.core_properties.comments = (
        f"SYNTHETIC test data made by tests/docx_layouts.py ({layout.name}) from the corpus "
        f"letter {origin}; not an official document"
    )
    notes = {n["number"]: n["number"] + ID_OFFSET for n in letter["footnotes"]}
    header = _header_lines(letter, Layout("docx", header=layout.header))
    for i, line in enumerate(header):
        paragraph = _p(doc)
        refs = "".join(f"[^{n}]" for n in header_refs) if i == len(header) - 1 else ""
        _add_text(paragraph, line + refs, notes)
    _p(doc)
    lists = _Lists(doc, layout.numbering or "%1.") if layout.numbering else None
    expected_number = 1
    pending: list[str] = []
    for kind, item in _sequence(letter, Layout("docx")):
        paragraphs = [x.strip() for x in item["text"].split("\n") if x.strip()]
        if kind == "question":
            label = item["number"]
            pending.append(label)
            first = _p(doc)
            if (lists or layout.style_numbering) and label.isdigit():
                if layout.style_numbering:
                    first.style = doc.styles["List Number"]
                    if int(label) != expected_number:  # numbering restarted at the label
                        # Word's "set numbering value": a new list instance with a start
                        # override, on this paragraph and the list's next ones.
                        lists = lists or _Lists(doc, "%1.")
                        _numbered(first, lists.instance(start=int(label)))
                    elif lists is not None and lists.current is not None:
                        _numbered(first, lists.current)
                elif lists.current is None or int(label) != expected_number:
                    _numbered(first, lists.instance(start=int(label)))
                else:
                    _numbered(first, lists.current)
                expected_number = int(label) + 1
                _add_text(first, paragraphs[0], notes)
            else:
                text = layout.question.replace("{n}", label)
                if lists or layout.style_numbering:
                    text = f"{label}."  # a label no list can number ("2a"): typed
                first.text = text
                _p(doc)
                _add_text(_p(doc), paragraphs[0], notes)
            for rest in paragraphs[1:]:
                _add_text(_p(doc), rest, notes)
        else:
            numbers = item["numbers"]
            lone = "{n}" not in layout.answer
            template = layout.answer if not lone or pending == numbers else "Antwoord {n}"
            joined = (
                ", ".join(numbers[:-1]) + " en " + numbers[-1] if len(numbers) > 1 else numbers[0]
            )
            _p(doc)
            _p(doc, template.replace("{n}", joined))
            for text in paragraphs:
                _add_text(_p(doc), text, notes)
            pending = []
        _p(doc)
    bodies = {n["number"]: n["text"] for n in letter["footnotes"]}
    if bodies:
        _footnotes_part(doc, bodies, notes)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def expected(letter: dict[str, Any]) -> dict[str, Any]:
    return facts(laid_out_docx(letter)[0])


def check(source: Source, layout: DocxLayout) -> list[str]:
    from parsers import parse_bytes

    data = build(source.letter, layout, source.name)
    parsed = parse_bytes(data, f"SYNTHETIC-docx-{layout.name}-{source.path.stem}.docx")
    return differences(expected(source.letter), facts(parsed))


# The SYNTHETIC .docx letters in content/docx/ (the default site shows footnote bodies read
# from a .docx): written by `python -m tests.docx_layouts --content`.
CONTENT_LETTERS = [
    ("pdftotext/ah-tk-20232024-1178", "list-dot-lone-antwoord"),
    ("pypdf/kv-tk-2024Z18559", "list-vraag-label"),
]


def content_name(source_name: str) -> str:
    return f"SYNTHETIC-docx-{source_name.split('/')[-1]}.docx"


def main(argv: list[str]) -> int:
    from tests.layouts import ROOT, sources

    found = sources()
    if argv[1:2] == ["--content"]:
        by_name = {s.name: s for s in found}
        layouts = {x.name: x for x in DOCX_LAYOUTS}
        out = ROOT / "content" / "docx"
        out.mkdir(exist_ok=True)
        for name, layout in CONTENT_LETTERS:
            data = build(by_name[name].letter, layouts[layout], name)
            (out / content_name(name)).write_bytes(data)
        return 0
    if len(argv) > 1 and argv[1] != "-v":
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        for source in found:
            for layout in DOCX_LAYOUTS:
                name = f"SYNTHETIC-docx-{layout.name}-{source.path.stem}.docx"
                (out / name).write_bytes(build(source.letter, layout, source.name))
        return 0
    rows = ["| .docx layout | letters | identical | differing |", "| --- | --- | --- | --- |"]
    bad_total = 0
    for layout in DOCX_LAYOUTS:
        bad = [(s.name, p) for s in found if (p := check(s, layout))]
        bad_total += len(bad)
        rows.append(f"| {layout.name} | {len(found)} | {len(found) - len(bad)} | {len(bad)} |")
        if "-v" in argv:
            for name, problems in bad:
                print(layout.name, name, problems[0][:300])
    print("\n".join(rows))
    return 1 if bad_total else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))


__all__ = ["DOCX_LAYOUTS", "DocxLayout", "build", "check", "expected", "re"]
