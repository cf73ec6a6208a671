"""The stages in order: extract → clean → segment → resolve → serialize."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any

from parsers.checks import lost_items_warning, says_postponed
from parsers.clean import clean
from parsers.extract import extract
from parsers.metadata import read_header
from parsers.model import Discarded, ParseError
from parsers.resolve import resolve
from parsers.segment import segment
from parsers.serialize import to_json, typical_line_width

SCHEMA_PATH = Path(__file__).with_name("letter.schema.json")


@functools.cache
def parser_fingerprint() -> str:
    """A short hash of the parser's own code: caches of parse results key on it, so a
    parser change re-parses every letter instead of serving stale results."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")) + [SCHEMA_PATH]:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def parse_file(path: str | Path) -> dict[str, Any]:
    """Parse one letter file; ParseError names the reason (the caller adds the file)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ParseError(f"cannot read file: {error.strerror or error}") from None
    return parse_bytes(data, str(path))


def parse_bytes(data: bytes, source: str) -> dict[str, Any]:
    try:
        return _parse(data, source)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("input too deeply nested to parse") from None


def _parse(data: bytes, source: str) -> dict[str, Any]:
    extracted = extract(data, source)
    cleaned = clean(extracted)
    segmented = segment(cleaned)
    header_text = "\n".join(segmented.header)
    all_text = "\n".join(extracted.lines)
    meta = read_header(header_text, all_text, source)
    width = typical_line_width(cleaned.lines)
    resolved = resolve(segmented, cleaned.format)
    if not meta.askers and resolved.notice:
        # Word notices name the questions only in their text: "De vragen van het lid
        # Flach (SGP) over … kunnen niet binnen de gebruikelijke termijn …".
        in_notice = read_header(" ".join(resolved.notice), all_text, source)
        meta.askers, meta.title = in_notice.askers, meta.title or in_notice.title
    discarded = list(cleaned.discarded)
    if header_text.strip():
        discarded.insert(0, Discarded(header_text.strip(), "header: parsed into metadata"))
    discarded += segmented.discarded
    discarded += [Discarded(text, reason) for text, reason in resolved.extra_discarded]
    warnings = cleaned.warnings + resolved.warnings
    notice_text = "\n".join(resolved.notice or [])
    postponed = says_postponed(meta.kind_hint, notice_text)
    if not resolved.questions and not resolved.answers:
        lost = None if postponed else lost_items_warning(notice_text)
        if lost:
            warnings.append(lost)
        elif not notice_text.strip() and re.search(r"Mondelinge\s+vragen", header_text):
            warnings.append(
                "oral questions (Mondelinge vragen): the document holds only the header; "
                "the questions are put in the question hour"
            )
        elif not notice_text.strip():
            warnings.append("no questions, answers or notice found")
    return to_json(source, cleaned.format, meta, resolved, discarded, warnings, width, postponed)
