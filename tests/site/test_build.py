"""The fixture site as built by Pelican: pages at their documented URLs, anchors, links,
exports, bad letters, escaping, caching."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from site_fixture import BAD_LETTER, SCRIPT_LETTER, count_parses, make_content
from site_linkcheck import broken_links

from parsers import SCHEMA_PATH, label_slug, pairs

SCHEMA = json.loads(Path(SCHEMA_PATH).read_text(encoding="utf-8"))


def _letters(output: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(output.glob("brief/*.json"))]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_letter_and_pair_page_at_its_url(site: Path) -> None:
    letters = _letters(site)
    ids = {x["id"] for x in letters}
    assert {"000_59376d724bb89b96", "ah-tk-20232024-1178", "ah-tk-20232024-387"} <= ids
    assert len(letters) == 6  # five real letters and the invented one with <script>
    for letter in letters:
        base = site / "brief" / letter["id"]
        assert (base / "index.html").is_file()
        for pair in pairs(letter):
            assert (base / pair.slug / "index.html").is_file(), (letter["id"], pair.slug)


def test_question_and_answer_anchors(site: Path) -> None:
    letters = _letters(site)
    assert len(letters) == 6
    for letter in letters:
        ids = {
            t["id"] for t in _soup(site / "brief" / letter["id"] / "index.html").find_all(id=True)
        }
        for pair in pairs(letter):
            if pair.question is not None:
                assert f"vraag-{pair.slug}" in ids
        for answer in letter["answers"]:
            for number in answer["numbers"]:
                assert f"antwoord-{label_slug(number)}" in ids, (letter["id"], number)


def test_combined_answer_shown_once_after_last_question(site: Path) -> None:
    soup = _soup(site / "brief" / "000_59376d724bb89b96" / "index.html")
    headings = [h.get_text() for h in soup.find_all("h3")]
    assert headings.count("Antwoord 3 en 4") == 1
    assert headings.index("Antwoord 3 en 4") == headings.index("Vraag 4") + 1
    question3 = soup.find(id="vraag-3")
    assert question3.find("a", href="#antwoord-3") is not None
    assert soup.find(id="antwoord-4") is not None


def test_every_internal_link_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_link_checker_reports_each_kind_of_broken_link(tmp_path: Path) -> None:
    """The check above is only as good as the checker: it must see every kind of break."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here">a</p>', encoding="utf-8")
    links = ["a/#here", "a/#gone", "b/", "/a/", "../outside.html", "https://example.org/x"]
    anchors = "".join(f'<a href="{href}">x</a>' for href in links)
    (tmp_path / "index.html").write_text(anchors, encoding="utf-8")
    assert broken_links(tmp_path) == [
        "index.html: a/#gone (no id 'gone')",
        "index.html: b/ (no such file)",
        "index.html: /a/ (root-relative link breaks on sub-folder hosts)",
        "index.html: ../outside.html (outside the site)",
    ]


def test_source_file_and_official_link(site: Path) -> None:
    assert (site / "brief" / "ah-tk-20232024-1178" / "ah-tk-20232024-1178.pdf").is_file()
    soup = _soup(site / "brief" / "ah-tk-20232024-1178" / "index.html")
    assert soup.find("a", string="Originele PDF") is not None
    official = soup.find("a", string="Officiële publicatie")
    assert official["href"] == "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-1178.html"
    seed = _soup(site / "brief" / "000_59376d724bb89b96" / "index.html")
    assert seed.find("a", string="Bronbestand") is not None
    assert seed.find("a", string="Officiële publicatie") is None


def test_json_exports_follow_the_contract(site: Path) -> None:
    letters = _letters(site)
    assert len(letters) == 6
    for letter in letters:
        jsonschema.validate(letter, SCHEMA)
        assert not letter["source"].startswith("/")
    lines = (site / "archief.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(letters)
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA)


def test_index_pages(site: Path) -> None:
    for path in [
        "index.html",
        "jaar/index.html",
        "jaar/2024/index.html",
        "jaar/2024/03/index.html",
    ]:
        assert (site / path).is_file(), path
    for dimension in ["ministerie", "bewindspersoon", "kamerlid", "partij"]:
        assert (site / dimension / "index.html").is_file()
    assert (site / "partij" / "d66" / "index.html").is_file()
    # DEFAULT_PAGINATION=2 in the fixture build: six letters make three home pages
    assert (site / "pagina" / "2" / "index.html").is_file()
    assert (site / "pagina" / "3" / "index.html").is_file()
    assert (site / "404.html").is_file()


def test_pair_page_has_canonical_and_description(site: Path) -> None:
    soup = _soup(site / "brief" / "000_59376d724bb89b96" / "3" / "index.html")
    assert soup.find("link", rel="canonical")["href"].endswith("brief/000_59376d724bb89b96/3/")
    assert soup.find("meta", property="og:description")["content"]
    assert soup.find("h2", string="Antwoord 3 en 4") is not None
    whole = soup.select_one("p.whole-letter a")["href"]
    assert whole == "../../../brief/000_59376d724bb89b96/#vraag-3"


def test_source_text_is_escaped(site: Path) -> None:
    letter_id = SCRIPT_LETTER.removesuffix(".txt")
    for page in (site / "brief" / letter_id).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<b>vet</b>" not in html
    html = (site / "brief" / letter_id / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html


def test_no_inline_scripts_or_external_resources(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    scripts = 0
    for page in pages:
        soup = _soup(page)
        for script in soup.find_all("script"):
            scripts += 1
            assert script.get("src") and not script.string, page
        for tag in soup.find_all(True):
            assert not any(attr.startswith("on") for attr in tag.attrs), page
            assert "style" not in tag.attrs, page
        for tag in soup.find_all(["link", "script", "img"]):
            ref = tag.get("href") or tag.get("src") or ""
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not ref.startswith(("http:", "https:", "//")), (page, ref)
        assert soup.html["lang"] == "nl"
    assert scripts, "no page loads a script: the check above checked nothing"


def test_footnote_links_are_http_with_noopener(site: Path) -> None:
    checked = 0
    for page in site.rglob("*.html"):
        for section in _soup(page).select("section.footnotes"):
            for link in section.find_all("a"):
                href = link["href"]
                if href.startswith("#"):
                    continue
                assert href.startswith(("http://", "https://")), (page, href)
                assert "noopener" in link.get("rel", []), (page, href)
                checked += 1
    assert checked, "no footnote links found: the fixture site's PDF letter has several"


def test_bad_letter_is_reported_and_skipped(
    tmp_path: Path, builder, caplog: pytest.LogCaptureFixture
) -> None:
    content = make_content(tmp_path)
    with caplog.at_level(logging.ERROR):
        builder(content, tmp_path / "out", tmp_path / "cache")
    reports = [r.getMessage() for r in caplog.records if BAD_LETTER in r.getMessage()]
    assert reports and "binary" in reports[0]
    assert all(r.exc_info is None for r in caplog.records if BAD_LETTER in r.getMessage())
    assert not (tmp_path / "out" / "brief" / "invented-bad-letter").exists()
    assert (tmp_path / "out" / "brief" / "000_59376d724bb89b96" / "index.html").is_file()


def test_strict_build_fails_on_a_bad_letter(tmp_path: Path, builder) -> None:
    from kamervragen.generator import BadLettersError

    content = make_content(tmp_path)
    with pytest.raises(BadLettersError, match=BAD_LETTER):
        builder(content, tmp_path / "out", tmp_path / "cache", KAMERVRAGEN_STRICT=True)
    (content / "invented" / BAD_LETTER).unlink()
    builder(content, tmp_path / "out", tmp_path / "cache", KAMERVRAGEN_STRICT=True)
    assert (tmp_path / "out" / "brief" / "000_59376d724bb89b96" / "index.html").is_file()
    assert len(list((tmp_path / "out" / "brief").glob("*.json"))) == 6


def test_unchanged_letters_are_not_parsed_again(
    tmp_path: Path, builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_parses(monkeypatch)
    content = make_content(tmp_path)
    builder(content, tmp_path / "out", tmp_path / "cache")
    assert "000_59376d724bb89b96.txt" in calls
    calls.clear()
    seed = content / "seed" / "000_59376d724bb89b96.txt"
    seed.touch()  # a new mtime alone must not force a re-parse: the stamp is the sha256
    builder(content, tmp_path / "out", tmp_path / "cache")
    assert calls == [BAD_LETTER]  # only the letter that failed (failures are not cached)
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    calls.clear()
    builder(content, tmp_path / "out", tmp_path / "cache")
    assert sorted(calls) == sorted([BAD_LETTER, "000_59376d724bb89b96.txt"])


def test_published_build_has_feeds_sitemap_and_absolute_urls(published: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(published / "feeds" / "alles.atom.xml").getroot()
    links = [e.find(f"{atom}link").get("href") for e in feed.findall(f"{atom}entry")]
    assert links and all(x.startswith("https://archief.example.org/brief/") for x in links)
    assert (published / "feeds" / "partij" / "d66.atom.xml").is_file()
    assert list((published / "feeds" / "ministerie").glob("*.atom.xml"))
    sitemap = ET.parse(published / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://archief.example.org/brief/ah-tk-20232024-1178/" in locs
    soup = _soup(published / "brief" / "ah-tk-20232024-1178" / "index.html")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "https://archief.example.org/brief/ah-tk-20232024-1178/"
