"""Table tests for each parser stage on hand-written inputs."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers import patterns as p
from parsers.clean import PAGE_END, join_lines, remove_furniture
from parsers.extract.text import decode, detect_text_format, fix_spaced_accents
from parsers.metadata import parse_date, read_header
from parsers.resolve import _mark_line, _marker_pattern, marker_matches, parse_labels
from parsers.segment import ocr_items


@pytest.mark.parametrize(
    ("printed", "labels"),
    [
        ("3 en 4", ["3", "4"]),
        ("3, 4 en 5", ["3", "4", "5"]),
        ("2 t/m 4", ["2", "3", "4"]),
        ("2 tot en met 4", ["2", "3", "4"]),
        ("1a", ["1a"]),
        ("2en4", ["2", "4"]),
        ("4en 5", ["4", "5"]),
        ("1,2,3,4 en 5", ["1", "2", "3", "4", "5"]),
        ("12", ["12"]),
    ],
)
def test_label_lists(printed: str, labels: list[str]) -> None:
    assert parse_labels(printed) == labels


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("(ingezonden 16 januari 2024)", "2024-01-16"),
        ("ontvangen 7 maart 2024", "2024-03-07"),
        ("Ingezonden 17februari 1993", "1993-02-17"),
        ("4 juli 1 990", "1990-07-04"),
        ("31 februari 2024", None),
        ("geen datum", None),
    ],
)
def test_dutch_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("line", "expected", "marked", "numbers"),
    [
        ("hebben afgeluisterd?1 ", 1, "hebben afgeluisterd?[^1] ", [1]),
        (
            "In mijn brief van 7 november 20231 heb ik",
            1,
            "In mijn brief van 7 november 2023[^1] heb ik",
            [1],
        ),
        ("Zo geeft NIS24 (Network", 4, "Zo geeft NIS2[^4] (Network", [4]),
        ("van Nederland 2022–202813. Deze", 13, "van Nederland 2022–2028[^13]. Deze", [13]),
        ("encryptie».5 De", 5, "encryptie».[^5] De", [5]),
        ("met Pegasus gehackte telefoon? 4", 4, "met Pegasus gehackte telefoon?[^4]", [4]),
        ("brief van 6 mei 2021.6", 6, "brief van 6 mei 2021.[^6]", [6]),
        ("een coalitie van 32 landen", 3, "een coalitie van 32 landen", []),
        ("Kamerstuk 19637, nr. 2726.", 6, "Kamerstuk 19637, nr. 2726.", []),
        ("zaak 2024Z18439 is", 9, "zaak 2024Z18439 is", []),
        ("zie https://example.nl/pagina2 hier", 2, "zie https://example.nl/pagina2 hier", []),
    ],
)
def test_glued_markers(line: str, expected: int, marked: str, numbers: list[int]) -> None:
    new_line, _next, found = _mark_line(line, expected)
    assert (new_line, found) == (marked, numbers)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["doorbre-", "ken"], "doorbreken"),
        (["IT-", "systemen"], "IT-systemen"),
        (["inlichtingen- en", "veiligheidsdiensten"], "inlichtingen- en veiligheidsdiensten"),
        (
            ["https://www.ncsc.nl/documenten/", "publicaties"],
            "https://www.ncsc.nl/documenten/publicaties",
        ),
        (["een", "twee"], "een twee"),
    ],
)
def test_join_lines(lines: list[str], joined: str) -> None:
    assert join_lines(lines) == joined


def test_furniture_goes_to_discarded_with_reason() -> None:
    discarded: list = []
    kept = remove_furniture(
        [
            "tekst loopt door",
            "",
            "ah-tk-20232024-1178",
            "ISSN 0921 - 7398",
            "’s-Gravenhage 2024",
            "",
            "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel",
            "",
            "2",
            "",
            "en verder",
        ],
        discarded,
    )
    assert kept == ["tekst loopt door", PAGE_END, "en verder"]
    assert [d.reason for d in discarded] == [
        "page footer",
        "colophon",
        "colophon",
        "page footer",
        "page number",
    ]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("AH 604\n2024Z17331\nAntwoord van minister X", "word-text"),
        ("Vragen van het lid X (PvdA). (Ingezonden 24 juni 1994)\n1Zullen", "ocr-text"),
        ("# 2\n\n#### Vergaderjaar\n\n**Vragen**\n", "pdf-markdown"),
        (
            "Vraag 1\nIs dat zo, of is het\nanders?\nAntwoord 1\nJa, want het is\nzo geregeld.",
            "pdf-text",
        ),
        # one paragraph a line and no page furniture: Word text without its export header
        ("Vraag 1\nIs dat zo?\nAntwoord 1\nJa.", "word-text"),
    ],
)
def test_text_format_is_told_from_content(text: str, fmt: str) -> None:
    assert detect_text_format(text) == fmt


def test_spaced_accent_is_put_back() -> None:
    assert fix_spaced_accents("het lid Kostic ´ (PvdD)") == "het lid Kostić (PvdD)"


@pytest.mark.parametrize("accent", list("´`¨ˆ˜¸ˇ"))
def test_every_spacing_accent_is_put_back(accent: str) -> None:
    """Every accent the pattern knows composes, also alone in a text (the function skips
    texts without any of them, so its list and the pattern's must agree)."""
    fixed = fix_spaced_accents("e" + accent)
    assert (
        len(fixed) == 1
        and fixed != "e"
        and unicodedata.combining(unicodedata.normalize("NFD", fixed)[-1])
    )


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("één".encode("utf-8-sig"), "één"),
        ("één".encode("latin-1"), "één"),
        (b"a\r\nb\rc", "a\nb\nc"),
    ],
)
def test_decoding(data: bytes, text: str) -> None:
    assert decode(data)[0] == text


def test_header_metadata() -> None:
    header = (
        "Vragen van de leden Olger van Dijk (Nieuw Sociaal Contract) en Pierik (BBB) aan de "
        "Staatssecretaris van Infrastructuur en Waterstaat en de Minister van Financiën over het "
        "bericht «Lelylijn» (ingezonden 14 november 2024).\nAntwoord van staatssecretaris Jansen "
        "(Infrastructuur en Waterstaat), mede namens de minister van Financiën (ontvangen 2 "
        "december 2024). Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 594"
    )
    meta = read_header(header, header, "x/ah-tk-20242025-700.txt")
    assert meta.askers == [
        {"name": "Olger van Dijk", "party": "Nieuw Sociaal Contract"},
        {"name": "Pierik", "party": "BBB"},
    ]
    assert meta.addressees == [
        "Staatssecretaris van Infrastructuur en Waterstaat",
        "Minister van Financiën",
    ]
    assert meta.title == "het bericht «Lelylijn»"
    assert (meta.submitted, meta.received) == ("2024-11-14", "2024-12-02")
    assert meta.responders[0] == {
        "role": "staatssecretaris",
        "name": "Jansen",
        "portfolio": "Infrastructuur en Waterstaat",
        "on_behalf": False,
    }
    assert meta.responders[1]["on_behalf"] is True
    assert meta.responders[1]["portfolio"] == "Financiën"
    assert meta.related == ["ah-tk-20242025-594"]
    assert (meta.id, meta.session, meta.number) == ("ah-tk-20242025-700", "2024-2025", "700")


def test_beiden_party_applies_to_both_askers() -> None:
    header = (
        "Vragen van de leden Yeşilgöz-Zegerius en Aartsen (beiden VVD) aan de minister over x "
        "(ingezonden 1 mei 2024)."
    )
    meta = read_header(header, header, "kv.txt")
    assert meta.askers == [
        {"name": "Yeşilgöz-Zegerius", "party": "VVD"},
        {"name": "Aartsen", "party": "VVD"},
    ]


# Text built from what OCR_ITEM reacts to: item numbers, combined labels, the punctuation
# and words it may follow, capitals and line breaks (TEST DATA, invented).
_OCR_PIECES = st.sampled_from(
    ["1", "2", "12", "3a", " ", "  ", "\n", ".", "?", "!", ")", "»", "’", ":", ";", "Ja ",
     "Ja-", "Nee ", "bJa ", " en ", ",", " t/m ", "a", "A", "Z", "«", "\u00a0", "٣"]
)  # fmt: skip


@given(st.lists(_OCR_PIECES, max_size=30).map("".join))
def test_ocr_items_are_what_finditer_finds(text: str) -> None:
    """segment.ocr_items tries the pattern only before digits; it must find exactly the
    matches of finditer, at the same places."""
    expected = [(m.span(), m.groupdict()) for m in p.OCR_ITEM.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in ocr_items(text)] == expected


# Pieces of lines around footnote markers (TEST DATA, invented).
_MARKER_PIECES = [" ", "  ", "\n", ".", ",", "?", "!", "»", "’", "”", ")", "(", "]", "[^1]",
                  ":", ";", "-", "/", "wetgeving", "Guardian", "NIS", "AB2", "AB", "2021", "2021.",
                  "a", "A", "nr. ", "december", "http://x/", "1", "12"]  # fmt: skip


@given(st.integers(min_value=1, max_value=12), st.data())
def test_a_marker_match_holds_its_number_after_spaces_and_commas(
    number: int, data: st.DataObject
) -> None:
    """_mark_line starts its search at the number's first occurrence, back over white space
    and commas; that finds every match only while no marker pattern takes other text
    before the number."""
    pieces = st.sampled_from([str(number)] * 8 + _MARKER_PIECES)
    line = "".join(data.draw(st.lists(pieces, max_size=20)))
    for match in _marker_pattern(number).finditer(line):
        assert re.sub(r"^[\s,]*", "", match[0]).startswith(str(number)), (line, match)


@given(st.integers(min_value=1, max_value=12), st.data())
def test_marker_matches_are_what_finditer_finds(number: int, data: st.DataObject) -> None:
    """resolve.marker_matches tries the marker pattern only around the number's digits; it
    must find exactly the matches of finditer, from any start."""
    pieces = st.sampled_from([str(number)] * 8 + _MARKER_PIECES)
    line = "".join(data.draw(st.lists(pieces, max_size=20)))
    pos = data.draw(st.integers(min_value=0, max_value=len(line)))
    expected = [m.span() for m in _marker_pattern(number).finditer(line, pos)]
    assert [m.span() for m in marker_matches(number, line, pos)] == expected


@pytest.mark.parametrize(
    ("number", "line"),
    [(11, "AB111 "), (1, "?11, 1 1"), (12, "NIS1212 en ?12"), (2, "]2,2, 2 ?  2")],
)
def test_marker_matches_with_overlapping_digits(number: int, line: str) -> None:
    """Occurrences of the number that overlap ("111" holds "11" twice): each is tried."""
    expected = [m.span() for m in _marker_pattern(number).finditer(line)]
    assert [m.span() for m in marker_matches(number, line)] == expected
