"""Letter entries of the list pages, rendered once and kept between builds.

Why: lists are newest first and paginated from the top, so a letter added (or removed)
anywhere in a list moves every older letter of it one place, on every page after it: at
100,000 letters a one-letter rebuild writes 8,000-11,000 list pages again, and three
quarters of a list page's rendering is its 25 entries, which did not change. So the theme's
list macro renders each entry through `list_entry(macro, item, *args)` (a Jinja global this
module provides), which returns the entry as the macro rendered it for this letter before,
when nothing it is made of changed, and renders (and keeps) it otherwise. A page assembled
this way is byte for byte the page rendered without it (`KAMERVRAGEN_FRAGMENTS = False`
renders every entry; a test compares the two).

What an entry's stamp covers: the letter's `__fingerprint__` (its parse, title, thread and
timeline: what a list shows of it), the macro's name and arguments, the page's SITEURL
(relative URLs differ by page depth), and the fragment salt: the build's salt (the plugin's
and parser's code, the settings and globals templates see) with every template of the
theme. So an entry macro may read its arguments, the letter, the settings and SITEURL; not
the page's own context (its number, its URL), which the stamp does not cover.

Where they are kept: `CACHE_PATH/kamervragen-fragments.sqlite`, one row per letter and
variant (macro, arguments, SITEURL) holding the stamp and the HTML, so the table holds at
most a few rows per letter (a row whose stamp is stale is replaced); rows of letters no
longer in the archive are removed at the end of a build that lost letters. Workers read
the rows of a page's letters in one query before rendering it and send the entries they
rendered back with their results; the build's own process writes them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from .output import digest

logger = logging.getLogger(__name__)

NAME = "kamervragen-fragments.sqlite"
# Entries held in a process's memory at most (then forgotten, and read again when needed).
MEMO_MAX = 60_000
# Entries written to the table in one transaction.
STORE_BATCH = 5_000

# (letter id, variant, stamp, html)
Fragment = tuple[str, str, str, str]


class FragmentCache:
    """The entries kept between builds, and those rendered in this process (see above)."""

    def __init__(self, cache_path: str, enabled: bool = True) -> None:
        self.path = os.path.join(cache_path, NAME)
        self.enabled = enabled
        self.salt = ""
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        # (letter, variant) -> (stamp, html): what this process read or rendered.
        self._memo: dict[tuple[str, str], tuple[str, str]] = {}
        self._loaded: set[str] = set()  # letters whose rows were read into _memo
        self._new: list[Fragment] = []  # rendered here, not yet stored
        self._pending: list[Fragment] = []  # to be written (build's process)
        self._variants: dict[tuple[Any, ...], str] = {}
        self.rendered = self.reused = self.reused_total = 0

    # -- the table --
    def _connection(self) -> sqlite3.Connection:
        # A connection must not cross fork(): a worker opens its own.
        if self._db is None or self._pid != os.getpid():
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            # A cache: a transaction lost to a power cut costs a render, not the file.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS fragments (letter TEXT, variant TEXT, stamp TEXT, "
                "html TEXT, PRIMARY KEY (letter, variant)) WITHOUT ROWID"
            )
            self._pid = os.getpid()
        return self._db

    def disconnect(self) -> None:
        """Close this process's connection (before forking workers)."""
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None

    def begin(self, salt: str) -> None:
        """A build starts: `salt` covers the code, settings and templates."""
        self.salt = salt
        self._memo.clear()
        self._loaded.clear()
        self._new.clear()
        self._pending.clear()
        self._variants.clear()
        self.rendered = self.reused = self.reused_total = 0

    def prefetch(self, letters: Iterable[Any]) -> None:
        """Read the kept entries of these letters (one query for a page's letters)."""
        if not self.enabled:
            return
        wanted = [x.id for x in letters if getattr(x, "id", None) not in self._loaded]
        if not wanted:
            return
        if len(self._memo) > MEMO_MAX:
            self._memo.clear()
            self._loaded.clear()
        self._loaded.update(wanted)
        try:
            rows = (
                self._connection()
                .execute(
                    "SELECT letter, variant, stamp, html FROM fragments WHERE letter IN "
                    f"({','.join('?' * len(wanted))})",
                    wanted,
                )
                .fetchall()
            )
        except sqlite3.Error as error:
            logger.warning("Fragment cache %s unreadable (%s): rendering entries", self, error)
            return
        for letter, variant, stamp, html in rows:
            self._memo.setdefault((letter, variant), (stamp, html))

    def entry(self, siteurl: str, macro: Any, item: Any, args: tuple[Any, ...]) -> Markup:
        """`macro(item, *args)` as rendered, from the cache when its stamp is current."""
        method = getattr(type(item), "__fingerprint__", None)
        if not self.enabled or method is None or not isinstance(getattr(item, "id", None), str):
            return macro(item, *args)
        try:
            variant = self._variants[(macro.name, siteurl, args)]
        except KeyError:
            variant = self._variants[(macro.name, siteurl, args)] = digest(
                macro.name, siteurl, repr(args)
            )
        except TypeError:  # arguments that cannot be a dict key
            variant = digest(macro.name, siteurl, repr(args))
        stamp = self.salt + str(method(item))
        found = self._memo.get((item.id, variant))
        if found is not None and found[0] == stamp:
            self.reused += 1
            return Markup(found[1])
        html = macro(item, *args)
        self._memo[(item.id, variant)] = (stamp, str(html))
        self._new.append((item.id, variant, stamp, str(html)))
        return html

    def take_new(self) -> tuple[list[Fragment], int]:
        """The entries rendered in this process since the last call (to be stored), and how
        many were taken from the cache meanwhile."""
        new, self._new = self._new, []
        reused, self.reused = self.reused, 0
        return new, reused

    def store(self, fragments: list[Fragment], flush: bool = False) -> None:
        """Keep entries rendered in this build (in the build's own process; written in
        batches, and with `flush`)."""
        self.rendered += len(fragments)
        if self.enabled:
            self._pending.extend(fragments)
        if not self._pending or not (flush or len(self._pending) >= STORE_BATCH):
            return
        pending, self._pending = self._pending, []
        try:
            db = self._connection()
            with db:
                db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?, ?, ?)", pending)
        except sqlite3.Error as error:
            logger.warning("Cannot keep list entries in %s: %s", self.path, error)

    def prune(self, letters: Iterable[str]) -> None:
        """Remove the entries of letters not in `letters` (the archive's letters now)."""
        try:
            db = self._connection()
            with db:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS current (id TEXT PRIMARY KEY)")
                db.execute("DELETE FROM current")
                db.executemany("INSERT OR IGNORE INTO current VALUES (?)", ((x,) for x in letters))
                db.execute("DELETE FROM fragments WHERE letter NOT IN (SELECT id FROM current)")
                db.execute("DELETE FROM current")
        except sqlite3.Error as error:
            logger.warning("Cannot prune list entries in %s: %s", self.path, error)

    def __repr__(self) -> str:
        return f"FragmentCache({self.path})"


def jinja_global(cache: FragmentCache) -> Any:
    """`list_entry(macro, item, *args)` for the templates: `macro(item, *args)`, kept."""

    @pass_context
    def list_entry(context: Any, macro: Any, item: Any, *args: Any) -> Markup:
        return cache.entry(str(context.get("SITEURL", "")), macro, item, args)

    return list_entry
