"""What every command shares: exit codes, error lines, argument types and the model and
linking options."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
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


def add_model_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--model", help="spaCy pipeline to use (default: en_core_web_sm)")
    cmd.add_argument(
        "--processes", type=positive, default=1, metavar="N", help="worker processes for spaCy (default: 1)"
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
        batch_size=args.batch_size,
        strict=getattr(args, "strict", False),
        link=getattr(args, "link", None),
        offline=getattr(args, "offline", False),
        wikidata_api=getattr(args, "wikidata_api", None),
        cache_path=getattr(args, "cache", None),
    )
