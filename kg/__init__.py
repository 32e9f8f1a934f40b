"""kg: news articles in, a validated RDF knowledge graph out.

The data flow, one stage a package or module:

    inputs ──ingest/──▶ Article ──nlp/──▶ Document (entities, events of one article)
           ──merging.py──▶ KnowledgeBase ──link/──▶ linked KnowledgeBase
           ──rdf/mapping──▶ quads ──validation.py──▶ validated quads (and their union graph)
           ──rdf/serialize──▶ .ttl .jsonld .nt .nq .trig      store/ ──▶ SPARQL answers

    >>> import kg
    >>> result = kg.build(["seeds"])                  # doctest: +SKIP
    >>> kg.write(result.quads, "graph.ttl")           # doctest: +SKIP
    >>> result.graph.query("SELECT ...")              # doctest: +SKIP  (rdflib, the union)

Names are imported on first use, so ``import kg`` (and ``kg --help``) loads neither spaCy
nor rdflib.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    "build": "kg.pipeline",
    "build_articles": "kg.pipeline",
    "BuildResult": "kg.pipeline",
    "BuildOptions": "kg.options",
    "read_inputs": "kg.ingest",
    "extract": "kg.nlp",
    "merge": "kg.merging",
    "link_entities": "kg.link",
    "to_dataset": "kg.rdf.mapping",
    "write": "kg.rdf.serialize",
    "validate": "kg.validation",
    "load_graph": "kg.validation",
    "load_store": "kg.store",
    "run_query": "kg.store",
    "evaluate": "kg.eval",
    "Article": "kg.model",
    "Mention": "kg.model",
    "Evidence": "kg.model",
    "Entity": "kg.model",
    "Event": "kg.model",
    "Document": "kg.model",
    "KnowledgeBase": "kg.model",
    "EntityType": "kg.model",
    "EntityKey": "kg.model",
    "EventKey": "kg.model",
    "EventType": "kg.registry",
    "Role": "kg.registry",
    "register": "kg.registry",
    "event_types": "kg.registry",
    "TimeValue": "kg.model",
    "KgError": "kg.errors",
    "InputError": "kg.errors",
    "ModelError": "kg.errors",
    "GraphError": "kg.errors",
    "QueryError": "kg.errors",
    "ValidationError": "kg.errors",
    "LinkError": "kg.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
