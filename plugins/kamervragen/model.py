"""What the templates see: one parsed letter plus the site's view of it (URLs, pairs, groups).

Everything here is derived from the contract object and `parsers.pairs`; nothing re-reads the
letter's text. URLs come from the official id and the printed labels only, so adding letters
never moves an existing page.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from parsers import Pair, label_slug, letter_permalink, pair_permalink, pairs
from parsers.register import annotate

from .render import FootnoteRefs, dutch_list, footnote_to_html, plain_excerpt, text_to_html
from .threads import Thread, link

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


@dataclass
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
    """A parsed letter with everything its pages and the indexes need."""

    def __init__(self, letter: dict[str, Any], source_path: str) -> None:
        if "ministries" not in letter:
            # A contract object from before the register stage (an old export, a test):
            # the register adds its keys here, as the parser's last stage does.
            letter = annotate(letter)
        self.data = letter
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
        self.asker_lines: list[Any] = []
        self.responder_lines: list[Any] = []
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
        self.pairs = pairs(letter)
        self.thread: list[LetterView] = []
        self.groups: dict[str, list[Group]] = {name: [] for name in DIMENSIONS}
        self.notice_html, self.blocks, self.footnotes = self._letter_blocks()
        first = next((p for p in self.pairs if p.question or p.answer), None)
        self.description = plain_excerpt(
            letter.get("notice") or (first.question or first.answer if first else "") or ""
        )

    # --- sorting and display -------------------------------------------------
    @property
    def sort_key(self) -> tuple[dt.date, str]:
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
