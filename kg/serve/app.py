"""The web application: the SPARQL endpoint, the query page and the resource pages.

    GET  /                   the query page (``?query=…`` fills the box and runs it)
    GET  /sparql, POST       SPARQL 1.1 Protocol, read-only; a browser asking for HTML is
                             sent to the query page
    GET  /id/{kind}/{name}   an entity, event, article or evidence node: HTML, Turtle,
                             N-Triples, JSON-LD or RDF/XML by Accept (or ``?format=``)

Every answer allows any origin (CORS), so YASGUI or a page elsewhere can query the endpoint.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote

import jinja2
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.rdf import iris
from kg.serve.answers import Answer, graph_bytes
from kg.serve.negotiation import GRAPH_FORMATS, HTML, RESULT_FORMATS, Format, NotAcceptable, choose
from kg.serve.pages import SHIPPED_QUERIES, Resource, describe, iri_of, ready_queries
from kg.serve.workers import QueryPool, Request

ENDPOINT = "/sparql"
#: Says how many rows an answer was cut to (the header Virtuoso uses for its row cap).
CAPPED_HEADER = "X-SPARQL-MaxRows"
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
#: The largest request body read: a form or a query, never data.
_MAX_BODY = 1_000_000


@dataclass(frozen=True)
class ServeOptions:
    """What ``kg serve`` is given: the store and the limits every query runs under."""

    store: Path
    timeout: float = 30.0  # seconds a query may run before it is stopped
    max_rows: int = 10_000  # rows (or triples) an answer is cut to
    workers: int = 2  # query processes: queries answered at once
    queries: Path | None = SHIPPED_QUERIES  # the folder of ready queries (*.rq) the query page offers


def create_app(options: ServeOptions) -> Starlette:
    """The application; its worker processes start with it (lifespan) and stop with it."""
    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("kg.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = QueryPool(options.store, options.workers, options.timeout, options.max_rows)
        await pool.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    pages = _Pages(options, templates)
    return Starlette(
        routes=[
            Route("/", pages.query_page, methods=["GET"]),
            Route(ENDPOINT, _sparql, methods=["GET", "POST"]),
            Route("/id/{path:path}", pages.resource, methods=["GET"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["*"],  # no credentials are ever allowed, so any header is harmless
                expose_headers=[CAPPED_HEADER],
                max_age=3600,
            )
        ],
        lifespan=lifespan,
    )


# --- the SPARQL endpoint --------------------------------------------------------------------


async def _sparql(request: HttpRequest) -> Response:
    params = list(request.query_params.multi_items())
    body_query: list[str] = []
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        raw = await _read_body(request)
        if raw is None:
            return _text(413, f"the request is larger than {_MAX_BODY:,} bytes; a query is never that long")
        body = raw.decode("utf-8", errors="replace")
        if content_type == _FORM:
            params += parse_qsl(body, keep_blank_values=True)
        elif content_type == _QUERY_BODY:
            body_query.append(body)
        elif content_type == _UPDATE_BODY:
            return _refuse_update()
        else:
            return _text(
                415, f"send the query as {_FORM} (query=…) or as {_QUERY_BODY}, not {content_type or 'no type'}"
            )
    if any(name == "update" for name, _ in params):
        return _refuse_update()
    queries = [value for name, value in params if name == "query"] + body_query
    accept = request.headers.get("accept")
    named = _format_parameter(params)
    if request.method == "GET" and len(queries) <= 1 and not named and _wants_html(accept):
        return RedirectResponse("/" + (f"?query={quote(queries[0])}" if queries else ""), status_code=303)
    if len(queries) != 1:
        return _text(
            400, "no query: send query=… (GET or POST form) or a query body" if not queries else "more than one query"
        )
    result_format, graph_format = _formats(accept, named)
    if result_format is None and graph_format is None:
        offered = ", ".join(f.media_type for f in (*RESULT_FORMATS, *GRAPH_FORMATS))
        return _text(406, f"none of the accepted types ({accept}) is offered; this endpoint writes {offered}")
    answer = await request.app.state.pool.run(
        Request(
            queries[0],
            result_format,
            graph_format,
            _graphs(params, "default-graph-uri"),
            _graphs(params, "named-graph-uri"),
        )
    )
    return _respond(answer)


async def _read_body(request: HttpRequest) -> bytes | None:
    """The request's body, or None once it passes _MAX_BODY (read no further)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > _MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_update() -> Response:
    return _text(403, "this endpoint is read-only: SPARQL updates are refused (change the store with kg load)")


def _format_parameter(params: list[tuple[str, str]]) -> str | None:
    return next((value for name, value in params if name in ("format", "output") and value), None)


def _wants_html(accept: str | None) -> bool:
    try:
        return choose((*RESULT_FORMATS, HTML), accept) is HTML
    except NotAcceptable:
        return False


def _formats(accept: str | None, named: str | None) -> tuple[str | None, str | None]:
    """The format for a SELECT/ASK answer and for a CONSTRUCT/DESCRIBE one (None: none fits)."""
    return _name(RESULT_FORMATS, accept, named), _name(GRAPH_FORMATS, accept, named)


def _name(offers: tuple[Format, ...], accept: str | None, named: str | None) -> str | None:
    try:
        return choose(offers, accept, named).name
    except NotAcceptable:
        return None


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...] | None:
    graphs = tuple(value for key, value in params if key == name)
    return graphs or None


def _respond(answer: Answer) -> Response:
    headers = {"Vary": "Accept"}
    if answer.truncated_at is not None:
        headers[CAPPED_HEADER] = str(answer.truncated_at)
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers={"Vary": "Accept"})


# --- pages ---------------------------------------------------------------------------------


class _Pages:
    def __init__(self, options: ServeOptions, templates: jinja2.Environment) -> None:
        self.options, self.templates = options, templates
        self.queries = ready_queries(options.queries)

    async def query_page(self, request: HttpRequest) -> Response:
        return self._html(
            "query.html",
            queries=self.queries,
            query=request.query_params.get("query", ""),
            endpoint=str(request.base_url).rstrip("/") + ENDPOINT,
            endpoint_path=ENDPOINT,
            base=iris.BASE,
            max_rows=self.options.max_rows,
            timeout=f"{self.options.timeout:g}",
        )

    async def resource(self, request: HttpRequest) -> Response:
        iri = iri_of(request.path_params["path"])
        try:
            fmt = choose((HTML, *GRAPH_FORMATS), request.headers.get("accept"), request.query_params.get("format"))
        except NotAcceptable as exc:
            return _text(406, str(exc))
        try:
            sparql = describe(iri)
        except ValueError:
            return self._missing(iri, fmt is HTML)
        answer = await request.app.state.pool.run(Request(sparql, graph_format="ntriples"))
        if answer.status != 200:
            return _respond(answer)
        triples = [quad.triple for quad in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]
        resource = Resource.of(iri, triples)
        if resource is None:
            return self._missing(iri, fmt is HTML)
        headers = {"Vary": "Accept"}
        if answer.truncated_at is not None:
            headers[CAPPED_HEADER] = str(answer.truncated_at)
        if fmt is not HTML:
            return Response(graph_bytes(triples, fmt), media_type=fmt.media_type, headers=headers)
        if resource.replaced_by and not resource.types and resource.replaced_by[0].href:
            # a retired IRI: its RDF says what replaced it; a reader is sent there
            return RedirectResponse(resource.replaced_by[0].href, status_code=301, headers=headers)
        alternates = [(f.name, f.media_type) for f in GRAPH_FORMATS]
        return self._html(
            "resource.html", headers=headers, r=resource, alternates=alternates, truncated=answer.truncated_at
        )

    def _missing(self, iri: str, html: bool) -> Response:
        message = f"The store says nothing about {iri}."
        if html:
            return self._html("message.html", status=404, title="Not found", message=message)
        return _text(404, message)

    def _html(self, name: str, status: int = 200, headers: dict[str, str] | None = None, **values: object) -> Response:
        page = self.templates.get_template(name).render(**values)
        return HTMLResponse(page, status_code=status, headers=headers or {"Vary": "Accept"})
