"""Typed values passed between the parser's stages.

Each stage is a pure function from one of these to the next, so a stage can be tested on its
own with a hand-written input and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Text from Word: one paragraph a line, explicit footnote markers ("1)", "[1]"), no pages.
WORD_FORMATS = frozenset({"word-text", "docx"})


class ParseError(Exception):
    """The input cannot be turned into a letter at all (not text, not a PDF, empty).

    The message names the reason; the caller adds the file name. Anything the parser can
    work around becomes a warning instead.
    """


@dataclass(frozen=True)
class Discarded:
    """Input text kept out of every other field, with why: nothing is dropped silently."""

    text: str
    reason: str


@dataclass
class Extracted:
    """What an extractor hands to the text stages.

    `lines` is the running text in reading order; a blank line marks a paragraph break
    the extractor was sure of. Layout-aware extractors (PDF) have already put footnote
    markers inline as ``[^N]``, taken out footnote bodies and page furniture, and say so
    with ``layout=True`` so the text heuristics for those are skipped.
    """

    source: str
    format: str
    lines: list[str]
    footnotes: dict[int, str] = field(default_factory=dict)
    discarded: list[Discarded] = field(default_factory=list)
    layout: bool = False
    warnings: list[str] = field(default_factory=list)
    # Structured sources (the official XML and its HTML rendering) mark the header and every
    # labelled block themselves: the text stages then do not have to find them by pattern.
    header: list[str] | None = None
    blocks: list[Labelled] | None = None
    # Metadata the document carries besides its text (<meta name=... content=...>, dates
    # as isodatum): name -> values, merged by parsers.official_metadata.
    metadata: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Labelled:
    """A block a structured source labels: kind "question", "answer" or "notice"; `labels`
    the printed label without its word ("3 en 4"); `printed` the label as printed."""

    kind: str
    labels: str
    lines: list[str]
    printed: str = ""
