"""Property tests: random and corrupted input never escapes as anything but ParseError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParseError, parse_bytes
from tests.conftest import corpus_files
from tests.helpers import missing_characters, missing_words

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
    try:
        return parse_bytes(data, name)
    except ParseError:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_never_crashes(text: str) -> None:
    letter = parse_or_refuse(text.encode("utf-8", errors="replace"), "random.txt")
    if letter is not None:
        assert not missing_characters(text, letter)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(data: bytes) -> None:
    parse_or_refuse(data, "random.bin")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    letter=st.sampled_from(TEXT_LETTERS),
    inserts=st.lists(st.tuples(st.floats(0, 1), NOISE), min_size=1, max_size=5),
)
def test_corpus_letters_with_noise_keep_every_word(letter: Path, inserts: list) -> None:
    text = letter.read_text("utf-8")
    for where, noise in inserts:
        at = int(where * len(text))
        text = text[:at] + noise + text[at:]
    parsed = parse_or_refuse(text.encode("utf-8"), letter.name)
    assert parsed is not None
    assert not missing_characters(text, parsed)
    assert missing_words(text, parsed) == []
