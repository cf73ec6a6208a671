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

DEFAULT_EXTENSIONS = ["pdf", "txt", "md", "docx"]


class LetterReader(BaseReader):
    """Reads one letter; the letter generator installs it for KAMERVRAGEN_EXTENSIONS.

    `file_extensions` stays empty on purpose: Pelican registers every BaseReader subclass for
    its extensions in every generator, and letters must not replace the Markdown reader for
    ordinary pages or be read as articles.
    """

    enabled = True
    file_extensions: list[str] = []

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        letter = parse_file(source_path)
        # The contract's `source` is the path as given; give it relative to content/ so the
        # published JSON does not depend on where the site was built.
        base = self.settings.get("PATH") or os.getcwd()
        relative = os.path.relpath(source_path, base).replace(os.sep, "/")
        letter = {**letter, "source": relative}
        return "", {"letter": letter}
