"""The one place that mints IRIs.

Every IRI is derived from a normalised key (never from a raw surface string), so the same
articles give the same IRIs whatever order they are read in. All instance IRIs share one
namespace: many small per-article namespaces make Turtle serialisation quadratic.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.model import Article, Entity, EntityKey, Event, EventKey, Evidence

# the namespaces IRIs are minted in, kept here too for the modules that mint or read them
from kg.rdf.prefixes import BASE as BASE
from kg.rdf.prefixes import KINDS as KINDS
from kg.rdf.prefixes import NAMESPACES as NAMESPACES
from kg.rdf.prefixes import WIKIDATA_ENTITY as WIKIDATA_ENTITY

_QID = re.compile(r"^Q[1-9]\d*$")


def digest(text: str, length: int = 16) -> str:
    """A short, stable hex digest of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def article_iri(article: Article | str) -> URIRef:
    article_id = article if isinstance(article, str) else article.id
    return URIRef(f"{BASE}article/{article_id}")


def entity_iri(entity: Entity | EntityKey) -> URIRef:
    """``…/person/vladimir-putin`` from the key ``Person:vladimir putin``."""
    key = entity if isinstance(entity, EntityKey) else entity.key
    slug = key.name.replace(" ", "-") or digest(str(key))
    return URIRef(f"{BASE}{key.type.value.lower()}/{slug}")


def event_iri(event: Event | EventKey) -> URIRef:
    key = event if isinstance(event, EventKey) else event.key
    return URIRef(f"{BASE}event/{digest(str(key))}")


def evidence_iri(evidence: Evidence) -> URIRef:
    return URIRef(f"{BASE}evidence/{evidence.article_id}-{evidence.start}-{evidence.end}")


def wikidata_iri(qid: str) -> URIRef:
    if not _QID.match(qid):
        raise ValueError(f"not a Wikidata item id: {qid!r}")
    return URIRef(WIKIDATA_ENTITY + qid)
