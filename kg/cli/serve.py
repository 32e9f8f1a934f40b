"""``kg serve``: a read-only SPARQL endpoint and HTML pages over a store."""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import replace
from pathlib import Path

from kg.cli.common import EXIT_OK, formatter, positive

_EXAMPLE = """examples:
  kg serve --store s
  kg serve --store s --port 8080 --timeout 10 --max-rows 5000
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?m a kg:Meeting }' http://127.0.0.1:8000/sparql
Open http://127.0.0.1:8000/ for the query page; /id/event/… shows an event.
"""


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "serve",
        help="serve a store over SPARQL, with HTML pages",
        epilog=_EXAMPLE,
        formatter_class=formatter,
        description="Serve a store (made by kg load) as a read-only SPARQL 1.1 Protocol endpoint at "
        "/sparql, a query page at / and a page per entity and event at its IRI's path (/id/…), "
        "with Turtle and JSON-LD by content negotiation. Listens on 127.0.0.1 unless --host says otherwise.",
    )
    cmd.add_argument("--store", type=Path, required=True, metavar="DIR", help="the store folder (kg load --store DIR)")
    cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    cmd.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    cmd.add_argument(
        "--timeout", type=_seconds, default=30.0, metavar="S", help="stop a query after S seconds (default: 30)"
    )
    cmd.add_argument(
        "--max-rows",
        type=positive,
        default=10_000,
        metavar="N",
        help="cut answers to N rows or triples; X-SPARQL-MaxRows says so (default: 10000)",
    )
    cmd.add_argument(
        "--workers", type=positive, default=2, metavar="N", help="query processes, queries run at once (default: 2)"
    )
    cmd.add_argument(
        "--queries",
        type=Path,
        metavar="DIR",
        help="ready queries (*.rq) the query page offers (default: kg's own, queries/)",
    )
    cmd.set_defaults(run=_run)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from exc
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
    return value


def _run(args: argparse.Namespace) -> int:
    from kg.cli import Terminated
    from kg.serve import ServeOptions, check_store, listen, serve

    check_store(args.store)
    sock = listen(args.host, args.port)
    options = ServeOptions(store=args.store, timeout=args.timeout, max_rows=args.max_rows, workers=args.workers)
    if args.queries is not None:
        options = replace(options, queries=args.queries)
    print(f"kg serve: {args.store} at http://{args.host}:{args.port}/ (SPARQL endpoint: /sparql)", flush=True)
    # Ctrl+C and SIGTERM are how a server is stopped: uvicorn re-raises them once it has shut down
    with contextlib.suppress(KeyboardInterrupt, Terminated):
        serve(options, sock)
    return EXIT_OK
