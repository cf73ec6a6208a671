"""The site build (Pelican with both plugins, as ``make site`` runs it) rebuilds the search
index incrementally, and its search files are then those of a site built from nothing.

tests/site/test_incremental.py compares whole sites; this holds the search step to its
incremental path (a build from nothing would also give equal files, only slowly).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from kamervragen_search import incremental

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "site"))
sys.path.insert(0, str(ROOT / "bench"))
import synthetic  # noqa: E402
from site_fixture import build, make_content  # noqa: E402

PLUGINS = ["kamervragen", "kamervragen_search"]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_make_site_rebuilds_the_search_index_incrementally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content(tmp_path)
    synthetic.write(6, content / "synthetic")
    modes: list[str] = []
    update = incremental.update

    def spy(*args: Any, **kwargs: Any) -> Any:
        report = update(*args, **kwargs)
        modes.append(report.mode)
        return report

    monkeypatch.setattr(incremental, "update", spy)

    def site_build(output: Path, cache: Path) -> None:
        build(content, output, cache, PLUGINS=PLUGINS, DELETE_OUTPUT_DIRECTORY=False)

    site_build(tmp_path / "output", tmp_path / "cache")
    assert modes == []  # the first build: from nothing
    # One letter added (a random date: among the others), one removed; the documents
    # between them are renumbered.
    synthetic.write(1, content / "synthetic", start=7)
    (content / "synthetic" / synthetic.file_name(2)).unlink()
    site_build(tmp_path / "output", tmp_path / "cache")
    assert modes == ["incremental"]

    fresh = tmp_path / "fresh"
    site_build(fresh / "output", fresh / "cache")
    assert files(tmp_path / "output" / "zoeken") == files(fresh / "output" / "zoeken")
    assert modes == ["incremental"]  # the fresh build had no state to start from
    shutil.rmtree(fresh)
