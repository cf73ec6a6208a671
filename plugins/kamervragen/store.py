"""The letter cache: sha256 of the file + the parser's fingerprint -> the parsed letter.

Pelican's reader cache (FileStampDataCacher) keeps every cached result in one pickle that is
loaded whole at the start of a build and written whole at its end; at 100,000 letters that
is gigabytes read and written to change one letter. `LetterReaders` is Pelican's `Readers`
(so `read_file` stays the entry point, stamps are the file's sha256 as with
CHECK_MODIFIED_METHOD = "sha256", CACHE_CONTENT/LOAD_CONTENT_CACHE are honoured) with the
cache in SQLite instead, one row per letter file, in a database named after the parser's
fingerprint (a parser change starts a new cache, as before):

- `line`: the contract object as one compact JSON line (exactly the line `archief.jsonl`
  publishes; loaded with `json.loads` when the letter's pages are rendered);
- `summary`: what the indexes, lists, feeds and threads need (`model.summarize`), so a
  rebuild holds a few hundred bytes per letter in memory, not the letter; it is made by the
  plugin's code, so it is remade from `line` when that code changes (`SUMMARY_CODE`).

A letter that is parsed again (new or changed file) is stored as the reader returned it,
whether it was parsed in this process or in a worker (see `parallel`).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import pickle
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

from pelican.readers import Readers

from parsers import parser_fingerprint

logger = logging.getLogger(__name__)

_PLUGIN = Path(__file__).resolve().parent


def code_fingerprint(*names: str) -> str:
    """Digest of this plugin's modules (all of them without names)."""
    digest = hashlib.sha256()
    paths = [_PLUGIN / n for n in names] if names else sorted(_PLUGIN.glob("*.py"))
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_PARSER = parser_fingerprint()
# The names of the files in a directory (reader.DirectoryListing).
Listing = Callable[[str], Container[str]]


def register_data_fingerprint() -> str:
    """Digest of the register's data files (parties, ministries, people): pages show names
    and links made from them."""
    import parsers

    digest = hashlib.sha256()
    data = Path(parsers.__file__).parent / "register" / "data"
    for path in sorted(data.rglob("*")) if data.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(data).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Summaries are made by model.py (with render.py, browse.py, threads.py and this module's
# LetterRecord).
SUMMARY_CODE = code_fingerprint("model.py", "render.py", "store.py", "browse.py", "threads.py")


class LetterRecord:
    """One letter as the generator holds it: its summary, and the full letter on request.

    `key` names the parse (parser fingerprint, source path, file hash): two records with the
    same key hold the same letter. `problem` is why the letter cannot be shown (a parsed
    letter that does not follow the contract), or None.
    """

    __slots__ = ("path", "stamp", "summary", "problem", "line", "store")

    def __init__(
        self,
        path: str,
        stamp: str,
        summary: dict[str, Any] | None,
        problem: str | None,
        line: bytes | None = None,
        store: LetterStore | None = None,
    ) -> None:
        self.path = path
        self.stamp = stamp
        self.summary = summary
        self.problem = problem
        self.line = line
        self.store = store

    @property
    def key(self) -> str:
        return hashlib.blake2b(
            f"{_PARSER}\0{self.path}\0{self.stamp}".encode(), digest_size=16
        ).hexdigest()

    def json_line(self) -> bytes:
        if self.line is not None:
            return self.line
        assert self.store is not None, "record neither holds nor knows its letter"
        return self.store.fetch(self.path)

    def letter(self) -> dict[str, Any]:
        return json.loads(self.json_line())


def prepare(letter: dict[str, Any], path: str) -> LetterRecord:
    """The record of a freshly parsed letter (runs where the letter was parsed)."""
    from .model import summarize

    line = json.dumps(letter, ensure_ascii=False).encode("utf-8")
    summary, problem = summarize(json.loads(line), path)
    return LetterRecord(path, "", summary, problem, line)


def file_hash(path: str, listing: Listing | None = None) -> str | None:
    """sha256 of the letter file, and of its metadata file where it has one (`listing`:
    see reader.inputs)."""
    from .reader import inputs

    digests = []
    try:
        for name in inputs(path, listing):
            with open(name, "rb") as handle:
                digests.append(hashlib.sha256(handle.read()).hexdigest())
    except OSError:
        return None
    return "+".join(digests)


# Letters' lines read in one query (fetch_many).
FETCH_BATCH = 500
# A file changed less than this long ago may change again within the same mtime tick
# without its signature showing it ("racy" files, as git calls them): not trusted.
RACY_NS = 2_000_000_000


def file_signature(path: str, listing: Listing | None = None) -> str | None:
    """Size, mtime and inode of the letter file and of its metadata file: while these are
    as recorded, the recorded sha256 stands for the file (git and make trust the same), so a
    rebuild does not read 100,000 files to find the one that changed. None when a file is
    missing or changed too recently to be trusted. (`listing`: see reader.inputs.)"""
    from .reader import inputs

    parts = []
    now = time.time_ns()
    try:
        for name in inputs(path, listing):
            st = os.stat(name)
            if now - st.st_mtime_ns < RACY_NS:
                return None
            parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
    except OSError:
        return None
    return "+".join(parts)


class LetterStore:
    """SQLite rows path -> (stamp, JSON line, summary, file signature); one connection per
    process."""

    def __init__(self, directory: str, name: str, persistent: bool, load: bool) -> None:
        if not persistent:  # CACHE_CONTENT off: kept for this build only
            directory = tempfile.mkdtemp(prefix="kamervragen-letters-")
            atexit.register(shutil.rmtree, directory, True)
        os.makedirs(directory, exist_ok=True)
        self.path = os.path.join(directory, name)
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        db = self._connection()
        db.execute(
            "CREATE TABLE IF NOT EXISTS letters (path TEXT PRIMARY KEY, stamp TEXT, line BLOB, "
            "summary BLOB, summary_code TEXT, signature TEXT)"
        )
        columns = {row[1] for row in db.execute("PRAGMA table_info(letters)")}
        if "signature" not in columns:  # a cache made before signatures were kept
            db.execute("ALTER TABLE letters ADD COLUMN signature TEXT")
        db.commit()
        # path -> (stamp, summary blob, summary code, signature)
        self.rows: dict[str, tuple[str, bytes, str, str | None]] = {}
        if load:
            for path, stamp, summary, code, signature in db.execute(
                "SELECT path, stamp, summary, summary_code, signature FROM letters"
            ):
                self.rows[path] = (stamp, summary, code, signature)
        self.pending: list[tuple[str, str, bytes, bytes, str, str | None]] = []
        self.signatures: list[tuple[str, str]] = []  # (signature, path) to record
        self.summaries: list[tuple[bytes, str, str]] = []  # (summary, code, path) to record
        self._held: list[LetterRecord] = []
        self.seen: set[str] = set()

    def _connection(self) -> sqlite3.Connection:
        # A connection must not cross fork(): a worker opens its own (read-only use).
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._pid = os.getpid()
        return self._db

    def fetch(self, path: str) -> bytes:
        row = (
            self._connection()
            .execute("SELECT line FROM letters WHERE path = ?", (path,))
            .fetchone()
        )
        if row is None:
            raise KeyError(f"{path} is not in the letter cache {self.path}")
        return row[0]

    def fetch_many(self, paths: list[str]) -> dict[str, bytes]:
        """The lines of many letters, a few queries for all (archief.jsonl reads every
        letter's line: one query each was a quarter of making it)."""
        found: dict[str, bytes] = {}
        db = self._connection()
        for start in range(0, len(paths), FETCH_BATCH):
            part = paths[start : start + FETCH_BATCH]
            query = f"SELECT path, line FROM letters WHERE path IN ({','.join('?' * len(part))})"
            found.update(db.execute(query, part))
        missing = [path for path in paths if path not in found]
        if missing:
            raise KeyError(f"{missing[0]} is not in the letter cache {self.path}")
        return found

    def add(self, record: LetterRecord, signature: str | None = None) -> None:
        assert record.line is not None
        blob = pickle.dumps((record.summary, record.problem), protocol=5)
        row = (record.path, record.stamp, record.line, blob, SUMMARY_CODE, signature)
        self.pending.append(row)
        record.store = self
        self._held.append(record)
        if len(self.pending) >= 256:
            self.flush()

    def sign(self, path: str, signature: str) -> None:
        """Record the signature of a file whose hash was found unchanged (a touched file,
        a fresh clone): the next build trusts it without reading the file."""
        self.signatures.append((signature, path))
        stamp, summary, code, _ = self.rows[path]
        self.rows[path] = (stamp, summary, code, signature)

    def flush(self) -> None:
        if self.signatures:
            db = self._connection()
            with db:
                db.executemany("UPDATE letters SET signature = ? WHERE path = ?", self.signatures)
            self.signatures.clear()
        if self.summaries:
            db = self._connection()
            with db:
                db.executemany(
                    "UPDATE letters SET summary = ?, summary_code = ? WHERE path = ?",
                    self.summaries,
                )
            self.summaries.clear()
        if not self.pending:
            return
        db = self._connection()
        with db:
            db.executemany("INSERT OR REPLACE INTO letters VALUES (?, ?, ?, ?, ?, ?)", self.pending)
        for row in self.pending:
            self.rows[row[0]] = (row[1], row[3], row[4], row[5])
        self.pending.clear()
        for record in self._held:  # stored: read back when its pages are rendered
            record.line = None
        self._held.clear()

    def update_summary(self, record: LetterRecord) -> None:
        """Keep a summary remade after a plugin change (written with the next batch: after
        a change every letter's is remade, and a commit each took longer than the remaking)."""
        blob = pickle.dumps((record.summary, record.problem), protocol=5)
        self.summaries.append((blob, SUMMARY_CODE, record.path))
        self.rows[record.path] = (record.stamp, blob, SUMMARY_CODE, self.rows[record.path][3])
        if len(self.summaries) >= 1024:
            self.flush()

    def prune(self) -> None:
        """Forget files no longer in content/ (the cache would otherwise only grow)."""
        self.flush()
        gone = [path for path in self.rows if path not in self.seen]
        if gone:
            db = self._connection()
            with db:
                db.executemany("DELETE FROM letters WHERE path = ?", ((p,) for p in gone))
            for path in gone:
                del self.rows[path]

    def disconnect(self) -> None:
        """Close this process's connection (before forking: a connection must not be
        shared with a child); the next use opens a new one."""
        self.flush()
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None

    def forget_other_caches(self, prefix: str) -> None:
        """Remove letter caches of other parser versions (each may be a gigabyte)."""
        directory, name = os.path.split(self.path)
        for other in os.listdir(directory):
            if other.startswith(prefix) and not other.startswith(name):
                try:
                    os.remove(os.path.join(directory, other))
                except OSError:
                    pass


class LetterReaders(Readers):
    """Pelican's Readers with the letter cache in a `LetterStore` (see the module docstring).

    `read_file` is Pelican's own; only the three cache methods it calls are replaced. The
    reader's metadata carries a `LetterRecord` under "letter", cached or fresh.
    """

    def __init__(self, settings: dict[str, Any], cache_name: str) -> None:
        # cache_name "" keeps Pelican from loading its pickle; the store replaces it.
        super().__init__(settings, "")
        layer = settings.get("CONTENT_CACHING_LAYER") == "reader"
        persistent = bool(layer and settings.get("CACHE_CONTENT"))
        load = bool(persistent and settings.get("LOAD_CONTENT_CACHE"))
        self.base = os.path.abspath(settings.get("PATH") or os.getcwd())
        self.store = LetterStore(settings["CACHE_PATH"], f"{cache_name}.sqlite", persistent, load)
        if persistent:
            self.store.forget_other_caches(cache_name.rsplit("-", 1)[0] + "-")
        # Hash every letter file, not trusting recorded signatures (KAMERVRAGEN_VERIFY).
        self.verify = bool(settings.get("KAMERVRAGEN_VERIFY"))
        self._stamps: dict[str, tuple[str | None, str | None]] = {}
        # The letter directories' files, listed once a build (see reader.inputs).
        from .reader import DirectoryListing

        self.listing = DirectoryListing()

        # relative path -> (summary blob, its (summary, problem)), decoded by `read_ahead`.
        self._decoded: dict[str, tuple[bytes, tuple[Any, Any]]] = {}

    def read_ahead(self, filenames: list[str], workers: int) -> None:
        """Before `get_cached_data` is asked for each of these files: their signatures are
        checked in a forked process (parallel.background) while this one decodes their
        cached summaries, the two halves of finding a letter unchanged (at 100,000
        letters, 100,000 stats and as many summaries), on two cores instead of one.

        A file whose signature is as recorded gets its recorded stamp, as
        `_get_file_stamp` would give it; any other file (and every file, should the
        check fail) is looked at by `_get_file_stamp` as before."""
        from . import parallel

        rows = self.store.rows
        check = None
        if not self.verify and rows:

            def unsigned() -> list[str]:
                found = []
                for filename in filenames:
                    row = rows.get(self.relative(filename))
                    signature = file_signature(filename, self.listing)
                    if row is None or signature is None or row[3] != signature:
                        found.append(filename)
                return found

            check = parallel.background(unsigned, workers)
        for filename in filenames:
            relative = self.relative(filename)
            row = rows.get(relative)
            if row is not None and row[2] == SUMMARY_CODE and relative not in self._decoded:
                self._decoded[relative] = (row[1], pickle.loads(row[1]))
        if check is None:
            return
        try:
            changed = set(check())
        except Exception as error:  # noqa: BLE001 - looked at one by one instead
            logger.debug("Letter signature check failed (%s): checking here", error)
            return
        for filename in filenames:
            if filename not in changed and filename not in self._stamps:
                row = rows[self.relative(filename)]
                self._stamps[filename] = (row[0], row[3])

    def relative(self, path: str) -> str:
        if path.startswith(self.base + os.sep):  # the usual case, without relpath's work
            return path[len(self.base) + 1 :].replace(os.sep, "/")
        return os.path.relpath(path, self.base).replace(os.sep, "/")

    def stamp(self, filename: str) -> str | None:
        """The file's stamp (sha256, with its metadata file's), found once per build."""
        return self._get_file_stamp(filename)

    def _get_file_stamp(self, filename: str, relative: str = "") -> str | None:
        """The recorded sha256 while the file's signature is as recorded; else the file's
        hash now (its signature recorded when the hash is unchanged)."""
        found = self._stamps.get(filename)
        if found is None:
            relative = relative or self.relative(filename)
            row = self.store.rows.get(relative)
            signature = file_signature(filename, self.listing)
            if row is not None and signature is not None and row[3] == signature:
                stamp = row[0] if not self.verify else file_hash(filename, self.listing)
            else:
                stamp = file_hash(filename, self.listing)
                if row is not None and signature is not None and stamp == row[0]:
                    self.store.sign(relative, signature)
            found = self._stamps[filename] = (stamp, signature)
        return found[0]

    def get_cached_data(self, filename: str, default: Any = None) -> Any:
        relative = self.relative(filename)
        self.store.seen.add(relative)
        row = self.store.rows.get(relative)
        stamp = self._get_file_stamp(filename, relative)
        if row is None or stamp is None or row[0] != stamp:
            return default
        if row[2] == SUMMARY_CODE:
            decoded = self._decoded.pop(relative, None)
            if decoded is not None and decoded[0] is row[1]:
                summary, problem = decoded[1]
            else:
                summary, problem = pickle.loads(row[1])
            record = LetterRecord(relative, stamp, summary, problem, store=self.store)
        else:  # the plugin changed: remake the summary from the letter
            from .model import summarize

            record = LetterRecord(relative, stamp, None, None, store=self.store)
            record.summary, record.problem = summarize(record.letter(), relative)
            self.store.update_summary(record)
        return "", {"letter": record}

    def cache_data(self, filename: str, data: Any) -> None:
        _, metadata = data
        record = metadata["letter"]
        record.stamp = self._get_file_stamp(filename) or ""
        self.store.add(record, self._stamps[filename][1])

    def save_cache(self) -> None:
        self.store.prune()
