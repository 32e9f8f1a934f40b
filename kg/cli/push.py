"""``kg push``: a graph file or a store to a SPARQL 1.1 Graph Store Protocol endpoint."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, formatter, positive

_EXAMPLE = """examples:
  kg push --to http://127.0.0.1:7878/store --store s           # Oxigraph server
  kg push --to http://127.0.0.1:3030/news/data graph.trig      # Fuseki
  kg push --to http://127.0.0.1:7200/repositories/news/rdf-graphs/service graph.nq   # GraphDB
"""


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "push",
        help="send a graph or a store to a triple store",
        epilog=_EXAMPLE,
        formatter_class=formatter,
        description="PUT the merged (default) graph and each article's named graph to a SPARQL 1.1 Graph "
        "Store Protocol endpoint, one request per graph, replacing those graphs there; a store also "
        "DELETEs there the graphs it pushed before of articles taken out since. Failed requests "
        "are retried; a graph that still fails is named on stderr and the others are still pushed.",
    )
    cmd.add_argument("graph", nargs="?", type=Path, metavar="GRAPH", help="a graph file (not with --store)")
    cmd.add_argument("--store", type=Path, metavar="DIR", help="push the store DIR (kg load) instead of a file")
    cmd.add_argument("--to", required=True, metavar="URL", help="the endpoint's Graph Store Protocol URL")
    cmd.add_argument("--tries", type=positive, default=4, metavar="N", help="tries per graph (default: 4)")
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from kg.store.push import push
    from kg.store.query import load_store
    from kg.store.store import push_store

    if (args.graph is None) == (args.store is None):
        error("push a graph file or --store DIR (one of the two)")
        return EXIT_USAGE
    if not args.to.startswith(("http://", "https://")):
        error(f"--to {args.to}: not an http(s) URL")
        return EXIT_USAGE
    if args.store is not None:
        report = push_store(args.store, args.to, tries=args.tries)
    else:
        report = push(load_store(args.graph), args.to, tries=args.tries)
    for failure in report.failures:
        error(str(failure))
    deleted = f"; deleted {len(report.deleted)} graph(s) of articles taken out" if report.deleted else ""
    print(f"pushed {len(report.pushed)} graph(s), {report.triples} triples -> {args.to}{deleted}")
    return EXIT_FAILED if report.failures else EXIT_OK
