"""``kg serve``: a read-only SPARQL 1.1 endpoint over a store, with HTML pages.

    create_app(ServeOptions(store=...))   the Starlette application (kg.serve.app)
      ├─ /sparql   SPARQL 1.1 Protocol; answers written by kg.serve.answers in the format
      │            kg.serve.negotiation picks from Accept
      ├─ /         the query page, offering the ready queries (queries/*.rq)
      └─ /id/…     an entity's or event's page or RDF (kg.serve.pages)
    QueryPool     the worker processes that run every query under a time limit and a row
                  cap (kg.serve.workers); the server process never opens the store itself

``serve`` runs the application with uvicorn on a socket from ``listen``; ``check_store`` tells
before that whether the store can be opened.
"""

from __future__ import annotations

import socket
from pathlib import Path

from kg.errors import KgError
from kg.serve.app import ServeOptions, create_app
from kg.store.store import open_store

__all__ = ["ServeOptions", "check_store", "create_app", "listen", "serve"]


def check_store(path: Path) -> None:
    """GraphError naming ``path`` when it is no store that can be opened read-only."""
    open_store(path)


def listen(host: str = "127.0.0.1", port: int = 8000) -> socket.socket:
    """A socket listening on ``host:port`` (bound before serving, so a port in use is one clear
    KgError rather than a server that starts and stops)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise KgError(f"{host}:{port}: cannot listen there: {exc.strerror or exc}") from exc


def serve(options: ServeOptions, sock: socket.socket) -> None:
    """Serve on ``sock`` (from ``listen``) until interrupted: Ctrl+C stops the server and its
    query workers."""
    import uvicorn

    with sock:
        uvicorn.Server(uvicorn.Config(create_app(options), log_level="info")).run(sockets=[sock])
