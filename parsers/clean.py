"""Second stage: take page furniture and footnote bodies out of the running text.

Text from a PDF extractor has no layout left, so page footers, colophons and the footnote
bodies printed at each page's foot sit between the sentences of an answer. This stage finds
them by shape and sequence (footnote bodies are numbered 1, 2, 3 … through the letter),
moves them aside, and records every line it removes, so no word is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers import patterns as p
from parsers.model import WORD_FORMATS, Discarded, Extracted


@dataclass(frozen=True)
class FootnoteBody:
    """A footnote body found in the text; `number` is None where the extractor lost it."""

    number: int | None
    text: str


@dataclass
class Cleaned:
    source: str
    format: str
    lines: list[str]
    bodies: list[FootnoteBody] = field(default_factory=list)
    discarded: list[Discarded] = field(default_factory=list)
    layout: bool = False
    warnings: list[str] = field(default_factory=list)


PAGE_END = "\x00page-end"  # where furniture was removed: footnote zones end there


def clean(extracted: Extracted) -> Cleaned:
    bodies = [FootnoteBody(n, t) for n, t in sorted(extracted.footnotes.items())]
    result = Cleaned(
        source=extracted.source,
        format=extracted.format,
        lines=list(extracted.lines),
        bodies=bodies,
        discarded=list(extracted.discarded),
        layout=extracted.layout,
        warnings=list(extracted.warnings),
    )
    if extracted.layout:
        if result.format in WORD_FORMATS:
            result.lines = take_remark(result.lines, result.discarded)
        return result
    if result.format == "pdf-text" and len([x for x in result.lines if x.strip()]) == 1:
        result.lines = split_collapsed_line(result.lines)
    result.lines = remove_furniture(result.lines, result.discarded)
    result.lines = take_remark(result.lines, result.discarded)
    if result.format in WORD_FORMATS:
        result.lines, found = take_word_footnotes(result.lines)
    else:
        result.lines, found = take_footnote_zones(result.lines, result.format)
    result.bodies.extend(found)
    result.lines = [line for line in result.lines if line != PAGE_END]
    return result


def split_collapsed_line(lines: list[str]) -> list[str]:
    """A letter whose whitespace was collapsed to one line: restore the lines labels need."""

    text = " ".join(line.strip() for line in lines if line.strip())
    # Line-end hyphenation survives collapsing as "declaratiesys- teem"; "inlichtingen- en
    # veiligheidsdiensten" is a real hyphen.
    text = re.sub(r"(?<=[a-zà-ÿ])- (?!(?:en|of|tot|t/m)\b)(?=[a-zà-ÿ])", "", text)
    text = re.sub(
        r"\s(?=(?:Vraag|Antwoord|Vragen)\s+\d{1,3}[a-z]?(?:\s*(?:,|en)\s*\d{1,3}[a-z]?)*\s)",
        "\n",
        text,
    )
    text = re.sub(
        r"((?:Vraag|Antwoord|Vragen)\s+\d{1,3}[a-z]?(?:\s*(?:,|en)\s*\d{1,3}[a-z]?)*)\s",
        r"\1\n",
        text,
    )
    text = _break_collapsed_footnotes(text)
    # Not inside a word ("aISSN …" is a word the letter holds, not the colophon).
    text = re.sub(r"\s*(?<!\w)(ah-(?:tk|ek)-\d{8}-\d+)\s*", r"\n\1\n", text)
    text = re.sub(r"\s*(?<!\w)(ISSN 0921 - 7398)\s*", r"\n\1\n", text)
    text = re.sub(r"\s*(?<!\w)(’s-Gravenhage \d{4})\s*", r"\n\1\n", text)
    text = re.sub(
        r"\s*((?:Tweede|Eerste) Kamer, vergaderjaar \d{4}[–-]\d{4}, Aanhangsel(?: \d+)?)\s*",
        r"\n\1\n",
        text,
    )
    return text.split("\n")


def _break_collapsed_footnotes(text: str) -> str:
    """Put each footnote body of a collapsed page foot on its own line.

    Before each colophon the page's bodies run on: "… wordt 1 Financieel Dagblad, … 2014
    2 De Telegraaf, … ah-tk-…". The numbers continue the letter's sequence, so the run is
    found by chaining 1, 2, 3 … up to the colophon.
    """
    expected = 1
    out: list[str] = []
    start = 0
    for footer in re.finditer(r"\s(?=ah-(?:tk|ek)-\d{8}-\d+\s)", text):
        page = text[start : footer.start()]
        cuts = _footnote_chain(page, expected)
        for cut in reversed(cuts):
            page = page[:cut] + "\n" + page[cut:].lstrip()
        expected += len(cuts)
        out.append(page)
        start = footer.start()
    out.append(text[start:])
    return "".join(out)


def _footnote_chain(page: str, expected: int) -> list[int]:
    window = max(0, len(page) - 2000)
    for first in re.finditer(rf"\s{expected}\s(?=[A-Z«‘])", page[window:]):
        cuts = [window + first.start()]
        number = expected + 1
        position = cuts[0] + len(first[0])
        while nxt := re.compile(rf"\s{number}\s(?=[A-Z«‘])").search(page, position):
            cuts.append(nxt.start())
            position, number = nxt.end(), number + 1
        if len(page) - position < 400 and not re.search(
            r"(?:Vraag|Antwoord)\s+\d", page[cuts[0] :]
        ):
            return cuts
    return []


def remove_furniture(lines: list[str], discarded: list[Discarded]) -> list[str]:
    """Drop running footers, colophons and the page numbers that follow them.

    Blank lines next to removed furniture are dropped too: they are page breaks, not
    paragraph breaks, and would otherwise split a sentence that runs across pages.
    """
    kept: list[str] = []
    after_footer = False
    for line in lines:
        stripped = line.strip()
        if p.FOOTER_LINE.match(stripped) or (
            p.FOOTER_RUNNING.search(stripped) and len(stripped) < 90
        ):
            reason = (
                "colophon" if ("ISSN" in stripped or "Gravenhage" in stripped) else "page footer"
            )
            discarded.append(Discarded(stripped, reason))
            while kept and not kept[-1].strip():
                kept.pop()
            if not kept or kept[-1] != PAGE_END:
                kept.append(PAGE_END)
            after_footer = True
            continue
        if after_footer and not stripped:
            continue
        if after_footer and p.PAGE_NUMBER_LINE.match(stripped):
            discarded.append(Discarded(stripped, "page number"))
            continue
        after_footer = False
        kept.append(line)
    return kept


def take_remark(lines: list[str], discarded: list[Discarded]) -> list[str]:
    """The askers' closing note ("Toelichting: Deze vragen dienen ter aanvulling op …").

    It belongs to no question or answer, and the contract has no field for it (the official
    XML calls it kamervraagopmerking), so it is kept in `discarded` under that name rather
    than glued to the last answer.
    """
    for i in range(len(lines) - 1, max(-1, len(lines) - 12), -1):
        if p.REMARK.match(lines[i]):
            end = i + 1
            while end < len(lines) and lines[end] != PAGE_END and len(lines[end]) < 400:
                if p.WORD_FOOTNOTE_BODY.match(lines[end].strip()):
                    break
                end += 1
            text = " ".join(x.strip() for x in lines[i:end] if x.strip() and x != PAGE_END)
            discarded.append(Discarded(text, "kamervraagopmerking: askers' note, no field for it"))
            return lines[:i] + lines[end:]
    return lines


def _is_label(line: str) -> bool:
    return bool(p.QUESTION_LABEL.match(line) or p.ANSWER_LABEL.match(line))


def _questions_start(lines: list[str]) -> int:
    """Footnote bodies never stand in the masthead, whose lone numbers look like them."""
    for i, line in enumerate(lines):
        if _is_label(line) or "ngezonden" in line:
            return i + 1 if "ngezonden" in line and not _is_label(line) else i
    return 0


def take_footnote_zones(lines: list[str], fmt: str) -> tuple[list[str], list[FootnoteBody]]:
    """Find the runs of footnote bodies that interrupt the text and take them out.

    A zone starts at a line that begins with the next expected footnote number (glued as
    "1Kinderrechten.nl", spaced as " 3 De Volkskrant", or alone on its line with the body
    below it) and runs to the page end: a removed footer, a label, or the end of the text.
    A sentence that stops mid-way and resumes in lower case after some indented lines is
    interrupted by bodies whose numbers were lost (the seed letter).
    """
    if fmt == "ocr-text":
        return lines, []
    start = _questions_start(lines)
    kept = lines[:start]
    has_pages = PAGE_END in lines
    bodies: list[FootnoteBody] = []
    next_number = 1
    i = start
    while i < len(lines):
        line = lines[i]
        number = _body_start(lines, i, next_number)
        if number is not None:
            zone_end = _zone_end(lines, i)
            zone = lines[i:zone_end]
            if _only_numbers(zone) and zone_end < len(lines) and lines[zone_end] == PAGE_END:
                # pdftotext prints the numbers, then the colophon, then the bodies.
                after = _zone_end(lines, zone_end)
                zone += lines[zone_end + 1 : after]
                zone_end = after
            if (has_pages and zone_end < len(lines) and lines[zone_end] != PAGE_END) or any(
                (
                    (glued := re.match(r"\s*(\d{1,2})(?=[^\s\d.,)])", x))
                    or (glued := p.FOOTNOTE_BODY_START.match(x))
                )
                and int(glued[1]) <= number
                for x in zone[1:]
            ):
                # A number whose body appears further down ("2" … "2Stb. 2024", "2 Stb.") is a
                # marker that pypdf put at the start of a line, not a body number.
                # With page furniture known, bodies stand at a page's foot; a "zone" that
                # stops at a label is a sentence starting with a marker ("2 Dit is …").
                kept.append(line)
                i += 1
                continue
            found = _split_zone(zone, next_number)
            bodies.extend(found)
            numbered = [b.number for b in found if b.number is not None]
            if numbered:
                next_number = max(numbered) + 1
            while kept and not kept[-1].strip():
                kept.pop()
            i = zone_end
            while i < len(lines) and not lines[i].strip():
                i += 1
            continue
        resume = _interrupted_sentence(lines, i) if fmt == "pdf-text" else None
        if resume is not None:
            kept.append(line)
            chunks = _chunks(lines[i + 1 : resume])
            bodies.extend(FootnoteBody(None, chunk) for chunk in chunks)
            next_number += len(chunks)
            i = resume
            continue
        kept.append(line)
        i += 1
    return kept, bodies


def _body_start(lines: list[str], i: int, expected: int) -> int | None:
    line = lines[i]
    if not line.lstrip()[:1].isdigit():
        return None  # both patterns below start with a number: most lines are text
    match = p.FOOTNOTE_BODY_START.match(line)
    if match and expected <= int(match["number"]) <= expected + 2:
        if not _is_label(line) and not p.NUMBERED_ITEM.match(line):
            return int(match["number"])
    lone = p.LONE_NUMBER.match(line)
    if lone and expected <= int(lone["number"]) <= expected + 2:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        next_lone = p.LONE_NUMBER.match(lines[j]) if j < len(lines) else None
        if next_lone and int(next_lone["number"]) == int(lone["number"]) + 1:
            return int(lone["number"])  # "1" "2" then both bodies (pdftotext)
        if j < len(lines) and not _is_label(lines[j]) and not next_lone:
            following = lines[j].strip()
            starts_body = not following[:1].islower() or following.startswith(("http", "www."))
            if following and starts_body and j - i <= 3:
                # A marker line ("1" after a question) is followed by text of the same
                # page only in pypdf output, where the next line is then a label.
                return int(lone["number"])
    return None


def _only_numbers(zone: list[str]) -> bool:
    return all(p.LONE_NUMBER.match(x) or not x.strip() for x in zone)


def _zone_end(lines: list[str], start: int) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j] == PAGE_END or _is_label(lines[j]) or p.NOTICE_WORD.match(lines[j]):
            return j
    return len(lines)


def _split_zone(zone: list[str], expected: int) -> list[FootnoteBody]:
    """One body per number in sequence; a number printed after its body is recovered."""
    bodies: list[tuple[int | None, list[str]]] = []
    for line in zone:
        stripped = line.strip()
        if not stripped:
            continue
        glued = p.FOOTNOTE_BODY_START.match(stripped)
        lone = p.LONE_NUMBER.match(stripped)
        if lone and int(lone["number"]) >= expected:
            bodies.append((int(lone["number"]), []))
            expected = int(lone["number"]) + 1
            continue
        if lone and bodies:
            # pdftotext sometimes prints a number after its body (ah-tk-20232024-1178 p.4):
            # it belongs to the second line of the body before the skipped number.
            missing = int(lone["number"])
            for k, (number, text_lines) in enumerate(bodies):
                if number is not None and number == missing - 1 and len(text_lines) >= 2:
                    bodies.insert(k + 1, (missing, [text_lines.pop()]))
                    break
            else:
                bodies[-1][1].append(stripped)
            continue
        if glued and int(glued["number"]) >= expected and int(glued["number"]) <= expected + 2:
            bodies.append((int(glued["number"]), [glued["rest"].strip()]))
            expected = int(glued["number"]) + 1
            continue
        if not bodies:
            bodies.append((None, []))
        pending = next((b for b in bodies if not b[1]), None)
        (pending or bodies[-1])[1].append(stripped)
    return [FootnoteBody(n, join_lines(t)) for n, t in bodies if t or n is not None]


def _interrupted_sentence(lines: list[str], i: int) -> int | None:
    """Index where an interrupted sentence resumes, if line i is cut off by lost bodies."""
    line = lines[i]
    j = i + 1
    # The cheap test first: the next line is indented (rare) …
    if j >= len(lines) or not lines[j][:1].isspace() or not lines[j].strip():
        return None
    # … and this one stops mid-sentence.
    if not line.strip() or p.SENTENCE_END.search(line) or _is_label(line):
        return None
    if lines[j].strip()[0].islower():
        return None
    for k in range(j + 1, min(j + 10, len(lines))):
        candidate = lines[k]
        if _is_label(candidate):
            return None
        if candidate[:1].isspace() and candidate.strip()[:1].islower():
            return k
    return None


def _chunks(zone: list[str]) -> list[str]:
    """Split lost-number bodies at blank lines; a chunk in lower case continues the last."""
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in zone + [""]:
        if line.strip():
            current.append(line.strip())
            continue
        if current:
            if chunks and current[0][:1].islower():
                chunks[-1].extend(current)
            else:
                chunks.append(current)
            current = []
    return [join_lines(c) for c in chunks]


def take_word_footnotes(lines: list[str]) -> tuple[list[str], list[FootnoteBody]]:
    """Word text keeps only the odd footnote body, as "1) Kamerstuk …" after the text."""
    bodies: list[FootnoteBody] = []
    kept = list(lines)
    end = len(kept)
    while end > 0:
        stripped = kept[end - 1].strip()
        match = p.WORD_FOOTNOTE_BODY.match(stripped)
        if not stripped:
            end -= 1
            continue
        if not match:
            break
        number = int(match["paren"] or match["bracket"])
        if "?" in stripped and not _referred_to(kept[: end - 1], number):
            break  # "6) Kunt u …": a numbered question, no body: nothing refers to it
        bodies.insert(0, FootnoteBody(number, match["rest"].strip()))
        del kept[end - 1]
        end -= 1
    return kept, bodies


def _referred_to(lines: list[str], number: int) -> bool:
    """Does a Word marker "… 3)" / "…[3]" for this footnote stand in the text above?"""
    marker = re.compile(rf"(?:(?<=\S)\s|(?<=[^\s\d])){number}\)|\[{number}\s*\]")
    return any(marker.search(x) for x in lines)


def join_lines(lines: list[str]) -> str:
    """Join printed lines into running text, undoing line-end hyphenation.

    "doorbre-" + "ken" -> "doorbreken"; "IT-" + "systemen" keeps its hyphen (an upper-case
    letter or digit before it means a compound, not a break); "in-" + "en uitpompen" keeps
    hyphen and space (a suspended compound); URLs split across lines join without a space.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and p.SUSPENDED_COMPOUND_NEXT.match(line):
            out = out + " " + line
        # Both tests look at the end of `out` only: searching the whole of it, which grows
        # line by line, made joining an item quadratic in its length.
        elif line[:1].islower() and p.HYPHEN_END.search(out, len(out) - 1):
            out = out[:-1] + line
        elif out.endswith("-") or (out.endswith("/") and p.URL.search(out.rsplit(" ", 1)[-1])):
            out = out + line
        else:
            out = out + " " + line
    return out
