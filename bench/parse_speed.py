"""Parser speed on one core: letters per second for text input and for PDF input.

    .venv/bin/python bench/parse_speed.py [--min-seconds 2] [--synthetic 200]

Targets (issue): text >= 200 letters/s, PDF >= 20 letters/s, on one core. The process pins
itself to one CPU so the number does not depend on how many cores the machine has.

Rows:
- text: every .txt/.md letter under tests/fixtures (all formats), parsed round after round
  until at least --min-seconds of parsing; the real mix of formats and sizes.
- text/<format>: the same files per fixture format (seed, pdftotext, pypdf, ...), each to a
  quarter of --min-seconds: which input shapes are slow.
- synthetic: --synthetic SYNTHETIC pdftotext-style letters from bench/synthetic.py, the
  letters the site benchmark builds (so the two benchmarks can be compared).
- pdf: tests/fixtures/pdf/*.pdf through the PDF extractor, also repeated to --min-seconds
  (PDFs are slow, so usually once).
- docx: the SYNTHETIC Word documents in content/docx/ (python-docx: paragraphs, list
  numbering, footnotes part), to half of --min-seconds.

Rates are per CPU second of this process (time.process_time), with wall-clock rates next to
them: on a shared machine (load average printed first) wall time counts other processes'
work, CPU time is what one dedicated core would take. Every file is parsed once before
timing (imports, regex compilation, pdfplumber start-up are one-off costs, not per-letter
ones). A letter that raises is counted as failed, not timed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402

from parsers import ParseError, parse_file  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TEXT_EXTENSIONS = (".txt", ".md")
TARGETS = {"text": 200.0, "synthetic": 200.0, "pdf": 20.0}


@dataclass
class Result:
    name: str
    files: int
    letters: int  # parses timed (files x rounds)
    seconds: float  # wall clock
    failed: list[str]
    note: str = ""
    cpu: float = 0.0  # CPU seconds of this process

    @property
    def rate(self) -> float:
        return self.letters / self.cpu if self.cpu else 0.0

    @property
    def wall_rate(self) -> float:
        return self.letters / self.seconds if self.seconds else 0.0


@contextlib.contextmanager
def one_core() -> Iterator[str]:
    """One core, as the target says; restored after, so later builds (run.py) get both."""
    try:
        before = os.sched_getaffinity(0)
        cpu = min(before)
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError) as error:  # not Linux
        yield f"not pinned ({error})"
        return
    try:
        yield f"pinned to CPU {cpu}"
    finally:
        os.sched_setaffinity(0, before)


def text_files() -> list[Path]:
    return sorted(
        p
        for p in FIXTURES.glob("*/*")
        if p.suffix in TEXT_EXTENSIONS and not p.name.endswith(".expected.json")
    )


def measure(name: str, files: list[Path], min_seconds: float) -> Result:
    if not files:
        return Result(name, 0, 0, 0.0, [], "no files")
    failed: list[str] = []
    good: list[Path] = []
    for path in files:  # warm-up, and find the files that do not parse at all
        try:
            parse_file(path)
            good.append(path)
        except ParseError as error:
            failed.append(f"{path.relative_to(ROOT)}: ParseError: {error}")
        except Exception as error:  # a broken extractor must not stop the other rows
            failed.append(f"{path.relative_to(ROOT)}: {type(error).__name__}: {error}")
    if not good:
        return Result(name, len(files), 0, 0.0, failed, "every file failed")
    letters = 0
    start, start_cpu = time.perf_counter(), time.process_time()
    cpu = 0.0
    while cpu < min_seconds:
        for path in good:
            parse_file(path)
        letters += len(good)
        cpu = time.process_time() - start_cpu
    return Result(name, len(files), letters, time.perf_counter() - start, failed, cpu=cpu)


def print_table(results: list[Result]) -> None:
    print(
        f"{'format':<16} {'files':>5} {'parsed':>6} {'cpu s':>7} {'letters/s':>10} "
        f"{'wall s':>7} {'wall l/s':>9}  target (per CPU second)"
    )
    for r in results:
        target = TARGETS.get(r.name.split("/")[0])
        verdict = ""
        if target is not None and r.letters:
            verdict = f">= {target:g}  {'ok' if r.rate >= target else 'BELOW TARGET'}"
        print(
            f"{r.name:<16} {r.files:>5} {r.letters:>6} {r.cpu:>7.2f} {r.rate:>10.1f} "
            f"{r.seconds:>7.2f} {r.wall_rate:>9.1f}  {verdict}{r.note}"
        )
    for r in results:
        for failure in r.failed:
            print(f"  {r.name}: failed: {failure}")


def run(min_seconds: float = 2.0, n_synthetic: int = 200) -> list[Result]:
    with one_core() as pinned:
        return _run(min_seconds, n_synthetic, pinned)


def _run(min_seconds: float, n_synthetic: int, pinned: str) -> list[Result]:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"parse speed, one core ({pinned}), >= {min_seconds:g} CPU s per row; "
        f"{os.cpu_count()} CPUs, load average {load}"
    )
    files = text_files()
    results = [measure("text", files, min_seconds)]
    for fmt in sorted({p.parent.name for p in files}):
        subset = [p for p in files if p.parent.name == fmt]
        results.append(measure(f"text/{fmt}", subset, min_seconds / 4))
    with tempfile.TemporaryDirectory(prefix="kv-parse-") as tmp:
        if n_synthetic:
            paths = synthetic.write(n_synthetic, Path(tmp))
            results.append(measure("synthetic", paths, min_seconds))
    pdfs = sorted((FIXTURES / "pdf").glob("*.pdf"))
    extractor = ROOT / "parsers" / "extract" / "pdf"
    if not extractor.is_dir():
        results.append(Result("pdf", len(pdfs), 0, 0.0, [], "SKIPPED: no parsers/extract/pdf/"))
    else:
        result = measure("pdf", pdfs, min_seconds)
        if result.failed and not result.letters:
            result.note = "  PDF EXTRACTOR FAILED on every file (see below)"
        results.append(result)
    docx = sorted((ROOT / "content" / "docx").glob("*.docx"))
    results.append(measure("docx", docx, min_seconds / 2))
    print_table(results)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--min-seconds", type=float, default=2.0)
    parser.add_argument("--synthetic", type=int, default=200, help="SYNTHETIC letters (0: none)")
    args = parser.parse_args(argv)
    run(args.min_seconds, args.synthetic)
    return 0


if __name__ == "__main__":
    sys.exit(main())
