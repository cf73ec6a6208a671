"""The register stage: adds canonical keys beside the printed names of a parsed letter.

Runs after the parser has produced the contract object (parsers/pipeline.py). It never
changes what the letter prints: `name`, `party`, `portfolio` and `addressees` stay as parsed;
the keys go into new optional fields (letter.schema.json):

- each asker: ``party_key`` and ``people`` ([{"person": key or null, "name": ...}]; an OCR
  line can hold two names, "Van lersel. Van Amelsvoort");
- each responder: ``ministries`` (keys) and ``people``;
- the letter: ``ministries`` (the answering ministries, or the addressed ones for a question
  letter), ``parties`` (the askers' parties) and ``zaak`` (zaak numbers printed in it).

A name the register cannot place gets ``person: null`` and its cleaned printed form; the site
gives it a page of its own and reports it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from parsers import patterns as p
from parsers.register.model import Ministry, default_data
from parsers.register.normalize import clean_person_name, fold, split_run_together
from parsers.register.resolve import PersonMatch, Register

_REGISTER: Register | None = None

_HOUSES = {"Tweede Kamer": "tk", "Eerste Kamer": "ek"}


def default_register() -> Register:
    global _REGISTER
    if _REGISTER is None:
        _REGISTER = Register(default_data())
    return _REGISTER


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def addressed_ministries(
    addressees: list[str], day: dt.date | None, register: Register
) -> list[Ministry]:
    """ "Ministers van Buitenlandse Zaken en van Asiel en Migratie" -> BZ, A&M.

    The printed list joins several ministries with "en van", "," or a bare "en" between two
    full names ("… Cultuur en Wetenschap en Volksgezondheid, …"); the split that makes every
    part a known ministry wins.
    """
    found: list[Ministry] = []
    for addressee in addressees:
        text = split_run_together(addressee)
        for part in p.ADDRESSEE_SPLIT.split(text):
            if p.MINISTER_PRESIDENT.fullmatch(part):
                part = "Algemene Zaken"  # the minister-president heads Algemene Zaken
            part = p.ADDRESSEE_ROLE.sub("", part).strip(" ,.")
            if not part:
                continue
            ministries = register.ministries_of(part, day) or _split_on_en(part, day, register)
            found.extend(ministries)
    return list({m.key: m for m in found}.values())


def _split_on_en(text: str, day: dt.date | None, register: Register) -> list[Ministry]:
    pieces = re.split(r"\s+en\s+", text)
    if len(pieces) < 2:
        return []
    best: dict[int, list[Ministry]] = {0: []}
    for end in range(1, len(pieces) + 1):
        for start in range(end):
            if start not in best:
                continue
            candidate = register.ministry(" en ".join(pieces[start:end]), day)
            if candidate is not None and end not in best:
                best[end] = best[start] + [candidate]
    return best.get(len(pieces), [])


def restated_name(
    name: str, letter: dict[str, Any], restated: Callable[[], list[str]] | None = None
) -> str | None:
    """The asker's surname as the letter itself prints it elsewhere, when OCR damaged the header.

    Old answers restate who asked ("de vragen van den heer Sannes", "door den heer mr. Drucker
    gesteld"). A name in the header with a non-letter in it, or one the register cannot place,
    is replaced by the one word of the letter's own text that is close to it (rapidfuzz) and
    is a clean name: the letter's evidence, not a guess. `restated` gives the letter's
    restated_words, for a caller that keeps them (one scan of the text per letter).
    """
    words = name.split()
    if not words:
        return None
    surname = words[-1]
    folded = fold(surname)
    if len(folded) < 4:
        return None
    candidates = restated() if restated is not None else restated_words(letter)
    found = {w for w in candidates if w != surname and fuzz.ratio(fold(w), folded) >= 75}
    if len(found) != 1:
        return None
    return " ".join([*words[:-1], found.pop()])


def restated_words(letter: dict[str, Any]) -> list[str]:
    """The surnames the letter's own text restates after "heer", "lid", "mevrouw" …

    Exactly patterns.RESTATED_NAME.findall over the answers, questions and notice, but the
    regex is tried only where one of its opening words stands (found with str.find) instead
    of at every position of a ~5,000-character text: this runs for every letter whose asker
    the register cannot place, which is most of them. Matches are taken left to right without
    overlap, as findall takes them.
    """
    text = " ".join(
        [a.get("text", "") for a in letter.get("answers") or []]
        + [q.get("text", "") for q in letter.get("questions") or []]
        + [letter.get("notice") or ""]
    )
    starts: set[int] = set()
    for word in p.RESTATED_NAME_STARTS:
        at = text.find(word)
        while at != -1:
            starts.add(at)
            at = text.find(word, at + 1)
    names: list[str] = []
    end = 0
    for at in sorted(starts):
        if at < end:
            continue  # inside the previous match
        match = p.RESTATED_NAME.match(text, at)
        if match:
            names.append(match[1])
            end = match.end()
    return names


def annotate(letter: dict[str, Any], register: Register | None = None) -> dict[str, Any]:
    """A copy of the letter with the register's keys added (see the module docstring)."""
    reg = register or default_register()
    submitted, received = _day(letter.get("submitted")), _day(letter.get("received"))
    asked_on = submitted or received
    answered_on = received or submitted
    house = _HOUSES.get(letter.get("house") or "")

    askers = []
    scanned: list[list[str]] = []

    def restated() -> list[str]:  # the letter's text is scanned once, when first needed
        if not scanned:
            scanned.append(restated_words(letter))
        return scanned[0]

    for asker in letter.get("askers", []):
        party = reg.party(asker.get("party"), asked_on)
        names = [n for n in p.TWO_NAMES.split(asker.get("name") or "") if n.strip()]
        people = []
        for name in names:

            def place(form: str, party_key: str | None = party.key if party else None):
                return reg.person(form, day=asked_on, party=party_key, role="kamerlid", house=house)

            match = place(name)
            if match.key is None:
                surname = restated_name(match.name, letter, restated)
                if surname:
                    again = place(surname)
                    match = again if again.key else PersonMatch(None, surname, name)
            people.append({"person": match.key, "name": match.name})
        askers.append({**asker, "party_key": party.key if party else None, "people": people})

    responders = []
    for responder in letter.get("responders", []):
        ministries = reg.ministries_of(responder.get("portfolio"), answered_on)
        printed = responder.get("name") or ""
        names = [printed] if printed.strip() else []
        if len(ministries) > 1:
            split = [n for n in re.split(r"\s+en\s+", clean_person_name(printed)) if n]
            if len(split) == len(ministries):
                names = split  # "Nelissen en Talma, Ministers van Justitie en van LNH"
        people = []
        for i, name in enumerate(names):
            own = (ministries[i],) if len(names) == len(ministries) > 1 else tuple(ministries)
            match = reg.person(
                name,
                day=answered_on,
                ministries=tuple(m.key for m in own),
                role="bewindspersoon",
            )
            people.append({"person": match.key, "name": match.name})
        responders.append(
            {**responder, "ministries": [m.key for m in ministries], "people": people}
        )

    ministries = _unique(
        [k for r in responders if not r.get("on_behalf") for k in r["ministries"]]
        + [k for r in responders if r.get("on_behalf") for k in r["ministries"]]
    )
    if not ministries:
        addressed = addressed_ministries(letter.get("addressees") or [], asked_on, reg)
        ministries = [m.key for m in addressed]
    # The letter's own zaak number is printed in its header (Word: a line "2024Z17331"); a
    # notice names the zaak of the questions it postpones. Other zaak numbers in the text
    # (an askers' note "aanvulling op eerdere vragen … 2024Z14247") are other questions.
    aside = " ".join(
        d.get("text", "")
        for d in letter.get("discarded") or []
        if str(d.get("reason", "")).startswith(("header", "page"))
    )
    notice = letter.get("notice") or ""
    return {
        **letter,
        "askers": askers,
        "responders": responders,
        "ministries": ministries,
        "parties": _unique([a["party_key"] for a in askers]),
        "zaak": _unique(_zaak_numbers(aside) + _zaak_numbers(notice) + _id_zaak(letter)),
    }


def _zaak_numbers(text: str) -> list[str]:
    return p.ZAAK.findall(text) if p.ZAAK_HINT.search(text) else []


def _id_zaak(letter: dict[str, Any]) -> list[str]:
    match = p.ZAAK.search(letter.get("id") or "")
    return [match[0]] if match and (letter.get("id") or "").startswith("kv-") else []
