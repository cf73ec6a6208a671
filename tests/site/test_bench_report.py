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
    step = {
        "wall": 0.5,
        "cpu": 0.5,
        "sys": 0.1,
        "peak_mb": 1,
        "written": 1,
        "removed": 0,
        "parses": 1,
    }
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


# SYNTHETIC /proc/self/mountinfo lines (test data): the root on an ext4 without a journal, a
# journalled ext4 under it whose mount point has a space (written \040), a tmpfs.
MOUNTINFO = (
    "22 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
    "30 22 7:0 / /mnt/a\\040b rw,relatime - ext4 /dev/loop7 rw\n"
    "31 22 0:5 / /dev/shm rw - tmpfs tmpfs rw\n"
)


def test_the_file_system_is_the_deepest_mount_holding_the_path(tmp_path: Path) -> None:
    journals = tmp_path / "jbd2"
    (journals / "loop7-8").mkdir(parents=True)
    describe = site_build.file_system
    for mountinfo in (MOUNTINFO, "".join(reversed(MOUNTINFO.splitlines(keepends=True)))):
        assert describe(Path("/mnt/a b/x"), mountinfo, journals).startswith(
            "ext4 (/dev/loop7 at /mnt/a b), journal"
        )
        assert "NO journal" in describe(Path("/mnt/a bc"), mountinfo, journals)  # a sibling
        assert describe(Path("/dev/shm/kv"), mountinfo, journals) == "tmpfs (tmpfs at /dev/shm)"


def test_repeated_runs_print_their_system_time(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows([12.0, 11.0], [9.0, 8.0])
    site, bare = rows[0]
    site["sys_runs"], bare["sys_runs"] = [9.5, 2.5], [0.5, 0.4]
    site_build.report(rows)
    assert "of which system: site 9.5, 2.5 s; bare 0.5, 0.4 s" in capsys.readouterr().out
