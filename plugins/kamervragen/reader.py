"""Pelican reader that turns a letter file into the contract object via `parsers/`.

Its output (the parsed letter, in the metadata) goes through Pelican's reader-level content
cache, so with CACHE_CONTENT/LOAD_CONTENT_CACHE and CHECK_MODIFIED_METHOD = "sha256" an
unchanged letter is not parsed again, also on a fresh clone (the stamp is the file's hash).
"""

from __future__ import annotations

import os
from typing import Any

from pelican.readers import BaseReader

from parsers import parse_file
from parsers.pipeline import is_sidecar, with_sidecars

DEFAULT_EXTENSIONS = ["pdf", "txt", "md", "xml", "html"]
# Which file of a letter is the source when several share its id: the official XML (or
# its HTML rendering) says outright what the PDF only shows by layout; then the PDF.
_SOURCE_ORDER = (".xml", ".html", ".pdf")


def is_letter_file(path: str) -> bool:
    """<id>.metadata.xml beside a letter is KOOP's metadata for it, not a letter."""
    return not is_sidecar(path)


def choose_source(
    candidates: list[tuple[str, dict[str, Any]]], content_path: str
) -> tuple[str, dict[str, Any], str]:
    """(source path, letter, original to show) for the files that share one id.

    The XML is the source and the PDF the original shown when a letter has both; the
    letter gets its <id>.metadata.xml merged in here, after the parse cache, so a metadata
    file added later is never hidden by a cached parse.
    """

    def rank(candidate: tuple[str, dict[str, Any]]) -> tuple[int, str]:
        path = candidate[0].lower()
        order = next((i for i, s in enumerate(_SOURCE_ORDER) if path.endswith(s)), 9)
        return order, candidate[0]

    ordered = sorted(candidates, key=rank)
    path, letter = ordered[0]
    shown = next((c[0] for c in ordered if c[0].lower().endswith(".pdf")), path)
    return path, with_sidecars(letter, os.path.join(content_path, path)), shown


class LetterReader(BaseReader):
    """Reads one letter; the letter generator installs it for KAMERVRAGEN_EXTENSIONS.

    `file_extensions` stays empty on purpose: Pelican registers every BaseReader subclass for
    its extensions in every generator, and letters must not replace the Markdown reader for
    ordinary pages or be read as articles.
    """

    enabled = True
    file_extensions: list[str] = []

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        letter = parse_file(source_path)  # metadata.xml is merged later: see choose_source
        # The contract's `source` is the path as given; give it relative to content/ so the
        # published JSON does not depend on where the site was built.
        base = self.settings.get("PATH") or os.getcwd()
        relative = os.path.relpath(source_path, base).replace(os.sep, "/")
        letter = {**letter, "source": relative}
        return "", {"letter": letter}
