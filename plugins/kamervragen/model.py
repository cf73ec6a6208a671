"""What the templates see: one parsed letter plus the site's view of it (URLs, pairs, groups).

Everything here is derived from the contract object and `parsers.pairs`; nothing re-reads the
letter's text. URLs come from the official id and the printed labels only, so adding letters
never moves an existing page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from parsers import Pair, label_slug, letter_permalink, pair_permalink, pairs
from parsers.checks import empty_letter_problem
from parsers.register import annotate, default_register

from .render import FootnoteRefs, dutch_list, footnote_to_html, plain_excerpt, text_to_html
from .threads import Thread, askers_key, link

if TYPE_CHECKING:
    from .browse import AskerLine, ResponderLine
    from .store import LetterRecord

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
KIND_LABELS = {"answer": "Antwoord", "questions": "Vragen", "postponement": "Mededeling"}
TIMELINE_LABELS = {
    "answer": "Antwoord",
    "questions": "Vragen ingediend",
    "postponement": "Uitstel of mededeling",
}
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_OCR_ID = re.compile(r"^sgd-(\d{10})_")
_OFFICIAL_ID = re.compile(r"^(ah|kv)-(tk|ek)-[A-Za-z0-9-]+$")


def slugify(text: str) -> str:
    """ASCII slug for index URLs (names, parties, ministries): stable for the same text."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "onbekend"


def dutch_date(value: dt.date | None) -> str:
    """Dates in the interface read as Dutch text, independent of the build machine's locale."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def official_url(letter_id: str) -> str | None:
    """The publication on officielebekendmakingen.nl, only where the id pattern says where."""
    if _OFFICIAL_ID.match(letter_id):
        return f"https://zoek.officielebekendmakingen.nl/{letter_id}.html"
    ocr = _OCR_ID.match(letter_id)
    if ocr:
        return f"https://zoek.officielebekendmakingen.nl/{ocr.group(1)}/ocr"
    return None


@dataclass
class Footnote:
    number: int
    html: Markup
    back_ref: str | None


@dataclass
class Block:
    """One question or one answer on a page, in reading order."""

    kind: str  # "question" | "answer"
    anchor: str
    heading: str
    html: Markup
    extra_anchors: list[str] = field(default_factory=list)
    pair_url: str | None = None
    note_html: Markup | None = None


@dataclass
class PairPage:
    """One question with its answer at /brief/<id>/<slug>/."""

    letter: LetterView
    pair: Pair
    url: str
    save_as: str
    title: str
    description: str
    blocks: list[Block]
    footnotes: list[Footnote]
    also_answers: list[tuple[str, str]]  # (label, url) of pairs sharing this answer


@dataclass(eq=False)
class Group:
    """A named list of letters (one ministry, one party, ...) with its own pages and feed.

    `slug` is the register's canonical key where the register placed the name; `aliases` are
    the slugs its printed forms had (they get redirect pages); `placed` is False for a name
    the register does not know (it keeps its own page and is reported).
    """

    dimension: str
    name: str
    slug: str
    letters: list[LetterView] = field(default_factory=list)
    detail: str = ""
    aliases: set[str] = field(default_factory=set)
    printed: set[str] = field(default_factory=set)
    placed: bool = True
    related: list[tuple[str, Group]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{DIMENSIONS[self.dimension]['path']}/{self.slug}/"

    def header(self, counted: bool = True) -> GroupHeader:
        """The group as a page about it or a list of groups shows it: without its letters
        (their number only; not even that when not `counted`), its related groups as links."""
        name = "_header" if counted else "_header_uncounted"
        memo = self.__dict__.get(name)
        if memo is None:
            memo = self.__dict__[name] = self._make_header(counted)
        return memo

    def _make_header(self, counted: bool) -> GroupHeader:
        return GroupHeader(
            self.dimension,
            self.name,
            self.slug,
            self.detail,
            Count(len(self.letters)) if counted else None,
            frozenset(self.printed),
            self.placed,
            tuple((label, other.ref()) for label, other in self.related),
        )

    def ref(self) -> GroupRef:
        return GroupRef(self.dimension, self.name, self.slug)

    def __fingerprint__(self) -> str:
        """Everything about the group and every letter listed (see output.fingerprint);
        made once, after build_groups has filled the group."""
        memo = self.__dict__.get("_fingerprint")
        if memo is None:
            memo = self.__dict__["_fingerprint"] = fingerprint_letters(
                self.letters, self.header().__fingerprint__()
            )
        return memo


class Count:
    """Stands for a list a page shows only the length of (`|length`): its key then covers
    the number, not every item, and iterating it fails loudly instead of going stale."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Any]:
        raise TypeError(
            "this page was given a count, not the list: pass the list itself in the page's "
            "context if the template shows its items"
        )

    __getitem__ = __iter__  # type: ignore[assignment]

    def __fingerprint__(self) -> int:
        return self.count


@dataclass(frozen=True)
class GroupHeader:
    """A group's name and size (see Group.header)."""

    dimension: str
    name: str
    slug: str
    detail: str
    letters: Count | None  # None: a page that does not show the number
    printed: frozenset[str] = frozenset()
    placed: bool = True
    related: tuple[tuple[str, GroupRef], ...] = ()

    @property
    def url(self) -> str:
        return f"{DIMENSIONS[self.dimension]['path']}/{self.slug}/"

    def __fingerprint__(self) -> str:
        memo = self.__dict__.get("_fingerprint")
        if memo is None:
            from .output import digest

            related = [f"{label}\0{ref.__fingerprint__()}" for label, ref in self.related]
            memo = digest(
                self.dimension,
                self.name,
                self.slug,
                self.detail,
                -1 if self.letters is None else len(self.letters),
                "\0".join(sorted(self.printed)),
                self.placed,
                *related,
            )
            object.__setattr__(self, "_fingerprint", memo)  # frozen: made once
        return memo


@dataclass(frozen=True)
class GroupRef:
    """A letter's link to a group it is in: which group, not what else is in it (so a
    letter's pages do not depend on the other letters of its ministry or party)."""

    dimension: str
    name: str
    slug: str

    @property
    def url(self) -> str:
        return f"{DIMENSIONS[self.dimension]['path']}/{self.slug}/"

    def __fingerprint__(self) -> str:
        return f"{self.dimension}\0{self.name}\0{self.slug}"


def _member(letter: LetterView) -> tuple[Any, ...]:
    """Another letter as a page shows it on a timeline (not its own timeline: no cycle)."""
    return (letter.id, letter.content_key, letter.title, letter.kind, letter.date, letter.url)


def _timeline(thread: Thread | None) -> Any:
    if thread is None:
        return None
    steps = [
        (s.kind, s.label, s.date, s.days, _member(s.letter) if s.letter is not None else None)
        for s in thread.steps
    ]
    return (
        thread.key,
        [_member(x) for x in thread.letters],
        thread.submitted,
        thread.answered,
        thread.postponements,
        steps,
        thread.open_days,
        thread.as_of,
    )


def fingerprint_letters(letters: list[LetterView], *extra: str) -> str:
    """One digest for a (long) list of letters, cheaper than hashing them one by one."""
    h = hashlib.blake2b(digest_size=16)
    for part in extra:
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    # (Each letter's made once: read where it is, a method call only the first time.)
    h.update("".join([x._fingerprint or x.__fingerprint__() for x in letters]).encode())
    return h.hexdigest()


# Contract fields that hold the letter's text: a summary (what lists, indexes, feeds and
# threads need) leaves them out; they are read from the letter cache when a page needs them.
LARGE_FIELDS = frozenset(("questions", "answers", "notice", "footnotes", "discarded", "warnings"))


class LetterData(Mapping[str, Any]):
    """The contract object of a letter, read from the cache only when a text field is used.

    Small fields come from the summary; `release()` forgets the loaded letter again, so a
    build holds the text of the letters it is rendering only.
    """

    def __init__(
        self,
        fields: dict[str, Any],
        load: Callable[[], dict[str, Any]],
        extra: dict[str, Any] | None = None,
    ) -> None:
        self._extra = extra or {}
        self._fields = {**fields, **self._extra}
        self._load = load
        self._full: dict[str, Any] | None = None

    def with_extra(self, extra: dict[str, Any]) -> LetterData:
        """The same letter with fields added by the site (after the cache: threads, titles)."""
        return LetterData(self._fields, self._load, {**self._extra, **extra})

    def full(self) -> dict[str, Any]:
        if self._full is None:
            self._full = {**self._load(), **self._extra}
        return self._full

    def __getitem__(self, key: str) -> Any:
        if self._full is None and key not in LARGE_FIELDS:
            return self._fields[key]
        return self.full()[key]

    def get(self, key: str, default: Any = None) -> Any:
        # Mapping.get, without its call of __getitem__ inside a try: threads, titles and
        # statistics read a few fields of every letter on every build.
        if self._full is None and key not in LARGE_FIELDS:
            return self._fields.get(key, default)
        return self.full().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.full())

    def __len__(self) -> int:
        return len(self.full())

    def release(self) -> None:
        self._full = None


DIMENSIONS: dict[str, dict[str, str]] = {
    "ministerie": {"path": "ministerie", "title": "Ministeries", "one": "Ministerie"},
    "bewindspersoon": {
        "path": "bewindspersoon",
        "title": "Bewindspersonen",
        "one": "Bewindspersoon",
    },
    "kamerlid": {"path": "kamerlid", "title": "Kamerleden", "one": "Kamerlid"},
    "partij": {"path": "partij", "title": "Partijen", "one": "Partij"},
}


class LetterView:
    """A parsed letter with everything its pages and the indexes need.

    Made from a contract object (`LetterView(letter, path)`) or from a cached letter's
    summary (`from_record`): then `data` reads the letter's text from the cache only when a
    page needs it, and `release()` lets it go after the letter's pages are written.

    `__fingerprint__` says what a page showing this letter is made of: the parse (cache key),
    the source path, and what other letters put on its pages (its thread, its title). Anything
    added here that comes from other letters (or from anything but the letter, the register
    and the plugin's code) must be added there too, or pages showing it would not be
    rendered again when it changes.
    """

    def __init__(
        self,
        letter: Mapping[str, Any],
        source_path: str,
        record: LetterRecord | None = None,
        summary: dict[str, Any] | None = None,
    ) -> None:
        if "ministries" not in letter:
            # A contract object from before the register stage (an old export, a test):
            # the register adds its keys here, as the parser's last stage does.
            letter = annotate(dict(letter))
        self.data = letter
        self.record = record
        self._summary = summary
        self.source_path = source_path
        self.id: str = letter["id"]
        self.kind: str = letter["kind"]
        self.kind_label = KIND_LABELS.get(self.kind, self.kind)
        title = letter.get("title")
        # The subject is printed mid-sentence ("over quantumproof encryptie"); as a heading it
        # starts with a capital. The JSON export keeps the text as parsed. Letters without a
        # printed subject get theirs from their thread or a description (titles.py), set by
        # the generator once threads are linked.
        self.title: str = title[:1].upper() + title[1:] if title else self.kind_label
        self.title_source = "header" if title else ""
        self.timeline: Thread | None = None
        # The people lines as plain data (browse.build_groups sets them): made into
        # AskerLine/ResponderLine only when a page shows them (`asker_lines`).
        self._lines: tuple[list[Any], list[Any]] = ([], [])
        self.submitted = _date(letter.get("submitted"))
        self.received = _date(letter.get("received"))
        self.date = self.received or self.submitted
        self.days = (
            (self.received - self.submitted).days if self.received and self.submitted else None
        )
        self.url = letter_permalink(self.id)
        self.save_as = f"brief/{self.id}/index.html"
        self.json_url = f"brief/{self.id}.json"
        self.source_name = source_path.replace("\\", "/").rsplit("/", 1)[-1]
        self.source_url = f"brief/{self.id}/{self.source_name}"
        self.source_is_pdf = self.source_name.lower().endswith(".pdf")
        self.official_url = official_url(self.id)
        self.thread: list[LetterView] = []
        self.groups: dict[str, list[GroupRef]] = {name: [] for name in DIMENSIONS}
        # Fields the site adds to the published letter (display title, thread): add_data.
        self.extra: dict[str, Any] = {}
        # The stamp (sha256) of the file shown as the original (set by the generator).
        self.source_stamp: str | None = None
        self._fingerprint: str | None = None
        if summary is None:
            _ = self._letter_blocks  # a letter that does not follow the contract fails here

    @classmethod
    def from_record(cls, record: LetterRecord, shown: str | None = None) -> LetterView:
        """The view of a cached letter; `shown`: the file shown as the original (the PDF
        of a letter whose source is its XML), else the source."""
        assert record.summary is not None
        summary = record.summary
        data = LetterData(summary["fields"], record.letter)
        return cls(data, shown or record.path, record, summary)

    def add_data(self, extra: dict[str, Any]) -> None:
        """Add fields to the letter as published (its JSON), without loading its text."""
        self.extra.update(extra)
        if isinstance(self.data, LetterData):
            self.data = self.data.with_extra(extra)
        else:
            self.data = {**self.data, **extra}

    def letter(self) -> dict[str, Any]:
        """The whole contract object (loaded from the cache if need be)."""
        return self.data.full() if isinstance(self.data, LetterData) else dict(self.data)

    def release(self) -> None:
        """Forget what was loaded or made from the letter's text (made again on use)."""
        if isinstance(self.data, LetterData):
            self.data.release()
            for name in ("pairs", "_letter_blocks", "description"):
                self.__dict__.pop(name, None)

    def set_lines(self, askers: list[Any], responders: list[Any]) -> None:
        self._lines = (askers, responders)
        self.__dict__.pop("asker_lines", None)
        self.__dict__.pop("responder_lines", None)

    @cached_property
    def asker_lines(self) -> list[AskerLine]:
        from .browse import asker_lines

        return asker_lines(self._lines[0])

    @cached_property
    def responder_lines(self) -> list[ResponderLine]:
        from .browse import responder_lines

        return responder_lines(self._lines[1])

    # --- what is made from the text, on first use ----------------------------------
    @cached_property
    def pairs(self) -> list[Pair]:
        return pairs(self.data)

    @property
    def pair_slugs(self) -> list[str]:
        if self._summary is not None:
            return self._summary["pair_slugs"]
        return [p.slug for p in self.pairs]

    @cached_property
    def description(self) -> str:
        if self._summary is not None:
            return self._summary["description"]
        first = next((p for p in self.pairs if p.question or p.answer), None)
        return plain_excerpt(
            self.data.get("notice") or (first.question or first.answer if first else "") or ""
        )

    @property
    def notice_html(self) -> Markup:
        return self._letter_blocks[0]

    @property
    def blocks(self) -> list[Block]:
        return self._letter_blocks[1]

    @property
    def footnotes(self) -> list[Footnote]:
        return self._letter_blocks[2]

    # --- what pages showing this letter are made of -------------------------------------
    @cached_property
    def content_key(self) -> str:
        """Names the parse: equal keys, equal letters."""
        if self.record is not None:
            return self.record.key
        from .output import fingerprint

        return fingerprint(self.letter())

    def __fingerprint__(self) -> str:
        if self._fingerprint is None:
            from .output import plain_digest

            # Its people lines, group links and added fields are made from the letter and
            # the register (both in content_key and the build's salt); what comes from other
            # letters is its title (a thread's subject) and its thread. All plain data.
            self._fingerprint = plain_digest(
                (
                    self.content_key,
                    self.source_path,
                    self.title,
                    self.title_source,
                    [_member(x) for x in self.thread],
                    _timeline(self.timeline),
                )
            )
        return self._fingerprint

    # --- sorting and display -------------------------------------------------
    @cached_property
    def sort_key(self) -> tuple[dt.date, str]:
        # Made once (its date and id are set once): every list of letters is sorted by it.
        return (self.date or dt.date.min, self.id)

    @property
    def date_text(self) -> str:
        return dutch_date(self.date)

    @property
    def submitted_text(self) -> str:
        return dutch_date(self.submitted)

    @property
    def received_text(self) -> str:
        return dutch_date(self.received)

    @property
    def timeline_label(self) -> str:
        return TIMELINE_LABELS.get(self.kind, self.kind_label)

    def pair_url(self, pair: Pair) -> str:
        return pair_permalink(self.id, pair.slug)

    # --- page content ----------------------------------------------------------
    def _covered_slugs(self, shown: Pair) -> list[str]:
        """Slugs of every label a (possibly combined) answer covers, first label first."""
        slugs: list[str] = []
        for number in shown.answer_numbers or (shown.label,):
            match = next(
                (
                    p.slug
                    for p in self.pairs
                    if p.label == number and p.answer_numbers == shown.answer_numbers
                ),
                None,
            )
            slug = match or label_slug(number)
            if slug not in slugs:
                slugs.append(slug)
        if shown.slug not in slugs:
            slugs.insert(0, shown.slug)
        return slugs

    def _answer_anchor(self, pair: Pair) -> str:
        return f"antwoord-{self._covered_slugs(pair)[0]}"

    def _shown_pair(self, pair: Pair) -> Pair | None:
        """The pair after whose question a combined answer is printed (the last it covers)."""
        for other in self.pairs:
            if (
                other.answer is not None
                and other.answer_is_last
                and other.answer_numbers == pair.answer_numbers
                and other.answer == pair.answer
            ):
                return other
        return None

    @cached_property
    def _letter_blocks(self) -> tuple[Markup, list[Block], list[Footnote]]:
        """Notice, question/answer blocks and footnotes, sharing one set of footnote refs."""
        known = [f["number"] for f in self.data.get("footnotes", [])]
        refs = FootnoteRefs(known)
        notice = text_to_html(self.data.get("notice"), refs)
        blocks: list[Block] = []
        used: set[str] = set()
        for pair in self.pairs:
            if pair.question is not None:
                note = None
                if pair.answer is not None and not pair.answer_is_last:
                    shown = self._shown_pair(pair)
                    if shown is not None:
                        labels = dutch_list(shown.answer_numbers)
                        note = Markup(
                            '<p class="note">Deze vraag wordt samen met andere beantwoord: '
                            f'<a href="#{self._answer_anchor(shown)}">antwoord {labels}</a>.</p>'
                        )
                elif pair.answer is None and self.kind == "answer":
                    note = Markup(
                        '<p class="note">In deze brief staat geen antwoord op deze vraag.</p>'
                    )
                blocks.append(
                    Block(
                        kind="question",
                        anchor=f"vraag-{pair.slug}",
                        heading=f"Vraag {pair.label}",
                        html=text_to_html(pair.question, refs),
                        pair_url=self.pair_url(pair),
                        note_html=note,
                    )
                )
                used.add(f"vraag-{pair.slug}")
            if pair.answer is not None and (pair.answer_is_last or pair.question is None):
                slugs = self._covered_slugs(pair)
                anchors = [f"antwoord-{s}" for s in slugs if f"antwoord-{s}" not in used]
                used.update(anchors)
                if not anchors:
                    continue
                numbers = pair.answer_numbers or (pair.label,)
                blocks.append(
                    Block(
                        kind="answer",
                        anchor=anchors[0],
                        extra_anchors=anchors[1:],
                        heading="Antwoord " + dutch_list(numbers),
                        html=text_to_html(pair.answer, refs),
                        pair_url=self.pair_url(pair),
                    )
                )
        footnotes = [
            Footnote(f["number"], footnote_to_html(f["text"]), refs.first_ref.get(f["number"]))
            for f in self.data.get("footnotes", [])
        ]
        return notice, blocks, footnotes

    def pair_pages(self) -> list[PairPage]:
        pages = []
        known = {f["number"]: f for f in self.data.get("footnotes", [])}
        for pair in self.pairs:
            refs = FootnoteRefs(known)
            blocks = []
            if pair.question is not None:
                blocks.append(
                    Block(
                        "question",
                        "vraag",
                        f"Vraag {pair.label}",
                        text_to_html(pair.question, refs),
                    )
                )
            if pair.answer is not None:
                numbers = pair.answer_numbers or (pair.label,)
                blocks.append(
                    Block(
                        "answer",
                        "antwoord",
                        "Antwoord " + dutch_list(numbers),
                        text_to_html(pair.answer, refs),
                    )
                )
            elif self.kind == "answer":
                blocks.append(
                    Block(
                        "answer",
                        "antwoord",
                        "Antwoord",
                        Markup(
                            '<p class="note">In deze brief staat geen antwoord op deze vraag.</p>'
                        ),
                    )
                )
            footnotes = [
                Footnote(n, footnote_to_html(known[n]["text"]), refs.first_ref[n])
                for n in refs.cited
            ]
            also = [
                (other.label, self.pair_url(other))
                for other in self.pairs
                if other is not pair
                and pair.answer is not None
                and other.answer_numbers == pair.answer_numbers
                and other.answer == pair.answer
            ]
            kind = "Vraag" if pair.question is not None else "Antwoord"
            pages.append(
                PairPage(
                    letter=self,
                    pair=pair,
                    url=self.pair_url(pair),
                    save_as=f"{self.pair_url(pair)}index.html",
                    title=f"{kind} {pair.label}: {self.title}",
                    description=plain_excerpt(pair.answer or pair.question),
                    blocks=blocks,
                    footnotes=footnotes,
                    also_answers=also,
                )
            )
        return pages


def summarize(letter: dict[str, Any], source_path: str) -> tuple[dict[str, Any], str | None]:
    """What a letter's summary holds (see store.py), and why the letter cannot be shown.

    Runs where the letter was parsed (a worker, in parallel builds): building its view once
    here finds a letter that does not follow the contract before any page is written, as
    building every view up front did.
    """
    from .browse import letter_browse

    fields = {k: v for k, v in letter.items() if k not in LARGE_FIELDS}
    try:
        view = LetterView(letter, source_path)
        summary = {
            "fields": fields,
            "description": view.description,
            "pair_slugs": [p.slug for p in view.pairs],
            # A letter that lost its items (parsers.checks): built, reported, strict fails.
            "empty": empty_letter_problem(letter),
            # Its places on the browse pages and its people lines (the register is in the
            # parser's fingerprint, which names the cache).
            "browse": letter_browse(view, default_register()),
            # Who asked, as threads.py joins letters of one submission by it.
            "askers": sorted(askers_key(view)),
        }
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        return {"fields": fields}, f"does not follow the contract ({type(err).__name__}: {err})"
    return summary, None


def build_groups(letters: list[LetterView]) -> dict[str, list[Group]]:
    """Every index dimension's groups by the register's canonical keys (browse.py)."""
    from .browse import build_groups as canonical_groups

    return canonical_groups(letters)


def link_threads(
    letters: list[LetterView],
    sidecar_links: list[tuple[str | None, list[str]]] | None = None,
    as_of: dt.date | None = None,
) -> None:
    """Put questions, postponement notices and answers about the same questions on one timeline.

    Sets every letter's ``timeline`` (threads.Thread, a lone letter included) and ``thread``
    (the letters of its thread in order, empty when it is alone); see threads.py for the
    evidence used.
    """
    threads = link(letters, sidecar_links or (), as_of)
    for letter in letters:
        letter.timeline = threads[letter.id]
        members = letter.timeline.letters
        letter.thread = members if len(members) > 1 else []
