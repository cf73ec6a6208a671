"""Each letter's index terms, kept between builds: a rebuild tokenizes only new or changed letters.

Keyed by the sha256 of the letter's published JSON and a fingerprint of the code and data
that make the terms (this package's analysis modules and word list), so a change to either
makes them again. One SQLite file in Pelican's cache directory; entries no build asked for
are dropped at the end of a build. New letters are analysed in a process pool when there are
many (a first build of a large archive).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Iterable
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

    def analyze(
        self, letters: Iterable[bytes], workers: int | None = None
    ) -> list[analysis.AnalyzedLetter]:
        """The analyses of these letters (each the bytes of its JSON), in the same order."""
        prefix = fingerprint()
        keys = []
        blobs: dict[str, bytes] = {}
        todo: dict[str, bytes] = {}
        for data in letters:
            key = f"{prefix}:{hashlib.sha256(data).hexdigest()}"
            keys.append(key)
            if key in blobs or key in todo:
                continue
            row = None
            if self.db is not None:
                row = self.db.execute("SELECT data FROM letters WHERE key = ?", (key,)).fetchone()
            if row is not None:
                blobs[key] = row[0]
            else:
                todo[key] = data
        self.hits = len(blobs)
        self.misses = len(todo)
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
            del fresh
        if self.db is not None:
            # Keep only what this build used.
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM used")
            self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in keys))
            self.db.execute("DELETE FROM letters WHERE key NOT IN (SELECT key FROM used)")
            self.db.commit()
        # Unpickled one by one, each blob let go as soon as it is read: a large build never
        # holds all blobs and all analyses at once.
        loaded: dict[str, analysis.AnalyzedLetter] = {}
        out = []
        for key in keys:
            if key not in loaded:
                loaded[key] = pickle.loads(blobs.pop(key))
            out.append(loaded[key])
        return out

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
