"""A .docx letter in content/ builds a page whose footnotes have their bodies."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from site_fixture import CONTENT, build


def test_docx_letter_page_has_footnote_bodies(tmp_path: Path) -> None:
    content = tmp_path / "content" / "docx"
    content.mkdir(parents=True)
    source = CONTENT / "docx" / "SYNTHETIC-docx-ah-tk-20232024-1178.docx"
    shutil.copyfile(source, content / source.name)
    build(tmp_path / "content", tmp_path / "out", tmp_path / "cache", KAMERVRAGEN_STRICT=True)
    page = tmp_path / "out" / "brief" / "synthetic-docx-ah-tk-20232024-1178" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    notes = soup.select("section.footnotes li")
    assert len(notes) == 15
    assert "Forbes, Januari 25, 2023" in notes[1].get_text()
