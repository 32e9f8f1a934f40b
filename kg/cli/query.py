"""``kg query``: SPARQL over a built graph."""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from kg.cli.common import EXIT_OK, EXIT_USAGE, error, formatter, positive
from kg.store.guard import DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

_EXAMPLE = """examples:
  kg query graph.ttl 'SELECT ?m ?date WHERE { ?m a kg:Meeting ; kg:date ?date }'
  kg query graph.ttl --file queries/meetings.rq --format csv
  kg query --store s --file queries/meetings.rq      # a store made by kg load: no reloading
Predeclared prefixes: kg, schema, prov, skos, owl, rdf, rdfs, xsd, dcterms, wd, kgr,
article, person, country, organization, place, event, evidence.
SERVICE is refused unless --allow-service; queries nested deeper than 100 levels are refused.
"""


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "query",
        help="run SPARQL over a built graph",
        epilog=_EXAMPLE,
        formatter_class=formatter,
        description="Run a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE "
        "query over a graph file (any of the five formats) or a store (--store DIR).",
    )
    cmd.add_argument("graph", nargs="?", metavar="GRAPH", help="a graph file (not with --store)")
    cmd.add_argument("sparql", nargs="?", metavar="SPARQL")
    cmd.add_argument("--store", type=Path, metavar="DIR", help="query the store DIR (kg load) instead of a file")
    cmd.add_argument("--file", type=Path, metavar="Q.rq", help="read the query from a file")
    cmd.add_argument("--format", choices=["table", "csv", "json"], default="table")
    cmd.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"stop the query after S seconds (default: {DEFAULT_TIMEOUT:g})",
    )
    cmd.add_argument(
        "--max-rows",
        type=positive,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"print at most N rows or triples (default: {DEFAULT_MAX_ROWS})",
    )
    cmd.add_argument(
        "--max-memory",
        type=positive,
        default=DEFAULT_MAX_MEMORY_MB,
        metavar="MB",
        help=f"stop the query when it needs more memory than this (default: {DEFAULT_MAX_MEMORY_MB})",
    )
    cmd.add_argument(
        "--allow-service", action="store_true", help="run SERVICE clauses (they query other endpoints over the network)"
    )
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from kg.store.guard import check_query, run_bounded

    if args.store is not None:  # no GRAPH: the first positional is the query
        if args.sparql is not None:
            error(f"a graph file and a store: query {args.graph} or --store {args.store}, not both")
            return EXIT_USAGE
        args.sparql = args.graph
    elif args.graph is None:
        error("nothing to query: give a graph file or --store DIR")
        return EXIT_USAGE
    if args.sparql is None and args.file is None:
        error("no query: give it as an argument or with --file q.rq")
        return EXIT_USAGE
    if args.sparql is not None and args.file is not None:
        error("two queries: give the query as an argument or with --file, not both")
        return EXIT_USAGE
    if args.file is not None:
        if args.file.exists() and not args.file.is_file():
            error(f"{args.file}: not a regular file")
            return EXIT_USAGE
        try:
            sparql = args.file.read_text(encoding="utf-8")
        except OSError as exc:
            error(f"{args.file}: cannot read the query: {exc.strerror}")
            return EXIT_USAGE
        except UnicodeDecodeError as exc:
            error(
                f"{args.file}: the query is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
            )
            return EXIT_USAGE
    else:
        sparql = args.sparql
    check_query(sparql, allow_service=args.allow_service)
    task = functools.partial(_answer, args.graph, args.store, sparql, args.format, args.max_rows)
    text, truncated = run_bounded(task, args.timeout, args.max_memory)
    sys.stdout.write(text)
    if truncated:
        print(f"kg: note: only the first {args.max_rows} rows or triples are shown (--max-rows)", file=sys.stderr)
    return EXIT_OK


def _answer(graph: str | None, store_dir: Path | None, sparql: str, fmt: str, max_rows: int) -> tuple[str, bool]:
    """The rendered answer and whether rows were left out (run in kg.store.guard's child)."""
    from kg.store.query import format_result, load_store, run_query
    from kg.store.store import open_store

    store = open_store(store_dir) if store_dir is not None else load_store(str(graph))
    result = run_query(store, sparql, max_rows)
    return format_result(result, fmt), result.truncated
