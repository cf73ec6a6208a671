"""Rebuilding the index after letters come and go gives the files a build from nothing gives.

Files are named by their content: a rebuild writes only the files that are new, leaves the
others untouched, and removes the ones no longer named. A letter's terms are cached, so a
rebuild analyses only the letters that changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import golden_letters, synthetic_letters
from invented import invented_letter
from kamervragen_search import sharded
from kamervragen_search.cache import AnalysisCache

SMALL = sharded.Limits(
    posting_bytes=4000, dictionary_bytes=3000, doc_block=20, doc_table=8, pack_blocks=4
)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def build(letters: list[dict], out: Path, cache: AnalysisCache) -> sharded.BuildReport:
    blobs = [json.dumps(x, ensure_ascii=False).encode() for x in letters]
    return sharded.write_index(cache.analyze(blobs, workers=1), out, SMALL, consume=True)


def test_adding_and_removing_letters_gives_the_files_of_a_fresh_build(tmp_path: Path) -> None:
    older = [*golden_letters(), *synthetic_letters(120, seed=5)]
    newest = invented_letter(
        "invented-newest",
        received="2030-01-01",
        questions=[{"number": "1", "text": "Wat kost de nieuwe dijk bij Kampen?"}],
        answers=[{"numbers": ["1"], "text": "De dijk kost 12 miljoen euro."}],
    )
    letters = [*older, newest]
    cache = AnalysisCache(tmp_path / "cache.sqlite")
    live = tmp_path / "live"

    first = build(older, live, cache)
    assert cache.misses == len(older) and first.written == first.files
    before = {p: p.stat().st_mtime_ns for p in live.rglob("*/*.json")}

    added = build(letters, live, cache)
    assert cache.misses == 1 and cache.hits == len(older)  # only the new letter analysed
    assert files(live) == files_of_fresh_build(letters, tmp_path / "fresh-all")
    # Only the files of the new letter's terms (and the last document block and table) are
    # new; all others stay as they were, untouched.
    terms = {
        t
        for p in AnalysisCache(None).analyze([json.dumps(newest).encode()])[0].pairs
        for f in p.fields
        for t in f.terms
    }
    assert 0 < added.written <= 4 * len(terms) + 4 < added.files / 4
    kept = [p for p, t in before.items() if p.exists()]
    assert len(kept) > len(before) / 2
    assert all(p.stat().st_mtime_ns == before[p] for p in kept)

    # An older letter removed (its pairs' numbers shift: more files change, still exact).
    removed = [x for x in letters if x["id"] != letters[len(letters) // 2]["id"]]
    report = build(removed, live, cache)
    assert cache.misses == 0 and report.removed > 0
    assert files(live) == files_of_fresh_build(removed, tmp_path / "fresh-removed")
    cache.close()


def files_of_fresh_build(letters: list[dict], folder: Path) -> dict[str, bytes]:
    cache = AnalysisCache(None)
    build(letters, folder, cache)
    return files(folder)


def test_terms_serialized_in_worker_processes_give_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letters = [*golden_letters(), *synthetic_letters(40, seed=8)]
    serial = files_of_fresh_build(letters, tmp_path / "serial")
    monkeypatch.setattr(sharded, "PARALLEL_FROM", 0)
    monkeypatch.setattr(sharded, "_CHUNK", 500)
    monkeypatch.setattr(sharded.os, "cpu_count", lambda: 2)
    assert files_of_fresh_build(letters, tmp_path / "parallel") == serial
