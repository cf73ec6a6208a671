"""Rebuilds: after adds, edits and removals of letters, and changes of templates and settings,
a rebuild into an existing output/ must equal a build from nothing, file by file, and must
write only the files whose content changed.

The fixture site is the real letters of site_fixture.py plus SYNTHETIC letters from
bench/synthetic.py (named so), paginated two to a page so one letter moves many list pages.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from site_fixture import REPO, build, make_content

sys.path.insert(0, str(REPO / "bench"))
import synthetic  # noqa: E402

PLUGINS = ["kamervragen", "kamervragen_search"]
# Written by Pelican itself on every build (theme files, the search plugin's page), not
# through the site's recorded write path.
PELICAN_OWNED = ("theme/", "zoeken/index.html")


def _snapshot(output: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(output)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def _dirs(output: Path) -> set[str]:
    return {str(p.relative_to(output)) for p in output.rglob("*") if p.is_dir()}


def _only_lists_and(names: set[str], letter: str) -> bool:
    """No page of another letter is among `names` (list pages may be: a list page's key
    covers the list's length, which changes on every add, and the letters it is given)."""
    others = [n for n in names if n.startswith("brief/") and not n.startswith(f"brief/{letter}")]
    assert others == [], f"pages of other letters rewritten: {others}"
    return True


class Site:
    """One content/ folder, rebuilt in place and compared with fresh builds of it."""

    def __init__(
        self,
        root: Path,
        theme: Path | None = None,
        settings_file: str = "pelicanconf.py",
        **settings: object,
    ) -> None:
        self.root = root
        self.settings_file = settings_file
        self.content = make_content(root)
        synthetic.write(8, self.content / "synthetic")
        self.theme = theme or REPO / "theme"
        self.settings = {"DEFAULT_PAGINATION": 2, "PLUGINS": PLUGINS, **settings}
        self.fresh_builds = 0

    def _build(self, output: Path, cache: Path, **extra: object) -> None:
        build(
            self.content,
            output,
            cache,
            settings_file=self.settings_file,
            THEME=str(self.theme),
            DELETE_OUTPUT_DIRECTORY=False,
            **{**self.settings, **extra},
        )

    def rebuild(self, **extra: object) -> None:
        self._build(self.root / "output", self.root / "cache", **extra)

    def fresh(self, **extra: object) -> Path:
        self.fresh_builds += 1
        target = self.root / f"fresh-{self.fresh_builds}"
        self._build(target / "output", target / "cache", **extra)
        return target / "output"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def rebuild_and_compare(self, **extra: object) -> tuple[set[str], set[str]]:
        """Rebuild in place; assert it equals a fresh build; return (rewritten, changed)."""
        before = _snapshot(self.output)
        self.rebuild(**extra)
        after = _snapshot(self.output)
        fresh = self.fresh(**extra)
        expected = _snapshot(fresh)
        assert sorted(after) == sorted(expected), "rebuild and fresh build differ in files"
        different = [name for name in after if after[name][0] != expected[name][0]]
        assert different == [], f"rebuild differs from a fresh build in {different[:5]}"
        assert _dirs(self.output) == _dirs(fresh)
        rewritten = {
            name
            for name in after
            if name not in before or before[name][1] != after[name][1]
            if not name.startswith(PELICAN_OWNED)
        }
        changed = {
            name
            for name in after
            if name not in before or before[name][0] != after[name][0]
            if not name.startswith(PELICAN_OWNED)
        }
        return rewritten, changed


@pytest.fixture
def site(tmp_path: Path) -> Site:
    site = Site(tmp_path)
    site.rebuild()
    return site


def test_rebuild_without_changes_writes_nothing(site: Site) -> None:
    rewritten, changed = site.rebuild_and_compare()
    assert changed == set()
    assert rewritten == set()


def test_add_edit_remove_letters_equal_a_fresh_build(site: Site) -> None:
    total = len(_snapshot(site.output))

    # Add one letter: its pages appear; list pages it moves change; the rest stays put.
    synthetic.write(1, site.content / "synthetic", start=9)
    rewritten, changed = site.rebuild_and_compare()
    assert "brief/synthetic-9/index.html" in changed
    assert "brief/synthetic-9.json" in changed
    assert "archief.jsonl" in changed
    assert rewritten == changed
    assert len(rewritten) < total / 3
    assert "brief/synthetic-3/index.html" not in rewritten

    # Edit one letter (same id, other text).
    edited = site.content / "synthetic" / "synthetic-4.txt"
    text = synthetic.generate(4, seed=7)[0]
    edited.write_text(text, encoding="utf-8")
    rewritten, changed = site.rebuild_and_compare()
    assert "brief/synthetic-4/index.html" in changed
    assert "brief/synthetic-4.json" in changed
    assert rewritten == changed
    assert "brief/synthetic-3/index.html" not in rewritten

    # A copy of a letter under another name is a second letter on the same submission:
    # both letters' pages get a timeline, although the first letter's file did not change.
    shutil.copyfile(
        site.content / "synthetic" / "synthetic-2.txt", site.content / "synthetic" / "copy-2.txt"
    )
    rewritten, changed = site.rebuild_and_compare()
    timeline = (site.output / "brief" / "synthetic-2" / "index.html").read_text(encoding="utf-8")
    assert 'class="timeline"' in timeline and "brief/copy-2/" in timeline
    assert "brief/synthetic-2/index.html" in rewritten
    # Pages that were given that letter (its pair pages, the lists it is on) are rendered
    # again too, as its thread is part of what they were given, though they do not show it;
    # no other letter's pages are.
    assert changed <= rewritten
    assert _only_lists_and(rewritten - changed, "synthetic-2/")

    # Remove letters: their pages, JSON, source copies and folders go.
    (site.content / "synthetic" / "synthetic-5.txt").unlink()
    (site.content / "synthetic" / "copy-2.txt").unlink()
    rewritten, changed = site.rebuild_and_compare()
    assert not (site.output / "brief" / "synthetic-5").exists()
    assert not (site.output / "brief" / "synthetic-5.json").exists()
    assert not (site.output / "brief" / "copy-2").exists()
    timeline = (site.output / "brief" / "synthetic-2" / "index.html").read_text(encoding="utf-8")
    assert "brief/copy-2/" not in timeline
    assert changed <= rewritten
    assert _only_lists_and(rewritten - changed, "synthetic-2/")


def test_a_template_change_rerenders_what_uses_it(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    site = Site(tmp_path / "site", theme=theme)
    site.rebuild()

    pair = theme / "templates" / "pair.html"
    pair.write_text(
        pair.read_text(encoding="utf-8").replace("Lees deze vraag", "Lees de vraag"),
        encoding="utf-8",
    )
    rewritten, changed = site.rebuild_and_compare()
    pair_pages = {n for n in changed if n.count("/") == 3 and n.startswith("brief/")}
    assert pair_pages and rewritten == changed == pair_pages

    base = theme / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("Naar de inhoud", "Direct naar de inhoud"),
        encoding="utf-8",
    )
    rewritten, changed = site.rebuild_and_compare()
    pages = {n for n in _snapshot(site.output) if n.endswith(".html")}
    assert pages - {n for n in pages if n.startswith(PELICAN_OWNED)} <= rewritten


def test_a_settings_change_rerenders_every_page(site: Site) -> None:
    rewritten, changed = site.rebuild_and_compare(SITENAME="Ander archief")
    assert "brief/synthetic-1/index.html" in rewritten
    assert "index.html" in rewritten
    assert "brief/synthetic-1.json" not in rewritten  # the JSON does not show the setting
    assert rewritten == changed


def test_files_removed_or_changed_in_output_are_written_again(site: Site) -> None:
    page = site.output / "brief" / "synthetic-1" / "index.html"
    page.unlink()
    listing = site.output / "jaar" / "index.html"
    listing.write_text("tampered", encoding="utf-8")
    rewritten, _ = site.rebuild_and_compare()
    assert {"brief/synthetic-1/index.html", "jaar/index.html"} <= rewritten
    assert page.is_file()


def test_deleted_output_directory_is_built_again(site: Site) -> None:
    shutil.rmtree(site.output)
    site.rebuild_and_compare()


def test_published_rebuild_keeps_feeds_and_sitemap_exact(tmp_path: Path) -> None:
    site = Site(
        tmp_path,
        settings_file="publishconf.py",
        SITEURL="https://archief.example.org",
        FEED_DOMAIN="https://archief.example.org",
    )
    site.rebuild()
    synthetic.write(1, site.content / "synthetic", start=9)
    rewritten, changed = site.rebuild_and_compare()
    assert {"sitemap.xml", "feeds/alles.atom.xml"} <= changed
    assert changed <= rewritten
    assert _only_lists_and(rewritten - changed, "synthetic-9/")
    (site.content / "synthetic" / "synthetic-9.txt").unlink()
    site.rebuild_and_compare()
