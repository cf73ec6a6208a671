"""`make site` ends by saying what it built, not only Pelican's count of 0 articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_fixture import BAD_LETTER, build, make_content

from parsers import pairs


def test_build_ends_with_letters_pairs_pages_and_skipped_letters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kamervragen import ArchivePelican

    content = make_content(tmp_path)
    output = tmp_path / "output"
    build(content, output, tmp_path / "cache", pelican_class=ArchivePelican)
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    ours = [line for line in lines if line.startswith(("Kamervragen:", "  "))]
    # After Pelican's own closing line, which counts 0 articles.
    assert "Done: Processed" in printed
    assert printed.index("Done: Processed") < printed.index("Kamervragen:")

    letters = [json.loads(p.read_text(encoding="utf-8")) for p in output.glob("brief/*.json")]
    pair_count = sum(len(pairs(letter)) for letter in letters)
    pages = sum(1 for _ in output.rglob("*.html"))
    assert letters and pages > len(letters)
    assert ours[0].startswith(f"Kamervragen: {len(letters)} letters built (")
    assert f"; {pages} pages written to {output}." in ours[0]
    assert f" {pair_count} question/answer pairs;" in ours[0]
    assert ours[1] == "Kamervragen: 1 letter(s) skipped:"
    skipped = ours[2]
    assert BAD_LETTER in skipped and skipped.split(": ", 1)[1].strip()


def test_unplaced_names_are_capped_in_the_summary_and_listed_whole_in_a_file(
    tmp_path: Path,
) -> None:
    """At archive size the unplaced names would fill one line of tens of thousands of names:
    the summary names the first ones and the rest are in the cache folder, none lost."""
    from types import SimpleNamespace

    from kamervragen.model import Group
    from kamervragen.summary import NAMES_SHOWN, register_lines

    people = [
        Group("kamerlid", f"Lid{i:03d} (TEST DATA)", f"lid{i}", placed=False)
        for i in range(NAMES_SHOWN + 7)
    ]
    parties = [Group("partij", "Testpartij", "testpartij", placed=False)]
    generator = SimpleNamespace(
        groups={"kamerlid": people, "partij": parties},
        settings={"CACHE_PATH": str(tmp_path / "cache")},
    )
    lines = register_lines(generator)  # type: ignore[arg-type]

    assert lines[0].startswith(f"Kamervragen: {len(people) + 1} name(s) not in the register")
    person_line = next(line for line in lines if line.startswith("  kamerlid: "))
    assert person_line.count("Lid") == NAMES_SHOWN
    assert "… and 7 more" in person_line
    listed = tmp_path / "cache" / "kamervragen-unplaced.tsv"
    assert str(listed) in person_line
    assert "  partij: Testpartij" in lines
    rows = listed.read_text(encoding="utf-8").splitlines()
    assert sorted(rows) == sorted([f"kamerlid\t{g.name}" for g in people] + ["partij\tTestpartij"])
