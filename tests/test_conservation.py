"""Every word of every corpus letter lands in a field or in `discarded`."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_bytes
from parsers.extract import extract
from tests.conftest import ROOT, corpus_files
from tests.helpers import missing_characters, missing_words


def input_text(path: Path) -> str:
    """What the parser was given, as text: for a PDF, everything its extractor read."""
    extracted = extract(path.read_bytes(), path.name)
    parts = list(extracted.lines) + list(extracted.footnotes.values())
    parts += [str(n) for n in extracted.footnotes]
    parts += [d.text for d in extracted.discarded]
    return "\n".join(parts)


@pytest.mark.parametrize("letter", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_word_is_lost(letter: Path) -> None:
    parsed = parse_bytes(letter.read_bytes(), letter.relative_to(ROOT).as_posix())
    source = input_text(letter)
    assert not missing_characters(source, parsed)
    assert missing_words(source, parsed) == []


def test_the_check_notices_a_lost_word() -> None:
    """The conservation check itself must fail when a word goes missing."""
    letter = corpus_files()[0]
    parsed = parse_bytes(letter.read_bytes(), letter.name)
    source = input_text(letter) + "\n" + "zzzzzzzzzz" * 4
    assert missing_words(source, parsed) == ["z" * 40]
    assert missing_characters(source, parsed)
