"""``kg build``: articles in, one validated graph file out."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kg.atomic import check_writable
from kg.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_input_options,
    add_link_options,
    add_model_options,
    add_scale_options,
    build_options,
    configure_logging,
    error,
    formatter,
    positive,
    report_failures,
    type_counts,
)
from kg.errors import InputError

if TYPE_CHECKING:
    from kg.model import Article
    from kg.options import BuildOptions
    from kg.pipeline import BuildResult
    from kg.stream import StreamResult

_EXAMPLE = """examples:
  kg build seeds -o graph.ttl
  kg build article.html https://example.org/news/story feed.jsonl -o graph.trig
  cat story.txt | kg build - --published 2025-09-03 --source "Example Wire" -o -
  kg build seeds --link wikidata --offline -o graph.jsonld
  kg build archive/ --processes 2 -v -o archive.nq
  kg build archive/ --dask tcp://scheduler:8786 -o archive.nq
"""


def add(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "build",
        help="articles in, validated graph out",
        epilog=_EXAMPLE,
        formatter_class=formatter,
        description="Build articles (files, folders, URLs, .jsonl, - for stdin) into one "
        "SHACL-validated graph. The output format follows OUT's extension: .ttl .jsonld .nt "
        ".nq .trig; -o - writes Turtle to stdout.",
    )
    add_input_options(cmd)
    cmd.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="graph file (.ttl .jsonld .nt .nq .trig), or - for Turtle on stdout",
    )
    add_model_options(cmd)
    add_scale_options(cmd)
    cmd.add_argument(
        "--parts",
        type=positive,
        default=1,
        metavar="N",
        help="write .nq output as N files (OUT.1-of-N.nq ...), each article's graph whole in one",
    )
    add_link_options(cmd)
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    configure_logging(args)
    from kg.pipeline import BuildResult, build_articles
    from kg.rdf.serialize import format_for, write
    from kg.scale.parts import part_paths, write_parts
    from kg.scale.progress import stage
    from kg.stream import STREAMED_FORMATS, stream_articles

    written = part_paths(args.output, args.parts) if args.parts > 1 else []  # a usage error, found first
    if args.output != "-":  # a bad output path is a usage error, found before any work
        format_for(args.output)
        folder = Path(args.output).parent
        if not folder.is_dir():
            error(f"{args.output}: no such folder: {folder}")
            return EXIT_USAGE
        try:
            check_writable(Path(args.output))
        except OSError as exc:
            error(f"{args.output}: cannot write the graph: {exc.strerror or exc}")
            return EXIT_USAGE
    opts = build_options(args)
    inputs = _Inputs(args.inputs, opts)
    streamed = not written and args.output != "-" and format_for(args.output) in STREAMED_FORMATS
    result: BuildResult | StreamResult
    if streamed:  # read, extracted and written as it goes
        result = stream_articles(inputs, args.output, opts, failures=inputs.failures)
    else:
        result = build_articles(list(inputs), opts, failures=inputs.failures)
    failures = inputs.failures
    if not inputs.read:
        error(f"no article could be read; {args.output} was not written")
        return EXIT_FAILED
    report_failures(result.failures[len(failures) :])
    for note in result.notes:
        print(f"kg: note: {note}", file=sys.stderr)
    articles, entities, events = _counts(result)
    if not articles:
        error(f"no article could be built; {args.output} was not written")
        return EXIT_FAILED
    if isinstance(result, BuildResult):  # a streamed build has written its output already
        with stage("writing"):
            if written:
                write_parts(result.quads, args.output, args.parts)
            else:
                write(result.quads, sys.stdout.buffer if args.output == "-" else args.output)
    output = f"{written[0]} … {written[-1]}" if written else args.output
    _summary(result, (articles, entities, events), output, sys.stderr if args.output == "-" else sys.stdout)
    return EXIT_FAILED if result.failures else EXIT_OK


class _Inputs:
    """The articles of the inputs as they are read; a failure is named on stderr as soon as
    it is met (so --strict cannot hide it) and kept."""

    def __init__(self, inputs: Sequence[str], options: BuildOptions) -> None:
        from kg.ingest import read_inputs

        self.failures: list[InputError] = []
        self.read = 0
        self._items = read_inputs(inputs, options, stdin=sys.stdin)

    def __iter__(self) -> Iterator[Article]:
        for item in self._items:
            if isinstance(item, InputError):
                report_failures([item])
                self.failures.append(item)
            else:
                self.read += 1
                yield item


def _counts(result: BuildResult | StreamResult) -> tuple[int, Counter[str], Counter[str]]:
    """Articles built, and the merged entities and events by type (a streamed build counts
    its events as it writes them: it does not hold them)."""
    from kg.stream import StreamResult

    if isinstance(result, StreamResult):
        return result.articles, Counter(e.type.value for e in result.entities), Counter(result.events)
    kb = result.kb
    return len(kb.articles), Counter(e.type.value for e in kb.entities), Counter(e.type.value for e in kb.events)


def _summary(
    result: BuildResult | StreamResult, counts: tuple[int, Counter[str], Counter[str]], output: str, out: TextIO
) -> None:
    articles, entities, events = counts
    print(f"built {articles} article(s) -> {output}", file=out)
    print("  entities: " + type_counts(entities), file=out)
    print("  events:   " + type_counts(events), file=out)
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
