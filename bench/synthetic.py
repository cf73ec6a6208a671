"""SYNTHETIC letters for benchmarks: realistic PDF-text (pdftotext-style) Aanhangsel letters.

    .venv/bin/python bench/synthetic.py N OUTDIR [--seed S] [--start K] [--check]

Writes OUTDIR/synthetic-<n>.txt for n = K .. K+N-1. The benchmarks need archives far larger
than the real corpus, laid out the way real letters are (masthead, header sentence, "Vraag"/
"Antwoord" blocks, combined answers, footnote markers glued after "?", footnote bodies above
the page footer, colophon), so that the parser and the site do the same work per letter as
on real input. Sentences, titles and footnote texts are sampled from the real letters'
golden files in tests/fixtures, so the vocabulary is real; the combinations are not.

Nothing here may pass for an official document:
- the first line says SYNTHETIC (the parser keeps it as header text, see `--check`);
- file names are `synthetic-<n>.txt` and the text carries no `ah-tk-<session>-<nr>` id,
  so `parsers.metadata.letter_id` falls back to the file name: id `synthetic-<n>`;
- the colophon leaves out the line real letters print as `ah-tk-20232024-<nr>`: the parser
  drops that line as furniture only in its official form, and an `ah-tk-synthetic-<n>` line
  would end up in the text of the answer it interrupts (and on the site and in search);
- askers and ministers have made-up names.

Output is deterministic: one `random.Random(seed * 1_000_003 + n)` per letter, so letter n is
the same whatever N or K, and adding one letter to an archive leaves the others unchanged
(which the site rebuild benchmark relies on).

Dates: the archive grows as the real one does, about ``LETTERS_A_YEAR`` letters a year (the
Tweede Kamer answers ~3,000), so letter n is asked about n / 3,000 years after
``FIRST_DAY``, give or take ``JITTER_DAYS``: 100,000 letters span 33 years, about nine
letters a day, as many as a real archive holds on a day. (Until 2026-12-01 every letter fell
in one year: 277 letters a day at 100,000.) ``among=N`` gives letter n a random date within
the span of letters 1..N instead: a letter filled in later, dated among the others.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# Formats whose text is clean enough to sample from (pypdf glues words, OCR mangles them).
VOCABULARY_FORMATS = ("pdftotext", "misc", "seed", "word-text", "pdf")

SYNTHETIC_LINE = (
    "SYNTHETIC – synthetische testbrief van bench/synthetic.py (nr. {n}); geen echt Kamerstuk"
)
LETTERS_A_YEAR = 3000
FIRST_DAY = dt.date(1993, 1, 4)
JITTER_DAYS = 45
WIDTH = 76  # pdftotext line width of the Aanhangsel's one-column layout
PAGE_LINES = 52  # text lines on a page before its footnotes and footer

MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
PARTIES = (
    "VVD",
    "D66",
    "PVV",
    "CDA",
    "SP",
    "GroenLinks-PvdA",
    "ChristenUnie",
    "SGP",
    "PvdD",
    "DENK",
    "Volt",
    "JA21",
    "BBB",
    "Nieuw Sociaal Contract",
)
# Made-up surnames: a generator must not put words in real members' or ministers' mouths.
SURNAME_PARTS = (
    ("Van ", "De ", "Ter ", "Van der ", "", "", "", "", ""),
    (
        "Aal",
        "Berk",
        "Dolm",
        "Eeke",
        "Frel",
        "Gors",
        "Harm",
        "Ilse",
        "Jorr",
        "Kwak",
        "Lent",
        "Mosk",
        "Noor",
        "Olde",
        "Pleun",
        "Rijn",
        "Sten",
        "Toor",
        "Uil",
        "Velt",
        "Wiel",
        "Zand",
    ),
    ("ema", "huis", "ink", "kamp", "stra", "dijk", "man", "veld", "beek", "horst", "ing"),
)
PORTFOLIOS = (
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Justitie en Veiligheid",
    "Volksgezondheid, Welzijn en Sport",
    "Onderwijs, Cultuur en Wetenschap",
    "Infrastructuur en Waterstaat",
    "Economische Zaken en Klimaat",
    "Financiën",
    "Buitenlandse Zaken",
    "Sociale Zaken en Werkgelegenheid",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Defensie",
    "Volkshuisvesting en Ruimtelijke Ordening",
)
MASTHEAD = (
    "Tweede Kamer der Staten-Generaal\n\nVergaderjaar {session}\n\n{pages}\n\n"
    "Aanhangsel van de Handelingen\n\n"
    "Vragen gesteld door de leden der Kamer, met de daarop door de\n"
    "regering gegeven antwoorden\n\n{number}"
)
FOOTER = "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel"
COLOPHON = "ISSN 0921 - 7398\n’s-Gravenhage {year}"


@dataclass(frozen=True)
class Vocabulary:
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    titles: tuple[str, ...]
    footnotes: tuple[str, ...]


_SENTENCE_SPLIT = re.compile(r"(?<=[.?!])\s+(?=[A-ZÀ-Ý«‘(])")
# Sentences the parser would read as more than text once placed in another letter: labels,
# ids, page furniture, and footnote markers (glued to a word or a year, list numbers) whose
# bodies stayed behind in the letter they came from.
_UNSAFE = re.compile(
    r"\[\^|\[\d|\d\)|https?:|www\.|ah-tk|kv-tk|Kamer, vergad|Aanhangsel|ISSN|Gravenhage"
    r"|\b(?:Vra(?:ag|gen)|Antwoord(?:en)?)\s+\d|\n|•|^\W|\d{4}Z\d{5}"
    r"|[a-zà-ÿ»”’)?.!,]\d{1,2}\b|\b(?:19|20)\d{3}\b|\s\d{1,2}\.(?:\s|$)",
    re.I,
)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(re.sub(r"\s+", " ", text)) if s.strip()]


def _usable(sentence: str) -> bool:
    return 30 <= len(sentence) <= 320 and not _UNSAFE.search(sentence)


@functools.cache
def vocabulary() -> Vocabulary:
    """Sentences from the golden files: parsed text, free of the source's furniture."""
    questions: set[str] = set()
    answers: set[str] = set()
    titles: set[str] = set()
    footnotes: set[str] = set()
    for fmt in VOCABULARY_FORMATS:
        for path in sorted((FIXTURES / fmt).glob("*.expected.json")):
            letter = json.loads(path.read_text(encoding="utf-8"))
            for q in letter.get("questions") or []:
                questions.update(s for s in _sentences(q["text"]) if s.endswith("?") and _usable(s))
            for a in letter.get("answers") or []:
                answers.update(s for s in _sentences(a["text"]) if s.endswith(".") and _usable(s))
            title = letter.get("title")
            if title and 10 <= len(title) <= 160 and "(" not in title and "\n" not in title:
                titles.add(title)
            for note in letter.get("footnotes") or []:
                text = re.sub(r"\s+", " ", note.get("text") or "").strip()
                if 10 <= len(text) <= 200 and re.match(r"[A-Zh]", text) and "ah-tk" not in text:
                    footnotes.add(text)
    # Most titles are "het bericht «<headline>»"; a dozen real titles would repeat too often.
    titles.update(
        f"het bericht «{s.rstrip('.')}»" for s in answers if len(s) <= 90 and "«" not in s
    )
    if not (questions and answers and titles and footnotes):
        raise SystemExit(f"no vocabulary: no golden files under {FIXTURES}")
    return Vocabulary(
        tuple(sorted(questions)),
        tuple(sorted(answers)),
        tuple(sorted(titles)),
        tuple(sorted(footnotes)),
    )


def _name(rng: random.Random) -> str:
    prefix, stem, suffix = (rng.choice(part) for part in SURNAME_PARTS)
    return f"{prefix}{stem}{suffix}"


def _date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _session(day: dt.date) -> str:
    """The parliamentary year (from September) a letter was answered in."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}–{first + 1}"


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False)


@dataclass
class _Letter:
    """Lines of the letter body plus, per line, the footnotes whose markers it carries."""

    lines: list[str]
    notes: list[list[tuple[int, str]]]

    def add(self, text: str, notes: list[tuple[int, str]] | None = None) -> None:
        wrapped = _wrap(text)
        self.lines.extend(wrapped)
        self.notes.extend([] for _ in wrapped)
        if notes:
            self.notes[-1].extend(notes)

    def label(self, text: str) -> None:
        self.lines.append(text)
        self.notes.append([])


def _submitted(n: int, rng: random.Random, among: int | None) -> dt.date:
    # Both drawn either way: the rest of the letter is the same with or without ``among``.
    jitter = rng.randrange(-JITTER_DAYS, JITTER_DAYS + 1)
    place = rng.random()
    if among is not None:
        return FIRST_DAY + dt.timedelta(days=int(place * (among * 365 // LETTERS_A_YEAR)))
    return FIRST_DAY + dt.timedelta(days=max(0, n * 365 // LETTERS_A_YEAR + jitter))


def generate(n: int, seed: int = 0, among: int | None = None) -> tuple[str, dict[str, int]]:
    """Letter n as pdftotext would print it, and the counts the parser should find.

    among: a letter dated at random among letters 1..among (see the module's doc).
    """
    rng = random.Random(seed * 1_000_003 + n)
    vocab = vocabulary()
    footnote_number = 0

    portfolio = rng.choice(PORTFOLIOS)
    role = rng.choice(("minister", "minister", "minister", "staatssecretaris"))
    askers = [f"{_name(rng)} ({rng.choice(PARTIES)})" for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    who = (
        f"het lid {askers[0]}"
        if len(askers) == 1
        else "de leden " + ", ".join(askers[:-1]) + " en " + askers[-1]
    )
    submitted = _submitted(n, rng, among)
    received = submitted + dt.timedelta(days=rng.randrange(14, 90))
    header = (
        f"Vragen van {who} aan de {role.capitalize()} van {portfolio} over "
        f"{rng.choice(vocab.titles)} (ingezonden {_date(submitted)})."
    )
    answer_header = f"Antwoord van {role} {_name(rng)} ({portfolio}) (ontvangen {_date(received)})."

    body = _Letter([], [])
    n_questions = rng.randint(3, 14)
    n_answers = 0
    number = 1
    while number <= n_questions:
        # A combined answer ("Antwoord 3 en 4") for about one pair in six.
        group = [number]
        if number < n_questions and rng.random() < 0.17:
            group.append(number + 1)
        for q in group:
            body.label(f"Vraag {q}")
            text = " ".join(rng.sample(vocab.questions, rng.choice((1, 1, 1, 2))))
            notes: list[tuple[int, str]] = []
            if rng.random() < 0.3:
                footnote_number += 1
                text += str(footnote_number)  # marker glued after "?", as pdftotext prints it
                notes.append((footnote_number, rng.choice(vocab.footnotes)))
            body.add(text, notes)
        body.label("Antwoord " + " en ".join(map(str, group)))
        n_answers += 1
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            body.add(" ".join(rng.sample(vocab.answers, rng.randint(1, 5))))
        number += len(group)

    pages: list[list[str]] = []
    page_notes: list[list[tuple[int, str]]] = []
    for start in range(0, len(body.lines), PAGE_LINES):
        pages.append(body.lines[start : start + PAGE_LINES])
        page_notes.append(
            [note for notes in body.notes[start : start + PAGE_LINES] for note in notes]
        )

    parts = [
        SYNTHETIC_LINE.format(n=n),
        "",
        MASTHEAD.format(pages=len(pages), number=n, session=_session(received)),
        "\n".join(_wrap(header)),
        "\n".join(_wrap(answer_header)),
    ]
    for index, (page, notes) in enumerate(zip(pages, page_notes, strict=True), start=1):
        parts.append("\n".join(page))
        for i, (marker, note) in enumerate(notes):
            parts.append(f"{'' if i else chr(10)}{marker}\n" + "\n".join(_wrap(note)))
        if index == 1:
            parts.append("\n" + COLOPHON.format(n=n, year=received.year))
        parts.append(f"\n{FOOTER}\n\n{index}\n")
    text = "\n".join(parts) + "\n"
    return text, {
        "questions": n_questions,
        "answers": n_answers,
        "footnotes": footnote_number,
    }


def markdown(n: int, seed: int = 0) -> str:
    """Letter n as a plain Pelican Markdown article, for the bare-Pelican baseline build.

    Same words as the letter file (so both builds turn the same amount of text into HTML),
    with the labels as their own paragraphs; Pelican reads title and date from the header.
    """
    text, _ = generate(n, seed)
    flat = re.sub(r"\s+", " ", text)
    title = re.search(r" over (.+?) \(ingezonden", flat)
    submitted = re.search(r"\(ingezonden (\d+) (\w+) (\d{4})\)", flat)
    assert title and submitted, f"letter {n} has no header"
    day, month, year = int(submitted[1]), MONTHS.index(submitted[2]) + 1, int(submitted[3])
    body = re.sub(r"^(?:Vraag|Antwoord) [\d en]+$", r"\n**\g<0>**\n", text, flags=re.M)
    return (
        f"Title: SYNTHETIC {n}: {title[1]}\nDate: {year}-{month:02d}-{day:02d}\n"
        f"Category: vragen\nSlug: synthetic-{n}\n\n{body}"
    )


def file_name(n: int) -> str:
    return f"synthetic-{n}.txt"


def write(
    count: int, outdir: Path, seed: int = 0, start: int = 1, among: int | None = None
) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        text, _ = generate(n, seed, among)
        path = outdir / file_name(n)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def check(paths: list[Path], seed: int = 0) -> list[str]:
    """Parse each file; the parser must find the SYNTHETIC id and the generated structure."""
    sys.path.insert(0, str(ROOT))
    from parsers import parse_file

    problems = []
    for path in paths:
        n = int(path.stem.removeprefix("synthetic-"))
        _, expected = generate(n, seed)
        letter = parse_file(path)
        found = {
            "questions": len(letter["questions"]),
            "answers": len(letter["answers"]),
            "footnotes": len(letter["footnotes"]),
        }
        if letter["id"] != path.stem:
            problems.append(f"{path.name}: id {letter['id']!r}, expected {path.stem!r}")
        if found != expected:
            problems.append(f"{path.name}: parsed {found}, generated {expected}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of letters")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=1, help="number of the first letter")
    parser.add_argument(
        "--among", type=int, help="date the letters at random among letters 1..AMONG"
    )
    parser.add_argument(
        "--check", action="store_true", help="parse every letter and compare its structure"
    )
    args = parser.parse_args(argv)
    paths = write(args.count, args.outdir, args.seed, args.start, args.among)
    print(f"wrote {len(paths)} SYNTHETIC letters to {args.outdir}")
    if args.check:
        problems = check(paths, args.seed)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"checked {len(paths)}: {len(problems)} problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
