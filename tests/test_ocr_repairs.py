"""OCR pages (1909–1994): columns out of order, lost item numbers, footnote bodies from a
column's foot, and the old headers. Inputs are hand-written SYNTHETIC pages in the shapes
the corpus shows (tests/fixtures/ocr-sgd); each test names the shape it stands for."""

from __future__ import annotations

import pytest

from parsers import parse_bytes
from parsers.metadata import read_header
from parsers.ocr_layout import (
    asks_only,
    stitch_columns,
    take_displaced_questions,
    trailing_questions,
)

HEADER = (
    "Tweede Kamer der Staten-Generaal\n2\nVergaderjaar 1984-1985\nAanhangsel van de Handelingen\n"
    "241\nVragen van het lid Test (P.S.P.) over een proef. (Ingezonden 7 november 1984)\n"
)
ANSWER = (
    "Antwoord Antwoord van staatssecretaris Proef (Binnenlandse Zaken). "
    "(Ontvangen 26 november 1984) "
)


def _parse(text: str) -> dict:
    return parse_bytes(text.encode(), "synthetic-ocr-page.txt")


def test_a_block_starting_mid_sentence_joins_the_block_that_stops_mid_sentence() -> None:
    lines = [
        "Is het waar dat de proef is mislukt?",
        "het niet aanvaardbaar is, dat de proef achteraf wordt goedgekeurd?",
        "Deelt u de mening, dat bij de proef de normen gelden van het begin, en dat",
    ]
    assert stitch_columns(lines) == [
        "Is het waar dat de proef is mislukt?",
        "Deelt u de mening, dat bij de proef de normen gelden van het begin, en dat "
        "het niet aanvaardbaar is, dat de proef achteraf wordt goedgekeurd?",
    ]


def test_question_blocks_among_the_answers_go_back() -> None:
    answers = "1 Ja.\nZal deze opvatting een rol spelen in de besluitvorming?\n2 Nee."
    kept, moved = take_displaced_questions(answers)
    assert moved == ["Zal deze opvatting een rol spelen in de besluitvorming?"]
    assert kept == "1 Ja.\n2 Nee."
    assert asks_only("Indien dat zo is: a. Wie besloot? b. Waarom?")
    assert not asks_only("Het antwoord is nee. De reden is bekend. Waarom ook niet?")


def test_asking_paragraphs_after_the_last_question_are_the_next_questions() -> None:
    pieces = trailing_questions(["Bent u bereid? Zo neen, waarom niet?", "Indien niet, wat dan?"])
    assert pieces == [["Bent u bereid? Zo neen, waarom niet?"], ["Indien niet, wat dan?"]]
    assert len(trailing_questions(["Is dat zo?", "Dat blijkt uit het rapport."])) == 1


def test_scrambled_page_parses_into_its_items() -> None:
    """The shape of sgd-0000123333: question 3 without its number, question 4 and the
    footnote body after the answers."""
    page = (
        HEADER
        + "1 Is het waar, dat de staatssecretaris de proef een belemmering vindt?1\n"
        + "2 Geldt die opvatting ook voor de tweede proef?\n"
        + "Wordt de in vraag 1 bedoelde opvatting gedeeld door het kabinet?\n"
        + ANSWER
        + "1 en 2 Op de eerste vraag antwoord ik ontkennend.\n"
        + "3 en 4 Met mijn collega ben ik van mening dat de effecten een rol spelen.\n"
        + "Zal deze opvatting een rol spelen in de besluitvorming over de proef?\n"
        + "1 Zie «De Stem», 31 oktober j.l.\n"
    )
    letter = _parse(page)
    assert [q["number"] for q in letter["questions"]] == ["1", "2", "3", "4"]
    assert letter["questions"][3]["text"].startswith("Zal deze opvatting")
    assert [a["numbers"] for a in letter["answers"]] == [["1", "2"], ["3", "4"]]
    assert letter["answers"][1]["text"].endswith("een rol spelen.")
    assert letter["footnotes"] == [{"number": 1, "text": "Zie «De Stem», 31 oktober j.l."}]
    assert any("number was lost" in w for w in letter["warnings"])


def test_bare_ja_ends_its_answer() -> None:
    """sgd-0000011619: "1 Ja." and the next answer's paragraph without its number."""
    page = (
        HEADER
        + "1 Kent u de problemen?\n2 Waarom is dat zo gegaan?\n"
        + ANSWER
        + "1 Ja.\nToen de nota werd ontworpen, was dat nog niet bekend.\n"
    )
    letter = _parse(page)
    assert [a["numbers"] for a in letter["answers"]] == [["1"], ["2"]]
    assert letter["answers"][1]["text"].startswith("Toen de nota")


def test_an_item_number_read_as_8_for_3() -> None:
    page = (
        HEADER
        + "1. Is het waar?\n2. Zoo neen, wil de Minister het onderzoeken?\n"
        + "8. Zoo ja, is de Minister bereid tot overleg?\n"
        + ANSWER
        + "1. Ja.\n2. Nee.\n3. Ja.\n"
    )
    assert [q["number"] for q in _parse(page)["questions"]] == ["1", "2", "3"]


def test_footnote_body_glued_to_the_last_answer() -> None:
    """sgd-0000123758: "… kwijtgescholden. ' Nedergelegd op de Bibliotheek." """
    page = (
        HEADER
        + "1 Is het rapport bekend?\n2 Wat staat erin?\n"
        + ANSWER
        + "1 Ja, het rapport is bekend bij het BBI.'\n"
        + "2 Er staat in dat schuld is kwijtgescholden. ' Nedergelegd op de Bibliotheek.\n"
    )
    letter = _parse(page)
    assert letter["answers"][1]["text"].endswith("kwijtgescholden.")
    assert letter["footnotes"][0]["text"] == "Nedergelegd op de Bibliotheek."


@pytest.mark.parametrize(
    ("header", "responders"),
    [
        (
            "ANTWOORD van de heer Bakker, Minister van Verkeer en Waterstaat, mede namens "
            "de heer Polak, Minister van Justitie. (Ingezonden 11 november 1970.)",
            [("minister", "Bakker", False), ("minister", "Polak", True)],
        ),
        (
            "ANTWOORD van de heeren Heemskerk en Talma, Ministers van Justitie en van "
            "Landbouw, Nijverheid en Handel. (Ingezonden 23 November 1909.)",
            [("minister", "Heemskerk", False), ("minister", "Talma", False)],
        ),
        (
            "Antwoord van de heer Ter Beek, ministervan Defensie. (Ontvangen 9-2-1993)",
            [("minister", "Ter Beek", False)],
        ),
        (
            "Antwoord van minister president Lubbers (algemene zaken). (Ontvangen 19april 1991)",
            [("minister-president", "Lubbers", False)],
        ),
    ],
)
def test_old_responders(header: str, responders: list[tuple[str, str, bool]]) -> None:
    text = "Vragen van het lid X (Y) over z. (Ingezonden 1 oktober 1970.)\n" + header
    meta = read_header(text, text, "old.txt")
    assert [(r["role"], r["name"], r["on_behalf"]) for r in meta.responders] == responders


def test_old_header_numbers_sessions_and_askers() -> None:
    text = (
        "Vel 44.\n97\nTweede Kamer.\n78.\nVRAGEN van de heren Tans en Lamberts (beiden "
        "P.v.d.A.) over x. (Ingezonden 21 Januari 1927.)"
    )
    all_text = text + "\nHandelingen der Staten-Generaal, 1926—1927. II, Aanhangsel."
    meta = read_header(text, all_text, "old.txt")
    assert (meta.number, meta.session) == ("78", "1926-1927")
    assert meta.askers == [
        {"name": "Tans", "party": "P.v.d.A."},
        {"name": "Lamberts", "party": "P.v.d.A."},
    ]
    allen = "Vragen van de leden Van lersel. Van Amelsvoort en Gerritse (allen C.D.A.) over x."
    assert [a["name"] for a in read_header(allen, allen, "x").askers] == [
        "Van lersel",
        "Van Amelsvoort",
        "Gerritse",
    ]
    assert {a["party"] for a in read_header(allen, allen, "x").askers} == {"C.D.A."}


def test_answer_dated_before_the_questions_it_follows() -> None:
    """sgd-0000260653: the answer's own date first, the questions' date at the end."""
    text = (
        "3017. ANTWOORD van de heer Veldkamp, Minister van Sociale Zaken (ingezonden 14 mei "
        "1962), ten vervolge op de mededeling inzake de vragen van de heer Geuze (C.H.U.). "
        "(Ingezonden 7 mei 1962.)"
    )
    meta = read_header(text, text, "old.txt")
    assert (meta.submitted, meta.received) == ("1962-05-07", "1962-05-14")
