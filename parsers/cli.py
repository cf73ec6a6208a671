"""`kamervragen parse FILE...`: one JSON line per file; `kamervragen fetch --since DATE`:
download letters from KOOP's official repository (see parsers/fetch)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from parsers.model import ParseError
from parsers.pipeline import parse_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kamervragen", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse letters, print one JSON object per line")
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.add_argument("--indent", type=int, default=None, help="pretty-print (not JSON Lines)")
    _fetch_arguments(commands)
    args = parser.parse_args(argv)
    if args.command == "fetch":
        return _fetch(args)

    status = 0
    for name in args.files:
        try:
            letter = parse_file(name, sidecars=True)
        except ParseError as error:
            print(f"{name}: error: {error}", file=sys.stderr)
            status = 1
            continue
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the rest
            print(f"{name}: error: internal parser error: {error!r}", file=sys.stderr)
            status = 1
            continue
        print(json.dumps(letter, ensure_ascii=False, indent=args.indent), flush=True)
    return status


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _fetch_arguments(commands: argparse._SubParsersAction) -> None:
    from parsers.fetch import sru, threads

    fetch = commands.add_parser(
        "fetch",
        help="download letters from the official repository (SRU) into a content folder",
        description="Download written questions and answers made available in a date range "
        "from KOOP's repository: per letter the PDF, and the XML and metadata.xml when the "
        "record lists them. Resumable; exit status 1 names every letter not fetched.",
    )
    fetch.add_argument("--since", type=_date, required=True, metavar="DATE")
    fetch.add_argument("--until", type=_date, default=None, metavar="DATE")
    fetch.add_argument(
        "--kind",
        choices=["answers", "questions", "all"],
        default="all",
        help="answers: Aanhangsel (answers and notices); questions: kv",
    )
    fetch.add_argument("--out", type=Path, default=Path("content/officieel"))
    fetch.add_argument("--limit", type=int, default=None, metavar="N", help="at most N letters")
    fetch.add_argument("--sru-url", default=sru.DEFAULT_SRU_URL, metavar="URL")
    fetch.add_argument("--page-size", type=int, default=100, metavar="N")
    fetch.add_argument(
        "--delay", type=float, default=1.0, metavar="S", help="seconds between requests (default 1)"
    )
    fetch.add_argument("--retries", type=int, default=4, metavar="N")
    fetch.add_argument(
        "--backoff",
        type=float,
        default=2.0,
        metavar="S",
        help="first wait before a retry; doubles each time",
    )
    fetch.add_argument("--timeout", type=float, default=60.0, metavar="S")
    fetch.add_argument(
        "--with-threads",
        action="store_true",
        help="also save each letter's Zaak links (Tweede Kamer open data)",
    )
    fetch.add_argument("--odata-url", default=threads.DEFAULT_ODATA_URL, metavar="URL")
    fetch.add_argument("--no-progress", action="store_true")


def _fetch(args: argparse.Namespace) -> int:
    from parsers.fetch import Options, fetch

    options = Options(
        since=args.since,
        until=args.until,
        kind=args.kind,
        out=args.out,
        limit=args.limit,
        sru_url=args.sru_url,
        page_size=max(1, args.page_size),
        delay=max(0.0, args.delay),
        retries=max(0, args.retries),
        backoff=max(0.0, args.backoff),
        timeout=args.timeout,
        with_threads=args.with_threads,
        odata_url=args.odata_url,
        progress=False if args.no_progress else None,
    )
    summary = fetch(options)
    summary.report(sys.stdout)
    return 1 if summary.failures or summary.fatal else 0


if __name__ == "__main__":
    sys.exit(main())
