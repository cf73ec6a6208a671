"""Threads, titles, redirects and /statistiek/ in a real Pelican build (TEST DATA threads)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_fixture import CONTENT, build
from site_linkcheck import broken_links
from thread_fixture import (
    ANSWER_ID,
    LATER_ID,
    NOTICE_ID,
    UNLINKED_ID,
    ZAAK,
    write_sidecar,
    write_thread,
)

QUESTION_ID = f"kv-tk-{ZAAK}"
EXTRA = [
    "word-text/kv-tk-2024Z18882.txt",  # unanswered question letter
    "word-text/kv-tk-2024Z18883.txt",  # joined to 616 by the sidecar only
    "word-text/ah-tk-20242025-616.txt",
    "seed/000_59376d724bb89b96.txt",  # no subject line: a described title
    "ocr-sgd/sgd-0000173741_ek_1978-1979.txt",  # P.v.d.A. and heerTummers: redirects
]


def _content(root: Path) -> Path:
    content = root / "content"
    for rel in EXTRA:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CONTENT / rel, content / rel)
    write_thread(content)
    write_sidecar(content, "2024Z15900", ["kv-tk-2024Z18883", "ah-tk-20242025-616"])
    return content


@pytest.fixture(scope="module")
def thread_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("threads")
    build(_content(root), root / "output", root / "cache", KAMERVRAGEN_BUILD_DATE="2024-12-01")
    return root / "output"


def _json(site: Path, letter_id: str) -> dict:
    return json.loads((site / "brief" / f"{letter_id}.json").read_text(encoding="utf-8"))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_question_notice_answer_and_later_answer_form_one_thread(thread_site: Path) -> None:
    ids = [QUESTION_ID, NOTICE_ID, ANSWER_ID, LATER_ID]
    threads = [_json(thread_site, i)["thread"] for i in ids]
    assert all(t == threads[0] for t in threads)
    thread = threads[0]
    assert thread["key"] == ZAAK
    assert [d["id"] for d in thread["documents"]] == ids
    assert thread["submitted"] == "2024-01-16" and thread["answered"] == "2024-03-07"
    assert thread["days"] == 51 and thread["postponements"] == 1


def test_letter_page_shows_the_timeline_with_days(thread_site: Path) -> None:
    soup = _soup(thread_site / "brief" / ANSWER_ID / "index.html")
    steps = [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select(".timeline li")]
    assert len(steps) == 4
    assert "Vragen ingezonden" in steps[0] and "16 januari 2024" in steps[0]
    assert "Uitstel gemeld" in steps[1] and "na 21 dagen" in steps[1]
    assert "Beantwoord" in steps[2] and "(deze pagina)" in steps[2] and "na 51 dagen" in steps[2]
    assert "Nader antwoord" in steps[3] and "na 65 dagen" in steps[3]
    links = [a["href"] for a in soup.select(".timeline a")]
    assert links == [
        f"../../brief/{QUESTION_ID}/",
        f"../../brief/{NOTICE_ID}/",
        f"../../brief/{LATER_ID}/",
    ]
    assert broken_links(thread_site) == []


def test_unanswered_question_counts_days_to_the_build_date(
    thread_site: Path, tmp_path: Path
) -> None:
    soup = _soup(thread_site / "brief" / UNLINKED_ID / "index.html")
    text = " ".join(soup.select_one(".timeline").get_text(" ", strip=True).split())
    assert "Nog niet beantwoord, 11 dagen" in text  # 20 november -> 1 december 2024
    assert "1 december 2024" in text
    # Another build date, another count: the page depends on the setting, not on the clock.
    build(
        _content(tmp_path),
        tmp_path / "out",
        tmp_path / "cache",
        KAMERVRAGEN_BUILD_DATE="2025-01-20",
    )
    later = _soup(tmp_path / "out" / "brief" / UNLINKED_ID / "index.html")
    assert "Nog niet beantwoord, 61 dagen" in later.select_one(".timeline").get_text(" ")


def test_sidecar_links_letters_that_share_nothing_else(thread_site: Path) -> None:
    thread = _json(thread_site, "ah-tk-20242025-616")["thread"]
    assert [d["id"] for d in thread["documents"]] == ["kv-tk-2024Z18883", "ah-tk-20242025-616"]
    assert _json(thread_site, "kv-tk-2024Z18883")["thread"] == thread
    # Without the sidecar they are separate (different zaak numbers, different askers).
    assert len(_json(thread_site, "kv-tk-2024Z18882")["thread"]["documents"]) == 1


def test_every_letter_has_a_real_title(thread_site: Path) -> None:
    later = _json(thread_site, LATER_ID)
    assert later["title"] is None  # the contract keeps what the letter prints
    assert later["display_title"] == "Quantumproof encryptie"
    assert later["display_title_source"] == "thread"
    seed = _json(thread_site, "000_59376d724bb89b96")
    assert seed["display_title_source"] == "description"
    assert "Pegasus-software" in seed["display_title"] and "Ollongren" in seed["display_title"]
    page = _soup(thread_site / "brief" / "000_59376d724bb89b96" / "index.html")
    assert page.title.string.startswith(seed["display_title"])
    pair = _soup(thread_site / "brief" / "000_59376d724bb89b96" / "1" / "index.html")
    assert seed["display_title"] in pair.title.string
    for path in thread_site.glob("brief/*.json"):
        letter = json.loads(path.read_text(encoding="utf-8"))
        assert letter["id"] not in letter["display_title"]
        assert letter["display_title"] not in ("Antwoord", "Vragen", "Mededeling")


def test_old_slugs_redirect_to_the_canonical_page(thread_site: Path) -> None:
    redirect = _soup(thread_site / "partij" / "p-v-d-a" / "index.html")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
        "url=../../partij/pvda/"
    )
    assert redirect.find("link", rel="canonical")["href"] == "../../partij/pvda/"
    assert (thread_site / "partij" / "pvda" / "index.html").is_file()
    # printed "Tummers" (the parser drops the "heer" the OCR glued to it: "heerTummers")
    person = _soup(thread_site / "kamerlid" / "tummers" / "index.html")
    assert person.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
        "url=../../kamerlid/tummers-pvda/"
    )
    overview = _soup(thread_site / "partij" / "index.html")
    names = [a.get_text() for a in overview.select("ul.group-list a")]
    assert "PvdA" in names and "P.v.d.A." not in names


def test_statistics_page_csv_and_charts_agree_with_the_threads(thread_site: Path) -> None:
    page = _soup(thread_site / "statistiek" / "index.html")
    assert page.find("table") is not None and page.find("script") is None
    rows = list(
        csv.DictReader(
            io.StringIO(
                (thread_site / "statistiek" / "antwoordtijden.csv").read_text(encoding="utf-8")
            )
        )
    )
    total = next(r for r in rows if r["ministerie"] == "alle" and r["jaar"] == "alle")
    # Recompute from the published threads, one per set of questions.
    threads = {}
    for path in thread_site.glob("brief/*.json"):
        letter = json.loads(path.read_text(encoding="utf-8"))
        threads[letter["thread"]["key"]] = letter["thread"]
    answered = [t for t in threads.values() if any(d["kind"] == "answer" for d in t["documents"])]
    days = [t["days"] for t in answered if t["days"] is not None]
    assert int(total["antwoorden"]) == len(answered)
    assert float(total["mediaan_dagen"]) == statistics.median(days)
    assert int(total["uitstelberichten"]) == sum(t["postponements"] for t in threads.values())
    bzk = next(
        r
        for r in rows
        if r["ministerie"] == "binnenlandse-zaken-en-koninkrijksrelaties" and r["jaar"] == "2024"
    )
    assert int(bzk["antwoorden"]) >= 1 and int(bzk["uitstelberichten"]) == 1
    assert int(total["open"]) == 1  # kv-tk-2024Z18882; 18883 is answered through the sidecar
    for name in ("mediaan-per-ministerie.svg", "mediaan-per-jaar.svg"):
        svg = ET.parse(thread_site / "statistiek" / name).getroot()
        assert svg.tag.endswith("svg") and svg.find("{http://www.w3.org/2000/svg}rect") is not None
