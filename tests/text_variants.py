"""SYNTHETIC test data: corpus OCR and PDF-text letters re-printed the ways real files differ.

tests/layouts.py re-lays letters as Word text; this module does the same for the formats
whose text comes out of a scanner or a PDF extractor: OCR pages from Staten-Generaal
Digitaal (tests/fixtures/ocr-sgd, 1909–1994), pdftotext output (tests/fixtures/pdftotext)
and PyPDF2 output (tests/fixtures/pypdf). Each variant starts from the real file and changes
only what another scan, page size or extractor run changes — line widths, end-of-line
hyphenation, where pages break and the running footers printed there, blank lines, line
ends, OCR's misread letters — and each must parse to the same questions, answers,
footnotes, kind, dates and askers as the file it came from (tests/test_text_variants.py).

Every variant is modelled on what the real fixtures show (named in each function's
docstring); variants that the fixtures do not support are listed in REJECTED with the
reason. Run it to print the table of variants × letters, or the differences with -v:

    .venv/bin/python -m tests.text_variants [-v] [variant …]
"""

from __future__ import annotations

import random
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsers import patterns as p
from parsers.clean import join_lines
from tests.layouts import FIXTURES, ROOT, Source, differences, facts

SOURCE_FORMATS = ("ocr-sgd", "pdftotext", "pypdf")
PDF_FORMATS = ("pdftotext", "pypdf")


@dataclass(frozen=True)
class Variant:
    """One way a real file differs. `make` returns the variant text, or None where the
    letter has nothing the variant changes (no page break to move, no word to misread)."""

    name: str
    formats: tuple[str, ...]
    make: Callable[[Source, str, random.Random], str | None]
    # Words the variant changed on purpose (OCR misreads): expected in the parse as well.
    renames: Callable[[Source, str], dict[str, str]] | None = None


# --- reading the real file's shape ---------------------------------------------------------


def _is_furniture(line: str) -> bool:
    """The parser's own test for running footers and colophons (parsers/clean.py)."""
    stripped = line.strip()
    return bool(
        p.FOOTER_LINE.match(stripped) or (p.FOOTER_RUNNING.search(stripped) and len(stripped) < 90)
    )


def _is_label(line: str) -> bool:
    return bool(
        p.QUESTION_LABEL.match(line)
        or p.ANSWER_LABEL.match(line)
        or p.NOTICE_WORD.match(line)
        or p.REMARK.match(line)
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def classify(lines: list[str], letter: dict[str, Any]) -> list[str]:
    """Each PDF-text line's role: head (masthead, before the first label), blank,
    furniture (footer, colophon and the page number after it), label, note (a footnote body
    at a page's foot), start (a line whose start must stay a line start: a bullet or a
    digit, e.g. pypdf's "3, Algerije4" marker), or text."""
    first_label = next((i for i, x in enumerate(lines) if _is_label(x)), len(lines))
    notes = " ".join(_flat(n["text"]) for n in letter["footnotes"] if n["text"])
    kinds: list[str] = []
    after_footer = False
    for i, line in enumerate(lines):
        stripped = line.strip().lstrip("\f")
        if i < first_label:
            kind = "head"
        elif not stripped:
            kind = "blank"
        elif _is_furniture(stripped) or (after_footer and p.PAGE_NUMBER_LINE.match(stripped)):
            kind = "furniture"
        elif _is_label(stripped):
            kind = "label"
        elif len(stripped) >= 12 and _body_part(stripped, notes):
            kind = "note"  # pdftotext prints a page's bodies after its colophon
        elif stripped[:1].isdigit() or p.BULLET.match(stripped):
            kind = "start"
        else:
            kind = "text"
        if kind == "furniture":
            after_footer = True
        elif kind != "blank":
            after_footer = False
        kinds.append(kind)
    # A page's foot: from a line starting with a digit, every filled line to the page end
    # is a lone number or part of a footnote body the original parse found.
    end = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if kinds[i] in ("furniture", "head"):
            end = i
            continue
        if kinds[i] == "start" and lines[i].strip()[:1].isdigit():
            zone = range(i, end)
            if all(
                kinds[k] in ("blank", "note")
                or p.LONE_NUMBER.match(lines[k])
                or _body_part(lines[k], notes)
                for k in zone
            ):
                for k in zone:
                    if kinds[k] != "blank":
                        kinds[k] = "note"
    return kinds


def _body_part(line: str, notes: str) -> bool:
    text = re.sub(r"^\s*\d{1,2}\s*", "", line.strip())
    return bool(text) and _flat(text) in notes


def _pages(lines: list[str], kinds: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each page: up to its running footer. A page's colophon stands
    before its footnote bodies in pdftotext output, so it does not end the page."""
    pages, start = [], 0
    for i, kind in enumerate(kinds):
        if kind == "furniture" and p.FOOTER_RUNNING.search(lines[i].strip()):
            pages.append((start, i))
            start = i + 1
    if start < len(lines):
        pages.append((start, len(lines)))
    return pages


# --- line widths and hyphenation -------------------------------------------------------------

# The words after a suspended compound ("in- en uitpompen", "wet- of regelgeving").
_SUSPENDED_BEFORE = frozenset({"en", "of", "tot", "t/m"})
_HYPHENATABLE = re.compile(r"^[a-zà-ÿ]{9,}[.,;:]?$")
_VOWEL = re.compile(r"[aeiouyàáèéëïöü]")


def _hyphen_point(word: str, room: int) -> int | None:
    """Where Dutch line-end hyphenation could split `word` within `room` characters: before
    a consonant that follows a vowel (a syllable boundary: "verant-woordelijk"), at least
    three letters in from either end."""
    core = word.rstrip(".,;:")
    for cut in range(min(room - 1, len(core) - 3), 2, -1):
        if _VOWEL.match(core[cut - 1]) and not _VOWEL.match(core[cut]) and core[cut + 1 :][:1]:
            if _VOWEL.match(core[cut + 1]):
                return cut
    return None


def wrap(text: str, width: int, hyphenate: bool) -> list[str]:
    """Greedy wrapping like a PDF's line breaking; long lower-case words hyphenated."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        if not current:
            current = word
            continue
        if len(current) + 1 + len(word) <= width or (
            current.endswith("-") and word not in _SUSPENDED_BEFORE
        ):
            # "Inclusie- ook" or "GbR- Aquatics" broken at the hyphen would print as
            # "Inclusie-" / "ook", which no reader (or parser) tells from a hyphenated word;
            # "wet- en" / "regelgeving" is a real line end (see _SUSPENDED_BEFORE).
            current += " " + word
            continue
        room = width - len(current) - 1
        cut = _hyphen_point(word, room) if hyphenate and _HYPHENATABLE.match(word) else None
        if cut is not None:
            lines.append(current + " " + word[:cut] + "-")
            current = word[cut:]
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _paragraph_end(line: str, following: str) -> bool:
    """A sentence that ends a line before one that starts with a capital may end a
    paragraph: another width keeps paragraph ends at line ends (the parser splits combined
    questions there), so the line break stays."""
    return bool(p.SENTENCE_END.search(line) and not following.strip()[:1].islower())


def rewrapped(source: Source, text: str, width: int, hyphenate: bool) -> str | None:
    """The running text of every item wrapped at another width, as the same letter printed
    on another page size: pdftotext and PyPDF2 keep the PDF's line breaks (pdftotext lines
    run 60-90 characters, PyPDF2 glues some lines and keeps others). Labels, footnote bodies,
    page furniture and lines that start with a digit or bullet keep their place."""
    lines = text.split("\n")
    kinds = classify(lines, source.letter)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if kinds[i] not in ("text", "start"):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and kinds[j] == "text" and not _paragraph_end(lines[j - 1], lines[j]):
            j += 1
        lead = lines[i][: len(lines[i]) - len(lines[i].lstrip())]  # a form feed stays
        out += [
            lead + x if k == 0 else x
            for k, x in enumerate(wrap(join_lines(lines[i:j]), width, hyphenate))
        ]
        i = j
    result = "\n".join(out)
    return result if result != text else None


_HEADER_OPENS = re.compile(
    r"^\s*(?:(?:Nadere|Mondelinge)\s+)?(?:Vragen|Antwoord|Mededeling)\s+van\b"
)
_HEADER_CLOSES = re.compile(r"\((?:ingezonden|ontvangen)[^)]*\)")


def header_rewrapped(source: Source, text: str, rng: random.Random) -> str | None:
    """The masthead's paragraphs ("Vragen van het lid … (ingezonden …).", "Antwoord van
    Minister … (ontvangen …).") wrapped at another width and hyphenated, as another page
    width prints them: askers, parties and dates must survive any line break."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    changed = False
    while i < len(lines):
        if not _HEADER_OPENS.match(lines[i]) or _is_label(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and j - i < 8 and not _HEADER_CLOSES.search(lines[j]):
            j += 1
        if j - i >= 8 or j == len(lines):
            out.append(lines[i])
            i += 1
            continue
        wrapped = wrap(join_lines(lines[i : j + 1]), rng.choice([45, 60]), True)
        changed = changed or wrapped != lines[i : j + 1]
        out += wrapped
        i = j + 1
    return "\n".join(out) if changed else None


# --- page breaks -----------------------------------------------------------------------------


def _footer_block(lines: list[str], kinds: list[str], fmt: str) -> list[str] | None:
    """The furniture the file prints at a plain page break (no colophon), copied from it."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if kinds[i] != "furniture" or not p.FOOTER_RUNNING.search(stripped):
            continue
        if "ISSN" in stripped or "Gravenhage" in stripped:
            continue  # pypdf glues the colophon to page 1's footer: not a plain break
        if fmt == "pdftotext":
            return ["", stripped, "", "0", "", "\f"]
        return [stripped]
    return None


def _renumber(text: str, fmt: str) -> str:
    """Page numbers in print order after pages were added or removed."""
    lines = text.split("\n")
    page = 0
    for i, line in enumerate(lines):
        if fmt == "pdftotext" and p.FOOTER_RUNNING.search(line.strip()):
            page += 1
            k = i + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and p.PAGE_NUMBER_LINE.match(lines[k]):
                lines[k] = str(page)
        elif fmt == "pypdf" and (m := re.search(r"(Aanhangsel|Vragen) (\d+)$", line)):
            if p.FOOTER_RUNNING.search(line):
                page += 1
                lines[i] = line[: m.start(2)] + str(page)
    return "\n".join(lines)


def _joined_footer_line(lines: list[str], at: int, fmt: str, block: list[str]) -> list[str]:
    """pdftotext starts a new page with a form feed glued to its first line."""
    if fmt != "pdftotext":
        return lines[:at] + block + lines[at:]
    return lines[:at] + block[:-1] + ["\f" + lines[at]] + lines[at + 1 :]


def pages_added(source: Source, text: str, rng: random.Random) -> str | None:
    """Page breaks where the real file has none: the page's running footer and page number
    (copied from the file's own footers) between two lines of an answer or question, and
    right before a label, as another page size puts them. Only on pages without footnote
    bodies: a body prints at the foot of its marker's page, which a moved break would
    change (the parser finds bodies by their sequence, not by page)."""
    fmt = source.path.parent.name
    lines = text.split("\n")
    kinds = classify(lines, source.letter)
    block = _footer_block(lines, kinds, fmt)
    if block is None:
        return None
    candidates = []
    for start, end in _pages(lines, kinds):
        if any(kinds[k] == "note" for k in range(start, end)):
            continue
        # A printed page holds 40-50 lines (PyPDF2 glues some): 8 lines or more a page.
        candidates += [
            k
            for k in range(start + 8, end - 8)
            if kinds[k] in ("text", "label", "start") and kinds[k - 1] in ("text", "label", "start")
        ]
    chosen: list[int] = []
    for at in rng.sample(candidates, len(candidates)):
        if all(abs(at - x) >= 16 for x in chosen) and len(chosen) < 2:
            chosen.append(at)
    if not chosen:
        return None
    for at in sorted(chosen, reverse=True):
        lines = _joined_footer_line(lines, at, fmt, block)
    return _renumber("\n".join(lines), fmt)


def pages_removed(source: Source, text: str, rng: random.Random) -> str | None:
    """The page breaks of pages without footnote bodies taken out (footer, page number,
    form feed), as a longer page prints the text on fewer pages."""
    fmt = source.path.parent.name
    lines = text.split("\n")
    kinds = classify(lines, source.letter)
    drop: set[int] = set()
    for start, end in _pages(lines, kinds):
        if any(kinds[k] == "note" for k in range(start, end)) or end >= len(lines):
            continue
        k = end
        group = []
        before = end - 1
        while before > start and kinds[before] == "blank":
            group.append(before)
            before -= 1
        while k < len(lines) and kinds[k] in ("furniture", "blank"):
            group.append(k)
            k += 1
        printed = " ".join(lines[x] for x in group)
        if "ISSN" in printed or "Gravenhage" in printed or k >= len(lines):
            continue  # the first page's colophon stays
        drop.update(group)
        if k < len(lines):
            lines[k] = lines[k].lstrip("\f")
    if not drop:
        return None
    return _renumber("\n".join(x for i, x in enumerate(lines) if i not in drop), fmt)


def _footnote_numbers(source: Source, text: str, glued: bool) -> str | None:
    lines = text.split("\n")
    kinds = classify(lines, source.letter)
    pattern = re.compile(r"^(\s*\d{1,2}) (?=[A-Z«])" if glued else r"^(\s*\d{1,2})(?=[A-Z«])")
    changed = False
    for i, line in enumerate(lines):
        if kinds[i] == "note" and pattern.match(line):
            lines[i] = pattern.sub(r"\1" if glued else r"\1 ", line, count=1)
            changed = True
    return "\n".join(lines) if changed else None


def footnote_numbers_spaced(source: Source, text: str, rng: random.Random) -> str | None:
    """A page foot's bodies with a space after their number ("1 BBC, 19 oktober …"): PyPDF2
    glues the number to the body on 29 of 36 files ("1BBC") and spaces it on others."""
    return _footnote_numbers(source, text, glued=False)


def no_form_feeds(source: Source, text: str, rng: random.Random) -> str | None:
    """pdftotext -nopgbrk: pages run on without the form feed."""
    return text.replace("\f", "") if "\f" in text else None


# --- blank lines, line ends, white space -------------------------------------------------------


def no_blank_lines(source: Source, text: str, rng: random.Random) -> str | None:
    """Blank lines dropped (pdftotext prints them around page furniture; tools that post-
    process its output collapse them; PyPDF2 prints none)."""
    out = "\n".join(x for x in text.split("\n") if x.strip())
    return out if out != text.rstrip("\n") else None


def double_blank_lines(source: Source, text: str, rng: random.Random) -> str | None:
    """Each blank line doubled, as pdftotext -layout and some exports print page gaps."""
    out = re.sub(r"\n[ \t]*\n", "\n\n\n", text)
    return out if out != text else None


def blank_between_blocks(source: Source, text: str, rng: random.Random) -> str | None:
    """OCR blocks separated by a blank line (SGD prints one block a line; other exports of
    the same OCR separate the blocks as paragraphs)."""
    return "\n\n".join(text.split("\n"))


def crlf(source: Source, text: str, rng: random.Random) -> str | None:
    """Windows line ends, as a file saved or downloaded on Windows has them."""
    return text.replace("\n", "\r\n")


def trailing_white_space(source: Source, text: str, rng: random.Random) -> str | None:
    """Spaces and tabs after the line's last character (PyPDF2 prints " " lines; text
    saved from a viewer or by hand keeps trailing blanks)."""
    out = [x + rng.choice(["", " ", "  ", "\t", " \t"]) if x else x for x in text.split("\n")]
    return "\n".join(out)


# --- OCR ---------------------------------------------------------------------------------------


def _ocr_header_end(lines: list[str]) -> int:
    """Index of the line with the questions' submission date: the masthead before it."""
    for i, line in enumerate(lines):
        if p.SUBMITTED.search(line):
            return i
    return len(lines)


def _answers_start(lines: list[str]) -> int:
    """Index of the line after the answer's header ("Antwoord van minister …")."""
    for i, line in enumerate(lines):
        if p.ANSWER_HEADER.search(line) and i >= _ocr_header_end(lines):
            return i + 1
    return len(lines)


def _split_one_block(
    lines: list[str], start: int, rng: random.Random, cut_at: re.Pattern[str], gap: int
) -> str | None:
    """One long block (a line) split in two at a `cut_at` match: one column or page break
    moved per letter, as another scan of the page would place it."""
    choices = []
    for i in range(start, len(lines)):
        line = lines[i]
        if len(line) < 200 or _is_furniture(line):
            continue
        cuts = [m.end() for m in cut_at.finditer(line) if 60 < m.end() < len(line) - 60]
        choices += [(i, c) for c in cuts]
    if not choices:
        return None
    i, cut = rng.choice(choices)
    lines = lines[:i] + [lines[i][:cut].rstrip(), lines[i][cut + gap :]] + lines[i + 1 :]
    return "\n".join(lines)


def ocr_blocks_split(source: Source, text: str, rng: random.Random) -> str | None:
    """An answer's block split in two at a sentence end, as SGD prints an answer's
    paragraphs as blocks (32 of 160 corpus OCR answers have more than one). Only answers:
    among the questions a new block after a "?" is the next question whose number the OCR
    lost (sgd-0000011619: "Wordt op korte termijn …?" is question 3), so splitting a question
    there makes a different letter, not another print of the same one."""
    lines = text.split("\n")
    return _split_one_block(lines, _answers_start(lines), rng, re.compile(r"\. (?=[A-Z][a-z])"), 0)


def ocr_blocks_split_mid_sentence(source: Source, text: str, rng: random.Random) -> str | None:
    """A block split mid-sentence, the rest starting in lower case on the next line, as a
    column break leaves it (sgd-0000028054 "…burgemeester" / "Motoshima"; the parser's
    ocr_layout.stitch_columns joins such blocks)."""
    lines = text.split("\n")
    start = _ocr_header_end(lines) + 1
    return _split_one_block(lines, start, rng, re.compile(r"[a-z] (?=[a-z]{3,} )"), 0)


def ocr_page_footer(source: Source, text: str, rng: random.Random) -> str | None:
    """A page break inside the item: the page's running footer ("Tweede Kamer,
    vergaderjaar 1990-1991, Aanhangsel", copied from the file) and a page number between two
    blocks, as SGD items that run over two pages print them (sgd-0000004390, -027335)."""
    lines = text.split("\n")
    footer = next((x for x in lines if p.FOOTER_RUNNING.search(x) and len(x) < 90), None)
    if footer is None:
        return None
    start = _ocr_header_end(lines) + 1
    candidates = [
        i
        for i in range(start + 1, len(lines))
        if lines[i].strip()
        and lines[i - 1].strip()
        and not _is_furniture(lines[i])
        and not _is_furniture(lines[i - 1])
        and not p.PAGE_NUMBER_LINE.match(lines[i])
        and not p.PAGE_NUMBER_LINE.match(lines[i - 1])
    ]
    if not candidates:
        return None
    at = rng.choice(candidates)
    return "\n".join(lines[:at] + [footer.strip(), str(rng.randint(100, 2000))] + lines[at:])


def _item_numbers(source: Source, text: str) -> list[re.Match[str]]:
    """The printed number of each single-numbered question and answer, found before the
    item's first words (a number that is not found exactly once is left alone)."""
    found = []
    items = source.letter["questions"] + [
        {"number": a["numbers"][0], "text": a["text"]}
        for a in source.letter["answers"]
        if len(a["numbers"]) == 1
    ]
    for item in items:
        if not item["text"] or not item["number"].isdigit():
            continue
        words = re.sub(r"\[\^\d+\]", "", item["text"]).split()[:3]
        lead = r"\s+".join(re.escape(w) for w in words)
        number = re.escape(item["number"])
        matches = list(re.finditer(rf"(?:(?<=\s)|^){number}(?P<gap>\.?[ ]?)(?={lead})", text, re.M))
        if len(matches) == 1:
            found.append(matches[0])
    return found


def _respaced_numbers(source: Source, text: str, gap: str) -> str | None:
    """Every item number with `gap` between it and the item's text."""
    matches = [m for m in _item_numbers(source, text) if m["gap"] != gap and "." not in m["gap"]]
    for m in sorted(matches, key=lambda x: x.start(), reverse=True):
        text = text[: m.start("gap")] + gap + text[m.end("gap") :]
    return text if matches else None


def ocr_item_numbers_glued(source: Source, text: str, rng: random.Random) -> str | None:
    """Item numbers glued to their text ("1Kent u …"), as the OCR prints them on 18 of the
    59 pages (sgd-0000011619, -004390) where others have "1 Hebt u …"."""
    return _respaced_numbers(source, text, "")


def ocr_item_numbers_spaced(source: Source, text: str, rng: random.Random) -> str | None:
    """Item numbers spaced from their text ("1 Hebt u …", 40 of 59 pages)."""
    return _respaced_numbers(source, text, " ")


def ocr_item_number_misread(source: Source, text: str, rng: random.Random) -> str | None:
    """Question 3's printed number read as 8, as in sgd-0000296403 (1927: "8. Zoo ja, is de
    Minister bereid …" is question 3). The parser repairs a misread digit where the printed
    number cannot be the next item's (patterns.OCR_DIGIT_MISREAD); 5/6 misreads are not
    repairable that way (6 may follow 5) and are left out."""
    question = next((q for q in source.letter["questions"] if q["number"] == "3"), None)
    if question is None or not question["text"]:
        return None
    words = re.sub(r"\[\^\d+\]", "", question["text"]).split()[:3]
    lead = r"\s+".join(re.escape(w) for w in words)
    found = list(re.finditer(rf"(?:(?<=\s)|^)3(?=\.?\s*{lead})", text, re.M))
    if len(found) != 1:
        return None
    at = found[0].start()
    return text[:at] + "8" + text[at + 1 :]


def ocr_page_footer_mid_sentence(source: Source, text: str, rng: random.Random) -> str | None:
    """The page break inside a block: a sentence runs on after the footer and page number,
    in lower case (the printed page turns mid-sentence)."""
    lines = text.split("\n")
    footer = next((x for x in lines if p.FOOTER_RUNNING.search(x) and len(x) < 90), None)
    split = ocr_blocks_split_mid_sentence(source, text, rng)
    if footer is None or split is None:
        return None
    new = split.split("\n")
    at = next(i for i, (a, b) in enumerate(zip(lines, new, strict=False)) if a != b) + 1
    page = str(rng.randint(100, 2000))
    return "\n".join(new[:at] + [footer.strip(), page] + new[at:])


# Letters the SGD OCR confuses, each seen in the fixtures: "Uitgevenj" (ri → n),
# "ingczonden" (e → c), "ereschu/d" (l → /), "toe-6tand" (s → 6), "mjzondere" (bij → mj),
# "Asnhangsel" (a → s), "lngezonden" (I → l), and m/rn, ii/ü the OCR literature names.
OCR_CONFUSIONS = (("ri", "n"), ("e", "c"), ("l", "/"), ("s", "6"), ("a", "s"), ("m", "rn"))
# Words the parser reads as structure or metadata, never misread on purpose here.
_KEPT_WORDS = frozenset(
    "antwoord antwoorden vraag vragen ingezonden ontvangen minister ministers "
    "staatssecretaris namens mededeling aanhangsel vergaderjaar zitting handelingen "
    "toelichting beantwoord beantwoording termijn uitstel".split()
) | frozenset(p.MONTHS)


def _misread(word: str, rng: random.Random) -> str | None:
    options = [(a, b) for a, b in OCR_CONFUSIONS if a in word[1:-1]]
    if not options:
        return None
    a, b = rng.choice(options)
    at = word.index(a, 1)
    return word[:at] + b + word[at + len(a) :]


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w/-]){re.escape(word)}(?![\w/-])")


def ocr_misreads(source: Source, text: str) -> dict[str, str]:
    """About one ordinary word in twelve (lower case, 6+ letters, in the items' text and
    not in the masthead) misread the way the OCR misreads letters, everywhere it occurs.
    Only words never part of a longer word in the file: the parser joins "ge-bracht"-like
    pieces, which would make the misread and the expected text part ways."""
    raw = source.path.read_text(encoding="utf-8")
    letter = source.letter
    parsed = " ".join(
        x["text"] or "" for x in letter["questions"] + letter["answers"] + letter["footnotes"]
    ) + " ".join(d["text"] for d in letter["discarded"])
    rng = random.Random(zlib.crc32(source.name.encode()))
    header = next((d["text"] for d in letter["discarded"] if d["reason"].startswith("header")), "")
    items = " ".join(x["text"] or "" for x in source.letter["questions"] + source.letter["answers"])
    words = sorted(set(re.findall(r"(?<![\w/-])[a-z]{6,}(?![\w/-])", items)))
    renames: dict[str, str] = {}
    for word in words:
        if word in _KEPT_WORDS or word in header or rng.random() > 1 / 12:
            continue
        pattern = _word_pattern(word)
        if raw.count(word) != len(pattern.findall(raw)) or len(pattern.findall(raw)) != len(
            pattern.findall(parsed)
        ):
            continue
        misread = _misread(word, rng)
        if misread and misread not in words:
            renames[word] = misread
    return renames


def ocr_misread_text(source: Source, text: str, rng: random.Random) -> str | None:
    renames = ocr_misreads(source, text)
    for word, misread in renames.items():
        text = _word_pattern(word).sub(misread, text)
    return text if renames else None


def _renamed(value: Any, renames: dict[str, str]) -> Any:
    if isinstance(value, str):
        for word, misread in renames.items():
            value = _word_pattern(word).sub(misread, value)
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_renamed(x, renames) for x in value)
    return value


# --- the variants ------------------------------------------------------------------------------

ALL = SOURCE_FORMATS
VARIANTS = [
    Variant("rewrap-55", PDF_FORMATS, lambda s, t, r: rewrapped(s, t, 55, False)),
    Variant("rewrap-100", PDF_FORMATS, lambda s, t, r: rewrapped(s, t, 100, False)),
    Variant("rewrap-55-hyphenated", PDF_FORMATS, lambda s, t, r: rewrapped(s, t, 55, True)),
    Variant("rewrap-75-hyphenated", PDF_FORMATS, lambda s, t, r: rewrapped(s, t, 75, True)),
    Variant("header-rewrapped", PDF_FORMATS, header_rewrapped),
    Variant("page-breaks-added", PDF_FORMATS, pages_added),
    Variant("page-breaks-removed", PDF_FORMATS, pages_removed),
    Variant("pypdf-footnote-numbers-spaced", ("pypdf",), footnote_numbers_spaced),
    Variant("no-form-feeds", ("pdftotext",), no_form_feeds),
    Variant("no-blank-lines", ("pdftotext",), no_blank_lines),
    Variant("double-blank-lines", ("pdftotext",), double_blank_lines),
    # Not for PyPDF2: it never prints a blank line between lines, and a blank line is a
    # paragraph break, across which no hyphenated word is joined.
    Variant("blank-between-blocks", ("ocr-sgd",), blank_between_blocks),
    Variant("crlf", ALL, crlf),
    Variant("trailing-white-space", ALL, trailing_white_space),
    Variant("ocr-blocks-split", ("ocr-sgd",), ocr_blocks_split),
    Variant("ocr-blocks-split-mid-sentence", ("ocr-sgd",), ocr_blocks_split_mid_sentence),
    Variant("ocr-page-footer", ("ocr-sgd",), ocr_page_footer),
    Variant("ocr-page-footer-mid-sentence", ("ocr-sgd",), ocr_page_footer_mid_sentence),
    Variant("ocr-item-number-misread", ("ocr-sgd",), ocr_item_number_misread),
    Variant("ocr-item-numbers-glued", ("ocr-sgd",), ocr_item_numbers_glued),
    Variant("ocr-item-numbers-spaced", ("ocr-sgd",), ocr_item_numbers_spaced),
    Variant("ocr-misread-letters", ("ocr-sgd",), ocr_misread_text, ocr_misreads),
]

# Considered and left out, because the real fixtures do not show them:
REJECTED = {
    "ocr-double-spaces": "no SGD OCR fixture has two spaces in a row (0 of 59 files)",
    "ocr-stray-bullets": (
        "a stray '»'/'•' opens a line in 2 of 59 OCR files only, and a '•' that opens a "
        "line is a bullet the parser rightly keeps as text, so the parse must differ"
    ),
    "ocr-rewrap": (
        "SGD prints one OCR block a line and the parser's column repairs read that shape; "
        "no OCR fixture wraps its lines"
    ),
    "pypdf-footnote-numbers-glued": (
        "no PyPDF2 fixture prints a page foot's body spaced from its number, so there is "
        "nothing to glue; the spaced form is generated from the glued one instead"
    ),
    "compound-hyphen-at-line-end": (
        "'quantum-' + 'proof' at a line end cannot be told from 'verant-' + 'woordelijk' "
        "without a dictionary: only plain lower-case words are hyphenated here"
    ),
}


# --- running ---------------------------------------------------------------------------------


def sources() -> list[Source]:
    """Corpus OCR and PDF-text letters that parse with items."""
    from parsers import parse_bytes

    found = []
    for fmt in SOURCE_FORMATS:
        for path in sorted((FIXTURES / fmt).glob("*.txt")):
            letter = parse_bytes(path.read_bytes(), path.relative_to(ROOT).as_posix())
            if letter["questions"] and letter["kind"] in ("answer", "questions"):
                found.append(Source(path, letter))
    return found


def variant_name(source: Source, variant: Variant) -> str:
    return f"SYNTHETIC-{variant.name}-{source.path.stem}.txt"


def render(source: Source, variant: Variant) -> str | None:
    if source.path.parent.name not in variant.formats:
        return None
    text = source.path.read_text(encoding="utf-8")
    rng = random.Random(zlib.crc32(f"{source.name} {variant.name}".encode()))
    return variant.make(source, text, rng)


def expected(source: Source, variant: Variant) -> dict[str, Any]:
    wanted = facts(source.letter)
    if variant.renames is None:
        return wanted
    renames = variant.renames(source, "")
    return {key: _renamed(value, renames) for key, value in wanted.items()}


def check(source: Source, variant: Variant) -> list[str] | None:
    """The differences between the variant's parse and the source's (None: no variant)."""
    from parsers import parse_bytes

    text = render(source, variant)
    if text is None:
        return None
    parsed = parse_bytes(text.encode("utf-8"), variant_name(source, variant))
    return differences(expected(source, variant), facts(parsed))


def pairs(found: list[Source]) -> list[tuple[Source, Variant]]:
    return [(s, v) for v in VARIANTS for s in found if render(s, v) is not None]


def table(found: list[Source], variants: list[Variant]) -> tuple[str, int, int]:
    rows = [
        "| variant | formats | letters | identical | differing |",
        "| --- | --- | --- | --- | --- |",
    ]
    same = total = 0
    for variant in variants:
        results = [check(s, variant) for s in found]
        results = [r for r in results if r is not None]
        ok = sum(1 for r in results if not r)
        same += ok
        total += len(results)
        rows.append(
            f"| {variant.name} | {', '.join(variant.formats)} | {len(results)} | {ok} "
            f"| {len(results) - ok} |"
        )
    rows.append(f"| **all {len(variants)} variants** | | {total} | {same} | {total - same} |")
    return "\n".join(rows), same, total


def main(argv: list[str]) -> int:
    found = sources()
    names = [x for x in argv[1:] if not x.startswith("-")]
    variants = [x for x in VARIANTS if not names or x.name in names]
    if "-v" in argv:
        for variant in variants:
            for source in found:
                for problem in check(source, variant) or []:
                    print(f"{variant.name} {source.name}: {problem}")
        return 0
    text, same, total = table(found, variants)
    print(text)
    return 0 if same == total else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
