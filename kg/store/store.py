"""A persistent store: a folder that grows article by article and answers SPARQL at once.

    DIR/
      oxigraph/   the graph, in kg's layout (kg.rdf.mapping), in an Oxigraph (RocksDB) store
      kg.sqlite   the store's memory (kg.store.documents): each article's Document, and
                  every entity and event IRI ever published with the keys it stood for

The public functions, each opening and closing the store:

    open_store(DIR, read_only=True) -> pyoxigraph.Store   the graph, for SPARQL (kg serve)
    graph_folder(DIR) -> Path                             the Oxigraph folder inside DIR
    load(DIR, INPUTS, options)    -> StoreChange          read, extract and merge articles in
    load_articles(DIR, articles, options) -> StoreChange  the same, from articles read
    load_documents(DIR, docs, options) -> StoreChange     the same, from documents
    remove(DIR, ARTICLES, options) -> StoreChange         take articles out
    query(DIR, SPARQL)            -> QueryResult          one query, read-only

What a load does. The graph is always what ``kg build`` makes of every document the store
holds: a load extracts only the new articles, then merges all documents again by the
one-shot build's rules (kg.pipeline.build_documents: merge, link, map, validate, prune) and
changes the stored graph to exactly that — removing the quads that are no longer there,
adding the new ones, in one transaction. So loading A then B gives the graph (and the
answers) of building A and B together, in any order; loading an article again replaces its
contribution; removing one takes out everything only it supported. The documents are
written before the graph: if a load is interrupted, the next load (or remove) brings the
graph back in line with the documents.

IRIs never break. A merge may name a node differently once more articles are in (an event
keeps the smallest key of the reports it merges; an entity its most complete name). An IRI
the store once published that no longer names a node gets, in the default graph,
``<old> dcterms:isReplacedBy <kept>``: the node that now holds the reports the old IRI
stood for. ``dcterms:isReplacedBy`` rather than ``owl:sameAs``: the old IRI carries no facts
of its own, and ``owl:sameAs`` already links entities to Wikidata, so queries over it would
pick up the retired IRIs. An IRI whose reports were all removed (``kg remove``) is gone.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pyoxigraph as ox

from kg.errors import GraphError, InputError
from kg.options import BuildOptions
from kg.rdf.prefixes import DCTERMS, NAMESPACES, RDF

# Only what open_store and query need is imported here: `kg query --store` must start fast.
if TYPE_CHECKING:
    import requests

    from kg.model import Article, Document, KnowledgeBase
    from kg.pipeline import BuildResult
    from kg.rdf.mapping import Quad
    from kg.store.documents import Memory
    from kg.store.query import QueryResult

GRAPH_FOLDER = "oxigraph"
MEMORY_FILE = "kg.sqlite"


@dataclass(frozen=True)
class StoreChange:
    """What a load or remove did: the build of everything the store now holds, and the
    difference it made to the stored graph."""

    result: BuildResult  # the build over every document in the store
    loaded: tuple[str, ...]  # ids of the articles loaded (or loaded again)
    removed_articles: tuple[str, ...]  # ids of the articles taken out
    added: int  # quads added to the stored graph
    deleted: int  # quads deleted from it
    retired: int  # IRIs that now point to the node that replaced them
    failures: tuple[InputError, ...] = ()  # inputs that could not be read


def graph_folder(path: str | Path) -> Path:
    """The Oxigraph folder inside the store folder ``path``."""
    return Path(path) / GRAPH_FOLDER


def open_store(path: str | Path, read_only: bool = True) -> ox.Store:
    """The graph of the store ``path`` as a pyoxigraph Store; GraphError when ``path`` is no
    store. Read-only opens can be many at once (kg query, kg serve's workers)."""
    path = Path(path)
    if not (path / MEMORY_FILE).is_file() or not graph_folder(path).is_dir():
        raise GraphError(f"{path}: no such store (make one with: kg load INPUT... --store {path})")
    try:
        if read_only:
            return ox.Store.read_only(str(graph_folder(path)))
        return ox.Store(str(graph_folder(path)))
    except OSError as exc:
        raise GraphError(f"{path}: the store cannot be opened: {exc}") from exc


def query(path: str | Path, sparql: str) -> QueryResult:
    """Run one SPARQL query on the store ``path``, read-only (kg.store.query.run_query)."""
    from kg.store.query import run_query

    return run_query(open_store(path), sparql)


def load(
    path: str | Path,
    inputs: Sequence[str],
    options: BuildOptions = BuildOptions(),
    stdin: TextIO | None = None,
    session: requests.Session | None = None,
) -> StoreChange:
    """Read and extract ``inputs`` (as ``kg build`` does) and merge them into the store
    ``path``, made if missing. Unreadable inputs are in ``failures``; the rest is loaded."""
    from kg.pipeline import read

    articles, failures = read(inputs, options, stdin=stdin, session=session)
    change = load_articles(path, articles, options, session=session)
    return replace(change, failures=(*failures, *change.failures))


def load_articles(
    path: str | Path,
    articles: Sequence[Article],
    options: BuildOptions = BuildOptions(),
    session: requests.Session | None = None,
) -> StoreChange:
    """Extract ``articles`` and merge them into the store ``path``, made if missing; the
    articles that could not be extracted are in ``failures``."""
    from kg.pipeline import extract_all

    documents, failed, _ = extract_all(articles, options)
    change = load_documents(path, documents, options, session=session)
    return replace(change, failures=tuple(failed))


def load_documents(
    path: str | Path,
    documents: Iterable[Document],
    options: BuildOptions = BuildOptions(),
    session: requests.Session | None = None,
) -> StoreChange:
    """Merge already extracted documents into the store ``path`` (made if missing); a
    document of an article the store holds replaces it."""
    documents = list(documents)
    return _change(Path(path), documents, (), options, session, create=True)


def remove(
    path: str | Path,
    articles: Sequence[str],
    options: BuildOptions = BuildOptions(),
    session: requests.Session | None = None,
) -> StoreChange:
    """Take articles out of the store ``path``: each given by its id, its IRI, or the file
    or URL it was loaded from. InputError names one the store does not hold."""
    path = Path(path)
    memory = _memory(path, create=False)
    try:
        held = memory.article_ids()
    finally:
        memory.close()
    ids = [_article_id(article, held, options) for article in articles]
    return _change(path, [], ids, options, session, create=False)


def _article_id(article: str, held: set[str], options: BuildOptions) -> str:
    """The id of the stored article ``article`` names: an id, an article IRI, or an input."""
    name = article.removeprefix(NAMESPACES["article"])
    if name in held:
        return name
    if os.path.exists(article) or article.startswith(("http://", "https://")):
        from kg.pipeline import read

        read_articles, failures = read([article], options)
        if failures:
            raise failures[0]
        for found in read_articles:
            if found.id in held:
                return found.id
        raise InputError(article, f"not in the store (its article id is {read_articles[0].id})")
    raise InputError(article, "not in the store: give an article id, its IRI, or the file or URL it was loaded from")


def _memory(path: Path, create: bool) -> Memory:
    from kg.store.documents import Memory

    if not (path / MEMORY_FILE).is_file():
        if not create:
            raise GraphError(f"{path}: no such store (make one with: kg load INPUT... --store {path})")
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise GraphError(f"{path}: not a kg store, and not an empty folder; give a new folder for the store")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GraphError(f"{path}: cannot make the store: {exc.strerror or exc}") from exc
    return Memory(path / MEMORY_FILE)


def _change(
    path: Path,
    put: Sequence[Document],
    drop: Sequence[str],
    options: BuildOptions,
    session: requests.Session | None,
    create: bool,
) -> StoreChange:
    """Put and drop documents, build everything the store then holds, bring the graph in line."""
    from kg.pipeline import build_documents

    memory = _memory(path, create)
    try:
        new = {doc.article.id: doc for doc in put}
        dropped = set(drop)
        kept = [doc for doc in memory.documents() if doc.article.id not in new and doc.article.id not in dropped]
        result = build_documents([*kept, *new.values()], options, session=session)
        memory.replace(new.values(), dropped)  # before the graph: a rerun repairs a crash after
        nodes = _nodes(result.kb, result.quads)
        links = _replacements(memory.published(), nodes)
        added, deleted = _sync(path, [*result.quads, *links])
        memory.publish(nodes)
    finally:
        memory.close()
    return StoreChange(result, tuple(sorted(new)), tuple(sorted(dropped)), added, deleted, len(links))


def _nodes(kb: KnowledgeBase, quads: Sequence[Quad]) -> dict[str, set[str]]:
    """Each entity and event IRI of the graph, with every per-article key it stands for."""
    from kg.model import EntityKey
    from kg.rdf import iris

    rdf_type = RDF + "type"
    typed = {str(s) for s, p, _, g in quads if g is None and str(p) == rdf_type}
    members: dict[str, set[str]] = defaultdict(set)
    for entity in kb.entities:
        members[str(iris.entity_iri(entity))].add(str(entity.key))
    for event in kb.events:
        members[str(iris.event_iri(event))].add(str(event.key))
    for old, new in kb.merged_keys:
        node = iris.entity_iri(new) if isinstance(new, EntityKey) else iris.event_iri(new)
        members[str(node)].add(str(old))
    return {node: keys for node, keys in members.items() if node in typed}  # pruned nodes are none


def _replacements(published: Mapping[str, set[str]], nodes: Mapping[str, set[str]]) -> list[Quad]:
    """``<old> dcterms:isReplacedBy <kept>`` for every published IRI that names no node now:
    the node holding the key it was minted from, else the first node holding any of its keys."""
    from rdflib import URIRef

    replaced_by = URIRef(DCTERMS + "isReplacedBy")
    owner = {key: node for node, keys in nodes.items() for key in keys}
    links: list[Quad] = []
    for old, keys in sorted(published.items()):
        if old in nodes:
            continue
        minted = [key for key in keys if key in owner and _iri_of(key, old) == old]
        candidates = sorted({owner[key] for key in minted} or {owner[key] for key in keys if key in owner})
        if candidates:
            links.append((URIRef(old), replaced_by, URIRef(candidates[0]), None))
    return links


def _iri_of(key: str, like: str) -> str:
    """The IRI ``key`` mints (an event key when ``like`` is an event IRI)."""
    from kg.model import EntityKey, EventKey
    from kg.rdf import iris

    if like.startswith(NAMESPACES["event"]):
        kind, article, offset = key.rsplit(":", 2)
        return str(iris.event_iri(EventKey(kind, article, int(offset))))
    return str(iris.entity_iri(EntityKey.parse(key)))


def _sync(path: Path, quads: Sequence[Quad]) -> tuple[int, int]:
    """Make the stored graph hold exactly ``quads``: (quads added, quads deleted)."""
    from kg.rdf.serialize import canonical_nquads

    wanted = set(ox.parse(canonical_nquads(quads, named_graphs=True), format=ox.RdfFormat.N_QUADS))
    folder = graph_folder(path)
    try:
        store = ox.Store(str(folder))
    except OSError as exc:
        raise GraphError(
            f"{path}: the store cannot be opened for writing (is another kg load running?): {exc}"
        ) from exc
    try:
        have = set(store.quads_for_pattern(None, None, None, None))
        add, delete = wanted - have, have - wanted
        if not have:
            store.bulk_extend(sorted(add, key=str))  # a new store: the fast loader
        elif add or delete:
            emptied = {q.graph_name for q in have if isinstance(q.graph_name, ox.NamedNode)}
            emptied -= {q.graph_name for q in wanted}  # the graph of an article taken out
            store.update(_update_text(delete, add, emptied))  # one transaction: all of it or nothing
        store.flush()
    except (OSError, RuntimeError, SyntaxError) as exc:
        raise GraphError(f"{path}: the store could not be updated: {exc}") from exc
    finally:
        del store  # closes it: the next open (kg query, kg serve) sees every change
    return len(add), len(delete)


def _update_text(delete: Iterable[ox.Quad], add: Iterable[ox.Quad], emptied: Iterable[object]) -> str:
    """``DELETE DATA {…} ; INSERT DATA {…}`` for the quads (N-Triples terms are SPARQL
    terms), then a DROP of each named graph left empty, so that it is no longer listed."""
    drops = "".join(f" ;\nDROP SILENT GRAPH {graph}" for graph in sorted(map(str, emptied)))
    return f"DELETE DATA {{ {_data(delete)} }} ;\nINSERT DATA {{ {_data(add)} }}{drops}"


def _data(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        graph = quad.graph_name
        name = "" if isinstance(graph, ox.DefaultGraph) else str(graph)
        by_graph[name].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    parts = ["\n".join(by_graph.pop("", []))]
    parts += [f"GRAPH {name} {{\n" + "\n".join(lines) + "\n}" for name, lines in sorted(by_graph.items())]
    return "\n".join(parts)
