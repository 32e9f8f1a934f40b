"""Per-article work in worker processes on this machine.

Each worker loads the model once (``kg.nlp.pipeline`` is cached per process) and then runs
the whole per-article stage — spaCy, then kg's own reference resolution and event reading —
on batches of articles; only the small results (entities and events) come back, and the
parent pairs them with the articles it sent, in input order. spaCy's own ``n_process``
parallelises spaCy alone: the parent then unpickles every Doc and does kg's per-article work
itself, so a second process helps kg less than it helps spaCy.

Workers ignore SIGINT: Ctrl-C reaches the parent, which stops them (``Pool.terminate``) and
lets the command print its one line; no worker prints a traceback.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass
from itertools import islice

from kg.errors import BugError, InputError
from kg.model import Article, Document, Entity, Event
from kg.options import BuildOptions


@dataclass(frozen=True)
class Failed:
    """An article a worker could not read, sent back as its origin and reason."""

    origin: str
    reason: str


#: What a worker sends back for one article: its entities and events, or why it failed.
Result = tuple[tuple[Entity, ...], tuple[Event, ...]] | Failed


def to_result(item: Document | InputError) -> Result:
    """In a worker: what goes back for one article (the article itself stays with the parent)."""
    if isinstance(item, InputError):
        if isinstance(item, BugError) and item.__cause__ is not None:  # the parent gets only the line
            traceback.print_exception(item.__cause__, file=sys.stderr)
        return Failed(item.origin, item.reason)
    return item.entities, item.events


def to_item(article: Article, result: Result) -> Document | InputError:
    """In the parent: the article's Document, or its InputError."""
    if isinstance(result, Failed):
        return InputError(result.origin, result.reason)
    entities, events = result
    return Document(article=article, entities=entities, events=events)


def extract_in_processes(articles: Iterable[Article], options: BuildOptions) -> Iterator[Document | InputError]:
    """The articles' Documents, in input order, from ``options.processes`` worker processes."""
    from kg.scale import single

    sent: deque[list[Article]] = deque()  # batches handed to the pool, oldest first
    size = options.batch_size
    if isinstance(articles, Sized):  # a few articles still go to every worker
        size = max(1, min(size, math.ceil(len(articles) / (4 * options.processes))))

    def batches() -> Iterator[tuple[list[Article], BuildOptions]]:
        work = single(options)
        source = iter(articles)
        while batch := list(islice(source, size)):
            sent.append(batch)
            yield batch, work

    with _context().Pool(options.processes, initializer=_start_worker) as pool:
        for results in pool.imap(_extract_batch, batches()):
            for article, result in zip(sent.popleft(), results, strict=True):
                yield to_item(article, result)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (Linux): workers start from a clean process, not a copy
    of a parent that may hold threads (a progress bar's, a Dask client's) and big data."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _start_worker() -> None:
    """Ignore Ctrl-C (the parent stops the pool), and keep numerical libraries to one thread
    per worker, as Dask's workers do: N workers each running as many BLAS threads as there
    are cores fight over them (a worker imports numpy only after this, with spaCy)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def _extract_batch(task: tuple[list[Article], BuildOptions]) -> list[Result]:
    """In a worker: each article's entities and events, or why it failed."""
    from kg.nlp import extract

    articles, options = task
    return [to_result(item) for item in extract(articles, options)]
