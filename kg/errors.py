"""The errors kg raises. Each message says what went wrong and, where it can, what to do.

    KgError
    ├── InputError        one input could not be read (names the input and why)
    ├── ModelError        the spaCy model is missing or broken
    ├── GraphError        a graph file could not be read or written
    ├── QueryError        a SPARQL query is malformed (carries the position)
    ├── ValidationError   --strict build whose graph violates the shapes
    └── LinkError         Wikidata could not be asked (network, HTTP, bad answer)

Third-party exceptions are wrapped at the boundary with ``raise ... from exc`` so the CLI
can print one line per failure and never a traceback for a user's mistake.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input (file, URL, stdin, JSON line) that could not be turned into an article."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ModelError(KgError):
    """The spaCy model could not be loaded."""


class GraphError(KgError):
    """A graph file could not be parsed or written."""


class QueryError(KgError):
    """A SPARQL query that cannot be parsed or run."""


class ValidationError(KgError):
    """The graph does not conform to the shapes and the build was --strict."""


class LinkError(KgError):
    """The Wikidata API could not be used: network, HTTP status or an unexpected answer."""
