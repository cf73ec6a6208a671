"""Turn one Dutch written-questions letter into the structured document of the contract.

Public API (pure functions, no Pelican):

- ``parse_file(path)`` / ``parse_bytes(data, source)`` -> dict per ``letter.schema.json``
- ``ParseError``: the input is not a letter we can read at all
- ``pairs(letter)``: question/answer pairs of a parsed letter (for pages and search)
"""

from parsers.model import ParseError
from parsers.pairs import Pair, label_slug, letter_permalink, pair_permalink, pairs
from parsers.pipeline import SCHEMA_PATH, parse_bytes, parse_file, parser_fingerprint

__all__ = [
    "SCHEMA_PATH",
    "Pair",
    "ParseError",
    "label_slug",
    "letter_permalink",
    "pair_permalink",
    "pairs",
    "parse_bytes",
    "parse_file",
    "parser_fingerprint",
]
