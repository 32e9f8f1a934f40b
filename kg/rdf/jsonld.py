"""JSON-LD for web code: one stable shape, with kg's context.

The context (``kg/data/context.jsonld``, published at ``https://w3id.org/newskg/context.jsonld``)
names every class and property with a short term. Its event part is generated from the
event-type registry (``scripts/gen_context.py``; a test checks the shipped file is current),
so a registered type gets terms too. The shape is the same in every document:

- every role and every other property that may hold several values is always an array
  (``"participant": [...]``, ``"place": [...]``), a single-valued one never is;
- ``date`` is always a value object with its precision as its type:
  ``{"@value": "2025-09-03", "@type": "xsd:date"}``, ``"xsd:gYearMonth"``, ``"xsd:gYear"``;
- IRIs are written as they are (``https://w3id.org/newskg/id/person/vladimir-putin``) and
  nodes are sorted by ``@id``, values by their JSON text, so the same graph gives the same
  bytes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD

from kg.errors import GraphError
from kg.registry import EventType, event_types

#: Where the context is published (the w3id redirect points at the shipped file).
CONTEXT_URL = "https://w3id.org/newskg/context.jsonld"

_XSD = str(XSD)
_RDF_TYPE = str(RDF.type)
# JSON numbers that every JSON parser reads exactly (2^53); larger integers stay typed strings
_SAFE_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,14})$")

_PREFIXES = {
    "kg": "https://w3id.org/newskg/ontology#",
    "kgr": "https://w3id.org/newskg/id/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_SET, _ID = {"@container": "@set"}, {"@type": "@id"}
#: The terms that do not depend on the event types: entities, articles, evidence, attributes.
_FIXED: dict[str, Any] = {
    **{name: f"kg:{name}" for name in ("Article", "Person", "Country", "Organization", "Place", "Entity", "Event")},
    "Evidence": "kg:Evidence",
    "label": "rdfs:label",
    "altLabel": {"@id": "skos:altLabel", **_SET},
    "sameAs": {"@id": "owl:sameAs", **_ID},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", **_ID, **_SET},
    "linkConfidence": {"@id": "kg:linkConfidence", "@type": "xsd:decimal"},
    "headline": "schema:headline",
    "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
    "publisher": "schema:publisher",
    "url": {"@id": "schema:url", "@type": "xsd:anyURI"},
    "author": "schema:author",
    "involves": {"@id": "kg:involves", **_ID, **_SET},
    "claimedIn": {"@id": "kg:claimedIn", **_ID, **_SET},
    "evidence": {"@id": "kg:evidence", **_ID, **_SET},
    "date": "kg:date",  # never coerced: always {"@value", "@type"}, the type saying the precision
    "cameoCode": "kg:cameoCode",
    "trigger": "kg:trigger",
    "treaty": "kg:treaty",
    "quote": "kg:quote",
    "optional": "kg:optional",
    "sentence": "kg:sentence",
    "startOffset": "kg:startOffset",
    "endOffset": "kg:endOffset",
}


def context() -> dict[str, Any]:
    """kg's JSON-LD context for the registered event types, as a dict."""
    return _context(event_types())


@cache
def _context(types: tuple[EventType, ...]) -> dict[str, Any]:
    events = {t.name: f"kg:{t.name}" for t in types}
    roles = {r.term: {"@id": f"kg:{r.term}", **_ID, **_SET} for t in types for r in t.roles}
    return {**_PREFIXES, **_FIXED, **events, **dict(sorted(roles.items()))}


def context_document() -> str:
    """The text of ``kg/data/context.jsonld``: the context for the registered types."""
    return json.dumps({"@context": context()}, indent=2, ensure_ascii=False) + "\n"


@cache
def _terms(types: tuple[EventType, ...]) -> dict[str, tuple[str, str | None, bool]]:
    """Property IRI -> (term, type coercion, always an array) from the context."""

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return _PREFIXES[prefix] + local if prefix in _PREFIXES else value

    terms: dict[str, tuple[str, str | None, bool]] = {}
    for term, definition in _context(types).items():
        if term in _PREFIXES:
            continue
        if isinstance(definition, str):
            definition = {"@id": definition}
        coercion = definition.get("@type")
        coercion = coercion if coercion in (None, "@id") else expand(coercion)
        terms[expand(definition["@id"])] = (term, coercion, definition.get("@container") == "@set")
    return terms


def compact_iri(iri: str) -> str:
    """The context's term for ``iri``, else ``prefix:local``, else the IRI itself."""
    term = _terms(event_types()).get(iri)
    if term:
        return term[0]
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and not local.startswith("//"):  # "p://x" would read as an absolute IRI
                return f"{prefix}:{local}"
    return iri


def jsonld_document(triples: Iterable[ox.Triple]) -> dict[str, Any]:
    """Compact JSON-LD with kg's context: ``{"@context": …, "@graph": [nodes]}``, in the
    shape the module docstring describes, so reading it back gives exactly the same triples."""
    terms = _terms(event_types())
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    arrays: set[str] = set()
    for triple in triples:
        key, value, always_array = _entry(terms, triple.predicate.value, triple.object)
        nodes[_reference(triple.subject)][key].append(value)  # type: ignore[arg-type]  # kg writes no RDF-star
        if always_array:
            arrays.add(key)
    graph = [_node(node_id, properties, arrays) for node_id, properties in sorted(nodes.items())]
    return {"@context": context(), "@graph": graph}


def _node(node_id: str, properties: Mapping[str, list[Any]], arrays: set[str]) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": node_id}
    for key in sorted(properties, key=lambda k: (k != "@type", k)):
        values = properties[key]
        if len(values) > 1:
            values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        node[key] = values if len(values) > 1 or key in arrays else values[0]
    return node


def _reference(node: ox.NamedNode | ox.BlankNode) -> str:
    return node.value if isinstance(node, ox.NamedNode) else f"_:{node.value}"


def _entry(terms: Mapping[str, tuple[str, str | None, bool]], predicate: str, obj: Any) -> tuple[str, Any, bool]:
    """(key, JSON value, always an array) for one predicate-object pair."""
    if predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode):
        return "@type", compact_iri(obj.value), False
    if predicate == _RDF_TYPE and isinstance(obj, ox.BlankNode):
        return "@type", _reference(obj), False
    term, coercion, always_array = terms.get(predicate, (compact_iri(predicate), None, False))
    if not isinstance(obj, ox.Literal):
        reference = _reference(obj)
        return term, reference if coercion == "@id" else {"@id": reference}, always_array
    return term, _literal_value(obj, coercion), always_array


def _literal_value(literal: ox.Literal, coercion: str | None) -> Any:
    lexical, datatype = literal.value, literal.datatype.value
    if literal.language:
        return {"@value": lexical, "@language": literal.language}
    if datatype == coercion or (coercion is None and datatype == _XSD + "string"):
        return lexical
    if coercion is None and datatype == _XSD + "integer" and _SAFE_INTEGER.match(lexical):
        return int(lexical)
    if coercion is None and datatype == _XSD + "boolean" and lexical in ("true", "false"):
        return lexical == "true"
    return {"@value": lexical, "@type": compact_iri(datatype)}


def own_contexts(path: Path) -> bytes:
    """The JSON-LD file ``path`` with its contexts checked (``with_own_contexts``); GraphError
    if it cannot be read or is not JSON."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GraphError(f"{path}: cannot read the graph: {exc.strerror or exc}") from exc
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise GraphError(f"{path}: not JSON: {exc}") from exc
    return json.dumps(with_own_contexts(document, str(path)), ensure_ascii=False).encode("utf-8")


def with_own_contexts(document: Any, origin: str) -> Any:
    """``document`` (parsed JSON-LD) with every ``@context`` kg's own or inline, so that
    reading it never fetches anything: kg's context URL (``CONTEXT_URL``) is replaced by
    the shipped context; any other URL, relative reference or ``file:`` path, and any
    ``@import``, is refused with GraphError naming it (JSON-LD processors fetch them)."""
    if isinstance(document, list):
        return [with_own_contexts(item, origin) for item in document]
    if not isinstance(document, dict):
        return document
    own = {}
    for key, value in document.items():
        if key == "@context":
            own[key] = _own_context(value, origin)
        elif key == "@import":
            raise GraphError(f"{origin}: JSON-LD '@import' of {value!r} refused: kg fetches no contexts")
        else:
            own[key] = with_own_contexts(value, origin)
    return own


def _own_context(context: Any, origin: str) -> Any:
    if isinstance(context, list):
        return [_own_context(item, origin) for item in context]
    if context == CONTEXT_URL:
        return dict(context_of_kg())
    if isinstance(context, str):
        raise GraphError(
            f"{origin}: JSON-LD context {context!r} refused: kg fetches no contexts; use kg's own "
            f"({CONTEXT_URL}) or write the context inline"
        )
    return with_own_contexts(context, origin)  # inline: its scoped contexts are checked too


def context_of_kg() -> Mapping[str, Any]:
    """The context shipped as ``kg/data/context.jsonld``."""
    from importlib.resources import files

    return json.loads(files("kg.data").joinpath("context.jsonld").read_text(encoding="utf-8"))["@context"]
