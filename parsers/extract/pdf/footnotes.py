"""Footnote bodies from the footnote zone, and the check that markers and bodies agree.

A footnote line opens with its number in superscript size; lines without one continue the
previous note (also across a page break). URLs broken over lines are glued back as URLs.
What cannot be placed is discarded with a reason and a warning, never dropped silently.
"""

from __future__ import annotations

import re

from parsers.extract.pdf.glyphs import BY_X, BY_X0, Char, Doc
from parsers.extract.pdf.lines import Seg
from parsers.extract.pdf.render import SUPERSCRIPT_RATIO, render
from parsers.model import Discarded

# Footnote text is ~0.81x the body size; below 0.9x a line is "small print".
SMALL_PRINT_RATIO = 0.9
_URLISH = re.compile(r"(https?://|www\.)\S*$", re.IGNORECASE)
_URL_CONTINUATION = re.compile(r"^[\w/\-.?=&%#~+:;,@!$*'()]+")


def note_number(seg: Seg) -> tuple[int, list[Char]] | None:
    """A footnote line starts with its number in superscript size; return it and the
    remaining glyphs. A line holding only the number also counts (body on the next line)."""
    chars = sorted(seg.chars, key=BY_X)
    inked = [c for c in chars if not c.text.isspace()]
    if not inked:
        return None
    # The reference size is the note text, not the number, even when the number is alone.
    ref = max(c.size for c in inked)
    digits: list[Char] = []
    for c in inked:
        if c.text.isdigit() and c.size <= SUPERSCRIPT_RATIO * ref:
            digits.append(c)
        else:
            break
    if not digits:
        if all(c.text.isdigit() for c in inked) and seg.size < SMALL_PRINT_RATIO * ref + 1:
            digits = inked  # number alone on its own line, at note size
        else:
            return None
    rest = [c for c in chars if c not in digits]
    return int("".join(c.text for c in digits)), rest


def read_footnotes(segs: list[Seg], doc: Doc) -> tuple[dict[int, str], list[Discarded]]:
    """The footnote zone's rows as {number: body}, plus what could not be placed.

    Read row by row (a row's segments joined left to right), because a number and its text
    may be split into two segments by a wide gap. A second copy of a number is discarded
    rather than merged: some letters reprint a note on the next page.
    """
    notes: dict[int, list[str]] = {}
    discarded: list[Discarded] = []
    current: int | None = None
    pending_number: int | None = None
    rows: dict[tuple[int, int], list[Seg]] = {}
    for seg in segs:
        rows.setdefault((seg.page, seg.row), []).append(seg)
    last_page = -1
    for (page, _row), row_segs in sorted(rows.items()):
        row_segs.sort(key=BY_X0)
        first = row_segs[0]
        parsed = note_number(first)
        if page != last_page:
            if pending_number is not None:
                doc.warnings.append(f"footnote {pending_number} has a number but no text")
                notes.setdefault(pending_number, [])
                pending_number = None
            last_page = page
        rest_chars = [c for s in row_segs[1:] for c in s.chars]
        if parsed is not None:
            number, rest = parsed
            text = render(rest + rest_chars, markers=False)[0]
            if number in notes:
                doc.warnings.append(f"footnote {number} printed twice; second copy discarded")
                discarded.append(Discarded(f"{number} {text}", f"duplicate footnote {number}"))
                current = None
                continue
            if not text:
                pending_number = number
                notes[number] = []
                current = number
                continue
            notes[number] = [text]
            current = number
            pending_number = None
            continue
        text = render(first.chars + rest_chars, markers=False)[0]
        if pending_number is not None:
            notes[pending_number].append(text)
            pending_number = None
        elif current is not None:
            notes[current].append(text)  # continuation, also across a page break
        else:
            doc.warnings.append(f"footnote text without a number on page {page + 1}: {text!r}")
            discarded.append(Discarded(text, "footnote text without number"))
    return {n: join_note(parts) for n, parts in notes.items()}, discarded


def join_note(parts: list[str]) -> str:
    """Join a note's printed lines into one string.

    A URL broken over two lines is glued back without a space (and keeps its hyphens,
    which belong to the URL); otherwise a line-end hyphen is dropped only between a
    lowercase letter and a lowercase continuation.
    """
    text = ""
    for part in parts:
        if not text:
            text = part
            continue
        if not part:
            continue
        tail = text.split(" ")[-1]
        if _URLISH.search(tail) and _continues_url(tail, part):
            text += part
        elif text.endswith("-") and len(text) >= 2 and text[-2].islower() and part[0].islower():
            text = text[:-1] + part
        else:
            text += " " + part
    return text


def _continues_url(url: str, nxt: str) -> bool:
    """Whether the next printed line goes on with the URL: it starts with URL characters and
    either the URL ended on a separator or the next token looks like a path or query."""
    head = _URL_CONTINUATION.match(nxt)
    if not head:
        return False
    token = nxt.split(" ")[0]
    if url.endswith(("/", "-", "_", ".", "=", "?", "&", "#", "%", "~")):
        return True
    return any(ch in token for ch in "/=?&%#_") or bool(re.search(r"\.\w", token))


def check_markers(markers: list[int], footnotes: dict[int, str], warnings: list[str]) -> None:
    """Warn about markers without a body, bodies without a marker, markers out of order and
    empty bodies: each is a sign that a marker or a note was misread, so the letter says so."""
    seen: list[int] = []
    for n in markers:
        if n not in seen:
            seen.append(n)
    for n in seen:
        if n not in footnotes:
            warnings.append(f"footnote marker [^{n}] has no footnote body")
    for n in footnotes:
        if n not in seen:
            warnings.append(f"footnote {n} has no marker in the text")
    out_of_order = [b for a, b in zip(seen, seen[1:], strict=False) if b < a]
    if out_of_order:
        warnings.append(
            "footnote markers out of order: " + ", ".join(f"[^{n}]" for n in out_of_order)
        )
    for n, body in footnotes.items():
        if not body:
            warnings.append(f"footnote {n} has an empty body")
