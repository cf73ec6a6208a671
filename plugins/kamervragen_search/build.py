"""The search index of a published site: from the letters' JSON files to the index files.

A build lists the letter files (``brief/*.json``); a file whose size and modification time
are as the last build saw them is not read again (its sha256 is remembered). With a cache
directory, the last build's state (``state``) lets a rebuild merge only the terms of the
letters that changed (``incremental``); without one, or when the state does not fit the
files, or when so much changed that it would not pay, the index is built from nothing
(``sharded.write_index``). Either way the files are the same.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kamervragen_search import incremental, state
from kamervragen_search.analysis import AnalyzedLetter, Fetch
from kamervragen_search.cache import AnalysisCache, fingerprint, key_of
from kamervragen_search.sharded import (
    BuildReport,
    Limits,
    SiteFiles,
    StaleFiles,
    write_index,
    write_index_streamed,
)

log = logging.getLogger(__name__)
ANALYSES_NAME = "search-terms.sqlite"

FileStats = dict[str, tuple[int, int, str]]  # path -> size, mtime_ns, sha256 ("": no letter)


@dataclass
class Letters:
    """The published letters: their cache keys in file order, and each key's file."""

    keys: list[str]
    paths: dict[str, str]  # full path (a Path for each of 100,000 letters costs ~2 s)
    stats: FileStats


def _listing(root: Path, pattern: str) -> list[tuple[str, str]]:
    """(path relative to root, full path) of the files matching pattern, sorted.

    A pattern of one folder and a file pattern (the site's ``brief/*.json``) is listed with
    ``os.scandir``: at 100,000 letters ``Path.glob``, sorting and ``relative_to`` cost
    seconds a build.
    """
    folder, _, name = pattern.rpartition("/")
    if not any(c in folder for c in "*?[") and "/" not in name:
        base = root / folder if folder else root
        prefix = f"{folder}/" if folder else ""
        try:
            with os.scandir(base) as entries:
                found = [
                    (prefix + e.name, e.path)
                    for e in entries
                    if fnmatch.fnmatchcase(e.name, name)
                    and (name.startswith(".") or not e.name.startswith("."))  # as glob
                    and e.is_file()
                ]
        except OSError:
            return []
        return sorted(found)
    return sorted((p.relative_to(root).as_posix(), str(p)) for p in root.glob(pattern))


def scan_letters(root: Path, pattern: str, known: FileStats) -> Letters:
    """Every published letter's key; files that are not letters are skipped."""
    keys: list[str] = []
    paths: dict[str, str] = {}
    stats: FileStats = {}
    for relative, full in _listing(root, pattern):
        try:
            st = os.stat(full)
        except OSError as error:
            log.warning("search: cannot read %s: %s", full, error)
            continue
        seen = known.get(relative)
        if seen is not None and seen[0] == st.st_size and seen[1] == st.st_mtime_ns:
            sha = seen[2]
        else:
            path = Path(full)
            try:
                data = path.read_bytes()
                letter = json.loads(data)
            except (OSError, ValueError) as error:
                log.warning("search: cannot read %s: %s", path, error)
                continue
            is_letter = isinstance(letter, dict) and letter.get("schema") == "kamervragen/1"
            sha = hashlib.sha256(data).hexdigest() if is_letter else ""
        stats[relative] = (st.st_size, st.st_mtime_ns, sha)
        if sha:
            key = key_of(sha)
            keys.append(key)
            paths[key] = full
    return Letters(keys, paths, stats)


def build(
    root: Path,
    pattern: str,
    out_dir: Path,
    cache_dir: Path | None,
    site: SiteFiles | None = None,
    limits: Limits | None = None,
) -> BuildReport:
    """Build or rebuild the index of the letters root/pattern into out_dir.

    cache_dir: where the letters' analyses and the build's state are kept (None: neither,
    every build from nothing).
    """
    limits = limits or Limits()
    state_path = cache_dir / state.STATE_NAME if cache_dir is not None else None
    previous = state.load(state_path) if state_path is not None else None
    letters = scan_letters(root, pattern, previous.files if previous else {})
    if not letters.keys:
        log.warning("search: no letters found under %s; the index is empty", root)
    version = state.version(limits, fingerprint())
    cache = AnalysisCache(cache_dir / ANALYSES_NAME if cache_dir is not None else None)

    def source(key: str) -> bytes:
        return Path(letters.paths[key]).read_bytes()

    def fetch(keys: list[str]) -> dict[str, AnalyzedLetter]:
        return cache.fetch(keys, source)

    def forked_fetch() -> Fetch:
        """A fetch for a forked process: its own connection to the analyses (SQLite's
        connections must not cross a fork)."""
        own = AnalysisCache(cache.path)
        return lambda keys: own.fetch(keys, source)

    report = None
    try:
        if state_path is not None:
            state.discard(state_path)  # until this build has finished
        why = _unusable(previous, version, letters.keys, out_dir)
        if previous is not None and why is None:
            try:
                report = incremental.update(previous, letters.keys, fetch, out_dir, limits, site)
            except (incremental.NotWorthIt, StaleFiles) as error:
                why = str(error)
        if report is None:
            if why:
                log.info("search: building the index from nothing (%s)", why)
            if cache_dir is not None and len(set(letters.keys)) == len(letters.keys):
                # The analyses are cached: fetched a batch at a time, not all held at once.
                report = write_index_streamed(
                    letters.keys, fetch, out_dir, limits, site, forked_fetch=forked_fetch
                )
            else:
                found = fetch(letters.keys)
                analysed = [found[key] for key in letters.keys]
                del found
                report = write_index(
                    analysed,
                    out_dir,
                    limits,
                    consume=True,
                    site=site,
                    keys=letters.keys if state_path is not None else None,
                )
                del analysed
        cache.retain(letters.keys)
        report.analysed = cache.misses
    finally:
        cache.close()
    if state_path is not None and report.state is not None:
        report.state.version = version
        report.state.files = letters.stats
        state.save(report.state, state_path)
    report.state = None
    return report


def _unusable(
    previous: state.IndexState | None, version: str, keys: list[str], out_dir: Path
) -> str | None:
    """Why the last build's state cannot be the start of this one (None: it can)."""
    if previous is None:
        return "no state of a previous build"
    if previous.version != version:
        return "the search code or its limits changed"
    if len(set(keys)) != len(keys):
        return "two letter files with the same content"
    try:
        manifest = (out_dir / "manifest.json").read_bytes()
    except OSError:
        return "no manifest"
    if hashlib.sha256(manifest).hexdigest() != previous.manifest:
        return "the manifest is not the one the last build wrote"
    if not incremental.worth_it(previous, keys):
        return "too many documents renumbered"
    return None
