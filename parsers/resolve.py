"""Fourth stage: label numbers, combined answers, and footnote references.

Footnote markers in extracted text are bare digits glued to whatever they followed
("afgeluisterd?1", "november 20231 heb", "NIS24 (Network"). Read alone, each is ambiguous;
read in sequence they are not: a letter numbers its footnotes 1, 2, 3 … in reading order,
so we look only for the next expected number, at the places a marker can stand.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parsers import patterns as p
from parsers.clean import FootnoteBody
from parsers.model import WORD_FORMATS
from parsers.segment import Block, Segmented


@dataclass
class Item:
    labels: list[str]
    lines: list[str]


@dataclass
class Resolved:
    questions: list[Item] = field(default_factory=list)
    answers: list[Item] = field(default_factory=list)
    notice: list[str] | None = None
    footnotes: dict[int, str | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    extra_discarded: list[tuple[str, str]] = field(default_factory=list)


def parse_labels(raw: str) -> list[str]:
    """ "3 en 4" -> ['3','4']; "2 t/m 4" / "2 tot en met 4" -> ['2','3','4']; "2en4" too."""
    raw = re.sub(r"\s+", " ", raw.strip()).lower()  # "3 EN 4", "2 T/M 4"
    labels: list[str] = []
    for part in re.split(
        r"\s*,\s*|\s+en\s+(?!met)|(?<=\d)\s*en\s*(?=\d)|\s*&\s*|(?<=\d)\s+(?=\d+[a-z]?(?:\s|$))",
        raw,
    ):
        part = part.strip()
        if not part:
            continue
        span = p.LABEL_RANGE.match(part)
        if span and int(span["a"]) < int(span["b"]) <= int(span["a"]) + 50:
            labels.extend(str(n) for n in range(int(span["a"]), int(span["b"]) + 1))
        else:
            labels.append(part.lower())
    return labels or [raw]


# Blocks the segmenter sets apart as text that is no question, answer or notice.
SET_ASIDE = {
    "extra": "another set of questions on the same page",
    "preamble": "preamble before the first numbered item",
    "remark": "kamervraagopmerking: askers' note, no field",
}


def resolve(seg: Segmented, fmt: str) -> Resolved:
    out = Resolved(warnings=list(seg.warnings))
    reading_order: list[list[str]] = []
    for block in seg.blocks:
        if block.kind == "notice":
            if block.labels in SET_ASIDE:
                out.extra_discarded.append(
                    ("\n".join(block.lines).strip(), SET_ASIDE[block.labels])
                )
                continue
            if out.notice is None:
                out.notice = []
                reading_order.append(out.notice)
            out.notice.extend(block.lines)
        elif block.kind == "question":
            items = _split_combined_question(parse_labels(block.labels), block, out.warnings)
            out.questions.extend(items)
            reading_order.extend(item.lines for item in items)
        else:
            out.answers.append(Item(parse_labels(block.labels), block.lines))
            reading_order.append(block.lines)
    if fmt == "ocr-text":
        answered = {label for item in out.answers for label in item.labels}
        asked = {label for item in out.questions for label in item.labels}
        _recover_lost_items(out.questions, answered, "question", reading_order, out.warnings)
        _recover_lost_items(out.answers, asked, "answer", reading_order, out.warnings)
    listed: list[str] = []
    numbered = frozenset(b.number for b in seg.cleaned.bodies + seg.bodies if b.number is not None)
    markers = place_markers(reading_order, fmt, seg.cleaned.layout, listed, numbered)
    out.extra_discarded += [
        (line, "footnote marker list, placed inline as [^N]") for line in listed
    ]
    out.footnotes = assign_bodies(markers, seg.cleaned.bodies + seg.bodies, fmt, out.warnings)
    _check_numbering(out)
    return out


def _recover_lost_items(
    items: list[Item],
    evidence: set[str],
    kind: str,
    reading_order: list[list[str]],
    warnings: list[str],
) -> None:
    """Items whose numbers the OCR lost, proven by their counterparts (answers 2 and 3 but
    no questions 2 and 3): they are the last paragraphs of the item before them."""
    present = {label for item in items for label in item.labels}
    position = 0
    while position < len(items):
        item = items[position]
        last = item.labels[-1]
        run = 0
        while last.isdigit() and str(int(last) + run + 1) in evidence - present:
            run += 1
        lines = item.lines
        # Paragraph starts: a line in lower case continues the one before it (an OCR block
        # split mid-sentence at a column break).
        filled = [
            i
            for k, (i, line) in enumerate((i, x) for i, x in enumerate(lines) if x.strip())
            if k == 0 or not line.strip()[:1].islower()
        ]
        bare = bool(filled) and re.fullmatch(r"\s*(?:Ja|Nee)\b.{0,20}", lines[filled[0]])
        if run and bare and kind == "answer":
            # A bare "Ja." ends its answer: the paragraphs after it start the next ones (the
            # page may end before all of them).
            run = min(run, len(filled) - 1)
        usable = (
            run
            and len(filled) > run
            and all(lines[i].strip()[:1].isupper() for i in filled[-run:])
            and (kind == "question" or bare)
        )
        # Answers run on over the page end, so only a bare "Ja." / "Nee." answer is known
        # to end before the paragraphs that follow it.
        if not usable:
            position += 1
            continue
        cuts = filled[1 : 1 + run] if kind == "answer" else filled[-run:]
        pieces = [lines[a:b] for a, b in zip(cuts, cuts[1:] + [len(lines)], strict=True)]
        lines[:] = lines[: cuts[0]]
        at = next(i for i, x in enumerate(reading_order) if x is lines) + 1
        for offset, piece in enumerate(pieces, start=1):
            number = str(int(last) + offset)
            items.insert(position + offset, Item([number], piece))
            reading_order.insert(at + offset - 1, piece)
            present.add(number)
            warnings.append(
                f"{kind} {number}: its number was lost in the OCR; taken from the paragraphs "
                f"after {kind} {last}"
            )
        position += run + 1


def _split_combined_question(labels: list[str], block: Block, warnings: list[str]) -> list[Item]:
    """ "Vraag 3, 4 en 5" heads one paragraph per question: give each label its own."""
    if len(labels) == 1:
        return [Item(labels, block.lines)]
    paragraphs = _paragraphs(block.lines)
    if len(paragraphs) != len(labels):
        paragraphs = _question_sentences(block.lines, len(labels))
    if len(paragraphs) == len(labels):
        return [Item([label], para) for label, para in zip(labels, paragraphs, strict=True)]
    warnings.append(
        f"Vraag {' '.join(labels)}: {len(paragraphs)} paragraph(s) for {len(labels)} labels; "
        f"kept the text under question {labels[0]}"
    )
    return [Item([labels[0]], block.lines)] + [Item([label], []) for label in labels[1:]]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [x for x in paragraphs if x]


def _question_sentences(lines: list[str], wanted: int) -> list[list[str]]:
    """Without paragraph breaks, a line ending in "?" before a new sentence ends a question.

    A question may also end in a full stop ("… waar een vergelijkbare situatie speelde."):
    such breaks are used only when they make up exactly the number of labels.
    """
    # pypdf glues paragraphs: "…verzaakt?Hoe" is a question break, "? Zo ja" is not.
    pieces = [
        (k, part)
        for k, x in enumerate(lines)
        if x.strip()
        for part in re.split(r"(?<=\?)(?=[A-Z])", x)
        if part
    ]
    content = [part for _, part in pieces]
    strong: set[int] = set()
    weak: set[int] = set()
    for i, line in enumerate(content[:-1]):
        if not content[i + 1].strip()[:1].isupper():
            continue
        if re.search(r"\?(?:\[\^\d+\])*\s*$", line):
            strong.add(i)
        elif re.search(r"\.(?:\[\^\d+\])*\s*$", line):
            weak.add(i)
    breaks = _question_breaks(content, strong, weak, wanted)
    groups: list[list[str]] = [[]]
    for i, line in enumerate(content):
        if groups[-1] and i > 0 and pieces[i - 1][0] == pieces[i][0]:
            groups[-1][-1] += line  # pieces of one line not cut apart stay glued as printed
        else:
            groups[-1].append(line)
        if i in breaks:
            groups.append([])
    return [g for g in groups if g]


def _question_breaks(content: list[str], strong: set[int], weak: set[int], wanted: int) -> set[int]:
    """Which line ends end a question, `wanted` - 1 of them if the lines allow.

    A "?" line end may still be mid-question: a follow-up ("Zo ja, waarom?") continues its
    question, and a "?" on a line filled to the width (the next word would not have fitted)
    ends the line, not the paragraph, once the text is wrapped at another width. Such doubtful
    breaks give way when the firm ones, with the unforced full stops, make up the count.
    """
    width = max(len(x.rstrip()) for x in content)

    def forced(i: int) -> bool:
        following = content[i + 1].split()
        return len(content[i].rstrip()) + 1 + len(following[0] if following else "") > width

    doubtful = {i for i in strong if forced(i) or p.FOLLOW_UP_QUESTION.match(content[i + 1])}
    firm = strong - doubtful
    unforced_weak = {i for i in weak if not forced(i)}
    for choice in (strong if not doubtful else None, firm, firm | unforced_weak, strong):
        if choice is not None and len(choice) + 1 == wanted:
            return choice
    if len(strong) + 1 > wanted > 1:
        # More "?" line ends than labels: the firm ones first, then the shortest lines.
        def rank(i: int) -> tuple[bool, int, int]:
            return i in doubtful, len(content[i].rstrip()), i

        return set(sorted(strong, key=rank)[: wanted - 1])
    return strong if len(strong | weak) + 1 != wanted else strong | weak


# --- footnote markers --------------------------------------------------------------------


def _candidates(number: int) -> list[re.Pattern[str]]:
    n = str(number)
    return [
        # after closing punctuation, glued: "afgeluisterd?1", "encryptie».5", "2021.6"
        re.compile(rf"(?<=[?!»’”)\]:;,])(?<!\d,){n}(?!\d)(?![.,]\d)"),
        re.compile(rf"(?<=[?!»’”])\s{n}(?!\d)(?![.,]\d)"),
        # a list of markers after a first one: "?1, 2", "?1 2 3"
        re.compile(rf"(?<=\])(?:,\s?|\s){n}(?!\d)(?![.,]\d)"),
        re.compile(rf"(?<=(?:19|20)\d\d\.){n}(?!\d)"),
        re.compile(rf"(?<=[»’”)]\.){n}(?!\d)"),
        re.compile(rf"(?<=[A-Za-zà-ÿ]\.){n}(?=\s|$|[A-Z])"),
        # glued to the end of a word: "wetgeving3.", "geïnformeerd7"
        re.compile(rf"(?<=[a-zà-ÿ]{{3}}){n}(?=[\s.,;:?!»)]|$)"),
        # glued to a year or an acronym with digits: "20231 heb", "202813.", "NIS24 ("
        re.compile(rf"(?<=\b(?:19|20)\d\d){n}(?=[\s.,;:)?]|$)"),
        re.compile(rf"(?<=\b[A-Z]{{3}}){n}(?=[\s.,;:?!»)]|$)"),
        re.compile(rf"(?<=[A-Z]{{2}}\d){n}(?=[\s.,;:)]|$)"),
        # spaced after a question mark at the end of a line: "telefoon? 4"
        re.compile(rf"(?<=[?!.»’”])\s+{n}\s*$"),
        # glued to a capitalised word: "(CRYSTALS-KYBER)10" handled above; "Guardian2"
        re.compile(rf"(?<=[A-Za-zà-ÿ]{{2}}[a-zà-ÿ]){n}(?=[\s.,;:?!»)]|$)"),
    ]


@functools.lru_cache(maxsize=512)
def _marker_pattern(number: int) -> re.Pattern[str]:
    """All the places marker `number` can stand, as one regex: the leftmost match wins."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in _candidates(number)))


def place_markers(
    texts: list[list[str]],
    fmt: str,
    layout: bool,
    listed_lines: list[str] | None = None,
    bodies: frozenset[int] = frozenset(),
) -> list[int]:
    """Rewrite markers in place as [^N]; return the marker numbers in reading order.

    Marker lists printed on a line of their own ("2, 3 en 4") are appended to
    `listed_lines`, so the words between the numbers are accounted for too.
    """
    listed_lines = [] if listed_lines is None else listed_lines
    if layout:
        return [
            int(m["number"]) for lines in texts for x in lines for m in p.INLINE_MARKER.finditer(x)
        ]
    if fmt in WORD_FORMATS or fmt == "pdf-markdown":
        return _explicit_markers(texts, fmt, bodies)
    found: list[int] = []
    expected = 1
    for lines in texts:
        i = 0
        while i < len(lines):
            line = lines[i]
            # Marker lists and leading markers start with a digit: most lines need neither
            # the list patterns nor the search for the last line with text.
            digit_first = line.lstrip()[:1].isdigit()
            listed = digit_first and (p.MARKER_LIST_LINE.match(line) or p.LONE_NUMBER.match(line))
            if listed and i > 0:
                numbers = [int(x) for x in re.findall(r"\d+", line)]
                if numbers and numbers[0] in (expected, expected + 1):
                    prev = (
                        max(k for k in range(i) if lines[k].strip())
                        if any(lines[k].strip() for k in range(i))
                        else None
                    )
                    if prev is not None:
                        lines[prev] = lines[prev].rstrip() + "".join(f"[^{n}]" for n in numbers)
                        if not p.LONE_NUMBER.match(line):
                            listed_lines.append(line.strip())
                        del lines[i]
                        found.extend(numbers)
                        expected = numbers[-1] + 1
                        continue
            leading = None
            last = None  # the last line with text before this one, when needed
            if digit_first:
                last = next((k for k in range(i - 1, -1, -1) if lines[k].strip()), None)
            if last is not None:
                # "liter" / "2. In 2023 is" is a marker; "regio." / "2. Meerjarige" a list item.
                open_sentence = not p.SENTENCE_END.search(lines[last])
                # "€" / "2,8 miljard" is a decimal; "Lijn" / "3 zet in" a number the word takes.
                after = r"[a-zà-ÿ]{2}|[(;:]|,(?!\d)|\.\s*$"
                after += r"|\.(?!\d)" if open_sentence else ""
                if p.NUMBER_WORD_END.search(lines[last][-12:]):
                    # … unless the line holds only the number: "op vraag" / "5." is marker 5
                    # (ah-tk-20242025-564, checked by hand).
                    after = r"\.\s*$"
                leading = re.match(rf"^\s*({expected}|{expected + 1})\s*(?={after})", line)
                if not leading and re.search(r"[.?!)»]$", lines[last].rstrip()):
                    leading = re.match(rf"^\s*({expected}|{expected + 1})\s+(?=[A-Z])", line)
            if (
                leading
                and last is not None
                and (leading[1] == str(expected) or expected + 1 in bodies)
            ):
                # pypdf moves a superscript to the start of the next line: "jl." / "2 waarin".
                number = int(leading[1])
                lines[last] = lines[last].rstrip() + f"[^{number}]"
                line = line[leading.end() :]
                found.append(number)
                expected = number + 1
            if fmt == "ocr-text" and expected == 1 and 1 in bodies:
                # OCR reads a superscript 1 as an apostrophe: "zoals' de regering", "is?'".
                line, count = p.OCR_APOSTROPHE_MARKER.subn("[^1]", line, count=1)
                if count:
                    found.append(1)
                    expected = 2
            new_line, expected, got = _mark_line(line, expected, lookahead=expected + 1 in bodies)
            if fmt == "ocr-text" and bodies and found:
                new_line, again = _repeated_markers(new_line, set(found + got) & bodies)
                got += again
            lines[i] = new_line
            found.extend(got)
            i += 1
    return found


@functools.lru_cache(maxsize=64)
def _repeated_pattern(number: int) -> re.Pattern[str]:
    return re.compile(rf"(?<=[a-zà-ÿ]{{3}})\.?{number}(?=[\s,;:?!»)]|$)")


def _repeated_markers(line: str, placed: set[int]) -> tuple[str, list[int]]:
    """Old pages refer to a footnote again further on ("… hierbij.1" after "bijgevoegd'"):
    a number glued to a word that is a footnote already placed, with a body, is that
    footnote's marker again. Only the tightest glue counts (a word of three letters or
    more, or its full stop, right before the digit)."""
    got: list[int] = []
    for number in sorted(placed):
        if str(number) not in line:
            continue
        pattern = _repeated_pattern(number)

        def mark(match: re.Match[str], number: int = number) -> str:
            got.append(number)
            return match[0][: -len(str(number))] + f"[^{number}]"

        line = pattern.sub(mark, line)
    return line, got


def _mark_line(line: str, expected: int, lookahead: bool = False) -> tuple[str, int, list[int]]:
    """Mark the expected markers in one line.

    With `lookahead`, a marker whose number was lost (or is not glued in a way we know)
    does not stall the sequence: the next number is accepted in its place.
    """
    got: list[int] = []
    pos = 0
    while True:
        best: re.Match[str] | None = None
        tries = (expected, expected + 1) if lookahead else (expected,)
        for number in tries:
            for match in marker_matches(number, line, pos):
                if not _in_url_or_reference(line, match.start()) and not p.MONTH_AFTER.match(
                    line, match.end()
                ):
                    best, found_number = match, number
                    break
            if best is not None:
                break
        if best is None:
            return line, expected, got
        expected = found_number
        replacement = f"[^{expected}]"
        line = line[: best.start()] + replacement + line[best.end() :]
        pos = best.start() + len(replacement)
        got.append(expected)
        expected += 1


def marker_matches(number: int, line: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """The matches of _marker_pattern(number).finditer(line, pos), found faster.

    A match holds the number, with at most white space and commas before it (a property
    test keeps the patterns so), so it can only start in such a run before an occurrence
    of the number's digits, or at the digits. The pattern is tried there, occurrence by
    occurrence, leftmost first, and after a match from its end on, as finditer does; the
    pattern has no fixed first character, so finditer tries it at every position.
    """
    pattern = _marker_pattern(number)
    digits = str(number)
    at = line.find(digits, pos)
    while at != -1:
        start = at
        while start > pos and (line[start - 1].isspace() or line[start - 1] == ","):
            start -= 1
        for candidate in range(start, at + 1):
            match = pattern.match(line, candidate)
            if match:
                yield match
                pos = match.end()
                break
        at = line.find(digits, max(pos, at + 1))


def _in_url_or_reference(line: str, at: int) -> bool:
    """Digits inside a URL, "nr. 2726", "Kamerstuk 36 600" or "art. 21" are never markers."""
    word_start = line.rfind(" ", 0, at) + 1
    word = line[word_start : at + 1]
    if "http" in word or "www." in word or "/" in word or "@" in word:
        return True
    return bool(p.NUMBER_WORD_END.search(line[max(0, at - 12) : at]))


def _explicit_markers(
    texts: list[list[str]], fmt: str, bodies: frozenset[int] = frozenset()
) -> list[int]:
    """Word "1)" / "[1]" and Markdown "[4 5 ]" markers: explicit, and numbered in sequence.

    Word numbers its footnotes 1, 2, 3 … in reading order, so a "n)" that is not the next
    number (or the one after, if a marker was lost) is an enumeration or a parenthesis.
    """
    found: list[int] = []
    for lines in texts:
        for i, line in enumerate(lines):
            lines[i] = _replace_explicit(line, fmt, found, bodies)
    return found


def _replace_explicit(
    line: str, fmt: str, found: list[int], bodies: frozenset[int] = frozenset()
) -> str:
    if ")" not in line and "[" not in line:
        return line  # both marker patterns need one of these; most lines have neither
    pattern = p.WORD_MARKER if fmt in WORD_FORMATS else p.MARKDOWN_MARKER

    def replace(match: re.Match[str]) -> str:
        if fmt in WORD_FORMATS:
            number = int(match["paren"] or match["bracket"])
            expected = (found[-1] if found else 0) + 1
            # "(zie vraag 5)" closes a parenthesis, unless 5 is the next footnote and the
            # text carries its body.
            closes = _closes_parenthesis(line, match) and not (
                number == expected and number in bodies and not line[: match.start()].endswith(":")
            )
            if (
                _looks_like_list_item(line, match.start())
                or closes
                or number not in (expected, expected + 1)
            ):
                return match[0]
            found.append(number)
            return f"[^{number}]"
        numbers = [int(x) for x in match["list"].split()]
        found.extend(numbers)
        return "".join(f"[^{n}]" for n in numbers)

    return pattern.sub(replace, line)


def _closes_parenthesis(line: str, match: re.Match[str]) -> bool:
    """ "(Kamerstuk 36180, nr. 107)" ends a parenthesis; "? 1)" is a marker; so is not
    "fases: 1) het opstellen", an inline enumeration."""
    if match["paren"] is None:
        return False
    if re.search(r"[:;]\s*$", line[: match.start()]):
        return True
    before = line[: match.start()]
    glued = line[: match.start("paren")]  # "nr. 107)": the digits end a number
    return bool(glued[-1:].isdigit()) or before.count("(") > before.count(")")


def _looks_like_list_item(line: str, at: int) -> bool:
    """ "1) Kamerstuk" at the start of a line is an enumeration, not a marker."""
    return not line[:at].strip()


def assign_bodies(
    markers: list[int], bodies: list[FootnoteBody], fmt: str, warnings: list[str]
) -> dict[int, str | None]:
    footnotes: dict[int, str | None] = {n: None for n in markers}
    for body in bodies:
        if body.number is not None:
            if body.number in footnotes and footnotes[body.number] is not None:
                warnings.append(f"footnote {body.number} has two bodies; kept both")
                footnotes[body.number] = f"{footnotes[body.number]} {body.text}"
            else:
                footnotes[body.number] = body.text
    for body in bodies:
        if body.number is None:
            free = [n for n in sorted(footnotes) if footnotes[n] is None]
            if free:
                footnotes[free[0]] = body.text
            else:
                number = max(footnotes, default=0) + 1
                footnotes[number] = body.text
                warnings.append(f"footnote body without number or marker kept as {number}")
    missing = [n for n in sorted(footnotes) if footnotes[n] is None]
    if missing and fmt not in WORD_FORMATS:
        warnings.append(f"footnote marker(s) without body: {', '.join(map(str, missing))}")
    unreferenced = sorted(set(footnotes) - set(markers))
    if unreferenced:
        warnings.append(f"footnote body without marker: {', '.join(map(str, unreferenced))}")
    return dict(sorted(footnotes.items()))


def _check_numbering(out: Resolved) -> None:
    questions = [label for item in out.questions for label in item.labels]
    answered = [label for item in out.answers for label in item.labels]
    numeric = [int(x) for x in questions if x.isdigit()]
    if numeric:
        gaps = sorted(set(range(1, max(numeric) + 1)) - set(numeric))
        if gaps:
            out.warnings.append(f"question numbering has gaps: {', '.join(map(str, gaps))}")
    for label in answered:
        if questions and label not in questions:
            out.warnings.append(f"answer {label} has no question {label} in the letter")
    if out.answers:
        for label in questions:
            if label not in answered:
                out.warnings.append(f"question {label} has no answer")
