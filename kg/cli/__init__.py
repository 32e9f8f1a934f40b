"""The ``kg`` command: parse arguments, call one library function, render, map errors to
exit codes (0 success, 1 an input or validation failed, 2 usage or load error).

One module per command, each with ``add(commands)``. Nothing heavy is imported at module
level: ``kg --help`` must not import spaCy.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from types import FrameType

from kg import __version__
from kg.cli import build, cache, evaluate, load, push, query, remove, serve, validate
from kg.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from kg.errors import HOMEPAGE, GraphError, KgError, QueryError

COMMANDS = (build, load, remove, query, serve, push, validate, evaluate, cache)


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that ``finally`` blocks run: an atomic
    write in progress removes its temporary file."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return int(args.run(args))
    except (QueryError, GraphError) as exc:
        error(str(exc))
        return EXIT_USAGE
    except KgError as exc:
        error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        error("interrupted; nothing was written")
        return 130
    except Terminated:
        error("terminated; nothing was written")
        return 128 + signal.SIGTERM
    except BrokenPipeError:  # "kg query ... | head": the reader has gone; not an error
        sys.stderr.close()
        return EXIT_OK
    except Exception:  # a bug of kg's, not the user's doing: the traceback, and a request
        traceback.print_exc()
        error(f"this is a bug in kg; please report it ({HOMEPAGE}) with the command and the traceback above")
        return EXIT_FAILED
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn news articles into a validated RDF knowledge graph and query it.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    for command in COMMANDS:
        command.add(commands)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
