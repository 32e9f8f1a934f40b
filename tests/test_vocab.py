"""The ontology (ontology/kg.ttl, shipped as kg.ontology) and the closed namespace made from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

import kg.rdf.vocab
from kg.model import EntityType
from kg.rdf.vocab import KG
from kg.registry import event_types

ROOT = Path(__file__).resolve().parent.parent
# plain Namespaces: pytest probes module globals, and closed DefinedNamespaces warn on that
SDO = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = Namespace("http://www.wikidata.org/entity/")
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
SHAPE_DATA = ROOT / "tests" / "data" / "shapes"
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def gen_vocab() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_vocab", ROOT / "scripts" / "gen_vocab.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ontology(gen_vocab: ModuleType) -> Graph:
    graph: Graph = gen_vocab.load_ontology()
    return graph


def kg_terms(ontology: Graph, *kinds: URIRef) -> set[URIRef]:
    return {
        s
        for kind in kinds
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(str(KG._NS))
    }


def english(ontology: Graph, term: URIRef, predicate: URIRef) -> list[str]:
    return [str(o) for o in ontology.objects(term, predicate) if isinstance(o, Literal) and o.language == "en"]


def test_committed_vocab_is_generated_from_the_ontology(gen_vocab: ModuleType, ontology: Graph) -> None:
    committed = Path(kg.rdf.vocab.__file__).read_text(encoding="utf-8")
    assert gen_vocab.render(ontology) == committed, "run: python scripts/gen_vocab.py"


def test_vocab_is_closed() -> None:
    assert KG.Meeting == URIRef("https://w3id.org/newskg/ontology#Meeting")
    with pytest.raises(AttributeError):
        KG.Meating  # noqa: B018 - the lookup itself is what is tested


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for predicate in (OWL.versionInfo, OWL.versionIRI, URIRef("http://purl.org/dc/terms/license")):
        assert ontology.value(ONTOLOGY_IRI, predicate) is not None, predicate
    assert english(ontology, ONTOLOGY_IRI, RDFS.label)
    assert english(ontology, ONTOLOGY_IRI, RDFS.comment)


def test_every_term_has_one_kind_an_english_label_and_a_comment(ontology: Graph) -> None:
    terms = kg_terms(ontology, OWL.Class, *PROPERTY_KINDS)
    assert len(terms) == 37
    for term in terms:
        kinds = {k for k in (OWL.Class, *PROPERTY_KINDS) if (term, RDF.type, k) in ontology}
        assert len(kinds) == 1, term
        assert len(english(ontology, term, RDFS.label)) == 1, term
        assert len(english(ontology, term, RDFS.comment)) == 1, term


def test_model_types_and_roles_are_ontology_terms(ontology: Graph) -> None:
    classes = kg_terms(ontology, OWL.Class)
    assert {KG[t.value] for t in EntityType} | {KG[t.name] for t in event_types()} <= classes
    for event_type in event_types():
        assert (KG[event_type.name], RDFS.subClassOf, KG.Event) in ontology
        assert event_type.cameo.isdigit() and 2 <= len(event_type.cameo) <= 4
        for role in event_type.roles:
            assert (KG[role.term], RDF.type, OWL.ObjectProperty) in ontology, role
            assert (KG[role.term], RDFS.subPropertyOf, KG.involves) in ontology, role
    for entity_type in EntityType:
        assert (KG[entity_type.value], RDFS.subClassOf, KG.Entity) in ontology


def test_every_property_has_a_domain_or_says_why_not(ontology: Graph) -> None:
    for prop in kg_terms(ontology, *PROPERTY_KINDS):
        if ontology.value(prop, RDFS.domain) is None:
            assert "domain" in " ".join(english(ontology, prop, RDFS.comment)), prop


def test_object_properties_range_over_classes_datatype_properties_over_datatypes(ontology: Graph) -> None:
    for prop in kg_terms(ontology, OWL.ObjectProperty):
        target = ontology.value(prop, RDFS.range)
        assert target is not None, prop
        members = list(ontology.items(ontology.value(target, OWL.unionOf))) or [target]
        assert all((m, RDF.type, OWL.Class) in ontology for m in members), prop
    for prop in kg_terms(ontology, OWL.DatatypeProperty):
        target = ontology.value(prop, RDFS.range)
        assert target is not None, prop
        members = list(ontology.items(ontology.value(target, OWL.unionOf))) or [target]
        assert all(str(m).startswith(str(XSD)) for m in members), prop


def test_every_superclass_and_superproperty_is_declared(ontology: Graph) -> None:
    for _, parent in ontology.subject_objects(RDFS.subClassOf):
        assert (parent, RDF.type, OWL.Class) in ontology, parent
    for _, parent in ontology.subject_objects(RDFS.subPropertyOf):
        assert any((parent, RDF.type, k) in ontology for k in PROPERTY_KINDS), parent


def test_external_terms_are_declared_but_not_redefined(ontology: Graph) -> None:
    used = [SDO.headline, SDO.datePublished, SDO.publisher, SDO.url, SDO.author]
    used += [PROV.wasDerivedFrom, SKOS.altLabel, PROV.Entity, SDO.NewsArticle, SEM.Event]
    for term in used:
        assert ontology.value(term, RDF.type) is not None, term
        described = set(ontology.predicates(term, None)) - {RDF.type}
        assert not described, f"{term} is redefined with {described}"


def test_alignment(ontology: Graph) -> None:
    expected = [
        (KG.Article, RDFS.subClassOf, SDO.NewsArticle),
        (KG.Article, RDFS.subClassOf, PROV.Entity),
        (KG.Event, RDFS.subClassOf, SDO.Event),
        (KG.Event, RDFS.subClassOf, SEM.Event),
        (KG.Event, RDFS.subClassOf, PROV.Entity),
        (KG.Evidence, RDFS.subClassOf, PROV.Entity),
        (KG.Person, RDFS.subClassOf, SDO.Person),
        (KG.Country, RDFS.subClassOf, SDO.Country),
        (KG.Organization, RDFS.subClassOf, SDO.Organization),
        (KG.Place, RDFS.subClassOf, SDO.Place),
        (KG.participant, RDFS.subPropertyOf, SEM.hasActor),
        (KG.place, RDFS.subPropertyOf, SEM.hasPlace),
        (KG.date, RDFS.subPropertyOf, SEM.hasTimeStamp),
        (KG.Person, RDFS.seeAlso, WD.Q5),
        (KG.Country, RDFS.seeAlso, WD.Q3624078),
        (KG.Organization, RDFS.seeAlso, WD.Q43229),
        (KG.TreatySigning, RDFS.seeAlso, WD.Q131569),
    ]
    missing = [t for t in expected if t not in ontology]
    assert not missing


def owl_rl_errors(ontology: Graph, *fixtures: str) -> list[str]:
    """The inconsistencies OWL RL reasoning finds in the ontology plus fixture data.

    owlrl comes with pySHACL; it records each inconsistency as an agent-ont#error triple.
    """
    import owlrl

    graph = Graph()
    graph += ontology
    for name in fixtures:
        graph.parse(SHAPE_DATA / f"{name}.ttl")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return [str(o) for o in graph.objects(None, OWLRL_ERROR)]


def test_ontology_is_consistent_with_the_graphs_kg_writes(ontology: Graph) -> None:
    conforming = [p.stem for p in SHAPE_DATA.glob("*-ok.ttl")]
    assert len(conforming) == 7
    assert owl_rl_errors(ontology, "_base", *conforming) == []


def test_a_reasoner_rejects_a_person_who_is_also_a_country(ontology: Graph) -> None:
    with_error = Graph()
    with_error += ontology
    with_error.add((URIRef("https://w3id.org/newskg/id/person/vladimir-putin"), RDF.type, KG.Country))
    errors = owl_rl_errors(with_error, "_base")
    assert len(errors) == 1 and "Disjoint classes" in errors[0]


def test_ontology_holds_no_instance_data(ontology: Graph) -> None:
    assert not [t for t in ontology if any(str(x).startswith("https://w3id.org/newskg/id/") for x in t)]


def test_the_plain_string_namespaces_agree_with_the_vocabularies():
    """kg.rdf.prefixes spells the namespaces out so that querying a store needs no rdflib."""
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

    from kg.rdf import prefixes
    from kg.rdf.mapping import SCHEMA
    from kg.rdf.vocab import KG

    assert str(KG._NS) == prefixes.KG
    assert str(SCHEMA) == prefixes.SCHEMA
    spelled = (prefixes.PROV, prefixes.SKOS, prefixes.OWL, prefixes.RDF, prefixes.RDFS, prefixes.XSD, prefixes.DCTERMS)
    assert spelled == tuple(map(str, (PROV, SKOS, OWL, RDF, RDFS, XSD, DCTERMS)))
