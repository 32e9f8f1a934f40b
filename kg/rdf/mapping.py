"""KnowledgeBase -> quads, in kg's layout; quads -> rdflib graphs.

The layout (what every store, file and endpoint of kg holds; README, "The layout"):

- The **default graph** is the merged graph: every article node (headline, publisher,
  dates), every entity and event once with its class, labels, roles, date and claims, a
  ``prov:wasDerivedFrom`` to each article that supports it, and the Wikidata links.
- Each article has a **named graph**, named by the article's IRI, holding only what that
  article gives as evidence: ``?event kg:evidence ?e`` and the evidence node ``?e`` (its
  sentence, offsets and ``prov:wasDerivedFrom`` the article).
- Every triple is in exactly one graph. So a store that answers from the default graph
  alone (Oxigraph's default) and one that makes the default graph the union of all graphs
  (union-default-graph) give the same rows, never one per article, as long as a query reads
  evidence inside ``GRAPH ?article { … }`` — as ``queries/sources.rq`` does.

Nothing here mints IRIs (kg.rdf.iris does) and there are no blank nodes, so the same
KnowledgeBase, in any order, gives the same set of quads.

The build keeps the quads as a plain list: the writers read them directly and validation
needs only their union (``union_graph``). An rdflib Dataset (``dataset_of``) costs a store
update per quad, so it is made only for a caller who asks for one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager
from rdflib.term import Node

from kg.errors import GraphError
from kg.model import Article, Entity, EntityKey, Event, Evidence, KnowledgeBase, TimeValue
from kg.rdf import iris, prefixes
from kg.rdf.vocab import KG, term

SCHEMA = Namespace(prefixes.SCHEMA)
PREFIXES = prefixes.PREFIXES  # bound in every graph kg writes

_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# rdflib namespaces resolve each attribute in Python: the terms written for every node are
# looked up once here.
_TYPE, _LABEL, _ALT_LABEL, _DERIVED_FROM = RDF.type, RDFS.label, SKOS.altLabel, PROV.wasDerivedFrom
_HAS_EVIDENCE, _EVIDENCE = KG.evidence, KG.Evidence
_SENTENCE, _START, _END = KG.sentence, KG.startOffset, KG.endOffset

Triple = tuple[Node, Node, Node]
#: A triple and the name of its graph: an article IRI, or None for the default graph.
Quad = tuple[Node, Node, Node, URIRef | None]


def to_quads(kb: KnowledgeBase) -> list[Quad]:
    """The quads of ``kb`` in kg's layout (module docstring): the merged graph in the
    default graph, then each article's evidence in its named graph, in IRI order."""
    quads: list[Quad] = [(s, p, o, None) for s, p, o in merged_triples(kb)]
    quads += [(s, p, o, name) for name, triples in sorted(_evidence_graphs(kb).items()) for s, p, o in triples]
    return quads


def to_dataset(kb: KnowledgeBase) -> Dataset:
    """The RDF dataset of ``kb``: the merged graph as default, each article's evidence named."""
    return dataset_of(to_quads(kb))


def dataset_of(quads: Iterable[Quad]) -> Dataset:
    """An rdflib Dataset holding ``quads``, with kg's prefixes bound."""
    dataset = Dataset()
    _bind_prefixes(dataset)
    graphs: dict[URIRef | None, Graph] = {None: dataset.default_context}
    for s, p, o, name in quads:
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = dataset.graph(name)
        graph.add((s, p, o))
    return dataset


def union_graph(quads: Iterable[Quad]) -> Graph:
    """One rdflib Graph holding each triple of ``quads`` once, with kg's prefixes bound."""
    graph = Graph()
    _bind_prefixes(graph)
    triples = dict.fromkeys((s, p, o) for s, p, o, _ in quads)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def _bind_prefixes(graph: Graph) -> None:
    graph.namespace_manager = NamespaceManager(graph, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)


def merged_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """The default graph: every article, entity and event once, with a
    ``prov:wasDerivedFrom`` per supporting article, and the Wikidata links."""
    names = {entity.key: entity.name for entity in kb.entities}
    for article in sorted(kb.articles, key=lambda a: a.id):
        yield from article_triples(article)
    for entity in sorted(kb.entities, key=lambda e: e.key):
        yield from merged_entity_triples(entity)
    # events in the order of their IRIs (digests of their keys), as the writer sorts the
    # lines: it then finds them in long runs, and sorts a million quads about twice as fast
    for event in sorted(kb.events, key=lambda e: str(iris.event_iri(e))):
        yield from merged_event_triples(event, names)
    yield from link_triples(kb.entities)


def merged_entity_triples(entity: Entity) -> Iterator[Triple]:
    """A merged entity in the default graph, without its Wikidata link (``link_triples``)."""
    node = iris.entity_iri(entity)
    yield from entity_triples(entity, node)
    yield from ((node, _DERIVED_FROM, iris.article_iri(source)) for source in sorted(entity.sources))


def merged_event_triples(event: Event, names: Mapping[EntityKey, str]) -> Iterator[Triple]:
    """A merged event in the default graph (``names``: as ``event_triples``)."""
    node = iris.event_iri(event)
    yield from event_triples(event, node, names)
    yield from ((node, _DERIVED_FROM, iris.article_iri(source)) for source in sorted(event.sources))


def _evidence_graphs(kb: KnowledgeBase) -> dict[URIRef, list[Triple]]:
    """Each article's named graph, keyed by article IRI: the evidence it gives, nothing else."""
    graphs: dict[URIRef, list[Triple]] = defaultdict(list)
    for event in sorted(kb.events, key=lambda e: e.key):
        node = iris.event_iri(event)
        for article_id in sorted(event.sources):
            graph = iris.article_iri(article_id)
            graphs[graph].extend(evidence_in(event, node, article_id, graph))
    return graphs


def article_triples(article: Article) -> Iterator[Triple]:
    node = iris.article_iri(article)
    yield node, _TYPE, KG.Article
    if article.title:
        yield node, SCHEMA.headline, Literal(article.title)
    if article.published:
        yield node, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)
    if article.source:
        yield node, SCHEMA.publisher, Literal(article.source)
    if article.url:
        yield node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)
    if article.author:
        yield node, SCHEMA.author, Literal(article.author)


def entity_triples(entity: Entity, node: URIRef) -> Iterator[Triple]:
    """What every supporting article says about ``entity``: its class and names."""
    yield node, _TYPE, KG[entity.type.value]
    yield node, _LABEL, Literal(entity.name)
    for alias in sorted(entity.aliases):
        yield node, _ALT_LABEL, Literal(alias)


def event_triples(event: Event, node: URIRef, names: Mapping[EntityKey, str]) -> Iterator[Triple]:
    """What every supporting article says about ``event``: class, label, roles, attributes
    and claims. ``names`` maps entity keys to canonical names, for the label."""
    yield node, _TYPE, term(event.type.name)
    yield node, _LABEL, Literal(event_label(event, names))
    for role, keys in event.roles:
        for key in keys:
            yield node, term(role.term), iris.entity_iri(key)
    yield from _event_attributes(node, event)
    for claim in event.claimed_in:
        yield node, KG.claimedIn, iris.event_iri(claim)


def evidence_in(event: Event, node: URIRef, article_id: str, article: URIRef) -> Iterator[Triple]:
    """The event's evidence from article ``article_id`` (IRI ``article``) only."""
    here = (e for e in event.evidence if e.article_id == article_id)
    for evidence in sorted(here, key=lambda e: (e.start, e.end, e.text)):
        evidence_node = iris.evidence_iri(evidence)
        yield node, _HAS_EVIDENCE, evidence_node
        yield from evidence_triples(evidence, evidence_node, article)


def _event_attributes(node: URIRef, event: Event) -> Iterator[Triple]:
    if event.date:
        yield node, KG.date, date_literal(event.date)
    if event.cameo:
        yield node, KG.cameoCode, Literal(event.cameo)
    if event.trigger:
        yield node, KG.trigger, Literal(event.trigger)
    if event.treaty:
        yield node, KG.treaty, Literal(event.treaty)
    if event.quote:
        yield node, KG.quote, Literal(event.quote)
    if event.optional:
        yield node, KG.optional, Literal(True)


def evidence_triples(evidence: Evidence, node: URIRef, article: URIRef) -> Iterator[Triple]:
    """The sentence ``node`` is, where it is in ``article``."""
    yield node, _TYPE, _EVIDENCE
    yield node, _SENTENCE, Literal(evidence.text)
    yield node, _START, Literal(evidence.start)
    yield node, _END, Literal(evidence.end)
    yield node, _DERIVED_FROM, article


def date_literal(time: TimeValue) -> Literal:
    """``2025-09-03``^^xsd:date, ``2024-06``^^xsd:gYearMonth or ``2024``^^xsd:gYear."""
    return Literal(time.value, datatype=_DATE_TYPES[time.precision])


def event_label(event: Event, names: Mapping[EntityKey, str]) -> str:
    """``Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)``, ``Treaty signing: North Korea,
    Russia (2024-06)``: the class in words, the actors, the date when there is one.

    Names every entity in the event's roles except its place (the actors say what happened;
    the place would make labels long), in the order the type declares its roles (speaker
    before addressee); an unknown key shows its name part.
    """
    kind = _CAMEL.sub(" ", event.type.name).capitalize()
    order = list(event.type.roles)
    roles = sorted(event.roles, key=lambda r: order.index(r[0]))
    actors = [names.get(key, key.name) for role, keys in roles if role.term != "place" for key in keys]
    label = f"{kind}: {', '.join(actors)}" if actors else kind
    return f"{label} ({event.date.value})" if event.date else label


def link_triples(entities: Iterable[Entity]) -> Iterator[Triple]:
    for entity in sorted(entities, key=lambda e: e.key):
        if not entity.wikidata:
            continue
        node = iris.entity_iri(entity)
        try:
            yield node, OWL.sameAs, iris.wikidata_iri(entity.wikidata)
        except ValueError as exc:
            raise GraphError(f"entity {entity.key!r}: {exc}") from exc
        if entity.link_confidence is not None:
            confidence = Decimal(repr(round(entity.link_confidence, 3)))
            yield node, KG.linkConfidence, Literal(confidence)
