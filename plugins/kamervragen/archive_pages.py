"""The register's pages beside the letters: redirects from old slugs, /statistiek/.

Kept out of generator.py: the generator calls ``prepare`` once its letters are read and
``write`` with its page writer. Each page gets everything it shows in its template context
(the build date included), so its output depends on that context alone.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from typing import Any

from parsers.register import default_register

from . import statistics, titles
from .browse import redirects
from .model import DIMENSIONS, Group, LetterView, link_threads
from .threads import SIDECAR_GLOB, read_sidecars

PageFn = Callable[..., None]


def build_date(settings: dict[str, Any]) -> dt.date:
    """The day "nog niet beantwoord, N dagen" is counted to: a setting, else the
    reproducible-builds convention SOURCE_DATE_EPOCH, else today."""
    value = settings.get("KAMERVRAGEN_BUILD_DATE") or os.environ.get("KAMERVRAGEN_BUILD_DATE")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        return dt.date.fromisoformat(value.strip())
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.fromtimestamp(time.time())


def sidecar_files(content_path: str, paths: list[str]) -> list[str]:
    """Thread link files (``*.threads.json``) under the letter paths, in a stable order."""
    from pathlib import Path

    found: set[Path] = set()
    for sub in paths or [""]:
        root = Path(content_path, sub)
        if root.is_dir():
            found.update(root.rglob(SIDECAR_GLOB))
    return [str(p) for p in sorted(found)]


def prepare(letters: list[LetterView], settings: dict[str, Any], content_path: str) -> dt.date:
    """Threads, titles and the exported extras of every letter; returns the build date."""
    as_of = build_date(settings)
    links = read_sidecars(sidecar_files(content_path, settings.get("KAMERVRAGEN_PATHS", [""])))
    link_threads(letters, links, as_of)
    for letter in letters:
        title, source = titles.choose_title(letter, letter.timeline)
        letter.title, letter.title_source = title, source
        extra: dict[str, Any] = {"display_title": title, "display_title_source": source}
        if letter.timeline is not None:
            extra["thread"] = letter.timeline.export()
        letter.add_data(extra)
        letter.release()  # a title made from the text (titles.describe) read it
    return as_of


def ministry_names() -> dict[str, str]:
    return {key: m.name for key, m in default_register().ministries.items()}


def write(page: PageFn, groups: dict[str, list[Group]], letters: list[LetterView], as_of: dt.date):
    """Redirect pages for old slugs and the statistics pages; returns the extra files."""
    for dimension, slug, targets in redirects(groups):
        info = DIMENSIONS[dimension]
        page(
            f"{info['path']}/{slug}/index.html",
            "redirect",
            f"{info['path']}/{slug}/",
            targets=[target.header() for target in targets],
            dimension_info=info,
            old_slug=slug,
        )
    result = statistics.compute(letters, as_of, ministry_names())
    charts = statistics.charts(result)
    page(
        "statistiek/index.html",
        "statistics",
        "statistiek/",
        statistics=result,
        build_date=as_of,
        charts=sorted(charts),
        age_buckets=[label for label, _, _ in statistics.AGE_BUCKETS],
        term_days=statistics.TERM_DAYS,
    )
    return {"statistiek/antwoordtijden.csv": statistics.to_csv(result)} | {
        f"statistiek/{name}": svg for name, svg in charts.items()
    }
