"""What every command shares: exit codes, error lines, argument types and the model and
linking options."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from kg.errors import BugError, InputError
from kg.options import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_EVENTS,
    DEFAULT_MAX_NESTING,
    BuildOptions,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def error(message: str) -> None:
    print(f"kg: error: {message}", file=sys.stderr)


def report_failures(failures: Iterable[InputError]) -> None:
    """One error line per input that failed; a bug's traceback before its line."""
    for failure in failures:
        if isinstance(failure, BugError) and failure.__cause__ is not None:
            traceback.print_exception(failure.__cause__, file=sys.stderr)
        error(str(failure))


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def add_input_options(cmd: argparse.ArgumentParser) -> None:
    """The articles to build and what to do with a graph that violates the shapes
    (kg build and kg load)."""
    cmd.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="article files, folders, URLs, .jsonl files, or - for stdin"
    )
    cmd.add_argument(
        "--strict", action="store_true", help="fail when the graph violates the shapes instead of dropping the nodes"
    )


def type_counts(counter: Counter[str]) -> str:
    """ "11 (Meeting 1, Statement 5, ...)": a total and its count per type."""
    parts = ", ".join(f"{name} {n}" for name, n in sorted(counter.items()))
    return f"{sum(counter.values())}" + (f" ({parts})" if parts else "")


def add_model_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--model", help="spaCy pipeline to use (default: en_core_web_sm)")
    cmd.add_argument(
        "--processes",
        type=positive,
        default=1,
        metavar="N",
        help="worker processes for the per-article work, each loading the model once (default: 1)",
    )
    cmd.add_argument(
        "--batch-size",
        type=positive,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"articles per spaCy batch (default: {DEFAULT_BATCH_SIZE})",
    )
    cmd.add_argument(
        "--published", type=iso_date, metavar="DATE", help="publication date for inputs that carry none (YYYY-MM-DD)"
    )
    cmd.add_argument("--source", metavar="NAME", help="outlet name for inputs that name none")
    cmd.add_argument(
        "--max-bytes",
        type=positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"skip inputs larger than this (default: {DEFAULT_MAX_BYTES})",
    )
    limits = (
        ("--max-chars", DEFAULT_MAX_CHARS, "skip articles (or HTML pages) whose text is longer, in characters"),
        ("--max-events", DEFAULT_MAX_EVENTS, "skip articles that give more events than this"),
        ("--max-nesting", DEFAULT_MAX_NESTING, "skip front matter or JSON lines nested deeper than this"),
    )
    for flag, default, text in limits:
        cmd.add_argument(flag, type=positive, default=default, metavar="N", help=f"{text} (default: {default})")


def add_scale_options(cmd: argparse.ArgumentParser) -> None:
    """Big corpora: a Dask cluster, progress and logging (kg.scale)."""
    cmd.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run the per-article work on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )
    cmd.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    cmd.add_argument(
        "-v", "--verbose", action="count", default=0, help="log stages and their times on stderr (-vv: more)"
    )


def configure_logging(args: argparse.Namespace) -> None:
    """``-v``: the ``kg`` logger's INFO messages on stderr; ``-vv``: DEBUG too; else none.

    Set again on every command, so that one run's ``-v`` does not outlast it when
    ``main`` is called several times in one process."""
    import logging

    logger = logging.getLogger("kg")
    for handler in [h for h in logger.handlers if getattr(h, "kg_cli", False)]:
        logger.removeHandler(handler)
    verbose = getattr(args, "verbose", 0)
    logger.setLevel(logging.WARNING if not verbose else logging.INFO if verbose == 1 else logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("kg: %(message)s"))
    handler.kg_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def add_link_options(cmd: argparse.ArgumentParser) -> None:
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


def build_options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        published=args.published,
        source=args.source,
        max_bytes=args.max_bytes,
        max_chars=args.max_chars,
        max_events=args.max_events,
        max_nesting=args.max_nesting,
        model=args.model,
        processes=args.processes,
        dask=getattr(args, "dask", None),
        progress=hasattr(args, "quiet") and not args.quiet,
        batch_size=args.batch_size,
        strict=getattr(args, "strict", False),
        link=getattr(args, "link", None),
        offline=getattr(args, "offline", False),
        wikidata_api=getattr(args, "wikidata_api", None),
        cache_path=getattr(args, "cache", None),
    )
