"""Each letter's index terms, kept between builds: a rebuild tokenizes only new or changed letters.

Keyed by the sha256 of the letter's published JSON and a fingerprint of the code and data
that make the terms (this package's analysis modules and word list), so a change to either
makes them again. One SQLite file in Pelican's cache directory; entries no build asked for
are dropped at the end of a build (``retain``). New letters are analysed in a process pool
when there are many (a first build of a large archive).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from kamervragen_search import analysis

_SOURCES = (
    "analysis.py",
    "compounds.py",
    "documents.py",
    "nl_pipeline.py",
    "numbers.py",
    "data/nl_words.tsv",
)
POOL_FROM = 400  # letters to analyse before a process pool pays off


@cache
def fingerprint() -> str:
    digest = hashlib.sha256(str(analysis.ANALYSIS_VERSION).encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def key_of(sha: str) -> str:
    """The cache key of a letter whose JSON has this sha256."""
    return f"{fingerprint()}:{sha}"


def _analyze(data: bytes) -> bytes:
    return pickle.dumps(analysis.analyze_letter(json.loads(data)), pickle.HIGHEST_PROTOCOL)


class AnalysisCache:
    """sha256 of a letter's JSON -> its pickled ``analysis.AnalyzedLetter``."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("CREATE TABLE IF NOT EXISTS letters (key TEXT PRIMARY KEY, data BLOB)")
        self.hits = 0
        self.misses = 0

    def fetch(
        self,
        keys: Iterable[str],
        source: Callable[[str], bytes] | None = None,
        workers: int | None = None,
    ) -> dict[str, analysis.AnalyzedLetter]:
        """The analyses of these keys: cached ones, and the others analysed from
        ``source(key)`` (the letter's JSON) and cached. Keys neither cached nor given a
        source are left out."""
        blobs: dict[str, bytes] = {}
        todo: dict[str, bytes] = {}
        for key in keys:
            if key in blobs or key in todo:
                continue
            row = None
            if self.db is not None:
                row = self.db.execute("SELECT data FROM letters WHERE key = ?", (key,)).fetchone()
            if row is not None:
                blobs[key] = row[0]
            elif source is not None:
                todo[key] = source(key)
        self.hits += len(blobs)
        self.misses += len(todo)
        if todo:
            workers = workers or os.cpu_count() or 1
            if len(todo) >= POOL_FROM and workers > 1:
                with ProcessPoolExecutor(workers) as pool:
                    made = list(pool.map(_analyze, todo.values(), chunksize=64))
            else:
                made = [_analyze(data) for data in todo.values()]
            fresh = dict(zip(todo, made, strict=True))
            del made, todo
            blobs.update(fresh)
            if self.db is not None:
                self.db.executemany("INSERT OR REPLACE INTO letters VALUES (?, ?)", fresh.items())
                self.db.commit()
            del fresh
        # Unpickled one by one, each blob let go as soon as it is read: a large build never
        # holds all blobs and all analyses at once.
        return {key: pickle.loads(blobs.pop(key)) for key in list(blobs)}

    def retain(self, keys: Iterable[str]) -> None:
        """Keep only these keys' analyses (what this build used)."""
        if self.db is None:
            return
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM used")
        self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in keys))
        self.db.execute("DELETE FROM letters WHERE key NOT IN (SELECT key FROM used)")
        self.db.commit()

    def analyze(
        self, letters: Iterable[bytes], workers: int | None = None
    ) -> list[analysis.AnalyzedLetter]:
        """The analyses of these letters (each the bytes of its JSON), in the same order;
        the cache keeps only these afterwards."""
        by_key: dict[str, bytes] = {}
        keys = []
        for data in letters:
            key = key_of(hashlib.sha256(data).hexdigest())
            keys.append(key)
            by_key.setdefault(key, data)
        self.hits = self.misses = 0
        found = self.fetch(by_key, by_key.__getitem__, workers)
        self.retain(keys)
        return [found[key] for key in keys]

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
