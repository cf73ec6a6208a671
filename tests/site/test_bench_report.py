"""The site benchmark's verdict (bench/site_build.py): with --repeat it judges the fastest
site build against the fastest bare one, and prints every run. Rows here are SYNTHETIC
figures, not measurements."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import site_build  # noqa: E402


def _rows(site_runs: list[float], bare_runs: list[float]) -> list[Any]:
    step = {"wall": 0.5, "cpu": 0.5, "peak_mb": 1, "written": 1, "removed": 0, "parses": 1}
    site = {"n": 10, "search": True, "files": 5, "runs": site_runs}
    site.update({name: dict(step) for name in ("full", "unchanged", "add", "edit", "remove")})
    site["full"] = {**step, "wall": site_runs[0], "parses": 10}
    bare = {"n": 10, "full": {**step, "wall": bare_runs[0], "written": 12}, "runs": bare_runs}
    return [(site, bare)]


def test_repeated_builds_are_judged_fastest_against_fastest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The first pair alone is above the target (16 / 10); the fastest of each is not.
    site_build.report(_rows([16.0, 12.0, 14.0], [10.0, 9.0, 11.0]))
    out = capsys.readouterr().out
    assert "fastest site / fastest bare 1.33" in out and ": ok" in out
    assert "site 16.0, 12.0, 14.0 s; bare 10.0, 9.0, 11.0 s" in out
    site_build.report(_rows([16.0, 15.0], [10.0, 9.0]))
    assert (
        "fastest site / fastest bare 1.67 (target <= 1.5): ABOVE TARGET" in capsys.readouterr().out
    )


def test_one_pair_is_judged_as_it_is(capsys: pytest.CaptureFixture[str]) -> None:
    site_build.report(_rows([14.0], [10.0]))
    out = capsys.readouterr().out
    assert "full build wall site/bare 1.40 (target <= 1.5): ok" in out
    assert "runs each" not in out
