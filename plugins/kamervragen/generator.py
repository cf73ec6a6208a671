"""Reads every letter under content/ and writes the archive: letter, pair, index, export pages.

Bad letters are reported (file and reason) and skipped so the rest of the archive still
builds; with KAMERVRAGEN_STRICT the build fails once all of them have been reported.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import defaultdict
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from parsers import ParseError, parser_fingerprint

from . import archive_pages, exports
from .model import (
    DIMENSIONS,
    SAFE_ID,
    Group,
    LetterView,
    build_groups,
    dutch_date,
    month_name,
    slugify,
)
from .reader import DEFAULT_EXTENSIONS, LetterReader, choose_source, is_letter_file

logger = logging.getLogger(__name__)
# Pages this plugin writes itself are logged as Pelican's writer logs the pages it writes.
_writer_log = logging.getLogger("pelican.writers")

PAGINATED = ("index", "period", "group")


class BadLettersError(RuntimeError):
    """Raised at the end of a strict build that skipped letters; the letters are logged above."""


class _ReadResult:
    """Stands in for Pelican's Content class: the generator only wants the reader's metadata."""

    def __init__(self, content: str, metadata: dict[str, Any], **_: Any) -> None:
        self.metadata = metadata


class _PageWriter:
    """Writes one unpaginated page exactly as Pelican's ``Writer.write_file`` does, cheaper.

    The same local context (a copy of the site context with ``SITEURL``/``localsiteurl``
    relative to the page, ``output_file`` and the page's variables), the same render, the
    same path check and the same overwrite check (through the writer's ``_open_w``, so a
    page written twice fails as it does in Pelican), the same ``content_written`` signal.
    What it saves: ``os.makedirs`` per page (a letter writes a dozen pages into directories
    made moments before), and Pelican's per-call argument shuffling. Paginated pages still
    go through Pelican's writer.
    """

    def __init__(self, writer: Any, output_path: str, context: dict[str, Any], relative: bool):
        self.writer = writer
        self.output_path = output_path
        self.context = context
        self.relative = relative
        self.made: set[str] = set()

    def _directory(self, directory: str) -> None:
        if directory in self.made:
            return
        if os.path.dirname(directory) in self.made:
            try:
                os.mkdir(directory)
            except FileExistsError:
                pass
        else:
            os.makedirs(directory, exist_ok=True)
        self.made.add(directory)

    def write(self, name: str, template: Any, **kwargs: Any) -> None:
        context = self.context
        localcontext = context.copy()
        localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
        if self.relative:
            relative_url = path_to_url(get_relative_path(name))
            localcontext["SITEURL"] = relative_url
            localcontext["localsiteurl"] = relative_url
        localcontext["output_file"] = name
        localcontext.update(kwargs)
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        output = template.render(localcontext)
        path = sanitised_join(self.output_path, name)
        self._directory(os.path.dirname(path))
        with self.writer._open_w(path, "utf-8") as handle:
            handle.write(output)
        _writer_log.info('Writing "%s"', path)
        signals.content_written.send(path, context=localcontext)


class LetterGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The cache name carries the parser's fingerprint: a parser change must not serve
        # letters parsed by the old parser.
        cache_name = f"kamervragen-letters-{parser_fingerprint()}"
        super().__init__(*args, readers_cache_name=cache_name, **kwargs)
        reader = LetterReader(self.settings)
        self.extensions = list(self.settings.get("KAMERVRAGEN_EXTENSIONS", DEFAULT_EXTENSIONS))
        for ext in self.extensions:
            self.readers.readers[ext] = reader
        for name in PAGINATED:
            self.settings["PAGINATED_TEMPLATES"].setdefault(name, None)
        # Letter text is untrusted input: everything is escaped unless it is Markup from render.
        self.env.autoescape = True
        # Templates do not change during a build: no stat of base.html and macros.html for
        # every page that extends or imports them.
        self.env.auto_reload = False
        self.env.globals["slugify_name"] = slugify
        self.env.globals["dutch_date"] = dutch_date
        self.letters: list[LetterView] = []
        self.bad: list[tuple[str, str]] = []

    # --- reading ---------------------------------------------------------------
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

    def generate_context(self) -> None:
        parsed: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for path in self._letter_files():
            try:
                result = self.readers.read_file(
                    base_path=self.path, path=path, content_class=_ReadResult, context=self.context
                )
            except ParseError as err:
                self._skip(path, str(err))
                continue
            except Exception as err:  # a parser bug: report it, keep building the rest
                logger.debug("Parser failure on %s", path, exc_info=True)
                self._skip(path, f"parser raised {type(err).__name__}: {err}")
                continue
            letter = result.metadata["letter"]
            letter_id = letter.get("id")
            if not isinstance(letter_id, str) or not SAFE_ID.match(letter_id):
                self._skip(path, f"id {letter_id!r} cannot be used in a URL")
                continue
            parsed[letter_id].append((path, letter))
        self.readers.save_cache()

        for letter_id, candidates in sorted(parsed.items()):
            # One source per letter (official XML, else the PDF, else the first file by name);
            # the PDF, where there is one, is the original shown.
            path, letter, shown = choose_source(candidates, self.path)
            for other, _ in candidates:
                if other != path:
                    logger.info("Letter %s: %s has the same id; using %s", letter_id, other, path)
            try:
                self.letters.append(LetterView(letter, shown))
            except (KeyError, TypeError, ValueError) as err:
                self._skip(path, f"does not follow the contract ({type(err).__name__}: {err})")

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

    # --- writing ---------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        relative = self.settings["RELATIVE_URLS"]
        siteurl = self.settings["SITEURL"].rstrip("/")
        absolute = siteurl.startswith(("http://", "https://"))
        urls: list[tuple[str, dt.date | None]] = []
        pages = _PageWriter(writer, self.output_path, self.context, relative)
        templates: dict[str, Any] = {}

        def page(name: str, template: str, url: str, lastmod: dt.date | None = None, **kw: Any):
            paginated = kw.pop("paginated", None)
            compiled = templates.get(template)
            if compiled is None:
                compiled = templates[template] = self.get_template(template)
            if paginated is None:
                pages.write(name, compiled, page_url=url, **kw)
            else:
                writer.write_file(
                    name,
                    compiled,
                    self.context,
                    relative,
                    paginated=paginated,
                    template_name=template,
                    url=url,
                    page_url=url,
                    **kw,
                )
            urls.append((url, lastmod))

        for letter in self.letters:
            page(letter.save_as, "letter", letter.url, letter.date, letter=letter)
            for pair_page in letter.pair_pages():
                page(
                    pair_page.save_as,
                    "pair",
                    pair_page.url,
                    letter.date,
                    letter=letter,
                    pair_page=pair_page,
                )
            exports.write_letter_json(self.output_path, letter)
            exports.copy_source(self.output_path, self.path, letter)

        counts = {
            "letters": len(self.letters),
            "answers": sum(1 for x in self.letters if x.kind == "answer"),
            "pairs": sum(len(x.pairs) for x in self.letters),
            **{name: len(groups) for name, groups in self.groups.items()},
        }
        page("index.html", "index", "", paginated={"letters": self.letters}, counts=counts)

        by_year: dict[int, list[LetterView]] = defaultdict(list)
        for letter in self.letters:
            if letter.date:
                by_year[letter.date.year].append(letter)
        years = sorted(by_year, reverse=True)
        page("jaar/index.html", "years", "jaar/", years=[(y, len(by_year[y])) for y in years])
        for year in years:
            by_month: dict[int, list[LetterView]] = defaultdict(list)
            for letter in by_year[year]:
                by_month[letter.date.month].append(letter)
            months = [(m, month_name(m), len(by_month[m])) for m in sorted(by_month)]
            page(
                f"jaar/{year}/index.html",
                "period",
                f"jaar/{year}/",
                paginated={"letters": by_year[year]},
                period_title=str(year),
                year=year,
                months=months,
            )
            for month, name, _ in months:
                page(
                    f"jaar/{year}/{month:02d}/index.html",
                    "period",
                    f"jaar/{year}/{month:02d}/",
                    paginated={"letters": by_month[month]},
                    period_title=f"{name} {year}",
                    year=year,
                    months=months,
                )

        for dimension, info in DIMENSIONS.items():
            groups = self.groups[dimension]
            page(
                f"{info['path']}/index.html",
                "overview",
                f"{info['path']}/",
                dimension=dimension,
                dimension_info=info,
                groups=groups,
            )
            for group in groups:
                page(
                    f"{group.url}index.html",
                    "group",
                    group.url,
                    paginated={"letters": group.letters},
                    group=group,
                    dimension_info=info,
                    feed_url=self._feed_name(group) if absolute else None,
                )

        # Redirects from old slugs and /statistiek/ (archive_pages.py).
        extra_files = archive_pages.write(page, self.groups, self.letters, self.build_date)
        for name, text in extra_files.items():
            exports.write_text(self.output_path, name, text)

        writer.write_file("404.html", self.get_template("404"), self.context, relative)
        exports.write_jsonl(self.output_path, "archief.jsonl", self.letters)
        if absolute and self.settings.get("KAMERVRAGEN_FEEDS", True):
            self._write_feeds(siteurl)
        if absolute:
            exports.write_sitemap(self.output_path, siteurl, urls)

        if self.bad:
            logger.error("%d letter(s) skipped, see the errors above", len(self.bad))
            if self.settings.get("KAMERVRAGEN_STRICT"):
                raise BadLettersError(
                    f"strict build: {len(self.bad)} letter(s) could not be read: "
                    + ", ".join(path for path, _ in self.bad)
                )

    @staticmethod
    def _feed_name(group: Group) -> str | None:
        if group.dimension in ("ministerie", "partij"):
            return f"feeds/{group.dimension}/{group.slug}.atom.xml"
        return None

    def _write_feeds(self, siteurl: str) -> None:
        sitename = self.settings.get("SITENAME", "")
        limit = int(self.settings.get("FEED_MAX_ITEMS") or 50)
        exports.write_feed(
            self.output_path, "feeds/alles.atom.xml", siteurl, sitename, self.letters, limit
        )
        for dimension in ("ministerie", "partij"):
            for group in self.groups[dimension]:
                name = self._feed_name(group)
                assert name is not None
                title = f"{sitename}: {DIMENSIONS[dimension]['one']} {group.name}"
                exports.write_feed(self.output_path, name, siteurl, title, group.letters, limit)
