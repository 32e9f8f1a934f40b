"""What ``kg query`` checks before Oxigraph sees a query, and the bounds it runs it in.

- ``SERVICE`` makes Oxigraph call another endpoint over the network: refused unless the
  user allows it (``--allow-service``).
- Oxigraph's parser recurses once per nested group: a few thousand ``{`` or ``(`` overflow
  its stack and kill the process (a segfault, no message). Nesting deeper than
  ``MAX_DEPTH`` is refused first.
- Oxigraph cannot interrupt a running query (an ORDER BY over a cross product computes it
  all before the first row), so ``run_bounded`` runs the load, the query and the
  rendering in a child process, killed when ``timeout`` seconds pass, and limited (on
  POSIX systems) to ``max_memory_mb`` megabytes of data; at most ``max_rows`` rows (or
  triples) are read from the answer.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TypeVar

from kg.errors import GraphError, KgError, QueryError

#: The deepest nesting of groups, brackets and parentheses a query may have; kg's own
#: queries nest 4 deep, and Oxigraph's parser overflows its stack at about 2,000.
MAX_DEPTH = 100
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
#: Megabytes of data the query process may hold: a cross product sorted by ORDER BY took
#: 5.8 GB in 20 s.
DEFAULT_MAX_MEMORY_MB = 2_000

T = TypeVar("T")
_BRACKET = re.compile(r"[{}()\[\]]")


def check_query(sparql: str, allow_service: bool = False) -> None:
    """Raise QueryError for a query kg will not hand to Oxigraph (see the module docstring)."""
    from kg.store.query import _OPAQUE, uses_service  # pyoxigraph: not at ``kg --help``

    if not allow_service and uses_service(sparql):
        raise QueryError(
            "SERVICE refused: it would make kg query another endpoint over the network; "
            "give --allow-service to allow it"
        )
    masked = _OPAQUE.sub(" ", sparql)
    depth = 0
    for bracket in _BRACKET.finditer(masked):
        depth += 1 if bracket.group() in "{([" else -1
        if depth > MAX_DEPTH:
            line = masked.count("\n", 0, bracket.start()) + 1
            raise QueryError(f"the query nests deeper than {MAX_DEPTH} levels (line {line}); kg does not run it")


def run_bounded(task: Callable[[], T], timeout: float, max_memory_mb: int | None = None) -> T:
    """``task()`` (which loads, queries and renders) in a child process, given at most
    ``timeout`` seconds and, where the system can limit it (POSIX), ``max_memory_mb``
    megabytes of data. KgErrors raised there are raised here; a child that dies, runs out
    of time or of memory gives a QueryError."""
    # fork where there is one: the child starts at once, and nothing is open in the parent
    # that a fork could spoil (kg query opens its store in the child)
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    child: BaseProcess = context.Process(  # type: ignore[attr-defined]
        target=_child, args=(task, sender, max_memory_mb), name="kg-query", daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryError(f"the query ran past the time limit of {timeout:g} s (--timeout) and was stopped")
        kind, payload = receiver.recv()
    except EOFError:
        child.join(5)
        if max_memory_mb is not None and child.exitcode == -signal.SIGABRT:  # Oxigraph's answer to no memory
            kind, payload = "memory", None
        else:
            raise QueryError(f"the query engine stopped (exit code {child.exitcode}) without an answer") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    if kind == "ok":
        return payload
    if kind == "memory":
        raise QueryError(f"the query needed more than {max_memory_mb} MB of memory (--max-memory) and was stopped")
    if kind == "query":
        raise QueryError(payload)
    if kind == "graph":
        raise GraphError(payload)
    if kind == "kg":
        raise KgError(payload)
    raise RuntimeError(f"the query failed in kg's query process:\n{payload}")


def _limit_memory(megabytes: int) -> None:
    """Cap the data this process may hold (heap and anonymous maps, not the code mapped in).
    Oxigraph aborts when an allocation fails, writing a line to stderr first: that line
    goes nowhere, and the parent says what happened."""
    import resource

    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_DATA, (limit, resource.getrlimit(resource.RLIMIT_DATA)[1]))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _child(task: Callable[[], object], sender: Connection, max_memory_mb: int | None) -> None:
    try:
        if max_memory_mb is not None and os.name == "posix":
            _limit_memory(max_memory_mb)
        answer: tuple[str, object] = ("ok", task())
    except MemoryError:
        answer = ("memory", None)
    except QueryError as exc:
        answer = ("query", str(exc))
    except GraphError as exc:
        answer = ("graph", str(exc))
    except KgError as exc:
        answer = ("kg", str(exc))
    except Exception:
        answer = ("bug", traceback.format_exc())
    sender.send(answer)
    sender.close()
