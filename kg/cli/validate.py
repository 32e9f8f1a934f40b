"""``kg validate``: the SHACL report of a graph file."""

from __future__ import annotations

import argparse

from kg.cli.common import EXIT_FAILED, EXIT_OK, formatter, positive
from kg.options import DEFAULT_MAX_GRAPH_BYTES


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "validate",
        help="SHACL report; exit 1 on violations",
        epilog="example:\n  kg validate graph.ttl",
        formatter_class=formatter,
    )
    cmd.add_argument("graph", metavar="GRAPH")
    cmd.add_argument(
        "--max-bytes",
        type=positive,
        default=DEFAULT_MAX_GRAPH_BYTES,
        metavar="N",
        help=f"refuse graph files larger than this (default: {DEFAULT_MAX_GRAPH_BYTES})",
    )
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from kg.validation import load_graph, validate

    report = validate(load_graph(args.graph, args.max_bytes))
    if report.conforms:
        print(f"{args.graph}: conforms to the shapes")
        return EXIT_OK
    print(report.text())
    print(f"{args.graph}: {len(report.violations)} violation(s)")
    return EXIT_FAILED
