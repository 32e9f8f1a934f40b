"""The SHACL shapes, one fixture graph at a time (tests/data/shapes/).

Every fixture is parsed together with _base.ttl (one article and the entities it names,
all conforming) and validated with kg.validation.validate. A fixture whose name ends in
``-ok`` must conform; every other one must be reported with exactly the (focus, shape)
pairs listed here. Every shape has at least one violating fixture.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from kg.rdf.vocab import KG
from kg.validation import ValidationReport, shapes_graph, validate

DATA = Path(__file__).parent / "data" / "shapes"
ID = "https://w3id.org/newskg/id/"
KGSH = "https://w3id.org/newskg/shapes#"
SH = Namespace("http://www.w3.org/ns/shacl#")
BLANK = "_:"  # stands for any blank node focus

MEETING, TREATY, DEPLOYMENT = "event/meeting", "event/treaty", "event/deployment"
OPERATION, STATEMENT = "event/operation", "event/statement"
PUTIN, EVIDENCE = "person/vladimir-putin", "evidence/a1-120-260"

#: fixture -> the (focus, shape) pairs it must be reported with; IRIs relative to id/ and kgsh:.
CASES: dict[str, set[tuple[str, str]]] = {
    "article-ok": set(),
    "article-two-headlines": {("article/a1", "Article-headline")},
    "article-date-string": {("article/a2", "Article-datePublished")},
    "article-url-iri": {("article/a2", "Article-url")},
    "entity-ok": set(),
    "entity-two-labels": {(PUTIN, "Entity-label")},
    "entity-without-derivation": {("person/sergei-lavrov", "Entity-derivedFrom")},
    "entity-altlabel-language": {(PUTIN, "Entity-altLabel")},
    "entity-bad-sameas": {(PUTIN, "Entity-sameAs")},
    "entity-bad-confidence": {(PUTIN, "Entity-linkConfidence")},
    "entity-confidence-double": {(PUTIN, "Entity-linkConfidence")},
    "blank-nodes": {
        (BLANK, f"{cls}Shape")
        for cls in (
            "Article",
            "Entity",
            "Person",
            "Country",
            "Organization",
            "Place",
            "Event",
            "TreatySigning",
            "MilitaryDeployment",
            "MilitaryOperation",
            "Statement",
            "Evidence",
        )
    },
    "meeting-ok": set(),
    "event-blank-node": {(BLANK, "MeetingShape")},
    "event-without-evidence": {(MEETING, "Event-evidence")},
    "event-without-derivation": {(MEETING, "Event-derivedFrom")},
    "event-date-string": {(MEETING, "Event-date")},
    "event-date-invalid": {(MEETING, "Event-date")},
    "event-two-dates": {(MEETING, "Event-date")},
    "event-two-labels": {(MEETING, "Event-label")},
    "event-bad-cameo": {(MEETING, "Event-cameoCode")},
    "event-trigger-iri": {(MEETING, "Event-trigger")},
    "event-claimed-in-meeting": {(MEETING, "Event-claimedIn")},
    "event-optional-string": {(OPERATION, "Event-optional")},
    "event-role-literal": {(MEETING, "Event-roles"), ('"Xi Jinping"', "RoleValue-typed")},
    "event-role-dangling": {("person/xi-jinping", "RoleValue-typed")},
    "evidence-start-after-end": {(EVIDENCE, "Evidence-offsetOrder")},
    "evidence-empty-span": {(EVIDENCE, "Evidence-offsetOrder")},
    "evidence-negative-offset": {(EVIDENCE, "Evidence-startOffset")},
    # a string end offset is both the wrong type and not comparable with the start
    "evidence-end-offset-string": {(EVIDENCE, "Evidence-endOffset"), (EVIDENCE, "Evidence-offsetOrder")},
    "evidence-two-sentences": {(EVIDENCE, "Evidence-sentence")},
    "evidence-without-article": {(EVIDENCE, "Evidence-derivedFrom")},
    "meeting-one-participant": {(MEETING, "Meeting-participant-count")},
    "meeting-participant-is-place": {(MEETING, "Meeting-participant-type")},
    "meeting-place-is-person": {(MEETING, "Meeting-place-type")},
    "treaty-ok": set(),
    "treaty-no-party": {(TREATY, "TreatySigning-party-count")},
    "treaty-one-side": {(TREATY, "TreatySigning-partyOrSignatory-count")},
    "treaty-party-is-person": {(TREATY, "TreatySigning-party-type")},
    "treaty-signatory-is-country": {(TREATY, "TreatySigning-signatory-type")},
    "treaty-place-is-person": {(TREATY, "TreatySigning-place-type")},
    "treaty-name-iri": {(TREATY, "TreatySigning-treaty")},
    "deployment-ok": set(),
    "deployment-without-deployedby": {(DEPLOYMENT, "MilitaryDeployment-deployedBy-count")},
    "deployment-deployedby-is-place": {(DEPLOYMENT, "MilitaryDeployment-deployedBy-type")},
    "deployment-destination-is-person": {(DEPLOYMENT, "MilitaryDeployment-destination-type")},
    "deployment-insupportof-is-person": {(DEPLOYMENT, "MilitaryDeployment-inSupportOf-type")},
    "operation-ok": set(),
    "operation-no-attacker-no-target": {(OPERATION, "MilitaryOperation-attackerOrTarget")},
    "operation-attacker-is-place": {(OPERATION, "MilitaryOperation-attacker-type")},
    "operation-target-is-person": {(OPERATION, "MilitaryOperation-target-type")},
    "statement-ok": set(),
    "statement-without-speaker": {(STATEMENT, "Statement-speaker-count")},
    "statement-speaker-is-place": {(STATEMENT, "Statement-speaker-type")},
    "statement-addressee-is-place": {(STATEMENT, "Statement-addressee-type")},
    "statement-quote-iri": {(STATEMENT, "Statement-quote")},
}


def fixture_graph(name: str) -> Graph:
    graph = Graph()
    graph.parse(DATA / "_base.ttl")
    graph.parse(DATA / f"{name}.ttl")
    return graph


def reported(report: ValidationReport) -> set[tuple[str, str]]:
    def focus(text: str) -> str:
        return BLANK if text.startswith(BLANK) else text.removeprefix(ID)

    return {(focus(v.focus), v.shape.removeprefix(KGSH)) for v in report.violations}


def named_shapes() -> set[URIRef]:
    graph = shapes_graph()
    kinds = (SH.NodeShape, SH.PropertyShape)
    return {s for k in kinds for s in graph.subjects(RDF.type, k) if isinstance(s, URIRef)}


def test_base_graph_conforms() -> None:
    graph = Graph().parse(DATA / "_base.ttl")
    assert validate(graph) == ValidationReport(conforms=True, violations=())


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_is_reported_as_expected(name: str) -> None:
    report = validate(fixture_graph(name))
    assert report.conforms == (not CASES[name])
    assert reported(report) == CASES[name]


@pytest.mark.parametrize("name", sorted(n for n, expected in CASES.items() if expected))
def test_violation_carries_its_shapes_message_path_and_severity(name: str) -> None:
    shapes = shapes_graph()
    for violation in validate(fixture_graph(name)).violations:
        shape = URIRef(violation.shape)
        assert violation.message == str(shapes.value(shape, SH.message))
        assert violation.severity == "Violation"
        path = shapes.value(shape, SH.path)
        assert violation.path == (str(path) if isinstance(path, URIRef) else None)


def test_every_fixture_file_is_a_case() -> None:
    files = {p.stem for p in DATA.glob("*.ttl") if not p.name.startswith("_")}
    assert files == set(CASES)


def test_every_shape_has_a_violating_fixture() -> None:
    covered = {KGSH + shape for expected in CASES.values() for _, shape in expected}
    assert {str(s) for s in named_shapes()} == covered


def test_every_class_has_a_node_shape() -> None:
    shapes = shapes_graph()
    targeted = {o for s in shapes.subjects(RDF.type, SH.NodeShape) for o in shapes.objects(s, SH.targetClass)}
    classes = {KG.Article, KG.Entity, KG.Person, KG.Country, KG.Organization, KG.Place, KG.Event}
    classes |= {KG.Meeting, KG.TreatySigning, KG.MilitaryDeployment, KG.MilitaryOperation}
    classes |= {KG.Statement, KG.Evidence}
    assert classes <= targeted


def test_every_shape_has_a_name_and_a_message() -> None:
    shapes = shapes_graph()
    for shape in named_shapes():
        name, message = shapes.value(shape, SH.name), shapes.value(shape, SH.message)
        assert isinstance(name, Literal) and str(name), shape
        assert isinstance(message, Literal) and len(str(message)) > 30, shape


def test_the_shipped_event_shapes_are_generated_from_the_registry() -> None:
    """kg/shapes/events.ttl is what scripts/gen_shapes.py writes for the registered types, and
    the shapes kg validates with hold exactly those event shapes."""
    from kg.rdf.shapes import event_shapes
    from kg.registry import event_types

    shipped = (Path(__file__).parent.parent / "kg" / "shapes" / "events.ttl").read_text(encoding="utf-8")
    assert shipped == event_shapes(event_types()), "run: python scripts/gen_shapes.py"
    ground = {t for t in Graph().parse(data=shipped, format="turtle") if not any(isinstance(x, BNode) for x in t)}
    assert ground <= set(shapes_graph())


def test_every_role_of_every_type_has_a_type_shape_listing_what_it_accepts() -> None:
    from kg.registry import event_types

    shapes = shapes_graph()
    for type_ in event_types():
        for role in type_.roles:
            shape = URIRef(f"{KGSH}{type_.name}-{role.term}-type")
            listed = set(shapes.items(shapes.value(shape, SH["in"])))
            assert listed == {KG[t.value] for t in role.accepts}, shape


def test_shapes_use_only_ontology_terms() -> None:
    used = {t for triple in shapes_graph() for t in triple if isinstance(t, URIRef)}
    kg_terms = {t for t in used if t.startswith(str(KG._NS))}
    assert kg_terms
    for term in kg_terms:
        getattr(KG, term.removeprefix(str(KG._NS)))  # the closed namespace raises on unknown terms
