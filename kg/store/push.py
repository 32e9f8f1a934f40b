"""Push a graph file or a store to any SPARQL 1.1 Graph Store Protocol endpoint.

    push(source, endpoint) -> PushReport

One HTTP PUT per graph of kg's layout: the merged graph to ``ENDPOINT?default`` and each
article's named graph to ``ENDPOINT?graph=ARTICLE-IRI``, as N-Triples. A PUT replaces that
graph on the server, so pushing again (after more ``kg load``) brings each graph up to date.
A graph pushed before that the source no longer has (an article taken out with ``kg
remove``) is given as ``stale`` and deleted with an HTTP DELETE of ``ENDPOINT?graph=IRI``
(a 404 counts as deleted): the Graph Store Protocol cannot list a server's graphs, so a
store remembers what it pushed where (``kg.store.store.push``). The endpoint is the Graph Store Protocol URL of the server: Oxigraph
``http://HOST:7878/store``, Fuseki ``http://HOST:3030/DATASET/data``, GraphDB
``http://HOST:7200/repositories/REPO/rdf-graphs/service``.

A PUT that fails for a reason that may pass (no connection, a timeout, 429, 5xx) is tried
again after a pause (``Retry-After`` when the server gives one), up to ``tries`` times; a
graph that still fails is reported (``PushReport.failures``, one line each) and the others
are still pushed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import requests

from kg.errors import KgError
from kg.http import user_agent

#: the statuses worth another try: the server is busy or down for a moment
_TRANSIENT = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_WAIT = 30.0  # longer Retry-After values are cut to this


class PushError(KgError):
    """One graph could not be pushed: names the graph and why."""


@dataclass
class PushReport:
    """What a push sent: graphs and triples pushed, and one error per graph that failed."""

    pushed: list[str] = field(default_factory=list)  # "default" or the graph's IRI
    triples: int = 0
    deleted: list[str] = field(default_factory=list)  # IRIs of the stale graphs deleted
    failures: list[PushError] = field(default_factory=list)


def push(
    source: ox.Store,
    endpoint: str,
    session: requests.Session | None = None,
    tries: int = 4,
    timeout: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    stale: Iterable[str] = (),
) -> PushReport:
    """PUT every graph of ``source`` (kg.store.open_store or kg.store.load_store) to the
    Graph Store Protocol ``endpoint``: the default graph first, then each named graph; then
    DELETE each graph of ``stale`` (IRIs) that ``source`` does not have."""
    session = session or _session()
    report = PushReport()
    held: set[str] = set()
    for name, graph in _graphs(source):
        held.add(name)
        body = ox.serialize(_triples(source, graph), format=ox.RdfFormat.N_TRIPLES) or b""
        params = {"default": ""} if graph is None else {"graph": graph.value}
        try:
            _send(session, "PUT", endpoint, params, body, tries, timeout, sleep)
        except PushError as exc:
            report.failures.append(PushError(f"{name}: {exc}"))
            continue
        report.pushed.append(name)
        report.triples += body.count(b"\n")
    for iri in sorted(set(stale) - held):
        try:
            _send(session, "DELETE", endpoint, {"graph": iri}, None, tries, timeout, sleep)
        except PushError as exc:
            report.failures.append(PushError(f"{iri} (to delete): {exc}"))
            continue
        report.deleted.append(iri)
    return report


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = user_agent()
    return session


def _graphs(source: ox.Store) -> Iterator[tuple[str, ox.NamedNode | None]]:
    yield "default", None
    named = sorted((g for g in source.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    for graph in named:
        yield graph.value, graph


def _triples(source: ox.Store, graph: ox.NamedNode | None) -> list[ox.Triple]:
    name = ox.DefaultGraph() if graph is None else graph
    return sorted((quad.triple for quad in source.quads_for_pattern(None, None, None, name)), key=str)


def _send(
    session: requests.Session,
    method: str,
    endpoint: str,
    params: dict[str, str],
    body: bytes | None,
    tries: int,
    timeout: float,
    sleep: Callable[[float], None],
) -> None:
    """One PUT (of ``body``) or DELETE, tried again while it fails for a reason that may pass."""
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    for attempt in range(1, tries + 1):
        last = attempt == tries
        try:
            response = session.request(method, endpoint, params=params, data=body, headers=headers, timeout=timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            if last:
                raise PushError(f"{_why(exc)} {endpoint} ({_tried(tries)})") from exc
            sleep(_backoff(attempt))
            continue
        if response.ok or (method == "DELETE" and response.status_code == 404):  # gone already
            return
        reason = f"HTTP {response.status_code} {response.reason}: {' '.join(response.text.split())[:200]}".rstrip(": ")
        if response.status_code not in _TRANSIENT:
            raise PushError(reason)
        if last:
            raise PushError(f"{reason} ({_tried(tries)})")
        sleep(_retry_after(response.headers.get("Retry-After"), _backoff(attempt)))


def _why(exc: requests.RequestException) -> str:
    return "timed out waiting for" if isinstance(exc, requests.Timeout) else "could not connect to"


def _tried(tries: int) -> str:
    return "tried once" if tries == 1 else f"tried {tries} times"


def _backoff(attempt: int) -> float:
    return float(min(2 ** (attempt - 1), MAX_WAIT))


def _retry_after(header: str | None, default: float) -> float:
    try:
        return min(max(float(header), 0.0), MAX_WAIT) if header else default
    except ValueError:  # an HTTP date: rare enough that the default pause will do
        return default
