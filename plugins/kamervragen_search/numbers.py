"""Parliamentary numbers as printed, indexed so that every way of typing them finds them.

Letters cite the same document as "Kamerstukken II 2023/24, 35 925, nr. 12", "Kamerstuk
35925-12" or "kst-35925-12", and readers type any of these, or "35925". lunr splits words on
spaces and hyphens, so "35 925" is two words and "kst-35925-12" three. At index time the
text gets extra words (``extra_words``), placed at the position of the number they come
from; the browser rewrites the same printed forms in a query to the same words
(``theme/static/js/search-query.js``, ``normalizeNumbers``), and a test holds both sides to
each other:

- a dossier number printed in groups ("35 925", "21 501") also as one word: "35925";
- a reference to one Kamerstuk (dossier, optional sub-number or roman part, "nr." number) as
  one word "kst<dossier><part>n<number>": "35 925, nr. 12", "35925-12", "kst-35925-12" all
  give "kst35925n12"; "21 501-07, nr. 1234" and "kst-21501-07-1234" give "kst2150107n1234";
  "36 200 VIII, nr. 5" gives "kst36200viiin5".

Zaak numbers ("2024Z18439") and plain numbers are single words already.
"""

from __future__ import annotations

import re

# What each of the two patterns below needs somewhere ("35 925", "35925", "1 000"): a text
# without it is not scanned by them (most texts have digits, few have these).
_CANDIDATE = re.compile(r"\d(?: \d{3}|\d{4})")  # (\d \d{3}|\d{5}, 3x faster)
# A dossier number: five digits, or printed "35 925" (two digits, a space, three digits).
_DOSSIER = r"(?<![\d.,])(\d{2}) ?(\d{3})(?![\d.,]\d)"
GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}) (\d{3})(?![\d.,]*\d)")
# "35 925, nr. 12", "35 925 VIII, nr. 5", "21 501-07, nr. 1234", "35925-12", "kst-35925-12",
# "kst-21501-07-1234", "kst-36200-VIII-5".
KAMERSTUK = re.compile(
    r"(?:\bkst-)?" + _DOSSIER + r"(?:-(\d{2})|[ -]([IVXLC]{1,6}|[A-Z])\b)?"
    r"(?:,? ?(?:nr\.?|nummer) ?|-)(\d{1,4})\b",
    re.IGNORECASE,
)


def kamerstuk_word(dossier: str, part: str | None, number: str) -> str:
    return f"kst{dossier}{(part or '').lower()}n{int(number)}"


def extra_words(text: str) -> list[tuple[int, str]]:
    """(character offset, word) for every number word the text gets besides its own words."""
    if not _CANDIDATE.search(text):
        return []
    found: list[tuple[int, str]] = []
    for match in GROUPED.finditer(text):
        found.append((match.start(), match.group(1) + match.group(2)))
    for match in KAMERSTUK.finditer(text):
        dossier = match.group(1) + match.group(2)
        part = match.group(3) or match.group(4)
        found.append((match.start(1), kamerstuk_word(dossier, part, match.group(5))))
    found.sort()
    return found
