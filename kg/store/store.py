"""A persistent store: a folder that grows article by article and answers SPARQL at once.

    DIR/
      oxigraph/   the graph, in kg's layout (kg.rdf.mapping), in an Oxigraph (RocksDB) store
      kg.sqlite   the store's memory (kg.store.documents): each article's Document (and its
                  stub and tokens), the digests the graph was made of, the nodes validation
                  left out, every entity and event IRI ever published with the keys it
                  stood for, and the graphs pushed to each endpoint

The public functions, each opening and closing the store:

    open_store(DIR, read_only=True) -> pyoxigraph.Store   the graph, for SPARQL (kg serve)
    graph_folder(DIR) -> Path                             the Oxigraph folder inside DIR
    load(DIR, INPUTS, options)    -> StoreChange          read, extract and merge articles in
    load_articles(DIR, articles, options) -> StoreChange  the same, from articles read
    load_documents(DIR, docs, options) -> StoreChange     the same, from documents
    remove(DIR, ARTICLES, options) -> StoreChange         take articles out
    query(DIR, SPARQL)            -> QueryResult          one query, read-only
    push_store(DIR, URL)          -> PushReport           the graphs to an endpoint (kg.store.push)

What a load does. The graph is always what ``kg build`` makes of every document the store
holds, but a load costs what it changes, not what the store holds:

1. The new documents go into the store's memory (``kg.store.documents``), streamed, before
   anything else, with their *tokens*: each entity's type and every form of its names the
   merge may join it by. Until the graph holds the change, its tokens are kept as pending:
   if a load is interrupted, the next load (or remove) makes its change too.
2. The merge is global (its clustering and its name choices look at every article), but it
   only ever joins entities that share a token, and events that share a merged entity. So
   only the articles linked to the loaded or removed ones by a chain of shared tokens (the
   *part* of the store the change touches, found through an index in ``kg.sqlite``) are
   merged again, by the one-shot build's rules (``kg.merging``), over their stubs: no text,
   no evidence sentences (``kg.stream.stub``). The rest of the store merges as before. In
   an archive where every article names the United States the part is most of the store,
   and a load merges all of it again (3,924 articles: about 30 s on a loaded machine); in
   bench/store.py's replicated worlds it is one world (about a second a load).
3. A digest of each merged node's content — an entity's names, sources and link; an event's
   class, roles, attributes, claims, label, sources and evidence offsets; an article's
   document and the IRIs of the events it gives evidence of — is compared with the digest
   the graph was last made of (kept in ``kg.sqlite`` with one article supporting the node).
   Nodes of the part whose digest differs, new nodes and gone ones are the change.
4. Validation judges the changed nodes, a batch of articles at a time, with the one-step
   neighbours the shapes look at (``kg.stream.validate_batches``: one supporting article per
   node is enough); every other node keeps its verdict (the nodes left out are kept in
   ``kg.sqlite``). A node whose verdict flips has the nodes pointing to it judged in turn, as
   pruning the union does.
5. The stored graph changes only for those subjects of the default graph, those articles'
   named graphs (the articles loaded or removed, those judged, those evidencing an event
   that was renamed or whose verdict flipped) and the links of the retired IRIs that stood
   for a key of the part: their quads are read, compared with the new ones, and the
   difference deleted and inserted in one transaction. A new store is filled with
   Oxigraph's bulk loader instead, from an N-Quads file written first.
6. Only then are the digests, the nodes left out and the published IRIs written, and the
   pending tokens cleared.

So loading A then B gives the graph (and the answers) of building A and B together, in any
order; loading an article again replaces its contribution; removing one takes out
everything only it supported (tests/test_store.py checks each against ``kg build``). With
``--strict``, a load whose judged nodes violate the shapes changes nothing: its documents
are taken back out of the memory. ``--link wikidata`` links the entities of the part.

IRIs never break. A merge may name a node differently once more articles are in (an event
keeps the smallest key of the reports it merges; an entity its most complete name). An IRI
the store once published that no longer names a node gets, in the default graph,
``<old> dcterms:isReplacedBy <kept>``: the node that now holds the reports the old IRI
stood for. ``dcterms:isReplacedBy`` rather than ``owl:sameAs``: the old IRI carries no facts
of its own, and ``owl:sameAs`` already links entities to Wikidata, so queries over it would
pick up the retired IRIs. An IRI whose reports were all removed (``kg remove``) is gone.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pyoxigraph as ox

from kg.errors import GraphError, InputError
from kg.options import BuildOptions
from kg.rdf.prefixes import DCTERMS, NAMESPACES

# Only what open_store and query need is imported here: `kg query --store` must start fast.
if TYPE_CHECKING:
    import requests
    from rdflib import URIRef
    from rdflib.term import Node

    from kg.link import LinkReport
    from kg.model import Article, Document, KnowledgeBase
    from kg.rdf.mapping import Quad, Triple
    from kg.store.documents import Memory
    from kg.store.push import PushReport
    from kg.store.query import QueryResult
    from kg.validation import ValidationReport

GRAPH_FOLDER = "oxigraph"
MEMORY_FILE = "kg.sqlite"
#: Quads turned from rdflib's terms into Oxigraph's at a time.
RUN = 50_000
_REPLACED_BY = ox.NamedNode(DCTERMS + "isReplacedBy")


@dataclass(frozen=True)
class StoreChange:
    """What a load or remove did: the merge of everything the store now holds, and the
    difference it made to the stored graph."""

    kb: KnowledgeBase  # the merge of the part of the store the change touched (no text)
    articles: int  # articles in the store
    report: ValidationReport  # the violations of the nodes this change judged
    left_out: int  # nodes of the stored graph left out for violating the shapes
    loaded: tuple[str, ...]  # ids of the articles loaded (or loaded again)
    removed_articles: tuple[str, ...]  # ids of the articles taken out
    added: int  # quads added to the stored graph
    deleted: int  # quads deleted from it
    retired: int  # IRIs that now point to the node that replaced them
    failures: tuple[InputError, ...] = ()  # inputs that could not be read
    link_report: LinkReport | None = field(default=None)


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
    ``path``, made if missing. Unreadable inputs are in ``failures``; the rest is loaded.
    The inputs are read as the load needs them: their texts are never all in memory."""
    from kg.ingest import read_inputs

    failures: list[InputError] = []

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, options, stdin=stdin, session=session):
            if isinstance(item, InputError):
                failures.append(item)
            else:
                yield item

    change = load_articles(path, articles(), options, session=session)
    return replace(change, failures=(*failures, *change.failures))


def load_articles(
    path: str | Path,
    articles: Iterable[Article],
    options: BuildOptions = BuildOptions(),
    session: requests.Session | None = None,
) -> StoreChange:
    """Extract ``articles`` and merge them into the store ``path``, made if missing; the
    articles that could not be extracted are in ``failures``. ``articles`` may be a stream:
    each document is written to the store's memory as it is extracted."""
    from kg.nlp import extract

    failed: list[InputError] = []

    def documents() -> Iterator[Document]:
        for item in extract(articles, options):
            if isinstance(item, InputError):
                failed.append(item)
            else:
                yield item

    change = load_documents(path, documents(), options, session=session)
    return replace(change, failures=tuple(failed))


def load_documents(
    path: str | Path,
    documents: Iterable[Document],
    options: BuildOptions = BuildOptions(),
    session: requests.Session | None = None,
) -> StoreChange:
    """Merge already extracted documents into the store ``path`` (made if missing); a
    document of an article the store holds replaces it. ``documents`` may be a stream: each
    is written to the store's memory as it comes."""
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


def push_store(path: str | Path, endpoint: str, session: requests.Session | None = None, tries: int = 4) -> PushReport:
    """PUT every graph of the store ``path`` to the Graph Store Protocol ``endpoint``
    (kg.store.push), and DELETE there the article graphs it pushed there before and no
    longer holds (articles taken out since): the endpoint then holds the store's graphs."""
    from kg.store.push import push

    memory = _memory(Path(path), create=False)
    try:
        source = open_store(path)
        before = memory.pushed(endpoint)
        report = push(source, endpoint, session=session, tries=tries, stale=before)
        held = {graph.value for graph in source.named_graphs() if isinstance(graph, ox.NamedNode)}
        memory.set_pushed(endpoint, held | (before - set(report.deleted)))  # a failed DELETE: next time
    finally:
        memory.close()
    return report


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
    put: Iterable[Document],
    drop: Sequence[str],
    options: BuildOptions,
    session: requests.Session | None,
    create: bool,
) -> StoreChange:
    """Put and drop documents, merge again the part of the store they touch, and change the
    graph where the merge differs from what it was last made of (module docstring)."""
    from kg.errors import ValidationError
    from kg.scale.progress import stage

    memory = _memory(path, create)
    try:
        store = _open_for_writing(path)
        try:
            fresh = next(iter(store.quads_for_pattern(None, None, None, None)), None) is None
            if options.strict:  # what to put back if the change is refused
                put = list(put)
                touched = {doc.article.id for doc in put} | set(drop)
                previous = list(memory.documents(touched))
            loaded, tokens = memory.replace(put, drop)  # before the graph: the next change repairs a crash after
            with stage("merge (the part of the store the change touches)"):
                part = memory.article_ids() if fresh else memory.component(tokens) | set(loaded)
                index = _Index(*_merge(memory, part, options, session), memory.digests(part))
            plan = _Plan(index, {} if fresh else memory.applied(part | set(drop)), set() if fresh else memory.pruned())
            with stage("validation (the nodes changed)"):
                report = plan.validate(memory)
            if not report.conforms and options.strict:
                memory.replace(previous, touched - {doc.article.id for doc in previous})
                raise ValidationError(f"the graph would violate the shapes (--strict):\n{report.text()}")
            members = _members(index.kb)
            pruned = {str(node) for node in plan.pruned}
            nodes = {iri: keys for iri, keys in members.items() if iri not in pruned}  # in the graph
            links, moved, retired = _links(store, memory, members, nodes, plan.gone)
            with stage("mapping and writing"):
                quads = plan.quads(memory, links)
                added, deleted = _write(store, path, quads) if fresh else _sync(store, path, plan, quads, moved)
        finally:
            del store  # closes it: the next open (kg query, kg serve) sees every change
        memory.apply(
            ((iri, index.digests[iri], min(index.sources(iri))) for iri in plan.subjects if iri in index.digests),
            plan.gone,
            map(str, plan.pruned),
            ((iri, keys) for iri, keys in nodes.items() if iri in plan.subjects),
        )
        held = len(memory.article_ids())
    finally:
        memory.close()
    return StoreChange(
        index.kb,
        held,
        report,
        len(plan.pruned),
        tuple(sorted(set(loaded))),
        tuple(sorted(drop)),
        added,
        deleted,
        retired,
        link_report=index.link_report,
    )


def _merge(
    memory: Memory, articles: Collection[str], options: BuildOptions, session: requests.Session | None
) -> tuple[KnowledgeBase, LinkReport | None]:
    """The merge (and links) of the documents of ``articles``, read without their text:
    ``kg.merging.merge``'s knowledge base, made without holding every document or every
    per-article event at once. The documents are read twice: for their entities (an index
    of their forms), then for their events (an index of their coreference facts, the events
    themselves put aside on disk until their cluster is merged). The articles are one per
    id already: the store keeps one."""
    from kg.coreference import EventIndex, merged_event
    from kg.merging import EntityIndex, remap_roles
    from kg.model import EntityKey, EventKey, KnowledgeBase

    entities, held = EntityIndex(), []
    for document in memory.stubs(articles):
        entities.add(document)
        held.append(document.article)
    merged_entities, entity_keys, notes = entities.merge()
    del entities
    index = EventIndex()
    with memory.aside() as aside:
        for document in memory.stubs(articles):
            reports = [remap_roles(event, entity_keys) for event in document.events]
            for event in reports:
                index.add(event)
            aside.put(reports)
        groups = index.clusters()
        del index
        event_keys = {key: root for root, keys in groups.items() for key in keys}
        events = tuple(merged_event(aside.get(keys), event_keys) for keys in groups.values())
    renamed: list[tuple[EntityKey | EventKey, EntityKey | EventKey]] = [*entity_keys.items(), *event_keys.items()]
    renamed = [(old, new) for old, new in renamed if old != new]
    kb = KnowledgeBase(tuple(held), merged_entities, events, tuple(sorted(set(notes))), tuple(sorted(renamed, key=str)))
    if options.link != "wikidata":
        return kb, None
    from kg.link import link_entities

    return link_entities(kb, options, session=session)


class _Index:
    """The merged knowledge base by IRI, with the digest of each node's content: what its
    triples in the default graph, and its verdict, are made of (and, for an article, its
    evidence graph: its document and the IRIs of the events it gives evidence of)."""

    def __init__(self, kb: KnowledgeBase, link_report: LinkReport | None, documents: Mapping[str, str]) -> None:
        from kg.rdf import iris
        from kg.rdf.mapping import event_label
        from kg.stream import Merged

        self.kb, self.link_report, self.merged = kb, link_report, Merged(kb)
        self.articles = {str(iris.article_iri(article)): article for article in kb.articles}
        self.entities = {str(iris.entity_iri(entity)): entity for entity in kb.entities}
        self.events = {str(iris.event_iri(event)): event for event in kb.events}
        self.names = {entity.key: entity.name for entity in kb.entities}
        evidenced: dict[str, list[str]] = defaultdict(list)
        self.digests: dict[str, str] = {}
        for iri, event in self.events.items():
            for article_id in event.sources:
                evidenced[article_id].append(iri)
            self.digests[iri] = _digest(
                str(event.key),
                event.type.name,
                [(role.term, [str(key) for key in keys]) for role, keys in event.roles],
                event.date.value if event.date else None,
                (event.cameo, event.treaty, event.quote, event.trigger, event.optional),
                [str(claim) for claim in event.claimed_in],
                sorted((e.article_id, e.start, e.end) for e in event.evidence),
                event_label(event, self.names),
            )
        for iri, entity in self.entities.items():
            self.digests[iri] = _digest(
                str(entity.key),
                entity.name,
                sorted(entity.aliases),
                sorted(entity.sources),
                entity.wikidata,
                entity.link_confidence,
            )
        for iri, article in self.articles.items():
            self.digests[iri] = _digest(documents[article.id], sorted(evidenced[article.id]))

    def sources(self, iri: str) -> frozenset[str]:
        """The ids of the articles that support the node ``iri`` (an article: itself)."""
        if iri in self.articles:
            return frozenset({self.articles[iri].id})
        if iri in self.entities:
            return self.entities[iri].sources
        if iri in self.events:
            return self.events[iri].sources
        if iri.startswith(NAMESPACES["evidence"]):  # …/evidence/ARTICLE-START-END
            return frozenset({iri.removeprefix(NAMESPACES["evidence"]).rsplit("-", 2)[0]})
        return frozenset()

    def triples(self, iri: str) -> Iterator[Triple]:
        """The node's triples in the default graph, as ``kg.rdf.mapping.merged_triples``
        gives them."""
        from kg.rdf.mapping import article_triples, link_triples, merged_entity_triples, merged_event_triples

        if iri in self.articles:
            yield from article_triples(self.articles[iri])
        elif iri in self.entities:
            yield from merged_entity_triples(self.entities[iri])
            yield from link_triples([self.entities[iri]])
        elif iri in self.events:
            yield from merged_event_triples(self.events[iri], self.names)

    def referrers(self, nodes: Collection[str]) -> set[str]:
        """The nodes whose verdict depends on whether one of ``nodes`` is left out: the
        events with one in a role or claimed in one, and the nodes an article supports."""
        from kg.rdf import iris

        found: set[str] = set()
        for iri, event in self.events.items():
            pointed = [iris.entity_iri(key) for _, keys in event.roles for key in keys]
            pointed += [iris.event_iri(claim) for claim in event.claimed_in]
            if any(str(node) in nodes for node in pointed):
                found.add(iri)
        for article in (self.articles[iri] for iri in nodes if iri in self.articles):
            found |= {iri for iri, entity in self.entities.items() if article.id in entity.sources}
            found |= {iri for iri, event in self.events.items() if article.id in event.sources}
        return found


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


class _Plan:
    """What a change rewrites: the default-graph subjects and the article graphs whose
    content differs from what the graph was made of, or whose verdict did."""

    def __init__(self, index: _Index, applied: Mapping[str, str], pruned: set[str]) -> None:
        from rdflib import URIRef

        self.index = index
        self.changed = {iri for iri, digest in index.digests.items() if applied.get(iri) != digest}
        self.gone = set(applied) - set(index.digests)
        prefix = NAMESPACES["article"]  # the articles loaded, taken out or changed
        self.articles = {iri.removeprefix(prefix) for iri in self.changed | self.gone if iri.startswith(prefix)}
        # evidence nodes of an article loaded again or taken out are judged again, or gone
        kept = (iri for iri in pruned if iri not in self.gone and not index.sources(iri) & self.articles)
        self.pruned: set[Node] = {URIRef(iri) for iri in kept}
        self.subjects = self.changed | self.gone

    def validate(self, memory: Memory) -> ValidationReport:
        """Judge the nodes that changed, a batch of articles at a time; then, as long as
        some node's verdict changed, the nodes that point to it. The verdicts of the rest
        stay as they were."""
        from rdflib import URIRef

        from kg.stream import validate_batches
        from kg.validation import combined

        reports = []
        judge = set(self.changed)
        done: set[str] = set()
        while judge:
            articles = self._picks(judge)
            left_out = {node for node in self.pruned if str(node) not in judge}
            report, removed, judged = validate_batches(memory.documents(articles), self.index.merged, left_out)
            reports.append(report)
            removed -= left_out
            before = self.pruned
            self.pruned = (self.pruned - judged - {URIRef(iri) for iri in judge}) | removed
            flipped = {str(node) for node in before ^ self.pruned}
            self.articles |= articles | {
                a for iri in flipped if iri in self.index.events for a in self.index.sources(iri)
            }
            done |= {str(node) for node in judged | removed} | judge
            self.subjects |= (done | flipped) & self.index.digests.keys()
            judge = self.index.referrers(flipped) - done if flipped else set()
        return combined(reports)

    def _picks(self, nodes: Iterable[str]) -> set[str]:
        """Articles enough to judge every node of ``nodes``: one that supports it."""
        picked: set[str] = set()
        for sources in sorted((self.index.sources(iri) for iri in nodes), key=len):
            if sources and not sources & picked:
                picked.add(min(sources))
        return picked

    def quads(self, memory: Memory, links: Iterable[Quad]) -> Iterator[Quad]:
        """The new content of the subjects and article graphs the change rewrites, and
        every retired IRI's link."""
        from kg.stream import evidence_graphs, kept

        for iri in sorted(self.subjects):
            yield from ((s, p, o, None) for s, p, o in kept(self.index.triples(iri), self.pruned))
        yield from links
        for article, triples in evidence_graphs(memory.documents(self.articles), self.index.merged, self.pruned):
            yield from ((s, p, o, article) for s, p, o in triples)


def _members(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Each entity and event IRI of ``kb``, with every per-article key it stands for."""
    from kg.model import EntityKey
    from kg.rdf import iris

    members: dict[URIRef, set[str]] = defaultdict(set)
    for entity in kb.entities:
        members[iris.entity_iri(entity)].add(str(entity.key))
    for event in kb.events:
        members[iris.event_iri(event)].add(str(event.key))
    for old, new in kb.merged_keys:
        node = iris.entity_iri(new) if isinstance(new, EntityKey) else iris.event_iri(new)
        members[node].add(str(old))
    return {str(node): keys for node, keys in members.items()}


def _links(
    store: ox.Store, memory: Memory, members: Mapping[str, set[str]], nodes: Mapping[str, set[str]], gone: set[str]
) -> tuple[list[Quad], set[str], int]:
    """The links of the retired IRIs a change may move: those that stood for a key of the
    merged part (``members``; ``nodes``: its nodes in the graph), or point into it or to a
    node gone; those IRIs; and how many retired IRIs the graph then has in all."""
    existing = {
        q.subject.value: q.object.value
        for q in store.quads_for_pattern(None, _REPLACED_BY, None, ox.DefaultGraph())
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)
    }
    published = memory.published({key for keys in members.values() for key in keys})
    moved = set(published) | {old for old, kept in existing.items() if kept in gone or kept in members}
    links = _replacements({old: published.get(old, set()) for old in moved}, nodes)
    return links, moved, len(existing.keys() - moved) + len(links)


def _replacements(published: Mapping[str, set[str]], nodes: Mapping[str, set[str]]) -> list[Quad]:
    """``<old> dcterms:isReplacedBy <kept>`` for every published IRI that names no node now:
    the node holding the key it was minted from, else the first node holding any of its keys."""
    from rdflib import URIRef

    if not published:  # a new store: no key owners to look up (they are every key of the graph)
        return []
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


def _open_for_writing(path: Path) -> ox.Store:
    try:
        return ox.Store(str(graph_folder(path)))
    except OSError as exc:
        raise GraphError(
            f"{path}: the store cannot be opened for writing (is another kg load running?): {exc}"
        ) from exc


def _oxigraph(quads: Iterable[Quad]) -> Iterator[ox.Quad]:
    """rdflib quads as pyoxigraph's, ``RUN`` at a time (N-Quads terms are the same terms)."""
    from kg.rdf.serialize import canonical_nquads

    quads = iter(quads)
    while chunk := list(islice(quads, RUN)):
        yield from ox.parse(canonical_nquads(chunk, named_graphs=True), format=ox.RdfFormat.N_QUADS)


def _write(store: ox.Store, path: Path, quads: Iterable[Quad]) -> tuple[int, int]:
    """Fill an empty store with Oxigraph's bulk loader, ``RUN`` quads at a time: given a
    whole graph at once it holds about 1.2 GB for a million quads, in runs a fifth of it,
    and is no slower (bench/store.py). (quads added, 0)."""
    from kg.rdf.serialize import canonical_nquads

    try:
        quads = iter(quads)
        while chunk := list(islice(quads, RUN)):
            store.bulk_load(canonical_nquads(chunk, named_graphs=True), format=ox.RdfFormat.N_QUADS)
        store.flush()
    except (OSError, RuntimeError, SyntaxError) as exc:
        raise GraphError(f"{path}: the store could not be written: {exc}") from exc
    return len(store), 0


def _sync(store: ox.Store, path: Path, plan: _Plan, quads: Iterable[Quad], moved: Iterable[str]) -> tuple[int, int]:
    """Make the plan's subjects, article graphs and the retired IRIs ``moved`` hold exactly
    ``quads``, in one transaction: (quads added, quads deleted)."""
    from kg.rdf import iris

    default = ox.DefaultGraph()
    graphs = [ox.NamedNode(iris.article_iri(article)) for article in sorted(plan.articles)]
    have: set[ox.Quad] = set()
    for old in moved:
        have.update(store.quads_for_pattern(ox.NamedNode(old), _REPLACED_BY, None, default))
    for iri in plan.subjects:
        have.update(store.quads_for_pattern(ox.NamedNode(iri), None, None, default))
    for graph in graphs:
        have.update(store.quads_for_pattern(None, None, None, graph))
    wanted = set(_oxigraph(quads))
    add, delete = wanted - have, have - wanted
    emptied = {q.graph_name for q in have if isinstance(q.graph_name, ox.NamedNode)}
    emptied -= {q.graph_name for q in wanted}  # the graph of an article taken out
    if add or delete:
        try:
            store.update(_update_text(delete, add, emptied))  # one transaction: all of it or nothing
            store.flush()
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise GraphError(f"{path}: the store could not be updated: {exc}") from exc
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
