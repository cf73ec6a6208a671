"""The project's original sample letter, exactly as the parser issue specifies it."""

from __future__ import annotations

import pytest

from parsers import parse_file
from tests.conftest import FIXTURES

SEED = FIXTURES / "seed" / "000_59376d724bb89b96.txt"


@pytest.fixture(scope="module")
def seed() -> dict:
    return parse_file(SEED)


def test_responders_and_date(seed: dict) -> None:
    assert [(r["name"], r["portfolio"]) for r in seed["responders"]] == [
        ("Ollongren", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Kaag", "Buitenlandse Zaken"),
    ]
    assert seed["received"] == "2021-09-13"
    assert seed["kind"] == "answer"


def test_questions_and_answers(seed: dict) -> None:
    assert [q["number"] for q in seed["questions"]] == [str(n) for n in range(1, 9)]
    assert [a["numbers"] for a in seed["answers"]] == [
        ["1"],
        ["2"],
        ["3", "4"],
        ["5"],
        ["6"],
        ["7"],
        ["8"],
    ]


def test_interleaved_footnote_bodies_leave_answer_one(seed: dict) -> None:
    answer = seed["answers"][0]["text"]
    assert "aanvullend cybersurveillancegoederen in relatie tot mensenrechtenschendingen" in answer
    assert "Guardian" not in answer and "FT editor" not in answer
    bodies = {f["number"]: f["text"] for f in seed["footnotes"]}
    assert "FT editor among 180journalists" in bodies[1]
    assert "identified by clients of spyware firm | Surveillance | The Guardian" in bodies[1]
    assert bodies[2].startswith("The Guardian, 20 juli 2021")


def test_references_stand_where_the_markers_stood(seed: dict) -> None:
    questions = {q["number"]: q["text"] for q in seed["questions"]}
    answers = {a["numbers"][0]: a["text"] for a in seed["answers"]}
    assert "afgeluisterd?[^1]" in questions["1"]
    assert "companies?’[^2]" in questions["1"]
    assert "Pegasus-software?[^3]" in questions["3"]
    assert "telefoon?[^4]" in questions["5"]
    assert questions["6"].endswith("waarom niet?[^5]")
    assert "…6 mei 2021.[^6]"[1:] in answers["7"]
    assert questions["8"].endswith("aan wie?[^7]")
    where = {
        n: [
            k
            for k, t in {**questions, **{"a" + k: v for k, v in answers.items()}}.items()
            if f"[^{n}]" in t
        ]
        for n in range(1, 8)
    }
    assert where == {1: ["1"], 2: ["1"], 3: ["3"], 4: ["5"], 5: ["6"], 6: ["a7"], 7: ["8"]}


def test_footnote_bodies(seed: dict) -> None:
    bodies = {f["number"]: f["text"] for f in seed["footnotes"]}
    assert sorted(bodies) == [1, 2, 3, 4, 5, 6, 7]
    assert bodies[3] == (
        "De Volkskrant, dinsdag 21 juli 2021, ‘Spionage software uit Israël bedreigt de "
        "democratie, ook die van Nederland’."
    )
    assert (
        bodies[4]
        == "De Volkskrant, woensdag 21 juli 2021, ‘Telefoonhack om van lastpak af te komen’"
    )
    assert bodies[6] == "Kamerstuk 19637, nr. 2726."
    assert bodies[5] is None and bodies[7] is None


def test_numbers_in_text_are_not_markers(seed: dict) -> None:
    answer = seed["answers"][0]["text"]
    assert "coalitie van 32 landen" in answer
    assert "9 september 2021 in werking" in answer
