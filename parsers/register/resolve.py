"""From a printed party, ministry or person to the register's entry, or to nothing.

Each resolver compares folded forms first (normalize.fold: print differences away), then, for
what is left, rapidfuzz against the register's own names, and uses the letter's date (and for
people: party, house, ministry) to choose among candidates. A printed form that matches no
entry, or several equally, resolves to None: nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from parsers import patterns as p
from parsers.register.model import (
    Ministry,
    Party,
    Person,
    RegisterData,
    in_periods,
)
from parsers.register.normalize import (
    clean_person_name,
    fold,
    fold_words,
    split_initials,
)

# How close an OCR-damaged form must be to a register name (rapidfuzz ratio, 0-100).
MINISTRY_CUTOFF = 88
PARTY_CUTOFF = 90
# A surname is short, so one wrong letter weighs more; a fuzzy surname match must also be
# confirmed by the letter's context (party, ministry, period), see Register.person.
SURNAME_CUTOFF = 80

# Rank of a match kind when several entries match the same printed form in the same period.
_RANK = {"name": 0, "post": 1, "abbreviation": 2, "short": 3}


@dataclass(frozen=True)
class PersonMatch:
    """What the register made of a printed name: the entry's key, or None and the cleaned name."""

    key: str | None
    name: str  # register name, or the printed name cleaned when unplaced
    printed: str


@dataclass(frozen=True)
class _Choice:
    key: str
    kind: str
    periods: tuple


class Register:
    """Lookups over one RegisterData; build once per process (Register.default())."""

    def __init__(self, data: RegisterData) -> None:
        self.data = data
        self.parties = {p.key: p for p in data.parties}
        self.ministries = {m.key: m for m in data.ministries}
        self.people = {p.key: p for p in data.people}
        self._party_index: dict[str, list[Party]] = {}
        for party in data.parties:
            for form in {fold(f) for f in (party.key, party.name, party.abbreviation, *party.also)}:
                self._party_index.setdefault(form, []).append(party)
        self._party_words = {fold_words(p.name): p for p in data.parties}

        self._ministry_index: dict[str, list[_Choice]] = {}
        self._ministry_words: dict[str, list[_Choice]] = {}

        def add(form: str, choice: _Choice) -> None:
            self._ministry_index.setdefault(fold(form), []).append(choice)
            self._ministry_words.setdefault(fold_words(form), []).append(choice)

        for ministry in data.ministries:
            add(ministry.name, _Choice(ministry.key, "name", ministry.periods))
            for abbreviation in ministry.abbreviations:
                add(abbreviation, _Choice(ministry.key, "abbreviation", ministry.periods))
            for short in ministry.short:
                add(short, _Choice(ministry.key, "short", ministry.periods))
        for post in data.posts:
            add(post.name, _Choice(post.ministry, "post", post.periods))
            for abbreviation in post.abbreviations:
                add(abbreviation, _Choice(post.ministry, "abbreviation", post.periods))

        self._surname_index: dict[str, list[Person]] = {}
        for person in data.people:
            for surname in person.surnames:
                self._surname_index.setdefault(fold(surname), []).append(person)
        self._surname_keys = list(self._surname_index)

    # --- parties -------------------------------------------------------------------
    def party(self, printed: str | None, day: dt.date | None = None) -> Party | None:
        if not printed or not printed.strip():
            return None
        candidates = self._party_index.get(fold(printed), [])
        if not candidates:
            words = fold_words(printed)
            if len(words) >= 8:  # only long names are safe to match loosely
                found = process.extractOne(
                    words, list(self._party_words), scorer=fuzz.ratio, score_cutoff=PARTY_CUTOFF
                )
                if found:
                    candidates = [self._party_words[found[0]]]
        if len(candidates) > 1:
            dated = [p for p in candidates if in_periods(p.periods, day)]
            candidates = dated or candidates
        return candidates[0] if len(candidates) == 1 else None

    # --- ministries ----------------------------------------------------------------
    def ministries_of(self, printed: str | None, day: dt.date | None = None) -> list[Ministry]:
        """The ministries a printed portfolio names: usually one, several for "X en van Y"."""
        if not printed or not printed.strip():
            return []
        text = p.ROLE_PREFIX.sub("", printed.strip())
        text = p.PORTFOLIO_DASH.split(text, maxsplit=1)[0]  # "Financiën – Fiscaliteit en …"
        text = text.strip(" .,;:")
        one = self._ministry(text, day)
        if one is not None:
            return [one]
        parts = [p for p in p.SEVERAL_PORTFOLIOS.split(text) if p.strip()]
        if len(parts) > 1:
            found = [self._ministry(part.strip(" .,"), day) for part in parts]
            if all(found):
                return [m for m in found if m is not None]
        return []

    def ministry(self, printed: str | None, day: dt.date | None = None) -> Ministry | None:
        found = self.ministries_of(printed, day)
        return found[0] if len(found) == 1 else None

    def _ministry(self, text: str, day: dt.date | None) -> Ministry | None:
        choices = self._ministry_index.get(fold(text), [])
        if not choices:
            words = fold_words(text)
            if len(words) < 4:
                return None
            hits = process.extract(
                words,
                list(self._ministry_words),
                scorer=fuzz.ratio,
                score_cutoff=MINISTRY_CUTOFF,
                limit=5,
            )
            if hits:
                best = max(score for _, score, _ in hits)
                for form, score, _ in hits:
                    if score == best:
                        choices = choices + self._ministry_words[form]
        return self._choose(choices, day)

    def _choose(self, choices: list[_Choice], day: dt.date | None) -> Ministry | None:
        if not choices:
            return None
        dated = [c for c in choices if in_periods(c.periods, day)]
        if not dated and day is not None:
            dated = [c for c in choices if in_periods(c.periods, day, margin_days=366)]
        pool = dated or choices
        best_rank = min(_RANK[c.kind] for c in pool)
        keys = {c.key for c in pool if _RANK[c.kind] == best_rank}
        return self.ministries[keys.pop()] if len(keys) == 1 else None

    # --- people --------------------------------------------------------------------
    def person(
        self,
        printed: str,
        *,
        day: dt.date | None = None,
        party: str | None = None,
        ministries: tuple[str, ...] = (),
        role: str = "kamerlid",
        house: str | None = None,
    ) -> PersonMatch:
        """The register's person for a printed name in its context, or an unplaced name.

        An exact surname match is accepted when the context does not contradict it (party,
        period, ministry); a fuzzy one (OCR) only when the context confirms it.
        """
        cleaned = clean_person_name(printed)
        initials, rest = split_initials(cleaned)
        if not rest:
            return PersonMatch(None, cleaned, printed)
        attempts = [("", rest)]
        words = rest.split()
        if len(words) >= 2 and words[0].lower() not in _PARTICLE_WORDS:
            # "Inge van Dijk": a first name before the surname. Tried second, so double
            # surnames ("Hirsch Ballin", "Bruins Slot") are found whole first.
            attempts.append((words[0], " ".join(words[1:])))

        def fits(person: Person, given: str, confirm: bool) -> bool:
            return _fits(person, day, party, ministries, role, house, initials, given, confirm)

        folded = [(given, fold(surname)) for given, surname in attempts]
        for given, key in folded:
            exact = [p for p in self._surname_index.get(key, []) if fits(p, given, False)]
            if len(exact) == 1:
                return PersonMatch(exact[0].key, exact[0].name, printed)
            if exact:
                return PersonMatch(None, cleaned, printed)  # ambiguous: not guessed
        for given, key in folded:
            if len(key) < 4:
                continue
            hits = process.extract(
                key,
                self._surname_keys,
                scorer=fuzz.ratio,
                score_cutoff=SURNAME_CUTOFF,
                limit=5,
            )
            fuzzy = {
                p.key: p
                for form, _, _ in hits
                for p in self._surname_index[form]
                if fits(p, given, True)
            }
            if len(fuzzy) == 1:
                person = next(iter(fuzzy.values()))
                return PersonMatch(person.key, person.name, printed)
        return PersonMatch(None, cleaned, printed)

    # --- display ---------------------------------------------------------------------
    def display(self, kind: str, key: str) -> str:
        table = {"party": self.parties, "ministry": self.ministries, "person": self.people}[kind]
        entry = table.get(key)
        return entry.display if entry is not None else key


_PARTICLE_WORDS = frozenset("van de der den het te ter ten op in 't d'".split())


def _fits(
    person: Person,
    day: dt.date | None,
    party: str | None,
    ministries: tuple[str, ...],
    role: str,
    house: str | None,
    initials: str,
    given: str,
    confirm: bool,
) -> bool:
    """Whether the register's person can be the one printed, in the letter's context.

    With confirm=True (a fuzzy surname), the context must positively agree: the party, or a
    ministry held at the time.
    """
    if given and person.given and fold(given) != fold(person.given):
        return False
    if given and not person.given and person.initials:
        if fold(given[:1]) != fold(person.initials[:1]):
            return False
    if initials and person.initials and fold(initials) != fold(person.initials):
        return False
    confirmed = False
    if role == "kamerlid":
        if party is not None and person.parties:
            if party not in person.parties:
                return False
            confirmed = True
        seats = [p for h, p in person.member if house is None or h == house]
        if person.member and not seats:
            return False
        periods = tuple(p for p in seats if p is not None)
        if periods and len(periods) == len(seats):
            if not in_periods(periods, day, margin_days=366):
                return False
    else:
        offices = [o for o in person.offices if in_periods((o.period,), day, margin_days=183)]
        if person.offices and not offices:
            return False
        if ministries and offices:
            if not any(o.ministry in ministries for o in offices):
                return False
            confirmed = True
        if not person.offices and person.member:
            return False
    return confirmed or not confirm
