"""Search test data: the real letters' golden contract objects, and SYNTHETIC letters made of them.

The golden files (``tests/fixtures/<format>/<id>.expected.json``) are the parser's output for
every corpus letter: real text, read here without parsing. ``synthetic_letters`` recombines
their sentences into more letters (ids ``synthetic-…``, marked SYNTHETIC in their title),
with made-up compounds, dossier and zaak numbers, for tests that need a few thousand pairs.
"""

from __future__ import annotations

import json
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

from parsers import pairs

ROOT = Path(__file__).resolve().parents[2]
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


@cache
def golden_letters() -> tuple[dict[str, Any], ...]:
    """One golden letter per id (several formats of one letter share it, as a site has one)."""
    letters: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / "tests" / "fixtures").glob("*/*.expected.json")):
        letter = json.loads(path.read_text(encoding="utf-8"))
        if letter.get("schema") == "kamervragen/1":
            letters.setdefault(letter["id"], letter)
    return tuple(letters.values())


def synthetic_letters(count: int, seed: int = 9) -> list[dict[str, Any]]:
    """SYNTHETIC letters: sentences of the real ones, recombined, with numbers made up."""
    rng = random.Random(seed)
    real = golden_letters()
    questions, answers, words = [], [], []
    for letter in real:
        for pair in pairs(letter):
            questions += [s for s in _SENTENCE.split(pair.question or "") if s]
            answers += [s for s in _SENTENCE.split(pair.answer or "") if s]
    for sentence in answers:
        words += [w for w in sentence.split() if w.isalpha() and len(w) > 4]
    titles = [x["title"] for x in real if x.get("title")]
    askers = [a for x in real for a in x["askers"]]
    responders = [r for x in real for r in x["responders"]]
    out = []
    for i in range(count):
        year = rng.randint(1995, 2025)
        n = rng.randint(1, 12)

        def text(pool: list[str], low: int, high: int) -> str:
            chosen = " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))
            if rng.random() < 0.3:
                dossier = f"{rng.randint(21, 36)} {rng.randint(100, 999)}"
                chosen += f" Zie Kamerstuk {dossier}, nr. {rng.randint(1, 40)}."
            if rng.random() < 0.3:
                chosen += f" Over {(rng.choice(words) + rng.choice(words)).lower()}."
            return chosen

        out.append(
            {
                "schema": "kamervragen/1",
                "source": f"synthetic/{i}.txt",
                "format": "synthetic",
                "id": f"synthetic-{i:05d}",
                "kind": "answer",
                "house": "Tweede Kamer",
                "session": None,
                "number": None,
                "title": f"SYNTHETIC {rng.choice(titles)}",
                "submitted": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "received": None,
                "askers": rng.sample(askers, min(2, len(askers))),
                "addressees": [],
                "responders": [rng.choice(responders)],
                "related": [],
                "questions": [
                    {"number": str(k + 1), "text": text(questions, 1, 2)} for k in range(n)
                ],
                "answers": [
                    {"numbers": [str(k + 1)], "text": text(answers, 1, 5)} for k in range(n)
                ],
                "notice": None,
                "footnotes": [],
                "discarded": [{"text": f"{year}Z{rng.randint(10000, 99999)}", "reason": "test"}],
                "warnings": [],
            }
        )
    return out
