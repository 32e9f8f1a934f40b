"""The per-article stage as Dask tasks: ``--dask SCHEDULER_ADDRESS``.

The articles are cut into partitions; each partition is one task, run by any worker of the
cluster, which parses, resolves and reads its articles exactly as a single process does
and sends back their entities and events. A worker plugin loads the model when the worker
joins, once per worker. The client keeps a bounded number of partitions in flight (so a big
corpus is never all in the cluster's memory at once) and yields the Documents in input
order; the merge, the coreference of entities and events across articles, then runs in the
client by the same rules as a one-process build, so the graph is the same.

Workers need kg installed (same version) and are best started with one thread each
(``dask worker ADDRESS --nthreads 1 --nworkers N``): tasks in threads of one worker share
its model and take turns.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from itertools import islice
from typing import Any

from distributed import Client, Future
from distributed.diagnostics.plugin import WorkerPlugin

from kg.errors import InputError, KgError
from kg.model import Article, Document
from kg.options import BuildOptions
from kg.scale.pool import Result, to_item, to_result

#: Articles per task: large enough that a task's overhead (a few ms) is nothing beside its
#: work (~100 ms an article), small enough to spread a few thousand articles over workers.
PARTITION = 64

#: How long the client tries to reach the scheduler before it gives up.
CONNECT_TIMEOUT = "20s"

_MODEL_LOCK = threading.Lock()


def extract_on_dask(articles: Iterable[Article], options: BuildOptions) -> Iterator[Document | InputError]:
    """The articles' Documents, in input order, from the Dask cluster at ``options.dask``."""
    from kg.scale import single

    client = _client(options.dask or "")
    try:
        client.register_plugin(LoadModel(options.model), name=f"kg-model-{options.model}")
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = PARTITION
        if isinstance(articles, Sized):  # a few articles still go to every worker
            size = max(1, min(size, math.ceil(len(articles) / (4 * workers))))
        in_flight: deque[tuple[list[Article], Future]] = deque()
        work = single(options)
        source = iter(articles)
        while batch := list(islice(source, size)):
            in_flight.append((batch, client.submit(_extract_partition, batch, work, pure=False)))
            if len(in_flight) >= 4 * workers:  # bounded: the client never sends the whole corpus
                yield from _documents(*in_flight.popleft())
        while in_flight:
            yield from _documents(*in_flight.popleft())
    finally:
        client.close()


def _client(address: str) -> Client:
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def _documents(batch: list[Article], future: Future) -> Iterator[Document | InputError]:
    results: list[Result] = future.result()
    for article, result in zip(batch, results, strict=True):
        yield to_item(article, result)


def _extract_partition(articles: list[Article], options: BuildOptions) -> list[Result]:
    """On a worker: the partition's entities and events (the articles stay with the client)."""
    from kg.nlp import extract

    with _MODEL_LOCK:  # one worker's threads share one model; they take turns
        return [to_result(item) for item in extract(articles, options)]


class LoadModel(WorkerPlugin):
    """Loads kg's spaCy pipeline when a worker starts: once per worker process."""

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        from kg.nlp import pipeline

        with _MODEL_LOCK:
            pipeline(self.model)
