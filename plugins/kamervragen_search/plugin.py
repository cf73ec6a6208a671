"""Pelican wiring: a generator for the search page and a `finalized` hook for the index."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from kamervragen_search.documents import LetterEntry, letter_entry
from kamervragen_search.writer import write_search_files

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


def read_letters(output_path: Path, pattern: str) -> list[LetterEntry]:
    """Every published letter as search entries; files that are not letters are skipped."""
    letters = []
    for path in sorted(output_path.glob(pattern)):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            log.warning("search: cannot read %s: %s", path, error)
            continue
        if not isinstance(data, dict) or data.get("schema") != "kamervragen/1":
            continue
        letters.append(letter_entry(data))
    return letters


def build_search_index(pelican: Any) -> None:
    output_path = Path(pelican.output_path)
    settings = pelican.settings
    started = time.perf_counter()
    letters = read_letters(output_path, _setting(settings, "KAMERVRAGEN_SEARCH_SOURCE"))
    if not letters:
        log.warning("search: no letters found under %s; the index is empty", output_path)
    out_dir = output_path / _setting(settings, "KAMERVRAGEN_SEARCH_DIR").strip("/")
    site_output = _site_output(output_path)
    if site_output is None:
        shards = write_search_files(letters, out_dir)
    else:
        # Through the site's one write path: files are written only when their bytes
        # change, and recorded, so files a later build stops writing are removed.
        with site_output.unit("search"):
            shards = write_search_files(
                letters,
                out_dir,
                write=lambda path, data: site_output.write(
                    str(path.relative_to(output_path)), data
                ),
            )
    log.info(
        "search: indexed %d pairs of %d letters (%d bytes index, %d bytes store) in %.1fs",
        sum(s.pairs for s in shards),
        len(letters),
        sum(s.index_bytes for s in shards),
        sum(s.store_bytes for s in shards),
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
