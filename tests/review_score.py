"""Accuracy against the reviewed facts, per format: `python -m tests.review_score`.

An item (question or answer) is right when a parsed item has its labels and its first and
last five words are the reviewed ones; a reference when its footnote marker stands in the
reviewed place (`in`) after the reviewed words (`after`). Known errors count as wrong: they
are. Reads only the facts files (tests/fixtures/<format>/<id>.reviewed.json) and parses the
letters; writes nothing. `--markdown` prints the table for README's "Accuracy" section.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from parsers import parse_bytes
from tests.reviewed import check, facts_path, item_scores, load, real_letters, relative

# README's rows: which fixture folders make up each format.
FORMATS = {
    "official PDF": ("pdf",),
    "PDF text (seed, pdftotext, Markdown, one-line)": ("seed", "pdftotext", "misc"),
    "PyPDF2 text": ("pypdf",),
    "Word text": ("word-text",),
    "OCR of scans, 1909–1994": ("ocr-sgd",),
}


def scores() -> dict[str, list[int]]:
    """Per fixture folder: letters, letters with facts, items right, items, references
    right, references, facts right, facts, known errors."""
    table: dict[str, list[int]] = defaultdict(lambda: [0] * 9)
    for letter in real_letters():
        row = table[letter.parent.name]
        row[0] += 1
        if not facts_path(letter).exists():
            continue
        facts = load(letter)
        judged = check(facts, parse_bytes(letter.read_bytes(), relative(letter)))
        counts = (1, *item_scores(facts, judged), sum(f.right for f in judged), len(judged))
        for i, n in enumerate((*counts, len(facts["known_errors"])), start=1):
            row[i] += n
    return dict(table)


def _share(right: int, total: int) -> str:
    return f"{right}/{total} ({100 * right / total:.1f}%)" if total else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="README table by format")
    markdown = parser.parse_args().markdown
    table = scores()
    total = [sum(col) for col in zip(*table.values(), strict=True)]
    if markdown:
        print("| format | letters reviewed | items right | references right |")
        print("| --- | --- | --- | --- |")
        rows = [
            (name, [sum(c) for c in zip(*(table.get(f, [0] * 9) for f in folders), strict=True)])
            for name, folders in FORMATS.items()
        ]
        for name, row in [*rows, ("**all**", total)]:
            print(f"| {name} | {row[1]}/{row[0]} | {_share(*row[2:4])} | {_share(*row[4:6])} |")
        return
    head = f"{'format':<11} {'reviewed':>9} {'items right':>19} {'references right':>17}"
    print(head + f" {'facts right':>19} {'known errors':>12}")
    for name, row in sorted(table.items()) + [("all", total)]:
        print(
            f"{name:<11} {row[1]:>4}/{row[0]:<4} {_share(*row[2:4]):>19} "
            f"{_share(*row[4:6]):>17} {_share(*row[6:8]):>19} {row[8]:>12}"
        )


if __name__ == "__main__":
    main()
