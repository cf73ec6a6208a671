"""List entries kept between builds (plugins/kamervragen/fragments.py): a list page put
together from kept entries must be byte for byte the page rendered entry by entry.

The site is the real letters of site_fixture.py plus SYNTHETIC letters (bench/synthetic.py),
two to a page, with relative URLs, so a letter's entry is on pages at several depths.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from site_fixture import REPO, build, make_content

sys.path.insert(0, str(REPO / "bench"))
import synthetic  # noqa: E402

SETTINGS = {"DEFAULT_PAGINATION": 2, "KAMERVRAGEN_WORKERS": 1}


def _files(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def _entries(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    """(rendered, kept) list entries of the last build, from its closing log line."""
    found = re.findall(r"list entries (\d+) rendered, (\d+) kept", caplog.text)
    assert found, "the build did not say how many list entries it rendered"
    rendered, kept = found[-1]
    return int(rendered), int(kept)


def _stored_letters(cache: Path) -> set[str]:
    db = sqlite3.connect(cache / "kamervragen-fragments.sqlite")
    try:
        return {row[0] for row in db.execute("SELECT DISTINCT letter FROM fragments")}
    finally:
        db.close()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = make_content(tmp_path / "site")
    synthetic.write(8, content / "synthetic")
    return content


def test_pages_from_kept_entries_equal_pages_rendered_entry_by_entry(
    tmp_path: Path, content: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kamervragen")
    cache = tmp_path / "cache"
    # Cold: every entry rendered (once per letter and page depth) and kept.
    build(content, tmp_path / "cold", cache, **SETTINGS)
    rendered, _ = _entries(caplog)
    assert rendered > 0
    # Warm, into an empty output/: every list page made again, every entry from the cache.
    build(content, tmp_path / "warm", cache, **SETTINGS)
    rendered, kept = _entries(caplog)
    assert rendered == 0 and kept > 0
    # Without the cache: every entry rendered by the macro, on every page.
    build(
        content,
        tmp_path / "plain",
        tmp_path / "cache-plain",
        KAMERVRAGEN_FRAGMENTS=False,
        **SETTINGS,
    )
    assert _entries(caplog) == (0, 0)

    plain = _files(tmp_path / "plain")
    lists = [n for n in plain if n.startswith(("index.html", "pagina/", "jaar/", "partij/"))]
    assert len(lists) > 20 and any(n.count("/") >= 4 for n in lists)
    assert _files(tmp_path / "cold") == plain
    assert _files(tmp_path / "warm") == plain


def test_an_entry_changes_with_its_letter_and_its_macro(
    tmp_path: Path, content: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A letter whose subject changed, and a changed entry macro, are rendered again; the
    entries of removed letters leave the cache."""
    import shutil

    caplog.set_level(logging.INFO, logger="kamervragen")
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    cache = tmp_path / "cache"

    def fresh_equal() -> None:
        build(content, tmp_path / "out", cache, THEME=str(theme), **SETTINGS)
        build(content, tmp_path / "fresh", tmp_path / "fresh-cache", THEME=str(theme), **SETTINGS)
        assert _files(tmp_path / "out") == _files(tmp_path / "fresh")
        shutil.rmtree(tmp_path / "fresh-cache")

    fresh_equal()
    letter = content / "synthetic" / "synthetic-4.txt"
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("«", "«Herzien: ", 1), encoding="utf-8"
    )
    fresh_equal()
    listed = (tmp_path / "out" / "jaar").rglob("index.html")
    assert any("Herzien" in page.read_text(encoding="utf-8") for page in listed)

    macros = theme / "templates" / "macros.html"
    macros.write_text(
        macros.read_text(encoding="utf-8").replace(
            '<article class="letter-item">', '<article class="letter-item brief">'
        ),
        encoding="utf-8",
    )
    fresh_equal()
    assert 'class="letter-item brief"' in (tmp_path / "out" / "index.html").read_text("utf-8")

    assert "synthetic-5" in _stored_letters(cache)
    (content / "synthetic" / "synthetic-5.txt").unlink()
    fresh_equal()
    assert "synthetic-5" not in _stored_letters(cache)
