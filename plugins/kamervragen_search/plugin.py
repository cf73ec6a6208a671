"""Pelican wiring: a generator for the search page and a `finalized` hook for the index."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from kamervragen_search.cache import AnalysisCache
from kamervragen_search.sharded import SiteFiles, write_index

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Where the search page, index and store go, relative to the output directory.
    "KAMERVRAGEN_SEARCH_DIR": "zoeken",
    # Which published files are letters, relative to the output directory.
    "KAMERVRAGEN_SEARCH_SOURCE": "brief/*.json",
}


def _setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


class SearchPageGenerator(Generator):
    """Renders the one search page; the index itself is written once all output exists."""

    def generate_output(self, writer: Any) -> None:
        directory = _setting(self.settings, "KAMERVRAGEN_SEARCH_DIR").strip("/")
        writer.write_file(
            f"{directory}/index.html",
            self.get_template("search"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False),
            url=f"{directory}/",
            search_dir=directory,
        )


def read_letters(output_path: Path, pattern: str) -> list[bytes]:
    """Every published letter's JSON; files that are not letters are skipped."""
    letters = []
    for path in sorted(output_path.glob(pattern)):
        try:
            data = path.read_bytes()
            letter = json.loads(data)
        except (OSError, ValueError) as error:
            log.warning("search: cannot read %s: %s", path, error)
            continue
        if isinstance(letter, dict) and letter.get("schema") == "kamervragen/1":
            letters.append(data)
    return letters


def build_search_index(pelican: Any) -> None:
    output_path = Path(pelican.output_path)
    settings = pelican.settings
    started = time.perf_counter()
    letters = read_letters(output_path, _setting(settings, "KAMERVRAGEN_SEARCH_SOURCE"))
    if not letters:
        log.warning("search: no letters found under %s; the index is empty", output_path)
    cache_path = None
    if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"):
        cache_path = Path(settings["CACHE_PATH"]) / "search-terms.sqlite"
    cache = AnalysisCache(cache_path)
    try:
        analysed = cache.analyze(letters)
    finally:
        cache.close()
    out_dir = output_path / _setting(settings, "KAMERVRAGEN_SEARCH_DIR").strip("/")
    site_output = _site_output(output_path)
    if site_output is None:
        report = write_index(analysed, out_dir, consume=True)
    else:
        # Through the site's one write path, so that its record of the build holds the
        # search files too (a file that exists is kept, a new one written).
        with site_output.unit("search"):
            report = write_index(
                analysed, out_dir, consume=True, site=SiteFiles(site_output, output_path)
            )
    del analysed
    log.info(
        "search: indexed %d pairs of %d letters (%d new or changed), %d terms, %d files "
        "(%d written, %d removed, %.1f MB) in %.1fs",
        report.pairs,
        report.letters,
        cache.misses,
        report.terms,
        report.files,
        report.written,
        report.removed,
        report.bytes / 1e6,
        time.perf_counter() - started,
    )


def _site_output(output_path: Path) -> Any:
    """The site plugin's recording write path for this build, if the site plugin runs."""
    try:
        from kamervragen.output import Output
    except ImportError:
        return None
    return Output.active(str(output_path))


def _generators(_pelican: Any) -> type[Generator]:
    return SearchPageGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.finalized.connect(build_search_index)
