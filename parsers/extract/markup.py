"""What the official XML reader and its HTML twin share: a letter assembled from marked-up
parts (header, labelled blocks, footnotes) into the `Extracted` the later stages take.

The official sources say outright what the PDF only shows by layout — which text is the
header, where "Vraag 3" starts, which digit is a footnote marker — so the readers hand the
header and the blocks over ready-made (`Extracted.header`/`blocks`) and mark footnotes as
[^N] where the marker element stood, as the PDF extractor does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parsers import patterns as p
from parsers.model import Discarded, Extracted, Labelled

if TYPE_CHECKING:
    from bs4 import Tag

_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_MARKER = re.compile(r"\s+(?=\[\^\d+\])")
# "Vraag 1", "Antwoord 3 en 4", "Antwoord op vraag 2", or a bare "1" / "2 t/m 4" (old XML).
_BARE_LABELS = re.compile(rf"^\s*(?P<labels>{p.LABEL_LIST})\s*[:.]?\s*$")
NOTICE_LABEL = re.compile(r"^\s*Mededeling\s*[:.]?\s*$", re.I)


def normalize(text: str) -> str:
    """Markup whitespace (indentation, line breaks inside <al>) to single spaces; a footnote
    marker sits against the word before it, as printed."""
    text = _SPACE.sub(" ", text.replace("\u00ad", "").replace("\u00a0", " ")).strip()
    return _SPACE_BEFORE_MARKER.sub("", text)


class InlineReader:
    """An element's running text, footnote markers as [^N], in one string: the XML and the
    HTML walker differ only in which child elements are notes or furniture (`_inline`)."""

    def inline(self, element: Tag | None) -> str:
        if element is None:
            return ""
        parts: list[str] = []
        self._inline(element, parts)
        return normalize("".join(parts))

    def _inline(self, element: Tag, parts: list[str]) -> None:
        raise NotImplementedError


@dataclass
class Letter:
    """The parts of one letter as a structured reader finds them, in reading order."""

    source: str
    format: str
    header: list[str] = field(default_factory=list)
    blocks: list[Labelled] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    discarded: list[Discarded] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, list[str]] = field(default_factory=dict)

    def add_header(self, text: str) -> None:
        text = normalize(text)
        if text:
            self.header.append(text)

    def add_metadata(self, name: str | None, value: str | None) -> None:
        if name and value and value.strip():
            self.metadata.setdefault(name.strip().lower(), []).append(value.strip())

    def discard(self, text: str, reason: str) -> None:
        text = normalize(text)
        if text:
            self.discarded.append(Discarded(text, reason))

    def start_block(self, kind: str, printed: str) -> Labelled:
        """A new question, answer or notice block under its printed label."""
        printed = normalize(printed)
        labels = "" if kind == "notice" else self._labels(kind, printed)
        block = Labelled(kind, labels, [], printed)
        self.blocks.append(block)
        return block

    def add_paragraph(self, block: Labelled, text: str) -> None:
        text = normalize(text)
        if not text:
            return
        if block.lines:
            block.lines.append("")
        block.lines.append(text)

    def add_footnote(self, number: int, text: str) -> None:
        text = normalize(text)
        if number in self.footnotes and self.footnotes[number] != text:
            self.warnings.append(f"footnote {number} is defined twice; kept both texts")
            self.footnotes[number] = f"{self.footnotes[number]} {text}"
        else:
            self.footnotes[number] = text

    def _labels(self, kind: str, printed: str) -> str:
        pattern = p.QUESTION_LABEL if kind == "question" else p.ANSWER_LABEL
        match = pattern.match(printed) or _BARE_LABELS.match(printed)
        if match:
            return match["labels"]
        # No usable label: number on from the last block of the same kind, and say so.
        previous = [b for b in self.blocks if b.kind == kind]
        last = previous[-1].labels.split()[-1] if previous else "0"
        label = str(int(last) + 1) if last.isdigit() else str(len(previous) + 1)
        word = "question" if kind == "question" else "answer"
        what = f"label {printed!r}" if printed else "no label"
        self.warnings.append(f"{word} with {what}: numbered {label} by its position")
        return label

    def extracted(self) -> Extracted:
        """The letter as the text stages take it; `lines` holds all of its running text."""
        lines = list(self.header)
        for block in self.blocks:
            if block.printed:
                lines.append(block.printed)
            lines.extend(block.lines)
        return Extracted(
            source=self.source,
            format=self.format,
            lines=lines,
            footnotes=dict(sorted(self.footnotes.items())),
            discarded=self.discarded,
            layout=True,
            warnings=self.warnings,
            header=self.header,
            blocks=self.blocks,
            metadata=self.metadata,
        )


def footnote_number(raw: str | None, taken: dict[int, str], letter: Letter) -> int:
    """The printed footnote number; an unprintable one ("*") gets the next free number."""
    text = normalize(raw or "")
    if text.isdigit():
        return int(text)
    number = max(taken, default=0) + 1
    letter.warnings.append(f"footnote numbered {text!r} kept as {number}")
    letter.discard(text, f"printed number of footnote {number}, not a number")
    return number
