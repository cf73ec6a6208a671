"""Property tests: random and corrupted input never escapes as anything but ParseError, and
whatever parses keeps every word (the conservation check of tests/helpers.py)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parsers import SCHEMA_PATH, ParseError, parse_bytes
from tests.conftest import corpus_files
from tests.helpers import Balance, conservation_errors, extracted_text

SCHEMA = json.loads(Path(SCHEMA_PATH).read_text(encoding="utf-8"))
# Markup (official XML/HTML) gets its noise inside text nodes: tests/test_official_xml.py.
TEXT_LETTERS = [p for p in corpus_files() if p.suffix not in (".pdf", ".xml", ".html")]
NOISE = st.lists(
    st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz0123456789 ?.,»«’()[]\n-")
        + [
            "Vraag 2",
            "Antwoord 3 en 4",
            "\n1\n",
            "2, 3 en 4",
            "ISSN 0921 - 7398",
            "ah-tk-20232024-1",
        ]
    ),
    max_size=20,
).map("".join)


def parse_or_refuse(data: bytes, name: str) -> dict | None:
    """The parse, or None when the parser refused with a ParseError that gives a reason."""
    try:
        letter = parse_bytes(data, name)
    except ParseError as error:
        assert str(error).strip(), "a ParseError must say why"
        return None
    jsonschema.validate(letter, SCHEMA)
    return letter


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_never_crashes(text: str) -> None:
    data = text.encode("utf-8", errors="replace")
    letter = parse_or_refuse(data, "random.txt")
    if letter is not None:
        assert conservation_errors(data.decode("utf-8"), letter) == {}


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(data: bytes) -> None:
    letter = parse_or_refuse(data, "random.bin")
    if letter is not None:
        assert conservation_errors(extracted_text(data, "random.bin"), letter) == {}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    letter=st.sampled_from(TEXT_LETTERS),
    inserts=st.lists(st.tuples(st.floats(0, 1), NOISE), min_size=1, max_size=5),
)
# Found by hypothesis (2026-12-01): a colophon glued to a word was split out of it.
@example(
    letter=next(p for p in TEXT_LETTERS if p.name == "ah-tk-20142015-698.txt"),
    inserts=[(0.0, "aISSN 0921 - 7398")],
)
def test_corpus_letters_with_noise_keep_every_word(letter: Path, inserts: list) -> None:
    text = letter.read_text("utf-8")
    for where, noise in inserts:
        at = int(where * len(text))
        text = text[:at] + noise + text[at:]
    parsed = parse_or_refuse(text.encode("utf-8"), letter.name)
    assert parsed is not None
    assert Balance.of(text, parsed).unexplained() == ([], [])
