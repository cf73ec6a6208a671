"""Checks every internal link of a built site: the file exists and the #fragment is an id."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _ids(path: Path) -> set[str]:
    return {tag["id"] for tag in _soup(path).find_all(id=True)}


def _resolve(root: Path, page: Path, href: str) -> Path | None:
    target = (page.parent / unquote(href)).resolve()
    if target.is_dir() or href.endswith("/"):
        target = target / "index.html"
    if not target.is_relative_to(root.resolve()):
        return None
    return target


def broken_links(root: Path) -> list[str]:
    """Problems as 'page: href (reason)'; external (http, mailto) links are not followed."""
    problems = []
    for page in sorted(root.rglob("*.html")):
        soup = _soup(page)
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref:
                continue
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue
            where = f"{page.relative_to(root)}: {ref}"
            if ref.startswith("/"):
                problems.append(f"{where} (root-relative link breaks on sub-folder hosts)")
                continue
            target = page if not parts.path else _resolve(root, page, parts.path)
            if target is None:
                problems.append(f"{where} (outside the site)")
            elif not target.is_file():
                problems.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in _ids(target):
                    problems.append(f"{where} (no id {parts.fragment!r})")
    return problems
