"""From a letter's contract object to search documents: one per question/answer pair.

A reader searches for an answer, not for a letter, so the unit is the pair (from
``parsers.pairs``) and its ref is the pair's permalink. Everything here is a pure function
of the contract object (``parsers/letter.schema.json``), so the index can be built from the
site's JSON exports, from the parser's output, or from objects a test invents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parsers import pair_permalink, pairs

_FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")
# Zaak numbers ("2024Z18439") printed outside the questions and answers: in the header, or in
# an askers' note pointing at earlier questions. The parser keeps that text in `discarded`;
# people search for these numbers, so they are indexed with the subject.
_ZAAK_NUMBER = re.compile(r"\b(?:19|20)\d\dZ\d{3,6}\b")
# "Minister van Buitenlandse Zaken" -> "Buitenlandse Zaken", for letters that name only the
# addressee (questions not yet answered), so the ministry filter still covers them.
_ADDRESSEE_ROLE = re.compile(
    r"^\s*(?:de\s+)?(?:minister-president|minister|staatssecretaris)\s+(?:van|voor)\s+",
    re.IGNORECASE,
)

# Field name in the index -> what a query may also call it. The index field names are the
# ones the contract uses, except "minister" (responders) so that `minister:kaag` works.
FIELDS: tuple[tuple[str, float], ...] = (
    ("question", 3),
    ("subject", 3),
    ("answer", 1),
    ("askers", 2),
    ("minister", 2),
    ("ministry", 1.5),
    ("footnotes", 0.3),
    # Known parts of compound words (analysis.compound_parts): "toeslag" finds
    # "huurtoeslag", below the whole word wherever it stands.
    ("parts", 0.5),
)
FIELD_ALIASES: dict[str, str] = {
    "vraag": "question",
    "antwoord": "answer",
    "onderwerp": "subject",
    "titel": "subject",
    "vragensteller": "askers",
    "vragenstellers": "askers",
    "kamerlid": "askers",
    "responders": "minister",
    "bewindspersoon": "minister",
    "staatssecretaris": "minister",
    "ministerie": "ministry",
    "voetnoot": "footnotes",
    "voetnoten": "footnotes",
    "deel": "parts",
}


@dataclass(frozen=True)
class PairEntry:
    """One search document and what the result list shows for it."""

    ref: str
    slug: str
    label: str
    question: str
    answer: str
    footnotes: str


@dataclass(frozen=True)
class LetterEntry:
    """What the pairs of one letter share: shown in results and used by the filters."""

    id: str
    subject: str
    identifiers: str
    date: str | None
    year: str | None
    ministries: tuple[str, ...]
    parties: tuple[str, ...]
    askers: str
    responders: str
    pairs: tuple[PairEntry, ...]


def pair_ref(letter_id: str, slug: str) -> str:
    """The pair's permalink relative to the site root: the same function the site uses."""
    return pair_permalink(letter_id, slug)


def clean_text(text: str | None) -> str:
    """Text as indexed and as stored for snippets: without the footnote markers."""
    if not text:
        return ""
    return _FOOTNOTE_MARK.sub("", text).strip()


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        value = (value or "").strip()
        if value:
            seen.setdefault(value, None)
    return tuple(seen)


# --- Filter values and titles from the register (issue 8) ---------------------------------
# Letters from the register stage carry canonical keys (`ministries`, `askers[].party_key`)
# and the site's `display_title`; the filters then list one value per ministry and party
# (its register name), not one per printed spelling. Letters without them fall back to the
# printed values below.
def _register_names(kind: str, keys: Iterable[str | None]) -> tuple[str, ...]:
    from parsers.register import default_register

    register = default_register()
    return _unique(register.display(kind, key) for key in keys if key)


def canonical_ministries(letter: dict[str, Any]) -> tuple[str, ...] | None:
    if "ministries" not in letter:
        return None
    return _register_names("ministry", letter.get("ministries") or [])


def canonical_parties(letter: dict[str, Any]) -> tuple[str, ...] | None:
    askers = letter.get("askers", [])
    if not askers or not all("party_key" in a for a in askers):
        return None
    keys = [a.get("party_key") for a in askers]
    unplaced = [a.get("party") for a in askers if a.get("party") and not a.get("party_key")]
    return _unique([*_register_names("party", keys), *unplaced])


# --- end of the register's part ------------------------------------------------------------


def filter_values(letter: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The letter's ministries and parties as the search filters know them.

    The one place that decides what a filter value is (and so which per-value document file
    a filter fetches): the register's canonical names where the letter JSON has its keys
    (``ministries``, ``askers[].party_key``), else the printed ministry and party.
    """
    askers = letter.get("askers", []) or []
    return (
        ministries(letter),
        canonical_parties(letter) or _unique(a.get("party") for a in askers),
    )


def ministries(letter: dict[str, Any]) -> tuple[str, ...]:
    canonical = canonical_ministries(letter)
    if canonical is not None:
        return canonical
    found = _unique(r.get("portfolio") for r in letter.get("responders", []))
    if found:
        return found
    return _unique(
        _ADDRESSEE_ROLE.sub("", a) if _ADDRESSEE_ROLE.match(a) else None
        for a in letter.get("addressees", []) or []
    )


def identifiers(letter: dict[str, Any]) -> tuple[str, ...]:
    """The letter's numbers: its id, the documents it points to, zaak numbers set aside."""
    aside = " ".join(d["text"] for d in letter.get("discarded", []) or [])
    return _unique([letter["id"], *(letter.get("related") or []), *_ZAAK_NUMBER.findall(aside)])


def letter_entry(letter: dict[str, Any]) -> LetterEntry:
    footnotes = {f["number"]: f.get("text") for f in letter.get("footnotes", [])}
    date = letter.get("received") or letter.get("submitted")
    entries = []
    for pair in pairs(letter):
        marks = _FOOTNOTE_MARK.findall((pair.question or "") + "\n" + (pair.answer or ""))
        cited = _unique(footnotes.get(int(n)) for n in marks)
        entries.append(
            PairEntry(
                ref=pair_ref(letter["id"], pair.slug),
                slug=pair.slug,
                label=pair.label,
                question=clean_text(pair.question),
                answer=clean_text(pair.answer),
                footnotes=clean_text("\n".join(cited)),
            )
        )
    askers = letter.get("askers", [])
    ministry_values, party_values = filter_values(letter)
    return LetterEntry(
        id=letter["id"],
        subject=clean_text(letter.get("display_title") or letter.get("title")),
        identifiers=" ".join(identifiers(letter)),
        date=date,
        year=date[:4] if date else None,
        ministries=ministry_values,
        parties=party_values,
        askers=" ".join(
            f"{a['name']} {a['party']}" if a.get("party") else a["name"] for a in askers
        ),
        responders=" ".join(r["name"] for r in letter.get("responders", [])),
        pairs=tuple(entries),
    )
