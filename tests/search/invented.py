"""Invented contract objects for the search tests: small, readable, and obviously not real."""

from __future__ import annotations

import copy
from typing import Any

_BASE: dict[str, Any] = {
    "schema": "kamervragen/1",
    "source": "invented/letter.txt",
    "format": "word-text",
    "kind": "answer",
    "house": "Tweede Kamer",
    "session": "2024-2025",
    "number": None,
    "title": None,
    "submitted": "2024-10-01",
    "received": "2024-11-05",
    "askers": [],
    "addressees": [],
    "responders": [],
    "related": [],
    "questions": [],
    "answers": [],
    "notice": None,
    "footnotes": [],
    "discarded": [],
    "warnings": [],
}


def invented_letter(letter_id: str, **fields: Any) -> dict[str, Any]:
    letter = copy.deepcopy(_BASE)
    letter["id"] = letter_id
    letter.update(fields)
    return letter


def invented_spyware_letter() -> dict[str, Any]:
    """Two questions, one combined answer, footnotes cited and uncited, a zaak number."""
    return invented_letter(
        "invented-spyware",
        title="het invented bericht over spyware bij gemeenten",
        askers=[{"name": "Verzonnen", "party": "Testpartij"}],
        responders=[
            {
                "role": "minister",
                "name": "Kaag",
                "portfolio": "Buitenlandse Zaken",
                "on_behalf": False,
            }
        ],
        questions=[
            {"number": "1", "text": "Zijn gemeenten gehackt met Pegasus?[^1]"},
            {"number": "2", "text": "Welke telefoons zijn onderzocht (zaak 2024Z18439)?"},
        ],
        answers=[{"numbers": ["1", "2"], "text": "Er zijn geen gehackte telefoons gevonden."}],
        footnotes=[
            {"number": 1, "text": "Invented: een voetnoot over Pegasus-software."},
            {"number": 2, "text": "Invented: een voetnoot die niemand aanhaalt, over kwallen."},
        ],
        discarded=[
            {"text": "AH 999\n2024Z99999\nAntwoord van minister Kaag", "reason": "header: parsed"}
        ],
    )
