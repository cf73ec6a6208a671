"""The install step of `make test` decides right for every mix of present and missing tools.

A fresh machine is where installation breaks, and CI's machine is never fresh; so this runs
`make system-deps` (tools/test-deps.sh) with a PATH holding only fakes: an `apt-get` that
records what it is asked and "installs" a tool by putting a fake of it on that PATH, and fake
`chromium`, `node`, `npm`, `id`, `sudo`, `dpkg-query` as each case needs. The case that broke
a real machine: NodeSource's node and npm present, no chromium — Debian's npm was asked for
beside them and apt refused the whole set.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FAKE_APT = r"""#!/bin/bash
echo "apt-get $*" >> "$FAKE_LOG"
[ "$1" = update ] && exit 0
pkgs=()
for a in "$@"; do case $a in install|-y|-qq) ;; *) pkgs+=("$a") ;; esac; done
IFS=';' read -ra fails <<< "${FAKE_APT_FAIL:-}"
for f in "${fails[@]}"; do
  if [ "$f" = "${pkgs[*]}" ]; then
    echo "E: Unable to correct problems, you have held broken packages." >&2
    exit 100
  fi
done
tool() { printf '#!/bin/bash\n%s\n' "$2" > "$FAKE_BIN/$1"; chmod +x "$FAKE_BIN/$1"; }
for p in "${pkgs[@]}"; do
  case $p in
    chromium) tool chromium 'exit 0' ;;
    nodejs) tool node "echo ${FAKE_APT_NODE:-v18.20.4}"
            [ -n "${FAKE_APT_NODE_NPM:-}" ] && tool npm 'exit 0' ;;
    npm) tool npm 'exit 0' ;;
  esac
done
exit 0
"""

FAKE_SUDO = r"""#!/bin/bash
echo "sudo $*" >> "$FAKE_LOG"
exec "$@"
"""


@dataclass
class Machine:
    """What the fake machine has before `make system-deps` runs."""

    chromium: bool = True
    node: str | None = "v20.11.1"  # what `node --version` prints; None: no node
    npm: bool = True
    apt: bool = True
    uid: int = 0
    sudo: bool = False
    dpkg_nodejs: str | None = None  # what dpkg-query says of the nodejs package
    env: dict[str, str] = field(default_factory=dict)


def _tool(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def run_system_deps(tmp_path: Path, machine: Machine) -> tuple[int, list[str], str]:
    """Runs `make system-deps` on the fake machine: (exit status, apt/sudo calls, stderr)."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    for real in ("bash", "env", "make", "chmod"):
        found = shutil.which(real)
        assert found, f"the test needs {real} on this machine"
        (fake_bin / real).symlink_to(found)
    _tool(fake_bin, "id", f"echo {machine.uid}")
    if machine.chromium:
        _tool(fake_bin, "chromium", "exit 0")
    if machine.node:
        _tool(fake_bin, "node", f"echo {machine.node}")
    if machine.npm:
        _tool(fake_bin, "npm", "exit 0")
    if machine.apt:
        _tool(fake_bin, "apt-get", FAKE_APT.split("\n", 1)[1])
    if machine.sudo:
        _tool(fake_bin, "sudo", FAKE_SUDO.split("\n", 1)[1])
    if machine.dpkg_nodejs:
        _tool(fake_bin, "dpkg-query", f"printf '%s' '{machine.dpkg_nodejs}'")
    log = tmp_path / "calls.log"
    log.touch()
    env = {
        "PATH": str(fake_bin),
        "HOME": str(tmp_path),
        "FAKE_LOG": str(log),
        "FAKE_BIN": str(fake_bin),
        **machine.env,
    }
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "-C", str(ROOT), "system-deps"],
        env=env,
        capture_output=True,
        text=True,
        executable=str(fake_bin / "make"),
        timeout=60,
    )
    return result.returncode, log.read_text().splitlines(), result.stderr


INSTALL = "apt-get install -y -qq"

CASES = {
    # NodeSource's node 20 with its npm, no chromium: chromium alone (the reported failure).
    "nodesource-node-no-chromium": (
        Machine(chromium=False),
        ["apt-get update -qq", f"{INSTALL} chromium"],
        True,
    ),
    "everything-present": (Machine(), [], True),
    "nothing-present": (
        Machine(chromium=False, node=None, npm=False),
        ["apt-get update -qq", f"{INSTALL} chromium", f"{INSTALL} nodejs npm"],
        True,
    ),
    "chromium-present-no-node": (
        Machine(node=None, npm=False),
        ["apt-get update -qq", f"{INSTALL} nodejs npm"],
        True,
    ),
    # Debian's own nodejs without npm: Debian's npm belongs beside it.
    "debian-node-without-npm": (
        Machine(node="v18.20.4", npm=False, dpkg_nodejs="18.20.4+dfsg-1~deb12u1"),
        ["apt-get update -qq", f"{INSTALL} npm"],
        True,
    ),
    # Another Node.js without npm: Debian's npm would conflict; nothing is asked of apt.
    "nodesource-node-without-npm": (
        Machine(npm=False, dpkg_nodejs="20.11.1-1nodesource1"),
        [],
        False,
    ),
    "nvm-node-without-npm": (Machine(npm=False), [], False),
    "node-too-old": (Machine(node="v16.20.2"), [], False),
    "chromium-install-fails": (
        Machine(chromium=False, env={"FAKE_APT_FAIL": "chromium"}),
        ["apt-get update -qq", f"{INSTALL} chromium"],
        False,
    ),
    # apt offers NodeSource's nodejs (which carries npm), so "nodejs npm" is refused.
    "nodesource-repository-no-node": (
        Machine(
            node=None,
            npm=False,
            env={
                "FAKE_APT_FAIL": "nodejs npm",
                "FAKE_APT_NODE": "v20.11.1",
                "FAKE_APT_NODE_NPM": "1",
            },
        ),
        ["apt-get update -qq", f"{INSTALL} nodejs npm", f"{INSTALL} nodejs"],
        True,
    ),
    "apt-node-too-old": (
        Machine(node=None, npm=False, env={"FAKE_APT_NODE": "v12.22.9"}),
        ["apt-get update -qq", f"{INSTALL} nodejs npm"],
        False,
    ),
    "no-apt-get": (Machine(chromium=False, apt=False), [], False),
    "not-root-with-sudo": (
        Machine(chromium=False, uid=1000, sudo=True),
        [
            "sudo apt-get update -qq",
            "apt-get update -qq",
            f"sudo {INSTALL} chromium",
            f"{INSTALL} chromium",
        ],
        True,
    ),
    "not-root-without-sudo": (Machine(chromium=False, uid=1000), [], False),
}


@pytest.mark.parametrize("case", CASES)
def test_installs_only_what_is_missing(tmp_path: Path, case: str) -> None:
    machine, calls, ok = CASES[case]
    code, recorded, stderr = run_system_deps(tmp_path, machine)
    assert recorded == calls, stderr
    assert (code == 0) == ok, stderr


@pytest.mark.parametrize(
    "case, missing, command",
    [
        ("chromium-install-fails", "chromium", "sudo apt-get install chromium"),
        ("no-apt-get", "chromium", "sudo apt-get install chromium"),
        ("not-root-without-sudo", "chromium", "sudo apt-get install chromium"),
        ("node-too-old", "Node.js >= 18", "v16.20.2"),
        ("apt-node-too-old", "Node.js >= 18", "v12.22.9"),
        ("nodesource-node-without-npm", "npm beside node v20", "NodeSource"),
    ],
)
def test_a_failed_install_says_what_is_missing_and_how_to_install_it(
    tmp_path: Path, case: str, missing: str, command: str
) -> None:
    code, _, stderr = run_system_deps(tmp_path, CASES[case][0])
    assert code != 0
    assert "MISSING: " + missing in stderr
    assert command in stderr


def test_serve_needs_neither_node_nor_chromium() -> None:
    """`make serve` is for readers of the site: nothing of the test tools is on its way."""
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(ROOT), "serve"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MAKEFLAGS": ""},
    ).stdout
    assert "pelican" in dry_run
    for word in ("test-deps", "apt-get", "npm", "chromium", "node"):
        assert word not in dry_run
