"""Accounting helpers: does the parser's output hold every word of its input?"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

WORD = re.compile(r"[^\W_]+")
GLUED_PARTS = re.compile(r"\d+|[^\W\d_]+")


def fold(text: str) -> str:
    """Compare letters, not their encoding: strip accents and case, as a reader would."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def output_strings(letter: dict[str, Any]) -> list[str]:
    """Every string the parser produced, metadata included."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, int):
            found.append(str(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("source", "schema", "format", "warnings"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(letter)
    return found


def missing_characters(source_text: str, letter: dict[str, Any]) -> Counter[str]:
    """Letters and digits of the input that appear in no field and not in `discarded`."""
    have = Counter(c for s in output_strings(letter) for c in fold(s) if c.isalnum())
    need = Counter(c for c in fold(source_text) if c.isalnum())
    return need - have


def missing_words(source_text: str, letter: dict[str, Any]) -> list[str]:
    """Input words not found in the output's letter stream (hyphenation-proof)."""
    stream = "".join(c for s in output_strings(letter) for c in fold(s) if c.isalnum())
    words = {w for w in WORD.findall(fold(source_text)) if len(w) > 1}
    # A label, marker or footer glued to a word ("1Zullen", "wetgeving3", "motieISSN") is
    # split off on purpose: such a word counts as kept when both of its parts are.
    return sorted(w for w in words if w not in stream and not _kept_in_two_parts(w, stream))


def _kept_in_two_parts(word: str, stream: str) -> bool:
    if all(part in stream for part in GLUED_PARTS.findall(word)) and GLUED_PARTS.findall(word):
        return True
    return any(word[:i] in stream and word[i:] in stream for i in range(1, len(word)))
