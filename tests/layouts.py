"""SYNTHETIC test data: real corpus letters re-laid in the layouts Word exports produce.

The corpus's Word texts all come from one export path, so a parser that reads them all may
still lose whole letters laid out another way. This generator takes each corpus letter's
parse (Word text and PDF text alike: pdftotext, PyPDF2, the seed, Markdown) and writes it
again as Word text in many layouts: label styles ("Vraag 1" / "Antwoord op vraag 1" on
their own line, inline "Vraag 1: …", "Antwoord vraag 1 …", a bare number line with an
"Antwoord" line, "1." / "1)" items), combined labels in each style, blank-line
conventions, tabs, label case, header lines ("AH 602", zaak numbers) and footnote markers
("? 1)" / "[1]") with their bodies after the text. Each variant must parse to the same
questions, answers and footnotes as its source letter (tests/test_layouts.py).

Run it to print the table of variants × letters:

    .venv/bin/python -m tests.layouts
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SOURCE_FORMATS = ("word-text", "pdftotext", "pypdf", "seed", "misc")
MARKER = re.compile(r"\[\^(\d+)\]")
_AH_LINE = re.compile(r"^\s*AH\s+\d+\s*$")
_ZAAK_LINE = re.compile(r"^\s*\d{4}Z\d{5}\s*$")
_HEADER_START = re.compile(
    r"^\s*(?:\d+\s*)?(?:Nadere\s+|Mondelinge\s+)?(?:Vragen|Vraag|Antwoord|Mededeling)\s+van\b"
)


@dataclass(frozen=True)
class Layout:
    """How one Word export lays out a letter. `{n}` is replaced by the label(s)."""

    name: str
    question: str = "Vraag {n}"  # the question label; "{n}." etc. for numbered items
    question_inline: str | None = None  # separator when the label starts the text's line
    answer: str = "Antwoord {n}"  # "Antwoord" alone: answers the questions since the last
    answer_inline: str | None = None
    join: str = "en"  # combined labels: "3 en 4", "3, 4 en 5"; "t/m" for ranges of 3+
    case: str = "as-is"  # or "upper", "lower" (labels only)
    blank: str = "between"  # "between" blocks, "none", "all" lines, "double", "spaces"
    marker: str = "paren"  # "? 1)" or "[1]"
    header: str = "ah+zaak"  # "ah+zaak", "zaak", "ah", "none"
    order: str = "interleaved"  # or "questions-first"
    combined_questions: bool = False  # "Vraag 3 en 4" over one paragraph per question
    tabs: bool = False  # a tab after each label (Word's list tab), lines indented by tabs


LAYOUTS = [
    Layout("vraag-antwoord-lines"),
    Layout("antwoord-op-vraag", answer="Antwoord op vraag {n}"),
    Layout("antwoord-vraag", answer="Antwoord vraag {n}"),
    Layout("labels-with-colon", question="Vraag {n}:", answer="Antwoord {n}:"),
    Layout("inline-colon", question_inline=": ", answer_inline=": "),
    Layout(
        "inline-antwoord-vraag",
        question_inline=": ",
        answer="Antwoord vraag {n}",
        answer_inline=" ",
    ),
    Layout("inline-antwoord-op-vraag", answer="Antwoord op vraag {n}", answer_inline=": "),
    Layout("inline-dot", question="Vraag {n}", question_inline=". ", answer_inline=". "),
    Layout("lone-antwoord", answer="Antwoord"),
    Layout("lone-antwoord-colon", answer="Antwoord:"),
    Layout("antwoord-colon-inline", answer="Antwoord", answer_inline=": "),
    Layout("bare-number-line", question="{n}", answer="Antwoord"),
    Layout("bare-number-dot-line", question="{n}.", answer="Antwoord"),
    Layout("numbered-dot", question="{n}.", question_inline=" ", answer="Antwoord"),
    Layout("numbered-paren", question="{n})", question_inline=" ", answer="Antwoord:"),
    Layout("numbered-dot-answer-labels", question="{n}.", question_inline=" "),
    Layout(
        "numbered-tab",
        question="{n}.",
        question_inline="\t",
        answer="Antwoord op vraag {n}",
        tabs=True,
    ),
    Layout("upper-case", case="upper", answer="Antwoord op vraag {n}"),
    Layout("lower-case", case="lower"),
    Layout("no-blank-lines", blank="none", answer="Antwoord op vraag {n}"),
    Layout("blank-after-every-line", blank="all"),
    Layout("double-blank-lines", blank="double", answer="Antwoord vraag {n}"),
    Layout("whitespace-lines", blank="spaces", answer="Antwoord"),
    Layout("bracket-markers", marker="bracket", answer="Antwoord op vraag {n}"),
    Layout("zaak-header-only", header="zaak"),
    Layout("ah-header-only", header="ah", answer="Antwoord"),
    Layout("no-header-lines", header="none", answer="Antwoord op vraag {n}"),
    Layout("comma-joined-combined", join=",", answer="Antwoorden {n}"),
    Layout("range-combined", join="t/m", answer="Antwoord op de vragen {n}"),
    Layout("combined-question-labels", combined_questions=True),
    Layout("questions-first", order="questions-first", answer="Antwoord op vraag {n}"),
    Layout(
        "numbered-no-blank-lines",
        question="{n}.",
        question_inline=" ",
        answer="Antwoord",
        blank="none",
    ),
    Layout("tabs-in-labels", tabs=True, answer="Antwoord op vraag {n}"),
]


@dataclass
class Source:
    """A corpus letter's parse, the facts every variant must reproduce."""

    path: Path
    letter: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"


def sources() -> list[Source]:
    """Corpus letters with items, from Word text and every kind of PDF text."""
    from parsers import parse_bytes

    found = []
    for fmt in SOURCE_FORMATS:
        for path in sorted((FIXTURES / fmt).glob("*")):
            if path.suffix not in (".txt", ".md"):
                continue
            letter = parse_bytes(path.read_bytes(), path.relative_to(ROOT).as_posix())
            if letter["questions"] and letter["kind"] in ("answer", "questions"):
                found.append(Source(path, letter))
    return found


# --- rendering ---------------------------------------------------------------------------


def join_labels(labels: list[str], style: str) -> str:
    if len(labels) == 1:
        return labels[0]
    numbers = [int(x) for x in labels if x.isdigit()]
    consecutive = len(numbers) == len(labels) and numbers == list(
        range(numbers[0], numbers[0] + len(numbers))
    )
    if style == "t/m" and consecutive and len(labels) >= 3:
        return f"{labels[0]} t/m {labels[-1]}"
    if style == ",":
        return ", ".join(labels)
    return ", ".join(labels[:-1]) + " en " + labels[-1]


def _case(text: str, layout: Layout) -> str:
    if layout.case == "upper":
        return text.upper()
    if layout.case == "lower":
        return text.lower()
    return text


def _markers(text: str, layout: Layout) -> str:
    if layout.marker == "bracket":
        return MARKER.sub(r"[\1]", text)
    return MARKER.sub(r" \1)", text)


def _paragraph_lines(text: str, layout: Layout) -> list[str]:
    """Word writes a paragraph (and each list item) on one line."""
    lines = [_markers(x.strip(), layout) for x in text.split("\n") if x.strip()]
    if layout.tabs:
        lines = ["\t" + x if x[:1] in "-•" else x for x in lines]
    return lines


def _header_lines(letter: dict[str, Any], layout: Layout) -> list[str]:
    header = next((d["text"] for d in letter["discarded"] if d["reason"].startswith("header")), "")
    zaak = next((x.strip() for x in header.split("\n") if _ZAAK_LINE.match(x)), None)
    paragraphs: list[list[str]] = []
    started = False
    for raw in header.split("\n"):
        line = raw.strip()
        if not line or _AH_LINE.match(line) or _ZAAK_LINE.match(line):
            continue
        if _HEADER_START.match(line) or not started:
            paragraphs.append([line])
            started = started or bool(_HEADER_START.match(line))
        else:
            paragraphs[-1].append(line)
    lines = [re.sub(r"(?<=[a-z])- (?=[a-z])", "", " ".join(p)) for p in paragraphs]
    number = letter.get("number") or "602"
    zaak = zaak or f"2024Z{int(re.sub(r'[^0-9]', '', number) or 1) % 100000:05d}"
    top = {
        "ah+zaak": [f"AH {number}", zaak],
        "zaak": [zaak],
        "ah": [f"AH {number}"],
        "none": [],
    }[layout.header]
    return top + lines


def _label(template: str, labels: list[str], layout: Layout) -> str:
    return _case(template.replace("{n}", join_labels(labels, layout.join)), layout)


def _block(label: str | None, text: str, inline: str | None, layout: Layout) -> list[list[str]]:
    """A label and its text as paragraphs: [[label], [line], …] or [[label + line], …]."""
    lines = _paragraph_lines(text, layout)
    if label is None:
        return [[x] for x in lines]
    if layout.tabs and inline is None:
        label = label + "\t"
    if inline is not None and lines:
        return [[label + inline + lines[0]]] + [[x] for x in lines[1:]]
    return [[label]] + [[x] for x in lines]


def _sequence(letter: dict[str, Any], layout: Layout) -> Iterator[tuple[str, Any]]:
    """Questions and answers in print order: each answer after the last question it covers."""
    questions = [q for q in letter["questions"] if q["text"]]
    answers = [a for a in letter["answers"] if a["text"]]
    if layout.order == "questions-first":
        yield from (("question", q) for q in questions)
        yield from (("answer", a) for a in answers)
        return
    position = {q["number"]: i for i, q in enumerate(questions)}
    emitted = 0
    for answer in answers:
        covered = [position[n] for n in answer["numbers"] if n in position]
        while covered and emitted <= max(covered):
            yield "question", questions[emitted]
            emitted += 1
        yield "answer", answer
    while emitted < len(questions):
        yield "question", questions[emitted]
        emitted += 1


def laid_out(letter: dict[str, Any], layout: Layout) -> dict[str, Any]:
    """The letter as `layout` prints it: Word numbers footnotes in reading order, so a
    layout that reorders items renumbers the markers in them (and their bodies)."""
    seen: list[int] = []
    for _, item in _sequence(letter, layout):
        seen += [int(n) for n in MARKER.findall(item["text"]) if int(n) not in seen]
    mapping = dict(zip(seen, sorted(seen), strict=True))
    if all(a == b for a, b in mapping.items()):
        return letter

    def renumber(text: str) -> str:
        return MARKER.sub(lambda m: f"[^{mapping.get(int(m[1]), int(m[1]))}]", text)

    return {
        **letter,
        "questions": [{**q, "text": renumber(q["text"])} for q in letter["questions"]],
        "answers": [{**a, "text": renumber(a["text"])} for a in letter["answers"]],
        "footnotes": sorted(
            ({**n, "number": mapping.get(n["number"], n["number"])} for n in letter["footnotes"]),
            key=lambda n: n["number"],
        ),
    }


def render(letter: dict[str, Any], layout: Layout) -> str:
    """The letter as Word text in `layout` (SYNTHETIC: marked so in the file name)."""
    letter = laid_out(letter, layout)
    blocks: list[list[list[str]]] = []  # blocks -> paragraphs -> lines
    pending: list[str] = []  # questions since the last answer (for a lone "Antwoord")
    items = list(_sequence(letter, layout))
    i = 0
    while i < len(items):
        kind, item = items[i]
        if kind == "question":
            group = [item]
            if layout.combined_questions:
                group = _combined_group(items, i, letter)
            labels = [q["number"] for q in group]
            pending += labels
            if len(group) > 1:
                label = _label("Vraag {n}", labels, layout)
                paragraphs = [[label]] + [
                    [x] for q in group for x in _paragraph_lines(q["text"], layout)
                ]
                blocks.append(paragraphs)
                i += len(group)
                continue
            blocks.append(
                _block(
                    _label(layout.question, labels, layout),
                    item["text"],
                    layout.question_inline,
                    layout,
                )
            )
        else:
            template = layout.answer
            lone = "{n}" not in template
            if lone and (pending != item["numbers"] or layout.order == "questions-first"):
                # A lone "Antwoord" cannot say which questions it answers here.
                template = "Antwoord {n}"
            blocks.append(
                _block(
                    _label(template, item["numbers"], layout),
                    item["text"],
                    layout.answer_inline,
                    layout,
                )
            )
            pending = []
        i += 1
    out = [[[x] for x in _header_lines(letter, layout)]]
    remark = [d["text"] for d in letter["discarded"] if d["reason"].startswith("kamervraag")]
    body_blocks = blocks + ([[[x]] for x in remark])
    notes = [
        f"{n['number']}) {n['text']}"
        if layout.marker == "paren"
        else f"[{n['number']}] {n['text']}"
        for n in letter["footnotes"]
        if n["text"] is not None
    ]
    notes = [re.sub(r"\s+", " ", x) for x in notes]
    text = _join(out + body_blocks, layout)
    if notes:
        text += "\n\n" + "\n".join(notes)
    return text + "\n"


def _combined_group(items: list[tuple[str, Any]], i: int, letter: dict[str, Any]) -> list[Any]:
    """The questions a combined answer covers, when each is one paragraph."""
    group = []
    while i < len(items) and items[i][0] == "question":
        group.append(items[i][1])
        i += 1
    answer = items[i][1] if i < len(items) else None
    labels = [q["number"] for q in group]
    if (
        answer is not None
        and len(group) > 1
        and answer["numbers"] == labels
        and all("\n" not in q["text"] for q in group)
        and all(q["text"].rstrip().endswith("?") for q in group)
    ):
        return group
    return group[:1]


def _join(blocks: list[list[list[str]]], layout: Layout) -> str:
    inner = "\n\n" if layout.blank == "all" else "\n"
    between = {
        "between": "\n\n",
        "none": "\n",
        "all": "\n\n",
        "double": "\n\n\n",
        "spaces": "\n \n",
    }[layout.blank]
    return between.join(inner.join(line for para in block for line in para) for block in blocks)


# --- comparing ---------------------------------------------------------------------------


def _words(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def facts(letter: dict[str, Any]) -> dict[str, Any]:
    """What a layout must not change: items, footnotes, kind, dates and askers."""
    return {
        # An item the source's parse left empty (a combined question it could not split) is
        # not printed by any layout: it is left out on both sides.
        "kind": letter["kind"],
        "submitted": letter["submitted"],
        "received": letter["received"],
        "askers": letter["askers"],
        "questions": [(q["number"], _words(q["text"])) for q in letter["questions"] if q["text"]],
        "answers": [(a["numbers"], _words(a["text"])) for a in letter["answers"] if a["text"]],
        "footnotes": [(n["number"], _words(n["text"])) for n in letter["footnotes"]],
    }


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    out = []
    for key in expected:
        if expected[key] != got[key]:
            if key in ("questions", "answers", "footnotes"):
                for i, (a, b) in enumerate(zip(expected[key], got[key], strict=False)):
                    if a != b:
                        out.append(f"{key}[{i}]: expected {str(a)[:160]!r}, got {str(b)[:160]!r}")
                        break
                if len(expected[key]) != len(got[key]):
                    out.append(f"{key}: {len(expected[key])} expected, {len(got[key])} parsed")
            else:
                out.append(f"{key}: expected {expected[key]!r}, got {got[key]!r}")
    return out


def variant_name(source: Source, layout: Layout) -> str:
    return f"SYNTHETIC-layout-{layout.name}-{source.path.stem}.txt"


def check(source: Source, layout: Layout) -> list[str]:
    from parsers import parse_bytes

    text = render(source.letter, layout)
    parsed = parse_bytes(text.encode("utf-8"), variant_name(source, layout))
    return differences(facts(laid_out(source.letter, layout)), facts(parsed))


def table(found: list[Source], layouts: list[Layout]) -> tuple[str, int, int]:
    rows = ["| layout | letters | identical | differing |", "| --- | --- | --- | --- |"]
    same = total = 0
    for layout in layouts:
        bad = [s.name for s in found if check(s, layout)]
        ok = len(found) - len(bad)
        same += ok
        total += len(found)
        rows.append(f"| {layout.name} | {len(found)} | {ok} | {len(bad)} |")
    rows.append(f"| **all {len(layouts)} layouts** | {total} | {same} | {total - same} |")
    return "\n".join(rows), same, total


def main(argv: list[str]) -> int:
    found = sources()
    layouts = [x for x in LAYOUTS if not argv[1:] or x.name in argv[1:]]
    if "-v" in argv:
        for layout in LAYOUTS:
            for source in found:
                for problem in check(source, layout):
                    print(f"{layout.name} {source.name}: {problem}")
        return 0
    text, same, total = table(found, layouts)
    print(text)
    return 0 if same == total else 1


__all__ = ["LAYOUTS", "Layout", "check", "render", "replace", "sources", "table"]

if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
