"""A query's answer as the bytes of one format; runs in a query worker (kg.serve.workers).

SELECT and ASK answers are written as SPARQL 1.1 results JSON (kg.store.query's document),
and the XML, CSV and TSV forms are pyoxigraph's own writers over that JSON, so the four
always say the same. CONSTRUCT and DESCRIBE answers are Turtle (with kg's prefixes), N-Triples, RDF/XML
(pyoxigraph) or JSON-LD in kg's stable shape (kg.rdf.jsonld).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from kg.rdf.jsonld import jsonld_document
from kg.rdf.mapping import PREFIXES
from kg.serve.negotiation import GRAPH_FORMATS, RESULT_FORMATS, Format
from kg.store.query import QueryResult, results_document

_RESULT_WRITERS = {
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_WRITERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_BY_NAME = {f.name: f for f in RESULT_FORMATS} | {f.name: f for f in GRAPH_FORMATS}


@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back: a status, a body and its media type."""

    status: int
    body: bytes
    media_type: str = "text/plain"
    #: the row cap that cut the answer short, when it did
    truncated_at: int | None = None

    @staticmethod
    def error(status: int, message: str) -> Answer:
        return Answer(status, (message.rstrip("\n") + "\n").encode("utf-8"))


def render(result: QueryResult, result_format: str | None, graph_format: str | None, limit: int) -> Answer:
    """``result`` in the format chosen for its query form (None: no acceptable one, 406)."""
    chosen = graph_format if result.kind == "graph" else result_format
    if chosen is None:
        offers = GRAPH_FORMATS if result.kind == "graph" else RESULT_FORMATS
        kind = "CONSTRUCT and DESCRIBE" if result.kind == "graph" else "SELECT and ASK"
        listed = ", ".join(f.media_type for f in offers)
        return Answer.error(406, f"no acceptable format for a {kind} answer; this endpoint writes {listed}")
    fmt = _BY_NAME[chosen]
    body = graph_bytes(result.triples, fmt) if result.kind == "graph" else _result_bytes(result, fmt)
    return Answer(200, body, fmt.media_type, limit if result.truncated else None)


def _result_bytes(result: QueryResult, fmt: Format) -> bytes:
    # compact: json's C encoder writes it several times faster than an indented document
    text = json.dumps(results_document(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt.name == "json":
        return text
    parsed = ox.parse_query_results(text, ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULT_WRITERS[fmt.name]) or b""


def graph_bytes(triples: tuple[ox.Triple, ...] | list[ox.Triple], fmt: Format) -> bytes:
    """``triples`` as ``fmt`` (one of GRAPH_FORMATS), sorted so the same graph gives the same bytes."""
    ordered = sorted(set(triples), key=str)
    if fmt.name == "jsonld":
        return json.dumps(jsonld_document(ordered), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    prefixes = dict(PREFIXES) if fmt.name in ("turtle", "rdfxml") else None
    return ox.serialize(ordered, format=_GRAPH_WRITERS[fmt.name], prefixes=prefixes) or b""
