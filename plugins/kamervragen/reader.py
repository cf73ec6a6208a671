"""Pelican reader that turns a letter file into the contract object via `parsers/`.

Its result goes through the letter cache (store.py: the file's sha256, with its
<id>.metadata.xml's, under the parser's fingerprint), so an unchanged letter is not parsed
again, also on a fresh clone, and a metadata file added or changed later is read. It returns
the parsed letter as a `LetterRecord` (the contract object as JSON, plus the summary the
indexes need), made in the same way whether the letter is parsed here or, in a parallel
build, in a worker process (`prefetched`, filled by the generator through parallel.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from typing import Any

from pelican.readers import BaseReader

from parsers import parse_file
from parsers.pipeline import METADATA_SUFFIX, is_sidecar, with_sidecars

from .store import prepare

DEFAULT_EXTENSIONS = ["pdf", "txt", "md", "xml", "html", "docx"]
# Which file of a letter is the source when several share its id: the official XML (or
# its HTML rendering) says outright what the PDF only shows by layout; then the PDF.
_SOURCE_ORDER = (".xml", ".html", ".pdf")


def is_letter_file(path: str) -> bool:
    """<id>.metadata.xml beside a letter is KOOP's metadata for it, not a letter."""
    return not is_sidecar(path)


def inputs(path: str, listing: Callable[[str], Container[str]] | None = None) -> list[str]:
    """The files a letter is read from: the file, and its metadata file if there is one
    (the letter cache's stamp covers both).

    `listing(directory)`: the names of the files in a directory, listed once a build (a
    `DirectoryListing`), so that finding that a letter has no metadata file takes no
    system call: at 100,000 letters the failed look-ups were half of checking that the
    letters were unchanged. Without it the metadata file is looked for on disk."""
    if is_sidecar(path):
        return [path]
    # parsers.pipeline.sidecar_path with strings: this runs for every letter on every build.
    directory, name = os.path.split(path)
    meta_name = name.split(".", 1)[0] + METADATA_SUFFIX
    meta = os.path.join(directory, meta_name)
    if listing is not None:
        return [path, meta] if meta_name in listing(directory) else [path]
    return [path, meta] if os.path.isfile(meta) else [path]


class DirectoryListing:
    """The names of the (regular) files of a directory, read once per directory: one
    listing instead of a look-up per letter. A build lists each directory once, when it
    first checks a letter in it, as it looked each file up once before."""

    def __init__(self) -> None:
        self._names: dict[str, frozenset[str]] = {}

    def __call__(self, directory: str) -> frozenset[str]:
        names = self._names.get(directory)
        if names is None:
            try:
                with os.scandir(directory or ".") as entries:
                    names = frozenset(entry.name for entry in entries if entry.is_file())
            except OSError:
                names = frozenset()
            self._names[directory] = names
        return names


def choose_source(candidates: list[tuple[str, Any]]) -> tuple[str, Any, str]:
    """(source path, its letter, original to show) for the files that share one id.

    The XML is the source and the PDF the original shown when a letter has both.
    """
    if len(candidates) == 1:  # nearly every letter: its one file is both
        path, letter = candidates[0]
        return path, letter, path

    def rank(candidate: tuple[str, Any]) -> tuple[int, str]:
        path = candidate[0].lower()
        order = next((i for i, s in enumerate(_SOURCE_ORDER) if path.endswith(s)), 9)
        return order, candidate[0]

    ordered = sorted(candidates, key=rank)
    path, letter = ordered[0]
    shown = next((c[0] for c in ordered if c[0].lower().endswith(".pdf")), path)
    return path, letter, shown


def read_letter(source_path: str, base: str) -> tuple[str, dict[str, Any]]:
    """Parse one file into Pelican's (content, metadata); runs in a worker when parallel."""
    letter = parse_file(source_path)
    # The contract's `source` is the path as given; give it relative to content/ so the
    # published JSON does not depend on where the site was built.
    relative = os.path.relpath(source_path, base).replace(os.sep, "/")
    letter = with_sidecars({**letter, "source": relative}, source_path)
    return "", {"letter": prepare(letter, relative)}


class LetterReader(BaseReader):
    """Reads one letter; the letter generator installs it for KAMERVRAGEN_EXTENSIONS.

    `file_extensions` stays empty on purpose: Pelican registers every BaseReader subclass for
    its extensions in every generator, and letters must not replace the Markdown reader for
    ordinary pages or be read as articles.
    """

    enabled = True
    file_extensions: list[str] = []

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        # source path -> outcome of a parse already done in a worker (parallel.Outcome)
        self.prefetched: dict[str, Any] = {}

    @property
    def base(self) -> str:
        return self.settings.get("PATH") or os.getcwd()

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        outcome = self.prefetched.pop(source_path, None)
        if outcome is not None:
            return outcome.result()  # the worker's result, or its exception raised here
        return read_letter(source_path, self.base)
