"""SPARQL over kg graphs: load a graph file into an in-memory store, query it, render answers."""

from kg.store.query import QUERY_PREFIXES, QueryResult, format_result, load_store, run_query, uses_service

__all__ = ["QUERY_PREFIXES", "QueryResult", "format_result", "load_store", "run_query", "uses_service"]
