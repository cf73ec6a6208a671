"""Answer times per ministry and per year (/statistiek/): table, CSV and static SVG charts.

Counted per thread (one set of questions), not per letter, so a postponement notice and a
later answer are one case:

- an **answer** counts in the year its first answer was received, under the ministry that
  answered (the first responder's); its time is ingezonden → ontvangen in days, when both
  dates are known (from the answer's header or from the question letter in its thread);
- **postponements** are the notices in the archive (a Mededeling that the answer will be
  late), counted in the year and under the ministry of the notice;
- **open questions** are question letters without an answer in the archive, by age on the
  build date (KAMERVRAGEN_BUILD_DATE / SOURCE_DATE_EPOCH), under the ministry addressed.

The charts are SVG written at build time: they need no script, and the same figures are in
the table and the CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics as stats
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from .threads import TERM_DAYS

if TYPE_CHECKING:
    from .model import LetterView
    from .threads import Thread

SIX_WEEKS = 42
AGE_BUCKETS = (
    ("tot 3 weken", 0, TERM_DAYS),
    ("3 tot 6 weken", TERM_DAYS + 1, SIX_WEEKS),
    ("6 weken tot 3 maanden", SIX_WEEKS + 1, 91),
    ("langer dan 3 maanden", 92, None),
)
CSV_COLUMNS = [
    "ministerie",
    "ministerie_naam",
    "jaar",
    "antwoorden",
    "met_termijn",
    "mediaan_dagen",
    "binnen_3_weken",
    "binnen_6_weken",
    "uitstelberichten",
    "open",
]


@dataclass
class Cell:
    """The figures of one ministry in one year (or in all years: year None)."""

    ministry: str
    name: str
    year: int | None
    answers: int = 0
    days: list[int] = field(default_factory=list)
    postponements: int = 0
    open_ages: list[int] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        # Asked for by the table, the CSV and both charts; each time a sort of up to the
        # archive's every answer time. Made once for the days there are (not a field: the
        # cell's repr, which is its fingerprint, stays as it was).
        memo = self.__dict__.get("_median")
        if memo is None or memo[0] != len(self.days):
            memo = self.__dict__["_median"] = (
                len(self.days),
                stats.median(self.days) if self.days else None,
            )
        return memo[1]

    def share(self, limit: int) -> float | None:
        return sum(1 for d in self.days if d <= limit) / len(self.days) if self.days else None

    @property
    def within_term(self) -> float | None:
        return self.share(TERM_DAYS)

    @property
    def within_six_weeks(self) -> float | None:
        return self.share(SIX_WEEKS)

    def open_by_age(self) -> list[tuple[str, int]]:
        return [
            (label, sum(1 for a in self.open_ages if lo <= a and (hi is None or a <= hi)))
            for label, lo, hi in AGE_BUCKETS
        ]


@dataclass
class Statistics:
    as_of: dt.date
    cells: list[Cell]  # per ministry and year
    by_ministry: list[Cell]  # all years
    by_year: list[Cell]  # all ministries
    total: Cell

    def __fingerprint__(self) -> str:
        """By repr: these dataclasses' reprs show every field (plain data all the way down),
        and hashing the 400,000 day counts of an archive item by item took seconds."""
        from .output import plain_digest

        return plain_digest(self)


def _ministry(letter: LetterView) -> str | None:
    keys = letter.data.get("ministries") or []
    return keys[0] if keys else None


def compute(letters: Iterable[LetterView], as_of: dt.date, names: dict[str, str]) -> Statistics:
    cells: dict[tuple[str, int | None], Cell] = {}
    seen: set[int] = set()

    def cell(ministry: str, year: int | None) -> Cell:
        key = (ministry, year)
        if key not in cells:
            cells[key] = Cell(ministry, names.get(ministry, ministry), year)
        return cells[key]

    def add(ministry: str, year: int, fn) -> None:  # noqa: ANN001 - a Cell -> None callable
        for target in (cell(ministry, year), cell(ministry, None), cell("", year), cell("", None)):
            fn(target)

    for letter in letters:
        thread: Thread | None = letter.timeline
        if letter.kind == "postponement" and letter.date and _ministry(letter):
            add(_ministry(letter), letter.date.year, _inc_postponements)
        if thread is None or id(thread) in seen:
            continue
        seen.add(id(thread))
        answers = [x for x in thread.letters if x.kind == "answer"]
        if answers:
            first = answers[0]
            ministry = _ministry(first)
            day = first.received or first.date
            if ministry and day:
                days = thread.days
                add(ministry, day.year, lambda c, d=days: _add_answer(c, d))
        elif thread.open_days is not None:
            questions = [x for x in thread.letters if x.kind == "questions"]
            if questions and _ministry(questions[0]) and thread.submitted:
                age = thread.open_days
                add(
                    _ministry(questions[0]),
                    thread.submitted.year,
                    lambda c, a=age: c.open_ages.append(a),
                )
    ordered = sorted(cells.values(), key=lambda c: (c.name.casefold(), c.year or 0))
    return Statistics(
        as_of=as_of,
        cells=[c for c in ordered if c.ministry and c.year is not None],
        by_ministry=[c for c in ordered if c.ministry and c.year is None],
        by_year=sorted(
            (c for c in ordered if not c.ministry and c.year is not None), key=lambda c: c.year
        ),
        total=cells.get(("", None)) or Cell("", "", None),
    )


def _inc_postponements(cell: Cell) -> None:
    cell.postponements += 1


def _add_answer(cell: Cell, days: int | None) -> None:
    cell.answers += 1
    if days is not None and days >= 0:
        cell.days.append(days)


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def to_csv(result: Statistics) -> str:
    """Per ministry and year, then per ministry (jaar "alle"), then all ministries per year."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in [*result.cells, *result.by_ministry, *result.by_year, result.total]:
        writer.writerow(
            [
                c.ministry or "alle",
                c.name or "Alle ministeries",
                c.year if c.year is not None else "alle",
                c.answers,
                len(c.days),
                _number(c.median),
                _number(c.within_term, 3),
                _number(c.within_six_weeks, 3),
                c.postponements,
                len(c.open_ages),
            ]
        )
    return out.getvalue()


# --- SVG charts ---------------------------------------------------------------------
_FONT = 'font-family="sans-serif" font-size="12"'


def bar_chart(
    title: str, rows: list[tuple[str, float]], unit: str, marks: Iterable[int] = ()
) -> str:
    """Horizontal bars, one per row, with the value at the end; a dashed line per mark."""
    label_width, bar_width, row_height, top = 290, 360, 22, 34
    height = top + row_height * max(1, len(rows)) + 24
    width = label_width + bar_width + 70
    top_value = max([v for _, v in rows] + list(marks) + [1])
    scale = bar_width / top_value
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t">',
        f'<title id="t">{escape(title)}</title>',
        f'<text x="0" y="18" {_FONT} font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * row_height
        w = max(1.0, value * scale)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 14}" {_FONT} text-anchor="end">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_height - 7}" '
            'fill="#2b5d8a"/>'
        )
        parts.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + 14}" {_FONT}>'
            f"{escape(_short(value))} {escape(unit)}</text>"
        )
    bottom = top + row_height * max(1, len(rows))
    for mark in marks:
        x = label_width + mark * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#b3261e" '
            'stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" {_FONT} text-anchor="middle" fill="#b3261e">'
            f"{mark} dagen</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _short(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def charts(result: Statistics) -> dict[str, str]:
    """File name -> SVG: median days per ministry and per year (only where there are times)."""
    per_ministry = [(c.name, c.median) for c in result.by_ministry if c.median is not None]
    per_year = [(str(c.year), c.median) for c in result.by_year if c.median is not None]
    return {
        "mediaan-per-ministerie.svg": bar_chart(
            "Mediaan dagen tot antwoord, per ministerie",
            sorted(per_ministry, key=lambda r: r[1], reverse=True),
            "dagen",
            marks=(TERM_DAYS, SIX_WEEKS),
        ),
        "mediaan-per-jaar.svg": bar_chart(
            "Mediaan dagen tot antwoord, per jaar",
            per_year,
            "dagen",
            marks=(TERM_DAYS, SIX_WEEKS),
        ),
    }
