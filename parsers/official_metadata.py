"""KOOP's metadata for a letter (metadata.xml, or the <meta> tags of its XML/HTML) merged
into the parsed letter.

metadata.xml is a flat list, `<metadata_gegevens><metadata name="OVERHEIDop.indiener"
content="…"/>…`, with Dublin Core (DC.identifier, DC.title, DC.creator) and OVERHEIDop
names (indiener, ontvanger, vergaderjaar, datumIndiening, datumOntvangst, vraagnummer — the
zaak number —, aanhangselNummer). It fills what the letter's text does not say; where both
say something and it differs, the letter's printed text is kept and a warning names both.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from lxml import etree

from parsers import patterns as p
from parsers.model import ParseError

Metadata = dict[str, list[str]]
_INITIALS = re.compile(r"^(?:(?:[A-Z][a-z]?\.|[A-Z]\.-?)\s*)+")
_GOVERNMENT = re.compile(r"\b(?:minister|staatssecretaris|regering)\b", re.I)


def read_metadata_xml(data: bytes) -> Metadata:
    """metadata.xml to {lower-cased name: [values]}; ParseError if it is not one."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ParseError(f"metadata.xml is not well-formed XML: {error}") from None
    found: Metadata = {}
    for element in root.iter("{*}metadata", "{*}meta"):
        name, value = element.get("name"), element.get("content")
        if name and value and value.strip():
            found.setdefault(name.strip().lower(), []).append(value.strip())
    if not found:
        raise ParseError("metadata.xml holds no <metadata name=… content=…> entries")
    return found


def apply_metadata(letter: dict[str, Any], meta: Metadata, origin: str) -> dict[str, Any]:
    """A copy of `letter` with the gaps filled from `meta`; disagreements become warnings."""
    letter = {**letter, "warnings": list(letter.get("warnings", []))}
    merge = _Merge(letter, origin)

    identifier = _first(meta, "dc.identifier", "dcterms.identifier")
    if identifier and (p.AH_ID.fullmatch(identifier) or p.KV_ID.fullmatch(identifier)):
        official = p.AH_ID.fullmatch(letter["id"]) or p.KV_ID.fullmatch(letter["id"])
        if not official:
            letter["id"] = identifier
        elif letter["id"] != identifier:
            merge.differs("id", identifier, letter["id"])

    title = _first(meta, "dc.title", "overheidop.documenttitel")
    subject = _subject(title) if title else None
    if subject:
        merge.field("title", subject, same=lambda a, b: _fold(a) == _fold(b))

    creator = _first(meta, "dc.creator", "overheid.organisationtype") or ""
    house = next((h for h in ("Tweede Kamer", "Eerste Kamer") if h in creator), None)
    if house:
        merge.field("house", house)
    session = _first(meta, "overheidop.vergaderjaar")
    if session and (m := re.fullmatch(r"(\d{4})\s*[-–/]\s*(\d{4})", session)):
        merge.field("session", f"{m[1]}-{m[2]}")
    number = _first(meta, "overheidop.aanhangselnummer", "overheidop.aanhangsel")
    if number and (m := re.search(r"(\d+)\s*$", number)) and letter["id"].startswith("ah-"):
        merge.field("number", str(int(m[1])))
    for key, name in (
        ("submitted", "overheidop.datumindiening"),
        ("received", "overheidop.datumontvangst"),
    ):
        day = _date(_first(meta, name))
        if day:
            merge.field(key, day)

    askers = [
        {"name": _surname(v), "party": None}
        for v in meta.get("overheidop.indiener", [])
        if not _GOVERNMENT.search(v) and _surname(v)
    ]
    if askers:
        merge.field(
            "askers",
            askers,
            same=lambda a, b: {_fold(x["name"]) for x in a} == {_fold(x["name"]) for x in b},
            empty=lambda v: not v,
        )
    addressees = [v for v in meta.get("overheidop.ontvanger", []) if _GOVERNMENT.search(v)]
    if addressees:
        merge.field(
            "addressees",
            addressees,
            same=lambda a, b: {_fold(x) for x in a} == {_fold(x) for x in b},
            empty=lambda v: not v,
        )
    zaak = next((v for v in meta.get("overheidop.vraagnummer", []) if p.ZAAK_ID.match(v)), None)
    if zaak:  # the contract's zaak is the list of zaak numbers the letter names
        merge.field("zaak", [zaak], same=lambda a, b: a[0] in b, empty=lambda v: not v)
    return letter


class _Merge:
    def __init__(self, letter: dict[str, Any], origin: str) -> None:
        self.letter = letter
        self.origin = origin

    def field(self, key: str, value: Any, same: Any = None, empty: Any = None) -> None:
        current = self.letter.get(key)
        if (empty or (lambda v: v is None or v == ""))(current):
            self.letter[key] = value
        elif not (same or (lambda a, b: a == b))(value, current):
            self.differs(key, value, current)

    def differs(self, key: str, value: Any, current: Any) -> None:
        self.letter["warnings"].append(
            f"{self.origin} gives {key} {_show(value)}, the letter {_show(current)}; "
            "kept the letter's"
        )


def _show(value: Any) -> str:
    if isinstance(value, list):
        return repr([v["name"] if isinstance(v, dict) else v for v in value])
    return repr(value)


def _first(meta: Metadata, *names: str) -> str | None:
    return next((meta[n][0] for n in names if meta.get(n)), None)


def _subject(title: str) -> str | None:
    """DC.title is the whole header sentence ("Vragen van het lid X aan … over Y"): Y."""
    match = p.SUBJECT.search(title)
    if not match:
        return None
    subject = match["title"]
    subject = re.sub(r"\s*\((?:ingezonden|ontvangen)[^)]*\)\s*\.?\s*$", "", subject).strip()
    return subject.rstrip(".").strip() or None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    for form in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value.strip()[:10], form).date().isoformat()
        except ValueError:
            continue
    return None


def _surname(value: str) -> str:
    """ "J.A. Sneller" -> "Sneller", "W.S.M. van Haga" -> "van Haga" (as the letter prints
    the name after "het lid", particles included)."""
    name = _INITIALS.sub("", value.strip()).strip()
    return name[:1].upper() + name[1:] if name else ""


def _fold(text: str) -> str:
    """Compare names and titles without case, accents, quotes, dashes or spacing."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)
