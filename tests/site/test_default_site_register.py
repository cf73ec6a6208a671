"""The default site (all of content/) built for real: one index entry per canonical thing.

Issue 8's "done when": no party, ministry or person under two spellings or with OCR debris,
a real title on every letter. Checked on the built pages, with the register as the judge of
what is "the same thing" and without reusing the site's own grouping code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_fixture import CONTENT, build

from parsers.register import default_register
from parsers.register.normalize import fold

REG = default_register()
# What a name on an index page may contain; OCR debris (&, », *, digits) may not.
CLEAN_NAME = re.compile(r"^(?:[^\W\d_]|['’.\- ])+$")
HONORIFIC = re.compile(r"^(?:de heer|heer|heren|mevrouw|lid|leden)\b", re.IGNORECASE)
RUN_TOGETHER = re.compile(r"[a-zà-ÿ][A-ZÀ-Ý]")
LINE_BREAK_HYPHEN = re.compile(r"[a-zà-ÿ]-[a-zà-ÿ]")


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("default")
    build(CONTENT, root / "output", root / "cache", KAMERVRAGEN_BUILD_DATE="2024-12-01")
    return root / "output"


def _entries(site: Path, dimension: str) -> list[tuple[str, str, str]]:
    """(name, detail, url) of every entry on an overview page."""
    soup = BeautifulSoup(
        (site / dimension / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    found = []
    for item in soup.select("ul.group-list li"):
        link = item.find("a")
        detail = item.find(class_="detail")
        found.append((link.get_text(), detail.get_text() if detail else "", link["href"]))
    return found


def test_parties_one_entry_each_all_known(default_site: Path) -> None:
    keys = []
    for name, _, url in _entries(default_site, "partij"):
        party = REG.party(name)
        assert party is not None, f"party {name!r} is not in the register"
        assert url.rstrip("/").endswith(party.key)
        keys.append(party.key)
    assert len(keys) == len(set(keys)) and len(keys) >= 20


def test_ministries_one_entry_each_no_ocr_debris(default_site: Path) -> None:
    names = [name for name, _, _ in _entries(default_site, "ministerie")]
    official = {m.name for m in REG.ministries.values()}
    assert set(names) <= official, set(names) - official
    assert len({fold(n) for n in names}) == len(names)


@pytest.mark.parametrize("dimension", ["kamerlid", "bewindspersoon"])
def test_people_one_entry_each_no_ocr_debris(default_site: Path, dimension: str) -> None:
    entries = _entries(default_site, dimension)
    assert len(entries) > 50
    seen: dict[tuple[str, str], str] = {}
    for name, detail, url in entries:
        assert CLEAN_NAME.match(name), f"{dimension}: debris in {name!r}"
        assert not HONORIFIC.match(name), name
        assert not RUN_TOGETHER.search(name), name
        assert not LINE_BREAK_HYPHEN.search(name.replace("-van ", " ").replace("-de ", " ")), name
        surname = fold(name.split()[-1])
        party_or_role = detail if dimension == "kamerlid" else ""
        key = (surname, party_or_role)
        if dimension == "kamerlid":
            # Same surname and party: the same person unless the register says otherwise.
            assert key not in seen or "van" in fold(name), (name, seen.get(key))
        seen[key] = url
    # Printed forms of one person on one page: Hirsch Ballin / Hirsch-Ballin, Faber forms.
    names = [n for n, _, _ in entries]
    if dimension == "bewindspersoon":
        assert names.count("Ernst Hirsch Ballin") == 1 and names.count("Marjolein Faber") == 1
        assert {"Gerard Veldkamp", "Caspar Veldkamp"} <= set(names)


def test_every_letter_of_the_default_site_has_a_real_title(default_site: Path) -> None:
    letters = [json.loads(p.read_text(encoding="utf-8")) for p in default_site.glob("brief/*.json")]
    assert len(letters) == 133  # 131 real letters and the 2 SYNTHETIC .docx in content/docx
    for letter in letters:
        title = letter["display_title"]
        assert letter["id"] not in title, letter["id"]
        assert title not in ("Antwoord", "Vragen", "Mededeling"), letter["id"]
        if letter["display_title_source"] == "header":
            assert fold(title) == fold(letter["title"])
        else:
            assert len(title.split()) >= 3, letter["id"]
        page = BeautifulSoup(
            (default_site / "brief" / letter["id"] / "index.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        assert page.h1.get_text() == title


def test_statistics_and_csv_on_the_default_site(default_site: Path) -> None:
    csv_text = (default_site / "statistiek" / "antwoordtijden.csv").read_text(encoding="utf-8")
    header, *rows = csv_text.splitlines()
    assert header.startswith("ministerie,ministerie_naam,jaar,antwoorden,met_termijn,mediaan_dagen")
    years = {row.split(",")[2] for row in rows if not row.startswith("alle")}
    assert {"1994", "2024"} <= years
