"""Word documents read as Word shows them: list numbers from numbering.xml, footnote
references numbered in reading order, bodies from the footnotes part. The .docx files are
SYNTHETIC test data written by tests/docx_layouts.py from corpus letters."""

from __future__ import annotations

import functools
import io
import zipfile

import pytest

from parsers import ParseError, parse_bytes
from tests.conftest import ROOT
from tests.docx_layouts import (
    CONTENT_LETTERS,
    DOCX_LAYOUTS,
    DocxLayout,
    build,
    check,
    content_name,
)
from tests.layouts import Source, sources


@functools.cache
def _sources() -> list[Source]:
    return sources()


def _one(name: str) -> Source:
    return next(s for s in _sources() if s.name == name)


@pytest.mark.parametrize("layout", DOCX_LAYOUTS, ids=lambda x: x.name)
def test_docx_layout_parses_like_the_original(layout: DocxLayout) -> None:
    failures = {s.name: problems for s in _sources() if (problems := check(s, layout))}
    assert not failures, f"{len(failures)} letters differ: " + "; ".join(
        f"{name}: {problems[0]}" for name, problems in list(failures.items())[:3]
    )


def test_list_numbers_come_from_numbering_xml_not_the_text() -> None:
    source = _one("word-text/ah-tk-20242025-616")
    data = build(source.letter, DOCX_LAYOUTS[0], source.name)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = archive.read("word/document.xml").decode()
    first = source.letter["questions"][0]["text"][:40]
    assert f"1. {first}" not in document and first in document  # the number is not typed
    letter = parse_bytes(data, "synthetic.docx")
    assert [q["number"] for q in letter["questions"]] == [
        q["number"] for q in source.letter["questions"]
    ]


def test_footnote_bodies_from_the_footnotes_part() -> None:
    source = _one("pdftotext/ah-tk-20232024-1178")
    letter = parse_bytes(build(source.letter, DOCX_LAYOUTS[0], source.name), "synthetic.docx")
    bodies = {n["number"]: n["text"] for n in letter["footnotes"]}
    assert len(bodies) == 15 and all(bodies.values())
    assert bodies[2].startswith("Forbes, Januari 25, 2023")
    assert "[^2]" in " ".join(x["text"] for x in letter["questions"] + letter["answers"])
    assert letter["format"] == "docx" and not letter["warnings"]


def test_docx_is_told_by_content_not_name() -> None:
    source = _one("word-text/ah-tk-20242025-601")
    data = build(source.letter, DOCX_LAYOUTS[1], source.name)
    assert parse_bytes(data, "letter.txt")["format"] == "docx"


def test_a_zip_that_is_no_word_document_is_a_clear_error() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hallo")
    with pytest.raises(ParseError, match="not a Word document"):
        parse_bytes(out.getvalue(), "x.docx")


def test_a_damaged_docx_is_a_clear_error() -> None:
    source = _one("word-text/ah-tk-20242025-601")
    data = build(source.letter, DOCX_LAYOUTS[0], source.name)
    with pytest.raises(ParseError):
        parse_bytes(data[: len(data) // 2], "x.docx")


@pytest.mark.parametrize("name", [n for n, _ in CONTENT_LETTERS])
def test_content_docx_letters_are_synthetic_and_have_footnote_bodies(name: str) -> None:
    path = ROOT / "content" / "docx" / content_name(name)
    with zipfile.ZipFile(path) as archive:
        assert "SYNTHETIC" in archive.read("docProps/core.xml").decode()
    letter = parse_bytes(path.read_bytes(), path.name)
    assert letter["footnotes"] and all(n["text"] for n in letter["footnotes"])
    assert letter["questions"] and not letter["warnings"]
