"""Content negotiation: the media types the server writes, and picking one from ``Accept``.

A query's answer is written in the format the client prefers among those its query form has
(``RESULT_FORMATS`` for SELECT and ASK, ``GRAPH_FORMATS`` for CONSTRUCT and DESCRIBE). The
``format`` (or ``output``) parameter, which SPARQLWrapper and many endpoints use, names one
by its short name and wins over ``Accept``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One format an answer can be written in."""

    name: str  # its short name: "json", "turtle"
    media_type: str  # what Content-Type says
    aliases: tuple[str, ...] = ()  # other media types that ask for it
    names: tuple[str, ...] = ()  # other short names the format parameter may give


#: SELECT and ASK answers, the preferred first (what */* gets).
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",), ("srj",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",)),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
#: CONSTRUCT and DESCRIBE answers, and the RDF of an entity's or event's IRI. (The format
#: parameter's json and xml, which SPARQLWrapper sends for any query, mean JSON-LD and
#: RDF/XML here.)
GRAPH_FORMATS = (
    # Turtle is N3 too: asked for N3 (SPARQLWrapper's N3), Turtle is what comes
    Format(
        "turtle",
        "text/turtle",
        ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3", "application/n3"),
        ("ttl", "n3"),
    ),
    Format("ntriples", "application/n-triples", ("text/plain",), ("nt", "n-triples")),
    Format("jsonld", "application/ld+json", ("application/x-json+ld", "application/json"), ("json-ld", "json")),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf", "rdf+xml", "xml")),
)
HTML = Format("html", "text/html", ("application/xhtml+xml",))


class NotAcceptable(Exception):
    """No offered format is acceptable; the message lists what is offered."""


def choose(offers: Sequence[Format], accept: str | None, name: str | None = None) -> Format:
    """The format of ``offers`` that ``name`` (the format parameter) names, else the one
    ``accept`` prefers most (the first offer breaks ties); NotAcceptable when none fits."""
    if name:
        wanted = name.strip().lower()
        for offer in offers:
            if wanted in (offer.name, *offer.names, offer.media_type, *offer.aliases):
                return offer
        raise NotAcceptable(f"format {name!r} is not offered here; use one of {_listed(offers)}")
    ranges = _ranges(accept or "*/*")
    best, best_q = None, 0.0
    for offer in offers:
        q = max(_quality(ranges, media_type) for media_type in (offer.media_type, *offer.aliases))
        if q > best_q:
            best, best_q = offer, q
    if best is None:
        raise NotAcceptable(f"none of the accepted types ({accept}) is offered here; use one of {_listed(offers)}")
    return best


def _listed(offers: Sequence[Format]) -> str:
    return ", ".join(f"{offer.media_type} ({offer.name})" for offer in offers)


def _ranges(accept: str) -> list[tuple[str, str, float]]:
    """``Accept`` as (type, subtype, q) triples; a malformed q counts as 0."""
    ranges = []
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        kind, _, sub = media_range.lower().partition("/")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if kind:
            ranges.append((kind, sub or "*", q))
    return ranges


def _quality(ranges: list[tuple[str, str, float]], media_type: str) -> float:
    """The q of the most specific range that matches ``media_type`` (0 when none does)."""
    kind, _, sub = media_type.partition("/")
    best_specificity, q = -1, 0.0
    for range_kind, range_sub, range_q in ranges:
        if range_kind == kind and range_sub == sub:
            specificity = 2
        elif range_kind == kind and range_sub == "*":
            specificity = 1
        elif range_kind == "*":
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, q = specificity, range_q
    return q
