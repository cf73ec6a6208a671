"""Shared test set-up: the corpus fixtures and the golden-file switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.skip_policy import pytest_configure  # noqa: F401  (no silent skips: see there)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
LETTER_SUFFIXES = {".txt", ".md", ".pdf", ".xml", ".html"}


def corpus_files() -> list[Path]:
    """Every real letter under tests/fixtures/<format>/ (not the golden JSON next to it)."""
    return sorted(
        path
        for path in FIXTURES.glob("*/*")
        if path.suffix in LETTER_SUFFIXES and not path.name.startswith("invented")
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite tests/fixtures/**/<id>.expected.json from the parser (read the diff!)",
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))
