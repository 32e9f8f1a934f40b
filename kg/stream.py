"""A build written as it goes, in memory that does not grow with the articles' text:
N-Quads and N-Triples.

    documents ──spill───▶ a temporary SQLite file: one row per article id (its best copy)
              ──merge───▶ two indexes of merge keys (kg.merging.EntityIndex: each entity key's
                          forms and the articles giving them; kg.coreference.EventIndex: each
                          event's coreference facts), the events themselves in the spill; the
                          merged events made one cluster at a time, into the spill
              ──validate▶ a batch of articles at a time: their nodes and the merged nodes
                          they touch, never one union graph
              ──write───▶ the default graph sorted through disk, then each article's
                          evidence graph in article order, into the output (atomically)

In memory stay the merged entities (they grow with the things named, and their sources
with the articles naming them), the keys that the merge changed, the event index while
the events are clustered (about 0.3 KB an event, 0.7 KB at its peak), and one batch of
documents or of sorted lines. Documents, events, merged events and quads stay on disk.
On 1,000 and 4,000 generated articles' documents (bench/stream_memory.py), the peak
was 140 and 164 MB without the model, where keeping the merge's documents in memory
took 151 and 246 MB. The output is the graph, byte for byte, that ``build_documents``
and ``write`` make of the same documents (tests/test_stream.py).

Validation gives each node the verdict validating the union would: a merged node is judged
in the first batch that has one of its articles, with its own triples (the same in every
batch), its ``prov:wasDerivedFrom`` and evidence from the batch's articles (a non-empty
part of all of them), and every node it points to (an entity in a merged event's role that
no article of the batch names, or that an earlier batch judged, is added with its own names
and one source; a claiming statement by its class). In later batches it is left out, or is
such context: its provenance from their articles is not judged again (kg writes it with the
article's node), the evidence nodes are, in their article's batch. Only the
batch's own nodes' violations count (pySHACL's ``focus_nodes`` costs the square of the
nodes). A node removed in one batch is left out of the later ones, so what pointed to it
is judged without it, as pruning the union does; a node judged in an earlier batch that
pointed to it is not judged again.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import heapq
import io
import pickle
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg.errors import GraphError, InputError, ValidationError
from kg.model import Article, Document, Entity, EntityKey, EntityType, Event, EventKey, KnowledgeBase
from kg.options import BuildOptions

if TYPE_CHECKING:
    import requests
    from rdflib import Graph, URIRef
    from rdflib.term import Node

    from kg.link import LinkReport
    from kg.rdf.mapping import Triple
    from kg.validation import ValidationReport

#: The output formats a build can stream; Turtle, TriG and JSON-LD need the whole graph.
STREAMED_FORMATS = frozenset({"nquads", "ntriples"})
#: Articles validated together: larger batches cost fewer pySHACL runs and more memory.
VALIDATION_BATCH = 200
#: Lines sorted in memory before a sorted run goes to disk.
RUN_LINES = 50_000


@dataclass(frozen=True)
class StreamResult:
    """What a streamed build made; like BuildResult, without the quads and graph, and with
    the merged events counted, not held (they grow with the articles)."""

    articles: int  # articles built
    entities: tuple[Entity, ...]  # merged (and linked), in key order
    events: Mapping[str, int]  # merged events by type
    report: ValidationReport  # every batch's violations
    removed: int  # nodes left out because they violated the shapes
    failures: tuple[InputError, ...]  # inputs that could not be read or extracted
    link_report: LinkReport | None = None
    notes: tuple[str, ...] = ()  # what a user should know: articles read in parts
    merge_notes: tuple[str, ...] = ()  # the merge's notes (KnowledgeBase.notes)


def stream_articles(
    articles: Iterable[Article],
    out: str | Path,
    options: BuildOptions = BuildOptions(),
    failures: Iterable[InputError] = (),
    session: requests.Session | None = None,
) -> StreamResult:
    """``pipeline.build_articles`` written to ``out`` as it goes (``build_streamed``), the
    articles read as they are needed: one that cannot be extracted is a failure, the others
    are built. ``failures`` (of reading) is read when the build is done, so it may grow
    while ``articles`` are read."""
    from kg.nlp import extract, split_notes

    failed: list[InputError] = []
    notes: list[str] = []

    def noted(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            notes.extend(split_notes([article], options))
            yield article

    def documents() -> Iterator[Document]:
        for item in extract(noted(articles), options):
            if isinstance(item, InputError):
                failed.append(item)
            else:
                yield item

    result = build_streamed(documents(), out, options, session=session)
    return replace(result, failures=(*failures, *failed), notes=tuple(notes))


def build_streamed(
    documents: Iterable[Document],
    out: str | Path,
    options: BuildOptions = BuildOptions(),
    failures: Iterable[InputError] = (),
    session: requests.Session | None = None,
) -> StreamResult:
    """Merge, validate and write ``documents`` to ``out`` (``.nq`` or ``.nt``) as they come.
    Without any document nothing is written (the result has no article).

    Raises ValidationError when ``options.strict`` and the graph violates the shapes
    (nothing is written then), GraphError when ``out`` cannot be written.
    """
    from kg.atomic import atomic_write
    from kg.rdf.serialize import format_for
    from kg.scale.progress import stage
    from kg.validation import ValidationReport

    path = Path(out)
    fmt = format_for(path)
    if fmt not in STREAMED_FORMATS:
        raise GraphError(f"{path}: a streamed build writes N-Quads or N-Triples, not {fmt}")
    with tempfile.TemporaryDirectory(prefix="kg-build-") as folder:
        spill = _Spill(Path(folder) / "documents.sqlite")
        try:
            for document in documents:
                spill.add(document)
            if not spill.size:
                return StreamResult(0, (), {}, ValidationReport(True, ()), 0, tuple(failures))
            with stage("merge (the index)"), _no_cycle_collection():
                merged, link_report = _merge(spill, options, session)
            with stage("validation (in batches)"):
                report, removed, _ = validate_batches(spill.documents(), merged)
            if not report.conforms and options.strict:
                raise ValidationError(f"the graph violates the shapes (--strict):\n{report.text()}")
            try:
                with stage("mapping and writing"), _no_cycle_collection():
                    default, evidence = _sorted_default(spill, merged, removed, fmt, Path(folder))
                    atomic_write(path, lambda stream: _write(stream, default, evidence))
            except OSError as exc:
                raise GraphError(f"{path}: cannot write the graph: {exc.strerror or exc}") from exc
        finally:
            spill.close()
    return StreamResult(
        spill.size,
        tuple(merged.entities.values()),
        merged.types,
        report,
        len(removed),
        tuple(failures),
        link_report,
        merge_notes=merged.notes,
    )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Run a stage without the cycle collector. The merge and the writing make no reference
    cycles (refcounting frees all they drop) but allocate millions of tuples that live a
    while (the index, sorted runs), each batch of which sets off a collection of the whole
    heap, the spaCy model's too: a fifth of their time at 4,000 articles. A validation
    batch's graph and pySHACL's objects likewise live until the batch is done (29 % of the
    validation's time at 4,000 articles); its garbage cycles are collected after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Spill:
    """The documents of a build on disk, one per article id, read back in id order; and the
    events the merge reads and makes, without their evidence (kept by the documents), the
    ids of the articles giving each beside it."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, document BLOB NOT NULL)")
        # the events as the articles give them, and the merged events, each under its key's
        # text, with its sources one id a line (a batch looks up a merged event for each
        # article reporting it: with its evidence, an event many articles report would cost
        # the square of them)
        for table in ("events", "merged"):
            self._db.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, event BLOB NOT NULL, sources TEXT NOT NULL)")
        self._origins: dict[str, set[str]] = {}  # of the articles read more than once
        self._reducers = _reducers()
        self.size = 0

    def add(self, document: Document) -> None:
        """Keep ``document``, or the better copy when its article was read before."""
        from kg.merging import pick_copy

        article_id = document.article.id
        row = self._db.execute("SELECT document FROM documents WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            self._db.execute("INSERT INTO documents VALUES (?, ?)", (article_id, self._dump(document)))
            self.size += 1
            return
        kept: Document = pickle.loads(row[0])
        self._origins.setdefault(article_id, {kept.article.origin}).add(document.article.origin)
        if pick_copy([kept, document]) is document:
            self._db.execute("UPDATE documents SET document = ? WHERE id = ?", (self._dump(document), article_id))

    def documents(self) -> Iterator[Document]:
        """Every kept document, in article id order (the order of the named graphs)."""
        for (blob,) in self._db.execute("SELECT document FROM documents ORDER BY id"):
            yield pickle.loads(blob)

    def put_events(self, table: str, events: Iterable[tuple[Event, Iterable[str]]]) -> None:
        """Keep each event (its evidence is dropped) with the ids of its ``sources``."""
        rows = ((str(e.key), self._dump(replace(e, evidence=())), "\n".join(sorted(ids))) for e, ids in events)
        self._db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", rows)

    def event(self, table: str, key: EventKey) -> tuple[Event, list[str]]:
        """The event kept under ``key`` (without evidence) and the ids of its sources."""
        blob, sources = self._db.execute(f"SELECT event, sources FROM {table} WHERE key = ?", (str(key),)).fetchone()
        return pickle.loads(blob), sources.split("\n") if sources else []

    def events(self, table: str) -> Iterator[tuple[Event, list[str]]]:
        for blob, sources in self._db.execute(f"SELECT event, sources FROM {table}"):
            yield pickle.loads(blob), sources.split("\n") if sources else []

    def notes(self) -> list[str]:
        from kg.merging import copies_note

        notes = []
        for article_id, origins in sorted(self._origins.items()):
            row = self._db.execute("SELECT document FROM documents WHERE id = ?", (article_id,)).fetchone()
            note = copies_note(origins, pickle.loads(row[0]))
            if note:
                notes.append(note)
        return notes

    def close(self) -> None:
        self._db.close()

    def _dump(self, item: Document | Event) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._reducers
        pickler.dump(item)
        return buffer.getvalue()


def _reducers() -> dict[type, Callable[[Any], Any]]:
    """How the spill pickles what a document holds thousands of: enum members by name (by
    default, a role is pickled by its value, a tuple holding a set of entity types, which
    unpickling builds again and looks up) and keys as plain tuples (without a Python
    ``__new__`` call each). Unpickling a document takes about a quarter less time."""
    from kg.registry import event_types

    def by_name(member: Enum) -> tuple[Any, ...]:
        return getattr, (type(member), member.name)

    def as_tuple(key: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple.__new__, (type(key), tuple(key))

    # a type registered later (a test's toy type) is pickled by value: slower, the same
    enums: dict[type, Callable[[Any], Any]] = dict.fromkeys([EntityType, *(t.roles for t in event_types())], by_name)
    return {**copyreg.dispatch_table, **enums, EntityKey: as_tuple, EventKey: as_tuple}


def stub(document: Document) -> Document:
    """What the merge needs of a document: no text, no evidence sentences (the evidence's
    article and offsets stay: they say which articles support an event)."""
    events = tuple(
        replace(event, evidence=tuple(replace(e, text="") for e in event.evidence)) for event in document.events
    )
    return Document(replace(document.article, text="", asides=()), document.entities, events)


class Merged:
    """The merged knowledge base, looked up by the keys of the documents' own nodes."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._know(kb.entities, dict(kb.merged_keys))
        self._events = {event.key: event for event in kb.events}

    def _know(self, entities: Iterable[Entity], renamed: dict[EntityKey | EventKey, EntityKey | EventKey]) -> None:
        self.entities = {entity.key: entity for entity in entities}
        self.names = {entity.key: entity.name for entity in self.entities.values()}
        self._renamed = renamed  # each per-article key that changed, and its merged key
        self._first: dict[EntityKey, str] = {}

    def entity(self, key: EntityKey) -> EntityKey:
        return self._renamed.get(key, key)  # type: ignore[return-value]

    def event(self, key: EventKey) -> EventKey:
        return self._renamed.get(key, key)  # type: ignore[return-value]

    def whole(self, key: EventKey) -> Event:
        """The merged event a document's event ``key`` went into."""
        return self._events[self.event(key)]

    def first_source(self, key: EntityKey) -> str:
        """The first article naming the merged entity ``key`` (found once: a popular
        entity's sources grow with the corpus)."""
        found = self._first.get(key)
        if found is None:
            found = self._first[key] = min(self.entities[key].sources)
        return found


class _OnDisk(Merged):
    """A streamed build's merge: the entities in memory (they grow with the things named),
    the merged events in the spill (they grow with the articles), counted by type."""

    def __init__(
        self,
        spill: _Spill,
        entities: Iterable[Entity],
        renamed: dict[EntityKey | EventKey, EntityKey | EventKey],
        notes: tuple[str, ...],
    ) -> None:
        self._know(entities, renamed)
        self._spill = spill
        self.notes = notes
        self.types: Counter[str] = Counter()

    def whole(self, key: EventKey) -> Event:
        """The merged event, without its evidence (validation needs none of it)."""
        return self._spill.event("merged", self.event(key))[0]


def _merge(spill: _Spill, options: BuildOptions, session: requests.Session | None) -> tuple[_OnDisk, LinkReport | None]:
    """Merge the spilled documents (``kg.merging.merge``) through two indexes that hold the
    merge keys, not the documents: entities by key and form, events by their facts; the
    events themselves go to disk, and the merged events are made from there, one cluster
    at a time."""
    from kg.coreference import EventIndex, merged_event
    from kg.merging import EntityIndex, remap_roles

    entities = EntityIndex()
    for document in spill.documents():
        entities.add(document)
        spill.put_events("events", ((event, event.sources) for event in document.events))
    merged_entities, entity_keys, notes = entities.merge()
    del entities
    link_report = None
    if options.link == "wikidata":
        from kg.link import link_entities

        linked, link_report = link_entities(KnowledgeBase((), merged_entities, ()), options, session=session)
        merged_entities = linked.entities
    index = EventIndex()
    for event, _ in spill.events("events"):
        index.add(remap_roles(event, entity_keys))
    groups = index.clusters()
    del index
    event_keys = {key: root for root, keys in groups.items() for key in keys if key != root}
    renamed: dict[EntityKey | EventKey, EntityKey | EventKey] = {k: v for k, v in entity_keys.items() if k != v}
    for key, root in event_keys.items():
        renamed[key] = root
    merged = _OnDisk(spill, merged_entities, renamed, tuple(sorted({*notes, *spill.notes()})))
    for keys in groups.values():
        members = [spill.event("events", key) for key in keys]
        event = merged_event([remap_roles(member, entity_keys) for member, _ in members], event_keys)
        spill.put_events("merged", [(event, {source for _, sources in members for source in sources})])
        merged.types[event.type.value] += 1
    return merged, link_report


def validate_batches(
    documents: Iterable[Document], merged: Merged, left_out: Iterable[Node] = ()
) -> tuple[ValidationReport, set[Node], set[URIRef]]:
    """Validate the articles of ``documents`` ``VALIDATION_BATCH`` at a time (module
    docstring): every batch's violations, the nodes removed (with ``left_out``: nodes
    removed before, which stay out), and every node judged (a store judges only the
    articles a load touches, and keeps the verdicts of the rest)."""
    from kg.validation import combined, prune, validate

    reports: list[ValidationReport] = []
    removed: set[Node] = set(left_out)
    judged: set[URIRef] = set()
    batches = iter(documents)
    while batch := list(islice(batches, VALIDATION_BATCH)):
        with _no_cycle_collection():
            graph, focus = _batch_graph(batch, merged, removed, judged)
            judged |= focus
            report = validate(graph, only=focus)
            reports.append(report)
            if not report.conforms:
                removed |= prune(graph, report)
            del graph
    return combined(reports), removed, judged


def _batch_graph(
    batch: list[Document], merged: Merged, removed: set[Node], judged: set[URIRef]
) -> tuple[Graph, set[URIRef]]:
    """The batch's articles and the merged nodes they support that no earlier batch judged
    (``judged``), with their provenance and evidence from these articles: the nodes to
    validate; the evidence of a merged event judged before, without the event. Besides, as
    context for the ``sh:class`` checks, what these point to: an entity judged before or
    that no article of the batch names with its names and one source (so that it conforms
    as in its own batch: a node that does not costs pySHACL a result for each of its
    shapes), a claiming statement by its class alone."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import PROV, RDF

    from kg.rdf import iris
    from kg.rdf.mapping import article_triples, entity_triples, event_triples, evidence_in, link_triples
    from kg.rdf.vocab import KG, term

    own: dict[tuple[Node, Node, Node], None] = {}
    named: set[EntityKey] = set()
    roles: set[EntityKey] = set()
    claims: set[EventKey] = set()
    wholes: set[EventKey] = set()
    for document in batch:
        article = iris.article_iri(document.article)
        own.update(dict.fromkeys(article_triples(document.article)))
        # a merged node's own triples once a batch, however many of its articles are in it
        # (a popular one's grow with the corpus: its claims, names and roles)
        for entity in document.entities:
            key = merged.entity(entity.key)
            node = iris.entity_iri(key)
            if node in judged:
                continue
            if key not in named:
                named.add(key)
                own.update(dict.fromkeys(entity_triples(merged.entities[key], node)))
            own[(node, PROV.wasDerivedFrom, article)] = None
        for event in document.events:
            root = merged.event(event.key)
            node = iris.event_iri(root)
            evidence = evidence_in(event, node, document.article.id, article)
            if node in judged:
                own.update(dict.fromkeys(t for t in evidence if t[0] != node))
                continue
            if root not in wholes:
                wholes.add(root)
                whole = merged.whole(event.key)
                own.update(dict.fromkeys(event_triples(whole, node, merged.names)))
                roles.update(key for _, keys in whole.roles for key in keys)
                claims.update(whole.claimed_in)
            own[(node, PROV.wasDerivedFrom, article)] = None
            own.update(dict.fromkeys(evidence))
    own.update(dict.fromkeys(link_triples(merged.entities[key] for key in named)))
    focus = {s for s, _, _ in own if isinstance(s, URIRef)}
    # a role naming an entity no article describes: judged (and pruned) as in the union
    focus |= {iris.entity_iri(key) for key in roles - merged.entities.keys()}
    context: list[tuple[Node, Node, Node]] = []
    for key in sorted((roles - named) & merged.entities.keys()):
        entity = merged.entities[key]
        node, source = iris.entity_iri(key), iris.article_iri(merged.first_source(key))
        context += [*entity_triples(entity, node), *link_triples([entity])]
        context += [(node, PROV.wasDerivedFrom, source), (source, RDF.type, KG.Article)]
    context += [(iris.event_iri(c), RDF.type, term(c.type)) for c in claims if iris.event_iri(c) not in focus]
    graph = Graph()
    # into the store directly: Graph.addN checks every term again (they are kg's own) and
    # passes each triple through two more generators, a sixth of the time this takes
    add = graph.store.add
    for triple in kept([*own, *context], removed):
        add(triple, graph)
    return graph, focus - removed


def _sorted_default(
    spill: _Spill, merged: _OnDisk, removed: set[Node], fmt: str, folder: Path
) -> tuple[_SortedLines, Path]:
    """The lines of the default graph (the merged nodes), sorted through disk, and a file
    of each article's evidence graph for N-Quads, in article order: one pass over the
    documents makes both. For N-Triples the evidence joins the default lines (one union)
    and the file stays empty."""
    from kg.rdf.ntriples import sorted_lines

    lines = _SortedLines(folder / "default")
    evidence = folder / "evidence"
    with evidence.open("wb") as graphs:

        def add_graph(article: URIRef, found: list[Triple]) -> None:
            if fmt == "ntriples":
                lines.add(_sorted(found))
            else:
                graphs.writelines(sorted_lines([(s, p, o, article) for s, p, o in found], named_graphs=True))

        triples = kept(_default_triples(spill, merged, removed, add_graph), removed)
        while chunk := list(islice(triples, RUN_LINES)):
            lines.add(_sorted(chunk))
    return lines, evidence


def _default_triples(
    spill: _Spill, merged: _OnDisk, removed: set[Node], add_graph: Callable[[URIRef, list[Triple]], None]
) -> Iterator[Triple]:
    """``kg.rdf.mapping.merged_triples`` of the merged nodes, in no order (they are sorted
    after): the articles and events read from disk, the entities from memory. Each
    article's evidence graph (``evidence_graphs``) goes to ``add_graph`` as the article is
    read, so the documents are read once."""
    from rdflib.namespace import PROV

    from kg.rdf import iris
    from kg.rdf.mapping import article_triples, link_triples, merged_entity_triples, merged_event_triples

    for document in spill.documents():
        yield from article_triples(document.article)
        for article, found in evidence_graphs([document], merged, removed):
            add_graph(article, found)
    for entity in merged.entities.values():
        yield from merged_entity_triples(entity)
    for event, sources in spill.events("merged"):
        yield from merged_event_triples(event, merged.names)  # without evidence: no provenance
        node = iris.event_iri(event)
        yield from ((node, PROV.wasDerivedFrom, iris.article_iri(source)) for source in sources)
    yield from link_triples(merged.entities.values())


def _write(stream: IO[bytes], default: _SortedLines, evidence: Path) -> None:
    """The default graph, then (N-Quads) each article's evidence graph: as
    ``canonical_nquads`` orders them."""
    default.write(stream)
    with evidence.open("rb") as graphs:
        shutil.copyfileobj(graphs, stream)


def evidence_graphs(
    documents: Iterable[Document], merged: Merged, removed: set[Node]
) -> Iterator[tuple[URIRef, list[Triple]]]:
    """Each article's IRI and the evidence it gives, in the order of ``documents``."""
    from kg.rdf import iris
    from kg.rdf.mapping import evidence_in

    for document in documents:
        article = iris.article_iri(document.article)
        triples = [
            triple
            for event in document.events
            for triple in evidence_in(event, iris.event_iri(merged.event(event.key)), document.article.id, article)
        ]
        if triples:
            yield article, list(kept(triples, removed))


def kept(triples: Iterable[Triple], removed: set[Node]) -> Iterator[Triple]:
    return (t for t in triples if t[0] not in removed and t[2] not in removed)


def _sorted(triples: list[Triple]) -> list[bytes]:
    """The triples' N-Triples lines, sorted, each once, without line breaks."""
    from kg.rdf.ntriples import sorted_lines

    return b"".join(sorted_lines([(s, p, o, None) for s, p, o in triples], named_graphs=False)).splitlines()


class _SortedLines:
    """Lines sorted and deduplicated through disk: runs of ``RUN_LINES`` sorted in memory
    and written to files, merged when written out. Lines are compared without their line
    break, as ``kg.rdf.ntriples`` sorts them."""

    def __init__(self, prefix: Path) -> None:
        self._prefix = prefix
        self._runs: list[Path] = []
        self._lines: list[bytes] = []

    def add(self, lines: Iterable[bytes]) -> None:
        self._lines.extend(lines)
        if len(self._lines) >= RUN_LINES:
            self._flush()

    def _flush(self) -> None:
        run = self._prefix.with_name(f"{self._prefix.name}-{len(self._runs)}")
        with run.open("wb") as f:
            f.writelines(line + b"\n" for line in sorted(set(self._lines)))
        self._runs.append(run)
        self._lines = []

    def write(self, stream: IO[bytes]) -> None:
        if not self._runs:
            stream.writelines(line + b"\n" for line in sorted(set(self._lines)))
            return
        if self._lines:
            self._flush()
        files = [run.open("rb") for run in self._runs]
        try:
            previous = None
            # compared without the newline, as the lines are sorted in memory
            for line in heapq.merge(*((line[:-1] for line in f) for f in files)):
                if line != previous:
                    stream.write(line + b"\n")
                    previous = line
        finally:
            for f in files:
                f.close()
