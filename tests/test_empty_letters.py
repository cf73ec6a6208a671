"""Never a silent empty letter: a postponement only when the text says so, otherwise a
letter whose items were not found is warned about (and fails a strict site build)."""

from __future__ import annotations

import json

import pytest

from parsers import parse_bytes
from parsers.checks import NO_ITEMS, NOTICE_MAX_CHARS, empty_letter_problem
from tests.conftest import FIXTURES, corpus_files

# SYNTHETIC test data: an answer letter in a layout no segmenter knows ("V:" / "A:").
UNKNOWN_LAYOUT = """SYNTHETIC test letter
Antwoord van minister Test (Binnenlandse Zaken) (ontvangen 2 januari 2025)

V: Bent u bekend met het bericht over de test?
A: Ja.

V: Wat gaat u doen?
A: Niets.
"""


def test_unknown_layout_is_an_answer_with_a_warning_not_a_postponement() -> None:
    letter = parse_bytes(UNKNOWN_LAYOUT.encode(), "synthetic-unknown-layout.txt")
    assert letter["kind"] == "answer"
    assert [w for w in letter["warnings"] if w.startswith(NO_ITEMS)]
    assert "Wat gaat u doen?" in letter["notice"]  # the text is kept, shown on the page
    assert empty_letter_problem(letter)


def test_notice_that_says_postponed_is_a_postponement() -> None:
    letter = json.loads((FIXTURES / "word-text" / "ah-tk-20242025-600.expected.json").read_text())
    assert letter["kind"] == "postponement"
    assert empty_letter_problem(letter) is None


def test_zero_pairs_with_long_text_is_reported_by_the_site_check() -> None:
    letter = json.loads((FIXTURES / "word-text" / "ah-tk-20242025-600.expected.json").read_text())
    letter["notice"] = "Dit is geen uitstel. " * (NOTICE_MAX_CHARS // 10)
    problem = empty_letter_problem(letter)
    assert problem and "postponement notice" in problem


@pytest.mark.parametrize("letter", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_corpus_letter_with_questions_comes_out_empty(letter) -> None:
    parsed = json.loads(letter.with_name(letter.stem + ".expected.json").read_text("utf-8"))
    assert empty_letter_problem(parsed) is None, parsed["warnings"]
