"""Repairs for OCR'd pages (1909–1994) whose columns the OCR put out of order.

A printed Aanhangsel page has two or three columns: the questions, the answer header, the
answers, and the footnote bodies at the foot of a column. The OCR reads each column block
as a line, but not always in the printed order: a question may turn up among the answers,
the tail of a sentence before its head, a footnote body after the last answer. These
functions put such blocks back by what they are, not by where the OCR left them:

- a block that starts in lower case continues the block that stops mid-sentence;
- a block of questions ("…?") among the answers belongs to the questions;
- a block that starts with a footnote number lower than the answer it stands in is a
  footnote body from a column's foot;
- paragraphs asking questions after the last numbered question are the next questions
  (their numbers were lost), as every question is a numbered paragraph on these pages.
"""

from __future__ import annotations

import re

_ENDS = frozenset(".?!:;»”’\"')]")
_TRAILING_MARKER = re.compile(r"\s*(?:\d{1,2}|['’])$")
_LIST_ITEM = re.compile(r"^[a-z][.)]\s")
BODY_START = re.compile(
    r"^\s*(?:(?P<number>\d{1,2})\)?\s+(?=[A-ZÀ-Ý«\"'‘(])|(?P<apostrophe>['’])\s*(?=\S))"
)
# A body glued to the end of the last answer: "… kwijtgescholden. ' Nedergelegd op de
# Bibliotheek." (the superscript 1 read as an apostrophe).
BODY_AT_END = re.compile(
    r"(?<=[.?!»])\s+(?:(?P<number>\d)|(?P<apostrophe>['’]))\s*(?P<body>[A-ZÀ-Ý][^.?!]{0,120}\.?)\s*$"
)
# A reference line whose number the OCR lost, left after the last answer: "Zie The Star".
UNNUMBERED_REFERENCE = re.compile(r"^\s*Zie\s+\S[^?]{0,140}$")
_SENTENCES = re.compile(r"(?<=[.?!])\s+(?=[A-ZÀ-Ý«\d])")


def _ends_sentence(line: str) -> bool:
    """Ends with a full stop, "?", a quote …, after any footnote marker ("?1", "?'")."""
    text = line.rstrip()
    if text[-1:] in "0123456789'’":
        text = _TRAILING_MARKER.sub("", text)
    return text[-1:] in _ENDS


def stitch_columns(lines: list[str]) -> list[str]:
    """Move a block that starts mid-sentence (in lower case, after a finished sentence)
    to the block that stops mid-sentence, nearest after it, else nearest before it."""
    if not any(x.lstrip()[:1].islower() for x in lines):
        return lines  # no block starts mid-sentence: nothing to stitch
    lines = list(lines)
    filled = [i for i, x in enumerate(lines) if x.strip()]
    orphans = [
        i
        for k, i in enumerate(filled)
        if k > 0
        and len(lines[i].strip()) >= 30
        and lines[i].strip()[:1].islower()
        and not _LIST_ITEM.match(lines[i].strip())
        and _ends_sentence(lines[filled[k - 1]])
    ]
    dangling = [
        i
        for k, i in enumerate(filled)
        if len(lines[i].strip()) >= 60  # a sentence, not a table cell ("Totaal")
        and not _ends_sentence(lines[i])
        and (k + 1 == len(filled) or not lines[filled[k + 1]].strip()[:1].islower())
    ]
    moves: list[tuple[int, int]] = []
    for orphan in orphans:
        after = [d for d in dangling if d > orphan]
        before = [d for d in dangling if d < orphan]
        target = after[0] if after else (before[-1] if before else None)
        if target is None:
            continue
        dangling.remove(target)
        moves.append((orphan, target))
    if not moves:
        return lines
    moved = {orphan: "" for orphan, _ in moves}
    joined = {target: orphan for orphan, target in moves}
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in moved:
            continue
        if i in joined:
            out.append(line.rstrip() + " " + lines[joined[i]].strip())
        else:
            out.append(line)
    return out


def asks_only(line: str) -> bool:
    """A block of questions: it ends with "?" and at least half its sentences do."""
    text = _TRAILING_MARKER.sub("", line.strip())
    if not text.endswith("?") or re.match(r"^\s*(?:Antwoord|ANTWOORD|Mededeling)\b", text):
        return False
    text = re.sub(r"(?<=[?:;,])\s*[a-z][.)](?=\s)", "", text)  # "…geleid? b. Wie …"
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    asking = sum(1 for s in sentences if _TRAILING_MARKER.sub("", s.rstrip()).endswith("?"))
    return asking * 2 >= len(sentences)


def take_displaced_questions(text: str) -> tuple[str, list[str]]:
    """Question blocks the OCR put among the answers (or a notice): taken out, in order."""
    lines = text.split("\n")
    first = next((i for i, x in enumerate(lines) if x.strip()), len(lines))
    kept: list[str] = []
    moved: list[str] = []
    for i, line in enumerate(lines):
        if i > first and "?" in line[-4:] and asks_only(line):
            moved.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), moved


def footnote_body_start(line: str, below: int) -> int | None:
    """The footnote number a block starts with, if it is lower than `below` (the label of
    the answer it stands in): "1 Zie «De Stem», 31 oktober j.l." inside answer 3."""
    match = BODY_START.match(line)
    if match is None or "?" in line or len(line.strip()) > 300:
        return None
    number = 1 if match["apostrophe"] else int(match["number"])
    return number if number < below else None


def trailing_questions(lines: list[str]) -> list[list[str]]:
    """The last numbered question's paragraphs, cut where a paragraph asking a question
    follows one that asked: [[its own lines], [next question], …]."""
    pieces: list[list[str]] = [[]]
    previous = ""
    for line in lines:
        stripped = line.strip()
        if (
            stripped
            and previous
            and asks_only(previous)
            and stripped[:1].isupper()
            and asks_only(stripped)
            and pieces[-1]
        ):
            pieces.append([])
        pieces[-1].append(line)
        if stripped:
            previous = stripped
    return pieces
