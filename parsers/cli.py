"""`python -m parsers parse FILE...` / `kamervragen parse FILE...`: one JSON line per file."""

from __future__ import annotations

import argparse
import json
import sys

from parsers.model import ParseError
from parsers.pipeline import parse_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kamervragen", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse letters, print one JSON object per line")
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.add_argument("--indent", type=int, default=None, help="pretty-print (not JSON Lines)")
    args = parser.parse_args(argv)

    status = 0
    for name in args.files:
        try:
            letter = parse_file(name)
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


if __name__ == "__main__":
    sys.exit(main())
