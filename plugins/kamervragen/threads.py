"""Threads: a question letter, its postponement notices and its answers, linked.

Letters are linked, strongest evidence first, by:

1. a links sidecar (``*.threads.json`` under content/, written by ``kamervragen fetch
   --with-threads`` from the Tweede Kamer's Zaak records): a JSON list of
   ``{"zaak": "2024Z18439", "documents": ["kv-tk-2024Z18439", "ah-tk-20242025-600", ...]}``;
2. the zaak number a letter prints as its own (``zaak``, from the register stage);
3. the aanhangsel number an answer refers to ("Zie ook Aanhangsel … nr. 1028", ``related``);
4. the submission: same ingezonden date and the same askers, when the subjects agree.

Two question letters are never joined, nor two groups with different zaak numbers: a member
often submits several sets of questions on one day. Everything here is a pure function of the
letters and the build date, so pages that show it depend only on their context.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parsers.register.normalize import fold

if TYPE_CHECKING:
    from .model import LetterView

logger = logging.getLogger(__name__)

# The answer term of the Reglement van Orde (art. 12.5 / earlier art. 135): three weeks.
TERM_DAYS = 21
SIDECAR_GLOB = "*.threads.json"


@dataclass(frozen=True)
class Step:
    """One event on a thread's timeline."""

    kind: str  # ingezonden | uitstel | beantwoord | nader-antwoord | open
    label: str
    date: dt.date | None
    days: int | None  # days since ingezonden
    letter: Any = None  # the LetterView of this step, if it is a letter


@dataclass
class Thread:
    key: str
    letters: list[LetterView]
    submitted: dt.date | None = None
    answered: dt.date | None = None
    postponements: int = 0
    steps: list[Step] = field(default_factory=list)
    open_days: int | None = None  # unanswered: days from ingezonden to the build date
    as_of: dt.date | None = None

    @property
    def days(self) -> int | None:
        if self.submitted and self.answered:
            return (self.answered - self.submitted).days
        return None

    def export(self) -> dict[str, Any]:
        """The thread as the letter JSON's optional ``thread`` field (letter.schema.json)."""
        return {
            "key": self.key,
            "documents": [
                {"id": x.id, "kind": x.kind, "date": x.date.isoformat() if x.date else None}
                for x in self.letters
            ],
            "submitted": self.submitted.isoformat() if self.submitted else None,
            "answered": self.answered.isoformat() if self.answered else None,
            "days": self.days,
            "postponements": self.postponements,
        }


def read_sidecars(paths: Iterable[Path]) -> list[tuple[str | None, list[str]]]:
    """Links from sidecar files; a malformed file is reported and skipped, never fatal."""
    links: list[tuple[str | None, list[str]]] = []
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(data, list):
                raise ValueError("not a JSON list")
            for entry in data:
                documents = entry["documents"]
                if not isinstance(documents, list) or not all(
                    isinstance(d, str) for d in documents
                ):
                    raise ValueError("documents is not a list of ids")
                zaak = entry.get("zaak")
                links.append((zaak if isinstance(zaak, str) else None, documents))
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.error("Thread links skipped: %s: %s", path, error)
    return links


class _Groups:
    """Union-find over letter ids that refuses joins the evidence forbids."""

    def __init__(self, letters: Sequence[LetterView]) -> None:
        self.parent = {x.id: x.id for x in letters}
        self.zaak = {x.id: set(x.data.get("zaak") or []) for x in letters}
        self.questions = {x.id: int(x.kind == "questions") for x in letters}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str, zaak: str | None = None) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        za, zb = self.zaak[ra], self.zaak[rb]
        if zaak is None and za and zb and not (za & zb):
            return False  # two different cases (zaken)
        if self.questions[ra] and self.questions[rb] and zaak is None:
            return False  # two question letters are two sets of questions
        self.parent[ra] = rb
        self.zaak[rb] = za | zb | ({zaak} if zaak else set())
        self.questions[rb] += self.questions[ra]
        return True


def _askers_key(letter: LetterView) -> frozenset[str]:
    summary = getattr(letter, "_summary", None)  # made at parse time (model.summarize)
    if summary is not None and "askers" in summary:
        return frozenset(summary["askers"])
    return askers_key(letter)


def askers_key(letter: LetterView) -> frozenset[str]:
    """Who asked (register keys, else folded surnames): letters of one submission share it."""
    names = set()
    for asker in letter.data.get("askers", []):
        people = asker.get("people") or [{"person": None, "name": asker.get("name", "")}]
        for person in people:
            names.add(person.get("person") or fold(person.get("name", "").split(" ")[-1]))
    return frozenset(n for n in names if n)


def _subjects_agree(a: LetterView, b: LetterView) -> bool:
    ta, tb = fold(a.data.get("title") or ""), fold(b.data.get("title") or "")
    return not ta or not tb or ta in tb or tb in ta


def link(
    letters: Sequence[LetterView],
    sidecar_links: Iterable[tuple[str | None, list[str]]] = (),
    as_of: dt.date | None = None,
) -> dict[str, Thread]:
    """Every letter's thread (a lone letter is a thread of one), keyed by letter id."""
    by_id = {x.id: x for x in letters}
    groups = _Groups(letters)
    for zaak, documents in sidecar_links:
        present = [d for d in documents if d in by_id]
        for other in present[1:]:
            groups.join(present[0], other, zaak=zaak or "sidecar")
    by_zaak: dict[str, str] = {}
    for letter in letters:
        for zaak in letter.data.get("zaak") or []:
            first = by_zaak.setdefault(zaak, letter.id)
            if first != letter.id:
                groups.join(first, letter.id, zaak=zaak)
    for letter in letters:
        for ref in letter.data.get("related") or []:
            if ref in by_id and ref != letter.id:
                groups.join(letter.id, ref)
    by_submission: dict[tuple[dt.date, frozenset[str]], list[LetterView]] = {}
    for letter in letters:
        askers = _askers_key(letter)
        if letter.submitted and askers:
            by_submission.setdefault((letter.submitted, askers), []).append(letter)
    for same in by_submission.values():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if _subjects_agree(a, b):
                    groups.join(a.id, b.id)

    members: dict[str, list[LetterView]] = {}
    for letter in letters:
        members.setdefault(groups.find(letter.id), []).append(letter)
    threads: dict[str, Thread] = {}
    for root, group in members.items():
        thread = build_thread(group, sorted(groups.zaak[root] - {"sidecar"}), as_of)
        for letter in group:
            threads[letter.id] = thread
    return threads


def _order(letter: LetterView) -> tuple[int, dt.date, int, str]:
    rank = {"questions": 0, "postponement": 1, "answer": 2}.get(letter.kind, 3)
    first = 0 if letter.kind == "questions" else 1
    return (first, letter.date or dt.date.max, rank, letter.id)


def build_thread(
    letters: Sequence[LetterView], zaken: Sequence[str] = (), as_of: dt.date | None = None
) -> Thread:
    ordered = sorted(letters, key=_order)
    key = zaken[0] if zaken else ordered[0].id
    submitted_dates = [x.submitted for x in ordered if x.submitted]
    questions = [x for x in ordered if x.kind == "questions"]
    submitted = (questions[0].submitted if questions and questions[0].submitted else None) or (
        min(submitted_dates) if submitted_dates else None
    )
    thread = Thread(key=key, letters=ordered, submitted=submitted, as_of=as_of)

    def days(day: dt.date | None) -> int | None:
        return (day - submitted).days if day and submitted else None

    steps: list[Step] = []
    if submitted:
        steps.append(
            Step(
                "ingezonden", "Vragen ingezonden", submitted, 0, questions[0] if questions else None
            )
        )
    answers = 0
    for letter in ordered:
        if letter.kind == "questions":
            continue
        if letter.kind == "postponement":
            thread.postponements += 1
            steps.append(Step("uitstel", "Uitstel gemeld", letter.date, days(letter.date), letter))
        else:
            answers += 1
            kind, label = (
                ("beantwoord", "Beantwoord")
                if answers == 1
                else ("nader-antwoord", "Nader antwoord")
            )
            if answers == 1:
                thread.answered = letter.received or letter.date
            steps.append(Step(kind, label, letter.date, days(letter.date), letter))
    if not answers and submitted and as_of is not None:
        thread.open_days = max(0, (as_of - submitted).days)
        steps.append(Step("open", "Nog niet beantwoord", as_of, thread.open_days))
    thread.steps = steps
    return thread
