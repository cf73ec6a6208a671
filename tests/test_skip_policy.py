"""The skip policy (tests/skip_policy.py), run on a small invented suite in a subprocess:
skips are listed with their reasons; with CI set they fail the run; xfails do not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

INVENTED_SUITE = {
    "test_invented.py": """
import pytest

def test_passes():
    assert True

@pytest.mark.skip(reason="chromium is not installed")
def test_needs_a_browser():
    pass

@pytest.mark.xfail(strict=True, reason="a known error")
def test_known_error():
    assert False
""",
    "test_invented_module.py": """
import pytest

pytest.skip("node is not installed", allow_module_level=True)

def test_needs_node():
    pass
""",
}


def run(tmp_path: Path, suite: dict[str, str], ci: str | None) -> subprocess.CompletedProcess:
    """pytest with only the skip policy loaded, on an invented suite, CI set or not."""
    for name, text in suite.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.skip_policy", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def skip_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("SKIPPED ")]


@pytest.mark.parametrize("ci", [None, "false"])
def test_outside_ci_skips_are_listed_with_their_reason(tmp_path: Path, ci: str | None) -> None:
    result = run(tmp_path, INVENTED_SUITE, ci)
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert "2 skipped: with CI=true the run would fail" in result.stdout
    assert sorted(skip_lines(result.stdout)) == [
        "SKIPPED test_invented.py::test_needs_a_browser: chromium is not installed",
        "SKIPPED test_invented_module.py: node is not installed",
    ]


def test_in_ci_a_skip_fails_the_run_and_an_xfail_does_not_count(tmp_path: Path) -> None:
    result = run(tmp_path, INVENTED_SUITE, "true")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "2 skipped: this CI run fails" in result.stdout
    assert len(skip_lines(result.stdout)) == 2
    assert "1 xfailed" in result.stdout


def test_in_ci_a_run_without_skips_passes(tmp_path: Path) -> None:
    result = run(tmp_path, {"test_invented.py": "def test_passes():\n    assert True\n"}, "true")
    assert result.returncode == pytest.ExitCode.OK, result.stdout
    assert skip_lines(result.stdout) == [] and "skipped" not in result.stdout
