"""Build-time (Python) and query-time (lunr.js in the browser) text processing must agree.

If they differ for a word, that word is in the index under one spelling and looked up under
another, and it can never be found. So real Dutch words from the corpus go through both.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kamervragen_search import analysis, compounds, nl_pipeline

ROOT = Path(__file__).resolve().parents[2]
NODE_SCRIPT = Path(__file__).with_name("pipeline_tokens.js")
VENDOR = ROOT / "theme" / "static" / "vendor"

# Cases that have bitten lunr setups before: digits (the stock Dutch trimmer strips them),
# diacritics the stemmer folds, punctuation around words, hyphenation, odd whitespace.
EDGE_CASES = [
    "2024Z18439",
    "(19637)",
    "covid19",
    "covid-19",
    "Pegasus-software",
    "“gehackte”",
    "mensenrechtenrisico’s",
    "België",
    "geïnformeerd",
    "financiële",
    "café's",
    "ÉÉN",
    "Ĳsselmeer",
    "€ 1.500.000,-",
    "art. 12a",
    "2023-2024",
    "https://www.tweedekamer.nl/kamerstukken/kamervragen?id=2024Z18439",
    "[^3]",
    "vragen\u2003van\u00a0het\u202flid",
    "de het een",
    "",
]


def corpus_words(limit: int = 6000) -> list[str]:
    """Distinct whitespace-separated words from the real letters, in a stable order."""
    seen: dict[str, None] = {}
    for folder in ("content", "tests/fixtures"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".txt", ".md"} or not path.is_file():
                continue
            for word in re.split(r"\s+", path.read_text(encoding="utf-8", errors="replace")):
                if word:
                    seen.setdefault(word, None)
    return list(seen)[:limit]


def lunr_js_tokens(texts: list[str]) -> list[list[str]]:
    result = subprocess.run(
        ["node", str(NODE_SCRIPT)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


needs_node = pytest.mark.skipif(
    shutil.which("node") is None, reason="node is not installed: cannot run lunr.js"
)


def test_corpus_has_thousands_of_words() -> None:
    assert len(corpus_words()) >= 3000


def test_vendored_lunr_present() -> None:
    """Files only: runs without node."""
    assert (VENDOR / "lunr" / "lunr.min.js").is_file(), "run tools/vendor.sh"
    assert (VENDOR / "lunr-languages" / "lunr.nl.min.js").is_file(), "run tools/vendor.sh"


@needs_node
def test_python_and_lunr_js_produce_identical_tokens() -> None:
    words = corpus_words() + EDGE_CASES
    js = lunr_js_tokens(words)
    mismatches = [
        (word, py, j)
        for word, j in zip(words, js, strict=True)
        if (py := nl_pipeline.tokens(word)) != j
    ]
    assert not mismatches, f"{len(mismatches)} of {len(words)} differ, e.g. {mismatches[:10]}"


@needs_node
def test_whole_texts_tokenize_identically() -> None:
    """Tokenizing is per text, not per word: separators and positions must agree too."""
    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted((ROOT / "content").rglob("*.txt"))[:40]
    ]
    assert [nl_pipeline.tokens(t) for t in texts] == lunr_js_tokens(texts)


def test_fused_index_terms_equal_lunr_pipeline_of_registered_functions() -> None:
    """The builder's fast path and the functions the serialized index names must agree."""
    words = corpus_words() + [w for w in EDGE_CASES if "\u2003" not in w]
    assert [nl_pipeline.tokens(w) for w in words] == [
        nl_pipeline.lunr_pipeline_tokens(w) for w in words
    ]


def test_digits_survive_the_trimmer() -> None:
    assert nl_pipeline.tokens("2024Z18439 (19637) covid19.") == ["2024z18439", "19637", "covid19"]


def test_gehackt_and_gehackte_share_a_stem() -> None:
    assert nl_pipeline.tokens("gehackt") == nl_pipeline.tokens("gehackte")


def test_stop_words_match_vendored_lunr_nl() -> None:
    source = (VENDOR / "lunr-languages" / "lunr.nl.js").read_text(encoding="utf-8")
    match = re.search(r"generateStopWordFilter\('([^']*)'\.split", source)
    assert match, "stop-word list not found in lunr.nl.js"
    assert frozenset(match.group(1).split(" ")) == nl_pipeline.STOP_WORDS


def node_tokens(script: str, texts: list[str]) -> list[list[str]]:
    result = subprocess.run(
        ["node", str(Path(__file__).with_name(script))],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


@needs_node
def test_compound_parts_are_the_terms_a_reader_typing_them_gets() -> None:
    """The index holds a compound's parts as Python made them; lunr.js must make the same."""
    parts = sorted(
        {
            part
            for word in corpus_words()
            for part in compounds.split(nl_pipeline.trim(word.lower()))
        }
    )
    assert len(parts) > 200
    typed = lunr_js_tokens(parts)
    indexed = [[t] if (t := nl_pipeline.index_term(p)) else [] for p in parts]
    differ = [(p, i, j) for p, i, j in zip(parts, indexed, typed, strict=True) if i != j]
    assert not differ, differ[:10]


# Numbers as letters print them, each with the ways a reader may type it.
PRINTED_NUMBERS = [
    ("zie Kamerstukken II 2023/24, 35 925, nr. 12.", ["35925", "Kamerstuk 35 925", "35 925"]),
    (
        "zie Kamerstukken II 2023/24, 35 925, nr. 12.",
        ["kst-35925-12", "35925-12", "35 925, nr. 12"],
    ),
    ("zie kst-35925-12", ["kst-35925-12", "35925", "Kamerstuk 35 925, nr. 12"]),
    ("Kamerstuk 21 501-07, nr. 1234", ["kst-21501-07-1234", "21501", "21 501"]),
    ("Kamerstukken II 2022/23, 36 200 VIII, nr. 5", ["kst-36200-VIII-5", "36200"]),
    ("Aanhangsel Handelingen II 2023/24, nr. 2726", ["nr. 2726", "2726", "nr 2726"]),
    ("zaak 2024Z18439 en 2024Z18440", ["2024Z18439", "2024z18440"]),
]


@needs_node
def test_numbers_typed_any_way_give_terms_the_index_holds() -> None:
    typed = [form for _, forms in PRINTED_NUMBERS for form in forms]
    terms = node_tokens("query_tokens.js", typed)
    at = 0
    for printed, forms in PRINTED_NUMBERS:
        indexed = set(analysis.analyze_text(printed)[0].terms)
        for form in forms:
            query_terms = terms[at]
            at += 1
            assert query_terms, form
            assert set(query_terms) <= indexed, (printed, form, query_terms, indexed)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["1", "2", "35", "925", "12345", "1 000", " ", ", ", ".", "-", "nr. ", "kst-"]
            + ["viii", "a", "kamerstuk ", "\n", "٣"]
        ),
        max_size=14,
    ).map("".join)
)
def test_texts_the_number_words_skip_have_none(text: str) -> None:
    """``numbers.extra_words`` scans only a text with what its patterns need (SYNTHETIC
    texts): it finds what it finds scanning every text."""
    from kamervragen_search import numbers

    found = numbers.extra_words(text)
    gate = numbers._CANDIDATE
    try:
        numbers._CANDIDATE = re.compile("")
        assert found == numbers.extra_words(text)
    finally:
        numbers._CANDIDATE = gate


def test_words_split_at_whitespace_are_the_words_lunr_makes() -> None:
    """``analysis.words_of`` splits at Python's whitespace, not with lunr's separator
    pattern: the same words for every character between two letters, and in texts of
    separators, hyphens and control characters together."""
    for code in range(0x110000):
        text = f"a{chr(code)}b{chr(code)}"
        assert analysis.words_of(text) == analysis._WORD.findall(text), hex(code)
    samples = ["a - b", "\ufeffa\x85b", "x\x1c-\u3000y", "--", "", " a\tb\n", "é-è\xa0ë"]
    for text in samples:
        assert analysis.words_of(text) == analysis._WORD.findall(text), text
