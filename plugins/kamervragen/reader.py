"""Pelican reader that turns a letter file into the contract object via `parsers/`.

Its result goes through the letter cache (store.py: the file's sha256 under the parser's
fingerprint), so an unchanged letter is not parsed again, also on a fresh clone. It returns
the parsed letter as a `LetterRecord` (the contract object as JSON, plus the summary the
indexes need), made in the same way whether the letter is parsed here or, in a parallel
build, in a worker process (`prefetched`, filled by the generator through parallel.py).
"""

from __future__ import annotations

import os
from typing import Any

from pelican.readers import BaseReader

from parsers import parse_file

from .store import prepare

DEFAULT_EXTENSIONS = ["pdf", "txt", "md"]


def read_letter(source_path: str, base: str) -> tuple[str, dict[str, Any]]:
    """Parse one file into Pelican's (content, metadata); runs in a worker when parallel."""
    letter = parse_file(source_path)
    # The contract's `source` is the path as given; give it relative to content/ so the
    # published JSON does not depend on where the site was built.
    relative = os.path.relpath(source_path, base).replace(os.sep, "/")
    letter = {**letter, "source": relative}
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
