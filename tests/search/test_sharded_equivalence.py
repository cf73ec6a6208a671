"""The sharded index gives exactly what one whole lunr index gives: same refs, order, scores.

A few thousand pairs (the real letters' golden files and SYNTHETIC letters made of them) go
into both: lunr.js's own Builder makes the whole index in node, ``sharded.write_index`` the
shards, cut small here so that every query crosses shard borders and frequent terms are split
over several posting files. Then hundreds of queries of every kind lunr knows run on both.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from corpus import golden_letters, synthetic_letters
from kamervragen_search import analysis, sharded

SCRIPT = Path(__file__).with_name("sharded_equivalence.js")
SMALL = sharded.Limits(
    posting_bytes=2500, dictionary_bytes=1500, doc_block=16, doc_table=8, pack_blocks=2
)

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Any]]:
    letters = [analysis.analyze_letter(x) for x in [*golden_letters(), *synthetic_letters(260)]]
    out = tmp_path_factory.mktemp("sharded")
    sharded.write_index(letters, out / "index", SMALL)
    docs = out / "docs.json"
    docs.write_text(json.dumps(analysis.lunr_documents(letters)))
    return out / "index", docs, letters


def words_of(letters: list[Any]) -> list[str]:
    seen: dict[str, None] = {}
    for letter in letters:
        for pair in letter.entry.pairs:
            for word in re.findall(r"[^\W\d_]{3,}", f"{pair.question} {pair.answer}".lower()):
                seen.setdefault(word, None)
    return list(seen)


def make_queries(letters: list[Any], seed: int = 3) -> list[str]:
    r = random.Random(seed)
    words = words_of(letters)
    fields = ["question", "answer", "subject", "askers", "minister", "ministry", "parts"]
    queries = ["pegasus", "minister", "gehackt", "toeslag", "stikstof", "de het", "vraag"]
    queries += [r.choice(words) for _ in range(120)]  # single words
    queries += [" ".join(r.sample(words, r.randint(2, 4))) for _ in range(80)]  # several
    queries += [f"{r.choice(fields)}:{r.choice(words)}" for _ in range(40)]  # one field
    queries += [f"{w[: r.randint(2, 5)]}*" for w in r.sample(words, 40)]  # trailing wildcard
    queries += [f"*{w[-4:]}" for w in r.sample(words, 8)]  # leading wildcard
    queries += [f"{w[:2]}*{w[-2:]}" for w in r.sample(words, 8)]  # inner wildcard
    queries += [f"{w}~1" for w in r.sample(words, 30)]  # fuzzy
    queries += [f"{w[:-1]}~2" for w in r.sample([w for w in words if len(w) > 6], 10)]
    queries += [f"+{a} +{b}" for a, b in (r.sample(words, 2) for _ in range(25))]
    queries += [f"{a} -{b}" for a, b in (r.sample(words, 2) for _ in range(25))]
    queries += [f"+{a} {b} -{c}" for a, b, c in (r.sample(words, 3) for _ in range(15))]
    queries += [f"-{r.choice(words)}" for _ in range(5)]  # prohibited only
    queries += [f"{a}^10 {b}" for a, b in (r.sample(words, 2) for _ in range(15))]  # boosts
    mixed = (r.sample(words, 3) for _ in range(10))
    queries += [f"question:{a} answer:{b}~1 {c}*" for a, b, c in mixed]
    return queries


def run(index: Path, docs: Path, queries: list[str]) -> dict[str, Any]:
    result = subprocess.run(
        ["node", str(SCRIPT), str(index), str(docs)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(result.stdout)


def test_the_test_index_is_cut_into_many_shards(built: tuple[Path, Path, list[Any]]) -> None:
    index, _, letters = built
    manifest = json.loads((index / "manifest.json").read_text())
    assert manifest["documents"] == sum(len(x.pairs) for x in letters) > 2000
    assert len(manifest["dictionary"]) > 50
    split_terms = 0
    for _, _, name in manifest["dictionary"]:
        split_terms += len(json.loads((index / name).read_text())["split"])
    assert split_terms > 10, "no term is split over several posting files"
    assert len(list((index / "p").iterdir())) > 200


def test_sharded_gives_the_whole_index_results_in_order_with_scores(
    built: tuple[Path, Path, list[Any]],
) -> None:
    index, docs, letters = built
    queries = make_queries(letters)
    assert len(queries) > 400
    outcome = run(index, docs, queries)["results"]
    differ = []
    found = 0
    for query, pair in zip(queries, outcome, strict=True):
        whole, shards = pair["whole"], pair["sharded"]
        if whole != shards:
            differ.append((query, str(whole)[:200], str(shards)[:200]))
        elif isinstance(whole, list) and whole:
            found += 1
    assert not differ, f"{len(differ)} of {len(queries)} differ, e.g. {differ[:3]}"
    # The queries must actually find things, or the comparison proves little.
    assert found > 0.8 * len(queries)
    errors = [q for q, p in zip(queries, outcome, strict=True) if isinstance(p["whole"], dict)]
    assert len(errors) < 0.05 * len(queries)


def test_a_query_loads_only_a_few_files(built: tuple[Path, Path, list[Any]]) -> None:
    index, docs, _ = built
    total = sum(1 for _ in index.rglob("*.json"))
    fetched = run(index, docs, ["pegasus"])["fetched"]
    assert 0 < fetched < 0.02 * total


def test_positions_read_in_the_browser_are_the_ones_indexed(
    built: tuple[Path, Path, list[Any]],
) -> None:
    """Phrases read word positions; frequent terms' positions come in several pieces."""
    index, _, letters = built
    expected: dict[str, set[tuple[str, int, tuple[int, ...]]]] = {}
    for letter in letters:
        for pair in letter.pairs:
            for fi, field in enumerate(pair.fields):
                if analysis.FIELD_NAMES[fi] not in analysis.POSITION_FIELDS:
                    continue
                where: dict[str, list[int]] = {}
                for term, position in zip(field.terms, field.positions, strict=True):
                    where.setdefault(term, []).append(position)
                for term, at in where.items():
                    expected.setdefault(term, set()).add((pair.ref, fi, tuple(at)))
    split = set()
    for _, _, name in json.loads((index / "manifest.json").read_text())["dictionary"]:
        shard = json.loads((index / name).read_text())
        split |= {shard["terms"][int(k)] for k in shard["split"]}
    plain = [t for t in sorted(expected) if t not in split]
    terms = sorted(split)[:5] + plain[:: len(plain) // 6][:6] + ["pegasus", "gehackt"]
    assert len([t for t in terms if t in split]) == 5
    result = subprocess.run(
        ["node", str(Path(__file__).with_name("positions_of.js")), str(index)],
        input=json.dumps(terms),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    read = json.loads(result.stdout)
    for term in terms:
        got = {(ref, field, tuple(at)) for ref, field, at in read[term]}
        assert got and got == expected[term], term
