"""Queries run in worker processes, so that a query past its time limit can be stopped.

Oxigraph cannot interrupt a query once it runs (an ORDER BY or a COUNT over a cross product
computes everything before its first row), so each query goes to one of a few worker
processes and a worker still busy when the limit passes is killed and replaced; the server
itself never touches the store. Each worker opens the store read-only (RocksDB allows many
read-only openers) and opens it again when the store's folder has changed, so a finished
``kg load`` is seen without a restart. (A store being written while it is read is undefined
behaviour in RocksDB, as for ``oxigraph serve-read-only``: an error from the store makes the
worker reopen it and retry once.)

    QueryPool.run(Request) -> Answer          in the server, async
      └─ worker process: _serve(conn, store)  Request in, Answer out, one at a time
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import anyio.to_thread
import pyoxigraph as ox

from kg.errors import GraphError, QueryError
from kg.serve.answers import Answer, render
from kg.store.query import QueryResult, run_query, uses_service
from kg.store.store import graph_folder, open_store

#: How long a new worker may take to start and open the store.
_START_TIMEOUT = 120.0
_READY = "ready"
#: How long to wait before starting a replacement worker again.
_RETRY = 5.0
_log = logging.getLogger("kg.serve")


@dataclass(frozen=True)
class Request:
    """One query for a worker: the text, the formats chosen for each query form (None: the
    client accepts none) and the dataset the protocol's graph parameters give, if any."""

    sparql: str
    result_format: str | None = "json"
    graph_format: str | None = "ntriples"
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


class _Reader:
    """The store, opened again whenever its folder changed (files added or removed)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store = open_store(path)
        self._stamp = self._changed()

    def store(self) -> ox.Store:
        if self._changed() != self._stamp:
            # kg load may be writing it now: until it can be opened again, read what was opened
            with contextlib.suppress(GraphError):
                self.reopen()
        return self._store

    def reopen(self) -> None:
        self._store = open_store(self.path)
        self._stamp = self._changed()

    def _changed(self) -> int:
        """The graph folder's time: RocksDB adds and removes files there on every write."""
        return os.stat(graph_folder(self.path)).st_mtime_ns


def answer(reader: _Reader, request: Request, max_rows: int) -> Answer:
    """Run ``request`` on the store; an error in the query is a 400, one in the store a 500."""
    if uses_service(request.sparql):
        return Answer.error(400, "SERVICE is not allowed here: it would make this server call another endpoint")
    try:
        try:
            result = _run(reader.store(), request, max_rows)
        except QueryError as exc:
            if not _store_failed(exc):
                raise
            reader.reopen()  # written meanwhile: read it as it is now
            result = _run(reader.store(), request, max_rows)
    except QueryError as exc:
        if _store_failed(exc):
            return Answer.error(500, f"the store could not be read: {exc.__cause__}")
        return Answer.error(400, str(exc))
    except GraphError as exc:  # the store is gone
        return Answer.error(500, str(exc))
    return render(result, request.result_format, request.graph_format, max_rows)


def _run(store: ox.Store, request: Request, max_rows: int) -> QueryResult:
    return run_query(store, request.sparql, max_rows, request.default_graph, request.named_graphs)


def _store_failed(exc: QueryError) -> bool:
    """Whether the store failed, rather than the query (pyoxigraph's IO and corruption errors)."""
    return isinstance(exc.__cause__, (OSError, RuntimeError))


def _serve(conn: Connection, path: Path, max_rows: int) -> None:
    """A worker's life: open the store, say so, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops its workers
    try:
        reader = _Reader(path)
    except GraphError as exc:
        conn.send(str(exc))
        return
    conn.send(_READY)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        conn.send(answer(reader, request, max_rows))


class _Worker:
    def __init__(self, path: Path, max_rows: int) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, path, max_rows), name="kg-query-worker", daemon=True
        )
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        """Return once the worker has opened the store; GraphError (and the worker stopped) if not."""
        try:
            if not self.conn.poll(_START_TIMEOUT):
                raise GraphError(f"a query worker did not start within {_START_TIMEOUT:.0f} s")
            message = self.conn.recv()
        except EOFError as exc:
            self.stop()
            raise GraphError("a query worker stopped while opening the store") from exc
        except GraphError:
            self.stop()
            raise
        if message != _READY:
            self.stop()
            raise GraphError(str(message))

    def exchange(self, request: Request, timeout: float) -> Answer | None:
        """The answer, or None when the worker is still busy after ``timeout`` seconds."""
        self.conn.send(request)
        if not self.conn.poll(timeout):
            return None
        answer: Answer = self.conn.recv()
        return answer

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """``workers`` query processes over the store at ``path``; ``run`` gives each query at
    most ``timeout`` seconds and ``max_rows`` rows (or triples)."""

    def __init__(self, path: Path, workers: int, timeout: float, max_rows: int) -> None:
        self.path, self.size, self.timeout, self.max_rows = path, workers, timeout, max_rows
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._starting: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start the workers and wait until each has opened the store (GraphError if not)."""
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                await anyio.to_thread.run_sync(worker.wait_ready)
        except GraphError:
            await self.close()
            raise
        for worker in workers:
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        for task in self._starting:
            task.cancel()
        for worker in list(self._all):
            worker.stop()
        self._all.clear()

    async def run(self, request: Request) -> Answer:
        # A busy worker is free, or killed and replaced, within the time limit plus a start.
        wait = self.timeout + _START_TIMEOUT
        try:
            worker = await asyncio.wait_for(self._idle.get(), wait)
        except TimeoutError:
            return Answer.error(503, f"all {self.size} query workers stayed busy for {wait:g} s; try again")
        answer: Answer | None = None
        try:
            answer = await anyio.to_thread.run_sync(worker.exchange, request, self.timeout, abandon_on_cancel=True)
        except (EOFError, OSError):
            return Answer.error(500, "the query worker stopped while answering; it has been restarted")
        finally:
            if answer is None:  # timed out, crashed, or the client went away: start afresh
                self._replace(worker)
            else:
                self._idle.put_nowait(worker)
        if answer is None:
            return Answer.error(
                503, f"the query ran longer than {self.timeout:g} s and was stopped; narrow it or add a LIMIT"
            )
        return answer

    def _spawn(self) -> _Worker:
        worker = _Worker(self.path, self.max_rows)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._start_one())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _start_one(self) -> None:
        """A new worker in the pool, tried again while the store cannot be opened."""
        while True:
            worker = self._spawn()
            try:
                await anyio.to_thread.run_sync(worker.wait_ready)
            except GraphError as exc:
                self._all.discard(worker)
                _log.error("a query worker could not start; trying again in %g s: %s", _RETRY, exc)
                await asyncio.sleep(_RETRY)
                continue
            self._idle.put_nowait(worker)
            return
