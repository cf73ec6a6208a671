"""The official PDF must parse at least as well as the same letter's extracted text.

tests/fixtures/pdf/ and tests/fixtures/pdftotext/ hold the same 13 letters, so every
difference between the two parses is a difference in what the extractors kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parsers import parse_file
from tests.conftest import FIXTURES

PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> set[str]:
    return set(WORD.findall(re.sub(r"\[\^\d+\]", "", text).lower()))


def references(letter: dict) -> list[int]:
    items = letter["questions"] + letter["answers"]
    return sorted(int(n) for item in items for n in re.findall(r"\[\^(\d+)\]", item["text"]))


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_pdf_parse_is_at_least_as_good_as_text(pdf: Path) -> None:
    from_pdf = parse_file(pdf)
    from_text = parse_file(FIXTURES / "pdftotext" / f"{pdf.stem}.txt")

    def labels(letter: dict) -> tuple[list, list]:
        return (
            [q["number"] for q in letter["questions"]],
            [a["numbers"] for a in letter["answers"]],
        )

    assert from_pdf["questions"] and from_pdf["answers"]
    assert labels(from_pdf) == labels(from_text)
    assert len(references(from_pdf)) >= len(references(from_text))
    assert sum(bool(f["text"]) for f in from_pdf["footnotes"]) >= sum(
        bool(f["text"]) for f in from_text["footnotes"]
    )
    assert len(from_pdf["warnings"]) <= len(from_text["warnings"])
    pairs = zip(
        from_pdf["questions"] + from_pdf["answers"],
        from_text["questions"] + from_text["answers"],
        strict=True,
    )
    for ours, theirs in pairs:
        a, b = words(ours["text"]), words(theirs["text"])
        assert len(a & b) / max(1, len(a | b)) > 0.9, (ours["text"][:60], theirs["text"][:60])
