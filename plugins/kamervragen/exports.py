"""Machine-readable exports: per-letter JSON, the archive as JSON Lines, Atom feeds, sitemap.

Each function returns the file's content; the generator writes it through output.Output
(only when its inputs changed). Feeds and the sitemap need absolute URLs, so they are made
only when SITEURL is absolute (publishconf.py); a development build keeps every URL
relative and skips them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import json.encoder
import os
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from feedgenerator import Atom1Feed

from .model import LetterView


def letter_json(letter: dict[str, Any]) -> str:
    """The contract object exactly as the parser returned it (source relative to content/):
    the text of `json.dumps(letter, ensure_ascii=False, indent=2)` plus a newline."""
    out: list[str] = []
    try:
        _indented(letter, "\n", out)
    except TypeError:  # not plain JSON data: json.dumps says what is wrong
        return json.dumps(letter, ensure_ascii=False, indent=2) + "\n"
    out.append("\n")
    return "".join(out)


def _indented(value: Any, newline: str, out: list[str]) -> None:
    """json.dumps(value, ensure_ascii=False, indent=2) into `out`, byte for byte (tested):
    its indenting encoder is pure Python generators, a millisecond a letter; this does the
    same in half the time (strings go through the same C escaper, scalars in line).
    `newline` is the line break and indent of `value`'s own level."""
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        head = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError("a key that is not a string")
            head += _escape(key) + ": "
            item_kind = type(item)
            if item_kind is str:
                out.append(head + _escape(item))
            elif item_kind is dict or item_kind is list or item_kind is tuple:
                out.append(head)
                _indented(item, inner, out)
            else:
                out.append(head + _scalar(item))
            head = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        head = "[" + inner
        for item in value:
            item_kind = type(item)
            if item_kind is str:
                out.append(head + _escape(item))
            elif item_kind is dict or item_kind is list or item_kind is tuple:
                out.append(head)
                _indented(item, inner, out)
            else:
                out.append(head + _scalar(item))
            head = "," + inner
        out.append(newline + "]")
    elif kind is str:
        out.append(_escape(value))
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    # floats, subclasses of str or int, anything else: json.dumps in full (the caller's
    # fallback), so that every case reads exactly as json.dumps writes it.
    raise TypeError(f"{type(value).__name__} left to json.dumps")


_escape = json.encoder.encode_basestring  # the C escaper json.dumps uses (ensure_ascii=False)


def read_source(content_path: str, source_path: str) -> bytes:
    with open(os.path.join(content_path, source_path), "rb") as handle:
        return handle.read()


# json.dumps(value, ensure_ascii=False) without making an encoder for each call.
_COMPACT = json.JSONEncoder(ensure_ascii=False)


def _appends(letter: LetterView) -> bool:
    """The site's fields can be appended to the cached line (none of them is in it)."""
    record = letter.record
    return record is not None and record.summary["fields"].keys().isdisjoint(letter.extra)


def published_line(
    letter: LetterView, line: bytes | None = None, appends: bool | None = None
) -> bytes:
    """The letter as one compact JSON line, as published: the cached line (`line`, when
    read already) with the fields the site adds (display title, thread) appended, as
    `{**letter, **extra}` would put them, without loading and encoding the whole letter
    again. (`appends`: `_appends(letter)`, when known.)"""
    if not (_appends(letter) if appends is None else appends):
        return json.dumps(letter.letter(), ensure_ascii=False).encode("utf-8")
    assert letter.record is not None
    if line is None:
        line = letter.record.json_line()
    if not letter.extra:
        return line
    added = _COMPACT.encode(letter.extra).encode("utf-8")
    return line[:-1] + b", " + added[1:]


def published_lines(letters: list[LetterView], batch: int = 512) -> Iterator[bytes]:
    """`published_line` of each letter, in order; the cached lines read a batch at a time."""
    for start in range(0, len(letters), batch):
        part = letters[start : start + batch]
        appends = [_appends(letter) for letter in part]
        wanted: dict[Any, list[str]] = {}  # store -> paths of lines to read
        for letter, appended in zip(part, appends, strict=True):
            record = letter.record
            if appended and record is not None and record.line is None and record.store is not None:
                wanted.setdefault(record.store, []).append(record.path)
        lines: dict[str, bytes] = {}
        for store, paths in wanted.items():
            lines.update(store.fetch_many(paths))
        for letter, appended in zip(part, appends, strict=True):
            record = letter.record
            line = lines.get(record.path) if record is not None else None
            yield published_line(letter, line, appended)


def jsonl(lines: Iterable[bytes]) -> Iterator[bytes]:
    """One contract object per line (`lines`: compact JSON, ordered by id so the file diffs
    cleanly between builds), streamed: at archive size the file is a gigabyte."""
    batch: list[bytes] = []
    for line in lines:
        batch.append(line)
        batch.append(b"\n")
        if len(batch) >= 512:
            yield b"".join(batch)
            batch.clear()
    if batch:
        yield b"".join(batch)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def feed_letters(letters: Iterable[LetterView], max_items: int) -> list[LetterView]:
    """The letters a feed shows: the newest dated ones; undated letters have no place in it."""
    return [x for x in letters if x.date][:max_items]


def feed(name: str, siteurl: str, title: str, letters: list[LetterView]) -> str:
    """Atom feed of `letters` (see feed_letters)."""
    atom = Atom1Feed(
        title=title,
        link=f"{siteurl}/",
        feed_url=f"{siteurl}/{name}",
        description="",
        language="nl",
    )
    for letter in letters:
        assert letter.date is not None
        link = f"{siteurl}/{letter.url}"
        atom.add_item(
            title=letter.title,
            link=link,
            unique_id=link,
            description=letter.description,
            pubdate=_moment(letter.date),
            updateddate=_moment(letter.date),
        )
    handle = io.StringIO()
    atom.write(handle, "utf-8")
    return handle.getvalue()


def sitemap(siteurl: str, urls: Iterable[tuple[str, dt.date | None]]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in urls:
        lines.append(f"<url><loc>{xml_escape(f'{siteurl}/{url}')}</loc>")
        if lastmod:
            lines.append(f"<lastmod>{lastmod.isoformat()}</lastmod>")
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
