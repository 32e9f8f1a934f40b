"""``kg load``: articles into a persistent store, merged with what it already holds."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    add_input_options,
    add_link_options,
    add_model_options,
    add_scale_options,
    build_options,
    configure_logging,
    error,
    formatter,
    report_failures,
    type_counts,
)
from kg.errors import InputError

if TYPE_CHECKING:
    from kg.model import Article

_EXAMPLE = """examples:
  kg load seeds/000_3c56d13821ab7143.txt --store s
  kg load seeds/001_273a97f05537f580.txt --store s     # merges into what s holds
  kg load dev/articles feed.jsonl --store s --processes 2
  kg query --store s --file queries/meetings.rq
"""


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "load",
        help="articles into a persistent store",
        epilog=_EXAMPLE,
        formatter_class=formatter,
        description="Build articles into the store DIR (made if missing) and merge them with the "
        "articles already there, by the rules of a one-shot kg build: the store then holds the graph "
        "kg build makes of all its articles. Loading an article again replaces what it gave; IRIs the "
        "store published that a merge retired point to their node with dcterms:isReplacedBy.",
    )
    add_input_options(cmd)
    cmd.add_argument("--store", type=Path, required=True, metavar="DIR", help="the store folder")
    add_model_options(cmd)
    add_scale_options(cmd)
    add_link_options(cmd)
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    configure_logging(args)
    from kg.ingest import read_inputs
    from kg.store.store import load_articles

    options = build_options(args)
    failures: list[InputError] = []

    def articles() -> Iterator[Article]:
        """The articles as they are read (a big corpus is never all in memory); a failure is
        named as soon as it is met, so a failed load cannot hide it."""
        for item in read_inputs(args.inputs, options, stdin=sys.stdin):
            if isinstance(item, InputError):
                report_failures([item])
                failures.append(item)
            else:
                yield item

    stream = articles()
    first = next(stream, None)
    if first is None:  # nothing to add: the store is not merged again for nothing
        error(f"no article could be read; {args.store} was not changed")
        return EXIT_FAILED
    change = load_articles(args.store, chain([first], stream), options)
    report_failures(change.failures)
    kb = change.kb
    print(f"loaded {len(change.loaded)} article(s) into {args.store}: {change.articles} article(s) in the store")
    print(f"  graph: +{change.added} -{change.deleted} quads; {change.retired} retired IRI(s) point to their node")
    print(f"  merged again: {len(kb.articles)} article(s), the new ones and those sharing names with them")
    print("  entities: " + type_counts(Counter(e.type.value for e in kb.entities)))
    print("  events:   " + type_counts(Counter(e.type.value for e in kb.events)))
    if not change.report.conforms:
        print(f"  validation: {change.left_out} node(s) of the store left out; this load's violations:")
        for line in change.report.text().splitlines():
            print(f"    {line}")
    return EXIT_FAILED if failures or change.failures else EXIT_OK
