"""Site build cost per letter against bare Pelican, and rebuilds after one letter changes.

    .venv/bin/python bench/site_build.py [--sizes 1000 10000 100000] [--no-search]
                                         [--verify] [--skip-bare] [--keep DIR]
                                         [--repeat R]

--keep DIR builds the sites in DIR/site-N and leaves them there; a site already there is
built again with its cache and output/ (its first row is then a rebuild with every letter
cached, e.g. after a code change, not a build from nothing), so the one-letter rebuilds of
a 100,000-letter site can be measured again without building it from nothing.

For each N, in fresh Python processes running Pelican in-process
(`pelican.Pelican(read_settings(...)).run()`):

- site: N SYNTHETIC letters (bench/synthetic.py) with the project's pelicanconf.py (plugins
  kamervragen + kamervragen_search, or kamervragen alone with --no-search; theme/, letter
  cache in a fresh cache dir, KAMERVRAGEN_STRICT on, workers = all cores), then three
  rebuilds with the cache and the existing output/: letter N+1 added, letter 2 edited
  (regenerated with another seed), letter N+1 removed. Each rebuild should parse at most
  one letter and write only the files whose inputs changed;
- bare: the same N letters as plain Markdown articles, Pelican defaults (no plugins,
  default theme, no cache), one process. Pelican's defaults do not scale linearly: its
  ``process_translations`` scans a list of every article for every article (19.9 ms a
  letter in wall time at 100,000 against 7.2 at 10,000, 2026-12-01), so a ratio at
  100,000 flatters the site; the README gives both.

Per build it reports wall seconds, CPU seconds (user + system, the build's process and its
worker processes), peak memory (the largest sum of proportional set sizes, PSS, of the
build's process and its workers, sampled every second: shared pages count once), files
written (site: counted by the site's write path; bare: files in output/) and files
removed. --verify then builds the same content from nothing and compares the rebuilt
output/ with it file by file (the issue's "exactly the output of a build from nothing").

--repeat R builds the site from nothing and bare Pelican R times each, in turns (site,
bare, site, bare, ...; the first site build is the one the rebuilds start from, the others
build the content as the rebuilds left it: N letters, letter 2 edited), each into a folder
of its own that is removed only at the end, and judges the target on the fastest of each
(min / min), printing every run and the pairs' ratios beside it (with --keep of a site
already built, its first run is a rebuild: not a fair first run). On this shared
VM one build's wall time swings by half from run to run (the same 1,000-letter site: 7.8
to 14.1 s within minutes, 2026-12-02, mostly system time: file creation on an ext4 without
a journal in the minutes after a mass removal, see file_system), so a single pair of builds
can land on either side of a target.

Parses are counted by wrapping `parsers.pipeline._parse` (in the build process and, being
forked, in its workers: counted through a shared counter). Targets (issue 10): full build
<= 1.5x bare Pelican per letter in wall time on 2 cores; one-letter rebuild <= 60 s at
100,000 letters and <= 10 % of the full build at 10,000. The machine is shared: the load
average is printed, and CPU times are the steadier figures.
"""

from __future__ import annotations

import argparse
import filecmp
import gc
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402

PLUGIN = ROOT / "plugins" / "kamervragen"
PELICANCONF = ROOT / "pelicanconf.py"
TARGET_RATIO = 1.5
EDITED = 2


class BenchError(RuntimeError):
    """A build that could not run; the message says why and what to do."""


# --- child: builds, in this process (and its workers) ------------------------------------
class MemorySampler:
    """Largest PSS sum of this process and its descendants, sampled in a thread.

    Once a second: the kernel walks a process's whole page table to answer smaps_rollup
    (~30 ms of system time for a 4 GB process), and the time is charged to the build; at
    100,000 letters (three processes of ~6 GB) sampling five times a second took about half
    a core of the two from the build and added it to its CPU time."""

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    @staticmethod
    def _tree(root: int) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(parents.get(pid, []))
        return tree

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._pss(p) for p in self._tree(os.getpid())))
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()


def _count_parses() -> Any:
    import parsers.pipeline as pipeline

    counter = multiprocessing.get_context("fork").Value("i", 0)
    original = pipeline._parse

    def counted(data: bytes, source: str) -> dict[str, Any]:
        with counter.get_lock():
            counter.value += 1
        return original(data, source)

    pipeline._parse = counted
    return counter


def _count_writes() -> dict[str, int]:
    from kamervragen.output import Output

    counts = {"written": 0, "removed": 0, "kept_units": 0}
    original = Output.finish

    def finish(self: Output) -> None:
        original(self)
        counts.update(written=self.written, removed=self.removed, kept_units=self.kept_units)

    Output.finish = finish
    return counts


def _output_files(path: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(path))


def _timed_run(settings: dict[str, Any]) -> dict[str, float]:
    from pelican import Pelican

    wall = time.perf_counter()
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    with MemorySampler() as memory:
        Pelican(settings).run()
    own2, kids2 = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    user = own2.ru_utime - own.ru_utime + kids2.ru_utime - kids.ru_utime
    system = own2.ru_stime - own.ru_stime + kids2.ru_stime - kids.ru_stime
    return {
        "wall": time.perf_counter() - wall,
        "user": user,
        "sys": system,
        "cpu": user + system,
        "peak_mb": memory.peak / 2**20,
    }


def _site_settings(work: Path, output: Path, cache: Path, search: bool) -> dict[str, Any]:
    from pelican.settings import read_settings

    override: dict[str, Any] = {
        "PATH": str(work / "content"),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(cache),
        "KAMERVRAGEN_STRICT": True,
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
    }
    if not search:
        override["PLUGINS"] = ["kamervragen"]
    return read_settings(str(PELICANCONF), override)


def child(kind: str, n: int, work: Path, search: bool, verify: bool) -> dict[str, Any]:
    import logging

    from pelican.settings import read_settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    content, output, cache = work / "content", work / "output", work / "cache"
    result: dict[str, Any] = {"kind": kind, "n": n, "search": search}
    if kind.startswith("bare"):
        if kind != "bare":  # a repeat
            output, cache = work / kind / "output", work / kind / "cache"
        settings = read_settings(
            None,
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(cache),
                "PLUGINS": [],  # None would load every installed namespace plugin
                "SITENAME": "bare",
                "TIMEZONE": "Europe/Amsterdam",
                "DEFAULT_LANG": "nl",
            },
        )
        result["full"] = _timed_run(settings)
        result["full"]["written"] = _output_files(output)
        return result

    sys.path.insert(0, str(ROOT / "plugins"))
    if kind.startswith("site-again-"):  # a repeat: only a build from nothing
        again = work / kind
        result["full"] = _timed_run(_site_settings(work, again / "output", again / "cache", search))
        return result
    parses = _count_parses()
    writes = _count_writes()

    def run(label: str) -> None:
        parses.value = 0
        # What the build before left for the cyclic collector (100,000 letters' views,
        # threads, groups: gigabytes) is collected here, untimed: `make site` runs each
        # build in a fresh process, and collecting it inside the next build added 21 s to
        # the one rebuild at 100,000 letters where it was measured.
        gc.collect()
        figures = _timed_run(_site_settings(work, output, cache, search))
        figures.update(parses=parses.value, **writes)
        result[label] = figures

    result["from_nothing"] = not output.exists()
    run("full")
    result["files"] = _output_files(output)
    run("unchanged")
    synthetic.write(1, content, start=n + 1, among=n)  # dated among the others
    run("add")
    edited = content / synthetic.file_name(EDITED)
    seed = 1
    while (text := synthetic.generate(EDITED, seed=seed)[0]) == edited.read_text("utf-8"):
        seed += 1  # a kept site edited by an earlier run: another text
    edited.write_text(text, encoding="utf-8")
    run("edit")
    (content / synthetic.file_name(n + 1)).unlink()
    run("remove")
    if verify:
        fresh = work / "fresh"
        _timed_run(_site_settings(work, fresh / "output", fresh / "cache", search))
        result["verify"] = _compare(output, fresh / "output")
        shutil.rmtree(fresh, ignore_errors=True)
    return result


def _compare(rebuilt: Path, fresh: Path) -> list[str]:
    """Differences between two output trees (file names and bytes); [] when equal."""
    problems = []
    for directory, _, files in os.walk(fresh):
        for name in files:
            path = Path(directory) / name
            other = rebuilt / path.relative_to(fresh)
            if not other.is_file():
                problems.append(f"missing in rebuild: {path.relative_to(fresh)}")
            elif not filecmp.cmp(path, other, shallow=False):
                problems.append(f"differs: {path.relative_to(fresh)}")
    for directory, _, files in os.walk(rebuilt):
        for name in files:
            path = Path(directory) / name
            if not (fresh / path.relative_to(rebuilt)).is_file():
                problems.append(f"only in rebuild: {path.relative_to(rebuilt)}")
    return problems[:20]


# --- parent: set up, run children, report -----------------------------------------------
def check_site_plugin() -> None:
    if not (PLUGIN / "__init__.py").exists():
        raise BenchError(
            f"site plugin missing: {PLUGIN}/__init__.py does not exist yet; "
            "the site benchmark needs the kamervragen plugin (plugins/kamervragen)."
        )


def _run_child(kind: str, n: int, work: Path, search: bool, verify: bool) -> dict[str, Any]:
    result_file = work / "result.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(n)]
    command += [str(work), str(result_file), str(int(search)), str(int(verify))]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0 or not result_file.exists():
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        raise BenchError(f"{kind} build of {n} letters failed (exit {proc.returncode}):\n{tail}")
    return json.loads(result_file.read_text())


def build_pair(
    n: int,
    base: Path,
    search: bool,
    verify: bool,
    bare: bool,
    site: bool = True,
    keep: bool = False,
    repeat: int = 1,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    site_work, bare_work = base / f"site-{n}", base / f"bare-{n}"
    site_result = bare_result = None
    if site and not (site_work / "content").is_dir():
        synthetic.write(n, site_work / "content")
        time.sleep(2.5)  # older than the racy window (store.RACY_NS), as an archive's are
    if bare:
        (bare_work / "content").mkdir(parents=True)
        for i in range(1, n + 1):
            (bare_work / "content" / f"synthetic-{i}.md").write_text(
                synthetic.markdown(i), encoding="utf-8"
            )
    for k in range(repeat):
        if site:
            if k == 0:
                site_result = _run_child("site", n, site_work, search, verify)
                site_result["runs"] = [site_result["full"]["wall"]]
                site_result["sys_runs"] = [site_result["full"]["sys"]]
            else:
                again = _run_child(f"site-again-{k}", n, site_work, search, False)
                assert site_result is not None
                site_result["runs"].append(again["full"]["wall"])
                site_result["sys_runs"].append(again["full"]["sys"])
        if bare:
            run = _run_child("bare" if k == 0 else f"bare-again-{k}", n, bare_work, False, False)
            if bare_result is None:
                bare_result = run
                bare_result["runs"], bare_result["sys_runs"] = [], []
            bare_result["runs"].append(run["full"]["wall"])
            bare_result["sys_runs"].append(run["full"]["sys"])
    if site:
        for k in range(1, repeat):
            shutil.rmtree(site_work / f"site-again-{k}", ignore_errors=True)
        if not keep:
            shutil.rmtree(site_work, ignore_errors=True)
    shutil.rmtree(bare_work, ignore_errors=True)
    return site_result, bare_result


def _figures(n: int, name: str, f: dict[str, Any]) -> str:
    """One build's columns up to its peak memory, the same for the site and bare Pelican."""
    return (
        f"{n:>7} {name:>9} | {f['wall']:>8.1f} {1000 * f['wall'] / n:>6.2f} "
        f"{f['cpu']:>8.1f} {1000 * f['cpu'] / n:>6.2f} {f['sys']:>9.1f} {f['peak_mb']:>8.0f} "
    )


def _system_times(site: dict[str, Any], bare: dict[str, Any]) -> str:
    """The system part of each run: where it swings, the file system did (see file_system)."""
    if "sys_runs" not in site or "sys_runs" not in bare:
        return ""
    return (
        f"\n  of which system: site {', '.join(f'{x:.1f}' for x in site['sys_runs'])} s; "
        f"bare {', '.join(f'{x:.1f}' for x in bare['sys_runs'])} s"
    )


def report(rows: list[tuple[dict[str, Any] | None, dict[str, Any] | None]]) -> None:
    print(
        f"\n{'N':>7} {'build':>9} | {'wall s':>8} {'ms/l':>6} {'CPU s':>8} {'ms/l':>6} "
        f"{'of it sys':>9} {'peak MB':>8} {'written':>8} {'removed':>7} {'parsed':>6} | "
        f"{'wall x bare':>11} {'CPU x bare':>10}"
    )
    for site, bare in rows:
        if site is None:
            assert bare is not None
            f, n = bare["full"], bare["n"]
            print(_figures(n, "bare", f) + f"{f['written']:>8}")
            continue
        n = site["n"]
        label = "site" if site["search"] else "site-nosearch"
        if not site.get("from_nothing", True):
            label = "kept " + label
        for step in ("full", "unchanged", "add", "edit", "remove"):
            f = site[step]
            ratio = cpu_ratio = ""
            if step == "full" and bare is not None:
                ratio = f"{f['wall'] / bare['full']['wall']:.2f}"
                cpu_ratio = f"{f['cpu'] / bare['full']['cpu']:.2f}"
            name = label if step == "full" else f"  {step}"
            print(
                _figures(n, name, f)
                + f"{f['written']:>8} {f['removed']:>7} {f['parses']:>6} | {ratio:>11} "
                f"{cpu_ratio:>10}"
            )
        if bare is not None:
            f = bare["full"]
            print(_figures(n, "bare", f) + f"{f['written']:>8} {'':>7} {'':>6} |")
    print()
    for site, bare in rows:
        if site is None:
            continue
        n, full = site["n"], site["full"]
        print(f"N={n}: {site['files']} files in output/ after the full build")
        if bare is not None:
            ratio = full["wall"] / bare["full"]["wall"]
            site_runs, bare_runs = site.get("runs", [full["wall"]]), bare.get("runs", [])
            if len(site_runs) > 1 and len(bare_runs) == len(site_runs):
                pairs = ", ".join(f"{a / b:.2f}" for a, b in zip(site_runs, bare_runs, strict=True))
                print(
                    f"  {len(site_runs)} runs each, in turns: site "
                    f"{', '.join(f'{x:.1f}' for x in site_runs)} s; bare "
                    f"{', '.join(f'{x:.1f}' for x in bare_runs)} s; pairs' ratios {pairs}"
                    + _system_times(site, bare)
                )
                ratio = min(site_runs) / min(bare_runs)
                label = "fastest site / fastest bare"
            else:
                label = "site/bare"
            verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
            print(f"  full build wall {label} {ratio:.2f} (target <= {TARGET_RATIO}): {verdict}")
        for step in ("add", "edit", "remove"):
            share = site[step]["wall"] / full["wall"]
            print(
                f"  rebuild after {step}: {site[step]['wall']:.1f} s wall "
                f"({100 * share:.1f} % of the full build), {site[step]['cpu']:.1f} s CPU, "
                f"{site[step]['parses']} parsed, {site[step]['written']} written"
            )
        if full["parses"] != n and site.get("from_nothing", True):
            print(f"  WARNING: the full build counted {full['parses']} parses for {n} letters")
        if "verify" in site:
            problems = site["verify"]
            verdict = "identical" if not problems else f"DIFFERENT: {problems}"
            print(f"  rebuilt output/ vs a build from nothing: {verdict}")


def file_system(
    path: Path, mountinfo: str | None = None, journals: Path = Path("/proc/fs/jbd2")
) -> str:
    """The file system a benchmark writes to, and for ext4 whether it keeps a journal.

    Without a journal ext4 skips inodes freed in the last 5 s (300 s while their table block
    is dirty) when it allocates new ones (`recently_deleted` in fs/ext4/ialloc.c), so after
    a mass removal each file and folder created costs a scan: this VM's root file system has
    no journal, and the site, which creates ~27 files and folders a letter against bare
    Pelican's one, took 6-14 s of system time for 1,000 letters there against 2-4 s on a
    journalled ext4. Printing it tells a reader which kind of run a figure comes from."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text()
        except OSError:
            return "unknown file system"
    target, best = str(path.resolve()), None
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        cut = fields.index("-")
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, fields[cut + 1], fields[cut + 2])
    if best is None:
        return "unknown file system"
    point, kind, source = best
    described = f"{kind} ({source} at {point})"
    if kind == "ext4":
        device = Path(source).name
        journal = any(journals.glob(f"{device}-*"))
        described += ", journal" if journal else ", NO journal (file creation slows after removals)"
    return described


def run(
    sizes: list[int],
    search: bool = True,
    verify: bool = False,
    bare: bool = True,
    keep: Path | None = None,
    site: bool = True,
    repeat: int = 1,
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    check_site_plugin()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"site build: sizes {sizes}; search {'on' if search else 'off'}; "
        f"{os.cpu_count()} CPUs, load average {load}; {time.strftime('%Y-%m-%d %H:%M')}"
    )
    base = keep or Path(tempfile.mkdtemp(prefix="kv-site-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"  building in {base}: {file_system(base)}")
    rows = []
    try:
        for n in sizes:
            started = time.perf_counter()
            rows.append(build_pair(n, base, search, verify, bare, site, keep is not None, repeat))
            print(f"  N={n} done in {time.perf_counter() - started:.0f} s", flush=True)
        report(rows)
    finally:
        if keep:
            print(f"sites kept in {keep}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        kind, n, work, result_file = argv[1], int(argv[2]), Path(argv[3]), Path(argv[4])
        search, verify = argv[5] == "1", argv[6] == "1"
        result_file.write_text(json.dumps(child(kind, n, work, search, verify)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--no-search", action="store_true", help="site plugin only")
    parser.add_argument("--verify", action="store_true", help="compare with a fresh build")
    parser.add_argument("--skip-bare", action="store_true", help="no bare Pelican builds")
    parser.add_argument("--bare-only", action="store_true", help="bare Pelican builds only")
    parser.add_argument("--keep", type=Path, help="build the sites here and keep them")
    parser.add_argument(
        "--repeat", type=int, default=1, help="full builds of each, in turns; judged min / min"
    )
    args = parser.parse_args(argv)
    try:
        run(
            sorted(set(args.sizes)),
            not args.no_search,
            args.verify,
            not args.skip_bare,
            args.keep,
            not args.bare_only,
            max(1, args.repeat),
        )
    except BenchError as error:
        print(f"site_build: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
