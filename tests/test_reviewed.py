"""The parser's output against what a person read in each corpus letter's source.

A regeneration of the golden files that contradicts a reviewed fact fails here. A fact the
review found the parser getting wrong is listed in the file's `known_errors` (with the
correct value in the fact itself): it is reported as an expected failure by name and counted
(`xfailed` in pytest's summary), and the run fails once the parser gets it right, so that the
entry is removed and the fact guards the fix.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from parsers import parse_bytes
from tests.conftest import corpus_files
from tests.reviewed import (
    SCHEMA_PATH,
    Fact,
    check,
    facts_path,
    load,
    real_letters,
    relative,
    reviewed_letters,
)

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
LETTERS = reviewed_letters()
KNOWN = [(letter, entry) for letter in LETTERS for entry in load(letter)["known_errors"]]


def ids(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@cache
def judged(letter: Path) -> dict[str, Fact]:
    parsed = parse_bytes(letter.read_bytes(), relative(letter))
    return {fact.name: fact for fact in check(load(letter), parsed)}


def test_every_corpus_letter_has_reviewed_facts() -> None:
    letters = real_letters()
    assert len(letters) >= 144, "tests/fixtures/MANIFEST.tsv lists the corpus letters"
    missing = [relative(facts_path(p)) for p in letters if not facts_path(p).exists()]
    assert not missing, f"{len(missing)} corpus letters have no reviewed facts: {missing}"


def test_every_facts_file_has_its_letter() -> None:
    facts = set(facts_path(p) for p in corpus_files())
    orphans = [f for f in SCHEMA_PATH.parent.glob("*/*.reviewed.json") if f not in facts]
    assert orphans == []


@pytest.mark.parametrize("letter", LETTERS, ids=ids)
def test_facts_file_is_well_formed(letter: Path) -> None:
    facts = load(letter)
    jsonschema.validate(facts, SCHEMA)
    assert facts["reviewed"]["against"] == relative(letter)
    names = [entry["fact"] for entry in facts["known_errors"]]
    assert len(names) == len(set(names)), "a fact is listed twice in known_errors"
    unknown = set(names) - set(judged(letter))
    assert not unknown, f"known_errors name facts this file does not have: {sorted(unknown)}"


@pytest.mark.parametrize("letter", LETTERS, ids=ids)
def test_parser_agrees_with_the_reviewed_facts(letter: Path) -> None:
    known = {entry["fact"] for entry in load(letter)["known_errors"]}
    wrong = [
        f"{f.name}: reviewed {f.expected!r}, parser {f.actual!r}"
        for f in judged(letter).values()
        if not f.right and f.name not in known
    ]
    assert not wrong, (
        f"{relative(letter)} contradicts its reviewed facts ({facts_path(letter).name}); "
        "fix the parser, or re-read the SOURCE if the fact is wrong (never copy the parser):\n"
        + "\n".join(wrong)
    )


def known_error(letter: Path, entry: dict[str, Any]) -> None:
    """One known error: an expected failure while the parser is wrong, a failure once it
    is right (the entry must then go)."""
    fact = judged(letter).get(entry["fact"])
    if fact is None:
        pytest.fail(f"{facts_path(letter).name} has no fact {entry['fact']!r}")
    if fact.right:
        pytest.fail(
            f"{entry['fact']} is now right in {relative(letter)}: remove it from known_errors "
            f"in {facts_path(letter).name}"
        )
    pytest.xfail(f"known error: {entry['why']} (parser gives {fact.actual!r})")


if KNOWN:  # no known errors at all: no test, rather than an empty (skipped) parameter set
    test_known_error = pytest.mark.parametrize(
        ("letter", "entry"), KNOWN, ids=[f"{ids(p)}:{e['fact']}" for p, e in KNOWN]
    )(known_error)
