"""Accounting helpers: does the parser's output hold every word of its input, and no other?

The check is a balance of word COUNTS, not a search in a stream of letters: the text fields
of the output (questions, answers, notice, footnote bodies and `discarded`) must hold the
input's words exactly as many times as the input does. Deleting one word from a field, or
adding one the input lacks, tips the balance. Only these rearrangements are accepted, and
each needs an output word the input lacks, so none can hide a lost word when nothing else
is wrong (tests/test_mutation.py proves it on every corpus letter):

- a word broken at a hyphen is joined ("Binnen-" + "landse" -> "binnenlandse"): the head
  must end a line (or stand before "- " in one-line text) and the tail must start a line
  (possibly after a page foot: "zorgaanbie-" ... "der"), both missing from the output;
- a footnote marker printed as digits ("wetgeving3", "?1", "[4 5 ]") becomes `[^N]`:
  reference and footnote numbers count as those digits (by value: "010" is 10), also when
  the marker was glued to a number ("november 20231" -> "2023[^1]", "NIS24" -> "NIS2[^4]");
- a reference or footnote number where the input printed no digit (OCR read a superscript
  1 as an apostrophe; XML marks a note with an element) is no invented word.
- For text gathered from markup (one line per text node) `Source.of(text, breaks_join=True)`
  lets any line break fall inside a word: an inline element does not end one.

Metadata (title, names, parties, portfolios, addressees, number) are copies of the header,
which itself is kept in `discarded`; for them the check is that every word occurs in the
input. `house`, `session` and a `number` equal to the id's may come from the id, dates are
rewritten as ISO dates, roles are normalized ("Ministers" -> minister): none of these is
checked here (the reviewed facts check dates and roles).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parsers.extract import extract

# Folded to nothing: a soft hyphen (where a word MAY break) and accents printed beside
# their letter ("Kostic ´", "ge¨ınformeerd"), which the extractor puts back on the letter.
INVISIBLE = str.maketrans(dict.fromkeys("\u00ad´`¨ˆ˜¸ˇ"))
COMBINING = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x10000) if unicodedata.combining(chr(c))) + "]"
)
WORD = re.compile(r"\d+|[^\W\d_]+")
REFERENCE = re.compile(r"\[\^(\d+)\]")
HYPHEN_END = re.compile(r"([^\W_]+)-[^\S\n]*(?:\n|[^\S\n])")
LINE_END = re.compile(r"([^\W_]+)[^\w\n]*(?:\n|$)")
LINE_START = re.compile(r"(?:^|\n|-[^\S\n])[^\S\n]*([^\W_]+)")
HYPHENATED = re.compile(r"([^\W_]+)-\s+([^\W_]+)")
# Header words a metadata value may be run together with in extracted text
# ("ministerTer Beek", "Welzijn en Sportover zorg"), forms of address too ("de heerTummers").
HEADER_JOINTS = (
    "minister",
    "staatssecretaris",
    "over",
    "aan",
    "van",
    "en",
    "namens",
    "lid",
    "heer",
    "heren",
    "heeren",
    "mevrouw",
)


def input_text(path: Path) -> str:
    """What the parser was given, as text: for a PDF, everything its extractor read."""
    return extracted_text(path.read_bytes(), path.name)


def extracted_text(data: bytes, name: str) -> str:
    """Everything the extractor read from these bytes: lines, footnotes, what it set aside."""
    extracted = extract(data, name)
    parts = list(extracted.lines) + list(extracted.footnotes.values())
    parts += [str(n) for n in extracted.footnotes]
    parts += [d.text for d in extracted.discarded]
    return "\n".join(parts)


def fold(text: str) -> str:
    """Compare letters, not their encoding: strip accents and case, as a reader would."""
    text = text.translate(INVISIBLE)
    if text.isascii():
        return text.casefold()
    return COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def words(text: str) -> list[str]:
    """Runs of letters or of digits: a label or marker glued to a word ("1Zullen",
    "wetgeving3") is a word of its own on both sides of the balance."""
    return WORD.findall(fold(text))


def text_words(text: str) -> list[str]:
    """The words of a text field, its `[^N]` references set apart (counted as markers)."""
    return words(REFERENCE.sub(" ", text))


def text_fields(letter: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, text) of every field that holds input text verbatim: the homes of its words."""
    for i, question in enumerate(letter.get("questions", [])):
        yield f"questions[{i}].text", question["text"]
    for i, answer in enumerate(letter.get("answers", [])):
        yield f"answers[{i}].text", answer["text"]
    if letter.get("notice"):
        yield "notice", letter["notice"]
    for i, footnote in enumerate(letter.get("footnotes", [])):
        if footnote.get("text"):
            yield f"footnotes[{i}].text", footnote["text"]
    for i, item in enumerate(letter.get("discarded", [])):
        yield f"discarded[{i}].text", item["text"]


def metadata_fields(letter: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, text) of every value read out of the header (copies, not homes)."""
    for key in ("title", "number"):
        if letter.get(key):
            yield key, letter[key]
    for i, addressee in enumerate(letter.get("addressees", [])):
        yield f"addressees[{i}]", addressee
    for i, asker in enumerate(letter.get("askers", [])):
        for key in ("name", "party"):
            if asker.get(key):
                yield f"askers[{i}].{key}", asker[key]
    for i, responder in enumerate(letter.get("responders", [])):
        for key in ("role", "name", "portfolio"):
            if responder.get(key):
                yield f"responders[{i}].{key}", responder[key]


def marker_numbers(letter: dict[str, Any]) -> Counter[str]:
    """Every `[^N]` reference and every footnote number: interpretations of markers."""
    numbers: Counter[str] = Counter()
    for _, text in text_fields(letter):
        numbers.update(REFERENCE.findall(text))
    numbers.update(str(f["number"]) for f in letter.get("footnotes", []))
    return numbers


@dataclass
class Source:
    """The input's words, counted, and the halves of words broken at a hyphen."""

    counts: Counter[str]
    broken: set[str]  # the word before a hyphen that ends a line ("Binnen-")
    continued: set[str]  # the first word of a line, or the word after "- " in one-line text
    hyphenated: set[str]  # a broken word joined to the word right after it ("binnenlandse")
    stream: str  # every word, run together
    starts: list[int]  # where each word starts in `stream`, and its end

    @classmethod
    def of(cls, text: str, breaks_join: bool = False) -> Source:
        """`breaks_join`: any line break may fall inside a word, not only after a hyphen
        (text gathered from markup, one line per text node: "2024</datum>0" reads "20240")."""
        folded = fold(text)
        sequence = words(folded)
        ends = LINE_END if breaks_join else HYPHEN_END
        broken = {words(m.group(1))[-1] for m in ends.finditer(folded)}
        continued = {words(m.group(1))[0] for m in LINE_START.finditer(folded)}
        hyphenated = {
            words(m.group(1))[-1] + words(m.group(2))[0] for m in HYPHENATED.finditer(folded)
        }
        starts = [0]
        for word in sequence:
            starts.append(starts[-1] + len(word))
        return cls(Counter(sequence), broken, continued, hyphenated, "".join(sequence), starts)

    def holds_word(self, word: str) -> bool:
        """The input prints this word, whole or broken at a hyphen."""
        return self.counts[word] > 0 or word in self.hyphenated

    def halves(self, joined: str) -> Iterator[tuple[str, ...]]:
        """Ways `joined` is made of a broken word and its continuation (two or three)."""
        for i in range(1, len(joined)):
            head, tail = joined[:i], joined[i:]
            if head not in self.broken:
                continue
            if tail in self.continued:
                yield head, tail
            for j in range(1, len(tail)):
                if tail[:j] in self.continued and tail[:j] in self.broken:
                    if tail[j:] in self.continued:
                        yield head, tail[:j], tail[j:]


@dataclass
class Balance:
    """Input words the output's text fields lack (`lost`) and text-field words the input
    lacks (`extra`), before the accepted rearrangements explain what they can. `markers`
    are the reference and footnote numbers: they may stand for printed marker digits."""

    source: Source
    lost: Counter[str]
    extra: Counter[str]
    markers: Counter[str]

    @classmethod
    def of(cls, source: str | Source, letter: dict[str, Any]) -> Balance:
        source = source if isinstance(source, Source) else Source.of(source)
        have = Counter(w for _, text in text_fields(letter) for w in text_words(text))
        return cls(source, source.counts - have, have - source.counts, marker_numbers(letter))

    def without(self, word: str) -> Balance:
        """The balance after one occurrence of `word` is deleted from a text field."""
        lost, extra = self.lost.copy(), self.extra.copy()
        if extra[word] > 0:
            extra[word] -= 1
        else:
            lost[word] += 1
        return Balance(self.source, +lost, +extra, self.markers)

    def plus(self, word: str) -> Balance:
        """The balance after `word` is inserted into a text field."""
        lost, extra = self.lost.copy(), self.extra.copy()
        if lost[word] > 0:
            lost[word] -= 1
        else:
            extra[word] += 1
        return Balance(self.source, +lost, +extra, self.markers)

    def unexplained(self) -> tuple[list[str], list[str]]:
        """(lost, invented): what no accepted rearrangement accounts for, sorted. Markers
        left over are no words: a reference where the input printed no digit (OCR read a
        superscript as an apostrophe; XML marks a note by an element)."""
        lost, extra, markers = self.lost.copy(), self.extra.copy(), self.markers.copy()
        for joined in sorted(extra):
            for parts in self.source.halves(joined):
                while extra[joined] > 0 and all(lost[p] >= parts.count(p) for p in parts):
                    extra[joined] -= 1
                    lost.subtract(parts)
        for digits in sorted(w for w in lost if w.isdigit()):
            number = str(int(digits))  # a footnote number printed "010" is number 10
            used = min(lost[digits], markers[number])
            lost[digits] -= used
            markers[number] -= used
        for digits in sorted(w for w in lost if w.isdigit()):
            while lost[digits] > 0 and _glued_marker(digits, extra, markers):
                lost[digits] -= 1
        return sorted((+lost).elements()), sorted((+extra).elements())

    def holds(self) -> bool:
        return self.unexplained() == ([], [])


def _glued_marker(digits: str, extra: Counter[str], markers: Counter[str]) -> bool:
    """A marker printed against a number: "20231" in the input is "2023" and marker 1 in the
    output, "NIS24" is "NIS2" and marker 4. Each part is an output number or a marker, at
    least one a marker; consumes them."""
    for i in range(1, len(digits)):
        parts = (digits[:i], digits[i:])
        for marker, other in (parts, parts[::-1]):
            if markers[marker] > 0 and (extra[other] > 0 or markers[other] > int(other == marker)):
                markers[marker] -= 1
                if extra[other] > 0:
                    extra[other] -= 1
                else:
                    markers[other] -= 1
                return True
    return False


def missing_words(source: str | Source, letter: dict[str, Any]) -> list[str]:
    """Input words that no text field holds (as many times as the input has them)."""
    return Balance.of(source, letter).unexplained()[0]


def invented_words(source: str | Source, letter: dict[str, Any]) -> list[str]:
    """Words in the output that the input does not hold: in text fields beyond the input's
    count, in metadata not at all."""
    source = source if isinstance(source, Source) else Source.of(source)
    invented = Balance.of(source, letter).unexplained()[1]
    for path, text in metadata_fields(letter):
        if path == "number" and letter.get("id", "").endswith(f"-{text}"):
            continue  # taken from the id (ah-tk-20242025-614) where the header lost it
        invented += [f"{path}: {word}" for word in invented_in_metadata(source, path, text)]
    return invented


def invented_in_metadata(source: Source, path: str, text: str) -> list[str]:
    """Words of one metadata value that the input does not hold."""
    if path.endswith(".role"):
        return []  # normalized ("Ministers" -> minister); the reviewed facts check roles
    value = words(text)
    unknown = [w for w in value if not source.holds_word(w)]
    if unknown and _glued_in_header(source, value):
        return []
    return unknown


def _glued_in_header(source: Source, value: list[str]) -> bool:
    """The value stands in the input with its first or last word run together with a
    header word: "ministerTer Beek" (a name), "Welzijn en Sportover zorg" (an addressee).
    Its other word boundaries must be the input's."""
    stream, starts = source.stream, source.starts
    joined = "".join(value)
    at = stream.find(joined)
    while at >= 0:
        end = at + len(joined)
        first = bisect.bisect_right(starts, at) - 1
        last = bisect.bisect_left(starts, end)
        before = stream[starts[first] : at]
        after = stream[end : starts[last]]
        inner = {at + len("".join(value[:k])) for k in range(1, len(value))}
        if (
            before in ("", *HEADER_JOINTS)
            and after in ("", *HEADER_JOINTS)
            and inner == set(starts[first + 1 : last])
        ):
            return True
        at = stream.find(joined, at + 1)
    return False


def conservation_errors(source: str | Source, letter: dict[str, Any]) -> dict[str, list[str]]:
    """Empty when every input word is in the output exactly as often, and nothing else is."""
    source = source if isinstance(source, Source) else Source.of(source)
    errors = {"lost": missing_words(source, letter), "invented": invented_words(source, letter)}
    return {key: value for key, value in errors.items() if value}
