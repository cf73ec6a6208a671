"""Golden files: every real letter in tests/fixtures parses to its reviewed expected JSON.

Run `pytest tests/test_golden.py --regen-golden` after a parser change, then read every
diff (`git diff tests/fixtures`) before committing it: the golden files are only as good
as that reading.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import parse_bytes
from tests.conftest import ROOT, corpus_files


def expected_path(letter: Path) -> Path:
    return letter.with_name(letter.stem + ".expected.json")


@pytest.mark.parametrize("letter", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_letter_matches_golden_file(letter: Path, regen_golden: bool) -> None:
    source = letter.relative_to(ROOT).as_posix()
    parsed = parse_bytes(letter.read_bytes(), source)
    golden = expected_path(letter)
    if regen_golden:
        golden.write_text(json.dumps(parsed, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert golden.exists(), f"no golden file; run pytest --regen-golden and review {golden}"
    assert parsed == json.loads(golden.read_text("utf-8"))


def test_every_golden_file_has_its_letter() -> None:
    """A renamed or deleted letter must not leave a golden file that tests nothing."""
    letters = {expected_path(p) for p in corpus_files()}
    goldens = set(Path(ROOT / "tests" / "fixtures").glob("*/*.expected.json"))
    assert goldens and goldens <= letters
