"""Browse pages by the register's canonical keys: one page per party, ministry and person.

The register stage (parsers/register) put keys beside the printed names; here they become
groups with one canonical slug each. Every printed form that had a page of its own under the
old scheme (slug of the printed text: ``partij/p-v-d-a/``, ``kamerlid/heertummers/``) becomes
an alias, and the site writes a redirect page there so old links keep working. A name the
register could not place keeps a page of its own (slug of the cleaned name, with the party for
Kamerleden) and is listed in the build summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from parsers.register import Register, default_register
from parsers.register.model import Period

if TYPE_CHECKING:
    from .model import Group, GroupRef, LetterView


@dataclass(frozen=True)
class Link:
    """A name on a page and where its index page is (relative URL), if it has one."""

    name: str
    url: str | None


@dataclass(frozen=True)
class ResponderLine:
    role: str
    people: tuple[Link, ...]
    ministries: tuple[Link, ...]
    portfolio: str
    on_behalf: bool


@dataclass(frozen=True)
class AskerLine:
    people: tuple[Link, ...]
    party: Link | None


def slugify(text: str) -> str:
    from .model import slugify as model_slugify

    return model_slugify(text)


def period_text(periods: Iterable[Period]) -> str:
    def year(day: dt.date | None) -> str:
        return str(day.year) if day else "heden"

    return ", ".join(f"{year(start)}–{year(end)}" for start, end in periods)


class _Entry(NamedTuple):
    """One group membership of a letter: which group, under which names it was printed
    (and the slug that printed name had as a page of its own: an alias)."""

    dimension: str
    slug: str
    name: str
    detail: str
    placed: bool
    printed: str
    old_slug: str


def _entry(dimension: str, slug: str, name: str, detail: str, placed: bool, printed: str) -> _Entry:
    return _Entry(dimension, slug, name, detail, placed, printed, slugify(printed))


# What a letter contributes to the browse pages: made once per parse (kept in the letter's
# summary, see model.summarize) and read back on every build. Plain tuples, not the classes
# above: a summary is unpickled for every letter on every build, and class instances were
# four fifths of that time (their classes looked up again in each letter's pickle); the
# people lines become `AskerLine`/`ResponderLine` only when a page shows them
# (`LetterView.asker_lines`, `responder_lines`).
PlainLink = tuple[str, str | None]
PlainAsker = tuple[tuple[PlainLink, ...], PlainLink | None]
PlainResponder = tuple[str, tuple[PlainLink, ...], tuple[PlainLink, ...], str, bool]
Browse = tuple[list[tuple], list[PlainAsker], list[PlainResponder]]


def asker_lines(plain: list[PlainAsker]) -> list[AskerLine]:
    return [
        AskerLine(tuple(Link(*p) for p in people), Link(*party) if party else None)
        for people, party in plain
    ]


def responder_lines(plain: list[PlainResponder]) -> list[ResponderLine]:
    return [
        ResponderLine(
            role,
            tuple(Link(*p) for p in people),
            tuple(Link(*m) for m in ministries),
            portfolio,
            on_behalf,
        )
        for role, people, ministries, portfolio, on_behalf in plain
    ]


def letter_browse(letter: LetterView, reg: Register) -> Browse:
    """The letter's group memberships and people lines, from its summary when it has them."""
    summary = letter._summary
    if summary is not None and "browse" in summary:
        return summary["browse"]
    return _entries(letter, reg)


def _entries(letter: LetterView, reg: Register) -> Browse:
    data = letter.data
    entries: list[_Entry] = []
    askers: list[PlainAsker] = []
    for asker in data.get("askers", []):
        key = asker.get("party_key")
        party_link = None
        party_name = None
        if key and key in reg.parties:
            party = reg.parties[key]
            party_name = party.abbreviation
            entries.append(
                _entry(
                    "partij", key, party.abbreviation, _party_detail(party), True, asker["party"]
                )
            )
            party_link = (party.abbreviation, f"partij/{key}/")
        elif asker.get("party"):
            party_name = asker["party"].strip()
            slug = slugify(party_name)
            entries.append(_entry("partij", slug, party_name, "", False, asker["party"]))
            party_link = (party_name, f"partij/{slug}/")
        people = []
        for person in asker.get("people") or [{"person": None, "name": asker.get("name", "")}]:
            if not person.get("name"):
                continue
            if person.get("person"):
                slug, placed = person["person"], True
            else:
                slug = slugify(f"{person['name']} {party_name or ''}")
                placed = False
            entries.append(
                _entry("kamerlid", slug, person["name"], party_name or "", placed, asker["name"])
            )
            people.append((person["name"], f"kamerlid/{slug}/"))
        askers.append((tuple(people), party_link))

    responders: list[PlainResponder] = []
    for responder in data.get("responders", []):
        ministries = []
        for key in responder.get("ministries") or []:
            ministry = reg.ministries[key]
            ministries.append((ministry.name, f"ministerie/{key}/"))
        people = []
        listed = [p for p in responder.get("people") or [] if p.get("name")]
        for i, person in enumerate(listed):
            if person.get("person"):
                slug, placed = person["person"], True
            else:
                slug, placed = slugify(person["name"]), False
            # "Nelissen en Talma, Ministers van Justitie en van LNH": one ministry each.
            own = ministries[i] if len(listed) == len(ministries) > 1 else None
            ministry = own or (ministries[0] if ministries else None)
            detail = " ".join(
                x for x in (responder.get("role"), ministry[0] if ministry else "") if x
            )
            entries.append(
                _entry("bewindspersoon", slug, person["name"], detail, placed, responder["name"])
            )
            people.append((person["name"], f"bewindspersoon/{slug}/"))
        if not ministries and responder.get("portfolio"):
            printed = responder["portfolio"].strip()
            ministries.append((printed, f"ministerie/{slugify(printed)}/"))
        responders.append(
            (
                responder.get("role", ""),
                tuple(people),
                tuple(ministries),
                responder.get("portfolio") or "",
                bool(responder.get("on_behalf")),
            )
        )

    printed_portfolios = {
        key: r["portfolio"]
        for r in data.get("responders", [])
        for key in r.get("ministries") or []
        if r.get("portfolio")
    }
    for key in data.get("ministries") or []:
        ministry = reg.ministries[key]
        entries.append(
            _entry(
                "ministerie",
                key,
                ministry.name,
                period_text(ministry.periods),
                True,
                printed_portfolios.get(key, ministry.name),
            )
        )
    for responder in data.get("responders", []):
        if not responder.get("ministries") and responder.get("portfolio"):
            printed = responder["portfolio"].strip()
            entries.append(_entry("ministerie", slugify(printed), printed, "", False, printed))
    return [tuple(entry) for entry in entries], askers, responders


# Leading name particles, which Dutch lists of names sort past ("Van der Burg" under B).
_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "la", "le"}
PEOPLE = ("kamerlid", "bewindspersoon")


def surname_key(surname: str) -> str:
    """Where a surname stands in a list: past its particles, case and accents folded."""
    words = surname.split()
    while len(words) > 1 and words[0].casefold() in _PARTICLES:
        words = words[1:]
    return slugify(" ".join(words))


def _sort_key(group: Group, reg: Register) -> tuple[str, str, str]:
    name = group.name
    if group.dimension in PEOPLE:
        person = reg.people.get(group.slug) if group.placed else None
        name = surname_key(person.surname if person else group.name)
    return (name.casefold(), group.name.casefold(), group.slug)


def _party_detail(party) -> str:  # noqa: ANN001 - a register Party
    years = f"{party.since}–{party.until or 'heden'}" if party.since else ""
    return ", ".join(
        x for x in (party.name if party.name != party.abbreviation else "", years) if x
    )


def build_groups(letters: list[LetterView], reg: Register | None = None) -> dict[str, list[Group]]:
    """Every index dimension's groups by canonical slug, each group's letters newest first.

    Also sets each letter's ``asker_lines``/``responder_lines`` (names with the URLs of their
    pages) and ``groups``.
    """
    from .model import DIMENSIONS

    reg = reg or default_register()
    result: dict[str, dict[str, Group]] = {name: {} for name in DIMENSIONS}
    # Per group (made once each; this loop runs for every entry of 100,000 letters): its
    # ref, the parts of its detail, and the last letter joined (a letter's entries come
    # together, so a letter already joined is the last one: no set of pairs).
    refs: dict[int, GroupRef] = {}
    details: dict[int, set[str]] = {}
    last: dict[int, int] = {}
    # An entry seen before (most are: a party, a ministry, a person on many letters) has
    # put its names, detail and alias on its group already: only the letter is added.
    known_entries: dict[tuple, Group] = {}
    for letter in letters:
        entries, askers, responders = letter_browse(letter, reg)
        letter.set_lines(askers, responders)
        mine = id(letter)
        for entry in entries:
            group = known_entries.get(entry)
            if group is None:
                group = known_entries[entry] = _join(entry, result, refs, details)
            if last.get(id(group)) != mine:
                last[id(group)] = mine
                group.letters.append(letter)
                letter.groups[group.dimension].append(refs[id(group)])
    # Each group's letters newest first: as they came when `letters` were (the generator
    # sorts them so), so the sort of every group is needed only otherwise.
    keys = [x.sort_key for x in letters]
    presorted = all(a > b for a, b in zip(keys, keys[1:], strict=False))
    ordered: dict[str, list[Group]] = {}
    for dimension, groups in result.items():
        if not presorted:
            for group in groups.values():
                group.letters.sort(key=lambda x: x.sort_key, reverse=True)
        ordered[dimension] = sorted(groups.values(), key=lambda g: _sort_key(g, reg))
    _link_ministries(ordered["ministerie"], reg)
    return ordered


def _join(
    entry: tuple,
    result: dict[str, dict[str, Group]],
    refs: dict[int, GroupRef],
    details: dict[int, set[str]],
) -> Group:
    """The group of an entry (made on its first entry), with the entry's names on it."""
    from .model import Group

    dimension, slug, name, detail, placed, printed, old_slug = entry
    groups = result[dimension]
    group = groups.get(slug)
    if group is None:
        group = groups[slug] = Group(dimension, name, slug)
        group.placed = placed
        refs[id(group)] = group.ref()
        details[id(group)] = set()
    if detail:
        known = details[id(group)]
        for part in detail.split("; "):
            if part and part not in known:
                known.add(part)
                group.detail = f"{group.detail}; {part}" if group.detail else part
    group.printed.add(printed)
    if old_slug != slug:
        group.aliases.add(old_slug)
    return group


def _link_ministries(groups: list[Group], reg: Register) -> None:
    """Predecessor and successor of each ministry page, where the archive has them."""
    by_slug = {g.slug: g for g in groups}
    for group in groups:
        ministry = reg.ministries.get(group.slug)
        if ministry is None:
            continue
        if ministry.follows and ministry.follows in by_slug:
            group.related.append(("Voorganger", by_slug[ministry.follows]))
        for other in reg.ministries.values():
            if other.follows == group.slug and other.key in by_slug:
                group.related.append(("Opvolger", by_slug[other.key]))


def redirects(groups: dict[str, list[Group]]) -> list[tuple[str, str, list[Group]]]:
    """(dimension, old slug, targets): a page per printed-form slug that is not canonical."""
    found: list[tuple[str, str, list[Group]]] = []
    for dimension, items in groups.items():
        canonical = {g.slug for g in items}
        targets: dict[str, list[Group]] = {}
        for group in items:
            for alias in group.aliases:
                if alias not in canonical:
                    targets.setdefault(alias, []).append(group)
        for alias in sorted(targets):
            found.append((dimension, alias, targets[alias]))
    return found


def unplaced(groups: dict[str, list[Group]]) -> list[Group]:
    """Groups whose name the register could not place (for the build summary)."""
    return [g for items in groups.values() for g in items if not g.placed]
