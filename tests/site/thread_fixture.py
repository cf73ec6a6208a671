"""TEST DATA: real corpus letters re-cut into a question letter, a postponement notice, an
answer and a later "nader antwoord", so a build has a whole thread to link.

Source: the official answer ah-tk-20232024-1178 (Sneller, D66, "quantumproof encryptie",
ingezonden 16 januari 2024, ontvangen 7 maart 2024, "Zie ook Aanhangsel … 1028"), as poppler's
text in tests/fixtures/pdftotext/. Its header and questions become a Word-style question letter
(zaak 2024Z00448 is INVENTED for the test); the Word notice ah-tk-20242025-600 lends its
wording to a notice numbered 1028 (the number the answer points to); two of its answers become
a Word-style "nader antwoord" with the same invented zaak. Every file says TEST DATA in its
first line and lives under testdata-thread/ in a temporary content folder, never in content/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "tests" / "fixtures" / "pdftotext" / "ah-tk-20232024-1178.txt"
ZAAK = "2024Z00448"  # invented for the test
QUESTION_FILE = "kv-tk-2024Z00448.txt"
NOTICE_ID = "ah-tk-20232024-1028"
ANSWER_ID = "ah-tk-20232024-1178"
LATER_ID = "ah-tk-20232024-1300"
UNLINKED_ID = "kv-tk-2024Z18882"  # a real question letter with no answer in the archive


def _blocks(text: str) -> tuple[list[str], list[str]]:
    """The answer letter's questions and answers, in order ("Vraag N" / "Antwoord N")."""
    body = text[text.index("\nVraag 1\n") :]
    parts = re.split(r"\n(Vraag|Antwoord) \d+\n", body)
    questions, answers = [], []
    for label, chunk in zip(parts[1::2], parts[2::2], strict=True):
        chunk = re.sub(r"\n(?:Tweede Kamer|ah-tk-|Aanhangsel).*", "", chunk).strip()
        (questions if label == "Vraag" else answers).append(" ".join(chunk.split()))
    return questions, answers


def write_thread(content: Path) -> None:
    """The four letters of one thread, plus a links sidecar, under content/testdata-thread/."""
    folder = content / "testdata-thread"
    folder.mkdir(parents=True, exist_ok=True)
    text = SOURCE.read_text(encoding="utf-8")
    (folder / f"{ANSWER_ID}.txt").write_text(text, encoding="utf-8")
    questions, answers = _blocks(text)
    numbered = "\n\n".join(f"{i}. {q}" for i, q in enumerate(questions, 1))
    (folder / QUESTION_FILE).write_text(
        f"{ZAAK}\n\n(ingezonden 16 januari 2024)\n\n"
        "Vragen van het lid Sneller (D66) aan de staatssecretaris van Binnenlandse Zaken en "
        "Koninkrijksrelaties en de minister van Justitie en Veiligheid over quantumproof "
        f"encryptie\n\n{numbered}\n\nTEST DATA: re-cut from {ANSWER_ID} (tests/site/"
        "thread_fixture.py); the zaak number is invented.\n",
        encoding="utf-8",
    )
    (folder / f"{NOTICE_ID}.txt").write_text(
        "AH 1028\n"
        f"{ZAAK}\n"
        "Mededeling van staatssecretaris Van Huffelen (Binnenlandse Zaken en "
        "Koninkrijksrelaties) (ontvangen 6 februari 2024)\n\n"
        "De vragen van het lid Sneller (D66) over quantumproof encryptie "
        f"({ZAAK}) kunnen niet binnen de gebruikelijke termijn worden beantwoord, omdat de "
        "benodigde afstemming meer tijd behoeft. Ik zal uw Kamer zo spoedig mogelijk de "
        "antwoorden op de vragen doen toekomen.\n\n"
        "TEST DATA: wording of ah-tk-20242025-600, names and dates of "
        f"{ANSWER_ID} (tests/site/thread_fixture.py).\n",
        encoding="utf-8",
    )
    (folder / f"{LATER_ID}.txt").write_text(
        "AH 1300\n"
        f"{ZAAK}\n"
        "Antwoord van staatssecretaris Van Huffelen (Binnenlandse Zaken en "
        "Koninkrijksrelaties) (ontvangen 21 maart 2024)\n\n"
        f"Vraag 1\n{questions[0]}\n\nAntwoord op vraag 1\n{answers[0]}\n\n"
        f"Vraag 2\n{questions[1]}\n\nAntwoord op vraag 2\n{answers[1]}\n\n"
        f"TEST DATA: re-cut from {ANSWER_ID} as a nader antwoord (tests/site/"
        "thread_fixture.py).\n",
        encoding="utf-8",
    )


def write_sidecar(content: Path, zaak: str, documents: list[str]) -> Path:
    """A links sidecar as `kamervragen fetch --with-threads` writes it (TEST DATA)."""
    path = content / "testdata-links.threads.json"
    path.write_text(json.dumps([{"zaak": zaak, "documents": documents}]), encoding="utf-8")
    return path
