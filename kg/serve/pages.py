"""What the HTML pages show: an entity's or event's description read from the store.

A resource's page and its RDF (Turtle, JSON-LD, N-Triples at the same path) come from one
CONSTRUCT query, ``describe(iri)``: the node's own triples, those of the nodes it points to
(its evidence, its articles, the entities filling its roles) and, for what points to it (the
events an entity takes part in), their type, label and date. ``Resource.of`` turns those
triples into what the page shows; the page is so a rendering of the RDF served beside it.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.rdf import iris
from kg.rdf.mapping import PREFIXES
from kg.rdf.vocab import KG
from kg.registry import event_types

#: Where a deployment serves the IRIs: https://w3id.org/newskg/id/X is dereferenced at /id/X.
LOCAL_BASE = "/id/"

_TYPE, _LABEL, _ALT = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)
_SAME_AS, _DERIVED = str(OWL.sameAs), str(PROV.wasDerivedFrom)
_EVIDENCE, _DATE = str(KG.evidence), str(KG.date)
_SENTENCE, _START, _END = str(KG.sentence), str(KG.startOffset), str(KG.endOffset)
_SCHEMA = PREFIXES["schema"]
_NAMING = (_LABEL, _SCHEMA + "headline", _SENTENCE)
_REPLACED = str(DCTERMS.isReplacedBy)
_SHOWN_APART = {_TYPE, _LABEL, _ALT, _SAME_AS, _DERIVED, _EVIDENCE, _DATE, _REPLACED}


def describe(iri: str) -> str:
    """The CONSTRUCT query for ``iri``'s description (ValueError if ``iri`` is no IRI).

    It reads every graph: the merged default graph and the articles' named graphs, which hold
    the evidence (kg's layout, kg.rdf.mapping), each triple being in one graph only.
    """
    node = str(ox.NamedNode(iri))  # validated, so it cannot break out of the query
    names = "rdf:type, rdfs:label, schema:headline, kg:sentence, kg:date"
    return f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ VALUES ?s {{ {node} }} {_anywhere("?s ?p ?o")} }}
  UNION {{ {_anywhere(f"{node} ?link ?s", "?in")} FILTER(isIRI(?s)) {_anywhere("?s ?p ?o")} }}
  UNION {{ VALUES ?o {{ {node} }} {_anywhere("?s ?p ?o")} }}
  UNION {{ {_anywhere(f"?s ?link {node}", "?in")} {_anywhere("?s ?p ?o")} FILTER(?p IN ({names})) }}
}}"""


def _anywhere(pattern: str, graph: str = "?g") -> str:
    """``pattern`` matched in the default graph or in any named graph."""
    return f"{{ {{ {pattern} }} UNION {{ GRAPH {graph} {{ {pattern} }} }} }}"


def local_path(iri: str) -> str | None:
    """Where this server shows ``iri`` (``/id/event/…``), or None if it is not one of ours."""
    return LOCAL_BASE + iri[len(iris.BASE) :] if iri.startswith(iris.BASE) else None


def iri_of(path: str) -> str:
    """The IRI a local path (``event/3ed4…``, after ``/id/``) stands for."""
    return iris.BASE + path


@dataclass(frozen=True)
class Value:
    """One value on a page: a link (to a local page or elsewhere) or a literal's text."""

    text: str
    href: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class Sentence:
    text: str
    start: str
    end: str


@dataclass(frozen=True)
class Source:
    """An article a resource is derived from, with the sentences of it that support it."""

    article: Value
    publisher: str | None
    published: str | None
    url: str | None
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Resource:
    """What an entity's or event's page shows."""

    iri: str
    label: str
    types: tuple[str, ...]
    date: str | None
    alt_labels: tuple[str, ...]
    roles: tuple[tuple[str, tuple[Value, ...]], ...]  # an event's roles and who fills them
    part_in: tuple[tuple[Value, str, str | None], ...]  # events an entity takes part in: event, role, date
    sources: tuple[Source, ...]
    wikidata: tuple[Value, ...]
    facts: tuple[tuple[str, tuple[Value, ...]], ...]  # every other property
    referrers: tuple[tuple[Value, str], ...] = field(default=())  # other nodes pointing to it
    #: the nodes that now hold what a retired IRI stood for (dcterms:isReplacedBy, kg load)
    replaced_by: tuple[Value, ...] = field(default=())
    #: the retired IRIs that now lead here
    formerly: tuple[Value, ...] = field(default=())

    @staticmethod
    def of(iri: str, triples: Iterable[ox.Triple]) -> Resource | None:
        """The page of ``iri`` from its description; None when the store says nothing of it."""
        graph = _Graph(triples)
        own = graph.out.get(iri)
        if not own:
            return None
        roles = role_terms()
        return Resource(
            iri=iri,
            label=graph.label(iri),
            types=tuple(sorted(_capitalised(term_label(t.value)) for t in own.get(_TYPE, ()))),
            date=next(iter(_texts(own.get(_DATE, ()))), None),
            alt_labels=tuple(sorted(_texts(own.get(_ALT, ())))),
            roles=tuple(
                (term_label(p), tuple(graph.value(o) for o in sorted(own[p], key=str)))
                for p in sorted(own)
                if p in roles
            ),
            part_in=graph.part_in(iri, roles),
            sources=graph.sources(iri),
            wikidata=tuple(
                graph.value(o)
                for o in sorted(own.get(_SAME_AS, ()), key=str)
                if o.value.startswith(iris.WIKIDATA_ENTITY)
            ),
            facts=tuple(
                (term_label(p), tuple(graph.value(o) for o in sorted(own[p], key=str)))
                for p in sorted(own)
                if p not in roles and p not in _SHOWN_APART
            ),
            referrers=graph.referrers(iri, roles),
            replaced_by=tuple(graph.value(o) for o in sorted(own.get(_REPLACED, ()), key=str)),
            formerly=tuple(
                Value(old, local_path(old), old) for old, p in sorted(graph.into.get(iri, ())) if p == _REPLACED
            ),
        )


class _Graph:
    """The description's triples, indexed by subject and by object."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.out: dict[str, dict[str, set[ox.NamedNode | ox.Literal]]] = defaultdict(lambda: defaultdict(set))
        self.into: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for triple in set(triples):  # a CONSTRUCT may give a triple more than once
            if not isinstance(triple.subject, ox.NamedNode) or isinstance(triple.object, (ox.BlankNode, ox.Triple)):
                continue  # kg writes no blank nodes and no RDF-star
            self.out[triple.subject.value][triple.predicate.value].add(triple.object)
            if isinstance(triple.object, ox.NamedNode):
                self.into[triple.object.value].append((triple.subject.value, triple.predicate.value))

    def label(self, iri: str) -> str:
        """Its rdfs:label; an article's headline; evidence's sentence; else its IRI's end."""
        for predicate in _NAMING:
            names = sorted(_texts(self._of(iri, predicate)))
            if names:
                return names[0]
        return iri.rsplit("/", 1)[-1]

    def value(self, term: ox.NamedNode | ox.Literal) -> Value:
        if isinstance(term, ox.Literal):
            return Value(term.value)
        path = local_path(term.value)
        text = self.label(term.value) if path else term.value
        return Value(text, path or term.value, term.value)

    def part_in(self, iri: str, roles: frozenset[str]) -> tuple[tuple[Value, str, str | None], ...]:
        rows = [
            (self.value(ox.NamedNode(event)), term_label(role), next(iter(_texts(self._of(event, _DATE))), None))
            for event, role in self.into.get(iri, ())
            if role in roles
        ]
        # earliest first, undated last, as the ready queries order events
        return tuple(sorted(rows, key=lambda row: (row[2] is None, row[2] or "", row[0].text, row[1])))

    def referrers(self, iri: str, roles: frozenset[str]) -> tuple[tuple[Value, str], ...]:
        """Nodes pointing to ``iri`` other than through a role or its own evidence."""
        rows = [
            (self.value(ox.NamedNode(subject)), term_label(predicate))
            for subject, predicate in self.into.get(iri, ())
            if predicate not in roles and predicate != _REPLACED and subject != iri
        ]
        return tuple(sorted(rows, key=lambda row: (row[1], row[0].text)))

    def sources(self, iri: str) -> tuple[Source, ...]:
        sentences: dict[str, list[Sentence]] = defaultdict(list)
        for evidence in self._of(iri, _EVIDENCE):
            for article in self._of(evidence.value, _DERIVED):
                for text in _texts(self._of(evidence.value, _SENTENCE)):
                    start = next(iter(_texts(self._of(evidence.value, _START))), "")
                    end = next(iter(_texts(self._of(evidence.value, _END))), "")
                    sentences[article.value].append(Sentence(text, start, end))
        found = []
        for article in sorted(self._of(iri, _DERIVED), key=str):
            found.append(
                Source(
                    article=self.value(article),
                    publisher=self._first(article.value, "publisher"),
                    published=self._first(article.value, "datePublished"),
                    url=self._first(article.value, "url"),
                    sentences=tuple(sorted(sentences[article.value], key=lambda s: _number(s.start))),
                )
            )
        return tuple(found)

    def _of(self, iri: str, predicate: str) -> set[ox.NamedNode | ox.Literal]:
        return self.out.get(iri, {}).get(predicate, set())

    def _first(self, iri: str, schema_term: str) -> str | None:
        return next(iter(sorted(_texts(self._of(iri, _SCHEMA + schema_term)))), None)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _texts(terms: Iterable[ox.NamedNode | ox.Literal]) -> list[str]:
    return [term.value for term in terms]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


@functools.cache
def role_terms() -> frozenset[str]:
    """The IRIs of every registered event type's role properties."""
    return frozenset(str(KG._NS) + role.term for t in event_types() for role in t.roles)


def term_label(iri: str) -> str:
    """A class's or property's label from the ontology ("military deployment"), else its
    local name ("headline" for schema:headline)."""
    label = _labels().get(iri)
    if label:
        return label
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@functools.cache
def _labels() -> Mapping[str, str]:
    """rdfs:label of every term in the shipped ontology and the registered types' own."""
    documents = [importlib.resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()]
    documents += [t.ontology.encode("utf-8") for t in event_types() if t.ontology]
    labels: dict[str, str] = {}
    for document in documents:
        for triple in ox.parse(document, format=ox.RdfFormat.TURTLE):
            if triple.predicate.value == _LABEL and isinstance(triple.subject, ox.NamedNode):
                labels[triple.subject.value] = triple.object.value
    return labels


#: The ready queries of queries/, shipped in the package through the kg/queries link.
SHIPPED_QUERIES = Path(__file__).resolve().parents[1] / "queries"


@dataclass(frozen=True)
class ReadyQuery:
    name: str  # the file's stem: "meetings"
    title: str  # the first comment line, after the file name: "Who met whom, where and when, …"
    text: str


def ready_queries(folder: Path | None) -> tuple[ReadyQuery, ...]:
    """The ready queries (``*.rq``) in ``folder``, by name; none when there is no folder."""
    if folder is None or not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        title = first.lstrip("# ").split("—", 1)[-1].strip() if first.startswith("#") else path.stem
        found.append(ReadyQuery(path.stem, title, text))
    return tuple(found)
