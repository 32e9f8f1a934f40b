"""kg.validation: validating Datasets as a union, pruning with cascades, reports, load_graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV
from rdflib.term import Node

from kg.errors import GraphError
from kg.rdf.serialize import FORMATS
from kg.rdf.vocab import KG
from kg.validation import ValidationReport, load_graph, prune, validate

DATA = Path(__file__).parent / "data" / "shapes"
ID = "https://w3id.org/newskg/id/"
KGSH = "https://w3id.org/newskg/shapes#"

PUTIN = URIRef(ID + "person/vladimir-putin")
KIM = URIRef(ID + "person/kim-jong-un")
A1, A2 = URIRef(ID + "article/a1"), URIRef(ID + "article/a2")
Quad = tuple[Node, Node, Node, Node | None]


def quads(graph: Dataset) -> set[Quad]:
    return set(graph.quads((None, None, None, None)))


def mentions(quad: Quad, nodes: set[URIRef]) -> bool:
    return quad[0] in nodes or quad[2] in nodes


def shapes_fixture(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(DATA / name)
    return graph


def test_validate_checks_the_union_of_named_graphs() -> None:
    dataset = Dataset()
    dataset.graph(A1).parse(DATA / "_base.ttl")  # entities and their article in one graph
    dataset.add((PUTIN, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q7747")))  # default graph
    report = validate(dataset)
    assert not report.conforms
    assert [(v.focus, v.shape) for v in report.violations] == [(str(PUTIN), KGSH + "Entity-sameAs")]
    assert dataset.default_union is False  # pySHACL switched it on; validate puts it back


def test_validate_follows_references_across_named_graphs() -> None:
    dataset = Dataset()
    dataset.graph(A1).add((A1, RDF.type, KG.Article))
    person = dataset.graph(A2)
    person.add((PUTIN, RDF.type, KG.Person))
    person.add((PUTIN, RDFS.label, Literal("Vladimir Putin")))
    person.add((PUTIN, PROV.wasDerivedFrom, A1))  # the article is typed in the other graph
    assert validate(dataset) == ValidationReport(conforms=True, violations=())


def test_prune_removes_violating_nodes_from_every_graph_and_cascades() -> None:
    dataset = load_graph(DATA / "prune.trig")
    before = quads(dataset)
    report = validate(dataset)
    assert [v.focus for v in report.violations] == [str(PUTIN)]

    removed = {
        PUTIN,
        URIRef(ID + "event/meeting"),  # left with one participant
        URIRef(ID + "event/statement"),  # left without a speaker
        URIRef(ID + "evidence/a1-0-80"),  # used only by the meeting
        URIRef(ID + "evidence/a2-0-50"),  # used only by the statement
    }
    assert prune(dataset, report) == removed
    assert quads(dataset) == {q for q in before if not mentions(q, removed)}
    assert (URIRef(ID + "evidence/a1-100-180"), RDF.type, KG.Evidence, A1) in quads(dataset)
    kim_link = (KIM, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q56226"))
    assert (*kim_link, DATASET_DEFAULT_GRAPH_ID) in quads(dataset)
    assert validate(dataset).conforms


def test_prune_leaves_a_conforming_graph_alone() -> None:
    dataset = load_graph(DATA / "prune.trig")
    dataset.remove((PUTIN, RDFS.label, Literal("Vladimir Vladimirovich Putin")))
    before = quads(dataset)
    assert prune(dataset, validate(dataset)) == set()
    assert quads(dataset) == before


def test_prune_removes_a_dangling_role_value_then_the_event() -> None:
    graph = shapes_fixture("_base.ttl", "event-role-dangling.ttl")
    before = set(graph)
    removed = {
        URIRef(ID + "person/xi-jinping"),
        URIRef(ID + "event/meeting"),
        URIRef(ID + "evidence/a1-120-260"),
    }
    assert prune(graph, validate(graph)) == removed
    assert set(graph) == {t for t in before if not mentions((*t, None), removed)}


def test_prune_removes_the_event_not_the_literal_of_a_literal_role() -> None:
    graph = shapes_fixture("_base.ttl", "event-role-literal.ttl")
    xi = URIRef(ID + "person/xi-jinping")
    graph.add((xi, RDF.type, KG.Person))
    graph.add((xi, RDFS.label, Literal("Xi Jinping")))
    graph.add((xi, PROV.wasDerivedFrom, A1))
    meeting, evidence = URIRef(ID + "event/meeting"), URIRef(ID + "evidence/a1-120-260")
    assert prune(graph, validate(graph)) == {meeting, evidence}
    assert (xi, RDFS.label, Literal("Xi Jinping")) in graph
    assert not list(graph.triples((URIRef(ID + "event/meeting"), None, None)))
    assert validate(graph).conforms


def test_report_text_is_sorted_and_independent_of_input_order() -> None:
    names = ["_base.ttl", "entity-two-labels.ttl", "event-bad-cameo.ttl", "article-date-string.ttl"]
    names.append("entity-bad-confidence.ttl")
    forward = validate(shapes_fixture(*names))
    backward = validate(shapes_fixture(*reversed(names)))
    assert forward == backward
    lines = forward.text().splitlines()
    assert lines == sorted(lines)
    expected = [
        ("article/a2", "Article-datePublished"),
        ("event/meeting", "Event-cameoCode"),
        ("person/vladimir-putin", "Entity-label"),
        ("person/vladimir-putin", "Entity-linkConfidence"),
    ]
    assert len(lines) == len(expected)
    for line, (focus, shape) in zip(lines, expected, strict=True):
        assert line.startswith(f"{ID}{focus} {KGSH}{shape}: "), line
    assert validate(shapes_fixture("_base.ttl")).text() == ""


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_load_graph_reads_every_format(tmp_path: Path, extension: str) -> None:
    source = load_graph(DATA / "prune.trig")
    path = tmp_path / f"graph{extension}"
    source.serialize(path, format=FORMATS[extension])
    loaded = load_graph(path)
    assert isinstance(loaded, Dataset)
    if extension in (".nq", ".trig", ".jsonld"):  # formats with named graphs keep them
        assert quads(loaded) == quads(source)
    else:
        assert {q[:3] for q in quads(loaded)} == {q[:3] for q in quads(source)}


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("bad.ttl", '@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', "line 3: "),
        ("bad.trig", "@prefix ex: <http://ex/> .\nex:g {\n  ex:a ex:b }\n", "line 3: "),
        ("bad.jsonld", '{"@id": "http://ex/a",\n "http://ex/b": [ }', "line 2: "),
        ("bad.nt", "<http://ex/a> <http://ex/b> <http://ex/c> .\n<http://ex/a> <http://ex/b> .\n", "Invalid line"),
        ("bad.nq", "<http://ex/a> <http://ex/b> <http://ex/c> <http://ex/g>\n", "Invalid line"),
    ],
)
def test_load_graph_names_the_file_and_the_line(tmp_path: Path, name: str, text: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GraphError) as raised:
        load_graph(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: {reason}")
    assert "\n" not in message
    assert raised.value.__cause__ is not None


def test_load_graph_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.ttl"
    with pytest.raises(GraphError, match=r"missing\.ttl: no such graph file"):
        load_graph(path)


def test_load_graph_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "graph.rdf"
    path.write_text("<rdf:RDF/>", encoding="utf-8")
    with pytest.raises(GraphError, match=r"graph\.rdf: unknown graph format '\.rdf'; use one of \.ttl"):
        load_graph(path)
