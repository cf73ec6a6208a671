"""One write path for every file the site writes, and a record of what the last build wrote.

Why: at archive size most of a rebuild's output is what the previous build already wrote.
Every output file is written through `Output`, under a **unit** (a group of files decided
together: one letter's pages, one list with all its pages, the search files) with a
**key**: a digest of everything the unit's files are made from. When the key matches what
the last build recorded and the unit's first and last files are still on disk as written
(same size and mtime), the unit is kept without rendering anything; otherwise it is
produced, and inside it each file is written only if its own key changed or the file is not
as it was left. Files that the last build recorded and this build neither wrote nor kept are
removed (a letter taken out of content/ takes its pages with it), then directories left
empty.

What is checked on disk: a kept unit's first and last files (so a deleted output/, a
deleted letter folder, Pelican's DELETE_OUTPUT_DIRECTORY, a page removed by hand are seen
with two stats per unit instead of one per file: at 100,000 letters 0.26 million instead of
1.2 million). A file changed by hand inside a kept unit (not its first or last) is not
seen; `verify=True` (the setting KAMERVRAGEN_VERIFY) checks every file, and a build that
did not finish (it stopped after writing files, before saving the record) makes the next
one check every file too.

Keys are made generally (`page_key`): the build's salt (the plugin's and the parser's code,
Pelican's and Jinja's versions), the template and every template it extends, imports or
includes (`TemplateFingerprints`), the site context the template sees (settings and the
plugin's small globals), the page's path and the page's **full template context** through
`fingerprint`. So a page that shows other letters (a list, a timeline, a statistic) changes
key when what it shows changes, without special cases: the objects a template can reach
say what they are made of in `__fingerprint__` (see `model.LetterView`, `model.Group`).

Other plugins write through the same path: `Output.active(output_path)` returns the running
build's `Output` (None outside a build), and `with out.unit("search"): out.write(path,
data)` writes a file only when its bytes changed and records it, so it is removed when a
later build no longer writes it. `out.keep(path)` records a file that is already there (a
content-hashed shard). The record is kept in CACHE_PATH (SQLite, one row per unit).

Files written without `Output` (Pelican's theme files, pages other plugins render with
Pelican's writer) are never recorded and never removed by it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

logger = logging.getLogger(__name__)
_writer_log = logging.getLogger("pelican.writers")

RECORD_NAME = "kamervragen-output.sqlite"


class OutputError(RuntimeError):
    """Two units claimed one file, or a unit wrote outside the output directory."""


# --- fingerprints ----------------------------------------------------------------------------
_HANDLERS: dict[type, Callable[[Any], Any]] = {}


def register_fingerprint(cls: type, handler: Callable[[Any], Any]) -> None:
    """Teach `fingerprint` a type that cannot carry `__fingerprint__` (a library's class).

    The handler returns any value `fingerprint` understands (usually a tuple or a digest).
    """
    _HANDLERS[cls] = handler


def digest(*parts: Any) -> str:
    """Short stable digest of strings/bytes/ints (for keys built by hand)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def plain_digest(value: Any) -> str:
    """Digest of plain data only (str, int, float, bool, None, dates, and tuples, lists and
    dicts of them), by its repr: what `fingerprint` covers, several times faster, for keys
    made once per letter or over every letter (a dict's order counts, as in `fingerprint`).
    Anything else (an object whose repr shows its address or leaves out what a template
    reads) must go through `fingerprint`."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def fingerprint(value: Any) -> str:
    """Digest of everything a template can read from `value`.

    Plain data (None, bool, int, float, str and Markup, bytes, dates, lists, tuples, dicts,
    sets) is hashed by value; dataclasses by their fields; other objects must define
    `__fingerprint__()` (returning any value this function understands) or be registered
    with `register_fingerprint`. Anything else raises TypeError, so a new kind of object
    in a page's context cannot be left out of its key by accident.
    """
    h = hashlib.blake2b(digest_size=16)
    _feed(h, value)
    return h.hexdigest()


def _feed(h: Any, value: Any) -> None:
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")
        h.update(b"s" + len(data).to_bytes(8, "little") + data)
        return
    method = getattr(kind, "__fingerprint__", None)
    if method is not None:
        h.update(b"o" + kind.__qualname__.encode() + b":")
        _feed(h, method(value))
        return
    update = h.update
    if value is None or kind is bool:
        update(b"N" if value is None else (b"T" if value else b"F"))
    elif isinstance(value, str):  # Markup and other str subclasses
        _feed(h, str(value))
    elif isinstance(value, int | float):
        update(b"n" + repr(value).encode() + b";")
    elif isinstance(value, bytes):
        update(b"b" + len(value).to_bytes(8, "little") + value)
    elif isinstance(value, list | tuple):
        update(b"[" + len(value).to_bytes(8, "little"))
        for item in value:
            _feed(h, item)
    elif isinstance(value, dict):
        update(b"{" + len(value).to_bytes(8, "little"))
        for key, item in value.items():
            _feed(h, key)
            _feed(h, item)
    elif isinstance(value, set | frozenset):
        items = sorted(fingerprint(x) for x in value)
        update(b"(" + len(items).to_bytes(8, "little") + "".join(items).encode())
    elif isinstance(value, dt.date | dt.datetime | dt.time):
        update(b"d" + value.isoformat().encode() + b";")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        update(b"c" + kind.__qualname__.encode() + b":")
        for name in _field_names(kind):
            _feed(h, name)
            _feed(h, getattr(value, name))
    else:
        for cls in kind.__mro__:
            handler = _HANDLERS.get(cls)
            if handler is not None:
                update(b"h" + cls.__qualname__.encode() + b":")
                _feed(h, handler(value))
                return
        raise TypeError(
            f"cannot fingerprint {kind.__module__}.{kind.__qualname__}: "
            "give it a __fingerprint__() method or register_fingerprint() its type"
        )


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def settings_fingerprint(values: dict[str, Any]) -> str:
    """Digest of settings-like values; code objects count by name (their addresses vary)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            items = [plain(v) for v in value]
            return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
        if value is None or isinstance(value, str | int | float | bool | dt.date):
            return value
        name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
        module = getattr(value, "__module__", None) or ""
        return f"<{module}.{name or type(value).__qualname__}>"

    return fingerprint({k: plain(values[k]) for k in sorted(values)})


class TemplateFingerprints:
    """Digest per template: its source and that of every template it extends, imports or
    includes, so editing base.html re-renders every page while editing pair.html re-renders
    pair pages only. A template that names another by a variable counts every template."""

    def __init__(self, env: Any) -> None:
        self.env = env
        self._memo: dict[str, str] = {}
        self._all: str | None = None

    def _source(self, name: str) -> str:
        source, _, _ = self.env.loader.get_source(self.env, name)
        return source

    def everything(self) -> str:
        """Digest of every template of the environment."""
        if self._all is None:
            self._all = digest(*(f"{n}\0{self._source(n)}" for n in self.env.list_templates()))
        return self._all

    def __call__(self, name: str) -> str:
        from jinja2 import meta

        if name in self._memo:
            return self._memo[name]
        seen: dict[str, str] = {}
        pending = [name]
        dynamic = False
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            source = self._source(current)
            seen[current] = source
            for ref in meta.find_referenced_templates(self.env.parse(source)):
                if ref is None:
                    dynamic = True
                else:
                    pending.append(ref)
        parts = [f"{n}\0{seen[n]}" for n in sorted(seen)]
        if dynamic:
            parts.append(self.everything())
        self._memo[name] = result = digest(*parts)
        return result


# --- the record and the write path ----------------------------------------------------------
# A file as recorded: (path relative to output/, its key, size, mtime_ns).
FileRecord = tuple[str, str, int, int]


@dataclasses.dataclass
class UnitResult:
    """What producing one unit wrote or kept; built where the unit ran (maybe a worker)."""

    unit: str
    key: str | None
    files: list[FileRecord]
    written: int = 0
    pages: int = 0  # of which HTML pages
    # What else the unit made for the build's own process to keep (list entries: see
    # fragments.py), carried back from the worker that produced it.
    fragments: list[Any] = dataclasses.field(default_factory=list)


class Output:
    """The build's one write path (see the module docstring)."""

    _active: dict[str, Output] = {}

    def __init__(
        self, output_path: str, cache_path: str, load: bool = True, verify: bool = False
    ) -> None:
        self.output_path = os.path.abspath(output_path)
        self.record_path = os.path.join(cache_path, RECORD_NAME)
        self.verify = verify
        self._previous: dict[str, tuple[str | None, list[FileRecord]]] = {}
        self._previous_files: dict[str, tuple[str, FileRecord]] = {}
        self._writing = False
        if load:
            self._previous = self._load()
            # (One comprehension: 1.2 million files at 100,000 letters, a third faster than
            # a loop; as there, a path recorded twice is the later unit's.)
            self._previous_files = {
                record[0]: (unit, record)
                for unit, (_, files) in self._previous.items()
                for record in files
            }
        self.units: dict[str, UnitResult] = {}
        # Files of the units produced in this build -> their unit. A kept unit's files are
        # not listed (at 100,000 letters: 1.2 million): they are its recorded files, which
        # no other unit had, and the units kept are in `_kept`.
        self._owner: dict[str, str] = {}
        self._kept: set[str] = set()
        self._current: UnitResult | None = None
        self.written = self.pages_written = self.kept_units = self.removed = 0
        self.made: set[str] = set()
        self._swept: set[str] = set()
        self.finished = False
        # The units whose checked files are not as recorded, found beside the build (`probe`).
        self._probe: Callable[[], set[str]] | None = None

    # -- registry for other plugins --
    @classmethod
    def active(cls, output_path: str) -> Output | None:
        """The `Output` of the build writing into output_path, while it runs."""
        return cls._active.get(os.path.abspath(output_path))

    def activate(self) -> None:
        Output._active[self.output_path] = self

    # -- record --
    def _connect(self) -> sqlite3.Connection:
        os.makedirs(os.path.dirname(self.record_path), exist_ok=True)
        db = sqlite3.connect(self.record_path)
        db.execute(
            "CREATE TABLE IF NOT EXISTS units (output TEXT, unit TEXT, key TEXT, files BLOB, "
            "PRIMARY KEY (output, unit))"
        )
        # A row here while a build writes into `output`: still here at the next build's
        # start means the last one stopped between writing files and saving the record.
        db.execute("CREATE TABLE IF NOT EXISTS writing (output TEXT PRIMARY KEY)")
        return db

    def _load(self) -> dict[str, tuple[str | None, list[FileRecord]]]:
        try:
            db = self._connect()
            try:
                rows = db.execute(
                    "SELECT unit, key, files FROM units WHERE output = ?", (self.output_path,)
                ).fetchall()
                unfinished = db.execute(
                    "SELECT 1 FROM writing WHERE output = ?", (self.output_path,)
                ).fetchone()
            finally:
                db.close()
        except sqlite3.Error as error:
            logger.warning("Output record %s unreadable (%s): writing everything", self, error)
            return {}
        if unfinished and rows and not self.verify:
            logger.info("%s: the last build did not finish; checking every file", self)
            self.verify = True
        return {unit: (key, pickle.loads(files)) for unit, key, files in rows}

    def begin(self) -> None:
        """Mark the record as being written (before the first file is): see `_load`."""
        try:
            db = self._connect()
            with db:
                db.execute("INSERT OR IGNORE INTO writing VALUES (?)", (self.output_path,))
            db.close()
            self._writing = True
        except sqlite3.Error as error:
            logger.warning("Cannot mark the output record %s: %s", self.record_path, error)

    def __repr__(self) -> str:
        return f"Output({self.output_path})"

    # -- deciding --
    def _intact(self, record: FileRecord) -> bool:
        try:
            st = os.stat(os.path.join(self.output_path, record[0]))
        except OSError:
            return False
        return st.st_size == record[2] and st.st_mtime_ns == record[3]

    def _checked(self, files: list[FileRecord]) -> bool:
        """The unit's first and last files (every file with `verify`) are as written."""
        checked = files if self.verify or len(files) < 3 else (files[0], files[-1])
        return all(self._intact(record) for record in checked)

    def probe(self, workers: int, early: Callable[[], set[str] | None] | None = None) -> None:
        """Start looking at the files every recorded unit is checked by (`unchanged`), in a
        forked process beside the build (parallel.background): at 100,000 letters that is
        a quarter of a million stats, made on the second core while the generator declares
        its units instead of after. Nothing is written to output/ in between, so what is
        found is what `unchanged` would find; anything failing there is looked at here.

        `early`: the result of `broken_units` started before (by the generator, when it
        starts reading: a fork of a small process, see parallel.background)."""
        if self.verify or not self._previous:
            return
        if early is not None:
            self._probe = early
            return
        from . import parallel

        self._probe = parallel.background(self._broken, workers)

    def _broken(self) -> set[str]:
        """The recorded units whose checked files are not as written."""
        return {unit for unit, (_, files) in self._previous.items() if not self._checked(files)}

    def _intact_unit(self, unit: str, files: list[FileRecord]) -> bool:
        if self._probe is not None and not self.verify:
            try:
                broken = self._probe()
                if broken is None:
                    raise ValueError("the record asks for every file to be checked")
                return unit not in broken
            except Exception as error:  # noqa: BLE001 - a failed probe: look here instead
                logger.debug("Output probe failed (%s): checking files here", error)
                self._probe = None
        return self._checked(files)

    def unchanged(self, unit: str, key: str) -> bool:
        """True (and the unit's files are kept) if the last build wrote this unit with this key
        and its first and last files (every file with `verify`) are still as written; the
        caller then skips producing it."""
        previous = self._previous.get(unit)
        if previous is None or previous[0] != key:
            return False
        files = previous[1]
        if not self._intact_unit(unit, files):
            return False
        self._first_time(unit)
        if self._owner:  # units were produced already: none of them may have its files
            for record in files:
                if record[0] in self._owner:
                    owner = self._owner[record[0]]
                    raise OutputError(f"{record[0]} written by {owner} and by {unit}")
        self.units[unit] = UnitResult(unit, key, files)
        self._kept.add(unit)
        self.kept_units += 1
        return True

    @classmethod
    def broken_units(cls, output_path: str, cache_path: str, verify: bool) -> set[str] | None:
        """The recorded units whose first and last files are not as recorded, from the
        record alone (what `probe` looks for; run beside the build before its `Output` is
        made). None when every file is to be checked (`verify`, a build that stopped)."""
        out = cls(output_path, cache_path, load=False, verify=verify)
        out._previous = out._load()
        if out.verify:
            return None
        return out._broken()

    def needs(self, unit: str, key: str) -> bool:
        """Cheap check without claiming (for deciding what to send to workers)."""
        previous = self._previous.get(unit)
        return previous is None or previous[0] != key

    # -- producing --
    @contextmanager
    def unit(self, unit: str, key: str | None = None) -> Iterator[UnitResult]:
        """Collect the files written inside the block as `unit` (key None: no unit-level
        skipping, each file is still written only when its own key changed)."""
        result = self.start(unit, key)
        try:
            yield result
        finally:
            self._current = None
        self.commit(result)

    def start(self, unit: str, key: str | None) -> UnitResult:
        if self._current is not None:
            raise OutputError(f"unit {unit} started inside unit {self._current.unit}")
        self._current = UnitResult(unit, key, [])
        return self._current

    def stop(self) -> UnitResult:
        result, self._current = self._current, None
        assert result is not None
        return result

    def _target(self, relative: str) -> str:
        path = os.path.normpath(os.path.join(self.output_path, relative))
        if not path.startswith(self.output_path + os.sep):
            raise OutputError(f"{relative} is outside {self.output_path}")
        return path

    def _directory(self, directory: str) -> None:
        if directory in self.made:
            return
        os.makedirs(directory, exist_ok=True)
        self.made.add(directory)

    def up_to_date(self, relative: str, key: str) -> bool:
        """True (and the file is kept) if it was written with this key and is as written."""
        previous = self._previous_files.get(relative)
        if previous is None or previous[1][1] != key or not self._intact(previous[1]):
            return False
        self._add(previous[1])
        return True

    def write(
        self,
        relative: str,
        data: Any = None,
        key: str | None = None,
    ) -> bool:
        """Write one file of the current unit unless it is up to date; True if written.

        `data` (str, bytes, or an iterable of byte chunks with a key) may be a callable,
        called only when the file must be written; without a `key`, the key is a digest of
        the data itself (the file is written only when its bytes change).
        """
        if self._current is None:
            raise OutputError(f"{relative}: written outside a unit")
        relative = relative.replace(os.sep, "/")
        if key is None:
            if callable(data):
                data = data()
            raw = data.encode("utf-8") if isinstance(data, str) else data
            assert raw is not None
            key = "c" + hashlib.blake2b(raw, digest_size=16).hexdigest()
            data = raw
        if self.up_to_date(relative, key):
            return False
        if callable(data):
            data = data()
        path = self._target(relative)
        self._directory(os.path.dirname(path))
        # Rewritten in place, then cut to its new length, not truncated to nothing first:
        # ext4 (auto_da_alloc) flushes a file truncated to zero and written again to disk
        # when it is closed, which made every rewritten page wait for the disk (0.2-1 ms,
        # thousands of pages in a one-letter rebuild at archive size). A build stopped
        # halfway leaves the record marked unfinished: the next one checks every file.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        with open(fd, "wb", buffering=0) as handle:
            if isinstance(data, str | bytes):
                size = handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:  # an iterable of byte chunks: a file too large to hold (archief.jsonl)
                size = sum(handle.write(chunk) for chunk in data)
            st = os.fstat(handle.fileno())
            if st.st_size != size:  # what a longer old version had past the new end
                handle.truncate()
                st = os.fstat(handle.fileno())
        _writer_log.info('Writing "%s"', path)
        self._add((relative, key, st.st_size, st.st_mtime_ns))
        self._current.written += 1
        self._current.pages += relative.endswith(".html")
        return True

    def keep(self, relative: str, key: str = "kept") -> bool:
        """Record a file that is already in output/ (e.g. a content-hashed name); False if
        it is not there (the caller writes it)."""
        if self._current is None:
            raise OutputError(f"{relative}: kept outside a unit")
        relative = relative.replace(os.sep, "/")
        if self.up_to_date(relative, key):
            return True
        try:
            st = os.stat(self._target(relative))
        except OSError:
            return False
        self._add((relative, key, st.st_size, st.st_mtime_ns))
        return True

    def _add(self, record: FileRecord) -> None:
        assert self._current is not None
        self._current.files.append(record)

    def commit(self, result: UnitResult) -> None:
        """Take a produced unit into this build's record (also results from workers)."""
        self._claim(result)
        self.written += result.written
        self.pages_written += result.pages

    def _first_time(self, unit: str) -> None:
        """A unit is kept or produced once a build (two declarations of one name are a bug)."""
        if unit in self.units:
            raise OutputError(f"unit {unit} produced twice")

    def _claim(self, result: UnitResult) -> None:
        self._first_time(result.unit)
        for record in result.files:
            owner = self._owner.setdefault(record[0], result.unit)
            if owner == result.unit:
                previous = self._previous_files.get(record[0])
                if previous is not None and previous[0] in self._kept:
                    owner = previous[0]  # a kept unit's file
            if owner != result.unit:
                raise OutputError(f"{record[0]} written by {owner} and by {result.unit}")
        self.units[result.unit] = result

    def owns(self, relative: str) -> bool:
        """True if this build wrote or kept the file (a path relative to output/)."""
        if relative in self._owner:
            return True
        previous = self._previous_files.get(relative)
        return previous is not None and previous[0] in self._kept

    # -- finishing --
    def sweep(self, prefix: str = "") -> None:
        """Remove files the last build recorded under units named `prefix`... that this build
        did not write or keep (a plugin calls it once all its units are done)."""
        kept, owner, swept = self._kept, self._owner, self._swept
        # By unit, not by file: a kept unit's files (nearly all of 1.2 million at archive
        # size) are not looked at.
        stale = [
            record[0]
            for unit, (_, files) in self._previous.items()
            if unit not in kept and unit.startswith(prefix)
            for record in files
            if record[0] not in owner and record[0] not in swept
        ]
        self._swept.update(stale)
        self._remove(stale)

    def finish(self) -> None:
        """Remove what the last build wrote and this one did not; save the record."""
        if self.finished:
            return
        self.finished = True
        Output._active.pop(self.output_path, None)
        self.sweep()
        self._save()
        logger.info(
            "kamervragen: %d file(s) written, %d unit(s) unchanged, %d stale file(s) removed",
            self.written,
            self.kept_units,
            self.removed,
        )

    def _remove(self, stale: list[str]) -> None:
        directories: set[str] = set()
        for relative in stale:
            path = os.path.join(self.output_path, relative)
            try:
                os.remove(path)
                self.removed += 1
                _writer_log.info('Removing "%s"', path)
            except FileNotFoundError:
                pass
            except OSError as error:
                logger.warning("Cannot remove stale %s: %s", path, error)
            directories.add(os.path.dirname(path))
        for directory in sorted(directories, key=len, reverse=True):
            while directory.startswith(self.output_path + os.sep):
                try:
                    os.rmdir(directory)
                except OSError:
                    break
                directory = os.path.dirname(directory)

    def _save(self) -> None:
        changed = [
            result
            for unit, result in self.units.items()
            if unit not in self._kept and self._previous.get(unit) != (result.key, result.files)
        ]
        gone = [unit for unit in self._previous if unit not in self.units]
        try:
            db = self._connect()
            with db:
                db.executemany(
                    "DELETE FROM units WHERE output = ? AND unit = ?",
                    ((self.output_path, unit) for unit in gone),
                )
                db.executemany(
                    "INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?)",
                    (
                        (self.output_path, r.unit, r.key, pickle.dumps(r.files, protocol=5))
                        for r in changed
                    ),
                )
                db.execute("DELETE FROM writing WHERE output = ?", (self.output_path,))
            db.close()
        except sqlite3.Error as error:
            logger.warning("Cannot save the output record %s: %s", self.record_path, error)

    def previous_units(self, prefix: str) -> list[str]:
        """The units the last build recorded whose names start with `prefix`."""
        return [unit for unit in self._previous if unit.startswith(prefix)]

    def relative(self, path: str) -> str:
        """A path under output/ as this record names it."""
        return os.path.relpath(os.path.abspath(path), self.output_path).replace(os.sep, "/")

    def files(self) -> Iterable[str]:
        """Every file this build wrote or kept (relative paths)."""
        yield from self._owner
        for unit in self._kept:
            for record in self.units[unit].files:
                yield record[0]
