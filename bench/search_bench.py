"""Search benchmark: the sharded index's build, size, and what a query costs in Chromium.

    .venv/bin/python bench/search_bench.py [--pairs 10000 100000] [--queries 12]
    .venv/bin/python bench/search_bench.py --rebuild 5000 10000   # one letter added

Per archive size (SYNTHETIC contract objects, see below) it prints: the index build (wall
and CPU seconds, peak memory, split into analysing the letters and writing the index), the
number of files and their size (raw and gzipped), and in headless Chromium, served with
gzip on loopback, per query: the bytes fetched (what the network carried: gzip, headers
included) and the time from typing to rendered results, for a first query in a fresh
browser (cold), for a further different query on the same page, and for the same query
again (warm: every shard already loaded, so this is the time after the shards arrive).
Next to it the single lunr index of the same pairs (format 1: one index.json + docs.json,
all downloaded by the first query) at the sizes where it can still be built.

--rebuild N...: N SYNTHETIC letters published as files, indexed as the site plugin does
(``kamervragen_search.build``, with its cache): from nothing, from nothing again with the
letters' terms cached (what every rebuild cost before rebuilds were incremental), then
after a newest letter is added, edited and removed, an older one added and removed, and the
oldest one removed: the time, the letters analysed and the files written. Results also go
to bench/out/search/results.json.

SYNTHETIC letters: contract objects made here, with sentences sampled from the real
letters' pairs plus compound words, names and zaak numbers made up per letter, so that the
vocabulary keeps growing with the archive as a real one does. They measure size and speed,
nothing else.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import re
import resource
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from kamervragen_search import sharded, state  # noqa: E402
from kamervragen_search.build import build as search_build  # noqa: E402
from kamervragen_search.cache import AnalysisCache  # noqa: E402
from kamervragen_search.writer import write_whole_index  # noqa: E402

from parsers import pairs  # noqa: E402
from tests.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "bench" / "out" / "search"
FIXED_QUERIES = ["pegasus", "gehackt", "cyber*", "minister:kaag", "+asiel +beleid", "spywar~1"]


def build_default_site(target: Path) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    if target.exists():
        shutil.rmtree(target)
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(ROOT / "content"),
            "OUTPUT_PATH": str(target),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_PATH": str(OUT / "cache"),
        },
    )
    Pelican(settings).run()


def real_letters(site: Path) -> list[dict[str, Any]]:
    letters = []
    for path in sorted((site / "brief").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") == "kamervragen/1":
            letters.append(data)
    return letters


class SyntheticArchive:
    """SYNTHETIC letters in the contract shape, drawn from the real ones' text."""

    def __init__(self, letters: list[dict[str, Any]], seed: int = 4) -> None:
        self.random = random.Random(seed)
        split = re.compile(r"(?<=[.?!])\s+")
        self.questions, self.answers, self.footnotes = [], [], []
        self.words: list[str] = []
        self.pair_counts = []
        for letter in letters:
            found = pairs(letter)
            if found:
                self.pair_counts.append(len(found))
            for pair in found:
                self.questions += [s for s in split.split(pair.question or "") if s]
                self.answers += [s for s in split.split(pair.answer or "") if s]
            self.footnotes += [f["text"] for f in letter["footnotes"] if f.get("text")]
        for sentence in self.answers:
            self.words += [w for w in sentence.split() if w.isalpha() and len(w) > 4]
        self.titles = [x["title"] for x in letters if x.get("title")]
        self.askers = [a for x in letters for a in x["askers"]]
        self.responders = [r for x in letters for r in x["responders"]]

    def _compound(self) -> str:
        # Dutch glues nouns together: new compounds keep the vocabulary growing.
        a, b = self.random.choice(self.words), self.random.choice(self.words)
        return (a + b).lower()

    def _text(self, pool: list[str], low: int, high: int) -> str:
        sentences = [self.random.choice(pool) for _ in range(self.random.randint(low, high))]
        words = " ".join(sentences).split(" ")
        for _ in range(max(1, len(words) // 25)):
            words[self.random.randrange(len(words))] = self._compound()
        return " ".join(words)

    def letter(self, i: int) -> dict[str, Any]:
        r = self.random
        year = r.randint(2000, 2024)
        zaak = f"{year}Z{r.randint(10000, 99999)}"
        n = r.choice(self.pair_counts)
        cited = [
            {
                "number": k + 1,
                "text": f"{r.choice(self.footnotes)} Kamerstuk {r.randint(20000, 36999)}",
            }
            for k in range(r.randint(0, 3))
        ]
        questions = []
        for k in range(n):
            text = self._text(self.questions, 1, 3)
            if k < len(cited):
                text += f"[^{k + 1}]"
            questions.append({"number": str(k + 1), "text": text})
        return {
            "schema": "kamervragen/1",
            "source": f"synthetic/{i}.txt",
            "format": "synthetic",
            "id": f"synthetic-{i:06d}",
            "kind": "answer",
            "title": f"{r.choice(self.titles)} ({zaak})" if self.titles else zaak,
            "submitted": f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
            "received": None,
            "askers": r.sample(self.askers, min(2, len(self.askers))),
            "addressees": [],
            "responders": [r.choice(self.responders)] if self.responders else [],
            "questions": questions,
            "answers": [
                {"numbers": [str(k + 1)], "text": self._text(self.answers, 1, 6)} for k in range(n)
            ],
            "footnotes": cited,
            "discarded": [{"text": zaak, "reason": "header: synthetic"}],
            "warnings": [],
        }


def contract_letters(archive: SyntheticArchive, pairs: int) -> list[bytes]:
    """SYNTHETIC letters of about this many pairs in all, as the JSON the site publishes."""
    letters: list[bytes] = []
    count = 0
    while count < pairs:
        letter = archive.letter(len(letters))
        letters.append(json.dumps(letter, ensure_ascii=False).encode("utf-8"))
        count += len(letter["questions"])
    return letters


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, children


def build_index(
    letters: list[dict[str, Any]] | list[bytes],
    target: Path,
    cache: AnalysisCache,
    consume: bool = False,
) -> dict:
    """Analyse (cached, in a process pool) and write the sharded index; timings and sizes."""
    blobs = [
        x if isinstance(x, bytes) else json.dumps(x, ensure_ascii=False).encode("utf-8")
        for x in letters
    ]
    t0, c0 = time.perf_counter(), _cpu()
    analysed = cache.analyze(blobs)
    t1, c1 = time.perf_counter(), _cpu()
    report = sharded.write_index(analysed, target, consume=consume)
    t2, c2 = time.perf_counter(), _cpu()
    return {
        "analyse_s": t1 - t0,
        "analyse_cpu_s": c1 - c0,
        "write_s": t2 - t1,
        "write_cpu_s": c2 - c1,
        "analysed": cache.misses,
        "files": report.files,
        "written": report.written,
        "pairs": report.pairs,
        "letters": report.letters,
        "terms": report.terms,
        "by_kind": report.by_kind,
        "_analysed": analysed,
    }


def directory_sizes(folder: Path) -> dict[str, Any]:
    raw = gz = files = 0
    by_kind: dict[str, list[int]] = {}
    for path in folder.rglob("*.*"):
        if path.suffix not in (".json", ".bin"):
            continue
        data = path.read_bytes()
        size = len(gzip.compress(data, 6)) if path.suffix == ".json" else len(data)
        kind = path.parent.name if path.parent != folder else path.stem
        entry = by_kind.setdefault(kind, [0, 0, 0])
        entry[0] += 1
        entry[1] += len(data)
        entry[2] += size
        raw += len(data)
        gz += size
        files += 1
    return {"files": files, "raw": raw, "gz": gz, "gz_by_kind": by_kind}


def synthetic_site(default_site: Path, target: Path) -> None:
    """The default site's search page and assets, to hold a SYNTHETIC index."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(default_site / "theme", target / "theme")
    (target / "zoeken").mkdir(parents=True)
    shutil.copy(default_site / "zoeken" / "index.html", target / "zoeken" / "index.html")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as the site would have: JSON, JS and HTML sent gzipped."""

    def do_GET(self) -> None:  # noqa: N802
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        ranges = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
        if path.suffix == ".bin":  # text packs: compressed record by record already
            start, end = (int(ranges[1]), int(ranges[2]) + 1) if ranges else (0, len(data))
            self.send_response(206 if ranges else 200)
            self.send_header("Content-Type", "application/octet-stream")
            if ranges:
                self.send_header("Content-Range", f"bytes {start}-{end - 1}/{len(data)}")
            self.send_header("Content-Length", str(end - start))
            self.end_headers()
            self.wfile.write(data[start:end])
            return
        data = gzip.compress(data, 6)
        kind = {
            ".json": "application/json",
            ".js": "text/javascript",
            ".html": "text/html",
            ".css": "text/css",
        }.get(path.suffix, "application/octet-stream")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


TYPE_AND_WAIT = """async (q) => {
  const root = document.querySelector('#search');
  const input = document.querySelector('#search-q');
  const before = root.dataset.seq;
  const t0 = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise((resolve) => {
    const seen = new MutationObserver(() => {
      if (root.dataset.seq !== before) { seen.disconnect(); resolve(); }
    });
    seen.observe(root, {attributes: true});
  });
  return {typed: performance.now() - t0, ms: +root.dataset.ms, bytes: +root.dataset.bytes,
          files: +root.dataset.files, byKind: JSON.parse(root.dataset.bytesByKind || '{}'),
          results: document.querySelectorAll('.search-result').length};
}"""


def measure_browser(browser: Any, site: Path, queries: list[str]) -> dict[str, Any]:
    """Per query: cold (fresh browser), a further query on that page, the same again (warm)."""
    server, base = serve(site)
    rows = []
    try:
        for i, q in enumerate(queries):
            other = queries[(i + 1) % len(queries)]
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "zoeken/")
            page.wait_for_selector("#search[data-seq]", timeout=600_000)
            cold = page.evaluate(TYPE_AND_WAIT, q)
            further = page.evaluate(TYPE_AND_WAIT, other)
            page.evaluate(TYPE_AND_WAIT, "")
            warm = page.evaluate(TYPE_AND_WAIT, q)
            rows.append({"query": q, "cold": cold, "further": further, "warm": warm})
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"queries": rows}


def first_page_bytes(browser: Any, site: Path) -> int:
    """Bytes of the search page itself: HTML, CSS, scripts, lunr, the manifest (gzipped)."""
    server, base = serve(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        sizes: list[int] = []
        page.on("response", lambda r: sizes.append(int(r.headers.get("content-length") or 0)))
        page.goto(base + "zoeken/")
        page.wait_for_selector("#search[data-seq]", timeout=600_000)
        page.wait_for_timeout(300)
        context.close()
        return sum(sizes)
    finally:
        server.shutdown()
        server.server_close()


def pick_queries(archive: SyntheticArchive, count: int, seed: int = 7) -> list[str]:
    r = random.Random(seed)
    words = [w.strip(".,;:?!()").lower() for w in archive.words]
    words = [w for w in words if w.isalpha()]
    chosen = list(FIXED_QUERIES)
    while len(chosen) < count:
        kind = r.random()
        if kind < 0.5:
            chosen.append(r.choice(words))
        elif kind < 0.8:
            chosen.append(f"{r.choice(words)} {r.choice(words)}")
        elif kind < 0.9:
            chosen.append(f'"{r.choice(words)} {r.choice(words)}"')
        else:
            chosen.append(r.choice(words)[:5] + "*")
    return chosen[:count]


def summarize(rows: list[dict[str, Any]], phase: str, key: str) -> dict[str, float]:
    values = sorted(row[phase][key] for row in rows)
    return {
        "median": statistics.median(values),
        "p90": values[min(len(values) - 1, int(len(values) * 0.9))],
        "max": values[-1],
    }


def _timed_build(root: Path, cache: Path | None) -> dict[str, Any]:
    """The site plugin's search step (``kamervragen_search.build``) on root/brief/*.json."""
    t0, c0 = time.perf_counter(), _cpu()
    report = search_build(root, "brief/*.json", root / "zoeken", cache)
    return {
        "s": time.perf_counter() - t0,
        "cpu_s": _cpu() - c0,
        "mode": report.mode,
        "analysed": report.analysed,
        "files": report.files,
        "written": report.written,
        "removed": report.removed,
        "pairs": report.pairs,
        "letters": report.letters,
        "terms": report.terms,
    }


def rebuild(archive: SyntheticArchive, letters_count: int) -> dict[str, Any]:
    """N letters indexed, then the rebuilds the site plugin runs after one letter changed.

    The letters are files as the site publishes them (``brief/<id>.json``) and the index is
    built as the plugin builds it, with its cache: from nothing, then after adding a letter
    newer than all others (how an archive grows), editing it, removing it, and adding one
    dated among the others (a letter filled in later: the pairs after it are numbered anew),
    removing it again, and removing the oldest letter (every pair numbered anew).
    """
    letters = [archive.letter(i) for i in range(letters_count + 2)]
    newest, middle = letters[-2], letters[-1]
    letters = letters[:-2]
    newest["submitted"] = "2026-01-01"
    work = OUT / f"rebuild-{letters_count}"
    if work.exists():
        shutil.rmtree(work)
    brief = work / "brief"
    brief.mkdir(parents=True)

    def put(letter: dict[str, Any]) -> None:
        data = json.dumps(letter, ensure_ascii=False).encode("utf-8")
        (brief / f"{letter['id']}.json").write_bytes(data)

    for letter in letters:
        put(letter)
    cache = work / "cache"
    row: dict[str, Any] = {"letters": letters_count}
    row["full"] = _timed_build(work, cache)
    # What a rebuild cost before it was incremental: from nothing, the letters' terms cached.
    (cache / state.STATE_NAME).unlink()
    row["full_cached"] = _timed_build(work, cache)
    put(newest)
    row["add_newest"] = _timed_build(work, cache)
    newest["answers"][0]["text"] += " Een aanvulling, SYNTHETIC."
    put(newest)
    row["edit_newest"] = _timed_build(work, cache)
    (brief / f"{newest['id']}.json").unlink()
    row["remove_newest"] = _timed_build(work, cache)
    put(middle)
    row["add_older"] = _timed_build(work, cache)
    (brief / f"{middle['id']}.json").unlink()
    row["remove_older"] = _timed_build(work, cache)
    oldest = min(letters, key=lambda x: (x.get("received") or x.get("submitted") or "", x["id"]))
    (brief / f"{oldest['id']}.json").unlink()
    row["remove_oldest"] = _timed_build(work, cache)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=12)
    parser.add_argument(
        "--whole-up-to",
        type=int,
        default=100_000,
        help="also build the single lunr index up to this many pairs",
    )
    parser.add_argument("--rebuild", type=int, nargs="*", default=[])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--site", type=Path, help="only measure queries on this built site (its output/)"
    )
    args = parser.parse_args()

    if args.site:
        from playwright.sync_api import sync_playwright

        default_site = OUT / "default"
        build_default_site(default_site)
        queries = pick_queries(SyntheticArchive(real_letters(default_site)), args.queries)
        manifest = json.loads((args.site / "zoeken" / "manifest.json").read_text())
        row = {"site": str(args.site), "pairs": manifest["documents"]}
        row.update(directory_sizes(args.site / "zoeken"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            row["page_bytes"] = first_page_bytes(browser, args.site)
            row.update(measure_browser(browser, args.site, queries))
            browser.close()
        (OUT / "site.json").write_text(json.dumps(row, indent=2))
        kb = 1024
        print(
            f"{args.site}: {row['pairs']} pairs, {row['files']} files, {row['gz'] / kb:.0f} KB gz"
        )
        print(f"  search page itself: {row['page_bytes'] / kb:.0f} KB gz")
        for phase in ("cold", "further", "warm"):
            b = summarize(row["queries"], phase, "bytes")
            t = summarize(row["queries"], phase, "typed")
            print(
                f"  {phase}: fetched median {b['median'] / kb:.0f} KB (max {b['max'] / kb:.0f}),"
                f" typed -> results median {t['median']:.0f} ms (max {t['max']:.0f})"
            )
        return

    OUT.mkdir(parents=True, exist_ok=True)
    default_site = OUT / "default"
    build_default_site(default_site)
    archive = SyntheticArchive(real_letters(default_site))
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count()}

    if args.rebuild:
        report["rebuild"] = []
        for n in args.rebuild:
            row = rebuild(archive, n)
            report["rebuild"].append(row)
            full = row["full"]
            lines = [
                f"{n} SYNTHETIC letters ({full['pairs']} pairs, {full['terms']} terms): index "
                f"from nothing {full['s']:.1f} s wall, {full['cpu_s']:.1f} s CPU, "
                f"{full['files']} files"
            ]
            for key, what in (
                ("full_cached", "from nothing again, terms cached (the old rebuild)"),
                ("add_newest", "a newest letter added"),
                ("edit_newest", "it edited"),
                ("remove_newest", "it removed"),
                ("add_older", "an older letter added (the pairs after it renumbered)"),
                ("remove_older", "it removed again"),
                ("remove_oldest", "the oldest letter removed (every pair renumbered)"),
            ):
                one = row[key]
                lines.append(
                    f"  {what}: {one['s']:.2f} s wall, {one['cpu_s']:.2f} s CPU "
                    f"({100 * one['cpu_s'] / full['cpu_s']:.1f} % of the full build's CPU), "
                    f"{one['mode']}, {one['analysed']} analysed, {one['written']} of "
                    f"{one['files']} files written, {one['removed']} removed"
                )
            print("\n".join(lines), flush=True)
        (OUT / "rebuild.json").write_text(json.dumps(report, indent=2))
        return

    queries = pick_queries(archive, args.queries)
    report["sizes"] = []
    browser = None
    playwright = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        for pairs_wanted in args.pairs:
            letters = contract_letters(archive, pairs_wanted)
            target = OUT / f"sharded-{pairs_wanted}"
            synthetic_site(default_site, target)
            cache = AnalysisCache(None)
            whole = pairs_wanted <= args.whole_up_to
            built = build_index(letters, target / "zoeken", cache, consume=not whole)
            del letters
            analysed = built.pop("_analysed")
            me, children = _peak_mb()
            row: dict[str, Any] = {
                "pairs_wanted": pairs_wanted,
                **built,
                "peak_mb": me,
                "peak_children_mb": children,
            }
            row.update(directory_sizes(target / "zoeken"))
            if whole:
                t0, c0 = time.perf_counter(), _cpu()
                index_bytes, store_bytes = write_whole_index(
                    analysed, OUT / f"whole-{pairs_wanted}"
                )
                row["whole"] = {
                    "build_s": time.perf_counter() - t0,
                    "build_cpu_s": _cpu() - c0,
                    "raw": index_bytes + store_bytes,
                    "gz": sum(
                        len(gzip.compress((OUT / f"whole-{pairs_wanted}" / n).read_bytes(), 6))
                        for n in ("index.json", "docs.json")
                    ),
                }
                shutil.rmtree(OUT / f"whole-{pairs_wanted}")
            del analysed
            if browser is not None:
                row["page_bytes"] = first_page_bytes(browser, target)
                row.update(measure_browser(browser, target, queries))
            report["sizes"].append(row)
            print_row(row)
    finally:
        if browser is not None:
            browser.close()
            playwright.stop()
    (OUT / "results.json").write_text(json.dumps(report, indent=2))


def print_row(row: dict[str, Any]) -> None:
    kb, mb = 1024, 1024 * 1024
    lines = [
        f"{row['pairs']} pairs ({row['letters']} letters, {row['terms']} terms)",
        f"  build: analyse {row['analyse_s']:.1f} s wall / {row['analyse_cpu_s']:.1f} s CPU, "
        f"write {row['write_s']:.1f} s / {row['write_cpu_s']:.1f} s CPU; peak RSS "
        f"{row['peak_mb']:.0f} MB (workers {row['peak_children_mb']:.0f} MB)",
        f"  files {row['files']}, {row['raw'] / mb:.1f} MB raw, {row['gz'] / mb:.1f} MB gz "
        f"({row['gz'] / row['pairs']:.0f} B gz per pair); by kind (files, MB gz): "
        + ", ".join(f"{k} {v[0]} {v[2] / mb:.1f}" for k, v in sorted(row["gz_by_kind"].items())),
    ]
    if "whole" in row:
        w = row["whole"]
        lines.append(
            f"  single lunr index: {w['gz'] / mb:.1f} MB gz ({w['gz'] / row['pairs']:.0f} B per "
            f"pair), all fetched by the first query; built in {w['build_s']:.1f} s"
        )
    if "queries" in row:
        q = row["queries"]
        lines.append(
            f"  search page itself (HTML, CSS, JS, manifest): {row['page_bytes'] / kb:.0f} KB gz"
        )
        for phase in ("cold", "further", "warm"):
            b = summarize(q, phase, "bytes")
            t = summarize(q, phase, "typed")
            kinds: dict[str, float] = {}
            for row_ in q:
                for kind, size in row_[phase].get("byKind", {}).items():
                    kinds[kind] = kinds.get(kind, 0) + size / len(q)
            lines.append(
                f"  {phase:7s} mean KB by kind: "
                + ", ".join(f"{k} {v / kb:.0f}" for k, v in sorted(kinds.items()))
            )
            lines.append(
                f"  {phase:7s} query: fetched median {b['median'] / kb:.0f} KB"
                f" (p90 {b['p90'] / kb:.0f}, max {b['max'] / kb:.0f});"
                f" typed -> results median {t['median']:.0f} ms"
                f" (p90 {t['p90']:.0f}, max {t['max']:.0f})"
            )
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
