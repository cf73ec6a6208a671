"""The search page in headless Chromium, on a small site built by the real Pelican plugins.

The site holds real letters (the Pegasus seed, two 2024 letters with zaak and Kamerstuk
numbers) and one invented letter with ``<script>`` in its text. It is served with a strict
Content-Security-Policy, so anything inline on the page would break these tests.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from parsers import pairs
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; worker-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"
)
SEED = "000_59376d724bb89b96"
REAL_LETTERS = [
    "seed/000_59376d724bb89b96.txt",
    "pypdf/ah-tk-20242025-570.txt",
    "word-text/ah-tk-20242025-601.txt",
]
INVENTED_SCRIPT_LETTER = """AH 9999
2024Z99999
Antwoord van minister Verzonnen (Justitie en Veiligheid) (ontvangen 2 december 2024)

Vraag 1
Klopt het dat de tekst <script>alert("scriptinjectie")</script> in deze verzonnen brief staat?

Antwoord op vraag 1
Ja, deze verzonnen brief noemt als gewone tekst scriptinjectie: <script> en <b>opmaak</b>.
"""

# Invented: 60 short questions about journalists, in 2024. They outrank the seed letter's
# five pairs that mention journalists (2021), so those lie beyond the 10-result cap unless
# the year filter is applied first.
INVENTED_MANY_QUESTIONS = (
    "AH 9998\n2024Z99998\n"
    "Antwoord van minister Verzonnen (Justitie en Veiligheid) (ontvangen 3 december 2024)\n\n"
    + "".join(
        f"Vraag {n}\nHoeveel journalisten zijn er in verzonnen gemeente {n}?\n\n"
        f"Antwoord op vraag {n}\nDat is niet bekend.\n\n"
        for n in range(1, 61)
    )
)

# Invented: what readers type (compounds, numbers as printed, phrases, typos, several words).
INVENTED_QUERIES_LETTER = """AH 9997
2024Z99997
Antwoord van minister Verzonnen (Financiën) (ontvangen 4 december 2024)

Vraag 1
Hoeveel huishoudens ontvangen huurtoeslag in de verzonnen gemeente?

Antwoord op vraag 1
Dat is niet bekend; zie Kamerstukken II 2023/24, 35 925, nr. 12.

Vraag 2
Wat is de stikstofuitstoot van verzonnen boerderijen?

Antwoord op vraag 2
Zie kst-35925-12 en de verzonnen brief over de stikstofuitstoot.

Vraag 3
Leven er vrije nomaden in verzonnen gemeenten?

Antwoord op vraag 3
Ja, vrije nomaden wonen er.

Vraag 4
Zijn de nomaden daar vrije burgers?

Antwoord op vraag 4
Nomaden zijn er vrij, zie Aanhangsel Handelingen II 2023/24, nr. 2726.

Vraag 5
Is er een toeslag voor verzonnen gemeenten?

Antwoord op vraag 5
Nee.

Vraag 6
Kwallen, kwallen en kwallen?

Antwoord op vraag 6
Kwallen.

Vraag 7
Wat weet u van de verzonnen zeehonden die in de verzonnen haven tussen de verzonnen boten
zwemmen, en van de verzonnen vissers die daar verzonnen netten uitzetten?

Antwoord op vraag 7
In de verzonnen haven zwemmen verzonnen zeehonden tussen de verzonnen boten van verzonnen
vissers, en er zijn ooit kwallen gezien; verder is over de verzonnen haven niets bekend.
"""

if not os.path.exists(CHROMIUM):
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: the site's CSP on every response, and byte ranges (the text packs)."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802
        ranges = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if not ranges or not path.is_file():
            super().do_GET()
            return
        data = path.read_bytes()
        start, end = int(ranges[1]), min(int(ranges[2]), len(data) - 1)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self.wfile.write(data[start : end + 1])

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from pelican import Pelican
    from pelican.settings import read_settings

    tmp = tmp_path_factory.mktemp("search-site")
    content = tmp / "content"
    for name in REAL_LETTERS:
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "content" / name, target)
    (content / "invented").mkdir()
    (content / "invented" / "invented-script.txt").write_text(INVENTED_SCRIPT_LETTER)
    (content / "invented" / "invented-many.txt").write_text(INVENTED_MANY_QUESTIONS)
    (content / "invented" / "invented-queries.txt").write_text(INVENTED_QUERIES_LETTER)
    output = tmp / "output"
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "PLUGINS": ["kamervragen", "kamervragen_search"],
            "CACHE_PATH": str(tmp / "cache"),
            "KAMERVRAGEN_STRICT": True,
        },
    )
    Pelican(settings).run()
    assert (output / "zoeken" / "index.html").is_file()

    handler = functools.partial(_Handler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", output
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, site: tuple[str, Path]) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None,
    )
    page.errors = errors
    yield page
    context.close()
    assert not [e for e in errors if "404" not in e], errors


def open_search(page: Any, site: tuple[str, Path], query: str = "") -> None:
    page.goto(site[0] + "zoeken/" + (f"?{query}" if query else ""))
    page.wait_for_selector("#search[data-seq]", timeout=15_000)


def search(page: Any, text: str) -> list[dict[str, str]]:
    """Type a query the way a reader does and wait for its results."""
    before = page.get_attribute("#search", "data-seq") or "0"
    page.fill("#search-q", text)
    page.wait_for_function(
        "prev => (document.querySelector('#search').dataset.seq || '0') !== prev",
        arg=before,
        timeout=10_000,
    )
    return results(page)


def results(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        ".search-result",
        """items => items.map(li => ({
            href: li.querySelector('a').getAttribute('href'),
            text: li.innerText,
            marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent),
        }))""",
    )


def test_pegasus_finds_the_seed_letters_answers(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    found = search(page, "Pegasus")
    assert found and all(SEED in r["href"] for r in found)
    assert any("Pegasus" in r["marks"] for r in found)
    assert page.url.endswith("zoeken/?q=Pegasus")
    assert "Pegasus" in page.title()
    assert "resultaten" in page.inner_text("#search-status")


def test_gehackt_finds_the_pair_that_says_gehackte(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    found = search(page, "gehackt")
    assert any("gehackte" in r["marks"] for r in found), found


@pytest.mark.parametrize(
    ("query", "letter"),
    [
        ("2024Z14250", "ah-tk-20242025-570"),  # in the askers' note on earlier questions
        ("2024Z17331", "ah-tk-20242025-601"),  # only in the letter's header
        ("19637", "ah-tk-20242025-601"),  # a Kamerstuk number in a footnote
    ],
)
def test_numbers_are_searchable(page: Any, site: tuple[str, Path], query: str, letter: str) -> None:
    open_search(page, site, f"q={query}")
    found = results(page)
    assert any(letter in r["href"] for r in found), found


def test_query_syntax_wildcard_fuzzy_presence_and_fields(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    assert any("cybersecurity" in r["marks"] for r in search(page, "cyber*"))
    assert search(page, "pegasuss~1")
    assert all(SEED in r["href"] for r in search(page, "minister:kaag"))
    assert all(SEED in r["href"] for r in search(page, "bewindspersoon:Kaag"))
    with_nso = search(page, "+pegasus +nso")
    without = search(page, "+pegasus -nso")
    assert with_nso and without and not {r["href"] for r in with_nso} & {r["href"] for r in without}
    assert search(page, "minister:") == []
    assert "klopt niet" in page.inner_text("#search-status")
    assert search(page, "de het") == []
    assert "niet doorzocht" in page.inner_text("#search-status")


def test_filter_narrows_results_and_lives_in_the_url(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    everything = search(page, "nederland")
    assert any(SEED not in r["href"] for r in everything)
    before = page.get_attribute("#search", "data-seq")
    page.select_option("#search-jaar", "2021")
    page.wait_for_function(f"() => document.querySelector('#search').dataset.seq !== '{before}'")
    filtered = results(page)
    assert filtered and all(SEED in r["href"] for r in filtered)
    assert len(filtered) < len(everything)
    assert f"{len(filtered)} resultaten" in page.inner_text("#search-status")
    assert "jaar=2021" in page.url
    # A shared link restores query and filter.
    open_search(page, site, "q=nederland&jaar=2021")
    assert page.input_value("#search-q") == "nederland"
    assert page.input_value("#search-jaar") == "2021"
    assert page.locator("#search-jaar option:checked").inner_text().startswith("2021 (")
    assert page.locator("#search-jaar option[value='2021']").count() == 1
    assert len(results(page)) == len(filtered)


def test_filters_apply_before_the_result_cap(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    capped = search(page, "journalisten")
    assert len(capped) == 10 and all(SEED not in r["href"] for r in capped)
    status = page.inner_text("#search-status")
    before = page.get_attribute("#search", "data-seq")
    page.select_option("#search-jaar", "2021")
    page.wait_for_function(f"() => document.querySelector('#search').dataset.seq !== '{before}'")
    found = results(page)
    assert found and all(SEED in r["href"] for r in found)
    total = 60 + len(found)
    assert f"{total} resultaten" in status
    # "Meer resultaten tonen" lifts the cap, 10 results at a time.
    page.select_option("#search-jaar", "")
    page.wait_for_selector("#search-more:not([hidden])")
    shown = [len(results(page))]
    while page.locator("#search-more").is_visible():
        before = page.get_attribute("#search", "data-seq")
        page.click("#search-more")
        changed = f"() => document.querySelector('#search').dataset.seq !== '{before}'"
        page.wait_for_function(changed)
        shown.append(len(results(page)))
    assert shown == [10, 20, 30, 40, 50, 60, total]


def test_back_button_restores_the_previous_search(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    page.fill("#search-q", "Pegasus")
    page.press("#search-q", "Enter")
    page.wait_for_selector(".search-result")
    page.fill("#search-q", "2024Z17331")
    page.press("#search-q", "Enter")
    page.wait_for_function("() => document.querySelector('.search-result a').href.includes('601')")
    page.go_back()
    page.wait_for_function("() => document.querySelector('#search-q').value === 'Pegasus'")
    page.wait_for_function(
        f"() => document.querySelector('.search-result a').href.includes('{SEED}')"
    )
    page.go_forward()
    page.wait_for_function("() => document.querySelector('#search-q').value === '2024Z17331'")


def test_back_button_after_typing_skips_the_prefixes(page: Any, site: tuple[str, Path]) -> None:
    """Typing makes one history entry per search, not one per keystroke."""
    open_search(page, site)
    page.type("#search-q", "Pegasus", delay=30)
    page.wait_for_function("() => location.search === '?q=Pegasus'")
    page.wait_for_timeout(1700)  # a pause settles the search (SETTLE_MS in search.js)
    page.fill("#search-q", "")
    page.type("#search-q", "gehackt", delay=30)
    page.wait_for_function("() => location.search === '?q=gehackt'")
    page.go_back()
    page.wait_for_function("() => document.querySelector('#search-q').value === 'Pegasus'")
    page.go_back()
    page.wait_for_function("() => document.querySelector('#search-q').value === ''")
    assert page.url.endswith("zoeken/")


def test_opening_a_result_lands_on_the_answer(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site, "q=gehackt")
    link = page.locator(".search-result a").first
    href = link.get_attribute("href")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # keyboard users get there too
    slug = href.rstrip("/").rsplit("/", 1)[1]
    assert page.url.endswith(f"brief/{SEED}/{slug}/")
    letter = json.loads((site[1] / "brief" / f"{SEED}.json").read_text())
    pair = next(p for p in pairs(letter) if p.slug == slug)
    words = " ".join(pair.answer.split()[:6])
    assert words in " ".join(page.inner_text("main").split())


def test_script_in_a_letter_is_shown_as_text(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    found = search(page, "scriptinjectie")
    assert found
    assert '<script>alert("scriptinjectie")</script>' in found[0]["text"]
    assert "<b>opmaak</b>" in found[0]["text"]
    assert page.query_selector_all("#search-results script, #search-results b") == []


def test_loading_state_and_live_region(page: Any, site: tuple[str, Path]) -> None:
    page.goto(site[0] + "zoeken/")
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_selector("#search[data-ready]")
    assert "geladen" in status.inner_text()
    search(page, "Pegasus")
    assert "resultaten" in status.inner_text()
    # Results are reachable with the keyboard: focus moves from the filters into the list.
    page.focus("#search-partij")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.search-result') !== null")


def test_without_javascript_the_page_says_so(browser: Any, site: tuple[str, Path]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site[0] + "zoeken/?q=Pegasus")
    text = page.inner_text("main")
    assert "JavaScript" in text
    assert page.locator("main a[href$='jaar/']").count() == 1
    context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations_on_a_results_page(
    browser: Any, site: tuple[str, Path], width: int
) -> None:
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.fail(f"{axe} missing: run npm ci (make test does)")
    # axe is injected as an inline script, which the site's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 800})
    page = context.new_page()
    open_search(page, site, "q=gehackt&jaar=2021")
    page.click(".search-help summary")  # the syntax help is checked opened
    page.add_script_tag(path=str(axe))
    violations = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in page.evaluate("() => axe.run(document)")["violations"]
    ]
    assert violations == []
    assert not page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    context.close()


QUERIES = "brief/invented-queries/"


def refs_of(found: list[dict[str, str]]) -> list[str]:
    return [r["href"].split("brief/", 1)[1].rstrip("/") for r in found]


def test_a_word_finds_the_compounds_that_hold_it_below_itself(
    page: Any, site: tuple[str, Path]
) -> None:
    open_search(page, site)
    toeslag = refs_of(search(page, "toeslag"))
    # The whole word (pair 5) ranks above the compound "huurtoeslag" (pair 1).
    assert toeslag[:2] == ["invented-queries/5", "invented-queries/1"], toeslag
    assert refs_of(search(page, "stikstof")) == ["invented-queries/2"]
    found = search(page, "stikstof")
    assert "stikstofuitstoot" in found[0]["marks"]
    # Parts are not words of their own: "stof" alone is not indexed for "stikstofuitstoot".
    assert "invented-queries/2" not in refs_of(search(page, "boot"))


def test_numbers_find_the_same_pairs_however_they_are_typed(
    page: Any, site: tuple[str, Path]
) -> None:
    open_search(page, site)
    dossier = ["invented-queries/1", "invented-queries/2"]
    for typed in ["35925", "35 925", "Kamerstuk 35 925", "kst-35925-12", "35925-12"]:
        assert sorted(refs_of(search(page, typed))) == dossier, typed
    assert refs_of(search(page, "nr. 2726")) == refs_of(search(page, "2726"))
    assert "invented-queries/4" in refs_of(search(page, "2726"))
    assert refs_of(search(page, "2024Z99997"))
    assert all("invented-queries" in r for r in refs_of(search(page, "2024z99997")))


def test_a_phrase_in_quotes_matches_the_words_in_that_order(
    page: Any, site: tuple[str, Path]
) -> None:
    open_search(page, site)
    loose = refs_of(search(page, "vrije nomaden"))
    assert {"invented-queries/3", "invented-queries/4"} <= set(loose)
    assert refs_of(search(page, '"vrije nomaden"')) == ["invented-queries/3"]
    assert refs_of(search(page, '"nomaden vrije"')) == []
    # Stop words keep their place: "nomaden zijn er vrij" is "nomaden … vrij" two apart.
    assert refs_of(search(page, '"nomaden zijn er vrij"')) == ["invented-queries/4"]


def test_pairs_with_all_the_words_come_first(page: Any, site: tuple[str, Path]) -> None:
    open_search(page, site)
    # lunr alone ranks the short pair that repeats "kwallen" first ...
    assert refs_of(search(page, "kwallen"))[0] == "invented-queries/6"
    # ... but the pair holding both words comes before it.
    both = refs_of(search(page, "kwallen zeehonden"))
    assert both[0] == "invented-queries/7" and "invented-queries/6" in both[1:]


def test_a_typo_is_also_searched_as_the_words_one_letter_away(
    page: Any, site: tuple[str, Path]
) -> None:
    open_search(page, site)
    found = refs_of(search(page, "stikstofuitsoot"))
    assert found == ["invented-queries/2"]
    also = page.locator("#search-also")
    assert also.is_visible() and "Ook gezocht op: stikstofuitstoot" in also.inner_text()
    # A word that is found as typed is not changed.
    search(page, "stikstofuitstoot")
    assert page.locator("#search-also").is_hidden()


def test_filters_load_only_what_they_need(browser: Any, site: tuple[str, Path]) -> None:
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    context.on("request", lambda r: fetched.append(r.url.split("/zoeken/", 1)[-1]))
    open_search(page, site, "q=verzonnen")
    assert not [u for u in fetched if u.startswith("f/")]  # no filter, no filter files
    manifest = json.loads((site[1] / "zoeken" / "manifest.json").read_text())
    ministry_files = {v[2] for v in manifest["filters"]["ministry"]}
    assert len(ministry_files) > 1
    ministry, _, wanted_file = manifest["filters"]["ministry"][-1]
    fetched.clear()
    open_search(page, site, "q=verzonnen&" + urlencode({"ministerie": ministry}))
    wanted = [wanted_file]
    assert [u.split("?")[0] for u in fetched if u.startswith("f/")] == wanted
    fetched.clear()
    open_search(page, site, "q=verzonnen&jaar=2024")  # a year is a range: no file
    assert not [u for u in fetched if u.startswith("f/")]
    # Documents are fetched by block, for the results shown: a table and a block or two.
    blocks = [u for u in fetched if u.startswith("d/")]
    assert 0 < len(blocks) == len(set(blocks)) <= len(manifest["docs"]["tables"]) + 2
    context.close()


class _NoRangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that ignores Range (Python's own, as `make serve` uses): whole files."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_snippets_come_from_a_server_without_ranges_too(
    browser: Any, site: tuple[str, Path]
) -> None:
    handler = functools.partial(_NoRangeHandler, directory=str(site[1]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        page = context.new_page()
        statuses: list[int] = []
        page.on("response", lambda r: statuses.append(r.status) if ".bin" in r.url else None)
        page.goto(f"http://127.0.0.1:{server.server_port}/zoeken/?q=gehackt")
        page.wait_for_selector(".search-result")
        found = results(page)
        assert any("gehackte" in r["marks"] for r in found)
        assert "Antwoord:" in found[0]["text"] or "Vraag:" in found[0]["text"]
        assert statuses and set(statuses) == {200}  # whole packs, no ranges
        context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_snippets_are_fetched_by_range(browser: Any, site: tuple[str, Path]) -> None:
    context = browser.new_context()
    page = context.new_page()
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if ".bin" in r.url else None)
    open_search(page, site, "q=gehackt")
    page.wait_for_selector(".search-result")
    assert any("gehackte" in r["marks"] for r in results(page))
    assert statuses and set(statuses) == {206}
    context.close()
