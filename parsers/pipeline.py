"""The stages in order: extract → clean → segment → resolve → serialize → register."""

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
from parsers.model import Discarded, Extracted, ParseError
from parsers.official_metadata import apply_metadata, read_metadata_xml
from parsers.register import annotate
from parsers.resolve import resolve
from parsers.segment import Block, Segmented, segment
from parsers.serialize import to_json, typical_line_width

SCHEMA_PATH = Path(__file__).with_name("letter.schema.json")
# KOOP's metadata for a letter, saved beside it by `kamervragen fetch`: <id>.metadata.xml.
METADATA_SUFFIX = ".metadata.xml"


@functools.cache
def parser_fingerprint() -> str:
    """A short hash of the parser's own code: caches of parse results key on it, so a
    parser change re-parses every letter instead of serving stale results."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    # The register's data files are inputs of the register stage like code; the fetcher
    # (parsers/fetch/) does not change what a file parses to.
    data = sorted(package.rglob("register/data/*.toml"))
    code = [x for x in package.rglob("*.py") if "fetch" not in x.relative_to(package).parts]
    for path in sorted(code) + [SCHEMA_PATH] + data:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def parse_file(path: str | Path, sidecars: bool = False) -> dict[str, Any]:
    """Parse one letter file; ParseError names the reason (the caller adds the file).

    With `sidecars`, KOOP's metadata saved beside the letter (<id>.metadata.xml) fills
    what the letter does not say (see `with_sidecars`); the file alone by default.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ParseError(f"cannot read file: {error.strerror or error}") from None
    letter = parse_bytes(data, str(path))
    return with_sidecars(letter, path) if sidecars else letter


def sidecar_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name.split(".", 1)[0] + METADATA_SUFFIX)


def is_sidecar(path: str | Path) -> bool:
    return str(path).endswith(METADATA_SUFFIX)


def with_sidecars(letter: dict[str, Any], path: str | Path) -> dict[str, Any]:
    """The letter with its <id>.metadata.xml merged in, when there is one; an unreadable
    metadata file is a warning, not a lost letter."""
    meta_path = sidecar_path(path)
    if is_sidecar(path) or not meta_path.is_file():
        return letter
    try:
        meta = read_metadata_xml(meta_path.read_bytes())
    except (OSError, ParseError) as error:
        return {**letter, "warnings": [*letter["warnings"], f"{meta_path.name}: {error}"]}
    return _annotate(apply_metadata(letter, meta, meta_path.name))


def _annotate(letter: dict[str, Any]) -> dict[str, Any]:
    """The register stage, keeping a zaak number that only the metadata gave (the register
    reads zaak numbers from the printed text)."""
    annotated = annotate(letter)
    known = annotated.get("zaak") or []
    annotated["zaak"] = known + [z for z in letter.get("zaak") or [] if z not in known]
    return annotated


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
    segmented = segment(cleaned) if extracted.blocks is None else _presegmented(extracted, cleaned)
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
    letter = to_json(source, cleaned.format, meta, resolved, discarded, warnings, width, postponed)
    if extracted.metadata:
        origin = f"the {cleaned.format.upper()}'s own metadata"
        letter = apply_metadata(letter, extracted.metadata, origin)
    # Canonical keys for parties, ministries and people beside the printed names.
    return _annotate(letter)


def _presegmented(extracted: Extracted, cleaned: Any) -> Segmented:
    """Header and blocks as a structured source (official XML, HTML) marks them."""
    blocks = [Block(b.kind, b.labels, list(b.lines), b.printed) for b in extracted.blocks or []]
    discarded = [
        Discarded(b.printed, f"label: {b.kind} {b.labels}".rstrip())
        for b in extracted.blocks or []
        if b.printed
    ]
    return Segmented(cleaned, list(extracted.header or []), blocks, discarded)
