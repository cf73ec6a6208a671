"""The stand-in's catalogue: the corpus PDFs (byte for byte), metadata.xml and official XML
written from them (TEST DATA, see tests/official_markup.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from parsers import parse_bytes
from tests.official_markup import metadata_xml, render_xml

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from standin import Letter  # noqa: E402

PDFS = sorted((HERE.parent / "fixtures" / "pdf").glob("*.pdf"))
WITH_XML = {"ah-tk-20232024-1178", "ah-tk-20232024-1481", "ah-tk-20232024-2367"}


@pytest.fixture(scope="session")
def catalogue() -> list[Letter]:
    letters = []
    for path in PDFS:
        parsed = parse_bytes(path.read_bytes(), path.name)
        files = {"pdf": path.read_bytes(), "metadata": metadata_xml(parsed)}
        if path.stem in WITH_XML:
            files["xml"] = render_xml(parsed)
        letters.append(Letter(path.stem, files, title=parsed.get("title") or ""))
    return letters
