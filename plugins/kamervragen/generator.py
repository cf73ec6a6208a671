"""Reads every letter under content/ and writes the archive: letter, pair, index, export pages.

Bad letters are reported (file and reason) and skipped so the rest of the archive still
builds; with KAMERVRAGEN_STRICT the build fails once all of them have been reported.

How a build runs (each step is written so that 100,000 letters fit in memory and a rebuild
after one changed letter does the work of that letter and of the lists it is on):

1. Reading (`generate_context`): the letters the cache lacks are parsed in a process pool
   (parallel.py) while Pelican's `read_file` takes them one by one in file order; cached
   ones come back as summaries (store.py). Letters are held as `LetterView`s over their
   summaries; their text is read from the cache only while their pages are written.
2. Declaring (`generate_output`): every output is declared as a **unit** with a key (see
   output.py): `_letter_unit` per letter (its page, its pair pages, its JSON, its source
   file), `page` for a page, `paginated` for a list (one unit for all its pages, each page
   with a key of its own; made in pieces when long), `export` for files made from many
   letters (archief.jsonl, feeds, sitemap).
3. Writing: units whose key the last build recorded, with their files intact, are kept;
   the rest are produced, in the pool when there are many; each file goes through
   `Output.write`, the one write path. Files of units that no longer exist are removed.

To add a page: call `self.page(path, template, **context)` (or `self.paginated(...)` for a
list) in `generate_output`. The page's key covers its template (and those it extends), the
site settings and its whole context, so pass everything it shows in its context; objects
in it need a `__fingerprint__` (model.py) saying what they are made of. Templates see the
settings (less `BUILD_SETTINGS`) and `SITE_GLOBALS`, not the list of all letters. Declare
in `_declare` (in the order the sitemap should list pages); `generate_output` decides and
writes. Signals: `content_written` is sent for each rendered page, from the process that
rendered it (a worker, in parallel builds).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import markupsafe
from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Page, Paginator
from pelican.utils import get_relative_path, path_to_url

from parsers import ParseError, pair_permalink, parser_fingerprint

from . import archive_pages, exports, parallel
from .fragments import FragmentCache, jinja_global
from .model import (
    DIMENSIONS,
    SAFE_ID,
    Group,
    LetterView,
    build_groups,
    dutch_date,
    fingerprint_letters,
    month_name,
    slugify,
)
from .output import (
    Output,
    TemplateFingerprints,
    UnitResult,
    digest,
    fingerprint,
    plain_digest,
    register_fingerprint,
    settings_fingerprint,
)
from .reader import DEFAULT_EXTENSIONS, LetterReader, choose_source, is_letter_file, read_letter
from .store import LetterReaders, code_fingerprint, register_data_fingerprint

logger = logging.getLogger(__name__)

PAGINATED = ("index", "period", "group")
# Context entries (besides the settings) that every template sees and every key covers.
SITE_GLOBALS = ("kamervragen_feeds", "kamervragen_dimensions")
# Settings about how a build runs, not what it shows: templates do not see them, so keys
# do not cover them (a build with more workers or another cache directory writes the same).
BUILD_SETTINGS = frozenset(
    (
        "KAMERVRAGEN_WORKERS",
        "KAMERVRAGEN_STRICT",
        "KAMERVRAGEN_VERIFY",
        "KAMERVRAGEN_FRAGMENTS",
        "PATH",
        "OUTPUT_PATH",
        "CACHE_PATH",
        "CACHE_CONTENT",
        "LOAD_CONTENT_CACHE",
        "CONTENT_CACHING_LAYER",
        "CHECK_MODIFIED_METHOD",
        "GZIP_CACHE",
        "DELETE_OUTPUT_DIRECTORY",
        "OUTPUT_RETENTION",
        "WRITE_SELECTED",
        "LOG_FILTER",
        "BIND",
        "PORT",
    )
)
# Units of this plugin; their stale files are removed before other plugins read output/.
UNIT_PREFIX = "site/"
# A changed list is made in pieces of this many pages, so that the pages of one long list
# (the index: 4,000 pages at 100,000 letters, most of which move when a letter is added)
# are shared among the workers; it stays one unit, recorded and kept as a whole.
LIST_PIECE = 50


class BadLettersError(RuntimeError):
    """Raised at the end of a strict build that skipped letters; the letters are logged above."""


class _ReadResult:
    """Stands in for Pelican's Content class: the generator only wants the reader's metadata."""

    def __init__(self, content: str, metadata: dict[str, Any], **_: Any) -> None:
        self.metadata = metadata


def _paginator_fingerprint(paginator: Paginator) -> Any:
    return (paginator.name, paginator.url, paginator.per_page, paginator.orphans, paginator.count)


def _page_fingerprint(page: Page) -> Any:
    items = page.object_list
    listed = (
        fingerprint_letters(items)
        if isinstance(items, list) and all(isinstance(x, LetterView) for x in items)
        else items
    )
    return (page.number, page.paginator, listed)


register_fingerprint(Paginator, _paginator_fingerprint)
register_fingerprint(Page, _page_fingerprint)
register_fingerprint(markupsafe.Markup, str)


class _LengthNotShown:
    """A list page's paginator's items: not there, and their number not to be read (see
    `_write_list`); a template that reads it fails loudly instead of going stale."""

    def __len__(self) -> int:
        raise TypeError(
            "a list page's key covers the number of pages, not the number of letters: "
            "pass the number the page shows in its context (first_page)"
        )


@dataclass
class Unit:
    """Output decided as a whole: kept when `key` is as recorded, else `produce`d (in
    `pieces`, which may run in different workers, when it has them)."""

    name: str
    key: str
    produce: Callable[[Output], None]
    pieces: list[Callable[[Output], None]] | None = None
    # Made from every letter (archief.jsonl, the sitemap): produced first, so that at
    # archive size the pool does not end with one worker on a long file while the others
    # wait (archief.jsonl is ~1 GB at 100,000 letters; the gain was not measured apart).
    long: bool = False


class LetterGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The cache name carries the parser's fingerprint: a parser change must not serve
        # letters parsed by the old parser.
        self.readers = LetterReaders(self.settings, f"kamervragen-letters-{parser_fingerprint()}")
        self.reader = LetterReader(self.settings)
        self.extensions = list(self.settings.get("KAMERVRAGEN_EXTENSIONS", DEFAULT_EXTENSIONS))
        for ext in self.extensions:
            self.readers.readers[ext] = self.reader
        for name in PAGINATED:
            self.settings["PAGINATED_TEMPLATES"].setdefault(name, None)
        # Letter text is untrusted input: everything is escaped unless it is Markup from render.
        self.env.autoescape = True
        # Templates do not change during a build: no stat of base.html and macros.html for
        # every page that extends or imports them.
        self.env.auto_reload = False
        self.env.globals["slugify_name"] = slugify
        self.workers = parallel.workers_for(self.settings)
        self.env.globals["dutch_date"] = dutch_date
        # List entries kept between builds (fragments.py); off: every entry rendered.
        self.fragments = FragmentCache(
            self.settings["CACHE_PATH"], bool(self.settings.get("KAMERVRAGEN_FRAGMENTS", True))
        )
        self.env.globals["list_entry"] = jinja_global(self.fragments)
        self.letters: list[LetterView] = []
        self.bad: list[tuple[str, str]] = []
        self.units: list[Unit] = []
        self.urls: list[tuple[str, dt.date | None]] = []
        self.empty: list[tuple[str, str]] = []  # built, but lost their items (parsers.checks)
        self.timings: list[tuple[str, float]] = []
        self.parsed = 0  # letters parsed in this build (not from the cache)
        self._absolutes: dict[str, str] = {}  # letter file (relative) -> its absolute path
        self._output_probe: Callable[[], set[str] | None] | None = None

    # --- reading ---------------------------------------------------------------------------
    def _skip(self, path: str, reason: str) -> None:
        logger.error("Letter skipped: %s: %s", path, reason)
        self.bad.append((path, reason))

    def _letter_files(self) -> list[str]:
        exclude = (
            list(self.settings.get("KAMERVRAGEN_EXCLUDES", []))
            + list(self.settings.get("PAGE_PATHS", []))
            + list(self.settings.get("STATIC_PATHS", []))
        )
        paths = self.settings.get("KAMERVRAGEN_PATHS", [""])
        files = self.get_files(paths, exclude=exclude, extensions=self.extensions)
        return sorted(path for path in files if is_letter_file(path))

    def _absolute(self, path: str) -> str:
        found = self._absolutes.get(path)
        return found if found is not None else os.path.abspath(os.path.join(self.path, path))

    def _read_all(self, files: list[str]) -> Iterable[tuple[str, Any]]:
        """(path, record or exception) per file, in order; misses parsed ahead in the pool."""
        absolute = {path: os.path.abspath(os.path.join(self.path, path)) for path in files}
        self._absolutes = absolute  # (the shown file's, for its stamp: `_absolute`)
        self.readers.read_ahead(list(absolute.values()), self.workers)
        cached = {path: self.readers.get_cached_data(absolute[path]) for path in files}
        misses = [path for path in files if cached[path] is None]
        ahead = None
        if self.workers > 1 and len(misses) >= parallel.PARALLEL_MIN:
            self.readers.store.disconnect()
            base = self.reader.base
            ahead = parallel.parse_ahead(
                [absolute[p] for p in misses], lambda p: read_letter(p, base), self.workers
            )
        pending = set(misses)
        for path in files:
            if path not in pending:
                # Cached: what read_file would return, without its per-file metadata work
                # (defaults, path metadata) that this generator does not use.
                yield path, cached.pop(path)[1]["letter"]
                continue
            self.parsed += 1
            if ahead is not None:
                done, outcome = next(ahead)
                assert done == absolute[path]
                self.reader.prefetched[done] = outcome
            try:
                result = self.readers.read_file(
                    base_path=self.path, path=path, content_class=_ReadResult, context=self.context
                )
            except ParseError as err:
                yield path, err
                continue
            except Exception as err:  # a parser bug: report it, keep building the rest
                logger.debug("Parser failure on %s", path, exc_info=True)
                yield path, err
                continue
            yield path, result.metadata["letter"]

    @contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        """Times a step of the build for the closing log line (where the time goes)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings.append((name, time.perf_counter() - started))

    def generate_context(self) -> None:
        with parallel.gc_paused(), self._phase("read"):
            self._output_probe = self._probe_output()
            self._generate_context()

    def _probe_output(self) -> Callable[[], set[str] | None] | None:
        """The kept units' files looked at beside the build from its start (Output.probe):
        forked now, while the build is small, not once it holds 100,000 letters' views
        (after a fork the build faults on every page it writes)."""
        if self.workers <= 1 or self.settings.get("KAMERVRAGEN_VERIFY"):
            return None
        path, cache = self.output_path, self.settings["CACHE_PATH"]
        return parallel.background(lambda: Output.broken_units(path, cache, False), self.workers)

    def _generate_context(self) -> None:
        parsed: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        for path, record in self._read_all(self._letter_files()):
            if isinstance(record, ParseError):
                self._skip(path, str(record))
                continue
            if isinstance(record, Exception):
                self._skip(path, f"parser raised {type(record).__name__}: {record}")
                continue
            letter_id = record.summary["fields"].get("id")
            if not isinstance(letter_id, str) or not SAFE_ID.match(letter_id):
                self._skip(path, f"id {letter_id!r} cannot be used in a URL")
                continue
            parsed[letter_id].append((path, record))
        self.readers.save_cache()

        for letter_id, candidates in sorted(parsed.items()):
            # One source per letter (official XML, else the PDF, else the first file by name);
            # the PDF, where there is one, is the original shown.
            path, record, shown = choose_source(candidates)
            for other, _ in candidates:
                if other != path:
                    logger.info("Letter %s: %s has the same id; using %s", letter_id, other, path)
            if record.problem:
                self._skip(path, record.problem)
                continue
            view = LetterView.from_record(record, shown)
            view.source_stamp = self.readers.stamp(self._absolute(shown))
            self.letters.append(view)
            if problem := record.summary.get("empty"):
                # Built all the same (its text is on the page); a strict build fails on it.
                logger.error("Letter without items: %s: %s", path, problem)
                self.empty.append((path, problem))

        self.letters.sort(key=lambda x: x.sort_key, reverse=True)
        # Threads, titles and the build date (archive_pages.py), then the browse groups by
        # the register's canonical keys (browse.py).
        self.build_date = archive_pages.prepare(self.letters, self.settings, self.path)
        self.context["kamervragen_build_date"] = self.build_date
        self.groups = build_groups(self.letters)
        self.context["kamervragen_letters"] = self.letters
        self.context["kamervragen_groups"] = self.groups
        self.context["kamervragen_bad_letters"] = self.bad
        self.context["kamervragen_dimensions"] = DIMENSIONS
        siteurl = self.settings["SITEURL"]
        self.context["kamervragen_feeds"] = bool(
            siteurl.startswith(("http://", "https://"))
            and self.settings.get("KAMERVRAGEN_FEEDS", True)
        )

    # --- the one render path ---------------------------------------------------------------
    def _prepare_output(self) -> None:
        self.site_context = {
            k: v for k, v in self.context.items() if k in self.settings and k not in BUILD_SETTINGS
        }
        self.site_context.update({name: self.context[name] for name in SITE_GLOBALS})
        self.site_context["localsiteurl"] = self.context.get("localsiteurl")
        self.relative = self.settings["RELATIVE_URLS"]
        self._template_sources = TemplateFingerprints(self.env)
        # What every file's key starts from: the code that makes files (`code_salt`), and
        # for pages also the settings and globals every template sees (`salt`).
        self.code_salt = digest(
            code_fingerprint(),
            parser_fingerprint(),
            register_data_fingerprint(),
            *(version(name) for name in ("pelican", "jinja2", "markupsafe", "feedgenerator")),
        )
        self.salt = digest(self.code_salt, settings_fingerprint(self.site_context))
        # An entry may come from any template of the theme (macros.html, a theme's own).
        self.fragments.begin(digest(self.salt, self._template_sources.everything()))
        self.templates: dict[str, Any] = {}
        self._template_keys: dict[str, str] = {}
        # Module constants (alive all build: their ids stay theirs) -> their fingerprints.
        self._constants = {id(v): ("constant", fingerprint(v)) for v in DIMENSIONS.values()}
        self._letter_salt: str | None = None

    def template(self, name: str) -> Any:
        compiled = self.templates.get(name)
        if compiled is None:
            compiled = self.templates[name] = self.get_template(name)
        return compiled

    def template_key(self, name: str) -> str:
        """Digest of a template (by Pelican's name, e.g. "letter") and all it extends."""
        key = self._template_keys.get(name)
        if key is None:
            key = self._template_keys[name] = self._template_sources(self.template(name).name)
        return key

    def context_key(self, context: dict[str, Any]) -> str:
        """`fingerprint(context)`, with the dimensions' constant info (on ~15,000 group
        lists at 100,000 letters) hashed once per build."""
        constants = self._constants
        return fingerprint({k: constants.get(id(v), v) for k, v in context.items()})

    def page_key(self, name: str, template: str, context: dict[str, Any]) -> str:
        return digest(self.salt, self.template_key(template), name, fingerprint(context))

    def render(self, name: str, template: str, context: dict[str, Any]) -> str:
        """Render exactly as Pelican's Writer.write_file does (same local context)."""
        compiled = self.template(template)
        localcontext = self.site_context.copy()
        if self.relative:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(context)
        output = compiled.render(localcontext)
        signals.content_written.send(os.path.join(self.output_path, name), context=localcontext)
        return output

    def write_page(
        self,
        out: Output,
        name: str,
        template: str,
        context: dict[str, Any],
        key: str | None = None,
    ) -> None:
        """Render and write one page unless it is up to date. `key`: the page's key when
        the caller has one that covers the page's context (else made from the context)."""
        out.write(
            name,
            lambda: self.render(name, template, context),
            key=key or self.page_key(name, template, context),
        )

    # --- declaring units -------------------------------------------------------------------
    def unit(
        self,
        name: str,
        key: str,
        produce: Callable[[Output], None],
        pieces: list[Callable[[Output], None]] | None = None,
        long: bool = False,
    ) -> None:
        self.units.append(Unit(UNIT_PREFIX + name, key, produce, pieces, long))

    def page(self, name: str, template: str, url: str | None = None, **context: Any) -> None:
        """One page (one unit); `url` is its page_url (and sitemap entry)."""
        if url is not None:
            context["page_url"] = url
            self.urls.append((url, context.pop("lastmod", None)))
        self.unit(
            name,
            self.page_key(name, template, context),
            lambda out: self.write_page(out, name, template, context),
        )

    def paginated(
        self,
        name: str,
        template: str,
        url: str,
        letters: list[LetterView],
        first_page: dict[str, Any] | None = None,
        **context: Any,
    ) -> None:
        """A list over pages as Pelican's writer paginates it: one unit for the whole list,
        each page written only when its own key changed (a long list is made in pieces of
        `LIST_PIECE` pages, shared among the workers).

        `first_page`: context only the first page shows (so the other pages' keys do not
        change with it). The list's key covers everything any of its pages is made from,
        so an unchanged list is kept without making its pages; a changed one makes them
        and writes those whose letters, neighbours or context changed.
        """
        per_page = (
            self.settings["PAGINATED_TEMPLATES"].get(template)
            or self.settings["DEFAULT_PAGINATION"]
        )
        context["page_url"] = url
        self.urls.append((url, None))
        key = digest(
            self.salt,
            self.template_key(template),
            name,
            url,
            per_page,
            self.context_key(context),
            fingerprint(first_page),
            fingerprint_letters(letters),
        )

        def write(out: Output, numbers: range | None = None) -> None:
            self._write_list(
                out, name, template, url, letters, per_page, first_page, context, numbers
            )

        count = Paginator(name, url, letters, self.settings, per_page).num_pages
        pieces = None
        if count > LIST_PIECE:
            pieces = [
                functools.partial(write, numbers=range(start, min(count + 1, start + LIST_PIECE)))
                for start in range(1, count + 1, LIST_PIECE)
            ]
        self.unit("list/" + name, key, write, pieces)

    def _write_list(
        self,
        out: Output,
        name: str,
        template: str,
        url: str,
        letters: list[LetterView],
        per_page: int,
        first_page: dict[str, Any] | None,
        context: dict[str, Any],
        numbers: range | None = None,
    ) -> None:
        """The pages `numbers` of a list (all of them without), each written when its own
        key changed."""
        paginator = Paginator(name, url, letters, self.settings, per_page)
        count = paginator.num_pages
        numbers = numbers or range(1, count + 1)
        # These pages and their neighbours.
        pages = {
            n: paginator.page(n)
            for n in range(max(1, numbers.start - 1), numbers.stop + 1)
            if n <= count
        }
        # A page shows its own letters; of the whole list and of the pages before and after
        # it only the URLs and the number of pages. So its key does not cover letters it does
        # not show, nor the list's length or its neighbours' sizes: a letter added to a list
        # changes the pages it moves (all of them when the number of pages changes); a
        # length the first page shows comes through `first_page`. (`num_pages` was worked
        # out above, while the length could be read.)
        paginator.object_list = _LengthNotShown()
        paginator._count = None
        settings = self.settings
        links = {
            n: Page(p.full_name, p.base_url, _LengthNotShown(), p.number, paginator, settings)
            for n, p in pages.items()
        }
        # The key covers the same as fingerprint(page_context) would, with the parts every
        # page of the list shares made once.
        shared = digest(self.salt, self.template_key(template), self.context_key(context), url)
        shape = (paginator.name, paginator.per_page, paginator.orphans, count)
        fetched: list[int] = []

        def fetch(number: int) -> None:
            """The kept entries of this page and of the pages after it here, in one query:
            the pages after a letter added (or removed) are all written again; one query a
            page was a fifth of making them."""
            if not fetched:
                fetched.append(number)
                rest = range(number, numbers.stop)
                self.fragments.prefetch([x for n in rest for x in pages[n].object_list])

        for number in numbers:
            page = pages[number]
            extra = first_page or {} if number == 1 else {}
            page_context = {
                **context,
                **extra,
                "letters_paginator": paginator,
                "letters_page": page,
                "letters_previous_page": links.get(number - 1),
                "letters_next_page": links.get(number + 1),
            }
            save_as = page.save_as
            key = digest(
                shared,
                save_as,
                fingerprint((shape, number, extra)),
                fingerprint_letters(page.object_list),
            )

            def render(
                save_as: str = save_as,
                page: Page = page,
                page_context: dict = page_context,
                number: int = number,
            ) -> str:
                fetch(number)
                self.fragments.prefetch(page.object_list)  # (read above, unless forgotten)
                return self.render(save_as, template, page_context)

            out.write(save_as, render, key=key)

    def export(self, name: str, key: str, produce: Callable[[], Any], long: bool = False) -> None:
        """A file made from many letters (not from a template); `key` covers its inputs,
        settings it uses included. `long`: made from every letter (see `Unit.long`)."""
        key = digest(self.code_salt, name, key)
        self.unit(name, key, lambda out: out.write(name, produce, key=key), long=long)

    def _letter_unit(self, letter: LetterView) -> None:
        if self._letter_salt is None:  # the same for every letter: made once
            self._letter_salt = digest(
                self.salt, self.template_key("letter"), self.template_key("pair")
            )
        key = digest(self._letter_salt, letter.__fingerprint__())
        # (Its URLs are listed in the sitemap by `_letter_urls`, only where there is one.)
        self.unit(letter.save_as, key, lambda out: self._write_letter(out, letter))

    def _letter_urls(self) -> list[tuple[str, dt.date | None]]:
        """The sitemap entries of every letter: its page and its pair pages."""
        urls = []
        for letter in self.letters:
            urls.append((letter.url, letter.date))
            for slug in letter.pair_slugs:
                urls.append((pair_permalink(letter.id, slug), letter.date))
        return urls

    def _letter_page_key(self, letter: LetterView, name: str, template: str) -> str:
        """The letter page and its pair pages are made from the letter alone (the model code
        is in the salt): the letter's fingerprint covers their context, no walk over it."""
        return digest(self.salt, self.template_key(template), name, letter.__fingerprint__())

    def _write_letter(self, out: Output, letter: LetterView) -> None:
        try:
            name = letter.save_as
            context = {"letter": letter, "page_url": letter.url}
            key = self._letter_page_key(letter, name, "letter")
            self.write_page(out, name, "letter", context, key)
            for pair_page in letter.pair_pages():
                name = pair_page.save_as
                context = {"letter": letter, "pair_page": pair_page, "page_url": pair_page.url}
                self.write_page(
                    out, name, "pair", context, self._letter_page_key(letter, name, "pair")
                )
            out.write(
                letter.json_url,
                lambda: exports.letter_json(letter.letter()),
                key=digest(self.code_salt, "json", letter.content_key, fingerprint(letter.extra)),
            )
            source = letter.source_stamp or letter.content_key
            out.write(
                letter.source_url,
                lambda: exports.read_source(self.path, letter.source_path),
                key=digest("source", letter.source_path, source),
            )
        finally:
            letter.release()

    # --- writing ---------------------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        verify = bool(self.settings.get("KAMERVRAGEN_VERIFY"))
        with parallel.gc_paused(), self._phase("declare"):
            self.output = out = Output(self.output_path, self.settings["CACHE_PATH"], verify=verify)
            out.probe(self.workers, self._output_probe)  # (started when reading started)
            out.activate()
            out.begin()
            self._prepare_output()
            self._declare()
        try:
            with self._phase("write"):
                self._produce(out)
                out.sweep(UNIT_PREFIX)
            logger.info(
                "kamervragen: %d letters (%d parsed), %d units (%d produced, %d files written), "
                "list entries %d rendered, %d kept; %s",
                len(self.letters),
                self.parsed,
                len(self.units),
                len(self.units) - out.kept_units,
                out.written,
                self.fragments.rendered,
                self.fragments.reused_total,
                ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings),
            )
            if self.bad:
                logger.error("%d letter(s) skipped, see the errors above", len(self.bad))
            if (self.bad or self.empty) and self.settings.get("KAMERVRAGEN_STRICT"):
                failed = self.bad + self.empty
                raise BadLettersError(
                    f"strict build: {len(self.bad)} letter(s) could not be read, "
                    f"{len(self.empty)} lost their items: " + ", ".join(path for path, _ in failed)
                )
        except BaseException:
            parallel.gc_release()
            raise
        # Other plugins write through `out` when the build is finalized (the search index);
        # the record is saved after them (connected now, so it runs after their receivers).
        finish = _Finisher(out)
        signals.finalized.connect(finish, weak=False)

    def _produce(self, out: Output) -> None:
        todo = [unit for unit in self.units if not out.unchanged(unit.name, unit.key)]
        todo.sort(key=lambda unit: not unit.long)  # stable: otherwise in declared order
        # A unit's pieces are tasks of their own, next to each other; their results are
        # joined in order into the unit's one result.
        tasks = [(unit, piece) for unit in todo for piece in unit.pieces or (unit.produce,)]

        def produce_one(index: int) -> UnitResult:
            unit, piece = tasks[index]
            out.start(unit.name, unit.key)
            try:
                piece(out)
            finally:
                result = out.stop()
            result.fragments = self.fragments.take_new()
            return result

        self.readers.store.disconnect()
        self.fragments.disconnect()
        joined: UnitResult | None = None
        for result in parallel.produce(len(tasks), produce_one, self.workers):
            new, reused = result.fragments
            self.fragments.store(new)
            self.fragments.reused_total += reused
            result.fragments = []
            if joined is not None and joined.unit == result.unit:
                joined.files.extend(result.files)
                joined.written += result.written
                joined.pages += result.pages
                continue
            if joined is not None:
                out.commit(joined)
            joined = result
        if joined is not None:
            out.commit(joined)
        self.fragments.store([], flush=True)
        # Entries of letters no longer in the archive (only when letters left it).
        names = {unit.name for unit in self.units}
        if any(name not in names for name in out.previous_units(UNIT_PREFIX + "brief/")):
            self.fragments.prune(letter.id for letter in self.letters)
        self.fragments.disconnect()

    def _declare(self) -> None:
        siteurl = self.settings["SITEURL"].rstrip("/")
        absolute = siteurl.startswith(("http://", "https://"))

        for letter in self.letters:
            self._letter_unit(letter)

        counts = {
            "letters": len(self.letters),
            "answers": sum(1 for x in self.letters if x.kind == "answer"),
            "pairs": sum(len(x.pair_slugs) for x in self.letters),
            **{name: len(groups) for name, groups in self.groups.items()},
        }
        self.paginated("index.html", "index", "", self.letters, first_page={"counts": counts})

        by_year: dict[int, list[LetterView]] = defaultdict(list)
        for letter in self.letters:
            if letter.date:
                by_year[letter.date.year].append(letter)
        years = sorted(by_year, reverse=True)
        self.page("jaar/index.html", "years", "jaar/", years=[(y, len(by_year[y])) for y in years])
        for year in years:
            by_month: dict[int, list[LetterView]] = defaultdict(list)
            for letter in by_year[year]:
                by_month[letter.date.month].append(letter)
            # The months' counts on each list's first page only (see period.html).
            months = [(m, month_name(m)) for m in sorted(by_month)]
            counts = {"month_counts": {m: len(by_month[m]) for m in sorted(by_month)}}
            self.paginated(
                f"jaar/{year}/index.html",
                "period",
                f"jaar/{year}/",
                by_year[year],
                first_page=counts,
                period_title=str(year),
                year=year,
                months=months,
            )
            for month, name in months:
                self.paginated(
                    f"jaar/{year}/{month:02d}/index.html",
                    "period",
                    f"jaar/{year}/{month:02d}/",
                    by_month[month],
                    first_page=counts,
                    period_title=f"{name} {year}",
                    year=year,
                    months=months,
                )

        for dimension, info in DIMENSIONS.items():
            groups = self.groups[dimension]
            self.page(
                f"{info['path']}/index.html",
                "overview",
                f"{info['path']}/",
                dimension=dimension,
                dimension_info=info,
                groups=[group.header() for group in groups],
            )
            for group in groups:
                # Its number of letters on the first page only (see group.html).
                self.paginated(
                    f"{group.url}index.html",
                    "group",
                    group.url,
                    group.letters,
                    first_page={"letter_count": len(group.letters)},
                    group=group.header(counted=False),
                    dimension_info=info,
                    feed_url=self._feed_name(group) if absolute else None,
                )

        # Redirects from old slugs and /statistiek/ (archive_pages.py).
        extra_files = archive_pages.write(self.page, self.groups, self.letters, self.build_date)
        for name, text in extra_files.items():
            self.export(name, fingerprint(text), lambda text=text: text)

        self.page("404.html", "404")
        by_id = sorted(self.letters, key=lambda x: x.id)
        # A letter's line is its parse with the fields the site adds (title, thread): all
        # covered by its fingerprint (made already, for its pages' keys).
        self.export(
            "archief.jsonl",
            fingerprint_letters(by_id),
            lambda: exports.jsonl(exports.published_lines(by_id)),
            long=True,
        )
        if absolute and self.settings.get("KAMERVRAGEN_FEEDS", True):
            self._declare_feeds(siteurl)
        if absolute:
            # Letters first, in the order they were declared (newest first), then the rest.
            urls = self._letter_urls() + self.urls
            self.export(
                "sitemap.xml",
                plain_digest([siteurl, urls]),
                lambda: exports.sitemap(siteurl, urls),
                long=True,
            )

    @staticmethod
    def _feed_name(group: Group) -> str | None:
        if group.dimension in ("ministerie", "partij"):
            return f"feeds/{group.dimension}/{group.slug}.atom.xml"
        return None

    def _declare_feeds(self, siteurl: str) -> None:
        sitename = self.settings.get("SITENAME", "")
        limit = int(self.settings.get("FEED_MAX_ITEMS") or 50)

        def feed(name: str, title: str, letters: list[LetterView]) -> None:
            shown = exports.feed_letters(letters, limit)
            self.export(
                name,
                fingerprint_letters(shown, name, siteurl, title),
                lambda: exports.feed(name, siteurl, title, shown),
            )

        feed("feeds/alles.atom.xml", sitename, self.letters)
        for dimension in ("ministerie", "partij"):
            for group in self.groups[dimension]:
                name = self._feed_name(group)
                assert name is not None
                title = f"{sitename}: {DIMENSIONS[dimension]['one']} {group.name}"
                feed(name, title, group.letters)


class _Finisher:
    """Saves the output record once every plugin has written (then disconnects itself)."""

    def __init__(self, out: Output) -> None:
        self.out = out

    def __call__(self, _sender: Any, **_: Any) -> None:
        signals.finalized.disconnect(self)
        self.out.finish()
        parallel.gc_release()


__all__ = ["BadLettersError", "LetterGenerator", "SITE_GLOBALS"]
