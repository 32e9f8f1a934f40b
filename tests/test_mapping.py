"""kg.rdf.mapping: a KnowledgeBase becomes the documented named-graph dataset."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from samples import BEIJING, KIM, KURSK, PUTIN, RUSSIA, sample_kb, union

from kg.model import KnowledgeBase, TimeValue
from kg.rdf import iris
from kg.rdf.mapping import SCHEMA, to_dataset, to_quads, union_graph
from kg.rdf.vocab import KG

KB = sample_kb()
A, B, TPA = (iris.article_iri(article) for article in KB.articles)
EVENTS = {event.type.value + "|" + (event.date.value if event.date else ""): event for event in KB.events}
MEETING = iris.event_iri(EVENTS["Meeting|2025-09-03"])


def test_merged_graph_is_the_default_graph_and_each_article_graph_holds_its_evidence():
    dataset = to_dataset(KB)
    names = {graph.identifier for graph in dataset.graphs() if len(graph)}
    assert names == {A, B, TPA, URIRef("urn:x-rdflib:default")}
    default = dataset.default_graph
    putin = iris.entity_iri(PUTIN)
    assert (putin, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q7747")) in default
    assert (putin, RDF.type, KG.Person) in default
    for name in (A, B, TPA):
        graph = dataset.graph(name)
        assert set(graph.predicates()) <= {
            KG.evidence,
            RDF.type,
            KG.sentence,
            KG.startOffset,
            KG.endOffset,
            PROV.wasDerivedFrom,
        }
        assert set(graph.objects(None, PROV.wasDerivedFrom)) == {name}  # only evidence of this article
        assert (None, KG.evidence, None) in graph


def test_every_triple_is_in_exactly_one_graph():
    quads = to_quads(KB)
    triples = [(s, p, o) for s, p, o, _ in quads]
    assert len(triples) == len(set(triples))


def test_link_confidence_is_a_decimal_rounded_to_three_places():
    default = to_dataset(KB).default_graph
    confidence = default.value(iris.entity_iri(PUTIN), KG.linkConfidence)
    assert confidence == Literal(Decimal("0.951"))
    assert confidence.datatype == XSD.decimal
    kursk = iris.entity_iri(KURSK)
    assert (kursk, OWL.sameAs, None) not in default  # no Q-id, no link triples
    assert (kursk, KG.linkConfidence, None) not in default


def test_article_node():
    graph = to_dataset(KB).default_graph
    assert (TPA, RDF.type, KG.Article) in graph
    assert (TPA, SCHEMA.headline, Literal("Obama and Medvedev sign nuclear arms treaty in Prague")) in graph
    assert (TPA, SCHEMA.datePublished, Literal("2010-04-08", datatype=XSD.date)) in graph
    assert (TPA, SCHEMA.publisher, Literal("Transatlantic Press Agency")) in graph
    url = "https://example.org/tpa/2010/04/08/new-start-signed-prague"
    assert (TPA, SCHEMA.url, Literal(url, datatype=XSD.anyURI)) in graph
    assert (A, SCHEMA.publisher, None) not in graph  # the seed names no outlet
    assert (A, SCHEMA.url, None) not in graph


def test_entity_is_derived_from_each_supporting_article():
    default = to_dataset(KB).default_graph
    kim = iris.entity_iri(KIM)
    assert kim == URIRef("https://w3id.org/newskg/id/person/kim-jong-un")
    assert (kim, RDF.type, KG.Person) in default
    assert (kim, RDFS.label, Literal("Kim Jong-un")) in default
    assert (kim, SKOS.altLabel, Literal("Kim")) in default
    assert set(default.objects(kim, PROV.wasDerivedFrom)) == {A, B}
    putin = iris.entity_iri(PUTIN)
    assert set(default.objects(putin, PROV.wasDerivedFrom)) == {A, B, TPA}
    assert set(default.objects(putin, SKOS.altLabel)) == {Literal("Putin"), Literal("The Russian president")}


def test_meeting_triples_and_per_article_evidence():
    dataset = to_dataset(KB)
    beijing = iris.entity_iri(BEIJING)
    default = dataset.default_graph
    assert (MEETING, RDF.type, KG.Meeting) in default
    assert (MEETING, RDFS.label, Literal("Meeting: Kim Jong-un, Vladimir Putin (2025-09-03)")) in default
    assert set(default.objects(MEETING, KG.participant)) == {iris.entity_iri(KIM), iris.entity_iri(PUTIN)}
    assert (MEETING, KG.place, beijing) in default
    assert (MEETING, KG.date, Literal("2025-09-03", datatype=XSD.date)) in default
    assert (MEETING, KG.cameoCode, Literal("040")) in default
    assert (MEETING, KG.trigger, Literal("meet")) in default
    assert (MEETING, KG.optional, None) not in default
    assert set(default.objects(MEETING, PROV.wasDerivedFrom)) == {A, B}
    for name in (A, B):
        graph = dataset.graph(name)
        (evidence,) = graph.objects(MEETING, KG.evidence)  # this article's sentence only
        assert (evidence, PROV.wasDerivedFrom, name) in graph
        assert (MEETING, RDF.type, None) not in graph
    evidence = next(e for e in EVENTS["Meeting|2025-09-03"].evidence if e.article_id == KB.articles[1].id)
    node = iris.evidence_iri(evidence)
    graph = dataset.graph(B)
    assert (node, RDF.type, KG.Evidence) in graph
    assert (node, KG.sentence, Literal("Putin and Kim met for bilateral talks in Beijing")) in graph
    assert (node, KG.startOffset, Literal(evidence.start, datatype=XSD.integer)) in graph
    assert (node, KG.endOffset, Literal(evidence.end, datatype=XSD.integer)) in graph
    assert KB.articles[1].text[evidence.start : evidence.end] == "Putin and Kim met for bilateral talks in Beijing"


def test_dates_are_typed_by_precision():
    dataset = union(to_dataset(KB))
    treaty = iris.event_iri(EVENTS["TreatySigning|2024-06"])
    assert (treaty, KG.date, Literal("2024-06", datatype=XSD.gYearMonth)) in dataset
    assert (treaty, KG.treaty, Literal("comprehensive cooperation treaty")) in dataset
    assert (treaty, RDFS.label, Literal("Treaty signing: North Korea, Russia (2024-06)")) in dataset
    deployment = iris.event_iri(EVENTS["MilitaryDeployment|"])
    assert (deployment, KG.date, None) not in dataset
    label = "Military deployment: North Korea, Kursk Oblast, Russia"
    assert (deployment, RDFS.label, Literal(label)) in dataset


def test_year_precision_is_gyear():
    event = EVENTS["MilitaryOperation|2024-08"]
    year = KnowledgeBase(KB.articles, KB.entities, (dataclasses.replace(event, date=TimeValue("2024")),))
    dataset = union(to_dataset(year))
    assert (iris.event_iri(event), KG.date, Literal("2024", datatype=XSD.gYear)) in dataset


def test_statement_claim_and_optional():
    dataset = to_dataset(KB)
    everything = union(dataset)
    kim_said = iris.event_iri(EVENTS["Statement|2025-09-03"])
    assert (kim_said, KG.speaker, iris.entity_iri(KIM)) in everything
    assert (kim_said, KG.addressee, iris.entity_iri(PUTIN)) in everything
    assert (kim_said, RDFS.label, Literal("Statement: Kim Jong-un, Vladimir Putin (2025-09-03)")) in everything
    assert str(everything.value(kim_said, KG.quote)).startswith("North Koreans view Russians as their brothers")
    claim = iris.event_iri(EVENTS["Statement|2025-04"])
    expulsion = iris.event_iri(EVENTS["MilitaryOperation|2025-04"])
    assert (expulsion, KG.claimedIn, claim) in dataset.default_graph
    assert (expulsion, KG.optional, Literal(True)) in everything
    assert everything.value(expulsion, KG.optional).datatype == XSD.boolean
    deployment = iris.event_iri(EVENTS["MilitaryDeployment|"])
    assert (deployment, KG.claimedIn, claim) in everything
    assert (deployment, KG.inSupportOf, iris.entity_iri(RUSSIA)) in everything


def test_no_blank_nodes_and_prefixes_bound():
    dataset = to_dataset(KB)
    for s, _, o, _ in dataset.quads((None, None, None, None)):
        assert not isinstance(s, BNode) and not isinstance(o, BNode)
    prefixes = dict(dataset.namespaces())
    assert prefixes["kgr"] == URIRef("https://w3id.org/newskg/id/")
    assert prefixes["kg"] == URIRef("https://w3id.org/newskg/ontology#")
    assert prefixes["schema"] == URIRef("https://schema.org/")
    instance_prefixes = {p for p, ns in prefixes.items() if ns.startswith("https://w3id.org/newskg/id/")}
    # the base and one per kind of instance: a fixed set, never one per article
    assert instance_prefixes == {"kgr", "article", "country", "event", "evidence", "organization", "person", "place"}


def test_same_knowledge_base_in_another_order_gives_the_same_quads():
    shuffled = KnowledgeBase(KB.articles[::-1], KB.entities[::-1], KB.events[::-1])
    assert set(to_dataset(shuffled).quads()) == set(to_dataset(KB).quads())


def test_union_graph_holds_each_triple_of_every_graph_once():
    quads = to_quads(KB)
    graph = union_graph(quads)
    assert set(graph) == set(union(to_dataset(KB)))
    assert len(graph) == len(quads)  # each triple in one graph only
    assert dict(graph.namespaces())["kgr"] == URIRef(iris.BASE)
