"""The site's view of letters, on hand-written contract objects (no parsing involved)."""

from __future__ import annotations

from kamervragen.model import LetterView, build_groups, link_threads, official_url, slugify


def _letter(letter_id: str, kind: str, **fields: object) -> dict:
    base = {
        "schema": "kamervragen/1",
        "source": f"invented/{letter_id}.txt",
        "id": letter_id,
        "kind": kind,
        "submitted": "2024-01-10",
        "received": None,
        "askers": [{"name": "Van Haga", "party": "BVNL"}],
        "responders": [],
        "questions": [],
        "answers": [],
        "footnotes": [],
        "warnings": [],
        "related": [],
    }
    return {**base, **fields}


def test_questions_postponement_and_answer_share_one_timeline() -> None:
    questions = LetterView(_letter("kv-tk-2024Z00001", "questions"), "a.txt")
    notice = LetterView(
        _letter(
            "ah-tk-20232024-900", "postponement", submitted=None, askers=[], received="2024-02-01"
        ),
        "b.txt",
    )
    answer = LetterView(
        _letter(
            "ah-tk-20232024-1000", "answer", received="2024-03-01", related=["ah-tk-20232024-900"]
        ),
        "c.txt",
    )
    other = LetterView(_letter("kv-tk-2024Z00002", "questions", submitted="2024-01-11"), "d.txt")
    link_threads([answer, other, notice, questions])
    assert [x.id for x in answer.thread] == [questions.id, notice.id, answer.id]
    assert questions.thread is answer.thread
    assert other.thread == []


def test_combined_answer_anchors_and_groups() -> None:
    letter = LetterView(
        _letter(
            "ah-tk-20232024-1",
            "answer",
            received="2024-02-01",
            responders=[{"role": "minister", "name": "De Jonge", "portfolio": "Volkshuisvesting"}],
            questions=[{"number": n, "text": f"Vraag {n}?[^1]"} for n in ("1", "2")],
            answers=[{"numbers": ["1", "2"], "text": "Samen.[^1]"}],
            footnotes=[{"number": 1, "text": "Zie https://example.org/a?b=1&c=2."}],
        ),
        "x.txt",
    )
    answer = [b for b in letter.blocks if b.kind == "answer"]
    assert len(answer) == 1 and answer[0].anchor == "antwoord-1"
    assert answer[0].extra_anchors == ["antwoord-2"]
    assert [b.kind for b in letter.blocks] == ["question", "question", "answer"]
    assert 'href="https://example.org/a?b=1&amp;c=2"' in str(letter.footnotes[0].html)
    assert 'rel="noopener"' in str(letter.footnotes[0].html)
    groups = build_groups([letter])
    assert [g.url for g in groups["bewindspersoon"]] == ["bewindspersoon/de-jonge/"]
    assert groups["partij"][0].url == "partij/bvnl/"


def test_official_url_only_where_the_id_says_so() -> None:
    assert official_url("kv-tk-2024Z18439") == (
        "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z18439.html"
    )
    assert official_url("sgd-0000000417_tk_1994-1995") == (
        "https://zoek.officielebekendmakingen.nl/0000000417/ocr"
    )
    assert official_url("000_59376d724bb89b96") is None
    assert slugify("Nieuw Sociaal Contract") == "nieuw-sociaal-contract"
    assert slugify("Çelik") == "celik"


def test_combined_labels_read_as_a_list() -> None:
    letter = LetterView(
        _letter(
            "ah-tk-20232024-2",
            "answer",
            received="2024-02-01",
            questions=[{"number": n, "text": f"Vraag {n}?"} for n in ("1", "2", "3", "4")],
            answers=[
                {"numbers": ["1"], "text": "Ja."},
                {"numbers": ["2", "3", "4"], "text": "Samen."},
            ],
        ),
        "y.txt",
    )
    headings = [b.heading for b in letter.blocks if b.kind == "answer"]
    assert headings == ["Antwoord 1", "Antwoord 2, 3 en 4"]


def test_people_listed_by_surname_past_its_particles() -> None:
    names = ["Van der Burg", "Aartsen", "De Hoop Scheffer", "Dijk", "van Eijk", "Ceder"]
    letters = [
        LetterView(
            _letter(f"kv-tk-2024Z0{i:04d}", "questions", askers=[{"name": n, "party": "VVD"}]),
            f"{i}.txt",
        )
        for i, n in enumerate(names)
    ]
    listed = [g.name for g in build_groups(letters)["kamerlid"]]
    assert listed == ["Aartsen", "Van der Burg", "Ceder", "Dijk", "van Eijk", "De Hoop Scheffer"]
