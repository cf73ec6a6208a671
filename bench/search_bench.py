"""Search benchmark: index size, index load time and query time in headless Chromium.

    .venv/bin/python bench/search_bench.py [--sizes 1000 5000] [--queries 40]

For the default site (every letter in content/, built with the real Pelican plugins) and for
archives of N synthetic letters, it prints per size: pairs, index and store bytes (raw and
gzipped, total and per pair), the Python index build time, the time from opening the search
page to a loaded index, the median and p95 query time inside the worker (lunr alone, and
with snippets), and the median time from typing to rendered results (which includes the
page's 60 ms typing pause). Results also go to bench/out/search/results.json.

SYNTHETIC letters come from one of two sources (``--source``, both by default):

- ``parsed``: the project's generator ``bench/synthetic.py`` (pdftotext-style letters with
  sentences sampled from the real letters' golden files), read by the real parser, so the
  index sees what the site would publish for them.
- ``contract``: contract objects made here, with sentences sampled from the real letters'
  pairs plus compound words, names and zaak numbers made up per letter, so that the
  vocabulary keeps growing with the archive as a real one does (the sampled-only source has
  a bounded vocabulary and so understates the index of a large archive).

They measure size and speed, nothing else.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import random
import re
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

from kamervragen_search.documents import letter_entry  # noqa: E402
from kamervragen_search.writer import write_search_files  # noqa: E402

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


def parsed_synthetic_letters(n: int) -> list[dict[str, Any]]:
    """N SYNTHETIC letters from bench/synthetic.py, through the real parser."""
    sys.path.insert(0, str(ROOT / "bench"))
    import synthetic

    from parsers import parse_bytes

    letters = []
    for i in range(1, n + 1):
        text, _counts = synthetic.generate(i)
        letters.append(parse_bytes(text.encode("utf-8"), synthetic.file_name(i)))
    return letters


def synthetic_site(default_site: Path, target: Path, letters: list[dict[str, Any]]) -> float:
    """The default site's search page and assets with a SYNTHETIC index; returns build secs."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(default_site / "theme", target / "theme")
    (target / "zoeken").mkdir(parents=True)
    shutil.copy(default_site / "zoeken" / "index.html", target / "zoeken" / "index.html")
    started = time.perf_counter()
    write_search_files([letter_entry(x) for x in letters], target / "zoeken")
    return time.perf_counter() - started


def sizes(site: Path) -> dict[str, Any]:
    manifest = json.loads((site / "zoeken" / "manifest.json").read_text())
    result: dict[str, Any] = {"pairs": manifest["pairs"]}
    for kind in ("index", "docs"):
        raw = gz = 0
        for shard in manifest["shards"]:
            data = (site / "zoeken" / shard[kind].split("?")[0]).read_bytes()
            raw += len(data)
            gz += len(gzip.compress(data, 6))
        result[f"{kind}_raw"], result[f"{kind}_gz"] = raw, gz
    return result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
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
  return {typed: performance.now() - t0, ms: +root.dataset.ms, lunr: +root.dataset.lunrMs,
          results: document.querySelectorAll('.search-result').length};
}"""


def measure_browser(browser: Any, site: Path, queries: list[str], loads: int = 5) -> dict[str, Any]:
    server, base = serve(site)
    try:
        load_ms, worker_load_ms = [], []
        timings: list[dict[str, float]] = []
        for attempt in range(loads):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "zoeken/")
            page.wait_for_selector("#search[data-seq]", timeout=600_000)
            load_ms.append(float(page.get_attribute("#search", "data-ready-at")))
            worker_load_ms.append(float(page.get_attribute("#search", "data-ready")))
            if attempt == loads - 1:
                for q in queries:
                    timings.append(page.evaluate(TYPE_AND_WAIT, q))
            context.close()
    finally:
        server.shutdown()
        server.server_close()

    def median(key: str) -> float:
        return statistics.median(t[key] for t in timings)

    def p95(key: str) -> float:
        values = sorted(t[key] for t in timings)
        return values[min(len(values) - 1, int(len(values) * 0.95))]

    return {
        "load_ms": statistics.median(load_ms),
        "worker_load_ms": statistics.median(worker_load_ms),
        "query_lunr_ms_median": median("lunr"),
        "query_lunr_ms_p95": p95("lunr"),
        "query_worker_ms_median": median("ms"),
        "typed_to_results_ms_median": median("typed"),
        "typed_to_results_ms_p95": p95("typed"),
        "queries_with_results": sum(1 for t in timings if t["results"]) / len(timings),
    }


def pick_queries(archive: SyntheticArchive, count: int, seed: int = 7) -> list[str]:
    r = random.Random(seed)
    words = [w.strip(".,;:?!()").lower() for w in archive.words]
    words = [w for w in words if w.isalpha()]
    chosen = list(FIXED_QUERIES)
    while len(chosen) < count:
        kind = r.random()
        if kind < 0.6:
            chosen.append(r.choice(words))
        elif kind < 0.85:
            chosen.append(f"{r.choice(words)} {r.choice(words)}")
        else:
            chosen.append(r.choice(words)[:5] + "*")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument(
        "--source", choices=["parsed", "contract"], nargs="*", default=["parsed", "contract"]
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    default_site = OUT / "default"
    started = time.perf_counter()
    build_default_site(default_site)
    default_build = time.perf_counter() - started
    letters = real_letters(default_site)
    archive = SyntheticArchive(letters)
    queries = pick_queries(archive, args.queries)

    runs: list[tuple[str, Path, float | None, int]] = [
        ("default", default_site, None, len(letters))
    ]
    for source in args.source:
        for n in args.sizes:
            if source == "parsed":
                synthetic = parsed_synthetic_letters(n)
            else:
                synthetic = [archive.letter(i) for i in range(n)]
            target = OUT / f"synthetic-{source}-{n}"
            build = synthetic_site(default_site, target, synthetic)
            runs.append((f"{n} synthetic ({source})", target, build, n))

    report = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, site, build, n_letters in runs:
            row = {"site": name, "letters": n_letters, **sizes(site)}
            row["index_build_s"] = build
            row.update(measure_browser(browser, site, queries))
            report.append(row)
            print_row(row)
        browser.close()
    print(f"(default site: full Pelican build {default_build:.1f} s)")
    (OUT / "results.json").write_text(json.dumps(report, indent=2))


def print_row(row: dict[str, Any]) -> None:
    n = row["pairs"]
    mb = 1024 * 1024
    lines = [f"{row['site']}: {row['letters']} letters, {n} pairs"]
    for kind, label in (("index", "index"), ("docs", "store")):
        raw, gz = row[f"{kind}_raw"], row[f"{kind}_gz"]
        lines.append(
            f"  {label}  {raw / mb:7.2f} MB raw {gz / mb:6.2f} MB gz"
            f"  = {raw / n:6.0f} B raw {gz / n:5.0f} B gz per pair"
        )
    if row["index_build_s"]:
        lines.append(f"  index build (Python) {row['index_build_s']:.1f} s")
    lines.append(
        f"  navigation start -> index loaded {row['load_ms']:.0f} ms"
        f" (in the worker: {row['worker_load_ms']:.0f} ms)"
    )
    lines.append(
        f"  query: lunr median {row['query_lunr_ms_median']:.1f} ms"
        f" (p95 {row['query_lunr_ms_p95']:.1f}), with snippets"
        f" {row['query_worker_ms_median']:.1f} ms; typed -> results median"
        f" {row['typed_to_results_ms_median']:.0f} ms (p95 {row['typed_to_results_ms_p95']:.0f})"
    )
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
