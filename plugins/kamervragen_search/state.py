"""What a build of the sharded index leaves for the next one, so that a rebuild is cheap.

Per letter (in document order) what the documents, filters and field lengths need; per term
(sorted) its document frequency, the size and place of its fragments in the files the build
wrote, and its kind (plain, ending a shard, split); the dictionary ranges; the names of the
document files. The bytes themselves stay in the index's own files: a rebuild reads the
fragments of the terms it must merge from them (checking each file's content against its
name), and copies unchanged neighbours' fragments out of them.

Kept as one pickle in Pelican's cache directory, next to the letters' analyses
(``cache.AnalysisCache``). It names the code that made it (``CODE_VERSION``, the analysis
fingerprint, the limits); any difference, or a file it names missing, and the next build is
a build from nothing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kamervragen_search.postings import Piece

STATE_NAME = "search-index.pickle"


class LetterRow(NamedTuple):
    """One indexed letter: what numbering, documents, filters and lengths need of it."""

    key: str  # the analysis cache's key: fingerprint and sha256 of the letter's JSON
    id: str
    date: str | None
    year: str | None
    pairs: int
    ministries: tuple[str, ...]
    parties: tuple[str, ...]
    lengths: tuple[int, ...]  # per field, summed over the letter's pairs


def order_key(row: LetterRow) -> tuple[str, str]:
    """Documents are in (date, id) order, oldest first (``numbering``)."""
    return (row.date or "", row.id)


@dataclass
class TermTable:
    """Per sorted term: document frequency (entries), the posting and positions fragments'
    lengths (plain terms), kind (``layout``), dictionary cut and step, where its postings are
    (the posting shard's name, or the split term's pieces), where its fragments start in
    its posting shard and in its range's positions file."""

    terms: list[str] = field(default_factory=list)
    df: array = field(default_factory=lambda: array("L"))
    plen: array = field(default_factory=lambda: array("L"))
    qlen: array = field(default_factory=lambda: array("L"))
    kinds: bytearray = field(default_factory=bytearray)
    wcut: bytearray = field(default_factory=bytearray)
    wstep: array = field(default_factory=lambda: array("L"))
    where: list[str | tuple[Piece, ...]] = field(default_factory=list)
    poff: array = field(default_factory=lambda: array("L"))
    qoff: array = field(default_factory=lambda: array("L"))


@dataclass
class IndexState:
    version: str
    letters: list[LetterRow]
    empty: set[str]  # keys of letters without pairs (known, not indexed)
    table: TermTable
    range_start: array  # first term of each dictionary range
    range_files: list[tuple[str, str]]  # (dictionary shard, positions file) per range
    blocks: list[str]
    packs: list[str]
    tables: list[str]
    manifest: str  # sha256 of the manifest written
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # letter file stats

    def names(self) -> list[str]:
        """Every file (relative to the index folder) this state says the index holds."""
        out: list[str] = []
        seen: set[str] = set()
        for item in self.table.where:
            if isinstance(item, str):
                if item not in seen:
                    seen.add(item)
                    out.append(item)
            else:
                for piece in item:
                    out += [piece.posting, piece.positions]
        for w, q in self.range_files:
            out += [w, q]
        out += self.blocks + self.packs + self.tables
        return out


def version(limits: Any, fingerprint: str) -> str:
    """What must be the same for a state to be used: this package's code and the limits."""
    digest = hashlib.sha256(repr(limits).encode())
    digest.update(fingerprint.encode())
    here = Path(__file__).parent
    for name in (
        "sharded.py",
        "postings.py",
        "layout.py",
        "incremental.py",
        "state.py",
        "numbering.py",
        "doc_layout.py",
    ):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def load(path: Path) -> IndexState | None:
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    return state if isinstance(state, IndexState) else None


def save(state: IndexState, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(state, handle, protocol=5)
    os.replace(tmp, path)


def discard(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
