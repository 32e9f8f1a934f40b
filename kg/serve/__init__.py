"""``kg serve``: a read-only SPARQL 1.1 endpoint over a store, with HTML pages.

    create_app(ServeOptions(store=...))   the Starlette application (kg.serve.app)
      ├─ /sparql   SPARQL 1.1 Protocol; answers written by kg.serve.answers in the format
      │            kg.serve.negotiation picks from Accept
      ├─ /         the query page, offering the ready queries (queries/*.rq)
      └─ /id/…     an entity's or event's page or RDF (kg.serve.pages)
    QueryPool     the worker processes that run every query under a time limit and a row
                  cap (kg.serve.workers); the server process never opens the store itself

``serve`` runs the application with uvicorn; ``check_store`` tells before that whether the
store can be opened.
"""

from __future__ import annotations

from pathlib import Path

from kg.serve.app import ServeOptions, create_app
from kg.serve.workers import open_store

__all__ = ["ServeOptions", "check_store", "create_app", "serve"]


def check_store(path: Path) -> None:
    """GraphError naming ``path`` when it is no store that can be opened read-only."""
    open_store(path)


def serve(options: ServeOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (uvicorn: Ctrl+C stops it and its query workers)."""
    import uvicorn

    uvicorn.run(create_app(options), host=host, port=port, log_level="info")
