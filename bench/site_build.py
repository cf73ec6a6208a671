"""Site build cost per letter, against a bare Pelican build of the same number of articles.

    .venv/bin/python bench/site_build.py [--sizes 100 1000] [--with-10000] [--keep DIR]

For each N it builds, each in a fresh Python process running Pelican in-process
(`pelican.Pelican(read_settings(...)).run()`):

- site: N SYNTHETIC letters (bench/synthetic.py) with the project's pelicanconf.py (plugins
  kamervragen + kamervragen_search, theme/, sha256 content cache in a fresh cache dir,
  KAMERVRAGEN_STRICT on), then letter N+1 is added and the site is built again with the
  cache: that rebuild should parse exactly one letter;
- bare: the same N letters as plain Markdown articles, Pelican defaults (no plugins, default
  theme, no cache).

It prints per N: wall and CPU seconds per letter for both, their ratio (target: site <= 2x
bare per letter), the share of the site's CPU time spent in the parser, output files, the
rebuild's time and how many letters it parsed, and the per-letter cost between consecutive
sizes (target: linear from 100 to 10,000, so the marginal cost should not grow with N).

Parses are counted by wrapping `parsers.pipeline._parse`, which `parse_file` and
`parse_bytes` both go through, so the count holds however the plugin calls the parser; the
cold build must count N (checked).

A fresh process per build keeps the builds apart: Pelican plugins connect to global
signals, so after a site build in the same process a "bare" build would still run the
letter generator. Times are for `Pelican(settings)` + `run()` only, not interpreter start-up
and imports. CPU seconds are given because the machine may be shared (load average shown).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402

PLUGIN = ROOT / "plugins" / "kamervragen"
PELICANCONF = ROOT / "pelicanconf.py"
TARGET_RATIO = 2.0


class BenchError(RuntimeError):
    """A build that could not run; the message says why and what to do."""


# --- child: one build, in this process -------------------------------------------------------
def _count_parses() -> dict[str, Any]:
    import parsers.pipeline as pipeline

    counter: dict[str, Any] = {"parses": 0, "cpu": 0.0}
    original = pipeline._parse

    def counted(data: bytes, source: str) -> dict[str, Any]:
        counter["parses"] += 1
        start = time.process_time()
        try:
            return original(data, source)
        finally:
            counter["cpu"] += time.process_time() - start

    pipeline._parse = counted
    return counter


def _output_files(path: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(path))


def _timed_run(
    settings: dict[str, Any], times: dict[str, float] | None = None
) -> tuple[float, float]:
    """Wall and CPU seconds of one build; `times` also gets its user and system CPU seconds.

    System time is mostly the kernel creating the output's files and directories; on this
    machine's ext4 that cost depends on how many files were deleted on the disk in the last
    minutes (the inode allocator skips recently freed inodes), so it is reported apart.
    """
    from pelican import Pelican

    wall, cpu, before = time.perf_counter(), time.process_time(), os.times()
    Pelican(settings).run()
    after = os.times()
    if times is not None:
        times["user"] = after.user - before.user
        times["sys"] = after.system - before.system
    return time.perf_counter() - wall, time.process_time() - cpu


def child(kind: str, n: int, work: Path) -> dict[str, Any]:
    """Build `work`/content into `work`/output; for the site, then add one letter and rebuild."""
    import logging

    from pelican.settings import read_settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    content, output, cache = work / "content", work / "output", work / "cache"
    common = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(cache),
    }
    result: dict[str, Any] = {"kind": kind, "n": n}
    if kind == "bare":
        settings = read_settings(
            None,
            override={
                **common,
                "PLUGINS": [],  # None would load every installed namespace plugin
                "SITENAME": "bare",
                "TIMEZONE": "Europe/Amsterdam",
                "DEFAULT_LANG": "nl",
            },
        )
        times: dict[str, float] = {}
        result["wall"], result["cpu"] = _timed_run(settings, times)
        result["user"], result["sys"] = times["user"], times["sys"]
        result["files"] = _output_files(output)
        return result

    counter = _count_parses()
    override = {
        **common,
        "KAMERVRAGEN_STRICT": True,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CHECK_MODIFIED_METHOD": "sha256",
    }
    times = {}
    result["wall"], result["cpu"] = _timed_run(
        read_settings(str(PELICANCONF), dict(override)), times
    )
    result["user"], result["sys"] = times["user"], times["sys"]
    result["parses"], result["parse_cpu"] = counter["parses"], counter["cpu"]
    result["files"] = _output_files(output)

    synthetic.write(1, content, start=n + 1)
    counter["parses"] = 0
    settings = read_settings(str(PELICANCONF), dict(override))
    result["rebuild_wall"], result["rebuild_cpu"] = _timed_run(settings)
    result["rebuild_parses"] = counter["parses"]
    result["rebuild_files"] = _output_files(output)
    return result


# --- parent: set up, run children, report ---------------------------------------------------
def check_site_plugin() -> None:
    if not (PLUGIN / "__init__.py").exists():
        raise BenchError(
            f"site plugin missing: {PLUGIN}/__init__.py does not exist yet; "
            "the site benchmark needs the kamervragen plugin (plugins/kamervragen). "
            "Run it again once the plugin is committed."
        )


def _run_child(kind: str, n: int, work: Path) -> dict[str, Any]:
    result_file = work / "result.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        str(n),
        str(work),
        str(result_file),
    ]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0 or not result_file.exists():
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        raise BenchError(f"{kind} build of {n} letters failed (exit {proc.returncode}):\n{tail}")
    return json.loads(result_file.read_text())


def build_pair(n: int, base: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    site_work, bare_work = base / f"site-{n}", base / f"bare-{n}"
    synthetic.write(n, site_work / "content")
    (bare_work / "content").mkdir(parents=True)
    for i in range(1, n + 1):
        (bare_work / "content" / f"synthetic-{i}.md").write_text(
            synthetic.markdown(i), encoding="utf-8"
        )
    site = _run_child("site", n, site_work)
    bare = _run_child("bare", n, bare_work)
    return site, bare


def report(rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    print(
        f"{'N':>6} | {'site s':>7} {'ms/letter':>9} {'cpu ms/l':>8} {'files':>7} | "
        f"{'bare s':>7} {'ms/letter':>9} {'cpu ms/l':>8} {'files':>6} | "
        f"{'ratio':>5} {'cpu':>5} | {'parse%':>6} | {'rebuild s':>9} {'parsed':>6}"
    )
    for site, bare in rows:
        n = site["n"]
        ratio = site["wall"] / bare["wall"]
        cpu_ratio = site["cpu"] / bare["cpu"]
        print(
            f"{n:>6} | {site['wall']:>7.2f} {1000 * site['wall'] / n:>9.2f} "
            f"{1000 * site['cpu'] / n:>8.2f} {site['files']:>7} | "
            f"{bare['wall']:>7.2f} {1000 * bare['wall'] / n:>9.2f} "
            f"{1000 * bare['cpu'] / n:>8.2f} {bare['files']:>6} | "
            f"{ratio:>5.2f} {cpu_ratio:>5.2f} | {100 * site['parse_cpu'] / site['cpu']:>5.0f}% | "
            f"{site['rebuild_wall']:>9.2f} {site['rebuild_parses']:>6}"
        )
    print()
    for site, bare in rows:
        n = site["n"]
        verdict = "ok" if site["cpu"] / bare["cpu"] <= TARGET_RATIO else "ABOVE TARGET"
        print(
            f"N={n}: site/bare per letter (CPU) {site['cpu'] / bare['cpu']:.2f} "
            f"(target <= {TARGET_RATIO:g}): {verdict}"
        )
        if site["parses"] != n:
            print(
                f"  WARNING: cold build counted {site['parses']} parses for {n} letters: "
                "the parse counter does not see the plugin's parser calls"
            )
        if "user" in site and "user" in bare:
            print(
                f"  user CPU ms/letter site {1000 * site['user'] / n:.2f}, "
                f"bare {1000 * bare['user'] / n:.2f} (ratio {site['user'] / bare['user']:.2f}); "
                f"system CPU ms/letter site {1000 * site['sys'] / n:.2f}, "
                f"bare {1000 * bare['sys'] / n:.2f}"
            )
        verdict = "ok" if site["rebuild_parses"] == 1 else "EXPECTED 1"
        print(
            f"  rebuild after adding one letter: {site['rebuild_parses']} letter(s) parsed, "
            f"{site['rebuild_wall']:.2f} s wall, {site['rebuild_cpu']:.2f} s CPU: {verdict}"
        )
    for (small, small_bare), (large, large_bare) in zip(rows, rows[1:], strict=False):
        dn = large["n"] - small["n"]
        site_marginal = 1000 * (large["cpu"] - small["cpu"]) / dn
        bare_marginal = 1000 * (large_bare["cpu"] - small_bare["cpu"]) / dn
        growth = (large["cpu"] / large["n"]) / (small["cpu"] / small["n"])
        print(
            f"N {small['n']} -> {large['n']}: marginal CPU ms/letter site {site_marginal:.2f}, "
            f"bare {bare_marginal:.2f}; site CPU per letter x{growth:.2f} "
            "(linear: about 1 or below)"
        )


def run(sizes: list[int], keep: Path | None = None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    check_site_plugin()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"site build: sizes {sizes}; {os.cpu_count()} CPUs, load average {load}")
    base = Path(tempfile.mkdtemp(prefix="kv-site-bench-"))
    rows = []
    try:
        for n in sizes:
            started = time.perf_counter()
            rows.append(build_pair(n, base))
            print(
                f"  built N={n} (site, rebuild, bare) in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
        report(rows)
    finally:
        if keep:
            shutil.copytree(base, keep, dirs_exist_ok=True)
            print(f"builds kept in {keep}")
        shutil.rmtree(base, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, n, work, result_file = argv[1], int(argv[2]), Path(argv[3]), Path(argv[4])
        result_file.write_text(json.dumps(child(kind, n, work)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--with-10000", action="store_true", help="also build 10,000 letters")
    parser.add_argument("--keep", type=Path, help="copy the built sites here")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([10000] if args.with_10000 else [])))
    try:
        run(sizes, args.keep)
    except BenchError as error:
        print(f"site_build: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
