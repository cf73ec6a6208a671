"""Reviewed facts: what a person read in the source, compared with what the parser gives.

Golden files are snapshots of the parser's own output; the reviewed facts beside them
(`tests/fixtures/<format>/<id>.reviewed.json`, format in tests/fixtures/reviewed.schema.json)
are not, and `--regen-golden` never writes them. This module turns one facts file and one
parse into a list of named facts, each right or wrong; tests/test_reviewed.py asserts on them
and tests/review_score.py counts them.

Comparison rules (the agreed facts format, issue 12): words are normalized on both sides
(`[^N]` references removed, split on whitespace, each word case-folded and reduced to its
letters and digits, empty words dropped), so punctuation, case and quotes don't matter but
word boundaries and spelling do. Items are matched to the parser's items by their labels,
not by position, so one lost item does not make every later one wrong.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, ROOT, corpus_files

SCHEMA_PATH = FIXTURES / "reviewed.schema.json"
REFERENCE = re.compile(r"\[\^(\d+)\]")
EDGE = 5  # words at each end of an item
AFTER = 3  # words before a footnote marker


def facts_path(letter: Path) -> Path:
    return letter.with_name(letter.stem + ".reviewed.json")


def load(letter: Path) -> dict[str, Any]:
    return json.loads(facts_path(letter).read_text(encoding="utf-8"))


def reviewed_letters() -> list[Path]:
    return [p for p in corpus_files() if facts_path(p).exists()]


def real_letters() -> list[Path]:
    """The corpus letters as published (tests/fixtures/MANIFEST.tsv names their sources):
    each must have reviewed facts. Files written for tests (the official XML and HTML
    rendered from these letters, TEST DATA) are checked against their originals instead
    (tests/test_official_xml.py)."""
    manifest = (FIXTURES / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    listed = {FIXTURES / line.split("\t")[0] for line in manifest if line.strip()}
    return [p for p in corpus_files() if p in listed]


def norm(text: str | None) -> list[str]:
    """Words as the facts compare them (see the module docstring)."""
    if text is None:
        return []
    folded = (
        "".join(c for c in w.casefold() if c.isalnum()) for w in REFERENCE.sub("", text).split()
    )
    return [w for w in folded if w]


@dataclass(frozen=True)
class Fact:
    """One reviewed fact: its path in the facts file, the reviewed value, the parser's."""

    name: str
    expected: Any
    actual: Any
    right: bool


def check(facts: dict[str, Any], letter: dict[str, Any]) -> list[Fact]:
    """Every fact of a facts file, judged against one parse, in file order."""
    found: list[Fact] = []

    def add(name: str, expected: Any, actual: Any, right: bool | None = None) -> None:
        found.append(Fact(name, expected, actual, expected == actual if right is None else right))

    add("kind", facts["kind"], letter.get("kind"))
    add("submitted", facts["submitted"], letter.get("submitted"))
    add("received", facts["received"], letter.get("received"))
    add("askers", _askers(facts["askers"]), _askers(letter["askers"]))
    add("responders", _responders(facts["responders"]), _responders(letter["responders"]))

    parsed_items = {
        "questions": [((q["number"],), q["text"]) for q in letter.get("questions", [])],
        "answers": [(tuple(a["numbers"]), a["text"]) for a in letter.get("answers", [])],
    }
    for kind, items in parsed_items.items():
        expected_labels = [_labels(item["labels"]) for item in facts[kind]]
        add(f"{kind}.labels", expected_labels, [_labels(labels) for labels, _ in items])
        matched = _match(expected_labels, [_labels(labels) for labels, _ in items])
        for i, item in enumerate(facts[kind]):
            text = items[matched[i]][1] if matched[i] is not None else None
            for end, words in (("first", norm(text)[:EDGE]), ("last", norm(text)[-EDGE:])):
                add(f"{kind}[{i}].{end}", norm(item[end]), words if text is not None else None)

    parsed_notes = {f["number"]: f.get("text") for f in letter.get("footnotes", [])}
    add("footnotes.numbers", sorted(f["number"] for f in facts["footnotes"]), sorted(parsed_notes))
    references = list(_references(letter))
    for i, note in enumerate(facts["footnotes"]):
        at = [(place, before) for number, place, before in references if number == note["number"]]
        places = [place for place, _ in at]
        add(f"footnotes[{i}].in", note["in"], places, note["in"] in places)
        after = norm(note["after"])
        befores = [before[-AFTER:] for _, before in at]
        add(f"footnotes[{i}].after", after, befores, any(_ends_with(b, after) for _, b in at))
        body = parsed_notes.get(note["number"])
        add(
            f"footnotes[{i}].body",
            None if note["body"] is None else norm(note["body"]),
            None if body is None else norm(body)[:EDGE],
        )
    return found


def _labels(labels: Any) -> tuple[str, ...]:
    return tuple(str(label).strip().casefold() for label in labels)


def _askers(people: list[dict[str, Any]]) -> list[list[Any]]:
    return [[norm(p["name"]), None if p.get("party") is None else norm(p["party"])] for p in people]


def _responders(people: list[dict[str, Any]]) -> list[list[Any]]:
    """Roles are a closed vocabulary ("minister-president"): compared exactly, in lower case."""
    return [[p["role"].strip().casefold(), norm(p["name"])] for p in people]


def _match(expected: list[tuple[str, ...]], parsed: list[tuple[str, ...]]) -> list[int | None]:
    """For each reviewed item, the index of the parser's item with the same labels (the
    n-th reviewed item with some labels gets the n-th parsed item with them)."""
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, labels in enumerate(parsed):
        where[labels].append(i)
    taken: dict[tuple[str, ...], int] = defaultdict(int)
    matched: list[int | None] = []
    for labels in expected:
        n = taken[labels]
        matched.append(where[labels][n] if n < len(where[labels]) else None)
        taken[labels] += 1
    return matched


def _references(letter: dict[str, Any]) -> Iterator[tuple[int, str, list[str]]]:
    """(footnote number, place as the facts name it, words before the marker) for every
    `[^N]` in the parser's output."""
    places: list[tuple[str, str]] = []
    if letter.get("title"):
        places.append(("title", letter["title"]))
    for item in letter.get("discarded", []):
        if item["reason"].startswith("header"):
            places.append(("header", item["text"]))
    places += [(f"question {q['number']}", q["text"]) for q in letter.get("questions", [])]
    places += [(f"answer {a['numbers'][0]}", a["text"]) for a in letter.get("answers", [])]
    if letter.get("notice"):
        places.append(("notice", letter["notice"]))
    for place, text in places:
        for match in REFERENCE.finditer(text):
            yield int(match.group(1)), place, norm(text[: match.start()])


def _ends_with(words: list[str], tail: list[str]) -> bool:
    return words[len(words) - len(tail) :] == tail if tail else not words


def item_scores(facts: dict[str, Any], judged: list[Fact]) -> tuple[int, int, int, int]:
    """(items right, items, references right, references) as the README counts them: an
    item is right when a parsed item has its labels and its first and last five words are
    right; a reference when the marker's place (`in`) and the words before it are right."""
    right = {f.name: f.right for f in judged}
    items = [(kind, i) for kind in ("questions", "answers") for i in range(len(facts[kind]))]
    items_right = sum(right[f"{k}[{i}].first"] and right[f"{k}[{i}].last"] for k, i in items)
    notes = range(len(facts["footnotes"]))
    refs_right = sum(right[f"footnotes[{i}].in"] and right[f"footnotes[{i}].after"] for i in notes)
    return items_right, len(items), refs_right, len(notes)


def relative(letter: Path) -> str:
    return letter.relative_to(ROOT).as_posix()
