"""SPARQL over a graph file: load it into an in-memory pyoxigraph store, query, render.

The store's default graph is the union of all graphs (every article's named graph and the
Wikidata links), each triple once, so queries need no ``GRAPH`` clause and count each fact
once; ``GRAPH ?article { … }`` still reaches one article's graph (N-Quads and TriG input).
Queries may use the prefixes in ``QUERY_PREFIXES`` without declaring them; a query's own
``PREFIX`` lines win.

Rendering (``format_result``):

=========  ============================  ====================  =====================
format     SELECT                        ASK                   CONSTRUCT / DESCRIBE
=========  ============================  ====================  =====================
table      aligned columns, prefixed     ``true`` / ``false``  Turtle with prefixes
           names, plain literals
csv        SPARQL 1.1 CSV                ``boolean`` column    N-Triples
json       SPARQL 1.1 results JSON       SPARQL results JSON   compact JSON-LD (kg's
                                                               context)
=========  ============================  ====================  =====================
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from kg.errors import GraphError, QueryError
from kg.rdf.prefixes import DCTERMS, PREFIXES, RDF, WIKIDATA_ENTITY, XSD

#: Prefixes every query may use without declaring them.
QUERY_PREFIXES: Mapping[str, str] = {
    **PREFIXES,
    "rdf": RDF,
    "wd": WIKIDATA_ENTITY,
    "dcterms": DCTERMS,  # a store's retired IRIs: dcterms:isReplacedBy (kg.store.store)
}

_QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE"})
# The first keyword of a query once prefix declarations are skipped.
# (IRIs and comments are blanked out of the text it is matched against.)
_FIRST_WORD = re.compile(r"^(?:\s*(?:PREFIX\s+[^\s:]*:|BASE\b))*\s*([A-Za-z]+)", re.I)
_LONGEST_FIRST = sorted(QUERY_PREFIXES.items(), key=lambda item: -len(item[1]))

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_XSD_STRING = XSD + "string"
_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
# One alternative in pyoxigraph's "expected one of A, B, [...]" list.
_ALTERNATIVE = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\s][^,]*')
# Strings, IRIs and comments, blanked out before looking for prefixed names.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
_SERVICE = re.compile(r"(?<![\w?$:-])SERVICE(?![\w:-])", re.IGNORECASE)
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_PREFIXED_NAME = re.compile(r"(?<![\w?$.:-])([A-Za-z][\w.-]*)?:")
# kgr:person/kim-jong-un: as shown in tables, but '/' must be escaped in a prefixed name.
# (A path such as kg:participant/rdfs:label is fine: a prefixed name follows its '/'.)
_SLASHED_NAME = re.compile(r"(?<![\w?$.:-])(?:[A-Za-z][\w.-]*)?:[\w.-]*/[\w./-]+(?![\w./-]*:)")


@dataclass(frozen=True)
class QueryResult:
    """A query's answer: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool = False
    triples: tuple[ox.Triple, ...] = ()
    #: more rows (or triples) were found than the ``limit`` run_query was given
    truncated: bool = False


def load_store(path: str | Path) -> ox.Store:
    """An in-memory store holding the graph file ``path`` (.ttl .jsonld .nt .nq .trig), in
    kg's layout whatever the file's graphs (``arrange``)."""
    from kg.rdf.serialize import graph_file_format

    path = Path(path)
    graph_file_format(path)
    store = ox.Store()
    fmt = ox.RdfFormat.from_extension(path.suffix[1:].lower())
    try:
        if fmt == ox.RdfFormat.JSON_LD:  # its contexts made kg's own or inline: none is fetched
            from kg.rdf.jsonld import own_contexts

            store.bulk_load(own_contexts(path), format=fmt, base_iri=path.resolve().as_uri())
        else:
            store.bulk_load(path=path, format=fmt)
    except SyntaxError as exc:
        raise GraphError(f"{path}: {_parse_error(exc)}") from exc
    except OSError as exc:
        raise GraphError(f"{path}: cannot read the graph: {exc.strerror or exc}") from exc
    arrange(store)
    return store


#: kg's layout (kg.rdf.mapping) made from any arrangement of its triples: all of them into
#: the default graph, each once; then each evidence node, and the kg:evidence link to it,
#: into the named graph of the article it is derived from.
_ARRANGE = """
INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } ;
CLEAR NAMED ;
DELETE { ?e ?p ?o } INSERT { GRAPH ?article { ?e ?p ?o } }
WHERE { ?e a kg:Evidence ; prov:wasDerivedFrom ?article ; ?p ?o } ;
DELETE { ?x kg:evidence ?e } INSERT { GRAPH ?article { ?x kg:evidence ?e } }
WHERE { ?x kg:evidence ?e . GRAPH ?article { ?e a kg:Evidence } }
"""


def arrange(store: ox.Store) -> None:
    """Put ``store``'s triples in kg's layout, so that a Turtle, JSON-LD or N-Triples file
    (one graph), or a TriG or N-Quads file of any arrangement, is queried as kg writes it."""
    prefixes = "".join(f"PREFIX {name}: <{QUERY_PREFIXES[name]}>\n" for name in ("kg", "prov"))
    store.update(prefixes + _ARRANGE)


def _parse_error(exc: SyntaxError) -> str:
    """``line 3, column 9: Unexpected end of file`` from pyoxigraph's parse error."""
    detail = re.sub(r"^Parser error (at|between) line .*? columns? \d+( and \d+)?: ", "", str(exc), count=1)
    detail = re.sub(r" \([^()]*, line \d+\)$", "", detail)  # the file and line, said already
    if exc.lineno:
        return f"line {exc.lineno}, column {exc.offset}: {detail}"
    return detail


def run_query(
    store: ox.Store,
    sparql: str,
    limit: int | None = None,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> QueryResult:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query on ``store``'s default graph.

    ``limit`` caps the rows (or triples) read from the answer, which is read lazily, so a
    capped query over a large store stops early; ``truncated`` says whether more were left.
    ``default_graph`` and ``named_graphs`` (graph IRIs) give the query another dataset, as
    the SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri`` do.
    """
    dataset = _dataset(default_graph, named_graphs)
    try:
        answer = store.query(sparql, prefixes=dict(QUERY_PREFIXES), **dataset)
        return _materialise(answer, limit)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(sparql, str(exc))) from exc
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def _dataset(default_graph: Sequence[str] | None, named_graphs: Sequence[str] | None) -> dict[str, Any]:
    """pyoxigraph's keyword arguments for a dataset given by graph IRIs."""
    dataset: dict[str, Any] = {}
    try:
        if default_graph is not None:
            dataset["default_graph"] = [ox.NamedNode(iri) for iri in default_graph]
        if named_graphs is not None:
            dataset["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    except ValueError as exc:
        raise QueryError(f"not a graph IRI: {exc}") from exc
    return dataset


def _materialise(answer: Any, limit: int | None) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    # one more than the limit is read, to know whether there were more
    read = list(answer if limit is None else itertools.islice(answer, limit + 1))
    truncated = limit is not None and len(read) > limit
    kept = read[:limit] if truncated else read
    if isinstance(answer, ox.QueryTriples):
        return QueryResult("graph", triples=tuple(kept), truncated=truncated)
    variables = tuple(variable.value for variable in answer.variables)
    rows = tuple(tuple(solution[name] for name in variables) for solution in kept)
    return QueryResult("select", variables=variables, rows=rows, truncated=truncated)


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` has a ``SERVICE`` clause, which makes Oxigraph call another endpoint
    over the network (strings, IRIs and comments are not looked in)."""
    return _SERVICE.search(_OPAQUE.sub(" ", sparql)) is not None


def _syntax_message(sparql: str, error: str) -> str:
    """One line: ``SPARQL syntax error at line 2, column 7: unknown prefix 'zz:' …``.

    pyoxigraph reports an undeclared prefix, or a '/' in a prefixed name, as a long list of
    expected characters or as a misleading error further on, so both are looked for first.
    """
    masked = _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), sparql)
    undeclared = _undeclared_prefix(masked)
    if undeclared:
        prefix, start = undeclared
        known = ", ".join(sorted(QUERY_PREFIXES))
        return (
            f"SPARQL syntax error at {_where(masked, start)}: unknown prefix '{prefix}:'; "
            f"declare it with PREFIX {prefix}: <...> (predefined: {known})"
        )
    slashed = _SLASHED_NAME.search(masked)
    if slashed:
        name = slashed.group()
        return (
            f"SPARQL syntax error at {_where(masked, slashed.start())}: '/' is not allowed in the "
            f"prefixed name {name}; write {name.replace('/', chr(92) + '/')} or the full <IRI>"
        )
    first = _FIRST_WORD.search(masked)
    if first and first.group(1).upper() not in _QUERY_FORMS:
        return (
            f"SPARQL syntax error at {_where(masked, first.start(1))}: a query starts with SELECT, "
            f"ASK, CONSTRUCT or DESCRIBE (after PREFIX/BASE lines), not {first.group(1)!r}; "
            "updates are not supported"
        )
    match = _POSITION.match(error)
    if not match:
        return f"SPARQL syntax error: {' '.join(error.split())}"
    line, column, detail = match.groups()
    return f"SPARQL syntax error at line {line}, column {column}: {_tidy(detail)}"


def _tidy(detail: str) -> str:
    """One line, without the character classes ([...]) that pyoxigraph lists as expected."""
    head, listed, alternatives = " ".join(detail.split()).partition("expected one of ")
    if not listed:
        return head
    readable = [item for item in _ALTERNATIVE.findall(alternatives) if not item.startswith("[")]
    return f"{head}expected one of {', '.join(readable)}" if readable else f"{head}unexpected input"


def _undeclared_prefix(masked: str) -> tuple[str, int] | None:
    """The first prefix used but neither declared nor predefined, and where it is."""
    declared = {name or "" for name in _DECLARED.findall(masked)} | set(QUERY_PREFIXES)
    for match in _PREFIXED_NAME.finditer(masked):
        prefix = match.group(1) or ""
        if prefix not in declared:
            return prefix, match.start()
    return None


def _where(text: str, offset: int) -> str:
    """``line 2, column 7`` (both from 1) for a character offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


# --- rendering -----------------------------------------------------------------------------


def format_result(result: QueryResult, fmt: str) -> str:
    """``result`` as ``table``, ``csv`` or ``json`` text (see the module docstring)."""
    renderers = {"table": _table, "csv": _csv, "json": _json}
    if fmt not in renderers:
        raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(renderers)}")
    return renderers[fmt](result)


def _table(result: QueryResult) -> str:
    if result.kind == "ask":
        return f"{str(result.boolean).lower()}\n"
    if result.kind == "graph":
        return _triples(result.triples, ox.RdfFormat.TURTLE, dict(PREFIXES))
    cells = [[_short(term) for term in row] for row in result.rows]
    header = list(result.variables)
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(header)]
    lines = [header, ["-" * width for width in widths], *cells]
    text = "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines)
    count = len(result.rows)
    return f"{text}\n({count} row{'' if count == 1 else 's'})\n"


def _short(term: Term | None) -> str:
    """A cell: prefixed name for a known namespace, a literal's text, nothing when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _LONGEST_FIRST:  # "event:…", not "kgr:event/…"
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value.replace("\r", "\\r").replace("\n", "\\n")  # one row, one line
    return str(term)


def _csv(result: QueryResult) -> str:
    if result.kind == "graph":
        return _triples(result.triples, ox.RdfFormat.N_TRIPLES, None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # CRLF, as SPARQL 1.1 CSV says
    if result.kind == "ask":
        writer.writerows([["boolean"], [str(result.boolean).lower()]])
        return buffer.getvalue()
    writer.writerow(result.variables)
    writer.writerows([[_csv_cell(term) for term in row] for row in result.rows])
    return buffer.getvalue()


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def _json(result: QueryResult) -> str:
    if result.kind == "graph":
        from kg.rdf.jsonld import jsonld_document  # rdflib: only for CONSTRUCT as JSON-LD

        return json.dumps(jsonld_document(result.triples), ensure_ascii=False, indent=2) + "\n"
    if result.kind == "ask":
        return json.dumps(results_document(result)) + "\n"
    return json.dumps(results_document(result), ensure_ascii=False, indent=2) + "\n"


def results_document(result: QueryResult) -> dict[str, Any]:
    """A SELECT or ASK answer as a SPARQL 1.1 Query Results JSON document (as data)."""
    if result.kind == "ask":
        return {"head": {}, "boolean": result.boolean}
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def _json_term(term: Term) -> dict[str, Any]:
    """One RDF term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    # an RDF 1.2 quoted triple
    parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
    return {"type": "triple", "value": {key: _json_term(part) for key, part in parts.items()}}


def _triples(triples: Sequence[ox.Triple], fmt: ox.RdfFormat, prefixes: dict[str, str] | None) -> str:
    ordered = sorted(set(triples), key=str)
    return (ox.serialize(ordered, format=fmt, prefixes=prefixes) or b"").decode("utf-8")
