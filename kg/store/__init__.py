"""SPARQL over kg graphs: graph files loaded into an in-memory store (kg.store.query), and
persistent stores that grow article by article (kg.store.store). Both modules import
neither rdflib nor spaCy until they need them: ``kg query --store`` starts in a blink."""

from kg.store.query import QUERY_PREFIXES, QueryResult, format_result, load_store, run_query
from kg.store.store import StoreChange, load, load_articles, load_documents, open_store, push_store, query, remove

__all__ = [
    "QUERY_PREFIXES",
    "QueryResult",
    "StoreChange",
    "format_result",
    "load",
    "load_articles",
    "load_documents",
    "load_store",
    "open_store",
    "push_store",
    "query",
    "remove",
    "run_query",
]
