"""Kamervragen site plugin: letters from content/ become letter, pair, index and export pages.

Layout: `reader` (file -> contract object, through `parsers/`), `model` (what templates
see), `render` (text -> escaped HTML), `generator` (reads all letters, writes the pages),
`exports` (JSON, JSON Lines, Atom, sitemap). The plugin holds no parsing logic.
"""

from __future__ import annotations

from pelican import signals

from .generator import LetterGenerator
from .summary import ArchivePelican

__all__ = ["ArchivePelican", "register"]


def get_generators(pelican_object: object) -> type[LetterGenerator]:
    return LetterGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
