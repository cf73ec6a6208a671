"""Machine-readable exports: per-letter JSON, the archive as JSON Lines, Atom feeds, sitemap.

Feeds and the sitemap need absolute URLs, so they are written only when SITEURL is absolute
(publishconf.py); a development build keeps every URL relative and skips them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterable
from xml.sax.saxutils import escape as xml_escape

from feedgenerator import Atom1Feed

from .model import LetterView


def _target(output_path: str, relative: str) -> str:
    path = os.path.join(output_path, *relative.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def write_letter_json(output_path: str, letter: LetterView) -> None:
    """The contract object exactly as the parser returned it (source relative to content/)."""
    # json.dumps and one write: json.dump would hand the file hundreds of small chunks.
    text = json.dumps(letter.data, ensure_ascii=False, indent=2) + "\n"
    with open(_target(output_path, letter.json_url), "w", encoding="utf-8") as handle:
        handle.write(text)


def write_text(output_path: str, name: str, text: str) -> None:
    """A generated text file (CSV, SVG) at its path under the output directory."""
    with open(_target(output_path, name), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def copy_source(output_path: str, content_path: str, letter: LetterView) -> None:
    shutil.copyfile(
        os.path.join(content_path, letter.source_path), _target(output_path, letter.source_url)
    )


def write_jsonl(output_path: str, name: str, letters: Iterable[LetterView]) -> None:
    """One contract object per line, ordered by id so the file diffs cleanly between builds."""
    with open(_target(output_path, name), "w", encoding="utf-8") as handle:
        for letter in sorted(letters, key=lambda x: x.id):
            handle.write(json.dumps(letter.data, ensure_ascii=False))
            handle.write("\n")


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def write_feed(
    output_path: str,
    name: str,
    siteurl: str,
    title: str,
    letters: Iterable[LetterView],
    max_items: int,
) -> None:
    """Atom feed of the newest dated letters; undated letters have no place in a feed."""
    dated = [x for x in letters if x.date][:max_items]
    feed = Atom1Feed(
        title=title,
        link=f"{siteurl}/",
        feed_url=f"{siteurl}/{name}",
        description="",
        language="nl",
    )
    for letter in dated:
        link = f"{siteurl}/{letter.url}"
        feed.add_item(
            title=letter.title,
            link=link,
            unique_id=link,
            description=letter.description,
            pubdate=_moment(letter.date),
            updateddate=_moment(letter.date),
        )
    with open(_target(output_path, name), "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")


def write_sitemap(
    output_path: str, siteurl: str, urls: Iterable[tuple[str, dt.date | None]]
) -> None:
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
    with open(_target(output_path, "sitemap.xml"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
