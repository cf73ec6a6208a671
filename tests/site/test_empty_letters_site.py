"""The site reports a letter that lost its items; a strict build fails on it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from site_fixture import build

from tests.test_empty_letters import UNKNOWN_LAYOUT

NAME = "synthetic-unknown-layout.txt"


def _content(root: Path) -> Path:
    content = root / "content" / "invented"
    content.mkdir(parents=True)
    (content / NAME).write_text(UNKNOWN_LAYOUT, encoding="utf-8")
    return root / "content"


def test_letter_without_items_is_reported_and_built(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = _content(tmp_path)
    with caplog.at_level(logging.ERROR):
        build(content, tmp_path / "out", tmp_path / "cache")
    reports = [r.getMessage() for r in caplog.records if NAME in r.getMessage()]
    assert reports and "no questions or answers found" in reports[0]
    assert (tmp_path / "out" / "brief" / "synthetic-unknown-layout" / "index.html").is_file()


def test_strict_build_fails_on_a_letter_without_items(tmp_path: Path) -> None:
    from kamervragen.generator import BadLettersError

    content = _content(tmp_path)
    with pytest.raises(BadLettersError, match="lost their items"):
        build(content, tmp_path / "out", tmp_path / "cache", KAMERVRAGEN_STRICT=True)
