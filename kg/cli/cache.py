"""``kg cache``: export or import the Wikidata cache."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import EXIT_OK, formatter


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "cache",
        help="share the Wikidata cache: export or import",
        formatter_class=formatter,
        epilog="examples:\n  kg cache export team-cache.jsonl\n"
        "  kg cache import team-cache.jsonl --cache ./wikidata.sqlite",
    )
    cmd.add_argument("action", choices=["export", "import"])
    cmd.add_argument("path", type=Path, metavar="FILE")
    cmd.add_argument("--cache", type=Path, metavar="PATH", help="cache file to use")
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from kg.link import export_cache, import_cache

    if args.action == "export":
        count = export_cache(args.cache, args.path)
        print(f"exported {count} cached answer(s) to {args.path}")
    else:
        count = import_cache(args.cache, args.path)
        print(f"imported {count} cached answer(s) from {args.path}")
    return EXIT_OK
