"""``kg remove``: take articles out of a store, and everything only they supported."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import EXIT_OK, formatter

_EXAMPLE = """examples:
  kg remove seeds/001_273a97f05537f580.txt --store s   # the file it was loaded from
  kg remove 69e2ad0f5a24858b --store s                 # its article id
  kg remove https://w3id.org/newskg/id/article/69e2ad0f5a24858b --store s
"""


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "remove",
        help="take articles out of a store",
        epilog=_EXAMPLE,
        formatter_class=formatter,
        description="Take articles out of the store DIR: their named graphs, their provenance, and every "
        "entity and event no other article supports; what the rest support is merged again as if the "
        "removed articles had never been loaded.",
    )
    cmd.add_argument(
        "articles", nargs="+", metavar="ARTICLE", help="an article id, its IRI, or the file or URL it was loaded from"
    )
    cmd.add_argument("--store", type=Path, required=True, metavar="DIR", help="the store folder")
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from kg.store.store import remove

    change = remove(args.store, args.articles)
    print(f"removed {len(change.removed_articles)} article(s) from {args.store}: {change.articles} article(s) left")
    print(f"  graph: +{change.added} -{change.deleted} quads")
    return EXIT_OK
