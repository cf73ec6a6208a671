"""Last stage: paragraphs and the contract's JSON object.

Text fields hold plain text: paragraphs separated by a blank line, list items on their own
line, footnote references as [^N] where the marker stood (letter.schema.json).
"""

from __future__ import annotations

import re
import statistics
from typing import Any

from parsers import patterns as p
from parsers.clean import join_lines
from parsers.metadata import Metadata
from parsers.model import WORD_FORMATS, Discarded
from parsers.resolve import Resolved

SCHEMA_ID = "kamervragen/1"
_MARKERS_AT_END = re.compile(r"(?:\[\^\d+\])+$")


def paragraphs(lines: list[str], fmt: str, typical_width: float) -> str:
    """Printed lines to paragraphs; the format says what a line break means."""
    one_line_each = fmt in WORD_FORMATS or fmt == "ocr-text"
    result: list[list[list[str]]] = []  # paragraphs -> items -> lines
    current: list[list[str]] = []

    def close() -> None:
        nonlocal current
        if current:
            result.append(current)
            current = []

    previous = ""
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            close()
            previous = ""
            continue
        if one_line_each:
            close()
            current = [[line]]
            previous = line
            continue
        if p.BULLET.match(line):
            if current and not p.BULLET.match(current[-1][0]):
                close()
            current.append([line])
        elif (
            previous
            and len(previous) < 0.75 * typical_width
            and line.strip()[:1].isupper()
            and p.SENTENCE_END.search(_MARKERS_AT_END.sub("", previous))
        ):
            close()
            current = [[line]]
        elif (
            current
            and p.BULLET.match(current[-1][0])
            and previous
            and (p.SENTENCE_END.search(previous) and line.strip()[:1].isupper())
        ):
            close()
            current = [[line]]
        elif current:
            current[-1].append(line)
        else:
            current = [[line]]
        previous = line
    close()
    texts = ["\n".join(join_lines(item) for item in para) for para in result]
    return "\n\n".join(t for t in texts if t.strip())


def typical_line_width(lines: list[str]) -> float:
    widths = [len(x.rstrip()) for x in lines if len(x.strip()) > 20]
    return statistics.median(widths) if widths else 80.0


def to_json(
    source: str,
    fmt: str,
    meta: Metadata,
    resolved: Resolved,
    discarded: list[Discarded],
    warnings: list[str],
    width: float,
    postponed: bool = False,
) -> dict[str, Any]:
    questions = [
        {"number": item.labels[0], "text": paragraphs(item.lines, fmt, width)}
        for item in resolved.questions
    ]
    answers = [
        {"numbers": item.labels, "text": paragraphs(item.lines, fmt, width)}
        for item in resolved.answers
    ]
    notice = paragraphs(resolved.notice, fmt, width) if resolved.notice is not None else None
    # A postponement only when the text says so (`postponed`): an answer letter whose items
    # were not found stays an answer, with a warning (parsers.checks), never a silent notice.
    if answers:
        kind = "answer"
    elif postponed:
        kind = "postponement"
    elif questions:
        kind = "questions"
    else:
        kind = "answer" if meta.kind_hint == "answer" else "questions"
    return {
        "schema": SCHEMA_ID,
        "source": source,
        "format": fmt,
        "id": meta.id,
        "kind": kind,
        "house": meta.house,
        "session": meta.session,
        "number": meta.number,
        "title": meta.title,
        "submitted": meta.submitted,
        "received": meta.received,
        "askers": meta.askers,
        "addressees": meta.addressees,
        "responders": meta.responders,
        "related": meta.related,
        "questions": questions,
        "answers": answers,
        "notice": notice or None,
        "footnotes": [{"number": n, "text": t} for n, t in resolved.footnotes.items()],
        "discarded": [{"text": d.text, "reason": d.reason} for d in discarded if d.text.strip()],
        "warnings": warnings,
    }
