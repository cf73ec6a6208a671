"""The conservation check catches every lost and every invented word (mutation tests).

For every corpus letter: deleting any one word of four or more letters from any text field
of the parser's output must make the check fail, all of them, not a sample; and so must
inserting a word the input does not hold, into any field (text or metadata).

Speed: the check is a balance of word counts over the text fields, so a deletion from any
text field changes the balance the same way (`Balance.without`); each distinct word is
checked once per letter, and `test_shortcut_agrees_with_a_real_edit` proves on real edits of
the output that the shortcut gives the check's own verdict.
"""

from __future__ import annotations

import copy
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from parsers import parse_bytes
from tests.conftest import ROOT, corpus_files
from tests.helpers import (
    WORD,
    Balance,
    Source,
    conservation_errors,
    input_text,
    invented_in_metadata,
    metadata_fields,
    text_fields,
    text_words,
    words,
)

SHORTEST = 4
LETTERS = corpus_files()


@cache
def parsed(letter: Path) -> tuple[str, Source, dict[str, Any]]:
    output = parse_bytes(letter.read_bytes(), letter.relative_to(ROOT).as_posix())
    return input_text(letter), source_of(letter), output


@cache
def source_of(letter: Path) -> Source:
    return Source.of(input_text(letter))


@cache
def vocabulary(letter: Path) -> frozenset[str]:
    return frozenset(words(input_text(letter)))


@cache
def corpus_vocabulary() -> tuple[str, ...]:
    return tuple(
        sorted({w for p in LETTERS for w in vocabulary(p) if len(w) >= SHORTEST and w.isalpha()})
    )


@cache
def foreign_words(letter: Path, how_many: int = 3) -> tuple[str, ...]:
    """Real words from other corpus letters that this letter's input does not hold: what a
    mixed-up parse would plausibly bring in."""
    own = source_of(letter)
    pool = [w for w in corpus_vocabulary() if not own.holds_word(w)]
    return tuple(random.Random(letter.name).sample(pool, how_many))


def field_words(text: str) -> set[str]:
    return {w for w in text_words(text) if len(w) >= SHORTEST}


def ids(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("letter", LETTERS, ids=ids)
def test_every_deleted_word_is_caught(letter: Path) -> None:
    _, source, output = parsed(letter)
    balance = Balance.of(source, output)
    assert balance.holds(), "the unmutated letter must pass (see test_conservation.py)"
    verdicts: dict[str, bool] = {}
    tried = 0
    escaped = []
    for path, text in text_fields(output):
        for word in sorted(field_words(text)):
            if word not in verdicts:
                verdicts[word] = not balance.without(word).holds()
            tried += 1
            if not verdicts[word]:
                escaped.append(f"{path}: {word}")
    unique = [w for w in verdicts if source.counts[w] == 1]
    assert tried and unique, "a letter without words of four letters tests nothing"
    assert escaped == [], f"{len(escaped)} of {tried} deletions were not noticed"


@pytest.mark.parametrize("letter", LETTERS, ids=ids)
def test_every_inserted_word_is_caught(letter: Path) -> None:
    _, source, output = parsed(letter)
    balance = Balance.of(source, output)
    escaped = []
    for word in foreign_words(letter):
        for path, _ in text_fields(output):
            if balance.plus(word).holds():
                escaped.append(f"{path}: {word}")
        for path, text in metadata_fields(output):
            if path.endswith(".role"):
                continue  # a role is normalized, checked by the reviewed facts
            value = text.split()
            for at in (0, len(value) // 2, len(value)):
                edited = " ".join(value[:at] + [word] + value[at:])
                if not invented_in_metadata(source, path, edited):
                    escaped.append(f"{path} at {at}: {word}")
    assert escaped == []


def _delete_one(text: str, word: str) -> str | None:
    for match in WORD.finditer(text):
        if words(match.group()) == [word]:
            return text[: match.start()] + " " + text[match.end() :]
    return None


def _set(output: dict[str, Any], path: str, value: str) -> None:
    """Write `value` at a path such as "answers[2].text" or "discarded[0].text"."""
    target: Any = output
    steps = re.findall(r"(\w+)(?:\[(\d+)\])?", path)
    for i, (key, index) in enumerate(steps):
        last = i == len(steps) - 1
        if index:
            target = target[key]
            if last:
                target[int(index)] = value
            else:
                target = target[int(index)]
        elif last:
            target[key] = value
        else:
            target = target[key]


@pytest.mark.parametrize("letter", LETTERS, ids=ids)
def test_shortcut_agrees_with_a_real_edit(letter: Path) -> None:
    """Deletions, insertions and moves done on the output itself, checked from scratch, get
    the verdict the shortcut gives: fail, fail, and pass (a word moved to another field is
    still kept: the check is about words, the reviewed facts about where they stand)."""
    _, source, output = parsed(letter)
    balance = Balance.of(source, output)
    fields = list(text_fields(output))
    pick = random.Random(letter.name)
    tried = 0
    for path, field in pick.sample(fields, min(4, len(fields))):
        candidates = sorted(field_words(field))
        if not candidates:
            continue
        word = pick.choice(candidates)
        edited_text = _delete_one(field, word)
        assert edited_text is not None
        edited = copy.deepcopy(output)
        _set(edited, path, edited_text)
        assert conservation_errors(source, edited), f"{path}: deleting {word!r} passed"
        assert not balance.without(word).holds()
        other = pick.choice([p for p, _ in fields if p != path] or [path])
        _set(edited, other, dict(text_fields(edited))[other] + " " + word)
        assert conservation_errors(source, edited) == {}, f"{word!r} moved to {other}"
        assert balance.without(word).plus(word).holds()
        inserted = foreign_words(letter)[0]
        edited = copy.deepcopy(output)
        _set(edited, path, field + " " + inserted)
        assert conservation_errors(source, edited) == {"invented": [inserted]}
        assert not balance.plus(inserted).holds()
        tried += 1
    assert tried
