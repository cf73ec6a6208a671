"""The register's entries, read from the versioned data files in parsers/register/data/.

The files are data, not code (GUIDE: "data that is data lives in versioned data files with
their sources named"): each names its sources in its header comment. This module only reads
them into typed, immutable entries and checks that they hang together (unique keys, known
party and ministry keys), so a typo in a data file fails loudly at load time.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data")
FILES = ("parties.toml", "ministries.toml", "people.toml")

# A period's ends as written in the data: a year (whole year, inclusive) or a date.
Period = tuple[dt.date, dt.date | None]


def _start(value: int | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date(value, 1, 1)


def _end(value: int | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date(value, 12, 31)


def _periods(raw: list[list[int | dt.date]] | None) -> tuple[Period, ...]:
    return tuple((_start(p[0]), _end(p[1]) if len(p) > 1 else None) for p in raw or [])


def in_periods(periods: tuple[Period, ...], day: dt.date | None, margin_days: int = 0) -> bool:
    """True when the day falls in one of the periods (or nothing is known either way)."""
    if day is None or not periods:
        return True
    slack = dt.timedelta(days=margin_days)
    return any(
        start - slack <= day <= (end or dt.date.max - slack) + slack for start, end in periods
    )


@dataclass(frozen=True)
class Party:
    key: str
    name: str
    abbreviation: str
    also: tuple[str, ...]
    since: int | None
    until: int | None
    note: str = ""

    @property
    def display(self) -> str:
        return self.abbreviation

    @property
    def periods(self) -> tuple[Period, ...]:
        if not self.since:
            return ()
        return ((_start(self.since), _end(self.until) if self.until else None),)


@dataclass(frozen=True)
class Ministry:
    key: str
    name: str
    abbreviations: tuple[str, ...]
    short: tuple[str, ...]
    periods: tuple[Period, ...]
    follows: str | None

    @property
    def display(self) -> str:
        return self.name


@dataclass(frozen=True)
class Post:
    """A portfolio without a ministry of its own, housed by `ministry` in its periods."""

    name: str
    ministry: str
    abbreviations: tuple[str, ...]
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class Office:
    role: str  # minister, staatssecretaris, minister-president
    ministry: str
    period: Period


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    surname: str
    also: tuple[str, ...]  # other surnames in use (name before marriage, double name)
    given: str  # first name, when known
    initials: str
    parties: tuple[str, ...]
    member: tuple[tuple[str, Period | None], ...]  # (house "tk"/"ek", period if known)
    offices: tuple[Office, ...]
    source: str

    @property
    def display(self) -> str:
        return self.name

    @property
    def surnames(self) -> tuple[str, ...]:
        return (self.surname, *self.also)


@dataclass(frozen=True)
class RegisterData:
    parties: tuple[Party, ...]
    ministries: tuple[Ministry, ...]
    posts: tuple[Post, ...]
    people: tuple[Person, ...]


def _read(name: str, directory: Path) -> dict:
    with open(directory / name, "rb") as handle:
        return tomllib.load(handle)


def load_data(directory: Path = DATA) -> RegisterData:
    raw_parties = _read("parties.toml", directory).get("party", [])
    raw_ministries = _read("ministries.toml", directory)
    raw_people = _read("people.toml", directory).get("person", [])
    parties = tuple(
        Party(
            key=p["key"],
            name=p["name"],
            abbreviation=p.get("abbreviation", p["name"]),
            also=tuple(p.get("also", [])),
            since=p.get("since"),
            until=p.get("until"),
            note=p.get("note", ""),
        )
        for p in raw_parties
    )
    ministries = tuple(
        Ministry(
            key=m["key"],
            name=m["name"],
            abbreviations=tuple(m.get("abbreviations", [])),
            short=tuple(m.get("short", [])),
            periods=_periods(m.get("periods")),
            follows=m.get("follows"),
        )
        for m in raw_ministries.get("ministry", [])
    )
    posts = tuple(
        Post(
            name=p["name"],
            ministry=p["ministry"],
            abbreviations=tuple(p.get("abbreviations", [])),
            periods=_periods(p.get("periods")),
        )
        for p in raw_ministries.get("post", [])
    )
    people = tuple(
        Person(
            key=p["key"],
            name=p["name"],
            surname=p["surname"],
            also=tuple(p.get("also", [])),
            given=p.get("given", ""),
            initials=p.get("initials", ""),
            parties=tuple(p.get("parties", [])),
            member=tuple(
                (m[0], _periods([m[1:]])[0] if len(m) > 1 else None) for m in p.get("member", [])
            ),
            offices=tuple(Office(o[0], o[1], _periods([o[2:]])[0]) for o in p.get("offices", [])),
            source=p.get("source", ""),
        )
        for p in raw_people
    )
    data = RegisterData(parties, ministries, posts, people)
    _check(data)
    return data


class RegisterError(ValueError):
    """A data file contradicts itself: duplicate key, unknown party or ministry key."""


def _check(data: RegisterData) -> None:
    for kind, keys in (
        ("party", [p.key for p in data.parties]),
        ("ministry", [m.key for m in data.ministries]),
        ("person", [p.key for p in data.people]),
    ):
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                raise RegisterError(f"{kind} key {key!r} appears twice")
            seen.add(key)
    ministry_keys = {m.key for m in data.ministries}
    party_keys = {p.key for p in data.parties}
    for ministry in data.ministries:
        if ministry.follows and ministry.follows not in ministry_keys:
            raise RegisterError(f"ministry {ministry.key!r} follows unknown {ministry.follows!r}")
    for post in data.posts:
        if post.ministry not in ministry_keys:
            raise RegisterError(f"post {post.name!r} names unknown ministry {post.ministry!r}")
    for person in data.people:
        for party in person.parties:
            if party not in party_keys:
                raise RegisterError(f"person {person.key!r} names unknown party {party!r}")
        for office in person.offices:
            if office.ministry not in ministry_keys:
                raise RegisterError(
                    f"person {person.key!r} names unknown ministry {office.ministry!r}"
                )


@functools.cache
def default_data() -> RegisterData:
    return load_data(DATA)
