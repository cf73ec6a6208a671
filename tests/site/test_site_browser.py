"""Headless Chromium against the built fixture site: footnote round trip and axe-core."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium at /usr/bin"),
]

LETTER = "brief/000_59376d724bb89b96/"
PAIR = "brief/000_59376d724bb89b96/3/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, each run with a fresh temporary profile (Playwright's default)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _axe_violations(page: object) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run npm ci (make test does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document)")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def test_footnote_link_and_back(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + LETTER)
    ref = page.locator("#vraag-1 sup.fn-ref a").first
    ref.click()
    assert page.url.endswith("#voetnoot-1")
    footnote = page.locator("#voetnoot-1")
    assert footnote.is_visible() and footnote.evaluate("e => e.getBoundingClientRect().top") >= 0
    footnote.locator("a.fn-back").click()
    assert page.url.endswith("#voetnoot-ref-1")
    top = page.locator("#voetnoot-ref-1").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
    page.close()


def test_skip_link_is_first_and_visible_on_focus(browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + LETTER)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#inhoud"
    assert page.locator("a.skip-link").evaluate("e => e.getBoundingClientRect().top") >= 0
    page.close()


@pytest.mark.parametrize("path", ["", LETTER, PAIR, "partij/", "jaar/2024/"])
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations(browser, base_url: str, path: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(base_url + path)
    assert _axe_violations(page) == []
    overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, f"horizontal scroll at {width}px on /{path}"
    page.close()
