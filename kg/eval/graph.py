"""Reading a predicted graph: its entity and event nodes, over all its named graphs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.model import EntityType, fold_name
from kg.rdf import iris
from kg.rdf.vocab import KG, term
from kg.registry import EventType, event_types


@dataclass(frozen=True)
class EntityNode:
    """A predicted entity node."""

    iri: Node
    types: frozenset[EntityType]
    label: str  # as written, for the report
    names: tuple[tuple[str, int], ...]  # (folded form, 0 for rdfs:label / 1 for altLabel)
    links: frozenset[str]  # Wikidata Q-ids of its owl:sameAs


@dataclass(frozen=True)
class PredEvent:
    iri: Node
    type: EventType
    args: tuple[tuple[str, Node], ...]  # (role, entity node), sorted
    dates: frozenset[str]


class GraphView:
    """The entity and event nodes of a graph, over the union of its named graphs."""

    def __init__(self, graph: Dataset | Graph) -> None:
        self.graph = _union(graph)
        self.entities = {n.iri: n for n in self._entities()}
        self.linked = any(n.links for n in self.entities.values())  # was the build linked at all
        self.events = sorted(self._events(), key=lambda e: str(e.iri))

    def derived_from(self, article: URIRef) -> frozenset[Node]:
        return frozenset(self.graph.subjects(PROV.wasDerivedFrom, article))

    def has_article(self, article: URIRef) -> bool:
        return (article, RDF.type, KG.Article) in self.graph or bool(self.derived_from(article))

    def _entities(self) -> Iterable[EntityNode]:
        typed: dict[Node, set[EntityType]] = defaultdict(set)
        for type_ in EntityType:
            for node in self.graph.subjects(RDF.type, term(type_.value)):
                typed[node].add(type_)
        for node, types in typed.items():
            labels = [str(v) for v in self.graph.objects(node, RDFS.label)]
            alts = [str(v) for v in self.graph.objects(node, SKOS.altLabel)]
            names = tuple(sorted({(fold_name(v), 0) for v in labels} | {(fold_name(v), 1) for v in alts}))
            links = frozenset(
                str(o)[len(iris.WIKIDATA_ENTITY) :]
                for o in self.graph.objects(node, OWL.sameAs)
                if str(o).startswith(iris.WIKIDATA_ENTITY)
            )
            yield EntityNode(node, frozenset(types), min(labels, default=str(node)), names, links)

    def _events(self) -> Iterable[PredEvent]:
        for type_ in event_types():
            for node in set(self.graph.subjects(RDF.type, term(type_.name))):
                args = tuple(
                    sorted(
                        (
                            (role.term, value)
                            for role in type_.roles
                            for value in self.graph.objects(node, term(role.term))
                        ),
                        key=lambda a: (a[0], str(a[1])),
                    )
                )
                dates = frozenset(str(v) for v in self.graph.objects(node, KG.date))
                yield PredEvent(node, type_, args, dates)


def _union(graph: Dataset | Graph) -> Graph:
    """One graph holding every triple: a Dataset's triples() sees only its default graph."""
    if not isinstance(graph, Dataset):
        return graph  # a Graph, or a ConjunctiveGraph whose triples() already spans contexts
    union = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
