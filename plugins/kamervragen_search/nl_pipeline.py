"""Dutch text processing for the lunr index, identical to lunr.js + lunr-languages in the browser.

The index is built here in Python and queried by lunr.js, so every token must come out of
both pipelines the same way or a word that is in the index can never be found. The browser
loads the functions by the names stored in the serialized index, so they are registered here
under the same names:

- ``trimmer-nl-digits``: lunr-languages' Dutch trimmer, but with the digits 0-9 counted as
  word characters. lunr.nl's own ``trimmer-nl`` strips them from both ends, which turns
  "2024Z18439" into "z" and "19637" into nothing. The browser side is
  ``theme/static/js/search-nl.js``; it has its own name so that an index built here can
  never be loaded silently with the digit-stripping trimmer.
- ``stopWordFilter-nl``: lunr.nl's stop-word list (the Snowball Dutch list), plus the empty
  string, exactly like the list lunr.nl builds from a string that starts with a space.
- ``stemmer-nl``: the original Snowball Dutch stemmer, which is what lunr.nl ships; nltk's
  ``DutchStemmer`` implements the same algorithm (PyStemmer and snowballstemmer 3 ship the
  newer Kraaij-Pohlmann-based "dutch" that stems differently).

Nothing here downloads anything: nltk's stemmer is pure code, no corpus needed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.tokenizer import Tokenizer
from nltk.stem.snowball import DutchStemmer

# lunr-languages 1.22.0 lunr.nl.wordCharacters, plus 0-9.
WORD_CHARACTERS = (
    "0-9A-Za-z\xaa\xba\xc0-\xd6\xd8-\xf6\xf8-\u02b8\u02e0-\u02e4\u1d00-\u1d25\u1d2c-\u1d5c"
    "\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff\u2071\u207f\u2090-\u209c\u212a"
    "\u212b\u2132\u214e\u2160-\u2188\u2c60-\u2c7f\ua722-\ua787\ua78b-\ua7ad\ua7b0-\ua7b7"
    "\ua7f7-\ua7ff\uab30-\uab5a\uab5c-\uab64\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a"
)
_LEADING = re.compile(f"^[^{WORD_CHARACTERS}]+")
_TRAILING = re.compile(f"[^{WORD_CHARACTERS}]+\\Z")

STOP_WORDS = frozenset(
    (
        " aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen"
        " door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij"
        " hoe hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet"
        " na naar niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen"
        " tot u uit uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze"
        " zelf zich zij zijn zo zonder zou"
    ).split(" ")
)

# What lunr.js's tokenizer splits on: /[\s\-]+/, JavaScript's \s spelled out (Python's \s
# differs: it includes \x1c-\x1f and \x85, and lacks \ufeff).
_JS_SEPARATORS = re.compile(
    "[\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+"
)
_stemmer = DutchStemmer()


def trim(word: str) -> str:
    return _TRAILING.sub("", _LEADING.sub("", word))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    # Cached: an archive repeats the same few thousand words millions of times.
    return _stemmer.stem(word)


def trimmer_nl_digits(token: Token, i: int | None = None, tokens: list | None = None) -> Token:
    return token.update(lambda s, _metadata: trim(s))


def stop_word_filter_nl(
    token: Token, i: int | None = None, tokens: list | None = None
) -> Token | None:
    return None if token.string in STOP_WORDS else token


def stemmer_nl(token: Token, i: int | None = None, tokens: list | None = None) -> Token:
    return token.update(lambda s, _metadata: stem(s))


# lunr.languages registers an uncached "stemmer-nl" (the same nltk algorithm) when imported;
# replacing it on purpose, so drop it first instead of logging an overwrite warning.
Pipeline.registered_functions.pop("stemmer-nl", None)
Pipeline.register_function(trimmer_nl_digits, "trimmer-nl-digits")
Pipeline.register_function(stop_word_filter_nl, "stopWordFilter-nl")
Pipeline.register_function(stemmer_nl, "stemmer-nl")

PIPELINE = (trimmer_nl_digits, stop_word_filter_nl, stemmer_nl)


def split_words(text: str) -> list[str]:
    """lunr.js's tokenizer: the lower-cased text split on whitespace and hyphens."""
    return [word for word in _JS_SEPARATORS.split(text.lower()) if word]


@lru_cache(maxsize=500_000)
def index_term(word: str) -> str | None:
    """One word through trimmer, stop-word filter and stemmer: the three functions above, fused.

    The index builder uses this instead of running lunr's Pipeline token by token, which
    spends most of a build in per-token bookkeeping; a test checks that both give the same
    terms for every corpus word.
    """
    word = trim(word)
    if word in STOP_WORDS:
        return None
    return stem(word)


def tokens(text: str) -> list[str]:
    """The index terms a text produces, exactly as the index builder makes them.

    The equivalence test compares this with lunr.js.
    """
    return [term for word in split_words(text) if (term := index_term(word)) is not None]


def lunr_pipeline_tokens(text: str) -> list[str]:
    """The same through Python lunr's own tokenizer and Pipeline with the registered functions.

    Only for the test that keeps ``tokens`` honest: lunr's tokenizer splits on fewer
    characters, so this is compared on text without exotic whitespace.
    """
    pipeline = Pipeline()
    pipeline.add(*PIPELINE)
    return [str(token) for token in pipeline.run(Tokenizer(text))]
