"""No silent skips: every skipped test is listed with its reason, and in CI a skip fails the run.

A test skipped because chromium, node or playwright is missing has not passed. On a
developer's machine the run lists what it skipped and why (and passes); with `CI` set
(CI services set CI=true; .ci/run sets it too) the run fails, so a CI machine without a
browser cannot report green with fewer tests. Expected failures (`xfail`, the reviewed
facts' known errors) are not skips: they are counted failures and stay allowed.

tests/conftest.py registers it; `-p tests.skip_policy` loads it on its own (its test does).
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


class SkipPolicy:
    """Collects skips as they happen; reports them at the end; fails the run in CI."""

    def __init__(self) -> None:
        self.skips: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skips.append((report.nodeid, _reason(report)))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A module that skips itself at import (no chromium, no playwright) skips every
        test in it: one skip, named by the module."""
        if report.skipped:
            self.skips.append((report.nodeid or "(collection)", _reason(report)))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.skips:
            return
        verdict = "this CI run fails" if in_ci() else "with CI=true the run would fail"
        terminalreporter.section(f"{len(self.skips)} skipped: {verdict}", sep="!", red=True)
        for nodeid, reason in self.skips:
            terminalreporter.line(f"SKIPPED {nodeid}: {reason}")
        terminalreporter.line("Install what they need (make test-deps) and run them.")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if in_ci() and self.skips and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("skip-policy"):
        config.pluginmanager.register(SkipPolicy(), "skip-policy")
