"""The ``kg`` command: parse arguments, call one library function, render, map errors to
exit codes (0 success, 1 an input or validation failed, 2 usage or load error).

Nothing heavy is imported at module level: ``kg --help`` must not import spaCy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kg import __version__
from kg.errors import GraphError, KgError, QueryError
from kg.options import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, BuildOptions

if TYPE_CHECKING:
    from kg.pipeline import BuildResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_BUILD_EXAMPLE = """examples:
  kg build seeds -o graph.ttl
  kg build article.html https://example.org/news/story feed.jsonl -o graph.trig
  cat story.txt | kg build - --published 2025-09-03 --source "Example Wire" -o -
  kg build seeds --link wikidata --offline -o graph.jsonld
"""
_QUERY_EXAMPLE = """examples:
  kg query graph.ttl 'SELECT ?m ?date WHERE { ?m a kg:Meeting ; kg:date ?date }'
  kg query graph.ttl --file queries/meetings.rq --format csv
Common prefixes (kg, schema, prov, skos, owl, rdf, rdfs, xsd, wd) are predeclared.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except QueryError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except GraphError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KgError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted; nothing was written")
        return 130
    except BrokenPipeError:  # "kg query ... | head": the reader has gone; not an error
        sys.stderr.close()
        return EXIT_OK


def _error(message: str) -> None:
    print(f"kg: error: {message}", file=sys.stderr)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn news articles into a validated RDF knowledge graph and query it.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    _add_build(commands)
    _add_query(commands)
    _add_validate(commands)
    _add_eval(commands)
    _add_cache(commands)
    return parser


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _add_model_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--model", help="spaCy pipeline to use (default: en_core_web_sm)")
    cmd.add_argument(
        "--processes", type=_positive, default=1, metavar="N", help="worker processes for spaCy (default: 1)"
    )
    cmd.add_argument(
        "--batch-size",
        type=_positive,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"articles per spaCy batch (default: {DEFAULT_BATCH_SIZE})",
    )
    cmd.add_argument(
        "--published", type=_date, metavar="DATE", help="publication date for inputs that carry none (YYYY-MM-DD)"
    )
    cmd.add_argument("--source", metavar="NAME", help="outlet name for inputs that name none")
    cmd.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"skip inputs larger than this (default: {DEFAULT_MAX_BYTES})",
    )


def _add_link_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--link", choices=["wikidata"], help="link entities to Wikidata items")
    cmd.add_argument(
        "--offline", action="store_true", help="link from the cache and the shipped gazetteer only; no network"
    )
    cmd.add_argument(
        "--wikidata-api", metavar="URL", help="Wikidata Action API endpoint (default: $KG_WIKIDATA_API or wikidata.org)"
    )
    cmd.add_argument(
        "--cache", type=Path, metavar="PATH", help="Wikidata cache file (default: $KG_CACHE_DIR or the user cache dir)"
    )


def _options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        published=args.published,
        source=args.source,
        max_bytes=args.max_bytes,
        model=args.model,
        processes=args.processes,
        batch_size=args.batch_size,
        strict=getattr(args, "strict", False),
        link=getattr(args, "link", None),
        offline=getattr(args, "offline", False),
        wikidata_api=getattr(args, "wikidata_api", None),
        cache_path=getattr(args, "cache", None),
    )


# -- build --------------------------------------------------------------------------


def _add_build(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "build",
        help="articles in, validated graph out",
        epilog=_BUILD_EXAMPLE,
        formatter_class=_formatter,
        description="Build articles (files, folders, URLs, .jsonl, - for stdin) into one "
        "SHACL-validated graph. The output format follows OUT's extension: .ttl .jsonld .nt "
        ".nq .trig; -o - writes Turtle to stdout.",
    )
    cmd.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="article files, folders, URLs, .jsonl files, or - for stdin"
    )
    cmd.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="graph file (.ttl .jsonld .nt .nq .trig), or - for Turtle on stdout",
    )
    cmd.add_argument(
        "--strict", action="store_true", help="fail when the graph violates the shapes instead of dropping the nodes"
    )
    _add_model_options(cmd)
    _add_link_options(cmd)
    cmd.set_defaults(run=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    from kg.pipeline import build_articles, read
    from kg.rdf.serialize import format_for, write

    if args.output != "-":  # a bad output path is a usage error, found before any work
        format_for(args.output)
        folder = Path(args.output).parent
        if not folder.is_dir():
            _error(f"{args.output}: no such folder: {folder}")
            return EXIT_USAGE
    options = _options(args)
    articles, failures = read(args.inputs, options, stdin=sys.stdin)
    for failure in failures:  # named first, so --strict cannot hide them
        _error(str(failure))
    if not articles:
        _error(f"no article could be read; {args.output} was not written")
        return EXIT_FAILED
    result = build_articles(articles, options, failures=failures)
    write(result.quads, sys.stdout.buffer if args.output == "-" else args.output)
    _summary(result, args.output, sys.stderr if args.output == "-" else sys.stdout)
    return EXIT_FAILED if result.failures else EXIT_OK


def _summary(result: BuildResult, output: str, out: TextIO) -> None:
    kb = result.kb
    events = Counter(e.type.value for e in kb.events)
    entities = Counter(e.type.value for e in kb.entities)
    print(f"built {len(kb.articles)} article(s) -> {output}", file=out)
    print("  entities: " + _counts(entities, len(kb.entities)), file=out)
    print("  events:   " + _counts(events, len(kb.events)), file=out)
    if result.report.conforms:
        print("  validation: conforms to the shapes", file=out)
    else:
        print(
            f"  validation: {len(result.report.violations)} violation(s); {result.removed} node(s) left out:", file=out
        )
        for line in result.report.text().splitlines():
            print(f"    {line}", file=out)
    if result.link_report is not None:
        print(f"  wikidata: {result.link_report.summary()}", file=out)


def _counts(counter: Counter[str], total: int) -> str:
    parts = ", ".join(f"{name} {n}" for name, n in sorted(counter.items()))
    return f"{total}" + (f" ({parts})" if parts else "")


# -- query --------------------------------------------------------------------------


def _add_query(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "query",
        help="run SPARQL over a built graph",
        epilog=_QUERY_EXAMPLE,
        formatter_class=_formatter,
        description="Run a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE "
        "query over a graph file (any of the five formats).",
    )
    cmd.add_argument("graph", metavar="GRAPH")
    cmd.add_argument("sparql", nargs="?", metavar="SPARQL")
    cmd.add_argument("--file", type=Path, metavar="Q.rq", help="read the query from a file")
    cmd.add_argument("--format", choices=["table", "csv", "json"], default="table")
    cmd.set_defaults(run=_run_query)


def _run_query(args: argparse.Namespace) -> int:
    from kg.store.query import format_result, load_store, run_query

    if args.sparql is None and args.file is None:
        _error("no query: give it as an argument or with --file q.rq")
        return EXIT_USAGE
    if args.sparql is not None and args.file is not None:
        _error("two queries: give the query as an argument or with --file, not both")
        return EXIT_USAGE
    if args.file is not None:
        try:
            sparql = args.file.read_text(encoding="utf-8")
        except OSError as exc:
            _error(f"{args.file}: cannot read the query: {exc.strerror}")
            return EXIT_USAGE
    else:
        sparql = args.sparql
    store = load_store(args.graph)
    sys.stdout.write(format_result(run_query(store, sparql), args.format))
    return EXIT_OK


# -- validate -----------------------------------------------------------------------


def _add_validate(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "validate",
        help="SHACL report; exit 1 on violations",
        epilog="example:\n  kg validate graph.ttl",
        formatter_class=_formatter,
    )
    cmd.add_argument("graph", metavar="GRAPH")
    cmd.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from kg.validation import load_graph, validate

    report = validate(load_graph(args.graph))
    if report.conforms:
        print(f"{args.graph}: conforms to the shapes")
        return EXIT_OK
    print(report.text())
    print(f"{args.graph}: {len(report.violations)} violation(s)")
    return EXIT_FAILED


# -- eval ---------------------------------------------------------------------------


def _add_eval(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "eval",
        help="precision/recall/F1 against gold annotations",
        formatter_class=_formatter,
        epilog="examples:\n  kg eval dev/articles\n  kg eval dev/articles --graph graph.trig --json",
        description="Score extraction against NAME.gold.json files (dev/FORMAT.md). Without "
        "--graph, each article is built alone and scored against its own graph.",
    )
    cmd.add_argument("gold_dirs", nargs="+", metavar="GOLD_DIR", type=Path)
    cmd.add_argument("--graph", metavar="GRAPH", help="score this built graph instead")
    cmd.add_argument("--json", action="store_true", help="print the figures as JSON")
    _add_model_options(cmd)
    _add_link_options(cmd)
    cmd.set_defaults(run=_run_eval)


def _run_eval(args: argparse.Namespace) -> int:
    import json

    from kg.eval import evaluate
    from kg.validation import load_graph

    graph = load_graph(args.graph) if args.graph else None
    report = evaluate(args.gold_dirs, graph=graph, options=_options(args))
    print(json.dumps(report.to_json(), indent=2) if args.json else report.render())
    return EXIT_OK


# -- cache --------------------------------------------------------------------------


def _add_cache(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "cache",
        help="share the Wikidata cache: export or import",
        formatter_class=_formatter,
        epilog="examples:\n  kg cache export team-cache.jsonl\n"
        "  kg cache import team-cache.jsonl --cache ./wikidata.sqlite",
    )
    cmd.add_argument("action", choices=["export", "import"])
    cmd.add_argument("path", type=Path, metavar="FILE")
    cmd.add_argument("--cache", type=Path, metavar="PATH", help="cache file to use")
    cmd.set_defaults(run=_run_cache)


def _run_cache(args: argparse.Namespace) -> int:
    from kg.link import export_cache, import_cache

    if args.action == "export":
        count = export_cache(args.cache, args.path)
        print(f"exported {count} cached answer(s) to {args.path}")
    else:
        count = import_cache(args.cache, args.path)
        print(f"imported {count} cached answer(s) from {args.path}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
