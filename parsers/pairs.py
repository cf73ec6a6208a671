"""Question/answer pairs of a parsed letter: the unit a reader links to and a search finds.

The site and the search index both need the same pairing, and it follows from the contract
alone, so it lives here as a pure function over the contract's JSON object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SLUG_UNSAFE = re.compile(r"[^0-9a-z]+")


def label_slug(label: str) -> str:
    """URL- and anchor-safe form of a printed label: '2a' -> '2a', '1 bis' -> '1-bis'."""
    return _SLUG_UNSAFE.sub("-", label.strip().lower()).strip("-") or "x"


def letter_permalink(letter_id: str) -> str:
    """A letter's page, relative to the site root; URLs come from the id alone (README)."""
    return f"brief/{letter_id}/"


def pair_permalink(letter_id: str, slug: str) -> str:
    """A question/answer pair's page: the site writes it, the search index links to it."""
    return f"{letter_permalink(letter_id)}{slug}/"


@dataclass(frozen=True)
class Pair:
    """One question with the answer that covers it (or an answer without its question).

    `slug` is stable for a given letter: it comes from the printed label, so adding letters
    or re-parsing never moves a permalink. `shares_answer_with` lists the other labels a
    combined answer covers ('Antwoord 3 en 4' -> pair 3 shares with ['4']).
    """

    slug: str
    label: str
    question: str | None
    answer: str | None
    answer_numbers: tuple[str, ...]
    shares_answer_with: tuple[str, ...]
    answer_is_last: bool


def pairs(letter: dict[str, Any]) -> list[Pair]:
    """Pairs in document order: every question once, then answers no question claimed."""
    answers = letter.get("answers", [])
    by_label: dict[str, dict[str, Any]] = {}
    for answer in answers:
        for number in answer["numbers"]:
            by_label.setdefault(number, answer)

    present = {q["number"] for q in letter.get("questions", [])}
    result: list[Pair] = []
    seen_slugs: set[str] = set()
    claimed: set[int] = set()
    for question in letter.get("questions", []):
        label = question["number"]
        answer = by_label.get(label)
        numbers = tuple(answer["numbers"]) if answer else ()
        if answer is not None:
            claimed.add(id(answer))
        slug = _unique(label_slug(label), seen_slugs)
        result.append(
            Pair(
                slug=slug,
                label=label,
                question=question["text"],
                answer=answer["text"] if answer else None,
                answer_numbers=numbers,
                shares_answer_with=tuple(n for n in numbers if n != label),
                answer_is_last=bool(numbers) and [n for n in numbers if n in present][-1] == label,
            )
        )
    for answer in answers:
        if id(answer) in claimed:
            continue
        label = answer["numbers"][0]
        slug = _unique(label_slug(label), seen_slugs)
        result.append(
            Pair(
                slug=slug,
                label=label,
                question=None,
                answer=answer["text"],
                answer_numbers=tuple(answer["numbers"]),
                shares_answer_with=tuple(answer["numbers"][1:]),
                answer_is_last=True,
            )
        )
    return result


def _unique(slug: str, seen: set[str]) -> str:
    """A label printed twice (a parser warning case) still gets two distinct permalinks."""
    candidate, n = slug, 2
    while candidate in seen:
        candidate = f"{slug}-{n}"
        n += 1
    seen.add(candidate)
    return candidate
