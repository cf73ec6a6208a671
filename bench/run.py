"""`make bench`: parser speed, then the site build at small sizes, one after the other.

    .venv/bin/python bench/run.py [--quick]

In sequence, not in parallel, because each measures CPU time on a 2-core machine and the
other would compete for the cores and caches. --quick (CI smoke run) keeps each parse row
to 0.5 CPU s and builds 100 letters only. The search benchmark (bench/search_bench.py) needs
headless Chromium and runs on its own.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import parse_speed  # noqa: E402
import site_build  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="short rows, 100 letters only")
    args = parser.parse_args(argv)
    print(f"bench {time.strftime('%Y-%m-%d %H:%M')}\n")
    parse_speed.run(min_seconds=0.5 if args.quick else 2.0, n_synthetic=200)
    print()
    try:
        site_build.run([100] if args.quick else [100, 1000])
    except site_build.BenchError as error:
        print(f"site_build: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
