"""The errors kg raises. Each message says what went wrong and, where it can, what to do.

    KgError
    ├── InputError        one input could not be read (names the input and why)
    │   └── BugError      kg itself failed on one input (a bug: asks for a report)
    ├── ModelError        the spaCy model is missing or broken
    ├── GraphError        a graph file could not be read or written
    ├── QueryError        a SPARQL query is malformed (carries the position)
    ├── ValidationError   --strict build whose graph violates the shapes
    └── LinkError         Wikidata could not be asked (network, HTTP, bad answer)

Third-party exceptions are wrapped at the boundary with ``raise ... from exc`` so the CLI
can print one line per failure and never a traceback for a user's mistake.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input (file, URL, stdin, JSON line) that could not be turned into an article.

    Its message is one line: control characters in the input's name or the reason (a file
    name may hold a newline) are written as escapes."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{one_line(origin)}: {one_line(reason)}")
        self.origin = origin
        self.reason = reason


class BugError(InputError):
    """An input on which kg itself failed: an exception that no check of kg's foresaw.

    The other inputs are still built; the message asks for a report, and the CLI prints
    the traceback of ``__cause__`` with it."""

    def __init__(self, origin: str, exc: BaseException) -> None:
        super().__init__(
            origin,
            f"kg failed on this input ({type(exc).__name__}: {exc}); this is a bug in kg, "
            f"please report it ({HOMEPAGE}) with the input and the traceback above",
        )
        self.__cause__ = exc


#: Where kg lives, and where bugs are reported.
HOMEPAGE = "https://w3id.org/newskg"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` with control characters (newlines, tabs, escapes) shown as ``\\n``, ``\\x1b``."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


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


T = TypeVar("T")


def attempt(origin: str, read: Callable[..., T], *args: object) -> T | InputError:
    """``read(*args)``, or the InputError of the input ``origin`` if it fails.

    The fault boundary of one input (a file, a URL, a JSON line, a parsed article):
    whatever goes wrong there becomes that input's InputError, so the others are still
    built. A check of kg's gives its own message; an exception none foresaw, a BugError."""
    try:
        return read(*args)
    except InputError as exc:
        return exc
    except RecursionError:  # a structure nested deeper than the checks of kg foresee
        return InputError(origin, "nested too deeply to read")
    except Exception as exc:
        return BugError(origin, exc)
