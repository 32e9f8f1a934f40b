"""``kg eval``: precision, recall and F1 against gold annotations."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import EXIT_OK, add_link_options, add_model_options, build_options, formatter


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "eval",
        help="precision/recall/F1 against gold annotations",
        formatter_class=formatter,
        epilog="examples:\n  kg eval dev/articles\n  kg eval dev/articles --graph graph.trig --json",
        description="Score extraction against NAME.gold.json files (dev/FORMAT.md). Without "
        "--graph, each article is built alone and scored against its own graph.",
    )
    cmd.add_argument("gold_dirs", nargs="+", metavar="GOLD_DIR", type=Path)
    cmd.add_argument("--graph", metavar="GRAPH", help="score this built graph instead")
    cmd.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_model_options(cmd)
    add_link_options(cmd)
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import json

    from kg.eval import evaluate
    from kg.validation import load_graph

    graph = load_graph(args.graph) if args.graph else None
    report = evaluate(args.gold_dirs, graph=graph, options=build_options(args))
    print(json.dumps(report.to_json(), indent=2) if args.json else report.render())
    return EXIT_OK
