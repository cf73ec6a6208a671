"""Rebuilds: after adds, edits and removals of letters, and changes of templates and settings,
a rebuild into an existing output/ must equal a build from nothing, file by file, and must
write only the files whose content changed.

The fixture site is the real letters of site_fixture.py plus SYNTHETIC letters from
bench/synthetic.py (named so), paginated two to a page so one letter moves many list pages.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from site_fixture import BAD_LETTER, REPO, build, count_parses, make_content

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
    covers the letters it is given, whose thread may have changed)."""
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


def _index_pages(output: Path) -> list[str]:
    pages = sorted(
        (p for p in output.glob("pagina/*/index.html")), key=lambda p: int(p.parent.name)
    )
    return ["index.html"] + [str(p.relative_to(output)) for p in pages]


def test_a_letter_added_to_the_end_of_a_list_leaves_the_pages_before_it(site: Site) -> None:
    """Lists are newest first. A letter older than all others lands on the last page of the
    index: the pages between the first (which shows the counts) and the last neither change
    nor are written again, as no page but the first shows the list's length. (Before, every
    page of every list a letter was added to was written again.)"""
    import json

    lines = [
        json.loads(x) for x in (site.output / "archief.jsonl").read_text("utf-8").split("\n") if x
    ]
    dated = sorted((x.get("received") or x.get("submitted") or "", x["id"]) for x in lines)
    oldest = next(x for x in lines if x["id"] == dated[0][1])
    source = site.content / oldest["source"]
    aside = site.root / "aside" / source.name
    aside.parent.mkdir()
    shutil.move(source, aside)
    if len(lines) % 2:  # two to a page: the add must not change the number of pages
        (site.content / "synthetic" / "synthetic-8.txt").unlink()
    site.rebuild()
    before = _index_pages(site.output)
    assert len(before) >= 4

    shutil.move(aside, source)
    rewritten, changed = site.rebuild_and_compare()
    assert _index_pages(site.output) == before
    assert rewritten == changed
    assert before[0] in changed and before[-1] in changed
    assert not set(before[1:-1]) & rewritten


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


def _age(paths: list[Path], seconds: int) -> None:
    """Date files back (a signature is trusted only for a file not changed in the last
    seconds, as git does with racy files)."""
    past = time.time_ns() - seconds * 1_000_000_000
    for path in paths:
        os.utime(path, ns=(past, past))


def _parsed(calls: list[str]) -> list[str]:
    """The letters a build parsed, less the fixture's bad letter (never cached: parsed on
    every build)."""
    return [name for name in calls if name != BAD_LETTER]


def test_letter_files_are_hashed_again_only_when_their_signature_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recorded sha256 stands for a file while its size, mtime and inode are as
    recorded; a file whose mtime moved is hashed (and parsed when its bytes changed);
    KAMERVRAGEN_VERIFY hashes every file."""
    site = Site(tmp_path, KAMERVRAGEN_WORKERS=1)
    letters = sorted((site.content / "synthetic").glob("*.txt"))
    _age(letters, 3600)
    site.rebuild()
    site.rebuild()  # files hashed once more, unchanged: their signatures are recorded
    calls = count_parses(monkeypatch)

    # Same size, other bytes, another mtime: seen, parsed again, output exact.
    third = letters[2]
    text = third.read_text(encoding="utf-8")
    swapped = text.replace("Vraag 1\n", "Vraag 7\n", 1)
    assert swapped != text and len(swapped) == len(text)
    third.write_text(swapped, encoding="utf-8")
    _age([third], 1800)
    calls.clear()
    site.rebuild_and_compare()
    assert third.name in calls

    # Same size and mtime and inode (written in place, mtime put back): the signature is as
    # recorded, so the file is not read (the limit git and make have too) ...
    fourth = letters[3]
    before = fourth.stat()
    text = fourth.read_text(encoding="utf-8")
    swapped = text.replace("Vraag 1\n", "Vraag 7\n", 1)
    with open(fourth, "r+b") as handle:
        handle.write(swapped.encode("utf-8"))
    os.utime(fourth, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert fourth.stat().st_ino == before.st_ino
    calls.clear()
    site.rebuild()
    assert fourth.name not in calls
    # ... and KAMERVRAGEN_VERIFY reads every file: parsed, and the output is exact.
    calls.clear()
    site.rebuild_and_compare(KAMERVRAGEN_VERIFY=True)
    assert fourth.name in calls


def test_a_kept_unit_is_checked_by_its_first_and_last_files(site: Site) -> None:
    """A letter's unit is kept when its page and its source copy are as written; a pair page
    changed by hand in between is seen only by KAMERVRAGEN_VERIFY (every file checked)."""
    pair = site.output / "brief" / "synthetic-1" / "1" / "index.html"
    good = pair.read_bytes()
    pair.write_text("tampered", encoding="utf-8")
    site.rebuild()
    assert pair.read_text(encoding="utf-8") == "tampered"
    rewritten, _ = site.rebuild_and_compare(KAMERVRAGEN_VERIFY=True)
    assert rewritten == {"brief/synthetic-1/1/index.html"}
    assert pair.read_bytes() == good


def test_after_a_build_that_stopped_the_next_checks_every_file(tmp_path: Path) -> None:
    """A build that wrote files and failed before saving its record (a strict build with a
    bad letter) leaves the record of the build before it; the next build checks every
    file, so pages that build changed are written again even when their keys are back to
    what the record says."""
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    site = Site(tmp_path / "site", theme=theme)
    site.rebuild()
    pair_template = theme / "templates" / "pair.html"
    original = pair_template.read_text(encoding="utf-8")
    pair_template.write_text(original.replace("Lees deze vraag", "Lees de vraag"), "utf-8")
    from kamervragen.generator import BadLettersError

    with pytest.raises(BadLettersError):  # the fixture's bad letter fails a strict build
        site.rebuild(KAMERVRAGEN_STRICT=True)
    pair = site.output / "brief" / "synthetic-1" / "1" / "index.html"
    assert "Lees de vraag" in pair.read_text(encoding="utf-8")
    pair_template.write_text(original, encoding="utf-8")
    rewritten, _ = site.rebuild_and_compare()
    assert "Lees deze vraag" in pair.read_text(encoding="utf-8")
    assert "brief/synthetic-1/1/index.html" in rewritten


def test_a_metadata_file_is_part_of_its_letter_s_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signature covers the letter's <id>.metadata.xml too: a metadata file added beside
    an unchanged letter, or changed later (dated back, so only its size shows it), has the
    letter parsed again and the output exact."""
    site = Site(tmp_path, KAMERVRAGEN_WORKERS=1)
    letters = sorted((site.content / "synthetic").glob("*.txt"))
    _age(letters, 3600)
    site.rebuild()
    site.rebuild()  # signatures recorded
    calls = count_parses(monkeypatch)
    letter = site.content / "synthetic" / "synthetic-3.txt"
    meta = letter.with_name("synthetic-3.metadata.xml")
    exported = site.output / "brief" / "synthetic-3.json"
    before = exported.read_bytes()

    meta.write_bytes(b"not metadata")  # unreadable: a warning in the letter
    _age([meta], 1800)
    site.rebuild()
    assert _parsed(calls) == [letter.name]
    site.rebuild_and_compare()
    with_warning = exported.read_bytes()
    assert with_warning != before and b"synthetic-3.metadata.xml" in with_warning

    meta.write_bytes(b"<metadata_gegevens></metadata_gegevens>")
    _age([meta], 1700)
    calls.clear()
    site.rebuild()
    assert _parsed(calls) == [letter.name]
    site.rebuild_and_compare()
    assert exported.read_bytes() != with_warning


def test_a_letter_changed_just_before_a_build_is_hashed_at_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed shortly before a build ("racy": it may change again within the same
    mtime tick, same size) gets no recorded signature, so the next build reads it even when
    its size, mtime and inode are as they were."""
    import kamervragen.store as store

    monkeypatch.setattr(store, "RACY_NS", 600 * 1_000_000_000)  # ten minutes, not two seconds
    site = Site(tmp_path, KAMERVRAGEN_WORKERS=1)
    letters = sorted((site.content / "synthetic").glob("*.txt"))
    _age(letters, 3600)
    site.rebuild()
    site.rebuild()
    calls = count_parses(monkeypatch)
    fourth = letters[3]
    text = fourth.read_text(encoding="utf-8")
    first = text.replace("Vraag 1\n", "Vraag 7\n", 1)
    second = text.replace("Vraag 1\n", "Vraag 8\n", 1)
    assert len({len(text), len(first), len(second)}) == 1 and first != second
    fourth.write_text(first, encoding="utf-8")
    _age([fourth], 60)  # within the racy window
    site.rebuild()
    assert _parsed(calls) == [fourth.name]

    stat = fourth.stat()
    with open(fourth, "r+b") as handle:  # in place: same inode, size and (put back) mtime
        handle.write(second.encode("utf-8"))
    os.utime(fourth, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    calls.clear()
    site.rebuild()
    assert _parsed(calls) == [fourth.name]
    site.rebuild_and_compare()


def test_a_letter_s_new_subject_reaches_the_lists_that_show_it(site: Site) -> None:
    """A list is one unit, kept whole while its key is as recorded: the key must cover the
    letters it lists, not only its length and context. An edit that changes only a letter's
    subject (same date, people, pairs: no count moves) must still re-render its list pages."""
    letter = site.content / "synthetic" / "synthetic-4.txt"
    text = letter.read_text(encoding="utf-8")
    assert text.count("«") >= 1
    letter.write_text(text.replace("«", "«Herzien: ", 1), encoding="utf-8")
    rewritten, changed = site.rebuild_and_compare()
    assert "brief/synthetic-4/index.html" in changed
    listed = {n for n in changed if n.endswith("index.html") and not n.startswith("brief/")}
    assert listed, "no list page shows the new subject"
    assert any("Herzien" in (site.output / n).read_text(encoding="utf-8") for n in listed)


def test_lists_made_in_pieces_by_the_workers_equal_a_fresh_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed long list is made in pieces (here two pages each) in the pool and
    recorded as one unit: a rebuild after an add and a removal equals a fresh build, and
    the list is kept whole afterwards."""
    import kamervragen.generator as generator
    import kamervragen.parallel as parallel

    monkeypatch.setattr(generator, "LIST_PIECE", 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
    site = Site(tmp_path, KAMERVRAGEN_WORKERS=2)
    site.rebuild()
    pages = sorted(site.output.glob("pagina/*/index.html"))
    assert len(pages) > 2 * 2, "the index is not long enough to come in pieces"
    synthetic.write(1, site.content / "synthetic", start=9)
    rewritten, _ = site.rebuild_and_compare()
    assert "index.html" in rewritten
    (site.content / "synthetic" / "synthetic-6.txt").unlink()
    site.rebuild_and_compare()
    rewritten, _ = site.rebuild_and_compare()
    assert rewritten == set()
