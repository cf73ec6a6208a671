"""Third stage: cut the cleaned text into the header and labelled blocks.

Modern letters label every block ("Vraag 1", "Antwoord op vraag 1"); question letters from
Word number them ("1. Kunt u …"); scans from before 1995 glue the number to the sentence
("1Zullen …") after "(Ingezonden …)" and again after "Antwoord van … (Ontvangen …)". Each
shape has its own cutter; all return the same blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parsers import ocr_layout
from parsers import patterns as p
from parsers.clean import Cleaned, FootnoteBody
from parsers.model import WORD_FORMATS, Discarded


@dataclass
class Block:
    """A run of lines under one printed label; `labels` is the label text as printed."""

    kind: str  # "question", "answer" or "notice"
    labels: str
    lines: list[str]
    printed_label: str = ""  # the label as it stood in running text, when it did


@dataclass
class Segmented:
    cleaned: Cleaned
    header: list[str]
    blocks: list[Block]
    discarded: list[Discarded] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bodies: list[FootnoteBody] = field(default_factory=list)


def segment(cleaned: Cleaned) -> Segmented:
    lines = cleaned.lines
    word = cleaned.format in WORD_FORMATS
    if cleaned.format != "ocr-text" and _has_labels(lines, word):
        header, blocks, discarded = _labelled(lines, word)
        warnings = _lost_question_labels(blocks)
        return Segmented(cleaned, header, blocks, discarded, warnings)
    word_items = _word_numbered(lines) if word else None
    if word_items is not None:
        return Segmented(cleaned, word_items[0], word_items[1], word_items[2])
    if cleaned.format == "ocr-text" or any(p.SUBMITTED.search(x) for x in lines[:40]):
        numbered = _numbered_items(lines, cleaned.format == "ocr-text")
        if numbered is not None:
            return numbered_result(cleaned, *numbered)
    return _notice_only(cleaned)


def numbered_result(
    cleaned: Cleaned,
    header: list[str],
    blocks: list[Block],
    warnings: list[str],
    bodies: list[FootnoteBody],
) -> Segmented:
    discarded = [
        Discarded(block.printed_label, f"label: {block.kind} {block.labels}")
        for block in blocks
        if block.printed_label
    ]
    return Segmented(cleaned, header, blocks, discarded, warnings, bodies)


def _has_labels(lines: list[str], word: bool) -> bool:
    """Labelled blocks: "Vraag 1" / "Antwoord 1" in any style, or (Word) answers introduced
    by a lone "Antwoord" after numbered questions."""
    if any(p.QUESTION_LABEL.match(x) or p.ANSWER_LABEL.match(x) for x in lines):
        return True
    if any(_inline_label(lines, i, word) for i in range(len(lines))):
        return True
    if not word:
        return False
    lone_answers = any(p.LONE_ANSWER_WORD.match(x) or p.BARE_ANSWER_LABEL.match(x) for x in lines)
    if lone_answers and any(p.NUMBERED_ITEM.match(x) or p.NUMBER_LINE.match(x) for x in lines):
        return True
    # Word's list numbers alone on their lines, 1 then 2, each before a paragraph.
    heads = [
        m["label"]
        for i, x in enumerate(lines[:-1])
        if (m := p.NUMBER_LINE.match(x)) and lines[i + 1].strip()
    ]
    return "1" in heads and "2" in heads[heads.index("1") :]


_LABEL_INITIALS = frozenset("VvAa*")  # labels start "Vraag", "Antwoord", "**Vraag"


def _inline_label(lines: list[str], i: int, word: bool) -> re.Match[str] | None:
    """An inline label starts a paragraph: in PDF text "… het antwoord op" / "vraag 4. De
    …" is a wrapped sentence, not a label."""
    if lines[i].lstrip()[:1] not in _LABEL_INITIALS:
        return None
    match = p.QUESTION_INLINE.match(lines[i]) or p.ANSWER_INLINE.match(lines[i])
    if match is None or word or i == 0:
        return match
    previous = lines[i - 1].strip()
    return match if not previous or p.SENTENCE_END.search(previous) else None


def _wrapped_sentence_end(lines: list[str], i: int) -> bool:
    """PDF text wraps "… zie het antwoord op" / "vraag 5." like any sentence: a label word
    in lower case after a line that stops mid-sentence ends that sentence; printed labels
    start with a capital or follow a finished sentence."""
    if lines[i].lstrip()[:1] not in "va":
        return False
    previous = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
    return bool(previous) and not p.SENTENCE_END.search(previous)


def _answer_label(line: str) -> bool:
    return bool(
        p.ANSWER_LABEL.match(line)
        or p.ANSWER_INLINE.match(line)
        or p.LONE_ANSWER_WORD.match(line)
        or p.BARE_ANSWER_LABEL.match(line)
    )


def _next_question(label: str, expected: int, last: str) -> bool:
    """Is a printed number the next question's: "3" after 2, "2a" after 1, "2b" after 2a?"""
    match = re.fullmatch(r"(\d+)([a-z]?)", label)
    if match is None:
        return False
    number, suffix = int(match[1]), match[2]
    if number == expected:
        return suffix in ("", "a")
    if number == expected - 1 and suffix:
        return last in (f"{number}{chr(ord(suffix) - 1)}", str(number) if suffix == "a" else "")
    return False


def _asks(lines: list[str], start: int) -> bool:
    """Does the text from `start` to the next answer label ask something?"""
    for line in lines[start:]:
        if line is not lines[start] and _answer_label(line):
            return False
        if "?" in line:
            return True
    return False


def _labelled(lines: list[str], word: bool) -> tuple[list[str], list[Block], list[Discarded]]:
    """Cut at the labels, in every style the exports print them.

    Questions are labelled ("Vraag 1", inline "Vraag 1: …") or, without any such label,
    numbered ("1. …", "1) …"; in Word text also a number alone on its line). Answers are
    labelled ("Antwoord 1", "Antwoord op vraag 1", inline "Antwoord vraag 1 …") or
    introduced by a lone "Antwoord", which answers every question since the last answer.
    A numbered list inside an answer ("1. …", "2. …") is told from the next question by
    its numbers (a list starts at 1) and by whether it asks anything.
    """
    header: list[str] = []
    blocks: list[Block] = []
    discarded: list[Discarded] = []
    inline = [_inline_label(lines, i, word) for i in range(len(lines))]
    numbered_questions = not any(
        p.QUESTION_LABEL.match(x) or (m and m.re is p.QUESTION_INLINE)
        for x, m in zip(lines, inline, strict=True)
    )
    expected = 1
    last_question = ""
    pending: list[str] = []  # question labels since the last answer
    list_next: int | None = None  # the next number of a list running inside an answer

    def open_block(kind: str, labels: str, rest: str | None, printed: str) -> None:
        nonlocal pending, list_next, expected
        blocks.append(Block(kind, labels, [rest] if rest is not None else []))
        discarded.append(Discarded(printed.strip(), f"label: {kind} {labels}"))
        list_next = None
        if kind == "answer":
            pending = []
            if numbered_questions:
                # After "Antwoord 19, 20 en 21" the next question is 22, whatever came before.
                answered = [int(x) for x in re.findall(r"\d+", labels)]
                expected = max([expected] + [n + 1 for n in answered])

    for i, line in enumerate(lines):
        initial = line.lstrip()[:1]
        if numbered_questions and initial.isdigit():
            item = p.NUMBERED_ITEM.match(line)
            alone = p.NUMBER_LINE.match(line) if word and not item else None
            number = item or alone
            if alone and not any(x.strip() for x in lines[i + 1 : i + 2]):
                number = None  # a number line must head text
            if (
                number
                and blocks
                and blocks[-1].kind == "answer"
                and number["label"] == str(expected + 1)
                and list_next is None
                and _asks(lines, i)
            ):
                expected += 1  # the source lost a question's number (or the question)
            if number and not _next_question(number["label"], expected, last_question):
                if blocks and blocks[-1].kind == "answer" and number["label"].isdigit():
                    list_next = int(number["label"]) + 1  # a list inside the answer
                number = None
            if number and blocks and blocks[-1].kind == "answer" and list_next is not None:
                if int(re.match(r"\d+", number["label"])[0]) == list_next and not _asks(lines, i):
                    list_next += 1
                    number = None
            if number:
                label = number["label"]
                rest = item["rest"] if item else None
                printed = line[: line.index(rest)] if rest is not None else line
                open_block("question", label, rest, printed)
                pending.append(label)
                expected = int(re.match(r"\d+", label)[0]) + 1  # type: ignore[index]
                last_question = label
                continue
        if initial not in _LABEL_INITIALS and initial != "M":  # no label, no "Mededeling"
            if not blocks:
                header.append(line)
            else:
                blocks[-1].lines.append(line)
            continue
        found = inline[i]
        question, answer = p.QUESTION_LABEL.match(line), p.ANSWER_LABEL.match(line)
        if (question or answer) and not word and _wrapped_sentence_end(lines, i):
            question = answer = None
        question = question or (found if found and found.re is p.QUESTION_INLINE else None)
        answer = answer or (found if found and found.re is p.ANSWER_INLINE else None)
        if question or answer:
            kind = "question" if question else "answer"
            match = question or answer
            rest = match.groupdict().get("rest")  # type: ignore[union-attr]
            printed = line[: match.start("rest")] if rest is not None else line  # type: ignore[union-attr]
            labels = match["labels"]  # type: ignore[index]
            open_block(kind, labels, rest, printed)
            if kind == "question":
                pending.append(labels)
            continue
        lone = p.LONE_ANSWER_WORD.match(line) or p.BARE_ANSWER_LABEL.match(line)
        if lone and pending:
            rest = lone.groupdict().get("rest")
            printed = line[: lone.start("rest")] if rest is not None else line
            open_block("answer", ", ".join(pending), rest, printed)
            continue
        if p.NOTICE_WORD.match(line) and blocks:
            blocks.append(Block("notice", "", []))
            discarded.append(Discarded(line.strip(), "label: notice"))
            continue
        if not blocks:
            header.append(line)
        else:
            blocks[-1].lines.append(line)
    return header, blocks, discarded


def _lost_question_labels(blocks: list[Block]) -> list[str]:
    """ "Antwoord 2" with no "Vraag 2", after answer 1 whose last paragraph asks: the
    label (and the start) of question 2 was lost, its text ran into answer 1 (a Markdown
    conversion that dropped a page's first lines). The paragraph becomes question 2."""
    asked = {label for b in blocks if b.kind == "question" for label in _numbers(b.labels)}
    warnings = []
    for i in range(1, len(blocks)):
        block, before = blocks[i], blocks[i - 1]
        labels = _numbers(block.labels)
        if block.kind != "answer" or before.kind != "answer" or len(labels) != 1:
            continue
        if labels[0] in asked:
            continue
        filled = [k for k, x in enumerate(before.lines) if x.strip()]
        if len(filled) < 2 or not re.search(r"\?(?:\[\^\d+\])*\s*$", before.lines[filled[-1]]):
            continue
        # The asking paragraph: back from the last line to the first line after one that
        # ends a sentence (a blank line, or a page break that left none).
        start = filled[-1]
        for k in reversed(filled[:-1]):
            if p.SENTENCE_END.search(before.lines[k]) or not before.lines[k + 1].strip():
                break
            start = k
        paragraph = before.lines[start:]
        if start > filled[0]:
            before.lines = before.lines[:start]
            blocks.insert(i, Block("question", labels[0], paragraph))
            asked.add(labels[0])
            warnings.append(
                f"question {labels[0]}: no 'Vraag {labels[0]}' label; taken from the last "
                f"paragraph before 'Antwoord {labels[0]}', which asks a question"
            )
    return warnings


def _numbers(labels: str) -> list[str]:
    return re.findall(r"\d+[a-z]?", labels)


def _word_numbered(lines: list[str]) -> tuple[list[str], list[Block], list[Discarded]] | None:
    """Word question letters: "1. Kunt u …", then "2. …"; an "Antwoord:" line answers it."""
    first = next(
        (i for i, x in enumerate(lines) if (m := p.NUMBERED_ITEM.match(x)) and m["label"] == "1"),
        None,
    )
    if first is None:
        return _word_unnumbered(lines)
    if not any(p.SUBMITTED.search(x) for x in lines[:first]):
        return None
    header = lines[:first]
    blocks: list[Block] = []
    discarded: list[Discarded] = []
    expected = 1
    for line in lines[first:]:
        item = p.NUMBERED_ITEM.match(line)
        bare_answer = p.BARE_ANSWER_LABEL.match(line)
        if (
            item
            and item["label"].rstrip("abcdef") == str(expected)
            or (item and blocks and item["label"] == str(expected - 1) + "a")
        ):
            blocks.append(Block("question", item["label"], [item["rest"]]))
            discarded.append(Discarded(item["label"] + ".", "label: question " + item["label"]))
            expected = int(re.match(r"\d+", item["label"])[0]) + 1  # type: ignore[index]
            continue
        if bare_answer and blocks:
            blocks.append(Block("answer", blocks[-1].labels, [bare_answer["rest"]]))
            discarded.append(Discarded("Antwoord:", "label: answer " + blocks[-1].labels))
            continue
        blocks[-1].lines.append(line)
    return header, blocks, discarded


def _word_unnumbered(lines: list[str]) -> tuple[list[str], list[Block], list[Discarded]] | None:
    """Word question letters whose list numbering was lost: each paragraph is a question."""
    start = next((i for i, x in enumerate(lines) if p.QUESTIONS_HEADER.match(x.strip())), None)
    if start is None or not any(p.SUBMITTED.search(x) for x in lines[: start + 1]):
        return None
    blocks: list[Block] = []
    tail: list[str] = []
    discarded: list[Discarded] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        if re.fullmatch(r"\s*(?:\d{1,2}[.)]|_{3,}|-{3,})\s*", line):
            # Word list numbers on a line of their own, and separator rules.
            discarded.append(Discarded(line.strip(), "label: question number on its own line"))
            continue
        if p.WORD_FOOTNOTE_BODY.match(line.strip()) and blocks:
            tail.append(line)
            continue
        blocks.append(Block("question", str(len(blocks) + 1), [line]))
    if not blocks:
        return None
    blocks[-1].lines.extend(tail)
    return lines[: start + 1], blocks, discarded


def _numbered_items(
    lines: list[str], ocr: bool = False
) -> tuple[list[str], list[Block], list[str], list[FootnoteBody]] | None:
    """Questions numbered in the text itself: Word "1. …" letters and old scans."""
    text = "\n".join(lines)
    submitted = p.SUBMITTED.search(text)
    if not submitted:
        return None
    header_end = submitted.end()
    asked = re.search(r"(?m)^(?:\d+\W?\s*)?(?:Nadere\s+)?(?:VRAGEN|Vragen)\s+van\b.*$", text)
    answered = re.search(r"\b(?:ANTWOORD|Antwoord)\s+van\b", text)
    if asked and answered and asked.end() < answered.start() < submitted.start():
        # Old pages date only the answer: the questions' header ends with its own line.
        header_end = asked.end()
    header_text = text[:header_end]
    rest = text[header_end:]
    if re.search(r"\b(?:ANTWOORD|Antwoord)\s+van\b", header_text) and not re.search(
        r"(?:^|\n|\d\W?\s*)(?:Nadere\s+|Mondelinge\s+)?(?:VRAGEN|Vragen)\s+van\b", header_text
    ):
        # An answer printed on its own, to questions printed earlier ("3008. ANTWOORD van de
        # heer Veldkamp, … (Ingezonden 7 mei 1962.)"): what follows are answers.
        line_end = text.find("\n", submitted.end())
        line_end = len(text) if line_end < 0 else line_end
        header = text[:line_end].split("\n")
        return header, _split_numbered(text[line_end:], "answer"), [], []
    if ocr:
        rest = "\n".join(ocr_layout.stitch_columns(rest.split("\n")))
    answer_at = p.DATED_ANSWER_HEADER.search(rest)
    warnings: list[str] = []
    if answer_at:
        question_text = rest[: answer_at.start()]
        answer_header = rest[answer_at.start() : answer_at.end()]
        answer_text = rest[answer_at.end() :]
    else:
        question_text, answer_header, answer_text = rest, "", ""
    header = header_text.split("\n") + ([answer_header.strip()] if answer_header else [])
    question_text, remark = _split_remark(question_text)
    blocks_extra: list[Block] = []
    second = re.search(
        r"\n(?:\d+\.\s*)?(?:Nadere\s+)?(?:VRAGEN|Vragen|Vraag)\s+van\b", question_text
    )
    if ocr and second:
        # Another set of questions before the answer (asked again, "Zie eerdere vragen"):
        # parsed is the first set, the other is set apart as on pages with two sets.
        warnings.append(
            "the page holds more than one set of questions; parsed the first, the rest "
            f"starts with: {question_text[second.start() : second.start() + 80].strip()!r}"
        )
        blocks_extra.append(Block("notice", "extra", question_text[second.start() :].split("\n")))
        question_text = question_text[: second.start()]
    question_text, bodies = _ocr_footnote_bodies(question_text)
    if answer_header:
        more = re.search(r"\n(?:\d+\.\s*)?(?:VRAGEN|Vragen)\s+van\b", answer_text)
        if more:
            warnings.append(
                "the page holds more than one set of questions; parsed the first, the rest "
                f"starts with: {answer_text[more.start() : more.start() + 80].strip()!r}"
            )
            blocks_extra.append(Block("notice", "extra", answer_text[more.start() :].split("\n")))
            answer_text = answer_text[: more.start()]
        if ocr:
            # Question blocks the OCR put among the answers go back to the questions.
            answer_text, displaced = ocr_layout.take_displaced_questions(answer_text)
            if displaced:
                question_text = question_text.rstrip("\n") + "\n" + "\n".join(displaced)
    blocks = _split_numbered(question_text, "question")
    if ocr:
        warnings += _split_trailing_questions(blocks)
    if answer_header:
        if answer_at["kind"] == "Mededeling":
            # A notice that the answer will be late: its text is one block, not items.
            blocks += [Block("notice", "", answer_text.split("\n"))] + blocks_extra
        else:
            answers = _split_numbered(answer_text, "answer")
            if (
                len(answers) == 1
                and not answers[0].printed_label
                and len(answer_text) < 800
                and p.NOT_IN_TIME.search(answer_text)
            ):
                # An "ANTWOORD" that only says the answer will be late (1927): a notice.
                answers = [Block("notice", "", answers[0].lines)]
            if ocr:
                bodies += _take_column_foot_bodies(answers)
            blocks += answers + blocks_extra
    if remark:
        blocks.append(Block("notice", "remark", remark.split("\n")))
    return header, blocks, warnings, bodies


def _split_trailing_questions(blocks: list[Block]) -> list[str]:
    """Paragraphs asking questions after the last numbered question: their numbers were
    lost. Returns the warnings that say so."""
    questions = [b for b in blocks if b.kind == "question"]
    if not questions or not re.fullmatch(r"\d+", questions[-1].labels.strip()):
        return []
    last = questions[-1]
    pieces = ocr_layout.trailing_questions(last.lines)
    last.lines = pieces[0]
    at = blocks.index(last) + 1
    warnings = []
    for offset, piece in enumerate(pieces[1:], start=1):
        number = str(int(last.labels) + offset)
        blocks.insert(at + offset - 1, Block("question", number, piece))
        warnings.append(
            f"question {number}: its number was lost in the OCR; taken from the paragraphs "
            f"after question {last.labels}"
        )
    return warnings


def _take_column_foot_bodies(answers: list[Block]) -> list[FootnoteBody]:
    """Footnote bodies from a column's foot that the OCR left among the answers."""
    bodies: list[FootnoteBody] = []
    for block in answers:
        first = re.match(r"\d+", block.labels.strip())
        if first is None:
            continue
        kept = []
        for i, line in enumerate(block.lines):
            starts = line.lstrip()[:1]
            number = (
                ocr_layout.footnote_body_start(line, int(first[0]))
                if i and starts and (starts.isdigit() or starts in "'’")
                else None
            )
            if number is None or not any(x.strip() for x in block.lines[:i]):
                kept.append(line)
                continue
            start = ocr_layout.BODY_START.match(line)
            bodies.append(FootnoteBody(number, line[start.end() :].strip()))  # type: ignore[union-attr]
        block.lines = kept
    last = next((b for b in reversed(answers) if any(x.strip() for x in b.lines)), None)
    if last is not None:
        filled = [i for i, x in enumerate(last.lines) if x.strip()]
        tail = last.lines[filled[-1]]
        if len(filled) > 1 and ocr_layout.UNNUMBERED_REFERENCE.match(tail):
            bodies.append(FootnoteBody(None, tail.strip()))
            del last.lines[filled[-1]]
        elif glued := ocr_layout.BODY_AT_END.search(tail):
            number = 1 if glued["apostrophe"] else int(glued["number"])
            first = re.match(r"\d+", last.labels.strip())
            if first and number < int(first[0]):
                bodies.append(FootnoteBody(number, glued["body"].strip()))
                last.lines[filled[-1]] = tail[: glued.start()]
    return bodies


def _split_remark(text: str) -> tuple[str, str]:
    """ "Toelichting (op vraag 3) …" after the questions: the askers' note, not a question."""
    match = re.search(r"(?:^|\n|(?<=[?.]) )Toelichting\b", text)
    if not match:
        return text, ""
    return text[: match.start()], text[match.start() :].strip()


def _ocr_footnote_bodies(text: str) -> tuple[str, list[FootnoteBody]]:
    """Footnote bodies close the questions' column on old pages: "1 Zie «De Stem», …".

    They are the last lines before the answer, start with their number (OCR reads a
    superscript 1 as an apostrophe) and, unlike questions, do not end with "?".
    """
    lines = text.rstrip().split("\n")
    found: list[str] = []
    while len(lines) > 1 and re.match(r"^\s*(?:\d{1,2}|['’])\s+\S", lines[-1]):
        if lines[-1].rstrip().endswith("?"):
            break
        found.insert(0, lines.pop())
    if not found:
        return text, []
    joined = " ".join(x.strip() for x in found)
    first = re.match(r"\s*(\d{1,2}|['’])\s+", joined)
    if first is None or len(joined.split()) < 3:
        return text, []
    number = 1 if first[1] in "'’" else int(first[1])
    rest = joined[first.end() :]
    bodies: list[FootnoteBody] = []
    while True:
        # The next body starts with the next number before a capital: "… juli 2 EG-richtlijn".
        cut = re.search(rf"\s{number + 1}\s+(?=[A-Z«])", rest)
        if cut is None:
            bodies.append(FootnoteBody(number, rest.strip()))
            break
        bodies.append(FootnoteBody(number, rest[: cut.start()].strip()))
        rest, number = rest[cut.end() :], number + 1
    return "\n".join(lines), bodies


def ocr_items(text: str) -> Iterator[re.Match[str]]:
    """The matches of p.OCR_ITEM.finditer(text), found without trying every position.

    A match is white space then a digit after zero-width anchors, so it can only start in
    the white space before a digit or at the digit: the pattern is tried there, leftmost
    first, and the next search starts where a match ended, as finditer does. On OCR pages
    (a run of text per page, most positions far from a digit) this is 2-3x faster.
    """
    pos = 0
    while True:
        lead = p.OCR_ITEM_LEAD.search(text, pos)
        if lead is None:
            return
        for at in range(lead.start(), lead.end()):
            match = p.OCR_ITEM.match(text, at)
            if match:
                yield match
                pos = match.end()
                break
        else:
            pos = lead.end()


def _split_numbered(text: str, kind: str) -> list[Block]:
    """Split at the item numbers 1, 2, 3 … in sequence; unnumbered text is item 1."""
    blocks: list[Block] = []
    expected = 1
    pos = 0
    current_labels = ""
    previous_printed = ""
    gaps: set[int] = set()
    for match in ocr_items(text):
        labels = match["labels"]
        first = int(re.match(r"\d+", labels)[0])  # type: ignore[index]
        misread = p.OCR_DIGIT_MISREAD.get(labels.strip())
        if first > expected + 3 and misread and expected <= int(misread) <= expected + 1:
            # "8. Zoo ja" after 1 and 2: a 3 read as 8 (also where 2's number was lost)
            labels, first = misread, int(misread)
        before = [int(x) for x in re.findall(r"\d+", current_labels)]
        if (
            len(before) == 2
            and before[1] - before[0] == 2
            and first == before[1]
            and labels.strip().isdigit()
        ):
            # "2en4 …" then "4 …": numbers only grow, so the OCR misread the first one's
            # last number; it was "2 en 3".
            current_labels = f"{before[0]} en {before[0] + 1}"
            gaps, expected = set(), first
        in_gap = first in gaps and len(re.findall(r"\d+", labels)) == 1
        sub_label = re.fullmatch(r"(\d+)([a-f])", labels.strip())
        if sub_label and current_labels == f"{sub_label[1]}{chr(ord(sub_label[2]) - 1)}":
            in_gap = True  # "2a" … then "2b": the next part of the same question
        if not (expected <= first <= expected + 3 or in_gap) or _inside_number(text, match.start()):
            continue
        chunk = text[pos : match.start()]
        if not current_labels and first == 1 and chunk.strip() and blocks == []:
            # Text before item 1 is a preamble ("Deze vragen worden gesteld in aansluiting
            # op …"), not an unnumbered first item.
            blocks.append(Block("notice", "preamble", chunk.split("\n")))
            chunk = ""
        missing = 0 if in_gap else first - expected
        if missing and current_labels:
            # OCR lost the numbers of the items before this one; each lost item is one of the
            # chunk's last paragraphs (the printed page starts each item on a new line; a line
            # in lower case continues the paragraph before it across a column or page break).
            paragraphs: list[str] = []
            for line in chunk.rstrip().split("\n"):
                if paragraphs and line.strip()[:1].islower():
                    paragraphs[-1] += "\n" + line
                elif line.strip():
                    paragraphs.append(line)
            lost = paragraphs[-missing:]
            if len(paragraphs) > missing and all(x.strip()[:1].isupper() for x in lost):
                kept_text = "\n".join(paragraphs[:-missing])
                blocks.append(Block(kind, current_labels, kept_text.split("\n"), previous_printed))
                for offset, paragraph in enumerate(lost[:-1]):
                    blocks.append(Block(kind, str(expected + offset), paragraph.split("\n")))
                current_labels, chunk, previous_printed = str(first - 1), lost[-1], ""
        if chunk.strip() or current_labels:
            blocks.append(Block(kind, current_labels or "1", chunk.split("\n"), previous_printed))
        current_labels = re.sub(r"\s+", " ", labels.strip())
        previous_printed = match[0].strip()
        numbers = [int(x) for x in re.findall(r"\d+", labels)]
        if in_gap:
            # "2 en 5" then "3 …" and "4 …": the numbers a combined label skipped.
            gaps.discard(first)
            if sub_label:
                expected = first + 1
                pos = match.end()
                continue
            continue_from = expected
        else:
            gaps = set(range(min(numbers), max(numbers))) - set(numbers)
            continue_from = max(numbers) + 1
        expected = continue_from
        pos = match.end()
    chunk = text[pos:]
    if chunk.strip() or current_labels:
        blocks.append(Block(kind, current_labels or "1", chunk.split("\n"), previous_printed))
    return blocks


def _inside_number(text: str, at: int) -> bool:
    """ "… 4 juli 1 990" or "21 300 IXB": a digit run that continues a number is no label."""
    before = text[max(0, at - 3) : at]
    return bool(re.search(r"\d\s?$", before)) and not before.endswith("\n")


def _notice_only(cleaned: Cleaned) -> Segmented:
    """A Mededeling or a letter without any labels: the header, then the notice text."""
    lines = cleaned.lines
    header: list[str] = []
    body_start = 0
    text = "\n".join(lines)
    # Search the joined text: a date may be broken over two lines ("(ingezonden 19 november"
    # / "2024)").
    ends = [m.end() for m in p.RECEIVED.finditer(text)] + [
        m.end() for m in p.SUBMITTED.finditer(text)
    ]
    if ends:
        body_start = text[: max(ends)].count("\n") + 1
    header = lines[:body_start]
    body = lines[body_start:]
    warnings = [] if body_start else ["no header found (no 'ontvangen' or 'ingezonden' date)"]
    return Segmented(cleaned, header, [Block("notice", "", body)], [], warnings)
