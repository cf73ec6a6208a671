"""Checks that a parsed letter did not lose its items: never a silent empty letter.

A letter whose layout the segmenter does not know comes out with no questions and no
answers. Unseen Word letters once came out as postponements that way, every item lost and
nothing said. Two checks guard against it: the parser warns when the text it could not cut
into items has questions and answer labels, and the site reports any letter page with no
question/answer pair whose text is longer than a postponement notice.
"""

from __future__ import annotations

from typing import Any

from parsers import patterns as p
from parsers.pairs import pairs

NO_ITEMS = "no questions or answers found, but the text has"
# The longest postponement notice in the corpus is about 1,000 characters (an OCR'd
# Mededeling); a letter page without pairs holding more text than this lost its items.
NOTICE_MAX_CHARS = 1500
_NOT_BODY = ("header", "page footer", "page number", "colophon")


def says_postponed(header_kind: str | None, notice: str) -> bool:
    """A postponement is a Mededeling or a notice that says the answer will be late."""
    return header_kind == "postponement" or bool(p.POSTPONED.search(notice))


def lost_items_warning(body: str) -> str | None:
    """The warning for text that holds questions or answers the segmenter did not find."""
    signs = []
    questions = len(p.QUESTION_SENTENCE.findall(body))
    if questions:
        signs.append(f"{questions} question sentence(s) ending in '?'")
    answers = len(p.ANSWER_START.findall(body))
    if answers:
        signs.append(f"{answers} line(s) starting with 'Antwoord'")
    if not signs:
        return None
    return f"{NO_ITEMS} {' and '.join(signs)}: the layout was not recognised"


def empty_letter_problem(letter: dict[str, Any]) -> str | None:
    """Why a parsed letter looks like one that lost its items, or None.

    For the site build: a strict build fails on these, an ordinary build reports them.
    """
    for warning in letter.get("warnings", []):
        if warning.startswith(NO_ITEMS):
            return warning
    if pairs(letter):
        return None
    body = len(letter.get("notice") or "") + sum(
        len(d.get("text", ""))
        for d in letter.get("discarded", [])
        if not str(d.get("reason", "")).startswith(_NOT_BODY)
    )
    if body > NOTICE_MAX_CHARS:
        return (
            f"no question/answer pairs, but {body} characters of text: more than a "
            f"postponement notice ({NOTICE_MAX_CHARS}); items were probably lost"
        )
    return None
