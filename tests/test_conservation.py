"""Every word of every corpus letter lands in a field or in `discarded`, as often as the
input has it, and the output holds no word the input lacks (tests/helpers.py says how;
tests/test_mutation.py proves the check sees every single lost or invented word)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_bytes
from tests.conftest import ROOT, corpus_files
from tests.helpers import conservation_errors, input_text, invented_words, missing_words


@pytest.mark.parametrize("letter", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_word_is_lost_or_invented(letter: Path) -> None:
    parsed = parse_bytes(letter.read_bytes(), letter.relative_to(ROOT).as_posix())
    assert conservation_errors(input_text(letter), parsed) == {}


def _letter(**fields: object) -> dict:
    """An invented parser output with only what the check reads."""
    base: dict = {"questions": [], "answers": [], "footnotes": [], "discarded": [], "askers": []}
    return {**base, **fields}


def test_a_word_found_elsewhere_does_not_stand_in_for_a_lost_one() -> None:
    """ "overheid" lost while "over" and "heid" are elsewhere: the old two-halves rule
    called it kept."""
    source = "Vraag 1\nHeeft de overheid er over nagedacht? Wat is de heid?\n"
    output = _letter(
        questions=[{"number": "1", "text": "Heeft de er over nagedacht? Wat is de heid?"}],
        discarded=[{"text": "Vraag 1", "reason": "label: question 1"}],
    )
    assert missing_words(source, output) == ["overheid"]


def test_a_word_kept_once_for_two_in_the_input_is_lost_once() -> None:
    source = "Vraag 1\nKlopt het bericht? Welk bericht?\n"
    output = _letter(
        questions=[{"number": "1", "text": "Klopt het bericht? Welk?"}],
        discarded=[{"text": "Vraag 1", "reason": "label: question 1"}],
    )
    assert missing_words(source, output) == ["bericht"]


def test_an_invented_word_is_reported_in_text_and_in_metadata() -> None:
    source = "Vragen van het lid Jansen (D66).\nVraag 1\nKlopt het?\n"
    output = _letter(
        askers=[{"name": "Jansen", "party": "VVD"}],
        questions=[{"number": "1", "text": "Klopt het echt?"}],
        discarded=[
            {"text": "Vragen van het lid Jansen (D66).", "reason": "header"},
            {"text": "Vraag 1", "reason": "label: question 1"},
        ],
    )
    assert invented_words(source, output) == ["echt", "askers[0].party: vvd"]


def test_accepted_rearrangements() -> None:
    """Hyphenation across a line (or a page foot), a footnote marker glued to a word or to a
    number, a reference where OCR printed no digit: each accounted for, nothing else."""
    source = (
        "Vraag 1\nWat doet de Binnen-\nlandse Dienst sinds november 20231 met wetgeving2?\n"
        "1 Eerste bron.\n2 Tweede bron.\nAntwoord 1\nNiets'\n3 Derde bron.\n"
    )
    output = _letter(
        questions=[
            {
                "number": "1",
                "text": "Wat doet de Binnenlandse Dienst sinds november 2023[^1] met"
                " wetgeving[^2]?",
            }
        ],
        answers=[{"numbers": ["1"], "text": "Niets[^3]"}],
        footnotes=[
            {"number": 1, "text": "Eerste bron."},
            {"number": 2, "text": "Tweede bron."},
            {"number": 3, "text": "Derde bron."},
        ],
        discarded=[
            {"text": "Vraag 1", "reason": "label: question 1"},
            {"text": "Antwoord 1", "reason": "label: answer 1"},
        ],
    )
    assert conservation_errors(source, output) == {}
    # The same hyphen halves do not make up a word the input never broke there.
    output["answers"][0]["text"] = "Binnenlandse Niets[^3]"
    assert conservation_errors(source, output) == {"invented": ["binnenlandse"]}
