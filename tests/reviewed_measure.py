"""Measure the parser against the hand-checked facts (tests/fixtures/<format>/<id>.reviewed.json).

Counts per format, the way the review log counts: an item (question or answer) is right
when the parser has an item with the same labels whose text starts with the facts' first
words and ends with their last words (words case-folded and reduced to letters and
digits, footnote references removed). OCR items are matched by their first label when no
item has the exact label list (see /work/wt/FACTS-NOTES.md).

    .venv/bin/python -m tests.reviewed_measure [-v]
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, ROOT

_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    if not text:
        return []
    text = re.sub(r"\[\^\d+\]", " ", text)
    out = []
    for word in text.split():
        folded = "".join(_WORD.findall(word.casefold()))
        if folded:
            out.append(folded)
    return out


def _letter_file(facts_path: Path) -> Path | None:
    stem = facts_path.name[: -len(".reviewed.json")]
    for suffix in (".txt", ".md", ".pdf"):
        candidate = facts_path.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


def _item_right(fact: dict[str, Any], text: str) -> bool:
    got = words(text)
    first, last = words(fact.get("first")), words(fact.get("last"))
    return got[: len(first)] == first and (not last or got[-len(last) :] == last)


def _match(fact_labels: list[str], items: list[tuple[list[str], str]], ocr: bool):
    for labels, text in items:
        if labels == fact_labels:
            return text
    if ocr:
        for labels, text in items:
            if labels and labels[0] == fact_labels[0]:
                return text
    return None


def measure(verbose: bool = False) -> dict[str, tuple[int, int]]:
    from parsers import parse_file

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    refs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for facts_path in sorted(FIXTURES.glob("*/*.reviewed.json")):
        letter_path = _letter_file(facts_path)
        if letter_path is None:
            continue
        fmt = facts_path.parent.name
        facts = json.loads(facts_path.read_text("utf-8"))
        parsed = parse_file(letter_path)
        ocr = fmt == "ocr-sgd"
        questions = [([q["number"]], q["text"]) for q in parsed["questions"]]
        answers = [(a["numbers"], a["text"]) for a in parsed["answers"]]
        for kind, items in (("questions", questions), ("answers", answers)):
            for i, fact in enumerate(facts.get(kind, [])):
                counts[fmt][1] += 1
                text = _match([str(x) for x in fact["labels"]], items, ocr)
                if text is not None and _item_right(fact, text):
                    counts[fmt][0] += 1
                elif verbose:
                    rel = letter_path.relative_to(ROOT)
                    got = " ".join(words(text)[:6]) + " … " + " ".join(words(text)[-6:])
                    print(
                        f"{rel} {kind}[{i}] {fact['labels']}: {fact.get('first')!r} … "
                        f"{fact.get('last')!r}; parser: {got if text is not None else None}"
                    )
        for note in facts.get("footnotes", []):
            refs[fmt][1] += 1
            if _reference_right(note, questions, answers):
                refs[fmt][0] += 1
            elif verbose:
                print(f"{letter_path.relative_to(ROOT)} footnote {note['number']} in {note['in']}")
    return {fmt: (right, total, *refs[fmt]) for fmt, (right, total) in sorted(counts.items())}


def _reference_right(note: dict[str, Any], questions, answers) -> bool:  # noqa: ANN001
    """[^N] stands in the item the facts name, right after the facts' words."""
    where = str(note.get("in") or "")
    kind, _, label = where.partition(" ")
    items = {"question": questions, "answer": answers}.get(kind)
    if items is None:
        return True  # "title", "header", "notice": not an item, not counted against items
    marker = f"[^{note['number']}]"
    after = words(note.get("after"))
    for labels, text in items:
        if label not in labels or marker not in text:
            continue
        for piece in text.split(marker)[:-1]:
            if not after or words(piece)[-len(after) :] == after:
                return True
    return False


def main(argv: list[str]) -> int:
    result = measure("-v" in argv)
    print("| format | items right | references right |")
    print("| --- | --- | --- |")
    sums = [0, 0, 0, 0]
    for fmt, row in result.items():
        sums = [a + b for a, b in zip(sums, row, strict=True)]
        print(f"| {fmt} | {_share(row[0], row[1])} | {_share(row[2], row[3])} |")
    print(f"| **all** | {_share(sums[0], sums[1])} | {_share(sums[2], sums[3])} |")
    return 0


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "—"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
